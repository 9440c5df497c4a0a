// The Tailscale Kubernetes operator (chart tailscale-operator of https://pkgs.tailscale.com/helmcharts). The chart runs
// one Deployment, `operator`, a tsnet node of its own on the tailnet that creates everything else in its namespace:
// a proxy StatefulSet per exposed Service, Ingress, Connector or ProxyGroup, a nameserver Deployment per DNSConfig and
// a StatefulSet per Recorder. None of those is in the chart's templates, so their labels come from the operator's Go
// code (cmd/k8s-operator). The chart creates no Service, webhook or NetworkPolicy.
import type { ChartWorkload, Component, Protocol, Release } from "./types.js";
import { valueAt } from "./helm.js";
import { isRecord } from "../lib/values.js";

const TAG = "v1.84.3";

const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
};

// deployment.yaml: the Deployment is named `operator` and selects `app: operator` whatever the release is called
const OPERATOR = { app: "operator" };
// childResourceLabels (svc.go) and pgLabels (proxygroup_specs.go): every proxy pod, of any parent type, carries it
const PROXY = { "tailscale.com/managed": "true" };
// deploy/manifests/nameserver/deploy.yaml: the pod template's only label (nameserver.go relabels the Deployment only)
const NAMESERVER = { app: "nameserver" };
// tsrecorder_specs.go labels("recorder", <Recorder name>, pod labels): the name and managed-by hold for every Recorder
const RECORDER = { "app.kubernetes.io/name": "recorder", "app.kubernetes.io/managed-by": "tailscale-operator" };

// A tailnet node reaches the coordination server and the DERP relays on TCP 443, STUN servers on UDP 3478 and its
// peers' WireGuard port, 41641 by default (KB 1082); a peer on another port is reached through DERP instead.
const TAILNET: Array<{ port: number; protocol: Protocol }> = [
  { port: 443, protocol: "TCP" },
  { port: 3478, protocol: "UDP" },
  { port: 41641, protocol: "UDP" },
];

const workload = (name: string, kind: ChartWorkload["kind"], labels: Record<string, string>, ports: ChartWorkload["ports"] = () => []): ChartWorkload => ({
  name,
  kind,
  enabled: () => true,
  selector: () => ({ ...labels }),
  labels: () => ({ ...labels }),
  ports,
});

const joinsTailnet = (from: string, what: string) => ({ kind: "to-internet" as const, from, ports: TAILNET, when: "always" as const, why: `${what} logs in to the Tailscale control plane and reaches its peers through DERP (TCP 443), STUN (UDP 3478) and WireGuard (UDP 41641)` });

export const tailscaleOperator: Component = {
  name: "tailscale-operator",
  charts: [{ repo: "https://pkgs.tailscale.com/helmcharts", name: "tailscale-operator" }],
  // the chart's version is the Tailscale release's (Chart.yaml: "set to Tailscale repo tag at release time"); the
  // chart, the manifests and the proxies' builders are the same from v1.84.0 to v1.84.3
  known: { from: "1.84.0", until: "1.85.0" },
  kinds: ["Connector", "ProxyClass", "DNSConfig", "Recorder", "ProxyGroup"].map((kind) => ({
    group: "tailscale.com",
    kind,
    served: [{ range: {}, version: "v1alpha1" }],
  })),
  // No `crds`: the published chart renders the five CRDs as templates under `if .Values.installCRDs` (true), and the
  // project publishes no CRD-only manifest (deploy/crds holds one file per CRD and no kustomization; the static
  // manifests/operator.yaml carries the operator too), so there is no bundle to list when installCRDs is false.
  release: {
    primary: "operator",
    workloads: [
      {
        name: "operator",
        kind: "Deployment",
        enabled: () => true,
        selector: () => ({ ...OPERATOR }),
        // the pod template: app: operator, then operatorConfig.podLabels
        labels: (r: Release) => ({ ...strings(valueAt(r.values, ["operatorConfig", "podLabels"])), ...OPERATOR }),
        ports: () => [],
      },
      // The proxies' StatefulSets, in the operator's namespace (sts.go a.operatorNamespace), for whatever the tailnet
      // exposes; their metrics ports (9001/9002) open only where a ProxyClass enables metrics.
      workload("proxies", "StatefulSet", PROXY),
      workload("nameserver", "Deployment", NAMESERVER, () => [
        { name: "tcp", port: 1053, protocol: "TCP" },
        { name: "udp", port: 1053, protocol: "UDP" },
      ]),
      workload("recorder", "StatefulSet", RECORDER),
    ],
    services: [],
    flows: [
      { kind: "to-apiserver", from: "operator", why: "the operator watches Services, Ingresses and its CRDs, creates the proxies' StatefulSets, Secrets and Services, and keeps its tailnet state in the Secret `operator`" },
      joinsTailnet("operator", "the operator (a tsnet node, OPERATOR_HOSTNAME) gets OAuth tokens and auth keys from the Tailscale API and"),
      { kind: "to-apiserver", from: "proxies", why: "containerboot keeps each proxy's tailnet state and device info in its Secret (TS_KUBE_SECRET)" },
      joinsTailnet("proxies", "each proxy"),
      { kind: "to-apiserver", from: "recorder", why: "the recorder keeps its tailnet state in a Secret (TS_STATE=kube:<pod>)" },
      joinsTailnet("recorder", "the recorder"),
    ],
    gaps: [
      { from: "proxies", why: "an ingress proxy forwards tailnet traffic to the Service or Ingress backend it exposes, in any namespace, and an egress proxy takes cluster pods' traffic for tailnet targets: the parents are Kubernetes objects no spec flow names" },
      { from: "nameserver", why: "the cluster DNS forwards ts.net queries to the nameserver's Service (53 -> 1053), a connection from kube-system the catalog cannot admit" },
    ],
    // The chart needs OAuth client credentials, but not as values: without oauth.clientId it mounts a Secret
    // `operator-oauth` the user creates (or oauthSecretVolume), which is the way to keep the secret out of Git, so no
    // value is `required`.
    podSecurity: {
      level: () => "privileged",
      why: "the proxies the operator runs in its namespace: a privileged sysctler init container and a privileged tailscale container (deploy/manifests/proxy.yaml); the Ingress proxies, nameserver and recorder leave securityContext empty",
    },
  },
  sources: [
    `tailscale/tailscale cmd/k8s-operator/deploy/chart at tag ${TAG}: templates/deployment.yaml (Deployment \`operator\`, selector and pod label app: operator plus operatorConfig.podLabels; securityContext only from operatorConfig.podSecurityContext/securityContext; volume oauth = oauthSecretVolume or Secret operator-oauth, files client_id/client_secret; no container port), templates/oauth-secret.yaml (Secret operator-oauth only \`if and .Values.oauth .Values.oauth.clientId\`), values.yaml (oauth {}, installCRDs true, podSecurityContext {} and securityContext {}, ingressClass.enabled true); no Service, webhook or NetworkPolicy template`,
    `tailscale/tailscale cmd/k8s-operator/generate/main.go at ${TAG} (helmcrd): the CRDs of deploy/crds become chart templates connector/proxyclass/dnsconfig/recorder/proxygroup.yaml wrapped in \`if .Values.installCRDs\`; .github/workflows/kubemanifests.yaml packages the chart with the release's version`,
    `tailscale/tailscale cmd/k8s-operator/deploy/crds/tailscale.com_{connectors,proxyclasses,dnsconfigs,recorders,proxygroups}.yaml at ${TAG}: group tailscale.com, cluster-scoped, v1alpha1 served and stored`,
    `tailscale/tailscale cmd/k8s-operator at ${TAG}: sts.go (proxy StatefulSets in a.operatorNamespace, pod labels app: <parent UID> plus childResourceLabels; proxy.yaml for egress/Service/Connector proxies, userspace-proxy.yaml for Ingress; metrics ports 9001/9002 only with ProxyClass metrics), svc.go childResourceLabels (tailscale.com/managed: true, parent-resource, -ns, -type), proxygroup_specs.go (pgLabels with tailscale.com/managed: true; proxy.yaml's privileged containers), nameserver.go and deploy/manifests/nameserver/{deploy,svc}.yaml (pod label app: nameserver, ports 1053 TCP/UDP, Service 53 -> 1053, no securityContext), tsrecorder_specs.go (labels name recorder, instance, managed-by tailscale-operator; TS_STATE kube:$(POD_NAME)), operator.go (tsnet.Server with a kubestore state Secret)`,
    `tailscale/tailscale cmd/k8s-operator/deploy/manifests/proxy.yaml at ${TAG}: init container sysctler privileged: true, container tailscale privileged: true; userspace-proxy.yaml: no securityContext`,
    "tailscale/tailscale git diff v1.84.0..v1.84.3 of cmd/k8s-operator/deploy, sts.go, svc.go, proxygroup_specs.go, nameserver.go, tsrecorder_specs.go: empty",
    "https://tailscale.com/kb/1082/firewall-ports: TCP *:443 (coordination server, DERP), UDP *:3478 (STUN), UDP from 41641 (WireGuard, the default port; peers' ports may differ)",
  ],
};
