// Compiles the TypeScript to dist/. Runs on `npm ci` (prepare) so that `npx platformc` works right after a
// clone. Uses the TypeScript API rather than spawning tsc, so the build works without a shell.
// Prints nothing on stdout, only problems on stderr: `npm pack` runs this, and the pre-commit framework reads
// pack's stdout as the tarball's name (.npmrc keeps npm's own script banner off it).
import { rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import ts from "typescript";
import { writeFileSync, readFileSync, existsSync, renameSync } from "node:fs";
import { createHash } from "node:crypto";
import Ajv2020 from "ajv/dist/2020.js";
import standalone from "ajv/dist/standalone/index.js";
import { buildSync, transformSync } from "esbuild";

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

// The Talos config schemas Talos patches are checked against (schema/talos/), compiled ahead of time the same
// way, by the module that checks them, so the options and the schema preparation cannot drift apart. Compiling
// one at run time costs some 400 ms; src/validate/talos-schema.ts loads these only for a spec with Talos patches.
const talosSchema = await import(pathToFileURL(join(staging, "src", "validate", "talos-schema.js")).href);
for (const release of talosSchema.TALOS_SCHEMAS) {
  const code = talosSchema.talosStandaloneModule(release);
  // Minified: a fifth smaller in the package.
  writeFileSync(join(staging, `talos-validator.${release.name}.cjs`), transformSync(code, { minify: true, format: "cjs", loader: "js" }).code);
}

// The handlebars templates the generators declare (generators/contract.ts compileTemplate), precompiled: a run
// then loads only handlebars' runtime. Each entry carries the hash of its text, options and handlebars release,
// and a template that no longer matches is compiled at run time instead.
{
  const contract = await import(pathToFileURL(join(staging, "generators", "contract.js")).href);
  await import(pathToFileURL(join(staging, "generators", "index.js")).href);
  const { createRequire } = await import("node:module");
  const nodeRequire = createRequire(import.meta.url);
  const Handlebars = nodeRequire("handlebars");
  const version = nodeRequire("handlebars/package.json").version;
  const entries = [...contract.declaredTemplates()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = entries
    .map(([key, t]) => `  ${JSON.stringify(key)}: { hash: ${JSON.stringify(contract.templateHash(t, version))}, spec: ${Handlebars.precompile(t.source, { ...t.options })} },`)
    .join("\n");
  writeFileSync(join(staging, "templates.cjs"), `"use strict";\nmodule.exports = {\n${body}\n};\n`);
}

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
  // handlebars' compiler is loaded (from node_modules) only for a template that is not precompiled.
  external: ["@mermaid-js/mermaid-cli", "puppeteer", "handlebars"],
  // src/build.ts sealGraph: the bundle skips freezing the whole graph, which the tests (run from the sources) do.
  define: { "process.env.PLATFORMC_SHIPPED_BUNDLE": '"1"' },
  // Bundled CommonJS dependencies call require(); give the ESM bundle a real one.
  banner: { js: "import { createRequire as __platformcRequire } from 'node:module'; const require = __platformcRequire(import.meta.url);" },
  logLevel: "warning",
  legalComments: "none",
});

// The no-op preflight (src/emit/preflight.ts), which bin/platformc.js runs before it loads the bundle above: node
// built-ins and a few small modules of emit/ and lib/, so a rebuild with nothing to do costs little more than
// starting node.
buildSync({
  entryPoints: [join(staging, "src", "emit", "preflight.js")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: join(staging, "noop-preflight.mjs"),
  logLevel: "warning",
  legalComments: "none",
});

// The code's identity for the no-op rebuild (src/build.ts codeIdentity): a build recorded by one platformc is never
// replayed by another. It hashes everything compiled into dist/, the version, and the files read at run time
// (templates, schema), whose size, mtime and hash are listed so that editing one without rebuilding is noticed.
{
  const { readdirSync, statSync } = await import("node:fs");
  const { relative, sep } = await import("node:path");
  const id = createHash("sha256");
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
  const rel = (f, base) => relative(base, f).split(sep).join("/");
  for (const f of walk(staging).sort()) id.update(`${rel(f, staging)}\0`).update(readFileSync(f)).update("\0");
  const runtime = [join(root, "schema", "platform.schema.json"), ...walk(join(root, "generators")).filter((f) => f.split(sep).includes("templates"))].sort();
  const inputs = runtime.map((f) => {
    const bytes = readFileSync(f);
    const st = statSync(f);
    id.update(`${rel(f, root)}\0`).update(bytes).update("\0");
    return { path: rel(f, root), size: st.size, mtimeMs: st.mtimeMs, sha256: createHash("sha256").update(bytes).digest("hex") };
  });
  id.update(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  writeFileSync(join(staging, "build-id.json"), JSON.stringify({ id: id.digest("hex"), inputs }, null, 1) + "\n");
}

const old = join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, { recursive: true, force: true });
