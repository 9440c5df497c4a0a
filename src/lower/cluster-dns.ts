// The cluster DNS that network policies allow: the distribution's CoreDNS unless the spec declares it as a
// service. resolveClusterDNS runs once the cluster's services are attached.
import type * as G from "../graph.js";

/** K3s and Talos both run CoreDNS in kube-system with the pod label k8s-app: kube-dns, answering on 53. */
export function distributionDNS(): G.ClusterDNS {
  return { namespace: "kube-system", selector: { "k8s-app": "kube-dns" }, ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] };
}

/** A declared service named coredns or kube-dns is the cluster DNS: its namespace, pod labels and port 53 mapping. */
export function resolveClusterDNS(c: G.ClusterNode): void {
  const s = c.services.find((x) => x.name === "coredns") ?? c.services.find((x) => x.name === "kube-dns");
  if (!s) return;
  const target = (protocol: "UDP" | "TCP") => (s.ports.find((p) => p.port === 53 && p.protocol === protocol) ?? s.ports.find((p) => p.port === 53))?.targetPort ?? 53;
  c.dns = { service: s.id, namespace: s.namespace, selector: { ...s.selector }, ports: [{ port: target("UDP"), protocol: "UDP" }, { port: target("TCP"), protocol: "TCP" }] };
}
