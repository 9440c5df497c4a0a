// One build at a time per output directory. Each platform's swap is atomic on its own, but two builds writing one
// out/ interleave badly: one hard-links "unchanged" files from a tree the other has just swapped in (a mixed tree),
// or removes the other's half-built `.tmp-` sibling. Readers need it too: a --check or an --only merge that runs
// between a swap's two renames finds the platform directory missing.
//
// The lock is a file, out/.platformc-lock, naming its holder ({"pid", "host", "token"}; the random token tells two
// locks of one pid apart, which inode numbers, reused at once, do not). It is created by hard-linking a
// complete temporary file into place, which fails when the lock exists, so no one ever sees a half-written lock.
// A build killed with SIGKILL cannot remove it; the next build finds that pid gone and breaks the lock, but only
// for a holder on this host (a pid on another host, as on a shared mount, cannot be checked) and never its own pid
// (a container restarted with the pid of the killed build).
//
// The file system (`fs`) is used through its default export on purpose: tests replace single functions on
// it to inject failures at exact points, which ES module namespace objects would not allow.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { lstatOrUndefined, readRegularFile } from "./tree.js";
import { processAlive as alive } from "../lib/process.js";

export const LOCK_NAME = ".platformc-lock";
const POLL_MS = 50;
/** Locks this process holds now: its own pid in one of those is no leftover of a killed build. */
const held = new Set<string>();

/** Another build holds the lock, and it did not go away within the wait. */
export class LockBusyError extends Error {
  constructor(
    readonly lockPath: string,
    /** "pid 123", "pid 123 on host h" or "unknown pid" */
    readonly holder: string,
  ) {
    super(`another platformc build (${holder}) holds ${lockPath}`);
  }
}

export interface OutLock {
  readonly path: string;
  release(): void;
}

type Seen = { state: "gone" } | { state: "stale"; bytes: Buffer } | { state: "live"; holder: string };

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}


/** A leftover temporary file of a lock attempt, whose pid is in its name, can go once that pid is gone. */
function leftoverPid(name: string): number | undefined {
  const m = /^\.platformc-lock\.(?:stale-)?(\d+)-[0-9a-f]+$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

// EPERM too: FAT and some network shares refuse hard links that way. Where it means "not allowed to write here"
// instead, creating the lock in place fails with it again, and that error is reported.
const NO_HARD_LINKS = new Set(["ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EPERM", "EXDEV"]);

export function lockOut(outRoot: string, waitMs: number): OutLock {
  const lockPath = path.join(outRoot, LOCK_NAME);
  const body = Buffer.from(JSON.stringify({ pid: process.pid, host: os.hostname(), token: crypto.randomBytes(8).toString("hex") }) + "\n");
  const isMine = (): boolean => {
    try {
      return readRegularFile(lockPath)?.equals(body) === true;
    } catch {
      return false;
    }
  };

  /** Whether the lock is now ours (false: someone else holds it). */
  const tryCreate = (): boolean => {
    const tmp = path.join(outRoot, `${LOCK_NAME}.${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
    fs.writeFileSync(tmp, body, { flag: "wx" });
    try {
      fs.linkSync(tmp, lockPath);
    } catch (err) {
      if (errCode(err) === "EEXIST") return false;
      if (!NO_HARD_LINKS.has(errCode(err) ?? "")) throw err;
      // No hard links on this file system: create the lock in place. Another build may then read it before its
      // contents are written, which it takes for a live holder and waits for.
      try {
        fs.writeFileSync(lockPath, body, { flag: "wx" });
      } catch (err2) {
        if (errCode(err2) === "EEXIST") return false;
        throw err2;
      }
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    return true;
  };

  const inspect = (): Seen => {
    const st = lstatOrUndefined(lockPath);
    if (st === undefined) return { state: "gone" };
    let bytes: Buffer | undefined;
    let holder: { pid?: unknown; host?: unknown } | undefined;
    try {
      bytes = readRegularFile(lockPath);
      holder = bytes === undefined ? undefined : (JSON.parse(bytes.toString("utf8")) as typeof holder);
    } catch {
      holder = undefined;
    }
    const pid = holder?.pid;
    if (typeof pid !== "number" || !Number.isSafeInteger(pid) || pid <= 0) return { state: "live", holder: "unknown pid" };
    if (holder?.host !== os.hostname()) return { state: "live", holder: `pid ${pid} on host ${String(holder?.host)}` };
    if (pid === process.pid ? held.has(lockPath) : alive(pid)) return { state: "live", holder: `pid ${pid}` };
    return bytes === undefined ? { state: "gone" } : { state: "stale", bytes };
  };

  /**
   * Moving the lock aside first captures exactly one file; only if it is the stale one inspected (the same bytes,
   * token included) is it deleted.
   * If another build broke the stale lock and took a fresh one in between, the fresh one is put back. Getting this
   * wrong needs a stale lock and three more builds within microseconds of each other.
   */
  const breakStale = (stale: Buffer): void => {
    const aside = path.join(outRoot, `${LOCK_NAME}.stale-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
    try {
      fs.renameSync(lockPath, aside);
    } catch (err) {
      if (errCode(err) === "ENOENT") return;
      throw err;
    }
    try {
      if (readRegularFile(aside)?.equals(stale) !== true) {
        try {
          fs.linkSync(aside, lockPath);
        } catch {
          // Someone holds a newer lock already; the one moved aside belonged to a build that is finishing.
        }
      }
    } finally {
      fs.rmSync(aside, { force: true });
    }
  };

  const cleanLeftovers = (): void => {
    for (const name of fs.readdirSync(outRoot)) {
      const pid = leftoverPid(name);
      if (pid !== undefined && (pid === process.pid || !alive(pid))) fs.rmSync(path.join(outRoot, name), { force: true });
    }
  };

  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    if (tryCreate()) {
      held.add(lockPath);
      cleanLeftovers();
      return {
        path: lockPath,
        release: () => {
          held.delete(lockPath);
          // Never remove a lock that is not this one: a release after the lock was broken as stale must not free
          // the next holder's.
          if (isMine()) fs.rmSync(lockPath, { force: true });
        },
      };
    }
    const seen = inspect();
    if (seen.state === "stale") breakStale(seen.bytes);
    // Retrying at once after a lock went away is what makes builds queue up quickly, but a lock that keeps coming
    // and going (or cannot be broken) must not spin past the deadline.
    if (seen.state !== "live" && attempt < 100) continue;
    const left = deadline - Date.now();
    if (left <= 0) throw new LockBusyError(lockPath, seen.state === "live" ? seen.holder : "unknown pid");
    sleep(Math.min(POLL_MS, left));
  }
}
