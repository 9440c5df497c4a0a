// MetalLB (chart metallb of https://metallb.github.io/metallb): the controller, which assigns pool addresses and
// serves the admission and BGPPeer conversion webhooks, and the speaker, a DaemonSet on the host network that
// announces the addresses (ARP/NDP in L2 mode, BGP) and finds its peers by memberlist. Pools and advertisements
// are validated by the webhook, so a policy that shuts the API server out of the controller rejects them all.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue } from "./helm.js";

// metallb.name: nameOverride, else the chart's name; selectorLabels are the name and the instance, and every
// workload adds its component (_helpers.tpl, controller.yaml, speaker.yaml).
const name = (r: Release) => textValue(r, ["nameOverride"], "metallb");

function selector(component: string) {
  return (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": component });
}

// The pod template carries selectorLabels, the component and controller.labels / speaker.labels, no managed-by.
function labels(component: string, key: string) {
  return (r: Release) => {
    const extra = (r.values as Record<string, Record<string, unknown>> | undefined)?.[key]?.labels;
    const own: Record<string, string> = {};
    if (extra && typeof extra === "object" && !Array.isArray(extra)) for (const [k, v] of Object.entries(extra)) if (typeof v === "string") own[k] = v;
    return { ...own, ...selector(component)(r) };
  };
}

const memberlist = (r: Release) => flag(r, ["speaker", "enabled"], true) && flag(r, ["speaker", "memberlist", "enabled"], true);
const mlPort = (r: Release) => portValue(r, ["speaker", "memberlist", "mlBindPort"], 7946);
// 0.15.3 drops the container port with controller.webhookMode: disabled; earlier charts always open it.
const webhook = (r: Release) => textValue(r, ["controller", "webhookMode"], "enabled") !== "disabled";

/** The chart version platformc installs when the spec's loadBalancer is metallb and no service installs the chart. */
export const METALLB_DEFAULT_VERSION = "0.15.3";
export const METALLB_CHART = { repo: "https://metallb.github.io/metallb", name: "metallb" } as const;
/** The namespace MetalLB's install guide and manifests use; its speaker needs pod security `privileged`. */
export const METALLB_NAMESPACE = "metallb-system";

// Every kind at one version from 0.13 through 0.15: BGPPeer's v1beta2 is the stored one (v1beta1 still served,
// deprecated since 0.14), everything else v1beta1 only.
const v1beta1 = [{ range: {}, version: "v1beta1" }];

export const metallb: Component = {
  name: "metallb",
  charts: [METALLB_CHART],
  // 0.16 makes frr-k8s (a subchart with workloads and a webhook of its own) the default BGP backend: not read here.
  known: { from: "0.13.0", until: "0.16.0" },
  kinds: [
    { group: "metallb.io", kind: "IPAddressPool", served: v1beta1 },
    { group: "metallb.io", kind: "L2Advertisement", served: v1beta1 },
    { group: "metallb.io", kind: "BGPAdvertisement", served: v1beta1 },
    { group: "metallb.io", kind: "BGPPeer", served: [{ range: {}, version: "v1beta2" }] },
    { group: "metallb.io", kind: "BFDProfile", served: v1beta1 },
    { group: "metallb.io", kind: "Community", served: v1beta1 },
  ],
  crds: {
    groups: ["metallb.io"],
    // Chart.yaml: dependency crds, condition crds.enabled; values.yaml crds.enabled: true
    byChart: (r) => flag(r, ["crds", "enabled"], true),
    // The kustomization of the CRDs in the source tree at the release's tag (its BGPPeer conversion webhook names
    // metallb-webhook-service in metallb-system). Chart versions carry no v, tags do.
    bundle: (v) => `https://github.com/metallb/metallb//config/crd?ref=v${v.replace(/^v/, "")}`,
  },
  release: {
    primary: "controller",
    workloads: [
      {
        name: "controller",
        kind: "Deployment",
        enabled: (r) => flag(r, ["controller", "enabled"], true),
        selector: selector("controller"),
        labels: labels("controller", "controller"),
        ports: (r) => (webhook(r) ? [{ name: "webhook-server", port: 9443, protocol: "TCP" as const }] : []),
      },
      {
        // hostNetwork: true, so no NetworkPolicy selects its pods (the chart's own networkpolicy.yaml says so); the
        // policies platformc writes for it are inert, and its memberlist traffic runs node to node.
        name: "speaker",
        kind: "DaemonSet",
        enabled: (r) => flag(r, ["speaker", "enabled"], true),
        selector: selector("speaker"),
        labels: labels("speaker", "speaker"),
        ports: (r) =>
          memberlist(r)
            ? [
                { name: "memberlist-tcp", port: mlPort(r), protocol: "TCP" as const },
                { name: "memberlist-udp", port: mlPort(r), protocol: "UDP" as const },
              ]
            : [],
      },
    ],
    services: [
      // webhooks.yaml: a fixed name, port 443 to the controller's 9443
      { name: () => "metallb-webhook-service", workload: "controller", ports: () => [{ name: "webhook-server", port: 443, targetPort: 9443, protocol: "TCP" }] },
    ],
    flows: [
      { kind: "from-apiserver", to: "controller", port: "webhook-server", why: "the API server calls the validating webhooks for pools, advertisements and peers, and the BGPPeer conversion webhook" },
      { kind: "to-apiserver", from: "controller", why: "the controller watches Services and pools and writes the addresses it assigns" },
      { kind: "to-apiserver", from: "speaker", why: "the speaker watches Services, endpoints, nodes and the configuration it announces" },
      { kind: "internal", from: "speaker", to: "speaker", port: "memberlist-tcp", why: "memberlist: speakers find each other and elect the L2 announcer" },
      { kind: "internal", from: "speaker", to: "speaker", port: "memberlist-udp", why: "memberlist: speakers find each other and elect the L2 announcer" },
    ],
  },
  sources: [
    "metallb/metallb charts/metallb at v0.13.0, v0.13.12, v0.14.0, v0.14.9, v0.15.0 and v0.15.3: templates/_helpers.tpl (metallb.name, selectorLabels = name and instance), controller.yaml (Deployment, pod labels selectorLabels + component controller + controller.labels, containerPort 9443 webhook-server; 0.15.3 only unless controller.webhookMode is disabled), speaker.yaml (DaemonSet, hostNetwork: true, component speaker, memberlist-tcp and memberlist-udp on speaker.memberlist.mlBindPort, NET_RAW), webhooks.yaml (ValidatingWebhookConfiguration and Service metallb-webhook-service 443 -> 9443 selecting the controller)",
    "values.yaml at the same tags: controller.enabled, speaker.enabled, speaker.memberlist.enabled true, mlBindPort 7946, crds.enabled true, frrk8s.enabled false (true from 0.16.0, with the frr-k8s subchart)",
    "Chart.yaml at the same tags: dependency crds (the charts/crds subchart) with condition crds.enabled; charts/crds/templates/crds.yaml: IPAddressPool, L2Advertisement, BGPAdvertisement, BFDProfile, Community served at v1beta1, BGPPeer at v1beta1 (deprecated from 0.14) and v1beta2 (stored), with a conversion webhook on metallb-webhook-service",
    "templates/networkpolicy.yaml at v0.15.3: the controller needs egress to the API server and ingress on its webhook port; 'speaker pods do not need network policy because they are hostnetworked'",
    "website/content/installation/_index.md at v0.15.3: Helm repository https://metallb.github.io/metallb; the namespace needs pod-security.kubernetes.io/enforce, audit and warn: privileged for the speaker",
    "website/content/release-notes/_index.md at v0.16.1: 0.16.0 makes frr-k8s the default BGP mode and serves metrics over HTTPS only",
  ],
};
