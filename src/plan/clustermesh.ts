// A Cilium ClusterMesh, connected from committed files (the Helm way, not `cilium clustermesh connect`, which patches
// the live release): each member's Cilium values expose its clustermesh-apiserver and list every other member under
// clustermesh.config, and the members share one CA, so each agent authenticates to the peers with the "remote"
// certificate of its own cluster. The CA is the one Secret a real cluster still needs by hand (cilium-ca, copied from
// the first member before Cilium is installed in the others). Cross-cluster flows then reach their target through a
// global Service: the target's Service and a Service of the same name and namespace in the consuming cluster, both
// annotated service.cilium.io/global, the latter selecting the same labels (no pods there), so Cilium balances to the
// target cluster's pods and the consumers' DNS name resolves locally.
import type * as G from "../graph.js";
import { loadBalancerAddresses } from "./addresses.js";
import { backendOf, releaseOf } from "./components.js";
import { ciliumRelease } from "./cilium.js";

/** Cilium's annotation that makes a Service global: it must be on the Service in every cluster of the mesh. */
export const GLOBAL_SERVICE_ANNOTATION = "service.cilium.io/global";

/** The port of the chart's clustermesh-apiserver Service, which peers connect to (NodePort aside). */
export const CLUSTERMESH_PORT = 2379;

// Cilium's cluster.id is 1-255 unless the mesh is built for 511 clusters (clustermesh.maxConnectedClusters).
const DEFAULT_MAX_CLUSTER_ID = 255;

/** The clusters of c's mesh, c included, by cluster id (then name): the first one's CA is the mesh's. */
export function meshMembers(g: G.Graph, c: G.ClusterNode): G.ClusterNode[] {
  if (!c.mesh) return [];
  return g.clusters
    .filter((x) => x.mesh?.name === c.mesh!.name)
    .sort((a, b) => a.mesh!.id - b.mesh!.id || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface MeshExposure {
  type: "LoadBalancer" | "NodePort";
  /** where peers connect */
  ips: string[];
  port: number;
  /** the Cilium release's port that says so */
  source: G.PortNode;
}

/**
 * How a member's clustermesh-apiserver is reached from the other members: the Cilium release's port named
 * `clustermesh` (or on 2379), exposed as a LoadBalancer with an address or as a NodePort on the control-plane nodes.
 */
export function clustermeshExposure(c: G.ClusterNode): MeshExposure | undefined {
  const s = ciliumRelease(c);
  const p = s?.ports.find((x) => x.name === "clustermesh") ?? s?.ports.find((x) => x.port === CLUSTERMESH_PORT);
  if (!p) return undefined;
  if (p.expose === "LoadBalancer") {
    const ips = loadBalancerAddresses(c, p).map((a) => a.text);
    return ips.length ? { type: "LoadBalancer", ips, port: CLUSTERMESH_PORT, source: p } : undefined;
  }
  if (p.expose === "NodePort" && p.nodePort !== undefined) {
    const ips = c.nodes.filter((n) => n.role === "controlplane").map((n) => n.address.text);
    return { type: "NodePort", ips, port: p.nodePort, source: p };
  }
  return undefined;
}

/** The address annotation of the cluster's LB implementation, as its other LoadBalancer Services carry it. */
function lbAnnotations(c: G.ClusterNode, ip: string): Record<string, string> {
  if (c.loadBalancer?.type === "cilium") return { "lbipam.cilium.io/ips": ip };
  if (c.loadBalancer?.type === "metallb") return { "metallb.universe.tf/loadBalancerIPs": ip };
  return {};
}

/** The Cilium chart's `clustermesh` values of a mesh member (bootstrap and GitOps alike, src/plan/cilium.ts). */
export function clustermeshValues(g: G.Graph, c: G.ClusterNode): Record<string, unknown> {
  const members = meshMembers(g, c);
  // Every member of a mesh must agree on maxConnectedClusters, so one id above 255 raises it for all of them.
  const wide = members.some((x) => x.mesh!.id > DEFAULT_MAX_CLUSTER_ID);
  const own = clustermeshExposure(c);
  const service: Record<string, unknown> | undefined = !own
    ? undefined
    : own.type === "NodePort"
      ? { type: "NodePort", nodePort: own.port }
      : { type: "LoadBalancer", ...(own.source.loadBalancerIP ? { annotations: lbAnnotations(c, own.source.loadBalancerIP.text) } : {}) };
  const peers = members
    .filter((x) => x !== c)
    .flatMap((x) => {
      const e = clustermeshExposure(x);
      // No tls: with the CA shared, the agents present the "remote" certificate of their own cluster.
      return e ? [{ name: x.name, port: e.port, ips: e.ips }] : [];
    });
  return {
    useAPIServer: true,
    ...(wide ? { maxConnectedClusters: 511 } : {}),
    ...(service ? { apiserver: { service } } : {}),
    ...(peers.length ? { config: { enabled: true, clusters: peers } } : {}),
  };
}

/** A Service a cross-cluster flow reaches, as it exists in the target cluster. */
export interface GlobalService {
  /** the cluster whose pods back it */
  cluster: G.ClusterNode;
  service: G.ServiceNode;
  name: string;
  namespace: string;
  selector: Record<string, string>;
  /** named as in the target's Service: Cilium matches the remote backends to the local Service by port name */
  ports: Array<{ name: string; port: number; targetPort: number; protocol: string }>;
  /** the consuming clusters */
  consumers: string[];
}

function targetService(g: G.Graph, f: G.FlowEdge): { cluster: G.ClusterNode; service: G.ServiceNode } | undefined {
  if (f.target.kind !== "service") return undefined;
  const t = f.target;
  const cluster = g.clusters.find((x) => x.name === t.cluster);
  const service = cluster?.services.find((x) => x.id === t.id);
  return cluster && service ? { cluster, service } : undefined;
}

// The graph is frozen before any generator runs, so the answer is computed once per graph.
const computed = new WeakMap<G.Graph, GlobalService[]>();

/** Every Service of the platform that a flow from another cluster of the same mesh reaches, by cluster/namespace/name. */
export function globalServices(g: G.Graph): GlobalService[] {
  let known = computed.get(g);
  if (!known) computed.set(g, (known = findGlobalServices(g)));
  return known;
}

function findGlobalServices(g: G.Graph): GlobalService[] {
  const out = new Map<string, GlobalService>();
  for (const c of g.clusters) {
    if (!c.mesh) continue;
    for (const s of c.services) for (const f of s.flows) {
      if (f.target.kind !== "service" || f.target.cluster === c.name) continue;
      const hit = targetService(g, f);
      if (!hit || hit.cluster.mesh?.name !== c.mesh.name) continue;
      const b = backendOf(hit.cluster, hit.service, f.target);
      const key = `${hit.cluster.name}/${hit.service.namespace}/${b.service}`;
      const known = out.get(key);
      if (known) {
        if (!known.consumers.includes(c.name)) known.consumers = [...known.consumers, c.name].sort();
        continue;
      }
      const chart = releaseOf(hit.cluster, hit.service)?.services.find((x) => x.name === b.service);
      const ports = chart
        ? chart.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol }))
        : hit.service.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol }));
      out.set(key, { cluster: hit.cluster, service: hit.service, name: b.service, namespace: hit.service.namespace, selector: b.selector, ports, consumers: [c.name] });
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** Whether the Service `name` of spec service s (in s's cluster) is the target of a cross-cluster flow. */
export function isGlobalTarget(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, name: string): boolean {
  return globalServices(g).some((x) => x.cluster === c && x.service === s && x.name === name);
}

/** A service of c with the name and namespace of a global Service elsewhere: c's own Service then stands in (PC1121). */
export function namesake(c: G.ClusterNode, x: GlobalService): G.ServiceNode | undefined {
  return c.services.find((s) => s.namespace === x.namespace && s.name === x.name);
}

/** The global Services a consuming cluster needs a Service of its own for: the flows' targets in the other members. */
export function globalServiceImports(g: G.Graph, c: G.ClusterNode): GlobalService[] {
  return globalServices(g).filter((x) => x.consumers.includes(c.name) && !namesake(c, x));
}

/** Namespaces the imports of c live in that c does not declare: the clustermesh root creates them. */
export function importNamespaces(g: G.Graph, c: G.ClusterNode): string[] {
  const own = new Set(c.namespaces.map((n) => n.name));
  return [...new Set(globalServiceImports(g, c).map((x) => x.namespace))].filter((n) => !own.has(n)).sort();
}

/**
 * Whether c imports a Service into a namespace it does not declare, so the clustermesh root exists to create the
 * namespace with its Services (imports into declared namespaces live in those namespaces' roots): from c alone.
 */
export function consumesGlobalServices(c: G.ClusterNode): boolean {
  const own = new Set(c.namespaces.map((n) => n.name));
  return !!c.mesh && c.services.some((s) => s.flows.some((f) => f.target.kind === "service" && f.target.cluster !== c.name && !own.has(f.target.namespace)));
}

/**
 * The README step of a mesh member, before its Cilium install: the first member's Cilium creates the CA (the
 * cilium-ca Secret), every other member takes a copy first, so the chart reuses it (it looks the Secret up) and the
 * certificates of all members chain to one CA. The copy keeps Helm's ownership labels, so the release adopts it.
 */
export function clustermeshSection(g: G.Graph, c: G.ClusterNode, step: number): string {
  const members = meshMembers(g, c);
  if (members.length < 2) return "";
  const first = members[0]!;
  const peers = members.filter((x) => x !== c);
  const lines = ["", `## ${step}. ClusterMesh \`${c.mesh!.name}\``, ""];
  const own = clustermeshExposure(c);
  lines.push(
    `\`${c.name}\` (cluster id ${c.mesh!.id}) meshes with ${peers.map((x) => `\`${x.name}\``).join(", ")}. Its Cilium values list ${peers.length === 1 ? "it" : "them"} under`,
    "`clustermesh.config` and expose its clustermesh-apiserver" +
      (own ? ` (${own.type} ${own.ips.join(", ")}:${own.port})` : " (not exposed: declare a `clustermesh` port on the Cilium service)") +
      "; members authenticate with certificates of one CA.",
    "",
  );
  if (first === c) {
    lines.push("Install Cilium here first: it creates the mesh's CA, the Secret `kube-system/cilium-ca`, which the other members copy.", "");
  } else {
    lines.push(
      `Before installing Cilium, copy the CA from \`${first.name}\` (with \`FIRST\` its kubeconfig context and \`THIS\` this cluster's):`,
      "",
      "```sh",
      'kubectl --context "$FIRST" -n kube-system get secret cilium-ca -o yaml \\',
      "  | grep -vE '^  (resourceVersion|uid|creationTimestamp):' \\",
      '  | kubectl --context "$THIS" create -f -',
      "```",
      "",
      // The API server refuses a create that carries the source object's resourceVersion ("resourceVersion should not
      // be set on objects to be created"); the Helm ownership labels and annotations stay, so this cluster's
      // `helm install cilium` adopts the copy instead of failing on a Secret it does not own.
      "The copy keeps the Secret's Helm labels and annotations (this cluster's `helm install cilium` adopts it) and drops the",
      "source's `resourceVersion`, `uid` and `creationTimestamp`, which the API server refuses on a create.",
      "",
    );
  }
  lines.push("Once every member runs Cilium: `cilium clustermesh status --wait`.", "");
  return lines.join("\n");
}

/** The global Services c imports into a namespace it declares: that namespace's own root holds them. */
export function importsInto(g: G.Graph, c: G.ClusterNode, ns: string): GlobalService[] {
  return globalServiceImports(g, c).filter((x) => x.namespace === ns);
}
