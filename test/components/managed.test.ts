// kind managed: a custom resource an operator turns into pods. platformc writes the object itself (no workload, no
// Service of its own), reads the pods' labels and Services from the catalog entry of its kind, and refuses the
// combinations that cannot come up: no resource, an image, an unknown kind without a selector, no operator in the
// cluster, an apiVersion the installed operator does not serve.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";
import { compileObject } from "../support/compile.js";

const OPERATOR = { name: "cnpg", namespace: "data", kind: "helm", chart: { repo: "https://cloudnative-pg.github.io/charts", name: "cloudnative-pg", version: "0.24.0" } };

/** lab with its database as a CNPG Cluster (and the operator beside it unless `operator` is false). */
function lab(db: Record<string, unknown> = {}, operator = true): any {
  const spec = baseSpec();
  spec.services = spec.services.filter((s: any) => s.name !== "db");
  spec.services.push({
    name: "db",
    namespace: "data",
    kind: "managed",
    resource: { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", spec: { instances: 2, storage: { size: "10Gi" } } },
    ports: [{ name: "postgres", port: 5432 }],
    ...db,
  });
  if (operator) spec.services.push(structuredClone(OPERATOR));
  return spec;
}

const file = (r: ReturnType<typeof compileObject>, path: string) => r.files!.find((f) => f.path === path);
const problems = (r: ReturnType<typeof compileObject>, code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => d.message);

describe("kind managed", () => {
  it("writes the custom resource, named after the service, into the root after its operator's, and no workload or Service of its own", () => {
    const r = compileObject(lab());
    expect(r.errors).toEqual([]);
    const f = file(r, "clusters/main/namespaces/data/operated/db.yaml");
    expect(f).toBeDefined();
    const objs = YAML.parseAllDocuments(f!.content).map((d) => d.toJS());
    expect(objs.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual(["postgresql.cnpg.io/v1 Cluster db"]);
    expect(objs[0].metadata.namespace).toBe("data");
    expect(objs[0].spec).toEqual({ instances: 2, storage: { size: "10Gi" } });
    const all = r.files!.flatMap((x) => (x.path.endsWith(".yaml") ? YAML.parseAllDocuments(x.content).map((d) => d.toJS()) : []));
    expect(all.filter((o) => o && (o.kind === "StatefulSet" || o.kind === "Service") && o.metadata?.name === "db")).toEqual([]);
    // the operator's namespace root (its HelmRelease, the CRDs, the webhook) is ready before the Cluster is applied
    const root = all.find((o) => o?.kind === "Kustomization" && String(o.spec?.path).endsWith("/namespaces/data/operated"));
    expect(root?.spec.dependsOn).toEqual([{ name: "ns.data" }]);
    const ownRoot = YAML.parseAllDocuments(file(r, "clusters/main/namespaces/data/cnpg.yaml")!.content).map((d) => d.toJS());
    expect(ownRoot.some((o) => o.kind === "HelmRelease" && o.metadata.name === "cnpg")).toBe(true);
    expect(file(r, "clusters/main/namespaces/data/kustomization.yaml")!.content).not.toContain("db.yaml");
  });

  it("a LoadBalancer port becomes a Service <name>-lb in front of the pods the catalog says serve it", () => {
    const r = compileObject(lab({ ports: [{ name: "postgres", port: 5432, expose: "LoadBalancer" }] }));
    expect(r.errors).toEqual([]);
    const objs = YAML.parseAllDocuments(file(r, "clusters/main/namespaces/data/operated/db.yaml")!.content).map((d) => d.toJS());
    const lb = objs.find((o) => o.kind === "Service");
    expect(lb?.metadata.name).toBe("db-lb");
    expect(lb?.spec.type).toBe("LoadBalancer");
    expect(lb?.spec.selector).not.toEqual({ "app.kubernetes.io/name": "db" });
  });

  it("needs a resource, and takes no image, command or chart", () => {
    expect(problems(compileObject(lab({ resource: undefined })), "PC0305").join("\n")).toMatch(/kind managed needs a resource/);
    expect(problems(compileObject(lab({ image: "postgres:16" })), "PC0305").join("\n")).toMatch(/managed service's pods are the operator's/);
    expect(problems(compileObject(lab({ command: ["postgres"] })), "PC0305").join("\n")).toMatch(/command sets the container/);
  });

  it("a resource on any other kind is PC0305", () => {
    const spec = baseSpec();
    spec.services.find((s: any) => s.name === "db").resource = { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster" };
    expect(problems(compileObject(spec), "PC0305").join("\n")).toMatch(/resource is set but kind is statefulset/);
  });

  it("a kind the catalog does not know needs a selector, and with one compiles", () => {
    const unknown = { apiVersion: "example.com/v1", kind: "Widget", spec: { size: 1 } };
    expect(problems(compileObject(lab({ resource: unknown })), "PC0305").join("\n")).toMatch(/does not know which pods a Widget of example.com\/v1 runs/);
    const r = compileObject(lab({ resource: unknown, selector: { app: "widget" } }));
    expect(r.errors).toEqual([]);
  });

  it("a StorageClass in the resource's spec that nothing in the cluster creates is PC1127, at that field", () => {
    const r = compileObject(lab({ resource: { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", spec: { instances: 2, storage: { size: "10Gi", storageClass: "ceph-block" }, walStorage: { size: "2Gi", storageClass: "local-path" } } } }));
    const d = r.diagnostics.filter((x) => x.code === "PC1127");
    // K3s ships local-path; nothing of the lab creates ceph-block
    expect(d.map((x) => x.message)).toEqual(["volume `storage.storageClass` of service `data/db` asks for StorageClass `ceph-block`, which nothing platformc installs in cluster `main` provides"]);
    // the span is the class's value in the spec, not the service
    const span = d[0]!.span!;
    expect(span.file.text.slice(span.start, span.end)).toMatch(/ceph-block/);
    expect(compileObject(lab({ resource: { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", spec: { storage: { size: "1Gi", storageClass: "local-path" } } } })).codes).not.toContain("PC1127");
  });

  it("without the operator in the cluster: PC1128, naming the chart to install", () => {
    const r = compileObject(lab({}, false));
    expect(r.errors).toContain("PC1128");
    const d = r.diagnostics.find((x) => x.code === "PC1128")!;
    expect(d.message).toMatch(/only cloudnative-pg acts on/);
    expect(d.help).toMatch(/cloudnative-pg\.github\.io\/charts/);
  });

  it("an operator installed in a later layer than the resource is PC1001: the layer would wait for CRDs that come after it", () => {
    const spec = lab({}, false);
    spec.namespaces.push({ name: "cnpg-system", layer: "apps" }); // apps depends on infra, which holds data
    spec.services.push({ ...structuredClone(OPERATOR), namespace: "cnpg-system" });
    expect(compileObject(spec).errors).toEqual(["PC1001"]);
  });

  it("at an apiVersion the installed operator does not serve: PC1129, with the one it serves", () => {
    const r = compileObject(lab({ resource: { apiVersion: "postgresql.cnpg.io/v1beta1", kind: "Cluster", spec: { storage: { size: "1Gi" } } } }));
    expect(r.errors).toContain("PC1129");
    expect(r.diagnostics.find((x) => x.code === "PC1129")!.help).toBe("write apiVersion: postgresql.cnpg.io/v1");
  });
});
