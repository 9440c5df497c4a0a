// bin/platformc.js runs the esbuild bundle, the tests run the TypeScript sources: both must compile spec/
// to the committed out/ (the golden test proves it for the sources, this for the bundle).
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

describe("the bundled CLI", () => {
  it("compiles spec/ to exactly the committed out/", () => {
    if (!existsSync(join(root, "dist", "platformc.mjs"))) execFileSync("node", [join(root, "scripts", "build.mjs")], { stdio: "pipe" });
    const r = spawnSync("node", [join(root, "bin", "platformc.js"), "build", "--check", join(root, "spec"), "--out", join(root, "out")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/^(stale|missing|extra):/m);
  });
});
