// discovery/<cluster>.yaml: the service-discovery table (src/plan/discovery.ts) as data for tools; the docs
// generator renders the same table from the same function.
import type { Generator } from "../contract.js";
import { serviceDiscovery } from "../../src/plan/discovery.js";
import { layout } from "../../src/plan/layout.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";

export const discovery: Generator = {
  name: "discovery",
  description: "discovery/<cluster>.yaml: every service's in-cluster DNS name, ports, exposure, external addresses and URLs",
  generate(g, ctx) {
    const rows = serviceDiscovery(g);
    return g.clusters.map((c) => ({
      path: layout.discovery(c),
      content: toYamlStream(
        [{ cluster: c.name, clusterDomain: c.clusterDomain, services: rows.filter((r) => r.cluster === c.name).map(({ cluster: _, ...row }) => row) }],
        ctx.header,
      ),
    }));
  },
};
