// Lowers a cluster's gitops layers: unknown dependsOn names, the install order, and dependency cycles.
// Namespaces and services pick their layer from the order computed here.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { didYouMeanOrList } from "../lib/suggest.js";
import { type Ctx, uniqueNames } from "./context.js";

export function lowerLayers(ctx: Ctx, list: NonNullable<S.Gitops["layers"]>, p: Path, cluster: string, tool: S.Gitops["tool"]): G.LayerNode[] {
  uniqueNames(ctx, list.map((l, i) => ({ name: l.name, path: [...p, i, "name"] })), "layer", ` in cluster \`${cluster}\``);
  const names = new Set(list.map((l) => l.name));
  list.forEach((l, i) =>
    (l.dependsOn ?? []).forEach((d, j) => {
      if (!names.has(d)) {
        const help = didYouMeanOrList(d, names, `layers of cluster \`${cluster}\``, "declare the layer under gitops.layers:");
        ctx.diags.report("PC0301", locSpan(ctx.at([...p, i, "dependsOn", j])), { kind: "layer", name: d }, { help });
      }
    }),
  );
  // Kahn's algorithm, taking ready layers in declaration order so the order is the one the user wrote
  // wherever the dependencies allow it.
  const order = new Map<string, number>();
  const deps = new Map(list.map((l) => [l.name, (l.dependsOn ?? []).filter((d) => names.has(d))]));
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const l of list) {
      if (order.has(l.name)) continue;
      if (deps.get(l.name)!.every((d) => order.has(d))) {
        order.set(l.name, order.size);
        progressed = true;
        break;
      }
    }
  }
  if (order.size < names.size) {
    const stuck = list.filter((l) => !order.has(l.name));
    const cycle = findCycle(stuck.map((l) => l.name), deps);
    const idx = list.findIndex((l) => l.name === cycle[0]);
    ctx.diags.report("PC0901", locSpan(ctx.at([...p, idx, "dependsOn"])), { cluster, cycle: cycle.join(" -> ") }, { help: "remove one dependsOn entry of the cycle" });
    for (const l of stuck) order.set(l.name, order.size);
  }
  // Argo CD reconciles every Application on one controller-wide period (timeout.reconciliation in argocd-cm) and has
  // no per-Application health timeout, so a layer's timing would be written nowhere.
  if (tool === "argocd") {
    list.forEach((l, i) => {
      for (const f of TIMING) if (l[f] !== undefined) ctx.diags.report("PC0902", locSpan(ctx.at([...p, i, f]), [], "key"), { field: f, layer: l.name, cluster }, { help: "remove it: Argo CD's reconcile period is timeout.reconciliation in argocd-cm, for every Application" });
    });
  }
  return list.map((l) => ({
    name: l.name,
    dependsOn: [...(l.dependsOn ?? [])],
    installsCRDs: l.installsCRDs ?? false,
    order: order.get(l.name) ?? 0,
    ...(l.description ? { description: l.description } : {}),
    ...(tool === "flux" ? Object.fromEntries(TIMING.filter((f) => l[f] !== undefined).map((f) => [f, l[f]])) : {}),
  }));
}

const TIMING = ["interval", "retryInterval", "timeout"] as const;

function findCycle(nodes: string[], deps: Map<string, string[]>): string[] {
  const inSet = new Set(nodes);
  for (const start of nodes) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | undefined = start;
    while (cur !== undefined && !onPath.has(cur)) {
      path.push(cur);
      onPath.add(cur);
      cur = (deps.get(cur) ?? []).find((d) => inSet.has(d));
    }
    if (cur !== undefined) return [...path.slice(path.indexOf(cur)), cur];
  }
  return nodes;
}
