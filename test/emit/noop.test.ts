// The no-op rebuild (src/emit/noop.ts, the driver's noopBuild): with the same code, options, spec bytes, read files
// and out/, build and build --check replay the last result without compiling; any difference, out/ included, is a
// full build, so a stale or hand-edited file is still found and repaired.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { MANIFEST_NAME } from "../../src/emit/index.js";

const repo = path.join(import.meta.dirname, "..", "..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-noop-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const EXTRA = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  mode: one\n";

let n = 0;
let dir: string;
let spec: string;
let out: string;
let cache: { dir: string; codeId: string };

beforeEach(() => {
  dir = path.join(scratch, String(n++));
  spec = path.join(dir, "spec");
  out = path.join(dir, "out");
  cache = { dir: path.join(dir, "cache"), codeId: "code-1" };
  fs.mkdirSync(path.join(spec, "todoapp", "manifests"), { recursive: true });
  // A seed with no warnings, given one file it reads (namespaces[].manifests), so the reads are part of the test.
  const text = fs
    .readFileSync(path.join(repo, "spec", "todoapp", "platform.yaml"), "utf8")
    .replace("  - { name: todoapp, purpose: Full-stack application, podSecurity: baseline }", "  - { name: todoapp, purpose: Full-stack application, podSecurity: baseline, manifests: [manifests/extra.yaml] }");
  expect(text).toContain("manifests/extra.yaml");
  fs.writeFileSync(path.join(spec, "todoapp", "platform.yaml"), text);
  fs.writeFileSync(path.join(spec, "todoapp", "manifests", "extra.yaml"), EXTRA);
});

type Opts = Partial<Parameters<typeof build>[0]>;
const run = (mode: "write" | "check", more: Opts = {}) => {
  const r = build({ dir: spec, outDir: out, mode, cache, ...more });
  expect(r.diagnostics).toEqual([]);
  expect(r.platforms).toHaveLength(1);
  return r.platforms[0]!;
};

/** Every entry under out/ with what would change if it were touched: inode, size, mtime and ctime. */
function snapshot(root: string): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p, { bigint: true });
      m.set(path.relative(root, p), `${st.ino} ${st.size} ${st.mtimeNs} ${st.ctimeNs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return m;
}

const someYaml = () => {
  const manifest = fs.readFileSync(path.join(out, "todoapp", MANIFEST_NAME), "utf8");
  const rel = manifest.split("\n").map((l) => l.split("\t")[0]!).find((p) => p.endsWith("kustomization.yaml"))!;
  return path.join(out, "todoapp", rel);
};

describe("the no-op rebuild", () => {
  it("writes nothing and reports every file unchanged, or up to date under --check", () => {
    const first = run("write");
    expect(first.upToDate).toBeUndefined();
    expect(first.emitted!.written.length).toBe(first.fileCount);
    const before = snapshot(out);

    const again = run("write");
    expect(again.upToDate).toBe(true);
    expect(again.emitted).toEqual({ written: [], unchanged: first.emitted!.written, removed: [] });
    expect(again.fileCount).toBe(first.fileCount);
    expect(again.checks).toEqual(first.checks);
    const checked = run("check");
    expect(checked.upToDate).toBe(true);
    expect(checked.drift).toEqual([]);
    expect(snapshot(out)).toEqual(before);
  });

  it("a clean --check records too, so the next check is a no-op", () => {
    build({ dir: spec, outDir: out, mode: "write" });
    expect(run("check").upToDate).toBeUndefined();
    expect(run("check").upToDate).toBe(true);
  });

  it("finds a same-size hand edit (even with its mtime put back), and build repairs it", () => {
    run("write");
    const file = someYaml();
    // A whole-second mtime can be put back exactly; a full build (a new spec) records it.
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    fs.appendFileSync(path.join(spec, "todoapp", "platform.yaml"), "# new spec bytes, same output\n");
    expect(run("write").emitted!.written).toEqual([]);
    const text = fs.readFileSync(file, "utf8");
    const edited = text.replace(/resources:/, "resourcez:");
    expect(edited.length).toBe(text.length);
    fs.writeFileSync(file, edited);
    // Same size, same mtime, same inode: only the ctime tells.
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);

    const checked = run("check");
    expect(checked.upToDate).toBeUndefined();
    expect(checked.drift!.map((d) => `${d.kind} ${d.path}`)).toEqual([`stale ${path.relative(path.join(out, "todoapp"), file)}`]);
    const repaired = run("write");
    expect(repaired.upToDate).toBeUndefined();
    expect(repaired.emitted!.written).toEqual([path.relative(path.join(out, "todoapp"), file).split(path.sep).join("/")]);
    expect(fs.readFileSync(file, "utf8")).toBe(text);
    expect(run("write").upToDate).toBe(true);
  });

  it("finds a deleted file and a deleted manifest, and build puts them back", () => {
    run("write");
    const file = someYaml();
    fs.rmSync(file);
    expect(run("check").drift!.map((d) => d.kind)).toEqual(["missing"]);
    expect(run("write").emitted!.written).toHaveLength(1);
    fs.rmSync(path.join(out, "todoapp", MANIFEST_NAME));
    expect(run("check").drift!.map((d) => `${d.kind} ${d.path}`)).toEqual([`missing ${MANIFEST_NAME}`]);
    run("write");
    expect(fs.existsSync(path.join(out, "todoapp", MANIFEST_NAME))).toBe(true);
    expect(run("check").upToDate).toBe(true);
  });

  it("a file rewritten with the same bytes (a fresh checkout) is hashed, not rebuilt", () => {
    run("write");
    const file = someYaml();
    const text = fs.readFileSync(file);
    fs.rmSync(file);
    fs.writeFileSync(file, text);
    expect(run("check").upToDate).toBe(true);
  });

  it("a changed spec, or a changed file the spec reads, is a full build", () => {
    run("write");
    const platform = path.join(spec, "todoapp", "platform.yaml");
    fs.appendFileSync(platform, "# a comment changes no output but is a new spec\n");
    const changed = run("write");
    expect(changed.upToDate).toBeUndefined();
    expect(changed.emitted!.written).toEqual([]);
    expect(run("write").upToDate).toBe(true);

    fs.writeFileSync(path.join(spec, "todoapp", "manifests", "extra.yaml"), EXTRA.replace("one", "two"));
    const reread = run("write");
    expect(reread.upToDate).toBeUndefined();
    expect(reread.emitted!.written.some((p) => p.endsWith("manifest.extra.yaml"))).toBe(true);
    expect(run("check").upToDate).toBe(true);
  });

  it("a new spec in the directory is a full build", () => {
    run("write");
    fs.mkdirSync(path.join(spec, "bluerobin"));
    fs.copyFileSync(path.join(repo, "spec", "bluerobin", "platform.yaml"), path.join(spec, "bluerobin", "platform.yaml"));
    const r = build({ dir: spec, outDir: out, mode: "write", cache });
    expect(r.platforms.map((p) => [p.name, p.upToDate])).toEqual([["bluerobin", undefined], ["todoapp", undefined]]);
  });

  it("another --only, another -o, or other code is a full build", () => {
    run("write");
    const only = run("write", { only: ["inventory"] });
    expect(only.upToDate).toBeUndefined();
    expect(run("write", { only: ["inventory"] }).upToDate).toBe(true);
    expect(run("write").upToDate).toBeUndefined();
    expect(run("write").upToDate).toBe(true);

    const other = path.join(dir, "out2");
    fs.cpSync(out, other, { recursive: true });
    expect(run("check", { outDir: other }).upToDate).toBeUndefined();

    expect(run("write", { cache: { ...cache, codeId: "code-2" } }).upToDate).toBeUndefined();
    expect(run("write").upToDate).toBeUndefined();
  });

  it("never replays a build that printed diagnostics, and validate always compiles", () => {
    run("write");
    const r = build({ dir: spec, outDir: out, mode: "validate", cache });
    expect(r.platforms[0]!.upToDate).toBeUndefined();
    expect(r.platforms[0]!.checks.length).toBeGreaterThan(0);
    // An error in the spec: nothing is recorded, and the error is reported every time.
    const platform = path.join(spec, "todoapp", "platform.yaml");
    fs.writeFileSync(platform, fs.readFileSync(platform, "utf8").replace("podSecurity: baseline }", "podSecurity: nonsense }"));
    for (let i = 0; i < 2; i++) expect(build({ dir: spec, outDir: out, mode: "write", cache }).diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  it("a leftover of a killed swap, or another build's lock, is a full build", () => {
    run("write");
    fs.mkdirSync(path.join(out, ".todoapp.tmp-abc"));
    expect(run("write").upToDate).toBeUndefined();
    expect(fs.existsSync(path.join(out, ".todoapp.tmp-abc"))).toBe(false);
    expect(run("write").upToDate).toBe(true);
    // A lock held elsewhere: out/ may be changing, so no record is trusted and the build waits for it like any other.
    fs.writeFileSync(path.join(out, ".platformc-lock"), JSON.stringify({ pid: 1, host: "another-host", token: "t" }) + "\n");
    const locked = build({ dir: spec, outDir: out, mode: "check", cache, lockWaitMs: 0 });
    expect(locked.diagnostics.map((d) => d.code)).toEqual(["PC0008"]);
    expect(locked.platforms[0]!.upToDate).toBeUndefined();
  });
});

describe("the code's identity", () => {
  it("is unknown when running from the sources, so the CLI trusts no record there", async () => {
    const { codeIdentity } = await import("../../src/build.js");
    expect(codeIdentity()).toBeUndefined();
  });
});
