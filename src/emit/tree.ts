// What is on disk under out/<platform>/, read without ever following a symbolic link.
//
// The file system (`fs`) is used through its default export on purpose: tests replace single functions on
// it to inject failures at exact points, which ES module namespace objects would not allow.
import fs from "node:fs";
import { abs, MANIFEST_NAME } from "./paths.js";

export type EntryKind = "file" | "symlink" | "dir" | "other";

export interface DiskEntry {
  kind: EntryKind;
  /** only meaningful for directories */
  empty: boolean;
}

export function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

/**
 * Every entry under `root` by POSIX relative path, without following symlinks: a symlinked directory in a
 * platform tree is a user's business, and following it could lead the emitter to read (and, by confusing a
 * link target with its own files, effectively manage) things outside the platform directory.
 * The root manifest is left out because it is platformc's bookkeeping, not content.
 */
export function scanTree(root: string): Map<string, DiskEntry> {
  const entries = new Map<string, DiskEntry>();
  const pending: string[] = [""];
  for (let rel = pending.pop(); rel !== undefined; rel = pending.pop()) {
    const dirents = fs.readdirSync(rel === "" ? root : abs(root, rel), { withFileTypes: true });
    if (rel !== "") entries.set(rel, { kind: "dir", empty: dirents.length === 0 });
    for (const d of dirents) {
      if (rel === "" && d.name === MANIFEST_NAME) continue;
      const childRel = rel === "" ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) pending.push(childRel);
      else {
        const kind: EntryKind = d.isFile() ? "file" : d.isSymbolicLink() ? "symlink" : "other";
        entries.set(childRel, { kind, empty: false });
      }
    }
  }
  return entries;
}

// O_NOFOLLOW fails on a symbolic link and O_NONBLOCK keeps opening a FIFO from waiting for a writer, so a path
// that was a regular file when the tree was scanned and has been swapped since is still never followed or waited
// on. (Windows has neither flag, nor FIFOs.)
const READ_REGULAR = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/** The bytes of `file` if it is a regular file; undefined for anything else, which is then not read. */
export function readRegularFile(file: string): Buffer | undefined {
  if (!lstatOrUndefined(file)?.isFile()) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(file, READ_REGULAR);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "ENOENT" || code === "ENOTDIR" || code === "ENXIO" || code === "EISDIR") return undefined;
    throw err;
  }
  try {
    return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd) : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

export function hasBytes(file: string, expected: Buffer): boolean {
  let actual: Buffer | undefined;
  try {
    actual = readRegularFile(file);
  } catch {
    return false;
  }
  return actual !== undefined && actual.equals(expected);
}

export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Proper ancestor directories of each path ("a/b/c" gives "a" and "a/b"). */
export function ancestorDirs(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const p of paths) {
    for (let i = p.indexOf("/"); i !== -1; i = p.indexOf("/", i + 1)) dirs.add(p.slice(0, i));
  }
  return dirs;
}

export function hasAncestorIn(p: string, set: Set<string>): boolean {
  for (let i = p.indexOf("/"); i !== -1; i = p.indexOf("/", i + 1)) if (set.has(p.slice(0, i))) return true;
  return false;
}
