// What every Argo CD Application platformc writes shares, whichever generator writes it: the gitops generator's
// app of apps and the kustomize generator's Helm Applications.

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
