// Resolves the flows declared on external endpoints, into services of the platform. Needs every service
// instance; it runs after the services' own flows, which keeps its diagnostics after theirs.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import type { Ctx } from "./context.js";
import { KUBERNETES_API } from "./flows.js";
import { pickPort, resolveServiceRef, serviceTarget } from "./service-refs.js";

export function resolveExternalFlows(ctx: Ctx, data: S.PlatformcPlatformYaml, clusters: G.ClusterNode[], services: G.ServiceNode[], externals: G.ExternalNode[]): void {
  (data.externals ?? []).forEach((e, i) => {
    const ext = externals.find((x) => x.name === e.name && x.loc.path[1] === i);
    if (!ext) return;
    (e.flows ?? []).forEach((f, k) => {
      const fp: Path = ["externals", i, "flows", k];
      if (f.to === KUBERNETES_API) {
        ctx.diags.report("PC0309", locSpan(ctx.at([...fp, "to"])), { problem: "an external endpoint's flow to the Kubernetes API is outside the platform's policies" }, { help: "only a service's flow can name kubernetes-api" });
        return;
      }
      if (f.to.startsWith("external:")) {
        ctx.diags.report("PC0309", locSpan(ctx.at([...fp, "to"])), { problem: "a flow between two external endpoints is outside the platform" }, { help: "name a service as <namespace>/<service>" });
        return;
      }
      if (f.to.split("/").length < 2 && clusters.length > 0) {
        ctx.diags.report("PC0309", locSpan(ctx.at([...fp, "to"])), { problem: `\`${f.to}\` needs its namespace: an external endpoint has none of its own` }, { help: "write <namespace>/<service>" });
        return;
      }
      const cluster = f.to.split("/").length === 3 ? f.to.split("/")[0]! : clusters[0]!.name;
      if (f.to.split("/").length === 2 && clusters.length > 1) {
        ctx.diags.report("PC0303", locSpan(ctx.at([...fp, "to"])), { what: `flow target \`${f.to}\`` }, { help: "write <cluster>/<namespace>/<service>" });
        return;
      }
      const r = resolveServiceRef(ctx, f.to, undefined, cluster, services, clusters, [...fp, "to"]);
      if (!r.ok) return;
      const t = r.service;
      const port = pickPort(ctx, t.ports, f.port, `service \`${t.namespace}/${t.name}\``, fp);
      if (!port) return;
      ext.flows.push({
        target: serviceTarget(t, port),
        ...(f.label ? { label: f.label } : {}),
        loc: ctx.at(fp),
      });
    });
  });
}
