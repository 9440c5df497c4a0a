// A build killed with SIGKILL at any moment (no handler runs, no finally) leaves each out/<platform> exactly as the
// previous build left it or exactly as this one would have, and the next build removes what the killed one left
// behind: `.<platform>.tmp-*` and `.<platform>.old-*` siblings and the lock. A few kills land while the build still
// compiles; most are timed from the moment writing starts (the lock appearing in out/), spread over the measured
// length of the write. Builds alternate between two spec versions, so each starts from the other's complete tree.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitPlatform, lockOut } from "../../src/emit/index.js";
import { cleanupTempDirs, tempDir } from "../support/cli-harness.js";
import { contentOf, PLATFORMS, versions, whichTree, writeVersion, type Version } from "../support/crash-fixture.js";
import { removeTestBin, startBin, testBin, type Finished } from "../support/test-bin.js";

afterAll(() => {
  cleanupTempDirs();
  removeTestBin();
});

const KILLS_WHILE_COMPILING = 4;
const KILLS_WHILE_WRITING = 20;

/** Runs a build; `killAt` says when to kill it, given the ms from spawning to now and whether writing has started. */
async function buildKilled(args: string[], out: string, kill: { fromStart?: number; fromWrite?: number }): Promise<Finished & { writeStart?: number }> {
  const t0 = performance.now();
  let writeStart: number | undefined;
  const { child, done } = startBin(args);
  const timers: NodeJS.Timeout[] = [];
  const watcher = fs.watch(out, () => {
    if (writeStart !== undefined) return;
    writeStart = performance.now() - t0;
    if (kill.fromWrite !== undefined) timers.push(setTimeout(() => child.kill("SIGKILL"), kill.fromWrite));
  });
  if (kill.fromStart !== undefined) timers.push(setTimeout(() => child.kill("SIGKILL"), kill.fromStart));
  const f = await done;
  watcher.close();
  for (const t of timers) clearTimeout(t);
  return { ...f, ...(writeStart !== undefined ? { writeStart } : {}) };
}

describe("a build killed with SIGKILL", () => {
  it(`at ${KILLS_WHILE_COMPILING + KILLS_WHILE_WRITING} moments leaves each platform tree old or new, never a mix, and the next build cleans up`, async () => {
    testBin();
    const root = tempDir("platformc-crash-");
    // v2 has fewer services than v1, so going from v1 to v2 also prunes files, and back adds them
    const specs = { v1: writeVersion(root, "v1", 40, 1), v2: writeVersion(root, "v2", 32, 2) };
    const { out, versions: vs } = versions(root, specs, "v1");
    for (const p of PLATFORMS) expect(whichTree(vs.v1!.trees[p], { v2: vs.v2!.trees[p]! }), p).toBeUndefined();

    const calibration = await buildKilled(["build", specs.v2, "--out", out], out, {});
    expect(calibration.code, calibration.stderr).toBe(0);
    const writeStart = calibration.writeStart ?? calibration.ms / 2;
    const writing = Math.max(20, calibration.ms - writeStart);
    let from: Version = vs.v2!;
    let to: Version = vs.v1!;

    const kills = [
      ...Array.from({ length: KILLS_WHILE_COMPILING }, (_, i) => ({ fromStart: ((i + 0.5) / KILLS_WHILE_COMPILING) * writeStart * 0.9 })),
      ...Array.from({ length: KILLS_WHILE_WRITING }, (_, i) => ({ fromWrite: (i / (KILLS_WHILE_WRITING - 1)) * writing * 1.4 })),
    ];
    const seen: Record<string, number> = {};
    for (const kill of kills) {
      const f = await buildKilled(["build", to.spec, "--out", out], out, kill);
      const what = `a build of ${path.basename(to.spec)} killed ${JSON.stringify(kill)}`;
      if (f.signal === null) expect(f.code, `${what}: ${f.stderr}`).toBe(0);

      const leftovers = fs.readdirSync(out).filter((n) => !(PLATFORMS as readonly string[]).includes(n));
      const states = PLATFORMS.map((p) => {
        const tree = contentOf(path.join(out, p));
        const which = whichTree(tree, { old: from.trees[p]!, new: to.trees[p]! });
        if (which !== undefined) return which;
        // Between the swap's two renames the platform directory is absent and the complete old tree waits beside
        // it as `.<p>.old-*`; the next build moves it back before anything else.
        const olds = leftovers.filter((n) => n.startsWith(`.${p}.old-`));
        expect({ tree: tree === undefined ? "absent" : "a mix", olds: olds.length }, `${what}: out/${p}`).toEqual({ tree: "absent", olds: 1 });
        expect(whichTree(contentOf(path.join(out, olds[0]!)), { old: from.trees[p]! }), `${what}: ${olds[0]}`).toBe("old");
        return "between renames";
      });
      const key = `${f.signal === null ? "finished" : "killed"}: ${states.join("/")}${leftovers.length ? " + leftovers" : ""}`;
      seen[key] = (seen[key] ?? 0) + 1;

      // The next build (in-process, as it would run): it breaks the dead build's lock and removes or restores what
      // that build left, whatever the moment of the kill.
      const lock = lockOut(out, 2000);
      for (const p of PLATFORMS) emitPlatform(out, p, to.files.get(p)!);
      lock.release();
      expect(fs.readdirSync(out).sort(), what).toEqual([...PLATFORMS]);
      for (const p of PLATFORMS) expect(whichTree(contentOf(path.join(out, p)), { new: to.trees[p]! }), `${what}: out/${p} after the next build`).toBe("new");
      [from, to] = [to, from];
    }
    console.log(`build ${calibration.ms.toFixed(0)} ms, writing from ${writeStart.toFixed(0)} ms; outcomes: ${JSON.stringify(seen)}`);
    // Kills must have landed while the build was writing, or this test showed nothing about the swap.
    const midWrite = Object.entries(seen).filter(([k]) => k.startsWith("killed") && (k.includes("leftovers") || k.includes("new")));
    expect(midWrite.reduce((n, [, c]) => n + c, 0), JSON.stringify(seen)).toBeGreaterThanOrEqual(KILLS_WHILE_WRITING / 4);

    // And the next build as a real process, after one more kill mid-write.
    await buildKilled(["build", to.spec, "--out", out], out, { fromWrite: writing / 2 });
    const next = await buildKilled(["build", to.spec, "--out", out], out, {});
    expect(next.code, next.stderr).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([...PLATFORMS]);
    for (const p of PLATFORMS) expect(whichTree(contentOf(path.join(out, p)), { new: to.trees[p]! }), p).toBe("new");
  }, 120_000);
});
