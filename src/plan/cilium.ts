// A cluster's Cilium release, which two installers touch: the bootstrap step of the node READMEs (`helm install`
// with nodes/<cluster>/cilium-values.yaml, before any GitOps controller can run) and the GitOps object that owns
// the release afterwards (a Flux HelmRelease or an Argo CD Application of the spec's cilium chart). Both must carry
// the same values, or the controller's first upgrade resets what the nodes need (kube-proxy replacement, the API
// address, IPAM, Talos capabilities) and pod networking dies; so both take them from here.
import type * as G from "../graph.js";
import { apiVersionOf, componentNamed, componentOfChart } from "../catalog/index.js";
import { isRecord, overlayValues } from "../lib/values.js";
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

// Talos: KubePrism, the node-local API load balancer every Talos node runs (machine.features.kubePrism).
const KUBE_PRISM = { host: "localhost", port: 7445 };

// Cilium's cluster.id is 1-255 unless the mesh is built for 511 clusters (clustermesh.maxConnectedClusters).
const DEFAULT_MAX_CLUSTER_ID = 255;

/** What platformc sets, from the cluster: the values the spec cannot get wrong because it does not write them. */
function ciliumValues(g: G.Graph, c: G.ClusterNode): Record<string, unknown> {
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

/** The Cilium release the cluster runs: the CNI's declared version, else its chart's version, else unknown. */
export function ciliumVersion(c: G.ClusterNode): string | undefined {
  return c.cni.version ?? ciliumRelease(c)?.chart?.version;
}

/**
 * The apiVersion of a Cilium kind for the cluster's Cilium release (src/catalog/cilium.ts): LB IPAM pools and BGP
 * resources moved from v2alpha1 to v2 in 1.18. An unknown release gets the newest the catalog knows.
 */
export function ciliumApiVersion(c: G.ClusterNode, kind: string): string {
  return apiVersionOf(componentNamed("cilium")!, kind, ciliumVersion(c)) ?? "cilium.io/v2";
}

/** The spec's service that installs Cilium by Helm chart (the GitOps owner of the release), if the cluster has one. */
export function ciliumRelease(c: G.ClusterNode): G.ServiceNode | undefined {
  if (c.cni.name !== "cilium") return undefined;
  return c.services.find((s) => s.kind === "helm" && s.chart && componentOfChart(s.chart)?.name === "cilium");
}

/**
 * The values of the cluster's Cilium release, for the bootstrap install and the GitOps object alike: platformc's
 * values with the spec's chart values for that release laid over them (the spec's word wins, key by key).
 */
export function ciliumReleaseValues(g: G.Graph, c: G.ClusterNode): Record<string, unknown> {
  const own = ciliumValues(g, c);
  const spec = ciliumRelease(c)?.chart?.values;
  return isRecord(spec) ? overlayValues(own, spec) : own;
}
