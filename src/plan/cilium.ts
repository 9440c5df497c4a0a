// A cluster's Cilium release, which two installers touch: the bootstrap step of the node READMEs (`helm install`
// with nodes/<cluster>/cilium-values.yaml, before any GitOps controller can run) and the GitOps object that owns
// the release afterwards (a Flux HelmRelease or an Argo CD Application of the spec's cilium chart). Both must carry
// the same values, or the controller's first upgrade resets what the nodes need (kube-proxy replacement, the API
// address, IPAM, Talos capabilities) and pod networking dies; so both take them from here.
import type * as G from "../graph.js";
import { apiVersionOf, componentNamed, componentOfChart } from "../catalog/index.js";
import { CILIUM_GATEWAY, gatewayApiVersionFor } from "../catalog/cilium.js";
import { isRecord, overlayValues } from "../lib/values.js";
import { nodeFile } from "./layout.js";
import { clustermeshValues } from "./clustermesh.js";
import { hostName, labelName } from "./names.js";

/** The section as Markdown (starting with a blank line), or "" when the cluster does not run Cilium. */
export function ciliumInstallSection(c: G.ClusterNode, step: number, starts: "starts" | "boots"): string {
  if (c.cni.name !== "cilium") return "";
  const proxy = c.cni.kubeProxyReplacement ? "and without kube-proxy: Cilium replaces it" : "kube-proxy stays";
  const version = c.cni.version ? ` --version ${c.cni.version}` : "";
  const crds = gatewayApiCrds(c);
  return [
    "",
    `## ${step}. Cilium`,
    "",
    ...(crds
      ? [
          `Cilium's operator looks for the Gateway API CRDs once, when it starts, and runs no Gateway controller without them; the chart's GatewayClass \`${CILIUM_GATEWAY.gatewayClass}\` needs them too. So they come first: Gateway API ${crds.version}, the release Cilium${c.cni.version ? ` ${c.cni.version}` : ""} is built for (GitOps applies the same manifest later).`,
          "",
        ]
      : []),
    `The cluster ${starts} without a CNI (${proxy}); nodes turn Ready once Cilium runs:`,
    "",
    "```sh",
    ...(crds ? [`kubectl apply --server-side -f ${crds.url}`] : []),
    "helm repo add cilium https://helm.cilium.io",
    `helm install cilium cilium/cilium${version} --namespace kube-system --values ${nodeFile.ciliumValues}`,
    "```",
    "",
  ].join("\n");
}

/** Cilium serving the cluster's Gateway API ingress: the Gateway platformc writes and the Service Cilium makes for it. */
export interface CiliumGateway {
  /** the Gateway's name: the cluster's ingress className */
  name: string;
  namespace: string;
  /** the Service Cilium's operator creates for the Gateway, which the spec's ingress service must be */
  serviceName: string;
  /** the spec's ingress service */
  service: G.ServiceNode;
}

/**
 * The cluster's Gateway when Cilium serves it: ingress type gateway-api on a Cilium cluster whose ingress service is
 * bundled, i.e. not deployed by the spec. Nothing else creates such a Service there: K3s drops its Traefik unless the
 * ingress type is traefik (generators/k3s), and Talos ships no ingress controller.
 */
export function ciliumGateway(c: G.ClusterNode): CiliumGateway | undefined {
  if (c.cni.name !== "cilium" || c.ingress?.type !== "gateway-api") return undefined;
  const service = c.services.find((s) => s.id === c.ingress!.service);
  if (!service || service.kind !== "bundled") return undefined;
  const name = c.ingress.className;
  return { name, namespace: service.namespace, serviceName: `${CILIUM_GATEWAY.servicePrefix}${name}`, service };
}

export interface GatewayListener {
  name: string;
  protocol: "HTTP" | "HTTPS";
  port: number;
  hostname?: string;
  /** the TLS Secret in the Gateway's namespace (HTTPS) */
  secretName?: string;
}

/** Gateway API's bound on spec.listeners (apis/v1/gateway_types.go, MaxItems=64). */
export const MAX_GATEWAY_LISTENERS = 64;

/**
 * The Cilium Gateway's listeners: one HTTP listener without a hostname, for plain routes and ACME HTTP-01 challenges,
 * and per TLS host an HTTPS listener terminating with that host's Secret: the one the Certificate platformc writes
 * with an issuer fills (src/plan/roots.ts gatewayTlsHosts), else one the user provides under that name.
 */
export function gatewayListeners(c: G.ClusterNode): GatewayListener[] {
  const hosts = new Set<string>();
  for (const s of c.services) for (const r of s.ingress) if (r.tls) hosts.add(r.host);
  return [
    { name: "http", protocol: "HTTP", port: 80 },
    ...[...hosts].sort().map((host): GatewayListener => ({ name: labelName(`https-${hostName(host)}`, "", 253), protocol: "HTTPS", port: 443, hostname: host, secretName: hostName(host, "tls") })),
  ];
}

/** The Gateway API CRD manifest a Cilium Gateway cluster needs before Cilium starts, pinned to its Cilium release. */
export function gatewayApiCrds(c: G.ClusterNode): { version: string; url: string } | undefined {
  if (!ciliumGateway(c)) return undefined;
  const version = gatewayApiVersionFor(ciliumVersion(c));
  return { version, url: componentNamed("gateway-api")!.crds!.bundle(version) };
}

// Talos: KubePrism, the node-local API load balancer every Talos node runs (machine.features.kubePrism).
const KUBE_PRISM = { host: "localhost", port: 7445 };

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
  if (c.mesh) values.clustermesh = clustermeshValues(g, c);
  if (ciliumGateway(c)) {
    // The chart renders GatewayClass cilium only where the CRD exists at render time ("auto"); the CRDs always come
    // first here, so "true" makes a missing CRD fail the install loudly instead of leaving Gateways without a class.
    values.gatewayAPI = { enabled: true, gatewayClass: { create: "true" } };
    // Cilium's Gateway API needs kube-proxy replacement or, without it, Cilium's NodePort implementation.
    if (!c.cni.kubeProxyReplacement) values.nodePort = { enabled: true };
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
