// Facts derived from the graph that several checks and generators need. Pure functions of the graph.
import type * as G from "./graph.js";

/** Addresses clients use to reach a LoadBalancer port: its IP, or every node's with ServiceLB. */
export function loadBalancerAddresses(c: G.ClusterNode, p: G.PortNode): G.Address[] {
  if (p.expose !== "LoadBalancer") return [];
  if (p.loadBalancerIP) return [p.loadBalancerIP];
  if (c.loadBalancer?.type === "servicelb") return c.nodes.map((n) => n.address);
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

export function zoneFor(zones: readonly G.ZoneNode[], fqdn: string): G.ZoneNode | undefined {
  let best: G.ZoneNode | undefined;
  for (const z of zones) {
    if ((fqdn === z.name || fqdn.endsWith("." + z.name)) && (!best || z.name.length > best.name.length)) best = z;
  }
  return best;
}

/** The A/AAAA records ingress hosts need, per zone: what the DNS generators emit and the checks compare. */
export function ingressRecords(graph: G.Graph): G.RecordNode[] {
  const out: G.RecordNode[] = [];
  for (const c of graph.clusters) {
    const addrs = ingressAddresses(c);
    if (addrs.length === 0) continue;
    const hosts = new Map<string, G.IngressRouteNode>();
    for (const s of c.services) for (const r of s.ingress) if (!hosts.has(r.host)) hosts.set(r.host, r);
    for (const [host, route] of [...hosts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const zone = zoneFor(graph.zones, host);
      if (!zone) continue;
      for (const fam of [4, 6] as const) {
        const values = addrs.filter((a) => a.family === fam).map((a) => a.text);
        if (values.length) out.push({ fqdn: host, type: fam === 4 ? "A" : "AAAA", values: [...new Set(values)].sort(), ttl: zone.ttl, source: `ingress of cluster \`${c.name}\``, loc: route.loc });
      }
    }
  }
  return out;
}
