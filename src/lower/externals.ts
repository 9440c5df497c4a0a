// Lowers externals: (endpoints outside the platform) without their flows, which name services and are
// resolved in external-flows.ts. Runs before services so that service flows can name them.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { parseAddressRange } from "../lib/net/ip.js";
import { type Ctx, normaliseDns, uniqueNames } from "./context.js";

export function lowerExternals(ctx: Ctx, list: S.External[]): G.ExternalNode[] {
  uniqueNames(ctx, list.map((e, i) => ({ name: e.name, path: ["externals", i, "name"] })), "external endpoint");
  const out: G.ExternalNode[] = [];
  list.forEach((e, i) => {
    const p: Path = ["externals", i];
    const node: G.ExternalNode = {
      name: e.name,
      ports: (e.ports ?? []).map((x) => ({ port: x.port, protocol: x.protocol ?? "TCP", ...(x.name ? { name: x.name } : {}) })),
      flows: [],
      loc: ctx.at(p),
    };
    if (e.description) node.description = e.description;
    if (e.hostname) node.hostname = normaliseDns(e.hostname);
    if (e.address) {
      const r = parseAddressRange(e.address);
      if (!r.ok) ctx.diags.report("PC0306", locSpan(ctx.at([...p, "address"])), { value: e.address, what: "address or CIDR", reason: r.reason }, r.suggestion ? { help: `did you mean ${r.suggestion}?` } : {});
      else node.address = { text: e.address, range: r.range };
    }
    out.push(node);
  });
  return out;
}
