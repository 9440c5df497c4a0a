// A ClusterMesh that connects, and cross-cluster flows that reach their target through a global Service
// (src/plan/clustermesh.ts): what platformc cannot write from the spec is reported, with the fix.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { ciliumRelease } from "../plan/cilium.js";
import { clustermeshExposure, globalServices, meshMembers, namesake } from "../plan/clustermesh.js";
import { componentOf } from "../plan/components.js";

/**
 * PC1120: every member of a mesh that a cross-cluster flow enters or leaves exposes its clustermesh-apiserver to the
 * others. A mesh no flow crosses needs no connection for anything platformc emits.
 */
export function checkClusterMeshExposed(g: G.Graph, diags: Diagnostics): void {
  const crossing = new Set<string>();
  for (const c of g.clusters) for (const s of c.services) for (const f of s.flows) {
    if (f.target.kind === "service" && f.target.cluster !== c.name) crossing.add(c.name).add(f.target.cluster);
  }
  for (const c of g.clusters) {
    if (!c.mesh || c.cni.name !== "cilium" || !crossing.has(c.name) || meshMembers(g, c).length < 2 || clustermeshExposure(c)) continue;
    const s = ciliumRelease(c);
    const port = "{ name: clustermesh, port: 2379, expose: LoadBalancer }";
    diags.report("PC1120", s ? locSpan(s.loc, ["name"]) : locSpan(c.loc, ["mesh"], "key"), { cluster: c.name, mesh: c.mesh.name }, {
      help: s ? `add ${port} to the ports of service \`${s.namespace}/${s.name}\` (or expose: NodePort)` : `declare the Cilium chart as a helm service in kube-system with the port ${port}`,
    });
  }
}

/** PC1121: the target of every cross-cluster flow is a Service platformc can make global in both clusters. */
export function checkGlobalServices(g: G.Graph, diags: Diagnostics): void {
  const seen = new Set<string>();
  for (const x of globalServices(g)) {
    const argoHelm = x.service.kind === "helm" && x.cluster.gitops?.tool === "argocd";
    const unannotated = x.service.kind === "managed" && !componentOf(x.service)?.release?.annotateService;
    for (const consumer of x.consumers) {
      const c = g.clusters.find((y) => y.name === consumer)!;
      const twin = namesake(c, x);
      if (!argoHelm && !twin && !unannotated) continue;
      const why = twin
        ? `cluster \`${c.name}\` has a service \`${x.namespace}/${x.name}\` of its own, which Cilium would balance across too`
        : unannotated
          ? `its Service is made by the operator of its ${x.service.resource?.kind ?? "resource"}, which offers platformc no way to annotate it`
          : `it is a Helm release that Argo CD applies, so platformc cannot annotate the chart's Service`;
      for (const s of c.services) for (const f of s.flows) {
        if (f.target.kind !== "service" || f.target.id !== x.service.id || f.target.cluster !== x.cluster.name) continue;
        const key = `${f.loc.path.join(".")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        diags.report("PC1121", locSpan(f.loc, ["to"]), { target: `${x.cluster.name}/${x.namespace}/${x.name}`, from: `${s.namespace}/${s.name}`, why }, {
          help: twin ? "rename one of the two services" : 'set the annotation service.cilium.io/global: "true" on the Service through the chart\'s values',
        });
      }
    }
  }
}
