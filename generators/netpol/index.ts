// network-policies.yaml in every namespace root that plan/namespaces hasNetworkPolicies() names: a default deny plus
// exactly the declared flows and the implicit ones (intent.ts lists them). The namespace's kustomization lists
// the file, so GitOps applies the policies together with the workloads they protect.
//
// Which dialect: standard NetworkPolicies everywhere, except on Cilium clusters where cni.policy chooses
// cilium (CiliumNetworkPolicies only) or both.
import type { Generator, GeneratedFile, GenerateContext } from "../contract.js";
import type * as G from "../../src/graph.js";
import { layout, namespaceFile } from "../../src/plan/layout.js";
import { commonLabels } from "../../src/plan/labels.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";
import { planPolicies } from "./intent.js";
import { kubernetesPolicies } from "./kubernetes.js";
import { ciliumPolicies, ingressProxyPolicies } from "./cilium.js";

export function dialects(c: G.ClusterNode): { kubernetes: boolean; cilium: boolean } {
  const cilium = c.cni.name === "cilium";
  return { kubernetes: !cilium || c.cni.policy !== "cilium", cilium: cilium && c.cni.policy !== "kubernetes" };
}

export const netpol: Generator = {
  name: "netpol",
  description: "NetworkPolicies (and CiliumNetworkPolicies on Cilium): default deny plus the declared and implicit flows, per namespace",
  generate(graph: G.Graph, ctx: GenerateContext): GeneratedFile[] {
    const labels = commonLabels(graph);
    const clusters = new Map(graph.clusters.map((c) => [c.name, c] as const));
    const header = ctx.header;
    return planPolicies(graph).map((plan) => {
      const d = dialects(plan.cluster);
      // cni.policy kubernetes on Cilium still needs the Gateway's ingress identity admitted (cilium.ts says why).
      const cilium = d.cilium ? ciliumPolicies(plan, labels) : plan.cluster.cni.name === "cilium" ? ingressProxyPolicies(plan, labels) : [];
      const docs = [...(d.kubernetes ? kubernetesPolicies(plan, labels, clusters) : []), ...cilium];
      return { path: `${layout.namespace(plan.cluster, plan.namespace)}/${namespaceFile.networkPolicies}`, content: toYamlStream(docs, header) };
    });
  },
};
