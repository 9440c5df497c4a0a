// The checks that guard node configs, on seed-shaped platforms: mesh identity, the VIP, node addresses.
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { mixedTalosSpec, seed001Spec } from "./support.js";

const render = (spec: unknown) => {
  const r = compileObject(spec);
  return { codes: r.codes, text: r.diagnostics.map((d) => renderDiagnostic(d, { color: false })).join("\n") };
};

describe("checks on Talos platforms", () => {
  it("seed 001 and the mixed cluster compile without a diagnostic", () => {
    expect(render(seed001Spec()).text).toBe("");
    expect(render(mixedTalosSpec("v1.13.9")).text).toBe("");
  });

  it("two clusters of one mesh with one cluster id: PC0706 names both", () => {
    const s = seed001Spec();
    s.clusters[1].mesh.id = 1;
    const r = render(s);
    expect(r.codes).toEqual(["PC0706"]);
    expect(r.text).toContain("clusters `infra` and `apps` in mesh `monosense` share cluster id 1");
  });

  it("a VIP on a node address (PC0406), in a load-balancer pool (PC0407), off the nodes' network (PC0402)", () => {
    const onNode = seed001Spec();
    onNode.clusters[0].apiEndpoint.vip = "10.25.11.12";
    expect(render(onNode).codes).toEqual(["PC0406"]);
    const inPool = seed001Spec();
    inPool.clusters[0].apiEndpoint.vip = "10.25.11.210";
    expect(render(inPool).codes).toEqual(["PC0407"]);
    const offNet = seed001Spec();
    offNet.clusters[0].apiEndpoint.vip = "10.99.0.5";
    expect(render(offNet).codes).toContain("PC0402");
  });

  it("node addresses inside the declared subnets: outside its network (PC0402), the network address (PC1109)", () => {
    const outside = mixedTalosSpec("v1.13.9");
    outside.clusters[0].nodes[4].network = "lan";
    outside.clusters[0].nodes[4].address = "192.168.21.22";
    expect(render(outside).codes).toEqual(["PC0402"]);
    const networkAddress = mixedTalosSpec("v1.13.9");
    networkAddress.clusters[0].nodes[3].addresses[0].address = "10.30.0.0";
    const r = render(networkAddress);
    expect(r.codes).toEqual(["PC1109"]);
    expect(r.text).toContain("10.30.0.0 is the network address of network `storage` (10.30.0.0/24)");
  });

  it("labels a Talos worker may not set on itself are errors; a control plane's are not", () => {
    const s = mixedTalosSpec("v1.13.9");
    s.clusters[0].nodes[0].labels = { "node-role.kubernetes.io/storage": "" };
    expect(render(s).codes).toEqual([]);
    s.clusters[0].nodes[3].labels = { "node-role.kubernetes.io/gpu": "" };
    expect(render(s).codes).toEqual(["PC1105"]);
  });
});
