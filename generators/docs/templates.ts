// The handlebars templates beside this module, compiled once. Templates only lay text out: every value they
// print was escaped for its target (Mermaid or Markdown) when the view was built, so they compile with
// noEscape — HTML escaping would be wrong for both targets.
import { compileTemplate, readTemplate } from "../contract.js";
import type { Flowchart, PieChart } from "./mermaid.js";


const read = (name: string): string => readTemplate("docs", import.meta.url, name);
const options = { noEscape: true } as const;
compileTemplate("docs/node", read("node.mmd.hbs"), options);
compileTemplate("docs/subgraph", read("subgraph.mmd.hbs"), options);
compileTemplate("docs/table", read("table.md.hbs"), options);
const partials = { node: "docs/node", subgraph: "docs/subgraph", table: "docs/table" };
const flowchartTemplate = compileTemplate("docs/flowchart", read("flowchart.mmd.hbs"), options, partials);
const pieTemplate = compileTemplate("docs/pie", read("pie.mmd.hbs"), options, partials);
const architectureTemplate = compileTemplate("docs/architecture", read("architecture.md.hbs"), options, partials);

export function renderFlowchart(f: Flowchart): string {
  return flowchartTemplate(f);
}

export function renderPie(p: PieChart): string {
  return pieTemplate(p);
}

/** Blank-line runs left by optional sections are folded, and the file ends in exactly one newline. */
export function renderArchitecture(view: object): string {
  return architectureTemplate(view).replace(/\n{3,}/g, "\n\n").replace(/\n*$/, "\n");
}
