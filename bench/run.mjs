// The platformc benchmark: compiles synthetic platforms of growing size and the repository's own spec/,
// each build in a fresh process, and prints a report against the performance targets. Each size is built cold (no
// out/), warm (out/ current, no no-op record: a full compile that writes nothing) and as a no-op (the record
// matches: nothing is compiled), and compared on the very same Kubernetes objects with three floors (bench/floor.mjs):
// JSON.stringify, the `yaml` package's stringify, and cdk8s synthesizing them. The seeds are timed with hyperfine.
//
//   npm run bench                  # sizes 10 100 1000 10000
//   node bench/run.mjs 10 100      # chosen sizes; or BENCH_SIZES="10,100"
//   BENCH_KEEP=1 ...               # keep the scratch trees under the OS temp dir for inspection
//   BENCH_TIMEOUT=300 ...          # seconds before one build is abandoned (counts as a miss)
//   BENCH_CDK8S_TIMEOUT=180 ...    # seconds before cdk8s is stopped (then reported as "> N s", a lower bound)
//   PLATFORMC_CLI=/path/bin/platformc.js ...   # benchmark another build, e.g. a copy that a concurrent
//                                  # `npm run build` (which empties dist/ first) cannot pull away mid-run
//
// Always exits 0 once it has measured something: it is a report, and a missed target is a finding rather
// than a failure. It writes only under the OS temp dir, never into the repository.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { synthPlatform } from "./synth.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = process.env.PLATFORMC_CLI ?? join(ROOT, "bin", "platformc.js");
const FLOOR = join(ROOT, "bench", "floor.mjs");
const TIME = "/usr/bin/time";
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT ?? 300);
// cdk8s synthesizing 10,000 services' objects runs for many minutes; past this it is reported as "more than".
const CDK8S_TIMEOUT_S = Number(process.env.BENCH_CDK8S_TIMEOUT ?? 180);
const KEEP = !!process.env.BENCH_KEEP;

// The first line are the original targets; the second those of issue 15 (against the JSON floor and cdk8s).
const TARGET = { bigSize: 10000, bigSeconds: 10, bigMiB: 1.5 * 1024, floorRatio: 2, scaling: 15, seedSeconds: 0.5,
  jsonRatio: 2, bigMiBStrict: 300, scalingStrict: 11, seedColdSeconds: 0.3, noopSeconds: 0.15 };
// Every platformc run gets a cache of its own (the no-op records), so the bench neither reads nor leaves the user's.
const CACHE_ROOT = join(tmpdir(), `platformc-bench-cache-${process.pid}`);
const HYPERFINE = "hyperfine";

function parseSizes() {
  const args = process.argv.slice(2);
  const raw = args.length ? args.join(" ") : (process.env.BENCH_SIZES ?? "10 100 1000 10000");
  const sizes = raw.split(/[\s,]+/).filter(Boolean).map(Number);
  const bad = sizes.filter((n) => !Number.isInteger(n) || n < 1);
  if (bad.length || sizes.length === 0) {
    process.stderr.write(`usage: node bench/run.mjs [size ...]   (positive integers; got ${JSON.stringify(raw)})\n`);
    process.exit(2);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function newestMtime(dir) {
  let newest = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (d.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

// GNU time reports peak RSS, which process.resourceUsage of a child cannot give from here; without it we
// still get wall time, and the report says memory was not measured.
async function detectTime() {
  if (!existsSync(TIME)) return false;
  const r = await runProcess([TIME, "-f", "%e %M", "true"]);
  return r.code === 0;
}

/**
 * Runs argv in its own process group so a timeout can kill the build and not just /usr/bin/time above it.
 * With `measured`, runs under /usr/bin/time and returns its wall seconds and peak RSS.
 */
function runProcess(argv, { measured = false, useTime = false, cwd = ROOT, timeoutS = TIMEOUT_S } = {}) {
  const timeFile = measured && useTime ? join(tmpdir(), `platformc-bench-time-${process.pid}-${Date.now()}`) : undefined;
  const full = timeFile ? [TIME, "-o", timeFile, "-f", "%e %M", ...argv] : argv;
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: CACHE_ROOT } });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, timeoutS * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: -1, wall: NaN, rssMiB: NaN, stdout: "", stderr: String(e), timedOut });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const hr = Number(process.hrtime.bigint() - t0) / 1e9;
      let wall = hr;
      let rssMiB = NaN;
      if (timeFile) {
        try {
          // A non-zero exit puts "Command exited with non-zero status N" on the line before ours.
          const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
          const [e, m] = last.split(" ").map(Number);
          if (Number.isFinite(e)) wall = e;
          if (Number.isFinite(m)) rssMiB = m / 1024;
        } catch {
          /* killed before time wrote anything */
        }
        rmSync(timeFile, { force: true });
      }
      resolve({ code: timedOut ? -1 : code, wall, rssMiB, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), timedOut });
    });
  });
}

/** "(W written, U unchanged, R removed)" from the human summary platformc prints. */
function emitCounts(stderr) {
  const m = /: (\d+) files in .*\((\d+) written, (\d+) unchanged, (\d+) removed\)/.exec(stderr);
  return m ? { files: +m[1], written: +m[2], unchanged: +m[3], removed: +m[4] } : undefined;
}

function failure(what, r) {
  const why = r.timedOut ? `timed out after ${TIMEOUT_S} s` : `exit ${r.code}`;
  const tail = r.stderr.trim().split("\n").slice(-8).join("\n    ");
  process.stderr.write(`  ${what}: ${why}\n    ${tail}\n`);
}

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");

async function benchSize(size, useTime) {
  const dir = join(tmpdir(), `platformc-bench-${size}`);
  try {
    return await measureSize(size, dir, useTime);
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

async function measureSize(size, dir, useTime) {
  const name = `bench-${size}`;
  const specDir = join(dir, "spec");
  const outRoot = join(dir, "out");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(specDir, name), { recursive: true });
  const text = synthPlatform(size, { name });
  writeFileSync(join(specDir, name, "platform.yaml"), text);
  const reps = size <= 1000 ? 3 : 1;
  const build = () => runProcess([process.execPath, CLI, "build", specDir, "--out", outRoot], { measured: true, useTime });
  const res = { size, specMB: Buffer.byteLength(text) / 1e6, cold: [], warm: [], noop: [], rss: [], floor: { json: [], yaml: [], cdk8s: [] }, files: NaN, notes: [] };
  process.stderr.write(`size ${size}: spec ${fmt(res.specMB, 2)} MB, ${reps} run${reps > 1 ? "s" : ""} each of cold, warm, no-op and the floors\n`);

  for (let i = 0; i < reps; i++) {
    // Cold: no out/ at all, so every file is written and the tree is swapped in.
    rmSync(outRoot, { recursive: true, force: true });
    rmSync(CACHE_ROOT, { recursive: true, force: true });
    const r = await build();
    if (r.code !== 0) {
      failure(`cold build ${i + 1}`, r);
      res.failed = r.timedOut ? "timeout" : "error";
      return res;
    }
    const c = emitCounts(r.stderr);
    res.files = c?.files ?? NaN;
    if (c && c.written !== c.files) res.notes.push(`cold build wrote ${c.written} of ${c.files} files`);
    res.cold.push(r.wall);
    res.rss.push(r.rssMiB);
  }
  for (let i = 0; i < reps; i++) {
    // Warm: the out/ of the last cold build is current, so nothing should be written; without its no-op record
    // the build compiles everything to find that out.
    rmSync(CACHE_ROOT, { recursive: true, force: true });
    const r = await build();
    if (r.code !== 0) {
      failure(`warm build ${i + 1}`, r);
      res.failed = r.timedOut ? "timeout" : "error";
      return res;
    }
    const c = emitCounts(r.stderr);
    // Rewrites on an unchanged spec mean the output is not deterministic: worth shouting about.
    if (c && c.written > 0) res.notes.push(`warm build rewrote ${c.written} files: output differs between runs of the same spec`);
    res.warm.push(r.wall);
    res.rss.push(r.rssMiB);
  }
  for (let i = 0; i < reps; i++) {
    // No-op: the warm build left its record, and nothing changed since.
    const r = await build();
    if (r.code !== 0) {
      failure(`no-op build ${i + 1}`, r);
      break;
    }
    const c = emitCounts(r.stderr);
    if (c && c.written > 0) res.notes.push(`no-op build rewrote ${c.written} files`);
    res.noop.push(r.wall);
  }
  // The consumer's side (issue 3): kubectl kustomize over every generated root, one process per root as
  // Flux and Argo run it, two at a time on two cores. Only at the largest size, where it matters.
  if (size >= KUSTOMIZE_AT) res.kustomize = await slowestKustomize(join(outRoot, name));
  for (let i = 0; i < reps; i++) {
    // The floors in one process; cdk8s in another, under its own timeout, since it can take much longer.
    for (const [kinds, timeoutS] of [[["json", "yaml"], TIMEOUT_S], [["cdk8s"], CDK8S_TIMEOUT_S]]) {
      const r = await runProcess([process.execPath, "--expose-gc", FLOOR, join(outRoot, name), join(dir, "floor"), ...kinds], { timeoutS });
      let prepared = NaN;
      for (const line of r.stdout.trim().split("\n")) {
        const [kind, secs] = line.split(" ");
        if (kind === "prepared") prepared = Number(secs);
        else res.floor[kind]?.push(Number(secs));
      }
      if (r.timedOut && kinds.includes("cdk8s") && Number.isFinite(prepared)) res.cdk8sAtLeast = Math.max(res.cdk8sAtLeast ?? 0, timeoutS - prepared);
      else if (r.code !== 0) failure(`floor ${kinds.join("+")} ${i + 1}`, r);
    }
    if (res.cdk8sAtLeast !== undefined) break;
  }
  return res;
}

// The targets are per platform ("each seed under 0.3 s cold"): each spec/<name> is built on its own, whole process,
// with hyperfine: cold (no out/, no record), warm (out/ current, no record: a full compile that writes nothing) and
// no-op (out/ and the record current). Without hyperfine, the same three by hand, median of 5.
async function benchSeed(useTime) {
  const specDir = join(ROOT, "spec");
  if (!existsSync(specDir)) return undefined;
  const names = readdirSync(specDir).filter((d) => existsSync(join(specDir, d, "platform.yaml"))).sort();
  const base = join(tmpdir(), `platformc-bench-seed-${process.pid}`);
  const outRoot = join(base, "out");
  const hyper = (await runProcess([HYPERFINE, "--version"])).code === 0;
  const perPlatform = [];
  for (const name of names) {
    const argv = [process.execPath, CLI, "build", join(specDir, name), "--out", outRoot];
    const row = { name };
    for (const [phase, clear] of [["cold", [outRoot, CACHE_ROOT]], ["warm", [CACHE_ROOT]], ["noop", []]]) {
      if (hyper) {
        const json = join(base, `${name}-${phase}.json`);
        mkdirSync(base, { recursive: true });
        const prepare = clear.length ? ["--prepare", `rm -rf ${clear.join(" ")}`] : [];
        const r = await runProcess([HYPERFINE, "-N", "--style", "none", "--warmup", "1", "--runs", "5", ...prepare, "--export-json", json, argv.join(" ")]);
        if (r.code !== 0) {
          failure(`seed ${name} ${phase} (hyperfine)`, r);
          return { failed: true };
        }
        row[phase] = JSON.parse(readFileSync(json, "utf8")).results[0].median;
      } else {
        const walls = [];
        for (let i = 0; i < 6; i++) {
          for (const d of clear) rmSync(d, { recursive: true, force: true });
          const r = await runProcess(argv, { measured: true, useTime });
          if (r.code !== 0) {
            failure(`seed ${name} ${phase} build ${i + 1}`, r);
            return { failed: true };
          }
          if (i > 0) walls.push(r.wall);
        }
        row[phase] = median(walls);
      }
    }
    perPlatform.push(row);
  }
  if (!KEEP) rmSync(base, { recursive: true, force: true });
  const slowest = (k) => perPlatform.reduce((a, b) => (b[k] > a[k] ? b : a));
  return { tool: hyper ? "hyperfine, median of 5 after 1 warm-up" : "median of 5 after 1 warm-up", perPlatform, cold: slowest("cold"), noop: slowest("noop") };
}

const KUSTOMIZE_AT = Number(process.env.BENCH_KUSTOMIZE_AT ?? 10000);

function kustomizationRoots(dir) {
  const roots = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === "kustomization.yaml") roots.push(d);
    }
  };
  walk(dir);
  return roots.sort();
}

async function slowestKustomize(platformDir) {
  const roots = kustomizationRoots(platformDir);
  process.stderr.write(`  kubectl kustomize over ${roots.length} roots\n`);
  let worst = { wall: 0, root: "" };
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < roots.length) {
      const root = roots[next++];
      const r = await runProcess(["kubectl", "kustomize", root], { measured: true });
      if (r.code !== 0) failed++;
      if (r.wall > worst.wall) worst = { wall: r.wall, root: root.slice(platformDir.length + 1) };
    }
  };
  await Promise.all([worker(), worker()]);
  return { roots: roots.length, failed, ...worst };
}

function table(head, body) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  return [line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...body.map(line)].join("\n");
}

async function main() {
  const sizes = parseSizes();
  const compiled = join(CLI, "..", "..", "dist", "src", "cli", "index.js");
  if (!existsSync(compiled)) {
    process.stderr.write(`${compiled} is missing: build platformc first (npm run build)\n`);
    process.exit(2);
  }
  const builtAt = statSync(compiled).mtimeMs;
  const sourcesAt = Math.max(newestMtime(join(ROOT, "src")), newestMtime(join(ROOT, "generators")));
  const stale = sourcesAt > builtAt;
  const useTime = await detectTime();
  const loadBefore = loadavg()[0];

  // Start-up costs put the small sizes and the seed in context: they bound what any build can reach.
  const nodeStart = [];
  const cliStart = [];
  for (let i = 0; i < 3; i++) {
    nodeStart.push((await runProcess([process.execPath, "-e", "0"], { measured: true, useTime })).wall);
    cliStart.push((await runProcess([process.execPath, CLI, "--version"], { measured: true, useTime })).wall);
  }

  const results = [];
  for (const size of sizes) results.push(await benchSize(size, useTime));
  process.stderr.write("seed: each spec/<name> cold, warm and no-op\n");
  const seed = await benchSeed(useTime);

  const loadAfter = loadavg()[0];
  const cores = availableParallelism();
  const out = [];
  const p = (s = "") => out.push(s);
  p();
  p(`platformc benchmark — node ${process.version}, ${useTime ? "GNU time for wall and peak RSS" : "no /usr/bin/time: wall by hrtime, memory not measured"}; median of 3 runs for sizes <= 1000, 1 run above`);
  // Other work on the machine inflates every number here; say so rather than let it pass as a regression.
  // The reading taken at the end includes about 1 of our own (one build at a time).
  const busy = loadBefore > cores * 0.75 || loadAfter - 1 > cores * 0.75;
  p(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cores} cores${busy ? " — WARNING: machine busy, timings are inflated and noisy" : ""}`);
  if (stale) p("WARNING: sources in src/ or generators/ are newer than dist/; results are for the last build (npm run build)");
  p(`start-up: node -e 0 ${fmt(median(nodeStart))} s, platformc --version ${fmt(median(cliStart))} s (included in every platformc time below)`);
  p();
  const x = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : "-");
  for (const r of results) {
    const floor = { json: median(r.floor.json), yaml: median(r.floor.yaml), cdk8s: median(r.floor.cdk8s) };
    r.summary = { cold: median(r.cold), warm: median(r.warm), noop: median(r.noop), peak: r.rss.length ? Math.max(...r.rss) : NaN, floor };
  }
  p("platformc, whole process (Node start-up included); peak is the largest RSS of its cold and warm runs:");
  p(table(["size", "specMB", "files", "cold (s)", "warm (s)", "no-op (s)", "peak MiB"], results.map((r) => {
    const s = r.summary;
    const fail = r.failed ? r.failed.toUpperCase() : undefined;
    return [String(r.size), fmt(r.specMB, 2), Number.isFinite(r.files) ? String(r.files) : "-", fail ?? fmt(s.cold), fail ? "-" : fmt(s.warm), fail ? "-" : fmt(s.noop, 3), fmt(s.peak, 0)];
  })));
  p();
  p("the same Kubernetes objects, one process, in-process time (no start-up, no parsing): floors and a peer, and platformc cold / each:");
  p(table(["size", "JSON.stringify (s)", "yaml (s)", "cdk8s (s)", "/JSON", "/yaml", "/cdk8s"], results.map((r) => {
    const s = r.summary;
    const cdk = Number.isFinite(s.floor.cdk8s) ? fmt(s.floor.cdk8s, 3) : r.cdk8sAtLeast !== undefined ? `> ${fmt(r.cdk8sAtLeast, 0)} (stopped)` : "-";
    const vsCdk = Number.isFinite(s.floor.cdk8s) ? x(s.cold, s.floor.cdk8s) : r.cdk8sAtLeast !== undefined ? `< ${x(s.cold, r.cdk8sAtLeast)}` : "-";
    return [String(r.size), fmt(s.floor.json, 3), fmt(s.floor.yaml, 3), cdk, x(s.cold, s.floor.json), x(s.cold, s.floor.yaml), vsCdk];
  })));
  for (const r of results) for (const n of r.notes) p(`  size ${r.size}: NOTE ${n}`);
  const bySize = new Map(results.map((r) => [r.size, r]));
  const t1k = bySize.get(1000)?.summary?.cold;
  const t10k = bySize.get(10000)?.summary?.cold;
  const scaling = t10k / t1k;
  p();
  p(`ratio time(10000)/time(1000) (cold): ${Number.isFinite(scaling) ? scaling.toFixed(2) : "n/a (needs sizes 1000 and 10000)"}`);
  if (seed && !seed.failed) {
    p(`seed platforms, each spec/<name> alone, whole process (${seed.tool}):`);
    p(table(["seed", "cold (s)", "warm (s)", "no-op (s)"], seed.perPlatform.map((r) => [r.name, fmt(r.cold, 3), fmt(r.warm, 3), fmt(r.noop, 3)])));
  } else if (seed?.failed) p("seed platform spec/: build FAILED");

  p();
  p("targets:");
  const verdict = (ok, text) => p(`  ${ok === undefined ? "n/a   " : ok ? "MET   " : "MISSED"} ${text}`);
  const big = bySize.get(TARGET.bigSize);
  const bs = big?.summary;
  const bigOk = big && !big.failed;
  const notRun = `size ${TARGET.bigSize} not run`;
  verdict(big ? bigOk && bs.cold < TARGET.bigSeconds : undefined, `${TARGET.bigSize} services build in < ${TARGET.bigSeconds} s: ${!big ? notRun : big.failed ?? fmt(bs.cold) + " s cold"}`);
  for (const limit of [TARGET.bigMiB, TARGET.bigMiBStrict]) {
    const what = `${TARGET.bigSize} services peak RSS < ${limit >= 1024 ? `${limit / 1024} GiB` : `${limit} MiB`}`;
    if (!useTime) verdict(undefined, `${what}: not measured without ${TIME}`);
    else verdict(big ? bigOk && bs.peak < limit : undefined, `${what}: ${!big ? notRun : big.failed ?? fmt(bs.peak, 0) + " MiB"}`);
  }
  const vsJson = bs ? bs.cold / bs.floor.json : NaN;
  verdict(big && Number.isFinite(vsJson) ? bigOk && vsJson <= TARGET.jsonRatio : undefined, `${TARGET.bigSize} services <= ${TARGET.jsonRatio}x the JSON.stringify floor of the same objects: ${!big ? notRun : big.failed ?? `${fmt(bs.cold)} s vs ${fmt(bs.floor.json, 3)} s = ${x(bs.cold, bs.floor.json)}`}`);
  const cdk8sTime = Number.isFinite(bs?.floor.cdk8s) ? bs.floor.cdk8s : big?.cdk8sAtLeast;
  const cdk8sShown = Number.isFinite(bs?.floor.cdk8s) ? `${fmt(bs.floor.cdk8s, 3)} s` : `more than ${fmt(big?.cdk8sAtLeast, 0)} s (stopped)`;
  verdict(big && cdk8sTime !== undefined ? bigOk && bs.cold < cdk8sTime : undefined, `${TARGET.bigSize} services faster than cdk8s synthesizing the same objects: ${!big ? notRun : big.failed ?? `${fmt(bs.cold)} s vs ${cdk8sShown}`}`);
  for (const r of results) {
    const s = r.summary;
    const ratio = s.cold / s.floor.yaml;
    if (r.failed || !Number.isFinite(ratio)) {
      verdict(r.failed ? false : undefined, `platformc/yaml floor <= ${TARGET.floorRatio} at size ${r.size}: ${r.failed ?? "no floor measured"}`);
      continue;
    }
    verdict(ratio <= TARGET.floorRatio, `platformc/yaml floor <= ${TARGET.floorRatio} at size ${r.size}: ${fmt(s.cold)} s whole-process cold build vs ${fmt(s.floor.yaml, 3)} s YAML.stringify+write = ${ratio.toFixed(1)}x`);
  }
  for (const r of results) {
    if (!r.kustomize) continue;
    const k = r.kustomize;
    p(`  size ${r.size}: kubectl kustomize over ${k.roots} roots, slowest ${fmt(k.wall)} s (${k.root})${k.failed ? `, ${k.failed} FAILED` : ""}`);
    verdict(k.failed === 0 && k.wall < 1, `slowest kubectl kustomize of any root at ${r.size} services < 1 s: ${fmt(k.wall)} s${k.failed ? `, ${k.failed} roots failed` : ""}`);
  }
  for (const limit of [TARGET.scaling, TARGET.scalingStrict]) {
    verdict(Number.isFinite(scaling) ? scaling < limit : undefined, `time(10000)/time(1000) < ${limit}: ${Number.isFinite(scaling) ? scaling.toFixed(2) : "needs sizes 1000 and 10000"}`);
  }
  const seedOk = seed && !seed.failed;
  const noSeed = seed?.failed ? "build failed" : "no spec/ dir";
  for (const limit of [TARGET.seedSeconds, TARGET.seedColdSeconds]) {
    verdict(seedOk ? seed.cold.cold < limit : seed?.failed ? false : undefined, `every seed platform builds cold in < ${limit} s: ${seedOk ? `slowest ${seed.cold.name} ${fmt(seed.cold.cold, 3)} s` : noSeed}`);
  }
  verdict(seedOk ? seed.noop.noop < TARGET.noopSeconds : seed?.failed ? false : undefined, `every seed's no-op rebuild in < ${TARGET.noopSeconds} s: ${seedOk ? `slowest ${seed.noop.name} ${fmt(seed.noop.noop, 3)} s` : noSeed}`);
  p("  (platformc times are whole processes: Node start-up, module loading, parsing, validation and emit;");
  p("   the floors are in-process serialisation + write of the same objects only)");
  process.stdout.write(out.join("\n") + "\n");
  rmSync(CACHE_ROOT, { recursive: true, force: true });
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
