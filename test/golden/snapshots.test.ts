// The snapshot check itself (test/support/snapshots.ts) can fail: on a temporary copy of two test platforms and
// their snapshots, each kind of drift is caught, including files no manifest lists and orphaned snapshots, and
// the update mode repairs all of them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkSnapshots, updateSnapshots, type SnapshotProblem } from "../support/snapshots.js";

const golden = import.meta.dirname;
let repo: string;
let specDir: string;
let outDir: string;

// The copy keeps the repository-relative paths (test/golden/...) below a directory with a .git entry, so the
// headers and GitOps paths it compiles to are those of the committed snapshots.
beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-golden-"));
  fs.mkdirSync(path.join(repo, ".git"));
  specDir = path.join(repo, "test", "golden", "spec");
  outDir = path.join(repo, "test", "golden", "out");
  for (const name of ["lab", "gateway"]) {
    fs.cpSync(path.join(golden, "spec", name), path.join(specDir, name), { recursive: true });
    fs.cpSync(path.join(golden, "out", name), path.join(outDir, name), { recursive: true });
  }
});

afterEach(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

const kinds = (problems: SnapshotProblem[]): string[] => problems.map((p) => `${p.kind} ${p.path}`);

describe("the snapshot check", () => {
  it("passes on a faithful copy", () => {
    const check = checkSnapshots(specDir, outDir);
    expect(check.platforms.map((p) => p.name)).toEqual(["gateway", "lab"]);
    expect(kinds(check.problems)).toEqual([]);
  });

  it("fails on a snapshot directory without a spec, and on any other entry beside the platforms", () => {
    fs.mkdirSync(path.join(outDir, "ghost", "docs"), { recursive: true });
    fs.writeFileSync(path.join(outDir, "ghost", "docs", "ARCHITECTURE.md"), "# ghost\n");
    fs.mkdirSync(path.join(outDir, "empty"));
    fs.writeFileSync(path.join(outDir, "README.md"), "stray\n");
    expect(kinds(checkSnapshots(specDir, outDir).problems)).toEqual(["orphan README.md", "orphan empty", "orphan ghost"]);
  });

  it("fails when a platform's spec is deleted but its snapshot stays", () => {
    fs.rmSync(path.join(specDir, "gateway"), { recursive: true });
    const check = checkSnapshots(specDir, outDir);
    expect(check.platforms.map((p) => p.name)).toEqual(["lab"]);
    expect(kinds(check.problems)).toEqual(["orphan gateway"]);
  });

  it("fails on files the build does not generate, listed in the manifest or not, at any depth", () => {
    fs.writeFileSync(path.join(outDir, "lab", "NOTES.md"), "mine\n");
    fs.writeFileSync(path.join(outDir, "lab", "clusters", "main", "stray.yaml"), "kind: ConfigMap\n");
    fs.mkdirSync(path.join(outDir, "lab", "new", "deep"), { recursive: true });
    fs.writeFileSync(path.join(outDir, "lab", "new", "deep", ".hidden"), "x\n");
    fs.symlinkSync("inventory.yaml", path.join(outDir, "lab", "link.yaml"));
    const check = checkSnapshots(specDir, outDir);
    expect(kinds(check.problems)).toEqual([
      "extra lab/NOTES.md",
      "extra lab/clusters/main/stray.yaml",
      "extra lab/link.yaml",
      "extra lab/new/deep/.hidden",
    ]);
  });

  it("fails on a changed file with its diff, on a changed manifest, and on a missing file", () => {
    const inventory = path.join(outDir, "lab", "inventory.yaml");
    fs.writeFileSync(inventory, fs.readFileSync(inventory, "utf8").replace("domain: lab.example.com", "domain: edited.example.com"));
    fs.appendFileSync(path.join(outDir, "gateway", ".platformc-manifest"), "old.yaml\tdocs\n");
    fs.rmSync(path.join(outDir, "gateway", "docs", "ARCHITECTURE.md"));
    const check = checkSnapshots(specDir, outDir);
    expect(kinds(check.problems)).toEqual(["stale gateway/.platformc-manifest", "missing gateway/docs/ARCHITECTURE.md", "stale lab/inventory.yaml"]);
    const diff = check.problems.find((p) => p.path === "lab/inventory.yaml")?.diff ?? "";
    expect(diff).toContain("-domain: edited.example.com");
    expect(diff).toContain("+domain: lab.example.com");
  });

  it("fails when a file is replaced by a symbolic link to identical bytes", () => {
    const inventory = path.join(outDir, "lab", "inventory.yaml");
    fs.renameSync(inventory, path.join(repo, "inventory.yaml"));
    fs.symlinkSync(path.join(repo, "inventory.yaml"), inventory);
    expect(kinds(checkSnapshots(specDir, outDir).problems)).toEqual(["stale lab/inventory.yaml"]);
  });

  it("ignores a rendered diagram beside its generated .mmd, and nothing else under docs/", () => {
    const mmd = fs.readdirSync(path.join(outDir, "lab", "docs")).find((f) => f.endsWith(".mmd"));
    expect(mmd).toBeDefined();
    fs.writeFileSync(path.join(outDir, "lab", "docs", mmd!.replace(/\.mmd$/, ".svg")), "<svg/>\n");
    fs.writeFileSync(path.join(outDir, "lab", "docs", "unrelated.svg"), "<svg/>\n");
    expect(kinds(checkSnapshots(specDir, outDir).problems)).toEqual(["extra lab/docs/unrelated.svg"]);
  });

  it("fails when a platform's snapshot is a symbolic link to a faithful copy", () => {
    fs.renameSync(path.join(outDir, "gateway"), path.join(repo, "gateway"));
    fs.symlinkSync(path.join(repo, "gateway"), path.join(outDir, "gateway"));
    expect(kinds(checkSnapshots(specDir, outDir).problems)).toEqual(["stale gateway"]);
  });

  it("fails when a snapshot was never written", () => {
    fs.rmSync(path.join(outDir, "gateway"), { recursive: true });
    const problems = checkSnapshots(specDir, outDir).problems;
    expect(problems.length).toBeGreaterThan(10);
    expect(problems.every((p) => p.kind === "missing" && p.path.startsWith("gateway/"))).toBe(true);
  });

  it("update mode repairs every kind of drift, and the check then passes", () => {
    const before = fs.readFileSync(path.join(outDir, "lab", "inventory.yaml"));
    fs.writeFileSync(path.join(outDir, "lab", "inventory.yaml"), "edited\n");
    fs.rmSync(path.join(outDir, "lab", "docs"), { recursive: true });
    fs.mkdirSync(path.join(outDir, "lab", "new", "deep"), { recursive: true });
    fs.writeFileSync(path.join(outDir, "lab", "new", "deep", "x.yaml"), "x\n");
    fs.mkdirSync(path.join(outDir, "ghost"));
    fs.writeFileSync(path.join(outDir, "ghost", "inventory.yaml"), "x\n");
    expect(checkSnapshots(specDir, outDir).problems.length).toBeGreaterThan(3);

    expect(kinds(updateSnapshots(specDir, outDir).problems)).toEqual([]);
    expect(fs.readFileSync(path.join(outDir, "lab", "inventory.yaml"))).toEqual(before);
    expect(fs.existsSync(path.join(outDir, "lab", "new"))).toBe(false);
    expect(fs.existsSync(path.join(outDir, "ghost"))).toBe(false);
    expect(fs.readdirSync(outDir).sort()).toEqual(["gateway", "lab"]);
  });

  it("reports a spec error instead of comparing", () => {
    fs.writeFileSync(path.join(specDir, "lab", "platform.yaml"), "apiVersion: platformc.dev/v1alpha1\nplatform: {}\n");
    const check = checkSnapshots(specDir, outDir);
    expect(check.diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(check.problems).toEqual([]);
  });
});
