// GitLab Runner (chart gitlab-runner of https://charts.gitlab.io). One Deployment, the runner manager, selected by
// `app: <fullname>` alone; with the Kubernetes executor (the chart's default) it creates a pod per job through the
// API server, in runners.config's namespace (the release's by default). The job pods are not the chart's: the labels
// the runner always gives them name the job, the project and the runner's configuration, never the release, and the
// chart has no value for them (podLabels is the manager's). Only runners.config's [runners.kubernetes.pod_labels]
// labels them, so platformc writes the chart's default config with two labels added (defaults below) and knows the
// job pods by those. A runners.config of the spec's own is not rewritten: its jobs are known only when it carries the
// same labels, and otherwise stay a gap.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc } from "./helm.js";
import { compareVersions } from "../lib/version.js";

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

// The labels platformc gives the job pods through pod_labels: outside runner.gitlab.com (which the runner refuses to
// let pod_labels set), not on the manager's pods, and naming the release, which the namespace holds once.
const jobLabels = (r: Release) => ({ "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": "ci-job" });

// values.yaml's runners.config (a template the chart renders with tpl), with the job labels added; 0.79.0 reads the
// jobs' namespace from runners.jobNamespace, which earlier charts do not know
function labelledConfig(r: Release): string {
  const ns = r.version && (compareVersions(r.version, "0.79.0") ?? 0) < 0 ? "{{.Release.Namespace}}" : "{{ default .Release.Namespace .Values.runners.jobNamespace }}";
  const labels = Object.entries(jobLabels(r)).map(([k, v]) => `      "${k}" = "${v}"\n`).join("");
  return `[[runners]]\n  [runners.kubernetes]\n    namespace = "${ns}"\n    image = "alpine"\n    [runners.kubernetes.pod_labels]\n${labels}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether every [[runners]] entry of runners.config (platformc's or the spec's own) runs its jobs in the release's
 * namespace with the job labels in its [runners.kubernetes.pod_labels] table. No namespace line: the chart's
 * KUBERNETES_NAMESPACE, the release's; a templated one is read as the chart's tpl renders it.
 */
function jobsLabelled(r: Release): boolean {
  const config = textValue(r, ["runners", "config"], "");
  const entries = config.split(/^\s*\[\[runners\]\]\s*$/m).slice(1);
  if (entries.length === 0) return false;
  const jobNamespace = textValue(r, ["runners", "jobNamespace"], "");
  const ownNamespace = (ns: string) => {
    const t = ns.replace(/\s+/g, "");
    if (t === "{{.Release.Namespace}}") return true;
    if (t === "{{default.Release.Namespace.Values.runners.jobNamespace}}") return jobNamespace === "" || jobNamespace === r.namespace;
    return r.namespace !== undefined && ns === r.namespace;
  };
  return entries.every((e) => {
    const ns = /^\s*namespace\s*=\s*"([^"]*)"/m.exec(e);
    if (ns && !ownNamespace(ns[1]!)) return false;
    const table = /^\s*\[runners\.kubernetes\.pod_labels\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(e);
    if (!table) return false;
    return Object.entries(jobLabels(r)).every(([k, v]) => new RegExp(`^\\s*"${escape(k)}"\\s*=\\s*"${escape(v)}"\\s*$`, "m").test(table[1]!));
  });
}

const kubernetesJobs = (r: Release) => executor(r) === "kubernetes";
// isSessionServerAllowed: `default 1 replicas` is 1 and sessionServer.enabled
const sessionServer = (r: Release) => portValue(r, ["replicas"], 1) === 1 && flag(r, ["sessionServer", "enabled"], false);

// Connections no policy can name. `enabled`: when the release's values make them needed (src/plan/components.ts
// keeps a gap whose enabled does not hold out of PC1211).
const gaps: Array<{ from: string; why: string; enabled: (r: Release) => boolean }> = [
  {
    from: "runner",
    enabled: (r) => kubernetesJobs(r) && !jobsLabelled(r),
    why: "the job pods it creates carry no label naming the release (the runner sets job.runner.gitlab.com/pod, project.runner.gitlab.com/* and manager.runner.gitlab.com/*), and runners.config gives them none or runs them in another namespace: they clone from and upload to GitLab, and the spec cannot select them. Add to each [runners.kubernetes] of runners.config a table [runners.kubernetes.pod_labels] with \"app.kubernetes.io/instance\" = \"<release>\" and \"app.kubernetes.io/component\" = \"ci-job\", the labels platformc writes when runners.config is unset",
  },
  {
    from: "jobs",
    enabled: sessionServer,
    why: "the session server proxies to the ports the jobs' services declare through the API server's services/proxy, which connects to the job pods on ports no spec knows",
  },
];

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
      {
        // bare Pods, one per CI job (kind: the nearest there is); the helper container clones the project and
        // uploads artifacts and cache, the build container runs the job's script
        name: "jobs",
        kind: "Job",
        enabled: (r) => kubernetesJobs(r) && jobsLabelled(r),
        selector: jobLabels,
        labels: jobLabels,
        ports: () => [],
      },
    ],
    // the job pods reach what the runner's flows name: the GitLab instance (gitlabUrl) they clone from and report to,
    // and whatever the spec declares the jobs use (a registry, the API server)
    clients: ["jobs"],
    services: [
      {
        // service.yaml renders only with service.enabled and metrics.enabled; its selector adds release
        name: full,
        workload: "runner",
        ports: (r) => (flag(r, ["service", "enabled"], false) && flag(r, ["metrics", "enabled"], false) ? [{ name: metricsName(r), port: metricsPort(r), targetPort: metricsPort(r), protocol: "TCP" }] : []),
      },
    ],
    flows: [{ kind: "to-apiserver", from: "runner", why: "the Kubernetes executor creates each job's pod, secrets and services, execs into it and streams its logs" }],
    gaps,
    // the executor needs a service account allowed to create pods: rbac.create is off by default, leaving the
    // namespace's default account. The chart's securityContext lacks only the seccomp profile for restricted. The
    // job labels: the chart's default runners.config with pod_labels, which a runners.config the spec gives replaces
    // whole (a string), and only while the spec sets no configPath (read only when runners.config is empty).
    defaults: (r) => ({
      ...(kubernetesJobs(r) ? { rbac: { create: true }, serviceAccount: { create: true } } : {}),
      ...(kubernetesJobs(r) && !textValue(r, ["runners", "configPath"], "") ? { runners: { config: labelledConfig(r) } } : {}),
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
    "values.yaml in both: runners.config `[[runners]]` / `[runners.kubernetes]` / namespace = \"{{.Release.Namespace}}\" (0.79.0: \"{{ default .Release.Namespace .Values.runners.jobNamespace }}\", with the new runners.jobNamespace commented out) / image = \"alpine\"; runners.configPath \"\" (\"Active if runners.config is empty or null\"); podLabels {} (the manager's Deployment only: no value labels the job pods); templates/configmap.yaml: config.template.toml is `tpl .Values.runners.config`, passed to `register --template-config` (else runners.configPath); templates/_env_vars.tpl: KUBERNETES_NAMESPACE = the release's namespace only when runners.config has no `namespace =`; templates/_helpers.tpl isSessionServerAllowed = (default 1 replicas) == 1 and sessionServer.enabled. Chart.yaml appVersion 18.0.2 (0.77.2), 18.2.0 (0.79.0); CHANGELOG.md of 0.79.0: 0.78.1 runs 18.1.1",
    "gitlab-org/gitlab-runner (its GitHub mirror gitlabhq/gitlab-runner) executors/kubernetes/kubernetes.go, buildLabels identical at v18.0.2, v18.1.1 and v18.2.0: pod, project.runner.gitlab.com/{id,namespace-id,name,namespace,root-namespace}, job.runner.gitlab.com/pod, manager.runner.gitlab.com/{name,id-short}, then every [runners.kubernetes] pod_labels entry (variables expanded, sanitizeLabel) except keys in the runner.gitlab.com namespace, then the job's KUBERNETES_POD_LABELS_* overwrites only when pod_labels_overwrite_allowed is set (overwrites.go evaluateMapOverwrite: empty regex disables them); common/config.go KubernetesConfig.PodLabels `toml:\"pod_labels\"`; commands/register.go mergeTemplate (the template's fields fill what registration leaves empty); executors/kubernetes/exec.go and terminal.go (the manager attaches to and execs into the job pod through the API server's pods/attach and pods/exec, and reads logs through pods/log: no connection of its own to the pod), service_proxy.go (the session server's service proxy goes through the API server's services/proxy to Services selecting job.runner.gitlab.com/pod, makePodProxyServices); docs/executors/kubernetes/_index.md at v18.1.1 (pod_labels: labels added to each build pod; runner.gitlab.com labels cannot be overwritten)",
  ],
};
