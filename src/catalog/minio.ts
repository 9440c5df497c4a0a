// MinIO (chart minio of https://charts.min.io/, from helm/minio of minio/minio): one S3 server, a Deployment in mode
// standalone or a StatefulSet of `replicas` x `pools` peers in mode distributed (the chart's default: 16 of them,
// each asking for 16Gi of memory), behind <fullname> (S3 API) and <fullname>-console; and a post-install Job that
// creates the users, policies and buckets of the values through the S3 API with mc. The defaults make the chart
// come up as one small server, as its README's minimal install does.
import type { ChartPort, ChartService, ChartWorkload, Component, Release } from "./types.js";
import { flag, fullname, textValue, trunc, valueAt, meetsRestricted } from "./helm.js";
import { isRecord, overlayValues } from "../lib/values.js";

// minio.name: nameOverride, else the chart's name, cut to 63.
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "minio"));

const standalone = (r: Release) => textValue(r, ["mode"], "distributed") === "standalone";
const distributed = (r: Release) => textValue(r, ["mode"], "distributed") === "distributed";
// the port names are the scheme: http, or https with tls.enabled
const scheme = (r: Release) => (flag(r, ["tls", "enabled"], false) ? "https" : "http");

/** The chart's ports are strings in values.yaml ("9000"), which the templates print as they are. */
function port(r: Release, path: string[], byDefault: number): number {
  const v = valueAt(r.values, path);
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : byDefault;
}
const apiPort = (r: Release) => port(r, ["minioAPIPort"], 9000);
const consolePort = (r: Release) => port(r, ["minioConsolePort"], 9001);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}
const podLabels = (r: Release) => stringMap(valueAt(r.values, ["podLabels"]));

// deployment.yaml and statefulset.yaml: the same selector and pod labels, the same two container ports
const selector = (r: Release) => ({ app: name(r), release: r.name });
const serverPorts = (r: Release): ChartPort[] => [
  { name: scheme(r), port: apiPort(r), protocol: "TCP" },
  { name: `${scheme(r)}-console`, port: consolePort(r), protocol: "TCP" },
];

function server(workload: string, kind: "Deployment" | "StatefulSet", enabled: (r: Release) => boolean): ChartWorkload {
  return { name: workload, kind, enabled, selector, labels: (r) => ({ ...podLabels(r), ...selector(r) }), ports: serverPorts };
}

// service.yaml and console-service.yaml select both workloads alike; service.port and consoleService.port are strings too
function services(workload: string): ChartService[] {
  return [
    { name: (r) => fullname(r, "minio"), workload, ports: (r) => [{ name: scheme(r), port: port(r, ["service", "port"], 9000), targetPort: apiPort(r), protocol: "TCP" }] },
    {
      name: (r) => `${fullname(r, "minio")}-console`,
      workload,
      routes: "http",
      ports: (r) => [{ name: scheme(r), port: port(r, ["consoleService", "port"], 9001), targetPort: consolePort(r), protocol: "TCP" }],
    },
  ];
}

// post-job.yaml renders when any of these lists is non-empty; values.yaml has one user (console, policy consoleAdmin)
const POST_JOB_LISTS = ["buckets", "users", "policies", "customCommands", "svcaccts"];
const postJob = (r: Release) =>
  POST_JOB_LISTS.some((k) => {
    const v = valueAt(r.values, [k]);
    return k === "users" && v === undefined ? true : Array.isArray(v) ? v.length > 0 : Boolean(v);
  });
// Each mc container of the post-install Job gets <key>.containerSecurityContext only with <key>.securityContext.enabled.
const JOB_KEYS = ["makePolicyJob", "makeBucketJob", "makeUserJob", "customCommandJob", "makeServiceAccountJob"];

const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
const RUNTIME_DEFAULT = { type: "RuntimeDefault" };

const ctx = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
// values.yaml's contexts, which Helm merges under the release's values key by key
const CHART_POD = { enabled: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: "OnRootMismatch" };
const CHART_JOB_POD = { enabled: false, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };
const withChart = (r: Release, path: string[], chart: Record<string, unknown>) => overlayValues(chart, ctx(valueAt(r.values, path)));


/**
 * restricted when the server's contexts render (securityContext.enabled and persistence.enabled) and meet it, and so
 * do the post-install Job's pod context (postJob.securityContext.enabled) and each mc container's; else baseline: the
 * chart asks for no host access, so nothing here needs privileged.
 */
function level(r: Release): "restricted" | "baseline" {
  const pod = withChart(r, ["securityContext"], CHART_POD);
  const serverOk = pod.enabled === true && flag(r, ["persistence", "enabled"], true) && meetsRestricted(pod, ctx(valueAt(r.values, ["containerSecurityContext"])));
  if (!serverOk) return "baseline";
  if (!postJob(r)) return "restricted";
  const jobPod = withChart(r, ["postJob", "securityContext"], CHART_JOB_POD);
  const jobsOk =
    jobPod.enabled === true &&
    JOB_KEYS.every((k) => valueAt(r.values, [k, "securityContext", "enabled"]) === true && meetsRestricted(jobPod, ctx(valueAt(r.values, [k, "containerSecurityContext"]))));
  return jobsOk ? "restricted" : "baseline";
}

export const minio: Component = {
  name: "minio",
  charts: [{ repo: "https://charts.min.io/", name: "minio" }],
  // the chart version read; the published minio-5.4.0.tgz is helm/minio at commit 43a740296
  known: { from: "5.4.0", until: "5.5.0" },
  kinds: [],
  release: {
    primary: "minio",
    workloads: [
      server("minio", "Deployment", standalone),
      server("minio-pool", "StatefulSet", distributed),
      {
        name: "post-job",
        kind: "Job",
        enabled: postJob,
        // the Job's pods: app <name>-job (its own metadata says <name>-post-job), release, podLabels
        selector: (r) => ({ app: `${name(r)}-job`, release: r.name }),
        labels: (r) => ({ ...podLabels(r), app: `${name(r)}-job`, release: r.name }),
        ports: () => [],
      },
    ],
    services: [
      ...services("minio"),
      ...services("minio-pool"),
      // statefulset.yaml: the peers find each other through the headless <fullname>-svc
      { name: (r) => `${fullname(r, "minio")}-svc`, workload: "minio-pool", ports: (r) => [{ name: scheme(r), port: port(r, ["service", "port"], 9000), targetPort: apiPort(r), protocol: "TCP" }] },
    ],
    flows: [
      // MINIO_ENDPOINT <fullname>, MINIO_PORT service.port: mc talks S3 to the server
      { kind: "internal", from: "post-job", to: "minio", port: "http", why: "mc creates the values' policies, users, buckets and service accounts over the S3 API (post-install hook)" },
      { kind: "internal", from: "post-job", to: "minio", port: "https", why: "the same with tls.enabled" },
      { kind: "internal", from: "post-job", to: "minio-pool", port: "http", why: "mc creates the values' policies, users, buckets and service accounts over the S3 API (post-install hook)" },
      { kind: "internal", from: "post-job", to: "minio-pool", port: "https", why: "the same with tls.enabled" },
      { kind: "internal", from: "minio-pool", to: "minio-pool", port: "http", why: "the distributed erasure set: every server reaches every peer at http://<fullname>-{0...n}.<fullname>-svc on the API port" },
      { kind: "internal", from: "minio-pool", to: "minio-pool", port: "https", why: "the same with tls.enabled" },
    ],
    podSecurity: {
      level,
      why: "containers without a restricted securityContext (the chart renders MinIO's only with persistence.enabled, the post-install Job's only with postJob.securityContext.enabled and each <job>.securityContext.enabled)",
    },
    defaults: () => ({
      // one server, and a memory request a small cluster can schedule (the chart's README's minimal install)
      mode: "standalone",
      replicas: 1,
      resources: { requests: { memory: "512Mi" } },
      // the chart's runAsUser/runAsGroup/fsGroup 1000 stay; these complete restricted
      securityContext: { runAsNonRoot: true, seccompProfile: RUNTIME_DEFAULT },
      containerSecurityContext: RESTRICTED_CONTAINER,
      postJob: { securityContext: { enabled: true, runAsNonRoot: true, seccompProfile: RUNTIME_DEFAULT } },
      ...Object.fromEntries(JOB_KEYS.map((k) => [k, { securityContext: { enabled: true }, containerSecurityContext: RESTRICTED_CONTAINER }])),
    }),
  },
  sources: [
    "minio/minio helm/minio at RELEASE.2025-01-18T00-31-37Z, the first tag with commit 43a740296 'update helm release v5.4.0' (Chart.yaml version 5.4.0, appVersion RELEASE.2024-12-18T13-15-44Z); its templates are byte-identical to helm-releases/minio-5.4.0.tgz as that commit publishes it",
    "the same tree: templates/_helpers.tpl (minio.name, minio.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>), deployment.yaml (under mode standalone: replicas 1, selector and pod labels app: <name> + release, podLabels; container ports <scheme> minioAPIPort and <scheme>-console minioConsolePort; securityContext (less enabled) and containerSecurityContext only with securityContext.enabled and persistence.enabled), statefulset.yaml (under mode distributed: <fullname>-svc headless, replicas x pools peers, the same labels and ports), service.yaml (<fullname>, port service.port -> minioAPIPort, named <scheme>), console-service.yaml (<fullname>-console, consoleService.port -> minioConsolePort)",
    "the same tree: post-job.yaml (post-install,post-upgrade hook Job when buckets, users, policies, customCommands or svcaccts is set; pod labels app: <name>-job + release + podLabels; mc containers reach MINIO_ENDPOINT <fullname>:service.port; pod securityContext only with postJob.securityContext.enabled, each container's with <job>.securityContext.enabled and <job>.containerSecurityContext), values.yaml (mode distributed, replicas 16, pools 1, resources.requests.memory 16Gi, persistence.size 500Gi, minioAPIPort \"9000\", minioConsolePort \"9001\", tls.enabled false, securityContext enabled with runAsUser/runAsGroup/fsGroup 1000, containerSecurityContext readOnlyRootFilesystem false, users: console/consoleAdmin, make*Job.securityContext.enabled false, postJob.securityContext.enabled false)",
    "README.md of the same tree: the minimal install sets resources.requests.memory=512Mi, replicas=1, mode=standalone",
  ],
};
