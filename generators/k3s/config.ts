// /etc/rancher/k3s/config.yaml of one node. Keys are `k3s server` / `k3s agent` flags without the dashes
// (k3s-io/k3s pkg/cli/cmds, pkg/configfilearg); stringSlice flags are written as YAML lists, bools as
// booleans, so K3s reads each value with the type its flag has. The join token is never written: every node
// reads it from TOKEN_FILE, which the operator creates.
import type * as G from "../../src/graph.js";
import { formatIP } from "../../src/lib/net/ip.js";
import { clusterDNSAddress } from "../../src/lib/net/service-cidr.js";
import { replacementDNS } from "../../src/plan/cluster-dns.js";
import { k3sFlag } from "../../src/catalog/k3s-flags.js";

export const TOKEN_FILE = "/etc/rancher/k3s/cluster-token";
const KUBECONFIG_MODE = "0600";

export function serverURL(c: G.ClusterNode): string {
  const host = c.apiEndpoint.host.includes(":") ? `[${c.apiEndpoint.host}]` : c.apiEndpoint.host;
  return `https://${host}:${c.apiEndpoint.port}`;
}

/**
 * The cluster DNS address: the tenth address of the service CIDR, K3s's own choice (10.43.0.10). A CIDR too
 * small for it is an error (PC0408) and stops the build before generators run; without the address K3s would
 * derive the same one, so the key is left out rather than written wrong.
 */
function clusterDNS(c: G.ClusterNode): string[] | undefined {
  const value = clusterDNSAddress(c.serviceCIDR.range);
  return value === undefined ? undefined : [formatIP(c.serviceCIDR.family, value)];
}

/**
 * The server every other node joins: the first control-plane etcd member in spec order, which starts the
 * embedded etcd cluster; without etcd members, the first server (K3s's single-server SQLite datastore).
 */
export function initServer(c: G.ClusterNode): G.NodeNode | undefined {
  return c.nodes.find((n) => n.role === "controlplane" && n.etcd) ?? c.nodes.find((n) => n.role === "controlplane");
}

/** K3s's bundled components the spec replaces: ServiceLB unless it is the load balancer, Traefik unless it is the ingress. */
function disabledComponents(c: G.ClusterNode): string[] {
  const out: string[] = [];
  if (c.loadBalancer?.type !== "servicelb") out.push("servicelb");
  const ingress = c.ingress ? c.services.find((s) => s.id === c.ingress!.service) : undefined;
  if (!(c.ingress?.type === "traefik" && ingress?.kind === "bundled")) out.push("traefik");
  // The spec's CoreDNS chart takes over the kube-dns Service; K3s's packaged CoreDNS would fight over it.
  if (replacementDNS(c)) out.push("coredns");
  return out.sort();
}

function overlayAddresses(g: G.Graph, n: G.NodeNode): string[] {
  const overlays = new Set(g.networks.filter((x) => x.kind === "overlay").map((x) => x.name));
  return n.addresses.filter((a) => a.network !== undefined && overlays.has(a.network)).map((a) => a.address.text);
}

const K8S_DEFAULT_NODE_MASK = { 4: 24, 6: 64 } as const;

/**
 * The spec's own keys over platformc's: the cluster's extraConfig where the node's role has the flag (a
 * server-only key skips agents, which would fail on it), then the node's k3sConfig. Lowering refused the keys
 * platformc writes, except lists K3s takes several of (disable, tls-san, *-arg), which are appended to.
 */
function withExtra(cfg: Record<string, unknown>, c: G.ClusterNode, n: G.NodeNode): Record<string, unknown> {
  const role = n.role === "controlplane" ? "server" : "agent";
  const layers = [Object.entries(c.k3s?.extraConfig ?? {}).filter(([k]) => k3sFlag(role, k) !== undefined), Object.entries(n.k3sConfig ?? {})];
  for (const entries of layers) {
    for (const [k, v] of entries) {
      const had = cfg[k];
      if (Array.isArray(had) && (Array.isArray(v) || typeof v === "string")) cfg[k] = [...new Set([...(had as string[]), ...(Array.isArray(v) ? v : [v])])];
      else cfg[k] = Array.isArray(v) ? [...v] : v;
    }
  }
  return cfg;
}

export function k3sConfig(g: G.Graph, c: G.ClusterNode, n: G.NodeNode): Record<string, unknown> {
  return withExtra(platformcConfig(g, c, n), c, n);
}

function platformcConfig(g: G.Graph, c: G.ClusterNode, n: G.NodeNode): Record<string, unknown> {
  const server = n.role === "controlplane";
  const first = initServer(c) === n;
  const cfg: Record<string, unknown> = {};
  if (first) {
    if (n.etcd) cfg["cluster-init"] = true;
  } else cfg.server = serverURL(c);
  cfg["token-file"] = TOKEN_FILE;
  cfg["node-name"] = n.name;
  cfg["node-ip"] = [n.address.text];
  const external = overlayAddresses(g, n);
  if (external.length) cfg["node-external-ip"] = external;
  const labels = Object.entries(n.labels).map(([k, v]) => `${k}=${v}`);
  if (labels.length) cfg["node-label"] = labels;
  if (n.taints.length) cfg["node-taint"] = n.taints.map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ""}:${t.effect}`);
  if (c.cni.name === "flannel" && n.flannelInterface) cfg["flannel-iface"] = n.flannelInterface;
  if (!server) return cfg;
  // A server that is not an etcd member joins one that is; the SQLite server has no etcd to disable.
  if (!n.etcd && initServer(c)?.etcd) cfg["disable-etcd"] = true;
  cfg["cluster-cidr"] = [c.podCIDR.text];
  cfg["service-cidr"] = [c.serviceCIDR.text];
  const dns = clusterDNS(c);
  if (dns) cfg["cluster-dns"] = dns;
  cfg["cluster-domain"] = c.clusterDomain;
  if (c.nodePortRange.min !== 30000 || c.nodePortRange.max !== 32767) cfg["service-node-port-range"] = `${c.nodePortRange.min}-${c.nodePortRange.max}`;
  if (c.nodeMaskSize !== K8S_DEFAULT_NODE_MASK[c.podCIDR.family]) cfg["kube-controller-manager-arg"] = [`node-cidr-mask-size=${c.nodeMaskSize}`];
  if (c.cni.name === "cilium") {
    // Cilium is the CNI and enforces NetworkPolicies; K3s must run neither flannel nor its policy controller.
    cfg["flannel-backend"] = "none";
    cfg["disable-network-policy"] = true;
    if (c.cni.kubeProxyReplacement) cfg["disable-kube-proxy"] = true;
  } else cfg["flannel-backend"] = c.cni.flannelBackend;
  const disable = disabledComponents(c);
  if (disable.length) cfg.disable = disable;
  const sans = [...new Set([c.apiEndpoint.host, ...(c.apiEndpoint.vip ? [c.apiEndpoint.vip.text] : []), ...c.apiEndpoint.extraSANs, ...external])];
  cfg["tls-san"] = sans;
  cfg["write-kubeconfig-mode"] = KUBECONFIG_MODE;
  return cfg;
}
