// Every policy platformc emits validates against its schema: NetworkPolicy against kubernetes-models 4.5.1
// (the Kubernetes 1.33 OpenAPI) with unknown fields refused, CiliumNetworkPolicy against the Cilium 1.18 CRD
// schema of test/reference. Checked on the seed platforms and on random ones covering every dialect.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import YAML from "yaml";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { compileText } from "../support/compile.js";
import { compileNetpol } from "./compile.js";
import { createValidator, referenceDir } from "../support/k8s-validate.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { netPlanArb, netSpec } from "./arbitrary.js";
import type { OutputFile } from "../../src/emit/index.js";

const root = join(import.meta.dirname, "..", "..");
const reference = referenceDir();

function policyDocs(files: readonly OutputFile[]): Array<{ path: string; doc: any }> {
  return files
    .filter((f) => f.path.endsWith("/network-policies.yaml"))
    .flatMap((f) => f.content.split(/^---$/m).map((t) => ({ path: f.path, doc: YAML.parse(t) })));
}

function problems(files: readonly OutputFile[], validator: ReturnType<typeof createValidator>): string[] {
  const out: string[] = [];
  for (const { path, doc } of policyDocs(files)) {
    for (const e of validator.validate(doc)) out.push(`${path} ${doc?.metadata?.name}: ${e}`);
    // The namespace root decides where kustomize applies the object; the two must agree.
    const ns = /namespaces\/([^/]+)\//.exec(path)![1];
    if (doc.metadata.namespace !== ns) out.push(`${path} ${doc.metadata.name}: namespace ${doc.metadata.namespace}`);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(doc.metadata.name) || doc.metadata.name.length > 253) out.push(`${path}: bad name ${doc.metadata.name}`);
  }
  return out;
}

describe.skipIf(!reference)("network policies validate against their schemas", () => {
  const validator = createValidator(reference!);

  it("on the seed platforms", () => {
    const specs = readdirSync(join(root, "spec")).filter((d) => existsSync(join(root, "spec", d, "platform.yaml")));
    let count = 0;
    for (const d of specs) {
      const path = `spec/${d}/platform.yaml`;
      const r = compileText(readFileSync(join(root, path), "utf8"), path);
      if (!r.files) throw new Error(r.diagnostics.map((x) => renderDiagnostic(x, { color: false })).join("\n"));
      expect(problems(r.files, validator)).toEqual([]);
      count += policyDocs(r.files).length;
    }
    expect(count).toBeGreaterThan(0);
  });

  it("on random platforms, in every dialect", () => {
    const kinds = new Set<string>();
    for (const { plan, net } of fc.sample(netPlanArb, { numRuns: 12, seed: 42 })) {
      const r = compileNetpol(netSpec(plan, net), undefined, ["PC1119", "PC1120", "PC1121", "PC1202", "PC1204", "PC1209"]);
      expect(problems(r.files, validator)).toEqual([]);
      for (const { doc } of policyDocs(r.files)) kinds.add(doc.kind);
    }
    expect([...kinds].sort()).toEqual(["CiliumNetworkPolicy", "NetworkPolicy"]);
  });

  it("and the validator is not a rubber stamp", () => {
    const bad = [
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x", namespace: "y" }, spec: { podSelector: {}, policyTypes: ["Sideways"] } },
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x", namespace: "y" }, spec: { podSelector: {}, ingres: [] } },
      { apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name: "x", namespace: "y" }, spec: { endpointSelector: {}, ingress: [{ toPorts: [{ ports: [{ port: 80 }] }] }] } },
      { apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name: "x", namespace: "y" }, spec: { endpointSelector: {}, ingress: [{ fromCIDRs: ["10.0.0.0/8"] }] } },
    ];
    for (const doc of bad) expect(validator.validate(doc), JSON.stringify(doc)).not.toEqual([]);
  });
});
