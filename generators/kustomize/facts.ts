// Cluster-wide facts a service's objects depend on, computed once per cluster so rendering a service stays
// independent of how many others there are.
import type * as G from "../../src/graph.js";
import { serviceLabels } from "../../src/plan/labels.js";

export interface ClusterFacts {
  /** LoadBalancer address -> number of emitted Services that claim it (more than one must declare sharing) */
  lbShares: Map<string, number>;
  /** service id -> service, for forward-auth providers */
  byId: Map<string, G.ServiceNode>;
  /** the labels of a service's objects, computed once (every object of the service carries them) */
  labels(s: G.ServiceNode): Record<string, string>;
}

export function clusterFacts(g: G.Graph, c: G.ClusterNode): ClusterFacts {
  const lbShares = new Map<string, number>();
  const byId = new Map<string, G.ServiceNode>();
  for (const s of c.services) {
    byId.set(s.id, s);
    if (s.kind === "bundled" || s.kind === "helm") continue;
    const ips = new Set<string>();
    for (const p of s.ports) if (p.expose === "LoadBalancer" && p.loadBalancerIP) ips.add(p.loadBalancerIP.text);
    for (const ip of ips) lbShares.set(ip, (lbShares.get(ip) ?? 0) + 1);
  }
  const memo = new Map<G.ServiceNode, Record<string, string>>();
  const labels = (s: G.ServiceNode) => {
    let l = memo.get(s);
    if (!l) memo.set(s, (l = serviceLabels(g, s)));
    return l;
  };
  return { lbShares, byId, labels };
}
