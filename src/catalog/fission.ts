// Fission (chart fission-all of https://fission.github.io/fission-charts): one fission-bundle image run as many
// Deployments with literal names and `svc: <name>` labels (no release prefix, so one release per namespace). The chart
// ships no CRDs: the project publishes them as a Kustomize root (crds/v1) to apply first. The function and builder pods
// the executor and buildermgr create run in the functions' namespaces (default unless set), labelled by executor
// instance and function: no declared service selects them, so those flows are gaps.
import type { ChartPort, ChartWorkload, Component, Release } from "./types.js";
import { flag } from "./helm.js";

const REPO = "https://fission.github.io/fission-charts";
const TCP = "TCP" as const;

const metrics: ChartPort = { name: "metrics", port: 8080, protocol: TCP };

interface Spec {
  name: string;
  labels: Record<string, string>;
  ports: ChartPort[];
  enabled?: (r: Release) => boolean;
}

// templates/<dir>/deployment.yaml at v1.21.0: selector matchLabels = the pod labels below
const SPECS: Spec[] = [
  { name: "router", labels: { svc: "router", application: "fission-router" }, ports: [metrics, { name: "http", port: 8888, protocol: TCP }] },
  { name: "executor", labels: { svc: "executor" }, ports: [metrics, { name: "http", port: 8888, protocol: TCP }] },
  { name: "buildermgr", labels: { svc: "buildermgr" }, ports: [metrics] },
  { name: "storagesvc", labels: { svc: "storagesvc", application: "fission-storage" }, ports: [metrics, { name: "http", port: 8000, protocol: TCP }] },
  { name: "kubewatcher", labels: { svc: "kubewatcher" }, ports: [] },
  { name: "timer", labels: { svc: "timer" }, ports: [] },
  // the webhook container declares only metrics; it serves on --webhookPort 9443, the webhook-service's targetPort
  { name: "webhook", labels: { svc: "webhook-service", application: "fission-webhook" }, ports: [metrics, { name: "webhook", port: 9443, protocol: TCP }] },
  { name: "mqtrigger-keda", labels: { svc: "mqtrigger-keda" }, ports: [], enabled: (r) => flag(r, ["mqt_keda", "enabled"], true) },
  { name: "mqtrigger-kafka", labels: { svc: "mqtrigger" }, ports: [metrics], enabled: (r) => flag(r, ["kafka", "enabled"], false) },
  { name: "canaryconfig", labels: { svc: "canaryconfig", application: "fission-canaryconfig" }, ports: [metrics], enabled: (r) => flag(r, ["canaryDeployment", "enabled"], false) },
];

const workload = (s: Spec): ChartWorkload => ({
  name: s.name,
  kind: "Deployment",
  enabled: s.enabled ?? (() => true),
  selector: () => ({ ...s.labels }),
  labels: () => ({ ...s.labels }),
  ports: () => s.ports,
});

const CRD_KINDS = ["CanaryConfig", "Environment", "Function", "HTTPTrigger", "KubernetesWatchTrigger", "MessageQueueTrigger", "Package", "TimeTrigger"];

// the controllers that call the router's internal trigger URL (args --routerUrl http://router.<namespace>)
const ROUTER_CLIENTS = ["kubewatcher", "timer", "mqtrigger-keda", "mqtrigger-kafka"];

// every core component watches fission.io objects and Kubernetes resources (their role-*.yaml)
const API_CLIENTS = SPECS.map((s) => s.name);

export const fission: Component = {
  name: "fission",
  charts: [{ repo: REPO, name: "fission-all" }],
  known: { from: "v1.21.0", until: "v1.22.0" },
  kinds: CRD_KINDS.map((kind) => ({ group: "fission.io", kind, served: [{ range: {}, version: "v1" }] })),
  crds: {
    groups: ["fission.io"],
    // charts/fission-all has no crds/ directory and no CRD template
    byChart: () => false,
    bundle: (v) => `https://github.com/fission/fission//crds/v1?ref=v${v.replace(/^v/, "")}`,
  },
  release: {
    primary: "router",
    workloads: SPECS.map(workload),
    services: [
      // router/svc.yaml: port 80 -> 8888, type routerServiceType (LoadBalancer by default)
      { name: () => "router", workload: "router", ports: () => [{ name: "http", port: 80, targetPort: 8888, protocol: TCP }], routes: "http" },
      { name: () => "executor", workload: "executor", ports: () => [{ name: "http", port: 80, targetPort: 8888, protocol: TCP }] },
      { name: () => "storagesvc", workload: "storagesvc", ports: () => [{ name: "http", port: 80, targetPort: 8000, protocol: TCP }] },
      { name: () => "webhook-service", workload: "webhook", ports: () => [{ name: "webhook", port: 443, targetPort: 9443, protocol: TCP }] },
    ],
    flows: [
      ...API_CLIENTS.map((from) => ({ kind: "to-apiserver" as const, from, why: "fission's controllers watch fission.io objects and manage function pods, Services and Deployments" })),
      { kind: "internal", from: "router", to: "executor", port: "http", why: "the router asks the executor for a function's service address (--executorUrl http://executor.<namespace>)" },
      { kind: "internal", from: "buildermgr", to: "storagesvc", port: "http", why: "buildermgr stores built packages' archives (--storageSvcUrl http://storagesvc.<namespace>)" },
      ...ROUTER_CLIENTS.map((from) => ({ kind: "internal" as const, from, to: "router", port: "http", why: "the trigger controller invokes functions through the router (--routerUrl http://router.<namespace>)" })),
      { kind: "from-apiserver", to: "webhook", port: "webhook", why: "the validating and mutating admission webhooks for fission.io objects (webhook-service 443 -> 9443)" },
    ],
    gaps: [
      { from: "router", why: "the router proxies HTTP triggers to function pods (in the functions' namespace, default unless functionNamespace is set), which no spec service selects" },
      { from: "executor", why: "the executor specializes function pods through their fetcher sidecar (port 8000), and those fetchers download archives from storagesvc: the pods are the executor's, not the chart's" },
      { from: "buildermgr", why: "buildermgr drives the builder pods of each Environment (in the builder namespace) and their fetchers reach storagesvc" },
    ],
    // The pods get only a pod securityContext (router.securityContext & co., non-root 10001); no container
    // securityContext is templated, so allowPrivilegeEscalation: false and drop ALL cannot be set by values.
    // analytics: its post-install hook Job reports to Google Analytics; behind a default deny it fails, and a
    // failed post-install hook fails the install. routerServiceType LoadBalancer: on K3s its svclb pods want
    // hostPort 80, which Traefik holds; routes reach the router through the ingress instead.
    defaults: () => ({ analytics: false, routerServiceType: "ClusterIP" }),
    podSecurity: {
      level: () => "baseline",
      why: "containers with no securityContext (router, executor, buildermgr, storagesvc, kubewatcher, timer, webhook, mqtrigger-keda: allowPrivilegeEscalation unset, capabilities not dropped, no seccompProfile)",
    },
  },
  sources: [
    "fission/fission charts/fission-all at tag v1.21.0: templates/{router,executor,buildermgr,storagesvc,kubewatcher,timer,webhook-server,mqt-keda,mqt-fission-kafka,canary-config}/deployment.yaml (Deployments router (DaemonSet with router.deployAsDaemonSet), executor, buildermgr, storagesvc, kubewatcher, timer, webhook, mqtrigger-keda (mqt_keda.enabled), mqtrigger-kafka (kafka.enabled), canaryconfig (canaryDeployment.enabled); pod labels svc: router/executor/buildermgr/storagesvc/kubewatcher/timer/webhook-service/mqtrigger-keda/mqtrigger/canaryconfig, application fission-router/fission-storage/fission-webhook/fission-canaryconfig; ports metrics 8080, router and executor http 8888, storagesvc http 8000, webhook --webhookPort 9443 undeclared; args --executorUrl http://executor.<ns>, --storageSvcUrl http://storagesvc.<ns>, --routerUrl http://router.<ns>; only a pod securityContext from <component>.securityContext when enabled)",
    "the same tag: templates/router/svc.yaml (router, type routerServiceType, 80 -> 8888, selector svc: router), executor/svc.yaml (executor ClusterIP 80 -> 8888), storagesvc/svc.yaml (storagesvc ClusterIP 80 -> 8000), webhook-server/webhook-service.yaml (webhook-service, type serviceType, 443 -> 9443), analytics/post-install-job.yaml (with analytics: a post-install hook Job running /reporter to Google Analytics), values.yaml (routerServiceType LoadBalancer, serviceType ClusterIP, analytics true, mqt_keda.enabled true, kafka.enabled false, canaryDeployment.enabled false, securityContext enabled runAsNonRoot 10001 for each component, persistence.enabled true 8Gi)",
    "the same tag: crds/v1 (kustomization.yaml and fission.io_{canaryconfigs,environments,functions,httptriggers,kuberneteswatchtriggers,messagequeuetriggers,packages,timetriggers}.yaml, each v1 served); the chart has no crds/ directory",
  ],
};
