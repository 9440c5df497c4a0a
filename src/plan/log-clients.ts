// Where a client release points at another release its spec's flows reach, at the Service and port that release's
// chart creates: a log shipper's push address, Grafana's datasources. Promtail's chart pushes to http://loki-gateway/loki/api/v1/push by default, a Service only a Loki release
// named `loki` with its gateway on has, in Promtail's own namespace (the single binary platformc installs has none);
// Fluent Bit's chart ships to elasticsearch-master, which the spec's VictoriaLogs is not.
import type * as G from "../graph.js";
import { componentOfChart } from "../catalog/index.js";
import { releaseOf } from "./components.js";

type Planned = NonNullable<ReturnType<typeof releaseOf>>["services"][number];

/**
 * The releases of `component` that the flows of `s` reach (in its cluster, or with `g` across the mesh, whose global
 * Service keeps the name and namespace), each with the chart's Service and port behind the flow's pod port.
 */
function reached(c: G.ClusterNode, s: G.ServiceNode, component: string, g?: G.Graph): Array<{ target: G.ServiceNode; svc: Planned; port: Planned["ports"][number] }> {
  const out: Array<{ target: G.ServiceNode; svc: Planned; port: Planned["ports"][number] }> = [];
  for (const f of s.flows) {
    const t = f.target;
    if (t.kind !== "service" || (!g && t.cluster !== c.name)) continue;
    const tc = g ? g.clusters.find((x) => x.name === t.cluster) : c;
    const target = tc?.services.find((x) => x.id === t.id);
    if (!tc || target?.kind !== "helm" || !target.chart || componentOfChart(target.chart)?.name !== component) continue;
    const svc = releaseOf(tc, target)?.services.find((x) => x.ports.some((p) => p.targetPort === t.targetPort));
    const port = svc?.ports.find((p) => p.targetPort === t.targetPort);
    if (svc && port) out.push({ target, svc, port });
  }
  return out;
}

const isChart = (s: G.ServiceNode, component: string) => s.kind === "helm" && !!s.chart && componentOfChart(s.chart)?.name === component;
const address = (x: { target: G.ServiceNode; svc: Planned; port: Planned["ports"][number] }) => `${x.svc.name}.${x.target.namespace}.svc.cluster.local:${x.port.port}`;

/** Promtail's config.clients for the Loki releases of its cluster that its flows name, or undefined. */
export function logClientValues(c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> | undefined {
  if (!isChart(s, "promtail")) return undefined;
  const urls = new Set(reached(c, s, "loki").map((x) => `http://${address(x)}/loki/api/v1/push`));
  return urls.size ? { config: { clients: [...urls].sort().map((url) => ({ url })) } } : undefined;
}

/**
 * Fluent Bit's config.outputs for the VictoriaLogs releases its flows name (in its cluster, or across the mesh, where
 * the global Service keeps the name and namespace): VictoriaLogs' JSON-lines endpoint, as its Fluent Bit guide sets it.
 */
export function fluentBitOutputValues(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> | undefined {
  if (!isChart(s, "fluent-bit")) return undefined;
  const outputs = new Set(
    reached(c, s, "victoria-logs", g).map((x) =>
      [
        "[OUTPUT]",
        "    Name http",
        "    Match *",
        `    Host ${x.svc.name}.${x.target.namespace}.svc.cluster.local`,
        `    Port ${x.port.port}`,
        "    URI /insert/jsonline?_stream_fields=stream&_msg_field=log,message,msg&_time_field=date",
        "    Format json_lines",
        "    Json_date_format iso8601",
        "",
      ].join("\n"),
    ),
  );
  return outputs.size ? { config: { outputs: [...outputs].sort().join("") } } : undefined;
}

/** The Grafana datasource type of a catalogued release Grafana's flows may reach. */
const DATASOURCE: Record<string, string> = { prometheus: "prometheus", "kube-prometheus-stack": "prometheus", loki: "loki", tempo: "tempo" };

/**
 * Grafana's provisioned datasources (the grafana chart's `datasources` value, written to its provisioning directory)
 * for the catalogued releases of its cluster its flows name: Grafana starts knowing where its data is. Flows to
 * services the catalog cannot type (a plain VictoriaMetrics image, a plugin-backed store) get none.
 */
export function grafanaDatasourceValues(c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> | undefined {
  if (!isChart(s, "grafana")) return undefined;
  const sources = Object.entries(DATASOURCE)
    .flatMap(([component, type]) => reached(c, s, component).map((x) => ({ name: x.target.name, type, access: "proxy", url: `http://${address(x)}` })))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sources.length === 0) return undefined;
  // the first Prometheus is the default, as Grafana's Explore expects one
  const first = sources.find((x) => x.type === "prometheus") ?? sources[0]!;
  return { datasources: { "datasources.yaml": { apiVersion: 1, datasources: sources.map((x) => (x === first ? { ...x, isDefault: true } : x)) } } };
}

/**
 * Open WebUI's ollamaUrls for the Ollama releases of its cluster its flows name: the chart's own Ollama is off by the
 * catalog's defaults (the spec runs its own), and without a URL the chart sets ENABLE_OLLAMA_API=False.
 */
export function openWebuiOllamaValues(c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> | undefined {
  if (!isChart(s, "open-webui")) return undefined;
  const urls = new Set(reached(c, s, "ollama").map((x) => `http://${address(x)}`));
  return urls.size ? { ollamaUrls: [...urls].sort() } : undefined;
}
