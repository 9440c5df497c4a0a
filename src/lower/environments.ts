// Lowers environments: with their host prefixes and per-service overrides. Override targets are checked in
// services.ts, once the services they name exist.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { type Ctx, uniqueNames } from "./context.js";
import { lowerEnv } from "./secrets.js";

export function lowerEnvironments(ctx: Ctx, list: S.Environment[]): G.EnvironmentNode[] {
  uniqueNames(ctx, list.map((e, i) => ({ name: e.name, path: ["environments", i, "name"] })), "environment");
  return list.map((e, i) => {
    const node: G.EnvironmentNode = {
      name: e.name,
      // The first environment is the primary one and keeps the hostnames as written.
      hostPrefix: e.hostPrefix ?? (i === 0 ? "" : `${e.name}-`),
      overrides: (e.overrides ?? []).map((o, j) => {
        const ov: G.EnvironmentNode["overrides"][number] = { service: o.service, env: lowerEnv(ctx, o.env, ["environments", i, "overrides", j, "env"], o.service) };
        if (o.replicas !== undefined) ov.replicas = o.replicas;
        if (o.imageTag !== undefined) ov.imageTag = o.imageTag;
        return ov;
      }),
    };
    if (e.description) node.description = e.description;
    return node;
  });
}
