// The node READMEs' steps after the nodes run, which the talos and k3s generators share: the ClusterMesh CA (before
// Cilium, which reuses it), Cilium, the CoreDNS that replaces the distribution's, then the GitOps bootstrap,
// numbered on from the distribution's own steps.
import type * as G from "../graph.js";
import { ciliumInstallSection } from "./cilium.js";
import { chartValues } from "./chart-values.js";
import { replacementDNS } from "./cluster-dns.js";
import { nodeFile } from "./layout.js";
import { clustermeshSection } from "./clustermesh.js";
import { gitopsBootstrapSection } from "./gitops-bootstrap.js";

export function bootSections(g: G.Graph, c: G.ClusterNode, first: number, starts: "starts" | "boots"): Record<"meshSection" | "ciliumSection" | "dnsSection" | "gitopsSection", string> {
  let step = first;
  const next = (section: (n: number) => string) => {
    const text = section(step);
    if (text) step++;
    return text;
  };
  const meshSection = next((n) => clustermeshSection(g, c, n));
  const ciliumSection = next((n) => ciliumInstallSection(c, n, starts));
  const dnsSection = next((n) => clusterDnsSection(c, n));
  return { meshSection, ciliumSection, dnsSection, gitopsSection: next((n) => gitopsBootstrapSection(c, n)) };
}

/**
 * The values of the CoreDNS release that replaces the distribution's, as the bootstrap installs it: the very values
 * its GitOps object carries, so the controller's first upgrade changes nothing. Undefined without such a release.
 */
export function clusterDnsBootValues(g: G.Graph, c: G.ClusterNode): unknown {
  const s = replacementDNS(c);
  return s ? chartValues(g, c, s) : undefined;
}

// With the distribution's CoreDNS switched off the cluster resolves nothing until the chart's runs, and the GitOps
// bootstrap needs names first (flux bootstrap's source-controller clones from github.com, Argo CD's repo server
// too): so the bootstrap installs the release itself, under the release name and namespace its GitOps object
// uses, and the controller adopts it.
function clusterDnsSection(c: G.ClusterNode, step: number): string {
  const s = replacementDNS(c);
  const ch = s?.chart;
  if (!s || !ch) return "";
  const oci = ch.repo.startsWith("oci://");
  const ref = oci ? `${ch.repo.replace(/\/+$/, "")}/${ch.name}` : `coredns/${ch.name}`;
  return [
    "",
    `## ${step}. Cluster DNS: CoreDNS`,
    "",
    `The distribution's CoreDNS is switched off, so pods resolve nothing until the chart's CoreDNS runs as \`kube-dns\`, and the`,
    `GitOps bootstrap below needs DNS. Install the release with [${nodeFile.corednsValues}](${nodeFile.corednsValues}): the values its`,
    "GitOps object carries, which adopts the release afterwards:",
    "",
    "```sh",
    ...(oci ? [] : [`helm repo add coredns ${ch.repo}`]),
    `helm install ${s.name} ${ref}${ch.version ? ` --version ${ch.version}` : ""} --namespace ${s.namespace} --values ${nodeFile.corednsValues}`,
    "```",
    "",
  ].join("\n");
}
