// All problems in one run (issue 13): the schema's errors no longer hide lowering's, and lowering's no longer hide
// the checks'. What depends on a refused part is withheld, and nothing else.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";
import { compileObject, compileText } from "../support/compile.js";
import { planArb, specFromPlan } from "../support/arbitrary.js";
import { positionOf } from "../../src/source.js";

const svc = (s: any, name: string) => s.services.find((x: any) => x.name === name);
const lineOfSpan = (r: ReturnType<typeof compileText>, code: string) => {
  const d = r.diagnostics.find((x) => x.code === code)!;
  return positionOf(d.span!.file, d.span!.start).line;
};

describe("all problems in one run", () => {
  it("four independent mistakes (schema, schema, reference, check) are reported together", () => {
    const s = baseSpec();
    s.platform.domian = "typo.example.com"; // PC0202, an unknown key
    svc(s, "db").replicas = "two"; // PC0201 in a service
    svc(s, "web").flows.push({ to: "apps/apl", port: 8080 }); // PC0301, with a did-you-mean
    // PC0502: two services pin one NodePort, found by a check
    svc(s, "api").ports[1].nodePort = 30555;
    svc(s, "web").ports.push({ name: "admin", port: 9100, expose: "NodePort", nodePort: 30555 });
    const r = compileObject(s);
    expect(r.errors.sort()).toEqual(["PC0201", "PC0202", "PC0301", "PC0502"]);
    expect(r.files).toBeUndefined();
    const text = r.diagnostics.map((d) => d.help ?? "").join("\n");
    expect(text).toContain("did you mean `apps/api`?");
  });

  it("a reference error no longer hides the checks", () => {
    const s = baseSpec();
    svc(s, "web").flows.push({ to: "nosuch" });
    s.clusters[0].serviceCIDR = "192.168.10.0/25"; // overlaps the LAN: PC0401
    const r = compileObject(s);
    expect(r.errors.sort()).toEqual(["PC0301", "PC0401"]);
  });

  it("a refused service takes its dependents' reports with it: flows to it and the ingress it provides", () => {
    const s = baseSpec();
    svc(s, "api").replicas = "2"; // web flows to api
    svc(s, "traefik").ports = "80"; // the cluster's ingress controller; web has a route
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC0201", "PC0201"]);
  });

  it("a service whose name the schema refuses is still the target other services name", () => {
    const s = baseSpec();
    svc(s, "api").name = "API";
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC0205"]);
  });

  it("a refused node does not make its cluster look short of control planes", () => {
    const s = baseSpec();
    s.clusters[0].nodes[0].role = "boss";
    const r = compileObject(s);
    expect(r.codes).toEqual(["PC0204"]);
  });

  it("later diagnostics point at the original lines although earlier entries were cut", () => {
    const s = baseSpec();
    s.services[0].ports = 5; // traefik, the first service: cut
    svc(s, "db").flows = [{ to: "nowhere" }]; // the last service, now one index earlier in what lowering sees
    const text = YAML.stringify(s);
    const r = compileText(text);
    expect(r.errors).toEqual(["PC0201", "PC0301"]);
    const lines = text.split("\n");
    expect(lines[lineOfSpan(r, "PC0301") - 1]).toMatch(/to: nowhere/);
  });

  it("a refused field of the platform itself leaves nothing to go on: only the schema's errors", () => {
    const s = baseSpec();
    s.platform.domain = 5;
    svc(s, "web").flows.push({ to: "nosuch" });
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC0201"]);
  });

  it("random platforms: one refused service or node costs exactly its own error; a reference error elsewhere still shows", () => {
    fc.assert(
      fc.property(planArb, fc.nat(), fc.boolean(), fc.boolean(), (plan, pick, nodeNotService, misspell) => {
        const spec = specFromPlan(plan);
        const clean = compileObject(spec);
        expect(clean.errors).toEqual([]);
        const broken = structuredClone(spec);
        if (nodeNotService) {
          const nodes = broken.clusters[pick % broken.clusters.length].nodes;
          nodes[pick % nodes.length].address = 5;
        } else broken.services[pick % broken.services.length].replicas = "many";
        const expected = ["PC0201"];
        if (misspell) {
          const other = broken.services.find((x: any, i: number) => i !== pick % broken.services.length && x.kind !== "bundled");
          if (other) {
            (other.flows ??= []).push({ to: `${other.cluster}/${other.namespace}/nosuch`, port: 80 });
            expected.push("PC0301");
          }
        }
        const r = compileObject(broken);
        expect(r.errors.sort()).toEqual(expected);
        // No warning about the rest that the clean platform does not have too.
        const cleanWarnings = new Set(clean.codes);
        expect(r.codes.filter((c) => !r.errors.includes(c) && !cleanWarnings.has(c))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
