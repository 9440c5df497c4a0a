// Platforms that exercise the Kubernetes generators beyond spec/: every ingress controller, load-balancer
// implementation and GitOps tool, environments, Helm over https and OCI, forward auth, GPUs, a service in a
// layer of its own. Built from the base spec so each stays small and valid.
import { baseSpec } from "./base.js";

/** Argo CD, Cilium LB IPAM with BGP, ingress-nginx with forward auth, ACME over Cloudflare, prod/staging. */
export function argoSpec(): any {
  const s = baseSpec();
  s.platform.name = "argo";
  const c = s.clusters[0];
  c.cni = { name: "cilium", kubeProxyReplacement: true };
  c.loadBalancer = {
    type: "cilium",
    mode: "bgp",
    pools: [
      { name: "default", addresses: ["192.168.10.200-192.168.10.220"] },
      { name: "reserved", addresses: ["192.168.10.224/28"], autoAssign: false },
    ],
  };
  c.bgp = { asn: 64513, peers: [{ name: "router", address: "192.168.10.1", asn: 64512 }], advertise: ["loadBalancerIPs", "podCIDR"] };
  c.ingress = { type: "nginx", service: "ingress/ingress-nginx", certIssuer: "letsencrypt", acme: { email: "ops@lab.example.com", solver: "cloudflare" } };
  c.gitops = {
    tool: "argocd",
    repo: "https://git.example.com/lab.git",
    interval: "5m",
    layers: [{ name: "crds", installsCRDs: true }, { name: "infra", dependsOn: ["crds"] }, { name: "apps", dependsOn: ["infra"] }],
  };
  s.namespaces = [
    { name: "kube-system", podSecurity: "privileged", layer: "infra" },
    { name: "cert-manager", layer: "crds" },
    { name: "ingress", layer: "infra", podSecurity: "baseline" },
    { name: "auth", layer: "infra" },
    { name: "apps", environments: ["prod", "staging"] },
    { name: "data", layer: "infra" },
  ];
  s.environments = [
    { name: "prod" },
    { name: "staging", overrides: [{ service: "apps/web", replicas: 1, imageTag: "1.1-rc", env: { LOG_LEVEL: "debug" } }] },
  ];
  const web = s.services.find((x: any) => x.name === "web");
  web.env = { LOG_LEVEL: "info" };
  web.ingress = [{ host: "web", auth: "auth/authelia" }, { host: "web", path: "/public" }];
  s.services = s.services.filter((x: any) => x.name !== "traefik");
  s.services.push(
    {
      name: "ingress-nginx",
      namespace: "ingress",
      kind: "helm",
      chart: { repo: "https://kubernetes.github.io/ingress-nginx", name: "ingress-nginx", version: "4.11.3", values: { controller: { service: { type: "LoadBalancer" } } } },
      ports: [{ name: "https", port: 443, expose: "LoadBalancer", pool: "reserved" }, { name: "http", port: 80, expose: "LoadBalancer", pool: "reserved" }],
    },
    { name: "cert-manager", namespace: "cert-manager", kind: "helm", chart: { repo: "https://charts.jetstack.io", name: "cert-manager", version: "v1.16.2", values: { crds: { enabled: true } } } },
    { name: "authelia", namespace: "auth", image: "ghcr.io/authelia/authelia:4.38", ports: [{ name: "http", port: 9091 }], ingress: [{ host: "auth" }] },
    {
      name: "inference",
      namespace: "apps",
      image: "ghcr.io/example/inference:2.0",
      placement: { gpu: 1 },
      resources: { requests: { cpu: "1", memory: "4Gi" } },
      storage: [{ name: "models", size: "20Gi", mountPath: "/models", class: "local-path" }],
      ports: [{ name: "http", port: 8000 }],
    },
    {
      name: "node-exporter",
      namespace: "kube-system",
      kind: "daemonset",
      image: "quay.io/prometheus/node-exporter:v1.8.2",
      security: { hostNetwork: true, readOnlyRootFilesystem: true },
      ports: [{ name: "metrics", port: 9100, hostPort: 9100, metrics: true }],
    },
    {
      name: "migrations",
      namespace: "data",
      layer: "apps",
      image: "ghcr.io/example/migrate:1.0",
      ports: [{ name: "http", port: 8080 }],
    },
  );
  return s;
}

/** Flux, Gateway API with its certificates in the gateway's namespace, MetalLB BGP, Helm from OCI. */
export function gatewaySpec(): any {
  const s = baseSpec();
  s.platform.name = "gateway";
  const c = s.clusters[0];
  c.loadBalancer = { type: "metallb", mode: "bgp", pools: [{ name: "default", addresses: ["10.99.0.0/28"] }, { name: "single", addresses: ["10.99.1.7"] }] };
  c.bgp = { asn: 64513, peers: [{ name: "tor-a", address: "192.168.10.2", asn: 64512 }, { name: "tor-b", address: "192.168.10.3", asn: 64512 }] };
  c.ingress = { type: "gateway-api", service: "gateway/envoy-gateway", className: "eg", certIssuer: "letsencrypt", acme: { email: "ops@lab.example.com" } };
  c.gitops.interval = "2m";
  s.namespaces.push({ name: "gateway", layer: "infra" });
  s.services = s.services.filter((x: any) => x.name !== "traefik");
  s.services.push({
    name: "envoy-gateway",
    namespace: "gateway",
    kind: "helm",
    chart: { repo: "oci://docker.io/envoyproxy", name: "gateway-helm", version: "v1.2.*", interval: "30m" },
    ports: [{ name: "https", port: 443, expose: "LoadBalancer", pool: "single" }],
  });
  s.services.find((x: any) => x.name === "web").ingress = [{ host: "web" }, { host: "www" }, { host: "web", path: "/plain", tls: false }];
  return s;
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

export const K8S_FIXTURES: Record<string, () => any> = { argo: argoSpec, gateway: gatewaySpec, edge: servicelbSpec, cilium: ciliumL2Spec };
