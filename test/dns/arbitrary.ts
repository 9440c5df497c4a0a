// DNS variations on the random platforms of test/support/arbitrary.ts, applied to the spec specFromPlan builds:
// ServiceLB with a random set of enablelb-labelled nodes instead of MetalLB, a wildcard, a second zone for the
// second cluster's hosts, and CNAMEs to ingress hosts or into the wildcard. Valid by construction.
import fc from "fast-check";
import { planArb, specFromPlan, type Plan } from "../support/arbitrary.js";

export interface DnsPlan {
  servicelb: boolean;
  /** per node index of cluster c0: labelled svccontroller.k3s.cattle.io/enablelb=true */
  enableLb: boolean[];
  wildcard: boolean;
  /** the second cluster's hosts go into their own zone c1.prop.example.com */
  split: boolean;
  /** CNAMEs: each points at the host with this index (mod the host count), or into the wildcard when negative */
  aliases: number[];
}

export const dnsPlanArb: fc.Arbitrary<{ plan: Plan; dns: DnsPlan }> = fc.record({
  plan: planArb,
  dns: fc.record({
    servicelb: fc.boolean(),
    enableLb: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    wildcard: fc.boolean(),
    split: fc.boolean(),
    aliases: fc.array(fc.integer({ min: -1, max: 20 }), { maxLength: 3 }),
  }),
});

export interface DnsSpec {
  spec: any;
  /** CNAME owner -> the name it aliases (both fully qualified) */
  aliases: Map<string, string>;
  /** a name no record owns, per zone with a wildcard: it must resolve through the wildcard */
  wildcardProbes: string[];
}

export function dnsSpec(plan: Plan, dns: DnsPlan): DnsSpec {
  const spec = specFromPlan(plan);
  const zone = spec.dns.zones[0];
  const c0 = spec.clusters[0];
  if (dns.servicelb) {
    c0.loadBalancer = { type: "servicelb" };
    c0.nodes.forEach((n: any, j: number) => {
      if (dns.enableLb[j]) n.labels = { "svccontroller.k3s.cattle.io/enablelb": "true" };
    });
    // ServiceLB shares the node addresses between all LoadBalancer services: keep it to the ingress controller.
    for (const s of spec.services) {
      if (s.cluster === "c0" && s.name !== "traefik") for (const p of s.ports) if (p.expose === "LoadBalancer") p.expose = "ClusterIP";
    }
  }
  const split = dns.split && spec.clusters.length > 1;
  if (split) {
    spec.dns.zones.push({ name: "c1.prop.example.com", cluster: "c1" });
    for (const s of spec.services) if (s.cluster === "c1" && s.ingress) s.ingress = [{ ...s.ingress[0], host: `${s.name}.c1.prop.example.com` }];
  }
  const wildcardProbes: string[] = [];
  if (dns.wildcard) {
    for (const z of spec.dns.zones) {
      z.wildcard = true;
      wildcardProbes.push(`zz-unused.${z.name}`);
    }
    // Both clusters may serve hosts of the first zone at different addresses: the zone's cluster decides.
    if (spec.clusters.length > 1) zone.cluster = "c0";
  }
  const hosts: string[] = spec.services.filter((s: any) => s.ingress).map((s: any) => (s.ingress[0].host.includes(".") ? s.ingress[0].host : `${s.ingress[0].host}.prop.example.com`));
  const aliases = new Map<string, string>();
  const records: any[] = [];
  dns.aliases.forEach((k, i) => {
    const target = k < 0 ? wildcardProbes[0] : hosts[k % Math.max(1, hosts.length)];
    if (!target) return;
    records.push({ name: `alias${i}`, type: "CNAME", values: [`${target}.`] });
    aliases.set(`alias${i}.prop.example.com`, target);
  });
  if (records.length) zone.records = records;
  return { spec, aliases, wildcardProbes };
}
