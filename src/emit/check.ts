// Checks a committed tree against what would be generated (build --check): missing, stale and extra files,
// with a diff for each stale one. Reads only; follows no symbolic link.
import fs from "node:fs";
import path from "node:path";
import { abs, assertPlatformName, assertValidFiles } from "./paths.js";
import { byPath, lstatOrUndefined, scanTree, type DiskEntry } from "./tree.js";
import { NO_MANIFEST, readManifest } from "./manifest.js";
import { unifiedDiff } from "./diff.js";
import type { DriftEntry, OutputFile } from "./types.js";

export function checkPlatform(outRoot: string, platformName: string, files: OutputFile[]): DriftEntry[] {
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
    const entry = onDisk.get(f.path);
    if (entry === undefined) {
      drift.push({ path: f.path, kind: "missing" });
    } else if (entry.kind !== "file") {
      // emitPlatform would replace it with a regular file, so this is drift even if a symlink's target matches.
      const found = entry.kind === "dir" ? "a directory" : entry.kind === "symlink" ? "a symbolic link" : "a special file";
      drift.push({ path: f.path, kind: "stale", diff: `expected a regular file at ${f.path}, found ${found}` });
    } else {
      const actual = fs.readFileSync(abs(platformDir, f.path));
      const want = Buffer.from(f.content, "utf8");
      if (!actual.equals(want)) {
        drift.push({ path: f.path, kind: "stale", diff: unifiedDiff(f.path, actual.toString("utf8"), f.content) });
      }
    }
  }
  for (const p of manifest.entries.keys()) {
    if (expected.has(p)) continue;
    const entry = onDisk.get(p);
    // A directory by that name now holds files platformc does not own; emitPlatform keeps those too.
    if (entry !== undefined && entry.kind !== "dir") drift.push({ path: p, kind: "extra" });
  }
  return drift.sort((a, b) => byPath(a.path, b.path));
}
