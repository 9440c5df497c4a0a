// The reconciliation check must be able to fail: each case breaks one thing in a seed's emitted tree, the way a
// generator bug would, and expects the finding that names it (on top of whatever the untouched tree reports).
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { compileText } from "../support/compile.js";
import { reconcile, formatFindings } from "../support/reconcile/index.js";

const specRoot = path.join(import.meta.dirname, "..", "..", "spec");
type File = { path: string; content: string };

function seed(name: string) {
  const r = compileText(fs.readFileSync(path.join(specRoot, name, "platform.yaml"), "utf8"), `spec/${name}/platform.yaml`);
  expect(r.errors).toEqual([]);
  return { graph: r.graph!, files: r.files! as File[] };
}

/** The findings a change adds. */
function added(name: string, change: (files: File[]) => File[]): string[] {
  const b = seed(name);
  const before = new Set(formatFindings(reconcile(b).problems));
  return formatFindings(reconcile({ graph: b.graph, files: change(b.files.map((f) => ({ ...f }))) }).problems).filter((x) => !before.has(x));
}

const edit = (files: File[], p: string, f: (docs: any[]) => any[]) =>
  files.map((x) => (x.path === p ? { ...x, content: f(YAML.parseAllDocuments(x.content).map((d) => d.toJS())).map((d) => YAML.stringify(d)).join("---\n") } : x));

describe("the reconciliation check finds", () => {
  it("a CRD nothing installs: monosense's crds root without cert-manager's manifest", () => {
    const got = added("monosense", (fs) => edit(fs, "clusters/infra/crds/crds/kustomization.yaml", ([k]) => [{ ...k, resources: [] }]));
    expect(got.some((x) => x.includes("ClusterIssuer letsencrypt-prod") && x.includes("no installer"))).toBe(true);
  });

  it("an installer not ordered before its users: monosense's layer core no longer waits for layer crds", () => {
    const got = added("monosense", (fs) => edit(fs, "clusters/infra/gitops/layers/layers.yaml", (docs) => docs.map((d) => (d.metadata?.name === "layer.core" ? { ...d, spec: { ...d.spec, dependsOn: [] } } : d))));
    expect(got.some((x) => x.includes("[infrastructure]") && x.includes("not certain to be ready"))).toBe(true);
  });

  it("a namespace nothing creates: elysium's cert-manager root without its Namespace", () => {
    const got = added("elysium", (fs) => edit(fs, "clusters/kyrion/namespaces/cert-manager/kustomization.yaml", ([k]) => [{ ...k, resources: k.resources.filter((r: string) => r !== "namespace.yaml") }]));
    expect(got.some((x) => x.includes("namespace cert-manager is created by nothing"))).toBe(true);
  });

  it("a chart's own traffic denied: elysium's policy admitting the API server to cert-manager's webhook removed", () => {
    const file = "clusters/kyrion/namespaces/cert-manager/network-policies.yaml";
    const got = added("elysium", (fs) => edit(fs, file, (docs) => docs.filter((d) => d.metadata?.name !== "cert-manager-webhook-allow-ingress")));
    expect(got.some((x) => x.includes("kube-apiserver -> webhook") && x.includes("TCP/10250 is denied"))).toBe(true);
  });

  it("an object with two installers: elysium's cert-manager Namespace applied by a second root too", () => {
    const got = added("elysium", (fs) =>
      edit(fs, "clusters/kyrion/namespaces/n8n/kustomization.yaml", ([k]) => [{ ...k, resources: [...k.resources, "../cert-manager/namespace.yaml"] }]),
    );
    expect(got.some((x) => x.includes("/Namespace//cert-manager is applied by"))).toBe(true);
  });

  it("a route to a Service that exists nowhere, and a Middleware that does not", () => {
    const b = seed("axiomlayer");
    const file = b.files.find((f) => /kind: IngressRoute\b/.test(f.content) && f.content.includes("middlewares"))!;
    expect(file).toBeDefined();
    const got = added("axiomlayer", (fs) =>
      edit(fs, file.path, (docs) =>
        docs.map((d) => (d.kind === "IngressRoute" ? { ...d, spec: { ...d.spec, routes: d.spec.routes.map((r: any) => ({ ...r, services: [{ name: "nothing-here", port: 80 }], middlewares: [{ name: "no-such-middleware" }] })) } } : d)),
      ),
    );
    expect(got.some((x) => x.includes("Service") && x.includes("/nothing-here exists nowhere"))).toBe(true);
    expect(got.some((x) => x.includes("/no-such-middleware exists nowhere"))).toBe(true);
  });
});
