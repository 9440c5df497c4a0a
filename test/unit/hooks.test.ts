// The plain git pre-commit hook, run for real in a scratch repository: it must pass when out/ is fresh and
// stop the commit (with out/ regenerated) when spec/ changed without out/.
import { describe, expect, it, beforeAll } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";

const root = join(import.meta.dirname, "..", "..");

describe("hooks/pre-commit", () => {
  let repo: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    if (!existsSync(join(root, "dist", "src", "cli.js"))) execFileSync("node", [join(root, "scripts", "build.mjs")]);
    repo = mkdtempSync(join(tmpdir(), "platformc-hook-"));
    const bin = join(repo, ".bin");
    mkdirSync(bin);
    // a `platformc` on PATH, as an installed package provides
    writeFileSync(join(bin, "platformc"), `#!/bin/sh\nexec node ${JSON.stringify(join(root, "bin", "platformc.js"))} "$@"\n`);
    chmodSync(join(bin, "platformc"), 0o755);
    env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" };
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, env, stdio: "pipe" });
    git("init", "-q");
    writeFileSync(join(repo, ".gitignore"), ".bin/\n");
    mkdirSync(join(repo, "spec", "lab"), { recursive: true });
    writeFileSync(join(repo, "spec", "lab", "platform.yaml"), YAML.stringify(baseSpec()));
    execFileSync(join(bin, "platformc"), ["build", "spec/"], { cwd: repo, env, stdio: "pipe" });
    git("add", "-A");
    git("commit", "-qm", "init", "--no-verify");
    execFileSync("cp", [join(root, "hooks", "pre-commit"), join(repo, ".git", "hooks", "pre-commit")]);
  });

  it("lets a commit through when out/ matches spec/", () => {
    writeFileSync(join(repo, "notes.txt"), "x\n");
    execFileSync("git", ["add", "notes.txt"], { cwd: repo, env });
    const r = spawnSync("git", ["commit", "-qm", "notes"], { cwd: repo, env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });

  it("stops a commit whose spec change did not regenerate out/, and regenerates it", () => {
    const spec = baseSpec();
    spec.services.find((s: any) => s.name === "web").replicas = 3;
    writeFileSync(join(repo, "spec", "lab", "platform.yaml"), YAML.stringify(spec));
    execFileSync("git", ["add", "spec"], { cwd: repo, env });
    const r = spawnSync("git", ["commit", "-qm", "more replicas"], { cwd: repo, env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("out/ was regenerated");
    const status = execFileSync("git", ["status", "--porcelain", "--", "out/"], { cwd: repo, env, encoding: "utf8" });
    expect(status).not.toBe("");
    execFileSync("git", ["add", "out"], { cwd: repo, env });
    const again = spawnSync("git", ["commit", "-qm", "more replicas"], { cwd: repo, env, encoding: "utf8" });
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(repo, "out", "lab", "inventory.yaml"), "utf8")).toContain("replicas: 3");
  });
});
