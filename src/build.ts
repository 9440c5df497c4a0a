// The pipeline for a spec directory: discover -> (per platform) parse -> validate -> lower -> allocate ->
// check -> generate -> (all platforms clean?) emit or check. Nothing is written unless every platform
// compiled without errors, so a bad spec never leaves a partial out/.
import { statSync, openSync, readSync, closeSync, mkdirSync, readFileSync, type Stats } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";
import { positionOf, type SourceFile } from "./source.js";
import { Diagnostics, diag, sortDiagnostics, spanAt, type Diagnostic } from "./diagnostics/diagnostic.js";
import { decodeText, parseSpec, type SpecFile } from "./parse/index.js";
import { validateSpec } from "./validate/index.js";
import { dependsOnPruned, validPart } from "./validate/partial.js";
import { lower, type LowerOptions } from "./lower/index.js";
import { applyIgnores, readIgnores, reportUnused, type Silenced } from "./lower/ignore.js";
import { allocate } from "./allocate.js";
import { runChecks, CHECKS } from "./checks/index.js";
import type { Graph } from "./graph.js";
import { generatedHeader, type CheckReport, type GeneratedFile, type GenerateContext, type Generator } from "../generators/contract.js";
import type { TalosBundle } from "./lib/talos-secrets/bundle.js";
import { GENERATORS } from "../generators/index.js";
import { discoverSpecs, errnoText, repoPath, specFileReader, stablePath } from "./lib/spec-files.js";
import { emitPlatform, checkPlatform, mergeOnly, lockOut, LockBusyError, type EmitResult, type DriftEntry, type OutputFile, type OutLock } from "./emit/index.js";
import { dropRecord, manifestText, MANIFEST_NAME, sha256, writeRecord, type EmittedPlatform } from "./emit/index.js";
import { codeIdentityAt, inputsMatch, outCurrent, readRecordFile, readResult, writeReplay, type NoopKey, type NoopRecord, type ReplayMatch } from "./emit/noop.js";
import { fileURLToPath } from "node:url";

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
/** How long a build waits for another build that holds the output directory's lock (src/emit/lock.ts). */
export const DEFAULT_LOCK_WAIT_MS = 30_000;
/** For the CLI's help, which may not import emit/ itself. */
export { DIFF_MAX_CHANGED_LINES } from "./emit/index.js";
// Where specs are and what they read: node built-ins only, shared with the no-op preflight (src/emit/preflight.ts).
export { discoverSpecs, errnoText, specFileReader, stablePath } from "./lib/spec-files.js";

interface CompileResult {
  graph?: Graph;
  /** the spec the graph was lowered from (its locations), with the graph */
  spec?: SpecFile;
  files?: OutputFile[];
  checks: string[];
  /** for generators' withSecrets: the context the files were generated with */
  report?: CheckReport;
}

interface CompileOptions {
  /** the spec's path as written into generated headers (stablePath) */
  specPath: string;
  /** the output directory's path in the repository; GitOps paths point below it (default "out") */
  outPath?: string;
  /** reads a file the spec names, relative to its directory (specFileReader); without it such files are unreadable */
  readFile?: LowerOptions["readFile"];
}

/**
 * One platform.yaml, in memory: no disk access but through opts.readFile. Every phase runs on whatever is sound,
 * so one run reports every independent problem: the checks run after lowering errors, and lowering runs on the
 * part of a spec the schema accepted (validate/partial.ts). Only a spec with no error is generated.
 */
export function compileSource(source: SourceFile, opts: CompileOptions, diags: Diagnostics, generators: readonly Generator[] = GENERATORS): CompileResult {
  const { specPath, outPath = "out" } = opts;
  const first = diags.items.length;
  const parsed = parseSpec(source, diags);
  if (!parsed) return { checks: [] };
  let spec: SpecFile = parsed;
  let later = new Diagnostics();
  const valid = validateSpec(parsed, diags);
  if (!valid) {
    const part = validPart(parsed);
    if (!part) return { checks: [] };
    spec = part.spec;
    later = new Diagnostics(dependsOnPruned(part.pruned));
  }
  const graph = lower(spec, { specPath, outPath, ...(opts.readFile ? { readFile: opts.readFile } : {}) }, later);
  const lowered = !later.hasErrors;
  if (lowered) allocate(graph, later);
  else {
    // Allocation, like the checks (runChecks), is best effort on a graph that lowering reported broken.
    const own = later.fork();
    try {
      allocate(graph, own);
      for (const d of own.items) later.items.push(d);
    } catch {
      // its problems show once the lowering errors are fixed
    }
  }
  // From here on the graph is read only: checks and generators see one fixed graph, in any order.
  sealGraph(graph);
  const checks = runChecks(graph, later, !lowered);
  // Not push(...items): a spread of a hostile spec's many diagnostics could exceed the argument limit.
  for (const d of later.items) diags.items.push(d);
  // Only a complete run (every part valid and lowered) can tell that an ignore entry silences nothing.
  const silenced = silence(spec, graph, diags, first, valid && lowered);
  if (!valid || diags.items.slice(first).some((d) => d.severity === "error")) return { graph, spec, checks };
  const report = checkReport(checks, diags.items.slice(first), silenced, specPath);
  return { graph, spec, checks, report, files: generate(graph, report, generators) };
}

/**
 * Applies the spec's `ignore` to this platform's diagnostics (those from `first` on): the warnings it silences
 * leave the list, so they are neither printed nor counted, and come back for the docs. Only a complete run (the
 * checks ran on the whole graph) can tell that an entry silences nothing.
 */
function silence(spec: SpecFile, graph: Graph, diags: Diagnostics, first: number, complete: boolean): Silenced[] {
  const rules = readIgnores(spec, graph, diags, complete);
  const { kept, silenced } = applyIgnores(rules, diags.items.slice(first), spec);
  // Not splice(...kept): a spread of a hostile spec's many diagnostics could exceed the argument limit.
  diags.items.length = first;
  for (const d of kept) diags.items.push(d);
  if (complete) reportUnused(rules, spec, diags);
  return silenced;
}

/**
 * Runs the generators and stamps each file with its generator. Two generators writing one path is a bug in
 * platformc, not in the spec (paths come from src/plan/layout.ts), so it throws, naming both: exit 70.
 */
export function generate(graph: Graph, report: CheckReport, generators: readonly Generator[]): OutputFile[] {
  const files: OutputFile[] = [];
  const owner = new Map<string, string>();
  for (const g of generators) {
    const ctx: GenerateContext = { header: generatedHeader(g.name, graph.platform.specPath), report };
    for (const f of g.generate(graph, ctx)) {
      const other = owner.get(f.path);
      if (other !== undefined) throw new Error(`generators ${other} and ${g.name} both write ${f.path}`);
      owner.set(f.path, g.name);
      files.push({ path: f.path, content: f.content, generator: g.name });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

/** The files a generator writes outside out/ with secrets (talos: complete machine configs of one cluster). */
export function generateWithSecrets(graph: Graph, report: CheckReport, cluster: string, bundle: TalosBundle): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  for (const g of GENERATORS) {
    if (!g.withSecrets) continue;
    out.push(...g.withSecrets(graph, { header: generatedHeader(g.name, graph.platform.specPath), report }, cluster, bundle));
  }
  return out;
}

// The shipped bundle (scripts/build.mjs defines this) trusts what the tests proved: run from the sources, as every test
// does, the whole graph is frozen, so a check or generator that writes to it throws there. Walking the whole graph
// again on every build cost a twentieth of a 10,000-service build.
const SHIPPED = process.env.PLATFORMC_SHIPPED_BUNDLE === "1";

/**
 * Makes the graph read only. Either way the clusters' service lists are frozen: plan/namespaces.ts caches its index
 * only for a frozen list, which cannot go stale.
 */
function sealGraph(graph: Graph): void {
  if (!SHIPPED) return deepFreeze(graph);
  for (const c of graph.clusters) Object.freeze(c.services);
}

/** Iterative, so a deeply nested Helm `values` tree cannot exhaust the stack. */
function deepFreeze(root: object): void {
  const pending: unknown[] = [root];
  while (pending.length) {
    const o = pending.pop();
    if (o === null || typeof o !== "object" || Object.isFrozen(o)) continue;
    Object.freeze(o);
    for (const v of Object.values(o)) pending.push(v);
  }
}

/** The docs list what was checked; locations use the stable spec path so the output is the same anywhere. */
function checkReport(ran: string[], found: Diagnostic[], silenced: Silenced[], specPath: string): CheckReport {
  const described = new Map(CHECKS.map((c) => [c.name, c.description]));
  const entry = (d: Diagnostic) => {
    if (!d.span) return { code: d.code, message: d.message };
    const { line, col } = positionOf(d.span.file, d.span.start);
    return { code: d.code, message: d.message, location: `${specPath}:${line}:${col}` };
  };
  const reasons = new Map(silenced.map((s) => [s.diagnostic, s.reason]));
  return {
    checks: ran.map((name) => ({ name, description: described.get(name) ?? "" })),
    warnings: sortDiagnostics(found.filter((d) => d.severity === "warning")).map(entry),
    ignored: sortDiagnostics(silenced.map((s) => s.diagnostic)).map((d) => ({ ...entry(d), reason: reasons.get(d)! })),
  };
}

interface BuildOptions {
  dir: string;
  outDir: string;
  mode: "write" | "check" | "validate";
  only?: string[];
  maxFileSize?: number;
  /** how long to wait for another build's lock on outDir before giving up with PC0008 */
  lockWaitMs?: number;
  /** check mode: changed lines shown per stale file (default 20; Infinity for the whole diff) */
  diffLines?: number;
  /**
   * Where the no-op record of outDir lives and the identity of the code running (codeIdentity()); without it every
   * build is a full build. The CLI leaves it out when the build must produce more than out/ (--secrets).
   */
  cache?: { dir: string; codeId: string };
}

export interface PlatformResult {
  name: string;
  specPath: string;
  /** the generated files; empty when nothing was generated because out/ was known to be current (upToDate) */
  files: OutputFile[];
  /** how many files the selected generators produce (files.length, when they ran) */
  fileCount: number;
  /** set when the build was skipped: the spec, the code and out/ all match the record of the last build */
  upToDate?: true;
  checks: string[];
  emitted?: EmitResult;
  drift?: DriftEntry[];
  /** the compiled graph and the checks' report, for commands that render more than out/ (complete Talos configs) */
  graph?: Graph;
  report?: CheckReport;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  platforms: PlatformResult[];
  /** usage or I/O problem (exit 2) rather than a spec error (exit 1) */
  ioError: boolean;
  /** set when outDir's no-op record now holds this build: what a no-op of the same build returns, for saveReplay */
  replay?: NoopReplay;
}

/** A no-op of a build, valid while the record (by the hash of its bytes) is the one in the cache. */
export interface NoopReplay {
  cacheDir: string;
  out: string;
  record: string;
  result: BuildResult;
}

/** Path shown in diagnostics: relative to the working directory when inside it. */
function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  const shown = rel && !rel.startsWith("..") && !resolve(rel).startsWith("..") ? rel : p;
  return shown.split(sep).join("/");
}

function readSpec(path: string, maxSize: number, diags: Diagnostics): SourceFile | undefined {
  const shown = displayPath(path);
  const empty: SourceFile = { path: shown, text: "" };
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    diags.report("PC0001", undefined, { what: shown, reason: errnoText(e) });
    return undefined;
  }
  if (size > maxSize) {
    diags.report("PC0003", { file: empty, start: 0, end: 0 }, { size, limit: maxSize }, { help: "raise the limit with --max-file-size <bytes>, or check that this is the right file" });
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.alloc(size);
    const fd = openSync(path, "r");
    try {
      let off = 0;
      while (off < size) {
        const n = readSync(fd, bytes, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      bytes = bytes.subarray(0, off);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    diags.report("PC0001", undefined, { what: shown, reason: errnoText(e) });
    return undefined;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    diags.report("PC0004", { file: empty, start: 0, end: 0 }, { reason: decoded.reason });
    return undefined;
  }
  return { path: shown, text: decoded.text };
}

export function selectGenerators(only: string[] | undefined): { ok: true; list: readonly Generator[] } | { ok: false; unknown: string[] } {
  if (!only || only.length === 0) return { ok: true, list: GENERATORS };
  const unknown = only.filter((n) => !GENERATORS.some((g) => g.name === n));
  if (unknown.length) return { ok: false, unknown };
  return { ok: true, list: GENERATORS.filter((g) => only.includes(g.name)) };
}

export function build(opts: BuildOptions): BuildResult {
  const diags = new Diagnostics();
  const platforms: PlatformResult[] = [];
  const root = opts.dir;
  let st;
  try {
    st = statSync(root);
  } catch (e) {
    diags.report("PC0001", undefined, { what: displayPath(root), reason: errnoText(e) }, { help: "pass the directory that holds your platforms, e.g. `platformc build spec/`" });
    return { diagnostics: sortDiagnostics(diags.items), platforms, ioError: true };
  }
  const rootIsFile = st.isFile();
  const specs = rootIsFile ? [root] : discoverSpecs(root);
  if (specs.length === 0) {
    diags.report("PC0002", undefined, { dir: displayPath(root) }, { help: "create one with `platformc init <dir>`" });
    return { diagnostics: sortDiagnostics(diags.items), platforms, ioError: true };
  }
  const sel = selectGenerators(opts.only);
  const generators = sel.ok ? sel.list : GENERATORS;
  const noop = opts.cache && opts.mode !== "validate" ? noopBuild(opts, opts.cache, specs) : undefined;
  if (noop?.result) return { ...noop.result, ...(noop.replay ? { replay: noop.replay } : {}) };
  const key: NoopKey | undefined = noop ? { ...noop.keyBase, specs: [] } : undefined;
  let ioError = false;
  const byName = new Map<string, PlatformResult & { spanFile: SourceFile }>();
  for (const path of specs) {
    const source = readSpec(path, opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, diags);
    if (!source) {
      if (diags.items.some((d) => d.code === "PC0001")) ioError = true;
      continue;
    }
    const specPath = stablePath(path);
    const readFile = keyedReader(specFileReader(dirname(resolve(path)), opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE), key, path, source, opts.outDir);
    const r = compileSource(source, { specPath, outPath: repoPath(opts.outDir, path), readFile }, diags, generators);
    if (!r.graph || !r.spec) continue;
    const name = r.graph.platform.name;
    const other = byName.get(name);
    if (other) {
      // Two specs writing one out/<name>/ would overwrite each other.
      diags.report("PC0006", spanAt(r.spec, ["platform", "name"]), { name, other: other.spanFile.path });
      continue;
    }
    const result = { name, specPath, files: r.files ?? [], fileCount: r.files?.length ?? 0, checks: r.checks, spanFile: source, graph: r.graph, ...(r.report ? { report: r.report } : {}) };
    byName.set(name, result);
    platforms.push(result);
  }
  const sorted = sortDiagnostics(diags.items);
  const failed = sorted.some((d) => d.severity === "error");
  if (failed || opts.mode === "validate") return { diagnostics: sorted, platforms: platforms.map(strip), ioError };

  const locked = lockOutput(opts.outDir, opts.mode, opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  if ("problem" in locked) return { diagnostics: [...sorted, locked.problem], platforms: platforms.map(strip), ioError: true };
  // Only a build that printed nothing can be replayed from the record: warnings would need the parsed spec.
  const recording = opts.cache && key && sorted.length === 0 && !ioError && key.specs.length === specs.length ? { cache: opts.cache, key, emitted: [] as EmittedPlatform[] } : undefined;
  if (opts.cache && opts.mode === "write") dropRecord(opts.cache.dir, opts.outDir);
  let replay: NoopReplay | undefined;
  try {
    for (const p of platforms) {
      try {
        // --only regenerates those generators' files and keeps every other generator's files as they are on disk.
        const files = opts.only && opts.only.length ? mergeOnly(opts.outDir, p.name, p.files, generators.map((g) => g.name)) : p.files;
        if (opts.mode === "check") p.drift = checkPlatform(opts.outDir, p.name, files, opts.diffLines);
        else p.emitted = emitPlatform(opts.outDir, p.name, files);
        recording?.emitted.push(emittedPlatform(p, files));
      } catch (e) {
        // The spec is fine; the output directory is not writable as it stands. emit leaves it unchanged.
        const problem = diag("PC0007", undefined, { what: displayPath(join(opts.outDir, p.name)), reason: errnoText(e) }, { help: WRITE_FIX });
        return { diagnostics: [...sorted, problem], platforms: platforms.map(strip), ioError: true };
      }
    }
    // Under the lock: another build swapping its tree in between would have its files recorded under this key.
    if (recording && platforms.every((p) => p.drift === undefined || p.drift.length === 0)) {
      const written = writeRecord(recording.cache.dir, opts.outDir, recording.key, recording.emitted);
      if (written) replay = { cacheDir: recording.cache.dir, out: recording.key.out, record: written.sha256, result: noopResult(written.record, opts.mode) };
    }
  } finally {
    try {
      locked.lock?.release();
    } catch {
      // A lock left behind names this process and is no longer held: the next build (here or elsewhere) breaks it.
    }
  }
  return { diagnostics: sorted, platforms: platforms.map(strip), ioError, ...(replay ? { replay } : {}) };
}

/**
 * The spec's reader, noting in the key each file it read and what came of it. The spec is keyed by its bytes, read
 * again here: if they no longer decode to the text compiled (it changed in between), the spec gets no entry, and a
 * key with fewer specs than the build is never recorded.
 */
function keyedReader(read: NonNullable<LowerOptions["readFile"]>, key: NoopKey | undefined, file: string, source: SourceFile, outDir: string): NonNullable<LowerOptions["readFile"]> {
  if (!key) return read;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return read;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok || decoded.text !== source.text) return read;
  const entry = { file: resolve(file), sha256: sha256(bytes), specPath: stablePath(file), outPath: repoPath(outDir, file), reads: [] as NoopKey["specs"][number]["reads"] };
  key.specs.push(entry);
  return (rel) => {
    const r = read(rel);
    entry.reads.push({ rel, result: readResult(r) });
    return r;
  };
}

function emittedPlatform(p: PlatformResult, files: readonly OutputFile[]): EmittedPlatform {
  const bytes = new Map<string, string>();
  for (const f of files) bytes.set(f.path, f.content);
  bytes.set(MANIFEST_NAME, manifestText(files));
  return { name: p.name, specPath: p.specPath, fileCount: p.fileCount, checks: p.checks, files: bytes };
}

/**
 * The no-op rebuild: when the record of the last build of opts.outDir has this build's key and out/ is still what
 * that build left, the result is that build's, and nothing is parsed, generated or written. Otherwise it returns the
 * key's fixed part, for the full build to complete and record. Any doubt is a miss.
 */
function noopBuild(opts: BuildOptions, cache: NonNullable<BuildOptions["cache"]>, specs: string[]): { result?: BuildResult; replay?: NoopReplay; keyBase: Omit<NoopKey, "specs"> } {
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const keyBase = {
    code: cache.codeId,
    dir: resolve(opts.dir),
    out: resolve(opts.outDir),
    only: opts.only && opts.only.length ? [...new Set(opts.only)].sort() : null,
    maxFileSize,
  };
  const miss = { keyBase };
  const found = readRecordFile<NoopKey>(cache.dir, opts.outDir);
  if (!found || !sameKeyBase(found.record.key, keyBase)) return miss;
  if (!inputsMatch(found.record.key, specs, opts.outDir) || !outCurrent(opts.outDir, found.record.platforms)) return miss;
  const result = noopResult(found.record, opts.mode);
  return { keyBase, result, replay: { cacheDir: cache.dir, out: keyBase.out, record: found.sha256, result } };
}

/** The result of a no-op build as the record describes it: what both the full CLI's no-op and a replay print. */
function noopResult(rec: NoopRecord<NoopKey>, mode: BuildOptions["mode"]): BuildResult {
  const platforms: PlatformResult[] = rec.platforms.map((p) => {
    const paths = p.files.map((f) => f.path).filter((f) => f !== MANIFEST_NAME);
    const done = mode === "check" ? { drift: [] } : { emitted: { written: [], unchanged: paths, removed: [] } };
    return { name: p.name, specPath: p.specPath, files: [], fileCount: p.fileCount, upToDate: true, checks: p.checks, ...done };
  });
  return { diagnostics: [], platforms, ioError: false };
}

/**
 * Stores what a no-op of this exact command prints (the CLI renders it from replay.result), for the preflight
 * (src/emit/preflight.ts) to print without loading the CLI while the record stays the same.
 */
export function saveReplay(replay: NoopReplay, match: ReplayMatch, output: { stdout: string; stderr: string; code: number }): void {
  writeReplay(replay.cacheDir, { match, out: replay.out, record: replay.record, ...output });
}

export { replayMatch } from "./emit/noop.js";

function sameKeyBase(a: Omit<NoopKey, "specs">, b: Omit<NoopKey, "specs">): boolean {
  return a.code === b.code && a.dir === b.dir && a.out === b.out && a.maxFileSize === b.maxFileSize && JSON.stringify(a.only) === JSON.stringify(b.only);
}

/**
 * The identity of the running platformc: the id scripts/build.mjs wrote beside the compiled code (a hash of dist/,
 * the package version, the templates and the schema), confirmed against the templates and schema on disk, which
 * are read at run time and could have been edited since. Undefined when running from the sources (tests) or when
 * anything differs: then there is no no-op rebuild.
 */
export function codeIdentity(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  // The bundle (dist/platformc.mjs) has it beside itself; the compiled tree (dist/src/build.js) one level up.
  for (const file of [join(here, BUILD_ID), join(here, "..", BUILD_ID)]) {
    const id = codeIdentityAt(file);
    if (id !== undefined) return id ?? undefined;
  }
  return undefined;
}

const BUILD_ID = "build-id.json";

const WRITE_FIX = "check that the output directory is a directory you can write, and move away files of yours that sit where generated files go";

/**
 * The output directory's lock, held across the emit (or check) of all platforms: a check or an --only merge reading
 * while another build swaps would see a tree half old and half new, or none. A check of an out/ that does not exist
 * creates nothing, and a check of one it cannot write to runs unlocked: it writes nothing, so that is the best it
 * can do.
 */
function lockOutput(outDir: string, mode: "write" | "check", waitMs: number): { lock?: OutLock } | { problem: Diagnostic } {
  if (mode === "check" && !statOrUndefined(outDir)?.isDirectory()) return {};
  try {
    if (mode === "write") mkdirSync(outDir, { recursive: true });
    return { lock: lockOut(outDir, waitMs) };
  } catch (e) {
    if (e instanceof LockBusyError) {
      const wait = waitMs > 0 ? `this build waited ${Math.round(waitMs / 1000)} s; ` : "";
      const help = `wait for it to finish, or remove ${displayPath(e.lockPath)} if no platformc build runs (${wait}PLATFORMC_LOCK_WAIT=<seconds> sets how long to wait)`;
      return { problem: diag("PC0008", undefined, { holder: e.holder, out: displayPath(outDir) }, { help }) };
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (mode === "check" && (code === "EACCES" || code === "EPERM" || code === "EROFS")) return {};
    return { problem: diag("PC0007", undefined, { what: displayPath(outDir), reason: errnoText(e) }, { help: WRITE_FIX }) };
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function strip(p: PlatformResult & { spanFile?: SourceFile }): PlatformResult {
  const { spanFile: _drop, ...rest } = p;
  return rest;
}

