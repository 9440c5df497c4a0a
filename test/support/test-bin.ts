// The CLI as a real process, for tests that kill it, race two of it or need a hang to be a timeout rather than a
// stuck test. It is bundled from the sources with esbuild (as scripts/build.mjs bundles dist/), so it runs the code
// under test, not whatever dist/ holds, and it never races a concurrent `npm run build` swapping dist/ away.
// The bundle lives under node_modules/ (ignored by git), with its own copy of the schema and its precompiled
// validator, at a depth from which the CLI finds the generators' templates as it does from dist/.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { buildSync } from "esbuild";
import { createRequire } from "node:module";
import { processAlive as alive } from "../../src/lib/process.js";

// ajv is CommonJS; required as src/validate/index.ts requires it, its default exports are what scripts/build.mjs uses.
const require = createRequire(import.meta.url);
const Ajv2020 = (require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js")).default;
const standalone = (require("ajv/dist/standalone/index.js") as typeof import("ajv/dist/standalone/index.js")).default;

const repo = path.join(import.meta.dirname, "..", "..");
const BINS = path.join(repo, "node_modules", ".platformc-test-bin");
let built: { dir: string; bundle: string } | undefined;


/** Removes this process's bundle. Test files call it in afterAll; vitest ends its workers without an exit event. */
export function removeTestBin(): void {
  if (built !== undefined) fs.rmSync(built.dir, { recursive: true, force: true });
  built = undefined;
}

/** The path of a bundled bin for this test file's process; built on first use. */
export function testBin(): string {
  if (built !== undefined) return built.bundle;
  // Bundles of test processes that are gone (killed, or ended before their afterAll).
  for (const name of fs.existsSync(BINS) ? fs.readdirSync(BINS) : []) {
    const pid = Number(name.split("-")[0]);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) fs.rmSync(path.join(BINS, name), { recursive: true, force: true });
  }
  // node_modules/.platformc-test-bin/<run>/bin/platformc.mjs: the CLI looks for schema/ in the bundle's directory
  // and up to three above it, and for generators/<name>/templates up to six above (reaching the repository's).
  const dir = path.join(BINS, `${process.pid}-${Date.now().toString(36)}`);
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  const bundle = path.join(dir, "bin", "platformc.mjs");
  buildSync({
    stdin: {
      contents: [
        `import { runAsync } from ${JSON.stringify(path.join(repo, "src", "cli", "index.ts"))};`,
        "const code = await runAsync(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), color: false });",
        "process.exitCode = code;",
      ].join("\n"),
      resolveDir: repo,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundle,
    external: ["@mermaid-js/mermaid-cli", "puppeteer"],
    banner: { js: "import { createRequire as __platformcRequire } from 'node:module'; const require = __platformcRequire(import.meta.url);" },
    logLevel: "error",
  });
  // The schema beside the bundle, and the validator compiled from it as scripts/build.mjs compiles dist's: without
  // it every process would compile the schema at start-up (src/validate/index.ts looks for <schema>/../../dist/).
  const schemaText = fs.readFileSync(path.join(repo, "schema", "platform.schema.json"), "utf8");
  fs.mkdirSync(path.join(dir, "schema"));
  fs.writeFileSync(path.join(dir, "schema", "platform.schema.json"), schemaText);
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true, code: { source: true, esm: false } });
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  const hash = createHash("sha256").update(schemaText).digest("hex");
  fs.mkdirSync(path.join(dir, "dist"));
  fs.writeFileSync(path.join(dir, "dist", "platform-validator.cjs"), `${standalone(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(hash)};\n`);
  built = { dir, bundle };
  return bundle;
}

const ENV = { ...process.env, NO_COLOR: "1", PLATFORMC_DEBUG: "" };

/** Runs the bin to completion; a run over `timeoutMs` is killed (then `signal` is "SIGKILL"). */
export function runBin(args: string[], opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [testBin(), ...args], {
    cwd: opts.cwd ?? repo,
    encoding: "utf8",
    env: { ...ENV, ...opts.env },
    timeout: Math.ceil(opts.timeoutMs ?? 30_000),
    killSignal: "SIGKILL",
    // diagnostics quote the spec's lines, and a fuzz case's lines can be megabytes long
    maxBuffer: 1 << 30,
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts the bin without waiting: for killing it mid-run or racing two of it. */
export function startBin(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): { child: ChildProcess; done: Promise<Finished> } {
  const t0 = performance.now();
  const child = spawn(process.execPath, [testBin(), ...args], { cwd: opts.cwd ?? repo, env: { ...ENV, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr?.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const done = new Promise<Finished>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 })));
  return { child, done };
}
