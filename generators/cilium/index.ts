// nodes/<cluster>/cilium-values.yaml: the Helm values of a cluster's Cilium release (the bootstrap install that
// makes nodes Ready); src/plan/cilium.ts computes them, and the GitOps object that later owns the release
// carries the very same values. The BGP peering, LB IPAM pool and L2 announcement objects are Kubernetes objects that the
// GitOps tree carries; these values only switch the matching Cilium features on.
import type { Generator, GeneratedFile } from "../contract.js";
import { layout, nodeFile } from "../../src/plan/layout.js";
import { ciliumReleaseValues, gatewayApiCrds } from "../../src/plan/cilium.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";

export const cilium: Generator = {
  name: "cilium",
  description: "nodes/<cluster>/cilium-values.yaml: Helm values of Cilium (IPAM, kube-proxy replacement, BGP, L2, ClusterMesh, Hubble)",
  generate(g, ctx) {
    const files: GeneratedFile[] = [];
    for (const c of g.clusters) {
      if (c.cni.name !== "cilium") continue;
      const crds = gatewayApiCrds(c);
      // The operator checks for the Gateway API CRDs only when it starts: they go in before the install.
      const first = crds ? `kubectl apply --server-side -f ${crds.url}, then ` : "";
      const header = `${ctx.header}\nHelm values of Cilium${c.cni.version ? ` ${c.cni.version}` : ""} for cluster ${c.name}: ${first}helm install cilium cilium/cilium --namespace kube-system --values ${nodeFile.ciliumValues}`;
      files.push({ path: `${layout.nodes(c)}/${nodeFile.ciliumValues}`, content: toYamlStream([ciliumReleaseValues(g, c)], header) });
    }
    return files;
  },
};
