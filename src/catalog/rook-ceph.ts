// Rook-Ceph, two charts of https://charts.rook.io/release: rook-ceph runs the operator (and installs the CRDs);
// rook-ceph-cluster renders a CephCluster and its pools, filesystems and object stores, whose pods (mons, managers,
// OSDs, MDS, RGW) the operator makes with its own labels. The OSDs, managers and MDS bind ports of Ceph's 6800-7300
// range (a ranged port, msgr-range); the CSI node plugins and the kernel's RBD and CephFS clients reach mons, OSDs and
// MDS from the nodes' addresses (from-nodes flows); the operator and the CSI provisioners it deploys reach the daemons
// of every CephCluster a rook-ceph-cluster release of the same cluster defines (to-component flows).
import type { ChartWorkload, Component, ComponentFlow, Release } from "./types.js";
import { flag, textValue, valueAt } from "./helm.js";

const REPO = "https://charts.rook.io/release";

/** The StorageClasses one list of the rook-ceph-cluster values renders: the chart's default entry unless the list is given. */
function classesOf(r: Release, key: string, fallback: string): string[] {
  const list = valueAt(r.values, [key]);
  if (!Array.isArray(list)) return [fallback];
  return list.flatMap((e) => {
    const sc = valueAt(e, ["storageClass"]);
    const name = valueAt(sc, ["name"]);
    return valueAt(sc, ["enabled"]) !== false && typeof name === "string" && name !== "" ? [name] : [];
  });
}
const CEPH_KINDS = [
  "CephBlockPool", "CephBlockPoolRadosNamespace", "CephBucketNotification", "CephBucketTopic", "CephClient", "CephCluster",
  "CephCOSIDriver", "CephFilesystem", "CephFilesystemMirror", "CephFilesystemSubVolumeGroup", "CephNFS", "CephObjectRealm",
  "CephObjectStore", "CephObjectStoreUser", "CephObjectZone", "CephObjectZoneGroup", "CephRBDMirror",
];
const SOURCES_CHART = "rook/rook deploy/charts at v1.17.6 (the seed's version)";
// Ceph's messengers of OSDs, managers and MDS bind some port of ms_bind_port_min..max (the chart's PSP lists the range)
const MSGR_RANGE = { name: "msgr-range", port: 6800, endPort: 7300, protocol: "TCP" as const };

/** A workload of this release reaching the mons, and each of `ranged` on the messenger range, of every CephCluster release. */
function reachesCluster(from: string, ranged: string[], why: string): ComponentFlow[] {
  return [
    ...["tcp-msgr2", "tcp-msgr1"].map((port) => ({ kind: "to-component" as const, from, component: "rook-ceph-cluster", to: "mon", port, why })),
    ...ranged.map((to) => ({ kind: "to-component" as const, from, component: "rook-ceph-cluster", to, port: MSGR_RANGE.name, why })),
  ];
}

// The CSI provisioners the operator deploys in its namespace on the pod network (only the node plugins take
// csi.enableCSIHostNetwork); labels from pkg/operator/ceph/csi/template/*/csi-*plugin-provisioner-dep.yaml.
const csiOn = (r: Release) => textValue(r, ["csi", "disableCsiDriver"], "false") !== "true";
function provisioner(driver: "rbd" | "cephfs"): ChartWorkload {
  const app = `csi-${driver}plugin-provisioner`;
  return {
    name: app,
    kind: "Deployment",
    enabled: (r) => csiOn(r) && flag(r, ["csi", driver === "rbd" ? "enableRbdDriver" : "enableCephfsDriver"], true),
    selector: () => ({ app }),
    labels: () => ({ app, contains: `csi-${driver}plugin-metrics` }),
    ports: () => [],
  };
}

export const rookCeph: Component = {
  name: "rook-ceph",
  charts: [{ repo: REPO, name: "rook-ceph" }],
  // the charts carry Rook's version
  known: { from: "1.17.0", until: "1.18.0" },
  kinds: [
    ...CEPH_KINDS.map((kind) => ({ group: "ceph.rook.io", kind, served: [{ range: {}, version: "v1" }] })),
    ...["ObjectBucket", "ObjectBucketClaim"].map((kind) => ({ group: "objectbucket.io", kind, served: [{ range: {}, version: "v1alpha1" }] })),
  ],
  crds: {
    groups: ["ceph.rook.io", "objectbucket.io"],
    // templates/resources.yaml renders them under `if .Values.crds.enabled`, true in values.yaml
    byChart: (r) => flag(r, ["crds", "enabled"], true),
    bundle: (v) => `https://raw.githubusercontent.com/rook/rook/v${v.replace(/^v/, "")}/deploy/examples/crds.yaml`,
  },
  release: {
    primary: "operator",
    workloads: [
      {
        name: "operator",
        kind: "Deployment",
        enabled: () => true,
        // the Deployment's selector is app alone; the pod template adds the chart's version label
        selector: () => ({ app: "rook-ceph-operator" }),
        labels: () => ({ app: "rook-ceph-operator" }),
        ports: () => [],
      },
      provisioner("rbd"),
      provisioner("cephfs"),
    ],
    services: [],
    flows: [
      { kind: "to-apiserver", from: "operator", why: "reconciles the Ceph CRs into Deployments, Services, Secrets and the CSI driver" },
      ...reachesCluster("operator", ["mgr"], "runs ceph commands against the mons, and the manager's (fs subvolumegroup create) against the mgr, of the CephClusters it manages"),
      { kind: "to-apiserver", from: "csi-rbdplugin-provisioner", why: "the external-provisioner, -attacher, -resizer and -snapshotter sidecars watch PVCs, VolumeAttachments and snapshots" },
      { kind: "to-apiserver", from: "csi-cephfsplugin-provisioner", why: "the external-provisioner, -resizer and -snapshotter sidecars watch PVCs and snapshots" },
      ...reachesCluster("csi-rbdplugin-provisioner", ["osd"], "creates, resizes and snapshots RBD images: mons for the maps, OSDs for the image objects"),
      ...reachesCluster("csi-cephfsplugin-provisioner", ["mgr", "osd"], "creates subvolumes through the manager's volumes module; mons for the maps, OSDs for the metadata pool"),
    ],
  },
  sources: [
    `${SOURCES_CHART}: rook-ceph/templates/deployment.yaml (Deployment rook-ceph-operator, selector app: rook-ceph-operator, pod labels app and helm.sh/chart, no container ports, hostNetwork only with useOperatorHostNetwork), rook-ceph/templates/resources.yaml (under crds.enabled: ceph.rook.io v1 for the Ceph kinds, objectbucket.io v1alpha1), rook-ceph/values.yaml (crds.enabled true, csi.enableCSIHostNetwork true for the node plugins, enableRbdDriver and enableCephfsDriver true, disableCsiDriver "false"), rook-ceph/templates/psp.yaml (hostPorts: 3300, 6789-6790, "Ceph RADOS ports for OSDs, MDSes" 6800-7300)`,
    "rook/rook at v1.17.6: pkg/operator/ceph/csi/template/rbd/csi-rbdplugin.yaml (hostNetwork: EnableCSIHostNetwork), rbd/csi-rbdplugin-provisioner-dep.yaml and cephfs/csi-cephfsplugin-provisioner-dep.yaml (Deployments in the operator's namespace, pod labels app: csi-<driver>plugin-provisioner and contains: csi-<driver>plugin-metrics, no hostNetwork); pkg/daemon/ceph/client/subvolumegroup.go (the operator runs `ceph fs subvolumegroup create`, a command of the manager's volumes module)",
    "deploy/examples/crds.yaml at v1.17.6: the same CRDs for installs without the chart",
  ],
};

/** A Ceph daemon the operator makes: labels from controller.CephDaemonAppLabels, selected by `app`. */
function daemon(catalogName: string, type: string, ports: ChartWorkload["ports"], enabled: ChartWorkload["enabled"] = () => true): ChartWorkload {
  const app = `rook-ceph-${catalogName}`;
  return {
    name: catalogName,
    kind: "Deployment",
    enabled,
    selector: () => ({ app }),
    labels: (r) => ({
      app,
      ...(r.namespace ? { rook_cluster: r.namespace } : {}),
      ceph_daemon_type: type,
      "app.kubernetes.io/name": `ceph-${type}`,
      ...(clusterName(r) ? { "app.kubernetes.io/part-of": clusterName(r)! } : {}),
      "app.kubernetes.io/managed-by": "rook-ceph-operator",
      "app.kubernetes.io/created-by": "rook-ceph-operator",
    }),
    ports,
  };
}

// templates/cephcluster.yaml: metadata.name is clusterName, else the release's namespace
const clusterName = (r: Release) => textValue(r, ["clusterName"], "") || r.namespace;
const listed = (key: string) => (r: Release) => {
  const v = valueAt(r.values, [key]);
  return v === undefined || (Array.isArray(v) && v.length > 0);
};

export const rookCephCluster: Component = {
  name: "rook-ceph-cluster",
  charts: [{ repo: REPO, name: "rook-ceph-cluster" }],
  known: { from: "1.17.0", until: "1.18.0" },
  kinds: [],
  release: {
    // values.yaml: cephBlockPools[0] ceph-blockpool with storageClass ceph-block, cephFileSystems[0] ceph-filesystem
    // with storageClass ceph-filesystem, cephObjectStores[0] ceph-objectstore with storageClass ceph-bucket; each
    // rendered by templates/cephblockpool.yaml, cephfilesystem.yaml, cephobjectstore.yaml `if .storageClass.enabled`
    storageClasses: (r) => [
      ...classesOf(r, "cephBlockPools", "ceph-block"),
      ...classesOf(r, "cephFileSystems", "ceph-filesystem"),
      ...classesOf(r, "cephObjectStores", "ceph-bucket"),
    ],
    primary: "mon",
    workloads: [
      daemon("mon", "mon", () => [
        { name: "tcp-msgr2", port: 3300, protocol: "TCP" },
        { name: "tcp-msgr1", port: 6789, protocol: "TCP" },
      ]),
      daemon("mgr", "mgr", () => [
        { name: "mgr", port: 6800, protocol: "TCP" },
        { name: "http-metrics", port: 9283, protocol: "TCP" },
        { name: "dashboard", port: 8443, protocol: "TCP" },
        MSGR_RANGE,
      ]),
      daemon("osd", "osd", () => [
        { name: "osd-port-v2", port: 6800, protocol: "TCP" },
        { name: "osd-port-v1", port: 6801, protocol: "TCP" },
        MSGR_RANGE,
      ]),
      // the chart's default cephFileSystems and cephObjectStores each make one
      daemon("mds", "mds", () => [MSGR_RANGE], listed("cephFileSystems")),
      daemon("rgw", "rgw", () => [], listed("cephObjectStores")),
    ],
    services: [],
    flows: [
      ...["mon", "mgr", "osd", "mds", "rgw"].flatMap((from) =>
        ["tcp-msgr2", "tcp-msgr1"].map((port) => ({ kind: "internal" as const, from, to: "mon", port, why: `the ${from} joins the cluster through the mons` })),
      ),
      // an OSD's public, cluster and heartbeat messengers each take a port of the range
      { kind: "internal", from: "mgr", to: "osd", port: MSGR_RANGE.name, why: "the manager's modules talk to the OSDs" },
      { kind: "internal", from: "osd", to: "osd", port: MSGR_RANGE.name, why: "replication and heartbeats between OSDs" },
      { kind: "internal", from: "mds", to: "osd", port: MSGR_RANGE.name, why: "CephFS metadata lives in RADOS" },
      { kind: "internal", from: "rgw", to: "osd", port: MSGR_RANGE.name, why: "objects live in RADOS" },
      // the CSI node plugins (host network by default) and the kernel's rbd and ceph clients mount from the node
      ...["tcp-msgr2", "tcp-msgr1"].map((port) => ({ kind: "from-nodes" as const, to: "mon", port, why: "host-network clients (CSI node plugins, kernel RBD and CephFS mounts) reach the mons" })),
      { kind: "from-nodes", to: "osd", port: MSGR_RANGE.name, why: "RBD and CephFS data from the nodes' kernel clients" },
      { kind: "from-nodes", to: "mds", port: MSGR_RANGE.name, why: "CephFS mounts from the nodes' kernel clients" },
    ],
  },
  requires: [{ component: "rook-ceph", why: "its templates create a CephCluster and pools, kinds the operator chart's CRDs define" }],
  sources: [
    `${SOURCES_CHART}: rook-ceph-cluster/templates/cephcluster.yaml (CephCluster named clusterName, else the release namespace), rook-ceph-cluster/values.yaml (pod network by default; toolbox disabled; cephFileSystems ceph-filesystem and cephObjectStores ceph-objectstore by default; dashboard ssl on 8443)`,
    "rook/rook at v1.17.6: pkg/operator/ceph/controller/spec.go AppLabels (app, rook_cluster) and CephDaemonAppLabels (ceph_daemon_type, the recommended labels of k8sutil.AddRecommendedLabels: name ceph-<type>, part-of the cluster, managed-by/created-by rook-ceph-operator); AppName rook-ceph-mon/-mgr/-osd/-mds; cluster/mon/mon.go (tcp-msgr2 3300, tcp-msgr1 6789), cluster/mgr/spec.go (mgr 6800, http-metrics, dashboard), cluster/osd/spec.go getOSDContainerPorts (osd-port-v2 6800, osd-port-v1 6801)",
  ],
};
