// The two sides of the proof for one compiled platform:
//  - the world the policies act on, built from the graph: one pod per service (labels, pod IP, container
//    ports), or for a Helm release of a chart the catalog knows one pod per workload the chart runs (the chart's
//    labels, as src/catalog records them), the cluster DNS pods where the spec does not declare them, one address
//    inside each external endpoint, one address on the internet, and the API server of each cluster at every
//    control-plane address and the VIP (a destination, and a source only of what the platform declares for it:
//    calls into admission webhooks), and every node address of each cluster (a destination of the flows a chart
//    sends to the nodes, a source of the host-network clients a chart admits);
//  - the connections the spec means, written here from the README's list of declared and implicit flows
//    without looking at the generator: for each ordered pair of endpoints, the ports it may use. Where a route
//    or a forward-auth address goes is asked of src/plan/components.ts, which the kustomize generator writes
//    those objects from; the component tests check its answers against the charts.
// The evaluator reads only the generated YAML; the property test asserts the two agree for every pair.
import YAML from "yaml";
import type * as G from "../../src/graph.js";
import { hasNetworkPolicies } from "../../src/plan/namespaces.js";
import { commonLabels } from "../../src/plan/labels.js";
import { authBackend, releaseOf, routeBackend, type Backend } from "../../src/plan/components.js";
import { ciliumGateway } from "../../src/plan/cilium.js";
import { componentOfChart } from "../../src/catalog/index.js";
import { HTTP01_SOLVER } from "../../src/catalog/cert-manager.js";
import { K3S_PACKAGED_WEB_PORT } from "../../src/catalog/traefik.js";
import { formatIP, parseCIDR, rangeContains, type IpRange } from "../../src/lib/net/ip.js";
import { PortSet, parsePolicies, type Endpoint, type Policy, type Pod, type World } from "../support/netpol-eval.js";

export interface Node {
  id: string;
  ep: Endpoint;
  /** the pod's service, absent for the DNS pods platformc does not deploy and for addresses */
  service?: G.ServiceNode;
  /** the chart's workload the pod belongs to, for a release the catalog knows */
  workload?: string;
  /**
   * every workload of the release whose selector the pod's labels carry: a policy written for one of them selects
   * it too (a CNPG Cluster's primary is also one of its instances)
   */
  memberOf?: string[];
  cluster?: G.ClusterNode;
  namespace?: string;
  /** platformc restricts its traffic: default deny plus the allows */
  restricted: boolean;
}

export interface Model {
  world: World;
  nodes: Node[];
}

const INTERNET_PROBE = "203.0.113.50";

function ipIn(r: IpRange, ip: string): boolean {
  const parts = ip.split(".").map(BigInt);
  if (parts.length !== 4 || r.family !== 4) return false;
  const v = parts.reduce((a, b) => (a << 8n) | b, 0n);
  return r.start <= v && v <= r.end;
}

function ipOf(n: Node): string {
  return n.ep.kind === "pod" ? n.ep.pod.ip : n.ep.kind === "ingress" ? "" : n.ep.ip;
}

function carries(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function buildModel(g: G.Graph): Model {
  const world: World = { clusters: g.clusters.map((c) => ({ name: c.name, ...(c.mesh ? { mesh: c.mesh.name } : {}) })), namespaces: [] };
  const nodes: Node[] = [];
  const podRanges = g.clusters.map((c) => c.podCIDR.range);
  for (const c of g.clusters) {
    for (const ns of c.namespaces) world.namespaces.push({ cluster: c.name, name: ns.name, labels: ns.labels });
    if (!c.namespaces.some((ns) => ns.name === c.dns.namespace)) world.namespaces.push({ cluster: c.name, name: c.dns.namespace, labels: {} });
    let host = 10n;
    const podIP = () => formatIP(c.podCIDR.family, c.podCIDR.base + host++);
    for (const s of c.services) {
      const ns = c.namespaces.find((n) => n.name === s.namespace)!;
      const restricted = hasNetworkPolicies(c, ns) && s.kind !== "bundled" && s.id !== c.dns.service;
      const rel = releaseOf(c, s);
      if (rel) {
        for (const w of rel.workloads) {
          const pod: Pod = { id: `${s.id}#${w.name}`, cluster: c.name, namespace: s.namespace, labels: { ...w.labels }, ip: podIP(), ports: w.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })) };
          const memberOf = rel.workloads.filter((x) => x.name === w.name || carries(w.labels, x.selector)).map((x) => x.name);
          nodes.push({ id: pod.id, ep: { kind: "pod", pod }, service: s, workload: w.name, memberOf, cluster: c, namespace: s.namespace, restricted });
        }
        continue;
      }
      // Pods platformc deploys carry the service's labels and the common ones; of other pods only the selector is known.
      const labels = s.kind === "bundled" || s.kind === "helm" || s.kind === "managed" ? { ...s.selector } : { ...s.labels, ...commonLabels(g) };
      const pod: Pod = { id: s.id, cluster: c.name, namespace: s.namespace, labels, ip: podIP(), ports: s.ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })) };
      nodes.push({ id: s.id, ep: { kind: "pod", pod }, service: s, cluster: c, namespace: s.namespace, restricted });
    }
    // cert-manager's HTTP-01 solver pods, one per namespace that holds a Certificate of a TLS route
    if (c.ingress?.certIssuer && c.ingress.acme?.solver === "http01") {
      const gatewayNs = ciliumGateway(c) ? [c.services.find((x) => x.id === c.ingress!.service)!.namespace] : [];
      const namespaces = new Set([...c.services.filter((t) => t.kind !== "bundled" && t.ingress.some((r) => r.tls)).map((t) => t.namespace), ...gatewayNs]);
      for (const name of [...namespaces].sort()) {
        const ns = c.namespaces.find((n) => n.name === name)!;
        const pod: Pod = { id: `${c.name}/${name}/(acme-solver)`, cluster: c.name, namespace: name, labels: { ...HTTP01_SOLVER.selector }, ip: podIP(), ports: [{ port: HTTP01_SOLVER.port, protocol: "TCP" }] };
        nodes.push({ id: pod.id, ep: { kind: "pod", pod }, cluster: c, namespace: name, restricted: hasNetworkPolicies(c, ns) });
      }
    }
    if (!c.dns.service) {
      const pod: Pod = { id: `${c.name}/${c.dns.namespace}/(dns)`, cluster: c.name, namespace: c.dns.namespace, labels: { ...c.dns.selector }, ip: podIP(), ports: c.dns.ports.map((p) => ({ port: p.port, protocol: p.protocol })) };
      nodes.push({ id: pod.id, ep: { kind: "pod", pod }, cluster: c, namespace: c.dns.namespace, restricted: false });
    }
  }
  for (const e of g.externals) {
    if (!e.address) continue;
    const r = e.address.range;
    const candidates = [r.start, r.start + 1n, r.end].filter((v) => v <= r.end);
    const v = candidates.find((x) => !podRanges.some((p) => rangeContains(p, { family: r.family, start: x, end: x }))) ?? r.start;
    const ip = formatIP(r.family, v);
    nodes.push({ id: `external:${e.name}`, ep: { kind: "ip", id: `external:${e.name}`, ip }, restricted: false });
  }
  nodes.push({ id: "internet", ep: { kind: "ip", id: "internet", ip: INTERNET_PROBE }, restricted: false });
  for (const c of g.clusters) {
    if (ciliumGateway(c)) nodes.push({ id: `${c.name}/(ingress)`, ep: { kind: "ingress", id: `${c.name}/(ingress)`, cluster: c.name }, cluster: c, restricted: false });
    const onNodes = nodeIPs(c);
    for (const ip of apiServerIPs(c)) {
      const id = `${c.name}/kubernetes-api@${ip}`;
      nodes.push({ id, ep: { kind: "apiserver", id, cluster: c.name, ip, ...(onNodes.has(ip) ? { node: true } : {}) }, cluster: c, restricted: false });
    }
    for (const ip of onNodes) {
      const id = `${c.name}/node@${ip}`;
      nodes.push({ id, ep: { kind: "node", id, cluster: c.name, ip }, cluster: c, restricted: false });
    }
  }
  return { world, nodes };
}

function nodeIPs(c: G.ClusterNode): Set<string> {
  return new Set(c.nodes.flatMap((n) => [n.address.text, ...n.addresses.map((a) => a.address.text)]));
}

function apiServerIPs(c: G.ClusterNode): Set<string> {
  const ips = new Set(c.nodes.filter((n) => n.role === "controlplane").flatMap((n) => [n.address.text, ...n.addresses.map((a) => a.address.text)]));
  if (c.apiEndpoint.vip) ips.add(c.apiEndpoint.vip.text);
  return ips;
}

/** Which dialect's view of the policies the expectation is for. */
export type View =
  /** plain Kubernetes: NetworkPolicies only; a cross-cluster flow opens the whole pod CIDR of the other cluster */
  | "kubernetes"
  /** Cilium with the local-cluster default: CNPs name clusters, NP ipBlocks never match mesh pods */
  | "cilium";

function emitsCilium(c: G.ClusterNode): boolean {
  return c.cni.name === "cilium" && c.cni.policy !== "kubernetes";
}

function emitsKubernetes(c: G.ClusterNode): boolean {
  return c.cni.name !== "cilium" || c.cni.policy !== "cilium";
}

export function expected(g: G.Graph, m: Model, view: View): Map<string, PortSet> {
  const egress = new Map<string, PortSet>();
  const ingress = new Map<string, PortSet>();
  const key = (a: Node, b: Node) => `${a.id} -> ${b.id}`;
  const add = (map: Map<string, PortSet>, a: Node, b: Node, ports: PortSet) => map.set(key(a, b), (map.get(key(a, b)) ?? PortSet.empty()).union(ports));
  const both = (a: Node, b: Node, ports: PortSet) => {
    add(egress, a, b, ports);
    add(ingress, a, b, ports);
  };
  const all = (as: readonly Node[], bs: readonly Node[], ports: PortSet) => {
    for (const a of as) for (const b of bs) both(a, b, ports);
  };
  const ranged = (p: { port: number; endPort?: number; protocol: G.PortNode["protocol"] }) => PortSet.of(p.protocol, p.port, p.endPort ?? p.port);
  const of = (list: Array<{ port: number; endPort?: number; protocol: G.PortNode["protocol"] }>) => list.reduce((s, p) => s.union(ranged(p)), PortSet.empty());
  const byId = new Map(m.nodes.map((n) => [n.id, n] as const));
  const pods = m.nodes.filter((n) => n.ep.kind === "pod");
  const podsOfService = new Map<string, Node[]>();
  for (const n of pods) if (n.service) podsOfService.set(n.service.id, [...(podsOfService.get(n.service.id) ?? []), n]);
  /** every pod of a service (each workload of a release the catalog knows) */
  const podsOf = (s: G.ServiceNode) => podsOfService.get(s.id) ?? [];
  /** the pods the spec's selector picks: the declared flows' ends */
  const selected = (s: G.ServiceNode) => podsOf(s).filter((n) => !n.workload || carries((n.ep as { pod: Pod }).pod.labels, s.selector));
  const workloadPod = (s: G.ServiceNode, w: string) => podsOf(s).filter((n) => n.workload === w || n.memberOf?.includes(w));
  /** the pods behind a route or a forward-auth address */
  const behind = (s: G.ServiceNode, b: Backend) => (b.workload ? workloadPod(s, b.workload) : selected(s));
  const addresses = m.nodes.filter((n) => n.ep.kind === "ip");
  const addressesIn = (ranges: IpRange[]) => addresses.filter((n) => ranges.some((r) => ipIn(r, ipOf(n))));
  const apiServers = m.nodes.filter((n) => n.ep.kind === "apiserver");
  // Under plain Kubernetes an ipBlock is only an address range: an external endpoint's range that holds a
  // control-plane address opens the API server on that endpoint's port, both ways. Cilium never applies CIDR
  // rules to nodes.
  // The same holds for the nodes' own addresses.
  const nodeEps = m.nodes.filter((n) => n.ep.kind === "node");
  const apiServersIn = (ranges: IpRange[]) => (view === "kubernetes" ? [...apiServers, ...nodeEps].filter((n) => ranges.some((r) => ipIn(r, ipOf(n)))) : []);
  const podRanges = g.clusters.map((c) => c.podCIDR.range);
  // "Anywhere outside the pod networks": the addresses, and under Kubernetes the API server's and the nodes' too.
  const outside = [...addresses, ...(view === "kubernetes" ? [...apiServers, ...nodeEps] : [])].filter((n) => !podRanges.some((r) => ipIn(r, ipOf(n))));
  const sameMesh = (a: G.ClusterNode, b: string) => a.name === b || (a.mesh !== undefined && g.clusters.find((x) => x.name === b)?.mesh?.name === a.mesh.name);
  const hostRanges = (ips: Iterable<string>) => [...ips].map((ip) => parseCIDR(`${ip}/32`)).flatMap((r) => (r.ok ? [r.range] : []));
  // The nodes as Cilium's host and remote-node entities see them: every node of the cluster and of its mesh, and the
  // API server where it answers on a node's address.
  const entityNodes = (c: G.ClusterNode) => m.nodes.filter((n) => (n.ep.kind === "node" || (n.ep.kind === "apiserver" && n.ep.node)) && sameMesh(c, n.ep.cluster));
  /**
   * What a rule admitting these source ranges (standard policies) or this entity (Cilium) lets in: under Kubernetes
   * every endpoint in the ranges; under Cilium the entity's endpoints where a CiliumNetworkPolicy exists, and where a
   * NetworkPolicy exists what its ipBlocks match of the addresses Cilium does not manage.
   */
  const callers = (c: G.ClusterNode, ranges: IpRange[], entity: Node[]) =>
    view === "kubernetes"
      ? m.nodes.filter((n) => ranges.some((r) => ipIn(r, ipOf(n))))
      : [
          ...(emitsCilium(c) ? entity : []),
          ...(emitsKubernetes(c) ? m.nodes.filter((n) => (n.ep.kind === "ip" || (n.ep.kind === "pod" && !sameMesh(c, n.ep.pod.cluster))) && ranges.some((r) => ipIn(r, ipOf(n)))) : []),
        ];

  for (const c of g.clusters) {
    const dnsService = c.dns.service ? c.services.find((s) => s.id === c.dns.service) : undefined;
    const dns = dnsService ? selected(dnsService) : [byId.get(`${c.name}/${c.dns.namespace}/(dns)`)!];
    const apiPort = PortSet.of("TCP", c.apiEndpoint.port);
    const ownApiServers = apiServers.filter((x) => x.cluster === c);
    // Under Kubernetes the API server's ipBlocks hold control-plane node addresses: those nodes answer on its port too.
    const apiTargets = view === "kubernetes" ? [...ownApiServers, ...nodeEps.filter((n) => n.cluster === c && apiServerIPs(c).has(ipOf(n)))] : ownApiServers;
    for (const s of c.services) {
      // the declared flows leave from the selector's pods and from the release's clients (the catalog's word)
      const clients = new Set(releaseOf(c, s)?.clients ?? []);
      const sources = [...new Set([...selected(s), ...podsOf(s).filter((n) => n.workload !== undefined && clients.has(n.workload))])];
      // DNS: every pod of a namespace that allows it may query the cluster DNS.
      if (c.namespaces.find((n) => n.name === s.namespace)!.allowDNS) all(podsOf(s), dns, of(c.dns.ports));
      for (const f of s.flows) {
        const t = f.target;
        if (t.kind === "external") {
          all(sources, [...addressesIn(t.ranges), ...apiServersIn(t.ranges)], PortSet.of(t.protocol, t.port));
          continue;
        }
        if (t.kind === "apiserver") {
          // README: the API server's own port, whatever port the flow wrote; under Cilium only a
          // CiliumNetworkPolicy can name it (PC1209).
          if (view === "cilium" && !emitsCilium(c)) continue;
          all(sources, apiTargets, apiPort);
          continue;
        }
        const target = g.clusters.flatMap((x) => x.services).find((x) => x.id === t.id)!;
        const dst = selected(target);
        const ports = PortSet.of(t.protocol, t.targetPort);
        if (t.cluster === c.name) {
          all(sources, dst, ports);
          continue;
        }
        if (view === "kubernetes") {
          // Documented (PC1202): by pod CIDR, so the source may reach any pod of the target's cluster on the
          // port, and any pod of the source's cluster may reach the target.
          for (const src of sources) for (const p of pods) if (p.cluster?.name === t.cluster) add(egress, src, p, ports);
          for (const d of dst) for (const p of pods) if (p.cluster?.name === c.name) add(ingress, p, d, ports);
        } else {
          // Only the CiliumNetworkPolicy side can name a mesh peer.
          for (const src of sources) for (const d of dst) {
            if (emitsCilium(c)) add(egress, src, d, ports);
            if (emitsCilium(d.cluster!)) add(ingress, src, d, ports);
          }
        }
      }
      // A chart's own connections (README "Network policies"): between its workloads, to and from the API server,
      // and out to the internet where platformc configures what needs it.
      for (const f of releaseOf(c, s)?.flows ?? []) {
        if (f.kind === "internal") all(workloadPod(s, f.from), workloadPod(s, f.to), ranged(f.port));
        else if (f.kind === "to-nodes") {
          // standard policies name each node address, Cilium its host and remote-node entities
          const targets = view === "kubernetes" ? m.nodes.filter((n) => hostRanges(nodeIPs(c)).some((r) => ipIn(r, ipOf(n)))) : emitsCilium(c) ? entityNodes(c) : [];
          all(workloadPod(s, f.from), targets, of(f.ports));
        } else if (f.kind === "from-nodes") {
          // Admitted on the workload's side: each node address and, for an overlay's tunnel addresses, the pod CIDR.
          for (const x of callers(c, [...hostRanges(nodeIPs(c)), c.podCIDR.range], entityNodes(c))) for (const w of workloadPod(s, f.to)) add(ingress, x, w, ranged(f.port));
        } else if (f.kind === "to-dns") all(workloadPod(s, f.from), dns, of(f.ports));
        else if (f.kind === "to-release") {
          const t = c.services.find((x) => x.id === f.service);
          if (t) all(workloadPod(s, f.from), workloadPod(t, f.to), ranged(f.port));
        }
        else if (f.kind === "to-apiserver") {
          if (view === "kubernetes" || emitsCilium(c)) all(workloadPod(s, f.from), apiTargets, apiPort);
        } else if (f.kind === "to-internet") all(workloadPod(s, f.from), outside, of(f.ports));
        else {
          // Admitted on the webhook's side only: the caller's egress is its own policies' business.
          const ports = ranged(f.port);
          // a standard policy's ipBlock still admits what Cilium does not manage
          const admitted = callers(c, [...hostRanges(apiServerIPs(c)), c.podCIDR.range], ownApiServers);
          for (const x of admitted) for (const w of workloadPod(s, f.to)) add(ingress, x, w, ports);
        }
      }
    }
    // The ingress controller reaches every routed service on the routes' pod ports (the chart's Service's for a
    // release the catalog knows), and every forward-auth provider on the port its address names; anyone outside
    // reaches its exposed ports.
    const ctrlService = c.ingress ? c.services.find((s) => s.id === c.ingress!.service) : undefined;
    if (ctrlService) {
      const ctrl = selected(ctrlService);
      // A Gateway Cilium serves delivers from Cilium's ingress identity, which only a CiliumNetworkPolicy admits
      // (emitted on every Cilium cluster for this, whatever cni.policy says); its Service's selector is no pod's.
      const gateway = ciliumGateway(c);
      const routeSources = gateway ? (view === "cilium" ? [byId.get(`${c.name}/(ingress)`)!] : []) : ctrl;
      for (const t of c.services) {
        for (const r of t.ingress) {
          const b = routeBackend(c, t, r);
          all(routeSources, behind(t, b), PortSet.of(b.protocol, b.targetPort));
        }
      }
      if (c.ingress!.type !== "gateway-api") {
        for (const t of c.services) {
          if (t.kind === "bundled") continue;
          for (const r of t.ingress) {
            const p = r.auth ? c.services.find((x) => x.id === r.auth) : undefined;
            const b = p ? authBackend(c, p) : undefined;
            if (p && b) all(ctrl, behind(p, b), PortSet.of(b.protocol, b.targetPort));
          }
        }
      }
      const exposed = of(ctrlService.ports.filter((p) => p.expose !== "ClusterIP").map((p) => ({ port: p.targetPort, protocol: p.protocol })));
      all(outside, ctrl, exposed);
      // HTTP-01: the controller delivers the challenge to the solver pods; cert-manager's self-check fetches it through
      // the controller's HTTP entry point from inside the cluster (its LoadBalancer address becomes the pod's).
      if (c.ingress!.certIssuer && c.ingress!.acme?.solver === "http01") {
        all(routeSources, m.nodes.filter((n) => n.cluster === c && n.id.endsWith("/(acme-solver)")), PortSet.of("TCP", HTTP01_SOLVER.port));
        // K3s's packaged Traefik listens on the chart's 8000 behind its Service's 80 (src/catalog/traefik.ts)
        const podPort = (p: G.PortNode) => (c.distribution === "k3s" && ctrlService.kind === "bundled" && c.ingress!.type === "traefik" ? K3S_PACKAGED_WEB_PORT : p.targetPort);
        const http = of(ctrlService.ports.filter((p) => p.expose !== "ClusterIP" && p.port === 80).map((p) => ({ port: podPort(p), protocol: p.protocol })));
        for (const cm of c.services) {
          if (cm.kind === "helm" && cm.chart && componentOfChart(cm.chart)?.name === "cert-manager" && !gateway) all(workloadPod(cm, "controller"), ctrl, http);
        }
      }
      // A chart's controller behind K3s's ServiceLB keeps the Cluster policy, so kube-proxy hands it connections from
      // the nodes' overlay addresses: the nodes and the pod CIDR reach its LoadBalancer ports.
      if (c.distribution === "k3s" && c.loadBalancer?.type === "servicelb" && ctrlService.kind === "helm") {
        const lbPorts = of(ctrlService.ports.filter((p) => p.expose === "LoadBalancer").map((p) => ({ port: p.targetPort, protocol: p.protocol })));
        const nodeIps = c.nodes.flatMap((n) => [n.address, ...n.addresses.map((x) => x.address)].map((a) => a.text));
        // admitted at the controller only: a pod's own egress policy still decides for the pod
        for (const x of callers(c, [...hostRanges(nodeIps), c.podCIDR.range], entityNodes(c))) for (const w of ctrl) add(ingress, x, w, lbPorts);
      }
    }
    // Monitoring: every pod of a monitoring namespace (the spec's; not cert-manager's solvers) reaches every metrics port of its cluster.
    for (const mon of c.namespaces.filter((n) => n.monitoring)) {
      for (const t of c.services) {
        const ports = of(t.ports.filter((p) => p.metrics).map((p) => ({ port: p.targetPort, protocol: p.protocol })));
        if (ports.isEmpty()) continue;
        const inNs = pods.filter((p) => p.cluster === c && p.namespace === mon.name);
        all(inNs.filter((p) => !p.id.endsWith("/(acme-solver)")), selected(t), ports);
        // the target admits the whole namespace, cert-manager's solver pods too; their own egress grants nothing
        for (const p of inNs.filter((x) => x.id.endsWith("/(acme-solver)"))) for (const d of selected(t)) add(ingress, p, d, ports);
      }
    }
  }
  for (const e of g.externals) {
    if (!e.address) continue;
    for (const f of e.flows) {
      if (f.target.kind !== "service") continue;
      const t = f.target;
      const target = g.clusters.flatMap((x) => x.services).find((x) => x.id === t.id)!;
      all([...addressesIn([e.address.range]), ...apiServersIn([e.address.range])], selected(target), PortSet.of(t.protocol, t.targetPort));
    }
  }

  const out = new Map<string, PortSet>();
  for (const a of m.nodes) for (const b of m.nodes) {
    if (!evaluated(a, b)) continue;
    const e = a.restricted ? egress.get(key(a, b)) ?? PortSet.empty() : PortSet.all();
    const i = b.restricted ? ingress.get(key(a, b)) ?? PortSet.empty() : PortSet.all();
    out.set(key(a, b), e.intersect(i));
  }
  return out;
}

/** Pairs with a pod on one side; the API server as a destination, and as the source of calls into pods. */
function evaluated(a: Node, b: Node): boolean {
  return a.ep.kind === "pod" || b.ep.kind === "pod";
}

/** Policies per cluster, parsed from the YAML files of the namespace roots. */
export function policiesFromFiles(g: G.Graph, files: ReadonlyArray<{ path: string; content: string }>): Map<string, Policy[]> {
  const out = new Map<string, Policy[]>();
  for (const c of g.clusters) out.set(c.name, []);
  for (const f of files) {
    const m = /^clusters\/([^/]+)\/namespaces\/[^/]+\/network-policies\.yaml$/.exec(f.path);
    if (!m) continue;
    // One document per "---" line: the writer puts separators only there (a root block scalar is indented, so no
    // content line can be "---"), and parsing documents one by one is several times faster than parseAllDocuments.
    const docs = f.content
      .split(/^---$/m)
      .map((text) => YAML.parse(text) as unknown)
      .filter((d) => d !== null);
    out.get(m[1]!)!.push(...parsePolicies(docs));
  }
  return out;
}

/** Every pair where the evaluator and the expectation disagree, readable. */
export function disagreements(m: Model, actual: (a: Endpoint, b: Endpoint) => PortSet, want: Map<string, PortSet>): string[] {
  const out: string[] = [];
  for (const a of m.nodes) for (const b of m.nodes) {
    if (!evaluated(a, b)) continue;
    const got = actual(a.ep, b.ep);
    const exp = want.get(`${a.id} -> ${b.id}`)!;
    if (!got.equals(exp)) out.push(`${a.id} -> ${b.id}: allowed ${got}, expected ${exp}`);
  }
  return out;
}
