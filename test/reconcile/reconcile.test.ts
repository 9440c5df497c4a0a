// The reconciliation check (test/support/reconcile) over every platform under spec/ and over random platforms:
// applied layer by layer as Flux or Argo CD would, every object is served, every namespace and reference exists,
// nothing has two installers, and every catalogued release's own traffic is allowed.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileText } from "../support/compile.js";
import { reconcile, formatFindings } from "../support/reconcile/index.js";
import { planArb, specFromPlan } from "../support/arbitrary.js";
import YAML from "yaml";

const specRoot = path.join(import.meta.dirname, "..", "..", "spec");
const seeds = fs.readdirSync(specRoot).filter((d) => fs.existsSync(path.join(specRoot, d, "platform.yaml"))).sort();

describe("reconciliation of the platforms under spec/", () => {
  for (const name of seeds) {
    it(`${name} comes up layer by layer`, () => {
      const file = `spec/${name}/platform.yaml`;
      const r = compileText(fs.readFileSync(path.join(specRoot, name, "platform.yaml"), "utf8"), file);
      expect(r.errors).toEqual([]);
      const out = reconcile({ graph: r.graph!, files: r.files! });
      if (out.unverified.length) console.warn(`${name}: ${out.unverified.length} references the catalog cannot confirm:\n  ${formatFindings(out.unverified).join("\n  ")}`);
      expect(formatFindings(out.problems)).toEqual([]);
    });
  }
});

// Random valid platforms (test/support/arbitrary.ts), half of their clusters wired to Flux and half to Argo CD.
describe("reconciliation of random platforms", () => {
  it("every random platform comes up", { timeout: 240_000 }, () => {
    fc.assert(
      fc.property(planArb, fc.boolean(), fc.array(fc.constantFrom("none", "chart-crds", "manifest-crds"), { minLength: 2, maxLength: 2 }), (plan, argoFirst, certManager) => {
        const spec = specFromPlan(plan);
        spec.clusters.forEach((c: any, i: number) => {
          c.gitops = { tool: (i % 2 === 0) === argoFirst ? "argocd" : "flux", repo: "https://git.example.com/prop.git", branch: "main" };
          // cert-manager with an ACME issuer, its CRDs from the chart or (crds.enabled false) from its manifest
          const cm = certManager[i % 2];
          if (cm === "none") return;
          c.ingress.certIssuer = "letsencrypt";
          c.ingress.acme = { email: "ops@prop.example.com", solver: "http01" };
          spec.namespaces.push({ name: "cert-manager", cluster: c.name });
          spec.services.push({
            name: "cert-manager",
            namespace: "cert-manager",
            cluster: c.name,
            kind: "helm",
            chart: { repo: "https://charts.jetstack.io", name: "cert-manager", version: "v1.17.2", values: { crds: { enabled: cm === "chart-crds" } } },
          });
          for (const s of spec.services) if (s.cluster === c.name && s.ingress) s.ingress = s.ingress.map((r: any) => ({ ...r, tls: true }));
        });
        const r = compileText(YAML.stringify(spec));
        expect(r.errors).toEqual([]);
        if (certManager.slice(0, spec.clusters.length).includes("manifest-crds")) expect(r.files!.some((f) => f.content.includes("cert-manager.crds.yaml"))).toBe(true);
        const out = reconcile({ graph: r.graph!, files: r.files! });
        expect(formatFindings(out.problems).filter((x) => !process.env.RECONCILE_IGNORE || !x.includes(process.env.RECONCILE_IGNORE))).toEqual([]);
      }),
      { numRuns: 60, seed: 12 },
    );
  });
});
