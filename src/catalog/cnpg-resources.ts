// CloudNativePG's custom resources as platformc sees them when a spec service of kind managed is one: a Cluster
// (postgresql.cnpg.io/v1) becomes instance Pods <name>-1..N that the operator makes, labels and fronts with the
// Services <name>-rw, -ro and -r; a Pooler becomes a PgBouncer Deployment <name> and Service <name> in front of a
// Cluster's Service. The operator is the cloudnative-pg chart's release (src/catalog/cloudnative-pg.ts): its webhooks
// must admit the objects and it polls every instance on the status port (its to-component flow).
//
// Release.name is the object's metadata.name, Release.values its spec, Release.version the operator's chart version,
// so `known` is in chart versions (0.23.0-0.25.0 ship operator 1.25.0-1.26.1, the OPERATOR map of cloudnative-pg.ts).
// The facts below read the same at operator v1.25.0 and v1.26.1.
//
// Not modelled: the <name>-any Service (only with the operator's CREATE_ANY_SERVICE, false by default); the Services
// of spec.managed.services.additional (a list of names the catalog's fixed Service list cannot hold); the Jobs of
// other bootstraps (import, pgbasebackup, full-recovery, snapshot-recovery), which reach sources outside the release;
// the alpha liveness pinger (annotation alpha.cnpg.io/livenessPinger, not in spec), by which the primary calls the
// other instances' status port. StorageClasses the spec names (storage.storageClass, walStorage.storageClass) are
// classes the volumes use, not ones the release creates.
import type { ChartPort, ChartWorkload, Component, Release } from "./types.js";
import { annotatedAt, labelsAt, resourcesAt, textValue, valueAt } from "./helm.js";

const GROUP = "postgresql.cnpg.io";
// chart versions, as Release.version carries them (operator 1.25.0-1.26.1)
const KNOWN = { from: "0.23.0", until: "0.26.0" };
const SRC = "cloudnative-pg/cloudnative-pg at v1.26.1, compared with v1.25.0 (the same)";

const tcp = (name: string, port: number): ChartPort => ({ name, port, protocol: "TCP" });
// pkg/specs/pods.go createPostgresContainers: postgresql (postgres.ServerPort), metrics (url.PostgresMetricsPort),
// status (url.StatusPort, the instance manager's HTTP server the probes and the operator call)
const instancePorts = () => [tcp("postgresql", 5432), tcp("metrics", 9187), tcp("status", 8000)];

const instances = (r: Release) => {
  const v = valueAt(r.values, ["instances"]);
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : 1;
};

// spec.managed.services.disabledDefaultServices: "ro" and "r" switch those Services off; the webhook refuses "rw"
function serviceOn(r: Release, type: "ro" | "r"): boolean {
  const off = valueAt(r.values, ["managed", "services", "disabledDefaultServices"]);
  return !(Array.isArray(off) && off.includes(type));
}

// pkg/specs/pods.go buildInstance labels the pod cnpg.io/cluster, cnpg.io/instanceName (per pod) and
// cnpg.io/podRole=instance; pkg/reconciler/instance/metadata.go then adds spec.inheritedMetadata.labels and the role
// (cnpg.io/instanceRole and the deprecated `role`, primary or replica, which moves on failover).
const clusterLabels = (r: Release, extra: Record<string, string> = {}) => ({
  ...labelsAt(r, ["inheritedMetadata", "labels"]),
  "cnpg.io/cluster": r.name,
  "cnpg.io/podRole": "instance",
  ...extra,
});

// pkg/specs/jobs.go CreatePrimaryJob: the pod template carries cnpg.io/cluster, cnpg.io/jobRole and the instance's
// cnpg.io/instanceName, nothing inherited (SetInheritedDataAndOwnership touches the Job object only)
function job(role: "initdb" | "join", enabled: ChartWorkload["enabled"]): ChartWorkload {
  const selector = (r: Release) => ({ "cnpg.io/cluster": r.name, "cnpg.io/jobRole": role });
  return { name: role, kind: "Job", enabled, selector, labels: selector, ports: () => [] };
}

// api/v1/cluster_defaults.go: no bootstrap, or any but recovery and pg_basebackup, is initdb; initdb.import runs
// the job as role import instead (CreatePrimaryJobViaInitdb)
const initdbBootstrap = (r: Release) =>
  valueAt(r.values, ["bootstrap", "recovery"]) === undefined &&
  valueAt(r.values, ["bootstrap", "pg_basebackup"]) === undefined &&
  valueAt(r.values, ["bootstrap", "initdb", "import"]) === undefined;

const postgresPort = (on: (r: Release) => boolean) => (r: Release) => (on(r) ? [{ name: "postgres", port: 5432, targetPort: 5432, protocol: "TCP" as const }] : []);

/** The size a storage section lacks: the webhook wants size, or a storage request in its pvcTemplate. */
function sizeMissing(r: Release, key: "storage" | "walStorage"): boolean {
  const size = valueAt(r.values, [key, "size"]);
  const request = valueAt(r.values, [key, "pvcTemplate", "resources", "requests", "storage"]);
  return (typeof size !== "string" || size === "") && (request === undefined || request === null || request === "" || request === 0);
}

// internal/controller/cluster_create.go reconcilePostgresServices passes each of -rw, -ro, -r (and -any) through
// Cluster.SetInheritedDataAndOwnership before serviceReconciler creates it or merges its annotations into the living
// Service; api/v1/cluster_funcs.go SetInheritedData -> utils.InheritAnnotations (pkg/utils/labels_annotations.go)
// copies GetFixedInheritedAnnotations, i.e. spec.inheritedMetadata.annotations, onto every one of them. There is no
// per-Service field for the default Services (spec.managed.services.additional makes extra Services with a
// serviceTemplate, under names of their own the catalog does not list), so the annotations reach all of the
// Cluster's Services, and every other object it makes (Pods, PVCs, Jobs, Secrets: "inherited by all objects related
// to the Cluster", api/v1/cluster_types.go), where Cilium's service annotations mean nothing.
function inheritAnnotations(r: Release, _service: string, annotations: Record<string, string>): Record<string, unknown> {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const inherited = obj(valueAt(r.values, ["inheritedMetadata"]));
  return { inheritedMetadata: { ...inherited, annotations: { ...obj(inherited.annotations), ...annotations } } };
}

export const cnpgCluster: Component = {
  name: "cnpg-cluster",
  charts: [],
  known: KNOWN,
  kinds: [],
  resource: { group: GROUP, kind: "Cluster", operator: "cloudnative-pg" },
  release: {
    annotateService: inheritAnnotations,
    // every instance, whichever is primary: the selector of the -r Service and of the operator's anti-affinity
    primary: "instance",
    workloads: [
      {
        name: "instance",
        // Pods the operator makes one by one (no StatefulSet); the nearest kind
        kind: "StatefulSet",
        enabled: () => true,
        selector: (r) => ({ "cnpg.io/cluster": r.name, "cnpg.io/podRole": "instance" }),
        labels: (r) => clusterLabels(r),
        ports: instancePorts,
      },
      {
        // the pod the -rw Service selects: the operator moves cnpg.io/instanceRole=primary to the new primary on
        // failover, so the policies follow it
        name: "primary",
        kind: "StatefulSet",
        enabled: () => true,
        selector: (r) => ({ "cnpg.io/cluster": r.name, "cnpg.io/instanceRole": "primary" }),
        labels: (r) => clusterLabels(r, { "cnpg.io/instanceRole": "primary", role: "primary" }),
        ports: instancePorts,
      },
      job("initdb", initdbBootstrap),
      // each instance after the first joins by pg_basebackup from the primary
      job("join", (r) => instances(r) > 1),
    ],
    services: [
      // pkg/specs/services.go: port `postgres` 5432 -> 5432 on all three. First, so a route or flow to the release's
      // 5432 takes the primary's Service.
      { name: (r) => `${r.name}-rw`, workload: "primary", ports: postgresPort(() => true) },
      // -ro selects cnpg.io/instanceRole=replica: the instance workload over-approximates it by the primary. A Service
      // switched off in disabledDefaultServices keeps its name here but no port, so nothing routes to it.
      { name: (r) => `${r.name}-ro`, workload: "instance", ports: postgresPort((r) => serviceOn(r, "ro")) },
      { name: (r) => `${r.name}-r`, workload: "instance", ports: postgresPort((r) => serviceOn(r, "r")) },
    ],
    flows: [
      // pkg/management/postgres/instance.go GetPrimaryConnInfo: host <cluster>-rw, also for pg_rewind on demotion
      { kind: "internal", from: "instance", to: "primary", port: "postgresql", why: "replicas stream WAL from the primary through <name>-rw (primary_conninfo), and a demoted primary pg_rewinds from it" },
      { kind: "to-apiserver", from: "instance", why: "the instance manager watches its Cluster, Secrets and ConfigMaps, and writes the Cluster's status" },
      { kind: "to-apiserver", from: "initdb", why: "`manager instance init` reads the Cluster (WaitForGetCluster) before initdb" },
      { kind: "to-apiserver", from: "join", why: "`manager instance join` reads the Cluster and refreshes its certificates Secrets" },
      // pkg/specs/jobs.go JoinReplicaInstance: --parent-node <cluster>-rw; pkg/management/postgres/join.go pg_basebackup
      { kind: "internal", from: "join", to: "primary", port: "postgresql", why: "pg_basebackup from the primary through <name>-rw (--parent-node)" },
    ],
    // the webhook (validateStorageConfigurationSize) refuses a Cluster without either
    missing: (r) => [
      ...(sizeMissing(r, "storage") ? [{ path: ["storage", "size"], why: "the operator's webhook refuses a Cluster without a volume size (or a storage request in storage.pvcTemplate)", example: "10Gi" }] : []),
      ...(valueAt(r.values, ["walStorage"]) !== undefined && sizeMissing(r, "walStorage") ? [{ path: ["walStorage", "size"], why: "walStorage given without a size (or a storage request in walStorage.pvcTemplate): the webhook refuses it", example: "2Gi" }] : []),
    ],
    // pkg/reconciler/persistentvolumeclaim/build.go Build: each instance's PGDATA claim from storage and WAL claim from
    // walStorage start from the pvcTemplate, whose storageClassName storageClass overrides (the default class without)
    volumeClasses: (r) =>
      (["storage", "walStorage"] as const).flatMap((key) => {
        for (const path of [[key, "storageClass"], [key, "pvcTemplate", "storageClassName"]]) {
          const v = valueAt(r.values, path);
          if (typeof v === "string" && v !== "") return [{ path, class: v }];
        }
        return [];
      }),
    // pkg/specs/pods.go createClusterPodSpec (CreateClusterPodSpec at v1.25.0): one pod per instance (spec.instances,
    // default 1), its one container postgres (createPostgresContainers) and its init container bootstrap-controller
    // (containers.go createBootstrapContainer) both with spec.resources. Not counted: the initdb and join Jobs
    // (jobs.go, spec.resources too), which run to completion while an instance is made, and the sidecars of
    // spec.plugins, which the plugins choose.
    requests: (r) => {
      const own = resourcesAt(r.values, ["resources"]);
      return [{ workload: "instance", replicas: instances(r), containers: [own], initContainers: [own] }];
    },
    // pkg/specs/containers.go CreateContainerSecurityContext (drop ALL, runAsNonRoot, no privilege escalation,
    // seccompProfile) and pods.go CreatePodSecurityContext (runAsNonRoot, uid spec.postgresUID, 26 by default):
    // restricted, unless spec.seccompProfile replaces Cluster.GetSeccompProfile's RuntimeDefault with Unconfined
    podSecurity: {
      level: (r) => (textValue(r, ["seccompProfile", "type"], "RuntimeDefault") === "Unconfined" ? "privileged" : "restricted"),
      why: "seccompProfile Unconfined (spec.seccompProfile)",
    },
  },
  sources: [
    `${SRC}: pkg/specs/pods.go (buildInstance pod labels cnpg.io/cluster, cnpg.io/instanceName, cnpg.io/podRole=instance; container ports postgresql 5432, metrics 9187, status 8000; CreatePodSecurityContext runAsNonRoot/uid/gid/seccomp), pkg/specs/containers.go (CreateContainerSecurityContext: drop ALL, privileged false, runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation false), api/v1/cluster_funcs.go (GetSeccompProfile RuntimeDefault unless spec.seccompProfile; GetFixedInheritedLabels spec.inheritedMetadata.labels; IsReadServiceEnabled/IsReadOnlyServiceEnabled/IsReadWriteServiceEnabled), pkg/management/url/url.go (StatusPort 8000, PostgresMetricsPort 9187), pkg/postgres/configuration.go (ServerPort 5432)`,
    `${SRC}: pkg/reconciler/instance/metadata.go (updateRoleLabels: cnpg.io/instanceRole and role primary/replica from status.currentPrimary; updateOperatorLabels; updateClusterLabels inherits the Cluster's labels), pkg/utils/labels_annotations.go (label names; role deprecated for cnpg.io/instanceRole)`,
    `${SRC}: internal/controller/cluster_create.go (reconcilePostgresServices: SetInheritedDataAndOwnership on -any, -r, -ro, -rw; serviceReconciler creates the proposed Service or merges its annotations into the living one), api/v1/cluster_funcs.go (SetInheritedData: utils.InheritAnnotations with GetFixedInheritedAnnotations = spec.inheritedMetadata.annotations), pkg/utils/labels_annotations.go (InheritAnnotations writes every fixed annotation), api/v1/cluster_types.go (inheritedMetadata: "Metadata that will be inherited by all objects related to the Cluster"), pkg/specs/services.go (BuildManagedServices: spec.managed.services.additional, named by serviceTemplate.metadata.name)`,
    `${SRC}: pkg/specs/services.go (-rw selects cluster + instanceRole=primary, -ro cluster + instanceRole=replica, -r and -any cluster + podRole=instance; port postgres 5432 -> 5432), internal/controller/cluster_create.go reconcilePostgresServices (-any only with configuration CreateAnyService, false in internal/configuration/configuration.go; -r and -ro unless disabled), api/v1/cluster_types.go (ManagedServices.disabledDefaultServices, ServiceSelectorType rw/r/ro), internal/webhook/v1/cluster_webhook.go validateManagedServices (rw cannot be disabled; api/v1/cluster_webhook.go at v1.25.0), docs/src/service_management.md`,
    `${SRC}: pkg/specs/jobs.go (CreatePrimaryJob pod labels cnpg.io/instanceName, cnpg.io/cluster, cnpg.io/jobRole; JoinReplicaInstance --parent-node <name>-rw; job roles initdb, import, pgbasebackup, full-recovery, join, snapshot-recovery), api/v1/cluster_defaults.go (initdb unless recovery or pg_basebackup), internal/cmd/manager/instance/initdb/cmd.go and join/cmd.go (WaitForGetCluster, a controller-runtime client), pkg/management/postgres/join.go (pg_basebackup from the parent node), pkg/management/postgres/instance.go GetPrimaryConnInfo (<cluster>-rw)`,
    `${SRC}: pkg/specs/pods.go (createClusterPodSpec, CreateClusterPodSpec at v1.25.0: init container createBootstrapContainer, containers createPostgresContainers, the postgres container's Resources spec.resources), pkg/specs/containers.go (createBootstrapContainer: Resources spec.resources), pkg/specs/jobs.go (the Jobs' container Resources spec.resources), config/crd/bases/postgresql.cnpg.io_clusters.yaml (spec.instances default 1, minimum 1; spec.resources a ResourceRequirements)`,
    `${SRC}: pkg/reconciler/persistentvolumeclaim/build.go (Build: WithSpec(storage.pvcTemplate), then WithStorageClass(storage.storageClass) when set, WithRequests(storage.size))`,
    `${SRC}: internal/webhook/v1/cluster_webhook.go validateStorageConfigurationSize ("Size not configured. Please add it, or a storage request in the pvcTemplate.", for storage and, when set, walStorage); config/crd/bases/postgresql.cnpg.io_clusters.yaml (spec.required instances, default 1)`,
    `${SRC}: docs/src/security.md "Network Policies" (the operator reaches each instance on 8000; exposed ports 9187 metrics, 8000 status, 5432 postgresql), docs/src/networking.md and docs/src/samples/networkpolicy-example.yaml (ingress from the operator on 8000 and 5432; the operator's code, internal/controller, calls only the instance manager's HTTP on 8000 through pkg/management/postgres/webserver/client/remote), docs/src/labels_annotations.md`,
  ],
};

// pkg/specs/pgbouncer/deployments.go: the pod template (spec.template's labels kept) gets cnpg.io/poolerName, the
// Cluster's cnpg.io/cluster (spec.cluster.name) and cnpg.io/podRole=pooler; the Deployment selects poolerName only
const poolerSelector = (r: Release) => ({ "cnpg.io/poolerName": r.name });

export const cnpgPooler: Component = {
  name: "cnpg-pooler",
  charts: [],
  known: KNOWN,
  kinds: [],
  resource: { group: GROUP, kind: "Pooler", operator: "cloudnative-pg" },
  release: {
    // pkg/specs/pgbouncer/services.go Service (v1.26.1; the field since v1.25.0): the Service <name> takes the
    // labels and annotations of spec.serviceTemplate.metadata
    annotateService: (r, _service, annotations) => ({ serviceTemplate: annotatedAt(r, "serviceTemplate", annotations) }),
    primary: "pgbouncer",
    workloads: [
      {
        name: "pgbouncer",
        kind: "Deployment",
        enabled: () => true,
        selector: poolerSelector,
        labels: (r) => {
          const cluster = textValue(r, ["cluster", "name"], "");
          return { ...labelsAt(r, ["template", "metadata", "labels"]), ...poolerSelector(r), ...(cluster ? { "cnpg.io/cluster": cluster } : {}), "cnpg.io/podRole": "pooler" };
        },
        // pgbouncer (config.PgBouncerPort), metrics (url.PgBouncerMetricsPort)
        ports: () => [tcp("pgbouncer", 5432), tcp("metrics", 9127)],
      },
    ],
    // pkg/specs/pgbouncer/services.go: Service <name>, port pgbouncer 5432 -> the container port pgbouncer
    services: [{ name: (r) => r.name, workload: "pgbouncer", ports: () => [{ ...tcp("pgbouncer", 5432), targetPort: 5432 }] }],
    flows: [
      { kind: "to-apiserver", from: "pgbouncer", why: "`manager pgbouncer run` watches its Pooler and the Secrets of its auth and TLS" },
      // pgbouncer.ini `* = host=<spec.cluster.name>-<spec.type>`: the primary (rw, the default), replicas (ro) or any (r)
      // of one Cluster. A flow can only name a component's workload, so this admits every instance of every CNPG
      // Cluster in the cluster: an over-approximation of that one Service's pods.
      { kind: "to-component", from: "pgbouncer", component: "cnpg-cluster", to: "instance", port: "postgresql", why: "PgBouncer forwards to its Cluster's <cluster>-<type> Service and runs its auth_query there" },
    ],
    // pkg/specs/pgbouncer/deployments.go Deployment: replicas spec.instances (the CRD's default 1, no minimum),
    // the pod spec.template (podspec.NewFrom) with the operator's settings merged into its pgbouncer
    // container, which the operator gives no resources of its own: the template's containers and init containers
    // are the pod's, with their resources, and the template's pod-level spec.resources stays the pod's. At v1.26.1
    // the bootstrap-controller init container takes those pod-level resources too (WithInitContainerResources,
    // api/v1/pooler_funcs.go GetResourcesRequirements); at v1.25.0 nothing else takes them, so on a cluster that
    // drops pod-level resources (its PodLevelResources feature off) they count more than the scheduler reserves.
    requests: (r) => {
      const list = (key: string) => {
        const v = valueAt(r.values, ["template", "spec", key]);
        return Array.isArray(v) ? v.map((c) => resourcesAt(c, ["resources"])) : [];
      };
      const n = valueAt(r.values, ["instances"]);
      const replicas = typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : 1;
      return [{ workload: "pgbouncer", replicas, containers: list("containers"), initContainers: list("initContainers"), pod: resourcesAt(r.values, ["template", "spec", "resources"]) }];
    },
    required: [
      { path: ["cluster", "name"], why: "the Cluster the Pooler fronts: the CRD requires spec.cluster.name and the webhook refuses it empty", example: "todo-db" },
      { path: ["pgbouncer"], why: "the CRD requires spec.pgbouncer and the webhook refuses a Pooler without it", example: "{ poolMode: session }" },
    ],
  },
  sources: [
    `${SRC}: pkg/specs/pgbouncer/deployments.go (pod labels cnpg.io/poolerName, cnpg.io/cluster, cnpg.io/podRole=pooler over spec.template; selector poolerName; ports pgbouncer 5432 and metrics 9127; pod securityContext CreatePodSecurityContext(cluster seccomp, 998, 996), containers CreateContainerSecurityContext), pkg/specs/pgbouncer/services.go (Service <name>, port pgbouncer 5432, selector poolerName via pkg/servicespec SetPGBouncerSelector)`,
    `${SRC}: pkg/management/pgbouncer/config/config.go (PgBouncerPort 5432, PgBouncerPortName pgbouncer, [databases] * = host=<cluster>-<type>), pkg/management/url/url.go (PgBouncerMetricsPort 9127), internal/pgbouncer/management/controller/manager.go (a controller-runtime client), api/v1/pooler_types.go (type rw default, ro, r), config/crd/bases/postgresql.cnpg.io_poolers.yaml (spec.required cluster, pgbouncer; cluster.required name), internal/webhook/v1/pooler_webhook.go (pgbouncer and cluster.name required; a Pooler may not share its Cluster's name), docs/src/connection_pooling.md`,
    `${SRC}: pkg/specs/pgbouncer/deployments.go (Deployment: Replicas spec.instances; podspec.NewFrom(spec.template), the pgbouncer container's image, command, ports, env and securityContext but no resources; at v1.26.1 WithInitContainerResources(bootstrap-controller, GetResourcesRequirements), absent at v1.25.0), api/v1/pooler_funcs.go at v1.26.1 (GetResourcesRequirements: spec.template.spec.resources), config/crd/bases/postgresql.cnpg.io_poolers.yaml (spec.instances default 1, "The number of replicas we want"); go.mod (k8s.io/api v0.32.0 at v1.25.0, v0.33.3 at v1.26.1: PodSpec.Resources exists in both)`,
  ],
};
