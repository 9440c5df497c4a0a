// Resolves a service instance's ingress routes: the port, the fully qualified host with its environment's
// prefix, and the auth service. Called per instance from flows.ts, after every service instance exists.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { type Ctx, normaliseDns } from "./context.js";
import { pickPort, resolveServiceRef } from "./service-refs.js";

export function resolveRoutes(ctx: Ctx, data: S.PlatformcPlatformYaml, s: G.ServiceNode, spec: S.Service, i: number, clusters: G.ClusterNode[], services: G.ServiceNode[]): void {
  const cluster = clusters.find((c) => c.name === s.cluster)!;
  const env = (data.environments ?? []).findIndex((e) => e.name === s.environment);
  (spec.ingress ?? []).forEach((route, k) => {
    const rp: Path = ["services", i, "ingress", k];
    // The ingress controller is resolved only later (ingress.ts), so the spec says whether there is one.
    if (!cluster.ingress && !data.clusters.find((c) => c.name === cluster.name)?.ingress) {
      if (k === 0) ctx.diags.report("PC0308", locSpan(ctx.at(["services", i, "ingress"]), [], "key"), { service: s.name, cluster: cluster.name }, { help: `add ingress: { type, service } to cluster \`${cluster.name}\`, or drop the service's ingress:` });
      return;
    }
    const port = pickPort(ctx, s.ports, route.port, `service \`${s.namespace}/${s.name}\``, rp, "http");
    if (!port) return;
    let host = normaliseDns(route.host);
    if (!host.includes(".")) {
      const domain = data.platform.domain;
      if (!domain) {
        ctx.diags.report("PC0309", locSpan(ctx.at([...rp, "host"])), { problem: `host \`${route.host}\` is not fully qualified and the platform has no domain` }, { help: "write the full hostname, or set platform.domain" });
        return;
      }
      host = `${host}.${normaliseDns(domain)}`;
    }
    const envNode = env >= 0 ? data.environments![env] : undefined;
    if (envNode) {
      const prefix = envNode.hostPrefix ?? (env === 0 ? "" : `${envNode.name}-`);
      host = prefix + host;
    }
    const node: G.IngressRouteNode = { host, path: route.path ?? "/", port: port.port, portName: port.name, targetPort: port.targetPort, tls: route.tls ?? true, loc: ctx.at(rp) };
    if (route.auth) {
      const a = resolveServiceRef(ctx, route.auth, s, s.cluster, services, clusters, [...rp, "auth"]);
      if (!a.ok) return;
      node.auth = a.service.id;
    }
    s.ingress.push(node);
  });
}
