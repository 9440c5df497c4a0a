// The pipeline for a spec directory: discover -> (per platform) parse -> validate -> lower -> allocate ->
// check -> generate -> (all platforms clean?) emit or check. Nothing is written unless every platform
// compiled without errors, so a bad spec never leaves a partial out/.
import { statSync, openSync, readSync, closeSync, existsSync, readFileSync } from "node:fs";
import { join, relative, resolve, basename, dirname, sep } from "node:path";
import type { SourceFile } from "./source.js";
import { Diagnostics, diag, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { decodeText, parseSpec, spanAt } from "./parse.js";
import { validateSpec } from "./validate.js";
import { lower } from "./lower.js";
import { allocate } from "./allocate.js";
import { runChecks, CHECKS } from "./checks/index.js";
import type { Graph, CheckReport } from "./graph.js";
import { positionOf } from "./source.js";
import type { Generator } from "./generator.js";
import { GENERATORS } from "../generators/index.js";
import { findFiles } from "./util/walk.js";
import { emitPlatform, checkPlatform, MANIFEST_NAME, type OutputFile, type EmitResult, type DriftEntry } from "./emit.js";

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
export const SPEC_FILE = "platform.yaml";

export interface CompileResult {
  graph?: Graph;
  files?: OutputFile[];
  checks: string[];
}

/** One platform.yaml, in memory: no disk access. */
export function compileSource(source: SourceFile, specPath: string, diags: Diagnostics, generators: readonly Generator[] = GENERATORS): CompileResult {
  const first = diags.items.length;
  const spec = parseSpec(source, diags);
  if (!spec) return { checks: [] };
  if (!validateSpec(spec, diags)) return { checks: [] };
  const local = new Diagnostics();
  const graph = lower(spec, specPath, local);
  diags.items.push(...local.items);
  if (local.hasErrors) return { checks: [] };
  for (const c of graph.clusters) if (c.gitops && !c.gitops.path) c.gitops.path = `out/${graph.platform.name}/clusters/${c.name}`;
  const before = diags.items.length;
  allocate(graph, diags);
  const checks = runChecks(graph, diags);
  const failed = diags.items.slice(before).some((d) => d.severity === "error");
  if (failed) return { graph, checks };
  graph.report = checkReport(checks, diags.items.slice(first), specPath);
  const files: OutputFile[] = [];
  for (const g of generators) files.push(...g.generate(graph));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { graph, files, checks };
}

/** The docs list what was checked; locations use the stable spec path so the output is the same anywhere. */
function checkReport(ran: string[], found: Diagnostic[], specPath: string): CheckReport {
  const described = new Map(CHECKS.map((c) => [c.name, c.description]));
  return {
    checks: ran.map((name) => ({ name, description: described.get(name) ?? "" })),
    warnings: sortDiagnostics(found.filter((d) => d.severity === "warning")).map((d) => {
      if (!d.span) return { code: d.code, message: d.message };
      const { line, col } = positionOf(d.span.file, d.span.start);
      return { code: d.code, message: d.message, location: `${specPath}:${line}:${col}` };
    }),
  };
}

export interface BuildOptions {
  dir: string;
  outDir: string;
  mode: "write" | "check" | "validate";
  only?: string[];
  maxFileSize?: number;
}

export interface PlatformResult {
  name: string;
  specPath: string;
  files: OutputFile[];
  checks: string[];
  emitted?: EmitResult;
  drift?: DriftEntry[];
  /** the compiled graph, for commands that render more than out/ (secrets, complete Talos configs) */
  graph?: Graph;
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

/**
 * Path written into generated headers. It must not depend on the working directory or on how the spec
 * was named on the command line (spec/, spec/lab, spec/lab/platform.yaml), or the same spec would compile
 * to different bytes: relative to the git work tree when there is one, else <directory>/platform.yaml.
 */
export function stablePath(file: string): string {
  const abs = resolve(file);
  let dir = dirname(abs);
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(dir, ".git"))) return relative(dir, abs).split(sep).join("/");
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return `${basename(dirname(abs))}/${basename(abs)}`;
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

function readManifest(outDir: string, platform: string): Set<string> {
  try {
    return new Set(readFileSync(join(outDir, platform, MANIFEST_NAME), "utf8").split(/\r?\n/).filter(Boolean));
  } catch {
    return new Set();
  }
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
    const r = compileSource(source, specPath, diags, generators);
    if (!r.graph) continue;
    const name = r.graph.platform.name;
    const other = byName.get(name);
    if (other) {
      // Two specs writing one out/<name>/ would overwrite each other.
      diags.report("PC0006", spanAt(r.graph.clusters[0]!.loc.spec, ["platform", "name"]), { name, other: other.spanFile.path });
      continue;
    }
    const result = { name, specPath, files: r.files ?? [], checks: r.checks, spanFile: source, graph: r.graph };
    byName.set(name, result);
    platforms.push(result);
  }
  const sorted = sortDiagnostics(diags.items);
  const failed = sorted.some((d) => d.severity === "error");
  if (failed || opts.mode === "validate") return { diagnostics: sorted, platforms: platforms.map(strip), ioError };

  for (const p of platforms) {
    let files = p.files;
    if (opts.only && opts.only.length) {
      // --only regenerates those generators' files and keeps every other generated file as it is on disk.
      const fresh = new Set(files.map((f) => f.path));
      const kept: OutputFile[] = [];
      for (const path of readManifest(opts.outDir, p.name)) {
        if (fresh.has(path)) continue;
        try {
          kept.push({ path, content: readFileSync(join(opts.outDir, p.name, path), "utf8") });
        } catch {
          /* gone from disk: nothing to keep */
        }
      }
      files = [...files, ...kept].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
    try {
      if (opts.mode === "check") p.drift = checkPlatform(opts.outDir, p.name, files);
      else p.emitted = emitPlatform(opts.outDir, p.name, files);
    } catch (e) {
      // The spec is fine; the output directory is not writable as it stands. emit leaves it unchanged.
      const what = displayPath(join(opts.outDir, p.name));
      const fix = "check that the output directory is a directory you can write, and move away files of yours that sit where generated files go";
      return { diagnostics: [...sorted, diag("PC0007", undefined, { what, reason: errnoText(e) }, { help: fix })], platforms: platforms.map(strip), ioError: true };
    }
  }
  return { diagnostics: sorted, platforms: platforms.map(strip), ioError };
}

function strip(p: PlatformResult & { spanFile?: SourceFile }): PlatformResult {
  const { spanFile: _drop, ...rest } = p;
  return rest;
}

export { existsSync };
