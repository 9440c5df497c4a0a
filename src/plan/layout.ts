// Where generated files go. Generators never read each other's output, yet some must agree on paths
// (a namespace root lists the network-policy file the netpol generator writes); they agree by calling
// these pure functions of the graph. Paths are relative to out/<platform>/.
import type * as G from "../graph.js";

export const layout = {
  inventory: "inventory.yaml",
  /** per cluster: everything a GitOps tool applies lives under here */
  cluster: (c: G.ClusterNode) => `clusters/${c.name}`,
  /** the GitOps entry point of a cluster (Flux Kustomizations, or Argo's root Application) */
  gitops: (c: G.ClusterNode) => `clusters/${c.name}/gitops`,
  /** cluster-scoped infrastructure config (LB pools, BGP, ClusterIssuers), its own Kustomize root */
  infrastructure: (c: G.ClusterNode) => `clusters/${c.name}/infrastructure`,
  /** one small Kustomize root per namespace: kubectl kustomize stays fast however large the platform */
  namespace: (c: G.ClusterNode, ns: G.NamespaceNode) => `clusters/${c.name}/namespaces/${ns.name}`,
  /** services of a namespace that the spec puts in another GitOps layer than the namespace's: their own root */
  namespaceLayer: (c: G.ClusterNode, ns: G.NamespaceNode, layer: string) => `clusters/${c.name}/namespaces/${ns.name}/layers/${layer}`,
  /** environment-expanded namespaces: the services rendered once, which each instance's root patches (an overlay) */
  base: (c: G.ClusterNode, base: string) => `clusters/${c.name}/bases/${base}`,
  /** what boots a cluster, never applied by GitOps: cluster-wide Talos patches, CNI Helm values, install commands */
  nodes: (c: G.ClusterNode) => `nodes/${c.name}`,
  /** node configs (K3s config.yaml, Talos patches) */
  node: (c: G.ClusterNode, n: G.NodeNode) => `nodes/${c.name}/${n.name}`,
  dnsZone: (z: G.ZoneNode) => `dns/${z.name}.zone`,
  /** dns: the service-discovery table of a cluster (src/discovery.ts), as data for tools and the docs */
  discovery: (c: G.ClusterNode) => `discovery/${c.name}.yaml`,
  docs: "docs",
} as const;

/** File names under layout.nodes (cluster) and layout.node (one node), owned by the generator named in the comment. */
export const nodeFile = {
  /** talos: patch for every node of the cluster (talosctl gen config --config-patch) */
  talosClusterPatch: "cluster-patch.yaml",
  /** talos: patch for the control-plane nodes (--config-patch-control-plane) */
  talosControlPlanePatch: "controlplane-patch.yaml",
  /** talos, in a node's directory: the node's own patch (talosctl machineconfig patch) */
  talosNodePatch: "patch.yaml",
  /** k3s, in a node's directory: /etc/rancher/k3s/config.yaml of that node */
  k3sConfig: "config.yaml",
  /** cilium: Helm values of the cluster's Cilium release */
  ciliumValues: "cilium-values.yaml",
  /** talos or k3s: how to turn these files into a running cluster */
  readme: "README.md",
} as const;

/** File names inside a namespace root, owned by the generator named in the comment. */
export const namespaceFile = {
  /** kustomize: the Namespace object */
  namespace: "namespace.yaml",
  /** kustomize: one file per service with all its objects */
  service: (s: G.ServiceNode) => `${s.name}.yaml`,
  /** netpol: every policy of the namespace */
  networkPolicies: "network-policies.yaml",
  /** dns: external-dns DNSEndpoint objects, in the namespace external-dns runs in */
  dnsEndpoints: "dns-endpoints.yaml",
} as const;

/**
 * The namespace DNSEndpoint objects of a cluster go to: the namespace of the cluster's service named
 * external-dns, when some zone with provider external-dns names this cluster.
 */
export function dnsEndpointNamespace(g: G.Graph, c: G.ClusterNode): string | undefined {
  if (!g.zones.some((z) => z.provider === "external-dns" && z.cluster === c.name)) return undefined;
  return c.services.find((s) => s.name === "external-dns")?.namespace;
}

// Namespace -> services, built once per services array: a filter per namespace would make every generator
// that walks the namespaces quadratic (10,000 services in 500 namespaces: 5 million comparisons per call).
const byNamespace = new WeakMap<G.ServiceNode[], { length: number; index: Map<string, G.ServiceNode[]> }>();

export function servicesIn(c: G.ClusterNode, ns: G.NamespaceNode): G.ServiceNode[] {
  let cached = byNamespace.get(c.services);
  if (!cached || cached.length !== c.services.length) {
    const index = new Map<string, G.ServiceNode[]>();
    for (const s of c.services) {
      const list = index.get(s.namespace);
      if (list) list.push(s);
      else index.set(s.namespace, [s]);
    }
    cached = { length: c.services.length, index };
    byNamespace.set(c.services, cached);
  }
  return [...(cached.index.get(ns.name) ?? [])];
}

/** The netpol generator writes network-policies.yaml into exactly the namespaces this says. */
export function hasNetworkPolicies(c: G.ClusterNode, ns: G.NamespaceNode): boolean {
  return ns.defaultDeny && servicesIn(c, ns).some((s) => s.kind !== "bundled");
}

/**
 * The resources a namespace root's kustomization.yaml lists, in order. The kustomize generator writes the
 * kustomization; the other generators write the files it names.
 */
export function namespaceResources(g: G.Graph, c: G.ClusterNode, ns: G.NamespaceNode): string[] {
  const files: string[] = [namespaceFile.namespace];
  const own = namespaceServices(c, ns, servicesIn(c, ns));
  // An environment instance lists its base (the services rendered once) and patches it; see layout.base.
  if (ns.environment) {
    if (own.length) files.push(`../../bases/${ns.base}`);
  } else for (const s of own) files.push(namespaceFile.service(s));
  if (hasNetworkPolicies(c, ns)) files.push(namespaceFile.networkPolicies);
  if (dnsEndpointNamespace(g, c) === ns.name) files.push(namespaceFile.dnsEndpoints);
  return files;
}

/** The emitted services a namespace's own root holds: not bundled, and in the namespace's GitOps layer. */
export function namespaceServices(c: G.ClusterNode, ns: G.NamespaceNode, inNamespace: readonly G.ServiceNode[] = servicesIn(c, ns)): G.ServiceNode[] {
  return inNamespace.filter((s) => s.kind !== "bundled" && s.layer === ns.layer);
}
