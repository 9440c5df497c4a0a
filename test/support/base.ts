// A small valid platform that exercises most of the language; tests mutate copies of it.
export function baseSpec(): any {
  return {
    apiVersion: "platformc.dev/v1alpha1",
    platform: { name: "lab", domain: "lab.example.com" },
    networks: [
      { name: "lan", cidr: "192.168.10.0/24", gateway: "192.168.10.1" },
      { name: "tailnet", kind: "overlay", cidr: "100.64.0.0/10" },
    ],
    clusters: [
      {
        name: "main",
        distribution: "k3s",
        loadBalancer: { type: "metallb", pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.220"] }] },
        ingress: { type: "traefik", service: "kube-system/traefik" },
        apiEndpoint: { vip: "192.168.10.5" },
        gitops: { tool: "flux", repo: "https://git.example.com/lab.git", layers: [{ name: "infra" }, { name: "apps", dependsOn: ["infra"] }] },
        nodes: [
          { name: "cp1", role: "controlplane", address: "192.168.10.11", capacity: { cpu: 4, memory: "16Gi" } },
          { name: "cp2", role: "controlplane", address: "192.168.10.12", capacity: { cpu: 4, memory: "16Gi" } },
          { name: "cp3", role: "controlplane", address: "192.168.10.13", capacity: { cpu: 4, memory: "16Gi" } },
          { name: "w1", role: "worker", address: "192.168.10.21", addresses: [{ address: "100.100.1.21", interface: "tailscale0" }], capacity: { cpu: 8, memory: "32Gi" }, gpus: [{ vendor: "nvidia" }] },
        ],
      },
    ],
    namespaces: [
      { name: "kube-system", podSecurity: "privileged", layer: "infra" },
      { name: "apps" },
      { name: "data", layer: "infra" },
    ],
    externals: [{ name: "nas", address: "192.168.10.50", ports: [{ name: "nfs", port: 2049 }] }],
    services: [
      { name: "traefik", namespace: "kube-system", kind: "bundled", ports: [{ name: "web", port: 80, expose: "LoadBalancer" }, { name: "websecure", port: 443, expose: "LoadBalancer" }] },
      {
        name: "web",
        namespace: "apps",
        image: "ghcr.io/example/web:1.0",
        replicas: 2,
        resources: { requests: { cpu: "250m", memory: "256Mi" } },
        ports: [{ name: "http", port: 8080 }],
        ingress: [{ host: "web" }],
        flows: [{ to: "api", port: "http", label: "REST" }],
      },
      {
        name: "api",
        namespace: "apps",
        image: "ghcr.io/example/api:1.0",
        autoscaling: { min: 2, max: 4 },
        ports: [{ name: "http", port: 8080 }, { name: "debug", port: 9000, expose: "NodePort" }],
        flows: [{ to: "data/db", port: "postgres", label: "SQL" }, { to: "external:nas", label: "NFS" }],
      },
      {
        name: "db",
        namespace: "data",
        kind: "statefulset",
        image: "postgres:16",
        storage: [{ name: "data", size: "10Gi", mountPath: "/var/lib/postgresql/data" }],
        ports: [{ name: "postgres", port: 5432, expose: "LoadBalancer" }],
      },
    ],
    dns: { zones: [{ name: "lab.example.com", wildcard: false }] },
  };
}
