// Bitnami Redis (chart redis of oci://registry-1.docker.io/bitnamicharts, also https://charts.bitnami.com/bitnami):
// a master StatefulSet and, with architecture replication (the default), a replicas StatefulSet (3 pods) that
// replicate from master-0 through the headless Service. With sentinel.enabled both give way to one `-node`
// StatefulSet of redis + sentinel containers, which this entry does not model.
import type { ChartPort, ChartWorkload, Component, Release } from "./types.js";
import { flag, labelsAt, portValue, textValue, trunc, valueAt } from "./helm.js";
import { bitnamiFullname, bitnamiLabels, bitnamiLegacyImages, bitnamiRestricted, bitnamiSelector } from "./bitnami-postgresql.js";

const CHART = "redis";

const sentinel = (r: Release) => flag(r, ["sentinel", "enabled"], false);
const replication = (r: Release) => textValue(r, ["architecture"], "replication") === "replication";
// master/application.yaml: `if gt master.count 0` and not (replication and sentinel)
const masterCount = (r: Release) => {
  const v = valueAt(r.values, ["master", "count"]);
  return typeof v === "number" ? v : 1;
};
const masterOn = (r: Release) => masterCount(r) > 0 && !(replication(r) && sentinel(r));
const replicasOn = (r: Release) => replication(r) && !sentinel(r);

// application.yaml: metrics.podLabels join the pod labels (not the selector) when metrics.enabled
const metricsLabels = (r: Release) => (flag(r, ["metrics", "enabled"], false) ? labelsAt(r, ["metrics", "podLabels"]) : {});

function ports(key: "master" | "replica") {
  return (r: Release): ChartPort[] => {
    const out: ChartPort[] = [{ name: "redis", port: portValue(r, [key, "containerPorts", "redis"], 6379), protocol: "TCP" }];
    if (flag(r, ["metrics", "enabled"], false)) out.push({ name: "metrics", port: portValue(r, ["metrics", "containerPorts", "http"], 9121), protocol: "TCP" });
    return out;
  };
}

function workload(name: "master" | "replica", key: "master" | "replica", enabled: (r: Release) => boolean): ChartWorkload {
  const podLabels = [key, "podLabels"];
  return {
    name,
    // master.kind / replica.kind: StatefulSet by default, Deployment or DaemonSet allowed
    kind: "StatefulSet",
    enabled,
    selector: bitnamiSelector(CHART, name, podLabels),
    labels: bitnamiLabels(CHART, name, podLabels, metricsLabels),
    ports: ports(key),
  };
}

const full = (r: Release) => bitnamiFullname(r, CHART);
const masterPort = (r: Release) => portValue(r, ["master", "containerPorts", "redis"], 6379);
const replicaPort = (r: Release) => portValue(r, ["replica", "containerPorts", "redis"], 6379);

function level(r: Release): "restricted" | "baseline" | "privileged" {
  // sysctl's init container (off by default) runs privileged as root; volumePermissions' as root (runAsUser 0)
  if (flag(r, ["sysctl", "enabled"], false)) return "privileged";
  if (flag(r, ["volumePermissions", "enabled"], false)) return "baseline";
  const paths = [["master", "containerSecurityContext"]];
  if (replicasOn(r)) paths.push(["replica", "containerSecurityContext"]);
  if (flag(r, ["metrics", "enabled"], false)) paths.push(["metrics", "containerSecurityContext"]);
  return bitnamiRestricted(r, paths) ? "restricted" : "baseline";
}

export const bitnamiRedis: Component = {
  name: "bitnami-redis",
  charts: [
    { repo: "oci://registry-1.docker.io/bitnamicharts", name: CHART },
    { repo: "https://charts.bitnami.com/bitnami", name: CHART },
  ],
  // read at 21.2.13 only (the seed's version), not compared with other tags
  known: { from: "21.2.0", until: "22.0.0" },
  kinds: [],
  release: {
    primary: "master",
    workloads: [workload("master", "master", masterOn), workload("replica", "replica", replicasOn)],
    // master/service.yaml first: a flow or route to 6379 names `<fullname>-master`, the one writable endpoint
    services: [
      {
        name: (r) => trunc(`${full(r)}-master`),
        workload: "master",
        ports: (r) => [{ name: textValue(r, ["master", "service", "portNames", "redis"], "tcp-redis"), port: portValue(r, ["master", "service", "ports", "redis"], 6379), targetPort: masterPort(r), protocol: "TCP" }],
        routes: "tcp-redis",
      },
      { name: (r) => trunc(`${full(r)}-replicas`), workload: "replica", ports: (r) => [{ name: "tcp-redis", port: portValue(r, ["replica", "service", "ports", "redis"], 6379), targetPort: replicaPort(r), protocol: "TCP" }] },
      // headless-svc.yaml selects name and instance only (master and replicas alike); the replicas reach master-0 by it
      { name: (r) => trunc(`${full(r)}-headless`), workload: "master", ports: (r) => [{ name: "tcp-redis", port: portValue(r, ["master", "service", "ports", "redis"], 6379), targetPort: masterPort(r), protocol: "TCP" }] },
    ],
    flows: [
      // replicas/application.yaml: REDIS_MASTER_HOST <fullname>-master-0.<fullname>-headless, REDIS_MASTER_PORT_NUMBER master.containerPorts.redis
      { kind: "internal", from: "replica", to: "master", port: "redis", why: "the replicas replicate from master-0 (REDIS_MASTER_HOST through the headless Service)" },
    ],
    podSecurity: {
      level,
      why: "the sysctl init container (privileged, root) or the volumePermissions one (root), or a containerSecurityContext the spec disables or loosens",
    },
    defaults: () => ({
      ...bitnamiLegacyImages({ redis: [], "redis-sentinel": ["sentinel"], "redis-exporter": ["metrics"], "os-shell": ["volumePermissions"], kubectl: ["kubectl"] }),
      // sysctl.image is os-shell too; set apart because bitnamiLegacyImages keys by image
      sysctl: { image: { repository: "bitnamilegacy/os-shell" } },
      // networkpolicy.yaml (networkPolicy.enabled, allowExternal and allowExternalEgress true): ingress on 6379 from
      // every pod of every namespace and all egress, past the flows the spec declares
      networkPolicy: { enabled: false },
    }),
  },
  sources: [
    "bitnami/charts bitnami/redis at tag redis/21.2.13 (commit 65f4f25fa6): templates/master/application.yaml (kind master.kind, name <fullname>-master, under master.count > 0 and not replication+sentinel; selector common.labels.matchLabels over merge master.podLabels commonLabels plus component master; pod labels common.labels.standard plus component master, metrics.podLabels under metrics.enabled; container ports redis master.containerPorts.redis, metrics metrics.containerPorts.http), templates/replicas/application.yaml (<fullname>-replicas under replication and not sentinel, component replica, REDIS_MASTER_HOST <fullname>-master-0.<fullname>-headless, REDIS_MASTER_PORT_NUMBER master.containerPorts.redis)",
    "the same tag: templates/master/service.yaml (<fullname>-master, port master.service.portNames.redis tcp-redis -> redis, not with sentinel), replicas/service.yaml (<fullname>-replicas, tcp-redis -> redis), headless-svc.yaml (<fullname>-headless, selector name and instance only), sentinel/statefulset.yaml and sentinel/service.yaml (<fullname>-node, component node, Service <fullname>: not modelled here)",
    "the same tag: templates/networkpolicy.yaml (podSelector name and instance; egress - {} under allowExternalEgress; ingress on master.containerPorts.redis with no `from` under allowExternal), values.yaml (architecture replication, replica.replicaCount 3, sentinel.enabled false, master.count 1, containerPorts.redis 6379, metrics.containerPorts.http 9121, networkPolicy enabled/allowExternal/allowExternalEgress true, containerSecurityContext runAsUser 1001 runAsNonRoot true allowPrivilegeEscalation false drop ALL seccompProfile RuntimeDefault, sysctl.enabled false (privileged init container), volumePermissions.enabled false (runAsUser 0), images docker.io bitnami/redis, redis-sentinel, redis-exporter, os-shell, kubectl)",
    "the same tag: templates/NOTES.txt (common.errors.insecureImages over image, sentinel.image, metrics.image, volumePermissions.image, kubectl.image, sysctl.image); bitnami/common (2.31.x) templates/_errors.tpl, _names.tpl, _labels.tpl as in the postgresql entry; templates/secret.yaml and _helpers.tpl redis.password (common.secrets.passwords.manage: lookup of the live Secret, else randAlphaNum 10, so `helm template` regenerates it)",
    "bitnami/containers#83267: the versioned images moved from docker.io/bitnami to docker.io/bitnamilegacy; the tags under bitnamilegacy were not checked against the registry",
  ],
};
