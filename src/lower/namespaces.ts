// Lowers namespaces: into the clusters they name, one instance per listed environment. Runs after clusters
// (layers) and environments, and before services, which are placed into these instances.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { didYouMean } from "../lib/suggest.js";
import { sortedRecord } from "../lib/quantity.js";
import type { Ctx } from "./context.js";
import { clusterOf } from "./clusters.js";
import { lowerExternalSecrets, lowerNamespaceSecrets } from "./secrets.js";
import { manifestsFor, readManifests } from "./manifests.js";

export function lowerNamespaces(ctx: Ctx, list: S.Namespace[], clusters: G.ClusterNode[], envs: G.EnvironmentNode[]): void {
  const envNames = envs.map((e) => e.name);
  const declared = new Map<string, Path>();
  list.forEach((ns, i) => {
    const p: Path = ["namespaces", i];
    const c = clusterOf(ctx, clusters, ns.cluster, p, `namespace \`${ns.name}\``);
    if (!c) {
      ctx.brokenNamespaces.add(ns.name);
      return;
    }
    let layer = ns.layer ?? c.layerOrder[c.layerOrder.length - 1]!;
    if (ns.layer && !c.layerOrder.includes(ns.layer)) {
      const help = didYouMean(ns.layer, c.layerOrder);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "layer"])), { kind: "layer", name: ns.layer }, { help: help ?? `layers of cluster \`${c.name}\`: ${c.layerOrder.join(", ")}` });
      layer = c.layerOrder[c.layerOrder.length - 1]!;
    }
    const secrets = lowerNamespaceSecrets(ctx, ns, p, c);
    const externalSecrets = lowerExternalSecrets(ctx, ns, p);
    const manifestSources = readManifests(ctx, ns.manifests, p, ns.name);
    const manifestProblems = new Set<number>();
    const instances: Array<{ name: string; env?: string }> = [];
    if ((ns.environments ?? []).length === 0) instances.push({ name: ns.name });
    (ns.environments ?? []).forEach((e, j) => {
      if (!envNames.includes(e)) {
        const help = didYouMean(e, envNames);
        ctx.diags.report("PC0301", locSpan(ctx.at([...p, "environments", j])), { kind: "environment", name: e }, { help: help ?? (envNames.length ? `declared environments: ${envNames.join(", ")}` : "declare it under environments:") });
        return;
      }
      instances.push({ name: `${ns.name}-${e}`, env: e });
    });
    for (const inst of instances) {
      const key = `${c.name}/${inst.name}`;
      const first = declared.get(key);
      if (first) {
        ctx.diags.report("PC0302", locSpan(ctx.at([...p, "name"])), { kind: "namespace", name: inst.name, scope: ` in cluster \`${c.name}\`` }, {
          related: [{ span: locSpan(ctx.at([...first, "name"])), message: "first declared here" }],
          help: "rename one of the two namespaces",
        });
        continue;
      }
      if (inst.name.length > 63) {
        ctx.diags.report("PC0205", locSpan(ctx.at([...p, "name"])), { value: inst.name, reason: `the instance for environment \`${inst.env}\` is ${inst.name.length} characters long, at most 63 are allowed` });
        continue;
      }
      declared.set(key, p);
      const node: G.NamespaceNode = {
        name: inst.name,
        cluster: c.name,
        base: ns.name,
        podSecurity: ns.podSecurity ?? "restricted",
        layer,
        defaultDeny: ns.defaultDeny ?? true,
        allowDNS: ns.allowDNS ?? true,
        monitoring: ns.monitoring ?? false,
        labels: sortedRecord(ns.labels),
        secrets,
        externalSecrets: externalSecrets.map((x) => ({ ...x, data: x.data.map((d) => ({ ...d })) })),
        manifests: manifestsFor(ctx, manifestSources, p, inst.name, instances.length > 1, manifestProblems),
        loc: ctx.at(p),
      };
      if (inst.env) node.environment = inst.env;
      if (ns.purpose) node.purpose = ns.purpose;
      c.namespaces.push(node);
    }
  });
  for (const c of clusters) c.namespaces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface NamespaceMatch {
  cluster: G.ClusterNode;
  instances: G.NamespaceNode[];
}

export function namespacesByBase(clusters: G.ClusterNode[], base: string, cluster?: string): NamespaceMatch[] {
  const out: NamespaceMatch[] = [];
  for (const c of clusters) {
    if (cluster !== undefined && c.name !== cluster) continue;
    const inst = c.namespaces.filter((n) => n.base === base);
    if (inst.length) out.push({ cluster: c, instances: inst });
  }
  return out;
}
