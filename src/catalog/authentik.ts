// Authentik (chart authentik of https://charts.goauthentik.io): the server (web UI, API, the embedded outpost) and
// the worker (background tasks; it deploys and updates managed outposts through the Kubernetes API). The two talk
// through PostgreSQL and Redis, never to each other, so their only own flow is the worker's to the API server; the
// connections the spec declares for the release (its database and cache) are the worker's as much as the server's.
import type { Component, Release } from "./types.js";
import { flag, portValue, trunc, valueAt } from "./helm.js";

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

// authentik.name: nameOverride, else global.nameOverride, else the chart's name (_common.tpl).
const name = (r: Release) => trunc(text(valueAt(r.values, ["nameOverride"])) ?? text(valueAt(r.values, ["global", "nameOverride"])) ?? "authentik");

// authentik.fullname: fullnameOverride or global.fullnameOverride, else the release when it contains the name.
function full(r: Release): string {
  const o = text(valueAt(r.values, ["fullnameOverride"])) ?? text(valueAt(r.values, ["global", "fullnameOverride"]));
  if (o) return trunc(o);
  const n = name(r);
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

const componentName = (r: Release, key: "server" | "worker") => text(valueAt(r.values, [key, "name"])) ?? key;

function selector(key: "server" | "worker") {
  return (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": componentName(r, key) });
}

const httpPort = (r: Release) => portValue(r, ["server", "containerPorts", "http"], 9000);
const httpsPort = (r: Release) => portValue(r, ["server", "containerPorts", "https"], 9443);

export const authentik: Component = {
  name: "authentik",
  charts: [{ repo: "https://charts.goauthentik.io", name: "authentik" }],
  known: { from: "2025.2.0", until: "2025.11.0" },
  kinds: [],
  release: {
    primary: "server",
    // Both read the same AUTHENTIK_POSTGRESQL__* and AUTHENTIK_REDIS__* settings (one Secret, envFrom).
    clients: ["server", "worker"],
    workloads: [
      {
        name: "server",
        kind: "Deployment",
        enabled: (r) => flag(r, ["server", "enabled"], true),
        selector: selector("server"),
        labels: (r) => ({ ...selector("server")(r), "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/part-of": "authentik" }),
        ports: (r) => [
          { name: "http", port: httpPort(r), protocol: "TCP" },
          { name: "https", port: httpsPort(r), protocol: "TCP" },
        ],
      },
      {
        name: "worker",
        kind: "Deployment",
        enabled: (r) => flag(r, ["worker", "enabled"], true),
        selector: selector("worker"),
        labels: (r) => ({ ...selector("worker")(r), "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/part-of": "authentik" }),
        ports: () => [],
      },
    ],
    services: [
      {
        // authentik.server.fullname
        name: (r) => trunc(`${full(r)}-${componentName(r, "server")}`),
        workload: "server",
        routes: "http",
        ports: (r) => [
          { name: "http", port: portValue(r, ["server", "service", "servicePortHttp"], 80), targetPort: httpPort(r), protocol: "TCP" },
          { name: "https", port: portValue(r, ["server", "service", "servicePortHttps"], 443), targetPort: httpsPort(r), protocol: "TCP" },
        ],
      },
    ],
    flows: [
      // Only with the chart's service account (serviceAccount.create, the default); without it the worker has no token.
      { kind: "to-apiserver", from: "worker", why: "the Kubernetes integration deploys and updates managed outposts" },
    ],
  },
  sources: [
    "goauthentik/helm charts/authentik at 2025.6.4 (commit d3e06fd, the seed's version), compared with 2025.2.0 (d47f100) and 2025.10.3 (0cabc19): templates/_common.tpl (authentik.name, authentik.fullname, authentik.labels with part-of authentik, authentik.selectorLabels with the component), _helpers.tpl (authentik.server.fullname = <fullname>-<server.name>), server/service.yaml (http servicePortHttp 80 -> containerPorts.http 9000, https 443 -> 9443), server/deployment.yaml and worker/deployment.yaml (pod labels, the worker's serviceAccountName from the authentik-remote-cluster subchart)",
    "values.yaml at 2025.6.4: server.name server, worker.name worker, server.containerPorts http 9000 / https 9443, serviceAccount.create true (\"Needed for managed outposts\"), postgresql and redis subcharts disabled",
    "goauthentik/helm charts/authentik at authentik-2025.6.4 (d3e06fd): server/deployment.yaml and worker/deployment.yaml both take envFrom the Secret <fullname> that secret.yaml fills from authentik.env (AUTHENTIK_POSTGRESQL__*, AUTHENTIK_REDIS__*): the worker uses the database and cache the spec declares for the release",
    "goauthentik/authentik docker-compose.yml (commit 01a8731, image tag 2025.2.4): server and worker both get AUTHENTIK_REDIS__HOST and AUTHENTIK_POSTGRESQL__HOST and depend on both",
  ],
};
