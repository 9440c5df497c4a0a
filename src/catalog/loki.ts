// Loki (chart loki of https://grafana.github.io/helm-charts, from grafana/loki's production/helm/loki). The chart
// defaults to the simple-scalable mode on object storage with no schema_config, which validate.yaml refuses to
// render; the catalog's defaults make a release one binary on its own volume's filesystem (the chart's "SingleBinary"
// mode), which is what the seeds describe: one StatefulSet behind the Service <fullname> on 3100, the port their
// specs name. The facts below cover that mode: the single binary, the nginx gateway in front of it (turned off by the
// defaults, a spec may turn it on) and the canary DaemonSet that writes and reads test lines. Clients (Promtail, a
// Grafana datasource, routes) use the single binary's Service: http://<fullname>.<namespace>.svc:3100.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc, valueAt, labelsAt } from "./helm.js";


// loki.name: nameOverride, else enterprise-logs with enterprise.enabled, else loki
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], flag(r, ["enterprise", "enabled"], false) ? "enterprise-logs" : "loki"));

// loki.fullname, which names the gateway: the release when it contains loki.name, else <release>-<name>
function full(r: Release): string {
  const o = textValue(r, ["fullnameOverride"], "");
  if (o) return trunc(o);
  const n = name(r);
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

// loki.singleBinaryFullname: the same rule with the chart's name (not enterprise-logs) under nameOverride
function singleBinaryFull(r: Release): string {
  const o = textValue(r, ["fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], "loki");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}

const selector = (component: string) => (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": component });

const mode = (r: Release) => textValue(r, ["deploymentMode"], "SimpleScalable");
// loki.deployment.isSingleBinary
const singleBinary = (r: Release) => mode(r) === "SingleBinary" || mode(r) === "SingleBinary<->SimpleScalable";
const gatewayOn = (r: Release) => flag(r, ["gateway", "enabled"], true) && !(flag(r, ["enterprise", "enabled"], false) && flag(r, ["enterprise", "gelGateway"], true));

const httpPort = (r: Release) => portValue(r, ["loki", "server", "http_listen_port"], 3100);
const grpcPort = (r: Release) => portValue(r, ["loki", "server", "grpc_listen_port"], 9095);

const seccomp = { seccompProfile: { type: "RuntimeDefault" } };

/**
 * One binary on a filesystem, unless the spec chooses another deployment mode (then only the security contexts):
 * validate.yaml wants a schema, one single-binary replica and no simple-scalable replicas on a filesystem.
 */
function defaults(r: Release): Record<string, unknown> {
  // loki.podSecurityContext (the single binary, the canary) and the gateway's lack only the seccomp profile for restricted
  const secure = { loki: { podSecurityContext: seccomp }, gateway: { podSecurityContext: seccomp } };
  const spec = valueAt(r.values, ["deploymentMode"]);
  if (spec !== undefined && spec !== "SingleBinary") return secure;
  const storage = textValue(r, ["loki", "storage", "type"], "filesystem");
  const ownSchema = valueAt(r.values, ["loki", "useTestSchema"]) === true || valueAt(r.values, ["loki", "structuredConfig", "schema_config"]) !== undefined;
  const schema = { configs: [{ from: "2024-04-01", store: "tsdb", object_store: storage, schema: "v13", index: { prefix: "index_", period: "24h" } }] };
  return {
    deploymentMode: "SingleBinary",
    loki: {
      ...secure.loki,
      // one tenant: Promtail's and Grafana's defaults send no X-Scope-OrgID, which auth_enabled requires
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: { type: "filesystem" },
      ...(ownSchema ? {} : { schemaConfig: schema }),
    },
    singleBinary: { replicas: 1 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    // memcached StatefulSets (8 GiB for the chunks by default) in front of an object store a filesystem does not need
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    // clients use the single binary's Service, the port the specs name; loki.host (the canary's address) follows
    gateway: { ...secure.gateway, enabled: false },
  };
}

export const loki: Component = {
  name: "loki",
  charts: [{ repo: "https://grafana.github.io/helm-charts", name: "loki" }],
  known: { from: "6.30.0", until: "6.31.0" },
  kinds: [],
  release: {
    primary: "single-binary",
    workloads: [
      {
        name: "single-binary",
        kind: "StatefulSet",
        enabled: singleBinary,
        // loki.singleBinarySelectorLabels plus singleBinary.selectorLabels (templated: only literal strings are read)
        selector: (r) => ({ ...labelsAt(r, ["singleBinary", "selectorLabels"]), ...selector("single-binary")(r) }),
        labels: (r) => ({
          ...labelsAt(r, ["loki", "podLabels"]),
          ...labelsAt(r, ["singleBinary", "podLabels"]),
          ...labelsAt(r, ["singleBinary", "selectorLabels"]),
          ...selector("single-binary")(r),
          "app.kubernetes.io/part-of": "memberlist",
        }),
        ports: (r) => [
          { name: "http-metrics", port: httpPort(r), protocol: "TCP" },
          { name: "grpc", port: grpcPort(r), protocol: "TCP" },
          { name: "http-memberlist", port: 7946, protocol: "TCP" },
        ],
      },
      {
        name: "gateway",
        kind: "Deployment",
        enabled: gatewayOn,
        selector: selector("gateway"),
        labels: (r) => ({ ...labelsAt(r, ["loki", "podLabels"]), ...labelsAt(r, ["gateway", "podLabels"]), ...selector("gateway")(r) }),
        ports: (r) => [{ name: "http-metrics", port: portValue(r, ["gateway", "containerPort"], 8080), protocol: "TCP" }],
      },
      {
        name: "canary",
        kind: "DaemonSet",
        enabled: (r) => flag(r, ["lokiCanary", "enabled"], true),
        selector: selector("canary"),
        labels: (r) => ({ ...labelsAt(r, ["lokiCanary", "podLabels"]), ...selector("canary")(r) }),
        ports: () => [{ name: "http-metrics", port: 3500, protocol: "TCP" }],
      },
    ],
    services: [
      // first: a route or flow on the http port names the single binary's own Service, not the headless one
      {
        name: singleBinaryFull,
        workload: "single-binary",
        routes: "http-metrics",
        ports: (r) => [
          { name: "http-metrics", port: httpPort(r), targetPort: httpPort(r), protocol: "TCP" },
          { name: "grpc", port: grpcPort(r), targetPort: grpcPort(r), protocol: "TCP" },
        ],
      },
      // its selector is loki.selectorLabels only, so it lists the gateway's and the canary's pods too
      { name: (r) => `${name(r)}-headless`, workload: "single-binary", ports: (r) => [{ name: "http-metrics", port: httpPort(r), targetPort: httpPort(r), protocol: "TCP" }] },
      { name: (r) => `${name(r)}-memberlist`, workload: "single-binary", ports: () => [{ name: "tcp", port: 7946, targetPort: 7946, protocol: "TCP" }] },
      {
        name: (r) => `${full(r)}-gateway`,
        workload: "gateway",
        ports: (r) => [{ name: "http-metrics", port: portValue(r, ["gateway", "service", "port"], 80), targetPort: portValue(r, ["gateway", "containerPort"], 8080), protocol: "TCP" }],
      },
      { name: (r) => `${name(r)}-canary`, workload: "canary", ports: () => [{ name: "http-metrics", port: 3500, targetPort: 3500, protocol: "TCP" }] },
    ],
    flows: [
      { kind: "internal", from: "single-binary", to: "single-binary", port: "http-memberlist", why: "memberlist: every replica joins <name>-memberlist, itself included" },
      { kind: "internal", from: "single-binary", to: "single-binary", port: "http-metrics", why: "the compactor at common.compactor_address http://<fullname>:3100" },
      { kind: "internal", from: "single-binary", to: "single-binary", port: "grpc", why: "the querier's frontend worker and the ring clients on the gRPC port" },
      { kind: "internal", from: "gateway", to: "single-binary", port: "http-metrics", why: "nginx proxies every path to http://<fullname>.<namespace>.svc:3100" },
      { kind: "internal", from: "canary", to: "single-binary", port: "http-metrics", why: "the canary pushes and queries at loki.host: the single binary's Service while the gateway is off" },
      { kind: "internal", from: "canary", to: "gateway", port: "http-metrics", why: "loki.host is the gateway's Service while the gateway is on" },
      // sidecar.rules.enabled is on by default (the loki-sc-rules container of the single binary)
      { kind: "to-apiserver", from: "single-binary", why: "the rules sidecar watches ConfigMaps and Secrets labelled loki_rule" },
    ],
    defaults,
  },
  sources: [
    "grafana/loki production/helm/loki at helm-loki-6.30.1 (commit 68d9395, the seeds' version; Loki 3.5.0): templates/_helpers.tpl (loki.name = nameOverride, else enterprise-logs or loki; loki.fullname and loki.singleBinaryFullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; loki.selectorLabels = name + instance; loki.isUsingObjectStorage: s3, gcs, azure, swift, alibabacloud; loki.deployment.isSingleBinary: deploymentMode SingleBinary or SingleBinary<->SimpleScalable; loki.host: the gateway's Service :gateway.service.port, or with the gateway off in single-binary mode <singleBinaryFullname>:http_listen_port; loki.nginxFile proxies every location to the single binary's Service in single-binary mode; loki.compactorAddress http://<singleBinaryFullname>:3100; loki.memberlist <name>-memberlist)",
    "the same tag: templates/validate.yaml (fails without loki.schemaConfig, structuredConfig.schema_config or useTestSchema; fails on a filesystem with singleBinary.replicas > 1, or 0 with scalable replicas; fails with single-binary and scalable replicas outside SingleBinary<->SimpleScalable), single-binary/_helpers-single-binary.tpl and statefulset.yaml (<singleBinaryFullname>, selector name + instance + component single-binary + singleBinary.selectorLabels, pod labels add loki.podLabels, singleBinary.podLabels and part-of memberlist, ports http-metrics 3100, grpc 9095, http-memberlist 7946, the loki-sc-rules sidecar with sidecar.rules.enabled, securityContext loki.podSecurityContext, persistence 10Gi at /var/loki), single-binary/service.yaml (<singleBinaryFullname> http-metrics and grpc), service-headless.yaml (<name>-headless, selector loki.selectorLabels), service-memberlist.yaml (<name>-memberlist 7946, selector part-of memberlist)",
    "the same tag: gateway/_helpers-gateway.tpl, deployment-gateway-nginx.yaml and service-gateway.yaml (<fullname>-gateway, component gateway, container port http-metrics gateway.containerPort 8080, Service port gateway.service.port 80, securityContext gateway.podSecurityContext), loki-canary/daemonset.yaml and service.yaml (<name>-canary, component canary, -addr=loki.host, port 3500, loki.podSecurityContext), write/read/backend templates render only when loki.deployment.isScalable (object storage), chunks-cache and results-cache only with chunksCache.enabled / resultsCache.enabled; tests/test-canary.yaml is a helm.sh/hook test Pod without a securityContext that only `helm test` runs",
    "values.yaml at helm-loki-6.30.1: deploymentMode SimpleScalable, loki.storage.type s3, loki.schemaConfig {}, useTestSchema false, commonConfig.replication_factor 3, auth_enabled true, server.http_listen_port 3100 / grpc_listen_port 9095, singleBinary.replicas 0, read/write/backend.replicas 3, the distributed replicas 0, chunksCache.enabled and resultsCache.enabled true, gateway.enabled true, lokiCanary.enabled true, sidecar.rules.enabled true, loki.podSecurityContext and gateway.podSecurityContext runAsNonRoot with no seccompProfile, the containerSecurityContexts readOnlyRootFilesystem, drop ALL, allowPrivilegeEscalation false; testSchemaConfig (2024-04-01, tsdb, v13, index_ 24h) and the monolithic install guide (docs/sources/setup/install/helm/install-monolithic) for the schema and the zeroed replicas",
    "grafana/loki v3.5.0 pkg/loki/config_wrapper.go applyStorageConfig: common.storage.filesystem also gives the ruler its local rules directory",
    "helm-loki-6.30.0 to 6.30.1: the single-binary, gateway and canary templates' labels, ports and Services unchanged",
  ],
};
