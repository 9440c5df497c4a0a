// VictoriaLogs single (chart victoria-logs-single of https://victoriametrics.github.io/helm-charts/): one StatefulSet
// (server.mode statefulSet) behind the headless Service <fullname>-server on 9428, which takes both the ingestion
// (/insert/...: Fluent Bit, Vector, Promtail) and the LogsQL queries (Grafana). Names come from the
// victoria-metrics-common library chart (vm.plain.fullname with appKey "server"), so a release `victoria-logs` gets
// `victoria-logs-victoria-logs-single-server`, not `victoria-logs`. The optional Vector subchart (vector.enabled) is
// a log collector of its own with hostPath volumes; it is off by default and not modelled here beyond its pod
// security.
import type { Component, Release } from "./types.js";
import { flag, textValue, trunc, valueAt, labelsAt } from "./helm.js";
import { vmFullname, vmName } from "./victoria-metrics-common.js";

const CHART = "victoria-logs-single";

// vm.name and vm.fullname of victoria-metrics-common (no appKey: vm.plain.fullname is vm.fullname)
const name = (r: Release) => vmName(r, CHART);
const full = (r: Release) => vmFullname(r, CHART);

// vm.plain.fullname with appKey server: server.fullnameOverride, else <vm.fullname>-server
const serverFull = (r: Release) => trunc(textValue(r, ["server", "fullnameOverride"], `${full(r)}-server`));

// vm.selectorLabels: name, instance (argocdReleaseOverride or the release), app = server.name or "server"
const selector = (r: Release) => ({
  "app.kubernetes.io/name": name(r),
  "app.kubernetes.io/instance": trunc(textValue(r, ["argocdReleaseOverride"], r.name)),
  app: textValue(r, ["server", "name"], "server"),
});

// vm.port.from.flag: the digits after the last colon of server.extraArgs.httpListenAddr (":9428")
function httpPort(r: Release): number {
  const v = valueAt(r.values, ["server", "extraArgs", "httpListenAddr"]);
  const m = typeof v === "string" ? /:(\d+)$/.exec(v) : null;
  const n = m ? Number(m[1]) : 9428;
  return n > 0 && n < 65536 ? n : 9428;
}

function servicePort(r: Release): number {
  const v = valueAt(r.values, ["server", "service", "servicePort"]);
  return typeof v === "number" && Number.isInteger(v) && v > 0 && v < 65536 ? v : 9428;
}

const serverOn = (r: Release) => flag(r, ["server", "enabled"], true);

export const victoriaLogs: Component = {
  name: "victoria-logs",
  charts: [{ repo: "https://victoriametrics.github.io/helm-charts/", name: CHART }],
  known: { from: "0.11.0", until: "0.11.6" },
  kinds: [],
  release: {
    primary: "server",
    workloads: [
      {
        name: "server",
        // server.mode: statefulSet by default, deployment allowed; both carry the same labels
        kind: "StatefulSet",
        enabled: serverOn,
        selector,
        // vm.podLabels: server.podLabels, the selector labels over them, managed-by
        labels: (r) => ({ ...labelsAt(r, ["server", "podLabels"]), ...selector(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: (r) => [{ name: "http", port: httpPort(r), protocol: "TCP" }],
      },
    ],
    services: [
      {
        name: serverFull,
        workload: "server",
        routes: "http",
        ports: (r) => [{ name: "http", port: servicePort(r), targetPort: httpPort(r), protocol: "TCP" }],
      },
    ],
    // it opens no connection of its own: no API server access (serviceAccount.create false), no peers
    flows: [],
    // server.podSecurityContext and server.securityContext meet restricted but for the seccomp profile
    defaults: () => ({ server: { podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } } } }),
    podSecurity: {
      level: (r) => (flag(r, ["vector", "enabled"], false) ? "privileged" : "restricted"),
      why: "hostPath /var/log/, /var/lib/, /proc, /sys (the Vector subchart's Agent DaemonSet, vector.enabled with role Agent)",
    },
  },
  sources: [
    "VictoriaMetrics/helm-charts charts/victoria-logs-single at victoria-logs-single-0.11.5 (commit fee4f8b, appVersion v1.25.1; the seed's version): templates/server.yaml (kind `title server.mode`, name vm.plain.fullname with appKey server, selector vm.selectorLabels, pod labels vm.podLabels with server.podLabels, container port http from server.extraArgs.httpListenAddr via vm.port.from.flag, default 9428; securityContext from server.podSecurityContext / server.securityContext through vm.securityContext, which only drops `enabled`), templates/service.yaml (<vm.plain.fullname> i.e. <fullname>-server, port http server.service.servicePort -> targetPort server.service.targetPort `http`, selector vm.selectorLabels)",
    "the same tag: values.yaml (server.enabled true, mode statefulSet, extraArgs.httpListenAddr :9428, service.servicePort 9428, clusterIP None, type ClusterIP; podSecurityContext enabled, fsGroup 2000, runAsNonRoot, runAsUser 1000, no seccompProfile; securityContext allowPrivilegeEscalation false, drop ALL, readOnlyRootFilesystem; serviceAccount.create false; vector.enabled false); Chart.lock: victoria-metrics-common 0.0.42, vector 0.40.0",
    "VictoriaMetrics/helm-charts charts/victoria-metrics-common at victoria-metrics-common-0.0.42 templates/_helpers.tpl: vm.name (nameOverride, global.nameOverride, chart name), vm.fullname (fullnameOverride, global.fullnameOverride, else the release when it contains the name, else <release>-<name>), vm.plain.fullname (<appKey>.fullnameOverride, else <vm.fullname>-<appKey>), vm.selectorLabels (app.kubernetes.io/name, app.kubernetes.io/instance = argocdReleaseOverride or the release, app = <appKey>.name or the appKey), vm.podLabels (selector + extraLabels + managed-by); templates/_pod.tpl vm.port.from.flag",
    "vectordotdev/helm-charts charts/vector/templates/_pod.tpl (stored commit 0188063; not confirmed to be the 0.40.0 the lock names): role Agent mounts hostPath /var/log/, /var/lib/, /proc, /sys and persistence.hostPath.path",
    "victoria-logs-single-0.11.0 to 0.11.5: server.yaml changes only topologySpreadConstraints, values.yaml only server.image.variant; names, labels and ports unchanged",
  ],
};
