// SigNoz (chart signoz of https://charts.signoz.io) as chart 0.55.x lays it out, before the merged `signoz` binary:
// the query-service StatefulSet (API 8080, internal 8085 for the alertmanager, OpAMP 4320 for the collectors), the
// frontend (nginx on 3301, proxying /api to the query service), the OTLP collector, the metrics collector, SigNoz's
// alertmanager and the schema-migrator Jobs, over the clickhouse subchart: the Altinity clickhouse-operator, the
// ClickHouseInstallation it turns into a ClickHouse StatefulSet, and Bitnami's ZooKeeper.
import type { ChartPort, ChartWorkload, Component, ComponentFlow, Protocol, Release } from "./types.js";
import { flag, labelsAt, portValue, textValue, trunc } from "./helm.js";

// signoz.name / signoz.fullname (_helpers.tpl): the helm-create rules on nameOverride
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "signoz"));
function full(r: Release): string {
  const o = textValue(r, ["fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], "signoz");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

type Key = "queryService" | "frontend" | "otelCollector" | "otelCollectorMetrics" | "alertmanager";
const DEFAULT_NAME: Record<Key, string> = {
  queryService: "query-service",
  frontend: "frontend",
  otelCollector: "otel-collector",
  otelCollectorMetrics: "otel-collector-metrics",
  alertmanager: "alertmanager",
};
const partName = (r: Release, key: Key) => textValue(r, [key, "name"], DEFAULT_NAME[key]);

// <key>.selectorLabels: name, instance and the component (<key>.name); the pod templates carry only these
const selector = (key: Key) => (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": partName(r, key) });
// <key>.fullname: <signoz.fullname>-<key>.name
const partFull = (r: Release, key: Key) => trunc(`${full(r)}-${partName(r, key)}`);

const tcp = (name: string, port: number): ChartPort => ({ name, port, protocol: "TCP" });

// values.yaml otelCollector.ports / otelCollectorMetrics.ports: which the chart enables, container and Service ports
const COLLECTOR_PORTS: Array<[string, boolean, number, Protocol]> = [
  ["otlp", true, 4317, "TCP"],
  ["otlp-http", true, 4318, "TCP"],
  ["jaeger-compact", false, 6831, "UDP"],
  ["jaeger-thrift", true, 14268, "TCP"],
  ["jaeger-grpc", true, 14250, "TCP"],
  ["zipkin", false, 9411, "TCP"],
  ["prometheus", false, 8889, "TCP"],
  ["metrics", true, 8888, "TCP"],
  ["zpages", false, 55679, "TCP"],
  ["pprof", false, 1777, "TCP"],
  ["logsheroku", true, 8081, "TCP"],
  ["logsjson", true, 8082, "TCP"],
];
const METRICS_COLLECTOR_PORTS: Array<[string, boolean, number, Protocol]> = [
  ["metrics", false, 8888, "TCP"],
  ["zpages", false, 55679, "TCP"],
  ["health-check", true, 13133, "TCP"],
  ["pprof", false, 1777, "TCP"],
];
function collectorPorts(r: Release, key: Key, table: typeof COLLECTOR_PORTS): Array<ChartPort & { servicePort: number }> {
  return table
    .filter(([n, on]) => flag(r, [key, "ports", n, "enabled"], on))
    .map(([n, , port, protocol]) => ({ name: n, port: portValue(r, [key, "ports", n, "containerPort"], port), servicePort: portValue(r, [key, "ports", n, "servicePort"], port), protocol }));
}

const qsPorts = (r: Release) => [
  tcp("http", portValue(r, ["queryService", "service", "port"], 8080)),
  tcp("http-internal", portValue(r, ["queryService", "service", "internalPort"], 8085)),
  tcp("opamp-internal", portValue(r, ["queryService", "service", "opampPort"], 4320)),
];

function part(workload: string, key: Key, kind: ChartWorkload["kind"], ports: (r: Release) => ChartPort[], enabled: (r: Release) => boolean = () => true): ChartWorkload {
  return { name: workload, kind, enabled, selector: selector(key), labels: selector(key), ports };
}

// The clickhouse subchart (charts/clickhouse at clickhouse-24.1.7): its own name/fullname rules on clickhouse.*
const chOn = (r: Release) => flag(r, ["clickhouse", "enabled"], true);
const chName = (r: Release) => trunc(textValue(r, ["clickhouse", "nameOverride"], "clickhouse"));
function chFull(r: Release): string {
  const o = textValue(r, ["clickhouse", "fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["clickhouse", "nameOverride"], "clickhouse");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}
// clickhouse.selectorLabels (component <clickhouse.name>, "clickhouse") on the ClickHouseInstallation's podTemplate
const chSelector = (r: Release) => ({ "app.kubernetes.io/name": chName(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": textValue(r, ["clickhouse", "name"], "clickhouse") });
// clickhouseOperator.selectorLabels: the component is clickhouseOperator.name ("operator")
const operatorSelector = (r: Release) => ({ "app.kubernetes.io/name": chName(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": textValue(r, ["clickhouse", "clickhouseOperator", "name"], "operator") });
const chHttp = (r: Release) => portValue(r, ["clickhouse", "service", "httpPort"], 8123);
const chTcp = (r: Release) => portValue(r, ["clickhouse", "service", "tcpPort"], 9000);

// Bitnami zookeeper 11.4.2 under clickhouse.zookeeper: common.names.name / fullname and component zookeeper
const zkOn = (r: Release) => chOn(r) && flag(r, ["clickhouse", "zookeeper", "enabled"], true);
const zkName = (r: Release) => trunc(textValue(r, ["clickhouse", "zookeeper", "nameOverride"], "zookeeper"));
function zkFull(r: Release): string {
  const o = textValue(r, ["clickhouse", "zookeeper", "fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["clickhouse", "zookeeper", "nameOverride"], "zookeeper");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}
const zkSelector = (r: Release) => ({ "app.kubernetes.io/name": zkName(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": "zookeeper" });

// The schema-migrator Jobs' pod templates carry only schemaMigrator.selectorLabels, name and instance, which every pod
// of the signoz chart carries too, and the chart has no podLabels value for them. What sets them apart is the label
// the API server adds to the pod template of every Job without manualSelector: batch.kubernetes.io/job-name, the
// Job's name, which the chart makes from the release alone: <schemaMigrator.fullname>-sync and -async, with -init on
// the install (.Release.IsInstall) and without on upgrades (where upgradeHelmHooks makes them pre- and post-upgrade
// hooks). So each of the four names is a workload of its own; 0.55.0 renders only the sync Job, and the async
// policies select nothing there. A label value holds at most 63 characters: a longer name cannot be selected, and
// that Job is left out.
const migratorFull = (r: Release) => trunc(`${full(r)}-${textValue(r, ["schemaMigrator", "name"], "schema-migrator")}`);
const migratorJob = (r: Release, step: "sync" | "async", init: boolean) => `${migratorFull(r)}-${step}${init ? "-init" : ""}`;
function migrator(step: "sync" | "async", init: boolean): ChartWorkload {
  const sel = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name, "batch.kubernetes.io/job-name": migratorJob(r, step, init) });
  return {
    name: `schema-migrator-${step}${init ? "-init" : ""}`,
    kind: "Job",
    enabled: (r) => flag(r, ["schemaMigrator", "enabled"], true) && migratorJob(r, step, init).length <= 63,
    selector: sel,
    labels: sel,
    ports: () => [],
  };
}
const MIGRATORS = [migrator("sync", true), migrator("async", true), migrator("sync", false), migrator("async", false)];
// every migrator Job: the busybox init wgets ClickHouse's HTTP /ping, the ch-ready init runs clickhouse client on the
// native port, the migrator itself connects with --dsn tcp://<clickhouse>:9000; the async one waits for the sync one
const migratorFlows = MIGRATORS.flatMap(({ name: job }): ComponentFlow[] => [
  { kind: "internal", from: job, to: "clickhouse", port: "client", why: "the schema migrator (--dsn tcp://<release>-clickhouse:9000) and its ch-ready init container (clickhouse client) use ClickHouse's native protocol" },
  { kind: "internal", from: job, to: "clickhouse", port: "http", why: "its init container waits for ClickHouse's HTTP /ping" },
  ...(job.startsWith("schema-migrator-async") ? [{ kind: "to-apiserver" as const, from: job, why: "its wait-for-sync init container (k8s-wait-for) waits for the sync Job" }] : []),
]);

// Bitnami removed docker.io/bitnami/zookeeper's versioned tags in 2025 (bitnami/containers#83267); the frozen copies
// live on as bitnamilegacy/zookeeper, and the chart's 3.7.1 is among them
function releaseDefaults(r: Release): Record<string, unknown> {
  if (!zkOn(r)) return {};
  return { clickhouse: { zookeeper: { image: { repository: "bitnamilegacy/zookeeper" } } } };
}

const at = (version: string) => [{ range: {}, version }];

export const signoz: Component = {
  name: "signoz",
  charts: [{ repo: "https://charts.signoz.io", name: "signoz" }],
  // checked at 0.55.1 only; later charts replace query-service and frontend with one `signoz` StatefulSet
  known: { from: "0.55.0", until: "0.56.0" },
  kinds: [
    { group: "clickhouse.altinity.com", kind: "ClickHouseInstallation", served: at("v1") },
    { group: "clickhouse.altinity.com", kind: "ClickHouseInstallationTemplate", served: at("v1") },
    { group: "clickhouse.altinity.com", kind: "ClickHouseOperatorConfiguration", served: at("v1") },
  ],
  // No `crds` and no `requires`: the clickhouse subchart carries its CRDs in crds/, which Helm applies before the
  // release's templates (so the ClickHouseInstallation of the same release finds its kind), and Flux's
  // install/upgrade crds: CreateReplace keeps them current
  release: {
    primary: "query-service",
    workloads: [
      part("query-service", "queryService", "StatefulSet", qsPorts),
      part("frontend", "frontend", "Deployment", (r) => [tcp("http", portValue(r, ["frontend", "service", "port"], 3301))]),
      part("otel-collector", "otelCollector", "Deployment", (r) => collectorPorts(r, "otelCollector", COLLECTOR_PORTS).map(({ name, port, protocol }) => ({ name, port, protocol }))),
      part("otel-collector-metrics", "otelCollectorMetrics", "Deployment", (r) => collectorPorts(r, "otelCollectorMetrics", METRICS_COLLECTOR_PORTS).map(({ name, port, protocol }) => ({ name, port, protocol })), (r) => flag(r, ["otelCollectorMetrics", "enabled"], true)),
      part("alertmanager", "alertmanager", "StatefulSet", (r) => [tcp("http", portValue(r, ["alertmanager", "service", "port"], 9093))], (r) => flag(r, ["alertmanager", "enabled"], true)),
      {
        // the StatefulSet the operator makes from the ClickHouseInstallation's pod-template (clickhouse.labels)
        name: "clickhouse",
        kind: "StatefulSet",
        enabled: chOn,
        selector: chSelector,
        labels: chSelector,
        ports: () => [tcp("http", 8123), tcp("client", 9000), tcp("interserver", 9009)],
      },
      {
        name: "clickhouse-operator",
        kind: "Deployment",
        enabled: chOn,
        selector: operatorSelector,
        labels: operatorSelector,
        ports: (r) => [tcp("metrics", portValue(r, ["clickhouse", "clickhouseOperator", "metricsExporter", "service", "port"], 8888))],
      },
      {
        name: "zookeeper",
        kind: "StatefulSet",
        enabled: zkOn,
        selector: zkSelector,
        labels: (r) => ({ ...labelsAt(r, ["clickhouse", "zookeeper", "podLabels"]), "app.kubernetes.io/managed-by": "Helm", ...zkSelector(r) }),
        ports: () => [tcp("client", 2181), tcp("follower", 2888), tcp("election", 3888)],
      },
      ...MIGRATORS,
    ],
    services: [
      { name: (r) => partFull(r, "queryService"), workload: "query-service", ports: (r) => qsPorts(r).map((p) => ({ ...p, targetPort: p.port })) },
      // the UI: a route to the release lands on nginx, which proxies /api to the query service
      { name: (r) => partFull(r, "frontend"), workload: "frontend", routes: "http", ports: (r) => [{ ...tcp("http", portValue(r, ["frontend", "service", "port"], 3301)), targetPort: portValue(r, ["frontend", "service", "port"], 3301) }] },
      // where applications send OTLP: <release>-otel-collector, 4317 gRPC and 4318 HTTP
      { name: (r) => partFull(r, "otelCollector"), workload: "otel-collector", ports: (r) => collectorPorts(r, "otelCollector", COLLECTOR_PORTS).map((p) => ({ name: p.name, port: p.servicePort, targetPort: p.port, protocol: p.protocol })) },
      { name: (r) => partFull(r, "alertmanager"), workload: "alertmanager", ports: (r) => [{ ...tcp("http", portValue(r, ["alertmanager", "service", "port"], 9093)), targetPort: portValue(r, ["alertmanager", "service", "port"], 9093) }] },
      // the operator's serviceTemplate (generateName <clickhouse.fullname>): http and tcp
      { name: chFull, workload: "clickhouse", ports: (r) => [{ ...tcp("http", chHttp(r)), targetPort: 8123 }, { ...tcp("tcp", chTcp(r)), targetPort: 9000 }] },
      { name: zkFull, workload: "zookeeper", ports: () => [{ ...tcp("tcp-client", 2181), targetPort: 2181 }] },
    ],
    flows: [
      { kind: "internal", from: "frontend", to: "query-service", port: "http", why: "nginx proxies /api to the query service (frontend/configmap.yaml), and the init container waits for its health endpoint" },
      { kind: "internal", from: "query-service", to: "clickhouse", port: "client", why: "the query service reads traces, metrics and logs over ClickHouse's native protocol (ClickHouseUrl tcp://<release>-clickhouse:9000)" },
      { kind: "internal", from: "query-service", to: "clickhouse", port: "http", why: "its init container waits for ClickHouse's HTTP /ping" },
      { kind: "internal", from: "query-service", to: "alertmanager", port: "http", why: "ALERTMANAGER_API_PREFIX: the query service manages alert routes through the alertmanager's API" },
      { kind: "internal", from: "alertmanager", to: "query-service", port: "http-internal", why: "--queryService.url: the alertmanager loads its configuration from the query service's internal port" },
      { kind: "internal", from: "alertmanager", to: "query-service", port: "http", why: "its init container waits for the query service's health endpoint" },
      { kind: "internal", from: "otel-collector", to: "clickhouse", port: "client", why: "the ClickHouse exporters write traces, metrics and logs over the native protocol" },
      { kind: "internal", from: "otel-collector", to: "clickhouse", port: "http", why: "its init container waits for ClickHouse's HTTP /ping" },
      { kind: "internal", from: "otel-collector", to: "query-service", port: "opamp-internal", why: "the collector takes its configuration from the query service's OpAMP server (ws://<query-service>:4320/v1/opamp)" },
      { kind: "internal", from: "otel-collector-metrics", to: "clickhouse", port: "client", why: "writes the metrics it scrapes over the native protocol" },
      { kind: "internal", from: "otel-collector-metrics", to: "clickhouse", port: "http", why: "its init container waits for ClickHouse's HTTP /ping" },
      { kind: "internal", from: "clickhouse", to: "zookeeper", port: "client", why: "ClickHouse keeps replicated tables' metadata in ZooKeeper (zookeeper.nodes <release>-zookeeper-headless:2181)" },
      { kind: "internal", from: "zookeeper", to: "zookeeper", port: "follower", why: "ZooKeeper servers replicate to each other (ZOO_SERVERS ...:2888:3888)" },
      { kind: "internal", from: "zookeeper", to: "zookeeper", port: "election", why: "ZooKeeper servers elect a leader on 3888" },
      { kind: "internal", from: "clickhouse", to: "clickhouse", port: "interserver", why: "replicas fetch parts from each other on the interserver port" },
      { kind: "internal", from: "clickhouse-operator", to: "clickhouse", port: "http", why: "the operator queries each ClickHouse host over HTTP to reconcile schema and export its metrics" },
      { kind: "to-apiserver", from: "clickhouse-operator", why: "watches ClickHouseInstallations and creates their StatefulSets, Services and ConfigMaps" },
      { kind: "to-apiserver", from: "otel-collector", why: "the k8sattributes processor reads pods, namespaces and ReplicaSets (ClusterRole), and its migrate-init container (k8s-wait-for) waits for the schema-migrator Job" },
      { kind: "to-apiserver", from: "otel-collector-metrics", why: "the prometheus receiver discovers pods (kubernetes_sd_configs role pod), and its init container waits for the schema-migrator Job" },
      // histogramQuantile: the udf init container wgets it from raw.githubusercontent.com on every start
      { kind: "to-internet", from: "clickhouse", ports: [{ port: 443, protocol: "TCP" }], when: "always", why: "the ClickHouse pods' udf init container downloads the histogramQuantile function from github.com on every start" },
      ...migratorFlows,
    ],
    gaps: [
      { from: "otel-collector-metrics", why: "scrapes every pod of the cluster annotated signoz.io/scrape on the port its annotation names, which no policy of this release can list" },
    ],
    podSecurity: {
      // queryService, frontend, otelCollector and otelCollectorMetrics securityContext {} in values.yaml; the
      // ClickHouseInstallation pod-template takes only a pod securityContext (runAsUser 101, no seccomp or
      // capabilities), and Bitnami zookeeper 11 sets only runAsUser on its container
      level: () => "baseline",
      why: "pods with empty securityContexts (query-service, frontend, otel collectors: their images' own user, no seccomp profile, capabilities kept) and ClickHouse pods whose template takes no container securityContext",
    },
    defaults: releaseDefaults,
  },
  sources: [
    "SigNoz/charts charts/signoz at signoz-0.55.1 (appVersion 0.57.0): Chart.yaml (dependencies clickhouse 24.1.7 condition clickhouse.enabled, signoz-otel-gateway 0.0.1 disabled), templates/_helpers.tpl (signoz.name, signoz.fullname helm-create rules; <part>.fullname = <fullname>-<part>.name; <part>.selectorLabels = name, instance, component <part>.name: query-service, frontend, otel-collector, otel-collector-metrics, alertmanager; schemaMigrator.selectorLabels name and instance only; clickhouse.servicename <release>-clickhouse)",
    "signoz-0.55.1 templates: query-service/statefulset.yaml (StatefulSet, ports http 8080, http-internal 8085, opamp-internal 4320; ClickHouseUrl tcp 9000, ALERTMANAGER_API_PREFIX), query-service/service.yaml (http, http-internal, opamp-internal), frontend/deployment.yaml + service.yaml (http 3301; init waits on the query service), frontend/configmap.yaml (proxy_pass to the query service), otel-collector/deployment.yaml + service.yaml (ports from otelCollector.ports, migrate-init k8s-wait-for), otel-collector/configmap.yaml (OpAMP ws://<query-service>:4320/v1/opamp), alertmanager/statefulset.yaml + services.yaml (http 9093, --queryService.url internal 8085), schema-migrator/migrations-sync.yaml and migrations-async.yaml (Jobs, Helm pre-/post-upgrade hooks, Argo CD Sync/PostSync, pod labels name + instance, dsn tcp 9000)",
    "signoz-0.55.1 values.yaml: otelCollector.ports enabled otlp 4317, otlp-http 4318, jaeger-thrift 14268, jaeger-grpc 14250, metrics 8888, logsheroku 8081, logsjson 8082; otelCollectorMetrics.enabled true, its ports only health-check 13133, prometheus receiver kubernetes_sd_configs role pod with signoz.io/scrape; queryService/frontend/otelCollector/otelCollectorMetrics securityContext {}; alertmanager runAsUser 65534 runAsNonRoot; clickhouse.initContainers.udf wget from github.com",
    "SigNoz/charts charts/clickhouse at clickhouse-24.1.7: crds/ (ClickHouseInstallation, ClickHouseInstallationTemplate, ClickHouseOperatorConfiguration, clickhouse.altinity.com v1 served and stored), templates/_helper.tpl (clickhouse.selectorLabels component <name> 'clickhouse'; clickhouseOperator.selectorLabels component clickhouseOperator.name 'operator'; zookeeper service <release>-zookeeper), clickhouse-instance/clickhouse-instance.yaml (pod-template labels clickhouse.labels, ports http 8123, client 9000, interserver 9009, serviceTemplate generateName <fullname> with http/tcp; pod securityContext from values runAsUser 101 only), clickhouse-operator/deployment.yaml (pod labels the selector, metrics-exporter port metrics 8888), values.yaml (zookeeper.image bitnami/zookeeper 3.7.1, bitnami zookeeper chart 11.4.2)",
    "bitnami/charts bitnami/zookeeper templates/statefulset.yaml (a stored version, commit 0035ed3, not checked at 11.4.2): selector common.labels.matchLabels + app.kubernetes.io/component zookeeper, container securityContext runAsUser only; ports client 2181, follower 2888, election 3888",
    "signoz-0.55.1 (commit 0a250ce) templates/schema-migrator/migrations-sync.yaml and migrations-async.yaml: Jobs <schemaMigrator.fullname>-sync / -async, + '-init' when .Release.IsInstall; pod labels schemaMigrator.selectorLabels (name, instance) only, no manualSelector; init container wget <clickhouse.httpUrl>/ping, ch-ready init clickhouse client --port CLICKHOUSE_PORT (clickhouse.tcpPort), migrator --dsn tcp://<schemamigrator.url> (<clickhouse.servicename>:<tcpPort>); async adds wait-for-sync (k8s-wait-for job <fullname>-sync[-init]); values.yaml schemaMigrator.enabled true, name schema-migrator, no podLabels; _helpers.tpl schemaMigrator.fullname <signoz.fullname>-<schemaMigrator.name> trunc 63. signoz-0.55.0: only migrations.yaml (the sync Job, same labels and name)",
    "kubernetes/kubernetes pkg/registry/batch/job/strategy.go (commit 36f3681) generateSelector: unless spec.manualSelector, the API server sets job-name and batch.kubernetes.io/job-name = the Job's name on its pod template; kubernetes/website content/en/docs/reference/labels-annotations-taints/_index.md: batch.kubernetes.io/job-name on Jobs and their Pods, the unprefixed job-name deprecated since 1.27",
    "bitnami/containers#83267: Bitnami's versioned images left docker.io/bitnami in 2025, kept frozen under bitnamilegacy/",
  ],
};
