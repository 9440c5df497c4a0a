// Gateway API (kubernetes-sigs/gateway-api): CRDs only, no chart. An implementation serves the objects (Cilium's
// operator, src/catalog/cilium.ts); the CRDs must exist before it starts, and nothing installs them for Cilium.
import type { Component, ServedKind } from "./types.js";

const GROUP = "gateway.networking.k8s.io";

function kind(k: string, served: ServedKind["served"]): ServedKind {
  return { group: GROUP, kind: k, served };
}

// Cilium's operator once required TLSRoute (experimental until v1.5.0) and disabled its whole Gateway controller without
// it; from 1.17 TLSRoute is optional. Whether 1.16 still required it was not established, so v1.1, Cilium 1.16's
// release, installs the experimental channel, which holds it; later releases need the standard channel alone.
function channel(version: string): "standard" | "experimental" {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m && Number(m[1]) === 1 && Number(m[2]) < 2 ? "experimental" : "standard";
}

export const gatewayApi: Component = {
  name: "gateway-api",
  charts: [],
  known: { from: "1.0.0", until: "1.7.0" },
  // The version platformc writes: the newest one each release serves (the storage version where several are).
  kinds: [
    kind("GatewayClass", [{ range: {}, version: "v1" }]),
    kind("Gateway", [{ range: {}, version: "v1" }]),
    kind("HTTPRoute", [{ range: {}, version: "v1" }]),
    kind("GRPCRoute", [
      { range: { until: "1.1.0" }, version: "v1alpha2" },
      { range: { from: "1.1.0" }, version: "v1" },
    ]),
    kind("ReferenceGrant", [
      { range: { until: "1.5.0" }, version: "v1beta1" },
      { range: { from: "1.5.0" }, version: "v1" },
    ]),
    kind("BackendTLSPolicy", [
      { range: { until: "1.1.0" }, version: "v1alpha2" },
      { range: { from: "1.1.0", until: "1.4.0" }, version: "v1alpha3" },
      { range: { from: "1.4.0" }, version: "v1" },
    ]),
    kind("TLSRoute", [
      { range: { until: "1.5.0" }, version: "v1alpha2" },
      { range: { from: "1.5.0" }, version: "v1" },
    ]),
    kind("TCPRoute", [
      { range: { until: "1.6.0" }, version: "v1alpha2" },
      { range: { from: "1.6.0" }, version: "v1" },
    ]),
    kind("UDPRoute", [
      { range: { until: "1.6.0" }, version: "v1alpha2" },
      { range: { from: "1.6.0" }, version: "v1" },
    ]),
    kind("ListenerSet", [{ range: { from: "1.5.0" }, version: "v1" }]),
  ],
  crds: {
    groups: [GROUP],
    byChart: () => false,
    bundle: (version) => {
      const v = version.startsWith("v") ? version : `v${version}`;
      return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${v}/${channel(v)}-install.yaml`;
    },
  },
  sources: [
    "kubernetes-sigs/gateway-api config/crd/standard/*.yaml and config/crd/experimental/*.yaml at tags v1.0.0, v1.1.0, v1.2.0, v1.2.1, v1.3.0, v1.4.0, v1.4.1, v1.5.0, v1.5.1, v1.6.0, v1.6.1 (spec.versions[].served/storage): GatewayClass, Gateway, HTTPRoute v1 from v1.0.0; GRPCRoute v1 standard from v1.1.0; ReferenceGrant v1beta1 (v1 from v1.5.0); BackendTLSPolicy standard v1 from v1.4.0; TLSRoute experimental v1alpha2 until v1.5.0, standard v1 from v1.5.0; TCPRoute/UDPRoute v1 from v1.6.0; ListenerSet v1 from v1.5.0",
    "kubernetes-sigs/gateway-api hack/build-install-yaml.sh at v1.2.0: the release assets standard-install.yaml (every config/crd/standard file) and experimental-install.yaml (every config/crd/experimental file), published under releases/download/<tag>/",
    "kubernetes-sigs/gateway-api apis/v1/gateway_types.go at v1.2.0: spec.listeners MinItems=1 MaxItems=64, listener certificateRefs MaxItems=64",
  ],
};
