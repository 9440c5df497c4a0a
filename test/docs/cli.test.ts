// `platformc render` and `build --render` without a browser: the usage errors and the no-op case.
// Rendering itself is tested in render.conformance.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { runAsync, run } from "../../src/cli/index.js";
import { baseSpec } from "../support/base.js";
import { cleanupTempDirs, tempDir, writeSpec } from "../support/cli-harness.js";

async function cliAsync(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runAsync(argv, { out: (s) => (out += s), err: (s) => (err += s), color: false });
  return { code, out, err };
}

afterAll(cleanupTempDirs);

describe("platformc render", () => {
  it("has nothing to do where there are no diagrams", async () => {
    const dir = tempDir();
    const r = await cliAsync(["render", dir]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("nothing to render");
  });

  it("exits 2 with advice when the browser it is given does not exist", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "p", "docs"), { recursive: true });
    fs.writeFileSync(path.join(dir, "p", "docs", "a.mmd"), "flowchart TB\n  a --> b\n");
    const r = await cliAsync(["render", dir, "--browser", path.join(dir, "no-such-chromium")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error\[PC0018\]: cannot render: no Chromium: .*no-such-chromium does not exist/);
    expect(fs.existsSync(path.join(dir, "p", "docs", "a.svg"))).toBe(false);
  });

  it("refuses build --render --check, which would both write and not write", async () => {
    const root = tempDir();
    writeSpec(root, "lab", baseSpec());
    const r = await cliAsync(["build", path.join(root, "spec"), "--out", path.join(root, "out"), "--check", "--render"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--render writes SVG files and --check writes nothing");
  });

  it("needs the asynchronous entry point, and says so instead of dropping the work", () => {
    let err = "";
    const code = run(["render", tempDir()], { out: () => {}, err: (s) => (err += s), color: false });
    expect(code).toBe(2);
    expect(err).toContain("runAsync");
  });
});
