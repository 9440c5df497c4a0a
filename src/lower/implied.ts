// Services the spec implies without declaring them: a cluster whose loadBalancer is metallb needs MetalLB's
// release (its CRDs, controller and speaker) before its pools mean anything, and a spec that names the pools
// but no release of the chart leaves only the release out. It becomes an ordinary Helm service of the graph,
// in MetalLB's own namespace, so the namespace, policies, GitOps objects and docs follow as for any other.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { serviceId } from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Loc, Path } from "../source.js";
import { componentOfChart, primarySelector } from "../catalog/index.js";
import { METALLB_CHART, METALLB_DEFAULT_VERSION, METALLB_NAMESPACE } from "../catalog/metallb.js";
import { sortedRecord } from "../lib/quantity.js";
import type { Ctx } from "./context.js";

const isMetallb = (s: G.ServiceNode) => s.kind === "helm" && !!s.chart && componentOfChart(s.chart)?.name === "metallb";

export function impliedServices(ctx: Ctx, data: S.PlatformcPlatformYaml, clusters: G.ClusterNode[], services: readonly G.ServiceNode[]): G.ServiceNode[] {
  const out: G.ServiceNode[] = [];
  data.clusters.forEach((spec, i) => {
    const c = clusters.find((x) => x.name === spec.name);
    const lb = spec.loadBalancer;
    if (!c || !lb) return;
    const p: Path = ["clusters", i, "loadBalancer"];
    const own = services.find((s) => s.cluster === c.name && isMetallb(s));
    if (lb.version !== undefined && lb.type !== "metallb") {
      ctx.diags.report("PC0707", locSpan(ctx.at([...p, "version"])), { problem: `loadBalancer.version is the MetalLB chart's; cluster \`${c.name}\` uses ${lb.type}` });
    } else if (lb.version !== undefined && own) {
      ctx.diags.report("PC0707", locSpan(ctx.at([...p, "version"])), { problem: `loadBalancer.version is unused: service \`${own.id}\` installs MetalLB at chart version ${own.chart!.version}` }, {
        related: [{ span: locSpan(own.loc, ["chart", "version"]), message: "the release that installs MetalLB" }],
      });
    }
    if (lb.type !== "metallb" || own) return;
    const ns = c.namespaces.find((n) => n.name === METALLB_NAMESPACE) ?? metallbNamespace(c, ctx.at(p));
    // A service of that name that is no MetalLB release keeps its place; the installers check reports the gap.
    if (services.some((s) => s.id === serviceId(c.name, ns.name, "metallb"))) return;
    out.push(metallbService(c, ns, lb.version ?? METALLB_DEFAULT_VERSION, ctx.at(p)));
  });
  return out;
}

/**
 * The layer MetalLB goes to: the first the spec marks installsCRDs (MetalLB brings its CRDs), else the first in
 * order. The infrastructure root with the pools joins the same layer and waits for this root there.
 */
function metallbLayer(c: G.ClusterNode): string {
  const crds = new Set((c.gitops?.layers ?? []).filter((l) => l.installsCRDs).map((l) => l.name));
  return c.layerOrder.find((l) => crds.has(l)) ?? c.layerOrder[0]!;
}

function metallbNamespace(c: G.ClusterNode, loc: Loc): G.NamespaceNode {
  const ns: G.NamespaceNode = {
    name: METALLB_NAMESPACE,
    cluster: c.name,
    base: METALLB_NAMESPACE,
    purpose: "MetalLB, installed by platformc for loadBalancer.type metallb",
    // The speaker runs on the host network with NET_RAW: MetalLB's install guide labels the namespace privileged.
    podSecurity: "privileged",
    layer: metallbLayer(c),
    // Where nothing enforces policies (Flannel on Talos, PC1207) they would only be noise the user cannot turn off.
    defaultDeny: !(c.distribution === "talos" && c.cni.name === "flannel"),
    allowDNS: true,
    monitoring: false,
    labels: {},
    secrets: [],
    externalSecrets: [],
    manifests: [],
    loc,
  };
  c.namespaces.push(ns);
  c.namespaces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ns;
}

function metallbService(c: G.ClusterNode, ns: G.NamespaceNode, version: string, loc: Loc): G.ServiceNode {
  const chart = { repo: METALLB_CHART.repo, name: METALLB_CHART.name, version, interval: "1h", values: {}, valuesFrom: [] };
  return {
    id: serviceId(c.name, ns.name, "metallb"),
    name: "metallb",
    namespace: ns.name,
    cluster: c.name,
    baseNamespace: ns.base,
    description: "MetalLB (controller and speaker), installed by platformc: the cluster's loadBalancer is metallb and no service installs the chart",
    kind: "helm",
    chart,
    replicas: 1,
    ports: [],
    env: {},
    resources: { requests: {}, limits: {} },
    storage: [],
    placement: { nodeSelector: {}, tolerations: [] },
    // The speaker DaemonSet tolerates the control-plane taint (speaker.tolerateMaster); it runs wherever it may.
    eligibleNodes: c.nodes.map((n) => n.name).sort(),
    security: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: [], hostNetwork: false },
    flows: [],
    ingress: [],
    layer: ns.layer,
    labels: { "app.kubernetes.io/name": "metallb" },
    selector: sortedRecord(primarySelector(chart, "metallb")),
    selectorDefault: false,
    loc,
  };
}
