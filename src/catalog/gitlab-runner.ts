// GitLab Runner (chart gitlab-runner of https://charts.gitlab.io). One Deployment, the runner manager, selected by
// `app: <fullname>` alone; with the Kubernetes executor (the chart's default) it creates a pod per job through the
// API server, in runners.config's namespace (the release's by default). The job pods are not the chart's: their
// labels name the runner pod and the project, so no policy can pick the jobs of one release (gaps below).
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc } from "./helm.js";

// gitlab-runner.fullname: fullnameOverride, else the release when it starts with the name (hasPrefix, not contains),
// else <release>-<name>, the name being nameOverride or the chart's
function full(r: Release): string {
  const override = textValue(r, ["fullnameOverride"], "");
  if (override) return trunc(override);
  const n = textValue(r, ["nameOverride"], "gitlab-runner");
  return trunc(r.name.startsWith(n) ? r.name : `${r.name}-${n}`);
}

const metricsPort = (r: Release) => portValue(r, ["metrics", "port"], 9252);
const metricsName = (r: Release) => textValue(r, ["metrics", "portName"], "metrics");
const executor = (r: Release) => textValue(r, ["runners", "executor"], "kubernetes");

/** Job pods run privileged when runners.config says so (Docker-in-Docker); without a securityContext they are baseline. */
function jobPodSecurity(r: Release): "restricted" | "baseline" | "privileged" {
  const config = textValue(r, ["runners", "config"], "");
  return /^\s*privileged\s*=\s*true\b/m.test(config) ? "privileged" : "baseline";
}

export const gitlabRunner: Component = {
  name: "gitlab-runner",
  charts: [{ repo: "https://charts.gitlab.io", name: "gitlab-runner" }],
  known: { from: "0.77.2", until: "0.80.0" },
  kinds: [],
  release: {
    primary: "runner",
    workloads: [
      {
        name: "runner",
        kind: "Deployment",
        enabled: () => true,
        selector: (r) => ({ app: full(r) }),
        labels: (r) => ({ app: full(r), release: r.name, heritage: "Helm" }),
        // the container port is rendered whether or not metrics.enabled
        ports: (r) => [{ name: metricsName(r), port: metricsPort(r), protocol: "TCP" }],
      },
    ],
    services: [
      {
        // service.yaml renders only with service.enabled and metrics.enabled; its selector adds release
        name: full,
        workload: "runner",
        ports: (r) => (flag(r, ["service", "enabled"], false) && flag(r, ["metrics", "enabled"], false) ? [{ name: metricsName(r), port: metricsPort(r), targetPort: metricsPort(r), protocol: "TCP" }] : []),
      },
    ],
    flows: [{ kind: "to-apiserver", from: "runner", why: "the Kubernetes executor creates each job's pod, secrets and services, execs into it and streams its logs" }],
    gaps: [{ from: "runner", why: "the job pods it creates (labels job.runner.gitlab.com/pod, project.runner.gitlab.com/*, manager.runner.gitlab.com/*: none names the release) clone from and upload to GitLab and pull images; the spec cannot select them" }],
    // the executor needs a service account allowed to create pods: rbac.create is off by default, leaving the
    // namespace's default account. The chart's securityContext lacks only the seccomp profile for restricted.
    defaults: (r) => ({
      ...(executor(r) === "kubernetes" ? { rbac: { create: true }, serviceAccount: { create: true } } : {}),
      podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
    }),
    required: [
      { path: ["gitlabUrl"], why: "the GitLab instance the runner registers with and polls for jobs (also needs runnerToken or runners.secret naming a Secret with runner-token)", example: "https://gitlab.example.com/" },
    ],
    podSecurity: {
      level: (r) => (executor(r) === "kubernetes" ? jobPodSecurity(r) : "restricted"),
      why: "job pods the Kubernetes executor creates with no securityContext (privileged = true in runners.config for Docker-in-Docker)",
    },
  },
  sources: [
    "gitlab.com/gitlab-org/charts/gitlab-runner is not fetchable; read the upstream chart packages DoD-Platform-One/gitlab-runner vendors unmodified: chart/charts/gitlab-runner-0.77.2.tgz (commit 74e2a25) and gitlab-runner-0.79.0.tgz (commit 56ac805), which differ only in the namespace value; 0.78.1 lies between them and was not read itself",
    "in both: templates/_helpers.tpl (gitlab-runner.fullname = fullnameOverride, else the release when it has the name as prefix, else <release>-<name>; serviceAccountName = serviceAccount.name or the fullname with serviceAccount.create, else the fullname with rbac.create, else rbac.serviceAccountName; isSessionServerAllowed only with one replica and sessionServer.enabled), templates/deployment.yaml (selector app: <fullname>; pod labels app, chart, release, heritage, podLabels; container port metrics.portName/metrics.port always, session-server only when allowed; securityContext from podSecurityContext / securityContext), templates/service.yaml (only with service.enabled and metrics.enabled; selector app + release), templates/role.yaml (rbac.create: all verbs on all core resources), templates/_env_vars.tpl (RUNNER_EXECUTOR default kubernetes), templates/NOTES.txt (only a warning without gitlabUrl: the chart renders, the registration fails)",
    "values.yaml in both: gitlabUrl and runnerToken commented out, rbac.create false, serviceAccount.name empty, metrics.enabled false, port 9252, portName metrics, service.enabled false, runners.config a kubernetes executor in the release's namespace, securityContext allowPrivilegeEscalation false, runAsNonRoot true, privileged false, drop ALL; podSecurityContext runAsUser 100, fsGroup 65533 (no seccompProfile)",
    "GitLab Runner's Kubernetes executor documentation (default labels for job pods: project.runner.gitlab.com/*, manager.runner.gitlab.com/name and id-short, job.runner.gitlab.com/pod; not overridable)",
  ],
};
