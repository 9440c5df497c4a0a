// The no-op preflight (src/emit/preflight.ts): bin/platformc.js answers a rebuild with nothing to do from the record
// before it loads the CLI bundle, printing exactly what the full CLI's no-op prints; anything else falls through.
// It runs the real bin over a copy of the built dist/ (`npm run build` first), in two packages with one code
// identity: a working one, and one whose CLI bundle throws when loaded. What the broken one answers, the preflight
// answered; where it fails, the preflight declined and the full CLI ran.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = path.join(import.meta.dirname, "..", "..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-preflight-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const LOADED = "the CLI bundle was loaded";

/** A package as npm installs it: bin/, dist/ (copied, so a concurrent `npm run build` cannot swap it away), the rest linked. */
function makePackage(name: string, broken: boolean): string {
  const root = path.join(scratch, name);
  fs.mkdirSync(path.join(root, "bin"), { recursive: true });
  fs.copyFileSync(path.join(repo, "bin", "platformc.js"), path.join(root, "bin", "platformc.js"));
  fs.cpSync(path.join(repo, "dist"), path.join(root, "dist"), { recursive: true });
  fs.copyFileSync(path.join(repo, "package.json"), path.join(root, "package.json"));
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(root, "node_modules"));
  // The files read at run time, copied and listed anew in build-id.json (keeping its id), as in a package: the
  // repository's may be edited while this runs, which makes dist/ lose its identity (no no-op at all).
  for (const d of ["schema", "generators"]) fs.cpSync(path.join(repo, d), path.join(root, d), { recursive: true });
  const idFile = path.join(root, "dist", "build-id.json");
  const id = JSON.parse(fs.readFileSync(idFile, "utf8")) as { id: string; inputs: Array<{ path: string }> };
  const inputs = id.inputs.map(({ path: rel }) => {
    const file = path.join(root, rel);
    const st = fs.statSync(file);
    return { path: rel, size: st.size, mtimeMs: st.mtimeMs, sha256: createHash("sha256").update(fs.readFileSync(file)).digest("hex") };
  });
  fs.writeFileSync(idFile, JSON.stringify({ id: id.id, inputs }, null, 1) + "\n");
  if (broken) fs.writeFileSync(path.join(root, "dist", "platformc.mjs"), `throw new Error(${JSON.stringify(LOADED)});\n`);
  return root;
}

let good: string;
let broken: string;
beforeAll(() => {
  expect(fs.existsSync(path.join(repo, "dist", "noop-preflight.mjs")), "run `npm run build` first").toBe(true);
  good = makePackage("good", false);
  broken = makePackage("broken", true);
});

let n = 0;
interface Case {
  dir: string;
  cache: string;
}

/** A fresh spec (the todoapp seed, warning-free) and cache; out/ is <dir>/out. */
function fresh(): Case {
  const dir = path.join(scratch, `case-${n++}`);
  fs.mkdirSync(path.join(dir, "spec", "todoapp"), { recursive: true });
  fs.copyFileSync(path.join(repo, "spec", "todoapp", "platform.yaml"), path.join(dir, "spec", "todoapp", "platform.yaml"));
  return { dir, cache: path.join(dir, "cache") };
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(pkg: string, c: Case, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Ran {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !["NO_COLOR", "PLATFORMC_LOCK_WAIT", "PLATFORMC_SOPS", "PLATFORMC_DEBUG"].includes(k)) env[k] = v;
  // Zero: a held lock fails at once instead of after 30 s.
  Object.assign(env, { XDG_CACHE_HOME: c.cache, PLATFORMC_LOCK_WAIT: "0" }, opts.env);
  const r = spawnSync(process.execPath, [path.join(pkg, "bin", "platformc.js"), ...args], { cwd: opts.cwd ?? c.dir, env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The full CLI's no-op: with the replays gone, the preflight has nothing to answer from. */
function fullNoop(c: Case, args: string[], opts: Parameters<typeof run>[3] = {}): Ran {
  for (const f of fs.readdirSync(c.cache)) if (f.startsWith("cmd-")) fs.rmSync(path.join(c.cache, f));
  return run(good, c, args, opts);
}

const answered = (c: Case, args: string[], opts: Parameters<typeof run>[3] = {}) => run(broken, c, args, opts);

function expectFellThrough(r: Ran): void {
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain(LOADED);
}

const BUILD = ["build", "spec", "-o", "out"];
const CHECK = [...BUILD, "--check"];

describe("the preflight answers a no-op before the CLI loads", () => {
  it.each([
    ["build", BUILD],
    ["build --check", CHECK],
  ])("%s: the same bytes and exit code as the full CLI's no-op", (_name, args) => {
    const c = fresh();
    const first = run(good, c, BUILD);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^todoapp: \d+ files in out\/todoapp \(\d+ written, 0 unchanged, 0 removed\)\n$/);
    // Before any no-op of this command ran in full, the record's build already stored what one prints (or, for
    // --check, nothing yet: that command has not run).
    const full = fullNoop(c, args);
    expect(full.code).toBe(0);
    expect(full.stderr).toMatch(args.includes("--check") ? /^todoapp: \d+ files up to date in out\/todoapp\n$/ : /^todoapp: \d+ files in out\/todoapp \(0 written, \d+ unchanged, 0 removed\)\n$/);
    const fast = answered(c, args);
    expect(fast).toEqual(full);
    // And again: answering changes nothing it depends on.
    expect(answered(c, args)).toEqual(full);
  });

  it("the first build stores what a no-op of it prints, so the next one is answered at once", () => {
    const c = fresh();
    expect(run(good, c, BUILD).code).toBe(0);
    const fast = answered(c, BUILD);
    expect(fast.code).toBe(0);
    expect(fast.stderr).toMatch(/^todoapp: \d+ files in out\/todoapp \(0 written, \d+ unchanged, 0 removed\)\n$/);
    expect(fast).toEqual(fullNoop(c, BUILD));
  });

  it("--format json and -q are answered only after the full CLI ran them, with their own output", () => {
    const c = fresh();
    expect(run(good, c, BUILD).code).toBe(0);
    for (const extra of [["--format", "json"], ["-q"]]) {
      const args = [...BUILD, ...extra];
      expectFellThrough(answered(c, args));
      const full = run(good, c, args);
      expect(full.code).toBe(0);
      expect(answered(c, args)).toEqual(full);
    }
    const json = answered(c, [...BUILD, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ diagnostics: [], platforms: [{ name: "todoapp", written: [], removed: [] }], drift: [] });
    expect(answered(c, [...BUILD, "-q"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("anything else falls through to the full CLI", () => {
  /** A case whose build and check are both answered by the preflight. */
  function primed(): Case {
    const c = fresh();
    expect(run(good, c, BUILD).code).toBe(0);
    expect(run(good, c, CHECK).code).toBe(0);
    expect(answered(c, BUILD).code).toBe(0);
    expect(answered(c, CHECK).code).toBe(0);
    return c;
  }

  it("a changed spec", () => {
    const c = primed();
    const file = path.join(c.dir, "spec", "todoapp", "platform.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("purpose: Full-stack application", "purpose: Full-stack app"));
    expectFellThrough(answered(c, CHECK));
    const check = run(good, c, CHECK);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("stale: out/todoapp/");
    const rebuilt = run(good, c, BUILD);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).not.toContain(" 0 written");
  });

  it("a touched out/ file", () => {
    const c = primed();
    const inventory = path.join(c.dir, "out", "todoapp", "inventory.yaml");
    fs.appendFileSync(inventory, "# edited\n");
    expectFellThrough(answered(c, CHECK));
    expectFellThrough(answered(c, BUILD));
    const check = run(good, c, CHECK);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("stale: out/todoapp/inventory.yaml");
    const rebuilt = run(good, c, BUILD);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/\(1 written, \d+ unchanged, 0 removed\)/);
    expect(fs.readFileSync(inventory, "utf8")).not.toContain("# edited");
  });

  it("a different argv, a different cwd, a different colour setting", () => {
    const c = primed();
    expectFellThrough(answered(c, ["build", "spec/", "-o", "out"]));
    expectFellThrough(answered(c, ["build", "spec", "--out", "out"]));
    // The same absolute command line from two directories: one answered, the other not until it ran in full.
    const abs = ["build", path.join(c.dir, "spec"), "-o", path.join(c.dir, "out")];
    const here = run(good, c, abs);
    expect(here.code).toBe(0);
    expect(answered(c, abs)).toEqual(here);
    const elsewhere = path.join(c.dir, "spec");
    expectFellThrough(answered(c, abs, { cwd: elsewhere }));
    expect(run(good, c, abs, { cwd: elsewhere })).toEqual(here);
    expectFellThrough(answered(c, BUILD, { env: { NO_COLOR: "1" } }));
    expectFellThrough(answered(c, BUILD, { env: { PLATFORMC_LOCK_WAIT: "5" } }));
  });

  it("a held lock", () => {
    const c = primed();
    // A live holder on this host: this test process.
    fs.writeFileSync(path.join(c.dir, "out", ".platformc-lock"), JSON.stringify({ pid: process.pid, host: os.hostname(), token: "0" }) + "\n");
    expectFellThrough(answered(c, CHECK));
    const busy = run(good, c, CHECK);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain("PC0008");
    fs.rmSync(path.join(c.dir, "out", ".platformc-lock"));
    expect(answered(c, CHECK).code).toBe(0);
  });

  it("a rebuilt platformc (another code identity)", () => {
    const c = primed();
    const idFile = path.join(broken, "dist", "build-id.json");
    const was = fs.readFileSync(idFile, "utf8");
    try {
      fs.writeFileSync(idFile, was.replace(/"id": "[0-9a-f]+"/, '"id": "0000"'));
      expectFellThrough(answered(c, BUILD));
    } finally {
      fs.writeFileSync(idFile, was);
    }
    expect(answered(c, BUILD).code).toBe(0);
  });
});
