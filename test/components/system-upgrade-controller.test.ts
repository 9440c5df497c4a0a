// Rancher's system-upgrade-controller chart (system-upgrade-controller 106.0.0 of https://charts.rancher.io, SUC
// v0.15.2) as elysium installs it for K3s upgrades. Pod labels and names are written here from the chart's templates
// (rancher/charts charts/system-upgrade-controller/105.0.0/templates/deployment.yaml, the same selector in 109.0.2 and
// 110.0.0) and SUC's code (pkg/upgrade/controller.go registerCRD at v0.15.2), not taken from src/catalog.
import { describe, expect, it } from "vitest";
import { apiVersionOf, componentOfChart, primarySelector } from "../../src/catalog/index.js";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec } from "./world.js";

const SUC = { repo: "https://charts.rancher.io", name: "system-upgrade-controller" };
// deployment.yaml: selector and pod label; the controller reads its name from it
const CONTROLLER = { "upgrade.cattle.io/controller": "system-upgrade-controller" };

/** elysium as spec/ has it (the chart from charts.rancher.io, the release in cattle-system), at a pod security level. */
function elysium(podSecurity = "privileged"): any {
  const spec = seedSpec("elysium");
  spec.namespaces.find((n: any) => n.name === "cattle-system").podSecurity = podSecurity;
  return spec;
}

describe("system-upgrade-controller 106.0.0 (charts.rancher.io)", () => {
  it("is Rancher's chart of charts.rancher.io, not one of the Rancher server's repository", () => {
    expect(componentOfChart(SUC)?.name).toBe("system-upgrade-controller");
    expect(componentOfChart({ repo: "https://releases.rancher.com/server-charts/latest", name: "system-upgrade-controller" })).toBeUndefined();
  });

  it("selects the controller by upgrade.cattle.io/controller whatever the release is called, and it has no port", () => {
    expect(primarySelector({ ...SUC, version: "106.0.0", values: {} }, "system-upgrade-controller")).toEqual(CONTROLLER);
    expect(primarySelector({ ...SUC, version: "106.0.0", values: { nameOverride: "x" } }, "suc")).toEqual(CONTROLLER);
    const facts = componentOfChart(SUC)!.release!;
    expect(facts.services).toEqual([]);
    expect(facts.workloads.flatMap((w) => w.ports({ name: "suc", values: {} }))).toEqual([]);
  });

  it("its controller creates the upgrade.cattle.io/v1 Plan CRD itself, so nothing lists a CRD bundle", () => {
    const c = componentOfChart(SUC)!;
    expect(apiVersionOf(c, "Plan", "106.0.0")).toBe("upgrade.cattle.io/v1");
    expect(c.crds!.byChart({ name: "system-upgrade-controller", values: {} })).toBe(true);
    // scripts/package-controller at v0.15.2 attaches crd.yaml to the release that 106.0.0 runs
    expect(c.crds!.bundle("106.0.0")).toBe("https://github.com/rancher/system-upgrade-controller/releases/download/v0.15.2/crd.yaml");
  });
});

describe("elysium: the controller in cattle-system", () => {
  it("compiles without errors and without the PC1205 the unknown chart had", () => {
    const r = compileObject(elysium());
    expect(r.errors).toEqual([]);
    expect(r.diagnostics.filter((d: any) => d.code === "PC1205" && JSON.stringify(d).includes("system-upgrade-controller"))).toEqual([]);
  });

  it("the controller pod reaches the API server through the namespace's default deny; a pod without its label does not", () => {
    const w = new World(build(elysium()));
    const api = w.apiServer("kyrion");
    const port = w.cluster("kyrion").apiEndpoint.port;
    w.expectAllowed(w.pod("kyrion", "cattle-system", CONTROLLER), api, [["TCP", port]], "system-upgrade-controller -> kube-apiserver");
    // the upstream manifests' extra label alone (app.kubernetes.io/name), which 105.0.0's pods do not carry
    const other = w.pod("kyrion", "cattle-system", { "app.kubernetes.io/name": "system-upgrade-controller" });
    expect(w.allowed(other, api).has("TCP", port)).toBe(false);
  });

  it("a namespace below privileged refuses its pods (hostPath certificates, privileged upgrade Jobs): PC1003", () => {
    const errors = compileObject(elysium("baseline")).diagnostics.filter((d: any) => d.severity === "error");
    expect(errors.map((d: any) => d.code)).toEqual(["PC1003"]);
    expect(errors[0]!.message).toContain("cattle-system/system-upgrade-controller");
  });

  it("the HelmRelease pulls system-upgrade-controller 106.0.0 from charts.rancher.io", () => {
    const b = build(elysium());
    const file = b.files.find((f) => f.path.endsWith("/cattle-system/system-upgrade-controller.yaml"));
    expect(file, b.files.map((f) => f.path).filter((p) => p.includes("cattle-system")).join(", ")).toBeDefined();
    const all = docs(b, file!.path);
    const hr = all.find((o) => o.kind === "HelmRelease")!;
    expect(hr.spec.chart.spec.chart).toBe("system-upgrade-controller");
    expect(hr.spec.chart.spec.version).toBe("106.0.0");
    const repos = b.files.flatMap((f) => (f.path.endsWith(".yaml") ? docs(b, f.path) : [])).filter((o) => o.kind === "HelmRepository");
    expect(repos.some((o) => o.spec?.url === SUC.repo)).toBe(true);
  });
});
