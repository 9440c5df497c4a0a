// Talos strategic merge (pkg/machinery/config/configpatcher StrategicMerge and config/merge), for the
// documents platformc writes: documents match by apiVersion, kind and name and merge, unmatched ones are
// appended; maps merge key by key, lists append except those Talos marks merge:"replace", scalars replace.
import type { Doc } from "./patches.js";

// v1alpha1 fields tagged merge:"replace", by their path in the document.
const REPLACE = new Set(["cluster.network.podSubnets", "cluster.network.serviceSubnets", "cluster.apiServer.auditPolicy"]);

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mergeValue(left: unknown, right: unknown, path: string): unknown {
  if (REPLACE.has(path)) return structuredClone(right);
  if (isMap(left) && isMap(right)) {
    const out: Record<string, unknown> = { ...left };
    for (const [k, v] of Object.entries(right)) out[k] = k in left ? mergeValue(left[k], v, path ? `${path}.${k}` : k) : structuredClone(v);
    return out;
  }
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...structuredClone(right)];
  return structuredClone(right);
}

function documentId(d: Doc): string {
  if (d.kind === undefined) return "v1alpha1";
  return `${String(d.apiVersion)}/${String(d.kind)}/${d.name === undefined ? "" : String(d.name)}`;
}

export function strategicMerge(base: readonly Doc[], patch: readonly Doc[]): Doc[] {
  const out = base.map((d) => structuredClone(d));
  for (const p of patch) {
    const id = documentId(p);
    const i = out.findIndex((d) => documentId(d) === id);
    if (i >= 0) out[i] = mergeValue(out[i], p, "") as Doc;
    else out.push(structuredClone(p));
  }
  return out;
}
