// DNS targets: a BIND zone file per zone (declared zones and the reverse zones of networks with reverseDNS), and
// external-dns DNSEndpoint objects in the namespace external-dns runs in. What each zone holds is decided once, in
// src/plan/dns.ts (dnsModel), which the dns checks read too.
import type { Generator, GeneratedFile } from "../contract.js";
import { dnsEndpointNamespace, dnsModel, type ZoneModel } from "../../src/plan/dns.js";
import { layout, namespaceFile } from "../../src/plan/layout.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";
import { renderZone } from "./zone-file.js";
import { dnsEndpointObjects } from "./endpoints.js";

function about(m: ZoneModel): string {
  if (m.reverse) {
    const nets = m.networks.map((n) => `\`${n.name}\` (${n.cidr.text})`);
    return `Reverse zone for network${nets.length === 1 ? "" : "s"} ${nets.join(", ")}: PTR records of the nodes and external endpoints in it.`;
  }
  if (m.zone.provider === "external-dns") {
    return `Managed by external-dns in cluster \`${m.zone.cluster ?? "?"}\` from DNSEndpoint objects; this file shows the same records for review or a secondary server.`;
  }
  return "Load it into an authoritative server (BIND, Knot, PowerDNS, CoreDNS file plugin).";
}

export const dns: Generator = {
  name: "dns",
  description: "dns/<zone>.zone: BIND zone files (ingress hosts, wildcards, spec records, reverse PTR zones) and external-dns DNSEndpoints",
  generate(g, ctx) {
    const header = ctx.header;
    const model = dnsModel(g);
    const files: GeneratedFile[] = model.zones.map((m) => ({ path: layout.dnsZone(m.zone), content: renderZone(m, header, about(m)) }));
    for (const c of g.clusters) {
      const nsName = dnsEndpointNamespace(g, c);
      const ns = nsName === undefined ? undefined : c.namespaces.find((n) => n.name === nsName);
      if (!ns) continue;
      const zones = model.zones.filter((m) => m.zone.provider === "external-dns" && m.zone.cluster === c.name);
      files.push({ path: `${layout.dnsEndpoints(c)}/${namespaceFile.dnsEndpoints}`, content: toYamlStream(dnsEndpointObjects(g, ns.name, zones), header) });
    }
    return files;
  },
};
