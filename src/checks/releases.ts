// Rules on Helm releases of charts the catalog knows: the spec's selector must pick some pod the chart runs, and what
// a component needs that no policy can express is said where a default deny would cut it.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { releaseOf, type ReleasePlan } from "../plan/components.js";
import { hasNetworkPolicies } from "../plan/namespaces.js";

const text = (r: Record<string, string>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(", ");

/** PC1210: a declared selector of a catalogued release that no workload's pods carry. */
export function checkReleaseSelectors(g: G.Graph, diags: Diagnostics): void {
  const seen = new Set<string>();
  for (const c of g.clusters) for (const s of c.services) {
    const rel = releaseOf(c, s);
    if (!rel || s.selectorDefault || rel.workloads.length === 0) continue;
    if (rel.workloads.some((w) => Object.entries(s.selector).every(([k, v]) => w.labels[k] === v))) continue;
    // environment instances share the spec's location
    const key = s.loc.path.join(".");
    if (seen.has(key)) continue;
    seen.add(key);
    const example = rel.workloads[0]!;
    diags.report("PC1210", locSpan(s.loc, ["selector"]), { service: s.name, selector: text(s.selector), component: rel.component }, {
      help: `set selector: to the labels of a workload it runs (the ${example.name}'s: ${text(example.selector)}), or leave selector: out`,
    });
  }
}

/**
 * What a release needs that the policies of its cluster cannot say: the catalog's gaps, and on a Cilium cluster that
 * emits NetworkPolicies only, its flows to and from the nodes, since Cilium applies no ipBlock to a node's address.
 */
function gapsOf(c: G.ClusterNode, rel: ReleasePlan): Array<{ from: string; why: string }> {
  const out = [...rel.gaps];
  if (c.cni.name !== "cilium" || c.cni.policy !== "kubernetes") return out;
  for (const f of rel.flows) {
    if (f.kind === "to-nodes") out.push({ from: f.from, why: `${f.why} (the nodes' addresses, which Cilium's NetworkPolicy ipBlocks skip)` });
    else if (f.kind === "from-nodes") out.push({ from: f.to, why: `${f.why} (from the nodes' addresses, which Cilium's NetworkPolicy ipBlocks skip)` });
  }
  return out;
}

/** PC1211: connections a catalogued release needs that no policy can express, in a namespace with a default deny. */
export function checkReleaseGaps(g: G.Graph, diags: Diagnostics): void {
  const seen = new Set<string>();
  for (const c of g.clusters) for (const s of c.services) {
    const rel = releaseOf(c, s);
    const gaps = rel ? gapsOf(c, rel) : [];
    if (gaps.length === 0) continue;
    const ns = c.namespaces.find((n) => n.name === s.namespace);
    if (!ns || !hasNetworkPolicies(c, ns)) continue;
    const key = s.loc.path.join(".");
    if (seen.has(key)) continue;
    seen.add(key);
    const why = gaps.map((x) => `${x.from}: ${x.why}`).join("; ");
    const cilium = c.cni.name === "cilium" && c.cni.policy === "kubernetes" ? `set cni.policy: both (or cilium) on cluster \`${c.name}\`, ` : "";
    diags.report("PC1211", locSpan(s.loc, ["chart"]), { service: s.name, namespace: s.namespace, why }, {
      help: `${cilium}set defaultDeny: false on namespace \`${ns.base}\`, or accept that this traffic stays cut`,
    });
  }
}
