// Where a log shipper pushes: the log store release its spec's flows reach, at the Service and port that store's chart
// creates. Promtail's chart pushes to http://loki-gateway/loki/api/v1/push by default, a Service only a Loki release
// named `loki` with its gateway on has, in Promtail's own namespace (the single binary platformc installs has none);
// Fluent Bit's chart ships to elasticsearch-master, which the spec's VictoriaLogs is not.
import type * as G from "../graph.js";
import { componentOfChart } from "../catalog/index.js";
import { releaseOf } from "./components.js";

/** Promtail's config.clients for the Loki releases of its cluster that its flows name, or undefined. */
export function logClientValues(c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> | undefined {
  if (s.kind !== "helm" || !s.chart || componentOfChart(s.chart)?.name !== "promtail") return undefined;
  const urls = new Set<string>();
  for (const f of s.flows) {
    const t = f.target;
    if (t.kind !== "service" || t.cluster !== c.name) continue;
    const loki = c.services.find((x) => x.id === t.id);
    if (loki?.kind !== "helm" || !loki.chart || componentOfChart(loki.chart)?.name !== "loki") continue;
    // the first Service with the HTTP port: the single binary's own (or the gateway's when the spec keeps it)
    const svc = releaseOf(c, loki)?.services.find((x) => x.ports.some((p) => p.targetPort === t.targetPort || p.name === "http-metrics" || p.name === "http"));
    const port = svc?.ports.find((p) => p.targetPort === t.targetPort) ?? svc?.ports[0];
    if (svc && port) urls.add(`http://${svc.name}.${loki.namespace}.svc.cluster.local:${port.port}/loki/api/v1/push`);
  }
  return urls.size ? { config: { clients: [...urls].sort().map((url) => ({ url })) } } : undefined;
}

/**
 * Fluent Bit's config.outputs for the VictoriaLogs releases its flows name (in its cluster, or across the mesh, where
 * the global Service keeps the name and namespace): VictoriaLogs' JSON-lines endpoint, as its Fluent Bit guide sets it.
 */
export function fluentBitOutputValues(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> | undefined {
  if (s.kind !== "helm" || !s.chart || componentOfChart(s.chart)?.name !== "fluent-bit") return undefined;
  const outputs = new Set<string>();
  for (const f of s.flows) {
    const t = f.target;
    if (t.kind !== "service") continue;
    const tc = g.clusters.find((x) => x.name === t.cluster);
    const store = tc?.services.find((x) => x.id === t.id);
    if (!tc || store?.kind !== "helm" || !store.chart || componentOfChart(store.chart)?.name !== "victoria-logs") continue;
    const svc = releaseOf(tc, store)?.services.find((x) => x.ports.some((p) => p.targetPort === t.targetPort));
    const port = svc?.ports.find((p) => p.targetPort === t.targetPort);
    if (!svc || !port) continue;
    outputs.add(
      [
        "[OUTPUT]",
        "    Name http",
        "    Match *",
        `    Host ${svc.name}.${store.namespace}.svc.cluster.local`,
        `    Port ${port.port}`,
        "    URI /insert/jsonline?_stream_fields=stream&_msg_field=log,message,msg&_time_field=date",
        "    Format json_lines",
        "    Json_date_format iso8601",
        "",
      ].join("\n"),
    );
  }
  return outputs.size ? { config: { outputs: [...outputs].sort().join("") } } : undefined;
}
