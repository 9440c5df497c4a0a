// Sealed Secrets, Kyverno and Longhorn as their charts run them (issue 12 catalog extension): the policies select the
// pods by the labels the charts give them, the API server reaches their webhooks, their own traffic is allowed, and
// the values a release needs to come up are carried. Pod labels are written here from the charts' templates.
import { describe, expect, it } from "vitest";
import { componentOfChart } from "../../src/catalog/index.js";
import type { Release } from "../../src/catalog/types.js";
import { World, build, docs, seedSpec } from "./world.js";

const SEALED = { repo: "https://bitnami-labs.github.io/sealed-secrets", name: "sealed-secrets" };
const KYVERNO = { repo: "https://kyverno.github.io/kyverno/", name: "kyverno" };
const LONGHORN = { repo: "https://charts.longhorn.io", name: "longhorn" };

const serviceNames = (chart: { repo: string; name: string }, r: Release) => componentOfChart(chart)!.release!.services.map((s) => s.name(r));

describe("sealed-secrets 2.17.3 (elysium, axiomlayer)", () => {
  // helm/sealed-secrets/templates/_helpers.tpl (helm-v2.17.3) sealed-secrets.matchLabels; deployment.yaml ports
  const pod = { "app.kubernetes.io/name": "sealed-secrets", "app.kubernetes.io/instance": "sealed-secrets" };
  const ports = [{ name: "http", port: 8080 }, { name: "metrics", port: 8081 }];

  it("the API server reaches the controller's http port (kubeseal's service proxy), the controller the API server", () => {
    const b = build(seedSpec("elysium"));
    const w = new World(b);
    const c = w.cluster("kyrion");
    const api = w.apiServer("kyrion");
    const ctl = w.pod("kyrion", "sealed-secrets-system", pod, ports);
    w.expectAllowed(api, ctl, [["TCP", 8080]], "kube-apiserver -> sealed-secrets http (services/proxy)");
    w.expectAllowed(ctl, api, [["TCP", c.apiEndpoint.port]], "sealed-secrets -> kube-apiserver");
    expect(w.allowed(w.internet(), ctl).has("TCP", 8080)).toBe(false);
  });

  it("the HelmRelease carries the securityContext keys restricted needs beyond the chart's (seccomp, no escalation)", () => {
    const b = build(seedSpec("elysium"));
    const rel = docs(b, "clusters/kyrion/namespaces/sealed-secrets-system/sealed-secrets.yaml").find((o) => o.kind === "HelmRelease")!;
    expect(rel.spec.values.podSecurityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(rel.spec.values.containerSecurityContext.allowPrivilegeEscalation).toBe(false);
  });

  it("its Service is the chart's fullname: sealed-secrets, not kubeseal's default sealed-secrets-controller", () => {
    // service.yaml: <fullname> and <fullname>-metrics; README: kubeseal needs --controller-name or fullnameOverride
    expect(serviceNames(SEALED, { name: "sealed-secrets", values: {} })).toEqual(["sealed-secrets", "sealed-secrets-metrics"]);
    expect(serviceNames(SEALED, { name: "ss", values: {} })).toEqual(["ss-sealed-secrets", "ss-sealed-secrets-metrics"]);
    expect(serviceNames(SEALED, { name: "ss", values: { fullnameOverride: "sealed-secrets-controller" } })[0]).toBe("sealed-secrets-controller");
  });
});

describe("kyverno 3.3.7 (todoapp)", () => {
  // charts/kyverno/templates/_helpers/_labels.tpl kyverno.matchLabels.common + <component>/_helpers.tpl component;
  // deployment.yaml: https 9443 and metrics 8000 on each controller
  const pod = (component: string) => ({ "app.kubernetes.io/part-of": "kyverno", "app.kubernetes.io/instance": "kyverno", "app.kubernetes.io/component": component, "app.kubernetes.io/managed-by": "Helm" });
  const ports = [{ name: "https", port: 9443 }, { name: "metrics", port: 8000 }];

  it("the API server reaches the admission and cleanup webhooks on 9443; every controller reaches the API server", () => {
    const b = build(seedSpec("todoapp"));
    const w = new World(b);
    const c = w.cluster("k3s");
    const api = w.apiServer("k3s");
    for (const component of ["admission-controller", "cleanup-controller"]) w.expectAllowed(api, w.pod("k3s", "kyverno", pod(component), ports), [["TCP", 9443]], `kube-apiserver -> kyverno ${component}`);
    for (const component of ["admission-controller", "background-controller", "cleanup-controller", "reports-controller"]) {
      w.expectAllowed(w.pod("k3s", "kyverno", pod(component), ports), api, [["TCP", c.apiEndpoint.port]], `kyverno ${component} -> kube-apiserver`);
    }
  });

  it("the hook Jobs' pods get the chart's hook labels, and with them the API server", () => {
    const b = build(seedSpec("todoapp"));
    const app = docs(b, "clusters/k3s/namespaces/kyverno/kyverno.yaml").find((o) => o.kind === "Application")!;
    // hooks/_helpers.tpl kyverno.hooks.matchLabels; hooks/*.yaml pod templates carry only <hook>.podLabels
    const hook = { "app.kubernetes.io/part-of": "kyverno", "app.kubernetes.io/instance": "kyverno", "app.kubernetes.io/component": "hooks" };
    const v = app.spec.source.helm.valuesObject;
    for (const labels of [v.crds.migration.podLabels, v.webhooksCleanup.podLabels, v.policyReportsCleanup.podLabels]) expect(labels).toEqual(hook);
    const w = new World(b);
    w.expectAllowed(w.pod("k3s", "kyverno", hook), w.apiServer("k3s"), [["TCP", w.cluster("k3s").apiEndpoint.port]], "kyverno hook -> kube-apiserver");
  });

  it("the admission Service is <fullname>-svc, the cleanup one <name>-cleanup-controller", () => {
    expect(serviceNames(KYVERNO, { name: "kyverno", values: {} })).toEqual(["kyverno-svc", "kyverno-cleanup-controller"]);
    expect(serviceNames(KYVERNO, { name: "policy", values: {} })).toEqual(["policy-kyverno-svc", "kyverno-cleanup-controller"]);
  });

  it("charts before 3.5.2 get the hooks' kubectl from bitnamilegacy (docker.io/bitnami/kubectl tags are gone); later ones keep theirs", () => {
    const defaults = (version?: string) => componentOfChart(KYVERNO)!.release!.defaults!({ name: "kyverno", values: {}, ...(version ? { version } : {}) } as Release) as Record<string, any>;
    expect(defaults("3.3.7").webhooksCleanup.image).toEqual({ repository: "bitnamilegacy/kubectl" });
    expect(defaults("3.3.7").policyReportsCleanup.image).toEqual({ repository: "bitnamilegacy/kubectl" });
    expect(defaults("3.5.2").webhooksCleanup.image).toBeUndefined();
    expect(defaults().webhooksCleanup.image).toBeUndefined();
  });

  it("todoapp's kyverno Application (chart 3.3.7) carries the bitnamilegacy hook image", () => {
    const b = build(seedSpec("todoapp"));
    const app = docs(b, "clusters/" + b.graph.clusters[0]!.name + "/namespaces/kyverno/kyverno.yaml").find((d) => d.kind === "Application")!;
    expect(app.spec.source.helm.valuesObject.webhooksCleanup.image).toEqual({ repository: "bitnamilegacy/kubectl" });
  });
});

describe("longhorn 1.9.1 (axiomlayer)", () => {
  // chart/templates/daemonset-sa.yaml (v1.9.1): app: longhorn-manager and longhorn.labels; ports 9500-9503
  const manager = { app: "longhorn-manager", "app.kubernetes.io/name": "longhorn", "app.kubernetes.io/instance": "longhorn", "app.kubernetes.io/managed-by": "Helm" };
  const managerPorts = [{ name: "manager", port: 9500 }, { name: "conversion-wh", port: 9501 }, { name: "admission-wh", port: 9502 }, { name: "recov-backend", port: 9503 }];
  // longhorn-manager v1.9.1 types/types.go GetInstanceManagerLabels; engineapi/types.go 8500-8504
  const im = { "longhorn.io/component": "instance-manager", "longhorn.io/managed-by": "longhorn-manager", "longhorn.io/instance-manager-type": "aio", "longhorn.io/node": "neko" };

  it("the API server reaches the conversion and admission webhooks; managers reach each other, instance managers and the API server", () => {
    const b = build(seedSpec("axiomlayer"));
    const w = new World(b);
    const c = w.cluster("homelab");
    const api = w.apiServer("homelab");
    const m1 = w.pod("homelab", "longhorn-system", manager, managerPorts);
    const m2 = w.pod("homelab", "longhorn-system", manager, managerPorts);
    w.expectAllowed(api, m1, [["TCP", 9501], ["TCP", 9502]], "kube-apiserver -> longhorn webhooks");
    w.expectAllowed(m1, api, [["TCP", c.apiEndpoint.port]], "longhorn-manager -> kube-apiserver");
    w.expectAllowed(m1, m2, [["TCP", 9500]], "longhorn-manager -> longhorn-manager");
    const im1 = w.pod("homelab", "longhorn-system", im);
    const im2 = w.pod("homelab", "longhorn-system", { ...im, "longhorn.io/node": "other" });
    w.expectAllowed(m1, im1, [["TCP", 8500], ["TCP", 8501], ["TCP", 8503]], "longhorn-manager -> instance-manager gRPC");
    // longhorn-instance-manager v1.9.1 app/cmd/start.go --port-range 10000-20000
    w.expectAllowed(im1, im2, [["TCP", 10000], ["TCP", 15000], ["TCP", 20000]], "engine -> replica on another node");
    expect(w.allowed(w.internet(), m1).has("TCP", 9500)).toBe(false);
  });

  it("the UI, the driver deployer and the CSI plugin reach longhorn-backend's pods on 9500", () => {
    const b = build(seedSpec("axiomlayer"));
    const w = new World(b);
    const m = w.pod("homelab", "longhorn-system", manager, managerPorts);
    // deployment-ui.yaml, deployment-driver.yaml (chart); csi/deployment.go (longhorn-manager): app labels
    const ui = w.pod("homelab", "longhorn-system", { app: "longhorn-ui", "app.kubernetes.io/name": "longhorn", "app.kubernetes.io/instance": "longhorn" }, [{ name: "http", port: 8000 }]);
    const deployer = w.pod("homelab", "longhorn-system", { app: "longhorn-driver-deployer", "app.kubernetes.io/name": "longhorn", "app.kubernetes.io/instance": "longhorn" });
    const csi = w.pod("homelab", "longhorn-system", { app: "longhorn-csi-plugin" });
    for (const [from, what] of [[ui, "ui"], [deployer, "driver-deployer"], [csi, "csi-plugin"]] as const) w.expectAllowed(from, m, [["TCP", 9500]], `longhorn ${what} -> manager`);
    w.expectAllowed(csi, w.apiServer("homelab"), [["TCP", w.cluster("homelab").apiEndpoint.port]], "longhorn-csi-plugin -> kube-apiserver");
  });

  it("needs pod security privileged, and names its Services as the chart does", () => {
    const rel = componentOfChart(LONGHORN)!.release!;
    expect(rel.podSecurity!.level({ name: "longhorn", values: {} })).toBe("privileged");
    expect(serviceNames(LONGHORN, { name: "anything", values: {} })).toEqual(["longhorn-backend", "longhorn-frontend", "longhorn-conversion-webhook", "longhorn-admission-webhook", "longhorn-recovery-backend"]);
  });

  it("under Argo CD the pre-upgrade checker Job is off (a PreSync hook on every sync); under Flux it stays", () => {
    const b = build(seedSpec("axiomlayer"));
    const app = docs(b, "clusters/homelab/namespaces/longhorn-system/longhorn.yaml").find((d) => d.kind === "Application")!;
    expect(app.spec.source.helm.valuesObject.preUpgradeChecker).toEqual({ jobEnabled: false });
    const defaults = componentOfChart(LONGHORN)!.release!.defaults!;
    expect(defaults({ name: "longhorn", values: {}, gitops: "flux" })).toEqual({});
  });
});
