// Checks a committed tree against what would be generated (build --check): missing, stale and extra files,
// with a diff for each stale one. The manifest is compared like any generated file: emitPlatform rewrites it
// whenever its bytes differ, so a check that ignored it would pass a tree the next build changes.
// Reads only regular files; follows no symbolic link and opens no special file.
import fs from "node:fs";
import path from "node:path";
import { abs, assertPlatformName, assertValidFiles, MANIFEST_NAME } from "./paths.js";
import { byPath, lstatOrUndefined, readRegularFile, scanTree, type DiskEntry, type EntryKind } from "./tree.js";
import { manifestText, NO_MANIFEST, readManifest } from "./manifest.js";
import { unifiedDiff } from "./diff.js";
import type { DriftEntry, OutputFile } from "./types.js";

const FOUND: Record<Exclude<EntryKind, "file">, string> = { dir: "a directory", symlink: "a symbolic link", other: "a special file" };

/** The drift of one expected file, given what stands at its path (undefined: nothing). */
function compare(platformDir: string, rel: string, want: string, kind: EntryKind | undefined, diffLines?: number): DriftEntry | undefined {
  if (kind === undefined) return { path: rel, kind: "missing" };
  // emitPlatform would replace it with a regular file, so this is drift even if a symlink's target matches.
  if (kind !== "file") return { path: rel, kind: "stale", diff: `expected a regular file at ${rel}, found ${FOUND[kind]}` };
  const actual = readRegularFile(abs(platformDir, rel));
  // Replaced by something else since the scan: report it as what it was found to be, and read nothing.
  if (actual === undefined) return { path: rel, kind: "stale", diff: `expected a regular file at ${rel}, found something else` };
  if (actual.equals(Buffer.from(want, "utf8"))) return undefined;
  return { path: rel, kind: "stale", diff: unifiedDiff(rel, actual.toString("utf8"), want, diffLines) };
}

function kindOf(st: fs.Stats | undefined): EntryKind | undefined {
  if (st === undefined) return undefined;
  return st.isFile() ? "file" : st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "other";
}

/** `diffLines`: changed lines shown per stale file (unifiedDiff's default when undefined; Infinity for all). */
export function checkPlatform(outRoot: string, platformName: string, files: OutputFile[], diffLines?: number): DriftEntry[] {
  assertPlatformName(platformName);
  assertValidFiles(platformName, files);

  const platformDir = path.join(outRoot, platformName);
  const st = lstatOrUndefined(platformDir);
  if (st !== undefined && !st.isDirectory()) {
    throw new Error(`platformc: ${platformDir} exists but is not a directory (a symlink or file?)`);
  }
  const onDisk = st ? scanTree(platformDir) : new Map<string, DiskEntry>();
  const manifest = st ? readManifest(platformDir) : NO_MANIFEST;

  const drift: DriftEntry[] = [];
  const expected = new Set<string>();
  for (const f of files) {
    expected.add(f.path);
    const d = compare(platformDir, f.path, f.content, onDisk.get(f.path)?.kind, diffLines);
    if (d !== undefined) drift.push(d);
  }
  const manifestKind = st ? kindOf(lstatOrUndefined(path.join(platformDir, MANIFEST_NAME))) : undefined;
  const m = compare(platformDir, MANIFEST_NAME, manifestText(files), manifestKind, diffLines);
  if (m !== undefined) drift.push(m);
  for (const p of manifest.entries.keys()) {
    if (expected.has(p)) continue;
    const entry = onDisk.get(p);
    // A directory by that name now holds files platformc does not own; emitPlatform keeps those too.
    if (entry !== undefined && entry.kind !== "dir") drift.push({ path: p, kind: "extra" });
  }
  return drift.sort((a, b) => byPath(a.path, b.path));
}
