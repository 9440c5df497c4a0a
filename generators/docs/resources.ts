// Resource allocation (seed 000's "CPU Allocation" pie): per cluster, what each service requests in total
// (per-pod request times its pods), as CPU and memory pies plus the totals against node capacity.
import type * as G from "../../src/graph.js";
import { label, type PieChart } from "./mermaid.js";

/** A pie with more slices is unreadable; the smallest are summed into one "other" slice. */
const PIE_SLICES = 10;

/** Pods a service runs: replicas, the autoscaling minimum, or one per eligible node for a daemonset. */
export function pods(s: G.ServiceNode): number {
  return s.kind === "daemonset" ? s.eligibleNodes.length : s.replicas;
}

interface Allocation {
  service: G.ServiceNode;
  pods: number;
  cpuMilli: number;
  memoryBytes: number;
}

export function allocations(c: G.ClusterNode): Allocation[] {
  return c.services.map((s) => ({
    service: s,
    pods: pods(s),
    cpuMilli: (s.resources.requests.cpuMilli ?? 0) * pods(s),
    memoryBytes: (s.resources.requests.memoryBytes ?? 0) * pods(s),
  }));
}

function sliceName(a: Allocation): string {
  return `${a.service.namespace}/${a.service.name}${a.pods > 1 ? ` (${a.pods}x)` : ""}`;
}

/** Largest first, ties by id, so the chart is the same whatever order the spec lists services in. */
function pie(title: string, items: Array<{ name: string; id: string; value: number }>): PieChart | undefined {
  const positive = items.filter((i) => i.value > 0).sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (positive.length === 0) return undefined;
  const shown = positive.length > PIE_SLICES ? positive.slice(0, PIE_SLICES - 1) : positive;
  const rest = positive.slice(shown.length);
  const slices = shown.map((i) => ({ label: label(i.name), value: i.value }));
  if (rest.length > 0) slices.push({ label: label(`${rest.length} other services`), value: rest.reduce((n, i) => n + i.value, 0) });
  return { title: label(title), slices };
}

export function cpuPie(c: G.ClusterNode): PieChart | undefined {
  return pie(`CPU requests in cluster ${c.name} (millicores)`, allocations(c).map((a) => ({ name: sliceName(a), id: a.service.id, value: a.cpuMilli })));
}

export function memoryPie(c: G.ClusterNode): PieChart | undefined {
  return pie(`Memory requests in cluster ${c.name} (MiB)`, allocations(c).map((a) => ({ name: sliceName(a), id: a.service.id, value: Math.round(a.memoryBytes / 2 ** 20) })));
}

interface Totals {
  cpuMilli: number;
  memoryBytes: number;
  capacityCpuMilli?: number;
  capacityMemoryBytes?: number;
  /** services that declare no request, so the totals understate what runs */
  unrequested: number;
}

export function totals(c: G.ClusterNode): Totals {
  const all = allocations(c);
  const capCpu = c.nodes.every((n) => n.capacity.cpuMilli !== undefined) ? c.nodes.reduce((n, x) => n + x.capacity.cpuMilli!, 0) : undefined;
  const capMem = c.nodes.every((n) => n.capacity.memoryBytes !== undefined) ? c.nodes.reduce((n, x) => n + x.capacity.memoryBytes!, 0) : undefined;
  return {
    cpuMilli: all.reduce((n, a) => n + a.cpuMilli, 0),
    memoryBytes: all.reduce((n, a) => n + a.memoryBytes, 0),
    ...(capCpu !== undefined ? { capacityCpuMilli: capCpu } : {}),
    ...(capMem !== undefined ? { capacityMemoryBytes: capMem } : {}),
    unrequested: c.services.filter((s) => s.kind !== "bundled" && s.resources.requests.cpuMilli === undefined && s.resources.requests.memoryBytes === undefined).length,
  };
}
