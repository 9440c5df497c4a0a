// Two builds into one out/ at once serialize on out/.platformc-lock (src/emit/lock.ts): the final tree is one
// build's complete output, never a mix (both platforms from the same build), and the one that waited exits 0 (or 2
// with PC0008 if it waited longer than PLATFORMC_LOCK_WAIT), never 70. A --check or an --only merge racing a build
// reads the tree before or after that build, never half-way.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { checkPlatform, emitPlatform, type DriftEntry } from "../../src/emit/index.js";
import { cleanupTempDirs, tempDir } from "../support/cli-harness.js";
import { contentOf, PLATFORMS, versions, whichTree, writeVersion, type Content, type Version } from "../support/crash-fixture.js";
import { removeTestBin, startBin, testBin, type Finished } from "../support/test-bin.js";

afterAll(() => {
  cleanupTempDirs();
  removeTestBin();
});

function setTree(out: string, v: Version): void {
  for (const p of PLATFORMS) emitPlatform(out, p, v.files.get(p)!);
}

/** Starts both at once (in the given order), and waits for both. */
async function race(a: string[], b: string[]): Promise<[Finished, Finished]> {
  const x = startBin(a);
  const y = startBin(b);
  return Promise.all([x.done, y.done]);
}

function expectClean(f: Finished, what: string): void {
  expect(f.stderr, what).not.toMatch(/internal error|^\s+at /m);
  expect(f.code === 0 || (f.code === 2 && f.stderr.includes("PC0008")), `${what}: exit ${f.code}\n${f.stderr}`).toBe(true);
}

/** Which version's tree out/ holds, the same for every platform; fails on a mix. */
function treeOf(out: string, candidates: Record<string, Record<string, Content>>): string {
  const per = PLATFORMS.map((p) => whichTree(contentOf(path.join(out, p)), Object.fromEntries(Object.entries(candidates).map(([v, t]) => [v, t[p]!]))) ?? "a mix");
  const why = (): string =>
    PLATFORMS.map((p) => {
      const tree = contentOf(path.join(out, p)) ?? {};
      return Object.entries(candidates)
        .map(([v, t]) => {
          const want = t[p]!;
          const differ = [...new Set([...Object.keys(tree), ...Object.keys(want)])].filter((k) => tree[k] !== want[k]).sort();
          return `${p} vs ${v}: ${differ.length} paths differ (${differ.slice(0, 6).join(", ")})`;
        })
        .join("; ");
    }).join("\n");
  if (per.includes("a mix") || new Set(per).size !== 1) expect.fail(`platforms hold ${per.join(", ")}:\n${why()}`);
  expect(fs.readdirSync(out).sort(), "nothing left beside the platforms").toEqual([...PLATFORMS]);
  return per[0]!;
}

describe("two builds at once into one out/", () => {
  const root = tempDir("platformc-race-");
  let out = "";
  let vs: Record<string, Version> = {};

  beforeAll(() => {
    testBin();
    const specs = { v1: writeVersion(root, "v1", 30, 1), v2: writeVersion(root, "v2", 34, 2), v3: writeVersion(root, "v3", 26, 3) };
    ({ out, versions: vs } = versions(root, specs, "v1"));
  }, 120_000);

  it("serialize: the final tree is one build's, for every platform", async () => {
    const trees = { v2: vs.v2!.trees, v3: vs.v3!.trees };
    const last: Record<string, number> = {};
    for (let round = 0; round < 8; round++) {
      setTree(out, vs.v1!);
      const [first, second] = round % 2 === 0 ? ["v2", "v3"] : ["v3", "v2"];
      const results = await race(["build", vs[first!]!.spec, "--out", out], ["build", vs[second!]!.spec, "--out", out]);
      results.forEach((f, i) => expectClean(f, `round ${round}, build ${i + 1}`));
      const winner = treeOf(out, trees);
      // a build that gave up (PC0008) cannot be the one whose tree is there
      for (const [i, v] of [first, second].entries()) if (results[i]!.code !== 0) expect(winner).not.toBe(v);
      last[winner] = (last[winner] ?? 0) + 1;
    }
    console.log(`two builds: the tree left is ${JSON.stringify(last)}`);
  }, 120_000);

  it("a --check racing a build compares the tree before or after that build, never half-way", async () => {
    const before = (p: string): DriftEntry[] => {
      const copy = path.join(root, `check-${p}`);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.mkdirSync(copy);
      emitPlatform(copy, p, vs.v3!.files.get(p)!);
      return checkPlatform(copy, p, vs.v2!.files.get(p)!);
    };
    const drifted = PLATFORMS.flatMap((p) => before(p).map((d) => ({ platform: p, ...d })));
    expect(drifted.length).toBeGreaterThan(0);
    const outcomes: Record<string, number> = {};
    for (let round = 0; round < 4; round++) {
      setTree(out, vs.v3!);
      const check = ["build", vs.v2!.spec, "--out", out, "--check", "--format", "json"];
      const write = ["build", vs.v2!.spec, "--out", out];
      const [c, w] = round % 2 === 0 ? await race(check, write) : (await race(write, check)).reverse();
      expectClean(w!, `round ${round}, the build`);
      expect(c!.stderr).not.toMatch(/internal error/);
      expect([0, 1, 2], c!.stderr).toContain(c!.code);
      if (c!.code === 2) expect(c!.stderr + c!.stdout).toContain("PC0008");
      else {
        const drift = (JSON.parse(c!.stdout) as { drift: unknown[] }).drift;
        // before the build: exactly v2's drift from v3's tree (without the stale files' diffs, for brevity); after: none
        expect(drift.map((d) => JSON.stringify({ ...(d as object), diff: undefined }))).toEqual(c!.code === 0 ? [] : drifted.map((d) => JSON.stringify({ ...d, diff: undefined })));
        outcomes[c!.code === 0 ? "after" : "before"] = (outcomes[c!.code === 0 ? "after" : "before"] ?? 0) + 1;
      }
      if (w!.code === 0) expect(treeOf(out, { v2: vs.v2!.trees })).toBe("v2");
    }
    console.log(`--check racing a build ran ${JSON.stringify(outcomes)} it`);
  }, 120_000);

  it("an --only build racing a full build merges over a complete tree", async () => {
    // --only over v3's tree: v2's inventory, every other generator's files as v3 left them
    const merged = path.join(root, "merged");
    fs.rmSync(merged, { recursive: true, force: true });
    // out/ holds the user's files too, which every build carries over
    setTree(out, vs.v3!);
    fs.cpSync(out, merged, { recursive: true });
    const r = build({ dir: vs.v2!.spec, outDir: merged, mode: "write", only: ["inventory"] });
    expect(r.ioError).toBe(false);
    const onlyOverV3 = Object.fromEntries(PLATFORMS.map((p) => [p, contentOf(path.join(merged, p))!]));
    const left: Record<string, number> = {};
    for (let round = 0; round < 4; round++) {
      setTree(out, vs.v1!);
      const full = ["build", vs.v3!.spec, "--out", out];
      const only = ["build", vs.v2!.spec, "--out", out, "--only", "inventory"];
      const results = await (round % 2 === 0 ? race(full, only) : race(only, full));
      results.forEach((f, i) => expectClean(f, `round ${round}, build ${i + 1}`));
      // the --only build first (over v1), then v3: v3's tree; v3 first, then the --only build: the merge over v3
      const tree = treeOf(out, { v3: vs.v3!.trees, "--only over v3": onlyOverV3 });
      left[tree] = (left[tree] ?? 0) + 1;
    }
    console.log(`--only racing a full build: the tree left is ${JSON.stringify(left)}`);
  }, 120_000);
});
