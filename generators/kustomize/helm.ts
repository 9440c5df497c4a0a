// Helm-chart services. Flux: a source (HelmRepository for https:// repositories, OCIRepository for oci://
// ones, which Flux recommends over HelmRepository type oci: it is verifiable and carries the version) and a
// HelmRelease v2 beside it in the service's namespace. ArgoCD: an Application with a Helm source, in the
// namespace Argo watches, which the namespace's own Application creates (app of apps).
import type * as G from "../../src/graph.js";
import type { K8sObject } from "./names.js";
import type { ClusterFacts } from "./facts.js";
import { CILIUM_POOL_LABEL } from "./workload.js";
import { chartValues } from "../../src/plan/chart-values.js";
import { GLOBAL_SERVICE_ANNOTATION, globalServices } from "../../src/plan/clustermesh.js";
import { ARGO_SYNC_POLICY, ARGOCD_NAMESPACE, IN_CLUSTER } from "../../src/plan/argocd.js";
import { backendOf, requiredReleases } from "../../src/plan/components.js";
import { keepsClientAddress } from "../../src/plan/exposure.js";
import { layerAncestors } from "../../src/plan/layer-order.js";


/** Argo CD's name for the Helm Application of a service: unique in its namespace across the cluster. */
function argoHelmAppName(s: G.ServiceNode): string {
  return `helm.${s.namespace}.${s.name}`;
}

// A chart version with range syntax selects by semver; anything else is the exact tag.
function isRange(v: string): boolean {
  return /[*^~<>|]|\s-\s|(^|\.)[xX](\.|$)/.test(v);
}

export function helmObjects(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, facts: ClusterFacts): K8sObject[] {
  if (s.kind !== "helm" || !s.chart) return [];
  const ch = s.chart;
  const labels = facts.labels(s);
  // The spec's values over what a component the catalog knows needs here (the Cilium release's bootstrap values).
  const own = chartValues(g, c, s);
  const values = own && typeof own === "object" && Object.keys(own).length ? own : undefined;
  const oci = ch.repo.startsWith("oci://");
  if (c.gitops?.tool === "argocd") {
    return [
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: argoHelmAppName(s), namespace: ARGOCD_NAMESPACE, labels, finalizers: ["resources-finalizer.argocd.argoproj.io"] },
        spec: {
          project: "default",
          source: {
            // Argo CD names OCI Helm repositories without the scheme.
            repoURL: oci ? ch.repo.slice("oci://".length).replace(/\/+$/, "") : ch.repo,
            chart: ch.name,
            targetRevision: ch.version,
            helm: { releaseName: s.name, ...(values ? { valuesObject: values } : {}) },
          },
          destination: { server: IN_CLUSTER, namespace: s.namespace },
          syncPolicy: ARGO_SYNC_POLICY,
        },
      },
      ...nodePorts(g, c, s, labels),
    ];
  }
  const interval = c.gitops?.interval ?? "10m";
  const source: K8sObject = oci
    ? {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "OCIRepository",
        metadata: { name: s.name, namespace: s.namespace, labels },
        spec: {
          interval: ch.interval,
          url: `${ch.repo.replace(/\/+$/, "")}/${ch.name}`,
          ref: isRange(ch.version) ? { semver: ch.version } : { tag: ch.version },
          layerSelector: { mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", operation: "copy" },
        },
      }
    : {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "HelmRepository",
        metadata: { name: s.name, namespace: s.namespace, labels },
        spec: { interval: ch.interval, url: ch.repo },
      };
  const release: K8sObject = {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name: s.name, namespace: s.namespace, labels },
    spec: {
      interval,
      releaseName: s.name,
      // helm-controller installs a dependent release only once these are Ready (a CephCluster before its CRDs would
      // fail, and after its retries the release stalls)
      ...dependsOn(c, s),
      ...(oci
        ? { chartRef: { kind: "OCIRepository", name: s.name } }
        : { chart: { spec: { chart: ch.name, version: ch.version, sourceRef: { kind: "HelmRepository", name: s.name }, interval: ch.interval } } }),
      // Charts that ship CRDs (cert-manager, MetalLB, ...) upgrade them too; Helm alone never would.
      install: { crds: "CreateReplace", remediation: { retries: 3 } },
      upgrade: { crds: "CreateReplace", remediation: { retries: 3 } },
      // Flux merges these in order, then values over them: the Secrets stay the user's and out of git.
      ...(ch.valuesFrom.length ? { valuesFrom: ch.valuesFrom.map((v) => ({ ...v })) } : {}),
      ...(values ? { values } : {}),
      ...postRenderers(lbPatches(c, s), globalPatches(g, c, s)),
    },
  };
  return [source, release, ...nodePorts(g, c, s, labels)];
}

/**
 * A NodePort the spec gives a Helm service (Argo CD on 32012, Grafana on 30300) is a Service of platformc's beside the
 * release, selecting the chart's pods behind that port: the chart's own Service stays as its values make it (ClusterIP
 * by default), so without this the allocated NodePort would reach nothing. The ingress controller's ports are the
 * chart's business (its values), and so are LoadBalancer ports (the post-render patch above).
 */
export function nodePorts(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, labels: Record<string, string>): K8sObject[] {
  if (c.ingress?.service === s.id) return [];
  const ports = s.ports.filter((p) => p.expose === "NodePort" && p.nodePort !== undefined);
  if (ports.length === 0) return [];
  // one Service per set of pods: a chart's ports may lead to different workloads
  const groups = new Map<string, Array<{ p: G.PortNode; b: ReturnType<typeof backendOf> }>>();
  for (const p of ports) {
    const b = backendOf(c, s, p);
    const key = b.workload ?? "";
    groups.set(key, [...(groups.get(key) ?? []), { p, b }]);
  }
  const many = groups.size > 1;
  return [...groups.entries()].map(([workload, list]) => {
    const name = `${s.name}${many && workload ? `-${workload}` : ""}-nodeport`.slice(0, 63).replace(/-+$/, "");
    const local = keepsClientAddress(g, c, s, list.map((x) => x.p));
    return {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: s.namespace, labels },
      spec: {
        type: "NodePort",
        ...(local ? { externalTrafficPolicy: "Local" } : {}),
        selector: { ...list[0]!.b.selector },
        ports: list.map(({ p, b }) => ({ name: p.name, port: p.port, targetPort: b.targetPort, protocol: p.protocol, nodePort: p.nodePort })),
      },
    };
  });
}

function dependsOn(c: G.ClusterNode, s: G.ServiceNode): Record<string, unknown> {
  const deps = requiredReleases(c, s, layerAncestors(c));
  return deps.length ? { dependsOn: deps.map((t) => ({ name: t.name, namespace: t.namespace })) } : {};
}

/**
 * The chart's Services are the chart's, so the allocated LoadBalancer address reaches them as a post-render
 * patch: every Service of the release gets the address annotation (MetalLB and Cilium ignore it on other
 * Service types) and the sharing key, since a chart may make several LoadBalancer Services.
 */
function lbPatches(c: G.ClusterNode, s: G.ServiceNode): Array<Record<string, unknown>> {
  const lb = c.loadBalancer;
  const port = s.ports.find((p) => p.expose === "LoadBalancer" && p.loadBalancerIP);
  if (!port || !lb || lb.type === "servicelb") return [];
  const ip = port.loadBalancerIP!.text;
  const metadata: Record<string, unknown> =
    lb.type === "metallb"
      ? { annotations: { "metallb.universe.tf/allow-shared-ip": ip, "metallb.universe.tf/loadBalancerIPs": ip } }
      : {
          annotations: { "lbipam.cilium.io/ips": ip, "lbipam.cilium.io/sharing-key": ip },
          ...(port.pool && lb.pools.some((x) => x.name === port.pool && !x.autoAssign) ? { labels: { [CILIUM_POOL_LABEL]: port.pool } } : {}),
        };
  const patch = JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "any", ...metadata } }) + "\n";
  return [{ target: { version: "v1", kind: "Service" }, patch }];
}

/** The chart's Services that a flow from another cluster of the mesh reaches get the global annotation (clustermesh.ts). */
function globalPatches(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode): Array<Record<string, unknown>> {
  return globalServices(g)
    .filter((x) => x.cluster === c && x.service === s)
    .map((x) => ({
      target: { version: "v1", kind: "Service", name: x.name },
      patch: JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: x.name, annotations: { [GLOBAL_SERVICE_ANNOTATION]: "true" } } }) + "\n",
    }));
}

function postRenderers(...lists: Array<Array<Record<string, unknown>>>): Record<string, unknown> {
  const patches = lists.flat();
  return patches.length ? { postRenderers: [{ kustomize: { patches } }] } : {};
}
