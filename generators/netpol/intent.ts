// What the network policies must allow, independent of the policy dialect: for every restricted service, the
// peers it may receive from and send to, with ports. Every connection the platform needs is one edge
// between two sides; an edge becomes an egress rule on its source and an ingress rule on its target,
// wherever that side is restricted. The two renderers (Kubernetes, Cilium) only translate these rules.
//
// The connections, declared and implicit (README "Network policies" lists them for users):
//  - every service flow, at the target's pod port (NetworkPolicy ports are pod ports, not Service ports);
//  - flows to external endpoints (egress to their addresses) and from them (ingress from their addresses);
//  - flows to the cluster's API server (`to: kubernetes-api`), egress only, on the API server's own port;
//  - DNS: every service of a namespace with allowDNS may reach the cluster DNS on its pod ports;
//  - the ingress controller may reach every service with an ingress route, on the routes' target ports,
//    and, when platformc restricts the controller itself, anyone outside the cluster may reach its exposed ports;
//    a Gateway Cilium serves has no pods: Cilium's Envoy delivers its traffic from the reserved `ingress` identity;
//  - every pod of a monitoring namespace may reach every metrics port of its cluster;
//  - forward auth: where platformc writes a forwardAuth Middleware (Traefik) or an auth-url (ingress-nginx), the
//    ingress controller may reach the auth provider on the port that address names;
//  - a Helm release of a chart the catalog knows (src/plan/components.ts) gets a subject per workload, selecting
//    the chart's pod labels, with the component's own flows: between its workloads, to the API server, from the
//    API server (webhooks), to the internet when platformc configures what needs it (ACME); routes and forward
//    auth go to the workload behind the chart's Service. The spec's selector keeps the declared flows, which the
//    workloads the catalog names as the release's clients make too (Authentik's worker, Prometheus). A chart's flows
//    may also reach the nodes' own addresses (kubelets, host-network exporters), come from them (host-network
//    clients such as CSI node plugins), reach the cluster DNS pods on further ports (their metrics), reach a workload
//    of another catalogued release of the cluster (Rook's operator and a CephCluster's mons), and take a port range;
//  - K3s ServiceLB: wherever outside clients are admitted to a LoadBalancer port, so are the svclb pods that
//    forward it (they masquerade what reaches them through their hostPort, src/plan/exposure.ts), and in a
//    restricted kube-system those pods stay open, like the rest of the distribution's.
// A namespace is restricted when the layout says it holds policies (default-deny and some service platformc
// deploys). Components platformc does not deploy (bundled ones) and the cluster DNS stay open even there: their
// traffic is the distribution's business, and cutting the DNS would cut every namespace.
import type * as G from "../../src/graph.js";
import { hasNetworkPolicies } from "../../src/plan/namespaces.js";
import { authBackend, releaseOf, routeBackend, separateWorkloads, type Backend, type ReleasePlan } from "../../src/plan/components.js";
import { objectNames, workloadPolicyName } from "../../src/plan/names.js";
import { SVCLB, svclbSelector, usesServiceLB } from "../../src/plan/exposure.js";
import { ciliumGateway } from "../../src/plan/cilium.js";
import { componentOfChart } from "../../src/catalog/index.js";
import { HTTP01_SOLVER } from "../../src/catalog/cert-manager.js";
import { K3S_PACKAGED_WEB_PORT } from "../../src/catalog/traefik.js";
import { rangeToBlocks, exceptInside, type Block } from "./cidr.js";
import { familyBits, formatCIDR, parseCIDR } from "../../src/lib/net/ip.js";

export type Protocol = G.PortNode["protocol"];

export type Peer =
  /** pods of one service (or the DNS pods) in a namespace of a cluster */
  | { kind: "pods"; cluster: string; namespace: string; selector: Record<string, string> }
  /** every pod of a namespace */
  | { kind: "namespace"; cluster: string; namespace: string }
  /** addresses outside the clusters: an external endpoint, or anywhere for the ingress controller */
  | { kind: "blocks"; blocks: Array<{ cidr: string; except: string[] }> }
  /**
   * a cluster's API server (`to: kubernetes-api`): standard policies name its control-plane addresses (what egress
   * sees after the `kubernetes` Service's DNAT), Cilium its kube-apiserver entity
   */
  | { kind: "apiserver"; cluster: string; cidrs: string[] }
  /**
   * a cluster's API server calling into pods (admission webhooks): Cilium names its kube-apiserver entity; standard
   * policies its control-plane addresses and the cluster's pod CIDR, since an overlay (Flannel's VXLAN, Calico's
   * IPIP) gives the host's packet to a pod the address of its tunnel or bridge interface, taken from the pod CIDR
   */
  | { kind: "apiserver-caller"; cluster: string; cidrs: string[] }
  /**
   * Cilium's Envoy delivering a Gateway's (or Ingress's) traffic to backends: the reserved `ingress` identity of the
   * cluster. Only a CiliumNetworkPolicy can name it (fromEntities: [ingress]); no NetworkPolicy peer matches it.
   */
  | { kind: "ingress-proxy"; cluster: string }
  /**
   * the cluster's nodes: their own addresses, where kubelets and host-network pods answer and from which host-network
   * clients connect. Cilium names them by the host and remote-node entities; standard policies by each node address,
   * and as a source also by the pod CIDR, for the overlay's reason given for apiserver-caller
   */
  | { kind: "nodes"; cluster: string; cidrs: string[] };

export interface PortRef {
  port: number;
  /** with it, the range port-endPort */
  endPort?: number;
  protocol: Protocol;
}

export interface Rule {
  peer: Peer;
  ports: PortRef[];
}

export interface Subject {
  /** what the policies are named after: the service, or <service>-<workload> for a chart's workload */
  name: string;
  selector: Record<string, string>;
  ingress: Rule[];
  egress: Rule[];
}

/** Pods left open inside a restricted namespace. */
interface OpenPods {
  name: string;
  selector: Record<string, string>;
}

export interface NamespacePlan {
  cluster: G.ClusterNode;
  namespace: G.NamespaceNode;
  subjects: Subject[];
  open: OpenPods[];
}

function podsOf(s: G.ServiceNode): Peer {
  return { kind: "pods", cluster: s.cluster, namespace: s.namespace, selector: s.selector };
}

export function portKey(p: PortRef): string {
  return `${p.protocol}/${String(p.port).padStart(5, "0")}${p.endPort === undefined ? "" : `-${String(p.endPort).padStart(5, "0")}`}`;
}

export function peerKey(p: Peer): string {
  switch (p.kind) {
    case "pods":
      return `pods ${p.cluster} ${p.namespace} ${Object.entries(p.selector).map(([k, v]) => `${k}=${v}`).join(",")}`;
    case "namespace":
      return `namespace ${p.cluster} ${p.namespace}`;
    case "blocks":
      return `blocks ${p.blocks.map((b) => `${b.cidr}-${b.except.join("+")}`).join(",")}`;
    case "apiserver":
      return `apiserver ${p.cluster}`;
    case "apiserver-caller":
      return `apiserver-caller ${p.cluster}`;
    case "ingress-proxy":
      return `ingress-proxy ${p.cluster}`;
    case "nodes":
      return `nodes ${p.cluster} ${p.cidrs.join(",")}`;
  }
}

class RuleSet {
  private readonly byPeer = new Map<string, { peer: Peer; ports: Map<string, PortRef> }>();
  add(peer: Peer, ports: readonly PortRef[]): void {
    if (ports.length === 0) return;
    const key = peerKey(peer);
    let entry = this.byPeer.get(key);
    if (!entry) this.byPeer.set(key, (entry = { peer, ports: new Map() }));
    for (const p of ports) entry.ports.set(portKey(p), p);
  }
  rules(): Rule[] {
    return [...this.byPeer.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => ({ peer: e.peer, ports: [...e.ports.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p) }));
  }
}

/** Addresses outside every cluster's pods: a block of an external range minus the pod CIDRs inside it. */
function blocksPeer(ranges: readonly G.Cidr["range"][], pods: readonly Block[]): Peer {
  const blocks = ranges.flatMap((r) => rangeToBlocks(r)).map((b) => ({ cidr: b.cidr, except: exceptInside(b, pods) }));
  return { kind: "blocks", blocks };
}

/** One side of a connection: the subject whose rules it adds to (none when unrestricted) and how the other side names it. */
interface End {
  key?: string;
  peer: Peer;
}

export function planPolicies(g: G.Graph): NamespacePlan[] {
  const podBlocks: Block[] = g.clusters.map((c) => ({ cidr: c.podCIDR.text, range: c.podCIDR.range }));
  const restricted = new Set<string>();
  const namespaceOf = new Map<string, G.NamespaceNode>();
  /** per cluster and namespace: its services, in id order; only for namespaces that get policies */
  const members = new Map<string, G.ServiceNode[]>();
  for (const c of g.clusters) {
    for (const ns of c.namespaces) {
      namespaceOf.set(`${c.name}/${ns.name}`, ns);
      if (hasNetworkPolicies(c, ns)) members.set(`${c.name}/${ns.name}`, []);
    }
    for (const s of c.services) {
      const list = members.get(`${c.name}/${s.namespace}`);
      if (!list) continue;
      list.push(s);
      if (s.kind !== "bundled" && s.id !== c.dns.service) restricted.add(s.id);
    }
  }
  const ingress = new Map<string, RuleSet>();
  const egress = new Map<string, RuleSet>();
  const set = (m: Map<string, RuleSet>, id: string) => {
    let r = m.get(id);
    if (!r) m.set(id, (r = new RuleSet()));
    return r;
  };
  const byId = new Map(g.clusters.flatMap((c) => c.services.map((s) => [s.id, s] as const)));
  const clusterOf = new Map(g.clusters.map((c) => [c.name, c] as const));
  const release = (s: G.ServiceNode): ReleasePlan | undefined => releaseOf(clusterOf.get(s.cluster)!, s);

  const own = (s: G.ServiceNode): End => ({ key: restricted.has(s.id) ? s.id : undefined, peer: podsOf(s) });
  // A workload the spec's selector names exactly shares the service's subject: two policies with one podSelector
  // would only repeat each other.
  const separate = (s: G.ServiceNode) => separateWorkloads(clusterOf.get(s.cluster)!, s);
  const workload = (s: G.ServiceNode, name: string): End => {
    const w = release(s)!.workloads.find((x) => x.name === name)!;
    const key = separate(s).includes(w) ? `${s.id}#${name}` : s.id;
    return { key: restricted.has(s.id) ? key : undefined, peer: { kind: "pods", cluster: s.cluster, namespace: s.namespace, selector: w.selector } };
  };
  /** every end of a service: its own selector, and each workload of a release the catalog knows */
  const ends = (s: G.ServiceNode): End[] => [own(s), ...(release(s)?.workloads.map((w) => workload(s, w.name)) ?? [])];
  const behind = (s: G.ServiceNode, b: Backend): End => (b.workload ? workload(s, b.workload) : own(s));
  const out = (from: End, to: Peer, ports: readonly PortRef[]) => {
    if (from.key) set(egress, from.key).add(to, ports);
  };
  const into = (to: End, from: Peer, ports: readonly PortRef[]) => {
    if (to.key) set(ingress, to.key).add(from, ports);
  };
  const connect = (from: End, to: End, ports: readonly PortRef[]) => {
    out(from, to.peer, ports);
    into(to, from.peer, ports);
  };

  /** the svclb pods of the LoadBalancer ports among these, admitted wherever outside clients are */
  const svclb = (c: G.ClusterNode, s: G.ServiceNode, ports: readonly G.PortNode[]) => {
    if (!usesServiceLB(c)) return;
    for (const p of ports) {
      if (p.expose !== "LoadBalancer") continue;
      const name = objectNames(c, s).services.find((x) => x.type === "LoadBalancer" && x.ports.some((y) => y.name === p.name))?.name;
      into(own(s), { kind: "pods", cluster: c.name, namespace: SVCLB.namespace, selector: svclbSelector(s, name) }, [{ port: p.targetPort, protocol: p.protocol }]);
    }
  };

  /** per cluster and namespace: the subject key of cert-manager's HTTP-01 solver pods there */
  const solvers = new Map<string, string>();
  // HTTP-01: the ACME server's request reaches the solver pod cert-manager starts beside each Certificate through the
  // ingress controller, and cert-manager's self-check fetches the same URL first. The host's address may be the
  // controller's own LoadBalancer address, which kube-proxy or Cilium turns into the controller's pod address
  // before any policy sees it: so the controller (not only "the internet") must admit cert-manager's controller.
  const acmeHttp01 = (c: G.ClusterNode, controller: G.ServiceNode, from: End, exposed: readonly G.PortNode[]) => {
    const namespaces = new Set(c.services.filter((t) => t.kind !== "bundled" && t.ingress.some((r) => r.tls)).map((t) => t.namespace));
    // a Cilium Gateway's certificates live beside the Gateway, in the ingress service's namespace
    if (ciliumGateway(c)) namespaces.add(controller.namespace);
    for (const ns of namespaces) {
      const key = `${c.name}/${ns}`;
      // a namespace without policies leaves the solver open; the controller's egress to it is still needed
      if (members.has(key)) solvers.set(key, `acme-solver ${key}`);
      connect(from, { key: solvers.get(key), peer: { kind: "pods", cluster: c.name, namespace: ns, selector: HTTP01_SOLVER.selector } }, [{ port: HTTP01_SOLVER.port, protocol: "TCP" }]);
    }
    // A Cilium Gateway has no pods: Envoy answers on the nodes, outside what a pod policy can name as a destination.
    if (ciliumGateway(c)) return;
    const http = exposed.filter((p) => p.port === 80).map((p) => ({ port: httpPodPort(c, controller, p), protocol: p.protocol }));
    for (const cm of c.services) {
      if (cm.kind !== "helm" || !cm.chart || componentOfChart(cm.chart)?.name !== "cert-manager") continue;
      if (release(cm)?.workloads.some((w) => w.name === "controller")) connect(workload(cm, "controller"), from, http);
    }
  };

  const world = worldPeer(g, podBlocks);
  for (const c of g.clusters) {
    const dns: Peer = { kind: "pods", cluster: c.name, namespace: c.dns.namespace, selector: c.dns.selector };
    const api = apiServerCidrs(c);
    const nodes: Peer = { kind: "nodes", cluster: c.name, cidrs: nodeCidrs(c) };
    const nodeClients: Peer = { kind: "nodes", cluster: c.name, cidrs: [...nodeCidrs(c), c.podCIDR.text] };
    const range = (p: { port: number; endPort?: number; protocol: Protocol }): PortRef => ({ port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}), protocol: p.protocol });
    for (const s of c.services) {
      if (namespaceOf.get(`${c.name}/${s.namespace}`)?.allowDNS) for (const e of ends(s)) out(e, dns, c.dns.ports);
      // The spec's flows leave from its selector's pods and from each workload the catalog says makes them.
      const declaredFrom = [own(s), ...(release(s)?.clients.map((w) => workload(s, w)) ?? [])];
      for (const f of s.flows) {
        const t = f.target;
        for (const from of declaredFrom) {
          if (t.kind === "external") {
            out(from, blocksPeer(t.ranges, podBlocks), [{ port: t.port, protocol: t.protocol }]);
          } else if (t.kind === "apiserver") {
            const cidrs = t.addresses.map((a) => formatCIDR(a.family, a.value, familyBits(a.family)));
            out(from, { kind: "apiserver", cluster: t.cluster, cidrs }, [{ port: t.port, protocol: t.protocol }]);
          } else {
            const target = byId.get(t.id);
            if (target) connect(from, own(target), [{ port: t.targetPort, protocol: t.protocol }]);
          }
        }
      }
      const rel = release(s);
      for (const f of rel?.flows ?? []) {
        if (f.kind === "internal") connect(workload(s, f.from), workload(s, f.to), [range(f.port)]);
        else if (f.kind === "to-nodes") out(workload(s, f.from), nodes, f.ports.map(range));
        else if (f.kind === "from-nodes") into(workload(s, f.to), nodeClients, [range(f.port)]);
        else if (f.kind === "to-dns") out(workload(s, f.from), dns, f.ports.map(range));
        else if (f.kind === "to-release") {
          const t = byId.get(f.service);
          if (t && release(t)?.workloads.some((w) => w.name === f.to)) connect(workload(s, f.from), workload(t, f.to), [range(f.port)]);
        } else if (f.kind === "to-apiserver") out(workload(s, f.from), { kind: "apiserver", cluster: c.name, cidrs: api }, [{ port: c.apiEndpoint.port, protocol: "TCP" }]);
        else if (f.kind === "from-apiserver") into(workload(s, f.to), { kind: "apiserver-caller", cluster: c.name, cidrs: [...api, c.podCIDR.text] }, [{ port: f.port.port, protocol: f.port.protocol }]);
        else out(workload(s, f.from), world, f.ports);
      }
    }
    const controller = c.ingress ? byId.get(c.ingress.service) : undefined;
    if (controller) {
      // A Cilium Gateway's Service selects no pods (the selector the spec gives it matches no endpoint).
      const from: End = ciliumGateway(c) ? { peer: { kind: "ingress-proxy", cluster: c.name } } : own(controller);
      for (const t of c.services) {
        for (const r of t.ingress) {
          const b = routeBackend(c, t, r);
          connect(from, behind(t, b), [{ port: b.targetPort, protocol: b.protocol }]);
        }
      }
      // Gateway API has no forward auth (PC1004), and routes of bundled services are the distribution's.
      if (c.ingress!.type !== "gateway-api") {
        for (const t of c.services) {
          if (t.kind === "bundled") continue;
          for (const id of new Set(t.ingress.map((r) => r.auth).filter((a): a is string => a !== undefined))) {
            const p = byId.get(id);
            const b = p && p.cluster === c.name ? authBackend(c, p) : undefined;
            if (p && b) connect(from, behind(p, b), [{ port: b.targetPort, protocol: b.protocol }]);
          }
        }
      }
      const exposed = controller.ports.filter((p) => p.expose !== "ClusterIP");
      if (c.ingress!.certIssuer && c.ingress!.acme?.solver === "http01") acmeHttp01(c, controller, from, exposed);
      into(from, world, exposed.map((p) => ({ port: p.targetPort, protocol: p.protocol })));
      svclb(c, controller, exposed);
      // A chart's Service behind ServiceLB keeps externalTrafficPolicy Cluster (src/plan/exposure.ts): kube-proxy takes
      // a client's connection to a node address and masquerades it to the node, so a pod on another node sees that
      // node's overlay address. Admit the nodes as clients of the entry points (platformc's own Services keep the client).
      if (usesServiceLB(c) && controller.kind === "helm") {
        into(from, nodeClients, exposed.filter((p) => p.expose === "LoadBalancer").map((p) => ({ port: p.targetPort, protocol: p.protocol })));
      }
    }
    const metricsTargets = c.services.filter((t) => t.ports.some((p) => p.metrics));
    for (const m of c.namespaces) {
      if (!m.monitoring) continue;
      const scrapers = (members.get(`${c.name}/${m.name}`) ?? []).flatMap(ends);
      for (const t of metricsTargets) {
        const ports = t.ports.filter((p) => p.metrics).map((p) => ({ port: p.targetPort, protocol: p.protocol }));
        if (ports.length === 0) continue;
        into(own(t), { kind: "namespace", cluster: c.name, namespace: m.name }, ports);
        for (const s of scrapers) out(s, own(t).peer, ports);
      }
    }
  }
  for (const e of g.externals) {
    if (!e.address) continue;
    for (const f of e.flows) {
      if (f.target.kind !== "service") continue;
      const target = byId.get(f.target.id);
      if (!target) continue;
      into(own(target), blocksPeer([e.address.range], podBlocks), [{ port: f.target.targetPort, protocol: f.target.protocol }]);
      const portName = f.target.portName;
      svclb(clusterOf.get(target.cluster)!, target, target.ports.filter((p) => p.name === portName));
    }
  }

  const plans: NamespacePlan[] = [];
  for (const c of g.clusters) {
    for (const ns of c.namespaces) {
      const list = members.get(`${c.name}/${ns.name}`);
      if (!list) continue;
      const subjects: Subject[] = [];
      const rules = (key: string, name: string, selector: Record<string, string>) =>
        subjects.push({ name, selector, ingress: ingress.get(key)?.rules() ?? [], egress: egress.get(key)?.rules() ?? [] });
      for (const s of list) {
        if (!restricted.has(s.id)) continue;
        rules(s.id, s.name, s.selector);
        for (const w of separate(s)) rules(`${s.id}#${w.name}`, workloadPolicyName(s, w.name), w.selector);
      }
      const solver = solvers.get(`${c.name}/${ns.name}`);
      if (solver) rules(solver, HTTP01_SOLVER.name, HTTP01_SOLVER.selector);
      const open = new Map<string, OpenPods>();
      for (const s of list) if (!restricted.has(s.id)) open.set(s.name, { name: s.name, selector: s.selector });
      if (!c.dns.service && c.dns.namespace === ns.name && !open.has("kube-dns")) open.set("kube-dns", { name: "kube-dns", selector: c.dns.selector });
      if (usesServiceLB(c) && ns.name === SVCLB.namespace) {
        for (const served of new Set(c.services.filter((s) => s.ports.some((p) => p.expose === "LoadBalancer")).map((s) => s.namespace))) {
          const name = `svclb-${served}`;
          if (!open.has(name)) open.set(name, { name, selector: { [SVCLB.namespaceLabel]: served } });
        }
      }
      plans.push({ cluster: c, namespace: ns, subjects, open: [...open.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) });
    }
  }
  return plans;
}

/**
 * The pod port behind the ingress controller's HTTP port: the spec's targetPort, except for K3s's packaged Traefik,
 * whose container port the spec does not model (a bundled service's ports are its Service's).
 */
function httpPodPort(c: G.ClusterNode, controller: G.ServiceNode, p: G.PortNode): number {
  return c.distribution === "k3s" && controller.kind === "bundled" && c.ingress?.type === "traefik" ? K3S_PACKAGED_WEB_PORT : p.targetPort;
}

/**
 * Every address the API server answers on, as host prefixes: each address of each control-plane node and the VIP
 * (what `to: kubernetes-api` flows carry, src/lower/flows.ts).
 */
function apiServerCidrs(c: G.ClusterNode): string[] {
  const seen = new Map<string, G.Address>();
  for (const n of c.nodes) {
    if (n.role !== "controlplane") continue;
    for (const a of [n.address, ...n.addresses.map((x) => x.address)]) seen.set(a.text, a);
  }
  if (c.apiEndpoint.vip) seen.set(c.apiEndpoint.vip.text, c.apiEndpoint.vip);
  return [...seen.values()]
    .sort((a, b) => a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .map((a) => formatCIDR(a.family, a.value, familyBits(a.family)));
}

/** Every address of every node of the cluster, as host prefixes. */
function nodeCidrs(c: G.ClusterNode): string[] {
  const seen = new Map<string, G.Address>();
  for (const n of c.nodes) for (const a of [n.address, ...n.addresses.map((x) => x.address)]) seen.set(a.text, a);
  return [...seen.values()]
    .sort((a, b) => a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .map((a) => formatCIDR(a.family, a.value, familyBits(a.family)));
}

/** Anywhere outside the pod networks, in each address family the platform uses. */
function worldPeer(g: G.Graph, podBlocks: readonly Block[]): Peer {
  const families = new Set<number>([4]);
  for (const c of g.clusters) families.add(c.podCIDR.family);
  for (const n of g.networks) families.add(n.cidr.family);
  const ranges: G.Cidr["range"][] = [];
  for (const text of ["0.0.0.0/0", "::/0"]) {
    const r = parseCIDR(text);
    if (r.ok && families.has(r.family)) ranges.push(r.range);
  }
  return blocksPeer(ranges, podBlocks);
}
