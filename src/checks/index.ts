// The semantic rules, one plain function each, run in this order on the allocated graph. Adding a rule is
// one function and one line here.
import type * as G from "../graph.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { checkOverlaps, checkAddresses, checkPoolsAndVIPs, checkPinnedLoadBalancerIPs } from "./networks.js";
import { checkNodePorts, checkHostPorts, checkLoadBalancerPorts, checkIngressRoutes } from "./ports.js";
import { checkDns } from "./dns.js";
import { checkControlPlane, checkCapacity, checkMesh, checkLoadBalancerConfig } from "./cluster.js";

export interface Check {
  name: string;
  description: string;
  run(g: G.Graph, diags: Diagnostics): void;
}

export const CHECKS: readonly Check[] = [
  { name: "cidr-overlap", description: "pod, service, node, pool, overlay and external ranges that must be disjoint are disjoint", run: checkOverlaps },
  { name: "unique-addresses", description: "node addresses, VIPs and gateways are unique", run: checkAddresses },
  { name: "pools-and-vips", description: "load-balancer pools and API VIPs sit on the node network and clear of node addresses", run: checkPoolsAndVIPs },
  { name: "pinned-lb-ips", description: "pinned LoadBalancer IPs lie in a pool", run: checkPinnedLoadBalancerIPs },
  { name: "nodeports", description: "NodePorts lie in the cluster's range and are unique per cluster", run: checkNodePorts },
  { name: "hostports", description: "hostPorts are unique per node", run: checkHostPorts },
  { name: "lb-ports", description: "LoadBalancer address and port pairs are unique", run: checkLoadBalancerPorts },
  { name: "ingress-routes", description: "ingress host and path pairs are unique per cluster", run: checkIngressRoutes },
  { name: "dns", description: "DNS names are in their zone, unique per type, and CNAMEs stand alone", run: checkDns },
  { name: "control-plane", description: "every cluster has a control plane and an etcd quorum that tolerates failures", run: checkControlPlane },
  { name: "capacity", description: "resource requests fit the nodes that may run them", run: checkCapacity },
  { name: "mesh", description: "ClusterMesh members have unique ids and run Cilium", run: checkMesh },
  { name: "load-balancer", description: "load-balancer settings suit the implementation", run: checkLoadBalancerConfig },
];

export function runChecks(g: G.Graph, diags: Diagnostics): string[] {
  for (const c of CHECKS) c.run(g, diags);
  return CHECKS.map((c) => c.name);
}
