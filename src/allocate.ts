// Phase 5: fill in what the spec left open (NodePorts, LoadBalancer IPs, ClusterMesh ids), deterministically
// and as stably as a stateless compiler can. Per-node pod CIDRs are not among them: the controller manager
// assigns those as nodes join, and a value platformc chose would be one the cluster does not have.
//
// Each request hashes its stable key (node name, service id + port name, cluster name) to a preferred slot.
// Requests are served in order of (preferred slot, key) and take the first free slot at or after their
// preference (wrapping). Pinned values are reserved first. Consequences, which the property tests pin down:
//  - same spec -> same allocation, whatever the order of the spec's lists;
//  - adding a request whose preferred slot is free in the existing allocation moves nothing: every request
//    served after it never probed that slot, or it would have taken it;
//  - nothing is allocated onto a pinned or reserved value.
// A newcomer that hashes onto an occupied slot can, rarely, displace a later request. No stateless scheme
// avoids that for every input (two names can always share a preference in a pool of two), so values
// outside users depend on (a NodePort in a bookmark, an LB IP in DNS) should be pinned in the spec:
// the docs show the allocated value to copy.
import { createHash } from "node:crypto";
import type * as G from "./graph.js";
import { locSpan, type Diagnostics } from "./diagnostics/diagnostic.js";
import { formatIP, nthAddress, type IpRange } from "./lib/net/ip.js";

export function preferredSlot(key: string, size: bigint): bigint {
  const h = createHash("sha256").update(key).digest();
  return h.readBigUInt64BE(0) % size;
}

/**
 * Allocates one slot per key in [0, size). `taken` holds reserved slots and is updated.
 * Keys that find no free slot map to undefined.
 */
function allocateSlots(keys: readonly string[], size: bigint, taken: Set<bigint>): Map<string, bigint | undefined> {
  const out = new Map<string, bigint | undefined>();
  if (size <= 0n) {
    for (const k of keys) out.set(k, undefined);
    return out;
  }
  const reqs = [...new Set(keys)].map((key) => ({ key, pref: preferredSlot(key, size) }));
  reqs.sort((a, b) => (a.pref < b.pref ? -1 : a.pref > b.pref ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const r of reqs) {
    if (BigInt(taken.size) >= size) {
      out.set(r.key, undefined);
      continue;
    }
    let slot = r.pref;
    while (taken.has(slot)) slot = slot + 1n === size ? 0n : slot + 1n;
    taken.add(slot);
    out.set(r.key, slot);
  }
  return out;
}

export function allocate(graph: G.Graph, diags: Diagnostics): void {
  for (const c of graph.clusters) {
    allocateNodePorts(c, diags);
    allocateLoadBalancerIPs(graph, c, diags);
  }
  allocateMeshIds(graph);
}

function allocateNodePorts(c: G.ClusterNode, diags: Diagnostics): void {
  const { min, max } = c.nodePortRange;
  const size = BigInt(max - min + 1);
  const taken = new Set<bigint>();
  const wants: Array<{ key: string; svc: G.ServiceNode; port: G.PortNode }> = [];
  for (const s of c.services) {
    for (const p of s.ports) {
      if (p.nodePort !== undefined) {
        if (p.nodePort >= min && p.nodePort <= max) taken.add(BigInt(p.nodePort - min));
      } else if (p.expose === "NodePort") wants.push({ key: `${s.id}:${p.name}`, svc: s, port: p });
    }
  }
  const got = allocateSlots(wants.map((w) => w.key), size, taken);
  for (const w of wants) {
    const slot = got.get(w.key);
    if (slot === undefined) {
      diags.report("PC0802", locSpan(w.port.loc), { service: w.svc.id, range: `${min}-${max}`, cluster: c.name }, { help: `widen the cluster's nodePortRange, or expose fewer ports as NodePort` });
      continue;
    }
    w.port.nodePort = min + Number(slot);
    w.port.nodePortAllocated = true;
  }
}

interface PoolSpace {
  pool: G.PoolNode;
  segments: Array<{ range: IpRange; offset: bigint; size: bigint }>;
  size: bigint;
}

function poolSpace(pool: G.PoolNode): PoolSpace {
  const segments: PoolSpace["segments"] = [];
  let size = 0n;
  for (const a of pool.addresses) {
    let { start, end } = a.range;
    // MetalLB and Cilium skip nothing by default, but handing out a CIDR's network or broadcast address
    // breaks clients on most LANs; keep them out for IPv4 CIDRs wider than /31.
    if (a.kind === "cidr" && a.range.family === 4 && end - start >= 3n) {
      start += 1n;
      end -= 1n;
    }
    const n = end - start + 1n;
    segments.push({ range: { family: a.range.family, start, end }, offset: size, size: n });
    size += n;
  }
  return { pool, segments, size };
}

function slotOf(space: PoolSpace, family: number, value: bigint): bigint | undefined {
  for (const s of space.segments) if (s.range.family === family && value >= s.range.start && value <= s.range.end) return s.offset + (value - s.range.start);
  return undefined;
}

/** The address of a slot; undefined (reported as an exhausted pool) rather than a value outside the pool. */
function addressAt(space: PoolSpace, slot: bigint): G.Address | undefined {
  for (const s of space.segments) {
    if (slot >= s.offset + s.size) continue;
    const value = nthAddress(s.range, slot - s.offset);
    return value === undefined ? undefined : { text: formatIP(s.range.family, value), family: s.range.family, value };
  }
  return undefined;
}

function allocateLoadBalancerIPs(graph: G.Graph, c: G.ClusterNode, diags: Diagnostics): void {
  const lbServices = c.services.filter((s) => s.ports.some((p) => p.expose === "LoadBalancer"));
  if (lbServices.length === 0) return;
  const lb = c.loadBalancer;
  if (!lb) {
    const s = lbServices[0]!;
    if (s.ports.some((p) => p.expose === "LoadBalancer" && !p.loadBalancerIP)) {
      diags.report("PC0803", locSpan(s.ports.find((p) => p.expose === "LoadBalancer")!.loc), { service: s.id, cluster: c.name, reason: "declares no loadBalancer" }, { help: "add loadBalancer: {type: metallb, pools: [...]} (or servicelb on K3s) to the cluster" });
    }
    return;
  }
  if (lb.type === "servicelb") return; // ServiceLB answers on the node addresses: nothing to allocate
  // Addresses that are never handed out: the nodes', the API VIP, gateways and every pinned LB IP.
  const reserved: G.Address[] = [];
  for (const cl of graph.clusters) {
    for (const n of cl.nodes) reserved.push(n.address, ...n.addresses.map((a) => a.address));
    if (cl.apiEndpoint.vip) reserved.push(cl.apiEndpoint.vip);
    for (const s of cl.services) for (const p of s.ports) if (p.loadBalancerIP) reserved.push(p.loadBalancerIP);
  }
  for (const net of graph.networks) if (net.gateway) reserved.push(net.gateway);
  const spaces = new Map(lb.pools.map((p) => [p.name, poolSpace(p)]));
  const taken = new Map<string, Set<bigint>>();
  for (const [name, space] of spaces) {
    const set = new Set<bigint>();
    for (const a of reserved) {
      const slot = slotOf(space, a.family, a.value);
      if (slot !== undefined) set.add(slot);
    }
    taken.set(name, set);
  }
  // One address per service, shared by all its LoadBalancer ports; requests grouped by pool.
  const byPool = new Map<string, G.ServiceNode[]>();
  for (const s of lbServices) {
    const ports = s.ports.filter((p) => p.expose === "LoadBalancer");
    const pinned = ports.find((p) => p.loadBalancerIP)?.loadBalancerIP;
    if (pinned) {
      for (const p of ports) if (!p.loadBalancerIP) {
        p.loadBalancerIP = pinned;
        p.loadBalancerIPAllocated = true;
      }
      continue;
    }
    const named = ports.find((p) => p.pool)?.pool;
    if (named !== undefined && !spaces.has(named)) {
      const p = ports.find((x) => x.pool === named)!;
      diags.report("PC0301", locSpan(p.loc, ["pool"]), { kind: `pool of cluster \`${c.name}\``, name: named }, { help: `pools: ${lb.pools.map((x) => x.name).join(", ") || "(none)"}` });
      continue;
    }
    const pool = named ?? lb.pools.find((p) => p.autoAssign)?.name;
    if (pool === undefined) {
      diags.report("PC0803", locSpan(ports[0]!.loc), { service: s.id, cluster: c.name, reason: "has no pool with autoAssign" }, { help: "add a pool to loadBalancer.pools, or name one with pool:" });
      continue;
    }
    const list = byPool.get(pool) ?? [];
    list.push(s);
    byPool.set(pool, list);
  }
  for (const [pool, services] of byPool) {
    const space = spaces.get(pool)!;
    const got = allocateSlots(services.map((s) => s.id), space.size, taken.get(pool)!);
    for (const s of services) {
      const slot = got.get(s.id);
      const ports = s.ports.filter((p) => p.expose === "LoadBalancer");
      const addr = slot === undefined ? undefined : addressAt(space, slot);
      if (addr === undefined) {
        diags.report("PC0801", locSpan(ports[0]!.loc), { service: s.id, pool: `pool \`${pool}\` of cluster \`${c.name}\`` }, { help: `add addresses to pool \`${pool}\`, or expose fewer services as LoadBalancer` });
        continue;
      }
      for (const p of ports) {
        p.loadBalancerIP = addr;
        p.loadBalancerIPAllocated = true;
        p.pool = pool;
      }
    }
  }
}

function allocateMeshIds(graph: G.Graph): void {
  const meshes = new Map<string, G.ClusterNode[]>();
  for (const c of graph.clusters) if (c.mesh) meshes.set(c.mesh.name, [...(meshes.get(c.mesh.name) ?? []), c]);
  for (const members of meshes.values()) {
    // Cilium's default limit is 255 clusters, ids 1..255.
    const taken = new Set<bigint>();
    for (const c of members) if (!c.mesh!.idAllocated && c.mesh!.id >= 1 && c.mesh!.id <= 255) taken.add(BigInt(c.mesh!.id - 1));
    const want = members.filter((c) => c.mesh!.idAllocated).map((c) => c.name);
    const got = allocateSlots(want, 255n, taken);
    for (const c of members) {
      if (!c.mesh!.idAllocated) continue;
      const slot = got.get(c.name);
      if (slot !== undefined) c.mesh!.id = Number(slot) + 1;
    }
  }
}
