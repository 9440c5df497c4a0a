// Cilium Helm values: IPAM, kube-proxy replacement with a reachable API, BGP or L2, and a ClusterMesh identity
// (cluster.name, cluster.id) that is unique in every mesh.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "yaml";
import { compileObject } from "../support/compile.js";
import { planArb, specFromPlan } from "../support/arbitrary.js";
import { seed001Spec } from "../talos/support.js";

function values(spec: unknown): Map<string, any> {
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  const out = new Map<string, any>();
  for (const f of r.files ?? []) {
    const m = /^nodes\/([^/]+)\/cilium-values\.yaml$/.exec(f.path);
    if (m) out.set(m[1]!, parse(f.content));
  }
  return out;
}

describe("Cilium values", () => {
  it("random meshed platforms: one values file per Cilium cluster, ids and names unique in the mesh and equal to the allocated ids", () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const spec = specFromPlan(plan);
        const r = compileObject(spec);
        const cilium = r.graph!.clusters.filter((c) => c.cni.name === "cilium");
        const v = values(spec);
        expect([...v.keys()].sort()).toEqual(cilium.map((c) => c.name).sort());
        const ids = cilium.map((c) => v.get(c.name).cluster.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const c of cilium) {
          expect(v.get(c.name).cluster).toEqual({ name: c.name, id: c.mesh!.id });
          expect(v.get(c.name).clustermesh.useAPIServer).toBe(true);
          expect(v.get(c.name).ipam).toEqual({ mode: "kubernetes" });
        }
      }),
      { numRuns: 20 },
    );
  });

  it("seed 001 on Talos: KubePrism as the API for kube-proxy replacement, BGP control plane, Hubble, Talos's capabilities", () => {
    const v = values(seed001Spec()).get("infra");
    expect(v).toMatchObject({
      cluster: { name: "infra", id: 1 },
      kubeProxyReplacement: true,
      k8sServiceHost: "localhost",
      k8sServicePort: 7445,
      bgpControlPlane: { enabled: true },
      l2announcements: { enabled: false },
      hubble: { enabled: true, relay: { enabled: true }, ui: { enabled: true } },
      cgroup: { autoMount: { enabled: false }, hostRoot: "/sys/fs/cgroup" },
      operator: { replicas: 2 },
    });
    expect(v.securityContext.capabilities.ciliumAgent).not.toContain("SYS_MODULE");
    expect(v.clustermesh.maxConnectedClusters).toBeUndefined();
  });

  it("cluster-pool IPAM lists the pod CIDR, L2 announcements for an L2 Cilium pool, and a cluster id above 255 widens the whole mesh", () => {
    const s = seed001Spec();
    s.clusters[0].cni.ipam = "cluster-pool";
    s.clusters[0].nodeMaskSize = 26;
    s.clusters[0].loadBalancer.mode = "l2";
    delete s.clusters[0].bgp;
    s.clusters[1].mesh.id = 300;
    const v = values(s);
    expect(v.get("infra").ipam).toEqual({ mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"], clusterPoolIPv4MaskSize: 26 } });
    expect(v.get("infra").l2announcements).toEqual({ enabled: true });
    expect(v.get("infra").bgpControlPlane).toEqual({ enabled: false });
    expect(v.get("infra").clustermesh.maxConnectedClusters).toBe(511);
    expect(v.get("apps").clustermesh.maxConnectedClusters).toBe(511);
  });
});
