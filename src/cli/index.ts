// The command line. The only layer that prints, reads the environment and sets exit codes:
// 0 success (warnings allowed), 1 spec errors or drift, 2 usage or I/O errors, 70 a bug in platformc.
import { Command, CommanderError, Option } from "commander";
import { existsSync, mkdirSync, writeFileSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, codeIdentity, replayMatch, saveReplay, DEFAULT_LOCK_WAIT_MS, DEFAULT_MAX_FILE_SIZE, DIFF_MAX_CHANGED_LINES, errnoText, selectGenerators, type BuildResult } from "../build.js";
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import { closest } from "../lib/suggest.js";
import { renderDiagnostic, renderSummary, toJson } from "../diagnostics/render.js";
import { CODES, isCode } from "../diagnostics/codes.js";
import { schemaText, schemaPath } from "../validate/schema.js";
import { GENERATORS } from "../../generators/index.js";
import { CHECKS } from "../checks/index.js";
import { starterSpec } from "./starter.js";
import { isInside } from "../lib/paths.js";
import { layout } from "../plan/layout.js";
import { findChromium, findDiagrams, INSTALL_RENDERER_HELP, missingRenderer, renderFiles, RenderSetupError } from "./render.js";
import { createSecretsBundle, readSecretsRequest, writeTalosConfigs, type Outcome } from "./secrets.js";
import { systemEntropy } from "../lib/talos-secrets/entropy.js";

const EXIT = { ok: 0, specError: 1, usage: 2, bug: 70 } as const;
const QUIET_HELP = "print errors and the summary line only (and a --check's drift); warnings are still counted and listed in the docs' checks section";

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

function packageVersion(): string {
  try {
    let dir = fileURLToPath(new URL(".", import.meta.url));
    for (let i = 0; i < 4; i++) {
      const p = join(dir, "package.json");
      if (existsSync(p)) return (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version;
      dir = join(dir, "..");
    }
  } catch {
    /* fall through */
  }
  return "0.0.0";
}

/** Where no-op records live ($XDG_CACHE_HOME/platformc, else ~/.cache/platformc), when the code has an identity. */
function noopCache(): { dir: string; codeId: string } | undefined {
  const codeId = codeIdentity();
  const base = process.env.XDG_CACHE_HOME || (process.env.HOME ? join(process.env.HOME, ".cache") : undefined);
  return codeId && base ? { dir: join(base, "platformc"), codeId } : undefined;
}

function printDiagnostics(r: BuildResult, format: string, io: Io, extra: Record<string, unknown> = {}, quiet = false): void {
  printList(r.diagnostics, format, io, extra, quiet);
}

/** Diagnostics as text on stderr with a summary line, or as one JSON object on stdout (--format json). */
function printList(list: readonly Diagnostic[], format: string, io: Io, extra: Record<string, unknown> = {}, quiet = false): void {
  // --quiet hides warnings, not their existence: the summary still counts them.
  const shown = quiet ? list.filter((d) => d.severity === "error") : list;
  if (format === "json") {
    io.out(JSON.stringify({ diagnostics: shown.map(toJson), ...extra }, null, 2) + "\n");
    return;
  }
  for (const d of shown) io.err(renderDiagnostic(d, { color: io.color }) + "\n\n");
  const summary = renderSummary(list, { color: io.color });
  if (summary) io.err(summary + (shown.length < list.length ? " (warnings not shown: --quiet)" : "") + "\n");
}

/** A usage or I/O problem of the command line: printed like every other diagnostic, and its exit code. */
function fail(io: Io, problem: Diagnostic, format = "human", exit: number = EXIT.usage): number {
  printList([problem], format, io);
  return exit;
}

/** What a secrets step did, then the problem that stopped it, if any. */
function finish(o: Outcome, io: Io, format: string): number {
  for (const line of o.lines) io.err(line + "\n");
  return o.problem ? fail(io, o.problem, format) : EXIT.ok;
}

function exitFor(r: BuildResult): number {
  if (r.ioError) return EXIT.usage;
  return r.diagnostics.some((d) => d.severity === "error") ? EXIT.specError : EXIT.ok;
}

function parseSize(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CommanderError(EXIT.usage, "platformc.size", JSON.stringify(v));
  return n;
}

/** PLATFORMC_LOCK_WAIT: seconds to wait for another build's lock on the output directory (0: fail at once). */
function lockWaitMs(value: string | undefined): number | Diagnostic {
  if (value === undefined || value === "") return DEFAULT_LOCK_WAIT_MS;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0 && n <= 86_400) return Math.round(n * 1000);
  return diag("PC0017", undefined, { value: JSON.stringify(value), option: "PLATFORMC_LOCK_WAIT", reason: "it takes a number of seconds from 0 to 86400" }, { help: "unset it to wait 30 s, or set PLATFORMC_LOCK_WAIT=0 to fail at once" });
}

function parseOnly(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];
}

interface BuildFlags {
  check?: boolean;
  fullDiff?: boolean;
  quiet?: boolean;
  out: string;
  only?: string[];
  maxFileSize: number;
  format: string;
  secrets?: string[];
  outSecrets?: string;
  render?: boolean;
  browser?: string;
}

/** A build's outcome as the build command prints it; its exit code. */
function printBuild(r: BuildResult, dir: string, o: BuildFlags, io: Io): number {
  const drift = r.platforms.flatMap((p) => (p.drift ?? []).map((d) => ({ platform: p.name, ...d })));
  printDiagnostics(r, o.format, io, { platforms: r.platforms.map((p) => ({ name: p.name, spec: p.specPath, files: p.fileCount, ...(p.emitted ? { written: p.emitted.written, removed: p.emitted.removed } : {}) })), drift }, o.quiet);
  const code = exitFor(r);
  if (code !== EXIT.ok) return code;
  if (o.format === "human") {
    for (const p of r.platforms) {
      if (o.check) {
        const mine = drift.filter((d) => d.platform === p.name);
        if (mine.length === 0 && !o.quiet) io.err(`${p.name}: ${p.fileCount} files up to date in ${join(o.out, p.name)}\n`);
        // The diff is the command's output (`> drift.diff`, `| less`); what drifted and the verdict are status.
        for (const d of mine) {
          io.err(`${d.kind}: ${join(o.out, p.name, d.path)}\n`);
          if (d.diff) io.out(d.diff + "\n");
        }
      } else if (p.emitted && !o.quiet) {
        const e = p.emitted;
        io.err(`${p.name}: ${p.fileCount} files in ${join(o.out, p.name)} (${e.written.length} written, ${e.unchanged.length} unchanged, ${e.removed.length} removed)\n`);
      }
    }
    if (o.check && drift.length) io.err(`out/ is not what spec/ compiles to: run \`platformc build ${dir}${o.out !== "out" ? ` --out ${o.out}` : ""}\` and commit the result\n`);
  }
  return drift.length ? EXIT.specError : EXIT.ok;
}

/** Work a command leaves for after parsing (rendering runs in a browser, so it is asynchronous). */
type Defer = (task: () => Promise<number>) => void;

/** argv: the command line as given, which a no-op replay is stored for (saveReplay); without it none is stored. */
function makeProgram(io: Io, setExit: (code: number) => void, defer: Defer = () => {}, argv?: readonly string[]): Command {
  const program = new Command();
  program
    .name("platformc")
    .description(
      "Compile one platform.yaml per self-hosted Kubernetes platform into checked, byte-identical files: " +
        "GitOps trees, node configs, network policies, DNS zones and docs.",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ platformc init spec/homelab          # a commented starter spec
  $ platformc build                      # every spec/**/platform.yaml -> out/<platform>/
  $ platformc build --check              # CI and pre-commit: exit 1 when out/ is stale
  $ platformc explain PC0401             # what a diagnostic means and how to fix it

Exit codes: 0 success (warnings allowed), 1 spec errors or drift, 2 usage or I/O errors,
70 a bug in platformc.`,
    )
    .version(packageVersion(), "-V, --version", "print the platformc version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  const formatOption = () => new Option("--format <format>", "diagnostics as human text or machine-readable JSON").choices(["human", "json"]).default("human");

  program
    .command("build")
    .description("validate, check and compile every platform.yaml under <dir> into <out>/<platform>/")
    .argument("[dir]", "directory holding spec/<platform>/platform.yaml files, or one platform.yaml", "spec")
    .option("--check", "write nothing; report missing, stale and extra files and exit 1 on drift (CI, pre-commit); the diff goes to stdout")
    .option("--full-diff", `with --check: print every changed line of a stale file (default: the first ${DIFF_MAX_CHANGED_LINES} per file)`)
    .option("-o, --out <dir>", "output directory", "out")
    .option("-q, --quiet", QUIET_HELP)
    .option("--only <generators>", `run only these generators (comma-separated: ${GENERATORS.map((g) => g.name).join(", ")}); other generated files are kept as they are`, parseOnly)
    .option("--max-file-size <bytes>", "refuse spec files larger than this", parseSize, DEFAULT_MAX_FILE_SIZE)
    .option("--render", "also draw every Mermaid diagram of <out>/<platform>/docs/ as SVG beside it (needs Chromium; see `platformc render`)")
    .option("--browser <path>", "the Chromium --render uses (default: $PUPPETEER_EXECUTABLE_PATH, else chromium on the PATH)")
    .option("--secrets <bundle>", "a Talos secrets bundle, as <file> or <cluster>=<file> (repeatable): also write complete machine configs", (v: string, prev: string[] = []) => [...prev, v])
    .option("--out-secrets <dir>", "where --secrets writes the complete machine configs (<dir>/<platform>/<cluster>/<node>.yaml); never inside --out")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Examples:
  $ platformc build                      # spec/ -> out/
  $ platformc build --secrets infra.secrets.yaml --out-secrets ~/talos   # and complete Talos configs, outside out/
  $ platformc build spec/ --check        # CI: fail when out/ is not what spec/ compiles to
  $ platformc build --check --full-diff > drift.diff   # the whole diff on stdout, the summary on stderr
  $ platformc build spec/homelab -o /tmp/out --only inventory

Nothing is written unless every platform compiles without errors; each out/<platform>/ is replaced
atomically, unchanged files are not rewritten, and files platformc generated before but no longer
generates are removed. Files you add to out/<platform>/ yourself are left alone.`,
    )
    .action((dir: string, o: BuildFlags) => {
      const sel = selectGenerators(o.only);
      if (!sel.ok) {
        const problem = diag("PC0010", undefined, { names: sel.unknown.join(", ") }, { help: `known generators: ${GENERATORS.map((g) => g.name).join(", ")}` });
        return setExit(fail(io, problem, o.format));
      }
      const specDir = existsSync(dir) && statSync(dir).isFile() ? dirname(resolve(dir)) : resolve(dir);
      const outInsideSpec = isInside(resolve(o.out), specDir);
      if (outInsideSpec) {
        const problem = diag("PC0011", undefined, { what: "the output directory", path: o.out, where: "the spec directory", dir }, { help: "choose another --out: the next build would read what this one writes" });
        return setExit(fail(io, problem, o.format));
      }
      if (o.render && o.check) {
        const problem = diag("PC0012", undefined, { first: "--render", second: "--check", problem: "cannot be combined" }, { help: "--render writes SVG files and --check writes nothing; run them separately" });
        return setExit(fail(io, problem, o.format));
      }
      const secrets = readSecretsRequest({ ...o, ...(process.env.PLATFORMC_SOPS ? { sops: process.env.PLATFORMC_SOPS } : {}) });
      if (!secrets.ok) return setExit(fail(io, secrets.problem, o.format));
      const lockWait = lockWaitMs(process.env.PLATFORMC_LOCK_WAIT);
      if (typeof lockWait !== "number") return setExit(fail(io, lockWait, o.format));
      // --secrets needs the compiled graph, so it always compiles; everything else may be a no-op rebuild.
      const cache = secrets.request ? undefined : noopCache();
      const r = build({ dir, outDir: o.out, mode: o.check ? "check" : "write", maxFileSize: o.maxFileSize, lockWaitMs: lockWait, ...(o.only ? { only: o.only } : {}), ...(o.fullDiff ? { diffLines: Infinity } : {}), ...(cache ? { cache } : {}) });
      const code = printBuild(r, dir, o, io);
      if (code !== EXIT.ok) return setExit(code);
      // What a no-op of this same command prints, rendered as above, for bin/platformc.js's preflight to replay.
      if (r.replay && !o.render && argv) {
        const shown = { stdout: "", stderr: "" };
        const replayed = printBuild(r.replay.result, dir, o, { out: (t) => void (shown.stdout += t), err: (t) => void (shown.stderr += t), color: io.color });
        if (replayed === EXIT.ok) saveReplay(r.replay, replayMatch(argv, process.cwd(), io.color, process.env), { ...shown, code: replayed });
      }
      if (secrets.request) {
        const written = finish(writeTalosConfigs(r.platforms, secrets.request), io, o.format);
        if (written !== EXIT.ok) return setExit(written);
      }
      if (o.render) defer(() => renderDiagrams(r.platforms.map((p) => join(o.out, p.name, layout.docs)), o.browser, io));
      setExit(EXIT.ok);
    });

  program
    .command("secrets")
    .description("create a Talos secrets bundle (the format of talosctl gen secrets) for one cluster; never overwrites")
    .argument("[dir]", "directory holding the platform's platform.yaml, or the file itself", "spec")
    .requiredOption("--out <file>", "the bundle to create; keep it out of out/ and out of git unless encrypted")
    .option("--cluster <name>", "the Talos cluster, as <cluster> or <platform>/<cluster>; needed when there are several")
    .option("--max-file-size <bytes>", "refuse spec files larger than this", parseSize, DEFAULT_MAX_FILE_SIZE)
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  $ platformc secrets spec/homelab --out ~/.secrets/main.secrets.yaml\n  $ platformc secrets spec/homelab --cluster infra --out infra.secrets.yaml && sops --encrypt --in-place infra.secrets.yaml")
    .action((dir: string, o: { out: string; cluster?: string; maxFileSize: number; format: string }) => {
      const r = build({ dir, outDir: "out", mode: "validate", maxFileSize: o.maxFileSize });
      printDiagnostics(r, o.format, io);
      const code = exitFor(r);
      if (code !== EXIT.ok) return setExit(code);
      setExit(finish(createSecretsBundle(r.platforms, { out: o.out, now: new Date(), entropy: systemEntropy, ...(o.cluster !== undefined ? { cluster: o.cluster } : {}) }), io, o.format));
    });

  program
    .command("validate")
    .description("parse, validate, lower, allocate and check every platform under <dir>; write nothing")
    .argument("[dir]", "directory holding platform.yaml files, or one platform.yaml", "spec")
    .option("-q, --quiet", QUIET_HELP)
    .option("--max-file-size <bytes>", "refuse spec files larger than this", parseSize, DEFAULT_MAX_FILE_SIZE)
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  $ platformc validate\n  $ platformc validate spec/homelab/platform.yaml --format json")
    .action((dir: string, o: { maxFileSize: number; format: string; quiet?: boolean }) => {
      const r = build({ dir, outDir: "out", mode: "validate", maxFileSize: o.maxFileSize });
      printDiagnostics(r, o.format, io, { platforms: r.platforms.map((p) => ({ name: p.name, spec: p.specPath, checks: p.checks })) }, o.quiet);
      const code = exitFor(r);
      if (code === EXIT.ok && o.format === "human" && !o.quiet) for (const p of r.platforms) io.err(`${p.name}: valid (${p.checks.length} checks passed)\n`);
      setExit(code);
    });

  program
    .command("explain")
    .description("explain a diagnostic code")
    .argument("[code]", "a code such as PC0401; without it, list all codes")
    .addHelpText("after", "\nExamples:\n  $ platformc explain PC0401\n  $ platformc explain")
    .action((code: string | undefined) => {
      if (!code) {
        for (const [c, info] of Object.entries(CODES)) io.out(`${c}  ${info.severity.padEnd(7)}  ${info.summary}\n`);
        return setExit(EXIT.ok);
      }
      const norm = code.toUpperCase();
      if (!isCode(norm)) {
        const near = closest(norm, Object.keys(CODES));
        return setExit(fail(io, diag("PC0013", undefined, { code }, { help: `${near ? `did you mean ${near}? ` : ""}\`platformc explain\` lists them all` })));
      }
      const info = CODES[norm];
      io.out(`${norm} (${info.severity}): ${info.summary}\n\n${info.explanation}\n`);
      setExit(EXIT.ok);
    });

  program
    .command("schema")
    .description("print the JSON Schema of platform.yaml (for editors and other tools)")
    .option("--path", "print where the schema file is instead of its contents")
    .addHelpText("after", "\nExamples:\n  $ platformc schema > platform.schema.json\n  $ platformc schema --path   # for a yaml-language-server modeline: # yaml-language-server: $schema=<path>")
    .action((o: { path?: boolean }) => {
      io.out(o.path ? schemaPath + "\n" : schemaText);
      setExit(EXIT.ok);
    });

  program
    .command("init")
    .description("write a commented starter platform.yaml into <dir> (refuses to overwrite)")
    .argument("<dir>", "directory for the new platform, e.g. spec/homelab")
    .option("--name <name>", "platform name (default: the directory name)")
    .addHelpText("after", "\nExamples:\n  $ platformc init spec/homelab\n  $ platformc build spec/")
    .action((dir: string, o: { name?: string }) => {
      const file = join(dir, "platform.yaml");
      if (existsSync(file)) {
        return setExit(fail(io, diag("PC0014", undefined, { path: file }, { help: "platformc init never overwrites a spec; choose another directory" })));
      }
      const name = o.name ?? (resolve(dir).split(sep).pop() ?? "homelab");
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
        return setExit(fail(io, diag("PC0015", undefined, { name: JSON.stringify(name) }, { help: "pass --name <lowercase-name>" })));
      }
      try {
        mkdirSync(dir, { recursive: true });
        const schemaRef = relative(resolve(dir), schemaPath).split(sep).join("/");
        writeFileSync(file, starterSpec(name, schemaRef), { flag: "wx" });
      } catch (e) {
        return setExit(fail(io, diag("PC0016", undefined, { what: file, reason: errnoText(e) })));
      }
      io.err(`wrote ${file}; next: ${nextBuild(dir, process.cwd())}\n`);
      setExit(EXIT.ok);
    });

  program
    .command("generators")
    .description("list the generators and the checks platformc runs")
    .addHelpText("after", "\nExamples:\n  $ platformc generators\n  $ platformc build --only inventory   # run one of them")
    .action(() => {
      io.out("generators:\n");
      for (const g of GENERATORS) io.out(`  ${g.name.padEnd(14)} ${g.description}\n`);
      io.out("checks:\n");
      for (const c of CHECKS) io.out(`  ${c.name.padEnd(16)} ${c.description}\n`);
      setExit(EXIT.ok);
    });

  program
    .command("render")
    .description("draw every Mermaid diagram (.mmd) under <dir> as SVG beside it, with mermaid-cli in a headless Chromium")
    .argument("[dir]", "the output directory, one platform's directory, or its docs/", "out")
    .option("--browser <path>", "the Chromium to use (default: $PUPPETEER_EXECUTABLE_PATH, else chromium on the PATH)")
    .addHelpText(
      "after",
      `
Examples:
  $ platformc render                     # every out/<platform>/docs/*.mmd -> .svg
  $ platformc build --render             # compile, then render

SVGs are not generated output: their bytes depend on the browser and its fonts, so build --check ignores
them and platformc never deletes them. Exit 2 when no Chromium or mermaid-cli is available, 1 when a
diagram fails to render. platformc does not install the renderer; add it to your project with
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --save-dev @mermaid-js/mermaid-cli
and use a system Chromium (Debian: apt-get install chromium) or --browser <path>.`,
    )
    .action((dir: string, o: { browser?: string }) => {
      defer(() => renderDiagrams([dir], o.browser, io));
      setExit(EXIT.ok);
    });

  return program;
}

/**
 * The build command that follows `init <dir>`, to run from `cwd`: every spec beside the new one (spec/ when the
 * platform sits in spec/<name>/, else the platform's own directory) into the out/ beside that spec/. `npx`,
 * because a platformc installed into the project is on no PATH.
 */
export function nextBuild(dir: string, cwd: string): string {
  const platformDir = resolve(cwd, dir);
  const parent = dirname(platformDir);
  const specRoot = basename(parent) === "spec" ? parent : platformDir;
  const outDir = join(dirname(specRoot), "out");
  const rel = (p: string) => {
    const r = relative(cwd, p) || ".";
    return /^[\w./@%+=:,-]+$/.test(r) ? r : `'${r.replaceAll("'", "'\\''")}'`;
  };
  const spec = rel(specRoot);
  const out = rel(outDir);
  return `npx platformc build ${spec.endsWith("/") || spec.endsWith("'") ? spec : `${spec}/`}${out === "out" ? "" : ` --out ${out}`}`;
}

async function renderDiagrams(dirs: string[], browser: string | undefined, io: Io): Promise<number> {
  const files = dirs.flatMap((d) => findDiagrams(d));
  if (files.length === 0) {
    io.err(`no Mermaid diagrams (.mmd) under ${dirs.join(", ")}; nothing to render\n`);
    return EXIT.ok;
  }
  const missing = missingRenderer();
  if (missing) return fail(io, diag("PC0018", undefined, { reason: missing }, { help: INSTALL_RENDERER_HELP }));
  const explicit = browser ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  const executablePath = findChromium(explicit, process.env.PATH);
  if (!executablePath) {
    const reason = `no Chromium: ${explicit ? `${explicit} does not exist` : "none found on the PATH"}`;
    return fail(io, diag("PC0018", undefined, { reason }, { help: "install it (Debian: apt-get install chromium) or pass --browser <path>" }));
  }
  try {
    const r = await renderFiles(files, { executablePath });
    if (r.failed.length) printList(r.failed.map((f) => diag("PC0019", undefined, { file: f.file, reason: f.error })), "human", io);
    io.err(`rendered ${files.length - r.failed.length} of ${files.length} diagrams (${r.written.length} SVG written, ${r.unchanged.length} unchanged)\n`);
    return r.failed.length ? EXIT.specError : EXIT.ok;
  } catch (e) {
    if (e instanceof RenderSetupError) return fail(io, diag("PC0018", undefined, { reason: e.message }, e.message.includes("not installed") ? { help: INSTALL_RENDERER_HELP } : {}));
    throw e;
  }
}

/** Runs the CLI; never throws. Commands with asynchronous work (rendering) need runAsync. */
export function run(argv: string[], io: Io): number {
  const tasks: Array<() => Promise<number>> = [];
  const code = runSync(argv, io, (t) => tasks.push(t));
  if (tasks.length === 0 || code !== EXIT.ok) return code;
  io.err("error: this command renders in a browser and needs the asynchronous entry point (runAsync)\n");
  return EXIT.usage;
}

/** Runs the CLI including its asynchronous work; never rejects. What bin/platformc.js calls. */
export async function runAsync(argv: string[], io: Io): Promise<number> {
  const tasks: Array<() => Promise<number>> = [];
  let code = runSync(argv, io, (t) => tasks.push(t));
  for (const task of tasks) {
    if (code !== EXIT.ok) break;
    try {
      code = await task();
    } catch (e) {
      return reportBug(e, io);
    }
  }
  return code;
}

function runSync(argv: string[], io: Io, defer: Defer): number {
  let code: number = EXIT.ok;
  try {
    const program = makeProgram(
      io,
      (c) => {
        code = c;
      },
      defer,
      argv,
    );
    program.parse(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exitCode 0; usage errors with 1, which we report as 2.
      if (e.exitCode === 0) return EXIT.ok;
      if (e.code === "platformc.size") return fail(io, diag("PC0017", undefined, { value: e.message, option: "--max-file-size", reason: "it takes a positive whole number of bytes" }));
      return EXIT.usage;
    }
    return reportBug(e, io);
  }
}

/** Only a bug gets here: user input is reported as diagnostics. The stack is for the bug report. */
function reportBug(e: unknown, io: Io): number {
  const detail = e instanceof Error ? (process.env.PLATFORMC_DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
  io.err(`internal error: this is a bug in platformc, not in your spec. Please report it with the spec that triggered it\n(set PLATFORMC_DEBUG=1 for a stack trace).\n${detail}\n`);
  return EXIT.bug;
}
