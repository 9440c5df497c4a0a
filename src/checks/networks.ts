// Address-space rules: what must be disjoint is disjoint, addresses sit where they claim, pools and VIPs
// do not collide with nodes.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import type { Loc, Path } from "../source.js";
import { findOverlaps, findDuplicates, type Interval } from "../lib/net/overlap.js";
import { formatIP, offsetAddress, rangeContains, type IpRange } from "../lib/net/ip.js";
import { CLUSTER_DNS_INDEX, clusterDNSAddress } from "../lib/net/service-cidr.js";
import { defaulted, inSpecOrder } from "./places.js";

type Kind = "pod" | "service" | "network" | "pool" | "external";
interface Net {
  kind: Kind;
  label: string;
  cluster?: string;
  mesh?: string;
  loc: Loc;
  sub: Path;
  /** the spec leaves the range out: the cluster got platformc's default (see lower/clusters.ts) */
  defaulted?: boolean;
}

/** Where a range is written, or for a default, the name of the cluster that got it. */
const placeOf = (n: Net) => locSpan(n.loc, n.defaulted ? ["name"] : n.sub);

// External endpoints wider than this are "the internet" or a whole provider, not a host to keep apart.
const WIDE_EXTERNAL = 1n << 24n;

function mayOverlap(a: Net, b: Net): boolean {
  const pair = new Set([a.kind, b.kind]);
  // Pools announced by L2 live inside a node network, external hosts (a NAS) too, and externals may share
  // a network among themselves (several services on one box).
  if (pair.has("network") && (pair.has("pool") || pair.has("external"))) return true;
  if (a.kind === "external" && b.kind === "external") return true;
  // Cluster-internal ranges of clusters that never route to each other may repeat the defaults; a
  // separate warning is not worth the noise, so only meshed clusters must be disjoint.
  if ((a.kind === "pod" || a.kind === "service") && (b.kind === "pod" || b.kind === "service") && a.cluster !== b.cluster) {
    return !(a.mesh !== undefined && a.mesh === b.mesh);
  }
  return false;
}

export function checkOverlaps(g: G.Graph, diags: Diagnostics): void {
  const items: Interval<Net>[] = [];
  for (const c of g.clusters) {
    const mesh = c.mesh?.name;
    for (const [kind, field, cidr] of [["pod", "podCIDR", c.podCIDR], ["service", "serviceCIDR", c.serviceCIDR]] as const) {
      const dflt = defaulted(c.loc, [field]);
      const label = `${kind} CIDR ${cidr.text}${dflt ? " (the default)" : ""} of cluster \`${c.name}\``;
      items.push({ range: cidr.range, item: { kind, label, cluster: c.name, ...(mesh ? { mesh } : {}), loc: c.loc, sub: [field], ...(dflt ? { defaulted: true } : {}) } });
    }
    for (const p of c.loadBalancer?.pools ?? []) {
      p.addresses.forEach((a, i) => items.push({ range: a.range, item: { kind: "pool", label: `load-balancer pool \`${p.name}\` (${a.text}) of cluster \`${c.name}\``, cluster: c.name, loc: p.loc, sub: ["addresses", i] } }));
    }
  }
  for (const n of g.networks) items.push({ range: n.cidr.range, item: { kind: "network", label: `${n.kind === "overlay" ? "overlay" : "network"} \`${n.name}\` (${n.cidr.text})`, loc: n.loc, sub: ["cidr"] } });
  for (const e of g.externals) {
    if (!e.address) continue;
    if (e.address.range.end - e.address.range.start >= WIDE_EXTERNAL) continue;
    items.push({ range: e.address.range, item: { kind: "external", label: `external \`${e.name}\` (${e.address.text})`, loc: e.loc, sub: ["address"] } });
  }
  // One problem, one message: once X is reported against a range, ranges nested inside that range (a
  // pool or a NAS inside the LAN X overlaps) are the same collision and are not reported again.
  const reported = new Map<Net, IpRange[]>();
  const already = (x: Net, other: IpRange) => (reported.get(x) ?? []).some((r) => rangeContains(r, other));
  for (const [a, b] of findOverlaps(items, mayOverlap)) {
    if (already(a.item, b.range) || already(b.item, a.range)) continue;
    reported.set(a.item, [...(reported.get(a.item) ?? []), b.range]);
    reported.set(b.item, [...(reported.get(b.item) ?? []), a.range]);
    const notes: string[] = [];
    if (a.item.mesh && a.item.mesh === b.item.mesh && a.item.cluster !== b.item.cluster) notes.push(`both clusters are in ClusterMesh \`${a.item.mesh}\`; pod and service CIDRs must be disjoint across it`);
    const unset = [b.item, a.item].find((x) => x.defaulted);
    diags.report("PC0401", placeOf(b.item), { a: b.item.label, b: a.item.label }, {
      related: [{ span: placeOf(a.item), message: a.item.defaulted ? `overlapped range: the default ${a.item.sub[0]} of this cluster, which sets none` : "overlapped range" }],
      notes,
      help: unset ? `set ${unset.sub[0]} on cluster \`${unset.cluster}\` to a range clear of the other, or move the other range` : "choose ranges that do not overlap",
    });
  }
}

/** The smallest service CIDR that holds the cluster DNS address, per family: 16 addresses. */
const MIN_SERVICE_PREFIX = { 4: 28, 6: 124 } as const;
const EXAMPLE_SERVICE_CIDR = { 4: "10.43.0.0/16", 6: "fd00:10:43::/112" } as const;

/** Every address a cluster derives from its service CIDR (the cluster DNS, past the kubernetes Service) lies inside it. */
export function checkServiceCIDRs(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const cidr = c.serviceCIDR;
    if (clusterDNSAddress(cidr.range) !== undefined) continue;
    const beyond = offsetAddress(cidr.family, cidr.range.start, CLUSTER_DNS_INDEX);
    const where = beyond === undefined
      ? `(network address + ${CLUSTER_DNS_INDEX}) lies past the end of the IPv${cidr.family} address space`
      : `${formatIP(cidr.family, beyond)} (network address + ${CLUSTER_DNS_INDEX}) lies outside it`;
    diags.report("PC0408", locSpan(c.loc, ["serviceCIDR"]), { cidr: cidr.text, cluster: c.name, where }, {
      help: `use at least a /${MIN_SERVICE_PREFIX[cidr.family]}${beyond === undefined ? " clear of the top of the address space" : ""}, e.g. ${EXAMPLE_SERVICE_CIDR[cidr.family]}`,
    });
  }
}

interface Owner {
  address: G.Address;
  label: string;
  loc: Loc;
  sub: Path;
}

export function checkAddresses(g: G.Graph, diags: Diagnostics): void {
  const owners: Owner[] = [];
  for (const c of g.clusters) {
    for (const n of c.nodes) {
      owners.push({ address: n.address, label: `node \`${n.name}\``, loc: n.loc, sub: ["address"] });
      n.addresses.forEach((a, i) => owners.push({ address: a.address, label: `node \`${n.name}\``, loc: n.loc, sub: ["addresses", i, "address"] }));
    }
    if (c.apiEndpoint.vip) owners.push({ address: c.apiEndpoint.vip, label: `the API VIP of cluster \`${c.name}\``, loc: c.loc, sub: ["apiEndpoint", "vip"] });
  }
  for (const n of g.networks) if (n.gateway) owners.push({ address: n.gateway, label: `the gateway of network \`${n.name}\``, loc: n.loc, sub: ["gateway"] });
  for (const pair of findDuplicates(owners, (o) => (o.address.value >= 0n ? `${o.address.family}:${o.address.value}` : undefined))) {
    const [first, second] = inSpecOrder(pair[0], pair[1], (o) => locSpan(o.loc, o.sub));
    diags.report("PC0406", locSpan(second.loc, second.sub), { address: second.address.text, a: first.label, b: second.label }, {
      related: [{ span: locSpan(first.loc, first.sub), message: "first used here" }],
      help: `give ${second.label} an address no node, VIP or gateway uses`,
    });
  }
}

function inRange(r: IpRange, a: G.Address): boolean {
  return r.family === a.family && r.start <= a.value && a.value <= r.end;
}

export function checkPoolsAndVIPs(g: G.Graph, diags: Diagnostics): void {
  const nodeAddrs = g.clusters.flatMap((c) => c.nodes.flatMap((n) => [{ n, a: n.address }, ...n.addresses.map((x) => ({ n, a: x.address }))]));
  for (const c of g.clusters) {
    const vip = c.apiEndpoint.vip;
    for (const p of c.loadBalancer?.pools ?? []) {
      p.addresses.forEach((a, i) => {
        const hit = nodeAddrs.find((x) => inRange(a.range, x.a));
        if (hit) diags.report("PC0404", locSpan(p.loc, ["addresses", i]), { pool: p.name, cluster: c.name, problem: `contains the address ${hit.a.text} of node \`${hit.n.name}\`` }, { help: "shrink the pool so that it leaves node addresses out" });
        if (vip && inRange(a.range, vip)) diags.report("PC0407", locSpan(c.loc, ["apiEndpoint", "vip"]), { vip: vip.text, cluster: c.name, problem: `lies inside load-balancer pool \`${p.name}\` (${a.text})` }, { help: "move the VIP out of the pool, or the pool away from the VIP" });
        // L2 announcements only reach hosts on the same segment, so the pool must sit in a node network.
        if (c.loadBalancer!.mode === "l2" && g.networks.length > 0) {
          const nodeNets = new Set(c.nodes.flatMap((n) => [n.network, ...n.addresses.map((x) => x.network)]).filter((x): x is string => !!x));
          const inside = g.networks.some((net) => nodeNets.has(net.name) && net.kind !== "overlay" && rangeContains(net.cidr.range, a.range));
          if (!inside) diags.report("PC0404", locSpan(p.loc, ["addresses", i]), { pool: p.name, cluster: c.name, problem: `not inside a network of the cluster's nodes, so L2 announcements cannot reach it` }, { help: "move the pool into the node network, or announce it with BGP (loadBalancer.mode: bgp)" });
        }
      });
    }
    if (c.loadBalancer?.mode === "bgp" && !c.bgp) {
      diags.report("PC0404", locSpan(c.loc, ["loadBalancer", "mode"]), { pool: "(all)", cluster: c.name, problem: "announced by BGP but the cluster declares no bgp peers" }, { help: "add bgp: {asn, peers} to the cluster" });
    }
    if (vip) {
      const cp = c.nodes.filter((n) => n.role === "controlplane");
      const nets = g.networks.filter((net) => cp.some((n) => n.network === net.name));
      if (nets.length && !nets.some((net) => inRange(net.cidr.range, vip))) {
        diags.report("PC0402", locSpan(c.loc, ["apiEndpoint", "vip"]), { what: "API VIP", address: vip.text, network: `network \`${nets[0]!.name}\``, cidr: nets[0]!.cidr.text }, { notes: ["the VIP moves between control-plane nodes by ARP, so it must be on their network"] });
      }
    }
  }
}

export function checkPinnedLoadBalancerIPs(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const pools = c.loadBalancer?.pools ?? [];
    if (!c.loadBalancer || c.loadBalancer.type === "servicelb" || pools.length === 0) continue;
    for (const s of c.services) for (const p of s.ports) {
      if (!p.loadBalancerIP || p.loadBalancerIPAllocated) continue;
      const ip = p.loadBalancerIP;
      if (!pools.some((pool) => pool.addresses.some((a) => inRange(a.range, ip)))) {
        diags.report("PC0402", locSpan(p.loc, ["loadBalancerIP"]), { what: `loadBalancerIP of \`${s.id}\``, address: ip.text, network: `the load-balancer pools of cluster \`${c.name}\``, cidr: pools.flatMap((x) => x.addresses.map((a) => a.text)).join(", ") }, { notes: ["the load balancer only assigns addresses from its pools; the service would stay pending"] });
      }
    }
  }
}
