// Spegel (chart spegel of oci://ghcr.io/spegel-org/helm-charts): one DaemonSet pod per node serving an OCI registry
// mirror to the node's containerd (hostPort 30020 on the node's address, NodePort 30021) and finding which peer holds
// a layer over libp2p on the router port. Peers find each other through the headless <fullname>-bootstrap Service
// (--bootstrap-kind=dns), not the API server: at v0.3.0 the chart has no Role and the binary no Kubernetes client.
import type { Component, Release } from "./types.js";
import { fullname, portValue, textValue, trunc } from "./helm.js";

const full = (r: Release) => fullname(r, "spegel");

// spegel.selectorLabels (_helpers.tpl): name (nameOverride) and instance; the pod template adds only commonLabels
const selector = (r: Release) => ({
  "app.kubernetes.io/name": trunc(textValue(r, ["nameOverride"], "spegel")),
  "app.kubernetes.io/instance": r.name,
});
const labels = (r: Release) => {
  const common = (r.values as { commonLabels?: unknown } | undefined)?.commonLabels;
  const extra: Record<string, string> = {};
  if (common && typeof common === "object" && !Array.isArray(common)) for (const [k, v] of Object.entries(common)) if (typeof v === "string") extra[k] = v;
  return { ...selector(r), ...extra };
};

const registry = (r: Release) => portValue(r, ["service", "registry", "port"], 5000);
const router = (r: Release) => portValue(r, ["service", "router", "port"], 5001);
const metrics = (r: Release) => portValue(r, ["service", "metrics", "port"], 9090);
const tcp = (name: string, port: number) => ({ name, port, protocol: "TCP" as const });

export const spegel: Component = {
  name: "spegel",
  charts: [{ repo: "oci://ghcr.io/spegel-org/helm-charts", name: "spegel" }],
  known: { from: "0.3.0", until: "0.4.0" },
  kinds: [],
  release: {
    primary: "spegel",
    workloads: [
      {
        name: "spegel",
        kind: "DaemonSet",
        enabled: () => true,
        selector,
        labels,
        ports: (r) => [tcp("registry", registry(r)), tcp("router", router(r)), tcp("metrics", metrics(r))],
      },
    ],
    services: [
      { name: full, workload: "spegel", ports: (r) => [{ ...tcp("metrics", metrics(r)), targetPort: metrics(r) }] },
      // type NodePort (service.registry.nodePort 30021), the second mirror target containerd is given
      { name: (r) => trunc(`${full(r)}-registry`), workload: "spegel", ports: (r) => [{ ...tcp("registry", registry(r)), targetPort: registry(r) }] },
      // headless, publishNotReadyAddresses: the DNS name each peer bootstraps from
      { name: (r) => trunc(`${full(r)}-bootstrap`), workload: "spegel", ports: (r) => [{ ...tcp("router", router(r)), targetPort: router(r) }] },
    ],
    flows: [
      { kind: "internal", from: "spegel", to: "spegel", port: "router", why: "peers exchange which node holds which layer over libp2p (the DHT) on the router port, found through <fullname>-bootstrap" },
      { kind: "internal", from: "spegel", to: "spegel", port: "registry", why: "a peer proxies a pull to the registry port of the peer that holds the layer (registry.go forwardRequest to <peer IP>:<registry port>)" },
      { kind: "from-nodes", to: "spegel", port: "registry", why: "containerd on each node pulls through http://<node IP>:30020 (the hostPort) and :30021 (the NodePort), which reach the registry container port" },
    ],
    // daemonset.yaml: hostPath containerd socket, content store and registry config (certs.d), and a hostPort;
    // baseline refuses both. The containers run as root (no runAsNonRoot) to use containerd's socket.
    // docs/COMPATIBILITY.md (d8debe4), "Talos": Talos uses /etc/cri/conf.d/hosts as containerd's registry config path,
    // not /etc/containerd/certs.d; it lists no other setting for Talos (its namespace must admit privileged pods, which
    // podSecurity below says)
    defaults: (r) => (r.distribution === "talos" ? { spegel: { containerdRegistryConfigPath: "/etc/cri/conf.d/hosts" } } : {}),
    podSecurity: {
      level: () => "privileged",
      why: "hostPath /run/containerd/containerd.sock, /var/lib/containerd/io.containerd.content.v1.content and /etc/containerd/certs.d, and hostPort 30020",
    },
  },
  sources: [
    "spegel-org/spegel charts/spegel at v0.3.0 (commit 813b785, the chart ghcr.io/spegel-org/helm-charts/spegel publishes from it): templates/_helpers.tpl (spegel.fullname helm-create rules; spegel.selectorLabels app.kubernetes.io/name <nameOverride, spegel>, app.kubernetes.io/instance), daemonset.yaml (pod labels selectorLabels + commonLabels; ports registry 5000 with hostPort 30020, router 5001, metrics 9090; --bootstrap-kind=dns --dns-bootstrap-domain=<fullname>-bootstrap.<ns>.svc; hostPath containerd-sock, containerd-content, containerd-config; init container `configuration` writes mirrors http://$(NODE_IP):30020 and :30021), service.yaml (<fullname> metrics 9090, <fullname>-registry NodePort 5000/30021, <fullname>-bootstrap headless router 5001), rbac.yaml (a ServiceAccount only), values.yaml (service.*, spegel.containerdRegistryConfigPath /etc/containerd/certs.d, containerdMirrorAdd true)",
    "spegel-org/spegel v0.3.0: main.go (--registry-addr :5000, --router-addr :5001, --metrics-addr :9090; DNS, HTTP or static bootstrappers, no Kubernetes client), pkg/routing/bootstrap.go (DNSBootstrapper resolves the headless Service's pod IPs), pkg/routing/p2p.go (Resolve returns <peer IP>:<registry port>), pkg/registry/registry.go (forwardRequest to the peer over http); CHANGELOG.md #799 'Remove Kubernetes bootstrapper'",
    "templates/post-delete-hook.yaml at v0.3.0: on uninstall only, a cleanup DaemonSet (component cleanup, readiness 8080) and a cleanup-wait Pod probing it; not modelled",
    "spegel-org/spegel docs/COMPATIBILITY.md at d8debe4 (Nov 2024, before the docs moved to spegel.dev), 'Talos': a machine config file /etc/cri/conf.d/20-customization.part with discard_unpacked_layers = false, chart value spegel.containerdRegistryConfigPath: /etc/cri/conf.d/hosts, and a privileged namespace; docs.siderolabs.com kubernetes-guides/advanced-guides/spegel says the same (path /var/etc/cri/conf.d/20-spegel.part)",
  ],
};
