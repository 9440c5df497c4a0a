// CRDs that a catalogued chart's values switch off are installed from the component's own release manifest
// (issue 12, point 3): monosense installs cert-manager with crds.enabled: false, meaning "CRDs come in Phase 1", and
// before this nothing installed them, so its ClusterIssuer and Certificates were "no matches for kind".
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";

const repo = path.join(import.meta.dirname, "..", "..");
const seed = (name: string) => YAML.parse(fs.readFileSync(path.join(repo, "spec", name, "platform.yaml"), "utf8"));
// cert-manager.io/docs/installation/helm: "kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/vX.Y.Z/cert-manager.crds.yaml"
const manifest = (v: string) => `https://github.com/cert-manager/cert-manager/releases/download/${v}/cert-manager.crds.yaml`;
// monosense's external-secrets 0.18.2 sets installCRDs: false too (src/catalog/external-secrets.ts: its getting-started guide's bundle)
const esBundle = "https://raw.githubusercontent.com/external-secrets/external-secrets/v0.18.2/deploy/crds/bundle.yaml";

function compiled(spec: unknown) {
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  const docs = (p: string) => {
    const f = r.files!.find((x) => x.path === p);
    return f ? YAML.parseAllDocuments(f.content).map((d) => d.toJS() as Record<string, any>) : undefined;
  };
  const all = r.files!.filter((f) => f.path.endsWith(".yaml")).flatMap((f) => YAML.parseAllDocuments(f.content).map((d) => ({ file: f.path, o: d.toJS() as Record<string, any> })));
  const flux = (name: string) => all.find((x) => x.o?.kind === "Kustomization" && x.o.apiVersion.startsWith("kustomize.toolkit") && x.o.metadata.name === name)?.o;
  return { files: r.files!, docs, all, flux };
}

describe("cert-manager's CRDs when its chart does not install them", () => {
  it("monosense: each cluster's crds layer applies the v1.17.2 manifest, and the ClusterIssuer's root waits for the layer", () => {
    const b = compiled(seed("monosense"));
    for (const cluster of ["infra", "apps"]) {
      const k = b.docs(`clusters/${cluster}/crds/crds/kustomization.yaml`);
      expect(k, `${cluster}: a crds root`).toBeDefined();
      // with the Gateway API's, which Cilium 1.17's Gateway controller needs (test/components/gateway-api.test.ts)
      expect(k![0]!.resources).toEqual([manifest("v1.17.2"), esBundle, "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.0/standard-install.yaml"]);
      // the root is applied by a shard of layer crds, and layer core (cert-manager, the issuer) depends on crds
      const shard = b.all.find((x) => x.file.startsWith(`clusters/${cluster}/gitops/layers/crds/`) && x.o?.kind === "Kustomization" && x.o.metadata?.name === "crds.crds");
      expect(shard, `${cluster}: layer crds applies the root`).toBeDefined();
      expect(shard!.o.spec.path).toMatch(new RegExp(`/clusters/${cluster}/crds/crds$`));
      const core = b.all.find((x) => x.file === `clusters/${cluster}/gitops/layers/layers.yaml` && x.o?.metadata?.name === "layer.core")!.o;
      expect(core.spec.dependsOn).toContainEqual({ name: "layer.crds" });
    }
  });

  it("a chart that installs its own CRDs gets no manifest (axiomlayer sets crds.enabled: true)", () => {
    const b = compiled(seed("axiomlayer"));
    expect(b.files.some((f) => f.path.includes("/crds/") && f.path.endsWith("kustomization.yaml") && !f.path.includes("/gitops/"))).toBe(false);
    expect(b.all.some((x) => JSON.stringify(x.o ?? {}).includes("cert-manager.crds.yaml"))).toBe(false);
  });

  it("with no layer marked installsCRDs, the manifest is a root of the release's own layer, and the issuer's root waits for it", () => {
    const spec = seed("monosense");
    for (const c of spec.clusters) for (const l of c.gitops?.layers ?? []) delete l.installsCRDs;
    const b = compiled(spec);
    for (const cluster of ["infra", "apps"]) {
      // cert-manager's namespace is in layer core, and so is the ClusterIssuer platformc writes for the ACME block
      const k = b.docs(`clusters/${cluster}/crds/core/kustomization.yaml`);
      expect(k?.[0]?.resources).toEqual([manifest("v1.17.2"), esBundle]);
      const infra = b.all.find((x) => x.file.startsWith(`clusters/${cluster}/gitops/layers/core/`) && x.o?.metadata?.name === "infrastructure");
      expect(infra, `${cluster}: the infrastructure root is in layer core`).toBeDefined();
      expect(infra!.o.spec.dependsOn).toContainEqual({ name: "crds.core" });
    }
  });
});
