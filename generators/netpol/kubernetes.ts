// The plan as networking.k8s.io/v1 NetworkPolicies, named after seed 004's pattern: <namespace>-default-deny,
// <service>-allow-ingress, <service>-allow-egress, and <component>-allow-all for pods left open.
//
// Standard policies cannot name another cluster: a peer in another cluster of the mesh becomes an ipBlock of
// that cluster's pod CIDR (its pods have no other stable identity here). That admits every pod of the other
// cluster on the flow's port; the CiliumNetworkPolicies (cni.policy cilium or both) are exact, and PC1202
// warns when a cluster emits standard policies only.
import type * as G from "../../src/graph.js";
import { portKey, type NamespacePlan, type Peer, type PortRef, type Rule } from "./intent.js";

type Obj = Record<string, unknown>;

const NAMESPACE_LABEL = "kubernetes.io/metadata.name";

function peers(p: Peer, c: G.ClusterNode, clusters: ReadonlyMap<string, G.ClusterNode>): Obj[] {
  switch (p.kind) {
    case "pods":
      if (p.cluster !== c.name) {
        const other = clusters.get(p.cluster);
        return other ? [{ ipBlock: { cidr: other.podCIDR.text } }] : [];
      }
      return [{ namespaceSelector: { matchLabels: { [NAMESPACE_LABEL]: p.namespace } }, podSelector: { matchLabels: { ...p.selector } } }];
    case "namespace":
      return [{ namespaceSelector: { matchLabels: { [NAMESPACE_LABEL]: p.namespace } } }];
    case "blocks":
      return p.blocks.map((b) => ({ ipBlock: b.except.length ? { cidr: b.cidr, except: [...b.except] } : { cidr: b.cidr } }));
    case "apiserver":
      // kube-proxy DNATs the `kubernetes` Service before egress policy applies, so the peer is each control-plane
      // address on the API server's port. Cilium skips ipBlocks for nodes: PC1209 warns on NetworkPolicy-only clusters.
      return p.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    case "apiserver-caller":
      // Which address the API server's call to a webhook carries is the CNI's choice (see intent.ts).
      return p.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    case "ingress-proxy":
      // Cilium's reserved identity is no pod, namespace or CIDR a NetworkPolicy can name (see index.ts).
      return [];
    case "nodes":
      // Each node address (and, as a source, the pod CIDR an overlay's tunnel addresses come from). Cilium skips
      // ipBlocks for nodes: PC1211 warns on NetworkPolicy-only Cilium clusters.
      return p.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
  }
}

function ports(list: readonly PortRef[]): Obj[] {
  return list.map((p) => ({ protocol: p.protocol, port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}) }));
}

/** Rules whose peers render the same (two services of one remote cluster) become one rule. */
function rules(list: readonly Rule[], dir: "from" | "to", c: G.ClusterNode, clusters: ReadonlyMap<string, G.ClusterNode>): Obj[] {
  const merged = new Map<string, { peers: Obj[]; ports: Map<string, PortRef> }>();
  for (const r of list) {
    const ps = peers(r.peer, c, clusters);
    if (ps.length === 0) continue;
    const key = JSON.stringify(ps);
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { peers: ps, ports: new Map() }));
    for (const p of r.ports) m.ports.set(portKey(p), p);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => ({ [dir]: m.peers, ports: ports([...m.ports.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p)) }));
}

function policy(name: string, ns: string, labels: Record<string, string>, spec: Obj): Obj {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns, labels }, spec };
}

export function kubernetesPolicies(plan: NamespacePlan, labels: Record<string, string>, clusters: ReadonlyMap<string, G.ClusterNode>): Obj[] {
  const ns = plan.namespace.name;
  const c = plan.cluster;
  const out: Obj[] = [policy(`${ns}-default-deny`, ns, labels, { podSelector: {}, policyTypes: ["Ingress", "Egress"] })];
  const rest: Obj[] = [];
  for (const o of plan.open) {
    rest.push(policy(`${o.name}-allow-all`, ns, labels, { podSelector: { matchLabels: { ...o.selector } }, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] }));
  }
  for (const s of plan.subjects) {
    const podSelector = { matchLabels: { ...s.selector } };
    const ingress = rules(s.ingress, "from", c, clusters);
    const egress = rules(s.egress, "to", c, clusters);
    if (egress.length) rest.push(policy(`${s.name}-allow-egress`, ns, labels, { podSelector, policyTypes: ["Egress"], egress }));
    if (ingress.length) rest.push(policy(`${s.name}-allow-ingress`, ns, labels, { podSelector, policyTypes: ["Ingress"], ingress }));
  }
  rest.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return [...out, ...rest];
}

export function name(o: Obj): string {
  return (o.metadata as { name: string }).name;
}
