// Compiling with only the netpol generator: these tests never look at the other generators' output, and
// running them would double the time of every property run.
import YAML from "yaml";
import { compileSource } from "../../src/build.js";
import { Diagnostics, sortDiagnostics, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { netpol } from "../../generators/netpol/index.js";
import type { OutputFile } from "../../src/emit/index.js";
import type { Graph } from "../../src/graph.js";

export interface NetpolBuild {
  graph: Graph;
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

/** Compiles a spec (object or YAML text); throws with the rendered diagnostics on any error or on a warning not in `allowed`. */
export function compileNetpol(spec: unknown, path = "spec/prop/platform.yaml", allowed: readonly string[] = []): NetpolBuild {
  const diags = new Diagnostics();
  const text = typeof spec === "string" ? spec : YAML.stringify(spec);
  const r = compileSource({ path, text }, { specPath: path }, diags, [netpol]);
  const diagnostics = sortDiagnostics(diags.items);
  const unexpected = diagnostics.filter((d) => d.severity === "error" || !allowed.includes(d.code));
  if (unexpected.length || !r.files || !r.graph) throw new Error(unexpected.map((d) => renderDiagnostic(d, { color: false })).join("\n") || "no output");
  return { graph: r.graph, files: r.files, diagnostics };
}
