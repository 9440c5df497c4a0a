// Flux sources that authenticate and reconcile themselves (issue 12, point 12). `flux bootstrap git --path=P`
// (fluxcd/flux2 v2.6.4, pkg/bootstrap/bootstrap_plain_git.go, pkg/manifestgen/sync/sync.go) commits P/flux-system/
// with gotk-components.yaml, gotk-sync.yaml and a kustomization.yaml listing both, where gotk-sync.yaml holds the
// GitRepository `flux-system` (secretRef: the Secret `flux-system` bootstrap creates) and the Kustomization
// `flux-system` with path ./P. kustomize-controller builds P with its kustomization.yaml if there is one; without
// one it generates one listing P's manifests and every subdirectory that holds a kustomization.yaml, not descending
// into it (fluxcd/pkg kustomize/kustomize_generator.go, scanManifests). The tests replay that on the emitted tree.
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { build, seedSpec, type Built } from "./world.js";

type Doc = Record<string, any>;

/** The emitted tree plus what `flux bootstrap --path=<path>` commits, as one file map. */
function repoAfterBootstrap(b: Built, repoPathOfOut: string, bootstrapPath: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of b.files) files.set(`${repoPathOfOut}/${f.path}`.replace(/^\//, ""), f.content);
  const sync = [
    { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", metadata: { name: "flux-system", namespace: "flux-system" }, spec: { interval: "1m0s", ref: { branch: "main" }, secretRef: { name: "flux-system" }, url: "ssh://git@example.com/repo" } },
    { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: { name: "flux-system", namespace: "flux-system" }, spec: { interval: "10m0s", path: `./${bootstrapPath}`, prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" } } },
  ];
  files.set(`${bootstrapPath}/flux-system/gotk-sync.yaml`, sync.map((d) => YAML.stringify(d)).join("---\n"));
  files.set(`${bootstrapPath}/flux-system/gotk-components.yaml`, YAML.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "flux-system" } }));
  files.set(`${bootstrapPath}/flux-system/kustomization.yaml`, YAML.stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["gotk-components.yaml", "gotk-sync.yaml"] }));
  return files;
}

function parse(content: string): Doc[] {
  return YAML.parseAllDocuments(content).map((d) => d.toJS() as Doc).filter((d) => d && d.kind);
}

/** What kustomize-controller applies for a Kustomization's path, as documents. */
function applies(files: Map<string, string>, dir: string): Doc[] {
  const k = files.get(`${dir}/kustomization.yaml`);
  if (k !== undefined) {
    return (YAML.parse(k).resources as string[]).flatMap((r) => {
      const p = `${dir}/${r}`;
      return files.has(p) ? parse(files.get(p)!) : applies(files, p);
    });
  }
  // Generated: the manifests of the directory, and of each subdirectory that has no kustomization.yaml; a
  // subdirectory that has one stands for its subtree.
  const out: Doc[] = [];
  const children = new Set<string>();
  for (const p of files.keys()) {
    if (!p.startsWith(`${dir}/`)) continue;
    const rest = p.slice(dir.length + 1);
    if (!rest.includes("/")) {
      if (p.endsWith(".yaml")) out.push(...parse(files.get(p)!));
    } else children.add(rest.split("/")[0]!);
  }
  for (const child of [...children].sort()) out.push(...applies(files, `${dir}/${child}`));
  return out;
}

/** Every Flux Kustomization reconciled from the flux-system one, each with the Kustomization that applies it. */
function reconciled(files: Map<string, string>, entry: string): Array<{ by: string; k: Doc }> {
  const out: Array<{ by: string; k: Doc }> = [];
  const queue: Array<{ name: string; path: string }> = [{ name: "flux-system", path: entry }];
  const seen = new Set<string>();
  while (queue.length) {
    const { name, path } = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const d of applies(files, path.replace(/^\.\//, ""))) {
      if (d.kind !== "Kustomization" || !String(d.apiVersion).startsWith("kustomize.toolkit.fluxcd.io")) continue;
      out.push({ by: name, k: d });
      queue.push({ name: d.metadata.name, path: d.spec.path });
    }
  }
  return out;
}

for (const platform of ["bluerobin", "elysium", "monosense"]) {
  describe(`${platform}: Flux reads the repository through bootstrap's source and reconciles itself`, () => {
    const b = build(seedSpec(platform));
    const all = b.files.filter((f) => f.path.endsWith(".yaml")).flatMap((f) => parse(f.content).map((d) => ({ file: f.path, d })));

    for (const c of b.graph.clusters.filter((x) => x.gitops?.tool === "flux")) {
      const readme = b.files.find((f) => f.path === `nodes/${c.name}/README.md`)!.content;
      const line = readme.split("\n").find((l) => l.startsWith("flux bootstrap "));
      // gitops.path is where out/<platform>/clusters/<c> sits in the repository
      const outInRepo = c.gitops!.path.slice(0, c.gitops!.path.length - `clusters/${c.name}`.length).replace(/\/$/, "");

      it(`${c.name}: the README bootstraps Flux at the cluster's gitops directory, from the spec's repository and branch`, () => {
        expect(line, "a flux bootstrap command").toBeDefined();
        expect(/--path=(\S+)/.exec(line!)![1]).toBe(`${outInRepo}/clusters/${c.name}/gitops`);
        expect(/--url=(\S+)/.exec(line!)![1]).toBe(c.gitops!.repo);
        expect(/--branch=(\S+)/.exec(line!)![1]).toBe(c.gitops!.branch);
      });

      it(`${c.name}: no GitRepository without credentials; every Kustomization reads bootstrap's flux-system source`, () => {
        const mine = all.filter(({ file }) => file.startsWith(`clusters/${c.name}/`));
        expect(mine.filter(({ d }) => d.kind === "GitRepository" && !d.spec?.secretRef)).toEqual([]);
        const ks = mine.filter(({ d }) => d.kind === "Kustomization" && String(d.apiVersion).startsWith("kustomize.toolkit.fluxcd.io"));
        expect(ks.length).toBeGreaterThan(0);
        for (const { d } of ks) {
          expect(d.metadata.namespace).toBe("flux-system");
          expect(d.spec.sourceRef).toEqual({ kind: "GitRepository", name: "flux-system" });
        }
      });

      it(`${c.name}: after bootstrap, flux-system reconciles its own directory and every layer, each once`, () => {
        const bootstrapPath = /--path=(\S+)/.exec(line!)![1]!;
        const files = repoAfterBootstrap(b, outInRepo, bootstrapPath);
        const entry = applies(files, bootstrapPath);
        // Flux upgrades itself from git: bootstrap's own objects are in what flux-system applies
        expect(entry.some((d) => d.kind === "Kustomization" && d.metadata.name === "flux-system")).toBe(true);
        expect(entry.some((d) => d.kind === "GitRepository" && d.metadata.name === "flux-system")).toBe(true);
        const ks = reconciled(files, bootstrapPath);
        const names = ks.map((x) => x.k.metadata.name);
        expect(new Set(names).size).toBe(names.length);
        for (const l of c.layerOrder) expect(ks.find((x) => x.k.metadata.name === `layer.${l}`)?.by, `layer.${l}`).toBe("flux-system");
        // and the layers reach every Kustomize root of the cluster
        const paths = ks.map((x) => x.k.spec.path.replace(/^\.\//, ""));
        for (const f of b.files.filter((x) => x.path.startsWith(`clusters/${c.name}/namespaces/`) && x.path.endsWith("/kustomization.yaml") && !x.path.includes("/layers/"))) {
          expect(paths, f.path).toContain(`${outInRepo}/${f.path.slice(0, -"/kustomization.yaml".length)}`);
        }
      });
    }
  });
}
