// The one snapshot mechanism of the tests: a directory of specs (<specDir>/**/platform.yaml) and the committed
// trees they compile to (<outDir>/<platform>/). It checks spec/ against out/ and test/golden/spec/ against
// test/golden/out/ (test/golden/*.test.ts); regenerate both with `UPDATE_SNAPSHOTS=1 npx vitest run test/golden`
// and review the diff.
//
// The specs are compiled by the real build (src/build.ts, every generator, the same output path as a
// `platformc build <specDir> --out <outDir>`) and written by the real emitter into a scratch directory, so the
// expected tree is byte for byte what platformc would write, manifest included. The whole snapshot is compared:
// every file of every platform, not a part of the output. The check fails when
//   - a committed file differs from the generated one (stale; also when the manifest does),
//   - a generated file is not in the tree (missing),
//   - the tree holds a file the build does not generate (extra): the tree is scanned, whatever the manifest says,
//   - <outDir> holds an entry that no spec compiles to (orphan), e.g. the snapshot of a deleted platform.
// One exception: docs/<name>.svg beside a generated docs/<name>.mmd is what `platformc render` draws; it is not
// generated output, and .gitignore keeps it out of out/ (README, "SVGs are drawn on demand").
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build, discoverSpecs, type PlatformResult } from "../../src/build.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { emitPlatform, unifiedDiff } from "../../src/emit/index.js";
import { snapshotTree, type Entry } from "./tree.js";

export interface SnapshotProblem {
  kind: "stale" | "missing" | "extra" | "orphan";
  /** relative to the snapshot root (<outDir>), POSIX separators: "<platform>/<file>", or "<entry>" for an orphan */
  path: string;
  /** for `stale`: from the committed bytes to the generated ones */
  diff?: string;
}

export interface SnapshotCheck {
  /** of compiling <specDir>; with an error there is nothing to compare and `problems` is empty */
  diagnostics: Diagnostic[];
  platforms: PlatformResult[];
  /** sorted by path */
  problems: SnapshotProblem[];
}

// The expected tree is the emitter's output: regular files only.
type Expected = Map<string, Buffer>;

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function byPath(a: SnapshotProblem, b: SnapshotProblem): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** A rendered diagram (see the header): not generated output, so neither extra nor the business of this check. */
function isRenderedDiagram(rel: string, expected: Expected): boolean {
  return /(^|\/)docs\/[^/]+\.svg$/.test(rel) && expected.has(rel.replace(/\.svg$/, ".mmd"));
}

const FOUND: Record<Entry["kind"], string> = { file: "a file", dir: "a directory", symlink: "a symbolic link", other: "a special file" };

/** The problems of one platform's committed tree against the tree the emitter wrote for it. */
function compareTree(name: string, expected: Expected, actual: Record<string, Entry>): SnapshotProblem[] {
  const problems: SnapshotProblem[] = [];
  for (const [rel, want] of expected) {
    const have = actual[rel];
    const at = `${name}/${rel}`;
    if (have === undefined) problems.push({ kind: "missing", path: at });
    else if (have.kind !== "file") problems.push({ kind: "stale", path: at, diff: `expected a regular file, found ${FOUND[have.kind]}` });
    else {
      const bytes = Buffer.from(have.bytes ?? "", "base64");
      if (!bytes.equals(want)) problems.push({ kind: "stale", path: at, diff: unifiedDiff(at, bytes.toString("utf8"), want.toString("utf8")) });
    }
  }
  // Directories only hold files: an empty one is nothing git would commit.
  for (const [rel, e] of Object.entries(actual)) {
    if (e.kind !== "dir" && !expected.has(rel) && !isRenderedDiagram(rel, expected)) problems.push({ kind: "extra", path: `${name}/${rel}` });
  }
  return problems;
}

/** Compiles <specDir> and compares what it generates with the trees under <outDir>. Reads only. */
export function checkSnapshots(specDir: string, outDir: string): SnapshotCheck {
  return run(specDir, outDir, false);
}

/** Makes the trees under <outDir> what <specDir> compiles to (writes, deletes extras and orphans), then checks again. */
export function updateSnapshots(specDir: string, outDir: string): SnapshotCheck {
  run(specDir, outDir, true);
  return run(specDir, outDir, false);
}

function run(specDir: string, outDir: string, update: boolean): SnapshotCheck {
  // mode "validate" compiles with the output path of a build into outDir (GitOps paths point below it) and writes nothing.
  const result = build({ dir: specDir, outDir, mode: "validate" });
  const check: SnapshotCheck = { diagnostics: result.diagnostics, platforms: result.platforms, problems: [] };
  if (result.ioError || result.diagnostics.some((d) => d.severity === "error")) return check;

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-snapshot-"));
  try {
    const names = new Set<string>();
    for (const p of result.platforms) {
      names.add(p.name);
      emitPlatform(scratch, p.name, p.files);
      const expected: Expected = new Map();
      for (const [rel, e] of Object.entries(snapshotTree(path.join(scratch, p.name)))) if (e.kind === "file") expected.set(rel, Buffer.from(e.bytes ?? "", "base64"));
      const dir = path.join(outDir, p.name);
      const st = lstatOrUndefined(dir);
      if (st !== undefined && !st.isDirectory()) {
        // snapshotTree would read through a symbolic link to a directory
        check.problems.push({ kind: "stale", path: p.name, diff: `expected a directory, found ${st.isSymbolicLink() ? "a symbolic link" : "a file"}` });
        if (update) fs.rmSync(dir, { force: true });
        else continue;
      }
      const problems = compareTree(p.name, expected, st?.isDirectory() ? snapshotTree(dir) : {});
      if (update) applyFixes(outDir, p.name, expected, problems);
      check.problems.push(...problems);
    }
    const top = fs.existsSync(outDir) ? fs.readdirSync(outDir) : [];
    for (const entry of top) {
      if (names.has(entry)) continue;
      check.problems.push({ kind: "orphan", path: entry });
      if (update) fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  check.problems.sort(byPath);
  return check;
}

function applyFixes(outDir: string, name: string, expected: Expected, problems: SnapshotProblem[]): void {
  const root = path.join(outDir, name);
  // extras first: one may stand where a directory of a generated file goes
  const ordered = [...problems.filter((x) => x.kind === "extra"), ...problems.filter((x) => x.kind !== "extra")];
  for (const pr of ordered) {
    const rel = pr.path.slice(name.length + 1);
    const file = path.join(root, rel);
    if (pr.kind === "extra") {
      fs.rmSync(file, { force: true });
      pruneEmptyDirs(root, path.dirname(file));
      continue;
    }
    const want = expected.get(rel);
    if (want === undefined) continue;
    fs.rmSync(file, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, want);
  }
}

function pruneEmptyDirs(root: string, dir: string): void {
  for (let d = dir; d.startsWith(root + path.sep) && fs.readdirSync(d).length === 0; d = path.dirname(d)) fs.rmdirSync(d);
}

/** One line per problem, with the diff of a stale file: what a failing test prints. */
export function describeProblems(problems: readonly SnapshotProblem[]): string[] {
  return problems.map((p) => `${p.kind} ${p.path}${p.diff ? `\n${p.diff}` : ""}`);
}

/**
 * The tests of one snapshot root: the specs compile without errors, each platform's tree matches, and no entry of
 * <outDir> is orphaned. With UPDATE_SNAPSHOTS=1 the trees are rewritten first (and the tests then check the result).
 */
export function describeSnapshots(title: string, specDir: string, outDir: string, more?: (check: SnapshotCheck) => void): void {
  describe(title, () => {
    const update = process.env.UPDATE_SNAPSHOTS === "1";
    const check = update ? updateSnapshots(specDir, outDir) : checkSnapshots(specDir, outDir);
    const shown = path.relative(process.cwd(), outDir) || outDir;

    it("every platform compiles without errors", () => {
      expect(check.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(check.platforms.length).toBeGreaterThan(0);
      expect(check.platforms.length).toBe(discoverSpecs(specDir).length);
    });

    for (const p of check.platforms) {
      it(`${p.name}: ${shown}/${p.name}/ is what it compiles to`, () => {
        const own = check.problems.filter((x) => x.kind !== "orphan" && (x.path === p.name || x.path.startsWith(`${p.name}/`)));
        expect(describeProblems(own)).toEqual([]);
      });
    }

    it(`${shown}/ holds no snapshot without a spec`, () => {
      expect(describeProblems(check.problems.filter((x) => x.kind === "orphan"))).toEqual([]);
    });

    more?.(check);
  });
}
