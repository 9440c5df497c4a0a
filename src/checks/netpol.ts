// Rules the network-policy generator relies on: a policy can only be as exact as the pod labels, addresses
// and cluster identities it names. Each rule is one pass over flows or services with Maps.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import type { Loc } from "../source.js";
import { hasNetworkPolicies } from "../plan/namespaces.js";

/** Environment instances share their spec location: report each spec-level problem once. */
function once(): (code: string, loc: Loc) => boolean {
  const seen = new Set<string>();
  return (code, loc) => {
    const key = `${code}@${loc.path.join(".")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

function emitsCilium(c: G.ClusterNode): boolean {
  return c.cni.name === "cilium" && c.cni.policy !== "kubernetes";
}

/** PC1201, PC1202: flows between clusters need a shared ClusterMesh, and are exact only in Cilium policies. */
export function checkCrossClusterFlows(g: G.Graph, diags: Diagnostics): void {
  const clusters = new Map(g.clusters.map((c) => [c.name, c] as const));
  const first = once();
  for (const c of g.clusters) for (const s of c.services) for (const f of s.flows) {
    if (f.target.kind !== "service" || f.target.cluster === c.name) continue;
    const other = clusters.get(f.target.cluster);
    if (!other) continue;
    if (!c.mesh || !other.mesh || c.mesh.name !== other.mesh.name) {
      if (first("PC1201", f.loc)) diags.report("PC1201", locSpan(f.loc, ["to"]), { from: `${s.namespace}/${s.name}`, to: f.target.id, a: c.name, b: other.name }, { help: "put both clusters into one ClusterMesh (mesh: { name: ... }), or reach the service through an address declared under externals:" });
      continue;
    }
    const coarse = [c, other].filter((x) => !emitsCilium(x));
    if (coarse.length && first("PC1202", f.loc)) {
      diags.report("PC1202", locSpan(f.loc, ["to"]), { from: `${s.namespace}/${s.name}`, to: f.target.id, clusters: coarse.map((x) => `\`${x.name}\``).join(" and ") }, {
        notes: [`the standard policies admit every pod of cluster \`${other.name}\` (${other.podCIDR.text}) and of cluster \`${c.name}\` (${c.podCIDR.text}) on this port, and Cilium does not apply CIDR rules to ClusterMesh endpoints`],
        help: "set cni.policy: cilium (or both) on these clusters: CiliumNetworkPolicies name the peer's cluster",
      });
    }
  }
}

/** PC1209: on Cilium, only a CiliumNetworkPolicy can allow the API server (by its entity; ipBlocks skip nodes). */
export function checkApiServerFlows(g: G.Graph, diags: Diagnostics): void {
  const first = once();
  for (const c of g.clusters) {
    if (c.cni.name !== "cilium" || emitsCilium(c)) continue;
    for (const s of c.services) {
      const ns = c.namespaces.find((n) => n.name === s.namespace);
      if (!ns || !hasNetworkPolicies(c, ns) || s.kind === "bundled" || s.id === c.dns.service) continue;
      for (const f of s.flows) {
        if (f.target.kind !== "apiserver" || !first("PC1209", f.loc)) continue;
        diags.report("PC1209", locSpan(f.loc, ["to"]), { service: `${s.namespace}/${s.name}`, cluster: c.name }, { help: "set cni.policy: both (or cilium) on this cluster" });
      }
    }
  }
}

/** PC1203: the pods of one service must not carry every label of another service's selector in its namespace. */
export function checkSelectorOverlap(g: G.Graph, diags: Diagnostics): void {
  const first = once();
  for (const c of g.clusters) {
    // Index services by each label pair their pods carry; a selector can only match pods that carry its
    // rarest pair, so each service is compared with one bucket instead of the whole namespace.
    const byPair = new Map<string, G.ServiceNode[]>();
    for (const s of c.services) for (const [k, v] of Object.entries(s.labels)) {
      const key = `${s.namespace}\u0000${k}\u0000${v}`;
      const list = byPair.get(key);
      if (list) list.push(s);
      else byPair.set(key, [s]);
    }
    for (const b of c.services) {
      const pairs = Object.entries(b.selector);
      let bucket: G.ServiceNode[] | undefined;
      for (const [k, v] of pairs) {
        const list = byPair.get(`${b.namespace}\u0000${k}\u0000${v}`) ?? [];
        if (!bucket || list.length < bucket.length) bucket = list;
      }
      for (const a of bucket ?? []) {
        if (a === b || !pairs.every(([k, v]) => a.labels[k] === v)) continue;
        if (!first("PC1203", a.loc)) continue;
        diags.report("PC1203", locSpan(a.loc, [a.selectorDefault ? "name" : "selector"]), { a: a.name, b: b.name, namespace: a.baseNamespace, selector: pairs.map(([k, v]) => `${k}=${v}`).join(",") }, {
          related: [{ span: locSpan(b.loc, [b.selectorDefault ? "name" : "selector"]), message: "this selector" }],
          help: "give the two services selectors that tell their pods apart",
        });
      }
    }
  }
}

/** PC1204: a default deny in kube-system also cuts off what the distribution runs there. */
export function checkSystemNamespaceDeny(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) for (const ns of c.namespaces) {
    if (ns.name !== "kube-system" || !hasNetworkPolicies(c, ns)) continue;
    diags.report("PC1204", locSpan(ns.loc, ["name"]), { cluster: c.name, distribution: c.distribution === "k3s" ? "K3s" : "Talos" }, { help: "set defaultDeny: false on kube-system, or move your services to a namespace of their own" });
  }
}

/** PC1205: a flow to or from a Helm release matches its pods by a label platformc only assumes. */
export function checkHelmSelectors(g: G.Graph, diags: Diagnostics): void {
  const byId = new Map(g.clusters.flatMap((c) => c.services.map((s) => [s.id, s] as const)));
  const first = once();
  const warn = (s: G.ServiceNode | undefined, via: string) => {
    if (!s || s.kind !== "helm" || !s.selectorDefault || !first("PC1205", s.loc)) return;
    diags.report("PC1205", locSpan(s.loc, ["name"]), { service: s.name, via, label: `app.kubernetes.io/name=${s.name}` }, { help: "set selector: to the labels the chart puts on the pods that serve the port" });
  };
  for (const c of g.clusters) for (const s of c.services) {
    for (const f of s.flows) {
      warn(s, "a flow from it");
      if (f.target.kind === "service") warn(byId.get(f.target.id), "a flow to it");
    }
    if (s.ingress.length) warn(s, "an ingress route");
  }
  for (const e of g.externals) for (const f of e.flows) if (f.target.kind === "service") warn(byId.get(f.target.id), "a flow to it");
}

/** PC1206: an external endpoint needs an address for its flows into the platform to become ingress rules. */
export function checkExternalSources(g: G.Graph, diags: Diagnostics): void {
  for (const e of g.externals) {
    if (e.address || e.flows.length === 0) continue;
    diags.report("PC1206", locSpan(e.loc, ["flows"], "key"), { name: e.name }, { help: "add address: (an IP, CIDR or range) to the external endpoint" });
  }
}

/** PC1207: Talos's default Flannel enforces no NetworkPolicy. */
export function checkPolicyEnforcement(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (c.distribution !== "talos" || c.cni.name !== "flannel") continue;
    if (!c.namespaces.some((ns) => hasNetworkPolicies(c, ns))) continue;
    diags.report("PC1207", locSpan(c.loc, ["name"]), { cluster: c.name }, { help: "use cni: { name: cilium } to enforce them, or set defaultDeny: false on the namespaces" });
  }
}
