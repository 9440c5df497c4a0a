// A ClusterMesh that is connected (issue 12, point 12), on monosense (Talos clusters infra and apps, mesh
// `monosense`). Facts from Cilium's chart and docs (cilium/cilium install/kubernetes/cilium, 1.17 cycle):
//  - values clustermesh.config.{enabled, clusters[].{name, port, ips}} write each peer into the cilium-clustermesh
//    Secret (https://<name>.mesh.cilium.io:<port>, with hostAliases for the ips); without tls, the agents use the
//    local "remote" certificate, which works when the CA is shared (values.yaml comment on clusters[].tls);
//  - clustermesh.apiserver.service.type (NodePort by default) and .annotations shape the Service peers reach on 2379;
//  - Documentation/network/clustermesh/services.rst: a global Service is a Service of identical name and namespace
//    in each cluster, annotated service.cilium.io/global: "true" (in both: else each cluster uses its local backends).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec, type Built } from "./world.js";
import { globalServices } from "../../src/plan/clustermesh.js";

type Doc = Record<string, any>;

function allDocs(b: Built, prefix: string): Array<{ file: string; d: Doc }> {
  return b.files
    .filter((f) => f.path.startsWith(prefix) && f.path.endsWith(".yaml"))
    .flatMap((f) => YAML.parseAllDocuments(f.content).map((x) => ({ file: f.path, d: x.toJS() as Doc })))
    .filter((x) => x.d?.kind);
}

/** The spec's clustermesh LoadBalancer address of a cluster (its Cilium service's port `clustermesh`). */
function meshAddress(spec: any, cluster: string): string {
  const cilium = spec.services.find((s: any) => s.cluster === cluster && s.chart?.name === "cilium");
  return cilium.ports.find((p: any) => p.name === "clustermesh").loadBalancerIP;
}

/** Cross-cluster flows of the spec: [consumer cluster, target cluster, namespace, name]. */
function crossFlows(spec: any): Array<[string, string, string, string]> {
  const out: Array<[string, string, string, string]> = [];
  for (const s of spec.services) for (const f of s.flows ?? []) {
    const parts = String(f.to).split("/");
    if (parts.length === 3 && parts[0] !== s.cluster) out.push([s.cluster, parts[0]!, parts[1]!, parts[2]!]);
  }
  return out;
}

describe("monosense: the two clusters' Cilium values connect them", () => {
  const spec = seedSpec("monosense");
  const b = build(spec);
  const peer = { infra: "apps", apps: "infra" } as const;

  for (const cluster of ["infra", "apps"] as const) {
    const values = docs(b, `nodes/${cluster}/cilium-values.yaml`)[0]!;

    it(`${cluster}: lists ${peer[cluster]} at its clustermesh-apiserver address, with no per-peer certificates`, () => {
      expect(values.cluster).toEqual({ name: cluster, id: spec.clusters.find((c: any) => c.name === cluster).mesh.id });
      expect(values.clustermesh.useAPIServer).toBe(true);
      expect(values.clustermesh.config.enabled).toBe(true);
      expect(values.clustermesh.config.clusters).toEqual([{ name: peer[cluster], port: 2379, ips: [meshAddress(spec, peer[cluster])] }]);
    });

    it(`${cluster}: exposes its own clustermesh-apiserver as a LoadBalancer at the address the peer dials`, () => {
      expect(values.clustermesh.apiserver.service.type).toBe("LoadBalancer");
      expect(values.clustermesh.apiserver.service.annotations).toEqual({ "lbipam.cilium.io/ips": meshAddress(spec, cluster) });
    });

    it(`${cluster}: the HelmRelease that owns Cilium carries the same values as the bootstrap`, () => {
      const release = docs(b, `clusters/${cluster}/namespaces/kube-system/cilium.yaml`).find((d) => d.kind === "HelmRelease")!;
      expect(release.spec.values).toEqual(values);
    });
  }

  it("the README copies the first member's CA into the second before Cilium is installed there", () => {
    const apps = b.files.find((f) => f.path === "nodes/apps/README.md")!.content.split("\n");
    const copy = apps.findIndex((l) => l.includes("get secret cilium-ca"));
    const install = apps.findIndex((l) => l.startsWith("helm install cilium"));
    expect(copy).toBeGreaterThan(-1);
    expect(install).toBeGreaterThan(copy);
    const infra = b.files.find((f) => f.path === "nodes/infra/README.md")!.content;
    expect(infra).not.toContain("get secret cilium-ca");
  });
});

// The README's copy command, run by a real shell with kubectl standing in: `get` prints the Secret as kubectl -o yaml
// does (server-set metadata included), `create -f -` keeps what it reads. The API server refuses a create carrying
// resourceVersion, and `helm install cilium` on this cluster adopts the Secret only with its Helm ownership metadata.
describe("monosense: the cilium-ca copy is a Secret the API server accepts and Helm adopts", () => {
  const b = build(seedSpec("monosense"));
  const readme = b.files.find((f) => f.path === "nodes/apps/README.md")!.content;
  const block = readme.split("```sh\n").map((x) => x.split("```")[0]!).find((x) => x.includes("get secret cilium-ca"))!;

  it("drops resourceVersion, uid and creationTimestamp, keeps data, labels and annotations", () => {
    const got = `apiVersion: v1
data:
  ca.crt: Q0VSVA==
  ca.key: S0VZ
kind: Secret
metadata:
  annotations:
    meta.helm.sh/release-name: cilium
    meta.helm.sh/release-namespace: kube-system
  creationTimestamp: "2026-12-01T10:00:00Z"
  labels:
    app.kubernetes.io/managed-by: Helm
  name: cilium-ca
  namespace: kube-system
  resourceVersion: "1234"
  uid: 0b6f1c55-3f0e-4b8e-9a57-6a4c3f1d2e10
type: Opaque
`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platformc-ca-"));
    try {
      fs.writeFileSync(path.join(dir, "secret.yaml"), got);
      const script = `kubectl() { case " $* " in *" get "*) cat "$DIR/secret.yaml" ;; *" create "*) cat > "$DIR/created.yaml" ;; esac; }\nset -eo pipefail\n${block}`;
      const r = spawnSync("bash", ["-c", script], { env: { ...process.env, DIR: dir, FIRST: "infra", THIS: "apps" }, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const created = YAML.parse(fs.readFileSync(path.join(dir, "created.yaml"), "utf8"));
      expect(created.metadata).toEqual({
        annotations: { "meta.helm.sh/release-name": "cilium", "meta.helm.sh/release-namespace": "kube-system" },
        labels: { "app.kubernetes.io/managed-by": "Helm" },
        name: "cilium-ca",
        namespace: "kube-system",
      });
      expect(created.data).toEqual({ "ca.crt": "Q0VSVA==", "ca.key": "S0VZ" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("monosense: the targets of cross-cluster flows are global Services in both clusters", () => {
  const spec = seedSpec("monosense");
  const b = build(spec);
  const flows = crossFlows(spec);
  // kustomize roots GitOps applies in a cluster: every directory a Flux Kustomization names
  const applied = (cluster: string) =>
    new Set(allDocs(b, `clusters/${cluster}/gitops/`).filter(({ d }) => d.kind === "Kustomization" && d.apiVersion.startsWith("kustomize.toolkit")).map(({ d }) => d.spec.path.replace(/^\.\/out\/monosense\//, "")));

  it("monosense has cross-cluster flows", () => expect(flows.length).toBeGreaterThan(3));

  for (const [consumer, target, ns, spec_name] of flows) {
    it(`${consumer} -> ${target}/${ns}/${spec_name}`, () => {
      // a Helm release's global Service is the chart's (victoria-logs-victoria-logs-single-server), else the spec's name
      const name = globalServices(b.graph).find((x) => x.cluster.name === target && x.service.name === spec_name)?.name ?? spec_name;
      // the target's Service: written by platformc, or the chart's, annotated by the HelmRelease's post-render patch
      const there = allDocs(b, `clusters/${target}/namespaces/${ns}/`);
      const svc = there.find(({ d }) => d.kind === "Service" && d.metadata.name === name);
      const hr = there.find(({ d }) => d.kind === "HelmRelease" && d.metadata?.name === spec_name)?.d;
      // a managed target's custom resource (VMSingle, Pooler): the operator makes the Service from the annotations
      // its spec gives it (VM serviceSpec.metadata, CNPG serviceTemplate.metadata)
      const cr = there.find(({ d }) => d.kind !== "Service" && d.kind !== "HelmRelease" && d.metadata?.name === spec_name && d.spec)?.d;
      if (svc) expect(svc.d.metadata.annotations?.["service.cilium.io/global"]).toBe("true");
      else if (!hr && cr) {
        const annotations =
          cr.kind === "Pooler" ? cr.spec.serviceTemplate?.metadata?.annotations : cr.kind === "Cluster" ? cr.spec.inheritedMetadata?.annotations : cr.spec.serviceSpec?.metadata?.annotations;
        expect(annotations?.["service.cilium.io/global"], `${cr.kind} ${spec_name}`).toBe("true");
      } else {
        const patches = hr!.spec.postRenderers.flatMap((r: any) => r.kustomize.patches);
        const p = patches.find((x: any) => x.target.kind === "Service" && x.target.name === name);
        expect(JSON.parse(p.patch).metadata.annotations["service.cilium.io/global"]).toBe("true");
      }
      // the consumer's Service of the same name and namespace, global too, in a root GitOps applies
      const here = allDocs(b, `clusters/${consumer}/`).filter(({ d }) => d.kind === "Service" && d.metadata.name === name && d.metadata.namespace === ns);
      expect(here.length, "one Service in the consuming cluster").toBe(1);
      expect(here[0]!.d.metadata.annotations["service.cilium.io/global"]).toBe("true");
      const root = here[0]!.file.slice(0, here[0]!.file.lastIndexOf("/"));
      expect(applied(consumer).has(root), `${root} is applied`).toBe(true);
      // Cilium pairs remote backends with the local Service's ports by name
      if (svc) expect(here[0]!.d.spec.ports.map((p: any) => [p.name, p.port])).toEqual(svc.d.spec.ports.map((p: any) => [p.name, p.port]));
      // and the Service's namespace exists in the consuming cluster
      // (in its own root when the cluster declares it, else the clustermesh root creates it): exactly once
      const created = allDocs(b, `clusters/${consumer}/`).filter(({ d }) => d.kind === "Namespace" && d.metadata.name === ns);
      expect(created.length, `namespace ${ns} in ${consumer}`).toBe(1);
      expect(allDocs(b, `${root}/`).some(({ d }) => d.kind === "Namespace" && d.metadata.name === ns), `${root} creates ${ns}`).toBe(true);
    });
  }

  it("the policies let the consumer's pods through to the target's pods (GitLab -> its PgBouncer pooler)", () => {
    const w = new World(b);
    const pooler = w.servicePod(b.graph.clusters.find((c) => c.name === "infra")!.services.find((s) => s.name === "gitlab-pooler")!);
    // charts.gitlab.io gitlab webservice pods: app: webservice, release: <release> (templates/_helpers.tpl gitlab.standardLabels)
    const gitlab = w.pod("apps", "gitlab", { app: "webservice", release: "gitlab", "gitlab.com/webservice-name": "default" });
    w.expectAllowed(gitlab, pooler, [["TCP", 5432]], "gitlab -> infra/database/gitlab-pooler");
  });
});

describe("a mesh member whose clustermesh-apiserver is not exposed", () => {
  it("gets PC1120, and its peers do not list it", () => {
    const spec = seedSpec("monosense");
    const cilium = spec.services.find((s: any) => s.cluster === "apps" && s.chart?.name === "cilium");
    delete cilium.ports;
    expect(compileObject(spec).codes).toContain("PC1120");
    const b = build(spec);
    const r = docs(b, "nodes/infra/cilium-values.yaml")[0]!;
    expect(r.clustermesh.config).toBeUndefined();
    expect(docs(b, "nodes/apps/cilium-values.yaml")[0]!.clustermesh.config.clusters.map((x: any) => x.name)).toEqual(["infra"]);
  });
});

describe("a consuming cluster with a service of the target's name and namespace", () => {
  it("gets PC1121 and keeps its own Service: no second one of that name", () => {
    const spec = seedSpec("monosense");
    // infra's VMSingle `vmsingle` is reached through the operator's Service vmsingle-vmsingle
    spec.services.push({ name: "vmsingle-vmsingle", namespace: "observability", cluster: "apps", image: "victoriametrics/victoria-metrics:v1.121.0", ports: [{ name: "http", port: 8429 }] });
    expect(compileObject(spec).codes).toContain("PC1121");
    const b = build(spec);
    const named = allDocs(b, "clusters/apps/").filter(({ d }) => d.kind === "Service" && d.metadata.name === "vmsingle-vmsingle" && d.metadata.namespace === "observability");
    expect(named.map((x) => x.file)).toEqual(["clusters/apps/namespaces/observability/vmsingle-vmsingle.yaml"]);
  });
});

// CloudNativePG v1.25.0 and v1.26.1, internal/controller/cluster_create.go reconcilePostgresServices: the operator
// builds -rw, -ro and -r with Cluster.SetInheritedDataAndOwnership, which copies spec.inheritedMetadata.annotations
// onto each (api/v1/cluster_funcs.go SetInheritedData, pkg/utils/labels_annotations.go InheritAnnotations).
describe("a cross-cluster flow to a CloudNativePG Cluster", () => {
  const spec = seedSpec("monosense");
  // GitLab in apps straight to infra's shared Cluster `postgres`, past its pooler
  const gitlab = spec.services.find((s: any) => s.cluster === "apps" && s.name === "gitlab");
  gitlab.flows.push({ to: "infra/database/postgres", label: "SQL" });
  const pg = spec.services.find((s: any) => s.cluster === "infra" && s.name === "postgres");
  pg.resource.spec.inheritedMetadata = { annotations: { "example.com/team": "data" }, labels: { team: "data" } };
  const b = build(spec);

  it("gets no PC1121", () => expect(compileObject(spec).codes).not.toContain("PC1121"));

  it("is global through the Cluster's -rw Service, the one its port 5432 takes", () => {
    const x = globalServices(b.graph).find((y) => y.cluster.name === "infra" && y.service.name === "postgres")!;
    expect([x.name, x.namespace, x.consumers]).toEqual(["postgres-rw", "database", ["apps"]]);
    expect(x.selector).toEqual({ "cnpg.io/cluster": "postgres", "cnpg.io/instanceRole": "primary" });
  });

  it("infra: the Cluster's spec.inheritedMetadata carries the annotation, the spec's own metadata kept", () => {
    const cr = allDocs(b, "clusters/infra/").find(({ d }) => d.kind === "Cluster" && d.metadata.name === "postgres")!.d;
    expect(cr.spec.inheritedMetadata).toEqual({ annotations: { "example.com/team": "data", "service.cilium.io/global": "true" }, labels: { team: "data" } });
    // nothing else of the spec moves
    expect(cr.spec.instances).toBe(2);
    expect(cr.spec.storage).toEqual({ size: "100Gi", storageClass: "ceph-block" });
  });

  it("apps: a global Service postgres-rw in database, on the -rw Service's port, selecting the primary", () => {
    const here = allDocs(b, "clusters/apps/").filter(({ d }) => d.kind === "Service" && d.metadata.name === "postgres-rw");
    expect(here.length).toBe(1);
    const svc = here[0]!.d;
    expect(svc.metadata.namespace).toBe("database");
    expect(svc.metadata.annotations["service.cilium.io/global"]).toBe("true");
    // pkg/specs/services.go buildInstanceServicePorts: postgres 5432 -> 5432, the name Cilium pairs backends by
    expect(svc.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([["postgres", 5432, 5432]]);
    expect(svc.spec.selector).toEqual({ "cnpg.io/cluster": "postgres", "cnpg.io/instanceRole": "primary" });
  });

  it("the policies let GitLab's pods through to the primary instance, as CNPG labels it", () => {
    const w = new World(b);
    // pkg/specs/pods.go buildInstance and pkg/reconciler/instance/metadata.go: cnpg.io/cluster, cnpg.io/podRole,
    // cnpg.io/instanceName, cnpg.io/instanceRole (and the deprecated role) on the primary, with the inherited labels
    const primary = w.pod("infra", "database", { "cnpg.io/cluster": "postgres", "cnpg.io/podRole": "instance", "cnpg.io/instanceName": "postgres-1", "cnpg.io/instanceRole": "primary", role: "primary", team: "data" }, [{ name: "postgresql", port: 5432 }]);
    const gitlab = w.pod("apps", "gitlab", { app: "webservice", release: "gitlab", "gitlab.com/webservice-name": "default" });
    w.expectAllowed(gitlab, primary, [["TCP", 5432]], "gitlab -> infra/database/postgres");
    // and not anything of apps that declares no flow there
    expect(w.allowed(w.pod("apps", "kafka", { app: "nothing" }), primary).has("TCP", 5432)).toBe(false);
  });

  it("a Cluster without inheritedMetadata gets one holding just the annotation", () => {
    const s2 = seedSpec("monosense");
    s2.services.find((s: any) => s.cluster === "apps" && s.name === "gitlab").flows.push({ to: "infra/database/postgres", label: "SQL" });
    const cr = allDocs(build(s2), "clusters/infra/").find(({ d }) => d.kind === "Cluster" && d.metadata.name === "postgres")!.d;
    expect(cr.spec.inheritedMetadata).toEqual({ annotations: { "service.cilium.io/global": "true" } });
  });
});
