// K3s: per node its /etc/rancher/k3s/config.yaml, per cluster a README with the install order and commands.
import type { Generator, GeneratedFile } from "../contract.js";
import { layout, nodeFile } from "../../src/plan/layout.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";
import { clusterDnsBootValues } from "../../src/plan/boot-steps.js";
import { k3sConfig } from "./config.js";
import { k3sReadme } from "./readme.js";

export const k3s: Generator = {
  name: "k3s",
  description: "nodes/<cluster>/<node>/config.yaml: K3s server and agent configs, and the install order",
  generate(g, ctx) {
    const files: GeneratedFile[] = [];
    for (const c of g.clusters) {
      if (c.distribution !== "k3s") continue;
      for (const n of c.nodes) {
        const header = `${ctx.header}\n/etc/rancher/k3s/config.yaml of node ${n.name} (k3s ${n.role === "controlplane" ? "server" : "agent"}).`;
        files.push({ path: `${layout.node(c, n)}/${nodeFile.k3sConfig}`, content: toYamlStream([k3sConfig(g, c, n)], header) });
      }
      files.push({ path: `${layout.nodes(c)}/${nodeFile.readme}`, content: k3sReadme(g, c, ctx.header) });
      const dns = clusterDnsBootValues(g, c);
      if (dns !== undefined) files.push({ path: `${layout.nodes(c)}/${nodeFile.corednsValues}`, content: toYamlStream([dns], `${ctx.header}\nHelm values of the CoreDNS release of cluster ${c.name}: the bootstrap helm install (README.md) and the release's GitOps object carry them`) });
    }
    return files;
  },
};
