// GitHub Actions Runner Controller in scale-set mode (charts gha-runner-scale-set-controller and gha-runner-scale-set,
// 0.9.3 and 0.12.1 read). Its listener and runner pods come from the controller's resource builder, not from a chart
// template, so before the catalog knew the charts nothing admitted the listener's long poll to GitHub and its patches
// at the API server: in a namespace with a default deny ARC never saw a job.
import { describe, expect, it } from "vitest";
import { apiVersionOf, componentOfChart, primarySelector, type Release } from "../../src/catalog/index.js";
import { arcControllerServiceAccount, arcRunnerSetPodSecurity } from "../../src/catalog/arc.js";
import { overlayValues } from "../../src/lib/values.js";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec } from "./world.js";

const REPO = "oci://ghcr.io/actions/actions-runner-controller-charts";
const CONTROLLER = { repo: REPO, name: "gha-runner-scale-set-controller" };
const RUNNER_SET = { repo: REPO, name: "gha-runner-scale-set" };

// charts/gha-runner-scale-set-controller/templates/deployment.yaml + _helpers.tpl (0.12.1): the pod template's labels
const controllerPod = (release: string, namespace: string) => ({
  "app.kubernetes.io/part-of": "gha-rs-controller",
  "app.kubernetes.io/component": "controller-manager",
  "app.kubernetes.io/version": "0.12.1",
  "app.kubernetes.io/name": "gha-rs-controller",
  "app.kubernetes.io/namespace": namespace,
  "app.kubernetes.io/instance": release,
});

// controllers/actions.github.com/resourcebuilder.go (0.12.1), newAutoScalingListener over the AutoscalingRunnerSet's
// labels (charts/gha-runner-scale-set/templates/autoscalingrunnerset.yaml), for a runner set `name` in `namespace`
const listenerPod = (name: string, namespace: string) => ({
  "app.kubernetes.io/component": "runner-scale-set-listener",
  "app.kubernetes.io/part-of": "gha-runner-scale-set",
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/instance": name,
  "app.kubernetes.io/managed-by": "Helm",
  "app.kubernetes.io/version": "0.12.1",
  "helm.sh/chart": "gha-rs-0.12.1",
  "actions.github.com/scale-set-name": name,
  "actions.github.com/scale-set-namespace": namespace,
  "actions.github.com/organization": "example",
});

// newEphemeralRunnerSet -> newEphemeralRunner (component runner) -> newEphemeralRunnerPod (0.12.1)
const runnerPod = (name: string, namespace: string) => ({
  ...listenerPod(name, namespace),
  "app.kubernetes.io/component": "runner",
  "actions-ephemeral-runner": "True",
  "pod-template-hash": "abc123",
});

const service = (spec: any, name: string) => spec.services.find((s: any) => s.name === name);

describe("the controller chart's names and labels", () => {
  it("pods are app.kubernetes.io/name gha-rs-controller (nameOverride wins) with the release as instance", () => {
    expect(primarySelector({ ...CONTROLLER, values: {} }, "arc-controller")).toEqual({ "app.kubernetes.io/name": "gha-rs-controller", "app.kubernetes.io/instance": "arc-controller" });
    expect(primarySelector({ ...CONTROLLER, values: { nameOverride: "arc" } }, "arc-controller")).toEqual({ "app.kubernetes.io/name": "arc", "app.kubernetes.io/instance": "arc-controller" });
  });

  it("the service account a runner set must name: the fullname, <release>-gha-rs-controller unless the release contains it", () => {
    const r = (name: string, values: unknown = {}): Release => ({ name, values, namespace: "actions-runner" });
    expect(arcControllerServiceAccount(r("arc-controller"))).toEqual({ namespace: "actions-runner", name: "arc-controller-gha-rs-controller" });
    expect(arcControllerServiceAccount(r("gha-rs-controller"))).toEqual({ namespace: "actions-runner", name: "gha-rs-controller" });
    expect(arcControllerServiceAccount(r("arc", { fullnameOverride: "arc-ctl" }))!.name).toBe("arc-ctl");
    expect(arcControllerServiceAccount(r("arc", { serviceAccount: { name: "arc-sa" } }))!.name).toBe("arc-sa");
    // 0.11.0's namespaceOverride moves the Deployment and its labels
    expect(arcControllerServiceAccount(r("arc", { namespaceOverride: "arc-system" }))!.namespace).toBe("arc-system");
  });

  it("the CRDs in its crds/ are actions.github.com/v1alpha1, installed by Helm whatever the values", () => {
    const c = componentOfChart(CONTROLLER)!;
    for (const kind of ["AutoscalingRunnerSet", "EphemeralRunnerSet", "EphemeralRunner", "AutoscalingListener"]) expect(apiVersionOf(c, kind, "0.12.1")).toBe("actions.github.com/v1alpha1");
    expect(c.crds!.byChart({ name: "arc", values: {} })).toBe(true);
  });

  it("runner pods are selected by component runner and their scale set's name (runnerScaleSetName, else the release)", () => {
    expect(primarySelector({ ...RUNNER_SET, values: {} }, "arc-runners")).toEqual({ "app.kubernetes.io/component": "runner", "app.kubernetes.io/part-of": "gha-runner-scale-set", "actions.github.com/scale-set-name": "arc-runners" });
    expect(primarySelector({ ...RUNNER_SET, values: { runnerScaleSetName: "coder" } }, "runners-coder")!["actions.github.com/scale-set-name"]).toBe("coder");
  });
});

describe("axiomlayer: controller, listener and runners in actions-runner, behind its default deny", () => {
  const b = build(seedSpec("axiomlayer"));
  const cluster = "homelab";
  const c = b.graph.clusters.find((x) => x.name === cluster)!;
  const w = new World(b);
  const api = w.apiServer(cluster);

  it("the listener (in the controller's namespace) reaches GitHub on 443 and the API server", () => {
    const listener = w.pod(cluster, "actions-runner", listenerPod("arc-runners", "actions-runner"));
    w.expectAllowed(listener, w.internet(), [["TCP", 443]], "listener -> GitHub");
    w.expectAllowed(listener, api, [["TCP", c.apiEndpoint.port]], "listener -> kube-apiserver");
  });

  it("without the spec's flows, the controller reaches the API server and GitHub, runners GitHub but not the API server", () => {
    const spec = seedSpec("axiomlayer");
    service(spec, "arc-controller").flows = [];
    service(spec, "arc-runners").flows = [];
    const bare = new World(build(spec));
    const controller = bare.pod(cluster, "actions-runner", controllerPod("arc-controller", "actions-runner"));
    bare.expectAllowed(controller, bare.apiServer(cluster), [["TCP", c.apiEndpoint.port]], "controller -> kube-apiserver");
    bare.expectAllowed(controller, bare.internet(), [["TCP", 443]], "controller -> GitHub");
    const runner = bare.pod(cluster, "actions-runner", runnerPod("arc-runners", "actions-runner"));
    bare.expectAllowed(runner, bare.internet(), [["TCP", 443]], "runner -> GitHub");
    expect(bare.allowed(runner, bare.apiServer(cluster)).has("TCP", c.apiEndpoint.port)).toBe(false);
  });

  it("the Argo CD Applications carry restricted security contexts for the controller and the listener, not the runner", () => {
    const ctl = docs(b, `clusters/${cluster}/namespaces/actions-runner/arc-controller.yaml`).find((o) => o.kind === "Application")!;
    const values = ctl.spec.source.helm.valuesObject;
    // values.yaml leaves both empty; the image is USER 65532:65532 (Dockerfile)
    expect(values.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(values.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    const set = docs(b, `clusters/${cluster}/namespaces/actions-runner/arc-runners.yaml`).find((o) => o.kind === "Application")!.spec.source.helm.valuesObject;
    expect(set.listenerTemplate.spec.containers).toEqual([{ name: "listener", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }]);
    // actions/runner images/Dockerfile: passwordless sudo for the runner user; allowPrivilegeEscalation: false would
    // break every workflow step that uses it, so the runner pods stay as the chart makes them, in a baseline namespace
    expect(set.template).toBeUndefined();
  });
});

describe("bluerobin: a controller whose spec declares only the API server", () => {
  it("still reaches GitHub (scale set registration, JIT configs), and its listener too", () => {
    const b = build(seedSpec("bluerobin"));
    const w = new World(b);
    const cluster = "bluerobin-local";
    const controller = w.pod(cluster, "platform", controllerPod("arc", "platform"));
    w.expectAllowed(controller, w.internet(), [["TCP", 443]], "controller -> GitHub");
    w.expectAllowed(w.pod(cluster, "platform", listenerPod("ci", "ci")), w.internet(), [["TCP", 443]], "listener -> GitHub");
  });
});

describe("runner set values", () => {
  it("kubernetes mode: runners reach the API server (container hooks)", () => {
    const spec = seedSpec("monosense");
    service(spec, "arc-runners").chart.values.containerMode = { type: "kubernetes" };
    const b = build(spec);
    const w = new World(b);
    const c = b.graph.clusters.find((x) => x.name === "apps")!;
    const runner = w.pod("apps", "actions-runner-system", runnerPod("arc-runners", "actions-runner-system"));
    w.expectAllowed(runner, w.apiServer("apps"), [["TCP", c.apiEndpoint.port]], "kubernetes-mode runner -> kube-apiserver");
    w.expectAllowed(runner, w.internet(), [["TCP", 443]], "kubernetes-mode runner -> GitHub");
    const rel = docs(b, "clusters/apps/namespaces/actions-runner-system/arc-runners.yaml").find((o) => o.kind === "HelmRelease")!;
    expect(rel.spec.values.containerMode).toEqual({ type: "kubernetes" });
  });

  it("dind mode and a spec's own runner containers keep the runner template as the spec gives it", () => {
    for (const values of [{ containerMode: { type: "dind" } }, { template: { spec: { containers: [{ name: "runner", image: "my/runner:1" }] } } }]) {
      const spec = seedSpec("monosense");
      Object.assign(service(spec, "arc-runners").chart.values, values);
      // dockerd needs a privileged namespace (PC1003 otherwise)
      spec.namespaces.find((n: any) => n.name === "actions-runner-system").podSecurity = "privileged";
      const rel = docs(build(spec), "clusters/apps/namespaces/actions-runner-system/arc-runners.yaml").find((o) => o.kind === "HelmRelease")!;
      // dockerd runs as root in a privileged container: runAsNonRoot or runAsUser 1001 would stop it
      expect(rel.spec.values.template?.spec?.securityContext).toBeUndefined();
      expect(rel.spec.values.listenerTemplate.spec.securityContext.runAsNonRoot).toBe(true);
    }
  });

  it("the pod security level: privileged for dind, baseline for the chart's runner, restricted only for restricted runner containers", () => {
    const defaults = componentOfChart(RUNNER_SET)!.release!.defaults!;
    const merged = (values: Record<string, unknown>): Release => ({ name: "r", values: overlayValues(defaults({ name: "r", values }), values) });
    expect(arcRunnerSetPodSecurity(merged({ containerMode: { type: "dind" } }))).toBe("privileged");
    expect(arcRunnerSetPodSecurity(merged({ containerMode: { type: "kubernetes" } }))).toBe("baseline");
    expect(arcRunnerSetPodSecurity(merged({}))).toBe("baseline");
    expect(arcRunnerSetPodSecurity(merged({ template: { spec: { containers: [{ name: "runner", image: "my/runner:1" }] } } }))).toBe("baseline");
    const restricted = { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } };
    expect(arcRunnerSetPodSecurity(merged({ template: { spec: { securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: "RuntimeDefault" } }, containers: [{ name: "runner", image: "my/runner:1", ...restricted }] } } }))).toBe("restricted");
  });

  it("a runner set in a restricted namespace is PC1003; one without githubConfigUrl or githubConfigSecret is PC1126", () => {
    const spec = seedSpec("monosense");
    spec.namespaces.find((n: any) => n.name === "actions-runner-system").podSecurity = "restricted";
    expect(compileObject(spec).diagnostics.filter((d) => d.code === "PC1003").map((d) => d.message)).toEqual([
      "service `actions-runner-system/arc-runners` sets runner pods with the chart's empty securityContext (the image's passwordless sudo needs privilege escalation; dind runs a privileged dockerd), which pod-security level `restricted` of namespace `actions-runner-system` does not admit",
    ]);
    const bare = seedSpec("monosense");
    delete service(bare, "arc-runners").chart.values.githubConfigUrl;
    delete service(bare, "arc-runners").chart.values.githubConfigSecret;
    const errors = compileObject(bare).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["PC1126", "PC1126"]);
    const url = errors.find((d) => d.message.includes("`githubConfigUrl`"))!;
    expect(url.message).toContain("set no `githubConfigUrl`, which chart gha-runner-scale-set 0.12.1 needs");
    expect(url.help).toContain("add githubConfigUrl: https://github.com/<org>/<repo> under the chart's values");
  });

  it("elysium: runner sets selected by a scale set name other than their release's are PC1210 without runnerScaleSetName", () => {
    const spec = seedSpec("elysium");
    const pc1210 = (s: unknown) => compileObject(s).diagnostics.filter((d) => d.code === "PC1210" && d.message.includes("runners-")).length;
    expect(pc1210(spec)).toBe(0);
    for (const name of ["coder", "copilot", "fission", "raiplaysoundrss"]) delete service(spec, `runners-${name}`).chart.values.runnerScaleSetName;
    expect(pc1210(spec)).toBe(4);
  });
});
