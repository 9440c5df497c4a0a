// Argo CD sync waves that gate (issue 12, point 12): an app of apps waits for a child Application only if Argo CD
// assesses Applications' health, which it stopped doing in 1.8; the argocd-cm Lua check restores it. It must be in
// every install path of Argo CD with the same values: the bootstrap `helm install` of the node README and the
// Application that owns the argo-cd release afterwards (else its first sync resets what the bootstrap set).
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { build, docs, seedSpec, type Built } from "./world.js";

// argoproj/argo-cd docs/operator-manual/health.md at v3.0.11 (the appVersion of argo-cd chart 8.1.3), "Argocd App".
const HEALTH_KEY = "resource.customizations.health.argoproj.io_Application";
const HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs`;

function text(b: Built, path: string): string {
  const f = b.files.find((x) => x.path === path);
  expect(f, path).toBeDefined();
  return f!.content;
}

function allDocs(b: Built): Array<Record<string, any>> {
  return b.files.filter((f) => f.path.endsWith(".yaml")).flatMap((f) => docs(b, f.path)).filter((d) => d);
}

/** The Application that installs the argo-cd chart (argo-helm charts/argo-cd). */
function argoRelease(b: Built): Record<string, any> | undefined {
  return allDocs(b).find((d) => d.kind === "Application" && d.spec?.source?.chart === "argo-cd");
}

/** `helm install <release> <chart> [--version v] --namespace ns ... --values file` of the node README. */
function helmInstall(readme: string): { release: string; version?: string; namespace: string; values: string } {
  const line = readme.split("\n").find((l) => /^helm install \S+ \S*argo-cd/.test(l));
  expect(line, "the README installs Argo CD").toBeDefined();
  const [, release] = /^helm install (\S+)/.exec(line!)!;
  return {
    release: release!,
    version: /--version (\S+)/.exec(line!)?.[1],
    namespace: /--namespace (\S+)/.exec(line!)![1]!,
    values: /--values (\S+)/.exec(line!)![1]!,
  };
}

for (const platform of ["axiomlayer", "todoapp"]) {
  describe(`${platform}: Argo CD assesses Applications' health in every install path`, () => {
    const spec = seedSpec(platform);
    const b = build(spec);
    const cluster = b.graph.clusters.find((c) => c.gitops?.tool === "argocd")!;
    const readme = text(b, `nodes/${cluster.name}/README.md`);

    it("the bootstrap installs Argo CD from the README with a values file beside it, holding the health check", () => {
      const install = helmInstall(readme);
      const values = docs(b, `nodes/${cluster.name}/${install.values}`)[0]!;
      expect(values.configs.cm[HEALTH_KEY].trim()).toBe(HEALTH_LUA);
    });

    it("the Application that owns the release carries exactly the bootstrap values, under the same release and version", () => {
      const install = helmInstall(readme);
      const app = argoRelease(b)!;
      expect(app).toBeDefined();
      expect(app.spec.source.helm.releaseName).toBe(install.release);
      expect(app.spec.destination.namespace).toBe(install.namespace);
      expect(app.spec.source.targetRevision).toBe(install.version);
      expect(app.spec.source.helm.valuesObject).toEqual(docs(b, `nodes/${cluster.name}/${install.values}`)[0]);
    });

    it("the README installs Argo CD before it applies the root Application, whose children carry sync waves", () => {
      const lines = readme.split("\n");
      const install = lines.findIndex((l) => l.startsWith("helm install"));
      const root = lines.findIndex((l) => l.startsWith("kubectl apply -k") && l.endsWith(`clusters/${cluster.name}/gitops`));
      expect(install).toBeGreaterThan(-1);
      expect(root).toBeGreaterThan(install);
      const layers = docs(b, `clusters/${cluster.name}/gitops/layers/layers.yaml`);
      expect(layers.map((a) => a.metadata.annotations["argocd.argoproj.io/sync-wave"])).toEqual(layers.map((_, i) => String(i)));
    });

    it("the spec's own argo-cd values reach both paths, laid over the health check key by key", () => {
      const s2 = seedSpec(platform);
      const svc = s2.services.find((s: any) => s.chart?.name === "argo-cd");
      svc.chart.values = { configs: { cm: { "exec.enabled": true } }, server: { replicas: 2 } };
      const b2 = build(s2);
      const values = docs(b2, `nodes/${cluster.name}/argocd-values.yaml`)[0]!;
      expect(values.configs.cm[HEALTH_KEY].trim()).toBe(HEALTH_LUA);
      expect(values.configs.cm["exec.enabled"]).toBe(true);
      expect(values.server).toEqual({ replicas: 2 });
      expect(argoRelease(b2)!.spec.source.helm.valuesObject).toEqual(values);
    });
  });
}

// argo-cd 8.1.3 runs argocd-server with TLS on its one port, redirecting plain HTTP to HTTPS; behind an ingress that
// terminates TLS and forwards HTTP (axiomlayer's Traefik route to argocd-server:80 -> 8080) that redirect loops
// forever. Argo CD's ingress guide: run the API server with TLS disabled (configs.params server.insecure).
describe("Argo CD behind the cluster's ingress serves plain HTTP to it", () => {
  it("axiomlayer (routed by Traefik): server.insecure in the bootstrap values and the Application alike", () => {
    const b = build(seedSpec("axiomlayer"));
    const cluster = b.graph.clusters.find((c) => c.gitops?.tool === "argocd")!;
    const values = docs(b, `nodes/${cluster.name}/argocd-values.yaml`)[0]!;
    expect(values.configs.params).toEqual({ "server.insecure": true });
    expect(argoRelease(b)!.spec.source.helm.valuesObject).toEqual(values);
  });

  it("todoapp (a NodePort, no route): the server keeps its TLS", () => {
    const b = build(seedSpec("todoapp"));
    const cluster = b.graph.clusters.find((c) => c.gitops?.tool === "argocd")!;
    expect(docs(b, `nodes/${cluster.name}/argocd-values.yaml`)[0]!.configs.params).toBeUndefined();
  });

  it("the spec's own configs.params wins", () => {
    const s2 = seedSpec("axiomlayer");
    s2.services.find((s: any) => s.chart?.name === "argo-cd").chart.values = { configs: { params: { "server.insecure": false } } };
    const b = build(s2);
    const cluster = b.graph.clusters.find((c) => c.gitops?.tool === "argocd")!;
    expect(docs(b, `nodes/${cluster.name}/argocd-values.yaml`)[0]!.configs.params).toEqual({ "server.insecure": false });
  });
});

describe("Argo CD that no service of the spec installs", () => {
  it("is still installed with the health check, and the README says nothing in git keeps the release", () => {
    // test/golden/spec/argo: an Argo CD cluster whose spec declares no argo-cd release
    const b = build(YAML.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "golden", "spec", "argo", "platform.yaml"), "utf8")));
    const cluster = b.graph.clusters.find((c) => c.gitops?.tool === "argocd")!;
    const readme = text(b, `nodes/${cluster.name}/README.md`);
    const install = helmInstall(readme);
    expect(install.namespace).toBe("argocd");
    expect(docs(b, `nodes/${cluster.name}/${install.values}`)[0]!.configs.cm[HEALTH_KEY].trim()).toBe(HEALTH_LUA);
    expect(readme).toContain("nothing in git pins or keeps this release");
    expect(argoRelease(b)).toBeUndefined();
  });
});
