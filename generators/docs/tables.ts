// The tables of ARCHITECTURE.md (seed 000's namespace, HA and service-discovery tables, seed 004's node
// inventory), as rows of escaped Markdown cells.
import type * as G from "../../src/graph.js";
import { servicesByNamespace } from "../../src/plan/namespaces.js";
import { serviceDiscovery } from "../../src/plan/discovery.js";
import { formatMemory } from "../../src/lib/quantity.js";
import { code, join, md, NONE, orNone, text, type Md } from "./markdown.js";
import { allocations, pods } from "./resources.js";

interface Table {
  headers: Md[];
  rows: Md[][];
}

function table(headers: string[], rows: Md[][]): Table {
  return { headers: headers.map(text), rows };
}

const num = (n: number): Md => md(String(n));

function kv(r: Record<string, string>): Md {
  const keys = Object.keys(r).sort();
  return keys.length ? join(keys.map((k) => code(r[k] === "" ? k : `${k}=${r[k]}`))) : NONE;
}

export function cpuText(milli: number): string {
  return milli >= 1000 && milli % 100 === 0 ? `${milli / 1000} cores` : `${milli}m`;
}

export function memoryText(bytes: number): string {
  if (bytes >= 2 ** 30) return `${Math.round((bytes / 2 ** 30) * 10) / 10} GiB`;
  if (bytes >= 2 ** 20) return `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
  return formatMemory(bytes);
}

function amount(n: number, format: (n: number) => string): Md {
  return n > 0 ? text(format(n)) : NONE;
}

export function clustersTable(g: G.Graph): Table {
  return table(
    ["Cluster", "Distribution", "CNI", "Pod CIDR", "Service CIDR", "Per-node mask", "Cluster domain", "NodePort range", "API endpoint", "Load balancer"],
    g.clusters.map((c) => [
      text(c.name),
      text(`${c.distribution}${c.version ? ` ${c.version}` : ""}`),
      text(`${c.cni.name}${c.cni.name === "flannel" ? ` (${c.cni.flannelBackend})` : c.cni.kubeProxyReplacement ? " (kube-proxy replacement)" : ""}`),
      code(c.podCIDR.text),
      code(c.serviceCIDR.text),
      text(`/${c.nodeMaskSize}`),
      code(c.clusterDomain),
      text(`${c.nodePortRange.min}-${c.nodePortRange.max}`),
      join([code(`${c.apiEndpoint.host}:${c.apiEndpoint.port}`), ...(c.apiEndpoint.vip ? [text(`VIP ${c.apiEndpoint.vip.text}`)] : [])], " "),
      c.loadBalancer ? text(`${c.loadBalancer.type}${c.loadBalancer.type === "servicelb" ? "" : ` ${c.loadBalancer.mode.toUpperCase()}`}`) : NONE,
    ]),
  );
}

export function networksTable(g: G.Graph): Table {
  return table(
    ["Network", "Kind", "CIDR", "Gateway", "Nameservers", "Description"],
    g.networks.map((n) => [
      text(n.name),
      text(n.kind === "vlan" && n.vlan !== undefined ? `vlan ${n.vlan}` : n.kind),
      code(n.cidr.text),
      n.gateway ? code(n.gateway.text) : NONE,
      n.nameservers.length ? join(n.nameservers.map((a) => code(a.text))) : NONE,
      orNone(n.description === undefined ? undefined : text(n.description)),
    ]),
  );
}

export function poolsTable(g: G.Graph): Table | undefined {
  const rows: Md[][] = [];
  for (const c of g.clusters) {
    const pools = c.loadBalancer?.pools ?? [];
    for (const pool of pools) {
      const handed: Md[] = [];
      for (const s of c.services) {
        for (const p of s.ports) {
          if (p.expose !== "LoadBalancer" || !p.loadBalancerIP) continue;
          const inPool = p.pool ? p.pool === pool.name : pool === pools[0];
          if (inPool) handed.push(text(`${s.namespace}/${s.name} ${p.loadBalancerIP.text}:${p.port}${p.loadBalancerIPAllocated ? " (allocated)" : ""}`));
        }
      }
      rows.push([text(c.name), text(pool.name), text(c.loadBalancer!.type), join(pool.addresses.map((a) => code(a.text))), text(pool.autoAssign ? "yes" : "no"), orNone(join(handed, "<br>"))]);
    }
  }
  return rows.length ? table(["Cluster", "Pool", "Type", "Addresses", "Auto-assign", "Handed out"], rows) : undefined;
}

export function bgpTable(g: G.Graph): Table | undefined {
  const rows: Md[][] = [];
  for (const c of g.clusters) {
    if (!c.bgp) continue;
    for (const p of c.bgp.peers) rows.push([text(c.name), num(c.bgp.asn), text(p.name), code(p.address.text), num(p.asn), orNone(join(c.bgp.advertise.map((a) => text(a))))]);
  }
  return rows.length ? table(["Cluster", "Local AS", "Peer", "Peer address", "Peer AS", "Advertises"], rows) : undefined;
}

/** Items grouped by namespace in one pass: per-namespace filtering is quadratic on large platforms. */
function byNamespace<T>(items: readonly T[], ns: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = ns(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

export function resourcesTable(c: G.ClusterNode): Table {
  const grouped = byNamespace(allocations(c), (a) => a.service.namespace);
  return table(
    ["Namespace", "Services", "Pods", "CPU requests", "Memory requests"],
    c.namespaces.map((ns) => {
      const mine = grouped.get(ns.name) ?? [];
      return [
        text(ns.name),
        num(mine.length),
        num(mine.reduce((n, a) => n + a.pods, 0)),
        amount(mine.reduce((n, a) => n + a.cpuMilli, 0), cpuText),
        amount(mine.reduce((n, a) => n + a.memoryBytes, 0), memoryText),
      ];
    }),
  );
}

export function layersTable(c: G.ClusterNode): Table {
  const layers = [...(c.gitops?.layers ?? [])].sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return table(
    ["Order", "Layer", "Depends on", "Installs CRDs", "Namespaces", "Description"],
    layers.map((l) => [
      num(l.order + 1),
      text(l.name),
      orNone(join(l.dependsOn.map((d) => text(d)))),
      text(l.installsCRDs ? "yes" : "no"),
      orNone(join(c.namespaces.filter((n) => n.layer === l.name).map((n) => text(n.name)))),
      orNone(l.description === undefined ? undefined : text(l.description)),
    ]),
  );
}

export function nodesTable(g: G.Graph): Table {
  const rows: Md[][] = [];
  for (const c of g.clusters) {
    for (const n of c.nodes) {
      rows.push([
        text(n.name),
        text(c.name),
        text(n.role === "controlplane" ? `control plane${n.etcd ? ", etcd" : ""}` : "worker"),
        text(n.arch),
        join([code(n.address.text), ...(n.interface ? [text(`(${n.interface})`)] : [])], " "),
        orNone(join(n.addresses.map((a) => join([code(a.address.text), ...(a.interface ? [text(`(${a.interface})`)] : a.network ? [text(`(${a.network})`)] : [])], " ")))),
        n.podCIDR ? code(n.podCIDR.text) : NONE,
        n.capacity.cpuMilli !== undefined ? text(cpuText(n.capacity.cpuMilli)) : NONE,
        n.capacity.memoryBytes !== undefined ? text(memoryText(n.capacity.memoryBytes)) : NONE,
        orNone(join(n.gpus.map((x) => text(`${x.count}x ${x.vendor}${x.model ? ` ${x.model}` : ""}`)))),
        n.installDisk ? code(n.installDisk) : NONE,
        kv(n.labels),
        orNone(join(n.taints.map((t) => code(`${t.key}${t.value !== undefined ? `=${t.value}` : ""}:${t.effect}`)))),
        orNone(n.description === undefined ? undefined : text(n.description)),
      ]);
    }
  }
  return table(["Node", "Cluster", "Role", "Arch", "Address", "Other addresses", "Pod CIDR (assigned)", "CPU", "Memory", "GPUs", "Install disk", "Labels", "Taints", "Description"], rows);
}

export function namespacesTable(g: G.Graph): Table {
  const rows: Md[][] = [];
  for (const c of g.clusters) {
    const grouped = servicesByNamespace(c);
    for (const ns of c.namespaces) {
      rows.push([
        code(ns.name),
        text(c.name),
        orNone(ns.purpose === undefined ? undefined : text(ns.purpose)),
        orNone(ns.environment === undefined ? undefined : text(ns.environment)),
        text(ns.layer),
        text(ns.podSecurity),
        text(ns.defaultDeny ? "yes" : "no"),
        num(grouped.get(ns.name)?.length ?? 0),
      ]);
    }
  }
  return table(["Namespace", "Cluster", "Purpose", "Environment", "Layer", "Pod security", "Default deny", "Services"], rows);
}

function strategy(s: G.ServiceNode, c: G.ClusterNode): string {
  const dist = c.distribution === "k3s" ? "K3s" : "Talos";
  const spread = s.eligibleNodes.length;
  switch (s.kind) {
    case "bundled":
      return `managed by ${dist}`;
    case "helm":
      return "as the chart configures it";
    case "managed":
      return `as its operator runs the ${s.resource?.kind ?? "resource"}`;
    case "cronjob":
      return `one run at a time on schedule ${s.job?.schedule ?? ""}${s.job?.timeZone ? ` (${s.job.timeZone})` : ""}, ${s.job?.concurrencyPolicy === "Allow" ? "overlapping runs allowed" : s.job?.concurrencyPolicy === "Replace" ? "a late run replaces the running one" : "a run still going skips the next"}`;
    case "job":
      return "runs once to completion, again when its spec changes";
    case "daemonset":
      return `one pod on each of ${spread} eligible node${spread === 1 ? "" : "s"}`;
    case "statefulset":
      return s.replicas >= 2 ? `${s.replicas} ordered replicas, one volume each, spread over ${spread} node${spread === 1 ? "" : "s"}` : s.storage.length ? "single instance on a persistent volume" : "single instance";
    default:
      if (s.autoscaling) return `autoscaled ${s.autoscaling.min}-${s.autoscaling.max} at ${s.autoscaling.targetCPU}% CPU, spread over ${spread} node${spread === 1 ? "" : "s"}`;
      return s.replicas >= 2 ? `rolling update, ${s.replicas} replicas spread over ${spread} node${spread === 1 ? "" : "s"}` : "single instance, no redundancy";
  }
}

/** The kustomize generator's rule (issue 3): a PDB for workloads it emits that run two pods or more. */
function hasPdb(s: G.ServiceNode): boolean {
  return (s.kind === "deployment" || s.kind === "statefulset") && pods(s) >= 2;
}

export function haTable(g: G.Graph): Table {
  const rows: Md[][] = [];
  for (const c of g.clusters) {
    for (const s of c.services) {
      rows.push([
        text(s.name),
        code(s.namespace),
        text(c.name),
        text(s.kind),
        text(s.kind === "daemonset" ? `${pods(s)} (one per node)` : s.kind === "bundled" || s.kind === "managed" ? "—" : s.kind === "cronjob" || s.kind === "job" ? "1 per run" : s.autoscaling ? `${s.autoscaling.min}-${s.autoscaling.max}` : String(s.replicas)),
        text(s.kind === "bundled" || s.kind === "helm" || s.kind === "managed" || s.kind === "cronjob" || s.kind === "job" ? "—" : hasPdb(s) ? "yes" : "no"),
        text(strategy(s, c)),
        s.chart ? join([code(`${s.chart.name} ${s.chart.version}`), text(`from ${s.chart.repo}`)], " ") : s.resource ? code(`${s.resource.apiVersion} ${s.resource.kind}`) : s.image ? code(s.image) : NONE,
      ]);
    }
  }
  return table(["Service", "Namespace", "Cluster", "Kind", "Replicas", "PDB", "Strategy", "Image or chart"], rows);
}

export function discoveryTable(g: G.Graph): Table {
  return table(
    ["Service", "Cluster", "DNS name", "Ports", "From outside", "URLs"],
    serviceDiscovery(g).map((r) => [
      text(`${r.namespace}/${r.service}`),
      text(r.cluster),
      code(r.dns),
      orNone(join(r.ports.map((p) => text(`${p.name} ${p.port}/${p.protocol}`)))),
      orNone(join(r.ports.flatMap((p) => [
        ...(p.nodePort !== undefined ? [text(`NodePort ${p.nodePort}`)] : []),
        ...p.external.map((a) => code(`${a.includes(":") ? `[${a}]` : a}:${p.port}`)),
      ]))),
      orNone(join(r.urls.map((u) => code(u)))),
    ]),
  );
}

export function externalsTable(g: G.Graph): Table | undefined {
  if (g.externals.length === 0) return undefined;
  return table(
    ["Endpoint", "Address", "Ports", "Flows into the platform", "Description"],
    g.externals.map((e) => [
      text(e.name),
      e.address ? code(e.address.text) : e.hostname ? code(e.hostname) : NONE,
      orNone(join(e.ports.map((p) => text(`${p.name ? `${p.name} ` : ""}${p.port}/${p.protocol}`)))),
      orNone(join(e.flows.map((f) => text(`${f.target.kind === "service" ? `${f.target.namespace}/${f.target.name}` : f.target.kind === "external" ? f.target.name : "kubernetes-api"}:${f.target.port}${f.label ? ` (${f.label})` : ""}`)))),
      orNone(e.description === undefined ? undefined : text(e.description)),
    ]),
  );
}
