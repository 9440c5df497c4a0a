// Open WebUI (chart open-webui of https://helm.openwebui.com/, github open-webui/helm-charts charts/open-webui). The
// web UI is one workload named open-webui.name (nameOverride, else "open-webui", not the release) listening on
// service.containerPort (8080) behind the Service of the same name on service.port (80); a StatefulSet while
// persistence.enabled with provider local (the chart's default), else a Deployment. The chart bundles an Ollama
// (otwld's ollama subchart, Service open-webui-ollama) and Pipelines, both on by default: the catalog's defaults turn
// them off, since a spec runs its model servers as services of their own and points ollamaUrls at them.
import type { Component, Release } from "./types.js";
import { flag, labelsAt, meetsRestricted, portValue, textValue, trunc, valueAt } from "./helm.js";

const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "open-webui"));
// open-webui.selectorLabels: the component is .Chart.Name, which nameOverride does not change
const selector = (r: Release) => ({ "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": "open-webui" });
const containerPort = (r: Release) => portValue(r, ["service", "containerPort"], 8080);

const ollamaOn = (r: Release) => flag(r, ["ollama", "enabled"], true);
// Helm's template names are global and the parent's are parsed last, so the subchart's Deployment takes the parent's
// ollama.selectorLabels (instance + component open-webui-ollama), not its own name + instance
const ollamaSelector = (r: Release) => ({ "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": "open-webui-ollama" });
const ollamaPort = (r: Release) => portValue(r, ["ollama", "ollama", "port"], 11434);

const redisOn = (r: Release) => flag(r, ["websocket", "enabled"], false) && flag(r, ["websocket", "redis", "enabled"], true);
const redisName = (r: Release) => textValue(r, ["websocket", "redis", "name"], "open-webui-redis");
const redisSelector = (r: Release) => ({ "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": redisName(r) });
const redisPort = (r: Release) => portValue(r, ["websocket", "redis", "service", "containerPort"], 6379);

const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function openWebuiPodSecurity(r: Release): "restricted" | "baseline" | "privileged" {
  // the bundled Ollama runs as root with the subchart's empty securityContexts; the websocket Redis container takes
  // no container securityContext from the values
  if (ollamaOn(r) || redisOn(r)) return "baseline";
  // podSecurityContext and containerSecurityContext cover the copy-app-data init container and the UI alike
  return meetsRestricted(record(valueAt(r.values, ["podSecurityContext"])), record(valueAt(r.values, ["containerSecurityContext"]))) ? "restricted" : "baseline";
}

export const openWebui: Component = {
  name: "open-webui",
  charts: [{ repo: "https://helm.openwebui.com", name: "open-webui" }],
  known: { from: "6.29.0", until: "6.30.0" },
  kinds: [],
  release: {
    primary: "open-webui",
    workloads: [
      {
        name: "open-webui",
        // a Deployment when persistence is off or not local: the labels and ports are the same
        kind: "StatefulSet",
        enabled: () => true,
        selector,
        labels: (r) => ({ ...labelsAt(r, ["podLabels"]), ...selector(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: (r) => [{ name: "http", port: containerPort(r), protocol: "TCP" }],
      },
      {
        name: "ollama",
        kind: "Deployment",
        enabled: ollamaOn,
        selector: ollamaSelector,
        labels: (r) => ({ ...labelsAt(r, ["ollama", "podLabels"]), ...ollamaSelector(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: (r) => [{ name: "http", port: ollamaPort(r), protocol: "TCP" }],
      },
      {
        name: "websocket-redis",
        kind: "Deployment",
        enabled: redisOn,
        selector: redisSelector,
        labels: (r) => ({ ...labelsAt(r, ["websocket", "redis", "pods", "labels"]), ...redisSelector(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: (r) => [{ name: "http", port: redisPort(r), protocol: "TCP" }],
      },
    ],
    services: [
      {
        name,
        workload: "open-webui",
        routes: "http",
        ports: (r) => [{ name: "http", port: portValue(r, ["service", "port"], 80), targetPort: containerPort(r), protocol: "TCP" }],
      },
      {
        // the parent's values give the subchart fullnameOverride open-webui-ollama; ollamaLocalUrl uses the same
        name: (r) => trunc(textValue(r, ["ollama", "fullnameOverride"], "open-webui-ollama")),
        workload: "ollama",
        ports: (r) => [{ name: "http", port: portValue(r, ["ollama", "service", "port"], 11434), targetPort: ollamaPort(r), protocol: "TCP" }],
      },
      {
        name: redisName,
        workload: "websocket-redis",
        ports: (r) => [{ name: "http", port: portValue(r, ["websocket", "redis", "service", "port"], 6379), targetPort: redisPort(r), protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "internal", from: "open-webui", to: "ollama", port: "http", why: "OLLAMA_BASE_URLS holds ollamaLocalUrl, http://open-webui-ollama.<namespace>.svc:11434, while ollama.enabled" },
      { kind: "internal", from: "open-webui", to: "websocket-redis", port: "http", why: "WEBSOCKET_REDIS_URL redis://open-webui-redis:6379/0 while websocket.enabled" },
    ],
    defaults: () => ({ ollama: { enabled: false }, pipelines: { enabled: false } }),
    podSecurity: {
      level: openWebuiPodSecurity,
      why: "the chart's empty podSecurityContext and containerSecurityContext (the image runs as root: its Dockerfile builds with UID 0, non-root untested)",
    },
  },
  sources: [
    "open-webui/helm-charts charts/open-webui at tag open-webui-6.29.0 (commit 2ba63b7, appVersion 0.6.18): Chart.yaml (dependencies ollama from https://otwld.github.io/ollama-helm/ with condition ollama.enabled, pipelines from https://helm.openwebui.com with pipelines.enabled, tika, redis-cluster and postgresql, each behind its condition)",
    "the same tag: templates/_helpers.tpl (open-webui.name = nameOverride or the chart's name; base.selectorLabels = instance; open-webui.selectorLabels adds component .Chart.Name; websocket.redis.selectorLabels component websocket.redis.name; ollamaLocalUrl http://<ollama.fullnameOverride>.<namespace>.svc.<clusterDomain>:<ollama.service.port> while ollama.enabled; ollamaBaseUrls joins ollamaUrls with it)",
    "the same tag: templates/workload-manager.yaml (StatefulSet while persistence.enabled and provider local, else Deployment, named open-webui.name; selector open-webui.selectorLabels; pod labels open-webui.labels + podLabels; podSecurityContext, containerSecurityContext on the copy-app-data init container and the UI; container port http = service.containerPort; OLLAMA_BASE_URLS when ollamaUrls or ollama.enabled, else ENABLE_OLLAMA_API False; WEBSOCKET_REDIS_URL = websocket.url while websocket.enabled), templates/service.yaml (open-webui.name, port service.port -> targetPort http, selector open-webui.selectorLabels), templates/websocket-redis.yaml (with websocket.enabled and websocket.redis.enabled: Deployment and Service websocket.redis.name, port http = websocket.redis.service.containerPort, pod securityContext websocket.redis.securityContext only)",
    "values.yaml at the same tag: ollama.enabled true with fullnameOverride open-webui-ollama, pipelines.enabled true, tika.enabled false, ollamaUrls [], websocket.enabled false (redis.enabled true, name open-webui-redis, 6379), service.port 80 / containerPort 8080, persistence.enabled true / provider local, podSecurityContext {} and containerSecurityContext {}; the ollama subchart's deployment.yaml and Service port are otwld/ollama-helm's (see the ollama entry: port 11434), its selector labels the parent's ollama.selectorLabels (instance + component open-webui-ollama): helm/helm pkg/engine/engine.go sorts templates deepest first before parsing, so a parent's define of the same name wins",
    "open-webui/open-webui Dockerfile (stored version, commit 00a8982): ARG UID=0 / GID=0 ('non-root configurations are untested'), /app and HOME=/root chowned to them, USER $UID:$GID",
    "not read: the pipelines chart's templates (the defaults turn it off); a spec that turns it on gets no facts for its pods",
  ],
};
