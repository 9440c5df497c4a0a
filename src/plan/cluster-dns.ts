// A CoreDNS the spec deploys from the CoreDNS chart replaces the distribution's: kubelets keep pointing pods at
// the cluster DNS address (the kube-dns Service), so the chart's Service must take that address and name, and the
// distribution's CoreDNS must be switched off (Talos cluster.coreDNS.disabled, K3s --disable coredns); otherwise
// both claim kube-system's kube-dns objects and pods resolve through the one the policies do not admit.
import type * as G from "../graph.js";
import { componentOfChart } from "../catalog/index.js";
import { formatIP } from "../lib/net/ip.js";
import { clusterDNSAddress } from "../lib/net/service-cidr.js";

/** The spec's Helm CoreDNS that serves as the cluster DNS, if it has one. */
export function replacementDNS(c: G.ClusterNode): G.ServiceNode | undefined {
  const s = c.dns.service ? c.services.find((x) => x.id === c.dns.service) : undefined;
  return s?.kind === "helm" && s.chart && componentOfChart(s.chart)?.name === "coredns" ? s : undefined;
}

/** Values the CoreDNS chart needs to stand in for the distribution's: the kube-dns name, address and pod label. */
export function replacementDNSValues(c: G.ClusterNode): Record<string, unknown> {
  const ip = clusterDNSAddress(c.serviceCIDR.range);
  return {
    k8sAppLabelOverride: "kube-dns",
    service: { name: "kube-dns", ...(ip !== undefined ? { clusterIP: formatIP(c.serviceCIDR.family, ip) } : {}) },
  };
}
