// Writes a platform's generated tree to disk.
//
// Two properties pull in opposite directions here. A build killed half-way must never leave a half-written
// `<outRoot>/<platform>` behind (people commit that directory, and GitOps controllers read it), which calls
// for building a complete new tree aside and swapping it in. But real platforms have tens of thousands of
// files, and rewriting all of them on every build costs a lot of system time and churns mtimes for tools
// that watch the tree. So the new tree is assembled mostly from hard links to the old tree's files, writing
// only the files whose bytes actually change, and when nothing changes at all the swap is skipped entirely.
//
// The file system (`fs`) is used through its default export on purpose: tests replace single functions on
// it to inject failures at exact points, which ES module namespace objects would not allow.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { abs, assertPlatformName, assertValidFiles, MANIFEST_NAME } from "./paths.js";
import { ancestorDirs, byPath, hasAncestorIn, hasBytes, lstatOrUndefined, scanTree, type DiskEntry, type EntryKind } from "./tree.js";
import { manifestText, NO_MANIFEST, readManifest } from "./manifest.js";
import type { EmitResult, OutputFile } from "./types.js";

const TMP_INFIX = ".tmp-";
const OLD_INFIX = ".old-";

/**
 * Removes leftovers of an earlier emit of this platform that was killed. If it was killed in the short window
 * between moving the old tree aside and moving the new one in, the platform directory is missing and the
 * `.old-` sibling is the last complete tree — and the only copy of any files a user put there — so it is moved
 * back rather than deleted.
 */
function recoverAndCleanSiblings(outRoot: string, platformName: string, platformDir: string): void {
  const tmpPrefix = `.${platformName}${TMP_INFIX}`;
  const oldPrefix = `.${platformName}${OLD_INFIX}`;
  const names = fs.readdirSync(outRoot).sort(byPath);
  const tmps = names.filter((n) => n.startsWith(tmpPrefix));
  let olds = names.filter((n) => n.startsWith(oldPrefix));
  if (olds.length > 0 && lstatOrUndefined(platformDir) === undefined) {
    const [only] = olds;
    if (olds.length > 1 || only === undefined) {
      // Only concurrent emits of one platform can get here; guessing which tree is current could lose files.
      throw new Error(
        `platformc: ${platformDir} is missing and several earlier trees were left behind ` +
          `(${olds.map((n) => path.join(outRoot, n)).join(", ")}); move the right one back to ${platformDir} and retry`,
      );
    }
    fs.renameSync(path.join(outRoot, only), platformDir);
    olds = [];
  }
  for (const n of [...tmps, ...olds]) fs.rmSync(path.join(outRoot, n), { recursive: true, force: true });
}

/**
 * Places `src` at `dst` sharing its inode when the file system allows, so an unchanged file costs one link
 * instead of a read and a write, and keeps its inode (and mtime) across builds.
 */
class Placer {
  private linkingWorks = true;

  place(src: string, dst: string): void {
    if (this.linkingWorks) {
      try {
        fs.linkSync(src, dst);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // These say the file system will not hard-link at all (another mount, FAT, some network shares);
        // stop paying a failing system call per file. Others (EMLINK: too many links) are per file.
        if (code === "EXDEV" || code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") {
          this.linkingWorks = false;
        }
      }
    }
    fs.copyFileSync(src, dst);
  }
}

type Carry = { rel: string; kind: EntryKind };

export function emitPlatform(outRoot: string, platformName: string, files: OutputFile[]): EmitResult {
  assertPlatformName(platformName);
  assertValidFiles(platformName, files);

  fs.mkdirSync(outRoot, { recursive: true });
  const platformDir = path.join(outRoot, platformName);
  const assertDirOrAbsent = (): boolean => {
    const st = lstatOrUndefined(platformDir);
    // Swapping would replace a symlink (or file) with a directory, silently changing what the user set up.
    if (st !== undefined && !st.isDirectory()) {
      throw new Error(`platformc: ${platformDir} exists but is not a directory (a symlink or file?); refusing to replace it`);
    }
    return st !== undefined;
  };
  assertDirOrAbsent();
  recoverAndCleanSiblings(outRoot, platformName, platformDir);
  const hadDir = assertDirOrAbsent();

  const generated = new Map<string, string>();
  for (const f of files) generated.set(f.path, f.content);
  const sortedPaths = [...generated.keys()].sort(byPath);
  const generatedDirs = ancestorDirs(sortedPaths);
  const generatedFiles = new Set(sortedPaths);

  const old = hadDir ? scanTree(platformDir) : new Map<string, DiskEntry>();
  const oldManifest = hadDir ? readManifest(platformDir) : NO_MANIFEST;

  const written: string[] = [];
  const unchanged: string[] = [];
  for (const p of sortedPaths) {
    const entry = old.get(p);
    const same = entry?.kind === "file" && hasBytes(abs(platformDir, p), Buffer.from(generated.get(p) ?? "", "utf8"));
    (same ? unchanged : written).push(p);
  }

  const removed: string[] = [];
  const carried: Carry[] = [];
  const blocking: string[] = [];
  for (const [rel, entry] of old) {
    if (generatedFiles.has(rel)) continue;
    if (entry.kind === "dir") {
      // Directories are implied by the files in them. An empty one (nothing was pruned from it) is kept
      // unless a generated file now needs its place; it holds no data, so that case is no conflict.
      if (entry.empty && !generatedDirs.has(rel) && !hasAncestorIn(rel, generatedFiles)) carried.push({ rel, kind: "dir" });
      continue;
    }
    if (oldManifest.entries.has(rel)) removed.push(rel);
    else if (generatedDirs.has(rel) || hasAncestorIn(rel, generatedFiles)) blocking.push(rel);
    else carried.push({ rel, kind: entry.kind });
  }
  removed.sort(byPath);

  if (blocking.length > 0) {
    // Files platformc never generated are never deleted, so one standing where a generated file or
    // directory must go can only be resolved by the user.
    blocking.sort(byPath);
    throw new Error(
      `platformc: cannot emit platform ${JSON.stringify(platformName)}: these files in ${platformDir} were not ` +
        `generated by platformc and are in the way of generated output; move or delete them:\n` +
        blocking.map((p) => `  - ${p}`).join("\n"),
    );
  }

  const newManifest = Buffer.from(manifestText(files), "utf8");
  const manifestCurrent = oldManifest.bytes !== undefined && oldManifest.bytes.equals(newManifest);
  if (hadDir && written.length === 0 && removed.length === 0 && manifestCurrent) {
    // The rebuilt tree would equal the current one; skipping it saves a link and an unlink per file.
    return { written, unchanged, removed };
  }

  const tmpDir = fs.mkdtempSync(path.join(outRoot, `.${platformName}${TMP_INFIX}`));
  let oldDir: string | undefined;
  try {
    // mkdtemp makes the directory private (0700); it becomes out/<platform>, which should carry the
    // permissions any other directory the user creates would have.
    fs.chmodSync(tmpDir, 0o777 & ~process.umask());
    const made = new Set<string>();
    const ensureParent = (rel: string): void => {
      const slash = rel.lastIndexOf("/");
      if (slash === -1) return;
      const dir = rel.slice(0, slash);
      if (made.has(dir)) return;
      fs.mkdirSync(abs(tmpDir, dir), { recursive: true });
      for (let d = dir; d !== "" && !made.has(d); d = d.includes("/") ? d.slice(0, d.lastIndexOf("/")) : "") made.add(d);
    };

    const placer = new Placer();
    const unchangedSet = new Set(unchanged);
    for (const p of sortedPaths) {
      ensureParent(p);
      if (unchangedSet.has(p)) placer.place(abs(platformDir, p), abs(tmpDir, p));
      else fs.writeFileSync(abs(tmpDir, p), generated.get(p) ?? "", "utf8");
    }
    for (const { rel, kind } of carried) {
      ensureParent(rel);
      const src = abs(platformDir, rel);
      const dst = abs(tmpDir, rel);
      if (kind === "file") placer.place(src, dst);
      else if (kind === "symlink") fs.symlinkSync(fs.readlinkSync(src), dst);
      else if (kind === "dir") fs.mkdirSync(dst, { recursive: true });
      // FIFOs, sockets and devices cannot be copied meaningfully; a hard link is the only faithful carry.
      else fs.linkSync(src, dst);
    }
    fs.writeFileSync(path.join(tmpDir, MANIFEST_NAME), newManifest);

    if (hadDir) {
      oldDir = path.join(outRoot, `.${platformName}${OLD_INFIX}${crypto.randomBytes(6).toString("hex")}`);
      fs.renameSync(platformDir, oldDir);
    }
    try {
      fs.renameSync(tmpDir, platformDir);
    } catch (err) {
      if (oldDir !== undefined) {
        try {
          fs.renameSync(oldDir, platformDir);
          oldDir = undefined;
        } catch {
          // Leave it as `.old-`: the next emit moves it back before doing anything else.
        }
      }
      throw err;
    }
  } catch (err) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  }

  if (oldDir !== undefined) {
    try {
      fs.rmSync(oldDir, { recursive: true, force: true });
    } catch {
      // The new tree is already in place; a leftover `.old-` sibling is removed by the next emit.
    }
  }
  return { written, unchanged, removed };
}
