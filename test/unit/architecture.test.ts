// The layering of ARCHITECTURE.md, enforced: every import of src/ and generators/ is checked against the rules
// of the room it is in, so a forbidden arrow fails here instead of creeping in.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repo = path.join(import.meta.dirname, "..", "..");

/** A file's room: the folder (or single file) of the layout that its rules are written for. */
export function roomOf(rel: string): string {
  const parts = rel.split("/");
  if (parts[0] === "generators") {
    if (parts.length === 2) return `generators/${parts[1]!.replace(/\.ts$/, "")}`; // contract, index
    return "generator";
  }
  if (parts[0] === "src") {
    if (parts.length === 2) return `src/${parts[1]!.replace(/\.ts$/, "")}`;
    return `src/${parts[1]}`;
  }
  return rel;
}

/** What each room may import (rooms of src/ and generators/, and "node:fs"). Anything not listed is forbidden. */
const ALLOWED: Record<string, readonly string[]> = {
  "src/source": [],
  "src/diagnostics": ["src/diagnostics", "src/source"],
  "src/lib": ["src/lib", "node:fs"],
  "src/catalog": ["src/catalog", "src/lib"],
  "src/graph": ["src/source", "src/lib"],
  "src/parse": ["src/source", "src/diagnostics"],
  "src/validate": ["src/validate", "src/source", "src/diagnostics", "src/parse", "src/lib", "node:fs"],
  "src/lower": ["src/lower", "src/graph", "src/source", "src/diagnostics", "src/parse", "src/validate", "src/lib", "src/catalog", "src/plan"],
  "src/allocate": ["src/graph", "src/source", "src/diagnostics", "src/lib"],
  "src/plan": ["src/plan", "src/graph", "src/source", "src/lib", "src/catalog"],
  "src/checks": ["src/checks", "src/graph", "src/source", "src/diagnostics", "src/plan", "src/lib", "src/catalog"],
  "src/emit": ["src/emit", "src/lib", "node:fs"],
  "generators/contract": ["src/graph", "src/lib", "node:fs"],
  "generators/index": ["generators/contract", "generator"],
  generator: ["generators/contract", "src/graph", "src/plan", "src/lib", "src/catalog"],
  "src/build": ["src/source", "src/diagnostics", "src/parse", "src/validate", "src/lower", "src/allocate", "src/checks", "src/graph", "src/plan", "src/emit", "src/lib", "generators/contract", "generators/index", "node:fs"],
  "src/cli": ["src/cli", "src/build", "src/source", "src/diagnostics", "src/validate", "src/checks", "src/graph", "src/plan", "src/lib", "generators/contract", "generators/index", "node:fs"],
};

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;

export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** The forbidden imports of one file, as "<file> -> <target> (<target room>)". */
export function violations(rel: string, text: string): string[] {
  const room = roomOf(rel);
  const allowed = ALLOWED[room];
  if (!allowed) return [`${rel}: room ${room} has no rules in test/unit/architecture.test.ts; add them and a line to ARCHITECTURE.md`];
  const out: string[] = [];
  for (const spec of importsOf(text)) {
    let target: string;
    if (spec === "node:fs" || spec === "fs" || spec === "node:fs/promises" || spec === "fs/promises") target = "node:fs";
    else if (spec.startsWith(".")) {
      const abs = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)).replace(/\.js$/, ".ts");
      target = roomOf(abs);
      // A generator may use its own folder, never another generator's.
      if (room === "generator" && target === "generator") {
        if (abs.split("/")[1] === rel.split("/")[1]) continue;
        out.push(`${rel} -> ${spec} (another generator's folder)`);
        continue;
      }
    } else continue; // npm packages and other node: builtins
    if (target === room && room !== "generator") continue;
    if (!allowed.includes(target)) out.push(`${rel} -> ${spec} (${target})`);
  }
  return out;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(path.join(repo, d), { withFileTypes: true })) {
      const rel = `${d}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".ts")) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

describe("import rules (ARCHITECTURE.md)", () => {
  const files = [...sources("src"), ...sources("generators")];

  it("finds the sources", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain("src/graph.ts");
  });

  it("no file imports across a forbidden arrow", () => {
    const found = files.flatMap((f) => violations(f, fs.readFileSync(path.join(repo, f), "utf8")));
    expect(found).toEqual([]);
  });

  // [file, its source, how many violations]: each forbidden arrow of the issue, and allowed ones beside them.
  const cases: Array<[string, string, number]> = [
    ["generators/dns/index.ts", 'import { runChecks } from "../../src/checks/index.js";', 1],
    ["generators/dns/index.ts", 'import { lower } from "../../src/lower/index.js";', 1],
    ["generators/dns/index.ts", 'import { parseSpec } from "../../src/parse.js";', 1],
    ["generators/dns/index.ts", 'import { emitPlatform } from "../../src/emit/index.js";', 1],
    ["generators/dns/zone-file.ts", 'import { readFileSync } from "node:fs";', 1],
    ["generators/dns/index.ts", 'import { x } from "../netpol/intent.js";', 1],
    ["generators/dns/index.ts", 'import { x } from "./zone-file.js";', 0],
    ["generators/dns/index.ts", 'import { dnsModel } from "../../src/plan/dns.js";', 0],
    ["src/diagnostics/render.ts", 'import type { Graph } from "../graph.js";', 1],
    ["src/graph.ts", 'import type { SpecFile } from "./parse/index.js";', 1],
    ["src/checks/nodes.ts", 'import { x } from "../lower/index.js";', 1],
    ["src/checks/nodes.ts", 'const m = await import("../../generators/talos/network.js");', 1],
    ["src/source.ts", 'export { x } from "./lib/walk.js";', 1],
    ["src/catalog/cilium.ts", 'import type { Graph } from "../graph.js";', 1],
    ["generators/kustomize/helm.ts", 'import { componentOfChart } from "../../src/catalog/index.js";', 0],
    ["src/newroom/x.ts", "", 1],
  ];
  for (const [file, text, count] of cases) {
    it(`${file}: ${text || "(a room without rules)"} -> ${count ? "forbidden" : "allowed"}`, () => {
      expect(violations(file, text)).toHaveLength(count);
    });
  }
});
