// OpenEBS (umbrella chart openebs of https://openebs.github.io/openebs): Local PV hostpath (the localpv-provisioner
// subchart, always rendered) plus the engines the chart switches on by default: zfs-localpv, lvm-localpv and the
// replicated Mayastor (etcd, NATS, Loki, io-engine on hugepages). platformc switches the three engines off: the
// seeds use the openebs-hostpath class only, Mayastor's io-engine needs 2Mi hugepages and nodes labelled
// openebs.io/engine=mayastor, ZFS the zfs kernel module, LVM a volume group on each node, none of which a spec
// declares; a spec turns one back on under engines.*.enabled (and its workloads are then a PC1211 gap).
import type { Component, Release } from "./types.js";
import { flag, textValue, trunc, valueAt } from "./helm.js";

const sub = (r: Release, key: string): Release => ({ ...r, values: (r.values as Record<string, unknown> | undefined)?.[key] });

// localpv.name / localpv.selectorLabels (localpv-provisioner _helpers.tpl): the subchart's own name, the release
const provisionerSelector = (r: Release) => {
  const v = sub(r, "localpv-provisioner");
  return {
    app: trunc(textValue(v, ["nameOverride"], "localpv-provisioner")),
    release: r.name,
    component: textValue(v, ["localpv", "name"], "localpv-provisioner"),
  };
};
// localpv.labels adds heritage and openebs.io/component-name; localpv.podLabels (name: openebs-localpv-provisioner in
// the chart's values, which Helm merges the spec's keys into) come last
const provisionerLabels = (r: Release) => {
  const s = provisionerSelector(r);
  const extra: Record<string, string> = { name: "openebs-localpv-provisioner" };
  const podLabels = valueAt(r.values, ["localpv-provisioner", "localpv", "podLabels"]);
  if (podLabels && typeof podLabels === "object" && !Array.isArray(podLabels)) for (const [k, v] of Object.entries(podLabels)) if (typeof v === "string") extra[k] = v;
  return { heritage: "Helm", ...s, "openebs.io/component-name": `openebs-${s.component}`, ...extra };
};

// pre-upgrade-hook.yaml: the Job's pod template carries managed-by and instance (and helm.sh/chart, which changes)
const hookSelector = (r: Release) => ({ "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": r.name });

const snapshot = (kind: string) => ({ group: "snapshot.storage.k8s.io", kind, served: [{ range: {}, version: "v1" }] });

const textAt = (v: unknown, path: string[]) => {
  const x = valueAt(v, path);
  return typeof x === "string" && x !== "" ? x : undefined;
};

export const openebs: Component = {
  name: "openebs",
  charts: [{ repo: "https://openebs.github.io/openebs", name: "openebs" }],
  known: { from: "4.2.0", until: "4.3.0" },
  // the openebs-crds subchart's CSI snapshot CRDs (csi.volumeSnapshots.enabled true, keep): served and stored at v1
  kinds: [snapshot("VolumeSnapshot"), snapshot("VolumeSnapshotClass"), snapshot("VolumeSnapshotContent")],
  release: {
    primary: "localpv-provisioner",
    workloads: [
      {
        // deployment.yaml: no container ports (no Service, no metrics endpoint)
        name: "localpv-provisioner",
        kind: "Deployment",
        enabled: (r) => flag(sub(r, "localpv-provisioner"), ["localpv", "enabled"], true),
        selector: provisionerSelector,
        labels: provisionerLabels,
        ports: () => [],
      },
      { name: "pre-upgrade-hook", kind: "Job", enabled: () => true, selector: hookSelector, labels: hookSelector, ports: () => [] },
    ],
    services: [],
    flows: [
      { kind: "to-apiserver", from: "localpv-provisioner", why: "watches PVCs of the openebs-hostpath class, creates the PVs and the init/cleanup helper pods, holds its leader-election lease" },
      { kind: "to-apiserver", from: "pre-upgrade-hook", why: "the pre-upgrade hook annotates the VolumeSnapshot CRDs to keep and deletes the old provisioner Deployment (kubectl)" },
    ],
    // the provisioner's helper pods (helper_hostpath.go) mount the PV's host directory and run privileged
    // ("in CoreOS nodes, pods without privileged access cannot write to the host directory")
    podSecurity: {
      level: () => "privileged",
      why: "privileged helper pods with a hostPath volume under /var/openebs/local (the hostpath provisioner's init-pvc and cleanup-pvc pods)",
    },
    // localpv-provisioner's hostpath-class.yaml (hostpathClass.enabled, name openebs-hostpath)
    storageClasses: (r) => (valueAt(r.values, ["localpv-provisioner", "hostpathClass", "enabled"]) === false ? [] : [textAt(r.values, ["localpv-provisioner", "hostpathClass", "name"]) ?? "openebs-hostpath"]),
    defaults: () => ({
      engines: { local: { lvm: { enabled: false }, zfs: { enabled: false } }, replicated: { mayastor: { enabled: false } } },
      // values.yaml: preUpgradeHook.image docker.io/bitnami/kubectl:1.25.15, a tag Bitnami removed from Docker Hub
      // in 2025 (moved to bitnamilegacy): upgrades would stall on the pull, and Argo CD runs the hook on every sync
      preUpgradeHook: { image: { repo: "bitnamilegacy/kubectl" } },
    }),
  },
  sources: [
    "openebs/openebs charts/ at v4.2.0 (the chart of https://openebs.github.io/openebs): Chart.yaml (dependencies openebs-crds 4.2.0, localpv-provisioner 4.2.0 unconditional, zfs-localpv 2.7.1 under engines.local.zfs.enabled, lvm-localpv 1.6.2 under engines.local.lvm.enabled, mayastor 2.8.0 under engines.replicated.mayastor.enabled), values.yaml (engines.local.lvm/zfs and engines.replicated.mayastor enabled: true; mayastor.localpv-provisioner.enabled false; preUpgradeHook.image docker.io + bitnami/kubectl:1.25.15), templates/pre-upgrade-hook.yaml (helm.sh/hook pre-upgrade Job, pod labels app.kubernetes.io/managed-by, app.kubernetes.io/instance, helm.sh/chart; kubectl annotate the snapshot CRDs, delete deploy -l openebs.io/component-name=openebs-localpv-provisioner), charts/openebs-crds/templates/csi-volume-snapshot*.yaml (under csi.volumeSnapshots.enabled; v1 served and stored, v1beta1 not served)",
    "openebs/dynamic-localpv-provisioner deploy/helm/charts: 4.2.0 itself was not readable here (the snapshot ends at v4.0.0, the index holds other versions); read at tag v4.0.0 (chart 3.5.0), at chart 4.1.1 (values.yaml, commit 0055650) and a later _helpers.tpl (commit 1a5875d) and deployment.yaml (commit 07c9065), which agree: localpv.selectorLabels app <nameOverride, chart name localpv-provisioner>, release <release>, component <localpv.name, localpv-provisioner>; localpv.labels add chart, heritage, openebs.io/component-name openebs-<localpv.name>; podLabels name: openebs-localpv-provisioner; fullname <release>-localpv-provisioner; no container ports, no Service; LEADER_ELECTION_ENABLED true; hostpath-class.yaml StorageClass openebs-hostpath (hostpathClass.name), provisioner openebs.io/local, WaitForFirstConsumer, BasePath /var/openebs/local",
    "openebs/dynamic-localpv-provisioner cmd/provisioner-localpv/app/helper_hostpath.go (develop, 2024): the init/cleanup helper pods run privileged ('in CoreOS nodes, pods without privileged access cannot write to the host directory') with a hostPath volume, in the provisioner's namespace",
    "openebs/mayastor-extensions chart/values.yaml at v2.7.1 (2.8.0, the one 4.2.0 pins, not in the snapshot): io-engine nodeSelector openebs.io/engine: mayastor and hugepages2Mi 2Gi requests/limits; etcd (bitnami chart 8.6.0) on storageClass mayastor-etcd-localpv; the umbrella's helm.sh/images list docker.io/bitnami/etcd:3.5.6-debian-11-r10",
    "bitnami/containers#83267 (quoted by the maintainers in bitnami/containers#88999, 2025-12, on bitnami/kubectl tags): the versioned images were removed from docker.io/bitnami and moved to docker.io/bitnamilegacy",
    "lvm-localpv and zfs-localpv at 1.6.2 / 2.7.1 were not read (snapshots end at v1.5.0 / zfs-localpv-2.6.0): their workloads are not modelled, so a spec that turns them on gets no policies for them",
  ],
};
