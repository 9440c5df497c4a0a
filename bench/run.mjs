// The platformc benchmark: compiles synthetic platforms of growing size and the repository's own spec/,
// each build in a fresh process, and prints a report against the performance targets.
//
//   npm run bench                  # sizes 10 100 1000 10000
//   node bench/run.mjs 10 100      # chosen sizes; or BENCH_SIZES="10,100"
//   BENCH_KEEP=1 ...               # keep the scratch trees under the OS temp dir for inspection
//   BENCH_TIMEOUT=300 ...          # seconds before one build is abandoned (counts as a miss)
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
const KEEP = !!process.env.BENCH_KEEP;

const TARGET = { bigSize: 10000, bigSeconds: 10, bigMiB: 1.5 * 1024, floorRatio: 2, scaling: 15, seedSeconds: 0.5 };

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
function runProcess(argv, { measured = false, useTime = false, cwd = ROOT } = {}) {
  const timeFile = measured && useTime ? join(tmpdir(), `platformc-bench-time-${process.pid}-${Date.now()}`) : undefined;
  const full = timeFile ? [TIME, "-o", timeFile, "-f", "%e %M", ...argv] : argv;
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
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
    }, TIMEOUT_S * 1000);
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
  const res = { size, specMB: Buffer.byteLength(text) / 1e6, cold: [], warm: [], rss: [], floor: [], files: NaN, notes: [] };
  process.stderr.write(`size ${size}: spec ${fmt(res.specMB, 2)} MB, ${reps} run${reps > 1 ? "s" : ""} each of cold, warm and floor\n`);

  for (let i = 0; i < reps; i++) {
    // Cold: no out/ at all, so every file is written and the tree is swapped in.
    rmSync(outRoot, { recursive: true, force: true });
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
    // Warm: the out/ of the last cold build is current, so nothing should be written.
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
  // The consumer's side (issue 3): kubectl kustomize over every generated root, one process per root as
  // Flux and Argo run it, two at a time on two cores. Only at the largest size, where it matters.
  if (size >= KUSTOMIZE_AT) res.kustomize = await slowestKustomize(join(outRoot, name));
  for (let i = 0; i < reps; i++) {
    const r = await runProcess([process.execPath, FLOOR, join(outRoot, name), join(dir, "floor")]);
    if (r.code !== 0) {
      failure(`floor ${i + 1}`, r);
      break;
    }
    res.floor.push(Number(r.stdout.trim()));
  }
  return res;
}

// The target is per platform ("a seed platform builds in under 0.5 s"): each spec/<name> is built on its
// own, cold, 5 times; the report gives every platform's median and judges the slowest.
async function benchSeed(useTime) {
  const specDir = join(ROOT, "spec");
  if (!existsSync(specDir)) return undefined;
  const names = readdirSync(specDir).filter((d) => existsSync(join(specDir, d, "platform.yaml"))).sort();
  const outRoot = join(tmpdir(), "platformc-bench-seed", "out");
  const perPlatform = [];
  for (const name of names) {
    const walls = [];
    for (let i = 0; i < 5; i++) {
      rmSync(outRoot, { recursive: true, force: true });
      const r = await runProcess([process.execPath, CLI, "build", join(specDir, name), "--out", outRoot], { measured: true, useTime });
      if (r.code !== 0) {
        failure(`seed ${name} build ${i + 1}`, r);
        return { failed: true };
      }
      walls.push(r.wall);
    }
    perPlatform.push({ name, wall: median(walls) });
  }
  if (!KEEP) rmSync(join(tmpdir(), "platformc-bench-seed"), { recursive: true, force: true });
  const slowest = perPlatform.reduce((a, b) => (b.wall > a.wall ? b : a));
  return { wall: slowest.wall, slowest: slowest.name, perPlatform };
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

function table(rows) {
  const head = ["size", "specMB", "platformc cold (s)", "warm (s)", "peak MiB", "floor (s)", "platformc/floor"];
  const body = rows.map((r) => r.cells);
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
  process.stderr.write("seed: each spec/<name> x5\n");
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
  const rows = results.map((r) => {
    const cold = median(r.cold);
    const warm = median(r.warm);
    const floor = median(r.floor);
    const peak = r.rss.length ? Math.max(...r.rss) : NaN;
    const ratio = cold / floor;
    r.summary = { cold, warm, floor, peak, ratio };
    const fail = r.failed ? r.failed.toUpperCase() : undefined;
    return {
      cells: [
        String(r.size),
        fmt(r.specMB, 2),
        fail ?? fmt(cold),
        fail ? "-" : fmt(warm),
        fmt(peak, 0),
        fmt(floor, 3),
        Number.isFinite(ratio) ? `${ratio.toFixed(1)}x` : "-",
      ],
    };
  });
  p(table(rows));
  for (const r of results) {
    if (Number.isFinite(r.files)) p(`  size ${r.size}: ${r.files} generated files`);
    for (const n of r.notes) p(`  size ${r.size}: NOTE ${n}`);
  }
  const bySize = new Map(results.map((r) => [r.size, r]));
  const t1k = bySize.get(1000)?.summary?.cold;
  const t10k = bySize.get(10000)?.summary?.cold;
  const scaling = t10k / t1k;
  p();
  p(`ratio time(10000)/time(1000) (cold): ${Number.isFinite(scaling) ? scaling.toFixed(2) : "n/a (needs sizes 1000 and 10000)"}`);
  if (seed && !seed.failed) p(`seed platforms (each spec/<name> alone, cold, median of 5): ${seed.perPlatform.map((x) => `${x.name} ${fmt(x.wall, 3)} s`).join(", ")}`);
  else if (seed?.failed) p("seed platform spec/: build FAILED");

  p();
  p("targets:");
  const verdict = (ok, text) => p(`  ${ok === undefined ? "n/a   " : ok ? "MET   " : "MISSED"} ${text}`);
  const big = bySize.get(TARGET.bigSize);
  if (!big) {
    verdict(undefined, `${TARGET.bigSize} services in < ${TARGET.bigSeconds} s and < 1.5 GiB (size ${TARGET.bigSize} not run)`);
  } else {
    const s = big.summary;
    verdict(!big.failed && s.cold < TARGET.bigSeconds, `${TARGET.bigSize} services build in < ${TARGET.bigSeconds} s: ${big.failed ? big.failed : fmt(s.cold) + " s cold"}`);
    if (useTime) verdict(!big.failed && s.peak < TARGET.bigMiB, `${TARGET.bigSize} services peak RSS < 1.5 GiB: ${big.failed ?? fmt(s.peak, 0) + " MiB"}`);
    else verdict(undefined, `${TARGET.bigSize} services peak RSS < 1.5 GiB: not measured without ${TIME}`);
  }
  for (const r of results) {
    const s = r.summary;
    if (r.failed || !Number.isFinite(s.ratio)) {
      verdict(r.failed ? false : undefined, `platformc/floor <= ${TARGET.floorRatio} at size ${r.size}: ${r.failed ?? "no floor measured"}`);
      continue;
    }
    verdict(s.ratio <= TARGET.floorRatio, `platformc/floor <= ${TARGET.floorRatio} at size ${r.size}: ${fmt(s.cold)} s whole-process cold build vs ${fmt(s.floor, 3)} s stringify+write = ${s.ratio.toFixed(1)}x`);
  }
  for (const r of results) {
    if (!r.kustomize) continue;
    const k = r.kustomize;
    p(`  size ${r.size}: kubectl kustomize over ${k.roots} roots, slowest ${fmt(k.wall)} s (${k.root})${k.failed ? `, ${k.failed} FAILED` : ""}`);
    verdict(k.failed === 0 && k.wall < 1, `slowest kubectl kustomize of any root at ${r.size} services < 1 s: ${fmt(k.wall)} s${k.failed ? `, ${k.failed} roots failed` : ""}`);
  }
  verdict(Number.isFinite(scaling) ? scaling < TARGET.scaling : undefined, `time(10000)/time(1000) < ${TARGET.scaling}: ${Number.isFinite(scaling) ? scaling.toFixed(2) : "needs sizes 1000 and 10000"}`);
  verdict(seed && !seed.failed ? seed.wall < TARGET.seedSeconds : seed?.failed ? false : undefined, `every seed platform builds in < ${TARGET.seedSeconds} s: ${seed && !seed.failed ? `slowest ${seed.slowest} ${fmt(seed.wall, 3)} s` : seed?.failed ? "build failed" : "no spec/ dir"}`);
  p("  (platformc times are whole processes: Node start-up, module loading, parsing, validation and emit;");
  p("   the floor is in-process YAML.stringify + write of the same objects only)");
  process.stdout.write(out.join("\n") + "\n");
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
