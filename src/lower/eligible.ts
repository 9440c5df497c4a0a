// The nodes a service instance may be scheduled on. Runs while services are instantiated, after the nodes
// of its cluster are lowered; results are cached on the Ctx per cluster and placement.
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { didYouMeanOrList } from "../lib/suggest.js";
import type { Ctx } from "./context.js";

/** Nodes the scheduler may place the pods on: selector, node list, GPUs, and taints the pods tolerate. */
// Most services share a placement (none at all); computing eligibility once per distinct placement keeps
// lowering linear in services rather than services x nodes, and lets equal placements share one array.
export function eligible(ctx: Ctx, s: G.ServiceNode, c: G.ClusterNode, p: Path): string[] {
  const key = JSON.stringify([s.placement, s.kind === "bundled"]);
  let perCluster = ctx.eligibleCache.get(c);
  if (!perCluster) ctx.eligibleCache.set(c, (perCluster = new Map()));
  const cached = perCluster.get(key);
  // An empty result is computed again, so that each service without a node gets its own PC0705.
  if (cached && (cached.length > 0 || s.kind === "bundled")) return cached;
  const result = computeEligible(ctx, s, c, p);
  perCluster.set(key, result);
  return result;
}

function computeEligible(ctx: Ctx, s: G.ServiceNode, c: G.ClusterNode, p: Path): string[] {
  const names = c.nodes.map((n) => n.name);
  (s.placement.nodes ?? []).forEach((n, k) => {
    if (!names.includes(n)) {
      const help = didYouMeanOrList(n, names, `nodes of cluster \`${c.name}\``, `cluster \`${c.name}\` declares no nodes`);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "placement", "nodes", k])), { kind: `node of cluster \`${c.name}\``, name: n }, { help });
    }
  });
  const out = c.nodes
    .filter((n) => !s.placement.nodes || s.placement.nodes.includes(n.name))
    .filter((n) => Object.entries(s.placement.nodeSelector).every(([k, v]) => n.labels[k] === v))
    .filter((n) => s.placement.gpu === undefined || n.gpus.reduce((sum, g) => sum + g.count, 0) >= s.placement.gpu)
    .filter((n) => n.taints.every((t) => t.effect === "PreferNoSchedule" || s.placement.tolerations.some((tol) => tol.key === t.key && (tol.value === undefined || tol.value === t.value) && (tol.effect === undefined || tol.effect === t.effect))))
    .map((n) => n.name)
    .sort();
  if (out.length === 0 && s.kind !== "bundled") {
    const reasons: string[] = [];
    if (s.placement.nodes) reasons.push(`nodes ${s.placement.nodes.join(", ")}`);
    if (Object.keys(s.placement.nodeSelector).length) reasons.push(`selector ${Object.entries(s.placement.nodeSelector).map(([k, v]) => `${k}=${v}`).join(",")}`);
    if (s.placement.gpu !== undefined) reasons.push(`${s.placement.gpu} GPU${s.placement.gpu > 1 ? "s" : ""}`);
    if (c.nodes.some((n) => n.taints.some((t) => t.effect !== "PreferNoSchedule"))) reasons.push("tolerations of the node taints");
    ctx.diags.report("PC0705", locSpan(ctx.at(p[0] === "services" ? [...p, "placement"] : p)), { service: s.id, reason: `no node of cluster \`${c.name}\` matches ${reasons.join(" and ") || "its placement"}` }, { help: "loosen the placement, or label, untaint or add a node that matches it" });
  }
  return out;
}
