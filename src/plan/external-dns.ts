// Which services of a cluster are external-dns, and which of them syncs a zone. Found by what they run (the chart the
// catalog knows, or the image), never by the service's name: real installs are called external-dns-public,
// external-dns-internal and so on, several per cluster. The dns check, the DNSEndpoint root and the dns generator ask here.
import type * as G from "../graph.js";
import { componentOfChart } from "../catalog/index.js";
import { imageRepository } from "../catalog/images.js";
import { EXTERNAL_DNS_IMAGES, externalDnsScope } from "../catalog/external-dns.js";

export interface ExternalDnsInstance {
  service: G.ServiceNode;
  /** the domains it manages (with their subdomains); empty: every domain */
  domainFilters: string[];
  /** it reads DNSEndpoints of its own namespace only */
  namespaced: boolean;
}

/** The cluster's external-dns instances, in id order: releases of its chart and workloads of its image. */
export function externalDnsInstances(c: G.ClusterNode): ExternalDnsInstance[] {
  const out: ExternalDnsInstance[] = [];
  for (const s of c.services) {
    if (s.kind === "helm" && s.chart && componentOfChart(s.chart)?.name === "external-dns") {
      out.push({ service: s, ...externalDnsScope(s.chart.values) });
    } else if (s.kind !== "helm" && s.kind !== "bundled" && s.image && EXTERNAL_DNS_IMAGES.includes(imageRepository(s.image))) {
      // a workload's arguments are not in the spec: it manages whatever its flags say, taken as every domain
      out.push({ service: s, domainFilters: [], namespaced: false });
    }
  }
  return out;
}

/** Whether a --domain-filter covers every name of the zone: the zone is the filter's domain or below it. */
function covers(filter: string, zone: string): boolean {
  return filter.startsWith(".") ? zone.endsWith(filter) : zone === filter || zone.endsWith(`.${filter}`);
}

/**
 * The instance that syncs a zone's records: the first whose domainFilters cover the zone, else the first without
 * domainFilters (it manages every domain); undefined when the cluster runs none or every one is filtered elsewhere.
 */
export function externalDnsForZone(c: G.ClusterNode, zone: G.ZoneNode): ExternalDnsInstance | undefined {
  const all = externalDnsInstances(c);
  return all.find((i) => i.domainFilters.some((f) => covers(f, zone.name))) ?? all.find((i) => i.domainFilters.length === 0);
}

/**
 * The instance whose namespace and layer the cluster's DNSEndpoints follow: the one that syncs the first external-dns
 * zone of the cluster (in the spec's order) that has one. All DNSEndpoints of a cluster go to that one namespace:
 * every instance that is not namespaced reads them all and keeps the names its domainFilters cover.
 */
export function dnsEndpointInstance(g: G.Graph, c: G.ClusterNode): ExternalDnsInstance | undefined {
  for (const z of g.zones) {
    if (z.provider !== "external-dns" || z.cluster !== c.name) continue;
    const i = externalDnsForZone(c, z);
    if (i) return i;
  }
  return undefined;
}
