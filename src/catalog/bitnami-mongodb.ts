// Bitnami MongoDB (chart mongodb of oci://registry-1.docker.io/bitnamicharts, also https://charts.bitnami.com/bitnami):
// architecture standalone by default, one Deployment (a StatefulSet with useStatefulSet) behind Service `<fullname>`;
// with architecture replicaset, a StatefulSet of replicaCount members behind `<fullname>-headless`, which replicate
// among themselves. The replica set's arbiter and hidden members (arbiter.enabled, hidden.enabled) are not modelled.
import type { ChartPort, ChartWorkload, Component, Release } from "./types.js";
import { flag, portValue, textValue } from "./helm.js";
import { bitnamiFullname, bitnamiLabels, bitnamiLegacyImages, bitnamiRestricted, bitnamiSelector } from "./bitnami-postgresql.js";

const CHART = "mongodb";
const POD_LABELS = ["podLabels"];

const replicaset = (r: Release) => textValue(r, ["architecture"], "standalone") === "replicaset";

function ports(r: Release): ChartPort[] {
  const out: ChartPort[] = [{ name: "mongodb", port: portValue(r, ["containerPorts", "mongodb"], 27017), protocol: "TCP" }];
  if (flag(r, ["metrics", "enabled"], false)) out.push({ name: "metrics", port: portValue(r, ["metrics", "containerPort"], 9216), protocol: "TCP" });
  return out;
}

// standalone/dep-sts.yaml and replicaset/statefulset.yaml label their pods alike: component mongodb
function workload(name: string, kind: ChartWorkload["kind"], enabled: (r: Release) => boolean): ChartWorkload {
  return { name, kind, enabled, selector: bitnamiSelector(CHART, "mongodb", POD_LABELS), labels: bitnamiLabels(CHART, "mongodb", POD_LABELS), ports };
}

// mongodb.service.nameOverride: service.nameOverride, else <fullname>-headless (replicaset) or <fullname>
const serviceName = (r: Release) => textValue(r, ["service", "nameOverride"], replicaset(r) ? `${bitnamiFullname(r, CHART)}-headless` : bitnamiFullname(r, CHART));
const servicePorts = (r: Release) => [
  { name: textValue(r, ["service", "portName"], "mongodb"), port: portValue(r, ["service", "ports", "mongodb"], 27017), targetPort: portValue(r, ["containerPorts", "mongodb"], 27017), protocol: "TCP" as const },
];

function level(r: Release): "restricted" | "baseline" | "privileged" {
  // volumePermissions' init container (off by default) runs as root
  if (flag(r, ["volumePermissions", "enabled"], false)) return "baseline";
  const paths = [["containerSecurityContext"]];
  if (flag(r, ["metrics", "enabled"], false)) paths.push(["metrics", "containerSecurityContext"]);
  return bitnamiRestricted(r, paths) ? "restricted" : "baseline";
}

export const bitnamiMongodb: Component = {
  name: "bitnami-mongodb",
  charts: [
    { repo: "oci://registry-1.docker.io/bitnamicharts", name: CHART },
    { repo: "https://charts.bitnami.com/bitnami", name: CHART },
  ],
  // read at 16.5.33 only (the seed's version), not compared with other tags
  known: { from: "16.5.0", until: "17.0.0" },
  kinds: [],
  release: {
    primary: "mongodb",
    workloads: [
      // kind Deployment unless useStatefulSet
      workload("mongodb", "Deployment", (r) => !replicaset(r)),
      workload("replicaset", "StatefulSet", replicaset),
    ],
    services: [
      { name: serviceName, workload: "mongodb", ports: servicePorts, routes: "mongodb" },
      { name: serviceName, workload: "replicaset", ports: servicePorts, routes: "mongodb" },
    ],
    flows: [{ kind: "internal", from: "replicaset", to: "replicaset", port: "mongodb", why: "the replica set's members replicate from the primary and elect one among themselves" }],
    podSecurity: {
      level,
      why: "the volumePermissions init container as root, or a containerSecurityContext the spec disables or loosens",
    },
    defaults: () => ({
      ...bitnamiLegacyImages({ mongodb: [], nginx: ["tls"], "os-shell": ["volumePermissions"], "mongodb-exporter": ["metrics"] }),
      // externalAccess.autoDiscovery.image (kubectl) and externalAccess.dnsCheck.image (os-shell) sit one level deeper
      externalAccess: { autoDiscovery: { image: { repository: "bitnamilegacy/kubectl" } }, dnsCheck: { image: { repository: "bitnamilegacy/os-shell" } } },
      // networkpolicy.yaml (networkPolicy.enabled, allowExternal and allowExternalEgress true): ingress on 27017 from
      // every pod of every namespace and all egress, past the flows the spec declares
      networkPolicy: { enabled: false },
    }),
  },
  sources: [
    "bitnami/charts bitnami/mongodb at tag mongodb/16.5.33 (commit c2f5ea2e86): templates/_helpers.tpl (mongodb.fullname = common.names.fullname; mongodb.service.nameOverride = service.nameOverride, else <fullname>-headless with architecture replicaset, else <fullname>), templates/standalone/dep-sts.yaml (unless replicaset: Deployment, StatefulSet with useStatefulSet, name <fullname>; selector common.labels.matchLabels over merge podLabels commonLabels plus component mongodb; container ports mongodb containerPorts.mongodb, metrics metrics.containerPort), standalone/svc.yaml (Service mongodb.service.nameOverride, port service.portName mongodb service.ports.mongodb -> mongodb)",
    "the same tag: templates/replicaset/statefulset.yaml (StatefulSet <fullname>, component mongodb), replicaset/headless-svc.yaml; templates/networkpolicy.yaml (egress - {} under allowExternalEgress, ingress with no `from` under allowExternal); values.yaml (architecture standalone, useStatefulSet false, containerPorts.mongodb 27017, service.portName mongodb, metrics.containerPort 9216, networkPolicy enabled/allowExternal/allowExternalEgress true, containerSecurityContext runAsUser 1001 runAsNonRoot true privileged false allowPrivilegeEscalation false drop ALL seccompProfile RuntimeDefault, images docker.io bitnami/mongodb, tls.image bitnami/nginx, externalAccess.autoDiscovery.image bitnami/kubectl, externalAccess.dnsCheck.image and volumePermissions.image bitnami/os-shell, metrics.image bitnami/mongodb-exporter)",
    "the same tag: templates/NOTES.txt (common.errors.insecureImages over image, tls.image, externalAccess.autoDiscovery.image, externalAccess.dnsCheck.image, volumePermissions.image, metrics.image), templates/secrets.yaml (root and user passwords by common.secrets.passwords.manage: lookup of the live Secret, else generated, so `helm template` regenerates them); bitnami/common 2.31.x as in the postgresql entry",
    "bitnami/containers#83267: the versioned images moved from docker.io/bitnami to docker.io/bitnamilegacy; the tags under bitnamilegacy were not checked against the registry",
  ],
};
