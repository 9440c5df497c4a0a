// Prometheus (chart prometheus of prometheus-community, no operator): the server with its config reloader, and four
// subcharts on by default: Alertmanager, kube-state-metrics, node-exporter (a DaemonSet on the host network) and the
// Pushgateway. The server's default prometheus.yml finds its targets through the API server (the kubelets and
// cAdvisor through the API server's node proxy), sends alerts to the release's Alertmanager pods, and scrapes the
// Services annotated prometheus.io/scrape (kube-state-metrics, node-exporter at the nodes' addresses) and the one
// annotated prometheus.io/probe: pushgateway. The subcharts render inside the parent release: their names are their
// own charts' names, their instance the parent's release.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc, valueAt, meetsRestricted } from "./helm.js";
import { isRecord, overlayValues } from "../lib/values.js";

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}
const labelsAt = (r: Release, path: string[]) => stringMap(valueAt(r.values, path));

// prometheus.name: nameOverride, else the chart's name; server.name names the component
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "prometheus"));
const serverName = (r: Release) => textValue(r, ["server", "name"], "server");

// prometheus.server.fullname: server.fullnameOverride, else <release>-<server.name> when the release contains the
// chart's name, else <release>-<name>-<server.name>
function serverFull(r: Release): string {
  const o = textValue(r, ["server", "fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], "prometheus");
  return trunc(r.name.includes(n) ? `${r.name}-${serverName(r)}` : `${r.name}-${n}-${serverName(r)}`);
}

// A subchart's <chart>.name and <chart>.fullname, read from the parent's values under the subchart's key.
const subName = (r: Release, key: string, chart: string) => trunc(textValue(r, [key, "nameOverride"], chart));
function subFull(r: Release, key: string, chart: string): string {
  const o = textValue(r, [key, "fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, [key, "nameOverride"], chart);
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}
const subSelector = (key: string, chart: string) => (r: Release) => ({ "app.kubernetes.io/name": subName(r, key, chart), "app.kubernetes.io/instance": r.name });
const on = (key: string) => (r: Release) => flag(r, [key, "enabled"], true);

const AM = ["alertmanager", "alertmanager"] as const;
const KSM = ["kube-state-metrics", "kube-state-metrics"] as const;
const NODE = ["prometheus-node-exporter", "prometheus-node-exporter"] as const;
const PUSH = ["prometheus-pushgateway", "prometheus-pushgateway"] as const;

const serverSelector = (r: Release) => ({ "app.kubernetes.io/component": serverName(r), "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });
// 9090 is unnamed unless server.portName is set; the catalog calls it http, the name of the Service port before it
const serverPort = (r: Release) => textValue(r, ["server", "portName"], "http");
const reloader = (r: Release) => flag(r, ["configmapReload", "prometheus", "enabled"], true) && portValue(r, ["configmapReload", "prometheus", "containerPort"], 8080) > 0;

// the Alertmanager cluster listens only with more than one replica or additionalPeers (statefulset.yaml)
function amCluster(r: Release): boolean {
  const replicas = valueAt(r.values, ["alertmanager", "replicaCount"]);
  const peers = valueAt(r.values, ["alertmanager", "additionalPeers"]);
  return (typeof replicas === "number" && replicas > 1) || (Array.isArray(peers) && peers.length > 0);
}
const amClusterPort = (r: Release) => portValue(r, ["alertmanager", "service", "clusterPort"], 9094);
const amPortName = (r: Release) => textValue(r, ["alertmanager", "containerPortName"], "http");

// kube-state-metrics.labels and prometheus-node-exporter.labels: managed-by, component metrics, part-of, the
// selector, custom/common labels and release with releaseLabel
function metricsLabels(r: Release, key: string, chart: string, custom: string): Record<string, string> {
  return {
    ...labelsAt(r, [key, custom]),
    "app.kubernetes.io/managed-by": "Helm",
    "app.kubernetes.io/component": "metrics",
    "app.kubernetes.io/part-of": subName(r, key, chart),
    ...subSelector(key, chart)(r),
    ...(flag(r, [key, "releaseLabel"], false) ? { release: r.name } : {}),
  };
}

const nodeExporterOnHost = (r: Release) => on(NODE[0])(r) && flag(r, [NODE[0], "hostNetwork"], true);

const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
const RUNTIME_DEFAULT = { seccompProfile: { type: "RuntimeDefault" } };

const ctx = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const withChart = (r: Release, path: string[], chart: Record<string, unknown>) => overlayValues(chart, ctx(valueAt(r.values, path)));
const NOBODY = { runAsUser: 65534, runAsNonRoot: true, runAsGroup: 65534 };

/** The securityContexts of the extra containers a values list (or map, for sidecarContainers) adds. */
function extra(r: Release, path: string[]): Array<Record<string, unknown>> {
  const v = valueAt(r.values, path);
  const list = Array.isArray(v) ? v : isRecord(v) ? Object.values(v) : [];
  return list.map((c) => ctx(valueAt(c, ["securityContext"])));
}

/**
 * privileged with node-exporter (host network, host PID, host paths); else restricted when every container of the
 * server, Alertmanager, kube-state-metrics and the Pushgateway meets it, with the charts' values.yaml contexts under the
 * release's; else baseline.
 */
function level(r: Release): "restricted" | "baseline" | "privileged" {
  if (on(NODE[0])(r)) return "privileged";
  const ok = (pod: Record<string, unknown>, containers: Array<Record<string, unknown>>) => containers.every((c) => meetsRestricted(pod, c));
  const server = withChart(r, ["server", "securityContext"], { ...NOBODY, fsGroup: 65534 });
  const serverOk = ok(server, [
    ctx(valueAt(r.values, ["server", "containerSecurityContext"])),
    ...(reloader(r) ? [ctx(valueAt(r.values, ["configmapReload", "prometheus", "containerSecurityContext"]))] : []),
    ...extra(r, ["server", "extraInitContainers"]),
    ...extra(r, ["server", "sidecarContainers"]),
  ]);
  const am = withChart(r, [AM[0], "podSecurityContext"], { ...NOBODY, fsGroup: 65534 });
  const amOk =
    !on(AM[0])(r) ||
    ok(am, [
      withChart(r, [AM[0], "securityContext"], NOBODY),
      ...(flag(r, [AM[0], "configmapReload", "enabled"], false) ? [ctx(valueAt(r.values, [AM[0], "configmapReload", "securityContext"]))] : []),
      ...extra(r, [AM[0], "extraInitContainers"]),
      ...extra(r, [AM[0], "extraContainers"]),
    ]);
  // kube-state-metrics' values.yaml contexts already meet restricted
  const ksmPod = withChart(r, [KSM[0], "securityContext"], { enabled: true, ...NOBODY, fsGroup: 65534, ...RUNTIME_DEFAULT });
  const ksmOk = !on(KSM[0])(r) || (ksmPod.enabled === true && ok(ksmPod, [withChart(r, [KSM[0], "containerSecurityContext"], { readOnlyRootFilesystem: true, ...RESTRICTED_CONTAINER })]));
  const push = withChart(r, [PUSH[0], "securityContext"], { fsGroup: 65534, runAsUser: 65534, runAsNonRoot: true });
  const pushOk = !on(PUSH[0])(r) || ok(push, [ctx(valueAt(r.values, [PUSH[0], "containerSecurityContext"])), ...extra(r, [PUSH[0], "extraInitContainers"]), ...extra(r, [PUSH[0], "extraContainers"])]);
  return serverOk && amOk && ksmOk && pushOk ? "restricted" : "baseline";
}

export const prometheus: Component = {
  name: "prometheus",
  charts: [
    { repo: "https://prometheus-community.github.io/helm-charts", name: "prometheus" },
    { repo: "oci://ghcr.io/prometheus-community/charts", name: "prometheus" },
  ],
  // chart versions: 27.20.x pins alertmanager 1.20, kube-state-metrics 5.33, node-exporter 4.46, pushgateway 3.3
  known: { from: "27.20.0", until: "27.21.0" },
  kinds: [],
  release: {
    primary: "server",
    // alerts to the receivers the spec configures leave from Alertmanager, not from the server
    clients: ["alertmanager"],
    workloads: [
      {
        // deploy.yaml, or sts.yaml with server.statefulSet.enabled: the same labels either way
        name: "server",
        kind: "Deployment",
        enabled: () => true,
        selector: serverSelector,
        // prometheus.server.labels: matchLabels + part-of + commonMetaLabels, then server.podLabels; no managed-by
        labels: (r) => ({ ...labelsAt(r, ["server", "podLabels"]), ...labelsAt(r, ["commonMetaLabels"]), ...serverSelector(r), "app.kubernetes.io/part-of": name(r) }),
        ports: (r) => [
          { name: serverPort(r), port: 9090, protocol: "TCP" },
          ...(reloader(r) ? [{ name: textValue(r, ["configmapReload", "prometheus", "containerPortName"], "metrics"), port: portValue(r, ["configmapReload", "prometheus", "containerPort"], 8080), protocol: "TCP" as const }] : []),
        ],
      },
      {
        name: "alertmanager",
        kind: "StatefulSet",
        enabled: on(AM[0]),
        selector: subSelector(...AM),
        labels: (r) => ({ ...labelsAt(r, [AM[0], "podLabels"]), ...subSelector(...AM)(r) }),
        ports: (r) => [
          { name: amPortName(r), port: 9093, protocol: "TCP" },
          ...(amCluster(r)
            ? [
                { name: "clusterpeer-tcp", port: amClusterPort(r), protocol: "TCP" as const },
                { name: "clusterpeer-udp", port: amClusterPort(r), protocol: "UDP" as const },
              ]
            : []),
        ],
      },
      {
        name: "kube-state-metrics",
        kind: "Deployment",
        enabled: on(KSM[0]),
        selector: subSelector(...KSM),
        labels: (r) => ({ ...labelsAt(r, [KSM[0], "podLabels"]), ...metricsLabels(r, ...KSM, "customLabels") }),
        // the container port is http on service.port, unless kube-rbac-proxy fronts it (kubeRBACProxy.enabled)
        ports: (r) => (flag(r, [KSM[0], "kubeRBACProxy", "enabled"], false) ? [] : [{ name: "http", port: portValue(r, [KSM[0], "service", "port"], 8080), protocol: "TCP" }]),
      },
      {
        // hostNetwork and hostPID by default: its port is the node's, where no policy applies
        name: "node-exporter",
        kind: "DaemonSet",
        enabled: on(NODE[0]),
        selector: subSelector(...NODE),
        labels: (r) => ({ ...labelsAt(r, [NODE[0], "podLabels"]), ...metricsLabels(r, ...NODE, "commonLabels") }),
        ports: (r) => [{ name: textValue(r, [NODE[0], "service", "portName"], "metrics"), port: portValue(r, [NODE[0], "service", "port"], 9100), protocol: "TCP" }],
      },
      {
        // deployment.yaml, or statefulset.yaml with runAsStatefulSet: the same labels
        name: "pushgateway",
        kind: "Deployment",
        enabled: on(PUSH[0]),
        selector: subSelector(...PUSH),
        // prometheus-pushgateway.defaultLabels: the selector, managed-by and podLabels
        labels: (r) => ({ ...labelsAt(r, [PUSH[0], "podLabels"]), ...subSelector(...PUSH)(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: () => [{ name: "metrics", port: 9091, protocol: "TCP" }],
      },
    ],
    services: [
      {
        name: serverFull,
        workload: "server",
        routes: "http",
        ports: (r) => [{ name: "http", port: portValue(r, ["server", "service", "servicePort"], 80), targetPort: 9090, protocol: "TCP" }],
      },
      {
        name: (r) => subFull(r, ...AM),
        workload: "alertmanager",
        ports: (r) => [{ name: "http", port: portValue(r, [AM[0], "service", "port"], 9093), targetPort: 9093, protocol: "TCP" }],
      },
      {
        name: (r) => subFull(r, ...KSM),
        workload: "kube-state-metrics",
        ports: (r) => [{ name: "http", port: portValue(r, [KSM[0], "service", "port"], 8080), targetPort: portValue(r, [KSM[0], "service", "port"], 8080), protocol: "TCP" }],
      },
      {
        name: (r) => subFull(r, ...NODE),
        workload: "node-exporter",
        ports: (r) => [
          {
            name: textValue(r, [NODE[0], "service", "portName"], "metrics"),
            port: portValue(r, [NODE[0], "service", "servicePort"], portValue(r, [NODE[0], "service", "port"], 9100)),
            targetPort: portValue(r, [NODE[0], "service", "targetPort"], 9100),
            protocol: "TCP",
          },
        ],
      },
      {
        name: (r) => subFull(r, ...PUSH),
        workload: "pushgateway",
        ports: (r) => [{ name: textValue(r, [PUSH[0], "service", "portName"], "http"), port: portValue(r, [PUSH[0], "service", "port"], 9091), targetPort: 9091, protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "to-apiserver", from: "server", why: "Kubernetes service discovery, the API server's metrics, and the kubelets' and cAdvisor's metrics through the API server's node proxy (kubernetes-nodes, kubernetes-nodes-cadvisor)" },
      { kind: "internal", from: "server", to: "alertmanager", port: "http", why: "alerts: the generated alerting config finds the release's Alertmanager pods on container port 9093" },
      { kind: "internal", from: "server", to: "kube-state-metrics", port: "http", why: "kubernetes-service-endpoints: kube-state-metrics' Service carries prometheus.io/scrape" },
      { kind: "internal", from: "server", to: "pushgateway", port: "metrics", why: "the prometheus-pushgateway job scrapes the Service annotated prometheus.io/probe: pushgateway" },
      { kind: "internal", from: "server", to: "node-exporter", port: "metrics", why: "kubernetes-service-endpoints: node-exporter's Service carries prometheus.io/scrape (on pods when hostNetwork is off)" },
      { kind: "to-nodes", from: "server", ports: [{ port: 9100, protocol: "TCP" }], enabled: nodeExporterOnHost, why: "node-exporter listens on each node's address (hostNetwork): its endpoints are the nodes" },
      { kind: "internal", from: "alertmanager", to: "alertmanager", port: "clusterpeer-tcp", why: "the Alertmanager cluster's gossip between replicas" },
      { kind: "internal", from: "alertmanager", to: "alertmanager", port: "clusterpeer-udp", why: "the Alertmanager cluster's gossip between replicas" },
      { kind: "to-apiserver", from: "kube-state-metrics", why: "lists and watches every object it reports on" },
    ],
    podSecurity: {
      level,
      why: "hostNetwork, hostPID and hostPath mounts of /, /proc and /sys (node-exporter), or containers without a restricted securityContext",
    },
    defaults: () => ({
      // the chart's runAsUser/runAsGroup 65534 and runAsNonRoot stay; these complete restricted
      server: { securityContext: RUNTIME_DEFAULT, containerSecurityContext: RESTRICTED_CONTAINER },
      configmapReload: { prometheus: { containerSecurityContext: RESTRICTED_CONTAINER } },
      alertmanager: { podSecurityContext: RUNTIME_DEFAULT, securityContext: RESTRICTED_CONTAINER, configmapReload: { securityContext: RESTRICTED_CONTAINER } },
      "prometheus-pushgateway": { securityContext: RUNTIME_DEFAULT, containerSecurityContext: RESTRICTED_CONTAINER },
    }),
  },
  sources: [
    "prometheus-community/helm-charts .github/workflows/release.yaml at prometheus-27.20.0: every chart is also pushed to oci://ghcr.io/prometheus-community/charts",
    "prometheus-community/helm-charts charts/prometheus at prometheus-27.20.0 (the seed's version; appVersion v3.4.1): Chart.yaml and Chart.lock (alertmanager 1.20.1, kube-state-metrics 5.33.2, prometheus-node-exporter 4.46.1, prometheus-pushgateway 3.3.0, each under <key>.enabled), templates/_helpers.tpl (prometheus.name; server.matchLabels = component <server.name> + name + instance; server.labels add version, chart, part-of and commonMetaLabels; server.fullname = <release>-<server.name> when the release contains the name, else <release>-<name>-<server.name>)",
    "the same tag: deploy.yaml and sts.yaml (pod labels server.labels + server.podLabels; container port 9090 named server.portName, empty by default; the config reloader's containerPort 8080 named metrics; hostNetwork only with server.hostNetwork; securityContext and containerSecurityContext from server.*, configmapReload.prometheus.containerSecurityContext), service.yaml (<server fullname>, http servicePort 80 -> 9090, under server.service.enabled), headless-svc.yaml; cm.yaml (alertmanagers by kubernetes_sd role pod: namespace, instance, app.kubernetes.io/name alertmanager, container port 9093)",
    "the same tag: values.yaml (server.name server, server.securityContext runAsUser/runAsGroup/fsGroup 65534 + runAsNonRoot, containerSecurityContext {}; configmapReload.prometheus.enabled true, containerPort 8080, containerPortName metrics; scrape_configs: kubernetes-apiservers, kubernetes-nodes and -cadvisor through kubernetes.default.svc:443/api/v1/nodes/<node>/proxy, kubernetes-service-endpoints on prometheus.io/scrape, prometheus-pushgateway on prometheus.io/probe: pushgateway, kubernetes-pods; alertmanager.podSecurityContext runAsUser 65534 + runAsNonRoot; prometheus-pushgateway.serviceAnnotations prometheus.io/probe: pushgateway)",
    "prometheus-community/helm-charts charts/alertmanager at alertmanager-1.20.1: _helpers.tpl (selectorLabels name + instance, fullname), statefulset.yaml (pod labels selector + podLabels; container port <containerPortName> 9093, clusterpeer-tcp/-udp on service.clusterPort 9094 with replicaCount > 1 or additionalPeers; pod securityContext podSecurityContext, container securityContext), services.yaml (<fullname> http 9093, <fullname>-headless); values.yaml (containerPortName http, securityContext runAsUser 65534 + runAsNonRoot, configmapReload.enabled false)",
    "charts/kube-state-metrics at kube-state-metrics-5.33.2: _helpers.tpl (selectorLabels name + instance; labels managed-by, component metrics, part-of, customLabels, release with releaseLabel), deployment.yaml (pod labels + podLabels; container port http on service.port 8080 unless kubeRBACProxy.enabled), service.yaml (<fullname> http 8080, prometheus.io/scrape with prometheusScrape true); values.yaml securityContext (runAsNonRoot, RuntimeDefault) and containerSecurityContext (no privilege escalation, drop ALL) already restricted",
    "charts/prometheus-node-exporter at prometheus-node-exporter-4.46.1: _helpers.tpl (selectorLabels name + instance; labels managed-by, component metrics, part-of, commonLabels, release with releaseLabel), daemonset.yaml (container port service.portName metrics on service.port 9100; hostNetwork, hostPID; hostPath proc, sys, root), service.yaml (<fullname>, servicePort or port -> targetPort 9100); values.yaml hostNetwork true, hostPID true, hostRootFsMount.enabled true, service.annotations prometheus.io/scrape",
    "charts/prometheus-pushgateway at prometheus-pushgateway-3.3.0: _helpers.tpl (selectorLabels name + instance; defaultLabels add managed-by and podLabels; podSpec container port metrics 9091, securityContext and containerSecurityContext), service.yaml (<fullname>, service.portName http 9091 -> 9091); values.yaml securityContext runAsUser 65534 + runAsNonRoot, containerSecurityContext {}",
  ],
};
