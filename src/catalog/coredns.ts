// CoreDNS from its own Helm chart, replacing the distribution's CoreDNS (Talos and K3s each deploy one).
import type { Component } from "./types.js";

export const coredns: Component = {
  name: "coredns",
  charts: [{ repo: "https://coredns.github.io/helm", name: "coredns" }],
  // Read at the template revisions cited below (the chart line of monosense's 1.43.0); 1.31 added selector overrides.
  known: { from: "1.31.0", until: "1.46.0" },
  kinds: [],
  sources: [
    "coredns/helm charts/coredns/templates/_helpers.tpl (commit 0879686c): pods carry app.kubernetes.io/name: coredns, app.kubernetes.io/instance: <release> and, with isClusterService (the default), k8s-app: <k8sAppLabelOverride, default the chart name>",
    "coredns/helm charts/coredns/templates/service.yaml (commit 13ad3c5c): the Service is named service.name (default the fullname) and takes service.clusterIP when set",
    "Talos machine config cluster.coreDNS.disabled; K3s --disable coredns (docs.k3s.io, packaged components): the distribution's CoreDNS owns the kube-dns Service at the 10th service address, which kubelets point pods at",
  ],
};
