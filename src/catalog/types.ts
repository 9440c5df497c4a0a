// The shape of what platformc knows about a component it wires (a chart, a CNI, a controller): data only, each
// fact with the version range it holds for and the source it was read from, so a fact can be checked and updated.

/** [from, until): a component version range; either bound may be open. */
export interface VersionRange {
  from?: string;
  until?: string;
}

/** The API version a kind is served at, per range of the component's version: the first range that holds wins. */
export interface ServedKind {
  group: string;
  kind: string;
  served: Array<{ range: VersionRange; version: string }>;
}

export interface Component {
  name: string;
  /** the Helm charts that install it: a spec service whose chart matches one is this component */
  charts: Array<{ repo: string; name: string }>;
  /** the versions of the component the facts below were checked against */
  known: VersionRange;
  kinds: ServedKind[];
  /** what a Helm release of the chart runs, when the catalog knows it */
  release?: ReleaseFacts;
  /** how its CRDs reach the cluster, when it defines any */
  crds?: CrdFacts;
  /**
   * Components whose release must be installed first because this chart's templates create their kinds (a CephCluster
   * needs the operator's CRDs): a Flux HelmRelease whose install fails exhausts its retries and stalls, so platformc
   * orders the two with HelmRelease dependsOn
   */
  requires?: Array<{ component: string; why: string }>;
  /**
   * The custom resource this entry describes, when it is an operator's object rather than a chart (a CNPG Cluster):
   * a spec service of kind managed whose resource has this API group and kind is this component. Its `release` facts
   * see the resource as a release: Release.name is the object's name, Release.values its `spec`, Release.version the
   * operator's chart version. `operator` names the catalog component whose release must run in the same cluster to
   * act on the object (and serves its kind); its flows to these pods are its `to-component` flows.
   */
  resource?: { group: string; kind: string; operator: string };
  /** where each fact comes from: release notes, the chart, the CRDs in the source tree */
  sources: string[];
}

/**
 * A component's CRDs: the API groups they define (its `kinds` say which kinds at which version), whether a release of
 * its chart installs them with the values the spec gives, and the manifest the project publishes with each release,
 * which platformc lists in a Kustomize root of a layer marked installsCRDs when nothing else installs them.
 */
export interface CrdFacts {
  groups: string[];
  byChart(r: Release): boolean;
  /** an https URL pinned to the version, never a moving "latest" */
  bundle(version: string): string;
}

/**
 * A Helm release as the chart's templates see it: its name (the spec service's name) and the values the spec gives.
 * Names and labels are functions of it because the charts' templates make them so (fullname rules, nameOverride).
 */
export interface Release {
  name: string;
  values: unknown;
  /** the release's namespace, when known: some charts put it in labels (Traefik's instance), never in selectors */
  namespace?: string;
  /** the chart version the spec pins: a default that only older charts need (a hook image since replaced) reads it */
  version?: string;
  /** the GitOps tool that applies the release: Argo CD runs Helm hooks on every sync, Flux only on installs and upgrades */
  gitops?: "flux" | "argocd";
  /** the distribution of the cluster it runs in: Talos keeps containerd's configuration elsewhere than K3s */
  distribution?: "k3s" | "talos";
}

export type Protocol = "TCP" | "UDP";

export interface ChartPort {
  name: string;
  port: number;
  protocol: Protocol;
  /**
   * the last port of a range the workload binds from `port` on (Ceph's messengers take any free port of 6800-7300):
   * a flow to it admits the whole range; no container port names it
   */
  endPort?: number;
}

export interface ChartWorkload {
  /** the catalog's name for it; flows and policy names use it */
  name: string;
  kind: "Deployment" | "StatefulSet" | "DaemonSet" | "Job";
  /** whether the chart renders it with these values */
  enabled(r: Release): boolean;
  /** the labels the chart's own selectors (Deployment, Service, NetworkPolicy) match its pods by */
  selector(r: Release): Record<string, string>;
  /** every label its pods carry that does not change with the chart version (helm.sh/chart and the app version do) */
  labels(r: Release): Record<string, string>;
  /** its container ports the facts below use */
  ports(r: Release): ChartPort[];
}

export interface ChartService {
  name(r: Release): string;
  /** the workload it selects */
  workload: string;
  /** targetPort is the container port's number */
  ports(r: Release): Array<ChartPort & { targetPort: number }>;
  /** the port a route takes when no port of a chart Service matches the one the spec routes */
  routes?: string;
}

/**
 * A connection the component needs for itself, which no spec declares: between its own workloads (on a named
 * container port of the target), from a workload to its cluster's API server, from the API server to a workload
 * (admission webhooks), or from a workload to addresses outside the clusters, which only holds when platformc
 * configures what makes it needed (`when`).
 */
export type ComponentFlow =
  | { kind: "internal"; from: string; to: string; port: string; why: string }
  | { kind: "to-apiserver"; from: string; why: string }
  | { kind: "from-apiserver"; to: string; port: string; why: string }
  | { kind: "to-internet"; from: string; ports: Array<{ port: number; protocol: Protocol }>; when: InternetCondition; why: string }
  /** from a workload to the nodes' own addresses: kubelets, host-network daemons, the control plane's components */
  | { kind: "to-nodes"; from: string; ports: NodePort[]; enabled?: (r: Release) => boolean; why: string }
  /** from host-network clients (on any node's address) to a named port of a workload: CSI node plugins, kernel mounts */
  | { kind: "from-nodes"; to: string; port: string; why: string }
  /** from a workload to the pods of the cluster's DNS server, on ports besides the ones it answers queries on */
  | { kind: "to-dns"; from: string; ports: Array<{ port: number; protocol: Protocol }>; enabled?: (r: Release) => boolean; why: string }
  /**
   * from a workload to a workload of every release of another catalogued component in the same cluster (Rook's operator
   * to the mons of the CephClusters that rook-ceph-cluster releases define), on a named port of that workload
   */
  | { kind: "to-component"; from: string; component: string; to: string; port: string; why: string };

/** a port (or with endPort a range) the nodes serve on their own addresses */
export interface NodePort {
  port: number;
  endPort?: number;
  protocol: Protocol;
}

/**
 * acme: platformc writes the cluster's ACME ClusterIssuer; acme-dns01 / acme-http01: with that solver; always: the
 * component cannot work without it (a runner controller's listener long-polls GitHub's API)
 */
export type InternetCondition = "acme" | "acme-dns01" | "acme-http01" | "always";

export interface ReleaseFacts {
  workloads: ChartWorkload[];
  services: ChartService[];
  flows: ComponentFlow[];
  /**
   * The workload a spec means by the release when it sets no selector: its labels replace the assumed
   * app.kubernetes.io/name=<service>, which the chart may well not set.
   */
  primary: string;
  /**
   * The workloads that open the connections the spec declares for the release (its flows to services, externals and
   * the API server) besides the pods its selector picks: the spec cannot say which workload of a release makes which
   * connection, so each of these makes them all (Authentik's worker uses the server's database and cache).
   */
  clients?: string[];
  /**
   * Connections a workload needs that the policies cannot express (none of the catalogued charts' today: ranges,
   * the nodes and other releases are flows): in a namespace with a default deny they stay cut, which PC1211 reports.
   */
  gaps?: Array<{
    from: string;
    why: string;
    /** whether the release's values leave the gap open (a runner config of the user's own, say); absent: always */
    enabled?: (r: Release) => boolean;
  }>;
  /**
   * The Pod Security Standard level the chart's pods need with these values, when it is not `restricted` (their
   * securityContexts are left empty, they run as root, use host networking...): a namespace enforcing a stricter level
   * refuses the pods (PC1003). Absent: every pod the release renders meets `restricted`.
   */
  podSecurity?: {
    level(r: Release): "restricted" | "baseline" | "privileged";
    /** what the pods do that a stricter level refuses, as PC1003 prints it after "sets": "hostPath /var/log (...)" */
    why: string;
  };
  /**
   * Values platformc lays under the spec's chart values so that a release comes up as the spec describes it (Loki as
   * one binary on a filesystem instead of the chart's object-store default, which does not render without a schema
   * config): the spec's values win key by key, the way a later `helm -f` file does. Every installer of the release
   * gets the merged values, and the facts above see them too.
   */
  defaults?(r: Release): Record<string, unknown>;
  /**
   * Values the chart cannot do without that only the user knows (PC1126 when the release's values lack one): the path
   * under the values, why, and an example the help shows.
   */
  required?: Array<{ path: string[]; why: string; example: string }>;
  /** required values that depend on the others (Cloudflare's token only for the cloudflare provider): what is missing */
  missing?(r: Release): Array<{ path: string[]; why: string; example: string }>;
  /**
   * For a managed resource: the spec overlay that makes the operator put these annotations on its Service `service`
   * (a Cilium global Service); absent when the operator offers no way to (PC1121 then).
   */
  annotateService?(r: Release, service: string, annotations: Record<string, string>): Record<string, unknown>;
  /**
   * For a managed resource: the pods the operator runs of it, each set with the resources of its containers as the
   * operator writes them into the pod (the resource's spec, with the operator's own defaults filled in), so that the
   * capacity check (PC0703) counts what the scheduler will reserve. The check applies Kubernetes' rules to them: a
   * quantity a container only limits is requested at its limit, a pod requests the sum of its containers, at least
   * its largest init container and its pod-level resources. For each quantity (CPU, memory) these pods request, they
   * replace the spec service's own `resources` times `replicas`, which count only for a quantity no pod here
   * requests, and for every quantity when this is absent (the catalog cannot say).
   */
  requests?(r: Release): PodResources[];
  /** the StorageClasses a release creates with these values, which volumes of the spec may name (PC1127 otherwise) */
  storageClasses?(r: Release): string[];
  /**
   * The StorageClasses the release's own volumes ask for, by where the values name them (a CNPG Cluster's
   * storage.storageClass): checked like the spec's volumes (PC1127). Volumes without a class take the default one.
   */
  volumeClasses?(r: Release): Array<{ path: string[]; class: string }>;
}

/** CPU and memory as a Kubernetes quantity ("500m", "2Gi", 1); anything else in the resource's spec is left out. */
export interface Quantities {
  cpu?: string | number;
  memory?: string | number;
}

/** A container's resources (corev1.ResourceRequirements) as far as scheduling reads them. */
export interface ContainerResources {
  requests?: Quantities;
  limits?: Quantities;
}

/** A set of like pods a managed resource runs (ReleaseFacts.requests). */
export interface PodResources {
  /** the catalog's workload they are */
  workload: string;
  /** how many: a count, or one per node the service may run on (a DaemonSet) */
  replicas: number | "per-node";
  containers: ContainerResources[];
  initContainers?: ContainerResources[];
  /** the pod-level spec.resources (Kubernetes' PodLevelResources), when the operator passes one on */
  pod?: ContainerResources;
}
