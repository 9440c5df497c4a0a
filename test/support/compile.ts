// Test harness: compile a spec held in memory, no disk, and look at what came out.
import YAML from "yaml";
import { compileSource } from "../../src/build.js";
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

export function compileText(text: string, path = "spec/test/platform.yaml"): Compiled {
  const diags = new Diagnostics();
  const r = compileSource({ path, text }, { specPath: path }, diags);
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
