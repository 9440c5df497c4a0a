// Control plane, capacity, placement and mesh rules.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { cpuMillis, formatCpu, formatMemory, memoryBytes } from "../lib/quantity.js";
import { parseIP } from "../lib/net/ip.js";
import { componentOf, releaseFor } from "../plan/components.js";
import type { ContainerResources, PodResources } from "../catalog/types.js";

export function checkControlPlane(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const cp = c.nodes.filter((n) => n.role === "controlplane");
    if (cp.length === 0) {
      diags.report("PC0702", locSpan(c.loc, ["nodes"], "key"), { cluster: c.name }, { help: "give at least one node role: controlplane" });
      continue;
    }
    const members = c.nodes.filter((n) => n.etcd);
    const n = members.length;
    if (n > 0 && (n < 3 || n % 2 === 0)) {
      const tolerated = Math.floor((n - 1) / 2);
      const consequence =
        n === 1
          ? "losing that node loses the control plane"
          : n === 2
            ? "quorum needs both, so two members tolerate no failure and fail twice as often as one"
            : `quorum needs ${Math.floor(n / 2) + 1}, so ${n} members tolerate ${tolerated} failure${tolerated === 1 ? "" : "s"}, no more than ${n - 1} would`;
      diags.report("PC0701", locSpan(c.loc, ["nodes"], "key"), { cluster: c.name, count: n, plural: n === 1 ? "" : "s", consequence }, {
        help: n === 1 ? "fine for a lab; use 3 control-plane nodes for high availability" : `use ${n < 3 ? 3 : n + 1} etcd members (an odd number), or ${n - 1} if you cannot add one`,
        related: members.map((m) => ({ span: locSpan(m.loc, ["name"]), message: "etcd member" })),
      });
    }
  }
}

// Services with equal placement share one eligibleNodes array (lowering caches it), so the key is
// computed once per distinct array rather than once per service.
const keys = new WeakMap<string[], string>();
function groupKey(nodes: string[]): string {
  let k = keys.get(nodes);
  if (k === undefined) keys.set(nodes, (k = nodes.join(",")));
  return k;
}

type Quantity = "cpu" | "memory";
const parse = (q: Quantity, v: string | number | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = q === "cpu" ? cpuMillis(v) : memoryBytes(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

// Kubernetes' rules: a container that limits a quantity without requesting it requests its limit
// (kubernetes.io/docs/concepts/configuration/manage-resources-containers); a pod's effective request is the sum of
// its containers or its largest init container, whichever is higher, since init containers run one at a time
// (kubernetes.io/docs/concepts/resource-management/effective-pod-requests-limits; sidecar init containers, which
// keep running, are not told apart here). Pod-level resources are taken as a floor of the same.
const containerRequest = (c: ContainerResources | undefined, q: Quantity) => parse(q, c?.requests?.[q] ?? c?.limits?.[q]);

function podRequest(p: PodResources, q: Quantity): number | undefined {
  const each = p.containers.map((c) => containerRequest(c, q)).filter((x): x is number => x !== undefined);
  const candidates = [
    each.length ? each.reduce((a, b) => a + b, 0) : undefined,
    ...(p.initContainers ?? []).map((c) => containerRequest(c, q)),
    containerRequest(p.pod, q),
  ].filter((x): x is number => x !== undefined);
  return candidates.length ? Math.max(...candidates) : undefined;
}

/**
 * What a service's pods request in all. The spec's resources times its pods, except for a managed resource whose
 * catalog entry says what pods the operator runs of it (ReleaseFacts.requests): for each quantity its pods state,
 * the resource's spec wins, and the service's own `resources` (times `replicas`) counts only for a quantity the
 * resource leaves unrequested, so nothing is counted twice.
 */
function demand(c: G.ClusterNode, s: G.ServiceNode): { cpu: number; mem: number } {
  const pods = s.kind === "daemonset" ? s.eligibleNodes.length : s.replicas;
  const own = { cpu: (s.resources.requests.cpuMilli ?? 0) * pods, mem: (s.resources.requests.memoryBytes ?? 0) * pods };
  const facts = s.kind === "managed" ? componentOf(s)?.release?.requests : undefined;
  if (!facts) return own;
  const total = (q: Quantity): number | undefined => {
    let sum: number | undefined;
    for (const p of facts(releaseFor(c, s))) {
      const each = podRequest(p, q);
      if (each !== undefined) sum = (sum ?? 0) + each * (p.replicas === "per-node" ? s.eligibleNodes.length : p.replicas);
    }
    return sum;
  };
  return { cpu: total("cpu") ?? own.cpu, mem: total("memory") ?? own.mem };
}

// Requests of the services that can only run on a set of nodes, against those nodes' capacity. Grouped by
// eligible-node set so the work is linear in services, not pairwise.
export function checkCapacity(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const byNode = new Map(c.nodes.map((n) => [n.name, n]));
    const groups = new Map<string, { nodes: string[]; cpu: number; mem: number; first: G.ServiceNode }>();
    for (const s of c.services) {
      if (s.kind === "bundled" || s.eligibleNodes.length === 0) continue;
      const key = groupKey(s.eligibleNodes);
      const grp = groups.get(key) ?? { nodes: s.eligibleNodes, cpu: 0, mem: 0, first: s };
      const d = demand(c, s);
      grp.cpu += d.cpu;
      grp.mem += d.mem;
      groups.set(key, grp);
    }
    // A service that may run anywhere also loads the nodes a narrower group is confined to; compare each
    // group with the whole cluster as well, by adding the cluster-wide total as one more group.
    const allKey = c.nodes.map((n) => n.name).sort().join(",");
    if (groups.size > 1) {
      let cpu = 0;
      let mem = 0;
      for (const grp of groups.values()) {
        cpu += grp.cpu;
        mem += grp.mem;
      }
      const whole = groups.get(allKey);
      groups.set(allKey, { nodes: allKey.split(","), cpu, mem, first: whole?.first ?? [...groups.values()][0]!.first });
    }
    for (const grp of groups.values()) {
      const nodes = grp.nodes.map((n) => byNode.get(n)!);
      const label = nodes.length === c.nodes.length ? "the cluster's nodes" : `node${nodes.length === 1 ? "" : "s"} ${grp.nodes.join(", ")}`;
      if (nodes.every((n) => n.capacity.cpuMilli !== undefined)) {
        const cap = nodes.reduce((sum, n) => sum + n.capacity.cpuMilli!, 0);
        if (cap > 0 && grp.cpu > cap) diags.report("PC0703", locSpan(c.loc, ["nodes"], "key"), { resource: "CPU", cluster: c.name, percent: Math.round((grp.cpu / cap) * 100), nodes: label }, { notes: [`requested ${formatCpu(grp.cpu)} of ${formatCpu(cap)} CPU`] });
      }
      if (nodes.every((n) => n.capacity.memoryBytes !== undefined)) {
        const cap = nodes.reduce((sum, n) => sum + n.capacity.memoryBytes!, 0);
        if (cap > 0 && grp.mem > cap) diags.report("PC0703", locSpan(c.loc, ["nodes"], "key"), { resource: "memory", cluster: c.name, percent: Math.round((grp.mem / cap) * 100), nodes: label }, { notes: [`requested ${formatMemory(grp.mem)} of ${formatMemory(cap)}`] });
      }
    }
  }
}

export function checkMesh(g: G.Graph, diags: Diagnostics): void {
  const meshes = new Map<string, G.ClusterNode[]>();
  for (const c of g.clusters) if (c.mesh) meshes.set(c.mesh.name, [...(meshes.get(c.mesh.name) ?? []), c]);
  for (const [mesh, members] of meshes) {
    const ids = new Map<number, G.ClusterNode>();
    for (const c of members) {
      const first = ids.get(c.mesh!.id);
      if (first) diags.report("PC0706", locSpan(c.loc, ["mesh", "id"]), { a: first.name, b: c.name, mesh, what: "cluster id", value: c.mesh!.id }, { related: [{ span: locSpan(first.loc, ["mesh", "id"]), message: "first here" }], help: "drop mesh.id from one cluster and platformc allocates a free one" });
      else ids.set(c.mesh!.id, c);
    }
    for (const c of members) {
      if (c.cni.name !== "cilium") diags.report("PC0707", locSpan(c.loc, ["mesh"], "key"), { problem: `cluster \`${c.name}\` joins ClusterMesh \`${mesh}\` but its CNI is ${c.cni.name}; ClusterMesh needs Cilium` });
    }
  }
}

export function checkLoadBalancerConfig(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const lb = c.loadBalancer;
    if (!lb) continue;
    if (lb.type === "servicelb" && lb.pools.length > 0) diags.report("PC0707", locSpan(c.loc, ["loadBalancer", "pools"], "key"), { problem: `cluster \`${c.name}\` uses servicelb, which ignores pools: LoadBalancer services answer on the node addresses` });
    if (lb.type === "servicelb" && c.distribution !== "k3s") diags.report("PC0707", locSpan(c.loc, ["loadBalancer", "type"]), { problem: `servicelb is K3s's built-in load balancer; cluster \`${c.name}\` runs ${c.distribution}` });
    if (lb.type === "cilium" && c.cni.name !== "cilium") diags.report("PC0707", locSpan(c.loc, ["loadBalancer", "type"]), { problem: `loadBalancer cilium needs the Cilium CNI; cluster \`${c.name}\` uses ${c.cni.name}` });
  }
}

/**
 * An API endpoint written as an IP address must be one something answers on: a control-plane node's address, or the
 * VIP Talos holds itself. (A K3s VIP is held by kube-vip or keepalived, which the K3s README tells the user to run.)
 */
export function checkApiEndpointServed(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const host = c.apiEndpoint.host;
    const ip = parseIP(host);
    if (!ip.ok) continue; // a DNS name: the user's records decide where it leads
    const same = (a: G.Address) => a.family === ip.family && a.value === ip.value;
    const vip = c.apiEndpoint.vip;
    if (vip && same(vip)) continue;
    if (c.nodes.some((n) => n.role === "controlplane" && [n.address, ...n.addresses.map((x) => x.address)].some(same))) continue;
    diags.report("PC1114", locSpan(c.loc, ["apiEndpoint", "host"]), { host, cluster: c.name }, {
      help: `declare it as apiEndpoint.vip (${c.distribution === "talos" ? "Talos holds it on the control-plane nodes' link" : "held by kube-vip or keepalived on the servers"}), or set apiEndpoint.host to a control-plane address or a DNS name`,
    });
  }
}

