// Which services a namespace holds, grouped once per cluster, and what follows from it. Checks and several
// generators walk namespaces; they all group services through here, so none of them goes quadratic and all of
// them agree.
import type * as G from "../graph.js";
import { operatorOf } from "./components.js";

// Namespace -> services, built once per cluster: a filter per namespace would make every generator that walks
// the namespaces quadratic (10,000 services in 500 namespaces: 5 million comparisons per call). Keyed by the
// services array, which is frozen once allocation is done (src/build.ts), so the index cannot go stale.
const byNamespace = new WeakMap<readonly G.ServiceNode[], ReadonlyMap<string, readonly G.ServiceNode[]>>();

/** The cluster's services by namespace name, each list in the cluster's order (by id). */
export function servicesByNamespace(c: G.ClusterNode): ReadonlyMap<string, readonly G.ServiceNode[]> {
  let index = byNamespace.get(c.services);
  if (!index) {
    const m = new Map<string, G.ServiceNode[]>();
    for (const s of c.services) {
      const list = m.get(s.namespace);
      if (list) list.push(s);
      else m.set(s.namespace, [s]);
    }
    index = m;
    if (Object.isFrozen(c.services)) byNamespace.set(c.services, index);
  }
  return index;
}

export function servicesIn(c: G.ClusterNode, ns: G.NamespaceNode | string): G.ServiceNode[] {
  return [...(servicesByNamespace(c).get(typeof ns === "string" ? ns : ns.name) ?? [])];
}

/** The netpol generator writes network-policies.yaml into exactly the namespaces this says. */
export function hasNetworkPolicies(c: G.ClusterNode, ns: G.NamespaceNode): boolean {
  return ns.defaultDeny && servicesIn(c, ns).some((s) => s.kind !== "bundled");
}

/**
 * The emitted services a namespace's own root holds: not bundled, in the namespace's GitOps layer, and not a managed
 * service that waits for an operator of the same root (operatedServices).
 */
export function namespaceServices(c: G.ClusterNode, ns: G.NamespaceNode, inNamespace: readonly G.ServiceNode[] = servicesIn(c, ns)): G.ServiceNode[] {
  const operated = new Set(operatedServices(c, ns, inNamespace));
  return inNamespace.filter((s) => s.kind !== "bundled" && s.layer === ns.layer && !operated.has(s));
}

/**
 * Managed services of a namespace's own layer whose operator is a release of the same namespace and layer. In the
 * namespace's root they would sit beside the operator's HelmRelease, and GitOps refuses a root whole while one of its
 * objects has no CRD yet (Flux's server-side dry-run, Argo CD's sync), so the release that brings the CRD would never
 * be applied. They get a root of their own (layout.namespaceOperated), ordered after the namespace's.
 */
export function operatedServices(c: G.ClusterNode, ns: G.NamespaceNode, inNamespace: readonly G.ServiceNode[] = servicesIn(c, ns)): G.ServiceNode[] {
  if (ns.environment) return [];
  return inNamespace.filter((s) => {
    if (s.kind !== "managed" || s.layer !== ns.layer) return false;
    const op = operatorOf(c, s);
    return !!op && op.namespace === s.namespace && op.layer === s.layer;
  });
}
