// The node READMEs' steps after the nodes run, which the talos and k3s generators share: the ClusterMesh CA (before
// Cilium, which reuses it), Cilium, then the GitOps bootstrap, numbered on from the distribution's own steps.
import type * as G from "../graph.js";
import { ciliumInstallSection } from "./cilium.js";
import { clustermeshSection } from "./clustermesh.js";
import { gitopsBootstrapSection } from "./gitops-bootstrap.js";

export function bootSections(g: G.Graph, c: G.ClusterNode, first: number, starts: "starts" | "boots"): Record<"meshSection" | "ciliumSection" | "gitopsSection", string> {
  let step = first;
  const next = (section: (n: number) => string) => {
    const text = section(step);
    if (text) step++;
    return text;
  };
  const meshSection = next((n) => clustermeshSection(g, c, n));
  const ciliumSection = next((n) => ciliumInstallSection(c, n, starts));
  return { meshSection, ciliumSection, gitopsSection: next((n) => gitopsBootstrapSection(c, n)) };
}
