// External Secrets Operator (chart external-secrets of https://charts.external-secrets.io): the controller, which
// turns ExternalSecrets into Secrets from a store (1Password, Vault, ...), the admission webhook the API server calls
// for every ExternalSecret and (Cluster)SecretStore, and the cert-controller that keeps the webhook's certificate and
// CA bundles current. The store's own address is the spec's to declare (a flow); the API server is the chart's need.
import type { Component, Release } from "./types.js";
import { flag, fullname, portValue, textValue, trunc } from "./helm.js";

// external-secrets.name: nameOverride, else the chart's name; the webhook and cert-controller append to it.
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "external-secrets"));

function selector(suffix: string) {
  return (r: Release) => ({ "app.kubernetes.io/name": `${name(r)}${suffix}`, "app.kubernetes.io/instance": r.name });
}

// The pod templates take the `*.labels` helpers: the selector labels, managed-by (.Release.Service) and, besides
// helm.sh/chart and app.kubernetes.io/version, which change with the version, the values' commonLabels.
function labels(suffix: string) {
  return (r: Release) => ({ ...selector(suffix)(r), "app.kubernetes.io/managed-by": "Helm" });
}

const webhookPort = (r: Release) => portValue(r, ["webhook", "port"], 10250);

export const externalSecrets: Component = {
  name: "external-secrets",
  charts: [{ repo: "https://charts.external-secrets.io", name: "external-secrets" }],
  // chart versions, which equal the app versions (v-less)
  known: { from: "0.16.0", until: "0.19.0" },
  kinds: [
    // 0.16.0 made v1 the storage version and still served v1beta1; 0.17.0 stopped serving v1beta1
    ...["ExternalSecret", "SecretStore", "ClusterSecretStore", "ClusterExternalSecret"].map((kind) => ({
      group: "external-secrets.io",
      kind,
      served: [
        { range: { until: "0.16.0" }, version: "v1beta1" },
        { range: { from: "0.16.0" }, version: "v1" },
      ],
    })),
    { group: "external-secrets.io", kind: "PushSecret", served: [{ range: {}, version: "v1alpha1" }] },
  ],
  crds: {
    groups: ["external-secrets.io", "generators.external-secrets.io"],
    // the chart's templates/crds/ are generated at packaging, each under `if .Values.installCRDs` (default true)
    byChart: (r) => flag(r, ["installCRDs"], true),
    // what the getting-started guide applies when the chart does not install them
    bundle: (v) => `https://raw.githubusercontent.com/external-secrets/external-secrets/v${v.replace(/^v/, "")}/deploy/crds/bundle.yaml`,
  },
  release: {
    primary: "controller",
    workloads: [
      {
        name: "controller",
        kind: "Deployment",
        enabled: (r) => flag(r, ["createOperator"], true),
        selector: selector(""),
        labels: labels(""),
        ports: (r) => [{ name: "metrics", port: portValue(r, ["metrics", "listen", "port"], 8080), protocol: "TCP" }],
      },
      {
        name: "webhook",
        kind: "Deployment",
        enabled: (r) => flag(r, ["webhook", "create"], true),
        selector: selector("-webhook"),
        labels: labels("-webhook"),
        ports: (r) => [
          { name: "metrics", port: portValue(r, ["webhook", "metrics", "listen", "port"], 8080), protocol: "TCP" },
          { name: "webhook", port: webhookPort(r), protocol: "TCP" },
        ],
      },
      {
        name: "cert-controller",
        kind: "Deployment",
        enabled: (r) => flag(r, ["certController", "create"], true) && !flag(r, ["webhook", "certManager", "enabled"], false),
        selector: selector("-cert-controller"),
        labels: labels("-cert-controller"),
        ports: (r) => [{ name: "metrics", port: portValue(r, ["certController", "metrics", "listen", "port"], 8080), protocol: "TCP" }],
      },
    ],
    services: [
      {
        name: (r) => `${fullname(r, name(r))}-webhook`,
        workload: "webhook",
        ports: (r) => [{ name: "webhook", port: 443, targetPort: webhookPort(r), protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "from-apiserver", to: "webhook", port: "webhook", why: "the API server calls the validating webhooks for every ExternalSecret, SecretStore and ClusterSecretStore" },
      { kind: "to-apiserver", from: "controller", why: "the controller watches ExternalSecrets and stores and writes the Secrets they describe" },
      { kind: "to-apiserver", from: "webhook", why: "the webhook runs a controller-runtime manager against the API server" },
      { kind: "to-apiserver", from: "cert-controller", why: "the cert-controller writes the webhook's certificate Secret and patches the CRDs' and webhook configurations' CA bundles" },
    ],
  },
  sources: [
    "external-secrets/external-secrets deploy/charts/external-secrets at helm-chart-0.18.2 (the monosense seed's version): Chart.yaml (version and appVersion 0.18.2), templates/_helpers.tpl (external-secrets.name, external-secrets.fullname of helm create, selectorLabels name + instance with -webhook and -cert-controller suffixes, the labels helpers with managed-by .Release.Service), deployment.yaml (`if .Values.createOperator`; container port metrics = metrics.listen.port), webhook-deployment.yaml (`if .Values.webhook.create`; ports metrics and webhook = webhook.port), cert-controller-deployment.yaml (`if and .Values.certController.create (not .Values.webhook.certManager.enabled)`), webhook-service.yaml (<fullname>-webhook, 443 -> webhook.port), validatingwebhook.yaml (secretstore-validate and externalsecret-validate call that Service)",
    "values.yaml at helm-chart-0.18.2: installCRDs true, createOperator true, webhook.create true, webhook.port 10250, certController.create true, webhook.certManager.enabled false, metrics.listen.port 8080 for all three",
    "hack/helm.generate.sh at v0.18.2: the CRDs of deploy/crds/bundle.yaml become templates/crds/ wrapped in `if .Values.installCRDs` (and crds.create<Kind> for the cluster-scoped and push kinds); templates/crds/README.md says the same; docs/introduction/getting-started.md applies deploy/crds/bundle.yaml of the version otherwise; the bundle's groups are external-secrets.io and generators.external-secrets.io",
    "config/crds/bases/external-secrets.io_externalsecrets.yaml and _clustersecretstores.yaml at v0.15.1 (v1beta1 served and stored), v0.16.0 and v0.16.1 (v1 stored, v1beta1 still served), v0.17.0, v0.18.0, v0.18.2, v0.19.0, v0.20.0 and v1.0.0 (v1 served and stored, v1beta1 `served: false`, deprecated): an ExternalSecret at v1beta1 is rejected by 0.18.2",
    "cmd/controller/webhook.go at v0.18.2: the webhook starts a controller-runtime manager (ctrl.NewManager(ctrl.GetConfigOrDie())) and registers the ExternalSecret, SecretStore and ClusterSecretStore webhooks; templates/cert-controller-rbac.yaml: customresourcedefinitions and validatingwebhookconfigurations update/patch, endpoints and secrets",
  ],
};
