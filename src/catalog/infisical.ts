// Infisical (chart infisical-standalone of https://dl.cloudsmith.io/public/infisical/helm-charts/helm/charts/, source
// helm-charts/infisical-standalone-postgres in Infisical/infisical): the Infisical Deployment on 8080, its schema
// migration Job, and the Bitnami postgresql and redis subcharts it connects to by the Services their fullnameOverride
// names ("postgresql", "redis-master").
import type { ChartWorkload, Component, Release } from "./types.js";
import { flag, textValue, trunc, valueAt } from "./helm.js";

const chartName = (r: Release) => trunc(textValue(r, ["nameOverride"], "infisical-standalone"));
const part = (r: Release) => textValue(r, ["infisical", "name"], "infisical");

// infisical.fullname: infisical.fullnameOverride, else <release>-<infisical.name> when the release name contains the
// chart's name, else <release>-<chart name>-<infisical.name> ("infisical-infisical-standalone-infisical")
function full(r: Release): string {
  const o = textValue(r, ["infisical", "fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], "infisical-standalone");
  return trunc(r.name.includes(n) ? `${r.name}-${part(r)}` : `${r.name}-${n}-${part(r)}`);
}

// infisical.matchLabels: component <infisical.name>, app <nameOverride or the chart name>, release; the pod template carries only these
const selector = (r: Release) => ({ component: part(r), app: chartName(r), release: r.name });

// The Bitnami subcharts under postgresql.* and redis.*: common.labels.matchLabels (name, instance) and the component
const pgOn = (r: Release) => flag(r, ["postgresql", "enabled"], true);
const redisOn = (r: Release) => flag(r, ["redis", "enabled"], true);
const pgSelector = (r: Release) => ({ "app.kubernetes.io/name": trunc(textValue(r, ["postgresql", "nameOverride"], "postgresql")), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": "primary" });
const redisSelector = (r: Release) => ({ "app.kubernetes.io/name": trunc(textValue(r, ["redis", "nameOverride"], "redis")), "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": "master" });
// infisical.postgresService / infisical.redisServiceName: the chart's values.yaml sets postgresql.fullnameOverride
// "postgresql" and redis.fullnameOverride "redis"; only a spec that empties them gets the <release>- names
const override = (r: Release, sub: string, byDefault: string) => {
  const v = valueAt(r.values, [sub, "fullnameOverride"]);
  return typeof v === "string" ? v : byDefault;
};
const pgService = (r: Release) => trunc(override(r, "postgresql", "postgresql") || `${r.name}-postgresql`);
const redisService = (r: Release) => trunc(`${override(r, "redis", "redis") || r.name}-master`);

const bitnami = (workload: string, sel: (r: Release) => Record<string, string>, enabled: (r: Release) => boolean, port: [string, number]): ChartWorkload => ({
  name: workload,
  kind: "StatefulSet",
  enabled,
  selector: sel,
  labels: (r) => ({ ...sel(r), "app.kubernetes.io/managed-by": "Helm" }),
  ports: () => [{ name: port[0], port: port[1], protocol: "TCP" }],
});

// schema-migration-job.yaml: the Job's pods carry managed-by, instance and helm.sh/chart "<.Chart.Name>-<.Chart.Version>".
// managed-by and instance are on the PostgreSQL and Redis pods too, and so is helm.sh/chart, but with their own
// subchart's name and version (Bitnami's common.labels.standard): "infisical-standalone-<version>" is the Job's alone
// (and the bootstrap Job's, which later charts add under autoBootstrap, default off): the Infisical pods carry only
// infisical.matchLabels, and nameOverride leaves .Chart.Name as it is. It changes with the chart's version, which the
// spec pins, so the policy follows each upgrade. The Job's own name ends in the release revision, so the job-name
// label Kubernetes adds cannot select it. A version that is no label value (at most 63 characters of alphanumerics,
// '-', '_', '.') leaves the Job out.
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const chartLabel = (r: Release) => {
  const v = `infisical-standalone-${(r.version ?? "").replace(/^v/, "")}`;
  return r.version && v.length <= 63 && LABEL_VALUE.test(v) ? v : undefined;
};
const migrationSelector = (r: Release): Record<string, string> => ({ "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": r.name, "helm.sh/chart": chartLabel(r) ?? "" });
const migrationOn = (r: Release) => flag(r, ["infisical", "autoDatabaseSchemaMigration"], true) && chartLabel(r) !== undefined;

// Bitnami removed its versioned images from docker.io/bitnami in 2025 (bitnami/containers#83267); the subcharts'
// default tags live on, frozen, under bitnamilegacy/ (the chart itself moved to bitnamilegacy/* in 1.7.0)
function releaseDefaults(r: Release): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (pgOn(r)) out.postgresql = { image: { repository: "bitnamilegacy/postgresql" } };
  if (redisOn(r)) out.redis = { image: { repository: "bitnamilegacy/redis" } };
  return out;
}

export const infisical: Component = {
  name: "infisical",
  charts: [{ repo: "https://dl.cloudsmith.io/public/infisical/helm-charts/helm/charts/", name: "infisical-standalone" }],
  // 1.4.0 introduced the service account the migration wait needs; 1.7.0 moved the subcharts to OCI and new images
  known: { from: "1.4.0", until: "1.7.0" },
  kinds: [],
  release: {
    primary: "infisical",
    workloads: [
      { name: "infisical", kind: "Deployment", enabled: (r) => flag(r, ["infisical", "enabled"], true), selector, labels: selector, ports: () => [{ name: "http", port: 8080, protocol: "TCP" }] },
      bitnami("postgresql", pgSelector, pgOn, ["tcp-postgresql", 5432]),
      bitnami("redis", redisSelector, redisOn, ["redis", 6379]),
      { name: "schema-migration", kind: "Job", enabled: migrationOn, selector: migrationSelector, labels: migrationSelector, ports: () => [] },
    ],
    // with postgresql.enabled false the Job migrates the database the spec's flows name (useExistingPostgresSecret)
    clients: ["schema-migration"],
    services: [
      // infisical.yaml: the Service <fullname>, 8080 -> 8080 (the container port has no name)
      { name: full, workload: "infisical", routes: "http", ports: () => [{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }] },
      { name: pgService, workload: "postgresql", ports: () => [{ name: "tcp-postgresql", port: 5432, targetPort: 5432, protocol: "TCP" }] },
      { name: redisService, workload: "redis", ports: () => [{ name: "tcp-redis", port: 6379, targetPort: 6379, protocol: "TCP" }] },
    ],
    flows: [
      { kind: "internal", from: "infisical", to: "postgresql", port: "tcp-postgresql", why: "DB_CONNECTION_URI postgresql://...@<postgresql>:5432 (infisical.postgresDBConnectionString)" },
      { kind: "internal", from: "infisical", to: "redis", port: "redis", why: "REDIS_URL redis://default:...@<redis>-master:6379 (infisical.redisConnectionString)" },
      { kind: "to-apiserver", from: "infisical", why: "the migration-init container (k8s-wait-for) waits for the release revision's schema-migration Job" },
      { kind: "internal", from: "schema-migration", to: "postgresql", port: "tcp-postgresql", why: "npm run migration:latest with the same DB_CONNECTION_URI (infisical.postgresDBConnectionString, :5432)" },
    ],
    required: [
      {
        path: ["infisical", "kubeSecretRef"],
        why: "the Secret every Infisical pod takes its environment from (envFrom), which must hold ENCRYPTION_KEY and AUTH_SECRET (and SITE_URL); the chart only names it (default infisical-secrets) and creates nothing",
        example: "infisical-secrets",
      },
    ],
    podSecurity: {
      // infisical.yaml and schema-migration-job.yaml at 1.4.x set no securityContext and the chart has no value for one
      level: () => "baseline",
      why: "the Infisical Deployment and its migration Job with no securityContext (no seccomp profile, capabilities kept, runAsNonRoot unset)",
    },
    defaults: releaseDefaults,
  },
  sources: [
    "Infisical/infisical helm-charts/infisical-standalone-postgres/CHANGELOG.md: 1.4.0 (November 06, 2024) adds infisical.databaseSchemaMigrationJob.image and infisical.serviceAccount; 1.4.1 extraVolumes; 1.7.0 moves postgresql/redis to OCI Bitnami charts and mirror.gcr.io images",
    "Infisical/infisical helm-charts/infisical-standalone-postgres/templates/_helpers.tpl (stored version with the 1.4.0 serviceAccount helpers and no customURIParameters, id 1415450502; not read at the 1.4.0 tag): infisical.name, infisical.matchLabels (component <infisical.name>, app <chart name>, release), infisical.fullname (<release>-<chart>-<infisical.name> unless the release contains the chart name), infisical.postgresService (postgresql.fullnameOverride), infisical.redisServiceName (<redis.fullnameOverride>-master), connection strings :5432 and :6379",
    "templates/infisical.yaml (stored version 0331c82, later than 1.4.0): Deployment pod labels infisical.matchLabels, containerPort 8080 unnamed, envFrom secretRef infisical.kubeSecretRef, migration-init k8s-wait-for on <release>-schema-migration-<revision>, no securityContext; Service <fullname> 8080 -> 8080; templates/schema-migration-job.yaml (044d8b5): pod labels managed-by, instance, helm.sh/chart only",
    "values.yaml (stored version 002a40e, after 1.7.0): infisical.name infisical, kubeSecretRef infisical-secrets, postgresql.fullnameOverride postgresql, redis.fullnameOverride redis, postgresql/redis image repository bitnamilegacy/* (the chart's own later fix); the 1.0.8 index entry: postgresql 14.1.3 and redis 18.14.0 from charts.bitnami.com",
    "templates/schema-migration-job.yaml, the stored versions 912de2f (an earlier one: no serviceAccountName, postgresql.useExistingPostgres) and 044d8b5 (after 1.4.1: extraVolumes, customURIParameters), alike in all used here; not read at the 1.4.0 tag: under infisical.autoDatabaseSchemaMigration, a plain Job (no hook annotations) <release>-schema-migration-<revision>, pod labels app.kubernetes.io/managed-by <Release.Service>, app.kubernetes.io/instance <release>, helm.sh/chart \"<.Chart.Name>-<.Chart.Version>\", env DB_CONNECTION_URI infisical.postgresDBConnectionString under postgresql.enabled (useExistingPostgresSecret otherwise); Chart.yaml (stored 1.7.5) name infisical-standalone; README at 1.0.7 (stored version): infisical.autoDatabaseSchemaMigration default true (not read at 1.4.0); bootstrap-job.yaml (3276853, a later chart's autoBootstrap, default off, which the CHANGELOG up to 1.7.0 does not name) carries the same pod labels",
    "bitnami/charts bitnami/common templates/_labels.tpl (stored versions): common.labels.standard helm.sh/chart = common.names.chart, <.Chart.Name>-<.Chart.Version> of the subchart itself",
    "bitnami/containers#83267: Bitnami's versioned images left docker.io/bitnami in 2025, kept frozen under bitnamilegacy/",
  ],
};
