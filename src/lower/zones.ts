// Lowers dns.zones: with their declared records only; ingress hosts, NS and PTR records are derived later, in
// the DNS model (plan/dns.ts). Runs last: a zone may name a cluster.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import type { Path } from "../source.js";
import { type Ctx, normaliseDns, uniqueNames } from "./context.js";
import { clusterOf } from "./clusters.js";

export function lowerZones(ctx: Ctx, list: NonNullable<NonNullable<S.PlatformcPlatformYaml["dns"]>["zones"]>, clusters: G.ClusterNode[]): G.ZoneNode[] {
  uniqueNames(ctx, list.map((z, i) => ({ name: normaliseDns(z.name), path: ["dns", "zones", i, "name"] })), "zone");
  return list.map((z, i) => {
    const p: Path = ["dns", "zones", i];
    const name = normaliseDns(z.name);
    const provider = z.provider ?? "bind";
    const node: G.ZoneNode = {
      name,
      provider,
      nameservers: (z.nameservers ?? []).length ? (z.nameservers ?? []).map(normaliseDns) : [`ns1.${name}`],
      nameserversDeclared: (z.nameservers ?? []).length > 0,
      admin: z.admin ?? `hostmaster@${name}`,
      ttl: z.ttl ?? 300,
      wildcard: z.wildcard ?? false,
      records: [],
      loc: ctx.at(p),
    };
    if (provider === "external-dns") {
      const c = clusterOf(ctx, clusters, z.cluster, p, `zone \`${name}\` (provider external-dns)`);
      if (c) node.cluster = c.name;
    } else if (z.cluster !== undefined) {
      const c = clusterOf(ctx, clusters, z.cluster, p, `zone \`${name}\``);
      if (c) node.cluster = c.name;
    }
    (z.records ?? []).forEach((r, k) => {
      const rp: Path = [...p, "records", k];
      const raw = r.name.trim();
      const fqdn = raw === "@" ? name : raw.endsWith(".") ? normaliseDns(raw) : `${raw.toLowerCase()}.${name}`;
      node.records.push({ fqdn, type: r.type, values: [...r.values], ttl: r.ttl ?? node.ttl, source: `records[${k}]`, loc: ctx.at(rp) });
    });
    return node;
  });
}
