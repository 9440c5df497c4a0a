// The platform overview (seed 000's "Cluster Overview"): clusters holding namespaces holding services,
// the users and external endpoints around them, the ingress routes and every declared flow with its label.
// A platform too large to read at service level is drawn per namespace, and past that per cluster.
import type * as G from "../../src/graph.js";
import { servicesIn } from "../../src/plan/namespaces.js";
import { EdgeSet, fill, flowchartSize, idsFor, lines, node, subgraph, wrap, type Flowchart, type FlowNode, type Subgraph } from "./mermaid.js";

/** Past these, a service-level diagram is a wall of crossing edges; the tables still list everything. */
export const OVERVIEW_LIMITS = { services: 60, serviceEdges: 150, namespaces: 30, namespaceEdges: 80 } as const;

type OverviewLevel = "services" | "namespaces" | "clusters";

export function overviewLevel(g: G.Graph): OverviewLevel {
  const services = g.clusters.reduce((n, c) => n + c.services.length, 0);
  const edges = g.clusters.reduce((n, c) => n + c.services.reduce((m, s) => m + s.flows.filter((fl) => fl.target.kind !== "apiserver").length + (s.ingress.length ? 1 : 0), 0), 0) + g.externals.reduce((n, e) => n + e.flows.length, 0);
  if (services <= OVERVIEW_LIMITS.services && edges <= OVERVIEW_LIMITS.serviceEdges) return "services";
  const namespaces = g.clusters.reduce((n, c) => n + c.namespaces.length, 0);
  if (namespaces <= OVERVIEW_LIMITS.namespaces) {
    const chart = namespaceOverview(g);
    if (flowchartSize(chart).edges <= OVERVIEW_LIMITS.namespaceEdges) return "namespaces";
  }
  return "clusters";
}

export function overview(g: G.Graph, level: OverviewLevel = overviewLevel(g)): Flowchart {
  if (level === "services") return serviceOverview(g);
  if (level === "namespaces") return namespaceOverview(g);
  return clusterOverview(g);
}

function clusterTitle(c: G.ClusterNode): string {
  return `${c.distribution === "k3s" ? "K3s" : "Talos"} cluster ${c.name}`;
}

/** Edge labels stay on one short line: a long one would sit across the neighbouring edges. */
export function flowText(f: G.FlowEdge): string {
  if (f.label !== undefined && f.label.trim() !== "") return wrap(f.label, 40, 1)[0] ?? "";
  return f.target.kind === "service" ? `${f.target.portName} ${f.target.port}` : `${f.target.protocol} ${f.target.port}`;
}

function replicaText(s: G.ServiceNode, c: G.ClusterNode): string {
  switch (s.kind) {
    case "daemonset":
      return `daemonset on ${s.eligibleNodes.length} node${s.eligibleNodes.length === 1 ? "" : "s"}`;
    case "bundled":
      return `bundled with ${c.distribution === "k3s" ? "K3s" : "Talos"}`;
    case "helm":
      return s.chart ? `chart ${s.chart.name} ${s.chart.version}` : "helm chart";
    case "managed":
      return s.resource ? `${s.resource.kind} (${s.resource.apiVersion})` : "custom resource";
    case "cronjob":
      return `cronjob: ${s.job?.schedule ?? ""}`;
    case "job":
      return "job: runs once";
    default:
      return s.autoscaling ? `replicas: ${s.autoscaling.min}-${s.autoscaling.max} (autoscaled)` : `replicas: ${s.replicas}`;
  }
}

function serviceShape(s: G.ServiceNode): "box" | "cylinder" | "subroutine" | "round" {
  if (s.kind === "statefulset") return "cylinder";
  if (s.kind === "daemonset") return "subroutine";
  if (s.kind === "helm" || s.kind === "bundled" || s.kind === "managed") return "round";
  return "box";
}

function externalText(e: G.ExternalNode): string[] {
  return [e.name, e.address?.text ?? e.hostname ?? "", ...(e.description ? wrap(e.description) : [])];
}

function namespaceTitle(ns: G.NamespaceNode): string[] {
  return [`namespace ${ns.name}`, ...(ns.purpose ? wrap(ns.purpose, 40, 1) : [])];
}

interface Frame {
  chart: Flowchart;
  users: FlowNode;
  usersUsed: boolean;
  extIds: Map<string, string>;
}

function frame(g: G.Graph): Frame {
  const chart: Flowchart = { direction: "TB", nodes: [], subgraphs: [], edges: [], styles: [] };
  const extIds = idsFor("ext", g.externals.map((e) => e.name));
  for (const e of g.externals) chart.nodes.push(node(extIds.get(e.name)!, lines(externalText(e)), "hexagon"));
  return { chart, users: node("users", lines(["Users", "internet and LAN clients"]), "stadium"), usersUsed: false, extIds };
}

function finish(f: Frame, edges: EdgeSet): Flowchart {
  if (f.usersUsed) f.chart.nodes.unshift(f.users);
  f.chart.edges = edges.edges();
  return f.chart;
}

function serviceOverview(g: G.Graph): Flowchart {
  const f = frame(g);
  const edges = new EdgeSet();
  const svcIds = idsFor("svc", g.clusters.flatMap((c) => c.services.map((s) => s.id)));
  const nsIds = idsFor("ns", g.clusters.flatMap((c) => c.namespaces.map((ns) => `${c.name}/${ns.name}`)));
  const clIds = idsFor("cl", g.clusters.map((c) => c.name));
  for (const c of g.clusters) {
    const cl = subgraph(clIds.get(c.name)!, lines([clusterTitle(c)]));
    let shade = 0;
    for (const ns of c.namespaces) {
      const members = servicesIn(c, ns);
      if (members.length === 0) continue;
      // One-line titles: layouts size a subgraph by its contents, so a longer title spills over its neighbours.
      const sg: Subgraph = subgraph(nsIds.get(`${c.name}/${ns.name}`)!, lines([`namespace ${ns.name}`]), "TB");
      for (const s of members) {
        sg.nodes.push(node(svcIds.get(s.id)!, lines([s.name, ...(s.description ? wrap(s.description) : []), replicaText(s, c)]), serviceShape(s)));
      }
      cl.subgraphs.push(sg);
      f.chart.styles.push({ id: sg.id, css: fill(shade++) });
    }
    f.chart.subgraphs.push(cl);
  }
  for (const c of g.clusters) {
    const ingress = c.ingress ? c.services.find((s) => s.id === c.ingress!.service) : undefined;
    const routed = c.services.filter((s) => s.ingress.length > 0);
    if (ingress && routed.length > 0) {
      const tls = routed.some((s) => s.ingress.some((r) => r.tls));
      const plain = routed.some((s) => s.ingress.some((r) => !r.tls));
      f.usersUsed = true;
      edges.add("users", svcIds.get(ingress.id)!, "-->", tls && plain ? "HTTP/HTTPS" : tls ? "HTTPS" : "HTTP");
      for (const s of routed) for (const r of s.ingress) edges.add(svcIds.get(ingress.id)!, svcIds.get(s.id)!, "-->", `${r.host}${r.path}`);
    }
    for (const s of c.services) {
      if (s === ingress) continue;
      const lb = s.ports.filter((p) => p.expose === "LoadBalancer");
      if (lb.length > 0) {
        f.usersUsed = true;
        edges.add("users", svcIds.get(s.id)!, "-.->", `LoadBalancer ${lb.map((p) => p.port).join(", ")}`);
      }
    }
  }
  for (const e of g.externals) {
    for (const fl of e.flows) if (fl.target.kind === "service") edges.add(f.extIds.get(e.name)!, svcIds.get(fl.target.id)!, "-.->", flowText(fl));
  }
  for (const c of g.clusters) {
    for (const s of c.services) {
      for (const fl of s.flows) {
        // The API server is part of every cluster, not a peer worth a node: an edge to it from most controllers
        // would crowd the diagram. The inventory and the policies list these flows.
        if (fl.target.kind === "apiserver") continue;
        const to = fl.target.kind === "service" ? svcIds.get(fl.target.id) : f.extIds.get(fl.target.name);
        if (to) edges.add(svcIds.get(s.id)!, to, fl.target.kind === "service" ? "-->" : "-.->", flowText(fl));
      }
    }
  }
  // A namespace is isolated when none of its services has an edge; its first service anchors it.
  for (const c of g.clusters) {
    const touched = edges.ends();
    const anchors: string[] = [];
    for (const ns of c.namespaces) {
      const ids = servicesIn(c, ns).map((s) => svcIds.get(s.id)!);
      if (ids.length > 0 && !ids.some((id) => touched.has(id))) anchors.push(ids[0]!);
    }
    edges.gridIsolated(anchors);
  }
  return finish(f, edges);
}

function namespaceOverview(g: G.Graph): Flowchart {
  const f = frame(g);
  const edges = new EdgeSet();
  const key = (cluster: string, ns: string): string => `${cluster}/${ns}`;
  const nsIds = idsFor("ns", g.clusters.flatMap((c) => c.namespaces.map((ns) => key(c.name, ns.name))));
  const clIds = idsFor("cl", g.clusters.map((c) => c.name));
  for (const c of g.clusters) {
    const cl = subgraph(clIds.get(c.name)!, lines([clusterTitle(c)]));
    let shade = 0;
    for (const ns of c.namespaces) {
      const members = servicesIn(c, ns);
      const replicas = members.reduce((n, s) => n + (s.kind === "daemonset" ? s.eligibleNodes.length : s.replicas), 0);
      const routes = members.reduce((n, s) => n + s.ingress.length, 0);
      const id = nsIds.get(key(c.name, ns.name))!;
      cl.nodes.push(node(id, lines([
        ...namespaceTitle(ns),
        `${members.length} service${members.length === 1 ? "" : "s"}, ${replicas} pod${replicas === 1 ? "" : "s"}`,
        ...(routes ? [`${routes} ingress route${routes === 1 ? "" : "s"}`] : []),
      ])));
      f.chart.styles.push({ id, css: fill(shade++) });
    }
    f.chart.subgraphs.push(cl);
    // Users reach the ingress controller's namespace; an edge to every routed namespace would fan out
    // across the whole diagram, so the boxes count their routes instead.
    const ingress = c.ingress ? c.services.find((s) => s.id === c.ingress!.service) : undefined;
    if (ingress && c.services.some((s) => s.ingress.length > 0)) {
      f.usersUsed = true;
      edges.add("users", nsIds.get(key(c.name, ingress.namespace))!, "-->", "ingress");
    }
  }
  for (const e of g.externals) {
    for (const fl of e.flows) if (fl.target.kind === "service") edges.add(f.extIds.get(e.name)!, nsIds.get(key(fl.target.cluster, fl.target.namespace))!, "-.->", flowText(fl));
  }
  for (const c of g.clusters) {
    for (const s of c.services) {
      const from = nsIds.get(key(c.name, s.namespace))!;
      for (const fl of s.flows) {
        if (fl.target.kind === "apiserver") continue; // see serviceOverview: the API server gets no node
        if (fl.target.kind === "service") {
          const to = nsIds.get(key(fl.target.cluster, fl.target.namespace))!;
          if (to !== from) edges.add(from, to, "-->", flowText(fl));
        } else edges.add(from, f.extIds.get(fl.target.name)!, "-.->", flowText(fl));
      }
    }
  }
  for (const c of g.clusters) edges.gridIsolated(c.namespaces.map((ns) => nsIds.get(key(c.name, ns.name))!));
  return finish(f, edges);
}

function clusterOverview(g: G.Graph): Flowchart {
  const f = frame(g);
  const edges = new EdgeSet();
  const clIds = idsFor("cl", g.clusters.map((c) => c.name));
  g.clusters.forEach((c, i) => {
    const replicas = c.services.reduce((n, s) => n + (s.kind === "daemonset" ? s.eligibleNodes.length : s.replicas), 0);
    f.chart.nodes.push(node(clIds.get(c.name)!, lines([clusterTitle(c), `${c.nodes.length} nodes, ${c.namespaces.length} namespaces`, `${c.services.length} services, ${replicas} pods`])));
    f.chart.styles.push({ id: clIds.get(c.name)!, css: fill(i) });
    if (c.services.some((s) => s.ingress.length > 0)) {
      f.usersUsed = true;
      edges.add("users", clIds.get(c.name)!, "-->", "ingress");
    }
  });
  for (const e of g.externals) {
    for (const fl of e.flows) if (fl.target.kind === "service") edges.add(f.extIds.get(e.name)!, clIds.get(fl.target.cluster)!, "-.->", flowText(fl));
  }
  for (const c of g.clusters) {
    for (const s of c.services) {
      for (const fl of s.flows) {
        if (fl.target.kind === "apiserver") continue; // inside the cluster
        if (fl.target.kind === "service") {
          if (fl.target.cluster !== c.name) edges.add(clIds.get(c.name)!, clIds.get(fl.target.cluster)!, "-->", flowText(fl));
        } else edges.add(clIds.get(c.name)!, f.extIds.get(fl.target.name)!, "-.->", flowText(fl));
      }
    }
  }
  return finish(f, edges);
}
