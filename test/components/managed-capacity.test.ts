// The capacity check (PC0703) counts the pods an operator runs of a managed resource, from the resource's spec: a
// CloudNativePG Cluster's instances with spec.resources (cloudnative-pg v1.25.0/v1.26.1 pkg/specs/pods.go: the
// postgres container and the bootstrap-controller init container take spec.resources, one pod per instance), a
// Pooler's spec.instances pods of spec.template (pkg/specs/pgbouncer/deployments.go), and the VictoriaMetrics
// operator's pods (v0.60.2), whose empty resources the operator fills with its defaults (internal/config/config.go,
// build/defaults.go, build/container.go Resources). Kubernetes requests a limit-only quantity at its limit.
import { describe, expect, it } from "vitest";
import { baseSpec } from "../support/base.js";
import { compileObject } from "../support/compile.js";
import { cnpgCluster, cnpgPooler } from "../../src/catalog/cnpg-resources.js";
import { vmAgent, vmAlert, vmSingle } from "../../src/catalog/vm-resources.js";
import type { Release } from "../../src/catalog/types.js";

const CNPG = { name: "cnpg", namespace: "data", kind: "helm", chart: { repo: "https://cloudnative-pg.github.io/charts", name: "cloudnative-pg", version: "0.24.0" } };
const VMOP = { name: "vmop", namespace: "data", kind: "helm", chart: { repo: "https://victoriametrics.github.io/helm-charts", name: "victoria-metrics-operator", version: "0.50.3" } };
const rel = (values: Record<string, unknown>): Release => ({ name: "x", values });

/**
 * lab with nodes of `memory` each (four nodes) and one managed service `db` of `resource`: besides it only `web`
 * requests memory (2 x 256Mi), so the cluster's memory demand is 512Mi plus what the managed pods request.
 */
function lab(memory: string, resource: Record<string, unknown>, extra: Record<string, unknown> = {}, operator: Record<string, unknown> = CNPG): any {
  const spec = baseSpec();
  for (const n of spec.clusters[0].nodes) n.capacity.memory = memory;
  spec.services = spec.services.filter((s: any) => s.name !== "db");
  spec.services.push({ name: "db", namespace: "data", kind: "managed", resource, ports: [{ name: "postgres", port: 5432 }], ...extra });
  spec.services.push(structuredClone(operator));
  return spec;
}

const cluster = (spec: Record<string, unknown>) => ({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", spec: { storage: { size: "10Gi" }, ...spec } });
const memoryWarnings = (spec: unknown) =>
  compileObject(spec)
    .diagnostics.filter((d) => d.code === "PC0703" && d.message.startsWith("memory"))
    .map((d) => `${d.message} | ${(d.notes ?? []).join("; ")}`);

describe("PC0703 counts a CNPG Cluster's instances at spec.resources", () => {
  const threeBy2Gi = cluster({ instances: 3, resources: { requests: { cpu: "500m", memory: "2Gi" } } });

  it("3 instances x 2Gi on four nodes of 1.5Gi (6Gi) is over: 512Mi + 6Gi requested", () => {
    const got = memoryWarnings(lab("1536Mi", threeBy2Gi));
    expect(got).toEqual(["memory requests in cluster `main` are 108% of what the cluster's nodes provide | requested 6656Mi of 6Gi"]);
  });

  it("the same Cluster fits on four nodes of 2Gi (8Gi)", () => {
    expect(memoryWarnings(lab("2Gi", threeBy2Gi))).toEqual([]);
  });

  it("two instances fit where three do not", () => {
    expect(memoryWarnings(lab("1536Mi", cluster({ instances: 2, resources: { requests: { memory: "2Gi" } } })))).toEqual([]);
  });

  it("a memory limit without a request is requested at the limit (Kubernetes' defaulting)", () => {
    expect(memoryWarnings(lab("1536Mi", cluster({ instances: 3, resources: { limits: { memory: "2Gi" } } })))).toHaveLength(1);
  });

  it("the resource's spec wins over the service's own resources: counted once, from spec.resources", () => {
    // the service's own 64Gi would be far over; the Cluster's pods request 3 x 1Gi, which fits
    const spec = lab("1536Mi", cluster({ instances: 3, resources: { requests: { memory: "1Gi" } } }), { resources: { requests: { memory: "64Gi" } } });
    expect(memoryWarnings(spec)).toEqual([]);
  });

  it("the service's own resources still count when the resource's spec requests none of that quantity", () => {
    const spec = lab("1536Mi", cluster({ instances: 3 }), { resources: { requests: { memory: "8Gi" } } });
    // today's rule for a spec service: its resources times its replicas (1)
    expect(memoryWarnings(spec)).toEqual(["memory requests in cluster `main` are 142% of what the cluster's nodes provide | requested 8704Mi of 6Gi"]);
  });
});

describe("PC0703 counts a Pooler's pods: spec.instances of spec.template", () => {
  const pooler = (instances: number) => ({
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Pooler",
    spec: { cluster: { name: "pg" }, instances, pgbouncer: { poolMode: "session" }, template: { spec: { containers: [{ name: "pgbouncer", resources: { requests: { memory: "1Gi" } } }] } } },
  });

  it("6 x 1Gi is over four nodes of 1.5Gi, 5 x 1Gi is not", () => {
    expect(memoryWarnings(lab("1536Mi", pooler(6)))).toHaveLength(1);
    expect(memoryWarnings(lab("1536Mi", pooler(5)))).toEqual([]);
  });
});

describe("the catalog's pod requests of each managed kind", () => {
  it("cnpg-cluster: spec.instances pods (1 by default), postgres and bootstrap-controller at spec.resources", () => {
    const res = { requests: { cpu: "1", memory: "4Gi" } };
    expect(cnpgCluster.release!.requests!(rel({ instances: 3, resources: res }))).toEqual([{ workload: "instance", replicas: 3, containers: [res], initContainers: [res] }]);
    expect(cnpgCluster.release!.requests!(rel({}))).toEqual([{ workload: "instance", replicas: 1, containers: [{}], initContainers: [{}] }]);
  });

  it("cnpg-pooler: every container and init container of the template, its pod-level resources, spec.instances (1 by default)", () => {
    const got = cnpgPooler.release!.requests!(
      rel({ template: { spec: { resources: { limits: { cpu: 2 } }, containers: [{ name: "pgbouncer", resources: { requests: { cpu: "100m" } } }, { name: "side" }], initContainers: [{ name: "i", resources: { requests: { memory: "64Mi" } } }] } } }),
    );
    expect(got).toEqual([{ workload: "pgbouncer", replicas: 1, containers: [{ requests: { cpu: "100m" } }, {}], initContainers: [{ requests: { memory: "64Mi" } }], pod: { limits: { cpu: 2 } } }]);
    expect(cnpgPooler.release!.requests!(rel({ instances: 0 }))[0]!.replicas).toBe(0);
  });

  it("vmsingle: the operator's default request 150m/500Mi for a quantity spec.resources neither requests nor limits", () => {
    expect(vmSingle.release!.requests!(rel({}))).toEqual([{ workload: "vmsingle", replicas: 1, containers: [{ requests: { cpu: "150m", memory: "500Mi" } }] }]);
    expect(vmSingle.release!.requests!(rel({ resources: { limits: { cpu: "2" } }, replicaCount: 2 }))).toEqual([{ workload: "vmsingle", replicas: 2, containers: [{ limits: { cpu: "2" }, requests: { memory: "500Mi" } }] }]);
    expect(vmSingle.release!.requests!(rel({ useDefaultResources: false }))[0]!.containers).toEqual([{}]);
  });

  it("vmagent: 50m/200Mi plus the config-reloader's 10m/25Mi, per shard, or one per node in daemonSetMode", () => {
    const both = [{ requests: { cpu: "50m", memory: "200Mi" } }, { requests: { cpu: "10m", memory: "25Mi" } }];
    expect(vmAgent.release!.requests!(rel({ remoteWrite: [{ url: "http://x" }] }))).toEqual([{ workload: "vmagent", replicas: 1, containers: both }]);
    expect(vmAgent.release!.requests!(rel({ replicaCount: 2, shardCount: 3 }))[0]!.replicas).toBe(6);
    expect(vmAgent.release!.requests!(rel({ daemonSetMode: true, shardCount: 3 }))[0]).toMatchObject({ workload: "vmagent-daemonset", replicas: "per-node" });
    // ingestOnlyMode drops the reloader, unless relabelling or stream aggregation needs it
    expect(vmAgent.release!.requests!(rel({ ingestOnlyMode: true }))[0]!.containers).toEqual([both[0]]);
    expect(vmAgent.release!.requests!(rel({ ingestOnlyMode: true, remoteWrite: [{ url: "http://x", inlineUrlRelabelConfig: [{ action: "drop" }] }] }))[0]!.containers).toEqual(both);
  });

  it("vmalert: 50m/200Mi, and the config-reloader only when it selects rules", () => {
    expect(vmAlert.release!.requests!(rel({}))[0]!.containers).toEqual([{ requests: { cpu: "50m", memory: "200Mi" } }]);
    expect(vmAlert.release!.requests!(rel({ selectAllByDefault: true, replicaCount: 2 }))).toEqual([
      { workload: "vmalert", replicas: 2, containers: [{ requests: { cpu: "50m", memory: "200Mi" } }, { requests: { cpu: "10m", memory: "25Mi" } }] },
    ]);
  });
});

describe("PC0703 counts the VictoriaMetrics operator's defaults", () => {
  const vmsingle = (spec: Record<string, unknown>) => ({ apiVersion: "operator.victoriametrics.com/v1beta1", kind: "VMSingle", spec });

  it("a VMAgent in daemonSetMode runs one pod per node: 4 x (200Mi + 25Mi) besides web's 512Mi", () => {
    const agent = { apiVersion: "operator.victoriametrics.com/v1beta1", kind: "VMAgent", spec: { daemonSetMode: true, remoteWrite: [{ url: "http://vmsingle-x.data.svc:8429/api/v1/write" }] } };
    // 512Mi + 4 x 225Mi = 1412Mi: within four nodes of 384Mi (1536Mi), over four of 320Mi (1280Mi)
    expect(memoryWarnings(lab("384Mi", agent, { ports: [{ name: "http", port: 8429 }] }, VMOP))).toEqual([]);
    expect(memoryWarnings(lab("320Mi", agent, { ports: [{ name: "http", port: 8429 }] }, VMOP))).toEqual([
      "memory requests in cluster `main` are 110% of what the cluster's nodes provide | requested 1412Mi of 1280Mi",
    ]);
  });

  it("a VMSingle without resources requests the operator's 500Mi; with useDefaultResources: false, nothing", () => {
    // 512Mi + 2 x 500Mi over four nodes of 256Mi (1Gi)
    expect(memoryWarnings(lab("256Mi", vmsingle({ replicaCount: 2 }), { ports: [{ name: "http", port: 8429 }] }, VMOP))).toEqual([
      "memory requests in cluster `main` are 148% of what the cluster's nodes provide | requested 1512Mi of 1Gi",
    ]);
    expect(memoryWarnings(lab("256Mi", vmsingle({ replicaCount: 2, useDefaultResources: false }), { ports: [{ name: "http", port: 8429 }] }, VMOP))).toEqual([]);
  });
});
