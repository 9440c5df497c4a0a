// clusters/<c>/clustermesh/: the consuming side of the cluster's cross-cluster flows. Cilium balances a Service to
// another cluster's pods only when a Service of the same name and namespace exists here too and both carry
// service.cilium.io/global (src/plan/clustermesh.ts); this one selects the target's labels, which no pod here carries,
// so its backends are the remote ones and the consumers' DNS name resolves in their own cluster.
import type * as G from "../../src/graph.js";
import { commonLabels } from "../../src/plan/labels.js";
import { GLOBAL_SERVICE_ANNOTATION, globalServiceImports, importNamespaces, importsInto, type GlobalService } from "../../src/plan/clustermesh.js";
import { sortedKeys, type K8sObject } from "./names.js";

/** The clustermesh root: the namespaces c does not declare, with the Services imported into them. */
export function globalServiceObjects(g: G.Graph, c: G.ClusterNode): K8sObject[] {
  const labels = commonLabels(g);
  const missing = importNamespaces(g, c);
  const namespaces: K8sObject[] = missing.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } }));
  return [...namespaces, ...importedServices(g, globalServiceImports(g, c).filter((x) => missing.includes(x.namespace)))];
}

/** Imported Services of a namespace c declares, for its own root. */
export function namespaceGlobalServices(g: G.Graph, c: G.ClusterNode, ns: string): K8sObject[] {
  return importedServices(g, importsInto(g, c, ns));
}

function importedServices(g: G.Graph, imports: GlobalService[]): K8sObject[] {
  const labels = commonLabels(g);
  return imports.map((x) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: x.name, namespace: x.namespace, labels, annotations: { [GLOBAL_SERVICE_ANNOTATION]: "true" } },
    spec: { type: "ClusterIP", selector: sortedKeys({ ...x.selector }), ports: x.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol })) },
  }));
}
