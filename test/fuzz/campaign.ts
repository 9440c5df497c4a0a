// Runs fuzz cases through the CLI and checks what must hold for any input whatever: no exit 70, no stack trace, an
// exit code that matches the diagnostics, every diagnostic located inside the file, time bounded by the input's
// size, and for builds: nothing written on errors, and a --check right after a successful build finding it current.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeText } from "../../src/parse/index.js";
import { cli } from "../support/cli-harness.js";
import { makeCase, prng, type FuzzCase, type Kind } from "./mutate.js";

/** Generous on purpose: a loaded 2-core CI machine, and GC pauses. Per run of the CLI. */
export const boundMs = (bytes: number): number => 2000 + (1000 * bytes) / (1024 * 1024);

// Codes reported without a place in the spec: I/O and command-line problems.
const UNLOCATED = new Set(["PC0001", "PC0002", "PC0007", "PC0008"]);

export interface Run {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

export interface CaseResult {
  seed: number;
  base: string;
  kinds: Kind[];
  bytes: number;
  mode: "validate" | "build";
  format: "human" | "json";
  code: number | null;
  ms: number;
  /** the first error's code, to show how far the cases got */
  firstError?: string;
  problems: string[];
}

interface Place {
  file: string;
  line: number;
  col: number;
  what: string;
}

function places(run: Run, format: "human" | "json", problems: string[]): Place[] {
  const found: Place[] = [];
  if (format === "human") {
    // [ \t]*, not \s*: a run of blank lines in the output (a spec's string of newlines, quoted) must not make each of
    // its line starts scan the whole run, which is quadratic
    for (const m of run.err.matchAll(/^[ \t]*(-->|:::) (.+):(\d+):(\d+)$/gm)) found.push({ file: m[2]!, line: Number(m[3]), col: Number(m[4]), what: m[0].trim() });
    const headers = [...run.err.matchAll(/^(?:error|warning)\[(PC\d{4})\]/gm)].filter((m) => !UNLOCATED.has(m[1]!)).length;
    const primaries = found.filter((p) => p.what.startsWith("-->")).length;
    if (headers !== primaries) problems.push(`${headers} located diagnostics but ${primaries} --> locations`);
    return found;
  }
  let json: { diagnostics?: Array<Record<string, unknown>> };
  try {
    json = JSON.parse(run.out) as typeof json;
  } catch {
    problems.push(`--format json printed no JSON: ${run.out.slice(0, 200)}`);
    return found;
  }
  for (const d of json.diagnostics ?? []) {
    if (typeof d.file !== "string") {
      if (!UNLOCATED.has(String(d.code))) problems.push(`${String(d.code)} has no location`);
      continue;
    }
    found.push({ file: d.file, line: Number(d.line), col: Number(d.column), what: `${String(d.code)} start` });
    found.push({ file: d.file, line: Number(d.endLine), col: Number(d.endColumn), what: `${String(d.code)} end` });
    for (const r of (d.related ?? []) as Array<Record<string, unknown>>) found.push({ file: String(r.file), line: Number(r.line), col: Number(r.column), what: `${String(d.code)} related` });
  }
  return found;
}

/** Problems with one run of the CLI over `file` holding `bytes`; none when all is well. */
export function judge(run: Run, file: string, bytes: Buffer, format: "human" | "json", allowed: readonly number[]): string[] {
  const problems: string[] = [];
  if (run.code === 70) problems.push("exit 70 (internal error)");
  else if (!allowed.includes(run.code ?? -1)) problems.push(`exit ${run.code}, expected one of ${allowed.join(", ")}`);
  if (/internal error/i.test(run.err + run.out)) problems.push("prints an internal error");
  if (/^ {4}at .+/m.test(run.err + run.out)) problems.push("prints a stack trace");
  const hasError = format === "json" ? /"severity": "error"/.test(run.out) : /^error\[PC\d{4}\]/m.test(run.err);
  if (run.code === 0 && hasError) problems.push("exit 0 with an error diagnostic");
  if (run.code === 1 && !hasError) problems.push("exit 1 without an error diagnostic");
  if (run.ms > boundMs(bytes.length)) problems.push(`took ${run.ms.toFixed(0)} ms, over the ${boundMs(bytes.length).toFixed(0)} ms bound for ${bytes.length} bytes`);

  const decoded = decodeText(bytes);
  const lines = (decoded.ok ? decoded.text : "").split("\n");
  for (const p of places(run, format, problems)) {
    if (path.resolve(p.file) !== path.resolve(file)) problems.push(`${p.what}: names ${p.file}, not the spec`);
    else if (!(p.line >= 1 && p.line <= lines.length)) problems.push(`${p.what}: line ${p.line} outside the file's ${lines.length} lines`);
    else if (!(p.col >= 1 && p.col <= lines[p.line - 1]!.length + 1)) problems.push(`${p.what}: column ${p.col} outside line ${p.line} (${lines[p.line - 1]!.length} characters)`);
  }
  return problems;
}

function timed(argv: string[]): Run {
  const t0 = performance.now();
  const r = cli(argv);
  return { ...r, ms: performance.now() - t0 };
}

/** One case in-process, in `root` (its spec/ and out/ are reused by the next case). */
export function runCase(c: FuzzCase, root: string, buildShare: number): CaseResult {
  const r = prng(c.seed ^ 0x5bd1e995);
  const mode = r() < buildShare ? "build" : "validate";
  const format = r() < 0.33 ? "json" : "human";
  const file = path.join(root, "spec", c.base, "platform.yaml");
  fs.rmSync(path.join(root, "spec"), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, c.bytes);
  const out = path.join(root, "out");
  fs.rmSync(out, { recursive: true, force: true });

  const argv = mode === "build" ? ["build", file, "--out", out, "--format", format] : ["validate", file, "--format", format];
  const run = timed(argv);
  const problems = judge(run, file, c.bytes, format, [0, 1]);
  if (mode === "build" && run.code === 1 && fs.existsSync(out) && fs.readdirSync(out).length > 0) problems.push(`a failed build wrote ${fs.readdirSync(out).join(", ")}`);
  if (mode === "build" && run.code === 0) {
    const check = timed(["build", file, "--out", out, "--check"]);
    problems.push(...judge(check, file, c.bytes, "human", [0]).map((p) => `build --check after the build: ${p}`));
  }
  const firstError = format === "json" ? /"code": "(PC\d{4})",\s*"severity": "error"/.exec(run.out)?.[1] : /^error\[(PC\d{4})\]/m.exec(run.err)?.[1];
  return { seed: c.seed, base: c.base, kinds: c.kinds, bytes: c.bytes.length, mode, format, code: run.code, ms: run.ms, ...(firstError ? { firstError } : {}), problems };
}

export interface Summary {
  seed: number;
  cases: number;
  seconds: number;
  exitCodes: Record<string, number>;
  byMode: Record<string, number>;
  byKind: Record<string, { cases: number; exit0: number; exit1: number }>;
  /** how far the cases got: the first error's code range (PC01xx YAML, PC02xx schema, PC03xx+ later phases) */
  firstErrors: Record<string, number>;
  largestBytes: number;
  slowest: Array<{ seed: number; ms: number; bytes: number; kinds: string }>;
  /** warnings Node printed on stderr during the runs (the `yaml` package's, say), by message: recorded, not failed */
  nodeWarnings: Record<string, { count: number; firstSeed: number }>;
  failures: Array<{ seed: number; base: string; kinds: string; problems: string[]; input: string }>;
}

/** Cases seed, seed+1, ... until `cases` ran or `seconds` passed (0: no limit). */
export function campaign(opts: { seed: number; cases: number; seconds: number; buildShare: number; progress?: (s: Summary) => void }): Summary {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-fuzz-"));
  const s: Summary = { seed: opts.seed, cases: 0, seconds: 0, exitCodes: {}, byMode: {}, byKind: {}, firstErrors: {}, largestBytes: 0, slowest: [], nodeWarnings: {}, failures: [] };
  const t0 = performance.now();
  let current = opts.seed;
  // Node delivers the "warning" event on a later tick, after this synchronous loop, so the case that caused one is
  // only known by catching process.emitWarning itself.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((w: string | Error): void => {
    const key = (typeof w === "string" ? w : w.message).replace(/"[^"]*"/g, '"…"').slice(0, 200);
    (s.nodeWarnings[key] ??= { count: 0, firstSeed: current }).count++;
  }) as typeof process.emitWarning;
  try {
    for (let i = 0; i < opts.cases; i++) {
      if (opts.seconds > 0 && performance.now() - t0 > opts.seconds * 1000) break;
      current = (opts.seed + i) >>> 0;
      const c = makeCase(current);
      const r = runCase(c, root, opts.buildShare);
      s.cases++;
      s.exitCodes[String(r.code)] = (s.exitCodes[String(r.code)] ?? 0) + 1;
      s.byMode[r.mode] = (s.byMode[r.mode] ?? 0) + 1;
      for (const k of new Set(r.kinds)) {
        const e = (s.byKind[k] ??= { cases: 0, exit0: 0, exit1: 0 });
        e.cases++;
        if (r.code === 0) e.exit0++;
        if (r.code === 1) e.exit1++;
      }
      const range = r.firstError === undefined ? "none" : r.firstError.slice(0, 4) === "PC00" ? "PC00xx" : r.firstError.slice(0, 4) === "PC01" ? "PC01xx" : r.firstError.slice(0, 4) === "PC02" ? "PC02xx" : "PC03xx+";
      s.firstErrors[range] = (s.firstErrors[range] ?? 0) + 1;
      s.largestBytes = Math.max(s.largestBytes, r.bytes);
      s.slowest.push({ seed: r.seed, ms: Math.round(r.ms), bytes: r.bytes, kinds: r.kinds.join("+") });
      s.slowest = s.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
      if (r.problems.length > 0 && s.failures.length < 20) {
        const input = path.join(os.tmpdir(), `platformc-fuzz-${r.seed}.yaml`);
        fs.writeFileSync(input, c.bytes);
        s.failures.push({ seed: r.seed, base: r.base, kinds: r.kinds.join("+"), problems: r.problems, input });
      }
      if (opts.progress && s.cases % 1000 === 0) opts.progress({ ...s, seconds: (performance.now() - t0) / 1000 });
    }
  } finally {
    process.emitWarning = emitWarning;
    fs.rmSync(root, { recursive: true, force: true });
  }
  s.seconds = Math.round((performance.now() - t0) / 100) / 10;
  return s;
}

/** How to run one failing case again, alone. */
export function replay(seed: number): string {
  return `FUZZ_SEED=${seed} FUZZ_CASES=1 npx vitest run test/fuzz/fuzz.test.ts`;
}
