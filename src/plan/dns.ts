// The DNS model: every record of every zone platformc writes, with where it came from, and the record-data
// parsing and presentation rules. The dns checks and the dns generator read the same model.
import type * as G from "../graph.js";
import type { Loc, Path } from "../source.js";
import { formatIP, parseIP } from "../lib/net/ip.js";
import { ingressAddresses } from "./addresses.js";
import { dnsEndpointInstance } from "./external-dns.js";

export function inZone(fqdn: string, zone: string): boolean {
  return fqdn === zone || fqdn.endsWith("." + zone);
}

export function zoneFor<Z extends { name: string }>(zones: readonly Z[], fqdn: string): Z | undefined {
  let best: Z | undefined;
  for (const z of zones) {
    if (inZone(fqdn, z.name) && (!best || z.name.length > best.name.length)) best = z;
  }
  return best;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface IngressRecord {
  record: G.RecordNode;
  cluster: G.ClusterNode;
  zone: G.ZoneNode;
}

function ingressHostRecords(graph: G.Graph): IngressRecord[] {
  const out: IngressRecord[] = [];
  for (const c of graph.clusters) {
    const addrs = ingressAddresses(c);
    if (addrs.length === 0) continue;
    const hosts = new Map<string, G.IngressRouteNode>();
    for (const s of c.services) for (const r of s.ingress) if (!hosts.has(r.host)) hosts.set(r.host, r);
    for (const [host, route] of [...hosts].sort(([a], [b]) => byText(a, b))) {
      const zone = zoneFor(graph.zones, host);
      if (!zone) continue;
      for (const fam of [4, 6] as const) {
        const values = addrs.filter((a) => a.family === fam).map((a) => a.text);
        if (values.length) out.push({ cluster: c, zone, record: { fqdn: host, type: fam === 4 ? "A" : "AAAA", values: [...new Set(values)].sort(byText), ttl: zone.ttl, source: `ingress of cluster \`${c.name}\``, loc: route.loc } });
      }
    }
  }
  return out;
}

// ── wildcard ───────────────────────────────────────────────────────────────────────────────────────

type WildcardTarget =
  | { ok: true; cluster: G.ClusterNode; addresses: G.Address[] }
  | { ok: false; reason: "no-address" }
  | { ok: false; reason: "ambiguous"; clusters: Array<{ cluster: G.ClusterNode; addresses: G.Address[] }> };

/**
 * Where `*.<zone>` points: the ingress of the clusters serving hosts in the zone when they agree; the zone's
 * `cluster` breaks a tie; with no hosts in the zone, the zone's cluster or the platform's only ingress.
 */
export function wildcardTarget(g: G.Graph, z: G.ZoneNode): WildcardTarget {
  let candidates = g.clusters.filter((c) => c.services.some((s) => s.ingress.some((r) => zoneFor(g.zones, r.host) === z)));
  if (candidates.length === 0) {
    const named = g.clusters.find((c) => c.name === z.cluster);
    candidates = named && ingressAddresses(named).length ? [named] : g.clusters;
  }
  const served = candidates.map((cluster) => ({ cluster, addresses: ingressAddresses(cluster) })).filter((x) => x.addresses.length > 0);
  const first = served[0];
  if (!first) return { ok: false, reason: "no-address" };
  const key = (a: G.Address[]) => a.map((x) => x.text).sort(byText).join(",");
  if (new Set(served.map((x) => key(x.addresses))).size === 1) return { ok: true, ...first };
  const pick = served.find((x) => x.cluster.name === z.cluster);
  if (pick) return { ok: true, ...pick };
  return { ok: false, reason: "ambiguous", clusters: served };
}

// ── record data ────────────────────────────────────────────────────────────────────────────────────

type RecordType = G.RecordNode["type"];

/** Record data, parsed. Names are fully qualified, lowercase, without the final dot; "" is the root. */
export type Rdata =
  | { kind: "address"; text: string }
  | { kind: "name"; name: string }
  | { kind: "mx"; preference: number; exchange: string }
  | { kind: "srv"; priority: number; weight: number; port: number; target: string }
  | { kind: "txt"; strings: string[] }
  | { kind: "caa"; flags: number; tag: string; value: string };

type ParsedRdata =
  | { ok: true; rdata: Rdata; names: string[]; /** relative names written with dots, completed with the zone */ relativeDotted: string[] }
  | { ok: false; reason: string };

const U16 = 65535;

function parseUint(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^(0|[1-9]\d{0,9})$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/** Zone-file semantics: a name ending in a dot is absolute, "@" is the zone, anything else is relative to it. */
function dataName(text: string, zone: string, rootAllowed: boolean): { name: string; relativeDotted?: string } | { reason: string } {
  if (text === ".") return rootAllowed ? { name: "" } : { reason: "the root name `.` is not allowed here" };
  if (text === "@") return { name: zone };
  if (text.endsWith(".")) return { name: text.slice(0, -1).toLowerCase() };
  const name = `${text.toLowerCase()}.${zone}`;
  return text.includes(".") ? { name, relativeDotted: text } : { name };
}

/** `"a" "b"` presentation form: the character-strings, or undefined when the text is not a sequence of quoted strings. */
function quotedStrings(text: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === " " || text[i] === "\t") i++;
    if (i >= text.length) break;
    if (text[i] !== '"') return undefined;
    i++;
    const bytes: number[] = [];
    for (;;) {
      if (i >= text.length) return undefined;
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        break;
      }
      if (ch === "\\") {
        const ddd = /^\d{3}/.exec(text.slice(i + 1, i + 4));
        if (ddd) {
          const v = Number(ddd[0]);
          if (v > 255) return undefined;
          bytes.push(v);
          i += 4;
          continue;
        }
        if (i + 1 >= text.length) return undefined;
        i++;
      }
      const cp = text.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(s, "utf8"));
      i += s.length;
    }
    out.push(Buffer.from(bytes).toString("utf8"));
  }
  return out.length ? out : undefined;
}

/** Splits text into character-strings of at most 255 bytes, never inside a UTF-8 sequence. */
function chunkText(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let len = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, "utf8");
    if (len + n > 255) {
      out.push(cur);
      cur = "";
      len = 0;
    }
    cur += ch;
    len += n;
  }
  out.push(cur);
  return out;
}

/** Parses one value of a spec record, written in zone-file presentation form (TXT may also be plain text). */
export function parseRdata(type: RecordType, raw: string, zone: string): ParsedRdata {
  const text = raw.trim();
  const names: string[] = [];
  const relativeDotted: string[] = [];
  const name = (t: string | undefined, rootAllowed: boolean): string | { reason: string } => {
    if (t === undefined || t === "") return { reason: "a name is missing" };
    const r = dataName(t, zone, rootAllowed);
    if ("reason" in r) return r;
    if (r.name) names.push(r.name);
    if (r.relativeDotted) relativeDotted.push(r.relativeDotted);
    return r.name;
  };
  const ok = (rdata: Rdata): ParsedRdata => ({ ok: true, rdata, names, relativeDotted });
  const fields = text.split(/\s+/).filter((f) => f !== "");
  switch (type) {
    case "A":
    case "AAAA": {
      const ip = parseIP(text);
      const want = type === "A" ? 4 : 6;
      if (!ip.ok) return { ok: false, reason: `\`${text}\` is not an IPv${want} address (${ip.reason})` };
      if (ip.family !== want) return { ok: false, reason: `\`${text}\` is an IPv${ip.family} address; ${type} records hold IPv${want} addresses` };
      return ok({ kind: "address", text: formatIP(ip.family, ip.value) });
    }
    case "CNAME":
    case "NS":
    case "PTR": {
      if (fields.length !== 1) return { ok: false, reason: `a ${type} value is one domain name, found \`${text}\`` };
      const n = name(fields[0], false);
      return typeof n === "string" ? ok({ kind: "name", name: n }) : { ok: false, reason: n.reason };
    }
    case "MX": {
      const preference = parseUint(fields[0], U16);
      if (fields.length !== 2 || preference === undefined) return { ok: false, reason: `an MX value is \`<preference 0-65535> <exchange>\`, found \`${text}\`` };
      const n = name(fields[1], true);
      return typeof n === "string" ? ok({ kind: "mx", preference, exchange: n }) : { ok: false, reason: n.reason };
    }
    case "SRV": {
      const [priority, weight, port] = [parseUint(fields[0], U16), parseUint(fields[1], U16), parseUint(fields[2], U16)];
      if (fields.length !== 4 || priority === undefined || weight === undefined || port === undefined) {
        return { ok: false, reason: `an SRV value is \`<priority> <weight> <port> <target>\` with numbers 0-65535, found \`${text}\`` };
      }
      const n = name(fields[3], true);
      return typeof n === "string" ? ok({ kind: "srv", priority, weight, port, target: n }) : { ok: false, reason: n.reason };
    }
    case "TXT": {
      if (text.startsWith('"')) {
        const strings = quotedStrings(text);
        if (!strings) return { ok: false, reason: `\`${text}\` starts with a quote but is not a sequence of quoted strings` };
        const long = strings.find((s) => Buffer.byteLength(s, "utf8") > 255);
        if (long !== undefined) return { ok: false, reason: "a quoted TXT string holds at most 255 bytes; split it into several quoted strings, or write the text unquoted" };
        return ok({ kind: "txt", strings });
      }
      return ok({ kind: "txt", strings: chunkText(raw) });
    }
    case "CAA": {
      const m = /^(\d{1,3})\s+([A-Za-z0-9]+)\s+(.+)$/.exec(text);
      const flags = m ? parseUint(m[1], 255) : undefined;
      if (!m || flags === undefined) return { ok: false, reason: `a CAA value is \`<flags 0-255> <tag> <value>\`, e.g. \`0 issue "letsencrypt.org"\`, found \`${text}\`` };
      const rest = m[3]!;
      let value = rest;
      if (rest.startsWith('"')) {
        const strings = quotedStrings(rest);
        if (!strings || strings.length !== 1) return { ok: false, reason: `the CAA value \`${rest}\` is not one quoted string` };
        value = strings[0]!;
      } else if (/\s/.test(rest)) return { ok: false, reason: `quote the CAA value \`${rest}\`: it holds spaces` };
      return ok({ kind: "caa", flags, tag: m[2]!.toLowerCase(), value });
    }
  }
}

// ── names ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Why a name cannot go into a zone file, or undefined. `host` asks for a host name (letters, digits, '-'),
 * which BIND requires of A/AAAA owners and NS/MX/SRV targets in a primary zone (check-names).
 */
export function dnsNameProblem(name: string, opts: { wildcard?: boolean; host?: boolean } = {}): string | undefined {
  if (name.length > 253) return `it is ${name.length} characters long; a name has at most 253`;
  const labels = name.split(".");
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === "") return "it has an empty label (two dots in a row, or a leading dot)";
    if (l === "*") {
      if (i === 0 && opts.wildcard) continue;
      return i === 0 ? "a wildcard `*` is not allowed here" : "`*` may only be the first label";
    }
    if (l.length > 63) return `its label \`${l.slice(0, 20)}…\` is ${l.length} characters long; a label has at most 63`;
    if (!/^[a-z0-9_-]+$/.test(l)) return `its label \`${l}\` holds characters other than letters, digits, '-' and '_'`;
    if (opts.host && (l.includes("_") || l.startsWith("-") || l.endsWith("-"))) {
      return `its label \`${l}\` is not a host-name label (letters, digits, inner '-'); BIND refuses it here in a primary zone (check-names)`;
    }
  }
  return undefined;
}

/** Canonical DNS order: by labels from the right, so a zone file groups each subtree. */
function compareNames(a: string, b: string): number {
  const la = a.split(".").reverse();
  const lb = b.split(".").reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = byText(la[i]!, lb[i]!);
    if (c) return c;
  }
  return la.length - lb.length;
}

// ── reverse names ──────────────────────────────────────────────────────────────────────────────────

/** The PTR owner of an address, and the reverse zone platformc writes for it (IPv4 /24, IPv6 /64). */
export function reverseNames(a: G.Address): { name: string; zone: string } {
  if (a.family === 4) {
    const o = [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 0xffn));
    return { name: `${o[3]}.${o[2]}.${o[1]}.${o[0]}.in-addr.arpa`, zone: `${o[2]}.${o[1]}.${o[0]}.in-addr.arpa` };
  }
  const nibbles = a.value.toString(16).padStart(32, "0").split("").reverse();
  return { name: `${nibbles.join(".")}.ip6.arpa`, zone: `${nibbles.slice(16).join(".")}.ip6.arpa` };
}

// ── the DNS model: every record of every zone, with where it came from ─────────────────────────────

export interface DnsRecord {
  /** owner, fully qualified, lowercase, no final dot */
  name: string;
  type: RecordType;
  rdata: Rdata;
  ttl: number;
  /** records of one origin form one RRset; two origins giving one name and type different data conflict */
  origin: string;
  /** for messages and zone-file comments */
  source: string;
  loc: Loc;
  /** sub-paths of loc: the owner name and the value */
  nameAt: Path;
  dataAt: Path;
}

export interface ZoneModel {
  zone: G.ZoneNode;
  /** a reverse zone platformc adds for a network with reverseDNS (not declared under dns.zones) */
  reverse: boolean;
  /** the networks with reverseDNS whose PTRs the zone holds */
  networks: G.NetworkNode[];
  /** the NS targets written at the apex; ["localhost"] for a zone whose spec names no reachable nameserver */
  nameservers: string[];
  /** SOA MNAME and RNAME, fully qualified without the final dot */
  mname: string;
  rname: string;
  records: DnsRecord[];
}

export interface DnsModel {
  zones: ZoneModel[];
}

/** Record types external-dns can manage (endpoint.KnownRecordTypes, v0.22, less NAPTR); the others stay in the zone file. */
export const EXTERNAL_DNS_TYPES: ReadonlySet<string> = new Set(["A", "AAAA", "CNAME", "TXT", "SRV", "NS", "PTR", "MX"]);

/** SOA RNAME from a mailbox: dots in the local part are escaped, `@` becomes a dot (RFC 1035 §8). */
function soaMailbox(admin: string): string {
  const at = admin.lastIndexOf("@");
  if (at < 0) return admin.replace(/\.$/, "").toLowerCase();
  return `${admin.slice(0, at).replace(/\./g, "\\.")}.${admin.slice(at + 1).replace(/\.$/, "").toLowerCase()}`;
}

function hasAddress(records: readonly DnsRecord[], name: string): boolean {
  return records.some((r) => r.name === name && (r.type === "A" || r.type === "AAAA"));
}

/**
 * Builds every zone platformc writes: the declared ones with their spec records, ingress hosts, wildcard
 * and NS records, plus a reverse zone per /24 (IPv4) or /64 (IPv6) holding PTRs of networks with reverseDNS.
 * Spec records whose data does not parse, or whose name lies outside their zone, are left out (the checks
 * report them).
 */
export function dnsModel(g: G.Graph): DnsModel {
  const models = new Map<string, ZoneModel>();
  const forward: ZoneModel[] = [];
  for (const z of g.zones) {
    const m: ZoneModel = { zone: z, reverse: false, networks: [], nameservers: [], mname: "", rname: soaMailbox(z.admin), records: [] };
    forward.push(m);
    models.set(z.name, m);
    z.records.forEach((r, k) => {
      if (!inZone(r.fqdn, z.name) || zoneFor(g.zones, r.fqdn) !== z) return;
      r.values.forEach((v, j) => {
        const p = parseRdata(r.type, v, z.name);
        if (p.ok) m.records.push({ name: r.fqdn, type: r.type, rdata: p.rdata, ttl: r.ttl, origin: `spec:${z.name}`, source: `records[${k}]`, loc: r.loc, nameAt: ["name"], dataAt: ["values", j] });
      });
    });
  }
  for (const { record: r, cluster, zone } of ingressHostRecords(g)) {
    const m = models.get(zone.name)!;
    for (const v of r.values) m.records.push({ name: r.fqdn, type: r.type, rdata: { kind: "address", text: v }, ttl: r.ttl, origin: `ingress:${cluster.name}`, source: r.source, loc: r.loc, nameAt: ["host"], dataAt: ["host"] });
  }
  for (const m of forward) {
    const z = m.zone;
    if (z.wildcard) {
      const t = wildcardTarget(g, z);
      if (t.ok) {
        for (const a of t.addresses) {
          m.records.push({ name: `*.${z.name}`, type: a.family === 4 ? "A" : "AAAA", rdata: { kind: "address", text: a.text }, ttl: z.ttl, origin: `wildcard:${z.name}`, source: `wildcard, ingress of cluster \`${t.cluster.name}\``, loc: z.loc, nameAt: ["wildcard"], dataAt: ["wildcard"] });
        }
      }
    }
    // The default ns1.<zone> is only real when the zone's records give it an address; otherwise the zone is
    // one a server loads locally without delegation, named by localhost like BIND's own db.local.
    m.nameservers = z.nameserversDeclared || hasAddress(m.records, z.nameservers[0]!) ? [...z.nameservers] : ["localhost"];
    m.mname = m.nameservers[0]!;
    m.nameservers.forEach((ns, i) => {
      m.records.push({ name: z.name, type: "NS", rdata: { kind: "name", name: ns }, ttl: z.ttl, origin: `nameservers:${z.name}`, source: "nameservers", loc: z.loc, nameAt: ["name"], dataAt: z.nameserversDeclared ? ["nameservers", i] : ["name"] });
    });
  }

  // Reverse zones borrow NS, contact and TTL from the zone of the platform's domain (else the first zone).
  const domain = g.platform.domain;
  const ref = (domain ? zoneFor(forward.map((m) => ({ name: m.zone.name, m })), domain)?.m : undefined) ?? [...forward].sort((a, b) => byText(a.zone.name, b.zone.name))[0];
  for (const net of g.networks) {
    if (!net.reverseDNS) continue;
    const targets: Array<{ address: G.Address; target: string; source: string; loc: Loc }> = [];
    const inNet = (a: G.Address) => a.family === net.cidr.family && a.value >= net.cidr.range.start && a.value <= net.cidr.range.end;
    for (const c of g.clusters) {
      for (const n of c.nodes) {
        if (!domain) break;
        const seen = new Set<string>();
        for (const a of [n.address, ...n.addresses.map((x) => x.address)]) {
          if (inNet(a) && !seen.has(a.text)) {
            seen.add(a.text);
            targets.push({ address: a, target: `${n.name}.${domain}`, source: `node \`${n.name}\``, loc: n.loc });
          }
        }
      }
    }
    for (const e of g.externals) {
      const r = e.address?.range;
      const target = e.hostname ?? (domain ? `${e.name}.${domain}` : undefined);
      if (!r || r.start !== r.end || !target) continue;
      const a: G.Address = { family: r.family, value: r.start, text: formatIP(r.family, r.start) };
      if (inNet(a)) targets.push({ address: a, target, source: `external \`${e.name}\``, loc: e.loc });
    }
    for (const t of targets) {
      const rn = reverseNames(t.address);
      let m = zoneFor(g.zones, rn.name) ? models.get(zoneFor(g.zones, rn.name)!.name) : models.get(rn.zone);
      if (!m) {
        const zone: G.ZoneNode = {
          name: rn.zone,
          provider: "bind",
          nameservers: ref ? [...ref.nameservers] : ["localhost"],
          nameserversDeclared: true,
          admin: ref?.zone.admin ?? `hostmaster@${domain ?? "localhost"}`,
          ttl: ref?.zone.ttl ?? 300,
          wildcard: false,
          records: [],
          loc: net.loc,
        };
        m = { zone, reverse: true, networks: [], nameservers: zone.nameservers, mname: zone.nameservers[0]!, rname: soaMailbox(zone.admin), records: [] };
        for (const ns of m.nameservers) m.records.push({ name: zone.name, type: "NS", rdata: { kind: "name", name: ns }, ttl: zone.ttl, origin: `nameservers:${zone.name}`, source: "nameservers", loc: net.loc, nameAt: ["reverseDNS"], dataAt: ["reverseDNS"] });
        models.set(rn.zone, m);
      }
      if (!m.networks.includes(net)) m.networks.push(net);
      // Several PTRs for one address are legal; all reverse data forms one origin so they merge.
      m.records.push({ name: rn.name, type: "PTR", rdata: { kind: "name", name: t.target }, ttl: m.zone.ttl, origin: `reverse:${m.zone.name}`, source: t.source, loc: t.loc, nameAt: [], dataAt: [] });
    }
  }
  return { zones: [...models.values()].sort((a, b) => byText(a.zone.name, b.zone.name)) };
}

// ── RRsets and presentation ────────────────────────────────────────────────────────────────────────

export interface RRset {
  name: string;
  type: RecordType;
  ttl: number;
  rdata: Rdata[];
  sources: string[];
}

const TYPE_ORDER: readonly RecordType[] = ["NS", "A", "AAAA", "CNAME", "MX", "SRV", "TXT", "CAA", "PTR"];

export function rdataKey(rd: Rdata): string {
  switch (rd.kind) {
    case "address": {
      // Numeric order, so 100.67.x sorts before 100.106.x in the zone file.
      const ip = parseIP(rd.text);
      return ip.ok ? `${ip.family}:${ip.value.toString(16).padStart(32, "0")}` : rd.text;
    }
    case "name":
      return rd.name;
    case "mx":
      return `${String(rd.preference).padStart(5, "0")} ${rd.exchange}`;
    case "srv":
      return [rd.priority, rd.weight, rd.port].map((n) => String(n).padStart(5, "0")).join(" ") + " " + rd.target;
    case "txt":
      return JSON.stringify(rd.strings);
    case "caa":
      return `${String(rd.flags).padStart(3, "0")} ${rd.tag} ${rd.value}`;
  }
}

/** The records of a zone merged into RRsets (one per name and type; TTL the smallest given), in canonical order. */
export function zoneRRsets(m: ZoneModel): RRset[] {
  const sets = new Map<string, { set: RRset; keys: Map<string, Rdata> }>();
  for (const r of m.records) {
    const k = `${r.name}\u0000${r.type}`;
    let e = sets.get(k);
    if (!e) {
      e = { set: { name: r.name, type: r.type, ttl: r.ttl, rdata: [], sources: [] }, keys: new Map() };
      sets.set(k, e);
    }
    e.set.ttl = Math.min(e.set.ttl, r.ttl);
    e.keys.set(rdataKey(r.rdata), r.rdata);
    if (!e.set.sources.includes(r.source)) e.set.sources.push(r.source);
  }
  const out = [...sets.values()].map(({ set, keys }) => ({ ...set, rdata: [...keys].sort(([a], [b]) => byText(a, b)).map(([, v]) => v), sources: set.sources.sort(byText) }));
  return out.sort((a, b) => compareNames(a.name, b.name) || TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type));
}

function fqdnDot(name: string): string {
  return name === "" ? "." : `${name}.`;
}

/** A character-string in zone-file quotes: `"` and `\` escaped, bytes outside printable ASCII as \DDD. */
export function quoteString(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, "utf8")) {
    if (b === 0x22 || b === 0x5c) out += "\\" + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += "\\" + String(b).padStart(3, "0");
    else out += String.fromCharCode(b);
  }
  return out + '"';
}

/** Record data as a zone file writes it: every name absolute, with its final dot. */
export function rdataZoneText(rd: Rdata): string {
  switch (rd.kind) {
    case "address":
      return rd.text;
    case "name":
      return fqdnDot(rd.name);
    case "mx":
      return `${rd.preference} ${fqdnDot(rd.exchange)}`;
    case "srv":
      return `${rd.priority} ${rd.weight} ${rd.port} ${fqdnDot(rd.target)}`;
    case "txt":
      return rd.strings.map(quoteString).join(" ");
    case "caa":
      return `${rd.flags} ${rd.tag} ${quoteString(rd.value)}`;
  }
}

/**
 * The namespace the DNSEndpoint objects of a cluster go to: that of the external-dns instance (found by chart or
 * image, src/plan/external-dns.ts) syncing the cluster's first external-dns zone.
 */
export function dnsEndpointNamespace(g: G.Graph, c: G.ClusterNode): string | undefined {
  return dnsEndpointInstance(g, c)?.service.namespace;
}
