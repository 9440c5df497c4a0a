// The GitOps layer graph (seed 003's "Dependency Chain"): the Git source, then each layer after the layers
// it depends on, with the namespaces it deploys. Arrows point from a layer to the layers that wait for it.
import type * as G from "../../src/graph.js";
import { EdgeSet, fill, idsFor, lines, node, wrap, type Flowchart } from "./mermaid.js";
import { crdBundles } from "../../src/plan/crd-bundles.js";

/** How many namespace names a layer box lists before it says "+N more". */
const LISTED = 4;

export function gitops(c: G.ClusterNode): Flowchart | undefined {
  const go = c.gitops;
  if (!go) return undefined;
  const chart: Flowchart = { direction: "TB", nodes: [], subgraphs: [], edges: [], styles: [] };
  const edges = new EdgeSet();
  const src = "source";
  chart.nodes.push(node(src, lines([
    go.tool === "flux" ? "Flux GitRepository" : "Argo CD root Application",
    go.repo,
    `branch ${go.branch}, path ${go.path}`,
    ...(go.tool === "flux" ? [`every ${go.interval}`] : []),
  ]), "cylinder"));
  chart.styles.push({ id: src, css: "fill:#eceff1,stroke:#546e7a" });
  const layers = [...go.layers].sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ids = idsFor("layer", layers.map((l) => l.name));
  const bundles = crdBundles(c);
  layers.forEach((l, i) => {
    const ns = c.namespaces.filter((n) => n.layer === l.name).map((n) => n.name);
    const listed = ns.slice(0, LISTED).join(", ") + (ns.length > LISTED ? ` +${ns.length - LISTED} more` : "");
    chart.nodes.push(node(ids.get(l.name)!, lines([
      `${go.tool === "flux" ? "Kustomization" : "Application"} ${l.name}`,
      ...(l.description ? wrap(l.description) : []),
      ...(l.installsCRDs ? ["installs CRDs"] : []),
      ...bundles.filter((b) => b.layer === l.name).map((b) => `CRDs of ${b.component} (its release manifest)`),
      ns.length ? `namespaces: ${listed}` : "no namespaces",
    ])));
    chart.styles.push({ id: ids.get(l.name)!, css: fill(i) });
    const deps = l.dependsOn.filter((d) => ids.has(d));
    if (deps.length === 0) edges.add(src, ids.get(l.name)!, "-->");
    for (const d of deps) edges.add(ids.get(d)!, ids.get(l.name)!, "-->");
  });
  chart.edges = edges.edges();
  return chart;
}
