// The Kubernetes trees, checked by the real consumers. Every platform under spec/ and the fixtures of
// test/support/k8s-fixtures.ts is compiled with all registered generators into a temporary directory (out/
// is the integrator's); then, for each cluster:
//  - kubectl kustomize builds every kustomization directory, one call per root;
//  - every object of every build validates against its schema (kubernetes-models with a strictness layer,
//    the reference CRD schemas), and an object of a kind without a schema fails;
//  - every kustomization.yaml validates against SchemaStore's Kustomization schema;
//  - an environment instance's overlay builds to exactly the objects of rendering the instance directly;
//  - the GitOps objects point at every root exactly once, and at nothing else;
//  - no object (group, kind, namespace, name) is applied twice in the cluster.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { requireTool } from "../support/tools.js";
import { referenceDir, createValidator, createKustomizationValidator } from "../support/k8s-validate.js";
import { compileText, compileObject, type Compiled } from "../support/compile.js";
import { K8S_FIXTURES } from "../support/k8s-fixtures.js";
import { GENERATORS } from "../../generators/index.js";
import { layout, namespaceResources } from "../../src/plan/layout.js";
import { clusterRoots } from "../../src/plan/roots.js";
import { crdBundleAt } from "../../src/catalog/index.js";
import { namespaceRootObjects } from "../../generators/kustomize/index.js";
import type * as G from "../../src/graph.js";

const run = promisify(execFile);
const kubectl = requireTool("kubectl", "https://kubernetes.io/docs/tasks/tools/");
const reference = referenceDir();
const specRoot = join(dirname(new URL(import.meta.url).pathname), "../../spec");

// Files other generators write into namespace roots; a root listing one of them can only build when that
// generator is registered (the integrator runs this test with all of them).
const FOREIGN = new Map([["network-policies.yaml", "netpol"], ["dns-endpoints.yaml", "dns"]]);
const registered = new Set(GENERATORS.map((g) => g.name));

interface Platform {
  name: string;
  compiled: Compiled;
}

function platforms(): Platform[] {
  const out: Platform[] = [];
  for (const dir of readdirSync(specRoot).sort()) {
    const file = join(specRoot, dir, "platform.yaml");
    if (existsSync(file)) out.push({ name: `spec/${dir}`, compiled: compileText(readFileSync(file, "utf8"), `spec/${dir}/platform.yaml`) });
  }
  for (const [name, make] of Object.entries(K8S_FIXTURES)) out.push({ name: `fixture ${name}`, compiled: compileObject(make()) });
  return out;
}

async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function strip(o: unknown): unknown {
  return JSON.parse(JSON.stringify(o));
}

const objectKey = (o: any) => `${String(o.apiVersion).includes("/") ? String(o.apiVersion).split("/")[0] : "core"}/${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

describe.skipIf(!kubectl || !reference)("Kubernetes trees under kubectl kustomize and the schemas", () => {
  const all = platforms();
  for (const p of all) {
    it(`${p.name}: every root builds, validates, and applies each object once`, { timeout: 300_000 }, async () => {
      expect(p.compiled.errors, "compiles without errors").toEqual([]);
      const g = p.compiled.graph!;
      const dir = mkdtempSync(join(tmpdir(), "platformc-k8s-"));
      try {
        for (const f of p.compiled.files!) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.content);
        }
        const validate = createValidator(reference!);
        const validateKustomization = createKustomizationValidator(reference!);
        const roots = p.compiled.files!.filter((f) => f.path.endsWith("/kustomization.yaml")).map((f) => dirname(f.path));
        expect(roots.length).toBeGreaterThan(0);
        const problems: string[] = [];
        const skipped: string[] = [];
        const buildable: string[] = [];
        for (const root of roots) {
          const k = YAML.parse(readFileSync(join(dir, root, "kustomization.yaml"), "utf8"));
          for (const e of validateKustomization(k)) problems.push(`${root}/kustomization.yaml: ${e}`);
          // Remote resources are catalogued CRD manifests pinned to a version (src/plan/crd-bundles.ts); the GitOps
          // controller fetches them, this machine cannot, so the root is built without them.
          const remote = (k.resources as string[]).filter((r) => /^https?:\/\//.test(r));
          for (const url of remote) if (!crdBundleAt(url)) problems.push(`${root}: lists ${url}, which is no CRD manifest the catalog knows`);
          if (remote.length) {
            k.resources = (k.resources as string[]).filter((r) => !remote.includes(r));
            writeFileSync(join(dir, root, "kustomization.yaml"), YAML.stringify(k));
          }
          const missing = (k.resources as string[]).filter((r) => !existsSync(join(dir, root, r)));
          const unowned = missing.filter((r) => !FOREIGN.has(r) || registered.has(FOREIGN.get(r)!));
          if (unowned.length) problems.push(`${root}: lists missing ${unowned.join(", ")}`);
          else if (missing.length) skipped.push(root);
          else buildable.push(root);
        }
        if (skipped.length) console.warn(`${p.name}: ${skipped.length} roots list files of generators not registered yet; not built: ${skipped.join(", ")}`);
        const built = new Map<string, any[]>();
        await pool(buildable, 2, async (root) => {
          try {
            const { stdout } = await run(kubectl!, ["kustomize", join(dir, root)], { maxBuffer: 256 * 1024 * 1024 });
            built.set(root, YAML.parseAllDocuments(stdout).map((d) => d.toJS()).filter((o) => o));
          } catch (e) {
            problems.push(`${root}: kubectl kustomize failed: ${(e as { stderr?: string }).stderr ?? String(e)}`);
          }
        });
        for (const [root, objects] of built) for (const o of objects) for (const e of validate.validate(o)) problems.push(`${root}: ${o.metadata?.namespace ?? ""}/${o.metadata?.name}: ${e}`);
        expect(problems).toEqual([]);

        for (const c of g.clusters) {
          // Environment overlays build to the direct rendering of the instance.
          for (const ns of c.namespaces.filter((n) => n.environment)) {
            const root = layout.namespace(c, ns);
            const objects = built.get(root);
            if (!objects) continue;
            const own = objects.filter((o) => !["NetworkPolicy", "CiliumNetworkPolicy", "DNSEndpoint"].includes(o.kind));
            const expected = strip(namespaceRootObjects(g, c, ns)) as any[];
            const byKey = (list: any[]) => new Map(list.map((o) => [objectKey(o), o]));
            expect(byKey(own), `${root} builds to the instance`).toEqual(byKey(expected));
          }
          // GitOps objects name every root once (the cluster's own roots, by path).
          const applied = clusterRoots(g, c).map((r) => r.path);
          if (c.gitops) {
            const referenced: string[] = [];
            const base = c.gitops.path.replace(/^\.?\/+/, "").replace(/\/+$/, "");
            for (const [root, objects] of built) {
              if (!root.startsWith(`${layout.gitops(c)}`)) continue;
              for (const o of objects) {
                const path: string | undefined = o.kind === "Kustomization" ? o.spec.path : o.kind === "Application" && o.spec.source?.path ? o.spec.source.path : undefined;
                if (path === undefined) continue;
                const rel = path.replace(/^\.\//, "");
                expect(rel.startsWith(base), `${path} is inside the cluster's tree`).toBe(true);
                referenced.push(`${layout.cluster(c)}${rel.slice(base.length)}`);
              }
            }
            const rootRefs = referenced.filter((r) => !r.startsWith(layout.gitops(c)));
            expect([...rootRefs].sort()).toEqual([...applied].sort());
            // and the GitOps tree's own levels: every generated root is reachable
            for (const r of referenced) expect(roots, `${r} exists`).toContain(r);
          }
          // Nothing is applied twice: walk every root GitOps applies (bases are applied through overlays only).
          const seen = new Map<string, string>();
          const dupes: string[] = [];
          const appliedRoots = [...applied, ...roots.filter((r) => r.startsWith(layout.gitops(c)))];
          for (const root of appliedRoots) {
            for (const o of built.get(root) ?? []) {
              const key = objectKey(o);
              const first = seen.get(key);
              if (first) dupes.push(`${key} in ${first} and ${root}`);
              else seen.set(key, root);
            }
          }
          expect(dupes).toEqual([]);
          // Namespace roots list exactly what layout.namespaceResources says.
          for (const ns of c.namespaces) {
            const k = YAML.parse(readFileSync(join(dir, layout.namespace(c, ns), "kustomization.yaml"), "utf8"));
            expect(k.resources).toEqual(namespaceResources(g, c, ns));
          }
        }
        expect(validate.seen.size).toBeGreaterThan(0);
        console.log(`${p.name}: ${built.size} roots built, kinds: ${[...validate.seen].sort().join("; ")}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

// The checker itself must be able to fail, or the test above proves nothing.
describe.skipIf(!reference)("the object validator", () => {
  const v = reference ? createValidator(reference) : undefined;
  const deployment = () => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "x", namespace: "y" },
    spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "x", image: "x" }] } } },
  });
  it("accepts a valid core object and a valid custom resource", () => {
    expect(v!.validate(deployment())).toEqual([]);
    expect(v!.validate({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "p", namespace: "m" }, spec: { addresses: ["10.0.0.0/28"] } })).toEqual([]);
  });
  it("rejects unknown fields at any depth, wrong types, unknown kinds", () => {
    const d1: any = deployment();
    d1.spec.replica = 2;
    expect(v!.validate(d1).join()).toContain("/spec/replica: unknown field");
    const d2: any = deployment();
    d2.spec.template.spec.containers[0].securityContext = { runAsNonRot: true };
    expect(v!.validate(d2).join()).toContain("securityContext/runAsNonRot: unknown field");
    const d3: any = deployment();
    d3.spec.replicas = "2";
    expect(v!.validate(d3).join()).toContain("replicas");
    expect(v!.validate({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }).join()).toContain("unknown kind");
    expect(v!.validate({ apiVersion: "v1", kind: "Widget", metadata: { name: "w" } }).join()).toContain("unknown kind");
    expect(v!.validate({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "p", namespace: "m" }, spec: { addresses: [] }, extra: 1 }).join()).toContain("/extra: unknown field");
    expect(v!.validate({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "p", namespace: "m", labelz: {} }, spec: { addresses: [] } }).join()).toContain("/metadata/labelz: unknown field");
    expect(v!.validate({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "a" }, spec: { project: "default", destination: {}, sourc: {} } }).join()).toContain("sourc");
  });
});
