// A BIND zone file from one zone of the DNS model. The model (src/plan/dns.ts) decides what the zone holds;
// this module only lays it out through templates/zone.hbs.
import { compileTemplate, readTemplate, type Template } from "../contract.js";
import { createHash } from "node:crypto";
import type * as G from "../../src/graph.js";
import { rdataZoneText, zoneRRsets, type RRset, type ZoneModel } from "../../src/plan/dns.js";


// Zone files are not HTML; every value is plain text already escaped for the zone-file syntax.
const zoneTemplate: Template = compileTemplate("dns/zone", readTemplate("dns", import.meta.url, "zone.hbs"), { noEscape: true, strict: true });

/** Owner names relative to $ORIGIN ("@" for the apex); a name outside it stays absolute. */
function relative(name: string, origin: string): string {
  if (name === origin) return "@";
  return name.endsWith("." + origin) ? name.slice(0, -(origin.length + 1)) : `${name}.`;
}

function absolute(name: string): string {
  return name === "" ? "." : `${name}.`;
}

export function renderZone(m: ZoneModel, header: string, about: string): string {
  const origin = m.zone.name;
  const rrsets = zoneRRsets(m);
  const owners = rrsets.map((s) => relative(s.name, origin));
  const width = Math.min(40, Math.max(1, ...owners.map((o) => o.length)));
  return zoneTemplate({
    header,
    about,
    origin,
    ttl: m.zone.ttl,
    mname: absolute(m.mname),
    rname: absolute(m.rname),
    serial: zoneSerial(m, rrsets),
    refresh: SOA_TIMERS.refresh,
    retry: SOA_TIMERS.retry,
    expire: SOA_TIMERS.expire,
    minimum: soaMinimum(m.zone),
    rrsets: rrsets.map((s, i) => ({
      comment: s.sources.join("; "),
      lines: s.rdata.map((rd) => ({ owner: owners[i]!.padEnd(width), ttl: s.ttl, type: s.type, data: rdataZoneText(rd) })),
    })),
  });
}

const SOA_TIMERS = { refresh: 3600, retry: 600, expire: 1209600, negativeTtlMax: 3600 } as const;

/** The SOA negative-caching TTL (RFC 2308): the zone TTL, at most an hour. */
function soaMinimum(z: G.ZoneNode): number {
  return Math.min(z.ttl, SOA_TIMERS.negativeTtlMax);
}

/**
 * The SOA serial: a hash of everything the zone says except the serial, mapped to 1..2^31-1. The same records
 * give the same serial on every build; any change to names, types, TTLs, data or SOA fields gives another.
 * It is not monotonic: see README ("Zone serials") for secondaries.
 */
function zoneSerial(m: ZoneModel, rrsets: readonly RRset[]): number {
  const h = createHash("sha256");
  h.update(`SOA ${m.zone.name} ${m.mname} ${m.rname} ${SOA_TIMERS.refresh} ${SOA_TIMERS.retry} ${SOA_TIMERS.expire} ${soaMinimum(m.zone)} ${m.zone.ttl}\n`);
  for (const s of rrsets) for (const rd of s.rdata) h.update(`${s.name} ${s.ttl} ${s.type} ${rdataZoneText(rd)}\n`);
  return (h.digest().readUInt32BE(0) % 2147483647) + 1;
}
