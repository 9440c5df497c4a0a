// The service-discovery table: how each service is reached, in the cluster and from outside. The DNS
// generator writes it as data and the docs generator renders it; both call this function, neither reads
// the other's output.
import type * as G from "../graph.js";
import { loadBalancerAddresses } from "./addresses.js";
import { hasServiceName } from "./names.js";

interface DiscoveryRow {
  cluster: string;
  namespace: string;
  service: string;
  /** <service>.<namespace>.svc.<clusterDomain> */
  dns: string;
  ports: Array<{
    name: string;
    port: number;
    protocol: string;
    expose: G.PortNode["expose"];
    nodePort?: number;
    /** addresses serving the port from outside the cluster (LB IP, or node addresses with ServiceLB) */
    external: string[];
  }>;
  /** ingress URLs that reach the service */
  urls: string[];
}

export function serviceDiscovery(g: G.Graph): DiscoveryRow[] {
  const rows: DiscoveryRow[] = [];
  for (const c of g.clusters) {
    for (const s of c.services) {
      // nothing reaches a service without a Service (a cronjob, a job, a workload with no ports)
      if (!hasServiceName(s)) continue;
      rows.push({
        cluster: c.name,
        namespace: s.namespace,
        service: s.name,
        dns: `${s.name}.${s.namespace}.svc.${c.clusterDomain}`,
        ports: s.ports.map((p) => ({
          name: p.name,
          port: p.port,
          protocol: p.protocol,
          expose: p.expose,
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
          external: loadBalancerAddresses(c, p).map((a) => a.text),
        })),
        urls: s.ingress.map((r) => `${r.tls ? "https" : "http"}://${r.host}${r.path}`),
      });
    }
  }
  return rows;
}
