// bin/platformc.js runs the esbuild bundle, the tests run the TypeScript sources: both must compile spec/
// to the committed out/ (the golden test proves it for the sources, this for the bundle).
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..", "..");

describe("the bundled CLI", () => {
  it("compiles spec/ to exactly the committed out/", () => {
    if (!existsSync(join(root, "dist", "platformc.mjs"))) execFileSync("node", [join(root, "scripts", "build.mjs")], { stdio: "pipe" });
    const r = spawnSync("node", [join(root, "bin", "platformc.js"), "build", "--check", join(root, "spec"), "--out", join(root, "out")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/^(stale|missing|extra):/m);
  });

  it("renders every template from dist/templates.cjs, without loading handlebars' compiler", () => {
    if (!existsSync(join(root, "dist", "platformc.mjs"))) execFileSync("node", [join(root, "scripts", "build.mjs")], { stdio: "pipe" });
    // A template whose precompiled hash no longer matches (an options object handlebars mutated, a template edited
    // without rebuilding) is still rendered right, by the full compiler: only the loaded module tells the two apart.
    const watch = `const M = require("node:module"); const load = M._load;
      M._load = function (id, ...rest) { if (id === "handlebars") process.stderr.write("LOADED handlebars compiler\\n"); return load.call(this, id, ...rest); };
      process.argv = [process.argv[0], ${JSON.stringify(join(root, "bin", "platformc.js"))}, ...process.argv.slice(1)];
      import(${JSON.stringify(pathToFileURL(join(root, "bin", "platformc.js")).href)});`;
    const out = mkdtempSync(join(tmpdir(), "platformc-bundle-"));
    try {
      const r = spawnSync("node", ["-e", watch, "build", join(root, "spec"), "--out", out, "--quiet"], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toContain("LOADED handlebars compiler");
      expect(readdirSync(join(out, "monosense", "docs"))).toContain("ARCHITECTURE.md");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
