// The extended resource a GPU request becomes depends on the vendor's device plugin. The spec asks for a count
// of GPUs; the vendor is the one on the nodes the service may run on (the gitops check reports a mix).
import type * as G from "../graph.js";

export const GPU_RESOURCE = {
  nvidia: "nvidia.com/gpu",
  amd: "amd.com/gpu",
  intel: "gpu.intel.com/i915",
} as const;

type GpuVendor = keyof typeof GPU_RESOURCE;

/** GPU vendors on the nodes the service may run on, sorted; empty when the service asks for no GPU. */
export function gpuVendors(c: G.ClusterNode, s: G.ServiceNode): GpuVendor[] {
  if (s.placement.gpu === undefined) return [];
  const eligible = new Set(s.eligibleNodes);
  const out = new Set<GpuVendor>();
  for (const n of c.nodes) if (eligible.has(n.name)) for (const g of n.gpus) out.add(g.vendor);
  return [...out].sort();
}
