// Talos: per cluster the patch every node gets and the one control-plane nodes get, per node its own patch,
// and a README with the talosctl commands that combine them with a secrets bundle. Nothing here is secret;
// complete configs need the bundle and are written outside out/ (render.ts, `platformc build --secrets`).
import type { Generator, GeneratedFile } from "../contract.js";
import { layout, nodeFile } from "../../src/plan/layout.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";
import { clusterDnsBootValues } from "../../src/plan/boot-steps.js";
import { clusterPatch, controlPlanePatch, nodePatch } from "./patches.js";
import { talosReadme } from "./readme.js";
import { renderMachineConfigs } from "./render.js";

export const talos: Generator = {
  name: "talos",
  description: "nodes/<cluster>/: Talos machine-config patches per cluster, control plane and node, and the talosctl commands",
  generate(g, ctx) {
    const files: GeneratedFile[] = [];
    const header = ctx.header;
    for (const c of g.clusters) {
      if (c.distribution !== "talos" || !c.talos) continue;
      const dir = layout.nodes(c);
      files.push({ path: `${dir}/${nodeFile.talosClusterPatch}`, content: toYamlStream(clusterPatch(g, c), `${header}\nTalos patch for every node of cluster ${c.name}.`) });
      files.push({ path: `${dir}/${nodeFile.talosControlPlanePatch}`, content: toYamlStream(controlPlanePatch(g, c), `${header}\nTalos patch for the control-plane nodes of cluster ${c.name}.`) });
      for (const n of c.nodes) {
        files.push({ path: `${layout.node(c, n)}/${nodeFile.talosNodePatch}`, content: toYamlStream(nodePatch(g, c, n), `${header}\nTalos patch for node ${n.name} (${n.role}).`) });
      }
      files.push({ path: `${dir}/${nodeFile.readme}`, content: talosReadme(g, c, header) });
      const dns = clusterDnsBootValues(g, c);
      if (dns !== undefined) files.push({ path: `${layout.nodes(c)}/${nodeFile.corednsValues}`, content: toYamlStream([dns], `${header}\nHelm values of the CoreDNS release of cluster ${c.name}: the bootstrap helm install (README.md) and the release's GitOps object carry them`) });
    }
    return files;
  },
  withSecrets(g, ctx, cluster, bundle) {
    const c = g.clusters.find((x) => x.name === cluster && x.talos);
    return c ? renderMachineConfigs(g, c, bundle, ctx.header) : [];
  },
};
