// Cilium as a component (issue 12, points 1 and 2): the release installed at bootstrap and the GitOps object that
// takes it over carry the same values, and LB IPAM and BGP objects use the API version the declared release serves.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { apiVersionOf, componentNamed, componentOfChart } from "../../src/catalog/index.js";
import { compareVersions, inRange } from "../../src/lib/version.js";
import { compileObject } from "../support/compile.js";

const repo = path.join(import.meta.dirname, "..", "..");
const monosense = () => YAML.parse(fs.readFileSync(path.join(repo, "spec", "monosense", "platform.yaml"), "utf8"));

function docs(files: ReadonlyArray<{ path: string; content: string }>, file: string): Array<Record<string, any>> {
  const f = files.find((x) => x.path === file);
  expect(f, file).toBeDefined();
  return YAML.parseAllDocuments(f!.content).map((d) => d.toJS() as Record<string, any>);
}

function compiled(spec: unknown) {
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  return r.files!;
}

describe("the Cilium release: one set of values for the bootstrap install and the GitOps owner", () => {
  it("monosense: each cluster's HelmRelease carries exactly nodes/<cluster>/cilium-values.yaml", () => {
    const files = compiled(monosense());
    for (const cluster of ["apps", "infra"]) {
      const bootstrap = docs(files, `nodes/${cluster}/cilium-values.yaml`)[0];
      const release = docs(files, `clusters/${cluster}/namespaces/kube-system/cilium.yaml`).find((d) => d.kind === "HelmRelease")!;
      expect(release.spec.releaseName).toBe("cilium");
      expect(release.spec.values).toEqual(bootstrap);
      // What dies without them: the API address without kube-proxy, and the Talos capability set.
      expect(release.spec.values.kubeProxyReplacement).toBe(true);
      expect(release.spec.values.k8sServicePort).toBe(7445);
      expect(release.spec.values.securityContext.capabilities.ciliumAgent).toContain("NET_ADMIN");
    }
  });

  it("values the spec gives the cilium chart reach both, over platformc's own key by key", () => {
    const spec = monosense();
    const svc = spec.services.find((s: any) => s.name === "cilium" && (s.cluster ?? "") !== "apps") ?? spec.services.find((s: any) => s.name === "cilium");
    svc.chart.values = { hubble: { ui: { enabled: false } }, bpf: { masquerade: true } };
    const files = compiled(spec);
    const cluster = svc.cluster ?? "infra";
    const bootstrap = docs(files, `nodes/${cluster}/cilium-values.yaml`)[0]!;
    const release = docs(files, `clusters/${cluster}/namespaces/kube-system/cilium.yaml`).find((d) => d.kind === "HelmRelease")!;
    expect(release.spec.values).toEqual(bootstrap);
    expect(bootstrap.bpf).toEqual({ masquerade: true });
    expect(bootstrap.hubble).toEqual({ enabled: true, relay: { enabled: true }, ui: { enabled: false } });
  });
});

describe("Cilium API versions follow the declared release", () => {
  const kinds = ["CiliumLoadBalancerIPPool", "CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement"];
  function versions(cniVersion: string | undefined): Map<string, string> {
    const spec = monosense();
    for (const c of spec.clusters) {
      if (cniVersion === undefined) delete c.cni.version;
      else c.cni.version = cniVersion;
    }
    // Without a CNI version the chart's version counts; take it away too for the "unknown" case.
    if (cniVersion === undefined) for (const s of spec.services) if (s.chart?.name === "cilium") s.chart.version = "latest";
    const out = new Map<string, string>();
    for (const d of docs(compiled(spec), "clusters/infra/infrastructure/infrastructure.yaml")) out.set(d.kind, d.apiVersion);
    return out;
  }

  it("Cilium 1.17 (monosense's release): v2alpha1, the only version it serves", () => {
    const v = versions("1.17.6");
    for (const k of kinds) expect(v.get(k), k).toBe("cilium.io/v2alpha1");
  });

  it("Cilium 1.18 and later: v2", () => {
    for (const release of ["1.18.0", "1.19.3"]) {
      const v = versions(release);
      for (const k of kinds) expect(v.get(k), `${k} on ${release}`).toBe("cilium.io/v2");
    }
  });

  it("an unknown release: the newest the catalog knows", () => {
    const v = versions(undefined);
    for (const k of kinds) expect(v.get(k), k).toBe("cilium.io/v2");
  });
});

describe("the catalog", () => {
  it("finds Cilium by its chart, from either repository", () => {
    expect(componentOfChart({ repo: "https://helm.cilium.io/", name: "cilium" })?.name).toBe("cilium");
    expect(componentOfChart({ repo: "oci://quay.io/cilium/charts", name: "cilium" })?.name).toBe("cilium");
    expect(componentOfChart({ repo: "https://example.com/charts", name: "cilium" })).toBeUndefined();
  });

  it("answers per version range, and the L2 announcement policy stays v2alpha1", () => {
    const c = componentNamed("cilium")!;
    expect(apiVersionOf(c, "CiliumLoadBalancerIPPool", "1.16.9")).toBe("cilium.io/v2alpha1");
    expect(apiVersionOf(c, "CiliumLoadBalancerIPPool", "v1.18.0-rc.1")).toBe("cilium.io/v2alpha1");
    expect(apiVersionOf(c, "CiliumLoadBalancerIPPool", "1.18.0")).toBe("cilium.io/v2");
    expect(apiVersionOf(c, "CiliumLoadBalancerIPPool", "1.25.0")).toBe("cilium.io/v2");
    expect(apiVersionOf(c, "CiliumL2AnnouncementPolicy", "1.19.0")).toBe("cilium.io/v2alpha1");
    expect(apiVersionOf(c, "NoSuchKind", "1.17.0")).toBeUndefined();
    expect(c.sources.length).toBeGreaterThan(0);
  });

  it("compares versions numerically, pre-releases first", () => {
    expect(compareVersions("1.9.0", "1.10.0")).toBeLessThan(0);
    expect(compareVersions("v1.18.0", "1.18.0")).toBe(0);
    expect(compareVersions("1.18.0-rc.1", "1.18.0")).toBeLessThan(0);
    expect(compareVersions("latest", "1.18.0")).toBeUndefined();
    expect(inRange("1.17.6", { from: "1.16.0", until: "1.18.0" })).toBe(true);
    expect(inRange("1.18.0", { until: "1.18.0" })).toBe(false);
    expect(inRange("latest", { until: "1.18.0" })).toBe(false);
  });
});
