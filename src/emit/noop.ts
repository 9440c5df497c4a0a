// The no-op record: what the last successful build of an output directory consumed (its key: the code that ran,
// the options, every byte of every spec and of each file a spec read) and what it left in out/ (every generated
// file's and directory's stat, and the hash of its bytes). A later build with the same key finds out/ unchanged
// without parsing or generating anything (pre-commit runs `build --check` on every commit).
//
// Why it is safe: the key is compared by value, so any changed input is a miss; out/ is compared by lstat
// (size, mtime, ctime, inode), and a file whose stat differs (a `git checkout` that rewrote it, a touch) is
// hashed and compared with the recorded hash. ctime cannot be set from user space, so an edit that restores
// size and mtime still changes it. Anything unexpected (a missing or unreadable record, a symbolic link, a
// leftover of a killed swap, a failed stat) is a miss, and a miss is simply the full build.
//
// The record lives outside out/ (in a cache directory, one file per output directory): it holds inode numbers
// and times, which are this machine's and must never be committed.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { abs, MANIFEST_NAME } from "./paths.js";
import { lstatOrUndefined, readRegularFile } from "./tree.js";

const FORMAT = 1;

/** A file's stat as recorded: enough to tell, without reading it, that nobody touched it. */
interface Stamp {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

interface FileRecord extends Stamp {
  path: string;
  sha256: string;
}

export interface PlatformRecord {
  name: string;
  specPath: string;
  /** how many files the selected generators produced (the summary line's count) */
  fileCount: number;
  checks: string[];
  /** every file under out/<platform>/ the build wrote or kept, and the manifest, by relative path */
  files: FileRecord[];
  /** every directory those files are in, by relative path ("" is the platform directory) */
  dirs: Array<{ path: string; ino: string }>;
}

export interface NoopRecord<K> {
  format: number;
  key: K;
  platforms: PlatformRecord[];
}

export function sha256(bytes: Buffer | string): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

function stamp(st: fs.BigIntStats): Stamp {
  return { size: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino) };
}

function lstatBig(p: string): fs.BigIntStats | undefined {
  try {
    return fs.lstatSync(p, { bigint: true });
  } catch {
    return undefined;
  }
}

/** The record's file, one per output directory. */
export function recordPath(cacheDir: string, outRoot: string): string {
  return path.join(cacheDir, `out-${sha256(path.resolve(outRoot)).slice(0, 32)}.json`);
}

/** The record as written, or undefined when there is none or it cannot be read. */
export function readRecord<K>(cacheDir: string, outRoot: string): NoopRecord<K> | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(recordPath(cacheDir, outRoot), "utf8")) as NoopRecord<K>;
    return r && r.format === FORMAT && Array.isArray(r.platforms) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets the record: done before any build that may change out/, so a build killed half-way leaves none. */
export function dropRecord(cacheDir: string, outRoot: string): void {
  try {
    fs.rmSync(recordPath(cacheDir, outRoot), { force: true });
  } catch {
    // An unwritable cache cannot hold a record to be fooled by either.
  }
}

/** The content of one platform's tree as a build left it: the generated files (their bytes) and the manifest. */
export interface EmittedPlatform {
  name: string;
  specPath: string;
  fileCount: number;
  checks: string[];
  /** relative path -> the bytes now on disk there */
  files: ReadonlyMap<string, Buffer | string>;
}

/**
 * Records a finished build. Stats are taken now, after the swap, because hard-linking an unchanged file into the
 * new tree changes its ctime. Returns false (and writes nothing) when any file is not where and what it should be:
 * then there is nothing trustworthy to record.
 */
export function writeRecord<K>(cacheDir: string, outRoot: string, key: K, emitted: readonly EmittedPlatform[]): boolean {
  const platforms: PlatformRecord[] = [];
  for (const p of emitted) {
    const platformDir = path.join(outRoot, p.name);
    const files: FileRecord[] = [];
    const dirSet = new Set<string>([""]);
    for (const [rel, bytes] of p.files) {
      const st = lstatBig(abs(platformDir, rel));
      if (!st?.isFile()) return false;
      files.push({ path: rel, ...stamp(st), sha256: sha256(bytes) });
      for (let i = rel.indexOf("/"); i !== -1; i = rel.indexOf("/", i + 1)) dirSet.add(rel.slice(0, i));
    }
    const dirs: PlatformRecord["dirs"] = [];
    for (const d of [...dirSet].sort()) {
      const st = lstatBig(d === "" ? platformDir : abs(platformDir, d));
      if (!st?.isDirectory()) return false;
      dirs.push({ path: d, ino: String(st.ino) });
    }
    platforms.push({ name: p.name, specPath: p.specPath, fileCount: p.fileCount, checks: p.checks, files, dirs });
  }
  const record: NoopRecord<K> = { format: FORMAT, key, platforms };
  const file = recordPath(cacheDir, outRoot);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed, so a reader never sees half a record.
    const tmp = `${file}.${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, JSON.stringify(record));
    fs.renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}

/** Whether one recorded file is still there with the recorded bytes: by stat, else by hash. */
function fileCurrent(platformDir: string, f: FileRecord): boolean {
  const file = abs(platformDir, f.path);
  const st = lstatBig(file);
  if (!st?.isFile() || Number(st.size) !== f.size) return false;
  if (String(st.mtimeNs) === f.mtimeNs && String(st.ctimeNs) === f.ctimeNs && String(st.ino) === f.ino) return true;
  let bytes: Buffer | undefined;
  try {
    bytes = readRegularFile(file);
  } catch {
    return false;
  }
  return bytes !== undefined && sha256(bytes) === f.sha256;
}

/**
 * Whether out/ still holds exactly what the record says the last build left there. Checked in full: every file
 * and directory, and the absence of any leftover of an interrupted swap (the full build would clean those up, so
 * their presence means it has work to do). The caller holds the output directory's lock.
 */
export function outMatches(outRoot: string, platforms: readonly PlatformRecord[]): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(outRoot);
  } catch {
    return false;
  }
  for (const p of platforms) {
    if (names.some((n) => n.startsWith(`.${p.name}.tmp-`) || n.startsWith(`.${p.name}.old-`))) return false;
    const platformDir = path.join(outRoot, p.name);
    for (const d of p.dirs) {
      const st = lstatBig(d.path === "" ? platformDir : abs(platformDir, d.path));
      if (!st?.isDirectory() || String(st.ino) !== d.ino) return false;
    }
    if (!p.files.some((f) => f.path === MANIFEST_NAME)) return false;
    for (const f of p.files) if (!fileCurrent(platformDir, f)) return false;
  }
  return lstatOrUndefined(outRoot)?.isDirectory() === true;
}
