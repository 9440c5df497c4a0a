// Kubernetes Dashboard 7.x (chart kubernetes-dashboard of https://kubernetes.github.io/dashboard/): four modules, auth,
// api, web and metrics-scraper, behind Kong (the chart's kong dependency) in DB-less mode as the one entry point. Kong's
// declarative config (templates/config/gateway.yaml) routes /api/v1/login, /api/v1/csrftoken/login and /api/v1/me to
// auth, /api and /metrics to api, and / to web; api asks metrics-scraper for its history; every module but web talks
// to the API server with the user's token or its own service account (web reads and updates its settings ConfigMap).
import type { ChartPort, ChartWorkload, Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc, valueAt } from "./helm.js";
import { isRecord } from "../lib/values.js";

const TAG = "kubernetes-dashboard-7.10.0";

const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
};

// kubernetes-dashboard.name / .fullname (_helpers.tpl): the helm-create rules on nameOverride
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "kubernetes-dashboard"));
function full(r: Release): string {
  const o = textValue(r, ["fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], "kubernetes-dashboard");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

const dashboardMode = (r: Release) => textValue(r, ["app", "mode"], "dashboard") === "dashboard";

type Module = "auth" | "api" | "web" | "metricsScraper";
const ROLE: Record<Module, string> = { auth: "auth", api: "api", web: "web", metricsScraper: "metrics-scraper" };
const role = (r: Release, m: Module) => textValue(r, [m, "role"], ROLE[m]);

// <module>.containers.ports[0].containerPort: the Service's port (which has no targetPort) and the pod's
function modulePort(r: Release, m: Module): number {
  const ports = valueAt(r.values, [m, "containers", "ports"]);
  const p = Array.isArray(ports) && isRecord(ports[0]) ? ports[0].containerPort : undefined;
  return typeof p === "number" && Number.isInteger(p) && p > 0 && p < 65536 ? p : 8000;
}

// the Deployment's selector: kubernetes-dashboard.matchLabels plus app.kubernetes.io/name <name>-<role>
const moduleSelector = (m: Module) => (r: Release) => ({
  "app.kubernetes.io/instance": r.name,
  "app.kubernetes.io/part-of": name(r),
  "app.kubernetes.io/name": `${name(r)}-${role(r, m)}`,
});

// the pod template: kubernetes-dashboard.labels (app.labels among them), <module>.labels, name, version, component
const moduleLabels = (m: Module) => (r: Release) => ({
  ...strings(valueAt(r.values, ["app", "labels"])),
  ...strings(valueAt(r.values, [m, "labels"])),
  "app.kubernetes.io/managed-by": "Helm",
  ...moduleSelector(m)(r),
  "app.kubernetes.io/component": role(r, m),
});

// the metrics-scraper's container port has no name in values.yaml (nor its Service's): the catalog names it
const portName = (m: Module) => (m === "metricsScraper" ? "metrics-scraper" : ROLE[m]);

function module(workload: string, m: Module, enabled: (r: Release) => boolean): ChartWorkload {
  return {
    name: workload,
    kind: "Deployment",
    enabled,
    selector: moduleSelector(m),
    labels: moduleLabels(m),
    ports: (r) => [{ name: portName(m), port: modulePort(r, m), protocol: "TCP" }],
  };
}

const moduleService = (workload: string, m: Module) => ({
  // <fullname>-<role> (the metrics-scraper's through kubernetes-dashboard.metrics-scraper.name, the same)
  name: (r: Release) => `${full(r)}-${role(r, m)}`,
  workload,
  ports: (r: Release) => [{ name: portName(m), port: modulePort(r, m), targetPort: modulePort(r, m), protocol: "TCP" as const }],
});

// ── kong, the chart's dependency (Kong/charts charts/kong 2.38.0), whose values sit under `kong:` ──────────────

// kong.name: nameOverride or "kong"; kong.fullname: fullnameOverride, else <release>-<name> (no "contains" rule)
const kongName = (r: Release) => trunc(textValue(r, ["kong", "nameOverride"], "kong"));
const kongFull = (r: Release) => textValue(r, ["kong", "fullnameOverride"], trunc(`${r.name}-${textValue(r, ["kong", "nameOverride"], "kong")}`));
const kongSelector = (r: Release) => ({ "app.kubernetes.io/name": kongName(r), "app.kubernetes.io/component": "app", "app.kubernetes.io/instance": r.name });
const kongEnabled = (r: Release) => flag(r, ["kong", "enabled"], true) && flag(r, ["kong", "deployment", "kong", "enabled"], true);
const proxyOn = (r: Release) => flag(r, ["kong", "proxy", "enabled"], true);
// the dashboard's values.yaml turns kong's plain-HTTP proxy off; TLS stays on (kong's default)
const httpOn = (r: Release) => proxyOn(r) && flag(r, ["kong", "proxy", "http", "enabled"], false);
const tlsOn = (r: Release) => proxyOn(r) && flag(r, ["kong", "proxy", "tls", "enabled"], true);

function kongPorts(r: Release): ChartPort[] {
  const out: ChartPort[] = [];
  if (httpOn(r)) out.push({ name: "proxy", port: portValue(r, ["kong", "proxy", "http", "containerPort"], 8000), protocol: "TCP" });
  if (tlsOn(r)) out.push({ name: "proxy-tls", port: portValue(r, ["kong", "proxy", "tls", "containerPort"], 8443), protocol: "TCP" });
  return out;
}

function kongServicePorts(r: Release) {
  const out: Array<ChartPort & { targetPort: number }> = [];
  if (httpOn(r)) out.push({ name: "kong-proxy", port: portValue(r, ["kong", "proxy", "http", "servicePort"], 80), targetPort: portValue(r, ["kong", "proxy", "http", "containerPort"], 8000), protocol: "TCP" });
  if (tlsOn(r)) {
    const target = portValue(r, ["kong", "proxy", "tls", "overrideServiceTargetPort"], portValue(r, ["kong", "proxy", "tls", "containerPort"], 8443));
    out.push({ name: "kong-proxy-tls", port: portValue(r, ["kong", "proxy", "tls", "servicePort"], 443), targetPort: target, protocol: "TCP" });
  }
  return out;
}

const kongRoutes = (to: string, port: string, paths: string) => ({ kind: "internal" as const, from: "kong", to, port, why: `Kong's DB-less config routes ${paths} to ${to}` });

export const kubernetesDashboard: Component = {
  name: "kubernetes-dashboard",
  charts: [{ repo: "https://kubernetes.github.io/dashboard/", name: "kubernetes-dashboard" }],
  // 7.10.0 and 7.10.1 (the same templates and kong 2.38.0); 7.10.2 on rewrites the Services' ports from every
  // containers.ports entry and later ones move kong to 2.46.0, which this entry has not read
  known: { from: "7.10.0", until: "7.10.2" },
  kinds: [],
  release: {
    primary: "kong",
    workloads: [
      {
        name: "kong",
        kind: "Deployment",
        enabled: kongEnabled,
        selector: kongSelector,
        // kong.metaLabels (extraLabels among them) without chart and version, component app, app <fullname>, podLabels
        labels: (r) => ({
          ...strings(valueAt(r.values, ["kong", "podLabels"])),
          ...strings(valueAt(r.values, ["kong", "extraLabels"])),
          "app.kubernetes.io/managed-by": "Helm",
          ...kongSelector(r),
          app: kongFull(r),
        }),
        ports: kongPorts,
      },
      module("auth", "auth", dashboardMode),
      module("api", "api", () => true),
      module("web", "web", dashboardMode),
      module("metrics-scraper", "metricsScraper", (r) => dashboardMode(r) && flag(r, ["metricsScraper", "enabled"], true)),
    ],
    services: [
      // the entry point: <kong fullname>-proxy, 443 -> 8443 (TLS, Kong's own certificate); a route or NodePort takes it
      { name: (r) => `${kongFull(r)}-proxy`, workload: "kong", ports: kongServicePorts, routes: "kong-proxy-tls" },
      moduleService("auth", "auth"),
      moduleService("api", "api"),
      moduleService("web", "web"),
      moduleService("metrics-scraper", "metricsScraper"),
    ],
    flows: [
      kongRoutes("auth", "auth", "/api/v1/login, /api/v1/csrftoken/login and /api/v1/me"),
      kongRoutes("api", "api", "/api and /metrics"),
      kongRoutes("web", "web", "/"),
      { kind: "internal", from: "api", to: "metrics-scraper", port: "metrics-scraper", why: "api reads the metrics history from metrics-scraper (--metrics-scraper-service-name)" },
      { kind: "to-apiserver", from: "api", why: "api serves the dashboard's resource views from the API server, with the user's token" },
      { kind: "to-apiserver", from: "auth", why: "auth checks a login's token against the API server (ServerVersion) and answers /api/v1/me" },
      { kind: "to-apiserver", from: "web", why: "web gets and updates its settings ConfigMap (--settings-config-map-name)" },
      { kind: "to-apiserver", from: "metrics-scraper", why: "metrics-scraper polls metrics.k8s.io (metrics-server) through the API server" },
    ],
  },
  sources: [
    `kubernetes/dashboard charts/kubernetes-dashboard at tag ${TAG}: templates/_helpers.tpl (name = nameOverride or kubernetes-dashboard; fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; labels: chart, instance, managed-by, part-of <name>, app.labels; matchLabels: instance, part-of; metrics-scraper.name <fullname>-<metricsScraper.role>), templates/deployments/{auth,api,web,metrics-scraper}.yaml (selector matchLabels + name <name>-<role>; pod labels labels, <module>.labels, name, version, component <role>; container ports <module>.containers.ports; auth and web only in app.mode dashboard, metrics-scraper also under metricsScraper.enabled; api args --metrics-scraper-service-name, web --settings-config-map-name; securityContext from app.security), templates/services/*.yaml (<fullname>-<role>, port = containers.ports[0].containerPort, no targetPort; the metrics-scraper's port unnamed), templates/config/gateway.yaml (Kong's kong.yml: auth/api/web at <fullname>-<role>:8000 with their paths), templates/rbac/web/role.yaml (get/update of the settings ConfigMap), values.yaml (roles auth/api/web/metrics-scraper, ports 8000, app.security.securityContext runAsNonRoot + seccomp RuntimeDefault, containerSecurityContext allowPrivilegeEscalation false, drop ALL, runAsUser 1001; kong.enabled true, kong.proxy.type ClusterIP, kong.proxy.http.enabled false, kong.dblessConfig.configMap kong-dbless-config, ingressController and manager off)`,
    `kubernetes/dashboard Chart.yaml and Chart.lock at ${TAG}: dependency kong 2.38.0 from https://charts.konghq.com (condition kong.enabled); git diff to kubernetes-dashboard-7.10.1: only the other dependencies' versions; 7.10.2-7.10.5 change templates/services/*.yaml (every containers.ports entry, service.type) and 7.10.5 pins kong 2.46.0`,
    "Kong/charts charts/kong at tag kong-2.38.0: templates/_helpers.tpl (kong.name nameOverride or kong; kong.fullname fullnameOverride, else <release>-<name>; selectorLabels name, component app, instance; metaLabels with extraLabels; kong.service names <fullname>-<serviceName>, ports kong-proxy (http) and kong-proxy-tls (tls.servicePort -> overrideServiceTargetPort or tls.containerPort)), templates/service-kong-proxy.yaml (serviceName proxy, under proxy.enabled and http or tls enabled), templates/deployment.yaml (pod labels metaLabels, component app, app <fullname>, version, podLabels; container ports proxy / proxy-tls / status 8100; clear-stale-pid init container and proxy container with containerSecurityContext; automountServiceAccountToken false without ingressController), values.yaml (proxy.tls 443 -> 8443, proxy.http 80 -> 8000, env.database off, containerSecurityContext runAsNonRoot, runAsUser 1000, seccomp RuntimeDefault, allowPrivilegeEscalation false, drop ALL)",
    `kubernetes/dashboard modules at ${TAG}: auth/pkg/routes/login/login.go (Discovery().ServerVersion() with the login's token), metrics-scraper/pkg/args/args.go (in-cluster config to the API server, metrics of the namespaces or the cluster)`,
  ],
};
