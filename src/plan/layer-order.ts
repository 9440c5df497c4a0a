// The order of a cluster's GitOps layers, as their dependsOn make it.
import type * as G from "../graph.js";

/** Layer names from which `layer` is reachable through dependsOn (its ancestors), for every layer. */
export function layerAncestors(c: G.ClusterNode): Map<string, Set<string>> {
  const deps = new Map<string, string[]>();
  for (const l of c.gitops?.layers ?? []) deps.set(l.name, l.dependsOn);
  const out = new Map<string, Set<string>>();
  const visit = (name: string, seen: Set<string>): Set<string> => {
    const done = out.get(name);
    if (done) return done;
    const acc = new Set<string>();
    if (seen.has(name)) return acc; // a cycle, reported by lowering (PC0901)
    seen.add(name);
    for (const d of deps.get(name) ?? []) {
      acc.add(d);
      for (const a of visit(d, seen)) acc.add(a);
    }
    seen.delete(name);
    out.set(name, acc);
    return acc;
  };
  for (const name of c.layerOrder) visit(name, new Set());
  return out;
}
