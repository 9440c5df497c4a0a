// The proof: over random valid platforms, the connections the generated policies allow — computed by the
// evaluator from the YAML files written to disk and read back — are exactly the declared flows plus the
// documented implicit ones (DNS, ingress controller, monitoring), for every ordered pair of endpoints (the
// Kubernetes API server of each cluster counted as a destination only) and
// every port and protocol. Nothing missing, nothing extra; under plain Kubernetes semantics and, on Cilium
// clusters, under Cilium's (local-cluster default, and the older all-clusters default where only
// CiliumNetworkPolicies are emitted).
import { describe, expect, it, afterAll } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileNetpol } from "./compile.js";
import { emitPlatform } from "../../src/emit/index.js";
import { Evaluator } from "../support/netpol-eval.js";
import { readTree } from "../support/tree.js";
import { netPlanArb, netSpec } from "./arbitrary.js";
import { buildModel, disagreements, expected, policiesFromFiles } from "./model.js";
import type { Graph } from "../../src/graph.js";
import { layout, namespaceFile, namespaceResources } from "../../src/plan/layout.js";

const root = mkdtempSync(join(tmpdir(), "platformc-netpol-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Compiles, writes out/<platform>/ into a temporary directory, and reads the policy files back. */
function compileAndReadBack(spec: unknown): { graph: Graph; files: Array<{ path: string; content: string }> } {
  const r = compileNetpol(spec, undefined, ["PC1119", "PC1120", "PC1121", "PC1202", "PC1204", "PC1209"]);
  const out = mkdtempSync(join(root, "run-"));
  emitPlatform(out, r.graph.platform.name, r.files);
  const files = Object.entries(readTree(join(out, r.graph.platform.name)))
    .filter(([path]) => path.endsWith("network-policies.yaml"))
    .map(([path, content]) => ({ path, content }));
  rmSync(out, { recursive: true, force: true });
  return { graph: r.graph, files };
}

describe("allowed connections == declared + implicit flows", () => {
  it("holds on random platforms", () => {
    let k8sRuns = 0;
    let ciliumRuns = 0;
    fc.assert(
      fc.property(netPlanArb, ({ plan, net }) => {
        const { graph, files } = compileAndReadBack(netSpec(plan, net));
        // exactly the files the namespace roots' kustomizations list
        const listed = graph.clusters.flatMap((c) => c.namespaces.filter((ns) => namespaceResources(graph, c, ns).includes(namespaceFile.networkPolicies)).map((ns) => `${layout.namespace(c, ns)}/${namespaceFile.networkPolicies}`));
        expect(files.map((f) => f.path).sort()).toEqual(listed.sort());
        const policies = policiesFromFiles(graph, files);
        const model = buildModel(graph);
        const standard = graph.clusters.every((c) => c.cni.name !== "cilium" || c.cni.policy !== "cilium");
        const cilium = graph.clusters.every((c) => c.cni.name === "cilium");
        if (standard) {
          k8sRuns++;
          const ev = new Evaluator(model.world, policies, { kind: "kubernetes" });
          expect(disagreements(model, (a, b) => ev.allowed(a, b), expected(graph, model, "kubernetes"))).toEqual([]);
        }
        if (cilium) {
          ciliumRuns++;
          const ev = new Evaluator(model.world, policies, { kind: "cilium", defaultLocalCluster: true });
          expect(disagreements(model, (a, b) => ev.allowed(a, b), expected(graph, model, "cilium"))).toEqual([]);
          if (graph.clusters.every((c) => c.cni.policy === "cilium")) {
            const legacy = new Evaluator(model.world, policies, { kind: "cilium", defaultLocalCluster: false });
            expect(disagreements(model, (a, b) => legacy.allowed(a, b), expected(graph, model, "cilium"))).toEqual([]);
          }
        }
      }),
      { numRuns: 70 },
    );
    // both semantics were actually exercised
    expect(k8sRuns).toBeGreaterThan(10);
    expect(ciliumRuns).toBeGreaterThan(10);
  });
});
