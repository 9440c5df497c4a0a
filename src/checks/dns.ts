// DNS rules over every record platformc writes: the spec's own, those ingress hosts imply, wildcards,
// nameservers and reverse PTRs (src/plan/dns.ts dnsModel). Each rule is one function; checkDns runs them on one
// model so the generators and the checks agree on what the zones hold.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { ingressAddresses } from "../plan/addresses.js";
import { externalDnsForZone, externalDnsInstances, type ExternalDnsInstance } from "../plan/external-dns.js";
import { EXTERNAL_DNS_TYPES, dnsEndpointNamespace, dnsModel, dnsNameProblem, inZone, parseRdata, rdataKey, rdataZoneText, wildcardTarget, zoneFor, type DnsModel, type DnsRecord, type Rdata, type ZoneModel } from "../plan/dns.js";

/** TTLs below this defeat caching; above it resolvers cap them anyway (BIND's max-cache-ttl is one week). */
const TTL_BOUNDS = { min: 30, max: 604800 } as const;

export function checkDns(g: G.Graph, diags: Diagnostics): void {
  const m = dnsModel(g);
  checkRecordPlacement(g, diags);
  checkRecordData(g, diags);
  checkNames(g, m, diags);
  checkConflicts(m, diags);
  checkTtls(g, diags);
  checkNameservers(m, diags);
  checkWildcards(g, diags);
  checkExternalDns(g, m, diags);
  checkIngressAddresses(g, diags);
  checkTargets(m, diags);
  checkUncoveredHosts(g, diags);
}

/** PC0603: a spec record must lie in its zone, and not in a more specific zone the spec also declares. */
function checkRecordPlacement(g: G.Graph, diags: Diagnostics): void {
  for (const z of g.zones) {
    for (const r of z.records) {
      if (!inZone(r.fqdn, z.name)) {
        diags.report("PC0603", locSpan(r.loc, ["name"]), { name: r.fqdn + ".", zone: z.name }, { help: `write it relative to the zone (without a final dot), or move it to a zone that contains it` });
        continue;
      }
      const inner = zoneFor(g.zones, r.fqdn);
      if (inner && inner !== z) {
        diags.report("PC0603", locSpan(r.loc, ["name"]), { name: r.fqdn + ".", zone: z.name }, { notes: [`it lies in zone \`${inner.name}\`, which the spec also declares: a server answers for it from that zone only`], help: `move the record to zone \`${inner.name}\`` });
      }
    }
  }
}

/** PC1303, PC1307: record values parse for their type; relative names ending like a domain probably miss their final dot. */
function checkRecordData(g: G.Graph, diags: Diagnostics): void {
  for (const z of g.zones) {
    const admin = z.admin;
    const at = admin.lastIndexOf("@");
    const domain = at < 0 ? admin : admin.slice(at + 1);
    // Without an @ the contact is already in SOA form (hostmaster.example.com): only its domain part is checked.
    const local = at < 0 ? "x" : admin.slice(0, at);
    if (!/^[A-Za-z0-9._+-]+$/.test(local) || dnsNameProblem(domain.replace(/\.$/, "").toLowerCase()) !== undefined) {
      diags.report("PC1303", locSpan(z.loc, ["admin"]), { type: "SOA", name: z.name, reason: `the contact \`${admin}\` is not a mailbox like hostmaster@${z.name}` });
    }
    for (const r of z.records) {
      if (r.type === "CNAME" && r.values.length > 1) {
        diags.report("PC1303", locSpan(r.loc, ["values"]), { type: r.type, name: r.fqdn, reason: `a CNAME has exactly one target, found ${r.values.length}` }, { help: "keep one target; a name that needs several addresses uses A/AAAA records" });
        continue;
      }
      r.values.forEach((v, j) => {
        const p = parseRdata(r.type, v, z.name);
        if (!p.ok) diags.report("PC1303", locSpan(r.loc, ["values", j]), { type: r.type, name: r.fqdn, reason: p.reason });
        else for (const rel of p.relativeDotted.filter((x) => looksAbsolute(x, g))) diags.report("PC1307", locSpan(r.loc, ["values", j]), { name: rel, full: `${rel.toLowerCase()}.${z.name}` }, { help: `end it with a dot if it is already fully qualified: \`${rel}.\`` });
      });
      if (r.fqdn.endsWith(`.${z.name}.${z.name}`)) {
        const rel = r.fqdn.slice(0, -(z.name.length + 1));
        diags.report("PC1307", locSpan(r.loc, ["name"]), { name: rel, full: r.fqdn }, { help: `write \`${rel.slice(0, -(z.name.length + 1)) || "@"}\` relative to the zone, or \`${rel}.\` with a final dot` });
      }
    }
  }
}

/** Top-level domains a relative name is unlikely to end in on purpose (`ns.lab` is relative by intent; `x.github.io` is not). */
const COMMON_TLDS = new Set(["com", "net", "org", "io", "dev", "app", "info", "biz", "me", "co", "uk", "de", "eu", "cloud", "xyz", "arpa", "local", "internal", "lan", "home", "test", "example"]);

/** A relative name written with dots that was probably meant fully qualified: it ends in a zone, the domain or a TLD. */
function looksAbsolute(rel: string, g: G.Graph): boolean {
  const name = rel.toLowerCase();
  const ends = (suffix: string) => name === suffix || name.endsWith("." + suffix);
  return g.zones.some((z) => ends(z.name)) || (g.platform.domain !== undefined && ends(g.platform.domain)) || COMMON_TLDS.has(name.slice(name.lastIndexOf(".") + 1));
}

/** PC1301: every name written into a zone obeys the label (63) and name (253) limits and zone-file syntax. */
function checkNames(g: G.Graph, m: DnsModel, diags: Diagnostics): void {
  for (const z of g.zones) {
    const p = dnsNameProblem(z.name);
    if (p) diags.report("PC1301", locSpan(z.loc, ["name"]), { what: "zone name", name: z.name, reason: p });
    z.nameservers.forEach((ns, i) => {
      if (!z.nameserversDeclared) return;
      const q = dnsNameProblem(ns, { host: true });
      if (q) diags.report("PC1301", locSpan(z.loc, ["nameservers", i]), { what: "nameserver", name: ns, reason: q });
    });
    for (const r of z.records) {
      const q = dnsNameProblem(r.fqdn, { wildcard: true, host: r.type === "A" || r.type === "AAAA" });
      if (q) diags.report("PC1301", locSpan(r.loc, ["name"]), { what: `${r.type} record name`, name: r.fqdn, reason: q });
      r.values.forEach((v, j) => {
        const parsed = parseRdata(r.type, v, z.name);
        if (!parsed.ok) return;
        const host = r.type === "NS" || r.type === "MX" || r.type === "SRV";
        for (const n of parsed.names) {
          const nq = dnsNameProblem(n, { host });
          if (nq) diags.report("PC1301", locSpan(r.loc, ["values", j]), { what: `${r.type} target`, name: n, reason: nq });
        }
      });
    }
  }
  // Names platformc derives (ingress hosts, wildcards): once per place in the spec.
  const seen = new Set<string>();
  for (const zm of m.zones) {
    for (const r of zm.records) {
      if (r.origin.startsWith("spec:") || r.origin.startsWith("nameservers:") || r.origin.startsWith("reverse:")) continue;
      const q = dnsNameProblem(r.name, { wildcard: true, host: r.type === "A" || r.type === "AAAA" });
      const key = `${r.name}\u0000${r.loc.path.join("/")}`;
      if (q && !seen.has(key)) {
        seen.add(key);
        diags.report("PC1301", locSpan(r.loc, r.nameAt), { what: "host name", name: r.name, reason: q });
      }
    }
  }
}

function describe(r: DnsRecord): string {
  return r.origin.startsWith("nameservers:") ? "the zone's NS records" : `a ${r.type} record (${r.source})`;
}

/** PC0601, PC0602: one name and type has one set of data; a CNAME stands alone at its name (RFC 1034 §3.6.2). */
function checkConflicts(m: DnsModel, diags: Diagnostics): void {
  for (const zm of m.zones) {
    const byName = new Map<string, DnsRecord[]>();
    for (const r of zm.records) {
      const list = byName.get(r.name);
      if (list) list.push(r);
      else byName.set(r.name, [r]);
    }
    for (const [name, list] of byName) {
      const cname = list.find((r) => r.type === "CNAME");
      if (cname) {
        const other = list.find((r) => r.type !== "CNAME") ?? list.find((r) => r.type === "CNAME" && r.origin !== cname.origin);
        if (name === zm.zone.name) {
          diags.report("PC0602", locSpan(cname.loc, cname.nameAt), { name, zone: zm.zone.name, other: "the zone's SOA and NS records" }, { help: "a zone apex cannot be a CNAME; use A/AAAA records there" });
        } else if (other) {
          diags.report("PC0602", locSpan(cname.loc, cname.nameAt), { name, zone: zm.zone.name, other: other.type === "CNAME" ? `another CNAME (${other.source})` : describe(other) }, { related: [{ span: locSpan(other.loc, other.nameAt), message: "other data here" }], help: "remove the CNAME or the other records" });
        }
      }
      // Per type: the data each origin gives; two origins must agree.
      const byType = new Map<string, Map<string, { first: DnsRecord; data: Map<string, Rdata> }>>();
      for (const r of list) {
        if (r.type === "CNAME") continue;
        const origins = byType.get(r.type) ?? new Map<string, { first: DnsRecord; data: Map<string, Rdata> }>();
        byType.set(r.type, origins);
        const e = origins.get(r.origin) ?? { first: r, data: new Map<string, Rdata>() };
        origins.set(r.origin, e);
        e.data.set(rdataKey(r.rdata), r.rdata);
      }
      for (const [type, origins] of byType) {
        const all = [...origins.values()];
        const key = (d: Map<string, Rdata>) => [...d.keys()].sort().join("\n");
        const show = (d: Map<string, Rdata>) => [...d.values()].map(rdataZoneText).sort().join(", ");
        const a = all[0]!;
        const b = all.find((x) => key(x.data) !== key(a.data));
        if (b) {
          diags.report("PC0601", locSpan(b.first.loc, b.first.nameAt), { name, type, zone: zm.zone.name, a: a.first.source, b: b.first.source }, { related: [{ span: locSpan(a.first.loc, a.first.nameAt), message: `${show(a.data)} here` }], notes: [`${b.first.source} says ${show(b.data)}`], help: "give the name one set of data: drop one record, or make them agree" });
        }
      }
    }
  }
}

/** PC1302: zone and record TTLs between 30 s and one week; 0 in an external-dns zone means the provider's default. */
function checkTtls(g: G.Graph, diags: Diagnostics): void {
  const bad = (ttl: number, z: G.ZoneNode) => !(z.provider === "external-dns" && ttl === 0) && (ttl < TTL_BOUNDS.min || ttl > TTL_BOUNDS.max);
  for (const z of g.zones) {
    if (bad(z.ttl, z)) diags.report("PC1302", locSpan(z.loc, ["ttl"]), { ttl: z.ttl, what: `zone \`${z.name}\``, min: TTL_BOUNDS.min, max: TTL_BOUNDS.max });
    for (const r of z.records) {
      if (r.ttl !== z.ttl && bad(r.ttl, z)) diags.report("PC1302", locSpan(r.loc, ["ttl"]), { ttl: r.ttl, what: `${r.type} ${r.fqdn}`, min: TTL_BOUNDS.min, max: TTL_BOUNDS.max });
    }
  }
}

/** PC1304: a nameserver inside its own zone needs an A or AAAA record there (glue), or nothing can reach it. */
function checkNameservers(m: DnsModel, diags: Diagnostics): void {
  for (const zm of m.zones) {
    const addressed = new Set(zm.records.filter((r) => r.type === "A" || r.type === "AAAA").map((r) => r.name));
    const reported = new Set<string>();
    for (const r of zm.records) {
      if (r.type !== "NS" || r.rdata.kind !== "name") continue;
      const target = r.rdata.name;
      if (!inZone(target, zm.zone.name) || addressed.has(target) || reported.has(target)) continue;
      reported.add(target);
      const rel = target.slice(0, -(zm.zone.name.length + 1)) || "@";
      diags.report("PC1304", locSpan(r.loc, r.dataAt), { ns: target, zone: zm.zone.name }, { help: `add \`{ name: ${rel}, type: A, values: [<its address>] }\` to the zone's records, or name a nameserver outside the zone` });
    }
  }
}

/** PC1305: a zone with wildcard must find the one ingress address its hosts are served from. */
function checkWildcards(g: G.Graph, diags: Diagnostics): void {
  for (const z of g.zones) {
    if (!z.wildcard) continue;
    const t = wildcardTarget(g, z);
    if (t.ok) continue;
    if (t.reason === "no-address") {
      // An ingress LoadBalancer port left without an address was already reported by allocation (PC0801, PC0803).
      if (g.clusters.some((c) => c.services.some((s) => s.id === c.ingress?.service && s.ports.some((p) => p.expose === "LoadBalancer")))) continue;
      diags.report("PC1305", locSpan(z.loc, ["wildcard"]), { zone: z.name, reason: "no cluster's ingress controller has an address" }, { help: "give the ingress controller's service a LoadBalancer port, or drop wildcard" });
    } else {
      const list = t.clusters.map((x) => `cluster \`${x.cluster.name}\` (${x.addresses.map((a) => a.text).join(", ")})`).join(" and ");
      diags.report("PC1305", locSpan(z.loc, ["wildcard"]), { zone: z.name, reason: `its hosts are served by ${list}` }, { help: "name the cluster the wildcard points at with the zone's `cluster`" });
    }
  }
}

/**
 * PC1306, PC1308: an external-dns zone's cluster runs an external-dns (by chart or image, under any name) that syncs
 * it, and every record type is one it manages.
 */
function checkExternalDns(g: G.Graph, m: DnsModel, diags: Diagnostics): void {
  for (const zm of m.zones) {
    const z = zm.zone;
    if (z.provider !== "external-dns" || !z.cluster) continue;
    const c = g.clusters.find((x) => x.name === z.cluster);
    if (c) externalDnsServes(g, c, z, diags);
    const seen = new Set<string>();
    for (const r of zm.records) {
      if (EXTERNAL_DNS_TYPES.has(r.type) || seen.has(r.type)) continue;
      seen.add(r.type);
      diags.report("PC1308", locSpan(r.loc, ["type"]), { type: r.type, zone: z.name }, { notes: ["the record is still written to the zone file"] });
    }
  }
}

function externalDnsServes(g: G.Graph, c: G.ClusterNode, z: G.ZoneNode, diags: Diagnostics): void {
  const at = locSpan(z.loc, ["cluster"]);
  const all = externalDnsInstances(c);
  const name = (i: ExternalDnsInstance) => `\`${i.service.namespace}/${i.service.name}\``;
  if (all.length === 0) {
    diags.report("PC1306", at, { zone: z.name, reason: `cluster \`${c.name}\` runs no external-dns` }, {
      help: `declare external-dns in cluster \`${c.name}\` under any name: a Helm release of chart external-dns (https://kubernetes-sigs.github.io/external-dns/) or a deployment of its image; or set the zone's provider to bind`,
    });
    return;
  }
  const mine = externalDnsForZone(c, z);
  if (!mine) {
    diags.report("PC1306", at, { zone: z.name, reason: `no external-dns of cluster \`${c.name}\` has a domainFilter that covers it` }, {
      notes: all.map((i) => `${name(i)} manages ${i.domainFilters.join(", ")}`),
      related: all.map((i) => ({ span: locSpan(i.service.loc, ["chart", "values", "domainFilters"]), message: "its domainFilters" })),
      help: `add ${z.name} to the domainFilters of one of them`,
    });
    return;
  }
  // One namespace holds the cluster's DNSEndpoints (src/plan/external-dns.ts); an instance limited to another misses them.
  const ns = dnsEndpointNamespace(g, c);
  if (mine.namespaced && ns !== undefined && mine.service.namespace !== ns) {
    diags.report("PC1306", at, { zone: z.name, reason: `${name(mine)}, which syncs it, reads its own namespace only (namespaced: true), and the DNSEndpoints of cluster \`${c.name}\` go to namespace \`${ns}\`` }, {
      related: [{ span: locSpan(mine.service.loc, ["chart", "values", "namespaced"]), message: "namespaced here" }],
      help: `set namespaced: false on ${name(mine)}, or run the external-dns zones of cluster \`${c.name}\` through instances of one namespace`,
    });
  }
}

/** PC1309: an ingress host in a zone whose cluster's ingress controller has no address resolves to nothing. */
function checkIngressAddresses(g: G.Graph, diags: Diagnostics): void {
  if (g.zones.length === 0) return;
  for (const c of g.clusters) {
    if (!c.ingress || ingressAddresses(c).length > 0) continue;
    // A LoadBalancer port left without an address was already reported by allocation (PC0801, PC0803).
    const svc = c.services.find((s) => s.id === c.ingress!.service);
    if (svc?.ports.some((p) => p.expose === "LoadBalancer")) continue;
    const seen = new Set<string>();
    for (const s of c.services) for (const r of s.ingress) {
      if (seen.has(r.host) || !zoneFor(g.zones, r.host)) continue;
      seen.add(r.host);
      diags.report("PC1309", locSpan(r.loc, ["host"]), { host: r.host, cluster: c.name }, { help: `expose the ingress controller \`${c.ingress.service}\` on a LoadBalancer port, or run it with host networking` });
    }
  }
}

/** PC1310: MX, SRV and NS targets must be names with addresses, never aliases (RFC 2181 §10.3). */
function checkTargets(m: DnsModel, diags: Diagnostics): void {
  const all: Array<{ zm: ZoneModel; r: DnsRecord }> = [];
  const types = new Map<string, Set<string>>();
  for (const zm of m.zones) for (const r of zm.records) {
    all.push({ zm, r });
    const t = types.get(r.name) ?? new Set<string>();
    t.add(r.type);
    types.set(r.name, t);
  }
  for (const { zm, r } of all) {
    if (!r.origin.startsWith("spec:")) continue;
    const target = r.rdata.kind === "mx" ? r.rdata.exchange : r.rdata.kind === "srv" ? r.rdata.target : r.type === "NS" && r.rdata.kind === "name" ? r.rdata.name : undefined;
    if (!target) continue;
    const t = types.get(target);
    if (t?.has("CNAME")) diags.report("PC1310", locSpan(r.loc, r.dataAt), { type: r.type, target, problem: "is an alias (CNAME)" }, { help: "point it at the canonical name the CNAME leads to" });
    else if (r.type !== "NS" && inZone(target, zm.zone.name) && !(t?.has("A") || t?.has("AAAA"))) diags.report("PC1310", locSpan(r.loc, r.dataAt), { type: r.type, target, problem: "has no A or AAAA record in the zone" }, { help: "add an address record for it" });
  }
}

/** PC0604: an ingress host no zone covers resolves through nothing platformc writes. */
function checkUncoveredHosts(g: G.Graph, diags: Diagnostics): void {
  if (g.zones.length === 0) return;
  for (const c of g.clusters) for (const s of c.services) for (const r of s.ingress) {
    if (!zoneFor(g.zones, r.host)) diags.report("PC0604", locSpan(r.loc, ["host"]), { host: r.host, service: s.id });
  }
}
