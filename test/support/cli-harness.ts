// Helpers for CLI tests: run the CLI in-process with captured output, temp dirs, and tree snapshots (tree.ts)
// that prove what a command did and did not touch.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { run } from "../../src/cli/index.js";

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `platformc <argv>` in this process. `run` never throws, so neither does this. */
export function cli(argv: string[]): CliResult {
  let out = "";
  let err = "";
  const code = run(argv, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    color: false,
  });
  return { code, out, err };
}

const created: string[] = [];

/** A fresh directory under the OS temp dir; removed by cleanupTempDirs(). */
export function tempDir(prefix = "platformc-cli-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes `spec` (an object, serialised as YAML, or raw text/bytes) to <root>/spec/<platform>/platform.yaml. */
export function writeSpec(root: string, platformDir: string, spec: unknown): string {
  const file = path.join(root, "spec", platformDir, "platform.yaml");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const data = typeof spec === "string" || Buffer.isBuffer(spec) ? spec : YAML.stringify(spec);
  fs.writeFileSync(file, data);
  return file;
}

// The tree helpers live in tree.ts (the emitter's tests use them without loading the CLI).
export { snapshotTree, readTree, type Entry } from "./tree.js";

/** `--> file:line:col` locations of the human-format diagnostics in `err`. */
export function locations(err: string): Array<{ file: string; line: number; col: number }> {
  const found: Array<{ file: string; line: number; col: number }> = [];
  for (const m of err.matchAll(/^\s*--> (.+):(\d+):(\d+)$/gm)) found.push({ file: m[1]!, line: Number(m[2]), col: Number(m[3]) });
  return found;
}

/** Codes of the human-format diagnostics in `err`, in order. */
export function codes(err: string): string[] {
  return [...err.matchAll(/^(?:error|warning)\[(PC\d{4})\]/gm)].map((m) => m[1]!);
}

/** 1-based line of the first line of `text` matching `re`. */
export function lineOf(text: string, re: RegExp): number {
  const i = text.split("\n").findIndex((l) => re.test(l));
  if (i === -1) throw new Error(`no line matches ${re}`);
  return i + 1;
}
