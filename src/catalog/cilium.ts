// Cilium: the CNI, its LB IPAM, L2 announcements and BGP control plane (v2, the CiliumBGPClusterConfig family).
import type { Component } from "./types.js";

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
  ],
};
