// DNS rules over the records the spec declares plus those ingress hosts imply.
import type * as G from "../graph.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { locSpan } from "../parse.js";
import { ingressRecords, zoneFor } from "../derive.js";

export function checkDns(g: G.Graph, diags: Diagnostics): void {
  for (const z of g.zones) {
    for (const r of z.records) {
      if (r.fqdn !== z.name && !r.fqdn.endsWith("." + z.name)) {
        diags.report("PC0603", locSpan(r.loc, ["name"]), { name: r.fqdn + ".", zone: z.name }, { help: `write it relative to the zone (without a final dot), or move it to a zone that contains it` });
      }
    }
  }
  const derived = ingressRecords(g);
  const all: G.RecordNode[] = [...g.zones.flatMap((z) => z.records), ...derived];
  const byName = new Map<string, G.RecordNode[]>();
  for (const r of all) {
    const zone = zoneFor(g.zones, r.fqdn);
    if (!zone) continue;
    const key = `${zone.name}|${r.fqdn}`;
    const list = byName.get(key) ?? [];
    list.push(r);
    byName.set(key, list);
  }
  for (const [key, list] of byName) {
    const zone = key.split("|")[0]!;
    const cname = list.find((r) => r.type === "CNAME");
    if (cname) {
      const other = list.find((r) => r !== cname);
      if (other) diags.report("PC0602", locSpan(cname.loc), { name: cname.fqdn, zone, other: other.type === "CNAME" ? "another CNAME" : `a ${other.type} record (${other.source})` }, { related: [{ span: locSpan(other.loc), message: "other data here" }], help: "remove the CNAME or the other records" });
    }
    const byType = new Map<string, G.RecordNode>();
    for (const r of list) {
      if (r.type === "CNAME") continue;
      const first = byType.get(r.type);
      if (first && first.values.join("\n") !== r.values.join("\n") && first.source !== r.source) {
        diags.report("PC0601", locSpan(r.loc), { name: r.fqdn, type: r.type, zone, a: first.source, b: r.source }, { related: [{ span: locSpan(first.loc), message: `${first.values.join(", ")} here` }], notes: [`${r.source} says ${r.values.join(", ")}`] });
      } else if (!first) byType.set(r.type, r);
    }
  }
  if (g.zones.length === 0) return;
  for (const c of g.clusters) for (const s of c.services) for (const r of s.ingress) {
    if (!zoneFor(g.zones, r.host)) diags.report("PC0604", locSpan(r.loc, ["host"]), { host: r.host, service: s.id });
  }
}
