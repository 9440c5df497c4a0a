// docs/: ARCHITECTURE.md, the document seed 000 is the model of (overview, network topology, resource pies,
// GitOps layers, node, namespace, HA and service-discovery tables, the checks), and every diagram again as
// its own .mmd file, which `platformc render` turns into SVG beside it.
import type { Generator, GeneratedFile, GenerateContext } from "../contract.js";
import type * as G from "../../src/graph.js";
import { layout } from "../../src/plan/layout.js";
import { gitops } from "./gitops.js";
import { code, md, message, text, type Md } from "./markdown.js";
import type { Diagram, Flowchart, PieChart } from "./mermaid.js";
import { network } from "./network.js";
import { overview, overviewLevel, OVERVIEW_LIMITS } from "./overview.js";
import { cpuPie, memoryPie, totals } from "./resources.js";
import * as T from "./tables.js";
import { renderArchitecture, renderFlowchart, renderPie } from "./templates.js";

export const ARCHITECTURE = "ARCHITECTURE.md";

/** A header must stay one comment line whatever the spec path holds. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ");
}

/**
 * The header goes first, except that Mermaid only reads front matter at the very start of the text: there it
 * becomes a YAML comment inside the front matter.
 */
function withHeader(body: string, header: string): string {
  return body.startsWith("---\n") ? `---\n# ${header}\n${body.slice(4)}` : `%% ${header}\n${body}`;
}

function flowchartDiagram(name: string, f: Flowchart): Diagram {
  return { name, body: renderFlowchart(f) };
}

function pieDiagram(name: string, p: PieChart): Diagram {
  return { name, body: renderPie(p) };
}

/** Every diagram of the platform, in document order; names are stable (docs/<name>.mmd). */
export function diagrams(g: G.Graph): Diagram[] {
  const out: Diagram[] = [flowchartDiagram("overview", overview(g)), flowchartDiagram("network", network(g))];
  for (const c of g.clusters) {
    const cpu = cpuPie(c);
    if (cpu) out.push(pieDiagram(`cpu-${c.name}`, cpu));
    const mem = memoryPie(c);
    if (mem) out.push(pieDiagram(`memory-${c.name}`, mem));
  }
  for (const c of g.clusters) {
    const f = gitops(c);
    if (f) out.push(flowchartDiagram(`gitops-${c.name}`, f));
  }
  return out;
}

function resourceSummary(c: G.ClusterNode): Md {
  const t = totals(c);
  const share = (a: number, b: number | undefined): string => (b ? ` (${Math.round((a / b) * 100)}%)` : "");
  const cpu = `CPU ${T.cpuText(t.cpuMilli)}${t.capacityCpuMilli !== undefined ? ` of ${T.cpuText(t.capacityCpuMilli)}${share(t.cpuMilli, t.capacityCpuMilli)}` : ""}`;
  const mem = `memory ${T.memoryText(t.memoryBytes)}${t.capacityMemoryBytes !== undefined ? ` of ${T.memoryText(t.capacityMemoryBytes)}${share(t.memoryBytes, t.capacityMemoryBytes)}` : ""}`;
  const missing = t.unrequested ? ` ${t.unrequested} service${t.unrequested === 1 ? " declares" : "s declare"} no requests and ${t.unrequested === 1 ? "is" : "are"} not counted.` : "";
  return text(`Requested: ${cpu}, ${mem} of node capacity.${missing}`);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function architecture(g: G.Graph, all: Diagram[], ctx: GenerateContext): string {
  const byName = new Map(all.map((d) => [d.name, d]));
  const services = g.clusters.reduce((n, c) => n + c.services.length, 0);
  const flows = g.clusters.reduce((n, c) => n + c.services.reduce((m, s) => m + s.flows.length, 0), 0) + g.externals.reduce((n, e) => n + e.flows.length, 0);
  const facts: Md[] = [
    ...(g.platform.domain ? [md(`Domain ${code(g.platform.domain, false)}`)] : []),
    text(plural(g.clusters.length, "cluster")),
    text(plural(g.clusters.reduce((n, c) => n + c.nodes.length, 0), "node")),
    text(plural(g.clusters.reduce((n, c) => n + c.namespaces.length, 0), "namespace")),
    text(plural(services, "service")),
    text(plural(flows, "declared flow")),
    text(plural(g.externals.length, "external endpoint")),
  ];
  const level = overviewLevel(g);
  const overviewNote =
    level === "services"
      ? "Clusters hold namespaces, namespaces hold services. Users reach the services through the ingress controller and LoadBalancer addresses; external endpoints sit outside the clusters. Every arrow is a declared flow, labelled with its protocol label."
      : level === "namespaces"
        ? `The platform has ${services} services, more than a readable per-service diagram holds (${OVERVIEW_LIMITS.services}), so this one shows namespaces and the flows between them; the tables below list every service.`
        : `The platform is too large for a per-service or per-namespace diagram, so this one shows clusters and the flows between them; the tables below list every service and namespace.`;
  const legend =
    level === "services"
      ? "Shapes: boxes are deployments, cylinders statefulsets, double-edged boxes daemonsets, rounded boxes Helm charts and bundled components, hexagons external endpoints. Solid arrows are flows inside the platform, dotted ones cross its edge."
      : "Solid arrows are flows between the boxes, dotted ones cross the platform's edge; several flows between the same two boxes share one arrow.";
  const report = ctx.report
    ? {
        count: ctx.report.checks.length,
        checks: ctx.report.checks.map((c) => ({ name: code(c.name, false), description: text(c.description) })),
        warnings: ctx.report.warnings.map((w) => ({ code: md(`**${w.code}**`), message: message(w.message), ...(w.location ? { location: code(w.location, false) } : {}) })),
        ignored: (ctx.report.ignored ?? []).map((w) => ({ code: md(`**${w.code}**`), message: message(w.message), reason: message(w.reason), ...(w.location ? { location: code(w.location, false) } : {}) })),
      }
    : undefined;
  const view = {
    header: oneLine(ctx.header).replace(/--/g, "- -"),
    title: text(g.platform.name),
    ...(g.platform.description ? { description: text(g.platform.description) } : {}),
    facts: md(facts.join(" · ")),
    diagramFiles: md(all.map((d) => `[${d.name}.mmd](${d.name}.mmd)`).join(", ")),
    overview: { body: byName.get("overview")!.body, note: text(overviewNote), legend: text(legend) },
    clusters: T.clustersTable(g),
    networks: T.networksTable(g),
    network: { body: byName.get("network")!.body },
    pools: T.poolsTable(g),
    bgp: T.bgpTable(g),
    resources: g.clusters.map((c) => ({
      cluster: text(c.name),
      summary: resourceSummary(c),
      cpu: byName.get(`cpu-${c.name}`),
      memory: byName.get(`memory-${c.name}`),
      table: T.resourcesTable(c),
    })),
    gitops: g.clusters.flatMap((c) => {
      const d = byName.get(`gitops-${c.name}`);
      return d && c.gitops ? [{ cluster: text(c.name), tool: text(c.gitops.tool === "flux" ? "Flux" : "Argo CD"), diagram: d, table: T.layersTable(c) }] : [];
    }),
    nodes: T.nodesTable(g),
    namespaces: T.namespacesTable(g),
    ha: T.haTable(g),
    discovery: T.discoveryTable(g),
    externals: T.externalsTable(g),
    report,
  };
  return renderArchitecture(view);
}

export const docs: Generator = {
  name: "docs",
  description: "docs/: ARCHITECTURE.md with Mermaid diagrams and tables, and each diagram as its own .mmd file",
  generate(g, ctx) {
    const all = diagrams(g);
    const files: GeneratedFile[] = all.map((d) => ({ path: `${layout.docs}/${d.name}.mmd`, content: withHeader(d.body, oneLine(ctx.header)) }));
    files.push({ path: `${layout.docs}/${ARCHITECTURE}`, content: architecture(g, all, ctx) });
    return files;
  },
};
