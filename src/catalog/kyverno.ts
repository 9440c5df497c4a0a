// Kyverno (chart kyverno of https://kyverno.github.io/kyverno): the admission controller (validating and mutating
// webhooks), the background controller (generate and mutate-existing), the cleanup controller (cleanup policies and
// their validating webhook) and the reports controller (policy reports). They share their work through the API
// server, never pod to pod; the API server calls the admission and cleanup controllers' webhooks on 9443.
import type { ChartWorkload, Component, Release } from "./types.js";
import { compareVersions } from "../lib/version.js";
import { flag, portValue, trunc, valueAt } from "./helm.js";

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

// kyverno.name / kyverno.fullname (_helpers/_names.tpl): the helm-create rules on nameOverride.
const name = (r: Release) => trunc(text(valueAt(r.values, ["nameOverride"])) ?? "kyverno");
function full(r: Release): string {
  const o = text(valueAt(r.values, ["fullnameOverride"]));
  if (o) return trunc(o);
  const n = text(valueAt(r.values, ["nameOverride"])) ?? "kyverno";
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
};

type Key = "admissionController" | "backgroundController" | "cleanupController" | "reportsController";

// <component>.matchLabels: kyverno.matchLabels.common (part-of the fullname, instance) and the component.
function selector(component: string) {
  return (r: Release) => ({ "app.kubernetes.io/part-of": full(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": component });
}

// <component>.labels on the pod template: customLabels, the Helm labels (unless templating.enabled) and the
// matchLabels; podLabels after them. helm.sh/chart and app.kubernetes.io/version change with the chart.
function labels(component: string, key: Key) {
  return (r: Release) => ({
    ...strings(valueAt(r.values, [key, "podLabels"])),
    ...strings(valueAt(r.values, ["customLabels"])),
    ...(flag(r, ["templating", "enabled"], false) ? {} : { "app.kubernetes.io/managed-by": "Helm" }),
    ...selector(component)(r),
  });
}

function controller(workload: string, key: Key, https: readonly string[], metricsName: string): ChartWorkload {
  return {
    name: workload,
    kind: "Deployment",
    // the admission controller has no switch; the others render under <key>.enabled (true)
    enabled: (r) => key === "admissionController" || flag(r, [key, "enabled"], true),
    selector: selector(workload),
    labels: labels(workload, key),
    ports: (r) => [
      { name: "https", port: portValue(r, [key, ...https], 9443), protocol: "TCP" as const },
      { name: metricsName, port: portValue(r, [key, "metering", "port"], 8000), protocol: "TCP" as const },
    ],
  };
}

// The chart's hook Jobs (pre-delete scale-to-zero, post-delete remove-configmap, post-upgrade clean-reports) run
// docker.io/bitnami/kubectl under /bin/bash until chart 3.5.2, and Bitnami removed those tags from Docker Hub in
// 2025 (they live on, frozen, as bitnamilegacy/kubectl). Argo CD runs post-upgrade hooks as PostSync on every sync
// and Flux's Helm upgrades wait for them, so a release stalls on the pull. 3.5.2 moved to registry.k8s.io/kubectl.
const KUBECTL_FIXED_IN = "3.5.2";
function hookImages(r: Release): Record<string, unknown> {
  const v = r.version?.replace(/^v/, "");
  const old = v !== undefined && (compareVersions(v, KUBECTL_FIXED_IN) ?? 0) < 0;
  if (!old) return {};
  const image = { image: { repository: "bitnamilegacy/kubectl" } };
  return { webhooksCleanup: image, policyReportsCleanup: image };
}

// The hook Jobs' pods carry only their podLabels (none by default), so no policy could let them reach the API server
// in a default-deny namespace; they get the chart's own kyverno.hooks.matchLabels, which it puts on the Jobs.
const hookSelector = selector("hooks");

function releaseDefaults(r: Release): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  const labels = hookSelector(r);
  out.crds = { migration: { podLabels: labels } };
  for (const key of ["webhooksCleanup", "policyReportsCleanup"]) out[key] = { podLabels: labels };
  for (const [key, v] of Object.entries(hookImages(r))) out[key] = { ...out[key], ...(v as Record<string, unknown>) };
  return out;
}

const at = (version: string) => [{ range: {}, version }];

export const kyverno: Component = {
  name: "kyverno",
  charts: [{ repo: "https://kyverno.github.io/kyverno", name: "kyverno" }],
  // 3.3.x carries Kyverno 1.13; labels, Services and ports are the same from 3.3.0 to 3.3.7
  known: { from: "3.3.0", until: "3.4.0" },
  // the version each kind is stored at (charts/crds/templates at kyverno-chart-3.3.7)
  kinds: [
    { group: "kyverno.io", kind: "ClusterPolicy", served: at("v1") },
    { group: "kyverno.io", kind: "Policy", served: at("v1") },
    { group: "kyverno.io", kind: "CleanupPolicy", served: at("v2") },
    { group: "kyverno.io", kind: "ClusterCleanupPolicy", served: at("v2") },
    { group: "kyverno.io", kind: "PolicyException", served: at("v2") },
    { group: "kyverno.io", kind: "UpdateRequest", served: at("v2") },
    { group: "kyverno.io", kind: "GlobalContextEntry", served: at("v2alpha1") },
    { group: "reports.kyverno.io", kind: "EphemeralReport", served: at("v1") },
    { group: "reports.kyverno.io", kind: "ClusterEphemeralReport", served: at("v1") },
    { group: "wgpolicyk8s.io", kind: "PolicyReport", served: at("v1alpha2") },
    { group: "wgpolicyk8s.io", kind: "ClusterPolicyReport", served: at("v1alpha2") },
  ],
  // No `crds`: the chart installs them (the crds subchart, condition crds.install, true), and Kyverno publishes no
  // single CRD manifest (its release uploads config/crds/**/*.yaml one file per CRD, beside the whole install.yaml).
  release: {
    primary: "admission-controller",
    workloads: [
      controller("admission-controller", "admissionController", ["webhookServer", "port"], "metrics-port"),
      controller("background-controller", "backgroundController", ["server", "port"], "metrics"),
      controller("cleanup-controller", "cleanupController", ["server", "port"], "metrics"),
      controller("reports-controller", "reportsController", ["server", "port"], "metrics"),
      {
        // hooks/*.yaml: the CRD migration (kyverno-cli, post-upgrade), scale-to-zero and webhook cleanup (pre-delete),
        // configmap removal (post-delete) and report cleanup (post-upgrade), with the labels the defaults give them
        name: "hooks",
        kind: "Job",
        enabled: () => true,
        selector: hookSelector,
        labels: hookSelector,
        ports: () => [],
      },
    ],
    services: [
      {
        // kyverno.admission-controller.serviceName: <fullname>-svc, 443 -> https
        name: (r) => trunc(`${full(r)}-svc`),
        workload: "admission-controller",
        ports: (r) => [{ name: "https", port: portValue(r, ["admissionController", "service", "port"], 443), targetPort: portValue(r, ["admissionController", "webhookServer", "port"], 9443), protocol: "TCP" }],
      },
      {
        // kyverno.cleanup-controller.name: <name>-cleanup-controller (the chart's name, not the fullname)
        name: (r) => `${name(r)}-cleanup-controller`,
        workload: "cleanup-controller",
        ports: (r) => [{ name: "https", port: portValue(r, ["cleanupController", "service", "port"], 443), targetPort: portValue(r, ["cleanupController", "server", "port"], 9443), protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "from-apiserver", to: "admission-controller", port: "https", why: "the API server calls Kyverno's validating and mutating webhooks for every matched request" },
      { kind: "from-apiserver", to: "cleanup-controller", port: "https", why: "the API server calls the cleanup controller's webhook that validates cleanup policies" },
      { kind: "to-apiserver", from: "admission-controller", why: "registers its webhooks, reads policies and the resources they reference, writes UpdateRequests and events" },
      { kind: "to-apiserver", from: "background-controller", why: "generates and mutates existing resources from UpdateRequests" },
      { kind: "to-apiserver", from: "cleanup-controller", why: "registers its webhook and deletes what cleanup policies match" },
      { kind: "to-apiserver", from: "reports-controller", why: "scans resources and writes policy reports" },
      { kind: "to-apiserver", from: "hooks", why: "the Helm hooks migrate stored CRs, clean old reports and, on uninstall, scale Kyverno down and delete its webhooks" },
    ],
    defaults: releaseDefaults,
  },
  sources: [
    "kyverno/kyverno charts/kyverno at kyverno-chart-3.3.7 (commit 22c853e, appVersion v1.13.4; the seed's version), compared with kyverno-chart-3.3.0: templates/_helpers/_names.tpl (kyverno.name, kyverno.fullname), _helpers/_labels.tpl (kyverno.matchLabels.common = part-of <fullname> and instance; kyverno.labels.helm = helm.sh/chart and managed-by unless templating.enabled; customLabels), <component>/_helpers.tpl (matchLabels add app.kubernetes.io/component admission-controller, background-controller, cleanup-controller, reports-controller; admission serviceName <fullname>-svc; cleanup Service <name>-cleanup-controller)",
    "kyverno-chart-3.3.7 templates/<component>/deployment.yaml: pod labels <component>.labels + podLabels; container ports https (admissionController.webhookServer.port, else <component>.server.port, 9443) and metrics-port / metrics (metering.port 8000); background, cleanup and reports under <component>.enabled (true); service.yaml: admission and cleanup Services 443 -> https, the others metrics only; networkpolicy.yaml: only the admission and cleanup controllers take ingress on 9443 ('webhook access')",
    "kyverno-chart-3.3.7 values.yaml: every controller's container securityContext runAsNonRoot, privileged false, allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL, seccompProfile RuntimeDefault (restricted as it is); webhooksCleanup.image and policyReportsCleanup.image bitnami/kubectl 1.30.2; crds.install true (Chart.yaml: dependency crds, condition crds.install)",
    "kyverno-chart-3.3.7 charts/crds/templates: ClusterPolicy and Policy stored at v1 (v2beta1 served), CleanupPolicy, ClusterCleanupPolicy, PolicyException and UpdateRequest at v2, GlobalContextEntry v2alpha1, EphemeralReport and ClusterEphemeralReport (reports.kyverno.io) v1, PolicyReport and ClusterPolicyReport (wgpolicyk8s.io) v1alpha2",
    "kyverno-chart-3.3.7 templates/hooks: pre-delete-scale-to-zero and post-delete-configmap (webhooksCleanup.image), post-upgrade-clean-reports (policyReportsCleanup.image) run /bin/bash -c kubectl ...; commits aa7946e and eb6b520 (kyverno-chart-3.5.2) switch to registry.k8s.io/kubectl v1.32.7",
    "kyverno-chart-3.3.7 templates/hooks/_helpers.tpl: kyverno.hooks.matchLabels = part-of <fullname>, instance, component hooks (on the Jobs' metadata); the Jobs' pod templates carry only crds.migration.podLabels, webhooksCleanup.podLabels, policyReportsCleanup.podLabels ({} in values.yaml)",
    "kyverno/kyverno#13683 (bitnami/kubectl no longer free from 2025-08-28, workaround repository bitnamilegacy/kubectl for both hooks), #14169 and cert-manager/cert-manager#8389 (docker.io/bitnami/kubectl:<tag>: not found); Argo CD docs/user-guide/helm.md: post-upgrade hooks run as PostSync",
    "kyverno/kyverno v1.13.4 .github/workflows/release.yaml: the release uploads install.yaml and config/crds/**/*.yaml as separate files (no single CRD bundle)",
  ],
};
