// Rules the network-policy generator relies on: a policy can only be as exact as the pod labels, addresses
// and cluster identities it names. Each rule is one pass over flows or services with Maps.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import type { Loc } from "../source.js";
import { hasNetworkPolicies } from "../plan/namespaces.js";
import { ciliumGateway } from "../plan/cilium.js";

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

/**
 * The services whose own pods the netpol generator writes policies for (generators/netpol/intent.ts `restricted`):
 * emitted services, other than the cluster DNS, in a namespace that gets policies. An address or label only matters
 * to a policy where one of these is an end of the connection.
 */
function restrictedIn(c: G.ClusterNode): (s: G.ServiceNode | undefined) => boolean {
  const withPolicies = new Set(c.namespaces.filter((ns) => hasNetworkPolicies(c, ns)).map((ns) => ns.name));
  return (s) => !!s && s.cluster === c.name && withPolicies.has(s.namespace) && s.kind !== "bundled" && s.id !== c.dns.service;
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
    const restricted = restrictedIn(c);
    for (const s of c.services) {
      if (!restricted(s)) continue;
      for (const f of s.flows) {
        if (f.target.kind !== "apiserver" || !first("PC1209", f.loc)) continue;
        diags.report("PC1209", locSpan(f.loc, ["to"]), { service: `${s.namespace}/${s.name}`, cluster: c.name }, { help: "set cni.policy: both (or cilium) on this cluster" });
      }
    }
  }
}

/**
 * PC1203: the pods of one service must not carry every label of another service's selector in its namespace, unless
 * the other is a bundled service in front of those pods (a second Service of the same pod set, which platformc writes
 * no workload or Service for), and no policy treats the pod set as two: a bundled service's pods are left open
 * (an allow-all policy) in a namespace that gets policies, which would void the restricted service's own.
 */
export function checkSelectorOverlap(g: G.Graph, diags: Diagnostics): void {
  const first = once();
  for (const c of g.clusters) {
    const restricted = restrictedIn(c);
    /**
     * whether the bundled service b stands for a Service in front of the pods of `pods`; the distribution's ingress
     * controller and DNS server run pods of their own, which another service's selector must not take
     */
    const fronts = (b: G.ServiceNode, pods: G.ServiceNode) =>
      b.kind === "bundled" && b.id !== c.ingress?.service && b.id !== c.dns.service && Object.entries(b.selector).every(([k, v]) => pods.labels[k] === v);
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
        // a bundled `a` in front of b's pods: the same pod set, judged when the loop reaches it with the roles swapped
        if (fronts(a, b) && !fronts(b, a)) continue;
        const policies = fronts(b, a);
        if (policies && !restricted(a)) continue;
        if (!first("PC1203", a.loc)) continue;
        diags.report("PC1203", locSpan(a.loc, [a.selectorDefault ? "name" : "selector"]), { a: a.name, b: b.name, namespace: a.baseNamespace, selector: pairs.map(([k, v]) => `${k}=${v}`).join(",") }, {
          related: [{ span: locSpan(b.loc, [b.selectorDefault ? "name" : "selector"]), message: "this selector" }],
          ...(policies
            ? {
                notes: [`\`${b.name}\` is bundled, so in namespace \`${a.baseNamespace}\`, which gets network policies, its pods are left open by an allow-all policy, which opens the pods of \`${a.name}\` too`],
                help: `declare the ports of \`${b.name}\` on \`${a.name}\` (one service can expose several ports, each with its own expose:), or set defaultDeny: false on namespace \`${a.baseNamespace}\``,
              }
            : { help: "give the two services selectors that tell their pods apart; a second Service in front of the same pods is a bundled service whose selector names them" }),
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

/**
 * PC1205: a flow to or from a Helm release, or a route to it, matches its pods by a label platformc only assumes. The
 * label reaches the cluster only through network policies (platformc writes no Service or workload for a release), so
 * it is reported where a policy names it: the release's own (its namespace gets policies) or a restricted peer's rule.
 * Once per release: each is fixed by its own selector:, and ignored (with its reason) per service.
 */
export function checkHelmSelectors(g: G.Graph, diags: Diagnostics): void {
  const byId = new Map(g.clusters.flatMap((c) => c.services.map((s) => [s.id, s] as const)));
  const restrictedBy = new Map(g.clusters.map((c) => [c.name, restrictedIn(c)] as const));
  const restricted = (s: G.ServiceNode | undefined) => !!s && (restrictedBy.get(s.cluster)?.(s) ?? false);
  const found = new Map<string, { s: G.ServiceNode; via: string; by: Set<string> }>();
  const use = (s: G.ServiceNode | undefined, via: string, peer: G.ServiceNode | undefined) => {
    if (!s || s.kind !== "helm" || !s.selectorDefault) return;
    const by = [restricted(s) ? `the policies of \`${s.namespace}/${s.name}\`` : "", restricted(peer) ? `the rules of \`${peer!.namespace}/${peer!.name}\`` : ""].filter(Boolean);
    if (by.length === 0) return;
    const key = s.loc.path.join("/");
    const hit = found.get(key) ?? { s, via, by: new Set<string>() };
    found.set(key, hit);
    for (const b of by) hit.by.add(b);
  };
  for (const c of g.clusters) {
    // A Gateway Cilium serves has no pods of its own: only the release's own policies name it for its routes.
    const controller = c.ingress && !ciliumGateway(c) ? byId.get(c.ingress.service) : undefined;
    for (const s of c.services) {
      for (const f of s.flows) {
        const target = f.target.kind === "service" ? byId.get(f.target.id) : undefined;
        use(s, "a flow from it", target);
        use(target, "a flow to it", s);
      }
      if (s.ingress.length) use(s, "an ingress route", controller);
    }
  }
  for (const e of g.externals) for (const f of e.flows) if (f.target.kind === "service") use(byId.get(f.target.id), "a flow to it", undefined);
  for (const { s, via, by } of found.values()) {
    const list = [...by].sort();
    const shown = list.length > 3 ? [...list.slice(0, 3), `${list.length - 3} more`] : list;
    diags.report("PC1205", locSpan(s.loc, ["name"]), { service: s.name, via, label: `app.kubernetes.io/name=${s.name}` }, {
      notes: [`${shown.join(", ")} name its pods by that label`],
      help: "set selector: to the labels the chart puts on the pods that serve the port",
    });
  }
}

/** PC1206: an external endpoint needs an address for its flows into the platform to become ingress rules. */
export function checkExternalSources(g: G.Graph, diags: Diagnostics): void {
  for (const e of g.externals) {
    if (e.address || e.flows.length === 0) continue;
    diags.report("PC1206", locSpan(e.loc, ["flows"], "key"), { name: e.name }, { help: "add address: (an IP, CIDR or range) to the external endpoint" });
  }
}

/**
 * PC0309: a flow to an external endpoint without an address, from pods that get network policies: the egress rule
 * names addresses, so it would have nothing to allow. Where no policy restricts the pods, nothing needs the address.
 */
export function checkExternalTargets(g: G.Graph, diags: Diagnostics): void {
  const externals = new Map(g.externals.map((e) => [e.name, e] as const));
  const first = once();
  for (const c of g.clusters) {
    const restricted = restrictedIn(c);
    for (const s of c.services) {
      if (!restricted(s)) continue;
      for (const f of s.flows) {
        if (f.target.kind !== "external" || f.target.ranges.length > 0 || !first("PC0309", f.loc)) continue;
        const e = externals.get(f.target.name);
        const resolved = e?.hostname ? ` (the addresses ${e.hostname} resolves to)` : "";
        diags.report("PC0309", locSpan(f.loc, ["to"]), { problem: `external \`${f.target.name}\` has no address, and the egress policy of \`${s.namespace}/${s.name}\` can only allow this flow by address` }, {
          ...(e ? { related: [{ span: locSpan(e.loc, ["name"]), message: "declared without address:" }] } : {}),
          notes: ["network policies match IP blocks, not hostnames; without a policy in the namespace the address would not be needed"],
          help: `add address: to external \`${f.target.name}\`: an IP, a CIDR or a range${resolved}; or set defaultDeny: false on namespace \`${s.baseNamespace}\``,
        });
      }
    }
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
