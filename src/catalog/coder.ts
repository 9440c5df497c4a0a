// Coder (chart coder of https://helm.coder.com/v2): one Deployment `coder.name` (nameOverride, else "coder") and a
// Service named `coder` whatever the values, which the chart makes a LoadBalancer by default. The workspaces it
// provisions with the kubernetes Terraform provider are pods and Deployments its templates define, in the namespaces
// the templates name: their labels are the template author's, so no policy here can pick them (gaps).
import type { Component, Release } from "./types.js";
import { labelsAt, textValue, trunc, valueAt } from "./helm.js";

const REPO = "https://helm.coder.com/v2";

// _helpers.tpl coder.name: `default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-"`
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "coder"));

const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });

/** the coder.env entries by name (a list of {name, value}); valueFrom entries count as set */
function env(r: Release): Map<string, unknown> {
  const list = valueAt(r.values, ["coder", "env"]);
  const out = new Map<string, unknown>();
  if (Array.isArray(list)) for (const e of list) if (e && typeof e === "object" && typeof (e as { name?: unknown }).name === "string") out.set((e as { name: string }).name, (e as { value?: unknown }).value);
  return out;
}

// _coder.tpl: the prometheus-http port is only declared when coder.env sets CODER_PROMETHEUS_ENABLE to "true"
const prometheus = (r: Release) => env(r).get("CODER_PROMETHEUS_ENABLE") === "true";

// coder.tlsEnabled: coder.tls.secretNames non-empty adds the https container port 8443 and Service port 443
function tls(r: Release): boolean {
  const names = valueAt(r.values, ["coder", "tls", "secretNames"]);
  return Array.isArray(names) && names.length > 0;
}

export const coder: Component = {
  name: "coder",
  charts: [{ repo: REPO, name: "coder" }],
  known: { from: "2.15.0", until: "2.25.0" },
  kinds: [],
  release: {
    primary: "coder",
    workloads: [
      {
        name: "coder",
        kind: "Deployment",
        enabled: () => true,
        selector,
        // libcoder _coder.yaml: the pod template carries coder.labels (chart, selectorLabels, part-of, version,
        // managed-by) and coder.podLabels
        labels: (r) => ({ ...labelsAt(r, ["coder", "podLabels"]), ...selector(r), "app.kubernetes.io/part-of": name(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: (r) => [
          { name: "http", port: 8080, protocol: "TCP" },
          ...(tls(r) ? [{ name: "https", port: 8443, protocol: "TCP" as const }] : []),
          ...(prometheus(r) ? [{ name: "prometheus-http", port: 2112, protocol: "TCP" as const }] : []),
        ],
      },
    ],
    services: [
      {
        // service.yaml: `name: coder` is literal, not the fullname; only with coder.service.enable
        name: () => "coder",
        workload: "coder",
        ports: (r) => [
          { name: "http", port: 80, targetPort: 8080, protocol: "TCP" },
          ...(tls(r) ? [{ name: "https", port: 443, targetPort: 8443, protocol: "TCP" as const }] : []),
        ],
        routes: "http",
      },
    ],
    flows: [
      {
        kind: "to-apiserver",
        from: "coder",
        why: "the built-in provisioner runs Terraform's kubernetes provider with the coder service account (Role coder-workspace-perms: pods, PVCs, Deployments) to create and delete workspaces",
      },
    ],
    gaps: [
      {
        from: "coder",
        why: "workspace pods its templates create (labels the template author chooses, in the namespaces the templates name) connect back to CODER_ACCESS_URL for the agent and DERP; nothing the spec declares selects them",
      },
    ],
    // values.yaml's coder.securityContext is non-root 1000, RuntimeDefault, no privilege escalation but keeps the
    // default capabilities: dropping ALL is the one step `restricted` still needs (the server binds 8080, 2112, 6060).
    // The Service is a LoadBalancer by default: on K3s that is a ServiceLB DaemonSet wanting hostPort 80, which
    // Traefik already holds, so its svclb pods stay Pending; platformc exposes services through routes instead.
    defaults: () => ({ coder: { securityContext: { capabilities: { drop: ["ALL"] } }, service: { type: "ClusterIP" } } }),
  },
  sources: [
    "coder/coder helm/coder (stored snapshots read through the code index, not pinned to tag v2.24.2, which could not be fetched: the repository is larger than the mirror allows): templates/service.yaml (commit 0e8b89a: `name: coder` literal, only with coder.service.enable; port http 80 -> targetPort http, https 443 -> https with TLS; type coder.service.type; selector coder.selectorLabels), templates/coder.yaml (ServiceAccount unless disableCreate, Deployment from libcoder), templates/_coder.tpl (commit 0135f29: CODER_HTTP_ADDRESS 0.0.0.0:8080, CODER_PROMETHEUS_ADDRESS 0.0.0.0:2112 and CODER_PPROF_ADDRESS 0.0.0.0:6060 unless coder.env sets them; CODER_ACCESS_URL defaults to http(s)://coder.<namespace>.svc.cluster.local when coder.env lacks it and envUseClusterAccessURL; ports http 8080, https 8443 with coder.tls.secretNames, prometheus-http 2112 only when CODER_PROMETHEUS_ENABLE is \"true\")",
    "coder/coder helm/libcoder/templates/_helpers.tpl (commit 17b1283): coder.name = nameOverride or the chart name coder; selectorLabels app.kubernetes.io/name + instance (the release); coder.labels adds helm.sh/chart, part-of <name>, version, managed-by; _coder.yaml (commit 02a7285): Deployment named coder.name, pod labels coder.labels + coder.podLabels, pod securityContext coder.podSecurityContext, container securityContext coder.securityContext",
    "coder/coder helm/coder/values.yaml (commit 008b8d9): coder.env [], envUseClusterAccessURL true, securityContext runAsNonRoot, runAsUser/Group 1000, seccompProfile RuntimeDefault, allowPrivilegeEscalation false (no capabilities), service.enable true, service.type LoadBalancer, serviceAccount.workspacePerms true",
    "coder/coder helm/coder/tests/testdata/default_values_coder.golden (commit 0cffa29): the rendered Deployment (selector name coder + instance, container port http 8080 only, the securityContext above) and Service coder (LoadBalancer, selector name + instance); Role coder-workspace-perms on pods, persistentvolumeclaims, deployments",
    "CODER_PG_CONNECTION_URL: the chart neither sets nor requires it; without it `coder server` starts its built-in PostgreSQL (not read here), so it is not a required value",
  ],
};
