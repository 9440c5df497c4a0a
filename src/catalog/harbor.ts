// Harbor (chart harbor of https://helm.goharbor.io, source goharbor/harbor-helm). Every pod carries
// harbor.matchLabels (release, app) plus `component: <x>`. The chart's default expose.type ingress renders its own
// Ingress to <fullname>-portal / -core and no nginx, so no Service answers a route to the release; platformc routes
// with its own ingress, so the defaults switch to expose.type clusterIP: the nginx Deployment behind Service
// expose.clusterIP.name (harbor) 80 -> 8080, TLS off there because the cluster's ingress terminates it.
import type { ChartPort, ChartService, ChartWorkload, Component, Release } from "./types.js";
import { flag, fullname, portValue, textValue, trunc, valueAt } from "./helm.js";
import { isRecord } from "../lib/values.js";

const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "harbor"));
const full = (r: Release) => fullname(r, textValue(r, ["nameOverride"], "harbor"));
const tls = (r: Release) => flag(r, ["internalTLS", "enabled"], false);
const exposeType = (r: Release) => textValue(r, ["expose", "type"], "ingress");

const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
};

const selector = (component: string) => (r: Release) => ({ release: r.name, app: name(r), component });

// harbor.labels (without app.kubernetes.io/version) + component labels + <component>.podLabels
const labels = (component: string, podLabels: string[]) => (r: Release) => ({
  ...strings(valueAt(r.values, podLabels)),
  heritage: "Helm",
  chart: "harbor",
  "app.kubernetes.io/instance": r.name,
  "app.kubernetes.io/name": name(r),
  "app.kubernetes.io/managed-by": "Helm",
  "app.kubernetes.io/part-of": name(r),
  "app.kubernetes.io/component": component,
  ...selector(component)(r),
});

const tcp = (n: string, port: number): ChartPort => ({ name: n, port, protocol: "TCP" });
// harbor.<x>.containerPort: 8443 (registry 5443) with internalTLS, else 8080 (registry 5000)
const web = (r: Release) => (tls(r) ? 8443 : 8080);
const registryPort = (r: Release) => (tls(r) ? 5443 : 5000);

function workload(component: string, kind: ChartWorkload["kind"], enabled: (r: Release) => boolean, ports: (r: Release) => ChartPort[], podLabels = [component, "podLabels"]): ChartWorkload {
  return { name: component, kind, enabled, selector: selector(component), labels: labels(component, podLabels), ports };
}

const nginxOn = (r: Release) => exposeType(r) !== "ingress";
const dbOn = (r: Release) => textValue(r, ["database", "type"], "internal") === "internal";
const redisOn = (r: Release) => textValue(r, ["redis", "type"], "internal") === "internal";
const trivyOn = (r: Release) => flag(r, ["trivy", "enabled"], true);

const workloads: ChartWorkload[] = [
  workload("nginx", "Deployment", nginxOn, (r) => [tcp("http", 8080), ...(flag(r, ["expose", "tls", "enabled"], true) ? [tcp("https", 8443)] : [])]),
  workload("core", "Deployment", () => true, (r) => [tcp("web", web(r))]),
  workload("portal", "Deployment", () => true, (r) => [tcp("web", web(r))]),
  workload("jobservice", "Deployment", () => true, (r) => [tcp("web", web(r))]),
  workload("registry", "Deployment", () => true, (r) => [tcp("registry", registryPort(r)), tcp("controller", web(r))]),
  workload("database", "StatefulSet", dbOn, () => [tcp("postgres", 5432)]),
  workload("redis", "StatefulSet", redisOn, () => [tcp("redis", 6379)]),
  workload("trivy", "StatefulSet", trivyOn, (r) => [tcp("api-server", web(r))]),
];

// nginx/service.yaml: the Service is named by the expose type's own `name` value (harbor by default)
function exposeName(r: Release): string {
  const t = exposeType(r);
  return textValue(r, ["expose", t, "name"], "harbor");
}

const svc = (suffix: string, w: string, ports: (r: Release) => Array<ChartPort & { targetPort: number }>): ChartService => ({ name: (r) => `${full(r)}-${suffix}`, workload: w, ports });
const scheme = (r: Release, n: string) => `${tls(r) ? "https" : "http"}-${n}`;

const services: ChartService[] = [
  // first: a route on 8080 names the nginx Service, not core's or portal's (which also target 8080)
  {
    name: exposeName,
    workload: "nginx",
    routes: "http",
    ports: (r) => [
      { name: "http", port: portValue(r, ["expose", "clusterIP", "ports", "httpPort"], 80), targetPort: 8080, protocol: "TCP" },
      ...(flag(r, ["expose", "tls", "enabled"], true) ? [{ name: "https", port: portValue(r, ["expose", "clusterIP", "ports", "httpsPort"], 443), targetPort: 8443, protocol: "TCP" as const }] : []),
    ],
  },
  svc("core", "core", (r) => [{ name: scheme(r, "web"), port: tls(r) ? 443 : 80, targetPort: web(r), protocol: "TCP" }]),
  svc("portal", "portal", (r) => [{ name: "web", port: tls(r) ? 443 : 80, targetPort: web(r), protocol: "TCP" }]),
  svc("jobservice", "jobservice", (r) => [{ name: scheme(r, "jobservice"), port: tls(r) ? 443 : 80, targetPort: web(r), protocol: "TCP" }]),
  svc("registry", "registry", (r) => [
    { name: scheme(r, "registry"), port: registryPort(r), targetPort: registryPort(r), protocol: "TCP" },
    { name: scheme(r, "controller"), port: web(r), targetPort: web(r), protocol: "TCP" },
  ]),
  svc("trivy", "trivy", (r) => [{ name: scheme(r, "trivy"), port: web(r), targetPort: web(r), protocol: "TCP" }]),
  svc("redis", "redis", () => [{ name: "redis", port: 6379, targetPort: 6379, protocol: "TCP" }]),
  svc("database", "database", () => [{ name: "postgres", port: 5432, targetPort: 5432, protocol: "TCP" }]),
];

const internal = (from: string, to: string, port: string, why: string) => ({ kind: "internal" as const, from, to, port, why });

export const harbor: Component = {
  name: "harbor",
  charts: [{ repo: "https://helm.goharbor.io", name: "harbor" }],
  known: { from: "1.17.0", until: "1.18.0" },
  kinds: [],
  release: {
    primary: "nginx",
    workloads,
    services,
    flows: [
      internal("nginx", "core", "web", "nginx's upstream core: /api/, /service/, /v2/, /c/ (configmap-http.yaml)"),
      internal("nginx", "portal", "web", "nginx's upstream portal: / (configmap-http.yaml)"),
      internal("core", "database", "postgres", "POSTGRESQL_HOST <fullname>-database:5432 with the internal database (core-cm.yaml)"),
      internal("core", "redis", "redis", "_REDIS_URL_CORE / _REDIS_URL_REG at <fullname>-redis:6379 (core-cm.yaml)"),
      internal("core", "registry", "registry", "REGISTRY_URL <fullname>-registry:5000 (core-cm.yaml)"),
      internal("core", "registry", "controller", "REGISTRY_CONTROLLER_URL <fullname>-registry:8080, the registryctl container (core-cm.yaml)"),
      internal("core", "jobservice", "web", "JOBSERVICE_URL <fullname>-jobservice (core-cm.yaml)"),
      internal("core", "trivy", "api-server", "TRIVY_ADAPTER_URL <fullname>-trivy:8080 (core-cm.yaml)"),
      internal("jobservice", "core", "web", "CORE_URL and TOKEN_SERVICE_URL <fullname>-core:80 (jobservice-cm-env.yaml)"),
      internal("jobservice", "registry", "registry", "REGISTRY_URL (jobservice-cm-env.yaml): replication and GC jobs"),
      internal("jobservice", "registry", "controller", "REGISTRY_CONTROLLER_URL (jobservice-cm-env.yaml)"),
      internal("jobservice", "redis", "redis", "the job queue's redis_url (jobservice-cm.yaml)"),
      internal("registry", "redis", "redis", "the registry's redis cache at harbor.redis.addr (registry-cm.yaml)"),
      internal("trivy", "redis", "redis", "SCANNER_REDIS_URL / _STORE_ / _JOB_QUEUE_ (trivy-sts.yaml)"),
      // not in the chart: Harbor hands the scanner its internal core URL to pull the artifact through /v2/ (not read at this version)
      internal("trivy", "core", "web", "the adapter pulls the scanned artifact from the registry address Harbor gives it (the internal core URL)"),
      {
        kind: "to-internet",
        from: "trivy",
        ports: [{ port: 443, protocol: "TCP" }],
        when: "always",
        why: "trivy downloads its vulnerability database (trivy.skipUpdate false, the chart's default) from an OCI registry on the internet",
      },
    ],
    // every container takes containerSecurityContext (runAsNonRoot, seccomp RuntimeDefault, drop ALL, no escalation)
    // and the pods run as 10000 (999 database/redis): restricted as the chart ships them, so no podSecurity.
    defaults: () => ({ expose: { type: "clusterIP", tls: { enabled: false } } }),
    required: [
      {
        path: ["externalURL"],
        why: "the address clients reach Harbor at (the route's https URL): core hands it out as the registry's token realm, so `docker login` fails with the chart's https://core.harbor.domain",
        example: "https://harbor.example.com",
      },
    ],
  },
  sources: [
    "goharbor/harbor-helm at tag v1.17.1: templates/_helpers.tpl (harbor.name = nameOverride or harbor; harbor.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; harbor.labels heritage, release, chart, app, app.kubernetes.io/instance, name, managed-by, part-of, version; harbor.matchLabels release + app; <fullname>-core/-portal/-registry/-jobservice/-trivy/-redis/-database; container ports 8080 (registry 5000), 8443/5443 with internalTLS; coreURL, jobserviceURL, registryURL, registryControllerURL, trivyAdapterURL, redis.addr <fullname>-redis:6379)",
    "the same tag: templates/nginx/deployment.yaml (only when expose.type is not ingress; component nginx; containerPort 8080, 8443 with expose.tls.enabled), nginx/service.yaml (clusterIP/nodePort/loadBalancer: name expose.<type>.name, http port -> 8080, https -> 8443 with tls, selector matchLabels + component nginx), nginx/configmap-http.yaml (upstreams core and portal), ingress/ingress.yaml (expose.type ingress: /api/ /service/ /v2/ /c/ to <fullname>-core, / to <fullname>-portal)",
    "the same tag: core/core-dpl.yaml, portal/deployment.yaml, jobservice/jobservice-dpl.yaml, registry/registry-dpl.yaml (registry and registryctl containers), database/database-ss.yaml, redis/statefulset.yaml, trivy/trivy-sts.yaml (container port api-server): pod labels harbor.labels + component + app.kubernetes.io/component + <x>.podLabels, pod securityContext runAsUser 10000 (999 for database and redis), every container securityContext containerSecurityContext; the *-svc.yaml Services and their port names; core-cm.yaml, jobservice-cm-env.yaml, jobservice-cm.yaml, registry-cm.yaml for the internal addresses",
    "values.yaml at v1.17.1: expose.type ingress, expose.tls.enabled true (certSource auto), expose.clusterIP.name harbor with httpPort 80 / httpsPort 443, externalURL https://core.harbor.domain, internalTLS.enabled false, database.type internal, redis.type internal, trivy.enabled true, trivy.skipUpdate false, containerSecurityContext privileged false, allowPrivilegeEscalation false, seccompProfile RuntimeDefault, runAsNonRoot true, drop ALL",
    "not read: Harbor's own source for the scanner's pull address (trivy -> core) and for which registry trivy fetches its database from; the exporter (metrics.enabled) is not catalogued",
  ],
};
