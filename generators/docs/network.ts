// The network topology (seed 000's "Network Topology"): the networks and the external endpoints on them,
// and per cluster its pod and service CIDRs, its nodes with their addresses (overlay ones included) and
// the pod CIDRs the spec records for them, its load-balancer pools with the addresses handed out, its NodePorts, its BGP peers,
// and which external endpoints reach which entry point.
import type * as G from "../../src/graph.js";
import { rangeContains } from "../../src/lib/net/ip.js";
import { EdgeSet, fill, idsFor, label, lines, node, subgraph, type Flowchart, type Subgraph } from "./mermaid.js";
import { flowText } from "./overview.js";

/** Past these per cluster, the boxes become one summary box each (the tables list them all). */
const NETWORK_LIMITS = { nodes: 24, loadBalancers: 24, nodePorts: 24 } as const;

function lbName(c: G.ClusterNode): string | undefined {
  const lb = c.loadBalancer;
  if (!lb) return undefined;
  return lb.type === "metallb" ? `MetalLB ${lb.mode.toUpperCase()}` : lb.type === "cilium" ? `Cilium LB IPAM ${lb.mode.toUpperCase()}` : "ServiceLB";
}

/** Short: a subgraph title wider than its boxes runs past the subgraph's border. */
function poolTitle(pool: G.PoolNode): string {
  return `pool ${pool.name} ${pool.addresses.map((a) => a.text).join(", ")}`;
}

/** The most specific network an external endpoint's address lies in. */
function networkOf(g: G.Graph, e: G.ExternalNode): G.NetworkNode | undefined {
  if (!e.address) return undefined;
  let best: G.NetworkNode | undefined;
  for (const n of g.networks) {
    if (rangeContains(n.cidr.range, e.address.range) && (!best || n.cidr.prefix > best.cidr.prefix)) best = n;
  }
  return best;
}

export function network(g: G.Graph): Flowchart {
  const chart: Flowchart = { direction: "LR", nodes: [], subgraphs: [], edges: [], styles: [] };
  const edges = new EdgeSet();
  const netIds = idsFor("net", g.networks.map((n) => n.name));
  const extIds = idsFor("ext", g.externals.map((e) => e.name));
  const clIds = idsFor("cl", g.clusters.map((c) => c.name));
  const nodeIds = idsFor("node", g.clusters.flatMap((c) => c.nodes.map((n) => `${c.name}/${n.name}`)));
  const exposed = (kind: G.PortNode["expose"]): string[] => g.clusters.flatMap((c) => c.services.filter((s) => s.ports.some((p) => p.expose === kind)).map((s) => s.id));
  const lbIds = idsFor("lb", exposed("LoadBalancer"));
  const npIds = idsFor("np", exposed("NodePort"));
  const poolIds = idsFor("pool", g.clusters.flatMap((c) => (c.loadBalancer?.pools ?? []).map((p) => `${c.name}/${p.name}`)));
  // One box per router: clusters usually peer with the same one, under the same or different names.
  const peerKey = (p: { address: G.Address; asn: number }): string => `${p.address.text}/${p.asn}`;
  const peerIds = idsFor("peer", g.clusters.flatMap((c) => (c.bgp?.peers ?? []).map(peerKey)));
  const peerNames = new Map<string, string[]>();
  for (const c of g.clusters) for (const p of c.bgp?.peers ?? []) {
    const names = peerNames.get(peerKey(p)) ?? [];
    if (!names.includes(p.name)) names.push(p.name);
    peerNames.set(peerKey(p), names);
  }
  for (const [key, names] of peerNames) {
    const [address, asn] = key.split("/");
    chart.nodes.push(node(peerIds.get(key)!, lines([`BGP peer ${names.join(", ")}`, address!, `AS ${asn}`]), "hexagon"));
  }
  // Boxes that exist once per cluster, pool or network get prefixes of their own (no "_" in a prefix, so
  // no two kinds can produce the same id whatever the names).
  const perCluster = (prefix: string): Map<string, string> => idsFor(prefix, g.clusters.map((c) => c.name));
  const [infoIds, nodesIds, allNodesIds, lbBoxIds, allLbIds, npBoxIds, allNpIds] = ["clinfo", "clnodes", "clnodesall", "cllb", "cllball", "clnp", "clnpall"].map(perCluster) as [Map<string, string>, Map<string, string>, Map<string, string>, Map<string, string>, Map<string, string>, Map<string, string>, Map<string, string>];
  const freeIds = idsFor("poolfree", g.clusters.flatMap((c) => (c.loadBalancer?.pools ?? []).map((p) => `${c.name}/${p.name}`)));
  const netInfoIds = idsFor("netinfo", g.networks.map((n) => n.name));

  // Networks: a subgraph holding the external endpoints addressed in it, or a plain box when none are.
  // Subgraph titles stay on one line (layouts do not make room for more); details go into a box inside.
  const netBox = new Map<string, string>();
  const placed = new Set<string>();
  for (const n of g.networks) {
    const title = `${n.kind === "overlay" ? "overlay network" : n.kind === "vlan" && n.vlan !== undefined ? `VLAN ${n.vlan} network` : "network"} ${n.name} ${n.cidr.text}`;
    const details = [...(n.gateway ? [`gateway ${n.gateway.text}`] : []), ...(n.nameservers.length ? [`DNS ${n.nameservers.map((a) => a.text).join(", ")}`] : [])];
    const members = g.externals.filter((e) => networkOf(g, e) === n);
    const id = netIds.get(n.name)!;
    netBox.set(n.name, id);
    if (members.length === 0) {
      chart.nodes.push(node(id, lines([title, ...details]), n.kind === "overlay" ? "stadium" : "box"));
    } else {
      const sg = subgraph(id, label(title), "TB");
      if (details.length) sg.nodes.push(node(netInfoIds.get(n.name)!, lines(details)));
      for (const e of members) {
        sg.nodes.push(node(extIds.get(e.name)!, lines([e.name, e.address!.text, ...(e.hostname ? [e.hostname] : [])]), "hexagon"));
        placed.add(e.name);
      }
      chart.subgraphs.push(sg);
    }
    chart.styles.push({ id, css: n.kind === "overlay" ? "fill:#f3e5f5,stroke:#8e24aa,stroke-dasharray:4 3" : "fill:#eceff1,stroke:#546e7a" });
  }
  for (const e of g.externals) {
    if (!placed.has(e.name)) chart.nodes.push(node(extIds.get(e.name)!, lines([e.name, e.address?.text ?? e.hostname ?? "address not declared"]), "hexagon"));
  }

  const byId = new Map(g.clusters.flatMap((c) => c.services.map((s) => [s.id, s] as const)));
  let clientsUsed = false;
  g.clusters.forEach((c, ci) => {
    const cl = subgraph(clIds.get(c.name)!, label(`cluster ${c.name}`));
    cl.nodes.push(node(infoIds.get(c.name)!, lines([
      `${c.cni.name}${c.cni.name === "flannel" ? ` ${c.cni.flannelBackend}` : c.cni.kubeProxyReplacement ? ", no kube-proxy" : ""}`,
      `pods ${c.podCIDR.text}, /${c.nodeMaskSize} per node`,
      `services ${c.serviceCIDR.text}`,
      `API ${c.apiEndpoint.host}:${c.apiEndpoint.port}${c.apiEndpoint.vip ? ` (VIP ${c.apiEndpoint.vip.text})` : ""}`,
      ...(lbName(c) ? [`load balancer ${lbName(c)}`] : []),
      ...(c.mesh ? [`ClusterMesh ${c.mesh.name}, id ${c.mesh.id}`] : []),
    ])));
    chart.styles.push({ id: cl.id, css: fill(ci) });

    const nodesBox = subgraph(nodesIds.get(c.name)!, label(`nodes`), "TB");
    if (c.nodes.length > NETWORK_LIMITS.nodes) {
      const cps = c.nodes.filter((n) => n.role === "controlplane").length;
      nodesBox.nodes.push(node(allNodesIds.get(c.name)!, lines([`${c.nodes.length} nodes (${cps} control plane)`, "see the node inventory"])));
    } else {
      for (const n of c.nodes) {
        nodesBox.nodes.push(node(nodeIds.get(`${c.name}/${n.name}`)!, lines([
          `${n.name} (${n.role === "controlplane" ? "control plane" : "worker"})`,
          `${n.interface ? `${n.interface} ` : ""}${n.address.text}`,
          ...n.addresses.map((a) => `${a.interface ? `${a.interface} ` : a.network ? `${a.network} ` : ""}${a.address.text}`),
          ...(n.podCIDR ? [`pods ${n.podCIDR.text}`] : []),
        ])));
      }
    }
    cl.subgraphs.push(nodesBox);
    // Which networks the nodes sit on: the primary one solid, the others (overlays) dotted.
    const primary = new Set<string>();
    const secondary = new Set<string>();
    for (const n of c.nodes) {
      if (n.network) primary.add(n.network);
      for (const a of n.addresses) if (a.network && a.network !== n.network) secondary.add(a.network);
    }
    for (const name of g.networks.map((n) => n.name)) {
      if (primary.has(name)) edges.add(netBox.get(name)!, nodesBox.id, "---");
      else if (secondary.has(name)) edges.add(netBox.get(name)!, nodesBox.id, "-.-");
    }

    const lbServices = c.services.filter((s) => s.ports.some((p) => p.expose === "LoadBalancer"));
    const byPool = new Map<string, Subgraph>();
    for (const pool of c.loadBalancer?.pools ?? []) {
      const sg = subgraph(poolIds.get(`${c.name}/${pool.name}`)!, label(poolTitle(pool)), "TB");
      byPool.set(pool.name, sg);
      cl.subgraphs.push(sg);
    }
    const lbNode = new Map<string, string>();
    if (lbServices.length > NETWORK_LIMITS.loadBalancers) {
      const sg = byPool.values().next().value ?? subgraph(lbBoxIds.get(c.name)!, label("LoadBalancer services"), "TB");
      if (!byPool.size) cl.subgraphs.push(sg);
      const id = allLbIds.get(c.name)!;
      sg.nodes.push(node(id, lines([`${lbServices.length} LoadBalancer services`, "see service discovery"])));
      for (const s of lbServices) lbNode.set(s.id, id);
    } else {
      for (const s of lbServices) {
        const ports = s.ports.filter((p) => p.expose === "LoadBalancer");
        const pool = ports.find((p) => p.pool)?.pool;
        let sg = (pool ? byPool.get(pool) : undefined) ?? byPool.values().next().value;
        if (!sg) {
          sg = subgraph(lbBoxIds.get(c.name)!, label(c.loadBalancer?.type === "servicelb" ? "ServiceLB on every node" : "LoadBalancer services"), "TB");
          byPool.set("", sg);
          cl.subgraphs.push(sg);
        }
        const addrs = [...new Set(ports.map((p) => p.loadBalancerIP?.text ?? (c.loadBalancer?.type === "servicelb" ? "node addresses" : "no address")))];
        const id = lbIds.get(s.id)!;
        sg.nodes.push(node(id, lines([`${s.namespace}/${s.name}`, addrs.join(", "), ports.map((p) => `${p.port}/${p.protocol}`).join(", ")])));
        lbNode.set(s.id, id);
      }
    }
    for (const [pool, sg] of byPool) if (sg.nodes.length === 0) sg.nodes.push(node(freeIds.get(`${c.name}/${pool}`) ?? `${allLbIds.get(c.name)!}_free`, label("no address handed out")));

    const npServices = c.services.filter((s) => s.ports.some((p) => p.expose === "NodePort"));
    const npNode = new Map<string, string>();
    if (npServices.length > 0) {
      const sg = subgraph(npBoxIds.get(c.name)!, label(`NodePorts ${c.nodePortRange.min}-${c.nodePortRange.max} on every node`), "TB");
      if (npServices.length > NETWORK_LIMITS.nodePorts) {
        const id = allNpIds.get(c.name)!;
        sg.nodes.push(node(id, lines([`${npServices.length} NodePort services`, "see service discovery"])));
        for (const s of npServices) npNode.set(s.id, id);
      } else {
        for (const s of npServices) {
          const ports = s.ports.filter((p) => p.expose === "NodePort");
          const id = npIds.get(s.id)!;
          sg.nodes.push(node(id, lines([`${s.namespace}/${s.name}`, ports.map((p) => `${p.nodePort ?? "?"} to ${p.port}`).join(", ")])));
          npNode.set(s.id, id);
        }
      }
      cl.subgraphs.push(sg);
    }

    // Entry points: the ingress controller's addresses for clients; NodePorts and LB IPs for the externals
    // whose flows use them; BGP peers for the pools they learn routes to.
    const ingress = c.ingress ? c.services.find((s) => s.id === c.ingress!.service) : undefined;
    if (ingress && lbNode.has(ingress.id)) {
      clientsUsed = true;
      edges.add("clients", lbNode.get(ingress.id)!, "-->", `ingress ${c.ingress!.type}`);
    }
    for (const p of c.bgp?.peers ?? []) {
      const id = peerIds.get(peerKey(p))!;
      const target = byPool.size ? [...byPool.values()][0]!.id : nodesBox.id;
      edges.add(id, target, "<-.->", `BGP, cluster AS ${c.bgp!.asn}`);
    }
    for (const e of g.externals) {
      for (const fl of e.flows) {
        if (fl.target.kind !== "service" || fl.target.cluster !== c.name) continue;
        const t = fl.target;
        const svc = byId.get(t.id);
        const port = svc?.ports.find((p) => p.name === t.portName);
        if (port?.expose === "NodePort" && npNode.has(t.id)) edges.add(extIds.get(e.name)!, npNode.get(t.id)!, "-.->", flowText(fl));
        else if (port?.expose === "LoadBalancer" && lbNode.has(t.id)) edges.add(extIds.get(e.name)!, lbNode.get(t.id)!, "-.->", flowText(fl));
        else edges.add(extIds.get(e.name)!, nodesBox.id, "-.->", `${flowText(fl)} to ${t.namespace}/${t.name}`);
      }
    }
    for (const s of c.services) {
      for (const fl of s.flows) {
        if (fl.target.kind === "external") edges.add(nodesBox.id, extIds.get(fl.target.name)!, "-.->", flowText(fl));
      }
    }
    chart.subgraphs.push(cl);
  });
  const firstOfMesh = new Map<string, G.ClusterNode>();
  for (const c of g.clusters) {
    if (!c.mesh) continue;
    const first = firstOfMesh.get(c.mesh.name);
    if (first) edges.add(clIds.get(first.name)!, clIds.get(c.name)!, "<-.->", `ClusterMesh ${c.mesh.name}`);
    else firstOfMesh.set(c.mesh.name, c);
  }
  if (clientsUsed) chart.nodes.unshift(node("clients", lines(["Clients", "internet and LAN"]), "stadium"));
  chart.edges = edges.edges();
  return chart;
}
