// Where clients reach what the platform exposes: LoadBalancer addresses (pinned, allocated, or the ServiceLB
// nodes) and the ingress controller's address. DNS records, the docs, the discovery table and the checks use them.
import type * as G from "../graph.js";

/** K3s ServiceLB runs only on nodes with this label once any node carries it (docs.k3s.io, "Controlling ServiceLB Node Selection"). */
const SERVICELB_ENABLE_LABEL = "svccontroller.k3s.cattle.io/enablelb";

/** Nodes ServiceLB answers on: the labelled ones when any node is labelled, else every node. */
function serviceLBNodes(c: G.ClusterNode): G.NodeNode[] {
  const labelled = c.nodes.filter((n) => n.labels[SERVICELB_ENABLE_LABEL] === "true");
  return labelled.length ? labelled : c.nodes;
}

/** Addresses clients use to reach a LoadBalancer port: its IP, or the ServiceLB nodes' addresses. */
export function loadBalancerAddresses(c: G.ClusterNode, p: G.PortNode): G.Address[] {
  if (p.expose !== "LoadBalancer") return [];
  if (p.loadBalancerIP) return [p.loadBalancerIP];
  if (c.loadBalancer?.type === "servicelb") return serviceLBNodes(c).map((n) => n.address);
  return [];
}

/**
 * Where the cluster's ingress controller answers: the LB address of its service's port 443 (or 80, or its
 * first LoadBalancer port); with host networking or NodePort exposure, the addresses of the nodes it runs on.
 */
export function ingressAddresses(c: G.ClusterNode): G.Address[] {
  if (!c.ingress) return [];
  const svc = c.services.find((s) => s.id === c.ingress!.service);
  if (!svc) return [];
  const lbPorts = svc.ports.filter((p) => p.expose === "LoadBalancer");
  const port = lbPorts.find((p) => p.port === 443) ?? lbPorts.find((p) => p.port === 80) ?? lbPorts[0];
  if (port) return loadBalancerAddresses(c, port);
  const nodes = new Set(svc.eligibleNodes);
  return c.nodes.filter((n) => nodes.has(n.name)).map((n) => n.address);
}
