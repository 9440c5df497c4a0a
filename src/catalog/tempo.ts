// Tempo (chart tempo of https://grafana.github.io/helm-charts, github grafana/helm-charts charts/tempo): Tempo in one
// binary. One StatefulSet <fullname> whose pods carry only the selector labels (name, instance) and podLabels, serving
// the API on 3200 and the receivers (OTLP 4317/4318, Jaeger 14250/14268 and 6831/6832 UDP, Zipkin 9411, OpenCensus
// 55678) behind the Service <fullname>; tempo-query (the Jaeger UI) is a second container with tempoQuery.enabled.
// The chart runs the pod as 10001 non-root; the defaults add the seccomp profile and the container settings that
// `restricted` also asks for.
import type { ChartPort, Component, Release } from "./types.js";
import { flag, fullname, labelsAt, textValue, trunc, valueAt } from "./helm.js";

const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "tempo"));
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });
const queryOn = (r: Release) => flag(r, ["tempoQuery", "enabled"], false);

// the container ports are literals in statefulset.yaml; the Service's port numbers follow the receivers' endpoints
const CONTAINER: ChartPort[] = [
  { name: "prom-metrics", port: 3200, protocol: "TCP" },
  { name: "jaeger-thrift-c", port: 6831, protocol: "UDP" },
  { name: "jaeger-thrift-b", port: 6832, protocol: "UDP" },
  { name: "jaeger-thrift-h", port: 14268, protocol: "TCP" },
  { name: "jaeger-grpc", port: 14250, protocol: "TCP" },
  { name: "zipkin", port: 9411, protocol: "TCP" },
  { name: "otlp-legacy", port: 55680, protocol: "TCP" },
  { name: "otlp-grpc", port: 4317, protocol: "TCP" },
  { name: "otlp-httplegacy", port: 55681, protocol: "TCP" },
  { name: "otlp-http", port: 4318, protocol: "TCP" },
  { name: "opencensus", port: 55678, protocol: "TCP" },
];
const QUERY: ChartPort[] = [
  { name: "jaeger-ui", port: 16686, protocol: "TCP" },
  { name: "jaeger-metrics", port: 16687, protocol: "TCP" },
];

/** The port of a receiver's endpoint ("0.0.0.0:4317"), the way _ports.tpl splits it; undefined when unset. */
function endpointPort(r: Release, protocol: string[], byDefault: number): number | undefined {
  const v = valueAt(r.values, ["tempo", "receivers", ...protocol, "endpoint"]);
  if (v === undefined) return byDefault;
  if (typeof v !== "string" || v === "") return undefined;
  const n = Number(v.split(":").pop());
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

type SvcPort = ChartPort & { targetPort: number };

// tempo.udp then tempo.tcp of _ports.tpl, for a ClusterIP Service
function servicePorts(r: Release): SvcPort[] {
  const out: SvcPort[] = [];
  const receiver = (svcName: string, protocol: string[], byDefault: number, targetPort: number, proto: "TCP" | "UDP") => {
    const p = endpointPort(r, protocol, byDefault);
    if (p !== undefined) out.push({ name: svcName, port: p, targetPort, protocol: proto });
  };
  receiver("tempo-jaeger-thrift-compact", ["jaeger", "protocols", "thrift_compact"], 6831, 6831, "UDP");
  receiver("tempo-jaeger-thrift-binary", ["jaeger", "protocols", "thrift_binary"], 6832, 6832, "UDP");
  out.push({ name: "tempo-prom-metrics", port: 3200, targetPort: 3200, protocol: "TCP" });
  if (queryOn(r)) {
    out.push({ name: "jaeger-metrics", port: 16687, targetPort: 16687, protocol: "TCP" });
    const ui = valueAt(r.values, ["tempoQuery", "service", "port"]);
    const p = typeof ui === "number" ? ui : 16686;
    out.push({ name: "tempo-query-jaeger-ui", port: p, targetPort: p, protocol: "TCP" });
  }
  receiver("tempo-jaeger-thrift-http", ["jaeger", "protocols", "thrift_http"], 14268, 14268, "TCP");
  receiver("grpc-tempo-jaeger", ["jaeger", "protocols", "grpc"], 14250, 14250, "TCP");
  out.push({ name: "tempo-zipkin", port: 9411, targetPort: 9411, protocol: "TCP" });
  out.push({ name: "tempo-otlp-legacy", port: 55680, targetPort: 55680, protocol: "TCP" });
  out.push({ name: "tempo-otlp-http-legacy", port: 55681, targetPort: 55681, protocol: "TCP" });
  receiver("grpc-tempo-otlp", ["otlp", "protocols", "grpc"], 4317, 4317, "TCP");
  receiver("tempo-otlp-http", ["otlp", "protocols", "http"], 4318, 4318, "TCP");
  out.push({ name: "tempo-opencensus", port: 55678, targetPort: 55678, protocol: "TCP" });
  return out;
}

const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };

export const tempo: Component = {
  name: "tempo",
  charts: [{ repo: "https://grafana.github.io/helm-charts", name: "tempo" }],
  known: { from: "1.23.2", until: "1.24.0" },
  kinds: [],
  release: {
    primary: "tempo",
    workloads: [
      {
        name: "tempo",
        kind: "StatefulSet",
        enabled: () => true,
        selector,
        // the pod template has tempo.selectorLabels and podLabels only (not tempo.labels)
        labels: (r) => ({ ...labelsAt(r, ["podLabels"]), ...selector(r) }),
        ports: (r) => [...CONTAINER, ...(queryOn(r) ? QUERY : [])],
      },
    ],
    services: [{ name: (r) => fullname(r, name(r)), workload: "tempo", routes: "tempo-prom-metrics", ports: servicePorts }],
    flows: [],
    // securityContext (the pod's) merges with the chart's runAsUser/runAsGroup/fsGroup 10001 and runAsNonRoot
    defaults: () => ({
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      tempo: { securityContext: { ...RESTRICTED_CONTAINER } },
      tempoQuery: { securityContext: { ...RESTRICTED_CONTAINER } },
    }),
  },
  sources: [
    "grafana/helm-charts charts/tempo at tag tempo-1.23.2 (commit 6d84788, appVersion 2.8.1): templates/_helpers.tpl (tempo.name = nameOverride or the chart's name; tempo.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; tempo.selectorLabels = name + instance)",
    "the same tag: templates/statefulset.yaml (StatefulSet <fullname>, selector tempo.selectorLabels, pod labels tempo.selectorLabels + podLabels; container tempo with ports prom-metrics 3200, jaeger-thrift-c 6831/UDP, jaeger-thrift-b 6832/UDP, jaeger-thrift-h 14268, jaeger-grpc 14250, zipkin 9411, otlp-legacy 55680, otlp-grpc 4317, otlp-httplegacy 55681, otlp-http 4318, opencensus 55678, securityContext tempo.securityContext; tempo-query container (jaeger-ui 16686, jaeger-metrics 16687, tempoQuery.securityContext) with tempoQuery.enabled; pod securityContext = securityContext; /var/tempo a volume only with persistence.enabled)",
    "the same tag: templates/service.yaml and _ports.tpl (Service <fullname>, selector tempo.selectorLabels; ports tempo.udp then tempo.tcp: the jaeger and otlp receiver ports taken from the endpoint after its last ':' and rendered only while the endpoint is set, 3200, 9411, 55680, 55681, 55678 always, the tempo-query ports with tempoQuery.enabled); networkpolicy.yaml only with networkPolicy.enabled",
    "values.yaml at the same tag: receivers jaeger grpc 0.0.0.0:14250, thrift_binary :6832, thrift_compact :6831, thrift_http :14268, otlp grpc 0.0.0.0:4317, http 0.0.0.0:4318; storage.trace.backend local; tempoQuery.enabled false; securityContext runAsUser/runAsGroup/fsGroup 10001, runAsNonRoot true, no seccompProfile; tempo.securityContext {} and tempoQuery.securityContext {}; persistence.enabled false",
    "not covered: the server's gRPC port (Tempo's server.grpc_listen_port, no container port in the chart), which the single binary's querier uses on its own pod address",
  ],
};
