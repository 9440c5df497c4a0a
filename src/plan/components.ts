// What a Helm release of a chart the catalog knows runs, resolved for one spec service: its workloads with their
// pod labels, the chart's Services, and the connections the component needs for itself. The netpol generator
// admits those connections, the kustomize generator points routes and forward auth at the chart's Services, and
// both ask here so they agree on names, labels and ports. A chart the catalog does not know has no release plan:
// its service keeps the spec's name, selector and ports.
import type * as G from "../graph.js";
import { componentOfChart, componentOfResource, type Component, type Release } from "../catalog/index.js";
import { isRecord, overlayValues } from "../lib/values.js";

export type Protocol = G.PortNode["protocol"];

export interface ReleasePort {
  name: string;
  port: number;
  protocol: Protocol;
  /** the last port of the range the workload binds from `port` on */
  endPort?: number;
}

/** a port, or with endPort a range of ports, that a flow admits */
export interface PortRange {
  port: number;
  endPort?: number;
  protocol: Protocol;
}

export interface ReleaseWorkload {
  /** the catalog's name, e.g. repo-server */
  name: string;
  kind: "Deployment" | "StatefulSet" | "DaemonSet" | "Job";
  selector: Record<string, string>;
  labels: Record<string, string>;
  ports: ReleasePort[];
}

export interface ReleaseService {
  name: string;
  workload: string;
  ports: Array<ReleasePort & { targetPort: number }>;
  routes?: string;
}

export type ReleaseFlow =
  | { kind: "internal"; from: string; to: string; port: ReleasePort; why: string }
  | { kind: "to-apiserver"; from: string; why: string }
  | { kind: "from-apiserver"; to: string; port: ReleasePort; why: string }
  | { kind: "to-internet"; from: string; ports: Array<{ port: number; protocol: Protocol }>; why: string }
  /** to every node's own address (the cluster's nodes, host-network pods included) */
  | { kind: "to-nodes"; from: string; ports: PortRange[]; why: string }
  /** from every node's own address: clients on the host network */
  | { kind: "from-nodes"; to: string; port: ReleasePort; why: string }
  /** to the cluster DNS pods (the cluster's `dns`), on these ports */
  | { kind: "to-dns"; from: string; ports: PortRange[]; why: string }
  /** to a workload of another release in the cluster (`service`, its service id), on a port of that workload */
  | { kind: "to-release"; from: string; service: string; to: string; port: ReleasePort; why: string };

export interface ReleasePlan {
  component: string;
  workloads: ReleaseWorkload[];
  services: ReleaseService[];
  /** only between workloads the spec's values enable, and only those whose condition the cluster meets */
  flows: ReleaseFlow[];
  /** enabled workloads that make the spec's declared flows too, besides the pods the selector picks */
  clients: string[];
  /** connections of enabled workloads that no policy can express */
  gaps: Array<{ from: string; why: string }>;
}

const plans = new WeakMap<G.ServiceNode, ReleasePlan | null>();

/**
 * The catalog component a service is a release of: a Helm service's chart, or a managed service's custom resource
 * (whose pods the operator makes), when the catalog knows it.
 */
export function componentOf(s: G.ServiceNode): Component | undefined {
  if (s.kind === "helm" && s.chart) return componentOfChart(s.chart);
  if (s.kind === "managed" && s.resource) return componentOfResource(s.resource.apiVersion, s.resource.kind);
  return undefined;
}

/** The input a service's component sees: chart values, or a managed resource's spec. */
function ownValues(s: G.ServiceNode): unknown {
  return s.kind === "managed" ? s.resource?.spec : s.chart?.values;
}

/**
 * The Helm release of the operator that acts on a managed service's resource: a service of the cluster whose chart
 * is the component the resource's catalog entry names. The first by id when there are several.
 */
export function operatorOf(c: G.ClusterNode, s: G.ServiceNode): G.ServiceNode | undefined {
  const op = s.kind === "managed" ? componentOf(s)?.resource?.operator : undefined;
  if (!op) return undefined;
  return c.services.filter((t) => t.kind === "helm" && t.chart && componentOfChart(t.chart)?.name === op).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

/** The release plan of a Helm or managed service whose component the catalog knows; undefined for every other service. */
export function releaseOf(c: G.ClusterNode, s: G.ServiceNode): ReleasePlan | undefined {
  if (!componentOf(s)) return undefined;
  let p = plans.get(s);
  if (p === undefined) plans.set(s, (p = plan(c, s) ?? null));
  return p ?? undefined;
}

function plan(c: G.ClusterNode, s: G.ServiceNode): ReleasePlan | undefined {
  const component = componentOf(s);
  const facts = component?.release;
  if (!component || !facts) return undefined;
  const r = releaseFor(c, s);
  const workloads = workloadsOf(component, r);
  const byName = new Map(workloads.map((w) => [w.name, w] as const));
  const portOf = (workload: string, name: string) => byName.get(workload)?.ports.find((p) => p.name === name);
  const acme = c.ingress?.certIssuer ? c.ingress.acme : undefined;
  const holds = { acme: acme !== undefined, "acme-dns01": acme?.solver === "cloudflare", "acme-http01": acme?.solver === "http01", always: true };
  const flows: ReleaseFlow[] = [];
  for (const f of facts.flows) {
    if (f.kind === "internal") {
      const port = portOf(f.to, f.port);
      if (byName.has(f.from) && port) flows.push({ kind: "internal", from: f.from, to: f.to, port, why: f.why });
    } else if (f.kind === "from-apiserver") {
      const port = portOf(f.to, f.port);
      if (port) flows.push({ kind: "from-apiserver", to: f.to, port, why: f.why });
    } else if (f.kind === "to-apiserver") {
      if (byName.has(f.from)) flows.push({ kind: "to-apiserver", from: f.from, why: f.why });
    } else if (f.kind === "to-nodes" || f.kind === "to-dns") {
      if (byName.has(f.from) && (f.enabled?.(r) ?? true)) flows.push({ kind: f.kind, from: f.from, ports: f.ports, why: f.why });
    } else if (f.kind === "from-nodes") {
      const port = portOf(f.to, f.port);
      if (port) flows.push({ kind: "from-nodes", to: f.to, port, why: f.why });
    } else if (f.kind === "to-component") {
      if (!byName.has(f.from)) continue;
      for (const t of c.services) {
        const other = t === s ? undefined : componentOf(t);
        if (other?.name !== f.component) continue;
        const port = workloadsOf(other, releaseFor(c, t)).find((w) => w.name === f.to)?.ports.find((p) => p.name === f.port);
        if (port) flows.push({ kind: "to-release", from: f.from, service: t.id, to: f.to, port, why: f.why });
      }
    } else if (byName.has(f.from) && holds[f.when]) flows.push({ kind: "to-internet", from: f.from, ports: f.ports, why: f.why });
  }
  const services = facts.services
    .filter((x) => byName.has(x.workload))
    .map((x) => ({ name: x.name(r), workload: x.workload, ports: x.ports(r), ...(x.routes ? { routes: x.routes } : {}) }));
  // a client whose pods the spec's selector already picks makes the declared flows as it is
  const clients = (facts.clients ?? []).filter((w) => byName.has(w) && !carries(byName.get(w)!.labels, s.selector));
  const gaps = (facts.gaps ?? []).filter((x) => byName.has(x.from) && (x.enabled?.(r) ?? true)).map((x) => ({ from: x.from, why: x.why }));
  return { component: component.name, workloads, services, flows, clients, gaps };
}

/** The release as the catalog's facts see it: name, namespace, version, GitOps tool, distribution and merged values. */
export function releaseFor(c: G.ClusterNode, s: G.ServiceNode): Release {
  return { ...releaseContext(c, s), values: withCatalogDefaults(s, c) };
}

function releaseContext(c: G.ClusterNode | undefined, s: G.ServiceNode): Omit<Release, "values"> {
  // a managed resource is read at the version of the operator that acts on it
  const version = s.kind === "managed" ? (c ? operatorOf(c, s)?.chart?.version : undefined) : s.chart?.version;
  return { name: s.name, namespace: s.namespace, ...(version ? { version } : {}), ...(c?.gitops ? { gitops: c.gitops.tool } : {}), ...(c ? { distribution: c.distribution } : {}) };
}

/**
 * The chart values of a release of a catalogued component: the catalog's defaults (ReleaseFacts.defaults) with the
 * spec's values laid over them; a chart without defaults keeps the spec's values as they are.
 */
export function withCatalogDefaults(s: G.ServiceNode, c?: G.ClusterNode): unknown {
  const spec = ownValues(s);
  const facts = componentOf(s)?.release;
  if (!facts?.defaults) return spec;
  const base = facts.defaults({ ...releaseContext(c, s), values: spec ?? {} });
  return isRecord(spec) ? overlayValues(base, spec) : base;
}

/** The workloads a release runs with its values; flows to another release read them without planning it whole. */
function workloadsOf(component: Component, r: Release): ReleaseWorkload[] {
  return (component.release?.workloads ?? [])
    .filter((w) => w.enabled(r))
    .map((w) => ({ name: w.name, kind: w.kind, selector: sorted(w.selector(r)), labels: sorted(w.labels(r)), ports: w.ports(r) }));
}

/**
 * The workloads of a release whose pods get network policies of their own: all but the one the service's selector
 * names exactly (a release without a selector gets its primary workload's), which shares the service's.
 */
export function separateWorkloads(c: G.ClusterNode, s: G.ServiceNode): ReleaseWorkload[] {
  return (releaseOf(c, s)?.workloads ?? []).filter((w) => !sameLabels(w.selector, s.selector));
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function carries(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function sorted(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

/** Where requests for a port of a service go: the Service to name, its port, and the pods and pod port behind it. */
export interface Backend {
  service: string;
  port: number;
  targetPort: number;
  protocol: Protocol;
  /** the pods behind the Service */
  selector: Record<string, string>;
  /** the release's workload behind it, when the catalog knows the chart */
  workload?: string;
}

/**
 * The backend for a port of the spec service (Service port `port`, pod port `targetPort`). A release the catalog
 * knows answers with the chart's Service whose port matches, by pod port and then by Service port, else the port
 * the chart's routes take; anything else with the spec's own Service.
 */
export function backendOf(c: G.ClusterNode, s: G.ServiceNode, port: { port: number; targetPort: number; protocol: Protocol }): Backend {
  const own: Backend = { service: s.name, port: port.port, targetPort: port.targetPort, protocol: port.protocol, selector: s.selector };
  const rel = releaseOf(c, s);
  if (!rel) return own;
  const candidates = rel.services.flatMap((svc) => svc.ports.map((p) => ({ svc, p })));
  const hit =
    candidates.find((x) => x.p.targetPort === port.targetPort && x.p.protocol === port.protocol) ??
    candidates.find((x) => x.p.port === port.port && x.p.protocol === port.protocol) ??
    candidates.find((x) => x.svc.routes === x.p.name);
  if (!hit) return own;
  const w = rel.workloads.find((x) => x.name === hit.svc.workload)!;
  return { service: hit.svc.name, port: hit.p.port, targetPort: hit.p.targetPort, protocol: hit.p.protocol, selector: w.selector, workload: w.name };
}

/** The backend of an ingress route. */
export function routeBackend(c: G.ClusterNode, s: G.ServiceNode, r: G.IngressRouteNode): Backend {
  const protocol = s.ports.find((p) => p.name === r.portName)?.protocol ?? "TCP";
  return backendOf(c, s, { port: r.port, targetPort: r.targetPort, protocol });
}

/**
 * Where a forward-auth provider answers: its `http` port, else its first; a release the catalog knows answers on
 * the chart's Service even when the spec lists no ports. Undefined when there is no port to name.
 */
export function authBackend(c: G.ClusterNode, p: G.ServiceNode): Backend | undefined {
  const port = p.ports.find((x) => x.name === "http") ?? p.ports[0];
  if (port) return backendOf(c, p, port);
  const rel = releaseOf(c, p);
  const svc = rel?.services.find((x) => x.routes);
  const sp = svc?.ports.find((x) => x.name === svc.routes);
  if (!rel || !svc || !sp) return undefined;
  return { service: svc.name, port: sp.port, targetPort: sp.targetPort, protocol: sp.protocol, selector: rel.workloads.find((w) => w.name === svc.workload)!.selector, workload: svc.workload };
}

/**
 * The releases of the cluster this one needs installed first (Component.requires), among those GitOps applies no later
 * than it: in its own layer or one its layer depends on (a dependency in a later layer would deadlock the layers).
 */
export function requiredReleases(c: G.ClusterNode, s: G.ServiceNode, ancestors: ReadonlyMap<string, ReadonlySet<string>>): G.ServiceNode[] {
  const needs = componentOf(s)?.requires ?? [];
  if (needs.length === 0) return [];
  return c.services
    .filter((t) => t !== s && t.kind === "helm" && needs.some((n) => n.component === componentOf(t)?.name))
    .filter((t) => t.layer === s.layer || (ancestors.get(s.layer)?.has(t.layer) ?? false))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
