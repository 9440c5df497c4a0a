// Lowers the platform: header. It depends on nothing else lowered, so lower() builds it first.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { normaliseDns } from "./context.js";

export function lowerPlatform(data: S.PlatformcPlatformYaml, specPath: string): G.Graph["platform"] {
  return {
    name: data.platform.name,
    specPath,
    ...(data.platform.domain ? { domain: normaliseDns(data.platform.domain) } : {}),
    ...(data.platform.description ? { description: data.platform.description } : {}),
  };
}
