// Properties of the Kubernetes trees over random valid platforms (test/support/arbitrary.ts), with each
// cluster's load balancer drawn from MetalLB, Cilium LB IPAM and K3s ServiceLB:
//  - every Service selects exactly the pods of its own workload;
//  - every NodePort and LoadBalancer address in the output is the allocator's, and every allocated one is there;
//  - no object is emitted twice in a cluster's tree;
//  - every kustomization lists files that exist (or that another generator owns).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import YAML from "yaml";
import { compileSource } from "../../src/build.js";
import { Diagnostics } from "../../src/diagnostics/diagnostic.js";
import { kustomize } from "../../generators/kustomize/index.js";
import { gitops } from "../../generators/gitops/index.js";
import { planArb, specFromPlan } from "../support/arbitrary.js";
import type * as G from "../../src/graph.js";

const lbArb = fc.array(fc.constantFrom("metallb", "cilium", "servicelb"), { minLength: 2, maxLength: 2 });

function withLoadBalancers(spec: any, types: string[]): any {
  spec.clusters.forEach((c: any, i: number) => {
    const t = types[i % types.length];
    if (t === "cilium") {
      c.cni = { ...(c.cni ?? {}), name: "cilium", kubeProxyReplacement: true };
      c.loadBalancer.type = "cilium";
    } else if (t === "servicelb" && c.distribution === "k3s") {
      c.loadBalancer = { type: "servicelb" };
    }
  });
  return spec;
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);
const LB_ANNOTATION: Record<string, string> = { metallb: "metallb.universe.tf/loadBalancerIPs", cilium: "lbipam.cilium.io/ips" };

describe("Kubernetes trees of random platforms", () => {
  it("select exactly their own pods, carry the allocator's NodePorts and addresses, and emit each object once", () => {
    fc.assert(
      fc.property(planArb, lbArb, (plan, lbs) => {
        const spec = withLoadBalancers(specFromPlan(plan), lbs);
        const diags = new Diagnostics();
        const r = compileSource({ path: "p.yaml", text: YAML.stringify(spec) }, { specPath: "spec/prop/platform.yaml" }, diags, [kustomize, gitops]);
        const errors = diags.items.filter((d) => d.severity === "error");
        // ServiceLB answers on the node addresses, where two LoadBalancer services on one port collide (PC0505).
        fc.pre(!(errors.length && errors.every((d) => d.code === "PC0505") && lbs.includes("servicelb")));
        expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
        const g = r.graph!;
        const files = new Map(r.files!.map((f) => [f.path, f.content]));
        for (const c of g.clusters) checkCluster(c, files);
      }),
      { numRuns: 60 },
    );
  });
});

function checkCluster(c: G.ClusterNode, files: Map<string, string>): void {
  const prefix = `clusters/${c.name}/`;
  const objects: Array<{ path: string; o: any }> = [];
  for (const [path, content] of files) {
    if (!path.startsWith(prefix)) continue;
    const docs = YAML.parseAllDocuments(content).map((d) => d.toJS());
    if (path.endsWith("/kustomization.yaml")) {
      const dir = path.slice(0, -"/kustomization.yaml".length);
      for (const res of docs[0].resources as string[]) {
        const target = `${dir}/${res}`;
        const foreign = res === "network-policies.yaml" || res === "dns-endpoints.yaml";
        const isDir = [...files.keys()].some((p) => p.startsWith(`${normalise(target)}/`));
        expect(foreign || files.has(normalise(target)) || isDir, `${path} lists ${res}`).toBe(true);
      }
      continue;
    }
    for (const o of docs) if (o) objects.push({ path, o });
  }
  // no object twice
  const seen = new Map<string, string>();
  for (const { path, o } of objects) {
    const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    expect(seen.get(key), `${key} in ${path}`).toBeUndefined();
    seen.set(key, path);
  }
  // selectors: each Service matches the pod template of exactly one workload, its own
  const workloads = objects.filter(({ o }) => WORKLOADS.has(o.kind)).map(({ o }) => o);
  const services = objects.filter(({ o }) => o.kind === "Service").map(({ o }) => o);
  for (const svc of services) {
    const sel: Record<string, string> = svc.spec.selector;
    const matched = workloads.filter((w) => w.metadata.namespace === svc.metadata.namespace && Object.entries(sel).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
    expect(matched.length, `Service ${svc.metadata.namespace}/${svc.metadata.name} matches one workload`).toBe(1);
    expect(matched[0].metadata.labels["app.kubernetes.io/name"]).toBe(svc.metadata.labels["app.kubernetes.io/name"]);
  }
  // NodePorts and LB addresses: output == allocation, both ways
  const outNodePorts = new Set<string>();
  const outAddresses = new Set<string>();
  for (const svc of services) {
    const owner = svc.metadata.labels["app.kubernetes.io/name"];
    for (const p of svc.spec.ports) if (p.nodePort !== undefined) outNodePorts.add(`${svc.metadata.namespace}/${owner}/${p.name}=${p.nodePort}`);
    const ann = svc.metadata.annotations ?? {};
    for (const key of Object.values(LB_ANNOTATION)) if (ann[key]) for (const p of svc.spec.ports) outAddresses.add(`${svc.metadata.namespace}/${owner}/${p.name}=${ann[key]}`);
    if (svc.spec.type === "LoadBalancer") expect(Object.keys(ann).some((k) => Object.values(LB_ANNOTATION).includes(k))).toBe(c.loadBalancer?.type !== "servicelb");
  }
  const wantNodePorts = new Set<string>();
  const wantAddresses = new Set<string>();
  for (const s of c.services) {
    if (s.kind === "bundled" || s.kind === "helm") continue;
    for (const p of s.ports) {
      if (p.expose === "NodePort") wantNodePorts.add(`${s.namespace}/${s.name}/${p.name}=${p.nodePort}`);
      if (p.expose === "LoadBalancer" && c.loadBalancer?.type !== "servicelb") wantAddresses.add(`${s.namespace}/${s.name}/${p.name}=${p.loadBalancerIP!.text}`);
    }
  }
  expect([...outNodePorts].sort()).toEqual([...wantNodePorts].sort());
  expect([...outAddresses].sort()).toEqual([...wantAddresses].sort());
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") out.pop();
    else if (part !== ".") out.push(part);
  }
  return out.join("/");
}
