// external-dns DNSEndpoint objects (externaldns.k8s.io/v1alpha1) for zones whose provider is external-dns:
// the same RRsets the zone file holds, less the SOA and apex NS (the DNS provider owns those) and the types
// external-dns cannot manage (PC1308 says which).
import type * as G from "../../src/graph.js";
import { commonLabels } from "../../src/plan/labels.js";
import { EXTERNAL_DNS_TYPES, quoteString, zoneRRsets, type Rdata, type ZoneModel } from "../../src/plan/dns.js";

/** Endpoints per object: keeps each object far below etcd's 1.5 MiB limit on platforms with thousands of hosts. */
export const ENDPOINTS_PER_OBJECT = 1000;

export interface Endpoint {
  dnsName: string;
  recordType: string;
  targets: string[];
  /** absent: external-dns then uses the provider's default TTL */
  recordTTL?: number;
}

function zoneEndpoints(m: ZoneModel): Endpoint[] {
  const out: Endpoint[] = [];
  for (const s of zoneRRsets(m)) {
    if (!EXTERNAL_DNS_TYPES.has(s.type) || (s.type === "NS" && s.name === m.zone.name)) continue;
    out.push({ dnsName: s.name, recordType: s.type, targets: s.rdata.map(rdataEndpointTarget), ...(s.ttl > 0 ? { recordTTL: s.ttl } : {}) });
  }
  return out;
}

/** A Kubernetes object name for a zone: its name with characters DNS-1123 forbids replaced. */
function objectName(zone: string): string {
  return zone.replace(/[^a-z0-9.-]/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "").slice(0, 240) || "zone";
}

export function dnsEndpointObjects(g: G.Graph, namespace: string, zones: readonly ZoneModel[]): unknown[] {
  const docs: unknown[] = [];
  for (const m of zones) {
    const endpoints = zoneEndpoints(m);
    const chunks = Math.max(1, Math.ceil(endpoints.length / ENDPOINTS_PER_OBJECT));
    for (let i = 0; i < chunks; i++) {
      docs.push({
        apiVersion: "externaldns.k8s.io/v1alpha1",
        kind: "DNSEndpoint",
        metadata: { name: objectName(m.zone.name) + (i === 0 ? "" : `-${i + 1}`), namespace, labels: commonLabels(g) },
        spec: { endpoints: endpoints.slice(i * ENDPOINTS_PER_OBJECT, (i + 1) * ENDPOINTS_PER_OBJECT) },
      });
    }
  }
  return docs;
}

/** Record data as an external-dns DNSEndpoint target: names without the final dot, TXT as its plain text. */
function rdataEndpointTarget(rd: Rdata): string {
  switch (rd.kind) {
    case "address":
      return rd.text;
    case "name":
      return rd.name;
    case "mx":
      return `${rd.preference} ${rd.exchange}`;
    case "srv":
      return `${rd.priority} ${rd.weight} ${rd.port} ${rd.target}`;
    case "txt":
      return rd.strings.join("");
    case "caa":
      return `${rd.flags} ${rd.tag} ${quoteString(rd.value)}`;
  }
}
