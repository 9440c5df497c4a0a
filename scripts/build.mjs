// Compiles the TypeScript to dist/. Runs on `npm ci` (prepare) so that `npx platformc` works right after a
// clone. Uses the TypeScript API rather than spawning tsc, so the build works without a shell.
// Prints nothing on stdout, only problems on stderr: `npm pack` runs this, and the pre-commit framework reads
// pack's stdout as the tarball's name (.npmrc keeps npm's own script banner off it).
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import ts from "typescript";
import { writeFileSync, readFileSync, existsSync, renameSync } from "node:fs";
import { createHash } from "node:crypto";
import Ajv2020 from "ajv/dist/2020.js";
import standalone from "ajv/dist/standalone/index.js";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// tsconfig.build.json: src/ and generators/ only; tsconfig.json also covers test/ (typecheck only).
const configPath = join(root, "tsconfig.build.json");
const read = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
// Build into a fresh directory and swap it in, so a concurrent `platformc` run (a test, the benchmark, a
// pre-commit hook) never finds dist/ half-written or missing.
const dist = join(root, "dist");
const staging = join(root, `.dist-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
parsed.options.outDir = staging;
const program = ts.createProgram(parsed.fileNames, parsed.options);
const result = program.emit();
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
if (diagnostics.length > 0) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  rmSync(staging, { recursive: true, force: true });
  process.exit(1);
}

// The schema validator, compiled ahead of time: compiling it with ajv at start-up costs more than the rest
// of a small build. src/validate/index.ts uses this file only while its schema hash matches the schema on disk,
// and compiles at run time otherwise (tests, or a schema edited without rebuilding). The options must stay
// those of src/validate/index.ts.
const schemaText = readFileSync(join(root, "schema", "platform.schema.json"), "utf8");
const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true, code: { source: true, esm: false } });
const validate = ajv.compile(JSON.parse(schemaText));
const hash = createHash("sha256").update(schemaText).digest("hex");
writeFileSync(join(staging, "platform-validator.cjs"), `${standalone(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(hash)};\n`);

// The CLI as one module. Resolving and loading some eighty ESM files was a quarter of a small build's
// wall time; one bundled file starts about 0.1 s sooner. bin/platformc.js prefers it; tests and the
// unbundled dist/src tree are unaffected. Output is byte-identical either way (a test builds spec/ both ways).
buildSync({
  entryPoints: [join(staging, "src", "cli", "index.js")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: join(staging, "platformc.mjs"),
  // mermaid-cli (and the browser driver under it) load lazily, only for `render`.
  external: ["@mermaid-js/mermaid-cli", "puppeteer"],
  // Bundled CommonJS dependencies call require(); give the ESM bundle a real one.
  banner: { js: "import { createRequire as __platformcRequire } from 'node:module'; const require = __platformcRequire(import.meta.url);" },
  logLevel: "warning",
  legalComments: "none",
});

const old = join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, { recursive: true, force: true });
