// The cluster's MetalLB release, declared or implied (src/lower/implied.ts): where its pools and peers go and the
// API versions its CRDs serve at the release's version (src/catalog/metallb.ts). The kustomize generator writes
// the pools from here and the installers check asks the same question, so they cannot disagree.
import type * as G from "../graph.js";
import { apiVersionOf, componentNamed, componentOfChart } from "../catalog/index.js";
import { METALLB_NAMESPACE } from "../catalog/metallb.js";

/** The service that installs MetalLB's chart in the cluster, if any. */
export function metallbRelease(c: G.ClusterNode): G.ServiceNode | undefined {
  return c.services.find((s) => s.kind === "helm" && !!s.chart && componentOfChart(s.chart)?.name === "metallb");
}

/** Pools, advertisements and peers live in the release's namespace; MetalLB's controller watches only its own. */
export function metallbNamespace(c: G.ClusterNode): string {
  return metallbRelease(c)?.namespace ?? METALLB_NAMESPACE;
}

/** `metallb.io/<version>` of a kind for the cluster's MetalLB release (the newest the catalog knows without one). */
export function metallbApiVersion(c: G.ClusterNode, kind: string): string {
  return apiVersionOf(componentNamed("metallb")!, kind, metallbRelease(c)?.chart?.version) ?? "metallb.io/v1beta1";
}
