// `build --only <generators>`: the fresh files of those generators, plus every file of the other generators as the
// manifest records it and as it stands on disk. Files of the regenerated generators that they no longer produce are
// left out, so the write prunes them. What is read back obeys the writer's rules: only paths the manifest may name,
// and only regular files, found without following a symbolic link (a link, FIFO or device is never read).
import path from "node:path";
import { abs, assertPlatformName } from "./paths.js";
import { byPath, lstatOrUndefined, readRegularFile, scanTree } from "./tree.js";
import { readManifest } from "./manifest.js";
import type { OutputFile } from "./types.js";

export function mergeOnly(outRoot: string, platformName: string, fresh: readonly OutputFile[], regenerated: readonly string[]): OutputFile[] {
  assertPlatformName(platformName);
  const platformDir = path.join(outRoot, platformName);
  if (!lstatOrUndefined(platformDir)?.isDirectory()) return [...fresh];
  const manifest = readManifest(platformDir);
  const onDisk = scanTree(platformDir);
  const have = new Set(fresh.map((f) => f.path));
  const again = new Set(regenerated);
  const out = [...fresh];
  for (const [p, generator] of manifest.entries) {
    // A line of an older manifest names no generator: keep the file, as before generators were recorded.
    if (have.has(p) || (generator !== "" && again.has(generator))) continue;
    if (onDisk.get(p)?.kind !== "file") continue;
    const bytes = readRegularFile(abs(platformDir, p));
    if (bytes !== undefined) out.push({ path: p, content: bytes.toString("utf8"), generator });
  }
  return out.sort((a, b) => byPath(a.path, b.path));
}
