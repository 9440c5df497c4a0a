// What every Argo CD Application platformc writes shares, whichever generator writes it: the gitops generator's
// app of apps and the kustomize generator's Helm Applications; and the values of Argo CD's own release, which the
// bootstrap install and that release's Application share.
import type * as G from "../graph.js";
import { APPLICATION_HEALTH, SERVER_INSECURE } from "../catalog/argo-cd.js";
import { componentOfChart } from "../catalog/index.js";
import { isRecord, overlayValues } from "../lib/values.js";

/** The namespace Argo CD watches for Applications (the upstream install's). */
export const ARGOCD_NAMESPACE = "argocd";

/** The cluster Argo CD runs in, as Argo CD names it. */
export const IN_CLUSTER = "https://kubernetes.default.svc";

/**
 * Automated sync that prunes and heals, and retries a failed sync with backoff for as long as it fails (limit < 0:
 * unlimited): without `retry`, Argo CD tries a failed sync once and then waits for the next change in git, so a
 * layer whose CRDs are not there yet never converges on its own.
 */
export const ARGO_SYNC_POLICY = {
  automated: { prune: true, selfHeal: true },
  syncOptions: ["ServerSideApply=true"],
  retry: { limit: -1, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
} as const;

/** The spec's service that installs Argo CD from the argo-cd chart in the cluster Argo CD applies, if it has one. */
export function argoCdRelease(c: G.ClusterNode): G.ServiceNode | undefined {
  if (c.gitops?.tool !== "argocd") return undefined;
  return c.services.find((s) => s.kind === "helm" && s.chart && componentOfChart(s.chart)?.name === "argo-cd");
}

/**
 * What platformc sets on the argo-cd chart: the Application health check, without which sync waves gate nothing, and
 * for a server the spec routes through the cluster's ingress, plain HTTP behind it (TLS ends at the ingress).
 */
export function argoCdValues(routed = false): Record<string, unknown> {
  const [top, sub] = APPLICATION_HEALTH.values;
  const [, params] = SERVER_INSECURE.values;
  return { [top]: { [sub]: { [APPLICATION_HEALTH.key]: APPLICATION_HEALTH.lua }, ...(routed ? { [params]: { [SERVER_INSECURE.key]: SERVER_INSECURE.value } } : {}) } };
}

/**
 * The values of the cluster's Argo CD, for the bootstrap `helm install` and the Application that owns the release
 * afterwards alike (as with Cilium: the first sync would otherwise reset what the bootstrap set): platformc's
 * values with the spec's chart values laid over them.
 */
export function argoCdReleaseValues(c: G.ClusterNode): Record<string, unknown> {
  const s = argoCdRelease(c);
  const spec = s?.chart?.values;
  const ours = argoCdValues((s?.ingress.length ?? 0) > 0);
  return isRecord(spec) ? overlayValues(ours, spec) : ours;
}
