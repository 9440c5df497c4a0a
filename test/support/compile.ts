// Test harness: compile a spec held in memory, no disk, and look at what came out.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import YAML from "yaml";
import { compileSource, DEFAULT_MAX_FILE_SIZE } from "../../src/build.js";
import { specFileReader } from "../../src/lib/spec-files.js";
import { Diagnostics, sortDiagnostics, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { OutputFile } from "../../src/emit/index.js";
import type { Graph } from "../../src/graph.js";
import type { CheckReport } from "../../generators/contract.js";

export interface Compiled {
  codes: string[];
  errors: string[];
  diagnostics: Diagnostic[];
  files?: OutputFile[];
  graph?: Graph;
  /** what the checks concluded, as the generators saw it (set when files are) */
  report?: CheckReport;
}

// A spec held in memory reads the files it names (a namespace's manifests) where the seed platforms keep theirs: from
// its own directory when that exists on disk (spec/<seed>/platform.yaml), else from the first seed directory that has
// the file, since in-memory specs here are seed copies under the default name.
const repo = join(import.meta.dirname, "..", "..");
const seedDirs = () => readdirSync(join(repo, "spec")).sort().map((d) => join(repo, "spec", d));

function testReader(path: string): (rel: string) => { ok: true; text: string } | { ok: false; reason: string } {
  const own = resolve(repo, dirname(path));
  const dirs = existsSync(own) ? [own] : seedDirs();
  return (rel) => {
    let first: { ok: false; reason: string } | undefined;
    for (const d of dirs) {
      const r = specFileReader(d, DEFAULT_MAX_FILE_SIZE)(rel);
      if (r.ok) return r;
      first ??= r;
    }
    return first ?? { ok: false, reason: "no such file or directory" };
  };
}

export function compileText(text: string, path = "spec/test/platform.yaml"): Compiled {
  const diags = new Diagnostics();
  const r = compileSource({ path, text }, { specPath: path, readFile: testReader(path) }, diags);
  const diagnostics = sortDiagnostics(diags.items);
  const out: Compiled = {
    codes: diagnostics.map((d) => d.code),
    errors: diagnostics.filter((d) => d.severity === "error").map((d) => d.code),
    diagnostics,
  };
  if (r.files) out.files = r.files;
  if (r.graph) out.graph = r.graph;
  if (r.report) out.report = r.report;
  return out;
}

export function compileObject(spec: unknown): Compiled {
  return compileText(YAML.stringify(spec));
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}
