// Argo CD (chart argo-cd of https://argoproj.github.io/argo-helm): the application controller, the API server and
// UI, the repo server, Redis, Dex, the ApplicationSet and notifications controllers, and the Redis secret-init Job.
// They talk to each other on the paths the chart's own NetworkPolicies (global.networkPolicy.create) admit.
import type { ChartWorkload, Component, Release } from "./types.js";
import { flag, portValue, trunc, valueAt } from "./helm.js";

// argo-cd.name is `default .Chart.Name .Values.nameOverride`, and values.yaml sets nameOverride: argocd, so the
// pods are argocd-<component> unless the spec blanks nameOverride (then the chart's name, argo-cd).
function name(r: Release): string {
  const v = valueAt(r.values, ["nameOverride"]);
  return typeof v === "string" ? (v === "" ? "argo-cd" : v) : "argocd";
}

// argo-cd.fullname (_common.tpl): fullnameOverride, else the release when it contains the name, else <release>-<name>.
function full(r: Release): string {
  const o = valueAt(r.values, ["fullnameOverride"]);
  if (typeof o === "string" && o !== "") return trunc(o);
  const n = name(r);
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

/** The component's `name` value (server.name, repoServer.name, ...), which names its objects and labels. */
function componentName(r: Release, key: string, byDefault: string): string {
  const v = valueAt(r.values, [key, "name"]);
  return typeof v === "string" && v !== "" ? v : byDefault;
}

function workload(
  catalogName: string,
  key: string,
  byDefault: string,
  kind: ChartWorkload["kind"],
  enabled: (r: Release) => boolean,
  ports: (r: Release) => Array<{ name: string; port: number; path: string[] }>,
): ChartWorkload {
  // argo-cd.selectorLabels with "name", then argo-cd.labels adds the component, part-of and managed-by.
  const selector = (r: Release) => ({ "app.kubernetes.io/name": `${name(r)}-${componentName(r, key, byDefault)}`, "app.kubernetes.io/instance": r.name });
  return {
    name: catalogName,
    kind,
    enabled,
    selector,
    labels: (r) => ({ ...selector(r), "app.kubernetes.io/component": componentName(r, key, byDefault), "app.kubernetes.io/part-of": "argocd", "app.kubernetes.io/managed-by": "Helm" }),
    ports: (r) => ports(r).map((p) => ({ name: p.name, port: portValue(r, p.path, p.port), protocol: "TCP" as const })),
  };
}

/**
 * What an app of apps needs from the release: Argo CD has not assessed an Application's health since 1.8, so a parent
 * Application counts its child Applications Healthy as soon as they exist and sync waves gate nothing. The Lua check
 * of the Argo CD docs restores it; the chart passes every key of configs.cm into the argocd-cm ConfigMap.
 */
/**
 * What a release routed through an ingress controller needs: argocd-server answers plain HTTP on its one port
 * (8080) with a redirect to HTTPS unless `server.insecure`, so an ingress that terminates TLS and forwards HTTP
 * loops on that redirect. The chart writes configs.params into argocd-cmd-params-cm, which the server reads.
 */
export const SERVER_INSECURE = { values: ["configs", "params"], key: "server.insecure", value: true } as const;

export const APPLICATION_HEALTH = {
  values: ["configs", "cm"],
  key: "resource.customizations.health.argoproj.io_Application",
  lua: [
    "hs = {}",
    'hs.status = "Progressing"',
    'hs.message = ""',
    "if obj.status ~= nil then",
    "  if obj.status.health ~= nil then",
    "    hs.status = obj.status.health.status",
    "    if obj.status.health.message ~= nil then",
    "      hs.message = obj.status.health.message",
    "    end",
    "  end",
    "end",
    "return hs",
    "",
  ].join("\n"),
} as const;

const redisEnabled = (r: Release) => flag(r, ["redis", "enabled"], true) && !flag(r, ["redis-ha", "enabled"], false);
const externalRedis = (r: Release) => {
  const h = valueAt(r.values, ["externalRedis", "host"]);
  return typeof h === "string" && h !== "";
};

export const argoCd: Component = {
  name: "argo-cd",
  charts: [{ repo: "https://argoproj.github.io/argo-helm", name: "argo-cd" }],
  known: { from: "8.0.0", until: "9.0.0" },
  kinds: [],
  release: {
    primary: "server",
    workloads: [
      workload("server", "server", "server", "Deployment", () => true, () => [{ name: "server", port: 8080, path: ["server", "containerPorts", "server"] }]),
      workload("repo-server", "repoServer", "repo-server", "Deployment", () => true, () => [{ name: "repo-server", port: 8081, path: ["repoServer", "containerPorts", "server"] }]),
      // A Deployment instead with controller.dynamicClusterDistribution; the pods' labels are the same.
      workload("application-controller", "controller", "application-controller", "StatefulSet", () => true, () => []),
      workload("redis", "redis", "redis", "Deployment", redisEnabled, () => [{ name: "redis", port: 6379, path: ["redis", "containerPorts", "redis"] }]),
      workload("dex-server", "dex", "dex-server", "Deployment", (r) => flag(r, ["dex", "enabled"], true), () => [
        { name: "http", port: 5556, path: ["dex", "containerPorts", "http"] },
        { name: "grpc", port: 5557, path: ["dex", "containerPorts", "grpc"] },
      ]),
      workload("applicationset-controller", "applicationSet", "applicationset-controller", "Deployment", () => true, () => []),
      workload("notifications-controller", "notifications", "notifications-controller", "Deployment", (r) => flag(r, ["notifications", "enabled"], true), () => []),
      workload("commit-server", "commitServer", "commit-server", "Deployment", (r) => flag(r, ["commitServer", "enabled"], false), () => [{ name: "server", port: 8086, path: [] }]),
      // helm.sh/hook pre-install,pre-upgrade: it writes the Redis password Secret before anything else starts.
      workload("redis-secret-init", "redisSecretInit", "redis-secret-init", "Job", (r) => flag(r, ["redisSecretInit", "enabled"], true) && !externalRedis(r), () => []),
    ],
    services: [
      {
        name: (r) => trunc(`${full(r)}-${componentName(r, "server", "server")}`),
        workload: "server",
        routes: "http",
        ports: (r) => {
          const target = portValue(r, ["server", "containerPorts", "server"], 8080);
          return [
            { name: "http", port: portValue(r, ["server", "service", "servicePortHttp"], 80), targetPort: target, protocol: "TCP" },
            { name: "https", port: portValue(r, ["server", "service", "servicePortHttps"], 443), targetPort: target, protocol: "TCP" },
          ];
        },
      },
    ],
    flows: [
      { kind: "internal", from: "server", to: "repo-server", port: "repo-server", why: "manifests and app details for the UI and API" },
      { kind: "internal", from: "application-controller", to: "repo-server", port: "repo-server", why: "rendered manifests for every sync" },
      { kind: "internal", from: "applicationset-controller", to: "repo-server", port: "repo-server", why: "Git generators" },
      { kind: "internal", from: "notifications-controller", to: "repo-server", port: "repo-server", why: "application details for templates" },
      { kind: "internal", from: "server", to: "redis", port: "redis", why: "cache and sessions" },
      { kind: "internal", from: "repo-server", to: "redis", port: "redis", why: "the manifest cache" },
      { kind: "internal", from: "application-controller", to: "redis", port: "redis", why: "the app state cache" },
      { kind: "internal", from: "server", to: "dex-server", port: "http", why: "SSO: the server proxies /api/dex" },
      { kind: "internal", from: "server", to: "dex-server", port: "grpc", why: "SSO: the Dex gRPC API" },
      { kind: "internal", from: "application-controller", to: "commit-server", port: "server", why: "hydrated manifests" },
      { kind: "to-apiserver", from: "application-controller", why: "watches and syncs every managed resource" },
      { kind: "to-apiserver", from: "server", why: "Applications, projects, settings and Secrets" },
      { kind: "to-apiserver", from: "dex-server", why: "reads argocd-cm and argocd-secret for its config (its Role)" },
      { kind: "to-apiserver", from: "applicationset-controller", why: "ApplicationSets and the Applications they make" },
      { kind: "to-apiserver", from: "notifications-controller", why: "watches Applications, reads its ConfigMap and Secret" },
      { kind: "to-apiserver", from: "redis-secret-init", why: "creates the argocd-redis Secret" },
    ],
  },
  sources: [
    "argoproj/argo-helm charts/argo-cd at argo-cd-8.1.3 (the seeds' version), compared with argo-cd-8.0.0 and argo-cd-8.6.4 (names, labels, ports and the NetworkPolicy templates' peers unchanged): templates/_common.tpl (argo-cd.name, argo-cd.fullname, argo-cd.labels, argo-cd.selectorLabels), _helpers.tpl (argo-cd.<component>.fullname = <fullname>-<component name>), argocd-server/service.yaml (http 80 and https 443 -> containerPorts.server)",
    "values.yaml at argo-cd-8.1.3: nameOverride argocd; component names application-controller, server, repo-server, redis, dex-server, applicationset-controller, notifications-controller, commit-server, redis-secret-init; containerPorts server 8080, repo-server 8081, redis 6379, dex 5556/5557; dex, redis, notifications and redisSecretInit enabled, commitServer and redis-ha disabled",
    "the chart's NetworkPolicies: argocd-repo-server/networkpolicy.yaml (repo-server from server, application-controller, notifications and applicationset), redis/networkpolicy.yaml (redis from server, repo-server, application-controller), dex/networkpolicy.yaml (http and grpc from server), argocd-commit-server/networkpolicy.yaml (8086 from application-controller)",
    "argoproj/argo-cd docs/operator-manual/health.md at v3.0.11 (chart 8.1.3's appVersion), identical at v3.1.8 (chart 8.6.4): \"The health assessment of argoproj.io/Application CRD has been removed in argocd 1.8\", to be restored in argocd-cm with the resource.customizations.health.argoproj.io_Application Lua script quoted in APPLICATION_HEALTH; resource_customizations/argoproj.io/ at v3.0.11 has no Application check built in",
    "argo-helm charts/argo-cd at argo-cd-8.1.3, identical at 8.0.0 and 8.6.4: templates/argocd-configs/argocd-cm.yaml renders data from argo-cd.config.cm (_helpers.tpl), which is configs.cm without create and annotations, merged over the url preset: any configs.cm key lands in argocd-cm as it is",
    "argoproj/argo-cd docs/operator-manual/ingress.md (v3.0): behind Traefik, ingress-nginx without SSL passthrough or a Gateway, \"the API server should be run with TLS disabled\" (--insecure, or server.insecure in argocd-cmd-params-cm), else HTTP requests are redirected to HTTPS in a loop; argo-helm values.yaml at argo-cd-8.1.3: configs.params.server.insecure (false), rendered into argocd-cmd-params-cm by templates/argocd-configs/argocd-cmd-params-cm.yaml",
    "API server users: the Roles and ClusterRoles of argocd-application-controller, argocd-server, dex (secrets, configmaps), argocd-applicationset, argocd-notifications, redis-secret-init; argocd-repo-server's Role has no rules by default (repoServer.rbac: []), Redis has none",
  ],
};

