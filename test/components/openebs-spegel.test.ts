// OpenEBS 4.2.0 and Spegel 0.3.0 as monosense runs them in both clusters (issue 12 catalog extension). Pod labels are
// written here from the charts' templates (openebs/dynamic-localpv-provisioner deploy/helm/charts/templates/_helpers.tpl
// localpv.selectorLabels; spegel-org/spegel charts/spegel/templates/_helpers.tpl at v0.3.0 spegel.selectorLabels).
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { componentOfChart } from "../../src/catalog/index.js";
import { compileObject } from "../support/compile.js";
import { World, seedSpec, type Built } from "./world.js";

const OPENEBS = { repo: "https://openebs.github.io/openebs", name: "openebs" };
const SPEGEL = { repo: "oci://ghcr.io/spegel-org/helm-charts", name: "spegel" };

// monosense with the values other charts' entries require (gitlab-runner, harbor), which are no concern of these tests
function monosense(): Built {
  const spec = seedSpec("monosense");
  for (const s of spec.services) {
    if (s.chart?.name === "gitlab-runner") s.chart.values = { ...(s.chart.values ?? {}), gitlabUrl: "https://gitlab.monosense.io", runnerToken: "t" };
    if (s.chart?.name === "harbor") s.chart.values = { ...(s.chart.values ?? {}), externalURL: "https://harbor.monosense.io" };
  }
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  return { graph: r.graph!, files: r.files! };
}

const helmRelease = (b: Built, file: string) =>
  YAML.parseAllDocuments(b.files.find((f) => f.path === file)!.content).map((d) => d.toJS()).find((o) => o.kind === "HelmRelease");

describe("openebs 4.2.0 (monosense infra and apps)", () => {
  // localpv.selectorLabels: app <chart name>, release <release>, component <localpv.name>; podLabels name
  const provisioner = { app: "localpv-provisioner", release: "openebs", component: "localpv-provisioner", name: "openebs-localpv-provisioner", "openebs.io/component-name": "openebs-localpv-provisioner", heritage: "Helm" };
  const b = monosense();

  it("the hostpath provisioner reaches the API server through the namespace's default deny, in both clusters", () => {
    const w = new World(b);
    for (const cluster of ["infra", "apps"]) {
      const pod = w.pod(cluster, "openebs-system", provisioner);
      w.expectAllowed(pod, w.apiServer(cluster), [["TCP", w.cluster(cluster).apiEndpoint.port]], `${cluster} localpv-provisioner -> kube-apiserver`);
    }
  });

  it("the pre-upgrade hook's pods (managed-by, instance) reach the API server too", () => {
    // charts/templates/pre-upgrade-hook.yaml at v4.2.0: the Job's pod labels; it runs kubectl against the API
    const w = new World(b);
    const hook = w.pod("apps", "openebs-system", { "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": "openebs", "helm.sh/chart": "openebs-4.2.0" });
    w.expectAllowed(hook, w.apiServer("apps"), [["TCP", w.cluster("apps").apiEndpoint.port]], "openebs pre-upgrade hook -> kube-apiserver");
  });

  it("the HelmRelease switches off the engines 4.2.0 enables by default and pulls the hook's kubectl from bitnamilegacy", () => {
    // charts/values.yaml at v4.2.0: engines.local.lvm/zfs and engines.replicated.mayastor enabled: true;
    // preUpgradeHook.image bitnami/kubectl:1.25.15 (gone from docker.io/bitnami, bitnami/containers#83267)
    for (const cluster of ["infra", "apps"]) {
      const values = helmRelease(b, `clusters/${cluster}/namespaces/openebs-system/openebs.yaml`).spec.values;
      expect(values.engines).toEqual({ local: { lvm: { enabled: false }, zfs: { enabled: false } }, replicated: { mayastor: { enabled: false } } });
      expect(values.preUpgradeHook.image.repo).toBe("bitnamilegacy/kubectl");
    }
  });

  it("its pods need privileged (helper pods on hostPath) and the labels follow localpv.name", () => {
    const facts = componentOfChart(OPENEBS)!.release!;
    expect(facts.defaults!({ name: "openebs", values: {} }).engines).toBeDefined();
    expect(facts.podSecurity!.level({ name: "openebs", values: {} })).toBe("privileged");
    // a renamed localpv (localpv.name) changes component and the component-name label, as localpv.labels do
    const w = facts.workloads.find((x) => x.name === "localpv-provisioner")!;
    const r = { name: "storage", values: { "localpv-provisioner": { localpv: { name: "hp" } } } };
    expect(w.selector(r)).toEqual({ app: "localpv-provisioner", release: "storage", component: "hp" });
    expect(w.labels(r)["openebs.io/component-name"]).toBe("openebs-hp");
  });
});

describe("spegel 0.3.0 (monosense infra and apps)", () => {
  const facts = componentOfChart(SPEGEL)!.release!;
  const r = { name: "spegel", values: {} };

  it("selects the DaemonSet's pods by name and instance and knows its registry, router and metrics ports", () => {
    // daemonset.yaml at v0.3.0: ports registry 5000 (hostPort 30020), router 5001, metrics 9090
    const w = facts.workloads.find((x) => x.name === "spegel")!;
    expect(w.selector(r)).toEqual({ "app.kubernetes.io/name": "spegel", "app.kubernetes.io/instance": "spegel" });
    expect(w.ports(r).map((p) => [p.name, p.port])).toEqual([["registry", 5000], ["router", 5001], ["metrics", 9090]]);
    expect(w.selector({ name: "mirror", values: { nameOverride: "p2p" } })).toEqual({ "app.kubernetes.io/name": "p2p", "app.kubernetes.io/instance": "mirror" });
  });

  it("names the chart's Services by its fullname: metrics, -registry (NodePort) and -bootstrap (headless)", () => {
    // service.yaml at v0.3.0
    expect(facts.services.map((s) => s.name(r))).toEqual(["spegel", "spegel-registry", "spegel-bootstrap"]);
    expect(facts.services.map((s) => s.name({ name: "mirror", values: {} }))).toEqual(["mirror-spegel", "mirror-spegel-registry", "mirror-spegel-bootstrap"]);
  });

  it("needs peers on the router and registry ports, containerd on the nodes on the registry port, and no API server", () => {
    // main.go at v0.3.0 bootstraps by DNS (no Kubernetes client); rbac.yaml is a ServiceAccount only
    const kinds = facts.flows.map((f) => (f.kind === "internal" || f.kind === "from-nodes" ? `${f.kind}:${f.port}` : f.kind));
    expect(kinds.sort()).toEqual(["from-nodes:registry", "internal:registry", "internal:router"]);
    expect(facts.podSecurity!.level(r)).toBe("privileged");
  });

  it("the HelmRelease in kube-system compiles in both clusters without a default deny cutting it", () => {
    const b = monosense();
    for (const cluster of ["infra", "apps"]) expect(helmRelease(b, `clusters/${cluster}/namespaces/kube-system/spegel.yaml`).spec.releaseName).toBe("spegel");
  });
});

// spegel docs/COMPATIBILITY.md, "Talos": Talos's containerd reads registry mirrors from /etc/cri/conf.d/hosts, where
// Spegel must write them (the chart's default is /etc/containerd/certs.d, which Talos's containerd never reads).
describe("spegel on Talos (monosense) writes its mirrors where Talos's containerd reads them", () => {
  it("both clusters' HelmReleases carry spegel.containerdRegistryConfigPath /etc/cri/conf.d/hosts", () => {
    const b = monosense();
    for (const cluster of ["infra", "apps"]) {
      const hr = helmRelease(b, `clusters/${cluster}/namespaces/kube-system/spegel.yaml`);
      expect(hr.spec.values.spegel.containerdRegistryConfigPath, cluster).toBe("/etc/cri/conf.d/hosts");
    }
  });

  it("on K3s the chart's default stays", () => {
    const defaults = componentOfChart(SPEGEL)!.release!.defaults!;
    expect(defaults({ name: "spegel", values: {}, distribution: "k3s" })).toEqual({});
  });
});
