import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  MANIFEST_NAME,
  checkPlatform,
  emitPlatform,
  unifiedDiff,
  validateOutputPaths,
  type OutputFile,
} from "../../src/emit/index.js";
import { readManifest } from "../../src/emit/manifest.js";
import { readTree, snapshotTree } from "../support/tree.js";

const roots: string[] = [];

function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-emit-"));
  roots.push(dir);
  return dir;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of roots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const ino = (p: string): number => fs.statSync(p).ino;

/** One generated file; which generator wrote it only shows in the manifest. */
function file(p: string, content: string, generator = "test"): OutputFile {
  return { path: p, content, generator };
}

const baseFiles: OutputFile[] = [
  file("kustomization.yaml", "resources:\n  - apps\n", "kustomize"),
  file("apps/web/deployment.yaml", "kind: Deployment\nname: web\n", "kustomize"),
  file("apps/web/service.yaml", "kind: Service\nname: web\n", "kustomize"),
  file("dns/zone.db", "$ORIGIN example.com.\n", "dns"),
];

function withChange(files: OutputFile[], p: string, content: string): OutputFile[] {
  return files.map((f) => (f.path === p ? { ...f, content } : f));
}

describe("validateOutputPaths", () => {
  it("accepts ordinary relative paths", () => {
    expect(validateOutputPaths(baseFiles)).toEqual([]);
    expect(validateOutputPaths([file(".hidden/x..y", "")])).toEqual([]);
  });

  it.each([
    ["../x", "'..' segment"],
    ["a/../b", "'..' segment"],
    ["./x", "'.' segment"],
    ["/abs", "absolute"],
    ["C:/abs", "absolute"],
    ["a//b", "empty segment"],
    ["a/", "empty segment"],
    ["", "empty"],
    ["a\\b", "backslash"],
    ["a\tb", "tab or line break"],
    ["a\nb", "tab or line break"],
    [MANIFEST_NAME, "reserved"],
  ])("rejects %j", (p, why) => {
    const problems = validateOutputPaths([file("ok.yaml", ""), file(p, "")]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(why);
  });

  it("rejects duplicates once per path", () => {
    const problems = validateOutputPaths([
      file("a.yaml", "1"),
      file("a.yaml", "2"),
      file("a.yaml", "3"),
    ]);
    expect(problems).toEqual([expect.stringContaining("more than once (by generator test)")]);
    expect(validateOutputPaths([file("a.yaml", "1", "dns"), file("a.yaml", "2", "docs")])).toEqual([
      expect.stringContaining("more than once (by generators dns and docs)"),
    ]);
  });

  it("rejects a path that is both a file and a directory", () => {
    const problems = validateOutputPaths([
      file("apps", ""),
      file("apps/web/x.yaml", ""),
    ]);
    expect(problems).toEqual([expect.stringMatching(/"apps" is generated as a file but is also a directory/)]);
  });

  it("makes emit and check throw before touching the disk", () => {
    const root = tempRoot();
    const bad = [file("../escape", "x")];
    expect(() => emitPlatform(root, "p", bad)).toThrow(/invalid output paths/);
    expect(() => checkPlatform(root, "p", bad)).toThrow(/invalid output paths/);
    expect(fs.readdirSync(root)).toEqual([]);
    expect(fs.existsSync(path.join(path.dirname(root), "escape"))).toBe(false);
  });

  it.each(["Prod", "a_b", "-a", "a-", "a.b", "", "x".repeat(64), "../p"])(
    "rejects platform name %j",
    (name) => {
      const root = tempRoot();
      expect(() => emitPlatform(root, name, baseFiles)).toThrow(/DNS-1123/);
      expect(() => checkPlatform(root, name, baseFiles)).toThrow(/DNS-1123/);
      expect(fs.readdirSync(root)).toEqual([]);
    },
  );
});

describe("emitPlatform", () => {
  it("writes everything on the first emit, creating outRoot, with a sorted LF manifest", () => {
    const root = path.join(tempRoot(), "does", "not", "exist");
    const res = emitPlatform(root, "prod", baseFiles);
    const sorted = baseFiles.map((f) => f.path).sort();
    expect(res).toEqual({ written: sorted, unchanged: [], removed: [] });
    const dir = path.join(root, "prod");
    // one `<path>\t<generator>` line per file
    const manifest = "apps/web/deployment.yaml\tkustomize\napps/web/service.yaml\tkustomize\ndns/zone.db\tdns\nkustomization.yaml\tkustomize\n";
    const expected: Record<string, string> = { [MANIFEST_NAME]: manifest };
    for (const f of baseFiles) expected[f.path] = f.content;
    expect(readTree(dir)).toEqual(expected);
    expect(fs.readdirSync(root)).toEqual(["prod"]);
    expect(readManifest(dir).entries).toEqual(new Map(baseFiles.map((f) => [f.path, f.generator])));
  });

  it("writes UTF-8 bytes exactly as given", () => {
    const root = tempRoot();
    const content = "name: café ☃ 🚀\n";
    emitPlatform(root, "p", [file("u.yaml", content)]);
    expect(fs.readFileSync(path.join(root, "p", "u.yaml")).equals(Buffer.from(content, "utf8"))).toBe(true);
  });

  it("writes nothing on a second emit with the same files and keeps every inode", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const before = snapshotTree(path.join(root, "prod"));
    const dirIno = ino(path.join(root, "prod"));
    const writeSpy = vi.spyOn(fs, "writeFileSync");
    const res = emitPlatform(root, "prod", [...baseFiles].reverse());
    expect(res).toEqual({ written: [], unchanged: baseFiles.map((f) => f.path).sort(), removed: [] });
    expect(writeSpy).not.toHaveBeenCalled();
    expect(snapshotTree(path.join(root, "prod"))).toEqual(before);
    expect(ino(path.join(root, "prod"))).toBe(dirIno);
  });

  it("rewrites only the changed file and hard-links the unchanged ones into the new tree", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const dir = path.join(root, "prod");
    const before = snapshotTree(dir);
    const res = emitPlatform(root, "prod", withChange(baseFiles, "apps/web/service.yaml", "kind: Service\nname: web2\n"));
    expect(res.written).toEqual(["apps/web/service.yaml"]);
    expect(res.unchanged).toEqual(["apps/web/deployment.yaml", "dns/zone.db", "kustomization.yaml"]);
    expect(res.removed).toEqual([]);
    expect(fs.readFileSync(path.join(dir, "apps/web/service.yaml"), "utf8")).toBe("kind: Service\nname: web2\n");
    for (const p of res.unchanged) expect(ino(path.join(dir, p))).toBe(before[p]?.ino);
    // the old tree's links are gone, so nothing is left sharing the inodes
    for (const p of res.unchanged) expect(fs.statSync(path.join(dir, p)).nlink).toBe(1);
    expect(fs.readdirSync(root)).toEqual(["prod"]);
  });

  it("rewrites a file that differs only in its final newline", () => {
    const root = tempRoot();
    emitPlatform(root, "p", [file("a", "x\n")]);
    expect(emitPlatform(root, "p", [file("a", "x")]).written).toEqual(["a"]);
    expect(fs.readFileSync(path.join(root, "p", "a"), "utf8")).toBe("x");
  });

  it("prunes files it generated before, and directories left empty by that", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const res = emitPlatform(
      root,
      "prod",
      baseFiles.filter((f) => f.path !== "dns/zone.db"),
    );
    expect(res.removed).toEqual(["dns/zone.db"]);
    expect(res.written).toEqual([]);
    const dir = path.join(root, "prod");
    expect(fs.existsSync(path.join(dir, "dns"))).toBe(false);
    expect(fs.readFileSync(path.join(dir, MANIFEST_NAME), "utf8")).toBe(
      "apps/web/deployment.yaml\tkustomize\napps/web/service.yaml\tkustomize\nkustomization.yaml\tkustomize\n",
    );
  });

  it("carries files platformc never generated over untouched, even when it rebuilds the tree", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const dir = path.join(root, "prod");
    fs.writeFileSync(path.join(dir, "README.md"), "hand-written\n");
    fs.writeFileSync(path.join(dir, "dns", "NOTES"), "keep me\n");
    fs.mkdirSync(path.join(dir, "empty-by-user"));
    fs.symlinkSync("../kustomization.yaml", path.join(dir, "apps", "link"));
    const readmeIno = ino(path.join(dir, "README.md"));

    // dns/zone.db is pruned, but dns/ survives because of the user's file in it
    const res = emitPlatform(root, "prod", withChange(baseFiles.filter((f) => f.path !== "dns/zone.db"), "kustomization.yaml", "v2\n"));
    expect(res).toEqual({
      written: ["kustomization.yaml"],
      unchanged: ["apps/web/deployment.yaml", "apps/web/service.yaml"],
      removed: ["dns/zone.db"],
    });
    expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toBe("hand-written\n");
    expect(ino(path.join(dir, "README.md"))).toBe(readmeIno);
    expect(fs.readFileSync(path.join(dir, "dns", "NOTES"), "utf8")).toBe("keep me\n");
    expect(fs.statSync(path.join(dir, "empty-by-user")).isDirectory()).toBe(true);
    expect(fs.readlinkSync(path.join(dir, "apps", "link"))).toBe("../kustomization.yaml");
    expect(fs.readFileSync(path.join(dir, MANIFEST_NAME), "utf8")).not.toContain("README");
    // and a later emit still does not consider them its own
    expect(emitPlatform(root, "prod", []).removed).toEqual([
      "apps/web/deployment.yaml",
      "apps/web/service.yaml",
      "kustomization.yaml",
    ]);
    expect(readTree(dir)).toEqual({ "README.md": "hand-written\n", "dns/NOTES": "keep me\n", [MANIFEST_NAME]: "" });
  });

  it("refuses, changing nothing, when a user's file stands where generated output must go", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const dir = path.join(root, "prod");
    fs.writeFileSync(path.join(dir, "extra"), "mine\n");
    const before = snapshotTree(dir);
    expect(() => emitPlatform(root, "prod", [...baseFiles, file("extra/x.yaml", "")])).toThrow(
      /not generated by platformc[\s\S]*- extra/,
    );
    expect(snapshotTree(dir)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(["prod"]);
  });

  it("cleans stale .tmp-/.old- siblings of this platform only", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    emitPlatform(root, "prod-eu", baseFiles);
    for (const n of [".prod.tmp-abc123", ".prod.old-def456", ".prod-eu.tmp-zzz"]) {
      fs.mkdirSync(path.join(root, n, "apps"), { recursive: true });
      fs.writeFileSync(path.join(root, n, "apps", "half.yaml"), "half");
    }
    emitPlatform(root, "prod", baseFiles);
    expect(fs.readdirSync(root).sort()).toEqual([".prod-eu.tmp-zzz", "prod", "prod-eu"]);
  });

  it("recovers the previous tree when a run was killed between the two renames", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    fs.writeFileSync(path.join(root, "prod", "README.md"), "user\n");
    // the state a kill leaves: old tree moved aside, complete new tree not yet moved in
    fs.renameSync(path.join(root, "prod"), path.join(root, ".prod.old-aaaa"));
    fs.mkdirSync(path.join(root, ".prod.tmp-bbbb"));
    fs.writeFileSync(path.join(root, ".prod.tmp-bbbb", "kustomization.yaml"), "new\n");

    const res = emitPlatform(root, "prod", baseFiles);
    expect(res.written).toEqual([]);
    expect(fs.readdirSync(root)).toEqual(["prod"]);
    expect(fs.readFileSync(path.join(root, "prod", "README.md"), "utf8")).toBe("user\n");
  });

  it("never touches a sibling platform's directory", () => {
    const root = tempRoot();
    emitPlatform(root, "b", baseFiles);
    fs.writeFileSync(path.join(root, "b", "README.md"), "b's\n");
    const bBefore = snapshotTree(path.join(root, "b"));
    const bIno = ino(path.join(root, "b"));
    emitPlatform(root, "a", baseFiles);
    emitPlatform(root, "a", withChange(baseFiles, "dns/zone.db", "changed\n"));
    emitPlatform(root, "a", []);
    expect(snapshotTree(path.join(root, "b"))).toEqual(bBefore);
    expect(ino(path.join(root, "b"))).toBe(bIno);
  });

  it("leaves the previous tree intact and no half tree when a write fails mid-way", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    fs.writeFileSync(path.join(root, "prod", "README.md"), "user\n");
    const dir = path.join(root, "prod");
    const before = snapshotTree(dir);

    const realWrite = fs.writeFileSync;
    let writes = 0;
    vi.spyOn(fs, "writeFileSync").mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
      if (++writes === 2) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      realWrite(...args);
    });
    const changed = baseFiles.map((f) => ({ ...f, content: `${f.content}# v2\n` }));
    expect(() => emitPlatform(root, "prod", [...changed, file("new/file.yaml", "n\n")])).toThrow(/ENOSPC/);
    expect(writes).toBe(2);
    vi.restoreAllMocks();

    expect(snapshotTree(dir)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(["prod"]);
    expect(checkPlatform(root, "prod", baseFiles)).toEqual([]);
  });

  it("leaves no platform directory at all when the very first emit fails", () => {
    const root = tempRoot();
    vi.spyOn(fs, "writeFileSync").mockImplementation(() => {
      throw new Error("EIO: simulated");
    });
    expect(() => emitPlatform(root, "prod", baseFiles)).toThrow(/EIO/);
    vi.restoreAllMocks();
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("puts the old tree back when moving the new one into place fails", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const dir = path.join(root, "prod");
    const before = snapshotTree(dir);
    const realRename = fs.renameSync;
    vi.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (String(from).includes(".prod.tmp-")) throw new Error("EBUSY: simulated");
      realRename(from, to);
    });
    expect(() => emitPlatform(root, "prod", withChange(baseFiles, "dns/zone.db", "x\n"))).toThrow(/EBUSY/);
    vi.restoreAllMocks();
    expect(snapshotTree(dir)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(["prod"]);
  });

  it("falls back to copying when hard links are not possible", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const link = vi.spyOn(fs, "linkSync").mockImplementation(() => {
      throw Object.assign(new Error("EXDEV: cross-device link not permitted"), { code: "EXDEV" });
    });
    fs.writeFileSync(path.join(root, "prod", "README.md"), "user\n");
    const next = withChange(baseFiles, "kustomization.yaml", "v2\n");
    const res = emitPlatform(root, "prod", next);
    // after the first EXDEV it stops trying
    expect(link).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
    expect(res.written).toEqual(["kustomization.yaml"]);
    expect(res.unchanged).toHaveLength(3);
    expect(fs.readFileSync(path.join(root, "prod", "README.md"), "utf8")).toBe("user\n");
    expect(checkPlatform(root, "prod", next)).toEqual([]);
  });

  it("refuses to replace a platform path that is a symlink", () => {
    const root = tempRoot();
    const target = tempRoot();
    fs.symlinkSync(target, path.join(root, "prod"));
    expect(() => emitPlatform(root, "prod", baseFiles)).toThrow(/not a directory/);
    expect(fs.readdirSync(target)).toEqual([]);
    expect(fs.lstatSync(path.join(root, "prod")).isSymbolicLink()).toBe(true);
  });
});

describe("checkPlatform", () => {
  it("reports nothing right after an emit, and writes nothing", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    fs.writeFileSync(path.join(root, "prod", "README.md"), "user files are not drift\n");
    const before = snapshotTree(root);
    expect(checkPlatform(root, "prod", baseFiles)).toEqual([]);
    expect(snapshotTree(root)).toEqual(before);
  });

  it("reports every expected file as missing when nothing was emitted, and creates nothing", () => {
    const root = path.join(tempRoot(), "out");
    expect(checkPlatform(root, "prod", baseFiles)).toEqual(
      [MANIFEST_NAME, ...baseFiles.map((f) => f.path).sort()].map((p) => ({ path: p, kind: "missing" })),
    );
    expect(fs.existsSync(root)).toBe(false);
  });

  it("reports missing, stale and extra files sorted by path", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const dir = path.join(root, "prod");
    fs.rmSync(path.join(dir, "dns", "zone.db"));
    fs.writeFileSync(path.join(dir, "apps/web/service.yaml"), "kind: Service\nname: old\n");
    const expected = [
      ...baseFiles.filter((f) => f.path !== "kustomization.yaml"),
      file("added.yaml", "new\n"),
    ];
    const drift = checkPlatform(root, "prod", expected);
    expect(drift.map((d) => [d.path, d.kind])).toEqual([
      // the manifest emit would write lists added.yaml and no longer kustomization.yaml
      [MANIFEST_NAME, "stale"],
      ["added.yaml", "missing"],
      ["apps/web/service.yaml", "stale"],
      ["dns/zone.db", "missing"],
      ["kustomization.yaml", "extra"],
    ]);
    expect(drift[2]?.diff).toBe(
      [
        "--- apps/web/service.yaml (on disk)",
        "+++ apps/web/service.yaml (generated)",
        "@@ -1,2 +1,2 @@",
        " kind: Service",
        "-name: old",
        "+name: web",
      ].join("\n"),
    );
  });

  it("does not report manifest entries that are gone from disk as extra, but reports the edited manifest", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const manifest = path.join(root, "prod", MANIFEST_NAME);
    fs.appendFileSync(manifest, "gone.yaml\tdns\n../../etc/passwd\n/abs\n");
    const drift = checkPlatform(root, "prod", baseFiles);
    // garbage lines and vanished files are not extra files; the manifest itself differs from what emit writes
    expect(drift.map((d) => [d.path, d.kind])).toEqual([[MANIFEST_NAME, "stale"]]);
    expect(drift[0]?.diff).toContain("-gone.yaml\tdns");
    expect(drift[0]?.diff).toContain("-../../etc/passwd");
    // and the next emit rewrites it, after which the check agrees
    emitPlatform(root, "prod", baseFiles);
    expect(checkPlatform(root, "prod", baseFiles)).toEqual([]);
  });

  it("reports a deleted manifest as missing, and an emit restores it (check and build agree)", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const manifest = path.join(root, "prod", MANIFEST_NAME);
    const bytes = fs.readFileSync(manifest);
    fs.rmSync(manifest);
    expect(checkPlatform(root, "prod", baseFiles)).toEqual([{ path: MANIFEST_NAME, kind: "missing" }]);
    // without a manifest a no-longer-generated file is indistinguishable from a user's file: only the manifest drifts
    expect(checkPlatform(root, "prod", baseFiles.slice(1))).toEqual([{ path: MANIFEST_NAME, kind: "missing" }]);
    expect(emitPlatform(root, "prod", baseFiles).written).toEqual([]);
    expect(fs.readFileSync(manifest).equals(bytes)).toBe(true);
    expect(checkPlatform(root, "prod", baseFiles)).toEqual([]);
  });

  it("reports a manifest with CRLF line ends or another generator as stale, with a diff", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const manifest = path.join(root, "prod", MANIFEST_NAME);
    const text = fs.readFileSync(manifest, "utf8");
    fs.writeFileSync(manifest, text.replace(/\n/g, "\r\n"));
    expect(checkPlatform(root, "prod", baseFiles).map((d) => [d.path, d.kind])).toEqual([[MANIFEST_NAME, "stale"]]);
    fs.writeFileSync(manifest, text.replace("dns/zone.db\tdns", "dns/zone.db\tdocs"));
    const [d] = checkPlatform(root, "prod", baseFiles);
    expect(d?.diff).toBe(
      [`--- ${MANIFEST_NAME} (on disk)`, `+++ ${MANIFEST_NAME} (generated)`, "@@ -1,4 +1,4 @@", " apps/web/deployment.yaml\tkustomize", " apps/web/service.yaml\tkustomize", "-dns/zone.db\tdocs", "+dns/zone.db\tdns", " kustomization.yaml\tkustomize"].join("\n"),
    );
  });

  it.each([
    ["a symbolic link", (p: string) => fs.symlinkSync("kustomization.yaml", p)],
    ["a directory", (p: string) => fs.mkdirSync(p)],
  ])("reports %s in the manifest's place as stale without following or reading it", (what, make) => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    const manifest = path.join(root, "prod", MANIFEST_NAME);
    fs.rmSync(manifest);
    make(manifest);
    expect(checkPlatform(root, "prod", baseFiles)).toEqual([
      { path: MANIFEST_NAME, kind: "stale", diff: `expected a regular file at ${MANIFEST_NAME}, found ${what}` },
    ]);
  });

  it("reports a directory where a file is expected as stale", () => {
    const root = tempRoot();
    emitPlatform(root, "prod", baseFiles);
    fs.rmSync(path.join(root, "prod", "dns", "zone.db"));
    fs.mkdirSync(path.join(root, "prod", "dns", "zone.db"));
    expect(checkPlatform(root, "prod", baseFiles)).toEqual([
      { path: "dns/zone.db", kind: "stale", diff: "expected a regular file at dns/zone.db, found a directory" },
    ]);
  });
});

describe("unifiedDiff", () => {
  it("numbers lines in hunk headers and keeps separate hunks apart", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`).join("");
    const after = before.replace("line 3\n", "line three\n").replace("line 25\n", "").concat("line 31\n");
    expect(unifiedDiff("f", before, after)).toBe(
      [
        "--- f (on disk)",
        "+++ f (generated)",
        "@@ -1,5 +1,5 @@",
        " line 1",
        " line 2",
        "-line 3",
        "+line three",
        " line 4",
        " line 5",
        "@@ -23,5 +23,4 @@",
        " line 23",
        " line 24",
        "-line 25",
        " line 26",
        " line 27",
        "@@ -29,2 +28,3 @@",
        " line 29",
        " line 30",
        "+line 31",
      ].join("\n"),
    );
  });

  it("caps the output at 20 changed lines and is deterministic", () => {
    const before = Array.from({ length: 100 }, (_, i) => `a${i}\n`).join("");
    const after = Array.from({ length: 100 }, (_, i) => `b${i}\n`).join("");
    const diff = unifiedDiff("f", before, after);
    expect(diff.split("\n").filter((l) => /^[-+][^-+]/.test(l))).toHaveLength(20);
    expect(diff).toMatch(/^@@ -1,20 \+0,0 @@$/m);
    expect(diff.endsWith("... 180 more changed lines not shown")).toBe(true);
    expect(unifiedDiff("f", before, after)).toBe(diff);
  });

  it("shows a missing final newline", () => {
    expect(unifiedDiff("f", "x\n", "x")).toBe(
      ["--- f (on disk)", "+++ f (generated)", "@@ -1,1 +1,1 @@", "-x", "+x", "\\ No newline at end of file"].join("\n"),
    );
  });
});
