// The handlebars templates beside this module, compiled once. Templates only lay text out: every value they
// print was escaped for its target (Mermaid or Markdown) when the view was built, so they compile with
// noEscape — HTML escaping would be wrong for both targets.
import Handlebars from "handlebars";
import { readTemplate } from "../contract.js";
import type { Flowchart, PieChart } from "./mermaid.js";


const hb = Handlebars.create();
const read = (name: string): string => readTemplate("docs", import.meta.url, name);
hb.registerPartial("node", read("node.mmd.hbs"));
hb.registerPartial("subgraph", read("subgraph.mmd.hbs"));
hb.registerPartial("table", read("table.md.hbs"));

const options = { noEscape: true } as const;
const flowchartTemplate = hb.compile(read("flowchart.mmd.hbs"), options);
const pieTemplate = hb.compile(read("pie.mmd.hbs"), options);
const architectureTemplate = hb.compile(read("architecture.md.hbs"), options);

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
