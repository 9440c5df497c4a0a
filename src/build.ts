// The pipeline for a spec directory: discover -> (per platform) parse -> validate -> lower -> allocate ->
// check -> generate -> (all platforms clean?) emit or check. Nothing is written unless every platform
// compiled without errors, so a bad spec never leaves a partial out/.
import { statSync, openSync, readSync, closeSync, existsSync, mkdirSync, readFileSync, realpathSync, type Stats } from "node:fs";
import { join, relative, resolve, basename, dirname, sep } from "node:path";
import { positionOf, type SourceFile } from "./source.js";
import { Diagnostics, diag, sortDiagnostics, spanAt, type Diagnostic } from "./diagnostics/diagnostic.js";
import { decodeText, parseSpec, type SpecFile } from "./parse/index.js";
import { validateSpec } from "./validate/index.js";
import { lower, type LowerOptions } from "./lower/index.js";
import { applyIgnores, readIgnores, reportUnused, type Silenced } from "./lower/ignore.js";
import { allocate } from "./allocate.js";
import { runChecks, CHECKS } from "./checks/index.js";
import type { Graph } from "./graph.js";
import { generatedHeader, type CheckReport, type GeneratedFile, type GenerateContext, type Generator } from "../generators/contract.js";
import type { TalosBundle } from "./lib/talos-secrets/bundle.js";
import { GENERATORS } from "../generators/index.js";
import { findFiles } from "./lib/walk.js";
import { isInside } from "./lib/paths.js";
import { emitPlatform, checkPlatform, mergeOnly, lockOut, LockBusyError, type EmitResult, type DriftEntry, type OutputFile, type OutLock } from "./emit/index.js";

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
/** How long a build waits for another build that holds the output directory's lock (src/emit/lock.ts). */
export const DEFAULT_LOCK_WAIT_MS = 30_000;
/** For the CLI's help, which may not import emit/ itself. */
export { DIFF_MAX_CHANGED_LINES } from "./emit/index.js";
const SPEC_FILE = "platform.yaml";

interface CompileResult {
  graph?: Graph;
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

/** One platform.yaml, in memory: no disk access but through opts.readFile. */
export function compileSource(source: SourceFile, opts: CompileOptions, diags: Diagnostics, generators: readonly Generator[] = GENERATORS): CompileResult {
  const { specPath, outPath = "out" } = opts;
  const first = diags.items.length;
  const spec = parseSpec(source, diags);
  if (!spec) return { checks: [] };
  if (!validateSpec(spec, diags)) return { checks: [] };
  const local = new Diagnostics();
  const graph = lower(spec, { specPath, outPath, ...(opts.readFile ? { readFile: opts.readFile } : {}) }, local);
  diags.items.push(...local.items);
  if (local.hasErrors) {
    silence(spec, graph, diags, first, false);
    return { checks: [] };
  }
  allocate(graph, diags);
  // From here on the graph is read only: checks and generators see one fixed graph, in any order.
  deepFreeze(graph);
  const checks = runChecks(graph, diags);
  const silenced = silence(spec, graph, diags, first, true);
  // Lowering had no error; one now came from allocation, the checks or the ignore list.
  if (diags.items.slice(first).some((d) => d.severity === "error")) return { graph, checks };
  const report = checkReport(checks, diags.items.slice(first), silenced, specPath);
  return { graph, checks, report, files: generate(graph, report, generators) };
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
}

export interface PlatformResult {
  name: string;
  specPath: string;
  files: OutputFile[];
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
}

export function discoverSpecs(dir: string): string[] {
  return findFiles(dir, (name) => name === SPEC_FILE);
}

/** Path shown in diagnostics: relative to the working directory when inside it. */
function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  const shown = rel && !rel.startsWith("..") && !resolve(rel).startsWith("..") ? rel : p;
  return shown.split(sep).join("/");
}

/** The git work tree a file lies in (the nearest directory above it holding .git), if any. */
function workTree(file: string): string | undefined {
  let dir = dirname(resolve(file));
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * Path written into generated headers. It must not depend on the working directory or on how the spec
 * was named on the command line (spec/, spec/lab, spec/lab/platform.yaml), or the same spec would compile
 * to different bytes: relative to the git work tree when there is one, else <directory>/platform.yaml.
 */
export function stablePath(file: string): string {
  const abs = resolve(file);
  const tree = workTree(abs);
  return tree ? relative(tree, abs).split(sep).join("/") : `${basename(dirname(abs))}/${basename(abs)}`;
}

/**
 * The output directory as a path in the repository that holds the spec, for GitOps paths: relative to the git
 * work tree when the output lies inside the one the spec lies in; "out" otherwise (a scratch build elsewhere),
 * so such a build writes the same bytes as one into the repository's out/.
 */
function repoPath(outDir: string, specFile: string): string {
  const out = resolve(outDir);
  const tree = workTree(specFile);
  if (!tree || out === tree || !isInside(out, tree)) return "out";
  return relative(tree, out).split(sep).join("/");
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

/**
 * Files a spec names (a namespace's SOPS-encrypted secrets), read as they are: UTF-8 without dropping a byte-order
 * mark, so what lands in out/ is byte for byte the user's file. Lowering has checked the path stays in the spec's
 * directory; a symbolic link leading out of it is refused here.
 */
export function specFileReader(dir: string, maxSize: number): NonNullable<LowerOptions["readFile"]> {
  return (rel) => {
    const full = resolve(dir, rel);
    try {
      const real = realpathSync(full);
      if (!isInside(real, realpathSync(dir))) return { ok: false, reason: "it lies outside the spec's directory" };
      const st = statSync(real);
      if (!st.isFile()) return { ok: false, reason: "it is not a regular file" };
      if (st.size > maxSize) return { ok: false, reason: `it is ${st.size} bytes, over the limit of ${maxSize}` };
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(readFileSync(real)) };
    } catch (e) {
      return { ok: false, reason: e instanceof TypeError ? "it is not UTF-8 text" : errnoText(e) };
    }
  };
}

export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "not a directory";
  if (code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(e);
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
  let ioError = false;
  const byName = new Map<string, PlatformResult & { spanFile: SourceFile }>();
  for (const path of specs) {
    const source = readSpec(path, opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, diags);
    if (!source) {
      if (diags.items.some((d) => d.code === "PC0001")) ioError = true;
      continue;
    }
    const specPath = stablePath(path);
    const readFile = specFileReader(dirname(resolve(path)), opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    const r = compileSource(source, { specPath, outPath: repoPath(opts.outDir, path), readFile }, diags, generators);
    if (!r.graph) continue;
    const name = r.graph.platform.name;
    const other = byName.get(name);
    if (other) {
      // Two specs writing one out/<name>/ would overwrite each other.
      diags.report("PC0006", spanAt(r.graph.clusters[0]!.loc.spec, ["platform", "name"]), { name, other: other.spanFile.path });
      continue;
    }
    const result = { name, specPath, files: r.files ?? [], checks: r.checks, spanFile: source, graph: r.graph, ...(r.report ? { report: r.report } : {}) };
    byName.set(name, result);
    platforms.push(result);
  }
  const sorted = sortDiagnostics(diags.items);
  const failed = sorted.some((d) => d.severity === "error");
  if (failed || opts.mode === "validate") return { diagnostics: sorted, platforms: platforms.map(strip), ioError };

  const locked = lockOutput(opts.outDir, opts.mode, opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  if ("problem" in locked) return { diagnostics: [...sorted, locked.problem], platforms: platforms.map(strip), ioError: true };
  try {
    for (const p of platforms) {
      try {
        // --only regenerates those generators' files and keeps every other generator's files as they are on disk.
        const files = opts.only && opts.only.length ? mergeOnly(opts.outDir, p.name, p.files, generators.map((g) => g.name)) : p.files;
        if (opts.mode === "check") p.drift = checkPlatform(opts.outDir, p.name, files, opts.diffLines);
        else p.emitted = emitPlatform(opts.outDir, p.name, files);
      } catch (e) {
        // The spec is fine; the output directory is not writable as it stands. emit leaves it unchanged.
        const problem = diag("PC0007", undefined, { what: displayPath(join(opts.outDir, p.name)), reason: errnoText(e) }, { help: WRITE_FIX });
        return { diagnostics: [...sorted, problem], platforms: platforms.map(strip), ioError: true };
      }
    }
  } finally {
    try {
      locked.lock?.release();
    } catch {
      // A lock left behind names this process and is no longer held: the next build (here or elsewhere) breaks it.
    }
  }
  return { diagnostics: sorted, platforms: platforms.map(strip), ioError };
}

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

