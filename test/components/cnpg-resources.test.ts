// CloudNativePG's Cluster and Pooler as managed services: the pods, Services and flows the operator makes of them.
// Labels, names and ports are written here from cloudnative-pg/cloudnative-pg at v1.26.1 (the same at v1.25.0), not
// taken from src/catalog: pkg/specs/pods.go buildInstance (cnpg.io/cluster, cnpg.io/instanceName, cnpg.io/podRole
// instance; ports postgresql 5432, metrics 9187, status 8000), pkg/reconciler/instance/metadata.go updateRoleLabels
// (cnpg.io/instanceRole and role), pkg/specs/services.go (-rw cluster+instanceRole=primary, -ro replica, -r
// cluster+podRole, port postgres 5432), pkg/specs/jobs.go (cnpg.io/cluster, cnpg.io/jobRole), pkg/specs/pgbouncer.
import { describe, expect, it } from "vitest";
import { componentNamed, componentOfResource, resourceSelector } from "../../src/catalog/index.js";
import type { Release, ReleaseFacts } from "../../src/catalog/index.js";

const cluster = componentOfResource("postgresql.cnpg.io/v1", "Cluster")!;
const pooler = componentOfResource("postgresql.cnpg.io/v1", "Pooler")!;
const facts: ReleaseFacts = cluster.release!;
const r: Release = { name: "todo-db", values: { instances: 3, storage: { size: "10Gi" } }, version: "0.24.0" };
const workload = (f: ReleaseFacts, name: string) => f.workloads.find((w) => w.name === name)!;
const enabled = (f: ReleaseFacts, rel: Release) => f.workloads.filter((w) => w.enabled(rel)).map((w) => w.name);
const services = (f: ReleaseFacts, rel: Release) => f.services.map((s) => [s.name(rel), s.workload, s.ports(rel).map((p) => [p.name, p.port, p.targetPort])]);

describe("CNPG Cluster (managed, postgresql.cnpg.io/v1)", () => {
  it("is the Cluster kind of the postgresql.cnpg.io group, acted on by the cloudnative-pg release, known in its chart versions", () => {
    expect(cluster.name).toBe("cnpg-cluster");
    expect(cluster.resource).toEqual({ group: "postgresql.cnpg.io", kind: "Cluster", operator: "cloudnative-pg" });
    expect(cluster.charts).toEqual([]);
    // Release.version is the operator's chart version: cloudnative-pg 0.23.0-0.25.0 ship operator 1.25.0-1.26.1
    expect(cluster.known).toEqual(componentNamed("cloudnative-pg")!.known);
    expect(componentOfResource("postgresql.cnpg.io/v1", "Backup")).toBeUndefined();
  });

  it("stands for all instances by cnpg.io/cluster and cnpg.io/podRole, the selector of -r and the anti-affinity", () => {
    expect(resourceSelector({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", spec: r.values }, "todo-db")).toEqual({ "cnpg.io/cluster": "todo-db", "cnpg.io/podRole": "instance" });
    const inst = workload(facts, "instance");
    expect(inst.ports(r).map((p) => [p.name, p.port, p.protocol])).toEqual([["postgresql", 5432, "TCP"], ["metrics", 9187, "TCP"], ["status", 8000, "TCP"]]);
    // the per-pod labels (instanceName, the role that moves on failover) are no part of the fixed labels
    expect(inst.labels(r)).toEqual({ "cnpg.io/cluster": "todo-db", "cnpg.io/podRole": "instance" });
  });

  it("the primary is the pod cnpg.io/instanceRole=primary picks, the -rw Service's selector, and carries the deprecated role too", () => {
    const p = workload(facts, "primary");
    expect(p.selector(r)).toEqual({ "cnpg.io/cluster": "todo-db", "cnpg.io/instanceRole": "primary" });
    expect(p.labels(r)).toEqual({ "cnpg.io/cluster": "todo-db", "cnpg.io/podRole": "instance", "cnpg.io/instanceRole": "primary", role: "primary" });
    // every label the primary's selector names is one its pod carries, and the instance selector picks it too
    for (const [k, v] of Object.entries({ ...p.selector(r), ...workload(facts, "instance").selector(r) })) expect(p.labels(r)[k], k).toBe(v);
  });

  it("spec.inheritedMetadata.labels reach the instances, never over the operator's own", () => {
    const rel = { ...r, values: { ...(r.values as object), inheritedMetadata: { labels: { team: "todo", "cnpg.io/cluster": "x" } } } };
    expect(workload(facts, "instance").labels(rel)).toEqual({ team: "todo", "cnpg.io/cluster": "todo-db", "cnpg.io/podRole": "instance" });
  });

  it("names the Services <name>-rw (first, the primary's), -ro and -r, each postgres 5432 -> 5432", () => {
    expect(services(facts, r)).toEqual([
      ["todo-db-rw", "primary", [["postgres", 5432, 5432]]],
      ["todo-db-ro", "instance", [["postgres", 5432, 5432]]],
      ["todo-db-r", "instance", [["postgres", 5432, 5432]]],
    ]);
  });

  it("disabledDefaultServices switches -ro and -r off (no port left to route to); -rw cannot be disabled", () => {
    const off = (list: string[]) => ({ ...r, values: { ...(r.values as object), managed: { services: { disabledDefaultServices: list } } } });
    expect(services(facts, off(["ro"])).map(([n, , p]) => [n, (p as unknown[]).length])).toEqual([["todo-db-rw", 1], ["todo-db-ro", 0], ["todo-db-r", 1]]);
    expect(services(facts, off(["ro", "r"])).map(([n, , p]) => [n, (p as unknown[]).length])).toEqual([["todo-db-rw", 1], ["todo-db-ro", 0], ["todo-db-r", 0]]);
    // the webhook refuses "rw" (validateManagedServices); the facts keep -rw whatever the list says
    expect(services(facts, off(["rw"]))[0]).toEqual(["todo-db-rw", "primary", [["postgres", 5432, 5432]]]);
  });

  it("runs the initdb Job by default and a join Job for each instance past the first", () => {
    expect(enabled(facts, r)).toEqual(["instance", "primary", "initdb", "join"]);
    expect(enabled(facts, { name: "solo", values: { storage: { size: "1Gi" } } })).toEqual(["instance", "primary", "initdb"]);
    // recovery and pg_basebackup bootstraps run other Jobs (full-recovery, pgbasebackup), initdb.import an import Job
    expect(enabled(facts, { ...r, values: { instances: 1, bootstrap: { recovery: { source: "old" } } } })).toEqual(["instance", "primary"]);
    expect(enabled(facts, { ...r, values: { instances: 1, bootstrap: { initdb: { import: { type: "microservice" } } } } })).toEqual(["instance", "primary"]);
    expect(workload(facts, "join").selector(r)).toEqual({ "cnpg.io/cluster": "todo-db", "cnpg.io/jobRole": "join" });
    expect(workload(facts, "initdb").labels(r)).toEqual({ "cnpg.io/cluster": "todo-db", "cnpg.io/jobRole": "initdb" });
  });

  it("replicas and the join Job reach the primary on postgresql; instances and Jobs reach the API server", () => {
    const internal = facts.flows.flatMap((f) => (f.kind === "internal" ? [`${f.from}->${f.to}:${f.port}`] : []));
    expect(internal.sort()).toEqual(["instance->primary:postgresql", "join->primary:postgresql"]);
    const api = facts.flows.flatMap((f) => (f.kind === "to-apiserver" ? [f.from] : []));
    expect(api.sort()).toEqual(["initdb", "instance", "join"]);
    // nothing leaves for the internet or comes from the API server: the webhooks are the operator's
    expect(facts.flows.some((f) => f.kind === "to-internet" || f.kind === "from-apiserver")).toBe(false);
  });

  it("the operator reaches every instance's status port 8000 (docs/src/security.md), a port the instance workload has", () => {
    const op = componentNamed("cloudnative-pg")!.release!;
    const to = op.flows.filter((f) => f.kind === "to-component" && f.component === "cnpg-cluster");
    expect(to).toEqual([expect.objectContaining({ from: "operator", to: "instance", port: "status" })]);
    expect(workload(facts, "instance").ports(r).find((p) => p.name === "status")!.port).toBe(8000);
  });

  it("wants storage.size unless storage.pvcTemplate requests storage, and walStorage.size once walStorage is given", () => {
    const missing = (values: unknown) => facts.missing!({ name: "todo-db", values }).map((m) => m.path.join("."));
    expect(missing(r.values)).toEqual([]);
    expect(missing({ instances: 3 })).toEqual(["storage.size"]);
    expect(missing({ storage: { pvcTemplate: { resources: { requests: { storage: "10Gi" } } } } })).toEqual([]);
    expect(missing({ storage: { size: "10Gi" }, walStorage: { storageClass: "fast" } })).toEqual(["walStorage.size"]);
    expect(facts.missing!({ name: "x", values: {} })[0]!.example).toBe("10Gi");
  });

  it("meets restricted (RuntimeDefault seccomp, non-root, ALL dropped) unless spec.seccompProfile is Unconfined", () => {
    expect(facts.podSecurity!.level(r)).toBe("restricted");
    expect(facts.podSecurity!.level({ ...r, values: { seccompProfile: { type: "Localhost", localhostProfile: "p.json" } } })).toBe("restricted");
    expect(facts.podSecurity!.level({ ...r, values: { seccompProfile: { type: "Unconfined" } } })).toBe("privileged");
  });
});

describe("CNPG Pooler (managed, postgresql.cnpg.io/v1)", () => {
  const f = pooler.release!;
  const p: Release = { name: "todo-db-pooler", values: { cluster: { name: "todo-db" }, instances: 2, type: "rw", pgbouncer: { poolMode: "transaction" } } };

  it("selects its PgBouncer pods by cnpg.io/poolerName; they carry their Cluster's name and podRole pooler", () => {
    expect(pooler.resource).toEqual({ group: "postgresql.cnpg.io", kind: "Pooler", operator: "cloudnative-pg" });
    const w = workload(f, "pgbouncer");
    expect(w.selector(p)).toEqual({ "cnpg.io/poolerName": "todo-db-pooler" });
    expect(w.labels(p)).toEqual({ "cnpg.io/poolerName": "todo-db-pooler", "cnpg.io/cluster": "todo-db", "cnpg.io/podRole": "pooler" });
    expect(w.ports(p).map((x) => [x.name, x.port])).toEqual([["pgbouncer", 5432], ["metrics", 9127]]);
    // spec.template's labels stay on the pods
    expect(w.labels({ ...p, values: { ...(p.values as object), template: { metadata: { labels: { app: "todo" } } } } }).app).toBe("todo");
  });

  it("fronts them with the Service <name> on pgbouncer 5432", () => {
    expect(services(f, p)).toEqual([["todo-db-pooler", "pgbouncer", [["pgbouncer", 5432, 5432]]]]);
  });

  it("reaches the API server and the instances of the CNPG Clusters of its cluster on postgresql", () => {
    expect(f.flows.map((x) => (x.kind === "to-component" ? `${x.kind}:${x.component}/${x.to}:${x.port}` : x.kind)).sort()).toEqual([
      "to-apiserver",
      "to-component:cnpg-cluster/instance:postgresql",
    ]);
    // the port it names is one the Cluster's instance workload has
    expect(workload(facts, "instance").ports(r).some((x) => x.name === "postgresql")).toBe(true);
  });

  it("requires spec.cluster.name and spec.pgbouncer (the CRD's required fields)", () => {
    expect(f.required!.map((x) => x.path.join("."))).toEqual(["cluster.name", "pgbouncer"]);
  });
});
