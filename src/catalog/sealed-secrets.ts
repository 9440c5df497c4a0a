// Sealed Secrets (chart sealed-secrets of https://bitnami-labs.github.io/sealed-secrets): one controller Deployment
// that decrypts SealedSecrets into Secrets. kubeseal fetches the public certificate and verifies or re-encrypts
// through the API server's service proxy (services/<name>:http/proxy/v1/cert.pem), so the API server reaches the
// controller's http port. The chart's Service is named by its fullname rule: a release called `sealed-secrets` gets
// `sealed-secrets`, not kubeseal's default `sealed-secrets-controller` (the chart's README says so: pass
// --controller-name or set fullnameOverride).
import type { Component, Release } from "./types.js";
import { flag, portValue, trunc, valueAt } from "./helm.js";

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

// sealed-secrets.name / sealed-secrets.fullname (_helpers.tpl): the helm-create rules on nameOverride.
const name = (r: Release) => trunc(text(valueAt(r.values, ["nameOverride"])) ?? "sealed-secrets");
function full(r: Release): string {
  const o = text(valueAt(r.values, ["fullnameOverride"]));
  if (o) return trunc(o);
  const n = text(valueAt(r.values, ["nameOverride"])) ?? "sealed-secrets";
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

// sealed-secrets.matchLabels: the Deployment's, the Service's and the pod template's labels (plus podLabels).
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });

function podLabels(r: Release): Record<string, string> {
  const extra = valueAt(r.values, ["podLabels"]);
  const own: Record<string, string> = {};
  if (extra && typeof extra === "object" && !Array.isArray(extra)) for (const [k, v] of Object.entries(extra)) if (typeof v === "string") own[k] = v;
  return { ...own, ...selector(r) };
}

const httpPort = (r: Release) => portValue(r, ["containerPorts", "http"], 8080);
const metricsPort = (r: Release) => portValue(r, ["containerPorts", "metrics"], 8081);

export const sealedSecrets: Component = {
  name: "sealed-secrets",
  charts: [{ repo: "https://bitnami-labs.github.io/sealed-secrets", name: "sealed-secrets" }],
  // containerPorts.http / .metrics exist from 2.17.0; 2.17.0 through 2.18.5 render the same names, labels and ports
  known: { from: "2.17.0", until: "2.19.0" },
  kinds: [{ group: "bitnami.com", kind: "SealedSecret", served: [{ range: {}, version: "v1alpha1" }] }],
  crds: {
    groups: ["bitnami.com"],
    // the CRD sits in the chart's crds/, which Helm installs on install whatever the values
    byChart: () => true,
    // the chart's own copy at its tag (helm-v<chart version>)
    bundle: (v) => `https://raw.githubusercontent.com/bitnami-labs/sealed-secrets/helm-v${v.replace(/^v/, "")}/helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml`,
  },
  release: {
    primary: "controller",
    workloads: [
      {
        name: "controller",
        kind: "Deployment",
        enabled: (r) => flag(r, ["createController"], true),
        selector,
        labels: podLabels,
        ports: (r) => [
          { name: "http", port: httpPort(r), protocol: "TCP" },
          { name: "metrics", port: metricsPort(r), protocol: "TCP" },
        ],
      },
    ],
    services: [
      {
        // service.yaml: <fullname>, port service.port (8080) -> the container's http
        name: full,
        workload: "controller",
        routes: "http",
        ports: (r) => [{ name: "http", port: portValue(r, ["service", "port"], 8080), targetPort: httpPort(r), protocol: "TCP" }],
      },
      {
        name: (r) => `${full(r)}-metrics`,
        workload: "controller",
        ports: (r) => [{ name: "metrics", port: portValue(r, ["metrics", "service", "port"], 8081), targetPort: metricsPort(r), protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "to-apiserver", from: "controller", why: "watches SealedSecrets, writes the Secrets they unseal and keeps its sealing keys in Secrets" },
      { kind: "from-apiserver", to: "controller", port: "http", why: "kubeseal fetches the certificate and verifies or rotates through the API server's service proxy (the chart's rbac.serviceProxier)" },
    ],
    // values.yaml: podSecurityContext fsGroup only, containerSecurityContext runAsNonRoot, runAsUser 1001, read-only
    // root, drop ALL; restricted also wants RuntimeDefault seccomp and no privilege escalation, which the chart takes
    // as more keys of the same two maps (deployment.yaml renders them with `omit ... "enabled"`).
    defaults: () => ({
      podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
      containerSecurityContext: { allowPrivilegeEscalation: false },
    }),
  },
  sources: [
    "bitnami-labs/sealed-secrets helm/sealed-secrets at helm-v2.17.3 (commit 3dcc1c8, the seeds' version), compared with helm-v2.17.0 and helm-v2.18.5: templates/_helpers.tpl (sealed-secrets.name, sealed-secrets.fullname = the release when it contains the name, else <release>-<name>; sealed-secrets.matchLabels = app.kubernetes.io/name and instance), deployment.yaml (pod labels matchLabels + podLabels, container ports http containerPorts.http 8080 and metrics containerPorts.metrics 8081, securityContexts from podSecurityContext / containerSecurityContext with `enabled` omitted, only under createController), service.yaml (<fullname> http service.port 8080 -> http; <fullname>-metrics 8081 -> metrics)",
    "values.yaml at helm-v2.17.3: createController true, podSecurityContext {enabled, fsGroup 65534}, containerSecurityContext {enabled, readOnlyRootFilesystem, runAsNonRoot, runAsUser 1001, capabilities.drop ALL} (no seccompProfile, no allowPrivilegeEscalation), rbac.serviceProxier.create/bind true for system:authenticated",
    "crds/bitnami.com_sealedsecrets.yaml at helm-v2.17.3: SealedSecret (bitnami.com) served and stored at v1alpha1, in the chart's crds/",
    "README.md at helm-v2.17.3: 'the helm chart by default installs the controller with the name sealed-secrets, while the kubeseal command line interface (CLI) tries to access the controller with the name sealed-secrets-controller' (pass --controller-name, or fullnameOverride)",
    "bitnami-labs/sealed-secrets at v0.30.0 (the chart's appVersion): cmd/kubeseal/main.go --controller-name default sealed-secrets-controller; pkg/kubeseal/kubeseal.go fetches /v1/cert.pem, verifies and rotates through Services(ns).ProxyGet(\"http\", name, port, ...) and the services/proxy subresource",
  ],
};
