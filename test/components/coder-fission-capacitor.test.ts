// Coder (coder 2.24.2 of https://helm.coder.com/v2), Fission (fission-all v1.21.0) and onechart (the chart
// Capacitor v0.4.8 installs with): before the catalog knew them platformc assumed app.kubernetes.io/name=<service>
// for their pods, which none of them sets, so every flow the spec declares for them missed their pods.
import { describe, expect, it } from "vitest";
import { componentOfChart, primarySelector } from "../../src/catalog/index.js";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec } from "./world.js";

const CODER = { repo: "https://helm.coder.com/v2", name: "coder" };
const FISSION = { repo: "https://fission.github.io/fission-charts", name: "fission-all" };
const ONECHART = { repo: "https://chart.onechart.dev", name: "onechart" };

const all = (b: ReturnType<typeof build>) => b.files.filter((f) => f.path.endsWith(".yaml")).flatMap((f) => docs(b, f.path));

describe("the charts' names and labels", () => {
  it("coder pods are app.kubernetes.io/name coder (nameOverride wins) with the release as instance", () => {
    // helm/libcoder/templates/_helpers.tpl coder.selectorLabels
    expect(primarySelector({ ...CODER, values: {} }, "coder")).toEqual({ "app.kubernetes.io/name": "coder", "app.kubernetes.io/instance": "coder" });
    expect(primarySelector({ ...CODER, values: { nameOverride: "cdr" } }, "dev")).toEqual({ "app.kubernetes.io/name": "cdr", "app.kubernetes.io/instance": "dev" });
  });

  it("coder's Service is `coder` whatever the release, and a ClusterIP with drop ALL by the catalog's defaults", () => {
    const c = componentOfChart(CODER)!;
    expect(c.release!.services[0]!.name({ name: "dev", values: {} })).toBe("coder");
    // values.yaml: coder.service.type LoadBalancer; coder.securityContext without capabilities
    expect(c.release!.defaults!({ name: "coder", values: {} })).toEqual({ coder: { securityContext: { capabilities: { drop: ["ALL"] } }, service: { type: "ClusterIP" } } });
    // _coder.tpl: prometheus-http 2112 only with CODER_PROMETHEUS_ENABLE "true"
    const ports = (values: unknown) => c.release!.workloads[0]!.ports({ name: "coder", values }).map((p) => p.port);
    expect(ports({})).toEqual([8080]);
    expect(ports({ coder: { env: [{ name: "CODER_PROMETHEUS_ENABLE", value: "true" }] } })).toEqual([8080, 2112]);
  });

  it("fission's router is svc: router + application: fission-router; its CRDs are fission.io/v1 outside the chart", () => {
    expect(primarySelector({ ...FISSION, values: {} }, "fission")).toEqual({ svc: "router", application: "fission-router" });
    const c = componentOfChart(FISSION)!;
    expect(c.crds!.byChart({ name: "fission", values: {} })).toBe(false);
    expect(c.crds!.bundle("v1.21.0")).toBe("https://github.com/fission/fission//crds/v1?ref=v1.21.0");
    expect(c.release!.defaults!({ name: "fission", values: {} })).toMatchObject({ routerServiceType: "ClusterIP", analytics: false });
    expect(c.release!.podSecurity!.level({ name: "fission", values: {} })).toBe("baseline");
  });

  it("onechart pods are name onechart + instance robustName(release); the port is containerPort", () => {
    // gimlet-io/capacitor deploy/k8s/manifest.yaml at capacitor-v0.4.8: the onechart-0.69.0 rendering
    expect(primarySelector({ ...ONECHART, values: { containerPort: 9000 } }, "capacitor")).toEqual({ "app.kubernetes.io/name": "onechart", "app.kubernetes.io/instance": "capacitor" });
    const c = componentOfChart(ONECHART)!;
    expect(c.release!.workloads[0]!.ports({ name: "capacitor", values: { containerPort: 9000 } })[0]!.port).toBe(9000);
    expect(c.release!.services[0]!.name({ name: "My_App", values: {} })).toBe("my-app");
    const capacitorValues = { securityContext: { runAsNonRoot: true, runAsUser: 100, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } } };
    expect(c.release!.podSecurity!.level({ name: "capacitor", values: capacitorValues })).toBe("restricted");
    expect(c.release!.podSecurity!.level({ name: "app", values: {} })).toBe("baseline");
  });
});

describe("elysium", () => {
  it("fission's pods are refused by a restricted namespace (fission-all's containers set no securityContext)", () => {
    const strict = seedSpec("elysium");
    strict.namespaces.find((n: any) => n.name === "fission").podSecurity = "restricted";
    const errors = compileObject(strict).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["PC1003"]);
    expect(errors[0]!.message).toContain("fission/fission");
  });

  // the spec change the report proposes: namespace fission at podSecurity baseline
  const spec = seedSpec("elysium");
  spec.namespaces.find((n: any) => n.name === "fission").podSecurity = "baseline";
  const b = build(spec);
  const w = new World(b);

  it("compiles without errors once namespace fission is baseline", () => {
    expect(compileObject(spec).errors).toEqual([]);
  });

  it("admits the trigger controllers to the router and the router to the executor, on the chart's pods", () => {
    // fission-all templates/{router,executor,timer}/deployment.yaml v1.21.0
    const router = w.pod("kyrion", "fission", { svc: "router", application: "fission-router" }, [{ name: "http", port: 8888 }, { name: "metrics", port: 8080 }]);
    const executor = w.pod("kyrion", "fission", { svc: "executor" }, [{ name: "http", port: 8888 }, { name: "metrics", port: 8080 }]);
    const timer = w.pod("kyrion", "fission", { svc: "timer" });
    w.expectAllowed(timer, router, [["TCP", 8888]], "timer -> router");
    w.expectAllowed(router, executor, [["TCP", 8888]], "router -> executor");
  });

  it("lays ClusterIP for coder's Service and fission's router under the HelmReleases' values", () => {
    const releases = all(b).filter((d) => d.kind === "HelmRelease");
    const coderHr = releases.find((d) => d.metadata?.name === "coder")!;
    const fissionHr = releases.find((d) => d.metadata?.name === "fission")!;
    expect(coderHr.spec.values.coder.service.type).toBe("ClusterIP");
    expect(fissionHr.spec.values.routerServiceType).toBe("ClusterIP");
  });
});
