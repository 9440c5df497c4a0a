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
import { lockOut } from "./lock.js";
import { repoPath, specFileReader, stablePath, type SpecFileRead } from "../lib/spec-files.js";

// 2: a spec is keyed by the hash of its bytes (it was the hash of its decoded text), which the preflight can check
// without the parser's decoder.
const FORMAT = 2;

/**
 * Everything a build's output depends on besides out/ itself, compared by value with the record's: the code (its
 * version and a hash of what `npm run build` compiled, templates and schema included), the options that change
 * what is written, and for each spec its bytes, where it is (generated headers and GitOps paths name it) and the
 * result of every file it read.
 */
export interface NoopKey {
  code: string;
  dir: string;
  out: string;
  only: string[] | null;
  maxFileSize: number;
  specs: Array<{ file: string; sha256: string; specPath: string; outPath: string; reads: Array<{ rel: string; result: string }> }>;
}

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
    return fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * A recorded path under a platform directory. Recorded paths are the build's own output paths, which passed the
 * path rules (paths.ts: relative, "/"-separated, no "." or ".." segments), so joining needs no normalising; this
 * runs once per generated file on every no-op, where path.join's normalisation was a sixth of the preflight.
 */
function under(platformDir: string, rel: string): string {
  return rel === "" ? platformDir : `${platformDir}${path.sep}${path.sep === "/" ? rel : rel.split("/").join(path.sep)}`;
}

/** The record's file, one per output directory. */
export function recordPath(cacheDir: string, outRoot: string): string {
  return path.join(cacheDir, `out-${sha256(path.resolve(outRoot)).slice(0, 32)}.json`);
}

/** The record as written, or undefined when there is none or it cannot be read. */
export function readRecord<K>(cacheDir: string, outRoot: string): NoopRecord<K> | undefined {
  return readRecordFile<K>(cacheDir, outRoot)?.record;
}

/** The record and the hash of its bytes, which replays (below) are bound to. */
export function readRecordFile<K>(cacheDir: string, outRoot: string): { record: NoopRecord<K>; sha256: string } | undefined {
  try {
    const text = fs.readFileSync(recordPath(cacheDir, outRoot), "utf8");
    const r = JSON.parse(text) as NoopRecord<K>;
    return r && r.format === FORMAT && Array.isArray(r.platforms) ? { record: r, sha256: sha256(text) } : undefined;
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
 * new tree changes its ctime. Returns undefined (and writes nothing) when any file is not where and what it should
 * be: then there is nothing trustworthy to record. Otherwise the record and the hash of the bytes written.
 */
export function writeRecord<K>(cacheDir: string, outRoot: string, key: K, emitted: readonly EmittedPlatform[]): { record: NoopRecord<K>; sha256: string } | undefined {
  const platforms: PlatformRecord[] = [];
  for (const p of emitted) {
    const platformDir = path.join(outRoot, p.name);
    const files: FileRecord[] = [];
    const dirSet = new Set<string>([""]);
    for (const [rel, bytes] of p.files) {
      const st = lstatBig(abs(platformDir, rel));
      if (!st?.isFile()) return undefined;
      files.push({ path: rel, ...stamp(st), sha256: sha256(bytes) });
      for (let i = rel.indexOf("/"); i !== -1; i = rel.indexOf("/", i + 1)) dirSet.add(rel.slice(0, i));
    }
    const dirs: PlatformRecord["dirs"] = [];
    for (const d of [...dirSet].sort()) {
      const st = lstatBig(d === "" ? platformDir : abs(platformDir, d));
      if (!st?.isDirectory()) return undefined;
      dirs.push({ path: d, ino: String(st.ino) });
    }
    platforms.push({ name: p.name, specPath: p.specPath, fileCount: p.fileCount, checks: p.checks, files, dirs });
  }
  const record: NoopRecord<K> = { format: FORMAT, key, platforms };
  const file = recordPath(cacheDir, outRoot);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const text = JSON.stringify(record);
    writeAside(file, text);
    return { record, sha256: sha256(text) };
  } catch {
    return undefined;
  }
}

/** Written aside and renamed, so a reader never sees half a file. */
function writeAside(file: string, text: string): void {
  const tmp = `${file}.${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Whether one recorded file is still there with the recorded bytes: by stat, else by hash. */
function fileCurrent(platformDir: string, f: FileRecord): boolean {
  const file = under(platformDir, f.path);
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
      const st = lstatBig(under(platformDir, d.path));
      if (!st?.isDirectory() || String(st.ino) !== d.ino) return false;
    }
    if (!p.files.some((f) => f.path === MANIFEST_NAME)) return false;
    for (const f of p.files) if (!fileCurrent(platformDir, f)) return false;
  }
  return lstatOrUndefined(outRoot)?.isDirectory() === true;
}

export function readResult(r: SpecFileRead): string {
  return r.ok ? `ok ${sha256(r.text)}` : `error ${r.reason}`;
}

/** Whether a spec file still has the recorded bytes, within the size limit a full build would apply. */
function specBytesMatch(file: string, maxFileSize: number, hash: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > maxFileSize) return false;
    return sha256(fs.readFileSync(file)) === hash;
  } catch {
    return false;
  }
}

/**
 * Whether every input the key names is as it was: the same spec files (specs, as discovery finds them now), each
 * with the same bytes, the same paths written into its output, and the same result for every file it read. The one
 * check of the full CLI's no-op path (src/build.ts) and the preflight's (preflight.ts).
 */
export function inputsMatch(key: NoopKey, specs: readonly string[], outDir: string): boolean {
  if (key.specs.length !== specs.length) return false;
  for (let i = 0; i < specs.length; i++) {
    const file = specs[i]!;
    const was = key.specs[i]!;
    if (was.file !== path.resolve(file)) return false;
    if (!specBytesMatch(file, key.maxFileSize, was.sha256)) return false;
    if (stablePath(file) !== was.specPath || repoPath(outDir, file) !== was.outPath) return false;
    const read = specFileReader(path.dirname(path.resolve(file)), key.maxFileSize);
    for (const r of was.reads) if (readResult(read(r.rel)) !== r.result) return false;
  }
  return true;
}

/**
 * Whether out/ is what the record says, checked under the output directory's lock taken without waiting, as a
 * full build reads out/: a lock held by another build means out/ is about to change, which is a miss.
 */
export function outCurrent(outDir: string, platforms: readonly PlatformRecord[]): boolean {
  let lock: ReturnType<typeof lockOut>;
  try {
    if (!fs.statSync(outDir).isDirectory()) return false;
    lock = lockOut(outDir, 0);
  } catch {
    return false;
  }
  try {
    return outMatches(outDir, platforms);
  } catch {
    return false;
  } finally {
    try {
      lock.release();
    } catch {
      // As after a full build: the next build breaks a lock this process left.
    }
  }
}

/**
 * The code's identity from a build-id.json (scripts/build.mjs): its id while the files it lists (read at run time:
 * templates, schema) are unchanged, by size and mtime or else by hash. undefined when there is no such file, null
 * when it is there but something differs or cannot be read.
 */
export function codeIdentityAt(file: string): string | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const id = JSON.parse(text) as { id: string; inputs: Array<{ path: string; size: number; mtimeMs: number; sha256: string }> };
    const root = path.dirname(path.dirname(file));
    for (const input of id.inputs) {
      const p = path.join(root, input.path);
      const st = fs.statSync(p);
      if (st.size === input.size && st.mtimeMs === input.mtimeMs) continue;
      if (sha256(fs.readFileSync(p)) !== input.sha256) return null;
    }
    return typeof id.id === "string" ? id.id : null;
  } catch {
    return null;
  }
}

// Replays: what a no-op of one exact command line prints. The preflight (preflight.ts) answers from one without
// parsing the command line, so everything that can change the CLI's output is in the match and compared byte for
// byte: the arguments, the working directory, colour, and the environment the build command reads.
/** The environment variables `build` reads (bin/platformc.js reads NO_COLOR for `color`). */
const REPLAY_ENV = ["NO_COLOR", "PLATFORMC_LOCK_WAIT", "PLATFORMC_SOPS"] as const;

export interface ReplayMatch {
  argv: string[];
  cwd: string;
  color: boolean;
  env: Record<string, string | null>;
}

export interface Replay {
  format: number;
  match: ReplayMatch;
  /** the output directory (resolved) whose record this replay is valid with */
  out: string;
  /** the hash of that record's bytes: any other record (a later build) and the replay is void */
  record: string;
  stdout: string;
  stderr: string;
  code: number;
}

export function replayMatch(argv: readonly string[], cwd: string, color: boolean, env: Readonly<Record<string, string | undefined>>): ReplayMatch {
  return { argv: [...argv], cwd, color, env: Object.fromEntries(REPLAY_ENV.map((k) => [k, env[k] ?? null])) };
}

function replayPath(cacheDir: string, match: ReplayMatch): string {
  return path.join(cacheDir, `cmd-${sha256(JSON.stringify(match)).slice(0, 32)}.json`);
}

export function writeReplay(cacheDir: string, replay: Omit<Replay, "format">): void {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    writeAside(replayPath(cacheDir, replay.match), JSON.stringify({ format: FORMAT, ...replay }));
  } catch {
    // Without a replay the next run of this command is answered by the full CLI, as before.
  }
}

/** The replay of exactly this command, or undefined. */
export function readReplay(cacheDir: string, match: ReplayMatch): Replay | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(replayPath(cacheDir, match), "utf8")) as Replay;
    if (r.format !== FORMAT || JSON.stringify(r.match) !== JSON.stringify(match)) return undefined;
    if (typeof r.out !== "string" || typeof r.record !== "string" || typeof r.stdout !== "string" || typeof r.stderr !== "string" || !Number.isInteger(r.code)) return undefined;
    return r;
  } catch {
    return undefined;
  }
}
