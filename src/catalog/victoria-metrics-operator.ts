// The VictoriaMetrics operator (chart victoria-metrics-operator of https://victoriametrics.github.io/helm-charts/):
// one Deployment that reconciles the operator.victoriametrics.com kinds (VMSingle, VMAgent, VMAlert, VLSingle...)
// through the API server and, with admissionWebhooks.enabled (the default), serves their validating webhook on 9443
// behind the Service <fullname> (port webhook, service.webhookPort 9443), which the API server calls for every
// CREATE and UPDATE of the kinds admissionWebhooks.enabledCRDValidation lists, with failurePolicy Fail. The chart
// renders the CRDs itself from its crd.yaml (templates/crd.yaml, crds.enabled; the crds subchart only with crds.plain).
import type { Component, Release, ServedKind } from "./types.js";
import { flag, textValue, trunc, valueAt, labelsAt } from "./helm.js";
import { vmFullname, vmName } from "./victoria-metrics-common.js";

const CHART = "victoria-metrics-operator";
const GROUP = "operator.victoriametrics.com";

// vm.name and vm.fullname of victoria-metrics-common (no appKey: vm.plain.fullname is vm.fullname)
const name = (r: Release) => vmName(r, CHART);
const full = (r: Release) => vmFullname(r, CHART);

// vm.selectorLabels without an appKey: no `app` label
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": trunc(textValue(r, ["argocdReleaseOverride"], r.name)) });

/** vm.port.from.flag: the digits after the last colon of extraArgs.<flag>, else the chart's default */
function flagPort(r: Release, key: string, byDefault: number): number {
  const v = valueAt(r.values, ["extraArgs", key]);
  const m = typeof v === "string" ? /:(\d+)$/.exec(v) : typeof v === "number" ? [String(v), String(v)] : null;
  const n = m ? Number(m[1]) : byDefault;
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : byDefault;
}

function numberAt(r: Release, path: string[], byDefault: number): number {
  const v = valueAt(r.values, path);
  return typeof v === "number" && Number.isInteger(v) && v > 0 && v < 65536 ? v : byDefault;
}

const webhookPort = (r: Release) => flagPort(r, "webhook.port", 9443);
const metricsPort = (r: Release) => flagPort(r, "metrics-bind-address", 8080);

const kind = (k: string, version: string): ServedKind => ({ group: GROUP, kind: k, served: [{ range: {}, version }] });

export const victoriaMetricsOperator: Component = {
  name: "victoria-metrics-operator",
  charts: [{ repo: "https://victoriametrics.github.io/helm-charts/", name: CHART }],
  known: { from: "0.50.0", until: "0.51.0" },
  // charts/crds/crds/crd.yaml at victoria-metrics-operator-0.50.3 (the same kinds and versions at 0.50.0): one
  // served (and stored) version each
  kinds: [
    ...["VLCluster", "VLSingle", "VMAnomaly"].map((k) => kind(k, "v1")),
    ...[
      "VLogs",
      "VMAgent",
      "VMAlert",
      "VMAlertmanager",
      "VMAlertmanagerConfig",
      "VMAuth",
      "VMCluster",
      "VMNodeScrape",
      "VMPodScrape",
      "VMProbe",
      "VMRule",
      "VMScrapeConfig",
      "VMServiceScrape",
      "VMSingle",
      "VMStaticScrape",
      "VMUser",
    ].map((k) => kind(k, "v1beta1")),
  ],
  crds: {
    groups: [GROUP],
    // templates/crd.yaml renders crd.yaml with crds.enabled and not crds.plain; crds.plain installs the same file as
    // the crds subchart's crds/ (Helm's own CRD install); crds.enabled false installs none
    byChart: (r) => flag(r, ["crds", "enabled"], true),
    bundle: (v) => `https://raw.githubusercontent.com/VictoriaMetrics/helm-charts/${CHART}-${v.replace(/^v/, "")}/charts/${CHART}/charts/crds/crds/crd.yaml`,
  },
  release: {
    primary: "operator",
    workloads: [
      {
        name: "operator",
        kind: "Deployment",
        enabled: () => true,
        selector,
        // vm.podLabels: podLabels, the selector labels over them, managed-by
        labels: (r) => ({ ...labelsAt(r, ["podLabels"]), ...selector(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: (r) => [
          { name: "http", port: metricsPort(r), protocol: "TCP" },
          { name: "probe", port: flagPort(r, "health-probe-bind-address", 8081), protocol: "TCP" },
          { name: "webhook", port: webhookPort(r), protocol: "TCP" },
        ],
      },
    ],
    services: [
      {
        name: full,
        workload: "operator",
        ports: (r) => [
          { name: "http", port: numberAt(r, ["service", "servicePort"], 8080), targetPort: metricsPort(r), protocol: "TCP" },
          { name: "webhook", port: numberAt(r, ["service", "webhookPort"], 9443), targetPort: webhookPort(r), protocol: "TCP" },
        ],
      },
    ],
    flows: [
      { kind: "to-apiserver", from: "operator", why: "watches the operator.victoriametrics.com objects and writes the Deployments, StatefulSets, Services and Secrets they describe; leader election" },
      // admitted whether or not admissionWebhooks.enabled: the container port is declared either way
      { kind: "from-apiserver", to: "operator", port: "webhook", why: "the API server calls the operator's validating webhook (failurePolicy Fail) for every CREATE and UPDATE of the VictoriaMetrics kinds" },
    ],
    // podSecurityContext and securityContext meet restricted but for the seccomp profile
    defaults: () => ({ podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } } }),
    podSecurity: {
      level: (r) => (flag(r, ["hostNetwork"], false) ? "privileged" : flag(r, ["crds", "enabled"], true) && flag(r, ["crds", "cleanup", "enabled"], false) ? "baseline" : "restricted"),
      why: "hostNetwork (hostNetwork: true), or the pre-delete CRD cleanup Job (crds.cleanup.enabled) without a securityContext",
    },
  },
  sources: [
    "VictoriaMetrics/helm-charts charts/victoria-metrics-operator at victoria-metrics-operator-0.50.3 (commit bab904e, appVersion v0.60.2; the seed's version): templates/server.yaml (Deployment vm.plain.fullname, selector vm.selectorLabels without appKey, pod labels vm.podLabels with podLabels; args --webhook.enable=true with admissionWebhooks.enabled; container ports http (extraArgs metrics-bind-address, 8080), probe (health-probe-bind-address, 8081), webhook (webhook.port, 9443); securityContext through vm.securityContext; hostNetwork with hostNetwork), templates/service.yaml (<fullname>: http service.servicePort 8080 -> http, webhook service.webhookPort 9443 -> webhook)",
    "the same tag: templates/webhook.yaml (with admissionWebhooks.enabled: ValidatingWebhookConfiguration <fullname>-admission, clientConfig.service <fullname>:service.webhookPort, failurePolicy admissionWebhooks.policy, CREATE/UPDATE of each kind in enabledCRDValidation), templates/crd.yaml (renders crd.yaml, a link to charts/crds/crds/crd.yaml, with crds.enabled and not crds.plain, annotated helm.sh/resource-policy keep; fails on crds.plain without crds.enabled), Chart.yaml (dependency crds, condition crds.plain), templates/cleanup.yaml (pre-delete kubectl Job with crds.cleanup.enabled, no securityContext)",
    "the same tag: values.yaml (admissionWebhooks.enabled true, policy Fail, certManager.enabled false (a genCA-signed Secret <fullname>-validation); crds.enabled true, plain false, cleanup.enabled false; podSecurityContext enabled, fsGroup 2000, runAsNonRoot, runAsUser 1000, no seccompProfile; securityContext allowPrivilegeEscalation false, drop ALL, readOnlyRootFilesystem; hostNetwork false; service.servicePort 8080, webhookPort 9443); Chart.lock victoria-metrics-common 0.0.42",
    "VictoriaMetrics/helm-charts charts/victoria-metrics-common at victoria-metrics-common-0.0.42 templates/_helpers.tpl (vm.name, vm.fullname, vm.plain.fullname, vm.selectorLabels: name + instance, app only with an appKey; vm.podLabels) and _pod.tpl (vm.port.from.flag, vm.securityContext)",
    "charts/crds/crds/crd.yaml at victoria-metrics-operator-0.50.3 and 0.50.0: group operator.victoriametrics.com; VLCluster, VLSingle, VMAnomaly v1; VLogs, VMAgent, VMAlert, VMAlertmanager, VMAlertmanagerConfig, VMAuth, VMCluster, VMNodeScrape, VMPodScrape, VMProbe, VMRule, VMScrapeConfig, VMServiceScrape, VMSingle, VMStaticScrape, VMUser v1beta1 (one served version each)",
    "victoria-metrics-operator-0.50.0 to 0.50.3: templates unchanged, values.yaml adds admissionWebhooks.enabledCRDValidation.vmanomaly",
  ],
};
