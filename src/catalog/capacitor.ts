// Capacitor, the Flux UI of gimlet-io. Up to v0.4.8 the project publishes no Helm chart of its own: it ships
// install manifests as the OCI artifact ghcr.io/gimlet-io/capacitor-manifests and, for Helm, a values file for the
// generic onechart (https://chart.onechart.dev). ghcr.io/gimlet-io/capacitor is the container image, not a chart.
// This entry therefore knows onechart, whose names and labels do not depend on what it runs; Capacitor's own needs
// (port 9000, its service account, the API server) are in the values file the spec carries.
import type { Component, Release } from "./types.js";
import { labelsAt, meetsRestricted, portValue, textValue, trunc, valueAt } from "./helm.js";

const REPO = "https://chart.onechart.dev";

// _helpers.tpl robustName: `regexReplaceAll "\\W+" . "-" | replace "_" "-" | lower | trunc 63 | trimSuffix "-"`
const robustName = (s: string) => trunc(s.replace(/\W+/g, "-").replace(/_/g, "-").toLowerCase());

// helm-chart.name: nameOverride, else the chart's name onechart
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "onechart"));

const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": robustName(r.name) });

// without a `ports` list the container has the one port http = containerPort (80 by default)
const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const port = (r: Release) => portValue(r, ["containerPort"], 80);

export const capacitor: Component = {
  name: "onechart",
  charts: [{ repo: REPO, name: "onechart" }],
  known: { from: "0.69.0", until: "0.70.0" },
  kinds: [],
  release: {
    primary: "app",
    workloads: [
      {
        name: "app",
        kind: "Deployment",
        enabled: () => true,
        selector,
        labels: (r) => ({ ...labelsAt(r, ["podLabels"]), ...selector(r) }),
        ports: (r) => [{ name: "http", port: port(r), protocol: "TCP" }],
      },
    ],
    services: [
      {
        // service.yaml: named robustName(release), port svcPort or containerPort -> http
        name: (r) => robustName(r.name),
        workload: "app",
        ports: (r) => [{ name: "http", port: portValue(r, ["svcPort"], port(r)), targetPort: port(r), protocol: "TCP" }],
        routes: "http",
      },
    ],
    flows: [],
    // common.container.tpl takes securityContext as given ({} by default) and podSecurityContext only sets fsGroup
    podSecurity: {
      level: (r) => (meetsRestricted(record(valueAt(r.values, ["podSecurityContext"])), record(valueAt(r.values, ["securityContext"]))) ? "restricted" : "baseline"),
      why: "securityContext {} by default (runAsNonRoot, seccompProfile, allowPrivilegeEscalation, capabilities unset)",
    },
  },
  sources: [
    "gimlet-io/capacitor at tag capacitor-v0.4.8: deploy/helm/Readme.md (`helm install capacitor onechart/onechart -f deploy/helm/onechart-helm-values.yaml`), deploy/helm/onechart-helm-values.yaml (image ghcr.io/gimlet-io/capacitor:v0.4.8, containerPort 9000, serviceAccount capacitor, securityContext runAsNonRoot, runAsUser 100, runAsGroup 101, allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL, seccompProfile RuntimeDefault), deploy/k8s/manifest.yaml (the onechart-0.69.0 rendering: Deployment and Service capacitor selecting app.kubernetes.io/name onechart + instance capacitor, port 9000 -> http), deploy/k8s/rbac.yaml (ServiceAccount capacitor and ClusterRole get/watch/list of pods, logs, Flux objects, patch of Flux objects), .github/workflows/publish.yml (pushes the image and the OCI artifact ghcr.io/gimlet-io/capacitor-manifests; no Helm chart)",
    "gimlet-io/onechart at tag v0.69.0: charts/onechart/templates/_helpers.tpl (helm-chart.name = nameOverride or onechart; selectorLabels name + instance robustName(release); robustName), templates/deployment.yaml and service.yaml (both named robustName(release); Service type ClusterIP unless nodePortEnabled/loadbalancerEnabled; port svcPort or containerPort -> http), charts/common templates/_container.yaml (port http = containerPort without `ports`; securityContext from values), values.yaml (containerPort 80, podSecurityContext fsGroup 999, securityContext {}); the `ports` list form is not modelled",
  ],
};
