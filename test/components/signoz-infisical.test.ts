// SigNoz 0.55.1 and Infisical (infisical-standalone 1.4.0) as bluerobin runs them in its platform namespace (issue 12
// catalog extension). Pod labels are written here from the charts' templates, not taken from src/catalog:
// SigNoz/charts charts/signoz at signoz-0.55.1 templates/_helpers.tpl (<part>.selectorLabels name, instance,
// component; schemaMigrator.selectorLabels name and instance), charts/clickhouse at clickhouse-24.1.7
// templates/_helper.tpl (clickhouse.selectorLabels, clickhouseOperator.selectorLabels), Bitnami zookeeper's
// statefulset.yaml (matchLabels + component zookeeper); Infisical/infisical helm-charts/infisical-standalone-postgres
// templates/_helpers.tpl (infisical.matchLabels component, app, release) and schema-migration-job.yaml (managed-by,
// instance, helm.sh/chart <Chart.Name>-<Chart.Version>); Bitnami common.labels.standard (helm.sh/chart of the
// subchart). A Job's pods also carry what the API server adds to its template (kubernetes/kubernetes
// pkg/registry/batch/job/strategy.go generateSelector): job-name and batch.kubernetes.io/job-name = the Job's name,
// controller-uid and batch.kubernetes.io/controller-uid = its uid.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { componentOfChart } from "../../src/catalog/index.js";
import { backendOf, releaseOf } from "../../src/plan/components.js";
import { compileObject } from "../support/compile.js";
import { World, seedSpec, service, type Built } from "./world.js";

const SIGNOZ = { repo: "https://charts.signoz.io", name: "signoz" };
const INFISICAL = { repo: "https://dl.cloudsmith.io/public/infisical/helm-charts/helm/charts/", name: "infisical-standalone" };
const CLUSTER = "bluerobin-local";
const NS = "platform";

// bluerobin with the two changes its spec needs for these charts: the platform namespace at baseline (both charts
// leave securityContexts empty) and the Secret Infisical takes its keys from named
function bluerobinSpec(): any {
  const spec = seedSpec("bluerobin");
  spec.namespaces.find((n: any) => n.name === NS).podSecurity = "baseline";
  spec.services.find((s: any) => s.name === "infisical").chart.values = { infisical: { kubeSecretRef: "infisical-secrets" } };
  return spec;
}

function bluerobin(): Built {
  const r = compileObject(bluerobinSpec());
  expect(r.errors).toEqual([]);
  return { graph: r.graph!, files: r.files! };
}

const helmRelease = (b: Built, name: string) =>
  YAML.parseAllDocuments(b.files.find((f) => f.path === `clusters/${CLUSTER}/namespaces/${NS}/${name}.yaml`)!.content)
    .map((d) => d.toJS())
    .find((o) => o.kind === "HelmRelease");

const tcp = (...ports: number[]) => ports.map((p) => ["TCP", p] as ["TCP", number]);

// the labels the API server puts on the pod template of a Job named `name` (no manualSelector)
const jobPodLabels = (name: string, uid: string) => ({ "job-name": name, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "batch.kubernetes.io/controller-uid": uid });

// PC1211 as bluerobin compiles without its `ignore:` entries
function gapWarnings(): string[] {
  const spec = bluerobinSpec();
  delete spec.ignore;
  return compileObject(spec).diagnostics.filter((d) => d.code === "PC1211").map((d) => d.message);
}

describe("signoz 0.55.1 (bluerobin platform)", () => {
  const b = bluerobin();
  const part = (component: string) => ({ "app.kubernetes.io/name": "signoz", "app.kubernetes.io/instance": "signoz", "app.kubernetes.io/component": component });
  // the ClickHouse pods come from the ClickHouseInstallation's pod-template, which carries clickhouse.labels
  const clickhouseLabels = { "app.kubernetes.io/name": "clickhouse", "app.kubernetes.io/instance": "signoz", "app.kubernetes.io/component": "clickhouse", "app.kubernetes.io/managed-by": "Helm", "clickhouse.altinity.com/chi": "signoz-clickhouse" };

  it("lets the UI, the alertmanager and the collectors reach the query service on the ports the chart wires", () => {
    const w = new World(b);
    // query-service/statefulset.yaml: http 8080, http-internal 8085, opamp-internal 4320
    const qs = w.pod(CLUSTER, NS, part("query-service"), [{ name: "http", port: 8080 }, { name: "http-internal", port: 8085 }, { name: "opamp-internal", port: 4320 }]);
    // frontend/configmap.yaml: proxy_pass http://signoz-query-service:8080
    w.expectAllowed(w.pod(CLUSTER, NS, part("frontend")), qs, tcp(8080), "frontend -> query-service");
    // alertmanager/statefulset.yaml: --queryService.url=http://signoz-query-service:8085
    w.expectAllowed(w.pod(CLUSTER, NS, part("alertmanager")), qs, tcp(8085), "alertmanager -> query-service internal");
    // otel-collector/configmap.yaml: server_endpoint ws://signoz-query-service:4320/v1/opamp
    w.expectAllowed(w.pod(CLUSTER, NS, part("otel-collector")), qs, tcp(4320), "otel-collector -> query-service OpAMP");
  });

  it("lets the writers and readers reach ClickHouse, ClickHouse reach ZooKeeper and GitHub, the operator the API server", () => {
    const w = new World(b);
    const ch = w.pod(CLUSTER, NS, clickhouseLabels, [{ name: "http", port: 8123 }, { name: "client", port: 9000 }, { name: "interserver", port: 9009 }]);
    for (const c of ["query-service", "otel-collector", "otel-collector-metrics"]) w.expectAllowed(w.pod(CLUSTER, NS, part(c)), ch, tcp(9000, 8123), `${c} -> clickhouse`);
    // the frontend only talks to the query service
    const frontend = w.pod(CLUSTER, NS, part("frontend"), [{ name: "http", port: 3301 }]);
    expect(w.allowed(frontend, ch).has("TCP", 9000)).toBe(false);
    // clickhouse-instance.yaml: zookeeper nodes <release>-zookeeper-headless:2181
    const zk = w.pod(CLUSTER, NS, { "app.kubernetes.io/name": "zookeeper", "app.kubernetes.io/instance": "signoz", "app.kubernetes.io/component": "zookeeper", "app.kubernetes.io/managed-by": "Helm" }, [{ name: "client", port: 2181 }]);
    w.expectAllowed(ch, zk, tcp(2181), "clickhouse -> zookeeper");
    // values.yaml clickhouse.initContainers.udf: wget https://github.com/SigNoz/signoz/raw/... on every start
    w.expectAllowed(ch, w.internet(), tcp(443), "clickhouse udf init -> github.com");
    const operator = w.pod(CLUSTER, NS, { "app.kubernetes.io/name": "clickhouse", "app.kubernetes.io/instance": "signoz", "app.kubernetes.io/component": "operator" });
    w.expectAllowed(operator, w.apiServer(CLUSTER), tcp(w.cluster(CLUSTER).apiEndpoint.port), "clickhouse-operator -> kube-apiserver");
    w.expectAllowed(operator, ch, tcp(8123), "clickhouse-operator -> clickhouse http");
  });

  it("lets the schema-migrator Jobs reach ClickHouse, and only those Jobs, by the job-name label the API server adds", () => {
    const w = new World(b);
    const ch = w.pod(CLUSTER, NS, clickhouseLabels, [{ name: "http", port: 8123 }, { name: "client", port: 9000 }, { name: "interserver", port: 9009 }]);
    const api = w.apiServer(CLUSTER);
    const apiPort = w.cluster(CLUSTER).apiEndpoint.port;
    // migrations-sync.yaml / migrations-async.yaml: pod labels schemaMigrator.selectorLabels (name, instance); Job
    // names <release>-schema-migrator-sync / -async, "-init" on the install, without on upgrades (the hooks)
    const migrator = (job: string) => w.pod(CLUSTER, NS, { "app.kubernetes.io/name": "signoz", "app.kubernetes.io/instance": "signoz", ...jobPodLabels(job, `uid-${job}`) });
    for (const job of ["signoz-schema-migrator-sync-init", "signoz-schema-migrator-async-init", "signoz-schema-migrator-sync", "signoz-schema-migrator-async"]) {
      const pod = migrator(job);
      // init: wget <release>-clickhouse:8123/ping; ch-ready: clickhouse client --port 9000; migrator --dsn tcp://...:9000
      w.expectAllowed(pod, ch, tcp(9000, 8123), `${job} -> clickhouse`);
      // only the async Job's wait-for-sync init container (k8s-wait-for) asks the API server
      expect(w.allowed(pod, api).has("TCP", apiPort), `${job} -> kube-apiserver`).toBe(job.includes("-async"));
    }
    // name and instance alone are every SigNoz pod's: without the Job's name nothing is opened
    expect(w.allowed(w.pod(CLUSTER, NS, { "app.kubernetes.io/name": "signoz", "app.kubernetes.io/instance": "signoz" }), ch).has("TCP", 9000)).toBe(false);
    expect(w.allowed(migrator("signoz-schema-migrator"), ch).has("TCP", 9000)).toBe(false);
    // the scrape stays the one gap of the release
    const gaps = gapWarnings().filter((m) => m.includes("`signoz`"));
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toContain("signoz.io/scrape");
    expect(gaps[0]).not.toContain("schema-migrator");
  });

  it("names the migrator Jobs after the release's fullname and leaves out a name too long for a label", () => {
    const facts = componentOfChart(SIGNOZ)!.release!;
    const job = (w: string) => facts.workloads.find((x) => x.name === w)!;
    // _helpers.tpl schemaMigrator.fullname: <signoz.fullname>-<schemaMigrator.name>; "obs" does not contain "signoz"
    const r = { name: "obs", values: { schemaMigrator: { name: "mig" } } };
    expect(job("schema-migrator-async-init").selector(r)["batch.kubernetes.io/job-name"]).toBe("obs-signoz-mig-async-init");
    expect(job("schema-migrator-sync").selector(r)["batch.kubernetes.io/job-name"]).toBe("obs-signoz-mig-sync");
    expect(job("schema-migrator-sync").enabled({ name: "obs", values: { schemaMigrator: { enabled: false } } })).toBe(false);
    // a 36-character release: <release>-signoz-schema-migrator-async-init is 70 characters, no label value
    const long = { name: "a".repeat(36), values: {} };
    expect(job("schema-migrator-async-init").enabled(long)).toBe(false);
    expect(job("schema-migrator-async-init").enabled({ name: "signoz", values: {} })).toBe(true);
  });

  it("routes to the frontend's Service, sends OTLP to <release>-otel-collector and the spec's 8080 to the query service", () => {
    const c = b.graph.clusters.find((x) => x.name === CLUSTER)!;
    const s = service(b, "signoz");
    const rel = releaseOf(c, s)!;
    // frontend/service.yaml: signoz-frontend http 3301; otel-collector/service.yaml: ports from otelCollector.ports
    expect(rel.services.find((x) => x.routes)).toMatchObject({ name: "signoz-frontend", routes: "http" });
    expect(backendOf(c, s, { port: 4317, targetPort: 4317, protocol: "TCP" })).toMatchObject({ service: "signoz-otel-collector", port: 4317 });
    expect(backendOf(c, s, { port: 4318, targetPort: 4318, protocol: "TCP" })).toMatchObject({ service: "signoz-otel-collector", port: 4318 });
    expect(backendOf(c, s, { port: 8080, targetPort: 8080, protocol: "TCP" })).toMatchObject({ service: "signoz-query-service", port: 8080 });
  });

  it("pulls ZooKeeper from bitnamilegacy and needs a baseline namespace", () => {
    // clickhouse-24.1.7 values.yaml zookeeper.image bitnami/zookeeper 3.7.1, gone from docker.io/bitnami (bitnami/containers#83267)
    expect(helmRelease(b, "signoz").spec.values.clickhouse.zookeeper.image).toEqual({ repository: "bitnamilegacy/zookeeper" });
    const facts = componentOfChart(SIGNOZ)!.release!;
    expect(facts.podSecurity!.level({ name: "signoz", values: {} })).toBe("baseline");
    // no ZooKeeper, no image default
    expect(facts.defaults!({ name: "signoz", values: { clickhouse: { zookeeper: { enabled: false } } } })).toEqual({});
  });

  it("follows nameOverride and the parts' names in selectors and Service names", () => {
    const facts = componentOfChart(SIGNOZ)!.release!;
    const r = { name: "obs", values: { nameOverride: "sz", frontend: { name: "ui" }, otelCollector: { ports: { "otlp-http": { enabled: false } } } } };
    expect(facts.workloads.find((x) => x.name === "frontend")!.selector(r)).toEqual({ "app.kubernetes.io/name": "sz", "app.kubernetes.io/instance": "obs", "app.kubernetes.io/component": "ui" });
    expect(facts.services.find((x) => x.workload === "frontend")!.name(r)).toBe("obs-sz-ui");
    expect(facts.services.find((x) => x.workload === "otel-collector")!.ports(r).map((p) => p.port)).not.toContain(4318);
    expect(facts.services.find((x) => x.workload === "clickhouse")!.name(r)).toBe("obs-clickhouse");
  });
});

describe("infisical-standalone 1.4.0 (bluerobin platform)", () => {
  const b = bluerobin();
  // infisical.matchLabels: component <infisical.name>, app <chart name>, release <release>
  const app = { component: "infisical", app: "infisical-standalone", release: "infisical" };
  // Bitnami postgresql 14.1.3 primary and redis 18.14.0 master: common.labels.standard (helm.sh/chart their own) + component
  const pg = { "app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": "infisical", "app.kubernetes.io/component": "primary", "app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "postgresql-14.1.3" };
  const redis = { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "infisical", "app.kubernetes.io/component": "master", "app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "redis-18.14.0" };
  // schema-migration-job.yaml: Job <release>-schema-migration-<revision>, pod labels managed-by, instance, helm.sh/chart
  const migration = (chart: string, revision: number) => ({ "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": "infisical", "helm.sh/chart": chart, ...jobPodLabels(`infisical-schema-migration-${revision}`, `uid-${revision}`) });

  it("lets Infisical reach its PostgreSQL and Redis and its migration wait the API server, and Redis not PostgreSQL", () => {
    const w = new World(b);
    const db = w.pod(CLUSTER, NS, pg, [{ name: "tcp-postgresql", port: 5432 }]);
    const cache = w.pod(CLUSTER, NS, redis, [{ name: "redis", port: 6379 }]);
    const server = w.pod(CLUSTER, NS, app, [{ port: 8080 }]);
    w.expectAllowed(server, db, tcp(5432), "infisical -> postgresql");
    w.expectAllowed(server, cache, tcp(6379), "infisical -> redis-master");
    w.expectAllowed(server, w.apiServer(CLUSTER), tcp(w.cluster(CLUSTER).apiEndpoint.port), "infisical migration-init -> kube-apiserver");
    // Redis carries managed-by and instance too, but its own helm.sh/chart: no PostgreSQL through the Job's policy
    expect(w.allowed(cache, db).has("TCP", 5432)).toBe(false);
  });

  it("lets the schema-migration Job of every revision reach PostgreSQL by its chart label, and no other chart version", () => {
    const w = new World(b);
    const db = w.pod(CLUSTER, NS, pg, [{ name: "tcp-postgresql", port: 5432 }]);
    // DB_CONNECTION_URI ...@postgresql:5432 (infisical.postgresDBConnectionString); the Job's name changes per revision
    for (const revision of [1, 2, 7]) w.expectAllowed(w.pod(CLUSTER, NS, migration("infisical-standalone-1.4.0", revision)), db, tcp(5432), `schema-migration-${revision} -> postgresql`);
    // the label carries the version the spec pins: a 1.4.1 Job is not this release's
    expect(w.allowed(w.pod(CLUSTER, NS, migration("infisical-standalone-1.4.1", 1)), db).has("TCP", 5432)).toBe(false);
    const { "helm.sh/chart": _, ...shared } = migration("infisical-standalone-1.4.0", 1);
    expect(w.allowed(w.pod(CLUSTER, NS, shared), db).has("TCP", 5432)).toBe(false);
    // no gap left for the release
    expect(gapWarnings().filter((m) => m.includes("`infisical`"))).toEqual([]);
  });

  it("follows the pinned version into the Job's selector and leaves the Job out without the migration or a label value", () => {
    const job = componentOfChart(INFISICAL)!.release!.workloads.find((x) => x.name === "schema-migration")!;
    const r = { name: "vault", values: {}, version: "1.5.0" };
    expect(job.selector(r)).toEqual({ "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": "vault", "helm.sh/chart": "infisical-standalone-1.5.0" });
    expect(job.selector({ ...r, version: "v1.5.0" })["helm.sh/chart"]).toBe("infisical-standalone-1.5.0");
    expect(job.enabled(r)).toBe(true);
    expect(job.enabled({ ...r, values: { infisical: { autoDatabaseSchemaMigration: false } } })).toBe(false);
    expect(job.enabled({ ...r, version: ">=1.4.0" })).toBe(false);
    expect(job.enabled({ name: "vault", values: {} })).toBe(false);
  });

  it("names the Service <release>-<chart>-<infisical.name> and routes to it on 8080", () => {
    const c = b.graph.clusters.find((x) => x.name === CLUSTER)!;
    const s = service(b, "infisical");
    expect(backendOf(c, s, { port: 8080, targetPort: 8080, protocol: "TCP" })).toMatchObject({ service: "infisical-infisical-standalone-infisical", port: 8080 });
    const facts = componentOfChart(INFISICAL)!.release!;
    // a release whose name contains the (overridden) chart name drops it: infisical-infisical
    expect(facts.services[0]!.name({ name: "infisical", values: { nameOverride: "infisical" } })).toBe("infisical-infisical");
    expect(facts.services.map((x) => x.name({ name: "infisical", values: {} }))).toEqual(["infisical-infisical-standalone-infisical", "postgresql", "redis-master"]);
  });

  it("pulls the Bitnami subcharts' images from bitnamilegacy", () => {
    const values = helmRelease(b, "infisical").spec.values;
    expect(values.postgresql.image).toEqual({ repository: "bitnamilegacy/postgresql" });
    expect(values.redis.image).toEqual({ repository: "bitnamilegacy/redis" });
    expect(values.infisical.kubeSecretRef).toBe("infisical-secrets");
  });

  it("wants the Secret with ENCRYPTION_KEY and AUTH_SECRET named, and a baseline namespace", () => {
    // platform restricted (PC1003 for both charts) and no kubeSecretRef (PC1126)
    const strict = seedSpec("bluerobin");
    strict.namespaces.find((n: any) => n.name === NS).podSecurity = "restricted";
    delete strict.services.find((s: any) => s.name === "infisical").chart.values;
    expect(compileObject(strict).diagnostics.filter((d) => d.severity === "error").map((d) => d.code).sort()).toEqual(["PC1003", "PC1003", "PC1126"]);
    const spec = bluerobinSpec();
    spec.services.find((s: any) => s.name === "infisical").chart.values = {};
    expect(compileObject(spec).errors).toEqual(["PC1126"]);
  });
});
