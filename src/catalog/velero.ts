// Velero (chart velero of vmware-tanzu): the server Deployment, which watches Backups, Restores and Schedules through
// the API server and writes to the object store its BackupStorageLocation names (the spec's flow to it, MinIO in the
// todoapp seed), and with deployNodeAgent the node-agent DaemonSet, which reads pod volumes from the host's kubelet
// directory (hostPath) for file-system backups and uploads them to the same store. The chart's upgrade-crds hook Job
// pulls docker.io/bitnami/kubectl:<cluster minor>, whose versioned tags Bitnami no longer publishes, so the defaults
// switch it off: the CRDs come from the chart's crds/, which Helm (and Argo CD) apply on install.
import type { Component, Release } from "./types.js";
import { flag, fullname, textValue, trunc, valueAt, meetsRestricted } from "./helm.js";
import { isRecord, overlayValues } from "../lib/values.js";

// velero.name: nameOverride, else the chart's name, cut to 63.
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "velero"));

const metrics = (r: Release) => flag(r, ["metrics", "enabled"], true);
const nodeAgent = (r: Release) => flag(r, ["deployNodeAgent"], false);
const upgradeCRDs = (r: Release) => flag(r, ["upgradeCRDs"], true);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

// Every pod template of the chart carries these three; managed-by is the Release.Service, Helm.
const common = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/managed-by": "Helm" });

// the metrics listener (--metrics-address, :8085 by default), opened as a container port only with metrics.enabled
const monitoring = (r: Release) => (metrics(r) ? [{ name: "http-monitoring", port: 8085, protocol: "TCP" as const }] : []);

// The upgrade-crds Job's pods carry kubectl.labels and nothing else, so the defaults give them labels a policy can
// select by should a spec switch the Job back on.
const jobLabels = (r: Release) => stringMap(valueAt(r.values, ["kubectl", "labels"]));

// What the restricted Pod Security Standard asks of each container.
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };

const ctx = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

/**
 * restricted when every container the Deployment (and the upgrade-crds Job, if on) renders meets it: the chart's
 * podSecurityContext and containerSecurityContext (both {} in values.yaml; the pod's merged with the old
 * securityContext key as the templates do), and each provider plugin init container the spec lists (a template string cannot be read).
 */
function level(r: Release): "restricted" | "baseline" | "privileged" {
  if (nodeAgent(r)) return "privileged";
  // sprig's merge keeps podSecurityContext's keys over securityContext's
  const pod = overlayValues(ctx(valueAt(r.values, ["securityContext"])), ctx(valueAt(r.values, ["podSecurityContext"])));
  const init = valueAt(r.values, ["initContainers"]);
  if (typeof init === "string") return "baseline";
  const containers = [ctx(valueAt(r.values, ["containerSecurityContext"])), ...(Array.isArray(init) ? init.map((c) => ctx(valueAt(c, ["securityContext"]))) : [])];
  if (upgradeCRDs(r)) containers.push(ctx(valueAt(r.values, ["kubectl", "containerSecurityContext"])));
  return containers.every((c) => meetsRestricted(pod, c)) ? "restricted" : "baseline";
}

export const velero: Component = {
  name: "velero",
  charts: [{ repo: "https://vmware-tanzu.github.io/helm-charts", name: "velero" }],
  // chart versions: 10.0.x ship Velero 1.16.0-1.16.2 with the same templates' labels, ports and CRDs
  known: { from: "10.0.0", until: "10.1.0" },
  kinds: [
    ...["Backup", "BackupRepository", "BackupStorageLocation", "DeleteBackupRequest", "DownloadRequest", "PodVolumeBackup", "PodVolumeRestore", "Restore", "Schedule", "ServerStatusRequest", "VolumeSnapshotLocation"].map((kind) => ({
      group: "velero.io",
      kind,
      served: [{ range: {}, version: "v1" }],
    })),
    ...["DataDownload", "DataUpload"].map((kind) => ({ group: "velero.io", kind, served: [{ range: {}, version: "v2alpha1" }] })),
  ],
  crds: {
    groups: ["velero.io"],
    // the chart's crds/ holds every CRD; Helm installs that directory on install whatever the values (Flux:
    // install.crds, Argo CD: --include-crds), and the upgrade-crds Job only re-applies the same set
    byChart: () => true,
    // Velero publishes no CRD manifest (`velero install --crds-only` prints them): this is the chart's crds/ at its
    // tag, a directory of one file per CRD without a kustomization.yaml; byChart always holds, so nothing lists it
    bundle: (v) => `https://github.com/vmware-tanzu/helm-charts//charts/velero/crds?ref=velero-${v.replace(/^v/, "")}`,
  },
  release: {
    primary: "velero",
    // node-agent uploads file-system backups to the object store itself, so it makes the spec's flows too
    clients: ["node-agent"],
    workloads: [
      {
        name: "velero",
        kind: "Deployment",
        enabled: () => true,
        // deployment.yaml: matchLabels instance + name; the metrics Service also selects name: velero
        selector: (r) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name }),
        labels: (r) => ({ ...stringMap(valueAt(r.values, ["podLabels"])), name: "velero", ...common(r) }),
        ports: monitoring,
      },
      {
        // named node-agent whatever the release (node-agent-daemonset.yaml), and not on the host network
        name: "node-agent",
        kind: "DaemonSet",
        enabled: nodeAgent,
        selector: () => ({ name: "node-agent" }),
        labels: (r) => ({ ...stringMap(valueAt(r.values, ["nodeAgent", "podLabels"])), name: "node-agent", role: "node-agent", ...common(r) }),
        ports: monitoring,
      },
      {
        name: "upgrade-crds",
        kind: "Job",
        enabled: (r) => upgradeCRDs(r) && Object.keys(jobLabels(r)).length > 0,
        selector: jobLabels,
        labels: jobLabels,
        ports: () => [],
      },
    ],
    services: [
      {
        // service.yaml, under metrics.enabled: <fullname>, http-monitoring 8085 -> the container port of that name
        name: (r) => fullname(r, "velero"),
        workload: "velero",
        ports: () => [{ name: "http-monitoring", port: 8085, targetPort: 8085, protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "to-apiserver", from: "velero", why: "watches Backups, Restores, Schedules and the storage locations, and reads and recreates every object it backs up and restores" },
      { kind: "to-apiserver", from: "node-agent", why: "watches PodVolumeBackups, PodVolumeRestores, DataUploads and DataDownloads for the pods of its node" },
      { kind: "to-apiserver", from: "upgrade-crds", why: "kubectl applies the CRDs `velero install --crds-only` prints (pre-install / pre-upgrade hook)" },
    ],
    podSecurity: {
      level,
      why: "hostPath volumes of the kubelet's pods and plugins directories as root in node-agent (deployNodeAgent), or containers without a restricted securityContext (the provider plugin init containers run with the one the spec gives them)",
    },
    defaults: (r) => ({
      // the hook Job's image docker.io/bitnami/kubectl:<major.minor> is gone; crds/ installs the same CRDs
      upgradeCRDs: false,
      kubectl: {
        labels: { "app.kubernetes.io/name": `${name(r)}-upgrade-crds`, "app.kubernetes.io/instance": r.name },
        containerSecurityContext: RESTRICTED_CONTAINER,
      },
      // the image's user is the name cnb: runAsNonRoot needs its uid (1002) spelled out or the kubelet refuses the pod
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1002, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
      containerSecurityContext: RESTRICTED_CONTAINER,
    }),
  },
  sources: [
    "vmware-tanzu/helm-charts charts/velero at velero-10.0.8 (the seed's version; appVersion 1.16.1): templates/_helpers.tpl (velero.name, velero.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>), deployment.yaml (matchLabels instance + name; pod labels name: velero, app.kubernetes.io/name, instance, managed-by, podLabels; container port http-monitoring 8085 under metrics.enabled; securityContext from podSecurityContext and containerSecurityContext, both empty in values.yaml; initContainers from values), service.yaml (<fullname>, http-monitoring 8085, selector name: velero + name + instance, under metrics.enabled)",
    "the same tag: node-agent-daemonset.yaml (under deployNodeAgent: DaemonSet node-agent, selector name: node-agent, pod labels name, role: node-agent, app.kubernetes.io/name, instance, managed-by; hostPath volumes nodeAgent.podVolumePath /var/lib/kubelet/pods and pluginVolumePath /var/lib/kubelet/plugins; http-monitoring 8085), values.yaml (metrics.enabled true, deployNodeAgent false, nodeAgent.podSecurityContext.runAsUser 0, upgradeCRDs true, kubectl.image.repository docker.io/bitnami/kubectl with no tag, configuration.backupStorageLocation with provider and bucket empty, credentials.useSecret true, initContainers empty: 'At least one plugin provider image is required')",
    "the same tag: templates/upgrade-crds/upgrade-crds.yaml (pre-install,pre-upgrade,pre-rollback hook Job under upgradeCRDs; its pod carries only kubectl.labels; init container kubectl:<Capabilities major.minor> without kubectl.image.tag copies sh and kubectl for `velero install --crds-only --dry-run -o yaml | kubectl apply -f -`), label-namespace/labelnamespace.yaml (a post-install Job only when namespace.labels is set), crds/*.yaml (group velero.io: v1 Backup, BackupRepository, BackupStorageLocation, DeleteBackupRequest, DownloadRequest, PodVolumeBackup, PodVolumeRestore, Restore, Schedule, ServerStatusRequest, VolumeSnapshotLocation; v2alpha1 DataDownload, DataUpload)",
    "git diff of charts/velero/templates between velero-10.0.0, velero-10.0.8 and velero-10.0.13: hostAliases, Service traffic and IP family policies, namespace label syntax; no selector, label, port or CRD changes. velero-10.1.2 (commit 07af2f8) moved kubectl.image.repository to docker.io/bitnamilegacy/kubectl",
    "vmware-tanzu/helm-charts issue #698 (Bitnami's public catalogue no longer maintained, bitnami/charts#35164) and #727 (bitnamilegacy/kubectl has no tags past 1.33): the upgrade-crds Job's image pull fails on current clusters",
    "vmware-tanzu/velero at v1.16.1: Dockerfile (FROM paketobuildpacks/run-jammy-tiny:0.2.60, USER cnb:cnb); paketo-buildpacks/jammy-tiny-stack v0.2.60 stack/stack.toml ([run] uid 1002, gid 1000); site/content/docs/v1.16/contributions/minio.md (provider aws with velero-plugin-for-aws, s3ForcePathStyle true, s3Url to MinIO's Service on 9000, no VolumeSnapshotLocation without a snapshot-capable volume provider)",
    "vmware-tanzu/velero-plugin-for-aws README.md at v1.12.x: plugin v1.12.x for Velero v1.16.x; Dockerfile at v1.12.1: FROM scratch, USER 65532:65532",
  ],
};
