// The API endpoint is served (issue 12, point 6): monosense's endpoint, which no patch held before, is the Talos
// VIP on every control-plane node's link; an endpoint address nothing serves is PC1114 (test/unit/diagnostics.test.ts).
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";

const repo = path.join(import.meta.dirname, "..", "..");
const monosense = () => YAML.parse(fs.readFileSync(path.join(repo, "spec", "monosense", "platform.yaml"), "utf8"));

describe("monosense: the API endpoint is held by Talos", () => {
  const r = compileObject(monosense());

  it("compiles, and each cluster's endpoint is its VIP", () => {
    expect(r.errors).toEqual([]);
    for (const c of r.graph!.clusters) expect(c.apiEndpoint.host).toBe(c.apiEndpoint.vip?.text);
  });

  it("every control-plane node's patch puts the VIP on its link", () => {
    for (const c of r.graph!.clusters) {
      for (const n of c.nodes.filter((x) => x.role === "controlplane")) {
        const f = r.files!.find((x) => x.path === `nodes/${c.name}/${n.name}/patch.yaml`)!;
        expect(f.content, n.name).toContain(`ip: "${c.apiEndpoint.vip!.text}"`);
      }
    }
  });

  it("the endpoint written only as a host, as before, is refused", () => {
    const spec = monosense();
    for (const c of spec.clusters) c.apiEndpoint = { host: c.apiEndpoint.vip };
    const bad = compileObject(spec);
    expect(bad.errors).toEqual(["PC1114", "PC1114"]);
  });
});
