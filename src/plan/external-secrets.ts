// What platformc writes for external-secrets: the ExternalSecret that holds a service's env values from secret
// stores (one per service, named here so the workload's secretKeyRef and the object agree), and the API version the
// cluster's external-secrets release serves ExternalSecrets at (0.17 stopped serving v1beta1: src/catalog).
import type * as G from "../graph.js";
import { apiVersionOf, componentOfChart } from "../catalog/index.js";

/** The ExternalSecret, and the Secret it creates, for a service's env values from secret stores. */
export function envSecretName(s: G.ServiceNode): string {
  return `${s.name}-env`;
}

export function envExternalSecrets(s: G.ServiceNode): Array<[string, G.RemoteRef]> {
  return Object.entries(s.env).flatMap(([name, v]) => (typeof v === "object" && "externalSecret" in v ? [[name, v.externalSecret] as [string, G.RemoteRef]] : []));
}

/** `external-secrets.io/<version>` for the cluster's release; lowering reported a use without a release. */
export function externalSecretApi(c: G.ClusterNode): string | undefined {
  for (const s of c.services) {
    if (s.kind !== "helm" || !s.chart) continue;
    const comp = componentOfChart(s.chart);
    if (comp?.name === "external-secrets") return apiVersionOf(comp, "ExternalSecret", s.chart.version);
  }
  return undefined;
}

/** An ExternalSecret of the ClusterSecretStore kind: the stores are the user's, cluster-wide. */
export function externalSecretObject(apiVersion: string, namespace: string, x: { name: string; refreshInterval: string; entries: Array<{ secretKey: string; store: string; key: string; property?: string }> }, labels: Record<string, string>): Record<string, unknown> {
  const stores = [...new Set(x.entries.map((e) => e.store))];
  // One store per object is ExternalSecret's default; an entry from another store names its own.
  const [first] = stores;
  return {
    apiVersion,
    kind: "ExternalSecret",
    metadata: { name: x.name, namespace, labels },
    spec: {
      refreshInterval: x.refreshInterval,
      secretStoreRef: { kind: "ClusterSecretStore", name: first },
      target: { name: x.name, creationPolicy: "Owner" },
      data: x.entries.map((e) => ({
        secretKey: e.secretKey,
        ...(e.store !== first ? { sourceRef: { storeRef: { kind: "ClusterSecretStore", name: e.store } } } : {}),
        remoteRef: { key: e.key, ...(e.property !== undefined ? { property: e.property } : {}) },
      })),
    },
  };
}
