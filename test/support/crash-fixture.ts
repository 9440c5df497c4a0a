// Two platforms in several spec versions whose trees differ in most files, built once in-process as references,
// for the tests that kill builds (crash.test.ts) and race them (crash-concurrent.test.ts).
import fs from "node:fs";
import path from "node:path";
import { build } from "../../src/build.js";
import type { OutputFile } from "../../src/emit/index.js";
import { snapshotTree } from "./tree.js";

type Synth = (n: number, o: { name: string; seed: number }) => string;
const synthPlatform = ((await import(path.join(import.meta.dirname, "..", "..", "bench", "synth.mjs"))) as { synthPlatform: Synth }).synthPlatform;

export const PLATFORMS = ["a", "b"] as const;

/** What a tree holds, without the inodes and mtimes that a copy or a rebuild changes. */
export type Content = Record<string, string>;

export function contentOf(dir: string): Content | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const out: Content = {};
  for (const [rel, e] of Object.entries(snapshotTree(dir))) out[rel] = `${e.kind}:${e.bytes ?? ""}`;
  return out;
}

/** <root>/<version>/<platform>/platform.yaml for each version: services per platform, and a seed that varies it. */
export function writeVersion(root: string, version: string, services: number, seed: number): string {
  const dir = path.join(root, version);
  for (const p of PLATFORMS) {
    fs.mkdirSync(path.join(dir, p), { recursive: true });
    fs.writeFileSync(path.join(dir, p, "platform.yaml"), synthPlatform(services, { name: p, seed: seed + p.charCodeAt(0) }));
  }
  return dir;
}

export interface Version {
  spec: string;
  /** per platform: the tree a complete build leaves over any of the versions' trees */
  trees: Record<string, Content>;
  /** per platform: the files the build generates */
  files: Map<string, OutputFile[]>;
}

function built(spec: string, out: string): Map<string, OutputFile[]> {
  const r = build({ dir: spec, outDir: out, mode: "write" });
  if (r.ioError || r.diagnostics.some((d) => d.severity === "error")) throw new Error(`${spec} does not build: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return new Map(r.platforms.map((p) => [p.name, p.files]));
}

/**
 * Each spec built in turn into one out/ (in-process) that also holds a file and a directory of the user's in the
 * platform trees, which every build carries over. Returns each version's trees and files, and leaves in `out`
 * the tree of the first version (`first`), from which tests start.
 */
export function versions(root: string, specs: Record<string, string>, first: string): { out: string; versions: Record<string, Version> } {
  const out = path.join(root, "out");
  const order = [first, ...Object.keys(specs).filter((v) => v !== first)];
  const result: Record<string, Version> = {};
  for (const [i, v] of order.entries()) {
    const files = built(specs[v]!, out);
    if (i === 0) {
      fs.writeFileSync(path.join(out, "a", "NOTES.md"), "the user's own notes\n");
      fs.mkdirSync(path.join(out, "b", "mine", "deep"), { recursive: true });
      fs.writeFileSync(path.join(out, "b", "mine", "deep", "x.txt"), "x\n");
    }
    result[v] = { spec: specs[v]!, files, trees: Object.fromEntries(PLATFORMS.map((p) => [p, contentOf(path.join(out, p))!])) };
  }
  // back to the first version: also proves a build over any version's tree gives the same tree
  built(specs[first]!, out);
  for (const p of PLATFORMS) if (whichTree(contentOf(path.join(out, p)), { [first]: result[first]!.trees[p]! }) !== first) throw new Error(`rebuilding ${first} over the others did not give its tree`);
  return { out, versions: result };
}

/** Which of `candidates` (by name) `tree` equals exactly, or undefined. */
export function whichTree(tree: Content | undefined, candidates: Record<string, Content>): string | undefined {
  if (tree === undefined) return undefined;
  const json = canonical(tree);
  return Object.entries(candidates).find(([, c]) => canonical(c) === json)?.[0];
}

// readdir order differs between file systems (and between a tree and its copy on some), so compare sorted.
function canonical(tree: Content): string {
  return JSON.stringify(Object.entries(tree).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Sets `out` to a fresh copy of `from`. */
export function resetTo(out: string, from: string): void {
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(from, out, { recursive: true });
}
