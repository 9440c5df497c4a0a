// Where generated files go. Generators never read each other's output, yet some must agree on paths
// (a namespace root lists the network-policy file the netpol generator writes); they agree by calling
// these pure functions of the graph. Paths are relative to out/<platform>/.
import type * as G from "../graph.js";
import { hasNetworkPolicies, namespaceServices, servicesIn } from "./namespaces.js";
import { importsInto } from "./clustermesh.js";

export const layout = {
  inventory: "inventory.yaml",
  /** per cluster: everything a GitOps tool applies lives under here */
  cluster: (c: G.ClusterNode) => `clusters/${c.name}`,
  /** the GitOps entry point of a cluster (Flux Kustomizations, or Argo's root Application) */
  gitops: (c: G.ClusterNode) => `clusters/${c.name}/gitops`,
  /** cluster-scoped infrastructure config (LB pools, BGP, ClusterIssuers), its own Kustomize root */
  infrastructure: (c: G.ClusterNode) => `clusters/${c.name}/infrastructure`,
  /** CRD manifests of catalogued components that nothing else installs (src/plan/crd-bundles.ts), per GitOps layer */
  crds: (c: G.ClusterNode, layer: string) => `clusters/${c.name}/crds/${layer}`,
  /** ClusterMesh members that consume another member's Services: their global Services (src/plan/clustermesh.ts) */
  clustermesh: (c: G.ClusterNode) => `clusters/${c.name}/clustermesh`,
  /** external-dns's DNSEndpoints, a root applied after external-dns's own (which installs their CRD) */
  dnsEndpoints: (c: G.ClusterNode) => `clusters/${c.name}/dns-endpoints`,
  /** one small Kustomize root per namespace: kubectl kustomize stays fast however large the platform */
  namespace: (c: G.ClusterNode, ns: G.NamespaceNode) => `clusters/${c.name}/namespaces/${ns.name}`,
  /** services of a namespace that the spec puts in another GitOps layer than the namespace's: their own root */
  namespaceLayer: (c: G.ClusterNode, ns: G.NamespaceNode, layer: string) => `clusters/${c.name}/namespaces/${ns.name}/layers/${layer}`,
  /** managed services whose operator the namespace's own root installs (src/plan/namespaces.ts operatedServices) */
  namespaceOperated: (c: G.ClusterNode, ns: G.NamespaceNode) => `clusters/${c.name}/namespaces/${ns.name}/operated`,
  /** environment-expanded namespaces: the services rendered once, which each instance's root patches (an overlay) */
  base: (c: G.ClusterNode, base: string) => `clusters/${c.name}/bases/${base}`,
  /** what boots a cluster, never applied by GitOps: cluster-wide Talos patches, CNI Helm values, install commands */
  nodes: (c: G.ClusterNode) => `nodes/${c.name}`,
  /** node configs (K3s config.yaml, Talos patches) */
  node: (c: G.ClusterNode, n: G.NodeNode) => `nodes/${c.name}/${n.name}`,
  dnsZone: (z: G.ZoneNode) => `dns/${z.name}.zone`,
  /** discovery: the service-discovery table of a cluster (src/plan/discovery.ts), as data for tools and the docs */
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
  /** talos or k3s: Helm values of the CoreDNS release that replaces the distribution's (the bootstrap install and its GitOps object share them) */
  corednsValues: "coredns-values.yaml",
  /** gitops: Helm values of the cluster's Argo CD release (the bootstrap install and its Application share them) */
  argocdValues: "argocd-values.yaml",
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
  /** kustomize: Services standing for another ClusterMesh member's global Services (src/plan/clustermesh.ts) */
  globalServices: "global-services.yaml",
  /** dns, in layout.dnsEndpoints: external-dns DNSEndpoint objects, in the namespace external-dns runs in */
  dnsEndpoints: "dns-endpoints.yaml",
  /** kustomize: a SOPS-encrypted file of the spec's, as it is; no service name (a DNS label) contains a dot */
  secret: (f: G.SecretFile) => `secret.${f.file}`,
  /** kustomize: a namespace's ExternalSecret (namespaces[].externalSecrets); dotted for the same reason */
  externalSecret: (x: G.ExternalSecretNode) => `externalsecret.${x.name}.yaml`,
  /** kustomize: an extra manifest of the spec's (namespaces[].manifests); a dot keeps it apart from service files */
  manifest: (f: G.ManifestFile) => `manifest.${f.file}`,
} as const;

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
  if (!ns.environment && importsInto(g, c, ns.name).length) files.push(namespaceFile.globalServices);
  if (hasNetworkPolicies(c, ns)) files.push(namespaceFile.networkPolicies);
  for (const f of ns.secrets) files.push(namespaceFile.secret(f));
  for (const x of ns.externalSecrets) files.push(namespaceFile.externalSecret(x));
  for (const f of ns.manifests) files.push(namespaceFile.manifest(f));
  return files;
}
