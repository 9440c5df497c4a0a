// Complete machine configs with a secrets bundle: the same base talosctl gen config writes, with the same
// patches merged in the same order talosctl applies them (cluster patch, control-plane patch, node patch).
// The output holds secrets, so it is never part of out/: `platformc build --secrets` writes it elsewhere.
import type * as G from "../../src/graph.js";
import type { GeneratedFile } from "../contract.js";
import type { TalosBundle } from "../../src/lib/talos-secrets/bundle.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";
import { baseConfig } from "./base.js";
import { strategicMerge } from "./merge.js";
import { clusterPatch, controlPlanePatch, nodePatch, type Doc } from "./patches.js";

export function machineConfigDocs(g: G.Graph, c: G.ClusterNode, n: G.NodeNode, bundle: TalosBundle): Doc[] {
  let docs = baseConfig(c, n.role, bundle);
  docs = strategicMerge(docs, clusterPatch(g, c));
  if (n.role === "controlplane") docs = strategicMerge(docs, controlPlanePatch(g, c));
  return strategicMerge(docs, nodePatch(g, c, n));
}

/** One file per node of a Talos cluster, at <platform>/<cluster>/<node>.yaml. */
export function renderMachineConfigs(g: G.Graph, c: G.ClusterNode, bundle: TalosBundle, header: string): GeneratedFile[] {
  const full = `${header}\nComplete Talos machine config of node %s: it holds the cluster's secrets. Keep it out of version control.`;
  return c.nodes.map((n) => ({
    path: `${g.platform.name}/${c.name}/${n.name}.yaml`,
    content: toYamlStream(machineConfigDocs(g, c, n, bundle), full.replace("%s", n.name)),
  }));
}
