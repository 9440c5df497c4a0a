// nodes/<cluster>/cilium-values.yaml: the Helm values of a cluster's Cilium release (the bootstrap install that
// makes nodes Ready). The BGP peering, LB IPAM pool and L2 announcement objects are Kubernetes objects that the
// GitOps tree carries; these values only switch the matching Cilium features on.
import type * as G from "../../src/graph.js";
import type { Generator, GeneratedFile } from "../contract.js";
import { layout, nodeFile } from "../../src/plan/layout.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";

// Talos: KubePrism, the node-local API load balancer every Talos node runs (machine.features.kubePrism).
const KUBE_PRISM = { host: "localhost", port: 7445 };

// Cilium's cluster.id is 1-255 unless the mesh is built for 511 clusters (clustermesh.maxConnectedClusters).
const DEFAULT_MAX_CLUSTER_ID = 255;

export function ciliumValues(g: G.Graph, c: G.ClusterNode): Record<string, unknown> {
  const v4 = c.podCIDR.family === 4;
  const values: Record<string, unknown> = {
    cluster: { name: c.name, id: c.mesh?.id ?? 0 },
    ipv4: { enabled: v4 },
    ipv6: { enabled: !v4 },
  };
  values.ipam =
    c.cni.ipam === "cluster-pool"
      ? {
          mode: "cluster-pool",
          operator: v4
            ? { clusterPoolIPv4PodCIDRList: [c.podCIDR.text], clusterPoolIPv4MaskSize: c.nodeMaskSize }
            : { clusterPoolIPv6PodCIDRList: [c.podCIDR.text], clusterPoolIPv6MaskSize: c.nodeMaskSize },
        }
      : { mode: "kubernetes" };
  values.kubeProxyReplacement = c.cni.kubeProxyReplacement;
  if (c.cni.kubeProxyReplacement) {
    // Without kube-proxy nothing routes the kubernetes Service yet when Cilium starts: it needs a real address.
    const api = c.distribution === "talos" ? KUBE_PRISM : { host: c.apiEndpoint.host, port: c.apiEndpoint.port };
    values.k8sServiceHost = api.host;
    values.k8sServicePort = api.port;
  }
  const lb = c.loadBalancer;
  // MetalLB speaks BGP itself; Cilium's BGP control plane serves Cilium LB IPAM pools and pod or service CIDRs.
  values.bgpControlPlane = { enabled: !!c.bgp && lb?.type !== "metallb" };
  values.l2announcements = { enabled: lb?.type === "cilium" && lb.mode === "l2" };
  if (c.mesh) {
    // Every member of a mesh must agree on maxConnectedClusters, so one id above 255 raises it for all of them.
    const wide = g.clusters.some((x) => x.mesh?.name === c.mesh!.name && x.mesh.id > DEFAULT_MAX_CLUSTER_ID);
    values.clustermesh = { useAPIServer: true, ...(wide ? { maxConnectedClusters: 511 } : {}) };
  }
  values.hubble = c.cni.hubble ? { enabled: true, relay: { enabled: true }, ui: { enabled: true } } : { enabled: false };
  // The operator runs two replicas apart from each other by default; one node cannot host both.
  values.operator = { replicas: Math.min(2, c.nodes.length) };
  if (c.distribution === "talos") {
    // Talos mounts cgroupv2 itself and forbids SYS_MODULE: the capability set and cgroup settings of Talos's Cilium guide.
    values.securityContext = {
      capabilities: {
        ciliumAgent: ["CHOWN", "KILL", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "SYS_ADMIN", "SYS_RESOURCE", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"],
        cleanCiliumState: ["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"],
      },
    };
    values.cgroup = { autoMount: { enabled: false }, hostRoot: "/sys/fs/cgroup" };
  }
  return values;
}

export const cilium: Generator = {
  name: "cilium",
  description: "nodes/<cluster>/cilium-values.yaml: Helm values of Cilium (IPAM, kube-proxy replacement, BGP, L2, ClusterMesh, Hubble)",
  generate(g, ctx) {
    const files: GeneratedFile[] = [];
    for (const c of g.clusters) {
      if (c.cni.name !== "cilium") continue;
      const header = `${ctx.header}\nHelm values of Cilium${c.cni.version ? ` ${c.cni.version}` : ""} for cluster ${c.name}: helm install cilium cilium/cilium --namespace kube-system --values ${nodeFile.ciliumValues}`;
      files.push({ path: `${layout.nodes(c)}/${nodeFile.ciliumValues}`, content: toYamlStream([ciliumValues(g, c)], header) });
    }
    return files;
  },
};
