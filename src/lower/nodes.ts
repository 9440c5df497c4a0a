// Lowers one cluster node: its addresses (placed on the lowered networks), capacity, GPUs and pod CIDR.
// Called from clusters.ts, which passes the cluster's pod CIDR the node's own must lie in.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { rangeContains } from "../lib/net/ip.js";
import { cpuMillis, memoryBytes, sortedRecord } from "../lib/quantity.js";
import { type Ctx, address, cidr } from "./context.js";
import { networkFor } from "./networks.js";
import { checkMemory, NODE_MEMORY_FLOOR } from "./quantities.js";

export function lowerNode(ctx: Ctx, n: S.Node, p: Path, cluster: string, networks: G.NetworkNode[], podCIDR: G.Cidr | undefined): G.NodeNode {
  const addr = address(ctx, n.address, [...p, "address"], "address") ?? { text: n.address, family: 4 as const, value: -1n };
  checkMemory(ctx, n.capacity?.memory, [...p, "capacity", "memory"], `memory of node \`${n.name}\``, NODE_MEMORY_FLOOR, "Gi");
  const node: G.NodeNode = {
    name: n.name,
    cluster,
    role: n.role,
    arch: n.arch ?? "amd64",
    address: addr,
    addresses: [],
    etcd: n.etcd ?? n.role === "controlplane",
    labels: sortedRecord(n.labels),
    taints: (n.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value !== undefined ? { value: t.value } : {}) })),
    capacity: {
      ...(n.capacity?.cpu !== undefined ? { cpuMilli: cpuMillis(n.capacity.cpu) } : {}),
      ...(n.capacity?.memory !== undefined ? { memoryBytes: memoryBytes(n.capacity.memory) } : {}),
    },
    gpus: (n.gpus ?? []).map((g) => ({ vendor: g.vendor, count: g.count ?? 1, ...(g.model ? { model: g.model } : {}) })),
    loc: ctx.at(p),
  };
  if (addr.value >= 0n) {
    const net = networkFor(ctx, networks, addr, n.network, [...p, "address"], `address of node \`${n.name}\``);
    if (net) node.network = net;
  }
  if (n.interface) node.interface = n.interface;
  if (n.flannelInterface) node.flannelInterface = n.flannelInterface;
  if (n.installDisk) node.installDisk = n.installDisk;
  if (n.description) node.description = n.description;
  (n.addresses ?? []).forEach((x, k) => {
    const a = address(ctx, x.address, [...p, "addresses", k, "address"], "address");
    if (!a) return;
    const entry: G.NodeNode["addresses"][number] = { address: a };
    const net = networkFor(ctx, networks, a, x.network, [...p, "addresses", k, "address"], `address of node \`${n.name}\``);
    if (net) entry.network = net;
    if (x.interface) entry.interface = x.interface;
    node.addresses.push(entry);
  });
  if (n.podCIDR) {
    const c = cidr(ctx, n.podCIDR, [...p, "podCIDR"], "CIDR");
    if (c && podCIDR) {
      if (!rangeContains(podCIDR.range, c.range)) {
        ctx.diags.report("PC0405", locSpan(ctx.at([...p, "podCIDR"])), { problem: `pod CIDR ${c.text} of node \`${n.name}\` is outside the cluster pod CIDR ${podCIDR.text}` });
      }
      node.podCIDR = c;
    }
  }
  return node;
}
