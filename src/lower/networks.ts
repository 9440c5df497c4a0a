// Lowers networks: and finds the network a node address is on. Nodes need the lowered networks, so this
// runs before clusters.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { didYouMeanOrList } from "../lib/suggest.js";
import { type Ctx, address, cidr, single, uniqueNames } from "./context.js";

export function lowerNetworks(ctx: Ctx, list: S.Network[]): G.NetworkNode[] {
  uniqueNames(ctx, list.map((n, i) => ({ name: n.name, path: ["networks", i, "name"] })), "network");
  const out: G.NetworkNode[] = [];
  list.forEach((n, i) => {
    const p: Path = ["networks", i];
    const c = cidr(ctx, n.cidr, [...p, "cidr"], "CIDR");
    if (!c) return;
    const node: G.NetworkNode = {
      name: n.name,
      cidr: c,
      kind: n.kind ?? "lan",
      nameservers: [],
      reverseDNS: n.reverseDNS ?? false,
      loc: ctx.at(p),
    };
    if (n.vlan !== undefined) node.vlan = n.vlan;
    if (n.description) node.description = n.description;
    if (n.gateway) {
      const g = address(ctx, n.gateway, [...p, "gateway"], "address");
      if (g) {
        if (!single(c.range, g)) ctx.diags.report("PC0402", locSpan(ctx.at([...p, "gateway"])), { what: "gateway", address: g.text, network: `network \`${n.name}\``, cidr: c.text });
        node.gateway = g;
      }
    }
    (n.nameservers ?? []).forEach((ns, j) => {
      const a = address(ctx, ns, [...p, "nameservers", j], "address");
      if (a) node.nameservers.push(a);
    });
    out.push(node);
  });
  return out;
}

/** The network a given address is on: the declared one (checked), else the narrowest containing one. */
export function networkFor(ctx: Ctx, networks: G.NetworkNode[], a: G.Address, declared: string | undefined, path: Path, what: string): string | undefined {
  if (declared) {
    const n = networks.find((x) => x.name === declared);
    if (!n) {
      const help = didYouMeanOrList(declared, networks.map((x) => x.name), "networks", "declare it under networks:, or drop network: to place the address by its CIDR");
      ctx.diags.report("PC0301", locSpan(ctx.at([...path.slice(0, -1), "network"])), { kind: "network", name: declared }, { help });
      return undefined;
    }
    if (!single(n.cidr.range, a)) {
      ctx.diags.report("PC0402", locSpan(ctx.at(path)), { what, address: a.text, network: `network \`${n.name}\``, cidr: n.cidr.text });
    }
    return n.name;
  }
  let best: G.NetworkNode | undefined;
  for (const n of networks) if (single(n.cidr.range, a) && (!best || n.cidr.prefix > best.cidr.prefix)) best = n;
  if (!best && networks.length > 0) {
    ctx.diags.report("PC0403", locSpan(ctx.at(path)), { what, address: a.text }, { help: "add the network it is on under networks:, or fix the address" });
  }
  return best?.name;
}
