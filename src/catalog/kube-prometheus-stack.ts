// kube-prometheus-stack (chart kube-prometheus-stack of prometheus-community): the Prometheus Operator, which also
// serves the admission webhooks for PrometheusRules and AlertmanagerConfigs, the Prometheus and Alertmanager pods
// the operator makes from the chart's Prometheus and Alertmanager objects (their labels are the operator's, not the
// chart's), Grafana and kube-state-metrics from subcharts, and the two hook Jobs that write the webhook certificate.
// node-exporter runs on the host network, where no policy applies: Prometheus scrapes it, the kubelets and the control
// plane at the nodes' addresses (to-nodes flows), and the cluster DNS's metrics on its pods (a to-dns flow).
import type { ChartWorkload, Component, ComponentFlow, Release } from "./types.js";
import { flag, textValue, trunc, valueAt } from "./helm.js";

// kube-prometheus-stack.name: nameOverride, else the chart's name, cut to 50.
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "kube-prometheus-stack"), 50);

// kube-prometheus-stack.fullname: cut to 26, since the longest object name adds 37 characters to it.
function full(r: Release): string {
  const o = textValue(r, ["fullnameOverride"], "");
  if (o) return trunc(o, 26);
  const n = textValue(r, ["nameOverride"], "kube-prometheus-stack");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`, 26);
}

const clean = (r: Release) => flag(r, ["cleanPrometheusOperatorObjectNames"], false);
// The Prometheus and Alertmanager objects' names, which the operator puts in its pods' labels.
const prometheusName = (r: Release) => (clean(r) ? full(r) : `${full(r)}-prometheus`);
const alertmanagerName = (r: Release) => (clean(r) ? full(r) : `${full(r)}-alertmanager`);

// kube-prometheus-stack.labels, less what changes with the chart version (app.kubernetes.io/version, chart).
const chartLabels = (r: Release) => ({
  "app.kubernetes.io/managed-by": "Helm",
  "app.kubernetes.io/instance": r.name,
  "app.kubernetes.io/part-of": name(r),
  release: r.name,
  heritage: "Helm",
});

const operatorOn = (r: Release) => flag(r, ["prometheusOperator", "enabled"], true);
const operatorTls = (r: Release) => flag(r, ["prometheusOperator", "tls", "enabled"], true);
const admissionJobs = (r: Release) =>
  operatorOn(r) &&
  flag(r, ["prometheusOperator", "admissionWebhooks", "enabled"], true) &&
  flag(r, ["prometheusOperator", "admissionWebhooks", "patch", "enabled"], true) &&
  !flag(r, ["prometheusOperator", "admissionWebhooks", "certManager", "enabled"], false);

/** podMetadata.labels of a Prometheus or Alertmanager spec, which the operator adds to its pods. */
function podMetadataLabels(r: Release, path: string[]): Record<string, string> {
  const v = valueAt(r.values, [...path, "podMetadata", "labels"]);
  const out: Record<string, string> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

function admissionJob(key: "create" | "patch"): ChartWorkload {
  const selector = (r: Release) => ({ app: `${name(r)}-admission-${key}`, release: r.name });
  return {
    name: `admission-${key}`,
    kind: "Job",
    enabled: admissionJobs,
    selector,
    // the job's labels: app, then the webhook labels (kube-prometheus-stack.labels, name, component)
    labels: (r) => ({ ...chartLabels(r), ...selector(r), "app.kubernetes.io/name": `${name(r)}-prometheus-operator`, "app.kubernetes.io/component": "prometheus-operator-webhook" }),
    ports: () => [],
  };
}

// The chart's ServiceMonitors for the cluster's own components (templates/exporters/*), each behind its enabled flag
// and kubernetesServiceMonitors.enabled; their targets are the nodes' addresses, where these listen.
const monitors = (r: Release) => flag(r, ["kubernetesServiceMonitors", "enabled"], true);
const exporter = (key: string) => (r: Release) => monitors(r) && flag(r, [key, "enabled"], true);
// The default port of each: values that move one (service.targetPort, kubelet https: false) are not followed.
function scrapesNode(key: string, port: number, why: string): ComponentFlow {
  const enabled = key === "nodeExporter" ? (r: Release) => flag(r, ["nodeExporter", "enabled"], true) : exporter(key);
  return { kind: "to-nodes", from: "prometheus", ports: [{ port, protocol: "TCP" }], enabled, why };
}

const grafanaName = (r: Release) => trunc(textValue(r, ["grafana", "nameOverride"], "grafana"));
const ksmName = (r: Release) => trunc(textValue(r, ["kube-state-metrics", "nameOverride"], "kube-state-metrics"));
// the subcharts' <chart>.fullname: the release when it contains the name, else <release>-<name>
const subFull = (r: Release, key: string, n: string) => trunc(textValue(r, [key, "fullnameOverride"], "") || (r.name.includes(n) ? r.name : `${r.name}-${n}`));

export const kubePrometheusStack: Component = {
  name: "kube-prometheus-stack",
  charts: [
    { repo: "https://prometheus-community.github.io/helm-charts", name: "kube-prometheus-stack" },
    { repo: "oci://ghcr.io/prometheus-community/charts", name: "kube-prometheus-stack" },
  ],
  // chart versions: every 75.x ships Prometheus Operator v0.83.0
  known: { from: "75.0.0", until: "76.0.0" },
  kinds: [
    ...["Alertmanager", "PodMonitor", "Probe", "Prometheus", "PrometheusRule", "ServiceMonitor", "ThanosRuler"].map((kind) => ({ group: "monitoring.coreos.com", kind, served: [{ range: {}, version: "v1" }] })),
    ...["AlertmanagerConfig", "PrometheusAgent", "ScrapeConfig"].map((kind) => ({ group: "monitoring.coreos.com", kind, served: [{ range: {}, version: "v1alpha1" }] })),
  ],
  crds: {
    groups: ["monitoring.coreos.com"],
    // the crds subchart (condition crds.enabled, true) holds them in its crds/, which Helm installs on install
    byChart: (r) => flag(r, ["crds", "enabled"], true),
    // the operator's release asset with every CRD; 75.x ships v0.83.0, and so for unknown versions
    bundle: () => "https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.83.0/stripped-down-crds.yaml",
  },
  release: {
    primary: "prometheus",
    // the spec cannot say which of them opens a declared flow: Grafana its datasources, Prometheus its extra
    // scrape targets, Alertmanager its receivers
    clients: ["prometheus", "grafana", "alertmanager"],
    workloads: [
      {
        name: "operator",
        kind: "Deployment",
        enabled: operatorOn,
        selector: (r) => ({ app: `${name(r)}-operator`, release: r.name }),
        labels: (r) => ({ ...chartLabels(r), app: `${name(r)}-operator`, "app.kubernetes.io/name": `${name(r)}-prometheus-operator`, "app.kubernetes.io/component": "prometheus-operator" }),
        // tls.enabled (the default) serves the API and the webhooks on tls.internalPort; without it, http 8080
        ports: (r) => (operatorTls(r) ? [{ name: "https", port: 10250, protocol: "TCP" }] : [{ name: "http", port: 8080, protocol: "TCP" }]),
      },
      admissionJob("create"),
      admissionJob("patch"),
      {
        name: "prometheus",
        kind: "StatefulSet",
        enabled: (r) => flag(r, ["prometheus", "enabled"], true) && !flag(r, ["prometheus", "agentMode"], false),
        // the chart's Service selects by these two; the operator's StatefulSet selector has them too
        selector: (r) => ({ "app.kubernetes.io/name": "prometheus", "operator.prometheus.io/name": prometheusName(r) }),
        labels: (r) => ({
          ...podMetadataLabels(r, ["prometheus", "prometheusSpec"]),
          "app.kubernetes.io/managed-by": "prometheus-operator",
          "app.kubernetes.io/name": "prometheus",
          "app.kubernetes.io/instance": prometheusName(r),
          "operator.prometheus.io/name": prometheusName(r),
          "operator.prometheus.io/shard": "0",
          prometheus: prometheusName(r),
        }),
        ports: (r) => [
          { name: textValue(r, ["prometheus", "prometheusSpec", "portName"], "http-web"), port: 9090, protocol: "TCP" },
          { name: "reloader-web", port: 8080, protocol: "TCP" },
        ],
      },
      {
        name: "alertmanager",
        kind: "StatefulSet",
        enabled: (r) => flag(r, ["alertmanager", "enabled"], true),
        selector: (r) => ({ "app.kubernetes.io/name": "alertmanager", alertmanager: alertmanagerName(r) }),
        labels: (r) => ({
          ...podMetadataLabels(r, ["alertmanager", "alertmanagerSpec"]),
          "app.kubernetes.io/managed-by": "prometheus-operator",
          "app.kubernetes.io/name": "alertmanager",
          "app.kubernetes.io/instance": alertmanagerName(r),
          alertmanager: alertmanagerName(r),
        }),
        ports: (r) => [
          { name: textValue(r, ["alertmanager", "alertmanagerSpec", "portName"], "http-web"), port: 9093, protocol: "TCP" },
          { name: "reloader-web", port: 8080, protocol: "TCP" },
          { name: "mesh-tcp", port: 9094, protocol: "TCP" },
          { name: "mesh-udp", port: 9094, protocol: "UDP" },
        ],
      },
      {
        name: "grafana",
        kind: "Deployment",
        enabled: (r) => flag(r, ["grafana", "enabled"], true),
        selector: (r) => ({ "app.kubernetes.io/name": grafanaName(r), "app.kubernetes.io/instance": r.name }),
        labels: (r) => ({ "app.kubernetes.io/name": grafanaName(r), "app.kubernetes.io/instance": r.name }),
        ports: () => [{ name: "grafana", port: 3000, protocol: "TCP" }],
      },
      {
        name: "kube-state-metrics",
        kind: "Deployment",
        enabled: (r) => flag(r, ["kubeStateMetrics", "enabled"], true),
        selector: (r) => ({ "app.kubernetes.io/name": ksmName(r), "app.kubernetes.io/instance": r.name }),
        // kube-prometheus-stack sets the subchart's releaseLabel, so its pods carry release too
        labels: (r) => ({ "app.kubernetes.io/name": ksmName(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/component": "metrics", "app.kubernetes.io/part-of": ksmName(r), release: r.name }),
        ports: () => [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ],
    services: [
      {
        name: (r) => `${full(r)}-prometheus`,
        workload: "prometheus",
        ports: (r) => [
          { name: textValue(r, ["prometheus", "prometheusSpec", "portName"], "http-web"), port: 9090, targetPort: 9090, protocol: "TCP" },
          { name: "reloader-web", port: 8080, targetPort: 8080, protocol: "TCP" },
        ],
      },
      {
        name: (r) => `${full(r)}-alertmanager`,
        workload: "alertmanager",
        ports: (r) => [
          { name: textValue(r, ["alertmanager", "alertmanagerSpec", "portName"], "http-web"), port: 9093, targetPort: 9093, protocol: "TCP" },
          { name: "reloader-web", port: 8080, targetPort: 8080, protocol: "TCP" },
        ],
      },
      {
        name: (r) => subFull(r, "grafana", grafanaName(r)),
        workload: "grafana",
        routes: "http-web",
        ports: () => [{ name: "http-web", port: 80, targetPort: 3000, protocol: "TCP" }],
      },
      {
        name: (r) => trunc(textValue(r, ["prometheusOperator", "fullnameOverride"], "") || `${full(r)}-operator`, 35),
        workload: "operator",
        ports: (r) => (operatorTls(r) ? [{ name: "https", port: 443, targetPort: 10250, protocol: "TCP" }] : [{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }]),
      },
      {
        name: (r) => subFull(r, "kube-state-metrics", ksmName(r)),
        workload: "kube-state-metrics",
        ports: () => [{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }],
      },
    ],
    flows: [
      // the chart's ServiceMonitors: its own components, scraped by Prometheus
      { kind: "internal", from: "prometheus", to: "prometheus", port: "http-web", why: "self-monitoring (the prometheus ServiceMonitor) and the peers of a replicated Prometheus" },
      { kind: "internal", from: "prometheus", to: "prometheus", port: "reloader-web", why: "the config reloader's metrics" },
      { kind: "internal", from: "prometheus", to: "alertmanager", port: "http-web", why: "alerts (spec.alerting of the Prometheus object) and the alertmanager ServiceMonitor" },
      { kind: "internal", from: "prometheus", to: "alertmanager", port: "reloader-web", why: "the config reloader's metrics" },
      { kind: "internal", from: "prometheus", to: "operator", port: "https", why: "the operator's ServiceMonitor (https with tls.enabled)" },
      { kind: "internal", from: "prometheus", to: "operator", port: "http", why: "the operator's ServiceMonitor (http without TLS)" },
      { kind: "internal", from: "prometheus", to: "grafana", port: "grafana", why: "Grafana's ServiceMonitor" },
      { kind: "internal", from: "prometheus", to: "kube-state-metrics", port: "http", why: "kube-state-metrics' ServiceMonitor: the cluster's object metrics" },
      { kind: "internal", from: "alertmanager", to: "alertmanager", port: "mesh-tcp", why: "the Alertmanager cluster's gossip between replicas" },
      { kind: "internal", from: "alertmanager", to: "alertmanager", port: "mesh-udp", why: "the Alertmanager cluster's gossip between replicas" },
      { kind: "internal", from: "grafana", to: "prometheus", port: "http-web", why: "the Prometheus datasource the chart provisions" },
      { kind: "internal", from: "grafana", to: "alertmanager", port: "http-web", why: "the Alertmanager datasource the chart provisions" },
      { kind: "from-apiserver", to: "operator", port: "https", why: "the API server calls the operator's webhooks for PrometheusRules and AlertmanagerConfigs" },
      { kind: "to-apiserver", from: "operator", why: "reconciles Prometheus and Alertmanager objects into StatefulSets, Secrets and Services, and keeps the kubelet Endpoints" },
      { kind: "to-apiserver", from: "prometheus", why: "Kubernetes service discovery, and scraping the API server's own metrics" },
      scrapesNode("kubelet", 10250, "the kubelet ServiceMonitor: /metrics, /metrics/cadvisor and /metrics/probes over https (kubelet.serviceMonitor.https) on each node"),
      scrapesNode("nodeExporter", 9100, "node-exporter's ServiceMonitor: the subchart's DaemonSet listens on the host network"),
      scrapesNode("kubeControllerManager", 10257, "kube-controller-manager's secure port (Kubernetes >= 1.22), a static pod or process on the host network"),
      scrapesNode("kubeScheduler", 10259, "kube-scheduler's secure port (Kubernetes >= 1.23), on the host network"),
      scrapesNode("kubeEtcd", 2381, "etcd's metrics listener, on the host network"),
      scrapesNode("kubeProxy", 10249, "kube-proxy's metrics, on the host network"),
      { kind: "to-dns", from: "prometheus", ports: [{ port: 9153, protocol: "TCP" }], enabled: exporter("coreDns"), why: "the coreDns ServiceMonitor: CoreDNS's prometheus plugin on 9153 of the cluster DNS pods" },
      { kind: "to-apiserver", from: "grafana", why: "the dashboard and datasource sidecars watch ConfigMaps" },
      { kind: "to-apiserver", from: "kube-state-metrics", why: "lists and watches every object it reports on" },
      { kind: "to-apiserver", from: "admission-create", why: "writes the webhook's certificate Secret (pre-install hook)" },
      { kind: "to-apiserver", from: "admission-patch", why: "patches the CA into the webhook configurations (post-install hook)" },
    ],
  },
  sources: [
    "prometheus-community/helm-charts charts/kube-prometheus-stack at kube-prometheus-stack-75.15.1 (the seed's version): templates/_helpers.tpl (name cut to 50, fullname cut to 26, prometheus.crname and alertmanager.crname = <fullname>-prometheus / -alertmanager unless cleanPrometheusOperatorObjectNames, the labels helper), prometheus-operator/_prometheus-operator.tpl and deployment.yaml (selector app: <name>-operator + release; pod labels; tls.enabled with internalPort 10250 names the port https, else http 8080), prometheus-operator/service.yaml (443 -> https), admission-webhooks/*WebhookConfiguration.yaml (clientConfig.service the operator's Service), job-patch/job-createSecret.yaml and job-patchWebhook.yaml (app: <name>-admission-create|patch; hooks)",
    "the same tag: prometheus/prometheus.yaml and alertmanager/alertmanager.yaml (podMetadata passed through, alerting to <fullname>-alertmanager), prometheus/service.yaml (selector app.kubernetes.io/name: prometheus + operator.prometheus.io/name: <crname>; 9090 and reloader-web 8080), alertmanager/service.yaml (selector app.kubernetes.io/name: alertmanager + alertmanager: <crname>; 9093), the ServiceMonitors of prometheus, alertmanager, prometheus-operator, grafana and kube-state-metrics, grafana/configmaps-datasources.yaml (Prometheus :9090, Alertmanager :9093); values.yaml (prometheusOperator.tls.enabled true, admissionWebhooks.enabled and patch.enabled true, certManager.enabled false, portName http-web, grafana and kubeStateMetrics enabled, kube-state-metrics.releaseLabel true, crds.enabled true)",
    "Chart.yaml at every 75.x tag: appVersion v0.83.0; dependencies crds (condition crds.enabled), kube-state-metrics 6.1.0, prometheus-node-exporter 4.47.3, grafana 9.3.0; charts/crds/crds/crd-*.yaml: monitoring.coreos.com, v1 for Alertmanager, PodMonitor, Probe, Prometheus, PrometheusRule, ServiceMonitor, ThanosRuler, v1alpha1 for AlertmanagerConfig, PrometheusAgent, ScrapeConfig",
    "prometheus-operator/prometheus-operator at v0.83.0: pkg/prometheus/server/operator.go makeSelectorLabels (managed-by prometheus-operator, name prometheus, instance, operator.prometheus.io/name, prometheus = the object's name), server/statefulset.go (plus operator.prometheus.io/shard and podMetadata labels), pkg/prometheus/common.go MakeContainerPorts (portName 9090), pkg/operator/config_reloader.go (reloader-web 8080), pkg/alertmanager/operator.go makeSelectorLabels and statefulset.go (9093, mesh-tcp/mesh-udp 9094); .github/workflows/release.yaml uploads stripped-down-crds.yaml",
    "the same tag: values.yaml kubernetesServiceMonitors.enabled true; kubelet.enabled with serviceMonitor.https true (templates/exporters/kubelet/servicemonitor.yaml scrapes the operator's kubelet Service on https-metrics, 10250); nodeExporter.enabled; kubeControllerManager, kubeScheduler (templates/exporters/*/service.yaml: 10257 / 10259 on Kubernetes >= 1.22 / 1.23), kubeEtcd (2381), kubeProxy (10249), coreDns (9153, selector k8s-app: kube-dns) each enabled",
    "prometheus-community/helm-charts kube-state-metrics-6.1.0 (selectorLabels name + instance, labels with component metrics and release when releaseLabel, container port http 8080) and prometheus-node-exporter-4.47.3 (hostNetwork true); grafana/helm-charts grafana-9.3.0 (grafana.selectorLabels name + instance, container port grafana = service.targetPort 3000, Service port 80)",
  ],
};
