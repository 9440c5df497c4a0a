// The small command-line points of issue 13 a new user runs into first: a closed pipe, init's next step,
// where build --check's diff goes and how much of it there is.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nextBuild } from "../../src/cli/index.js";
import { baseSpec } from "../support/base.js";
import { cleanupTempDirs, cli, tempDir, writeSpec } from "../support/cli-harness.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "platformc.js");

afterEach(() => cleanupTempDirs());

describe("a reader that closes the pipe early", () => {
  // `| true` closes the pipe before platformc writes, so every write fails with EPIPE, every time.
  for (const args of [["generators"], ["explain", "PC0101"], ["explain"], ["schema"]]) {
    it(`platformc ${args.join(" ")} | true: no stack trace, exit 0`, () => {
      if (!fs.existsSync(path.join(root, "dist", "platformc.mjs"))) spawnSync("node", [path.join(root, "scripts", "build.mjs")]);
      // platformc's own exit status goes to stderr after whatever it printed there.
      const r = spawnSync("sh", ["-c", `(node ${JSON.stringify(bin)} ${args.join(" ")}; echo "exit $?" >&2) | true`], { encoding: "utf8" });
      expect(r.stderr).toBe("exit 0\n");
      const head = spawnSync("sh", ["-c", `node ${JSON.stringify(bin)} ${args.join(" ")} | head -1`], { encoding: "utf8" });
      expect(head.stderr).toBe("");
      expect(head.stdout.split("\n").filter(Boolean)).toHaveLength(1);
      expect(head.status).toBe(0);
    });
  }
});

describe("init's next step", () => {
  it("is the npx command that builds spec/ into the out/ beside it", () => {
    expect(nextBuild("spec/homelab", "/repo")).toBe("npx platformc build spec/");
    expect(nextBuild("/lab/spec/home", "/elsewhere")).toBe("npx platformc build ../lab/spec/ --out ../lab/out");
    expect(nextBuild("home", "/repo")).toBe("npx platformc build home/");
    expect(nextBuild("/my lab/spec/home", "/")).toBe("npx platformc build 'my lab/spec' --out 'my lab/out'");
  });

  it("run from another directory, writes next to spec/, not into the current directory's out/", () => {
    const lab = tempDir();
    const dir = path.join(lab, "spec", "home");
    const init = cli(["init", dir]);
    expect(init.code, init.err).toBe(0);
    const next = /next: npx platformc (.*)$/m.exec(init.err)?.[1];
    expect(next).toBeDefined();
    const argv = next!.split(" ");
    expect(argv).toContain("--out");
    const b = cli(argv);
    expect(b.code, b.err).toBe(0);
    expect(fs.existsSync(path.join(lab, "out", "home", "inventory.yaml"))).toBe(true);
    expect(fs.existsSync(path.join(process.cwd(), "out", "home"))).toBe(false);
  });
});

describe("build --check's diff", () => {
  function staleLab(extraLines: number): { specDir: string; out: string } {
    const r0 = tempDir();
    writeSpec(r0, "lab", baseSpec());
    const specDir = path.join(r0, "spec");
    const out = path.join(r0, "out");
    expect(cli(["build", specDir, "--out", out]).code).toBe(0);
    const lines = Array.from({ length: extraLines }, (_, i) => `hand${i}: edited\n`).join("");
    fs.appendFileSync(path.join(out, "lab", "inventory.yaml"), lines);
    return { specDir, out };
  }

  it("goes to stdout; what drifted and the verdict stay on stderr", () => {
    const { specDir, out } = staleLab(1);
    const r = cli(["build", specDir, "--out", out, "--check"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("--- inventory.yaml (on disk)\n+++ inventory.yaml (generated)\n@@ ");
    expect(r.out).toMatch(/^-hand0: edited$/m);
    expect(r.err).not.toContain("hand0");
    expect(r.err).toContain(`stale: ${path.join(out, "lab", "inventory.yaml")}`);
    expect(r.err).toContain("out/ is not what spec/ compiles to");
  });

  it("is cut after 20 changed lines by default; --full-diff prints every one", () => {
    const { specDir, out } = staleLab(30);
    const cut = cli(["build", specDir, "--out", out, "--check"]);
    expect(cut.out.match(/^-hand\d+: edited$/gm)).toHaveLength(20);
    expect(cut.out).toContain("... 10 more changed lines not shown");
    const full = cli(["build", specDir, "--out", out, "--check", "--full-diff"]);
    expect(full.code).toBe(1);
    expect(full.out.match(/^-hand\d+: edited$/gm)).toHaveLength(30);
    expect(full.out).not.toContain("not shown");
  });

  it("--full-diff is documented in build --help", () => {
    const h = cli(["build", "--help"]);
    expect(h.out).toMatch(/--full-diff\s+with --check: print every changed line/);
    expect(h.out).toMatch(/the diff goes\s+to\s+stdout/);
  });
});
