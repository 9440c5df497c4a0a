// The catalog's naming rules for Helm releases, against the charts' templates: a release name that does not
// contain the chart's name gets it appended (the `fullname` rule of cert-manager, argo-cd and authentik; GitLab
// always prefixes), values that rename or switch off workloads are honoured, and a chart Service a spec service
// would collide with is reported like any other object-name collision (PC1007).
import { describe, expect, it } from "vitest";
import { COMPONENTS, componentOfChart, primarySelector } from "../../src/catalog/index.js";
import { compileObject } from "../support/compile.js";
import { seedSpec } from "./world.js";

function serviceNames(chart: { repo: string; name: string }, release: string, values: unknown = {}): string[] {
  return componentOfChart(chart)!.release!.services.map((s) => s.name({ name: release, values }));
}

const ARGO = { repo: "https://argoproj.github.io/argo-helm", name: "argo-cd" };
const AUTHENTIK = { repo: "https://charts.goauthentik.io", name: "authentik" };
const CERT_MANAGER = { repo: "https://charts.jetstack.io", name: "cert-manager" };
const GITLAB = { repo: "https://charts.gitlab.io", name: "gitlab" };

describe("chart Service names follow each chart's fullname rule", () => {
  it("argo-cd: argocd-server for a release containing argocd, <release>-argocd-server otherwise, fullnameOverride wins", () => {
    expect(serviceNames(ARGO, "argocd")).toEqual(["argocd-server"]);
    expect(serviceNames(ARGO, "my-argocd")).toEqual(["my-argocd-server"]);
    expect(serviceNames(ARGO, "cd")).toEqual(["cd-argocd-server"]);
    expect(serviceNames(ARGO, "cd", { fullnameOverride: "gitops" })).toEqual(["gitops-server"]);
    // nameOverride: "" falls back to the chart's name (`default .Chart.Name`)
    expect(serviceNames(ARGO, "cd", { nameOverride: "" })).toEqual(["cd-argo-cd-server"]);
  });

  it("authentik and cert-manager: the same rule; GitLab: always <release>-webservice-default", () => {
    expect(serviceNames(AUTHENTIK, "authentik")).toEqual(["authentik-server"]);
    expect(serviceNames(AUTHENTIK, "sso")).toEqual(["sso-authentik-server"]);
    expect(serviceNames(CERT_MANAGER, "cert-manager")).toEqual(["cert-manager-webhook"]);
    expect(serviceNames(CERT_MANAGER, "cm")).toEqual(["cm-cert-manager-webhook"]);
    expect(serviceNames(GITLAB, "gitlab")).toEqual(["gitlab-webservice-default"]);
    expect(serviceNames(GITLAB, "code")).toEqual(["code-webservice-default"]);
  });

  it("pod labels: argo-cd's name is <nameOverride, argocd>-<component>, whatever the release", () => {
    expect(primarySelector({ ...ARGO, values: {} }, "cd")).toEqual({ "app.kubernetes.io/name": "argocd-server", "app.kubernetes.io/instance": "cd" });
    expect(primarySelector({ ...ARGO, values: { server: { name: "api" } } }, "cd")).toEqual({ "app.kubernetes.io/name": "argocd-api", "app.kubernetes.io/instance": "cd" });
    expect(primarySelector({ ...CERT_MANAGER, values: {} }, "cm")).toEqual({ "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cm", "app.kubernetes.io/component": "controller" });
    expect(primarySelector({ repo: "https://example.com/charts", name: "argo-cd" }, "cd")).toBeUndefined();
  });

  it("every component with release facts names its sources and a primary workload it runs", () => {
    for (const c of COMPONENTS) {
      expect(c.sources.length, c.name).toBeGreaterThan(0);
      if (c.release) expect(c.release.workloads.map((w) => w.name), c.name).toContain(c.release.primary);
    }
  });
});

describe("values that switch workloads off", () => {
  it("Dex off: no Dex policies and no server -> Dex flow", () => {
    const spec = seedSpec("axiomlayer");
    spec.services.find((s: any) => s.name === "argocd").chart.values = { dex: { enabled: false } };
    const r = compileObject(spec);
    expect(r.errors).toEqual([]);
    const text = r.files!.find((f) => f.path === "clusters/homelab/namespaces/argocd/network-policies.yaml")!.content;
    expect(text).not.toContain("argocd-dex-server");
    expect(text).toContain("argocd-repo-server-allow-ingress");
  });
});

describe("a spec service named like a chart's object", () => {
  it("is PC1007, as any other collision of object names", () => {
    const spec = seedSpec("axiomlayer");
    spec.services.push({ name: "argocd-server", namespace: "argocd", image: "nginx:1.27", ports: [{ name: "http", port: 8080 }] });
    const r = compileObject(spec);
    expect(r.diagnostics.filter((d) => d.code === "PC1007").map((d) => d.message).join("\n")).toContain("argocd-server");
  });
});
