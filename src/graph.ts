// The IR: the platform with every name resolved, every default applied and every allocation made.
// Generators read this and nothing else. It is plain data (no classes, no methods); `loc` fields point back
// into the spec for diagnostics and are ignored by generators.
import type { Loc } from "./source.js";
import type { Family, IpRange } from "./lib/net/ip.js";

export interface Cidr {
  text: string;
  family: Family;
  base: bigint;
  prefix: number;
  range: IpRange;
}

export interface Address {
  text: string;
  family: Family;
  value: bigint;
}

export interface Graph {
  platform: { name: string; domain?: string; description?: string; specPath: string };
  networks: NetworkNode[];
  clusters: ClusterNode[];
  externals: ExternalNode[];
  zones: ZoneNode[];
  environments: EnvironmentNode[];
}

export interface NetworkNode {
  name: string;
  cidr: Cidr;
  kind: "lan" | "vlan" | "overlay";
  vlan?: number;
  gateway?: Address;
  nameservers: Address[];
  reverseDNS: boolean;
  description?: string;
  loc: Loc;
}

export interface PoolNode {
  name: string;
  /** as written, normalised */
  addresses: Array<{ text: string; range: IpRange; kind: "cidr" | "range" | "single" }>;
  autoAssign: boolean;
  loc: Loc;
}

export interface LayerNode {
  name: string;
  dependsOn: string[];
  installsCRDs: boolean;
  description?: string;
  /** position in a topological order (0 first) */
  order: number;
  /** Flux: this layer's own reconcile interval, retry interval and timeout, when the spec sets them */
  interval?: string;
  retryInterval?: string;
  timeout?: string;
}

export interface ClusterNode {
  name: string;
  distribution: "k3s" | "talos";
  version?: string;
  kubernetesVersion?: string;
  cni: {
    name: "flannel" | "cilium";
    version?: string;
    flannelBackend: "vxlan" | "host-gw" | "wireguard-native" | "none";
    kubeProxyReplacement: boolean;
    ipam: "kubernetes" | "cluster-pool";
    hubble: boolean;
    policy: "kubernetes" | "cilium" | "both";
  };
  podCIDR: Cidr;
  serviceCIDR: Cidr;
  nodeMaskSize: number;
  clusterDomain: string;
  nodePortRange: { min: number; max: number };
  apiEndpoint: { host: string; port: number; vip?: Address; extraSANs: string[] };
  loadBalancer?: { type: "metallb" | "cilium" | "servicelb"; mode: "l2" | "bgp"; pools: PoolNode[] };
  bgp?: { asn: number; peers: Array<{ name: string; address: Address; asn: number }>; advertise: string[] };
  mesh?: { name: string; id: number; idAllocated: boolean };
  ingress?: {
    type: "traefik" | "nginx" | "gateway-api";
    service: string;
    className: string;
    certIssuer?: string;
    /** set when platformc emits the ClusterIssuer certIssuer names, as an ACME issuer */
    acme?: { email: string; server: string; solver: "http01" | "cloudflare"; secretName: string };
  };
  gitops?: {
    tool: "flux" | "argocd";
    repo: string;
    branch: string;
    path: string;
    interval: string;
    layers: LayerNode[];
    /** Flux: how every Kustomization decrypts SOPS-encrypted Secrets; the key Secret (in flux-system) is the user's */
    decryption?: { provider: "sops"; secretRef: string };
  };
  /** layer names in deployment order; ["apps"] when the spec declares none */
  layerOrder: string[];
  /** the DNS server the cluster's pods resolve names with; network policies allow egress to it */
  dns: ClusterDNS;
  /** Talos clusters only: the release and contract their machine configs are written for */
  talos?: TalosSettings;
  /** K3s clusters only: config.yaml keys the spec adds (k3s.extraConfig), checked against the K3s flags */
  k3s?: { extraConfig: Record<string, K3sValue> };
  nodes: NodeNode[];
  namespaces: NamespaceNode[];
  /** sorted by id */
  services: ServiceNode[];
  description?: string;
  loc: Loc;
}

export interface TalosSettings {
  /** as declared with a leading v and a patch number, e.g. v1.13.9 (default v1.13.9) */
  version: string;
  /** the talosctl --talos-version contract the configs follow: the declared minor, capped at the newest platformc knows */
  contract: { major: number; minor: number };
  /** without a leading v, e.g. 1.36.3; defaults to what the Talos release ships */
  kubernetesVersion: string;
  /** installer image of the cluster (ghcr.io/siderolabs/installer:<version> unless the spec says otherwise) */
  installImage: string;
  /** the spec's own machine-config patches (talos.patches), merged into platformc's after its own */
  patches: { all: TalosDoc[]; controlplane: TalosDoc[]; worker: TalosDoc[] };
}

/** One machine-config document as the spec writes it (a strategic merge patch). */
export type TalosDoc = Record<string, unknown>;

/** A config.yaml value: what a K3s flag of some type takes. */
export type K3sValue = string | number | boolean | string[];

export interface ClusterDNS {
  /** service id, when the spec declares the cluster's DNS server (a service named coredns or kube-dns) */
  service?: string;
  /** namespace of the DNS pods; kube-system (K3s and Talos run CoreDNS there) unless declared */
  namespace: string;
  /** labels of the DNS pods: the declared service's selector, else k8s-app: kube-dns (K3s and Talos) */
  selector: Record<string, string>;
  /** pod ports the DNS server answers on: 53 over UDP and TCP unless the declared service maps port 53 elsewhere */
  ports: Array<{ port: number; protocol: "UDP" | "TCP" }>;
}

export interface NodeNode {
  name: string;
  cluster: string;
  role: "controlplane" | "worker";
  arch: "amd64" | "arm64";
  address: Address;
  network?: string;
  interface?: string;
  addresses: Array<{ address: Address; network?: string; interface?: string }>;
  flannelInterface?: string;
  installDisk?: string;
  etcd: boolean;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  capacity: { cpuMilli?: number; memoryBytes?: number };
  gpus: Array<{ vendor: "nvidia" | "amd" | "intel"; model?: string; count: number }>;
  /** the pod CIDR the spec records the controller manager assigned this node; platformc never chooses one */
  podCIDR?: Cidr;
  /** nodes of Talos clusters only: where and from which image the OS installs, and the node's own patches (talosPatches) */
  talos?: { installDisk: string; installImage: string; patches: TalosDoc[] };
  /** nodes of K3s clusters only: config.yaml keys of this node (k3sConfig), over the cluster's extraConfig */
  k3sConfig?: Record<string, K3sValue>;
  description?: string;
  loc: Loc;
}

export interface NamespaceNode {
  name: string;
  cluster: string;
  /** the name in the spec, before environment instantiation */
  base: string;
  environment?: string;
  purpose?: string;
  podSecurity: "privileged" | "baseline" | "restricted";
  layer: string;
  defaultDeny: boolean;
  allowDNS: boolean;
  monitoring: boolean;
  labels: Record<string, string>;
  /** SOPS-encrypted manifests the user keeps beside the spec, read at build time: placed as they are */
  secrets: SecretFile[];
  externalSecrets: ExternalSecretNode[];
  /** the spec's extra manifests (namespaces[].manifests), checked and placed in the namespace's root */
  manifests: ManifestFile[];
  loc: Loc;
}

export interface ManifestFile {
  /** as written in the spec, relative to its directory */
  source: string;
  /** file name in the namespace's root */
  file: string;
  /** the file's text; objects that named no namespace have this namespace's filled in */
  content: string;
  /** what the file holds, in order */
  objects: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>;
  loc: Loc;
}

export interface SecretFile {
  /** as written in the spec, relative to its directory */
  source: string;
  /** file name in the namespace's root */
  file: string;
  /** the file's text, unchanged (checked to be SOPS-encrypted) */
  content: string;
  loc: Loc;
}

/** An env value: plain, or a key of an object the user keeps in the namespace (platformc never writes it). */
export type EnvValue = string | { secretKeyRef: KeyRef } | { configMapKeyRef: KeyRef } | { externalSecret: RemoteRef };
/** A value of a secret store, read by external-secrets through a ClusterSecretStore the user keeps */
export interface RemoteRef {
  store: string;
  key: string;
  property?: string;
}

/** A namespace's ExternalSecret: a Secret external-secrets fills from a ClusterSecretStore */
export interface ExternalSecretNode {
  name: string;
  store: string;
  refreshInterval: string;
  data: Array<{ secretKey: string; key: string; property?: string }>;
  loc: Loc;
}
export interface KeyRef {
  name: string;
  key: string;
}

export interface ValuesFrom {
  kind: "Secret" | "ConfigMap";
  name: string;
  valuesKey?: string;
  targetPath?: string;
}

export interface PortNode {
  name: string;
  port: number;
  targetPort: number;
  protocol: "TCP" | "UDP" | "SCTP";
  appProtocol?: string;
  expose: "ClusterIP" | "NodePort" | "LoadBalancer";
  nodePort?: number;
  nodePortAllocated: boolean;
  loadBalancerIP?: Address;
  loadBalancerIPAllocated: boolean;
  pool?: string;
  hostPort?: number;
  metrics: boolean;
  loc: Loc;
}

export type FlowTarget =
  | { kind: "service"; id: string; cluster: string; namespace: string; name: string; port: number; portName: string; targetPort: number; protocol: PortNode["protocol"] }
  | { kind: "external"; name: string; port: number; protocol: PortNode["protocol"]; ranges: IpRange[]; addressText?: string }
  /**
   * `to: kubernetes-api`: the cluster's API server. Egress policy sees the destination after kube-proxy's (or
   * Cilium's) DNAT of the `kubernetes` Service, i.e. a control-plane node on the API server's own port, so the
   * target carries those addresses (every address of every control-plane node, and the VIP), sorted, and port =
   * apiEndpoint.port.
   */
  | { kind: "apiserver"; cluster: string; port: number; protocol: "TCP"; addresses: Address[] };

export interface FlowEdge {
  target: FlowTarget;
  label?: string;
  loc: Loc;
}

export interface IngressRouteNode {
  host: string;
  path: string;
  port: number;
  portName: string;
  targetPort: number;
  tls: boolean;
  /** service id of the forward-auth provider */
  auth?: string;
  loc: Loc;
}

export interface Resources {
  requests: { cpuMilli?: number; memoryBytes?: number; cpu?: string; memory?: string };
  limits: { cpuMilli?: number; memoryBytes?: number; cpu?: string; memory?: string };
}

export interface JobSettings {
  schedule?: string;
  timeZone?: string;
  concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
  startingDeadlineSeconds?: number;
  suspend?: boolean;
  backoffLimit: number;
  activeDeadlineSeconds?: number;
  restartPolicy: "OnFailure" | "Never";
}

export interface ServiceNode {
  /** <cluster>/<namespace>/<name> */
  id: string;
  name: string;
  namespace: string;
  cluster: string;
  /** base namespace name and environment, when instantiated from an environment-expanded namespace */
  baseNamespace: string;
  environment?: string;
  description?: string;
  kind: "deployment" | "statefulset" | "daemonset" | "cronjob" | "job" | "helm" | "managed" | "bundled";
  image?: string;
  /** kinds cronjob and job: how they run (schedule and its options for a cronjob only) */
  job?: JobSettings;
  /** kind managed: the custom resource platformc writes, named after the service in its namespace */
  resource?: { apiVersion: string; kind: string; spec: Record<string, unknown> };
  chart?: { repo: string; name: string; version: string; interval: string; values: unknown; valuesFrom: ValuesFrom[] };
  /** a bundled service's values for the chart its distribution installs it from (K3s's Traefik: a HelmChartConfig) */
  packagedValues?: Record<string, unknown>;
  replicas: number;
  autoscaling?: { min: number; max: number; targetCPU: number };
  ports: PortNode[];
  /** the container's command and args, when the spec replaces the image's (kinds with an image only) */
  command?: string[];
  args?: string[];
  env: Record<string, EnvValue>;
  resources: Resources;
  storage: Array<{ name: string; size: string; sizeBytes: number; class?: string; mountPath: string; accessMode: string }>;
  placement: {
    nodeSelector: Record<string, string>;
    nodes?: string[];
    gpu?: number;
    tolerations: Array<{ key: string; value?: string; effect?: string }>;
  };
  /** nodes of the cluster the pods may run on, sorted */
  eligibleNodes: string[];
  security: {
    runAsNonRoot: boolean;
    runAsUser?: number;
    readOnlyRootFilesystem: boolean;
    allowPrivilegeEscalation: boolean;
    privileged: boolean;
    capabilities: string[];
    hostNetwork: boolean;
  };
  flows: FlowEdge[];
  ingress: IngressRouteNode[];
  layer: string;
  labels: Record<string, string>;
  /** labels the pods carry and the Service selects on */
  selector: Record<string, string>;
  /**
   * true when the spec sets no selector and app.kubernetes.io/name: <name> is assumed; a Helm chart the catalog
   * knows gives its primary workload's labels instead, which are not assumed
   */
  selectorDefault: boolean;
  loc: Loc;
}

export interface ExternalNode {
  name: string;
  description?: string;
  address?: { text: string; range: IpRange };
  hostname?: string;
  ports: Array<{ name?: string; port: number; protocol: PortNode["protocol"] }>;
  /** connections the endpoint opens into services */
  flows: FlowEdge[];
  loc: Loc;
}

export interface RecordNode {
  /** fully qualified, lowercase, no final dot */
  fqdn: string;
  type: "A" | "AAAA" | "CNAME" | "TXT" | "MX" | "CAA" | "SRV" | "NS" | "PTR";
  values: string[];
  ttl: number;
  /** where it came from, for docs and conflict messages */
  source: string;
  loc: Loc;
}

export interface ZoneNode {
  name: string;
  provider: "bind" | "external-dns";
  cluster?: string;
  nameservers: string[];
  /** false when the spec lists no nameservers and `nameservers` holds the default ns1.<zone> */
  nameserversDeclared: boolean;
  admin: string;
  ttl: number;
  wildcard: boolean;
  records: RecordNode[];
  loc: Loc;
}

export interface EnvironmentNode {
  name: string;
  description?: string;
  hostPrefix: string;
  overrides: Array<{ service: string; replicas?: number; imageTag?: string; env: Record<string, EnvValue> }>;
}

export function serviceId(cluster: string, namespace: string, name: string): string {
  return `${cluster}/${namespace}/${name}`;
}
