// How traffic from outside the cluster reaches a NodePort or LoadBalancer port, and which source address the pods'
// network policies then see. The netpol generator admits what arrives, the kustomize generator sets the Service's
// traffic policy, and the installers check warns about what that costs; all three ask here.
//
// K3s's ServiceLB (k3s-io/k3s pkg/cloudprovider/servicelb.go, klipper-lb's entry script) runs one svclb pod per
// LoadBalancer Service and node, in kube-system, labelled svccontroller.k3s.cattle.io/svcname and /svcnamespace,
// holding the Service's ports as hostPorts. Traffic reaches the backends on one of two paths:
//  - addressed to a node address the Service's status lists (a client on the LAN or tailnet): kube-proxy's
//    "loadbalancer IP" rule takes it before the hostPort does (docs.k3s.io, How ServiceLB Works). With
//    externalTrafficPolicy Cluster it is masqueraded: a pod on the same node sees a local address, which K3s's
//    policy controller (kube-router) always accepts, a pod on another node sees that node's flannel address,
//    which no policy names, so the connection fails or not by where the pod runs. Local keeps the client's
//    address and the node that holds a pod, and ServiceLB then lists only those nodes.
//  - NATed to the node by something in front of it: the hostPort hands it to the svclb pod, which DNATs it to the
//    ClusterIP (Cluster) or the node's NodePort (Local) and MASQUERADEs it, so the backends see the svclb pod.
// A NodePort behaves like the first path on any CNI: Cluster SNATs what crosses nodes, Local keeps the client.
import type * as G from "../graph.js";
import { componentOfChart } from "../catalog/index.js";
import { K3S_PACKAGED_CHART } from "../catalog/traefik.js";
import { overlayValues } from "../lib/values.js";

/** ServiceLB's label keys (servicelb.go svcNameLabel, svcNamespaceLabel) and namespace (DefaultLBNS, kube-system). */
export const SVCLB = {
  namespace: "kube-system",
  name: "svccontroller.k3s.cattle.io/svcname",
  namespaceLabel: "svccontroller.k3s.cattle.io/svcnamespace",
} as const;

/** Whether K3s's ServiceLB serves the cluster's LoadBalancer Services (platformc disables it otherwise). */
export function usesServiceLB(c: G.ClusterNode): boolean {
  return c.distribution === "k3s" && c.loadBalancer?.type === "servicelb";
}

/**
 * The ports of a service that clients outside the clusters reach by address: the ingress controller's exposed ports
 * (admitted from anywhere) and the ports external endpoints' flows target (admitted from their addresses).
 */
export function outsidePorts(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode): G.PortNode[] {
  const names = new Set<string>();
  if (c.ingress?.service === s.id) for (const p of s.ports) if (p.expose !== "ClusterIP") names.add(p.name);
  for (const e of g.externals) {
    if (!e.address) continue;
    for (const f of e.flows) if (f.target.kind === "service" && f.target.id === s.id) names.add(f.target.portName);
  }
  return s.ports.filter((p) => names.has(p.name));
}

/**
 * Whether the Service platformc writes for these ports sets externalTrafficPolicy: Local: it exposes a port outside
 * clients reach by address, whose policies would otherwise see another node's address for every connection that
 * lands on a node without a pod. Only Services platformc writes itself (a chart's or the distribution's are theirs).
 */
export function keepsClientAddress(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, ports: readonly G.PortNode[]): boolean {
  if (s.kind === "bundled") return false;
  // of a Helm release platformc writes only the NodePort Services (generators/kustomize/helm.ts nodePorts), never the
  // ingress controller's; a managed service's NodePort and LoadBalancer Services are all platformc's
  const own = (p: G.PortNode) => (s.kind === "helm" ? p.expose === "NodePort" && c.ingress?.service !== s.id : p.expose !== "ClusterIP");
  const outside = new Set(outsidePorts(g, c, s).map((p) => p.name));
  return ports.some((p) => own(p) && outside.has(p.name));
}

/**
 * The svclb pods that forward a LoadBalancer Service's traffic, as a selector in SVCLB.namespace: by the Service's
 * namespace, and by its name where platformc names the Service (a chart's or the distribution's Service it does not).
 */
export function svclbSelector(s: G.ServiceNode, serviceName?: string): Record<string, string> {
  return { ...(serviceName ? { [SVCLB.name]: serviceName } : {}), [SVCLB.namespaceLabel]: s.namespace };
}

/**
 * Chart values that make a catalogued ingress controller's own Service keep client addresses, as platformc's own
 * Services do (keepsClientAddress): Traefik's chart adds `service.spec` to its Service's spec (values.yaml:
 * "Additional entries here will be added to the service spec"). The spec's own values win over these.
 */
export function clientAddressValues(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> | undefined {
  if (s.kind !== "helm" || !s.chart || componentOfChart(s.chart)?.name !== "traefik" || c.ingress?.service !== s.id) return undefined;
  if (!outsidePorts(g, c, s).some((p) => p.expose !== "ClusterIP")) return undefined;
  // Not behind ServiceLB: under Local it lists only the nodes that run a pod, and the DNS records name every node.
  if (usesServiceLB(c)) return undefined;
  return { service: { spec: { externalTrafficPolicy: "Local" } } };
}

/**
 * Values for K3s's packaged Traefik (a HelmChart in kube-system that K3s owns), given to it by a HelmChartConfig of
 * the same name (docs.k3s.io, "Customizing Packaged Components with HelmChartConfig"): the address the spec pins
 * for its Service, in the annotation the cluster's load balancer reads, which nothing else would ask for. Its traffic
 * policy stays the chart's: no policy of platformc's selects K3s's own Traefik pods.
 */
export function packagedTraefikValues(c: G.ClusterNode): Record<string, unknown> | undefined {
  if (c.distribution !== "k3s") return undefined;
  const s = c.services.find((x) => x.kind === "bundled" && x.name === K3S_PACKAGED_CHART.name && x.baseNamespace === K3S_PACKAGED_CHART.namespace);
  if (!s) return undefined;
  const ips = [...new Set(s.ports.flatMap((p) => (p.expose === "LoadBalancer" && p.loadBalancerIP ? [p.loadBalancerIP.text] : [])))].sort();
  const lb = c.loadBalancer?.type;
  const annotation = lb === "metallb" ? "metallb.universe.tf/loadBalancerIPs" : lb === "cilium" ? "lbipam.cilium.io/ips" : undefined;
  const pinned = ips.length && annotation && c.ingress?.type === "traefik" && c.ingress.service === s.id ? { service: { annotations: { [annotation]: ips.join(",") } } } : undefined;
  if (!pinned && !s.packagedValues) return undefined;
  // The spec's own values first, the address over them: DNS and the docs already name that address.
  return overlayValues(s.packagedValues ?? {}, pinned ?? {});
}
