// out/ is committed and hand-editable, so what a build reads back from it (the manifest, the files --only keeps,
// the files --check compares) must never lead it outside out/<platform>/, through a symbolic link, or into opening a
// FIFO or device (which blocks, or has side effects). Issue 16, point 5: each case it names, end to end.
//
// In-process runs replace fs's reading functions with guards that refuse (and record) any read of a path under out/
// that is not a regular file reached without a link, so a regression fails here instead of hanging the test. The FIFO
// cases also run the CLI as a child process with a timeout, where a blocking open would show as a kill.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { MANIFEST_NAME } from "../../src/emit/index.js";
import { baseSpec } from "../support/base.js";
import { cleanupTempDirs, cli, tempDir, writeSpec, type CliResult } from "../support/cli-harness.js";
import { removeTestBin, runBin } from "../support/test-bin.js";

afterEach(() => {
  vi.restoreAllMocks();
  cleanupTempDirs();
});
afterAll(removeTestBin);

const ZONE = "dns/lab.example.com.zone";
const canFifo = process.platform !== "win32";

/** The lab spec built into <root>/deep/er/out, so that `../../../x` from out/lab/ lands at <root>/deep/x. */
function builtLab(): { root: string; spec: string; out: string; lab: string } {
  const root = tempDir("platformc-hostile-");
  writeSpec(root, "lab", baseSpec());
  const spec = path.join(root, "spec");
  const out = path.join(root, "deep", "er", "out");
  const r = cli(["build", spec, "--out", out]);
  expect(r.code, r.err).toBe(0);
  return { root, spec, out, lab: path.join(out, "lab") };
}

/** Refuses reads under `root` of anything but a regular file reached without passing a symbolic link. */
function guardReads(root: string): string[] {
  const refused: string[] = [];
  const bad = (p: unknown): string | undefined => {
    if (typeof p !== "string") return undefined;
    const rel = path.relative(root, path.resolve(p));
    if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
    let at = root;
    for (const seg of rel.split(path.sep).filter(Boolean)) {
      at = path.join(at, seg);
      const st = fs.lstatSync(at, { throwIfNoEntry: false });
      if (st === undefined) return undefined;
      if (st.isSymbolicLink()) return `${p} (through the symbolic link ${at})`;
    }
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    return st !== undefined && !st.isFile() && !st.isDirectory() ? `${p} (a special file)` : undefined;
  };
  for (const name of ["openSync", "readFileSync", "copyFileSync"] as const) {
    const real = fs[name] as (...a: unknown[]) => unknown;
    vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
      const why = bad(args[0]);
      if (why !== undefined) {
        refused.push(`${name} ${why}`);
        throw Object.assign(new Error(`test guard: refused to read ${why}`), { code: "EGUARD" });
      }
      return real(...args);
    }) as never);
  }
  return refused;
}

function expectHandled(r: CliResult, ...allowed: number[]): void {
  expect(r.err).not.toMatch(/internal error|^\s+at /m);
  expect(allowed, r.err).toContain(r.code);
}

describe("manifest lines that point outside out/<platform>/", () => {
  it("../../../x, ../x, absolute and drive paths, and a path through a linked directory are never read, and are dropped", () => {
    const { root, spec, out, lab } = builtLab();
    const sentinels = {
      [path.join(root, "deep", "x")]: "outside: ../../../x\n",
      [path.join(root, "deep", "er", "outside.txt")]: "outside: ../../outside.txt\n",
      [path.join(root, "elsewhere", "secret.txt")]: "outside: through a link\n",
    };
    for (const [p, text] of Object.entries(sentinels)) fs.mkdirSync(path.dirname(p), { recursive: true }), fs.writeFileSync(p, text);
    fs.symlinkSync(path.join(root, "elsewhere"), path.join(lab, "linkdir"));
    const hostile = ["../../../x\tinventory", "../../outside.txt\tdns", `${path.join(root, "deep", "x")}\tdocs`, "C:/x\tdns", "a\\..\\..\\x\tdns", "linkdir/secret.txt\tdns"];
    fs.appendFileSync(path.join(lab, MANIFEST_NAME), hostile.map((l) => `${l}\n`).join(""));

    const refused = guardReads(root);
    const check = cli(["build", spec, "--out", out, "--check"]);
    expectHandled(check, 1);
    expect(check.err).toContain(`stale: ${path.join(lab, MANIFEST_NAME)}`);
    expect(check.err).not.toMatch(/(extra|missing): .*(x|outside\.txt|secret\.txt)$/m);
    expectHandled(cli(["build", spec, "--out", out, "--only", "inventory"]), 0);
    expect(refused).toEqual([]);
    vi.restoreAllMocks();

    for (const [p, text] of Object.entries(sentinels)) expect(fs.readFileSync(p, "utf8")).toBe(text);
    const manifest = fs.readFileSync(path.join(lab, MANIFEST_NAME), "utf8");
    for (const l of hostile) expect(manifest).not.toContain(l.split("\t")[0]);
    // the user's link to a directory is carried as a link; nothing below it was copied in
    expect(fs.readlinkSync(path.join(lab, "linkdir"))).toBe(path.join(root, "elsewhere"));
    expect(cli(["build", spec, "--out", out, "--check"]).code).toBe(0);
  });
});

describe("a symbolic link where the manifest names a file", () => {
  it("is not turned into a regular file holding the target's bytes, by --only, --check or a full build", () => {
    const { root, spec, out, lab } = builtLab();
    const secret = path.join(root, "secret.txt");
    fs.writeFileSync(secret, "not platformc's\n");
    fs.rmSync(path.join(lab, ZONE));
    fs.symlinkSync(secret, path.join(lab, ZONE));

    const refused = guardReads(root);
    const check = cli(["build", spec, "--out", out, "--check"]);
    expectHandled(check, 1);
    expect(check.out + check.err).toContain(`expected a regular file at ${ZONE}, found a symbolic link`);
    expectHandled(cli(["build", spec, "--out", out, "--only", "inventory"]), 0);
    expect(refused).toEqual([]);
    // --only keeps other generators' regular files as they are; a link in their place is not one of them, and is
    // pruned with its manifest line (a full build then writes the file again)
    expect(fs.lstatSync(path.join(lab, ZONE), { throwIfNoEntry: false })).toBeUndefined();
    expect(fs.readFileSync(path.join(lab, MANIFEST_NAME), "utf8")).not.toContain(ZONE);

    // (its directory went with it, being empty)
    fs.mkdirSync(path.dirname(path.join(lab, ZONE)), { recursive: true });
    fs.symlinkSync(secret, path.join(lab, ZONE));
    expectHandled(cli(["build", spec, "--out", out]), 0);
    expect(refused).toEqual([]);
    vi.restoreAllMocks();
    expect(fs.lstatSync(path.join(lab, ZONE)).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(lab, ZONE), "utf8")).not.toContain("not platformc's");
    expect(fs.readFileSync(secret, "utf8")).toBe("not platformc's\n");
  });

  it("a symbolic link as the manifest is neither followed for its lines nor kept", () => {
    const { root, spec, out, lab } = builtLab();
    const fake = path.join(root, "fake-manifest");
    fs.writeFileSync(fake, "../../../x\tdns\ninventory.yaml\tdns\n");
    fs.rmSync(path.join(lab, MANIFEST_NAME));
    fs.symlinkSync(fake, path.join(lab, MANIFEST_NAME));
    const refused = guardReads(root);
    const check = cli(["build", spec, "--out", out, "--check"]);
    expectHandled(check, 1);
    expect(check.out + check.err).toContain(`expected a regular file at ${MANIFEST_NAME}, found a symbolic link`);
    expectHandled(cli(["build", spec, "--out", out]), 0);
    expect(refused).toEqual([]);
    vi.restoreAllMocks();
    expect(fs.lstatSync(path.join(lab, MANIFEST_NAME)).isFile()).toBe(true);
    expect(fs.readFileSync(fake, "utf8")).toBe("../../../x\tdns\ninventory.yaml\tdns\n");
  });
});

describe.skipIf(!canFifo)("FIFOs in out/<platform>/ are never opened", () => {
  // At a path the manifest names (another generator's), at a generated path and the user's own; or as the manifest
  // (then the manifest names nothing, so that layout is separate).
  const LAYOUTS = { "beside the manifest": [ZONE, "inventory.yaml", "my.fifo"], "as the manifest": [MANIFEST_NAME, "my.fifo"] };

  function withFifos(rels: string[]): ReturnType<typeof builtLab> {
    const b = builtLab();
    for (const rel of rels) {
      fs.rmSync(path.join(b.lab, rel), { force: true });
      execFileSync("mkfifo", [path.join(b.lab, rel)]);
    }
    return b;
  }

  it.each(Object.entries(LAYOUTS))("in-process, %s: --check, --only and a full build read none of them", (_, rels) => {
    const { root, spec, out, lab } = withFifos(rels);
    const refused = guardReads(root);
    const check = cli(["build", spec, "--out", out, "--check"]);
    expectHandled(check, 1);
    for (const rel of rels.filter((r) => r !== ZONE && r !== "my.fifo")) expect(check.out + check.err).toContain(`expected a regular file at ${rel}, found a special file`);
    expectHandled(cli(["build", spec, "--out", out, "--only", "docs", "--check"]), 1);
    expectHandled(cli(["build", spec, "--out", out, "--only", "docs"]), 0);
    expectHandled(cli(["build", spec, "--out", out]), 0);
    expect(refused).toEqual([]);
    vi.restoreAllMocks();
    for (const rel of rels.filter((r) => r !== "my.fifo")) expect(fs.lstatSync(path.join(lab, rel)).isFile(), rel).toBe(true);
    // the user's FIFO is carried over as it is
    expect(fs.lstatSync(path.join(lab, "my.fifo")).isFIFO()).toBe(true);
    expect(cli(["build", spec, "--out", out, "--check"]).code).toBe(0);
  });

  it.each(Object.entries(LAYOUTS))("as a child process, %s: no build blocks on one (each finishes well within its timeout)", (_, rels) => {
    const { spec, out, lab } = withFifos(rels);
    for (const args of [["--check"], ["--only", "docs", "--check"], ["--only", "docs"], []]) {
      const r = runBin(["build", spec, "--out", out, ...args], { timeoutMs: 20_000 });
      expect(r.signal, `build ${args.join(" ")} was killed after 20 s: it blocked`).toBeNull();
      expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
      expect([0, 1], `build ${args.join(" ")}: ${r.stderr}`).toContain(r.status);
    }
    expect(runBin(["build", spec, "--out", out, "--check"]).status).toBe(0);
    expect(fs.lstatSync(path.join(lab, "my.fifo")).isFIFO()).toBe(true);
  }, 90_000);
});
