// The "install Cilium" step of the node-bootstrap READMEs. K3s and Talos clusters both start without a
// CNI when they run Cilium, and the step is the same Helm install of the values the cilium generator
// writes; one text here keeps the two READMEs from drifting apart.
import type * as G from "../graph.js";
import { nodeFile } from "./layout.js";

/** The section as Markdown (starting with a blank line), or "" when the cluster does not run Cilium. */
export function ciliumInstallSection(c: G.ClusterNode, step: number, starts: "starts" | "boots"): string {
  if (c.cni.name !== "cilium") return "";
  const proxy = c.cni.kubeProxyReplacement ? "and without kube-proxy: Cilium replaces it" : "kube-proxy stays";
  const version = c.cni.version ? ` --version ${c.cni.version}` : "";
  return [
    "",
    `## ${step}. Cilium`,
    "",
    `The cluster ${starts} without a CNI (${proxy}); nodes turn Ready once Cilium runs:`,
    "",
    "```sh",
    "helm repo add cilium https://helm.cilium.io",
    `helm install cilium cilium/cilium${version} --namespace kube-system --values ${nodeFile.ciliumValues}`,
    "```",
    "",
  ].join("\n");
}
