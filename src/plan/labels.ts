// Metadata every generated Kubernetes object carries, so users (and kubectl get -l) can tell what
// platformc manages. Selector labels come from the graph (ServiceNode.selector) and are never changed here.
import type * as G from "../graph.js";

export function commonLabels(g: G.Graph): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "platformc", "app.kubernetes.io/part-of": g.platform.name };
}

/** Labels for a service's objects: its own labels (which include the selector) plus the common ones. */
export function serviceLabels(g: G.Graph, s: G.ServiceNode): Record<string, string> {
  const all = { ...s.labels, ...commonLabels(g) };
  const out: Record<string, string> = {};
  for (const k of Object.keys(all).sort()) out[k] = all[k]!;
  return out;
}
