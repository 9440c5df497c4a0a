// A reader for the zone files platformc writes, and a resolver over them, written from RFC 1035 §5 (master
// files), RFC 1034 §4.3.2 (lookup) and RFC 4592 (wildcards). It shares no code with the generator, so a test
// that resolves names through it checks the emitted text, not the model that produced it.

export interface RR {
  name: string;
  ttl: number;
  type: string;
  /** rdata fields; quoted strings unquoted */
  data: string[];
}

export interface Zone {
  origin: string;
  records: RR[];
}

/** Splits a line into fields: quoted strings stay one field (unquoted), `;` outside quotes starts a comment. */
function fields(line: string): { tokens: string[]; open: number } {
  const tokens: string[] = [];
  let open = 0;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ";") break;
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    if (ch === "(") {
      open++;
      i++;
      continue;
    }
    if (ch === ")") {
      open--;
      i++;
      continue;
    }
    if (ch === '"') {
      let s = "";
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\") {
          const ddd = /^\d{3}/.exec(line.slice(i + 1));
          if (ddd) {
            s += String.fromCharCode(Number(ddd[0]));
            i += 4;
            continue;
          }
          i++;
        }
        s += line[i];
        i++;
      }
      if (line[i] !== '"') throw new Error(`unterminated string in: ${line}`);
      i++;
      tokens.push(s);
      continue;
    }
    let s = "";
    while (i < line.length && !" \t;()\"".includes(line[i]!)) s += line[i++];
    tokens.push(s);
  }
  return { tokens, open };
}

const TYPES = new Set(["SOA", "NS", "A", "AAAA", "CNAME", "MX", "SRV", "TXT", "CAA", "PTR"]);

function absolute(name: string, origin: string): string {
  if (name === "@") return origin;
  if (name.endsWith(".")) return name.slice(0, -1).toLowerCase();
  return `${name}.${origin}`.toLowerCase();
}

/** Names in rdata made absolute; other fields as written. */
function normaliseData(type: string, data: string[], origin: string): string[] {
  const at = (i: number) => data.map((d, j) => (j === i ? absolute(d, origin) : d));
  switch (type) {
    case "NS":
    case "CNAME":
    case "PTR":
      return at(0);
    case "MX":
      return at(1);
    case "SRV":
      return at(3);
    case "SOA":
      return at(0).map((d, j) => (j === 1 ? absolute(d, origin) : d));
    default:
      return data;
  }
}

export function parseZone(text: string, defaultOrigin: string): Zone {
  let origin = defaultOrigin;
  let defaultTtl: number | undefined;
  let last: string | undefined;
  const records: RR[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const first = fields(line);
    const tokens = [...first.tokens];
    // Parentheses continue a record over lines, each with its own comment.
    let open = first.open;
    while (open > 0 && n + 1 < lines.length) {
      const more = fields(lines[++n]!);
      tokens.push(...more.tokens);
      open += more.open;
    }
    if (tokens.length === 0) continue;
    if (tokens[0] === "$ORIGIN") {
      origin = absolute(tokens[1]!, origin);
      continue;
    }
    if (tokens[0] === "$TTL") {
      defaultTtl = Number(tokens[1]);
      continue;
    }
    let i = 0;
    let owner: string;
    if (line[0] === " " || line[0] === "\t") {
      if (last === undefined) throw new Error(`line ${n + 1}: no previous owner`);
      owner = last;
    } else owner = absolute(tokens[i++]!, origin);
    last = owner;
    let ttl = defaultTtl;
    while (i < tokens.length && !TYPES.has(tokens[i]!)) {
      const t = tokens[i++]!;
      if (/^\d+$/.test(t)) ttl = Number(t);
      else if (t !== "IN") throw new Error(`line ${n + 1}: unexpected ${t}`);
    }
    const type = tokens[i++];
    if (!type) throw new Error(`line ${n + 1}: no type`);
    if (ttl === undefined) throw new Error(`line ${n + 1}: no TTL`);
    records.push({ name: owner, ttl, type, data: normaliseData(type, tokens.slice(i), origin) });
  }
  return { origin, records };
}

export type Answer = { kind: "answer"; addresses: string[]; chain: string[] } | { kind: "nodata" | "nxdomain" | "referral" | "loop"; chain: string[] };

/** Resolves A or AAAA through a set of zones, as one server holding all of them answers. */
export function resolve(zones: readonly Zone[], qname: string, qtype: "A" | "AAAA" = "A"): Answer {
  const chain: string[] = [];
  let name = qname.toLowerCase();
  for (let hops = 0; hops < 16; hops++) {
    chain.push(name);
    let zone: Zone | undefined;
    for (const z of zones) if ((name === z.origin || name.endsWith("." + z.origin)) && (!zone || z.origin.length > zone.origin.length)) zone = z;
    if (!zone) return { kind: "nxdomain", chain };
    const owners = new Map<string, RR[]>();
    for (const r of zone.records) owners.set(r.name, [...(owners.get(r.name) ?? []), r]);
    // A name exists when it owns records or is an ancestor of one that does (an empty non-terminal).
    const exists = new Set<string>();
    for (const o of owners.keys()) {
      let x = o;
      for (;;) {
        exists.add(x);
        if (x === zone.origin) break;
        const dot = x.indexOf(".");
        if (dot < 0) break;
        x = x.slice(dot + 1);
      }
    }
    // A zone cut at or above the name (below the apex) is a referral this resolver does not follow.
    for (let x = name; x !== zone.origin && x.includes("."); x = x.slice(x.indexOf(".") + 1)) {
      if ((owners.get(x) ?? []).some((r) => r.type === "NS")) return { kind: "referral", chain };
    }
    let rrs = owners.get(name);
    if (!rrs) {
      if (exists.has(name)) return { kind: "nodata", chain };
      // RFC 4592 §3.3.1: the closest encloser is the longest existing ancestor; its `*` child, if any, answers.
      let ce = name;
      while (!exists.has(ce)) ce = ce.slice(ce.indexOf(".") + 1);
      rrs = owners.get(`*.${ce}`);
      if (!rrs) return { kind: "nxdomain", chain };
    }
    const cname = rrs.find((r) => r.type === "CNAME");
    if (cname) {
      name = cname.data[0]!;
      continue;
    }
    const addrs = rrs.filter((r) => r.type === qtype).map((r) => r.data[0]!);
    return addrs.length ? { kind: "answer", addresses: addrs.sort(), chain } : { kind: "nodata", chain };
  }
  return { kind: "loop", chain };
}
