// Resolving references to services and their ports, shared by service flows, ingress routes and auth,
// external endpoints' flows and the ingress controller. Only valid once every service instance exists.
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { closest, didYouMean } from "../lib/suggest.js";
import type { Ctx, ServiceIndex } from "./context.js";

export type Resolved = { ok: true; service: G.ServiceNode } | { ok: false };

// Flows are resolved one by one; an index per service list keeps that linear in the number of flows.
function serviceIndex(ctx: Ctx, all: readonly G.ServiceNode[]): ServiceIndex {
  let index = ctx.serviceIndexes.get(all);
  if (!index) {
    index = { byId: new Map(), byBase: new Map() };
    for (const s of all) {
      index.byId.set(s.id, s);
      const key = `${s.cluster}/${s.baseNamespace}/${s.name}`;
      const list = index.byBase.get(key);
      if (list) list.push(s);
      else index.byBase.set(key, [s]);
    }
    ctx.serviceIndexes.set(all, index);
  }
  return index;
}

/** `hint`, when given, is the help for a reference that resolves to no service (the caller knows a likelier fix). */
export function resolveServiceRef(ctx: Ctx, ref: string, from: G.ServiceNode | undefined, fromCluster: string, all: G.ServiceNode[], clusters: G.ClusterNode[], path: Path, hint?: string): Resolved {
  const parts = ref.split("/");
  let cluster = fromCluster;
  let ns: string | undefined = from?.namespace;
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) [ns, name] = parts as [string, string];
  else if (parts.length === 3) [cluster, ns, name] = parts as [string, string, string];
  else {
    ctx.diags.report("PC0309", locSpan(ctx.at(path)), { problem: `\`${ref}\` is not a service reference: write <service>, <namespace>/<service> or <cluster>/<namespace>/<service>` });
    return { ok: false };
  }
  const index = serviceIndex(ctx, all);
  const direct = index.byId.get(`${cluster}/${ns}/${name}`);
  if (direct) return { ok: true, service: direct };
  // A base namespace name: inside the same environment it means that environment's instance.
  const viaBase = index.byBase.get(`${cluster}/${ns}/${name}`) ?? [];
  if (viaBase.length === 1) return { ok: true, service: viaBase[0]! };
  if (viaBase.length > 1) {
    const same = viaBase.find((s) => from && s.environment === from.environment);
    if (same) return { ok: true, service: same };
    ctx.diags.report("PC0307", locSpan(ctx.at(path)), { ref, kind: "a service", reason: `namespace \`${ns}\` exists once per environment` }, { help: `name the instance: ${viaBase.map((s) => `${s.namespace}/${s.name}`).join(" or ")}` });
    return { ok: false };
  }
  if (!clusters.some((c) => c.name === cluster)) {
    const names = clusters.map((c) => c.name);
    const help = didYouMean(cluster, names) ?? `clusters: ${names.join(", ")}`;
    ctx.diags.report("PC0301", locSpan(ctx.at(path)), { kind: "cluster", name: cluster }, { help });
    return { ok: false };
  }
  const help = hint ?? suggestService(parts.length === 1 ? name : `${ns}/${name}`, parts.length === 1 ? ns : undefined, from?.environment, all.filter((s) => s.cluster === cluster));
  ctx.diags.report("PC0301", locSpan(ctx.at(path)), { kind: "service", name: ref }, { help: help ?? (parts.length === 1 ? `no service \`${name}\` in namespace \`${ns}\`; write <namespace>/<service> for another namespace` : "declare it under services:") });
  return { ok: false };
}

/**
 * A did-you-mean for a service reference. A bare name is looked for in its own namespace first, then in the
 * cluster's other namespaces (then the fix is to name the namespace). A namespaced one is also compared with base
 * namespace names, as the spec writes them, and suggested in the form that resolves from `env`.
 */
function suggestService(ref: string, ownNamespace: string | undefined, env: string | undefined, inCluster: G.ServiceNode[]): string | undefined {
  const quote = (xs: string[]) => `\`${[...new Set(xs)].sort().join("` or `")}\``;
  if (ownNamespace !== undefined) {
    const here = didYouMean(ref, inCluster.filter((s) => s.namespace === ownNamespace).map((s) => s.name));
    if (here) return here;
    const others = inCluster.filter((s) => s.namespace !== ownNamespace);
    const near = closest(ref, others.map((s) => s.name));
    if (near === undefined) return undefined;
    const forms = others.filter((s) => s.name === near).map((s) => `${s.namespace}/${s.name}`);
    return near === ref ? `service \`${ref}\` is in another namespace: write ${quote(forms)}` : `did you mean ${quote(forms)}?`;
  }
  const shown = new Map<string, string[]>();
  const add = (key: string, form: string) => shown.set(key, [...(shown.get(key) ?? []), form]);
  for (const s of inCluster) {
    add(`${s.namespace}/${s.name}`, `${s.namespace}/${s.name}`);
    // Inside its own environment the base name resolves; from elsewhere only the instance does.
    if (s.baseNamespace !== s.namespace) add(`${s.baseNamespace}/${s.name}`, s.environment === env ? `${s.baseNamespace}/${s.name}` : `${s.namespace}/${s.name}`);
  }
  const near = closest(ref, shown.keys());
  if (near === undefined) return undefined;
  const forms = shown.get(near)!;
  return forms.includes(near) ? `did you mean \`${near}\`?` : `did you mean ${quote(forms)}?`;
}

export function pickPort(ctx: Ctx, ports: G.PortNode[], want: number | string | undefined, targetText: string, path: Path, preferName?: string): G.PortNode | undefined {
  if (want === undefined) {
    if (ports.length === 1) return ports[0];
    const preferred = preferName ? ports.find((x) => x.name === preferName) : undefined;
    if (preferred) return preferred;
    ctx.diags.report("PC0304", locSpan(ctx.at(path)), { target: targetText, problem: ports.length ? "has several ports and none is named" : "has no ports" }, {
      help: ports.length ? `add port: one of ${ports.map((x) => `${x.port} (${x.name})`).join(", ")}` : "declare the port under the target's ports:",
    });
    return undefined;
  }
  const found = typeof want === "number" ? ports.find((x) => x.port === want) : ports.find((x) => x.name === want);
  if (!found) {
    const help = typeof want === "string" ? didYouMean(want, ports.map((x) => x.name)) : undefined;
    ctx.diags.report("PC0304", locSpan(ctx.at([...path, "port"])), { target: targetText, problem: `has no port \`${want}\`` }, {
      help: help ?? (ports.length ? `its ports: ${ports.map((x) => `${x.port} (${x.name})`).join(", ")}` : "the target declares no ports"),
    });
  }
  return found;
}

export function serviceTarget(t: G.ServiceNode, port: G.PortNode): G.FlowTarget {
  return { kind: "service", id: t.id, cluster: t.cluster, namespace: t.namespace, name: t.name, port: port.port, portName: port.name, targetPort: port.targetPort, protocol: port.protocol };
}
