// Generated from schema/platform.schema.json by `npm run gen:types`; do not edit.

/**
 * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
 */
export type Name = string;
/**
 * An IPv4 or IPv6 network in CIDR notation with no host bits set, e.g. 10.42.0.0/16 or fd00:10::/56.
 */
export type Cidr = string;
/**
 * An IPv4 or IPv6 address, e.g. 192.168.0.10 or fd00::10.
 */
export type Ip = string;
/**
 * A CIDR (192.168.0.48/28), an inclusive range of addresses (192.168.0.50-192.168.0.60), or a single address.
 */
export type AddressRange = string;
/**
 * CPU as a Kubernetes quantity: cores (2, 0.5) or millicores (500m). At most 64 characters.
 */
export type Cpu = string | number;
/**
 * Memory as a Kubernetes quantity, e.g. 512Mi, 4Gi, 1G. At most 64 characters.
 */
export type Memory = string | number;
/**
 * An environment variable's value: a plain string (at most 65536 characters), or { secretKeyRef: { name, key } } / { configMapKeyRef: { name, key } } naming a key of a Secret or ConfigMap in the service's namespace, or { externalSecret: { store, key, property } } naming a value of a secret store. platformc never writes a Secret or ConfigMap: it is yours (kubectl, a SOPS-encrypted file under the namespace's secrets, an operator); for externalSecret it writes the ExternalSecret <service>-env, which external-secrets turns into that Secret.
 */
export type EnvValue =
  | string
  | {
      secretKeyRef: KeyRef;
    }
  | {
      configMapKeyRef: KeyRef;
    }
  | {
      externalSecret: RemoteRef;
    };
/**
 * A TCP/UDP port number.
 */
export type Port = number;
/**
 * A DNS name: dot-separated labels of letters, digits and '-'; a leading '*.' makes a wildcard. At most 253 characters.
 */
export type DnsName = string;

/**
 * One self-hosted Kubernetes platform: its networks, clusters and nodes, namespaces, services and the flows between them, external endpoints, DNS zones and environments. platformc validates it, checks it and compiles it into GitOps trees, node configs, network policies, DNS zones and docs.
 */
export interface PlatformcPlatformYaml {
  /**
   * Version of the spec language. Only platformc.dev/v1alpha1 exists today.
   */
  apiVersion: "platformc.dev/v1alpha1";
  platform: PlatformMeta;
  /**
   * Named IP networks the platform uses: node LANs and VLANs, overlays such as Tailscale. Nodes, load-balancer pools and external endpoints are checked against them.
   */
  networks?: Network[];
  /**
   * The Kubernetes clusters of the platform (at least one).
   *
   * @minItems 1
   */
  clusters: [Cluster, ...Cluster[]];
  /**
   * Kubernetes namespaces. Every service lives in one.
   */
  namespaces?: Namespace[];
  /**
   * Workloads: what runs, how it is reached, what it talks to.
   */
  services?: Service[];
  /**
   * Endpoints outside the clusters that services talk to or that talk to them: a NAS, a GPU workstation, the router, a SaaS API.
   */
  externals?: External[];
  dns?: Dns;
  /**
   * Environments such as prod and staging. A namespace that lists environments is instantiated once per environment (namespace name suffixed with -<environment>), with the environment's overrides applied; generators render these as Kustomize overlays of one base.
   */
  environments?: Environment[];
  /**
   * Warnings silenced on purpose, each with its reason. A warning an entry matches is neither printed nor counted; the docs' checks section lists it with the reason. Errors cannot be ignored. An entry with an unknown code, an error's code or a scope that names nothing is an error; one that silences nothing is a warning (PC0310-PC0313).
   */
  ignore?: Ignore[];
}
/**
 * The platform as a whole.
 */
export interface PlatformMeta {
  /**
   * Platform name; output goes to out/<name>/.
   */
  name: string;
  /**
   * Base DNS domain of the platform, e.g. lab.example.com. Ingress hosts that are not fully qualified are placed under it.
   */
  domain?: string;
  /**
   * Free text shown at the top of the generated docs. At most 4096 characters.
   */
  description?: string;
}
/**
 * An IP network: a node LAN or VLAN, or an overlay such as Tailscale.
 */
export interface Network {
  name: Name;
  cidr: Cidr;
  /**
   * lan: a routed or bridged node network; vlan: a tagged VLAN; overlay: a mesh VPN such as Tailscale or WireGuard whose addresses live on the nodes beside their LAN address.
   */
  kind?: "lan" | "vlan" | "overlay";
  /**
   * 802.1Q VLAN id, for kind vlan; none when omitted.
   */
  vlan?: number;
  /**
   * Default gateway on this network; must lie inside cidr.
   */
  gateway?: string;
  /**
   * DNS resolvers nodes on this network use.
   */
  nameservers?: Ip[];
  /**
   * Emit a reverse (PTR) zone for this network from the node and external addresses in it.
   */
  reverseDNS?: boolean;
  /**
   * Free text for the docs. At most 4096 characters.
   */
  description?: string;
}
/**
 * A Kubernetes cluster.
 */
export interface Cluster {
  name: Name;
  /**
   * How the cluster is installed.
   */
  distribution: "k3s" | "talos";
  /**
   * Version of the distribution, e.g. v1.31.4+k3s1 for K3s or v1.13.0 for Talos. Generators emit config for this version. Talos clusters without a version get v1.13.9 (the latest stable release platformc knows), and v1.13 without a patch number means the latest known v1.13.x; platformc writes Talos configs for v1.8 to v1.13 and follows the v1.13 contract for newer releases. At most 128 characters.
   */
  version?: string;
  /**
   * Kubernetes version, where the distribution lets you choose it (Talos). Talos defaults to the Kubernetes version its release ships by default (v1.8: 1.31.4, v1.9: 1.32.4, v1.10: 1.33.6, v1.11: 1.34.1, v1.12: 1.35.4, v1.13: 1.36.3). At most 128 characters.
   */
  kubernetesVersion?: string;
  /**
   * Talos installer image every node of the cluster installs from. Default: ghcr.io/siderolabs/installer:<version>. Use an Image Factory image (factory.talos.dev/installer/<schematic>:<version>) to add system extensions. At most 1024 characters.
   */
  installImage?: string;
  cni?: Cni;
  /**
   * An IPv4 or IPv6 network in CIDR notation with no host bits set, e.g. 10.42.0.0/16 or fd00:10::/56.
   */
  podCIDR?: string;
  /**
   * An IPv4 or IPv6 network in CIDR notation with no host bits set, e.g. 10.42.0.0/16 or fd00:10::/56.
   */
  serviceCIDR?: string;
  /**
   * Prefix length of the pod CIDR each node gets out of podCIDR.
   */
  nodeMaskSize?: number;
  /**
   * In-cluster DNS domain: services resolve as <service>.<namespace>.svc.<clusterDomain>.
   */
  clusterDomain?: string;
  /**
   * Range NodePorts are taken from (kube-apiserver --service-node-port-range).
   */
  nodePortRange?: string;
  apiEndpoint?: ApiEndpoint;
  loadBalancer?: LoadBalancer;
  bgp?: Bgp;
  mesh?: Mesh;
  ingress?: IngressController;
  gitops?: Gitops;
  /**
   * K3s clusters only: settings platformc passes to K3s as they are.
   */
  k3s?: {
    extraConfig?: K3SConfig;
  };
  /**
   * Talos clusters only: machine-config patches merged (Talos strategic merge) into the patches platformc writes.
   */
  talos?: {
    /**
     * Patches by the nodes they apply to. Each is a machine-config document (v1alpha1, or one with apiVersion and kind). Fields platformc writes from the spec (install disk and image, node network, pod and service subnets, ...) are refused.
     */
    patches?: {
      /**
       * Merged into the patch of every node (nodes/<cluster>/cluster-patch.yaml).
       *
       * @maxItems 64
       */
      all?: TalosPatch[];
      /**
       * Merged into the control-plane patch (nodes/<cluster>/controlplane-patch.yaml).
       *
       * @maxItems 64
       */
      controlplane?: TalosPatch[];
      /**
       * Merged into the patch of each worker node, before the node's own talosPatches.
       *
       * @maxItems 64
       */
      worker?: TalosPatch[];
    };
  };
  /**
   * The machines of this cluster.
   *
   * @minItems 1
   */
  nodes: [Node, ...Node[]];
  /**
   * Free text for the docs. At most 4096 characters.
   */
  description?: string;
}
/**
 * Container network interface.
 */
export interface Cni {
  /**
   * The CNI plugin: flannel (the K3s default) or cilium.
   */
  name?: "flannel" | "cilium";
  /**
   * Chart or release version of the CNI, where it is installed separately (Cilium). At most 128 characters.
   */
  version?: string;
  /**
   * Flannel backend (K3s --flannel-backend).
   */
  flannelBackend?: "vxlan" | "host-gw" | "wireguard-native" | "none";
  /**
   * Cilium replaces kube-proxy (kube-proxy is then disabled in the distribution config).
   */
  kubeProxyReplacement?: boolean;
  /**
   * Cilium IPAM mode: kubernetes uses each node's podCIDR; cluster-pool lets Cilium carve podCIDR itself.
   */
  ipam?: "kubernetes" | "cluster-pool";
  /**
   * Enable Hubble observability (Cilium).
   */
  hubble?: boolean;
  /**
   * Which policy objects to emit on Cilium: standard NetworkPolicies, CiliumNetworkPolicies, or both.
   */
  policy?: "kubernetes" | "cilium" | "both";
}
/**
 * How clients reach the Kubernetes API.
 */
export interface ApiEndpoint {
  /**
   * DNS name or IP clients use. Defaults to the VIP, else the first control-plane node's address. At most 253 characters.
   */
  host?: string;
  /**
   * A TCP/UDP port number.
   */
  port?: number;
  /**
   * An IPv4 or IPv6 address, e.g. 192.168.0.10 or fd00::10.
   */
  vip?: string;
  /**
   * Extra names or IPs for the API server certificate.
   */
  extraSANs?: string[];
}
/**
 * How Services of type LoadBalancer get addresses.
 */
export interface LoadBalancer {
  /**
   * metallb: MetalLB pools (platformc installs MetalLB itself unless a service installs its chart, see version); cilium: Cilium LB IPAM; servicelb: K3s ServiceLB (klipper), which answers on the node addresses. A K3s cluster without loadBalancer runs no ServiceLB (platformc disables it), so its LoadBalancer services get no address.
   */
  type: "metallb" | "cilium" | "servicelb";
  /**
   * How pool addresses are announced: L2 (ARP/NDP) or BGP (needs bgp).
   */
  mode?: "l2" | "bgp";
  /**
   * Address pools. Not used with servicelb.
   */
  pools?: {
    name: Name;
    /**
     * CIDRs, inclusive ranges (a-b) or single addresses the pool hands out.
     *
     * @minItems 1
     */
    addresses: [AddressRange, ...AddressRange[]];
    /**
     * Whether platformc may allocate from this pool for services that do not pin an address or name a pool.
     */
    autoAssign?: boolean;
  }[];
  /**
   * metallb only: the version of the MetalLB chart (https://metallb.github.io/metallb) platformc installs in namespace metallb-system when no service installs that chart. Defaults to 0.15.3, the newest release platformc's component catalog knows (0.13 to 0.15). A service of kind helm with the metallb chart installs MetalLB instead, at its own version. At most 64 characters.
   */
  version?: string;
}
/**
 * BGP peering of the cluster (MetalLB BGP mode or Cilium BGP control plane).
 */
export interface Bgp {
  /**
   * The cluster's local ASN.
   */
  asn: number;
  /**
   * BGP neighbours, usually the router.
   */
  peers?: {
    name: Name;
    address: Ip;
    /**
     * The peer's ASN.
     */
    asn: number;
  }[];
  /**
   * What the cluster announces to its peers.
   */
  advertise?: ("loadBalancerIPs" | "podCIDR" | "serviceCIDR")[];
}
/**
 * Cilium ClusterMesh membership. Clusters with the same mesh name must have disjoint pod and service CIDRs and distinct ids.
 */
export interface Mesh {
  name: Name;
  /**
   * Cilium cluster.id, unique in the mesh. Allocated when omitted.
   */
  id?: number;
}
/**
 * The cluster's ingress controller. Services' ingress routes are rendered in its form, and network policies allow it to reach their target ports.
 */
export interface IngressController {
  /**
   * traefik: IngressRoute; nginx: networking.k8s.io Ingress; gateway-api: HTTPRoute.
   */
  type: "traefik" | "nginx" | "gateway-api";
  /**
   * Reference to the controller's service in the spec, as <namespace>/<service>. At most 256 characters.
   */
  service: string;
  /**
   * IngressClass or Gateway name. Defaults to the type's usual name. At most 253 characters.
   */
  className?: string;
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  certIssuer?: string;
  /**
   * Let platformc emit the ClusterIssuer named by certIssuer as an ACME issuer. Without it nothing the spec describes creates that issuer, so TLS routes naming it are an error (PC1118).
   */
  acme?: {
    /**
     * Account e-mail the ACME server sends expiry notices to. At most 320 characters.
     */
    email: string;
    /**
     * ACME directory URL. Let's Encrypt production by default; https://acme-staging-v02.api.letsencrypt.org/directory for testing. At most 2048 characters.
     */
    server?: string;
    /**
     * http01: answer challenges through the cluster's ingress controller (hosts must be reachable from the internet). cloudflare: DNS-01 through the Cloudflare API (works for private hosts and wildcards).
     */
    solver?: "http01" | "cloudflare";
    /**
     * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
     */
    secretName?: string;
  };
}
/**
 * How the cluster's tree is applied from git.
 */
export interface Gitops {
  /**
   * flux: GitRepository + Kustomizations with dependsOn; argocd: an app-of-apps with sync waves.
   */
  tool: "flux" | "argocd";
  /**
   * Git URL of the repository that holds out/. At most 2048 characters.
   */
  repo: string;
  /**
   * Branch the GitOps tool follows. At most 256 characters.
   */
  branch?: string;
  /**
   * Path in the repository to this cluster's tree. Defaults to out/<platform>/clusters/<cluster>. At most 4096 characters.
   */
  path?: string;
  /**
   * Reconcile interval. At most 64 characters.
   */
  interval?: string;
  /**
   * SOPS decryption on every Flux Kustomization platformc writes (spec.decryption), so SOPS-encrypted Secrets (a namespace's secrets) are decrypted in the cluster. Flux only.
   */
  decryption?: {
    /**
     * The decryption provider; Flux supports sops only.
     */
    provider: "sops";
    /**
     * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
     */
    secretRef?: string;
  };
  /**
   * Ordered deployment layers (e.g. crds -> infrastructure -> apps). Namespaces and services are assigned to a layer; without layers everything is one layer named apps.
   */
  layers?: {
    name: Name;
    /**
     * Layers that must be ready first. Must be acyclic.
     */
    dependsOn?: Name[];
    /**
     * This layer installs CRDs or controllers that later layers use.
     */
    installsCRDs?: boolean;
    /**
     * Flux only: how often this layer's Kustomizations reconcile, instead of gitops.interval. At most 64 characters.
     */
    interval?: string;
    /**
     * Flux only: how soon a failed apply of this layer is retried. Defaults to the interval, at most 2m. At most 64 characters.
     */
    retryInterval?: string;
    /**
     * Flux only: how long this layer's applies and health checks may take before they count as failed (a layer of slow charts or databases wants more). Defaults to the interval, at most 10m. At most 64 characters.
     */
    timeout?: string;
    /**
     * Free text for the docs. At most 4096 characters.
     */
    description?: string;
  }[];
}
/**
 * Keys added to /etc/rancher/k3s/config.yaml of every node. A key only `k3s server` takes goes to the control-plane nodes only. Keys platformc writes from the spec (token-file, node-ip, cluster-cidr, ...) are refused; disable, tls-san and the *-arg lists are appended to.
 */
export interface K3SConfig {
  [k: string]: string | number | boolean | string[];
}
/**
 * A Talos machine-config patch: a v1alpha1 document (machine:, cluster:) or a document with apiVersion and kind (e.g. ExtensionServiceConfig), merged by Talos strategic merge. Checked against the Talos config schema of the cluster's release (PC1125) and for settings platformc writes from the spec (PC1123).
 */
export interface TalosPatch {}
/**
 * A machine in a cluster.
 */
export interface Node {
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  name: string;
  /**
   * controlplane nodes run the API server and etcd (K3s servers); workers run workloads only (K3s agents).
   */
  role: "controlplane" | "worker";
  /**
   * CPU architecture; selects images and docs.
   */
  arch?: "amd64" | "arm64";
  /**
   * An IPv4 or IPv6 address, e.g. 192.168.0.10 or fd00::10.
   */
  address: string;
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  network?: string;
  /**
   * Name of the primary interface, e.g. eth0, enp1s0.
   */
  interface?: string;
  /**
   * Further addresses, e.g. the node's Tailscale IP.
   */
  addresses?: {
    address: Ip;
    /**
     * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
     */
    network?: string;
    /**
     * e.g. tailscale0.
     */
    interface?: string;
  }[];
  /**
   * Interface pod traffic between nodes uses (K3s --flannel-iface), e.g. tailscale0.
   */
  flannelInterface?: string;
  /**
   * Disk the OS installs to (Talos), e.g. /dev/sda or /dev/nvme0n1. Default for Talos nodes: /dev/sda (talosctl's default). At most 4096 characters.
   */
  installDisk?: string;
  /**
   * Talos installer image for this node only, e.g. an Image Factory image with the NVIDIA extensions for a GPU node. Default: the cluster's installImage. At most 1024 characters.
   */
  installImage?: string;
  /**
   * Talos nodes only: machine-config patches merged last into this node's patch (nodes/<cluster>/<node>/patch.yaml). Fields platformc writes from the spec are refused.
   *
   * @maxItems 64
   */
  talosPatches?: TalosPatch[];
  k3sConfig?: K3SConfig1;
  /**
   * Whether the node is an etcd member. Defaults to true for controlplane nodes.
   */
  etcd?: boolean;
  labels?: Labels;
  /**
   * Kubernetes taints; only services tolerating them are placed on the node.
   */
  taints?: {
    /**
     * Taint key. At most 316 characters.
     */
    key: string;
    /**
     * Taint value; none when omitted. At most 256 characters.
     */
    value?: string;
    /**
     * What the taint does to pods that do not tolerate it.
     */
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  }[];
  /**
   * Allocatable resources, used for the capacity check and docs.
   */
  capacity?: {
    cpu?: Cpu;
    memory?: Memory;
  };
  /**
   * GPUs in the node; services with placement.gpu run only where there are enough.
   */
  gpus?: {
    /**
     * GPU vendor; selects the extended resource (nvidia.com/gpu, amd.com/gpu, gpu.intel.com/i915).
     */
    vendor: "nvidia" | "amd" | "intel";
    /**
     * Model, for the docs. At most 256 characters.
     */
    model?: string;
    /**
     * Number of GPUs of this kind.
     */
    count?: number;
  }[];
  /**
   * An IPv4 or IPv6 network in CIDR notation with no host bits set, e.g. 10.42.0.0/16 or fd00:10::/56.
   */
  podCIDR?: string;
  /**
   * Free text for the docs. At most 4096 characters.
   */
  description?: string;
}
/**
 * K3s nodes only: keys added to this node's /etc/rancher/k3s/config.yaml, over the cluster's k3s.extraConfig. Each must be a flag of the node's role (k3s server or k3s agent).
 */
export interface K3SConfig1 {
  [k: string]: string | number | boolean | string[];
}
/**
 * Kubernetes labels (key: value).
 */
export interface Labels {
  [k: string]: string;
}
/**
 * A Kubernetes namespace.
 */
export interface Namespace {
  name: Name;
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  cluster?: string;
  /**
   * What the namespace is for (docs). At most 4096 characters.
   */
  purpose?: string;
  /**
   * Instantiate this namespace once per listed environment as <name>-<environment>.
   */
  environments?: Name[];
  /**
   * Pod Security Standard enforced on the namespace.
   */
  podSecurity?: "privileged" | "baseline" | "restricted";
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  layer?: string;
  /**
   * Deny all ingress and egress except declared flows and the implicit ones (DNS, ingress controller, monitoring).
   */
  defaultDeny?: boolean;
  /**
   * Allow egress to cluster DNS.
   */
  allowDNS?: boolean;
  /**
   * This namespace runs monitoring: its services may scrape every namespace's metrics ports.
   */
  monitoring?: boolean;
  /**
   * SOPS-encrypted Secret manifests, as paths relative to the spec's directory: copied byte for byte into the namespace's root and listed in its kustomization. A file that is not SOPS-encrypted (no sops metadata, or a plain value under data/stringData) is rejected. Needs gitops.decryption (Flux). At most 256 files.
   *
   * @maxItems 256
   */
  secrets?: string[];
  /**
   * Extra Kubernetes manifests (YAML, one or more objects each), as paths relative to the spec's directory: copied into the namespace's root as manifest.<file name> and listed in its kustomization, so they are applied with the namespace. Each object needs apiVersion, kind and metadata.name; a namespaced object's metadata.namespace must be absent (platformc fills in the namespace) or the namespace's own. At most 256 files.
   *
   * @maxItems 256
   */
  manifests?: string[];
  /**
   * ExternalSecrets written into the namespace's root (external-secrets.io, at the API version the cluster's external-secrets release serves), each a Secret that external-secrets fills from a ClusterSecretStore. Needs a helm service with chart external-secrets in the cluster. At most 256.
   *
   * @maxItems 256
   */
  externalSecrets?: {
    /**
     * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
     */
    name: string;
    /**
     * Name of the ClusterSecretStore to read from (yours: platformc does not write it). At most 253 characters.
     */
    store: string;
    /**
     * How often external-secrets reads the store again. At most 64 characters.
     */
    refreshInterval?: string;
    /**
     * The Secret's keys and where in the store each comes from. 1 to 256 items.
     *
     * @minItems 1
     * @maxItems 256
     */
    data: [
      {
        /**
         * The key in the Secret created. At most 253 characters.
         */
        secretKey: string;
        /**
         * The key in the store. At most 1024 characters.
         */
        key: string;
        /**
         * The property of that key. At most 1024 characters.
         */
        property?: string;
      },
      ...{
        /**
         * The key in the Secret created. At most 253 characters.
         */
        secretKey: string;
        /**
         * The key in the store. At most 1024 characters.
         */
        key: string;
        /**
         * The property of that key. At most 1024 characters.
         */
        property?: string;
      }[]
    ];
  }[];
  labels?: Labels1;
}
/**
 * Kubernetes labels (key: value).
 */
export interface Labels1 {
  [k: string]: string;
}
/**
 * A workload and the Kubernetes Service in front of it.
 */
export interface Service {
  name: Name;
  namespace: Name;
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  cluster?: string;
  /**
   * What the service is, shown on diagrams and tables. At most 4096 characters.
   */
  description?: string;
  /**
   * Workload kind. cronjob: a batch/v1 CronJob that runs the image on `schedule`; job: a batch/v1 Job that runs it to completion once (again whenever its spec changes: platformc marks it for the GitOps tool to recreate). Neither takes ports, ingress, replicas or autoscaling; their pods are sources of flows like any other. helm: installed from a chart (chart required). managed: a custom resource an operator turns into pods (resource required; the operator must be a helm service of the same cluster), e.g. a CloudNativePG Cluster. bundled: shipped by the distribution (e.g. K3s's Traefik, CoreDNS); not emitted, but flows and policies can name it.
   */
  kind?: "deployment" | "statefulset" | "daemonset" | "cronjob" | "job" | "helm" | "managed" | "bundled";
  /**
   * Container image reference, e.g. ghcr.io/org/app:1.2.3. At most 1024 characters.
   */
  image?: string;
  /**
   * Helm chart (kind helm).
   */
  chart?: {
    /**
     * Chart repository URL (https:// or oci://). At most 2048 characters.
     */
    repo: string;
    /**
     * Chart name in the repository. At most 256 characters.
     */
    name: string;
    /**
     * Chart version, pinned: GitOps must be reproducible. At most 128 characters.
     */
    version: string;
    /**
     * How often the repository is refreshed. At most 64 characters.
     */
    interval?: string;
    /**
     * Helm values, passed through unchanged.
     */
    values?: {};
    /**
     * Helm values taken from Secrets or ConfigMaps you keep in the release's namespace (Flux HelmRelease spec.valuesFrom), merged in order before values. Flux only: Argo CD has no equivalent. At most 64 items.
     *
     * @maxItems 64
     */
    valuesFrom?: {
      /**
       * Kind of the object holding the values (default Secret).
       */
      kind?: "Secret" | "ConfigMap";
      /**
       * Its name, in the release's namespace; platformc does not write it. At most 253 characters.
       */
      name: string;
      /**
       * The data key holding a values.yaml or one value. Flux defaults it to values.yaml. At most 253 characters.
       */
      valuesKey?: string;
      /**
       * Dot-notation path the single value of valuesKey is merged at; without it the key holds values merged at the root. At most 250 characters.
       */
      targetPath?: string;
    }[];
  };
  /**
   * For a bundled service whose distribution installs it from a Helm chart it owns (K3s's Traefik): values for that chart, given to it by a HelmChartConfig of the chart's name in kube-system, which K3s merges over its own (docs.k3s.io, Customizing Packaged Components with HelmChartConfig). The load-balancer address the spec pins for the service is added to service.annotations and wins over these. Any other service: PC0305 (a helm service takes chart.values).
   */
  values?: {};
  /**
   * The custom resource of a managed service: platformc writes it, named after the service and in its namespace, into the service's layer. The component catalog knows, for the kinds it lists, which pods and Services the operator makes of it (their labels, names and ports) and which connections they need; for any other kind set selector: to the pods' labels.
   */
  resource?: {
    /**
     * <group>/<version> of the kind, e.g. postgresql.cnpg.io/v1; it must be a version the installed operator serves. At most 256 characters.
     */
    apiVersion: string;
    /**
     * The kind, e.g. Cluster. At most 128 characters.
     */
    kind: string;
    /**
     * The object's spec, written as given (the operator's CRD defines it; catalogued kinds also read it: the instances, the Services it enables).
     */
    spec?: {};
  };
  /**
   * Replica count. Defaults to 1, or to autoscaling.min.
   */
  replicas?: number;
  /**
   * When a cronjob runs, as the Kubernetes API server reads it (robfig/cron's standard syntax): five fields, minute (0-59) hour (0-23) day-of-month (1-31) month (1-12 or JAN-DEC) day-of-week (0-6 or SUN-SAT), each `*`, a number or name, a range a-b, a list, or a step (* /15, 5-50/10); or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <Go duration>. Required for kind cronjob, refused for other kinds. A TZ= or CRON_TZ= prefix is refused, as Kubernetes refuses it: use job.timeZone.
   */
  schedule?: string;
  /**
   * How a cronjob or job runs (kinds cronjob and job only).
   */
  job?: {
    /**
     * cronjob only: the IANA time zone `schedule` is read in, e.g. Europe/Berlin (CronJob spec.timeZone); checked as the API server checks it. Default: the time zone of kube-controller-manager, which K3s runs inside the k3s process of each server (so the host's local time) and Talos in a container (UTC).
     */
    timeZone?: string;
    /**
     * cronjob only: what happens when a run is due while the last still runs. Defaults to Forbid (skip the new run), not Kubernetes's Allow: two backups or dumps of one database at once are rarely wanted.
     */
    concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
    /**
     * cronjob only: how late a missed run may still start (after a controller restart, say). Defaults to no deadline.
     */
    startingDeadlineSeconds?: number;
    /**
     * cronjob only: true keeps the CronJob but starts no runs. Defaults to false.
     */
    suspend?: boolean;
    /**
     * Retries of a failed run before the Job counts as failed (Kubernetes's default, 6).
     */
    backoffLimit?: number;
    /**
     * How long one run may take, retries included, before it is stopped. Defaults to no limit.
     */
    activeDeadlineSeconds?: number;
    /**
     * OnFailure restarts a failed container in its pod; Never starts a new pod per retry (keeps the failed pod's logs).
     */
    restartPolicy?: "OnFailure" | "Never";
  };
  /**
   * Horizontal autoscaling on CPU. replicas, when given, must lie between min and max.
   */
  autoscaling?: {
    /**
     * Fewest replicas.
     */
    min: number;
    /**
     * Most replicas.
     */
    max: number;
    /**
     * Target average CPU utilisation in percent.
     */
    targetCPU?: number;
  };
  /**
   * Ports the service exposes. Names must be unique; so must number and protocol.
   */
  ports?: ServicePort[];
  /**
   * The container's entrypoint instead of the image's (Kubernetes `command`), e.g. [/bin/sh, -c]. Only for kinds that take an image (PC0305 otherwise). Default: the image's ENTRYPOINT.
   *
   * @maxItems 64
   */
  command?: string[];
  /**
   * Arguments to the entrypoint (Kubernetes `args`), e.g. [server, /data, --console-address, ':9001'] for MinIO. Only for kinds that take an image (PC0305 otherwise). Default: the image's CMD.
   *
   * @maxItems 256
   */
  args?: string[];
  /**
   * Environment variables: a plain string, a key of a Secret or ConfigMap you keep in the namespace (secretKeyRef, configMapKeyRef), or a value of a secret store (externalSecret, with external-secrets in the cluster: platformc writes an ExternalSecret <service>-env). Never put secrets in plain strings: a name that looks like one (PASSWORD, SECRET, TOKEN, KEY) with a plain value gets a warning.
   */
  env?: {
    [k: string]: EnvValue;
  };
  /**
   * Per replica.
   */
  resources?: {
    /**
     * What the scheduler reserves per replica; the capacity check sums these.
     */
    requests?: {
      cpu?: Cpu;
      memory?: Memory;
    };
    /**
     * Upper bounds per replica.
     */
    limits?: {
      cpu?: Cpu;
      memory?: Memory;
    };
  };
  /**
   * Persistent volumes: a PVC per volume (deployments) or volumeClaimTemplates (statefulsets).
   */
  storage?: {
    name: Name;
    size: Memory;
    /**
     * StorageClass. The cluster default when omitted. At most 253 characters.
     */
    class?: string;
    /**
     * Where the volume is mounted in the container. At most 4096 characters.
     */
    mountPath: string;
    /**
     * PersistentVolume access mode.
     */
    accessMode?: "ReadWriteOnce" | "ReadWriteMany" | "ReadOnlyMany" | "ReadWriteOncePod";
  }[];
  /**
   * Where the pods may run.
   */
  placement?: {
    nodeSelector?: Labels2;
    /**
     * Run only on these nodes.
     */
    nodes?: Name[];
    /**
     * GPUs per replica; the service then runs only on nodes with enough GPUs. No GPU when omitted.
     */
    gpu?: number;
    /**
     * Taints the pods tolerate.
     */
    tolerations?: {
      /**
       * Taint key tolerated. At most 316 characters.
       */
      key: string;
      /**
       * Taint value tolerated; any value when omitted. At most 256 characters.
       */
      value?: string;
      /**
       * Taint effect tolerated; every effect when omitted.
       */
      effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
    }[];
  };
  /**
   * Relaxations of the restrictive default security context (non-root, RuntimeDefault seccomp, no privilege escalation, all capabilities dropped, read-only root).
   */
  security?: {
    /**
     * A named relaxation for images that cannot run the restrictive way; the fields below override it. runs-as-root: runAsNonRoot false and readOnlyRootFilesystem false, for images whose entrypoint starts as root and then drops to its own user (postgres, mariadb, nextcloud); needs podSecurity baseline. writable-root: readOnlyRootFilesystem false only, for images that write outside their volumes. None when omitted.
     */
    preset?: "runs-as-root" | "writable-root";
    /**
     * Refuse to start the container as root. Defaults to true (false under preset runs-as-root).
     */
    runAsNonRoot?: boolean;
    /**
     * UID to run as; the image's user when omitted.
     */
    runAsUser?: number;
    /**
     * Mount the container's root filesystem read-only. Defaults to true (false under either preset).
     */
    readOnlyRootFilesystem?: boolean;
    /**
     * Allow setuid binaries and the like to gain privileges.
     */
    allowPrivilegeEscalation?: boolean;
    /**
     * Run the container privileged (needs podSecurity privileged).
     */
    privileged?: boolean;
    /**
     * Capabilities added back after dropping ALL.
     */
    capabilities?: string[];
    /**
     * Use the node's network namespace; the service then answers on node addresses.
     */
    hostNetwork?: boolean;
  };
  /**
   * Outbound connections this service makes. Each becomes an egress rule here and an ingress rule at the target; nothing else is allowed.
   */
  flows?: Flow[];
  /**
   * HTTP routes from the cluster's ingress controller to this service.
   */
  ingress?: IngressRoute[];
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  layer?: string;
  labels?: Labels3;
  selector?: Labels4;
}
/**
 * A port of a service: what the Service exposes and the container listens on.
 */
export interface ServicePort {
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  name?: string;
  /**
   * Service port.
   */
  port: number;
  /**
   * Container port. Defaults to port.
   */
  targetPort?: number;
  /**
   * Transport protocol.
   */
  protocol?: "TCP" | "UDP" | "SCTP";
  /**
   * Application protocol, e.g. http, grpc, postgresql (docs and Service appProtocol). At most 256 characters.
   */
  appProtocol?: string;
  /**
   * How the port is reachable from outside the cluster.
   */
  expose?: "ClusterIP" | "NodePort" | "LoadBalancer";
  /**
   * Pin the NodePort (expose NodePort). Allocated from the cluster's nodePortRange when omitted.
   */
  nodePort?: number;
  /**
   * An IPv4 or IPv6 address, e.g. 192.168.0.10 or fd00::10.
   */
  loadBalancerIP?: string;
  /**
   * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
   */
  pool?: string;
  /**
   * Also bind the port on the node (unique per node); not bound when omitted.
   */
  hostPort?: number;
  /**
   * Port serves Prometheus metrics; monitoring namespaces may scrape it.
   */
  metrics?: boolean;
}
/**
 * A key of a Secret or ConfigMap in the same namespace.
 */
export interface KeyRef {
  /**
   * The object's name (a DNS subdomain). At most 253 characters.
   */
  name: string;
  /**
   * The data key: letters, digits, '-', '_' and '.'. At most 253 characters.
   */
  key: string;
}
/**
 * A value in a secret store that external-secrets reads through a ClusterSecretStore. Needs a helm service with chart external-secrets in the cluster; platformc writes the ExternalSecret, never the value.
 */
export interface RemoteRef {
  /**
   * Name of the ClusterSecretStore (yours: platformc does not write it). At most 253 characters.
   */
  store: string;
  /**
   * The key in the store (remoteRef.key), e.g. a 1Password item. At most 1024 characters.
   */
  key: string;
  /**
   * The property of that key (remoteRef.property), e.g. a field of the item. At most 1024 characters.
   */
  property?: string;
}
/**
 * Kubernetes labels (key: value).
 */
export interface Labels2 {
  [k: string]: string;
}
/**
 * An allowed connection to a service or external endpoint: one port, one protocol.
 */
export interface Flow {
  /**
   * Target: a service as <service> (same namespace), <namespace>/<service> or <cluster>/<namespace>/<service>; or an external endpoint as external:<name>; or kubernetes-api, the cluster's API server (services only; TCP; port defaults to apiEndpoint.port and may be written as that or as 443, the `kubernetes` Service port). Egress policy sees the destination after the Service's DNAT, so NetworkPolicies allow each control-plane node address and the VIP on apiEndpoint.port, and CiliumNetworkPolicies allow toEntities: [kube-apiserver] on that port. At most 256 characters.
   */
  to: string;
  /**
   * Target port number or port name. Defaults to the target's only port; required when it has several. At most 256 characters.
   */
  port?: number | string;
  /**
   * Defaults to the target port's protocol.
   */
  protocol?: "TCP" | "UDP" | "SCTP";
  /**
   * What the flow carries (SQL, gRPC, S3 ...), shown on diagrams. At most 256 characters.
   */
  label?: string;
}
/**
 * An HTTP(S) route from the cluster's ingress controller to the service.
 */
export interface IngressRoute {
  /**
   * Hostname. A name without dots is placed under platform.domain.
   */
  host: string;
  /**
   * Path prefix. At most 4096 characters.
   */
  path?: string;
  /**
   * Service port number or name. Defaults to the service's only port (or the one named http). At most 256 characters.
   */
  port?: number | string;
  /**
   * Serve the host over HTTPS (with the cluster's certIssuer when set).
   */
  tls?: boolean;
  /**
   * Forward-auth middleware: a service reference (<namespace>/<service>) of the auth provider, e.g. auth/authelia. At most 256 characters.
   */
  auth?: string;
}
/**
 * Kubernetes labels (key: value).
 */
export interface Labels3 {
  [k: string]: string;
}
/**
 * Kubernetes labels (key: value).
 */
export interface Labels4 {
  [k: string]: string;
}
/**
 * An endpoint outside the clusters.
 */
export interface External {
  name: Name;
  /**
   * Free text for the docs. At most 4096 characters.
   */
  description?: string;
  /**
   * A CIDR (192.168.0.48/28), an inclusive range of addresses (192.168.0.50-192.168.0.60), or a single address.
   */
  address?: string;
  /**
   * DNS name of the endpoint, for docs and DNS records.
   */
  hostname?: string;
  /**
   * Ports the endpoint serves; flows to it must use one of them when listed.
   */
  ports?: {
    name?: Name;
    port: Port;
    /**
     * Transport protocol.
     */
    protocol?: "TCP" | "UDP" | "SCTP";
  }[];
  /**
   * Connections this endpoint opens into the platform's services (e.g. a developer machine reaching a NodePort over Tailscale). Each becomes an ingress rule at the target.
   */
  flows?: Flow[];
}
/**
 * DNS zones platformc emits.
 */
export interface Dns {
  /**
   * Zones platformc emits records for.
   */
  zones?: {
    name: DnsName;
    /**
     * bind: a zone file; external-dns: DNSEndpoint objects for the cluster named by cluster.
     */
    provider?: "bind" | "external-dns";
    /**
     * A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Names become Kubernetes object names and output paths.
     */
    cluster?: string;
    /**
     * NS records; the first is the SOA primary. A nameserver inside the zone needs an A/AAAA record in records. When empty: ns1.<zone> if records give ns1 an address, else localhost (a zone loaded by the server clients already ask, not delegated to).
     */
    nameservers?: DnsName[];
    /**
     * SOA contact mailbox, e.g. hostmaster@example.com. Defaults to hostmaster@<zone>. At most 320 characters.
     */
    admin?: string;
    /**
     * Default TTL of the zone's records, in seconds.
     */
    ttl?: number;
    /**
     * Add *.<zone> pointing at the ingress address of the cluster serving the zone's hosts.
     */
    wildcard?: boolean;
    /**
     * Records beside the ones platformc derives from ingress hosts.
     */
    records?: DnsRecord[];
  }[];
}
/**
 * An extra DNS record of a zone.
 */
export interface DnsRecord {
  /**
   * Owner name relative to the zone ('@' for the apex, '*' for a wildcard) or fully qualified with a final dot.
   */
  name: string;
  /**
   * Record type.
   */
  type: "A" | "AAAA" | "CNAME" | "TXT" | "MX" | "CAA" | "SRV" | "NS" | "PTR";
  /**
   * Record data in zone-file presentation form, e.g. '10 mail.example.com.' for MX.
   *
   * @minItems 1
   */
  values: [string, ...string[]];
  /**
   * Defaults to the zone's ttl.
   */
  ttl?: number;
}
/**
 * An environment (prod, staging ...) that namespaces can be instantiated for.
 */
export interface Environment {
  name: Name;
  /**
   * Free text for the docs. At most 4096 characters.
   */
  description?: string;
  /**
   * Changes this environment makes to the services of namespaces instantiated for it.
   */
  overrides?: {
    /**
     * Service as <namespace>/<service>, naming the base namespace. At most 256 characters.
     */
    service: string;
    /**
     * Replica count in this environment; the base's when omitted.
     */
    replicas?: number;
    /**
     * Image tag in this environment; the base's when omitted. At most 128 characters.
     */
    imageTag?: string;
    /**
     * Environment variables added or replaced in this environment, as service env.
     */
    env?: {
      [k: string]: EnvValue;
    };
  }[];
  /**
   * Prefix for ingress hosts of this environment, e.g. 'staging.' or 'staging-'. Defaults to '<name>-' for every environment but the first. At most 253 characters.
   */
  hostPrefix?: string;
}
/**
 * One warning silenced on purpose: its code, why, and optionally where.
 */
export interface Ignore {
  /**
   * The warning's code, e.g. PC0701 (`platformc explain` lists them).
   */
  code: string;
  /**
   * Why the warning is kept: shown beside it in the docs. Required, not blank. At most 4096 characters.
   */
  reason: string;
  /**
   * Only the warnings located in this object of the spec; every warning of the code when omitted. One of cluster:<cluster>, node:[<cluster>/]<node>, namespace:[<cluster>/]<namespace>, service:[<cluster>/]<namespace>/<service>, external:<name> or zone:<name>; the cluster may be left out when the name is in one cluster only. A cluster covers its nodes, namespaces and services, a namespace its services. An environment's instance of a namespace (<namespace>-<environment>) shares its declaration with the other instances, so it covers their warnings too; the base name covers all instances. A warning with no location is matched only by an entry without `at`. At most 256 characters.
   */
  at?: string;
}
