// The plan as cilium.io/v2 CiliumNetworkPolicies, with the same names and meaning as the standard ones.
//
// Cilium specifics that keep the meaning exact:
//  - every endpoint selector names the namespace (io.kubernetes.pod.namespace), since a namespaced policy
//    would otherwise narrow it to its own namespace;
//  - on a ClusterMesh member every endpoint selector names the cluster (io.cilium.k8s.policy.cluster).
//    Cilium up to 1.18 matches selectors without it in every cluster of the mesh, 1.19 only in the local one;
//    naming it means the same on both, and it is how a cross-cluster flow names its peer's cluster;
//  - an ingress or egress section holding one empty rule turns default deny on without allowing anything;
//  - CIDR rules never match pods Cilium manages, so the pod-CIDR exceptions are kept only for sameness.
import type * as G from "../../src/graph.js";
import { portKey, type NamespacePlan, type Peer, type PortRef, type Rule } from "./intent.js";
import { name } from "./kubernetes.js";

type Obj = Record<string, unknown>;

const NAMESPACE = "k8s:io.kubernetes.pod.namespace";
const CLUSTER = "io.cilium.k8s.policy.cluster";

function sorted(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

function l3(p: Peer, dir: "from" | "to", c: G.ClusterNode): Obj {
  const endpoints = `${dir}Endpoints`;
  const withCluster = (cluster: string): Record<string, string> => (c.mesh || cluster !== c.name ? { [CLUSTER]: cluster } : {});
  switch (p.kind) {
    case "pods":
      return { [endpoints]: [{ matchLabels: sorted({ ...p.selector, [NAMESPACE]: p.namespace, ...withCluster(p.cluster) }) }] };
    case "namespace":
      return { [endpoints]: [{ matchLabels: sorted({ [NAMESPACE]: p.namespace, ...withCluster(p.cluster) }) }] };
    case "blocks":
      return { [`${dir}CIDRSet`]: p.blocks.map((b) => (b.except.length ? { cidr: b.cidr, except: [...b.except] } : { cidr: b.cidr })) };
    case "apiserver":
    case "apiserver-caller":
      // The entity follows the API server's backends (host, remote-node or outside the cluster) wherever they are.
      return { [`${dir}Entities`]: ["kube-apiserver"] };
    case "ingress-proxy":
      return { [`${dir}Entities`]: ["ingress"] };
    case "nodes":
      // Every node's own address and its host-network pods: host is the endpoint's own node, remote-node every other
      // (in a ClusterMesh also the other clusters' nodes). A node running kube-apiserver keeps the host or remote-node
      // label beside kube-apiserver, so the rule admits the API server's nodes on these ports too.
      return { [`${dir}Entities`]: ["host", "remote-node"] };
  }
}

function toPorts(list: readonly PortRef[]): Obj[] {
  return [{ ports: list.map((p) => ({ port: String(p.port), ...(p.endPort !== undefined ? { endPort: p.endPort } : {}), protocol: p.protocol })) }];
}

function rules(list: readonly Rule[], dir: "from" | "to", c: G.ClusterNode): Obj[] {
  const merged = new Map<string, { l3: Obj; ports: Map<string, PortRef> }>();
  for (const r of list) {
    const part = l3(r.peer, dir, c);
    const key = JSON.stringify(part);
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { l3: part, ports: new Map() }));
    for (const p of r.ports) m.ports.set(portKey(p), p);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => ({ ...m.l3, toPorts: toPorts([...m.ports.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p)) }));
}

function policy(name: string, ns: string, labels: Record<string, string>, spec: Obj): Obj {
  return { apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name, namespace: ns, labels }, spec };
}

/**
 * What a Cilium cluster emitting NetworkPolicies only cannot do without: a Cilium Gateway's traffic reaches its
 * backends from Cilium's reserved ingress identity, which no NetworkPolicy peer selects (Cilium applies ipBlocks only
 * to addresses outside the cluster), so the routes' own backends would stay closed. Cilium enforces both kinds
 * together and admits what either admits, so one CiliumNetworkPolicy per backend carrying only that rule adds the
 * route and leaves the NetworkPolicies' meaning as it is.
 */
export function ingressProxyPolicies(plan: NamespacePlan, labels: Record<string, string>): Obj[] {
  const out: Obj[] = [];
  for (const s of plan.subjects) {
    const proxied = s.ingress.filter((r) => r.peer.kind === "ingress-proxy");
    if (proxied.length) out.push(policy(`${s.name}-allow-gateway`, plan.namespace.name, labels, { endpointSelector: { matchLabels: { ...s.selector } }, ingress: rules(proxied, "from", plan.cluster) }));
  }
  return out.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

export function ciliumPolicies(plan: NamespacePlan, labels: Record<string, string>): Obj[] {
  const ns = plan.namespace.name;
  const c = plan.cluster;
  const out: Obj[] = [policy(`${ns}-default-deny`, ns, labels, { endpointSelector: {}, ingress: [{}], egress: [{}] })];
  const rest: Obj[] = [];
  for (const o of plan.open) {
    rest.push(policy(`${o.name}-allow-all`, ns, labels, { endpointSelector: { matchLabels: { ...o.selector } }, ingress: [{ fromEntities: ["all"] }], egress: [{ toEntities: ["all"] }] }));
  }
  for (const s of plan.subjects) {
    const endpointSelector = { matchLabels: { ...s.selector } };
    const ingress = rules(s.ingress, "from", c);
    const egress = rules(s.egress, "to", c);
    if (egress.length) rest.push(policy(`${s.name}-allow-egress`, ns, labels, { endpointSelector, egress }));
    if (ingress.length) rest.push(policy(`${s.name}-allow-ingress`, ns, labels, { endpointSelector, ingress }));
  }
  rest.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return [...out, ...rest];
}
