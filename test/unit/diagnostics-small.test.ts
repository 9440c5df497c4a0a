// Issue 13's smaller diagnostics points: what a diagnostic names, where its secondary span points, and that it
// says how to fix the problem. Each case compiles a mutated copy of test/golden/spec/lab and reads the rendered
// diagnostic, as a user would see it.
import { describe, expect, it } from "vitest";
import { baseSpec } from "../support/base.js";
import { compileObject } from "../support/compile.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { positionOf } from "../../src/source.js";
import type { Diagnostic, Span } from "../../src/diagnostics/diagnostic.js";

type Mut = (s: any) => void;
const svc = (s: any, name: string) => s.services.find((x: any) => x.name === name);
const cluster = (s: any) => s.clusters[0];

function compile(m: Mut) {
  const s = baseSpec();
  m(s);
  return compileObject(s);
}
/** The one diagnostic of `code` the mutation gives. */
function only(m: Mut, code: string): Diagnostic {
  const found = compile(m).diagnostics.filter((d) => d.code === code);
  expect(found.map((d) => d.code)).toEqual([code]);
  return found[0]!;
}
const text = (sp: Span) => sp.file.text.slice(sp.start, sp.end);
const line = (sp: Span) => positionOf(sp.file, sp.start).line;
const rendered = (d: Diagnostic) => renderDiagnostic(d, { color: false });

describe("schema errors name the entity, not its list index", () => {
  it("a wrong type on a service says which service (cluster/namespace/name)", () => {
    const d = only((s) => (svc(s, "db").replicas = "x"), "PC0201");
    expect(d.message).toBe('`replicas` of service `main/data/db` must be an integer, found the string "x"');
    expect(rendered(d)).not.toMatch(/services\[/);
  });

  it("an unknown field on a node says which node of which cluster", () => {
    const d = only((s) => (cluster(s).nodes[1].capacity.memry = "1Gi"), "PC0202");
    expect(d.message).toBe("unknown field `memry` in `capacity` of node `cp2` of cluster `main`");
    expect(d.help).toBe("did you mean `memory`?");
  });

  it("a bound broken below a service keeps the inner path but names the service; the namespace's cluster when the service names none", () => {
    const d = only((s) => (svc(s, "web").flows[0].label = "l".repeat(257)), "PC0206");
    expect(d.message).toBe("`flows[0].label` of service `main/apps/web` must be at most 256 characters long");
  });

  it("a missing required field says what to add where", () => {
    const d = only((s) => delete svc(s, "db").storage[0].mountPath, "PC0203");
    expect(d.message).toBe("missing required field `mountPath` in `storage[0]` of service `main/data/db`");
    expect(d.help).toBe("add `mountPath:` to `storage[0]` of service `main/data/db`");
  });
});

describe("flow targets: did-you-mean across namespaces and external endpoints", () => {
  it("`to: nas` where nas is an external endpoint says to write external:nas", () => {
    const d = only((s) => (svc(s, "api").flows[1].to = "nas"), "PC0301");
    expect(d.help).toBe("`nas` is an external endpoint: write `to: external:nas`");
  });

  it("`to: external:api` where api is a service of the namespace says to drop the prefix", () => {
    const d = only((s) => (svc(s, "web").flows[0].to = "external:api"), "PC0301");
    expect(d.help).toBe("`api` is a service: write `to: api`");
  });

  it("a bare name of a service in another namespace says which namespace to write", () => {
    const d = only((s) => (svc(s, "web").flows[0] = { to: "db" }), "PC0301");
    expect(d.help).toBe("service `db` is in another namespace: write `data/db`");
  });

  it("a bare name misspelling a service of another namespace suggests it with its namespace", () => {
    const d = only((s) => (svc(s, "web").flows[0] = { to: "dbb" }), "PC0301");
    expect(d.help).toBe("did you mean `data/db`?");
  });

  it("a misspelled service in a base namespace instantiated per environment suggests the instances that resolve", () => {
    const d = only((s) => {
      s.environments = [{ name: "prod" }, { name: "staging" }];
      s.namespaces.find((n: any) => n.name === "data").environments = ["prod", "staging"];
      svc(s, "api").flows[0].to = "data/dbb";
    }, "PC0301");
    expect(d.help).toBe("did you mean `data-prod/db` or `data-staging/db`?");
  });

  it("a misspelled service in the same namespace still gets its did-you-mean first", () => {
    const d = only((s) => (svc(s, "web").flows[0].to = "apii"), "PC0301");
    expect(d.help).toBe("did you mean `api`?");
  });
});

describe("memory without a unit", () => {
  it("`memory: 16` on a node is an error that suggests 16Gi", () => {
    const d = only((s) => (cluster(s).nodes[0].capacity.memory = 16), "PC0350");
    expect(d.severity).toBe("error");
    expect(d.message).toBe("memory of node `cp1` `16` is only 16 bytes");
    expect(d.help).toBe("did you mean `16Gi`? a memory quantity without a suffix counts bytes");
    expect(text(d.span!)).toBe("16");
  });

  it("node memory with a unit but far too small (16Mi) suggests Gi too", () => {
    const d = only((s) => (cluster(s).nodes[0].capacity.memory = "16Mi"), "PC0350");
    expect(d.help).toBe("did you mean `16Gi`?");
  });

  it("a memory request of \"256\" and a volume of 10 bytes are caught by the same parser", () => {
    const r = compile((s) => {
      svc(s, "web").resources.requests.memory = "256";
      svc(s, "db").storage[0].size = 10;
    });
    const found = r.diagnostics.filter((d) => d.code === "PC0350");
    expect(found.map((d) => d.help)).toEqual(["did you mean `256Mi`? a memory quantity without a suffix counts bytes", "did you mean `10Gi`? a memory quantity without a suffix counts bytes"]);
  });

  it("the lab's own quantities (16Gi, 256Mi, 10Gi) and a byte count that is large enough are accepted", () => {
    expect(compile(() => {}).codes).not.toContain("PC0350");
    expect(compile((s) => (svc(s, "web").resources.requests.memory = 268435456)).codes).not.toContain("PC0350");
  });
});

describe("a defaulted value's secondary span", () => {
  it("points at the name of the cluster that got the default pod CIDR, and says default", () => {
    const d = only((s) => s.networks.push({ name: "x", cidr: "10.42.7.0/24" }), "PC0401");
    expect(d.message).toBe("network `x` (10.42.7.0/24) overlaps pod CIDR 10.42.0.0/16 (the default) of cluster `main`");
    expect(d.related).toHaveLength(1);
    expect(text(d.related[0]!.span)).toBe("main");
    expect(d.related[0]!.message).toMatch(/default podCIDR/);
    expect(d.help).toBe("set podCIDR on cluster `main` to a range clear of the other, or move the other range");
  });

  it("a written pod CIDR keeps pointing at its value", () => {
    const d = only((s) => {
      cluster(s).podCIDR = "10.42.0.0/16";
      s.networks.push({ name: "x", cidr: "10.42.7.0/24" });
    }, "PC0401");
    expect(text(d.related[0]!.span)).toBe("10.42.0.0/16");
    expect(d.related[0]!.message).toBe("overlapped range");
  });
});

describe("\"first used here\" is the earlier of the two lines", () => {
  it("a node address equal to the network gateway: the gateway (earlier in the file) is first", () => {
    const d = only((s) => (cluster(s).nodes[0].address = "192.168.10.1"), "PC0406");
    expect(d.related[0]!.message).toBe("first used here");
    expect(line(d.related[0]!.span)).toBeLessThan(line(d.span!));
    expect(d.message).toBe("address 192.168.10.1 is used by the gateway of network `lan` and by node `cp1`");
    expect(d.help).toBe("give node `cp1` an address no node, VIP or gateway uses");
  });

  it("one NodePort on web and api: web comes first in the file though api sorts first by id", () => {
    const d = only((s) => {
      svc(s, "web").ports[0] = { ...svc(s, "web").ports[0], expose: "NodePort", nodePort: 30100 };
      svc(s, "api").ports[1].nodePort = 30100;
    }, "PC0502");
    expect(line(d.related[0]!.span)).toBeLessThan(line(d.span!));
    expect(d.message).toBe("NodePort 30100 is used by `main/apps/web` and by `main/apps/api` in cluster `main`");
  });
});

describe("PC0502, PC0301 and the other codes that reported without a fix say how to fix it", () => {
  it("PC0502 names the free range", () => {
    const d = only((s) => {
      svc(s, "db").ports[0] = { ...svc(s, "db").ports[0], expose: "NodePort", nodePort: 30100 };
      svc(s, "api").ports[1].nodePort = 30100;
    }, "PC0502");
    expect(d.help).toBe("drop nodePort from one of them and platformc allocates a free one, or pin another port in 30000-32767");
  });

  const fixes: Array<{ name: string; m: Mut; code: string; help: string }> = [
    { name: "PC0301 for a layer with no close match lists the cluster's layers", m: (s) => (cluster(s).gitops.layers[1].dependsOn = ["zzz"]), code: "PC0301", help: "layers of cluster `main`: infra, apps" },
    { name: "PC0301 for a placement node with no close match lists the nodes", m: (s) => (svc(s, "web").placement = { nodes: ["zzz"] }), code: "PC0301", help: "nodes of cluster `main`: cp1, cp2, cp3, w1" },
    { name: "PC0301 for a service's cluster lists the clusters", m: (s) => (svc(s, "web").cluster = "zzz"), code: "PC0301", help: "clusters: main" },
    { name: "PC0301 for a node's network lists the networks", m: (s) => (cluster(s).nodes[0].network = "zzz"), code: "PC0301", help: "networks: lan, tailnet" },
    { name: "PC0302 for a duplicate service", m: (s) => s.services.push({ ...svc(s, "web") }), code: "PC0302", help: "rename one of the two services, or move one into another namespace" },
    { name: "PC0503 for a repeated port number", m: (s) => svc(s, "web").ports.push({ name: "other", port: 8080 }), code: "PC0503", help: "give each port its own number, or drop the repeat" },
    { name: "PC0308 for routes on a cluster without ingress", m: (s) => delete cluster(s).ingress, code: "PC0308", help: "add ingress: { type, service } to cluster `main`, or drop the service's ingress:" },
    { name: "PC0705 for a placement no node matches", m: (s) => (svc(s, "web").placement = { nodeSelector: { disk: "nvme" } }), code: "PC0705", help: "loosen the placement, or label, untaint or add a node that matches it" },
    { name: "PC0801 for an exhausted pool", m: (s) => (cluster(s).loadBalancer.pools[0].addresses = ["192.168.10.200-192.168.10.200"]), code: "PC0801", help: "add addresses to pool `default`, or expose fewer services as LoadBalancer" },
    { name: "PC0802 for an exhausted NodePort range", m: (s) => { cluster(s).nodePortRange = "30000-30000"; svc(s, "web").ports[0].expose = "NodePort"; }, code: "PC0802", help: "widen the cluster's nodePortRange, or expose fewer ports as NodePort" },
    { name: "PC0704 for min above max", m: (s) => (svc(s, "api").autoscaling = { min: 4, max: 2 }), code: "PC0704", help: "swap them: autoscaling: { min: 2, max: 4 }" },
  ];
  for (const f of fixes) {
    it(f.name, () => {
      const found = compile(f.m).diagnostics.filter((d) => d.code === f.code);
      expect(found.map((d) => d.help)).toEqual([f.help]);
    });
  }
});

// Found by the fuzzer: yaml turns a value tagged `!!merge` into a Symbol, which reached the YAML writer as an
// internal error (exit 70). It is the user's YAML, so it is a located PC0101 instead.
describe("a value tagged !!merge", () => {
  it("is PC0101 at the value, with the fix, and no internal error", async () => {
    const { compileText } = await import("../support/compile.js");
    const YAML = (await import("yaml")).default;
    const text = YAML.stringify(baseSpec()).replace(/^services:\n/m, "x-note: !!merge false\nservices:\n");
    const r = compileText(text);
    expect(r.codes).toEqual(["PC0101"]);
    const d = r.diagnostics[0]!;
    expect(text.slice(d.span!.start, d.span!.end)).toBe("false");
    expect(d.help).toContain("!!merge");
  });
});

// Found by the fuzzer: `!!binary` in chart values became a Uint8Array, which freezing the graph could not take
// (exit 70). `!!timestamp`, `!!set` and `!!omap` make a Date, a Set and a Map: no more spec data than a Symbol.
describe("values tagged !!binary, !!timestamp, !!set or !!omap", () => {
  for (const [tag, value, at] of [
    ["!!binary", "!!binary dHJ1ZQ==", "dHJ1ZQ=="],
    ["!!timestamp", "!!timestamp 2026-12-04", "2026-12-04"],
    ["!!set", "!!set { a: null }", "{ a: null }"],
    ["!!omap", "!!omap [ a: 1 ]", "[ a: 1 ]"],
  ] as const) {
    it(`${tag} is PC0101 at the value, with the fix, and no internal error`, async () => {
      const { compileText } = await import("../support/compile.js");
      const YAML = (await import("yaml")).default;
      const text = YAML.stringify(baseSpec()).replace(/^services:\n/m, `x-note: ${value}\nservices:\n`);
      const r = compileText(text);
      expect(r.codes).toEqual(["PC0101"]);
      const d = r.diagnostics[0]!;
      expect(text.slice(d.span!.start, d.span!.end)).toBe(at);
      expect(d.help).toContain(tag);
    });
  }
});
