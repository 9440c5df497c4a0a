// Bitnami postgresql 16.7.21 and redis 21.2.13 (axiomlayer: authentik-postgresql, authentik-redis) and mongodb 16.5.33
// (elysium: librechat-mongodb). Pod labels and names are written here from bitnami/charts at the tags
// postgresql/16.7.21, redis/21.2.13, mongodb/16.5.33 (common.labels.matchLabels: app.kubernetes.io/name + instance,
// plus the component line each workload template appends), not taken from src/catalog.
import { describe, expect, it } from "vitest";
import { componentOfChart } from "../../src/catalog/index.js";
import { backendOf } from "../../src/plan/components.js";
import { World, build, docs, seedSpec, service } from "./world.js";

const REPO = "oci://registry-1.docker.io/bitnamicharts";
const facts = (name: string) => componentOfChart({ repo: REPO, name })!.release!;
const workload = (chart: string, name: string) => facts(chart).workloads.find((w) => w.name === name)!;
const svcNames = (chart: string, r: { name: string; values: unknown }) => {
  const f = facts(chart);
  return f.services.filter((s) => f.workloads.find((w) => w.name === s.workload)!.enabled(r)).map((s) => s.name(r));
};

describe("bitnami postgresql and redis (axiomlayer, Argo CD)", () => {
  const b = build(seedSpec("axiomlayer"));
  const app = (name: string) => docs(b, `clusters/homelab/namespaces/authentik/${name}.yaml`).find((d) => d.kind === "Application")!;

  it("the redis replicas reach master-0 on 6379 through the namespace's default deny", () => {
    // replicas/application.yaml: REDIS_MASTER_HOST <fullname>-master-0.<fullname>-headless, port master.containerPorts.redis
    const w = new World(b);
    const labels = { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "authentik-redis", "app.kubernetes.io/managed-by": "Helm" };
    const master = w.pod("homelab", "authentik", { ...labels, "app.kubernetes.io/component": "master" }, [{ name: "redis", port: 6379 }]);
    const replica = w.pod("homelab", "authentik", { ...labels, "app.kubernetes.io/component": "replica" }, [{ name: "redis", port: 6379 }]);
    w.expectAllowed(replica, master, [["TCP", 6379]], "authentik-redis replica -> master");
  });

  it("authentik still reaches the postgresql primary and the redis master", () => {
    // primary/statefulset.yaml: component primary; master/application.yaml: component master
    const w = new World(b);
    // the authentik chart's server pods (the spec's selector) with its instance label
    const server = w.pod("homelab", "authentik", { "app.kubernetes.io/name": "authentik", "app.kubernetes.io/instance": "authentik", "app.kubernetes.io/component": "server" });
    const pg = w.pod("homelab", "authentik", { "app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": "authentik-postgresql", "app.kubernetes.io/component": "primary" }, [{ name: "tcp-postgresql", port: 5432 }]);
    const redis = w.pod("homelab", "authentik", { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "authentik-redis", "app.kubernetes.io/component": "master" }, [{ name: "redis", port: 6379 }]);
    w.expectAllowed(server, pg, [["TCP", 5432]], "authentik -> postgresql primary");
    w.expectAllowed(server, redis, [["TCP", 6379]], "authentik -> redis master");
  });

  it("the Applications pull the images from bitnamilegacy, allow them past the chart's image check and drop the chart's wide NetworkPolicies", () => {
    // values.yaml: image docker.io bitnami/postgresql, bitnami/redis (removed from docker.io/bitnami, bitnami/containers#83267);
    // NOTES.txt: common.errors.insecureImages fails the render on a replaced repository unless global.security.allowInsecureImages
    const pg = app("authentik-postgresql").spec.source.helm.valuesObject;
    expect(pg.global.security.allowInsecureImages).toBe(true);
    expect(pg.image.repository).toBe("bitnamilegacy/postgresql");
    expect(pg.metrics.image.repository).toBe("bitnamilegacy/postgres-exporter");
    expect(pg.volumePermissions.image.repository).toBe("bitnamilegacy/os-shell");
    expect(pg.primary.networkPolicy.enabled).toBe(false);
    const redis = app("authentik-redis").spec.source.helm.valuesObject;
    expect(redis.global.security.allowInsecureImages).toBe(true);
    expect(redis.image.repository).toBe("bitnamilegacy/redis");
    expect(redis.sentinel.image.repository).toBe("bitnamilegacy/redis-sentinel");
    expect(redis.networkPolicy.enabled).toBe(false);
  });

  it("a flow to postgresql names Service <fullname> (standalone) and a flow to redis <fullname>-master", () => {
    // postgresql _helpers.tpl postgresql.v1.primary.fullname: <fullname>-primary only with architecture replication
    const c = b.graph.clusters.find((x) => x.name === "homelab")!;
    expect(backendOf(c, service(b, "authentik-postgresql"), { port: 5432, targetPort: 5432, protocol: "TCP" }).service).toBe("authentik-postgresql");
    expect(backendOf(c, service(b, "authentik-redis"), { port: 6379, targetPort: 6379, protocol: "TCP" }).service).toBe("authentik-redis-master");
  });
});

describe("bitnami postgresql 16.7.21 facts", () => {
  it("names the primary Service by architecture and the fullname rules", () => {
    expect(svcNames("postgresql", { name: "authentik-postgresql", values: {} })).toEqual(["authentik-postgresql", "authentik-postgresql-hl"]);
    expect(svcNames("postgresql", { name: "db", values: { architecture: "replication" } })).toEqual(["db-postgresql-primary", "db-postgresql-primary-hl", "db-postgresql-read", "db-postgresql-read-hl"]);
    // global.postgresql.fullnameOverride wins over fullnameOverride (postgresql.v1.chart.fullname)
    expect(svcNames("postgresql", { name: "db", values: { fullnameOverride: "a", global: { postgresql: { fullnameOverride: "pg" } } } })[0]).toBe("pg");
  });

  it("takes name and instance from podLabels over commonLabels in the selector, and other labels only on the pods", () => {
    // common.labels.matchLabels picks name/instance of merge(primary.podLabels, commonLabels)
    const w = workload("postgresql", "primary");
    const r = { name: "db", values: { commonLabels: { "app.kubernetes.io/name": "c", team: "x" }, primary: { podLabels: { "app.kubernetes.io/name": "p" } } } };
    expect(w.selector(r)).toEqual({ "app.kubernetes.io/name": "p", "app.kubernetes.io/instance": "db", "app.kubernetes.io/component": "primary" });
    expect(w.labels(r)).toMatchObject({ "app.kubernetes.io/name": "p", team: "x", "app.kubernetes.io/managed-by": "Helm" });
  });

  it("meets restricted unless volumePermissions (root) is on or the spec loosens the container", () => {
    const ps = facts("postgresql").podSecurity!;
    expect(ps.level({ name: "db", values: {} })).toBe("restricted");
    expect(ps.level({ name: "db", values: { volumePermissions: { enabled: true } } })).toBe("baseline");
    expect(ps.level({ name: "db", values: { primary: { containerSecurityContext: { enabled: false } } } })).toBe("baseline");
  });
});

describe("bitnami redis 21.2.13 facts", () => {
  it("runs master and 3 replicas by default, master only standalone, and knows the Services", () => {
    expect(svcNames("redis", { name: "authentik-redis", values: {} })).toEqual(["authentik-redis-master", "authentik-redis-replicas", "authentik-redis-headless"]);
    expect(svcNames("redis", { name: "cache", values: { architecture: "standalone" } })).toEqual(["cache-redis-master", "cache-redis-headless"]);
    // with sentinel the master and replicas StatefulSets give way to <fullname>-node (not modelled)
    expect(workload("redis", "master").enabled({ name: "c", values: { sentinel: { enabled: true } } })).toBe(false);
    expect(workload("redis", "master").enabled({ name: "c", values: { master: { count: 0 } } })).toBe(false);
  });

  it("needs privileged for the sysctl init container", () => {
    expect(facts("redis").podSecurity!.level({ name: "c", values: {} })).toBe("restricted");
    expect(facts("redis").podSecurity!.level({ name: "c", values: { sysctl: { enabled: true } } })).toBe("privileged");
  });
});

describe("bitnami mongodb 16.5.33 (elysium, Flux)", () => {
  const b = build(seedSpec("elysium"));

  it("LibreChat still reaches the standalone pod, and a flow names Service <fullname>", () => {
    // standalone/dep-sts.yaml: component mongodb; standalone/svc.yaml: mongodb.service.nameOverride = <fullname>
    const w = new World(b);
    const mongo = w.pod("kyrion", "ai", { "app.kubernetes.io/name": "mongodb", "app.kubernetes.io/instance": "librechat-mongodb", "app.kubernetes.io/component": "mongodb" }, [{ name: "mongodb", port: 27017 }]);
    w.expectAllowed(w.servicePod(service(b, "librechat")), mongo, [["TCP", 27017]], "librechat -> mongodb");
    const c = b.graph.clusters.find((x) => x.name === "kyrion")!;
    expect(backendOf(c, service(b, "librechat-mongodb"), { port: 27017, targetPort: 27017, protocol: "TCP" }).service).toBe("librechat-mongodb");
  });

  it("the HelmRelease pulls every image the chart checks from bitnamilegacy and allows them", () => {
    // NOTES.txt: insecureImages over image, tls.image, externalAccess.autoDiscovery/dnsCheck.image, volumePermissions.image, metrics.image
    const hr = docs(b, "clusters/kyrion/namespaces/ai/librechat-mongodb.yaml").find((d) => d.kind === "HelmRelease")!;
    const v = hr.spec.values;
    expect(v.global.security.allowInsecureImages).toBe(true);
    expect(v.image.repository).toBe("bitnamilegacy/mongodb");
    expect(v.tls.image.repository).toBe("bitnamilegacy/nginx");
    expect(v.externalAccess.autoDiscovery.image.repository).toBe("bitnamilegacy/kubectl");
    expect(v.networkPolicy.enabled).toBe(false);
  });

  it("a replicaset names <fullname>-headless and lets its members reach each other", () => {
    const r = { name: "m", values: { architecture: "replicaset" } };
    expect(svcNames("mongodb", r)).toEqual(["m-mongodb-headless"]);
    expect(facts("mongodb").flows).toContainEqual(expect.objectContaining({ kind: "internal", from: "replicaset", to: "replicaset", port: "mongodb" }));
  });
});
