// Managed services: the custom resource an operator turns into pods (a CloudNativePG Cluster), written into the
// service's root like any other object of its namespace, or into the `operated` root when the operator is released
// from the namespace's own root (src/plan/namespaces.ts operatedServices); the roots' CRD ordering applies it after
// the operator has installed the CRD and started the webhook. The pods and
// Services are the operator's; platformc adds only the NodePort and LoadBalancer Services the spec's ports ask for,
// in front of the pods the catalog says serve each port, so that an allocated address reaches an object.
import type * as G from "../../src/graph.js";
import type { K8sObject } from "./names.js";
import type { ClusterFacts } from "./facts.js";
import { nodePorts } from "./helm.js";
import { lbService } from "./workload.js";
import { backendOf, componentOf, withCatalogDefaults } from "../../src/plan/components.js";
import { GLOBAL_SERVICE_ANNOTATION, globalServices } from "../../src/plan/clustermesh.js";
import { isRecord, overlayValues } from "../../src/lib/values.js";
import { keepsClientAddress } from "../../src/plan/exposure.js";

export function managedObjects(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, facts: ClusterFacts): K8sObject[] {
  if (s.kind !== "managed" || !s.resource) return [];
  const labels = facts.labels(s);
  let spec = withCatalogDefaults(s, c);
  // the operator's Services that a flow from another cluster of the mesh reaches: global, through the resource
  const rel = componentOf(s)?.release;
  for (const x of globalServices(g)) {
    if (x.service !== s || !rel?.annotateService || !isRecord(spec)) continue;
    spec = overlayValues(spec, rel.annotateService({ name: s.name, namespace: s.namespace, values: spec }, x.name, { [GLOBAL_SERVICE_ANNOTATION]: "true" }));
  }
  return [
    {
      apiVersion: s.resource.apiVersion,
      kind: s.resource.kind,
      metadata: { name: s.name, namespace: s.namespace, labels },
      spec: spec && typeof spec === "object" ? spec : {},
    },
    ...nodePorts(g, c, s, labels),
    ...loadBalancers(g, c, s, labels, facts),
  ];
}

/** `<service>-lb`: one LoadBalancer Service for the ports the spec exposes so, each to the pods behind it. */
function loadBalancers(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, labels: Record<string, string>, facts: ClusterFacts): K8sObject[] {
  const ports = s.ports.filter((p) => p.expose === "LoadBalancer");
  if (ports.length === 0) return [];
  const backends = ports.map((p) => ({ p, b: backendOf(c, s, p) }));
  // one address and one selector: the pods behind the first port (a Service selects one pod set)
  const selector = backends[0]!.b.selector;
  const same = backends.filter((x) => JSON.stringify(x.b.selector) === JSON.stringify(selector));
  const front = { ...s, selector };
  return [lbService(c, front, labels, `${s.name}-lb`.slice(0, 63).replace(/-+$/, ""), same.map(({ p, b }) => ({ ...p, targetPort: b.targetPort })), facts, keepsClientAddress(g, c, s, same.map((x) => x.p)))];
}
