// The Tailscale operator (elysium) and the Kubernetes Dashboard (todoapp) as their charts and controllers run them
// (issue 12 catalog extension): the policies select the pods by the labels the charts and the operator's code give them,
// their own traffic is admitted, routes take the chart's Services, and the operator's proxies' Pod Security need is
// reported. Pod labels are written here from the sources each test names, not taken from src/catalog.
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";
import { componentOfChart } from "../../src/catalog/index.js";
import type { Release } from "../../src/catalog/types.js";
import { backendOf } from "../../src/plan/components.js";
import { formatFindings, reconcile } from "../support/reconcile/index.js";
import { World, build, seedSpec, service } from "./world.js";

const TAILSCALE = { repo: "https://pkgs.tailscale.com/helmcharts", name: "tailscale-operator" };
const DASHBOARD = { repo: "https://kubernetes.github.io/dashboard/", name: "kubernetes-dashboard" };

/** elysium with the tailscale namespace at `level` and without the PC1205 ignore the catalog entry makes stale */
function elysium(level = "privileged"): any {
  const spec = seedSpec("elysium");
  spec.namespaces.find((n: any) => n.name === "tailscale").podSecurity = level;
  spec.ignore = spec.ignore.filter((i: any) => i.at !== "service:tailscale/tailscale-operator");
  return spec;
}

function todoapp(): any {
  const spec = seedSpec("todoapp");
  spec.ignore = spec.ignore.filter((i: any) => i.at !== "service:kubernetes-dashboard/kubernetes-dashboard");
  return spec;
}

const codesAt = (spec: unknown, at: string) => compileObject(spec).diagnostics.filter((d: any) => JSON.stringify(d).includes(at)).map((d: any) => d.code);

describe("tailscale-operator 1.84.3 (elysium)", () => {
  // chart templates/deployment.yaml (v1.84.3): selector and pod label app: operator, no container port
  const operator = { app: "operator" };
  // cmd/k8s-operator/sts.go reconcileSTS + svc.go childResourceLabels: an exposed Service's proxy pod
  const proxy = {
    app: "2c5b1f1e-0d7a-4c36-9c39-5d0f0b1c9a10",
    "tailscale.com/managed": "true",
    "tailscale.com/parent-resource": "grafana",
    "tailscale.com/parent-resource-ns": "monitoring",
    "tailscale.com/parent-resource-type": "svc",
    "statefulset.kubernetes.io/pod-name": "ts-grafana-abcde-0",
  };
  const tailnet: Array<["TCP" | "UDP", number]> = [["TCP", 443], ["UDP", 3478], ["UDP", 41641]];

  it("the operator pod (app: operator) reaches the API server and the Tailscale control plane, DERP and STUN", () => {
    const w = new World(build(elysium()));
    const op = w.pod("kyrion", "tailscale", operator);
    w.expectAllowed(op, w.apiServer("kyrion"), [["TCP", w.cluster("kyrion").apiEndpoint.port]], "operator -> kube-apiserver");
    // KB 1082: TCP 443 (coordination server, DERP), UDP 3478 (STUN), UDP 41641 (WireGuard)
    w.expectAllowed(op, w.internet(), tailnet, "operator -> Tailscale");
    expect(w.allowed(op, w.internet()).has("TCP", 80)).toBe(false);
  });

  it("the proxies it creates in its namespace join the tailnet and keep their state in Secrets", () => {
    const w = new World(build(elysium()));
    const p = w.pod("kyrion", "tailscale", proxy);
    w.expectAllowed(p, w.apiServer("kyrion"), [["TCP", w.cluster("kyrion").apiEndpoint.port]], "proxy -> kube-apiserver (TS_KUBE_SECRET)");
    w.expectAllowed(p, w.internet(), tailnet, "proxy -> Tailscale");
  });

  it("its proxies need privileged Pod Security: PC1003 below it, none at privileged", () => {
    // deploy/manifests/proxy.yaml: sysctler init container and tailscale container privileged: true
    for (const level of ["restricted", "baseline"]) expect(codesAt(elysium(level), "tailscale")).toContain("PC1003");
    expect(compileObject(elysium()).errors).toEqual([]);
  });

  it("elysium with a privileged tailscale namespace comes up layer by layer, the operator's own traffic admitted", () => {
    const out = reconcile(build(elysium()));
    expect(formatFindings(out.problems)).toEqual([]);
  });

  it("the chart's pods are verified: no PC1205 once the seed's ignore entry is gone", () => {
    expect(codesAt(elysium(), "tailscale/tailscale-operator")).not.toContain("PC1205");
  });

  it("knows the tailscale.com kinds at v1alpha1 and requires no OAuth value (a precreated operator-oauth Secret does)", () => {
    // deploy/crds/tailscale.com_*.yaml: v1alpha1 served; templates/oauth-secret.yaml renders only with oauth.clientId
    const c = componentOfChart(TAILSCALE)!;
    expect(c.kinds.map((k) => `${k.kind}@${k.served[0]!.version}`).sort()).toEqual(["Connector@v1alpha1", "DNSConfig@v1alpha1", "ProxyClass@v1alpha1", "ProxyGroup@v1alpha1", "Recorder@v1alpha1"]);
    expect(c.release!.required ?? []).toEqual([]);
  });
});

describe("kubernetes-dashboard 7.10.0 (todoapp)", () => {
  // Kong/charts kong-2.38.0 templates/deployment.yaml: metaLabels, component app, app <kong fullname>; proxy-tls 8443
  const kong = { "app.kubernetes.io/name": "kong", "app.kubernetes.io/instance": "kubernetes-dashboard", "app.kubernetes.io/component": "app", "app.kubernetes.io/managed-by": "Helm", app: "kubernetes-dashboard-kong" };
  // charts/kubernetes-dashboard/templates/deployments/<module>.yaml: labels + name <name>-<role> + component <role>
  const mod = (role: string) => ({
    "app.kubernetes.io/instance": "kubernetes-dashboard",
    "app.kubernetes.io/part-of": "kubernetes-dashboard",
    "app.kubernetes.io/managed-by": "Helm",
    "app.kubernetes.io/name": `kubernetes-dashboard-${role}`,
    "app.kubernetes.io/component": role,
  });
  const on8000 = [{ name: "http", port: 8000 }];

  it("kong reaches auth, api and web on 8000 (its DB-less config); api reaches metrics-scraper, web does not", () => {
    const w = new World(build(todoapp()));
    const k = w.pod("k3s", "kubernetes-dashboard", kong, [{ name: "proxy-tls", port: 8443 }]);
    const scraper = w.pod("k3s", "kubernetes-dashboard", mod("metrics-scraper"), [{ port: 8000 }]);
    for (const role of ["auth", "api", "web"]) w.expectAllowed(k, w.pod("k3s", "kubernetes-dashboard", mod(role), on8000), [["TCP", 8000]], `kong -> ${role}`);
    w.expectAllowed(w.pod("k3s", "kubernetes-dashboard", mod("api"), on8000), scraper, [["TCP", 8000]], "api -> metrics-scraper");
    expect(w.allowed(w.pod("k3s", "kubernetes-dashboard", mod("web"), on8000), scraper).has("TCP", 8000)).toBe(false);
  });

  it("auth, api, web and metrics-scraper reach the API server", () => {
    const w = new World(build(todoapp()));
    for (const role of ["auth", "api", "web", "metrics-scraper"]) {
      w.expectAllowed(w.pod("k3s", "kubernetes-dashboard", mod(role), on8000), w.apiServer("k3s"), [["TCP", w.cluster("k3s").apiEndpoint.port]], `${role} -> kube-apiserver`);
    }
  });

  it("a route or NodePort on 443 takes <release>-kong-proxy (443 -> 8443), the entry point", () => {
    const spec = todoapp();
    spec.services.find((s: any) => s.name === "kubernetes-dashboard").ports = [{ name: "https", port: 443, targetPort: 8443 }];
    const b = build(spec);
    const c = b.graph.clusters.find((x) => x.name === "k3s")!;
    const be = backendOf(c, service(b, "kubernetes-dashboard", "k3s"), { port: 443, targetPort: 8443, protocol: "TCP" });
    expect(be).toMatchObject({ service: "kubernetes-dashboard-kong-proxy", port: 443, targetPort: 8443 });
  });

  it("Service names follow the dashboard's fullname and kong's <release>-kong (no contains rule)", () => {
    const names = (r: Release) => componentOfChart(DASHBOARD)!.release!.services.map((s) => s.name(r));
    expect(names({ name: "kubernetes-dashboard", values: {} })).toEqual([
      "kubernetes-dashboard-kong-proxy",
      "kubernetes-dashboard-auth",
      "kubernetes-dashboard-api",
      "kubernetes-dashboard-web",
      "kubernetes-dashboard-metrics-scraper",
    ]);
    expect(names({ name: "dash", values: {} }).slice(0, 2)).toEqual(["dash-kong-proxy", "dash-kubernetes-dashboard-auth"]);
    expect(names({ name: "dash", values: { kong: { fullnameOverride: "gw" } } })[0]).toBe("gw-proxy");
  });

  it("the chart's pods are verified and meet the namespace: no PC1205 or PC1003 once the ignore entry is gone", () => {
    const codes = codesAt(todoapp(), "kubernetes-dashboard/kubernetes-dashboard");
    expect(codes).not.toContain("PC1205");
    expect(codes).not.toContain("PC1003");
  });
});
