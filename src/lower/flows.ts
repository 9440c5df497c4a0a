// Resolves each service instance's flows (to services, external endpoints or the Kubernetes API) and its
// ingress routes (routes.ts). Runs after all services and externals are lowered, since flows name them.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { didYouMean } from "../lib/suggest.js";
import type { Ctx } from "./context.js";
import { pickPort, resolveServiceRef, serviceTarget } from "./service-refs.js";
import { resolveRoutes } from "./routes.js";

/** The built-in flow target naming the cluster's API server. */
export const KUBERNETES_API = "kubernetes-api";
/** The port of the `kubernetes` Service in the default namespace, which kube-proxy/Cilium DNAT to apiEndpoint.port. */
const KUBERNETES_SERVICE_PORT = 443;

export function resolveFlowsAndRoutes(ctx: Ctx, data: S.PlatformcPlatformYaml, clusters: G.ClusterNode[], services: G.ServiceNode[], externals: G.ExternalNode[]): void {
  const byIndex = new Map<number, G.ServiceNode[]>();
  const specIndex = new Map<G.ServiceNode, number>();
  // Services the spec implies (MetalLB for a metallb load balancer, src/lower/implied.ts) have no flows or routes.
  const declared = services.filter((s) => s.loc.path[0] === "services");
  for (const s of declared) {
    const idx = s.loc.path[1] as number;
    specIndex.set(s, idx);
    const list = byIndex.get(idx) ?? [];
    list.push(s);
    byIndex.set(idx, list);
  }
  const specServices = data.services ?? [];
  for (const s of declared) {
    const i = specIndex.get(s)!;
    const spec = specServices[i]!;
    // Report each spec-level problem once, not once per environment instance.
    const quiet = byIndex.get(i)![0] !== s;
    const sub: Ctx = quiet ? { ...ctx, diags: { report: () => {}, add: () => {}, items: [], hasErrors: false } as unknown as Diagnostics } : ctx;
    (spec.flows ?? []).forEach((f, k) => {
      const fp: Path = ["services", i, "flows", k];
      const target =
        f.to === KUBERNETES_API
          ? apiServerTarget(sub, clusters.find((c) => c.name === s.cluster)!, f, fp)
          : f.to.startsWith("external:")
            ? externalTarget(sub, f, fp, externals, (ref) => services.some((t) => t.cluster === s.cluster && t.namespace === s.namespace && t.name === ref))
            : serviceFlowTarget(sub, f, fp, s, services, clusters, externals);
      if (target) s.flows.push({ target, ...(f.label ? { label: f.label } : {}), loc: ctx.at(fp) });
    });
    resolveRoutes(sub, data, s, spec, i, clusters, services);
  }
}

function apiServerTarget(ctx: Ctx, c: G.ClusterNode, f: S.Flow, fp: Path): G.FlowTarget | undefined {
  const port = c.apiEndpoint.port;
  if (f.port !== undefined && f.port !== port && f.port !== KUBERNETES_SERVICE_PORT) {
    ctx.diags.report("PC1208", locSpan(ctx.at([...fp, "port"])), { port: String(f.port), cluster: c.name, apiPort: String(port) }, {
      help: `leave port out (it is ${port}), or write ${port} or 443`,
    });
    return undefined;
  }
  if (f.protocol !== undefined && f.protocol !== "TCP") {
    ctx.diags.report("PC1208", locSpan(ctx.at([...fp, "protocol"])), { port: `${f.port ?? port}/${f.protocol}`, cluster: c.name, apiPort: `${port}/TCP` }, { help: "leave protocol out: the API server speaks TCP" });
    return undefined;
  }
  const seen = new Map<string, G.Address>();
  for (const n of c.nodes) {
    if (n.role !== "controlplane") continue;
    for (const a of [n.address, ...n.addresses.map((x) => x.address)]) seen.set(a.text, a);
  }
  if (c.apiEndpoint.vip) seen.set(c.apiEndpoint.vip.text, c.apiEndpoint.vip);
  const addresses = [...seen.values()].sort((a, b) => a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { kind: "apiserver", cluster: c.name, port, protocol: "TCP", addresses };
}

function externalTarget(ctx: Ctx, f: S.Flow, fp: Path, externals: G.ExternalNode[], serviceNamed: (ref: string) => boolean): G.FlowTarget | undefined {
  const name = f.to.slice("external:".length);
  const ext = externals.find((e) => e.name === name);
  if (!ext) {
    const help = didYouMean(name, externals.map((e) => e.name)) ?? (serviceNamed(name) ? `\`${name}\` is a service: write \`to: ${name}\`` : undefined);
    ctx.diags.report("PC0301", locSpan(ctx.at([...fp, "to"])), { kind: "external endpoint", name }, { help: help ?? "declare it under externals:" });
    return undefined;
  }
  let port: number | undefined;
  let protocol = f.protocol ?? "TCP";
  if (ext.ports.length) {
    const want = f.port;
    const found = want === undefined ? (ext.ports.length === 1 ? ext.ports[0] : undefined) : ext.ports.find((x) => (typeof want === "number" ? x.port === want : x.name === want));
    if (!found) {
      ctx.diags.report("PC0304", locSpan(ctx.at(want === undefined ? [...fp, "to"] : [...fp, "port"])), { target: `external \`${name}\``, problem: want === undefined ? "has several ports and none is named" : `has no port \`${want}\`` }, { help: `its ports: ${ext.ports.map((x) => x.port).join(", ")}` });
      return undefined;
    }
    port = found.port;
    protocol = f.protocol ?? found.protocol;
  } else if (typeof f.port === "number") port = f.port;
  else {
    ctx.diags.report("PC0304", locSpan(ctx.at([...fp, f.port === undefined ? "to" : "port"])), { target: `external \`${name}\``, problem: f.port === undefined ? "lists no ports and the flow names none" : `lists no ports, so port \`${f.port}\` must be a number` }, { help: "give the port number, or list the endpoint's ports under externals:" });
    return undefined;
  }
  // Without an address the flow still stands (docs, inventory): only an egress policy needs the address, and
  // whether the source's namespace gets policies is known once the graph is complete (checkExternalTargets, PC0309).
  if (!ext.address) return { kind: "external", name, port, protocol, ranges: [] };
  return { kind: "external", name, port, protocol, ranges: [ext.address.range], addressText: ext.address.text };
}

function serviceFlowTarget(ctx: Ctx, f: S.Flow, fp: Path, s: G.ServiceNode, services: G.ServiceNode[], clusters: G.ClusterNode[], externals: G.ExternalNode[]): G.FlowTarget | undefined {
  // A bare name is a service first; when none has it but an external endpoint does, the prefix was forgotten.
  const ext = f.to.includes("/") ? undefined : externals.find((e) => e.name === f.to);
  const hint = ext ? `\`${ext.name}\` is an external endpoint: write \`to: external:${ext.name}\`` : undefined;
  const r = resolveServiceRef(ctx, f.to, s, s.cluster, services, clusters, [...fp, "to"], hint);
  if (!r.ok) return undefined;
  const t = r.service;
  const port = pickPort(ctx, t.ports, f.port, `service \`${t.namespace}/${t.name}\``, fp);
  if (!port) return undefined;
  if (f.protocol && f.protocol !== port.protocol) {
    ctx.diags.report("PC0304", locSpan(ctx.at([...fp, "protocol"])), { target: `service \`${t.namespace}/${t.name}\``, problem: `has no port ${port.port}/${f.protocol}` }, { help: `port ${port.port} is ${port.protocol}` });
    return undefined;
  }
  return serviceTarget(t, port);
}
