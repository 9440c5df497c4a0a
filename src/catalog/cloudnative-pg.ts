// CloudNativePG (chart cloudnative-pg of https://cloudnative-pg.github.io/charts): the operator, which also serves the
// mutating and validating webhooks for every postgresql.cnpg.io object (failurePolicy Fail), so the API server must
// reach it before any Cluster, Backup or Pooler can be created. The PostgreSQL instances are the operator's pods, made
// from Cluster objects that spec services of kind managed carry (src/catalog/cnpg-resources.ts); the release itself
// runs the operator only, which polls those instances on their status port.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc } from "./helm.js";

// cloudnative-pg.name: nameOverride, else the chart's name.
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "cloudnative-pg"));
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });
const webhookPort = (r: Release) => portValue(r, ["webhook", "port"], 9443);

// The operator each chart version ships (Chart.yaml appVersion at each tag), for the CRDs of that version.
const OPERATOR: Record<string, string> = { "0.23.0": "1.25.0", "0.23.1": "1.25.0", "0.23.2": "1.25.1", "0.24.0": "1.26.0", "0.25.0": "1.26.1" };

export const cloudnativePg: Component = {
  name: "cloudnative-pg",
  charts: [{ repo: "https://cloudnative-pg.github.io/charts", name: "cloudnative-pg" }],
  // chart versions (operator 1.25.0-1.26.1)
  known: { from: "0.23.0", until: "0.26.0" },
  kinds: ["Backup", "Cluster", "ClusterImageCatalog", "Database", "ImageCatalog", "Pooler", "Publication", "ScheduledBackup", "Subscription"].map((kind) => ({
    group: "postgresql.cnpg.io",
    kind,
    served: [{ range: {}, version: "v1" }],
  })),
  crds: {
    groups: ["postgresql.cnpg.io"],
    // templates/crds/crds.yaml renders under `if .Values.crds.create`, true in values.yaml
    byChart: (r) => flag(r, ["crds", "create"], true),
    // config/crd of the operator's tag is a Kustomize root of the CRDs alone; an unknown chart version takes the newest known
    bundle: (v) => `https://github.com/cloudnative-pg/cloudnative-pg//config/crd?ref=v${OPERATOR[v.replace(/^v/, "")] ?? "1.26.1"}`,
  },
  release: {
    primary: "operator",
    workloads: [
      {
        name: "operator",
        kind: "Deployment",
        enabled: () => true,
        selector,
        // the pod template carries cloudnative-pg.selectorLabels and podLabels only
        labels: selector,
        ports: (r) => [
          { name: "metrics", port: 8080, protocol: "TCP" },
          { name: "webhook-server", port: webhookPort(r), protocol: "TCP" },
        ],
      },
    ],
    services: [
      {
        // service.name: the chart says not to change it, the webhook certificate is made for it
        name: (r) => textValue(r, ["service", "name"], "cnpg-webhook-service"),
        workload: "operator",
        ports: (r) => [{ name: "webhook-server", port: portValue(r, ["service", "port"], 443), targetPort: webhookPort(r), protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "from-apiserver", to: "operator", port: "webhook-server", why: "the API server calls the operator's mutating and validating webhooks for every postgresql.cnpg.io object" },
      { kind: "to-apiserver", from: "operator", why: "reconciles Clusters into Pods, PVCs, Services, Secrets and Jobs, and patches its webhook configurations" },
      // cloudnative-pg/cloudnative-pg v1.26.1 (and v1.25.0) docs/src/security.md "Network Policies": the operator must
      // reach each instance on 8000; internal/controller calls the instance manager's HTTP server there
      // (pkg/management/postgres/webserver/client/remote: /pg/status, /update, /pg/mode/backup, /pg/controldata)
      { kind: "to-component", from: "operator", component: "cnpg-cluster", to: "instance", port: "status", why: "polls every instance's status, upgrades its instance manager and drives backups through the instance manager's HTTP server" },
    ],
  },
  sources: [
    "cloudnative-pg/charts charts/cloudnative-pg at cloudnative-pg-v0.24.0 and cloudnative-pg-v0.23.2 (the seeds' versions; operator 1.26.0 and 1.25.1): templates/_helpers.tpl (cloudnative-pg.name, fullname, selectorLabels = name + instance), deployment.yaml (pod labels selectorLabels and podLabels; container ports metrics 8080 and webhook-server webhook.port), service.yaml (service.name cnpg-webhook-service, port 443 -> webhook-server), mutatingwebhookconfiguration.yaml and validatingwebhookconfiguration.yaml (clientConfig.service cnpg-webhook-service, failurePolicy Fail)",
    "values.yaml at the same tags: crds.create true, webhook.port 9443, service.name cnpg-webhook-service, service.port 443, hostNetwork false; templates/crds/crds.yaml: Backup, Cluster, ClusterImageCatalog, Database, ImageCatalog, Pooler, Publication, ScheduledBackup, Subscription, all postgresql.cnpg.io/v1",
    "Chart.yaml appVersion at cloudnative-pg-v0.23.0 through v0.25.0 (1.25.0, 1.25.0, 1.25.1, 1.26.0, 1.26.1); cloudnative-pg/cloudnative-pg config/crd/kustomization.yaml at v1.25.1 and v1.26.0 (the nine CRDs of config/crd/bases, no patches)",
    "_helpers.tpl cloudnative-pg.commonRules and clusterwideRules at v0.24.0: pods, PVCs, Services, Secrets, Jobs, leases, the postgresql.cnpg.io resources, webhook configurations (the API server flow)",
  ],
};
