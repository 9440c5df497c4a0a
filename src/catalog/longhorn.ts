// Longhorn (chart longhorn of https://charts.longhorn.io): the chart runs longhorn-manager (a privileged DaemonSet
// on hostPath, serving Longhorn's API on 9500 and its conversion and admission webhooks on 9501/9502), the UI and the
// driver deployer; longhorn-manager then makes the rest with labels of its own: one instance-manager Pod per node
// (engines and replicas, privileged), the CSI plugin DaemonSet and the CSI sidecar Deployments, and a share-manager
// Pod (NFS) per RWX volume. Everything but the webhooks goes through longhorn-backend (the managers' API).
import type { ChartWorkload, Component, ComponentFlow, Release } from "./types.js";
import { trunc, valueAt } from "./helm.js";

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

// longhorn.labels (_helpers.tpl) without helm.sh/chart and app.kubernetes.io/version, which change with the chart.
const helmLabels = (r: Release) => ({
  "app.kubernetes.io/name": trunc(text(valueAt(r.values, ["nameOverride"])) ?? "longhorn"),
  "app.kubernetes.io/managed-by": "Helm",
  "app.kubernetes.io/instance": r.name,
});

// A workload the chart renders: selected by `app` alone, whatever the release is called.
function chartWorkload(name: string, app: string, kind: ChartWorkload["kind"], ports: ChartWorkload["ports"]): ChartWorkload {
  return { name, kind, enabled: () => true, selector: () => ({ app }), labels: (r) => ({ ...helmLabels(r), app }), ports };
}

// longhorn-manager's own (types.GetBaseLabelsForSystemManagedComponent: longhorn.io/managed-by longhorn-manager).
const MANAGED = { "longhorn.io/managed-by": "longhorn-manager" };
function managedWorkload(name: string, kind: ChartWorkload["kind"], selector: Record<string, string>, labels: Record<string, string>, ports: ChartWorkload["ports"]): ChartWorkload {
  return { name, kind, enabled: () => true, selector: () => selector, labels: () => labels, ports };
}

const tcp = (name: string, port: number, endPort?: number) => ({ name, port, protocol: "TCP" as const, ...(endPort ? { endPort } : {}) });

const CSI_SIDECARS = ["csi-attacher", "csi-provisioner", "csi-resizer", "csi-snapshotter"] as const;

const toBackend = (from: string, why: string): ComponentFlow => ({ kind: "internal", from, to: "manager", port: "manager", why });

export const longhorn: Component = {
  name: "longhorn",
  charts: [{ repo: "https://charts.longhorn.io", name: "longhorn" }],
  // labels, Services and ports read at v1.9.1; v1.9.0's templates differ only in registry prefixes and jobs
  known: { from: "1.9.0", until: "1.10.0" },
  // every CRD of chart/templates/crds.yaml, served and stored at v1beta2 (v1beta1 no longer served)
  kinds: [
    "BackingImage", "BackingImageDataSource", "BackingImageManager", "Backup", "BackupBackingImage", "BackupTarget", "BackupVolume",
    "Engine", "EngineImage", "InstanceManager", "Node", "Orphan", "RecurringJob", "Replica", "Setting", "ShareManager", "Snapshot",
    "SupportBundle", "SystemBackup", "SystemRestore", "Volume", "VolumeAttachment",
  ].map((kind) => ({ group: "longhorn.io", kind, served: [{ range: {}, version: "v1beta2" }] })),
  // No `crds`: templates/crds.yaml renders them unconditionally, and Longhorn publishes no plain CRD manifest (the
  // generated k8s/crds.yaml is a Helm template, deploy/longhorn.yaml the whole install).
  release: {
    primary: "manager",
    // backups to the target (the spec's NFS) are written by the replicas in the instance managers as well
    clients: ["manager", "instance-manager"],
    workloads: [
      chartWorkload("manager", "longhorn-manager", "DaemonSet", () => [tcp("manager", 9500), tcp("conversion-wh", 9501), tcp("admission-wh", 9502), tcp("recov-backend", 9503)]),
      chartWorkload("ui", "longhorn-ui", "Deployment", () => [tcp("http", 8000)]),
      chartWorkload("driver-deployer", "longhorn-driver-deployer", "Deployment", () => []),
      // Pods the manager creates on each node, owned by their InstanceManager (no controller object: DaemonSet is
      // the nearest kind); gRPC on 8500-8504, engine and replica processes on --port-range 10000-20000
      managedWorkload("instance-manager", "DaemonSet", { "longhorn.io/component": "instance-manager" }, { ...MANAGED, "longhorn.io/component": "instance-manager", "longhorn.io/instance-manager-type": "aio" }, () => [
        tcp("im-grpc", 8500, 8504),
        tcp("im-processes", 10000, 20000),
      ]),
      managedWorkload("csi-plugin", "DaemonSet", { app: "longhorn-csi-plugin" }, { app: "longhorn-csi-plugin" }, () => []),
      ...CSI_SIDECARS.map((app) => managedWorkload(app, "Deployment", { app }, { app }, () => [])),
      // one bare Pod per RWX volume (kind: the nearest there is), serving NFS (its Service longhorn.io/share-manager=<volume> on 2049)
      managedWorkload("share-manager", "Job", { "longhorn.io/component": "share-manager" }, { ...MANAGED, "longhorn.io/component": "share-manager" }, () => [tcp("nfs", 2049), tcp("sm-grpc", 9600)]),
    ],
    services: [
      { name: () => "longhorn-backend", workload: "manager", ports: () => [{ ...tcp("manager", 9500), targetPort: 9500 }] },
      { name: () => "longhorn-frontend", workload: "ui", routes: "http", ports: () => [{ ...tcp("http", 80), targetPort: 8000 }] },
      // these two and the recovery backend select labels each manager puts on its own pod at run time
      { name: () => "longhorn-conversion-webhook", workload: "manager", ports: () => [{ ...tcp("conversion-webhook", 9501), targetPort: 9501 }] },
      { name: () => "longhorn-admission-webhook", workload: "manager", ports: () => [{ ...tcp("admission-webhook", 9502), targetPort: 9502 }] },
      { name: () => "longhorn-recovery-backend", workload: "manager", ports: () => [{ ...tcp("recovery-backend", 9503), targetPort: 9503 }] },
    ],
    flows: [
      { kind: "from-apiserver", to: "manager", port: "conversion-wh", why: "the API server converts longhorn.io objects between versions through the managers' conversion webhook" },
      { kind: "from-apiserver", to: "manager", port: "admission-wh", why: "the API server calls the managers' validating and mutating webhooks for longhorn.io objects" },
      { kind: "to-apiserver", from: "manager", why: "reconciles Longhorn's CRs into instance managers, the CSI driver, share managers and volume attachments" },
      { kind: "to-apiserver", from: "driver-deployer", why: "deploys the CSI driver: the plugin DaemonSet, the sidecar Deployments, the CSIDriver object" },
      { kind: "to-apiserver", from: "csi-plugin", why: "the node plugin reads nodes and volume attachments" },
      ...CSI_SIDECARS.map((from): ComponentFlow => ({ kind: "to-apiserver", from, why: "the CSI sidecar watches PVCs, VolumeAttachments, snapshots and resize requests" })),
      toBackend("manager", "a manager forwards API requests for volumes and nodes to the manager that owns them"),
      toBackend("ui", "the UI's nginx proxies to longhorn-backend:9500"),
      toBackend("driver-deployer", "waits for longhorn-backend:9500/v1 before deploying the driver"),
      toBackend("csi-plugin", "the CSI plugin drives volumes through longhorn-backend:9500"),
      { kind: "internal", from: "manager", to: "instance-manager", port: "im-grpc", why: "the managers start and watch engines and replicas through the instance managers' gRPC services" },
      { kind: "internal", from: "instance-manager", to: "instance-manager", port: "im-processes", why: "engines replicate to replicas on other nodes, replicas rebuild from each other" },
      { kind: "internal", from: "manager", to: "share-manager", port: "sm-grpc", why: "the managers control the NFS exports of RWX volumes" },
      { kind: "internal", from: "csi-plugin", to: "share-manager", port: "nfs", why: "the node plugin mounts RWX volumes over NFS from the share manager" },
      { kind: "internal", from: "share-manager", to: "manager", port: "recov-backend", why: "the NFS server keeps its client recovery state in longhorn-recovery-backend" },
    ],
    gaps: [
      { from: "manager", why: "backing images (backing-image-manager and -data-source pods on 8000/8001) are not modelled: with a default deny they stay cut" },
      // Not a workload: the recurring-job pods have no label that is the same for every RecurringJob (the chart's
      // own manager NetworkPolicy picks them by `recurring-job.longhorn.io` Exists), the RecurringJobs are the
      // user's objects, not the spec's, and a workload's selector here is labels with values only. Selecting by
      // longhorn.io/managed-by alone would open the same traffic to every pod longhorn-manager makes.
      { from: "manager", why: "the pods of the CronJob it makes per RecurringJob (labels longhorn.io/managed-by: longhorn-manager and recurring-job.longhorn.io: <the RecurringJob's name>) call longhorn-backend:9500 and the API server: only a selector on recurring-job.longhorn.io existing, which the generated policies cannot write, picks them all" },
    ],
    // daemonset-sa.yaml: longhorn-manager is privileged with hostPath /dev, /proc, /boot, /etc and /var/lib/longhorn;
    // the instance managers, CSI plugin and share managers it creates are privileged too
    podSecurity: { level: () => "privileged", why: "privileged containers on hostPath volumes (longhorn-manager, the instance managers, the CSI plugin)" },
    // values.yaml at v1.9.1, preUpgradeChecker.jobEnabled: "Disable this setting when installing Longhorn using Argo CD
    // or other GitOps solutions": Argo CD runs the pre-upgrade hook as PreSync on every sync, the first install included,
    // where the checker fails; Flux's helm-controller runs it only on a real upgrade.
    defaults: (r) => (r.gitops === "argocd" ? { preUpgradeChecker: { jobEnabled: false } } : {}),
    // chart/templates/storageclass.yaml: the ConfigMap longhorn-storageclass that longhorn-manager turns into the
    // StorageClass `longhorn` (persistence.defaultClass makes it the default)
    storageClasses: () => ["longhorn"],
  },
  sources: [
    "longhorn/longhorn chart/values.yaml at v1.9.1: preUpgradeChecker.jobEnabled true, \"Setting that allows Longhorn to perform pre-upgrade checks. Disable this setting when installing Longhorn using Argo CD or other GitOps solutions.\"; chart/templates/preupgrade-job.yaml is a pre-upgrade hook",
    "longhorn/longhorn chart/ at v1.9.1 (commit a9e986b, the seed's version; the chart of https://charts.longhorn.io, published from this directory), compared with v1.9.0: templates/_helpers.tpl (longhorn.labels: app.kubernetes.io/name <nameOverride, longhorn>, helm.sh/chart, managed-by, instance, version), daemonset-sa.yaml (DaemonSet longhorn-manager, selector app: longhorn-manager, privileged, hostPath boot/dev/proc/etc/var/lib/longhorn, ports manager 9500, conversion-wh 9501, admission-wh 9502, recov-backend 9503; Service longhorn-backend 9500), deployment-ui.yaml (app: longhorn-ui, http 8000, LONGHORN_MANAGER_IP http://longhorn-backend:9500; Service longhorn-frontend 80 -> http), deployment-driver.yaml (app: longhorn-driver-deployer, waits for http://longhorn-backend:9500/v1), services.yaml (longhorn-conversion-webhook 9501, longhorn-admission-webhook 9502, longhorn-recovery-backend 9503 on run-time labels)",
    "chart/templates/network-policies/*.yaml at v1.9.1 (networkPolicies.enabled): the manager takes ingress from managers, the UI, longhorn-csi-plugin, recurring and job-task pods and the driver deployer; instance managers from managers, instance managers and backing-image pods; webhooks on 9501/9502, the recovery backend on 9503",
    "chart/templates/crds.yaml at v1.9.1: longhorn.io kinds served and stored at v1beta2 (v1beta1 served: false), rendered unconditionally; preupgrade-job.yaml: a helm.sh/hook pre-upgrade Job under preUpgradeChecker.jobEnabled (true; values.yaml: 'Disable this setting when installing Longhorn using Argo CD or other GitOps solutions')",
    "longhorn/longhorn-manager at v1.9.1 (commit 979b8d5): types/types.go (GetInstanceManagerLabels: longhorn.io/managed-by longhorn-manager, longhorn.io/component instance-manager, instance-manager-type, node, image; GetShareManagerLabels: component share-manager), types/deploy.go (longhorn-csi-plugin, csi-attacher, csi-provisioner, csi-resizer, csi-snapshotter), csi/deployment.go and deployment_util.go (pod labels app: <name>, no hostNetwork, privileged plugin), controller/instance_manager_controller.go (privileged pods, --listen 0.0.0.0:8500), engineapi/types.go (instance manager gRPC 8500-8504, share manager 9600), controller/share_manager_controller.go (Service on 2049), csi/node_server.go (in-cluster Kubernetes client)",
    "longhorn/longhorn-manager at v1.9.1 (commit 979b8d5), the same at v1.9.0, v1.9.2 and v1.9.3: controller/recurring_job_controller.go newCronJob (a CronJob per RecurringJob in its namespace; the pod template's labels are types.GetCronJobLabels, its container runs `longhorn-manager -d recurring-job <name> --manager-url` types.GetDefaultManagerURL(), no hostNetwork), types/types.go (GetCronJobLabels: GetBaseLabelsForSystemManagedComponent, longhorn.io/managed-by longhorn-manager, plus recurring-job.longhorn.io = the RecurringJob's name, from LonghornLabelRecurringJobKeyPrefixFmt recurring-%s.longhorn.io; GetDefaultManagerURL http://longhorn-backend:9500/v1), app/recurring_job.go and app/recurringjob/job.go (the Longhorn API client on --manager-url, rest.InClusterConfig for the RecurringJob's status and events); the chart's network-policies/manager-network-policy.yaml admits them by longhorn.io/managed-by plus recurring-job.longhorn.io Exists (and longhorn.io/job-task Exists, which no v1.9.1 manager code sets)",
    "longhorn/longhorn-instance-manager at v1.9.1 app/cmd/start.go: --port-range 10000-20000 for engine and replica processes (--spdk-port-range 20001-30000 for the v2 data engine, off by default and not modelled)",
  ],
};
