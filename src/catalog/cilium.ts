// Cilium: the CNI, its LB IPAM, L2 announcements and BGP control plane (v2, the CiliumBGPClusterConfig family), and
// its Gateway API implementation.
import { compareVersions, inRange } from "../lib/version.js";
import type { Component, VersionRange } from "./types.js";

/**
 * Cilium's Gateway API controller: the GatewayClass its chart creates (gatewayAPI.gatewayClass.create), the controller
 * name that class carries, and the Service the operator creates per Gateway, cilium-gateway-<gateway name>, in the
 * Gateway's namespace; names longer than 63 characters are shortened with a hash (shortener.ShortenK8sResourceName).
 */
export const CILIUM_GATEWAY = {
  gatewayClass: "cilium",
  controllerName: "io.cilium/gateway-controller",
  servicePrefix: "cilium-gateway-",
  maxServiceName: 63,
} as const;

// The Gateway API release whose CRDs each Cilium line is built and documented against; its operator checks for them
// once, at start, and runs no Gateway controller when one is missing.
const GATEWAY_API: Array<{ range: VersionRange; version: string }> = [
  { range: { until: "1.17.0" }, version: "v1.1.0" },
  { range: { from: "1.17.0", until: "1.18.0" }, version: "v1.2.0" },
  { range: { from: "1.18.0", until: "1.19.0" }, version: "v1.3.0" },
  { range: { from: "1.19.0", until: "1.20.0" }, version: "v1.4.1" },
  { range: { from: "1.20.0" }, version: "v1.6.1" },
];

/** The Gateway API release to install before a Cilium release starts; an unknown or absent version gets the newest. */
export function gatewayApiVersionFor(ciliumVersion: string | undefined): string {
  const newest = GATEWAY_API[GATEWAY_API.length - 1]!.version;
  if (ciliumVersion === undefined || compareVersions(ciliumVersion, "0") === undefined) return newest;
  return GATEWAY_API.find((g) => inRange(ciliumVersion, g.range))?.version ?? newest;
}

// 1.18 promoted LB IPAM pools and the BGPv2 resources from v2alpha1 to v2; it still serves v2alpha1 (deprecated),
// while 1.16 and 1.17 serve only v2alpha1, so an object written as cilium.io/v2 is "no matches for kind" there.
const PROMOTED_IN_1_18 = [
  { range: { until: "1.18.0" }, version: "v2alpha1" },
  { range: { from: "1.18.0" }, version: "v2" },
];

export const cilium: Component = {
  name: "cilium",
  charts: [
    { repo: "https://helm.cilium.io", name: "cilium" },
    { repo: "oci://quay.io/cilium/charts", name: "cilium" },
  ],
  known: { from: "1.16.0", until: "1.20.0" },
  kinds: [
    { group: "cilium.io", kind: "CiliumLoadBalancerIPPool", served: PROMOTED_IN_1_18 },
    { group: "cilium.io", kind: "CiliumBGPClusterConfig", served: PROMOTED_IN_1_18 },
    { group: "cilium.io", kind: "CiliumBGPPeerConfig", served: PROMOTED_IN_1_18 },
    { group: "cilium.io", kind: "CiliumBGPAdvertisement", served: PROMOTED_IN_1_18 },
    // Still v2alpha1 through 1.19: pkg/k8s/apis/cilium.io/client/crds/v2/ has no ciliuml2announcementpolicies.yaml.
    { group: "cilium.io", kind: "CiliumL2AnnouncementPolicy", served: [{ range: {}, version: "v2alpha1" }] },
    { group: "cilium.io", kind: "CiliumNetworkPolicy", served: [{ range: {}, version: "v2" }] },
    { group: "cilium.io", kind: "CiliumClusterwideNetworkPolicy", served: [{ range: {}, version: "v2" }] },
  ],
  sources: [
    "cilium/cilium pkg/k8s/apis/cilium.io/client/crds/v2/ciliumloadbalancerippools.yaml (1.18+: v2 served and stored, v2alpha1 served, deprecated)",
    "cilium/cilium pkg/k8s/apis/cilium.io/client/crds/v2alpha1/ciliumbgpclusterconfigs.yaml, ciliumbgppeerconfigs.yaml, ciliumbgpadvertisements.yaml (1.16-1.17: v2alpha1 only)",
    "https://docs.cilium.io/en/v1.17/network/lb-ipam/ (pools as cilium.io/v2alpha1)",
    "https://docs.cilium.io/en/stable/operations/upgrade/ (1.19 removes the BGPv1 CiliumBGPPeeringPolicy)",
    "cilium/cilium Documentation/network/servicemesh/gateway-api/gateway-api.rst, the revision of the 1.17 line (\"Cilium supports Gateway API v1.2.0\"; includes addresses.rst: spec.addresses of type IPAddress, served by LB IPAM); installation.rst revisions v1.1.0 (1.16), v1.2.0 (1.17: GatewayClass, Gateway, HTTPRoute, ReferenceGrant, GRPCRoute must be pre-installed, TLSRoute optional), v1.3.0 (1.18): NodePort enabled (nodePort.enabled) or kubeProxyReplacement, and the L7 proxy (l7Proxy, default true); the v1.6.1 revision (1.20); 1.19's v1.4.1 is from secondary sources only (not read in Cilium's tree)",
    "cilium/cilium operator/pkg/gateway-api/cell.go (revision with requiredGVKs/optionalGVKs, 1.17 era): required GatewayClass, Gateway, HTTPRoute, GRPCRoute (v1) and ReferenceGrant (v1beta1), TLSRoute and ServiceImport optional; checked once at start, no controller without them; an older revision required TLSRoute v1alpha2",
    "cilium/cilium install/kubernetes/cilium/templates/cilium-gateway-api-class.yaml: GatewayClass cilium, controllerName io.cilium/gateway-controller, rendered only with gatewayAPI.enabled; install/kubernetes/cilium/README.md (1.16.0-rc.1 on): gatewayAPI.gatewayClass.create default \"auto\" (create only if the GatewayClass CRD exists when the chart renders), \"true\" always",
    "cilium/cilium operator/pkg/model/translation/gateway-api/translator.go: ciliumGatewayPrefix \"cilium-gateway-\", owning label io.cilium.gateway/owning-gateway; gateway_reconcile.go: Service <namespace of the Gateway>/ShortenK8sResourceName(cilium-gateway-<name>)",
    "cilium/cilium Documentation/network/servicemesh/ingress-reference.rst and default-deny-ingress-policy.rst: traffic arriving at Envoy for Ingress or Gateway API gets the reserved ingress identity; backends must admit it (fromEntities ingress); Documentation/security/policy/language.rst: the ingress entity is the Cilium Envoy instance that handles ingress L7 traffic",
    "ClusterMesh (src/plan/clustermesh.ts), cilium/cilium install/kubernetes/cilium/values.yaml at a main-branch snapshot of the 1.17 cycle (enableMCSAPISupport present; exact 1.17.6 not read): clustermesh.useAPIServer, clustermesh.config.{enabled, domain mesh.cilium.io, clusters[].{name, address, port, ips, tls}} (\"tls ... can (and should) be omitted in case the CA is shared across clusters\"), clustermesh.apiserver.service.{type NodePort, nodePort 32379, annotations, loadBalancerIP}, kvstoremesh enabled, no clustermesh.apiserver.tls.ca (the common CA signs the ClusterMesh certificates)",
    "cilium/cilium install/kubernetes/cilium/templates: clustermesh-config/_helpers.tpl (an endpoint https://<name>.<domain>:<port> when ips are given, the common- certificate files without tls), clustermesh-apiserver/service.yaml (port 2379; nodePort only with type NodePort), _helpers.tpl cilium.ca.setup (tls.ca values, else the Secret cilium-ca found by lookup, else a new CA) and tls-helm/_helpers.tpl (a revision falling back to that CA)",
    "cilium/cilium Documentation/network/clustermesh/services.rst (a later revision; global services unchanged since 1.x): a Service of identical name and namespace in each cluster, annotated service.cilium.io/global: \"true\", in both clusters (flow chart); PR cilium/cilium#40361 (v1.17 service cache): a local global Service without selector could lose its remote backends, so the consuming side keeps the target's selector",
    "cilium/cilium docs, Cluster Mesh Troubleshooting (revision with KVStoreMesh): clustermesh-apiserver-remote-cert authenticates agents to remote etcd; with KVStoreMesh the hostAliases sit on the clustermesh-apiserver Deployment; port 2379/TCP between clusters",
  ],
};
