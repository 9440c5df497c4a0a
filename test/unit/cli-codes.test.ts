// Usage and I/O problems of the command line are diagnostics like any other: a code from the table, a help line,
// exit 2 (a diagram that fails to render: 1), and JSON with --format json. One case per code pins it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, cleanupTempDirs, tempDir } from "../support/cli-harness.js";
import { bundleToYaml, createTalosBundle } from "../../src/lib/talos-secrets/bundle.js";
import { seededEntropy } from "../talos/support.js";
import { requireTool } from "../support/tools.js";
import { runAsync } from "../../src/cli/index.js";

const repo = path.join(import.meta.dirname, "..", "..");
const spec = (name: string) => path.join(repo, "spec", name);
afterAll(cleanupTempDirs);
const chromium = requireTool("chromium", "apt-get install chromium", ["/usr/bin/chromium", "/usr/bin/chromium-browser"]);

function codes(err: string): string[] {
  return [...err.matchAll(/^error\[(PC\d{4})\]/gm)].map((m) => m[1]!);
}

function bundleFile(dir: string, name: string): string {
  const file = path.join(dir, `${name}.secrets.yaml`);
  fs.writeFileSync(file, bundleToYaml(createTalosBundle({ contract: { major: 1, minor: 13 }, now: new Date(0), entropy: seededEntropy(name) }), name));
  return file;
}

/** A bundle in the layout `sops --encrypt` writes (values ENC[...], a sops: block); the ciphertext is filler. */
function sopsBundle(dir: string): string {
  const file = path.join(dir, "bundle.sops.yaml");
  fs.writeFileSync(file, "cluster:\n    id: ENC[AES256_GCM,data:aWQ=,iv:AAAA,tag:AAAA,type:str]\nsops:\n    mac: ENC[AES256_GCM,data:bWFj,iv:AAAA,tag:AAAA,type:str]\n    version: 3.9.4\n");
  return file;
}

/** A stand-in for sops that fails as sops does without the key (sops itself is not installable here). */
function failingSops(): string {
  const file = path.join(tempDir(), "sops");
  fs.writeFileSync(file, "#!/bin/sh\necho 'Failed to get the data key required to decrypt the SOPS file.' >&2\nexit 128\n", { mode: 0o755 });
  return file;
}

interface Case {
  name: string;
  argv: (dir: string) => string[];
  code: string;
  exit?: number;
  env?: Record<string, string>;
}

/** A lock on <dir>/out held by a process that runs (this test's parent), as another build would hold it. */
function heldLock(dir: string): string {
  const out = path.join(dir, "out");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, ".platformc-lock"), JSON.stringify({ pid: process.ppid, host: os.hostname() }) + "\n");
  return out;
}

const cases: Case[] = [
  { name: "another build holds the output directory's lock", argv: (d) => ["build", spec("bluerobin"), "--out", heldLock(d)], code: "PC0008", env: { PLATFORMC_LOCK_WAIT: "0" } },
  { name: "--check while another build holds the lock", argv: (d) => ["build", spec("bluerobin"), "--check", "--out", heldLock(d)], code: "PC0008", env: { PLATFORMC_LOCK_WAIT: "0.1" } },
  { name: "an unknown --only generator", argv: () => ["build", spec("bluerobin"), "--only", "nope"], code: "PC0010" },
  { name: "--out inside the spec directory", argv: () => ["build", spec("bluerobin"), "--out", path.join(spec("bluerobin"), "out")], code: "PC0011" },
  { name: "a secrets bundle inside out/", argv: () => ["secrets", spec("monosense"), "--cluster", "infra", "--out", "out/x.yaml"], code: "PC0011" },
  { name: "--render with --check", argv: () => ["build", spec("bluerobin"), "--check", "--render"], code: "PC0012" },
  { name: "--secrets without --out-secrets", argv: (d) => ["build", spec("monosense"), "--out", d, "--secrets", "x.yaml"], code: "PC0012" },
  { name: "an unknown code", argv: () => ["explain", "PC9999"], code: "PC0013" },
  { name: "init over an existing spec", argv: () => ["init", spec("bluerobin")], code: "PC0014" },
  { name: "init with a name that is no DNS label", argv: (d) => ["init", path.join(d, "x"), "--name", "Not_A_Label"], code: "PC0015" },
  { name: "init where no directory can be made", argv: (d) => (fs.writeFileSync(path.join(d, "file"), ""), ["init", path.join(d, "file", "sub")]), code: "PC0016" },
  { name: "a negative --max-file-size", argv: () => ["validate", spec("bluerobin"), "--max-file-size", "-1"], code: "PC0017" },
  { name: "a PLATFORMC_LOCK_WAIT that is no number of seconds", argv: (d) => ["build", spec("bluerobin"), "--out", d], code: "PC0017", env: { PLATFORMC_LOCK_WAIT: "soon" } },
  { name: "secrets for a spec without Talos", argv: (d) => ["secrets", spec("bluerobin"), "--out", path.join(d, "b.yaml")], code: "PC0020" },
  { name: "secrets for a spec with two Talos clusters", argv: (d) => ["secrets", spec("monosense"), "--out", path.join(d, "b.yaml")], code: "PC0021" },
  { name: "a file that is no secrets bundle", argv: (d) => (fs.writeFileSync(path.join(d, "bad.yaml"), "a: 1\n"), ["build", spec("monosense"), "--out", path.join(d, "out"), "--secrets", path.join(d, "bad.yaml"), "--out-secrets", path.join(d, "cfg")]), code: "PC0022" },
  { name: "a SOPS-encrypted bundle without sops installed", argv: (d) => ["build", spec("monosense"), "--out", path.join(d, "out"), "--secrets", sopsBundle(d), "--out-secrets", path.join(d, "cfg")], code: "PC0024", env: { PLATFORMC_SOPS: "/nonexistent/sops" } },
  { name: "a SOPS-encrypted bundle sops cannot decrypt", argv: (d) => ["build", spec("monosense"), "--out", path.join(d, "out"), "--secrets", sopsBundle(d), "--out-secrets", path.join(d, "cfg")], code: "PC0025", env: { PLATFORMC_SOPS: failingSops() } },
  {
    name: "two bundles for one cluster",
    argv: (d) => ["build", spec("monosense"), "--out", path.join(d, "out"), "--secrets", `infra=${bundleFile(d, "a")}`, "--secrets", `monosense/infra=${bundleFile(d, "b")}`, "--out-secrets", path.join(d, "cfg")],
    code: "PC0023",
  },
];

describe("command-line problems carry codes", () => {
  for (const c of cases) {
    it(`${c.name}: ${c.code}`, () => {
      const dir = tempDir();
      const saved = Object.keys(c.env ?? {}).map((k) => [k, process.env[k]] as const);
      Object.assign(process.env, c.env);
      let r;
      try {
        r = cli(c.argv(dir));
      } finally {
        for (const [k, v] of saved) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      expect(r.code, r.err).toBe(c.exit ?? 2);
      expect(codes(r.err), r.err).toEqual([c.code]);
      expect(r.err).not.toMatch(/internal error/);
    });
  }

  it("rendering without a browser: PC0018", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.mmd"), "flowchart LR\n  a --> b\n");
    let err = "";
    const code = await runAsync(["render", dir, "--browser", path.join(dir, "no-such-chromium")], { out: () => {}, err: (s) => (err += s), color: false });
    expect(code, err).toBe(2);
    expect(codes(err)).toEqual(["PC0018"]);
  });

  it.skipIf(!chromium)("a diagram Mermaid rejects: PC0019, exit 1, the other diagrams still drawn", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "bad.mmd"), "flowchart LR\n  a --> (((\n");
    fs.writeFileSync(path.join(dir, "good.mmd"), "flowchart LR\n  a --> b\n");
    let err = "";
    const code = await runAsync(["render", dir, "--browser", chromium!], { out: () => {}, err: (s) => (err += s), color: false });
    expect(code, err).toBe(1);
    expect(codes(err)).toEqual(["PC0019"]);
    expect(err).toContain("bad.mmd");
    expect(fs.existsSync(path.join(dir, "good.svg"))).toBe(true);
  }, 120_000);

  it("--format json puts a usage problem on stdout as data", () => {
    const r = cli(["build", spec("bluerobin"), "--only", "nope", "--format", "json"]);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out) as { diagnostics: Array<{ code: string; help?: string }> };
    expect(j.diagnostics.map((d) => d.code)).toEqual(["PC0010"]);
    expect(j.diagnostics[0]!.help).toMatch(/known generators: inventory/);
  });
});
