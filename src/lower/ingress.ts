// Resolves a cluster's ingress controller to one of its services. Runs per cluster once its services are
// attached, i.e. after flows and routes (routes only need to know that the spec declares a controller).
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import type { Ctx } from "./context.js";
import { resolveServiceRef } from "./service-refs.js";

export function resolveIngressController(ctx: Ctx, data: S.PlatformcPlatformYaml, c: G.ClusterNode): void {
  const idx = data.clusters.findIndex((x) => x.name === c.name);
  const spec = data.clusters[idx]?.ingress;
  if (!spec) return;
  const path: Path = ["clusters", idx, "ingress", "service"];
  const parts = spec.service.split("/");
  if (ctx.brokenNamespaces.has(parts[0] ?? "")) return;
  if (parts.length !== 2) {
    ctx.diags.report("PC0309", locSpan(ctx.at(path)), { problem: `\`${spec.service}\` is not a <namespace>/<service> reference` });
    return;
  }
  const r = resolveServiceRef(ctx, spec.service, undefined, c.name, c.services, [c], path);
  if (!r.ok) return;
  const defaults = { traefik: "traefik", nginx: "nginx", "gateway-api": "gateway" } as const;
  c.ingress = { type: spec.type, service: r.service.id, className: spec.className ?? defaults[spec.type], ...(spec.certIssuer ? { certIssuer: spec.certIssuer } : {}) };
  if (spec.acme && spec.certIssuer) {
    const a = spec.acme;
    c.ingress.acme = { email: a.email, server: a.server ?? "https://acme-v02.api.letsencrypt.org/directory", solver: a.solver ?? "http01", secretName: a.secretName ?? "cloudflare-api-token" };
  }
}
