// Bitnami PostgreSQL (chart postgresql of oci://registry-1.docker.io/bitnamicharts, also https://charts.bitnami.com/bitnami):
// one primary StatefulSet (architecture standalone by default) and, with architecture replication, a read-replica
// StatefulSet that streams from the primary. The naming and labelling rules of Bitnami's `common` library chart live
// here too, exported for the redis and mongodb entries, which share them.
import type { ChartPort, ChartWorkload, Component, Release } from "./types.js";
import { flag, labelsAt, meetsRestricted, portValue, textValue, trunc, valueAt } from "./helm.js";

/** common.names.name (common _names.tpl): nameOverride, else the chart's name */
export const bitnamiName = (r: Release, chart: string) => trunc(textValue(r, ["nameOverride"], chart));

/**
 * common.names.fullname: fullnameOverride, else the release name (lowercased, runs of anything but [a-z0-9-]
 * turned into "-") when it contains nameOverride or the chart's name, else `<release>-<name>`; truncated to 63
 */
export function bitnamiFullname(r: Release, chart: string): string {
  const override = textValue(r, ["fullnameOverride"], "");
  if (override) return trunc(override);
  const name = textValue(r, ["nameOverride"], chart);
  const release = r.name.toLowerCase().replace(/(-?[^a-z\d-])+-?/g, "-");
  return trunc(release.includes(name) ? release : `${release}-${name}`);
}

/**
 * common.labels.matchLabels over `merge <podLabels> commonLabels` (the workload's podLabels win over commonLabels):
 * name and instance, which those labels may override, then the chart's `app.kubernetes.io/component`
 */
export function bitnamiSelector(chart: string, component: string, podLabels: readonly string[]) {
  return (r: Release) => {
    const custom = { ...labelsAt(r, ["commonLabels"]), ...labelsAt(r, podLabels) };
    return {
      "app.kubernetes.io/name": custom["app.kubernetes.io/name"] ?? bitnamiName(r, chart),
      "app.kubernetes.io/instance": custom["app.kubernetes.io/instance"] ?? r.name,
      "app.kubernetes.io/component": component,
    };
  };
}

/**
 * common.labels.standard on the pod template: the custom labels over name, instance and managed-by (helm.sh/chart
 * and app.kubernetes.io/version change with the chart), then the component line the templates append
 */
export function bitnamiLabels(chart: string, component: string, podLabels: readonly string[], extra?: (r: Release) => Record<string, string>) {
  return (r: Release) => ({
    "app.kubernetes.io/name": bitnamiName(r, chart),
    "app.kubernetes.io/instance": r.name,
    "app.kubernetes.io/managed-by": "Helm",
    ...labelsAt(r, ["commonLabels"]),
    ...labelsAt(r, podLabels),
    ...(extra?.(r) ?? {}),
    "app.kubernetes.io/component": component,
  });
}

/**
 * Bitnami removed its versioned images from docker.io/bitnami in 2025 (bitnami/containers#83267); the same tags live
 * on, frozen, in docker.io/bitnamilegacy. The charts' NOTES.txt runs common.errors.insecureImages over their images,
 * which fails the whole render (helm template too) when a repository is not one the Chart.yaml `images` annotation
 * lists, unless global.security.allowInsecureImages is true.
 */
export function bitnamiLegacyImages(images: Record<string, readonly string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = { global: { security: { allowInsecureImages: true } } };
  for (const [image, path] of Object.entries(images)) setAt(out, [...path, "image", "repository"], `bitnamilegacy/${image}`);
  return out;
}

function setAt(o: Record<string, unknown>, path: readonly string[], v: unknown): void {
  let at = o;
  for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[path[path.length - 1]!] = v;
}

const ctx = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** the containerSecurityContext every Bitnami main container ships with (values.yaml, `enabled: true`) */
export const BITNAMI_CONTAINER = {
  runAsUser: 1001,
  runAsGroup: 1001,
  runAsNonRoot: true,
  privileged: false,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * Whether the containers whose securityContext values sit at `paths` still meet `restricted` with the spec's
 * overrides: the chart renders them only when `enabled` (true), and the spec's keys replace the chart's
 */
export function bitnamiRestricted(r: Release, paths: ReadonlyArray<readonly string[]>): boolean {
  return paths.every((p) => {
    const spec = ctx(valueAt(r.values, p));
    if (spec.enabled === false) return false;
    return meetsRestricted({}, { ...BITNAMI_CONTAINER, ...spec });
  });
}

const CHART = "postgresql";
const POD_LABELS = { primary: ["primary", "podLabels"], read: ["readReplicas", "podLabels"] } as const;

const replication = (r: Release) => textValue(r, ["architecture"], "standalone") === "replication";

// postgresql.v1.chart.fullname: global.postgresql.fullnameOverride, else common.names.fullname
const chartFullname = (r: Release) => {
  const g = textValue(r, ["global", "postgresql", "fullnameOverride"], "");
  return g ? g : bitnamiFullname(r, CHART);
};
// postgresql.v1.primary.fullname: `<fullname>-<primary.name>` with architecture replication, else `<fullname>`
const primaryFullname = (r: Release) => (replication(r) ? trunc(`${chartFullname(r)}-${textValue(r, ["primary", "name"], "primary")}`) : chartFullname(r));
const readFullname = (r: Release) => trunc(`${chartFullname(r)}-${textValue(r, ["readReplicas", "name"], "read")}`);

// postgresql.v1.service.port / readReplica.service.port: global.postgresql.service.ports.postgresql first
const servicePort = (r: Release, key: "primary" | "readReplicas") => {
  const g = portValue(r, ["global", "postgresql", "service", "ports", "postgresql"], 0);
  return g || portValue(r, [key, "service", "ports", "postgresql"], 5432);
};

function ports(r: Release): ChartPort[] {
  const out: ChartPort[] = [{ name: "tcp-postgresql", port: portValue(r, ["containerPorts", "postgresql"], 5432), protocol: "TCP" }];
  if (flag(r, ["metrics", "enabled"], false)) out.push({ name: "http-metrics", port: portValue(r, ["metrics", "containerPorts", "metrics"], 9187), protocol: "TCP" });
  return out;
}

function workload(name: "primary" | "read", enabled: (r: Release) => boolean): ChartWorkload {
  return {
    name,
    kind: "StatefulSet",
    enabled,
    selector: bitnamiSelector(CHART, name, POD_LABELS[name]),
    labels: bitnamiLabels(CHART, name, POD_LABELS[name]),
    ports,
  };
}

const db = (r: Release) => portValue(r, ["containerPorts", "postgresql"], 5432);

function level(r: Release): "restricted" | "baseline" | "privileged" {
  // volumePermissions' init container (off by default) runs as root: runAsUser 0, runAsNonRoot false
  if (flag(r, ["volumePermissions", "enabled"], false)) return "baseline";
  const paths = [["primary", "containerSecurityContext"]];
  if (replication(r)) paths.push(["readReplicas", "containerSecurityContext"]);
  if (flag(r, ["metrics", "enabled"], false)) paths.push(["metrics", "containerSecurityContext"]);
  return bitnamiRestricted(r, paths) ? "restricted" : "baseline";
}

export const bitnamiPostgresql: Component = {
  name: "bitnami-postgresql",
  charts: [
    { repo: "oci://registry-1.docker.io/bitnamicharts", name: CHART },
    { repo: "https://charts.bitnami.com/bitnami", name: CHART },
  ],
  // read at 16.7.21 only (the seed's version): the 16.x names, labels and ports, not compared with other tags
  known: { from: "16.7.0", until: "17.0.0" },
  kinds: [],
  release: {
    primary: "primary",
    workloads: [workload("primary", () => true), workload("read", replication)],
    // primary/svc.yaml first, so a spec flow or route to 5432 names `<fullname>` (standalone), never the headless one
    services: [
      { name: primaryFullname, workload: "primary", ports: (r) => [{ name: "tcp-postgresql", port: servicePort(r, "primary"), targetPort: db(r), protocol: "TCP" }], routes: "tcp-postgresql" },
      { name: (r) => trunc(`${primaryFullname(r)}-hl`), workload: "primary", ports: (r) => [{ name: "tcp-postgresql", port: servicePort(r, "primary"), targetPort: db(r), protocol: "TCP" }] },
      { name: readFullname, workload: "read", ports: (r) => [{ name: "tcp-postgresql", port: servicePort(r, "readReplicas"), targetPort: db(r), protocol: "TCP" }] },
      { name: (r) => trunc(`${readFullname(r)}-hl`), workload: "read", ports: (r) => [{ name: "tcp-postgresql", port: servicePort(r, "readReplicas"), targetPort: db(r), protocol: "TCP" }] },
    ],
    flows: [
      // read/statefulset.yaml: POSTGRES_MASTER_HOST <primary fullname>, POSTGRES_MASTER_PORT_NUMBER containerPorts.postgresql
      { kind: "internal", from: "read", to: "primary", port: "tcp-postgresql", why: "the read replicas stream the WAL from the primary (POSTGRES_MASTER_HOST)" },
    ],
    podSecurity: {
      level,
      why: "the volumePermissions init container as root (runAsUser 0), or a containerSecurityContext the spec disables or loosens",
    },
    defaults: () => ({
      ...bitnamiLegacyImages({ postgresql: [], "os-shell": ["volumePermissions"], "postgres-exporter": ["metrics"] }),
      // primary/networkpolicy.yaml and read/networkpolicy.yaml (networkPolicy.enabled true, allowExternal true,
      // allowExternalEgress true): ingress on 5432 from every pod of every namespace and all egress, which would
      // widen platformc's policies (NetworkPolicies add up) past the flows the spec declares
      primary: { networkPolicy: { enabled: false } },
      readReplicas: { networkPolicy: { enabled: false } },
    }),
  },
  sources: [
    "bitnami/charts bitnami/postgresql at tag postgresql/16.7.21 (commit e3f9cac9c2): templates/_helpers.tpl (postgresql.v1.chart.fullname = global.postgresql.fullnameOverride or common.names.fullname; primary.fullname = <fullname>-<primary.name> only with architecture replication, else <fullname>; readReplica.fullname <fullname>-<readReplicas.name>; svc.headless <primary fullname>-hl; service.port = global.postgresql.service.ports.postgresql or primary.service.ports.postgresql)",
    "the same tag: templates/primary/statefulset.yaml (StatefulSet <primary fullname>, selector common.labels.matchLabels over merge primary.podLabels commonLabels plus component primary, pod labels common.labels.standard plus component primary; container ports tcp-postgresql containerPorts.postgresql, http-metrics metrics.containerPorts.metrics under metrics.enabled), primary/svc.yaml (Service <primary fullname>, tcp-postgresql -> tcp-postgresql), primary/svc-headless.yaml, read/statefulset.yaml (component read, POSTGRES_MASTER_HOST the primary), read/svc.yaml, read/svc-headless.yaml",
    "the same tag: templates/primary/networkpolicy.yaml and read/networkpolicy.yaml (podSelector the workload's matchLabels; egress - {} under allowExternalEgress; ingress on containerPorts.postgresql with no `from` under allowExternal), values.yaml (architecture standalone, containerPorts.postgresql 5432, primary/readReplicas.networkPolicy enabled, allowExternal and allowExternalEgress true, primary.name primary, readReplicas.name read, containerSecurityContext runAsUser 1001 runAsNonRoot true privileged false allowPrivilegeEscalation false drop ALL seccompProfile RuntimeDefault, volumePermissions.enabled false with runAsUser 0 runAsNonRoot false, metrics.enabled false, metrics.containerPorts.metrics 9187, image docker.io bitnami/postgresql, volumePermissions.image bitnami/os-shell, metrics.image bitnami/postgres-exporter, global.security.allowInsecureImages false)",
    "the same tag: templates/NOTES.txt (common.errors.insecureImages over image, volumePermissions.image, metrics.image), Chart.yaml (images annotation docker.io/bitnami/os-shell, postgres-exporter, postgresql; dependency common 2.31.3); bitnami/common at the same commit: templates/_errors.tpl (insecureImages fails the render on a replaced repository unless global.security.allowInsecureImages), _names.tpl (common.names.name, common.names.fullname), _labels.tpl (common.labels.standard, common.labels.matchLabels), _tplvalues.tpl (common.tplvalues.merge: earlier values win)",
    "the same tag: templates/secrets.yaml and bitnami/common templates/_secrets.tpl (common.secrets.passwords.manage, common.secrets.lookup): an unset auth password is read back from the live Secret with `lookup`, else generated with randAlphaNum; `helm template` (Argo CD) has no cluster to look up, so it generates a new one on every render",
    "bitnami/containers#83267 (quoted by the maintainers in bitnami/containers#88999): the versioned images were removed from docker.io/bitnami and moved to docker.io/bitnamilegacy; whether each chart tag exists under bitnamilegacy was not checked against the registry",
  ],
};
