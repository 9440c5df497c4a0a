// Platforms that exercise the Kubernetes generators beyond spec/: every ingress controller, load-balancer
// implementation and GitOps tool, environments, Helm over https and OCI, forward auth, GPUs, a service in a
// layer of its own. Variations of the base spec so each stays small and valid; argo and gateway are test
// platforms of test/golden/spec/ with committed snapshots, the others are built here from the base spec.
import { baseSpec, testPlatform } from "./base.js";

/** Argo CD, Cilium LB IPAM with BGP, ingress-nginx with forward auth, ACME over Cloudflare, prod/staging (test/golden/spec/argo). */
export function argoSpec(): any {
  return testPlatform("argo");
}

/** Flux, Gateway API with its certificates in the gateway's namespace, MetalLB BGP, Helm from OCI (test/golden/spec/gateway). */
export function gatewaySpec(): any {
  return testPlatform("gateway");
}

/** K3s ServiceLB, no GitOps, Traefik with Authentik forward auth, mixed exposures on one service. */
export function servicelbSpec(): any {
  const s = baseSpec();
  s.platform.name = "edge";
  const c = s.clusters[0];
  c.loadBalancer = { type: "servicelb" };
  delete c.gitops;
  for (const ns of s.namespaces) delete ns.layer;
  s.namespaces.push({ name: "auth" });
  s.services.push({ name: "authentik", namespace: "auth", image: "ghcr.io/goauthentik/server:2024.10", ports: [{ name: "http", port: 9000 }] });
  const api = s.services.find((x: any) => x.name === "api");
  api.ports.push({ name: "grpc", port: 9090, expose: "LoadBalancer" });
  api.ingress = [{ host: "api", auth: "auth/authentik" }, { host: "api-plain", tls: false }];
  return s;
}

/** Cilium LB IPAM announced over L2, Cilium network policies. */
export function ciliumL2Spec(): any {
  const s = baseSpec();
  s.platform.name = "cilium";
  const c = s.clusters[0];
  c.cni = { name: "cilium", policy: "both", kubeProxyReplacement: true };
  c.loadBalancer = { type: "cilium", pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.220", "192.168.10.240/29"] }] };
  return s;
}

/** Secrets kept out of git (issue 13): env from Secrets, ConfigMaps and a store, Helm valuesFrom, SOPS decryption, external-secrets 0.18. */
export function secretsSpec(): any {
  const s = baseSpec();
  s.platform.name = "secrets";
  s.clusters[0].gitops.decryption = { provider: "sops" };
  s.namespaces.push({ name: "external-secrets", layer: "infra" });
  s.services.push({ name: "external-secrets", namespace: "external-secrets", kind: "helm", chart: { repo: "https://charts.external-secrets.io", name: "external-secrets", version: "0.18.2" } });
  s.services.push({ name: "grafana", namespace: "apps", kind: "helm", chart: { repo: "https://grafana.github.io/helm-charts", name: "grafana", version: "8.5.0", valuesFrom: [{ name: "grafana-admin", valuesKey: "password", targetPath: "adminPassword" }] } });
  s.services.find((x: any) => x.name === "api").env = {
    API_TOKEN: { secretKeyRef: { name: "api", key: "token" } },
    FEATURES: { configMapKeyRef: { name: "api", key: "features" } },
    DB_PASSWORD: { externalSecret: { store: "onepassword", key: "postgres", property: "password" } },
  };
  s.namespaces.find((n: any) => n.name === "apps").externalSecrets = [{ name: "registry", store: "onepassword", data: [{ secretKey: "token", key: "ghcr" }] }];
  return s;
}

/** Kinds cronjob (time zone, a claim, a flow) and job (Flux recreates it when its template changes), issue 14. */
export function batchSpec(): any {
  const s = baseSpec();
  s.platform.name = "batch";
  s.services.push({ name: "backup", namespace: "apps", kind: "cronjob", image: "ghcr.io/example/backup:1.0", schedule: "*/30 1-5 * * MON-FRI", job: { timeZone: "Europe/Berlin", concurrencyPolicy: "Replace", startingDeadlineSeconds: 300, backoffLimit: 1, restartPolicy: "Never" }, storage: [{ name: "scratch", size: "1Gi", mountPath: "/scratch" }], flows: [{ to: "data/db", port: "postgres" }] });
  s.services.push({ name: "migrate", namespace: "apps", kind: "job", image: "ghcr.io/example/api:1.0", command: ["/app/migrate"], job: { activeDeadlineSeconds: 600 }, flows: [{ to: "data/db", port: "postgres" }] });
  return s;
}

export const K8S_FIXTURES: Record<string, () => any> = { argo: argoSpec, gateway: gatewaySpec, edge: servicelbSpec, cilium: ciliumL2Spec, secrets: secretsSpec, batch: batchSpec };
