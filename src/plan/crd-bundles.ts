// CRDs that nothing in the spec installs but the catalog knows how to: a catalogued chart whose values switch its
// CRDs off (cert-manager's crds.enabled defaults to false), so the objects that need them would be "no matches for
// kind" forever. Each becomes the component's own published manifest, pinned to the release's version, listed by a
// Kustomize root of its own in the layer the spec meant for CRDs. src/plan/roots.ts turns these into roots, so
// GitOps applies them and the layer-order check proves their users come later.
import { withCatalogDefaults } from "./components.js";
import type * as G from "../graph.js";
import { componentOfChart } from "../catalog/index.js";
import { layerAncestors } from "./layer-order.js";
import { ciliumGateway, gatewayApiCrds } from "./cilium.js";

export interface CrdBundle {
  /** the catalog component whose CRDs these are */
  component: string;
  url: string;
  groups: string[];
  /** the release that needs them (for Cilium's Gateway, its bundled gateway service) */
  service: G.ServiceNode;
  layer: string;
}

/**
 * The layer a release's CRDs go to: the first layer marked installsCRDs that the release's layer depends on (the
 * spec's "CRDs come first" layer); else the release's own layer, where GitOps orders the users of the CRDs after
 * the bundle's root.
 */
function bundleLayer(c: G.ClusterNode, layer: string, ancestors: Map<string, Set<string>>): string {
  const before = ancestors.get(layer) ?? new Set<string>();
  const crdLayers = new Set((c.gitops?.layers ?? []).filter((l) => l.installsCRDs).map((l) => l.name));
  return c.layerOrder.find((l) => before.has(l) && crdLayers.has(l)) ?? layer;
}

export function crdBundles(c: G.ClusterNode): CrdBundle[] {
  const out: CrdBundle[] = [];
  let ancestors: Map<string, Set<string>> | undefined;
  for (const s of c.services) {
    if (s.kind !== "helm" || !s.chart) continue;
    const comp = componentOfChart(s.chart);
    if (!comp?.crds || comp.crds.byChart({ name: s.name, values: withCatalogDefaults(s, c) })) continue;
    // CRDs are cluster-scoped: two releases of one chart share them, installed once (for the first release)
    if (out.some((b) => b.component === comp.name)) continue;
    const url = comp.crds.bundle(s.chart.version);
    ancestors ??= layerAncestors(c);
    out.push({ component: comp.name, url, groups: [...comp.crds.groups].sort(), service: s, layer: bundleLayer(c, s.layer, ancestors) });
  }
  // Cilium's Gateway controller needs the Gateway API CRDs, which Cilium does not install: the bootstrap applies them
  // before Cilium starts, and GitOps keeps the same manifest in the first layer marked installsCRDs (else the first).
  const gw = ciliumGateway(c);
  const gwCrds = gatewayApiCrds(c);
  if (gw && gwCrds) {
    const crdLayers = new Set((c.gitops?.layers ?? []).filter((l) => l.installsCRDs).map((l) => l.name));
    out.push({ component: "gateway-api", url: gwCrds.url, groups: ["gateway.networking.k8s.io"], service: gw.service, layer: c.layerOrder.find((l) => crdLayers.has(l)) ?? c.layerOrder[0]! });
  }
  return out;
}
