// The Kustomize roots of a cluster and what each needs from the others: the kustomize generator writes them,
// the gitops generator points one Flux Kustomization / Argo Application at each, and the gitops check proves
// that every root using a CRD comes after the root that installs it. One module so the three cannot disagree.
import type * as G from "../graph.js";
import { layout } from "./layout.js";
import { dnsEndpointInstance } from "./external-dns.js";
import { packagedTraefikValues } from "./exposure.js";
import { consumesGlobalServices } from "./clustermesh.js";
import { namespaceServices, operatedServices, servicesByNamespace } from "./namespaces.js";
import { layerAncestors } from "./layer-order.js";
import { crdBundles, type CrdBundle } from "./crd-bundles.js";
import { ciliumGateway } from "./cilium.js";
import { envExternalSecrets } from "./external-secrets.js";
import { componentOf } from "./components.js";
import { apiGroup } from "../catalog/index.js";

export { layerAncestors };

/** API groups of the custom resources platformc emits that a service of the platform may be the one to install. */
// A string, not a closed list: catalogued components bring their own groups (src/catalog).
type CrdGroup = string;

export interface Root {
  /** stable and unique in the cluster; names the GitOps object that applies the root */
  id: string;
  /** relative to out/<platform>/ */
  path: string;
  layer: string;
  kind: "namespace" | "namespace-layer" | "operated" | "infrastructure" | "crds" | "clustermesh" | "dns-endpoints";
  /** the namespace the root's objects live in (absent for the cluster-scoped infrastructure root) */
  namespace?: G.NamespaceNode;
  /** emitted services whose objects the root holds */
  services: G.ServiceNode[];
  /** CRD groups of objects in this root, with the service (or config) that needs each, for messages */
  uses: Map<CrdGroup, string>;
  /** CRD groups whose objects can be applied once this root is: its charts install or serve them, or it lists their CRDs */
  provides: CrdGroup[];
  /** a crds root: the CRD manifests it lists, each with the release that needs them */
  bundles?: CrdBundle[];
}

// Charts whose installation brings the CRDs of a group. Matching the chart name is a heuristic, but these
// are the upstream chart names, and a miss only means platformc cannot order the layers for the user.
const CHART_PROVIDES: Record<string, CrdGroup> = {
  "cert-manager": "cert-manager.io",
  traefik: "traefik.io",
  metallb: "metallb.io",
  cilium: "cilium.io",
  "gateway-helm": "gateway.networking.k8s.io", // Envoy Gateway
  "external-dns": "externaldns.k8s.io",
  "external-secrets": "external-secrets.io",
};

export function provides(c: G.ClusterNode, s: G.ServiceNode): CrdGroup[] {
  const out = new Set<CrdGroup>();
  // The release serves the group (its webhook validates the objects), so users wait for it even when its CRDs
  // come from a crds root (src/plan/crd-bundles.ts), which an earlier layer or the same one applies first.
  if (s.kind === "helm" && s.chart) {
    const g = CHART_PROVIDES[s.chart.name];
    if (g) out.add(g);
    // a catalogued operator serves its groups (a CNPG Cluster waits for the operator's webhook and CRDs)
    for (const group of componentOf(s)?.crds?.groups ?? []) out.add(group);
  }
  // An ingress controller the spec deploys itself (not the distribution's) installs its own CRDs.
  if (c.ingress && c.ingress.service === s.id && s.kind !== "bundled") {
    if (c.ingress.type === "traefik") out.add("traefik.io");
    if (c.ingress.type === "gateway-api") out.add("gateway.networking.k8s.io");
  }
  return [...out].sort();
}

/** Whether a service's TLS routes get cert-manager Certificates next to them (not with gateway-api: see infrastructure). */
function certificatesBesideRoutes(c: G.ClusterNode): boolean {
  return !!c.ingress?.certIssuer && c.ingress.type !== "gateway-api";
}

function serviceUses(c: G.ClusterNode, s: G.ServiceNode): CrdGroup[] {
  const out: CrdGroup[] = [];
  if (envExternalSecrets(s).length) out.push("external-secrets.io");
  if (s.kind === "managed" && s.resource) out.push(apiGroup(s.resource.apiVersion));
  if (s.ingress.length && c.ingress) {
    if (c.ingress.type === "traefik") out.push("traefik.io");
    if (c.ingress.type === "gateway-api") out.push("gateway.networking.k8s.io");
    if (certificatesBesideRoutes(c) && s.ingress.some((r) => r.tls)) out.push("cert-manager.io");
  }
  return out;
}

/** TLS hosts whose Certificates live in the gateway's namespace, in the infrastructure root (gateway-api only). */
export function gatewayTlsHosts(c: G.ClusterNode): string[] {
  if (c.ingress?.type !== "gateway-api" || !c.ingress.certIssuer) return [];
  const hosts = new Set<string>();
  for (const s of c.services) for (const r of s.ingress) if (r.tls) hosts.add(r.host);
  return [...hosts].sort();
}

/** CRD groups of the cluster-scoped configuration: load-balancer pools and peers, the ACME issuer, gateway certificates. */
function infrastructureUses(c: G.ClusterNode): Map<CrdGroup, string> {
  const uses = new Map<CrdGroup, string>();
  const lb = c.loadBalancer;
  if (lb?.type === "metallb" && (lb.pools.length > 0 || (lb.mode === "bgp" && c.bgp && c.bgp.peers.length > 0))) uses.set("metallb.io", "the MetalLB pools");
  if (lb?.type === "cilium" && (lb.pools.length > 0 || (lb.mode === "bgp" && c.bgp))) uses.set("cilium.io", "the Cilium load-balancer pools");
  if (packagedTraefikValues(c)) uses.set("helm.cattle.io", "the HelmChartConfig of K3s's Traefik");
  if (c.ingress?.acme && c.ingress.certIssuer) uses.set("cert-manager.io", `the ClusterIssuer \`${c.ingress.certIssuer}\``);
  else if (gatewayTlsHosts(c).length) uses.set("cert-manager.io", "the gateway's TLS certificates");
  // the Gateway Cilium serves lives here too (generators/kustomize/infrastructure.ts)
  const gw = ciliumGateway(c);
  if (gw) uses.set("gateway.networking.k8s.io", `the Gateway \`${gw.namespace}/${gw.name}\``);
  return uses;
}

/**
 * Every Kustomize root GitOps applies in the cluster, sorted by id: one per namespace, one per namespace and
 * other layer when services of the namespace sit in a layer of their own, and the infrastructure root when
 * the cluster has cluster-scoped config. Environment bases are not roots: their overlays are.
 */
export function clusterRoots(g: G.Graph, c: G.ClusterNode): Root[] {
  const roots: Root[] = [];
  const byNs = servicesByNamespace(c);
  for (const ns of c.namespaces) {
    const all = (byNs.get(ns.name) ?? []).filter((s) => s.kind !== "bundled");
    const main = namespaceServices(c, ns, all);
    roots.push(rootOf(c, `ns.${ns.name}`, layout.namespace(c, ns), ns.layer, "namespace", ns, main));
    const operated = operatedServices(c, ns, all);
    if (operated.length) roots.push(rootOf(c, `ns.${ns.name}.operated`, layout.namespaceOperated(c, ns), ns.layer, "operated", ns, operated));
    const others = new Map<string, G.ServiceNode[]>();
    for (const s of all) if (s.layer !== ns.layer) others.set(s.layer, [...(others.get(s.layer) ?? []), s]);
    for (const [layer, list] of others) roots.push(rootOf(c, `ns.${ns.name}.${layer}`, layout.namespaceLayer(c, ns, layer), layer, "namespace-layer", ns, list));
  }
  const bundles = crdBundles(c);
  for (const layer of c.layerOrder) {
    const here = bundles.filter((b) => b.layer === layer);
    if (!here.length) continue;
    roots.push({ id: `crds.${layer}`, path: layout.crds(c, layer), layer, kind: "crds", services: [], uses: new Map(), provides: [...new Set(here.flatMap((b) => b.groups))].sort(), bundles: here });
  }
  // DNSEndpoints in a root of their own, after external-dns's: in its namespace's root they would be dry-run before
  // the release installs their CRD, and the whole root would fail.
  const externalDns = dnsEndpointInstance(g, c)?.service;
  if (externalDns) {
    const root = rootOf(c, "dns-endpoints", layout.dnsEndpoints(c), externalDns.layer, "dns-endpoints", undefined, []);
    root.uses = new Map([["externaldns.k8s.io", "the DNSEndpoints of external-dns's zones"]]);
    roots.push(root);
  }
  const infra = infrastructureUses(c);
  if (hasInfrastructure(c)) {
    const root = rootOf(c, "infrastructure", layout.infrastructure(c), infrastructureLayer(c, roots, infra), "infrastructure", undefined, []);
    root.uses = infra;
    roots.push(root);
  }
  // the consuming side of global Services: one Service per cross-cluster target, and the namespaces it lacks
  if (consumesGlobalServices(c)) roots.push(rootOf(c, "clustermesh", layout.clustermesh(c), c.layerOrder[0]!, "clustermesh", undefined, []));
  return roots.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function hasInfrastructure(c: G.ClusterNode): boolean {
  return infrastructureUses(c).size > 0;
}

function rootOf(c: G.ClusterNode, id: string, path: string, layer: string, kind: Root["kind"], ns: G.NamespaceNode | undefined, services: G.ServiceNode[]): Root {
  const uses = new Map<CrdGroup, string>();
  const prov = new Set<CrdGroup>();
  for (const s of services) {
    for (const g of serviceUses(c, s)) if (!uses.has(g)) uses.set(g, `service \`${s.namespace}/${s.name}\``);
    for (const g of provides(c, s)) prov.add(g);
  }
  if (kind === "namespace" && ns?.externalSecrets.length && !uses.has("external-secrets.io")) uses.set("external-secrets.io", `the ExternalSecrets of namespace \`${ns.name}\``);
  return { id, path, layer, kind, ...(ns ? { namespace: ns } : {}), services, uses, provides: [...prov].sort() };
}

/**
 * The infrastructure root joins the layer of the last-ordered root that installs a CRD it uses (then GitOps
 * orders it after that root inside the layer), or the first layer when the cluster installs none of them.
 */
function infrastructureLayer(c: G.ClusterNode, roots: Root[], uses: Map<CrdGroup, string>): string {
  const order = new Map(c.layerOrder.map((l, i) => [l, i]));
  let best: string | undefined;
  for (const r of roots) {
    if (!r.provides.some((g) => uses.has(g))) continue;
    if (best === undefined || order.get(r.layer)! > order.get(best)!) best = r.layer;
  }
  return best ?? c.layerOrder[0]!;
}

/**
 * Same-layer ordering: the ids of roots in `root`'s own layer that install a CRD it uses. Cross-layer order
 * comes from the layers' dependsOn (and the gitops check proves it suffices).
 */
export function sameLayerDependencies(root: Root, byGroup: Map<CrdGroup, Root[]>): string[] {
  const out = new Set<string>();
  for (const g of root.uses.keys()) for (const p of byGroup.get(g) ?? []) if (p !== root && p.layer === root.layer) out.add(p.id);
  return [...out].sort();
}

export function providersByGroup(roots: readonly Root[]): Map<CrdGroup, Root[]> {
  const m = new Map<CrdGroup, Root[]>();
  for (const r of roots) for (const g of r.provides) m.set(g, [...(m.get(g) ?? []), r]);
  return m;
}
