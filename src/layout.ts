// Where generated files go. Generators never read each other's output, yet some must agree on paths
// (a namespace root lists the network-policy file the netpol generator writes); they agree by calling
// these pure functions of the graph. Paths are relative to out/<platform>/.
import type * as G from "./graph.js";

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
  /** node configs (K3s config.yaml, Talos patches) */
  node: (c: G.ClusterNode, n: G.NodeNode) => `nodes/${c.name}/${n.name}`,
  dnsZone: (z: G.ZoneNode) => `dns/${z.name}.zone`,
  docs: "docs",
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

export function servicesIn(c: G.ClusterNode, ns: G.NamespaceNode): G.ServiceNode[] {
  return c.services.filter((s) => s.namespace === ns.name);
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
  for (const s of servicesIn(c, ns)) if (s.kind !== "bundled") files.push(namespaceFile.service(s));
  if (hasNetworkPolicies(c, ns)) files.push(namespaceFile.networkPolicies);
  if (dnsEndpointNamespace(g, c) === ns.name) files.push(namespaceFile.dnsEndpoints);
  return files;
}
