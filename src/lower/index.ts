// Phase 3: the validated spec (schema defaults applied) becomes the graph. Every name is resolved here and
// every unresolved or ambiguous one is reported with a did-you-mean; checks and generators never see a
// dangling reference. Environment-expanded namespaces are instantiated here too.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { SpecFile } from "../parse/index.js";
import { type LowerOptions, createCtx } from "./context.js";
import { lowerPlatform } from "./platform.js";
import { lowerNetworks } from "./networks.js";
import { lowerEnvironments } from "./environments.js";
import { lowerClusters } from "./clusters.js";
import { lowerNamespaces } from "./namespaces.js";
import { lowerExternals } from "./externals.js";
import { lowerServices } from "./services.js";
import { impliedServices } from "./implied.js";
import { resolveFlowsAndRoutes } from "./flows.js";
import { resolveExternalFlows } from "./external-flows.js";
import { resolveIngressController } from "./ingress.js";
import { resolveClusterDNS } from "./cluster-dns.js";
import { lowerZones } from "./zones.js";
import { checkExternalSecretUses } from "./secrets.js";

export type { LowerOptions } from "./context.js";
export { normaliseDns } from "./context.js";
export { KUBERNETES_API } from "./flows.js";

// The order of the steps is also the order of their diagnostics: moving one moves its diagnostics.
export function lower(spec: SpecFile, opts: LowerOptions, diags: Diagnostics): G.Graph {
  const data = spec.data as S.PlatformcPlatformYaml;
  // Caches live on the context, so nothing outlives this call.
  const ctx = createCtx(spec, opts, diags);
  const platform = lowerPlatform(data, opts.specPath);
  // Networks first: node addresses are placed on them.
  const networks = lowerNetworks(ctx, data.networks ?? []);
  // Environments before namespaces, which are instantiated once per environment they list.
  const environments = lowerEnvironments(ctx, data.environments ?? []);
  // Clusters with their nodes and layers: namespaces and services are placed into them.
  const clusters = lowerClusters(ctx, data.clusters, networks);
  // Namespaces before services: a service is instantiated once per instance of its namespace.
  lowerNamespaces(ctx, data.namespaces ?? [], clusters, environments);
  // Externals before services' flows, which may name them.
  const externals = lowerExternals(ctx, data.externals ?? []);
  const declared = lowerServices(ctx, data, clusters, environments, platform.domain);
  // What the spec leaves out but implies (MetalLB for metallb pools), before flows may name it.
  const services = [...declared, ...impliedServices(ctx, data, clusters, declared)];
  // Flows and routes name other services, so they are resolved once every instance exists.
  resolveFlowsAndRoutes(ctx, data, clusters, services, externals);
  resolveExternalFlows(ctx, data, clusters, services, externals);
  for (const c of clusters) {
    c.services = services.filter((s) => s.cluster === c.name).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // The ingress controller and the cluster DNS are services of the cluster, found among those just attached.
    resolveIngressController(ctx, data, c);
    resolveClusterDNS(c);
  }
  checkExternalSecretUses(ctx, clusters);
  // Zones last: one may name a cluster.
  const zones = lowerZones(ctx, data.dns?.zones ?? [], clusters);
  return { platform, networks, clusters, externals, zones, environments };
}
