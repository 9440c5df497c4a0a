// A chart whose templates create the kinds another chart's CRDs define (rook-ceph-cluster's CephCluster, a runner
// set's AutoscalingRunnerSet) fails to install until that chart is in; Flux's helm-controller then exhausts
// install.remediation.retries and the HelmRelease stalls for good. The catalog's `requires` orders the two with the
// HelmRelease's dependsOn (helm.toolkit.fluxcd.io/v2 spec.dependsOn, NamespacedObjectReference).
import { describe, expect, it } from "vitest";
import { build, docs, seedSpec, service } from "./world.js";

const release = (b: ReturnType<typeof build>, cluster: string, name: string) => {
  const s = service(b, name, cluster);
  return docs(b, `clusters/${cluster}/namespaces/${s.namespace}/${name}.yaml`).find((d) => d.kind === "HelmRelease")!;
};

describe("HelmReleases wait for the releases whose CRDs they use", () => {
  it("monosense: rook-ceph-cluster depends on rook-ceph, which depends on nothing", () => {
    const b = build(seedSpec("monosense"));
    expect(release(b, "infra", "rook-ceph-cluster").spec.dependsOn).toEqual([{ name: "rook-ceph", namespace: "rook-ceph" }]);
    expect(release(b, "infra", "rook-ceph").spec.dependsOn).toBeUndefined();
  });

  it("elysium: every runner set depends on the controller in arc-system", () => {
    const b = build(seedSpec("elysium"));
    for (const name of ["runners-coder", "runners-copilot", "runners-fission", "runners-raiplaysoundrss"]) {
      expect(release(b, "kyrion", name).spec.dependsOn, name).toEqual([{ name: "arc-controller", namespace: "arc-system" }]);
    }
  });

  it("a dependency in a later layer is left out: waiting on it would deadlock the layers", () => {
    const spec = seedSpec("monosense");
    // rook-ceph's namespace (and the CephCluster) in layer core, the operator in infrastructure, which comes after it
    spec.namespaces.find((n: any) => n.name === "rook-ceph" && n.cluster === "infra").layer = "core";
    spec.services.find((s: any) => s.name === "rook-ceph" && s.cluster === "infra").layer = "infrastructure";
    const b = build(spec);
    expect(service(b, "rook-ceph", "infra").layer).toBe("infrastructure");
    expect(service(b, "rook-ceph-cluster", "infra").layer).toBe("core");
    expect(release(b, "infra", "rook-ceph-cluster").spec.dependsOn).toBeUndefined();
  });
});
