// The output directory's lock (src/emit/lock.ts): who holds it, when it counts as stale, and that it never follows a
// link or opens a FIFO in its own place. Two real builds racing are in crash-concurrent.test.ts.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LOCK_NAME, LockBusyError, lockOut } from "../../src/emit/index.js";
import { cleanupTempDirs, tempDir } from "../support/cli-harness.js";

afterEach(() => {
  vi.restoreAllMocks();
  cleanupTempDirs();
});

const host = os.hostname();
const body = (pid: unknown, h: unknown = host) => JSON.stringify({ pid, host: h }) + "\n";

/** A pid that ran and is gone (reused only after the pid space wraps). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  return r.pid!;
}

function busy(out: string, waitMs = 0): LockBusyError {
  try {
    lockOut(out, waitMs).release();
  } catch (e) {
    if (e instanceof LockBusyError) return e;
    throw e;
  }
  throw new Error("the lock was taken");
}

describe("lockOut", () => {
  it("creates out/.platformc-lock naming this process, and release removes it and nothing else", () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, "keep"), "");
    const lock = lockOut(out, 0);
    expect(lock.path).toBe(path.join(out, LOCK_NAME));
    expect(JSON.parse(fs.readFileSync(lock.path, "utf8"))).toEqual({ pid: process.pid, host, token: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(fs.readdirSync(out).sort()).toEqual([LOCK_NAME, "keep"]);
    lock.release();
    expect(fs.readdirSync(out)).toEqual(["keep"]);
  });

  it("is exclusive within one process too", () => {
    const out = tempDir();
    const lock = lockOut(out, 0);
    expect(busy(out).holder).toBe(`pid ${process.pid}`);
    lock.release();
    lockOut(out, 0).release();
  });

  it("is busy while a live process holds it, and waits about as long as it is told", () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, LOCK_NAME), body(process.ppid));
    const t0 = performance.now();
    const e = busy(out, 300);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(e.holder).toBe(`pid ${process.ppid}`);
    expect(e.lockPath).toBe(path.join(out, LOCK_NAME));
    expect(fs.readFileSync(path.join(out, LOCK_NAME), "utf8")).toBe(body(process.ppid));
  });

  it("takes the lock once the holder releases it within the wait", async () => {
    const out = tempDir();
    const lockPath = path.join(out, LOCK_NAME);
    const child = spawn(process.execPath, ["-e", `const fs=require("fs");fs.writeFileSync(${JSON.stringify(lockPath)},JSON.stringify({pid:process.pid,host:require("os").hostname()}));setTimeout(()=>fs.rmSync(${JSON.stringify(lockPath)}),400)`]);
    const exited = new Promise((r) => child.on("exit", r));
    while (!fs.existsSync(lockPath)) await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    const lock = lockOut(out, 10_000);
    expect(performance.now() - t0).toBeGreaterThan(100);
    expect(JSON.parse(fs.readFileSync(lockPath, "utf8")).pid).toBe(process.pid);
    lock.release();
    await exited;
  });

  it("breaks a lock whose process is gone, and removes the leftovers of dead lock attempts only", () => {
    const out = tempDir();
    const dead = deadPid();
    fs.writeFileSync(path.join(out, LOCK_NAME), body(dead));
    const leftovers = [`${LOCK_NAME}.${dead}-0a1b2c`, `${LOCK_NAME}.stale-${dead}-3d4e5f`];
    const live = `${LOCK_NAME}.${process.ppid}-abcdef`;
    for (const n of [...leftovers, live]) fs.writeFileSync(path.join(out, n), body(dead));
    const lock = lockOut(out, 0);
    expect(JSON.parse(fs.readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    expect(fs.readdirSync(out).sort()).toEqual([LOCK_NAME, live].sort());
    lock.release();
  });

  it("breaks a lock naming this very pid that this process does not hold (a restarted container)", () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, LOCK_NAME), body(process.pid));
    lockOut(out, 0).release();
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it.each([
    ["another host's lock", body(1, "some-other-host"), "pid 1 on host some-other-host"],
    ["a lock that is not JSON", "garbage\n", "unknown pid"],
    ["an empty lock", "", "unknown pid"],
    ["a lock without a pid", body("12"), "unknown pid"],
  ])("never breaks %s: it cannot tell whether that build still runs", (_, text, holder) => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, LOCK_NAME), text);
    expect(busy(out).holder).toBe(holder);
    expect(fs.readFileSync(path.join(out, LOCK_NAME), "utf8")).toBe(text);
  });

  it("neither follows a symbolic link in the lock's place nor removes it", () => {
    const out = tempDir();
    const elsewhere = path.join(tempDir(), "lock");
    // a dead pid behind the link: following it would break the "lock" and delete the link
    fs.writeFileSync(elsewhere, body(deadPid()));
    fs.symlinkSync(elsewhere, path.join(out, LOCK_NAME));
    expect(busy(out).holder).toBe("unknown pid");
    expect(fs.lstatSync(path.join(out, LOCK_NAME)).isSymbolicLink()).toBe(true);
  });

  it.skipIf(process.platform === "win32")("does not open a FIFO in the lock's place (it would block)", () => {
    const out = tempDir();
    execFileSync("mkfifo", [path.join(out, LOCK_NAME)]);
    expect(busy(out).holder).toBe("unknown pid");
    expect(fs.lstatSync(path.join(out, LOCK_NAME)).isFIFO()).toBe(true);
  });

  it("release leaves a lock alone that is not its own any more, even one of the same pid and inode number", () => {
    const out = tempDir();
    const lock = lockOut(out, 0);
    const mine = fs.readFileSync(lock.path, "utf8");
    for (const other of [body(process.ppid), mine.replace(/"token":"[0-9a-f]+"/, '"token":"0000000000000000"')]) {
      fs.rmSync(lock.path);
      fs.writeFileSync(lock.path, other);
      lock.release();
      expect(fs.readFileSync(lock.path, "utf8")).toBe(other);
    }
  });

  it("creates the lock in place where the file system has no hard links", () => {
    const out = tempDir();
    vi.spyOn(fs, "linkSync").mockImplementation(() => {
      throw Object.assign(new Error("ENOTSUP: operation not supported"), { code: "ENOTSUP" });
    });
    const lock = lockOut(out, 0);
    expect(JSON.parse(fs.readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, host });
    expect(busy(out).holder).toBe(`pid ${process.pid}`);
    lock.release();
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
