// The fuzz campaign over mutations of every spec in spec/ (test/fuzz/mutate.ts), checked by test/fuzz/campaign.ts.
// In CI it is bounded (FUZZ_CASES cases, default 800, or FUZZ_TIME_LIMIT seconds, default 40, whichever comes first),
// in-process for speed, with a quarter of the cases built into a temp out/ rather than only validated. The seed is
// random unless FUZZ_SEED is given, and every failure prints the seed that replays it alone. `npm run fuzz` is the
// long run for releases (scripts/fuzz.mjs: 100,000 cases). A few whole-process runs check what in-process runs
// cannot: that the real process neither crashes nor hangs on the nastiest inputs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boundMs, campaign, judge, replay, type Summary } from "./campaign.js";
import { makeCase, SEEDS } from "./mutate.js";
import { removeTestBin, runBin, testBin } from "../support/test-bin.js";

const env = process.env;
const SEED = env.FUZZ_SEED !== undefined && env.FUZZ_SEED !== "" ? Number(env.FUZZ_SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32);
const CASES = Number(env.FUZZ_CASES ?? 800);
const SECONDS = Number(env.FUZZ_TIME_LIMIT ?? 40);
const BUILD_SHARE = Number(env.FUZZ_BUILD_SHARE ?? 0.25);

function report(s: Summary): string {
  const lines = [
    `fuzz: ${s.cases} cases from seed ${s.seed} in ${s.seconds} s (${(s.cases / Math.max(s.seconds, 0.001)).toFixed(1)}/s); exit codes ${JSON.stringify(s.exitCodes)}; ${JSON.stringify(s.byMode)}`,
    `  first error: ${JSON.stringify(s.firstErrors)}; largest input ${(s.largestBytes / 1024).toFixed(0)} KiB`,
    `  by kind: ${Object.entries(s.byKind).map(([k, v]) => `${k} ${v.cases} (${v.exit0} ok)`).join(", ")}`,
    `  slowest: ${s.slowest.map((x) => `${x.ms} ms (seed ${x.seed}, ${x.kinds}, ${(x.bytes / 1024).toFixed(0)} KiB)`).join("; ")}`,
    ...Object.entries(s.nodeWarnings).map(([m, w]) => `  Node warning (not failed) ${w.count}x, first at seed ${w.firstSeed}: ${m}`),
  ];
  for (const f of s.failures) lines.push(`  FAILED seed ${f.seed} (${f.base}: ${f.kinds}), input saved as ${f.input}:\n    ${f.problems.join("\n    ")}\n    replay: ${replay(f.seed)}`);
  return lines.join("\n");
}

describe("fuzz: mutations of every spec in spec/", () => {
  it(`${CASES} cases (or ${SECONDS} s): never exit 70 or a stack trace, every diagnostic inside the file, time bounded by size`, () => {
    const s = campaign({ seed: SEED, cases: CASES, seconds: SECONDS, buildShare: BUILD_SHARE, progress: (p) => console.log(`fuzz: ${p.cases} cases, ${p.seconds.toFixed(0)} s, exit codes ${JSON.stringify(p.exitCodes)}, ${p.failures.length} failing`) });
    const text = report(s);
    console.log(text);
    if (env.FUZZ_SUMMARY) fs.writeFileSync(env.FUZZ_SUMMARY, JSON.stringify(s, null, 2) + "\n");
    expect(s.failures, text).toEqual([]);
    // the campaign must reach past the parser and the schema, or it tests little
    if (s.cases >= 100) {
      expect(s.exitCodes["0"] ?? 0, text).toBeGreaterThan(0);
      expect(s.firstErrors["PC03xx+"] ?? 0, text).toBeGreaterThan(0);
    }
  }, (SECONDS > 0 ? SECONDS + 120 : 24 * 3600) * 1000);

  it("every seed yields cases of every kind of mutation, and the same seed the same bytes", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 150; i++) for (const k of makeCase(i).kinds) seen.add(k);
    expect([...seen].sort()).toEqual(["anchors", "cidr", "deep", "delete", "duplicate", "garbage", "huge-number", "huge-string", "lines", "port", "retype", "swap", "tags", "tokens", "truncate"]);
    expect(new Set(Array.from({ length: 50 }, (_, i) => makeCase(i).base))).toEqual(new Set(SEEDS.map((s) => s.name)));
    expect(makeCase(12345).bytes.equals(makeCase(12345).bytes)).toBe(true);
  });
});

describe("fuzz: whole processes", () => {
  let root = "";
  beforeAll(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-fuzz-bin-"))));
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    removeTestBin();
  });
  const seed = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "spec", "todoapp", "platform.yaml"), "utf8");
  const nasty: Array<[string, Buffer]> = [
    ["100,000 nested flow sequences", Buffer.from(seed.replace(/^(\s*description:).*$/m, `$1 ${"[".repeat(100_000)}x${"]".repeat(100_000)}`))],
    ["20,000 nested block sequences on one line", Buffer.from(seed.replace(/^(\s*description:).*$/m, `$1\n${"- ".repeat(20_000)}x`))],
    ["an alias bomb", Buffer.from(seed + ["l0: &l0 [a, a, a, a, a, a, a, a, a, a]", ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(", ")}]`), ""].join("\n"))],
    ["a 4 MiB description", Buffer.from(seed.replace(/^(\s*description:).*$/m, `$1 ${"lorem ipsum ".repeat(350_000)}`))],
    ["garbage bytes", Buffer.concat([Buffer.from(seed.slice(0, 500)), Buffer.from([0xff, 0xfe, 0, 0xed, 0xa0, 0x80]), Buffer.from(seed.slice(500))])],
  ];
  it.each(nasty)("%s: finishes within its bound, exit 0 or 1, no stack trace", (_, bytes) => {
    testBin();
    const file = path.join(root, "spec", "todoapp", "platform.yaml");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    // a process also pays for starting Node and loading the CLI
    const bound = boundMs(bytes.length) + 1500;
    for (const argv of [["validate", file], ["build", file, "--out", path.join(root, "out"), "--format", "json"]]) {
      const t0 = performance.now();
      const r = runBin(argv, { timeoutMs: bound * 3 });
      const ms = performance.now() - t0;
      const format = argv.includes("json") ? "json" : "human";
      const problems = judge({ code: r.status, out: r.stdout, err: r.stderr, ms: ms - 1500 }, file, bytes, format, [0, 1]);
      if (r.signal !== null) problems.push(`killed by ${r.signal} after ${ms.toFixed(0)} ms`);
      expect(problems, `${argv[0]}: ${r.stderr.slice(0, 2000)}`).toEqual([]);
    }
  }, 120_000);

  it("three random cases as processes", () => {
    for (let i = 0; i < 3; i++) {
      const c = makeCase((SEED + 1_000_003 * (i + 1)) >>> 0);
      const file = path.join(root, "spec", c.base, "platform.yaml");
      fs.rmSync(path.join(root, "spec"), { recursive: true, force: true });
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, c.bytes);
      const t0 = performance.now();
      const r = runBin(["validate", file], { timeoutMs: 60_000 });
      const problems = judge({ code: r.status, out: r.stdout, err: r.stderr, ms: performance.now() - t0 - 1500 }, file, c.bytes, "human", [0, 1]);
      expect(problems, `seed ${c.seed} (${c.kinds.join("+")}); replay: ${replay(c.seed)}\n${r.stderr.slice(0, 2000)}`).toEqual([]);
    }
  }, 120_000);
});
