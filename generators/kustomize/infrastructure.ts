// The cluster's infrastructure root: cluster-level configuration that belongs to no namespace of the spec.
// Load-balancer pools and their announcement (MetalLB IPAddressPool + L2Advertisement or BGPPeer +
// BGPAdvertisement; Cilium LB IPAM pools + L2 announcement policy or BGP control plane v2), the ACME
// ClusterIssuer, and with Gateway API the TLS Certificates the gateway's listeners serve and, when Cilium serves it,
// the Gateway itself (Cilium's chart creates its GatewayClass `cilium`; src/plan/cilium.ts).
import type * as G from "../../src/graph.js";
import { ciliumApiVersion, ciliumGateway, ciliumVersion, gatewayListeners, type CiliumGateway } from "../../src/plan/cilium.js";
import { apiVersionOf, componentNamed } from "../../src/catalog/index.js";
import { CILIUM_GATEWAY, gatewayApiVersionFor } from "../../src/catalog/cilium.js";
import { metallbApiVersion, metallbNamespace } from "../../src/plan/metallb.js";
import { commonLabels } from "../../src/plan/labels.js";
import { gatewayTlsHosts } from "../../src/plan/roots.js";
import type { K8sObject } from "./names.js";
import { hostName } from "../../src/plan/names.js";
import { CILIUM_POOL_LABEL } from "./workload.js";
import { gatewayNamespace } from "./ingress.js";
import { packagedTraefikValues } from "../../src/plan/exposure.js";
import { toYaml } from "../../src/lib/yaml-writer.js";

function single(a: G.PoolNode["addresses"][number]): string {
  return a.kind === "single" ? `${a.text}/${a.range.family === 4 ? 32 : 128}` : a.text;
}

export function infrastructureObjects(g: G.Graph, c: G.ClusterNode): K8sObject[] {
  const labels = commonLabels(g);
  const out: K8sObject[] = [];
  const lb = c.loadBalancer;
  const bgp = lb?.mode === "bgp" ? c.bgp : undefined;
  if (lb?.type === "metallb") {
    const ns = metallbNamespace(c);
    const pools = [...lb.pools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const p of pools) {
      out.push({
        apiVersion: metallbApiVersion(c, "IPAddressPool"),
        kind: "IPAddressPool",
        metadata: { name: p.name, namespace: ns, labels },
        spec: { addresses: p.addresses.map(single), autoAssign: p.autoAssign },
      });
    }
    if (lb.mode === "l2" && pools.length) {
      out.push({ apiVersion: metallbApiVersion(c, "L2Advertisement"), kind: "L2Advertisement", metadata: { name: "l2", namespace: ns, labels }, spec: { ipAddressPools: pools.map((p) => p.name) } });
    }
    if (bgp) {
      for (const peer of bgp.peers) {
        out.push({
          apiVersion: metallbApiVersion(c, "BGPPeer"),
          kind: "BGPPeer",
          metadata: { name: peer.name, namespace: ns, labels },
          spec: { myASN: bgp.asn, peerASN: peer.asn, peerAddress: peer.address.text },
        });
      }
      // MetalLB announces service addresses only; pod and service CIDRs are the CNI's (PC0707 says so).
      if (pools.length && bgp.advertise.includes("loadBalancerIPs")) {
        out.push({ apiVersion: metallbApiVersion(c, "BGPAdvertisement"), kind: "BGPAdvertisement", metadata: { name: "bgp", namespace: ns, labels }, spec: { ipAddressPools: pools.map((p) => p.name) } });
      }
    }
  } else if (lb?.type === "cilium") {
    const pools = [...lb.pools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const p of pools) {
      out.push({
        apiVersion: ciliumApiVersion(c, "CiliumLoadBalancerIPPool"),
        kind: "CiliumLoadBalancerIPPool",
        metadata: { name: p.name, labels },
        spec: {
          blocks: p.addresses.map((a) => {
            if (a.kind === "range") {
              const [start, stop] = a.text.split("-").map((x) => x.trim());
              return { start, stop };
            }
            return { cidr: single(a) };
          }),
          // A pool that does not auto-assign serves only Services labelled for it.
          ...(p.autoAssign ? {} : { serviceSelector: { matchLabels: { [CILIUM_POOL_LABEL]: p.name } } }),
        },
      });
    }
    if (lb.mode === "l2" && pools.length) {
      out.push({ apiVersion: ciliumApiVersion(c, "CiliumL2AnnouncementPolicy"), kind: "CiliumL2AnnouncementPolicy", metadata: { name: "l2", labels }, spec: { loadBalancerIPs: true } });
    }
    if (bgp) out.push(...ciliumBgp(c, bgp, labels));
  }
  const ing = c.ingress;
  if (ing?.certIssuer && ing.acme) {
    const a = ing.acme;
    const solver =
      a.solver === "cloudflare"
        ? { dns01: { cloudflare: { apiTokenSecretRef: { name: a.secretName, key: "api-token" } } } }
        : ing.type === "gateway-api"
          ? { http01: { gatewayHTTPRoute: { parentRefs: [{ name: ing.className, namespace: gatewayNamespace(c), kind: "Gateway" }] } } }
          : { http01: { ingress: { ingressClassName: ing.className } } };
    out.push({
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: ing.certIssuer, labels },
      spec: { acme: { email: a.email, server: a.server, privateKeySecretRef: { name: `${ing.certIssuer}-account-key` }, solvers: [solver] } },
    });
  }
  for (const host of gatewayTlsHosts(c)) {
    out.push({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: hostName(host), namespace: gatewayNamespace(c), labels },
      spec: { secretName: hostName(host, "tls"), dnsNames: [host], issuerRef: { name: ing!.certIssuer!, kind: "ClusterIssuer", group: "cert-manager.io" } },
    });
  }
  const gw = ciliumGateway(c);
  if (gw) out.push(gatewayObject(c, gw, labels));
  const traefik = packagedTraefikValues(c);
  // helm-controller merges valuesContent into K3s's own HelmChart traefik and upgrades the release
  if (traefik) out.push({ apiVersion: "helm.cattle.io/v1", kind: "HelmChartConfig", metadata: { name: "traefik", namespace: "kube-system", labels }, spec: { valuesContent: toYaml(traefik) } });
  return out;
}

/**
 * The Gateway Cilium serves: routes of every namespace attach to it (their parentRefs name it), and it keeps the
 * address allocated to the spec's gateway service, in the form the load balancer reads from the Service Cilium makes.
 */
function gatewayObject(c: G.ClusterNode, gw: CiliumGateway, labels: Record<string, string>): K8sObject {
  const lbPorts = gw.service.ports.filter((p) => p.expose === "LoadBalancer" && p.loadBalancerIP);
  const ips = [...new Set(lbPorts.map((p) => p.loadBalancerIP!.text))].sort();
  const lb = c.loadBalancer;
  const annotations: Record<string, string> = {};
  const infraLabels: Record<string, string> = {};
  // Cilium LB IPAM reads spec.addresses (addresses.rst); MetalLB reads only the Service, which takes the annotations.
  if (ips.length && lb?.type === "metallb") annotations["metallb.universe.tf/loadBalancerIPs"] = ips.join(",");
  if (ips.length === 1 && lb?.type === "cilium") {
    const shared = c.services.some((s) => s !== gw.service && s.ports.some((p) => p.expose === "LoadBalancer" && p.loadBalancerIP?.text === ips[0]));
    if (shared) annotations["lbipam.cilium.io/sharing-key"] = ips[0]!;
    const pool = lbPorts.find((p) => p.pool)?.pool;
    if (pool && lb.pools.some((x) => x.name === pool && !x.autoAssign)) infraLabels[CILIUM_POOL_LABEL] = pool;
  }
  const infrastructure = {
    ...(Object.keys(infraLabels).length ? { labels: infraLabels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  return {
    apiVersion: apiVersionOf(componentNamed("gateway-api")!, "Gateway", gatewayApiVersionFor(ciliumVersion(c)))!,
    kind: "Gateway",
    metadata: { name: gw.name, namespace: gw.namespace, labels },
    spec: {
      gatewayClassName: CILIUM_GATEWAY.gatewayClass,
      ...(ips.length && lb?.type === "cilium" ? { addresses: ips.map((value) => ({ type: "IPAddress", value })) } : {}),
      ...(Object.keys(infrastructure).length ? { infrastructure } : {}),
      listeners: gatewayListeners(c).map((l) => ({
        name: l.name,
        protocol: l.protocol,
        port: l.port,
        ...(l.hostname ? { hostname: l.hostname } : {}),
        ...(l.secretName ? { tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: l.secretName }] } } : {}),
        allowedRoutes: { namespaces: { from: "All" } },
      })),
    },
  };
}

const BGP_LABEL = "platformc.dev/bgp";

function ciliumBgp(c: G.ClusterNode, bgp: NonNullable<G.ClusterNode["bgp"]>, labels: Record<string, string>): K8sObject[] {
  const families = new Set<4 | 6>(bgp.peers.map((p) => p.address.family));
  for (const p of c.loadBalancer?.pools ?? []) for (const a of p.addresses) families.add(a.range.family);
  const advertisements: Array<Record<string, unknown>> = [];
  const addresses = [...(bgp.advertise.includes("loadBalancerIPs") ? ["LoadBalancerIP"] : []), ...(bgp.advertise.includes("serviceCIDR") ? ["ClusterIP"] : [])];
  // Cilium advertises only the Services a selector matches; a NotIn on a label nobody sets matches them all.
  if (addresses.length) {
    advertisements.push({
      advertisementType: "Service",
      service: { addresses },
      selector: { matchExpressions: [{ key: `${BGP_LABEL}-exclude`, operator: "NotIn", values: ["never-used-value"] }] },
    });
  }
  if (bgp.advertise.includes("podCIDR")) advertisements.unshift({ advertisementType: "PodCIDR" });
  return [
    {
      apiVersion: ciliumApiVersion(c, "CiliumBGPClusterConfig"),
      kind: "CiliumBGPClusterConfig",
      metadata: { name: "bgp", labels },
      spec: {
        bgpInstances: [
          {
            name: `instance-${bgp.asn}`,
            localASN: bgp.asn,
            peers: bgp.peers.map((p) => ({ name: p.name, peerASN: p.asn, peerAddress: p.address.text, peerConfigRef: { name: "bgp" } })),
          },
        ],
      },
    },
    {
      apiVersion: ciliumApiVersion(c, "CiliumBGPPeerConfig"),
      kind: "CiliumBGPPeerConfig",
      metadata: { name: "bgp", labels },
      spec: {
        families: [...families].sort().map((f) => ({ afi: f === 4 ? "ipv4" : "ipv6", safi: "unicast", advertisements: { matchLabels: { [BGP_LABEL]: "advertise" } } })),
      },
    },
    ...(advertisements.length
      ? [{ apiVersion: ciliumApiVersion(c, "CiliumBGPAdvertisement"), kind: "CiliumBGPAdvertisement", metadata: { name: "bgp", labels: { ...labels, [BGP_LABEL]: "advertise" } }, spec: { advertisements } }]
      : []),
  ];
}
