// Properties over random platforms. Each names the promise it checks; the numbers of runs keep the file
// around ten seconds on a two-core machine.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import YAML from "yaml";
import { planArb, specFromPlan, shuffleKeys } from "../support/arbitrary.js";
import { compileObject, compileText } from "../support/compile.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { preferredSlot } from "../../src/allocate.js";
import { rangesOverlap, rangeContains } from "../../src/lib/net/ip.js";
import type { Graph } from "../../src/graph.js";

function clean(spec: any) {
  const r = compileObject(spec);
  if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => renderDiagnostic(d, { color: false })).join("\n"));
  return r;
}

function allocations(g: Graph): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of g.clusters) {
    if (c.mesh) m.set(`mesh:${c.name}`, String(c.mesh.id));
    for (const s of c.services) for (const p of s.ports) {
      if (p.nodePort !== undefined) m.set(`np:${s.id}:${p.name}`, String(p.nodePort));
      if (p.loadBalancerIP) m.set(`lb:${s.id}:${p.name}`, p.loadBalancerIP.text);
    }
  }
  return m;
}

describe("(1) random valid platforms", () => {
  it("compile without diagnostics, and nothing that must be disjoint collides after allocation", () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const { graph } = clean(specFromPlan(plan));
        const g = graph!;
        for (const c of g.clusters) {
          // platformc invents no node pod CIDR: the cluster assigns them as nodes join
          expect(c.nodes.filter((n) => n.podCIDR)).toEqual([]);
          const nodePorts = new Set<number>();
          const lb = new Set<string>();
          const nodeAddrs = new Set(g.clusters.flatMap((x) => x.nodes.map((n) => n.address.text)));
          for (const s of c.services) for (const p of s.ports) {
            if (p.expose === "NodePort") {
              expect(p.nodePort).toBeGreaterThanOrEqual(c.nodePortRange.min);
              expect(p.nodePort).toBeLessThanOrEqual(c.nodePortRange.max);
              expect(nodePorts.has(p.nodePort!)).toBe(false);
              nodePorts.add(p.nodePort!);
            }
            if (p.expose === "LoadBalancer") {
              const ip = p.loadBalancerIP!;
              expect(nodeAddrs.has(ip.text)).toBe(false);
              expect(c.loadBalancer!.pools.some((pool) => pool.addresses.some((a) => rangeContains(a.range, { family: ip.family, start: ip.value, end: ip.value })))).toBe(true);
              const key = `${ip.text}:${p.port}/${p.protocol}`;
              expect(lb.has(key)).toBe(false);
              lb.add(key);
            }
          }
          const routes = c.services.flatMap((s) => s.ingress.map((r) => r.host + r.path));
          expect(new Set(routes).size).toBe(routes.length);
        }
        // meshed clusters get distinct ids
        const ids = g.clusters.filter((c) => c.mesh).map((c) => c.mesh!.id);
        expect(new Set(ids).size).toBe(ids.length);
        const ranges = g.clusters.flatMap((c) => [c.podCIDR.range, c.serviceCIDR.range]);
        for (let i = 0; i < ranges.length; i++) for (let j = i + 1; j < ranges.length; j++) expect(rangesOverlap(ranges[i]!, ranges[j]!)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

describe("(2) injecting one collision gives exactly its code", () => {
  const injections: Array<{ code: string; apply: (s: any) => boolean }> = [
    {
      code: "PC0401",
      apply: (s) => {
        s.clusters[0].serviceCIDR = s.clusters[0].podCIDR.replace(/\.0\.0\/16$/, ".128.0/17");
        return true;
      },
    },
    {
      code: "PC0406",
      apply: (s) => {
        s.clusters[0].nodes[1].address = s.clusters[0].nodes[0].address;
        return true;
      },
    },
    {
      code: "PC0502",
      apply: (s) => {
        const nps = s.services.flatMap((x: any) => x.ports.filter((p: any) => p.nodePort !== undefined));
        const other = s.services.find((x: any) => x.kind !== "bundled" && x.ports.some((p: any) => p.nodePort === undefined));
        if (nps.length === 0 || !other) return false;
        const port = other.ports.find((p: any) => p.nodePort === undefined);
        if (other.ports.includes(nps[0])) return false;
        if (other.cluster !== s.services.find((x: any) => x.ports.includes(nps[0])).cluster) return false;
        port.expose = "NodePort";
        port.nodePort = nps[0].nodePort;
        return true;
      },
    },
    {
      code: "PC0506",
      apply: (s) => {
        const withIngress = s.services.filter((x: any) => x.ingress && x.cluster === "c0");
        const other = s.services.find((x: any) => x.cluster === "c0" && x.kind !== "bundled" && !x.ingress);
        if (withIngress.length === 0 || !other) return false;
        other.ingress = [{ host: withIngress[0].ingress[0].host, port: other.ports[0].name }];
        return true;
      },
    },
    {
      code: "PC0503",
      apply: (s) => {
        const svc = s.services.find((x: any) => x.kind !== "bundled");
        if (!svc) return false;
        svc.ports.push({ ...svc.ports[0], name: "dup" });
        return true;
      },
    },
  ];
  for (const inj of injections) {
    it(inj.code, () => {
      fc.assert(
        fc.property(planArb, (plan) => {
          const spec = specFromPlan(plan);
          fc.pre(inj.apply(spec));
          const r = compileObject(spec);
          expect(r.errors).toEqual([inj.code]);
        }),
        { numRuns: 25 },
      );
    });
  }
});

describe("(3) mutations of a valid file", () => {
  const values = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  function paths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
    const out = [prefix];
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
    return out;
  }
  it("never throw: every outcome is diagnostics", () => {
    fc.assert(
      fc.property(planArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "replace", "duplicate"), values), { minLength: 1, maxLength: 4 }), (plan, muts) => {
        const spec = specFromPlan(plan);
        for (const [pick, op, value] of muts) {
          const all = paths(spec).filter((p) => p.length > 0);
          const path = all[pick % all.length]!;
          const parent = path.slice(0, -1).reduce((o: any, k) => o[k], spec);
          const key = path[path.length - 1]!;
          if (op === "delete") Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key];
          else if (op === "replace") parent[key] = value;
          else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
        }
        const r = compileObject(spec);
        for (const d of r.diagnostics) expect(d.message).not.toMatch(/undefined|NaN|\[object Object\]/);
      }),
      { numRuns: 150 },
    );
  });
  it("never throw on garbage text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        compileText(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe("(4) allocation stability", () => {
  it("adding an unrelated service whose preferred slots are free moves no existing allocation", () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom("NodePort" as const, "LoadBalancer" as const), (plan, expose) => {
        const spec = specFromPlan(plan);
        const before = allocations(clean(spec).graph!);
        const g0 = clean(spec).graph!;
        const c = g0.clusters[0]!;
        const id = `${c.name}/ns0/newcomer`;
        // The documented guarantee holds when the newcomer's preferred slot is free.
        if (expose === "NodePort") {
          const size = BigInt(c.nodePortRange.max - c.nodePortRange.min + 1);
          const pref = Number(preferredSlot(`${id}:p1234`, size)) + c.nodePortRange.min;
          fc.pre(![...before.entries()].some(([k, v]) => k.startsWith("np:") && k.includes(`${c.name}/`) && v === String(pref)));
        } else {
          fc.pre(c.services.filter((s) => s.ports.some((p) => p.expose === "LoadBalancer")).length < 200);
          const pool = c.loadBalancer!.pools[0]!;
          const size = pool.addresses[0]!.range.end - pool.addresses[0]!.range.start - 1n;
          const slot = preferredSlot(id, size);
          const ip = pool.addresses[0]!.range.start + 1n + slot;
          const text = `192.168.${Number((ip >> 8n) & 255n)}.${Number(ip & 255n)}`;
          fc.pre(![...before.values()].includes(text));
        }
        spec.services.push({ name: "newcomer", namespace: "ns0", cluster: c.name, image: "x:1", ports: [{ name: "p1234", port: 1234, expose }] });
        const after = allocations(clean(spec).graph!);
        for (const [k, v] of before) expect(after.get(k), k).toBe(v);
      }),
      { numRuns: 60 },
    );
  });
  it("adding a node moves no NodePort, LoadBalancer IP or mesh id, and gives no node a pod CIDR", () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const spec = specFromPlan(plan);
        const before = allocations(clean(spec).graph!);
        const c = spec.clusters[0];
        c.nodes.push({ name: `${c.name}-extra`, role: "worker", address: "192.168.1.250" });
        const g = clean(spec).graph!;
        expect(allocations(g)).toEqual(before);
        expect(g.clusters.flatMap((x) => x.nodes).filter((n) => n.podCIDR)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("(5) determinism", () => {
  it("output is byte-identical across builds and under reordering of mapping keys", () => {
    fc.assert(
      fc.property(planArb, fc.integer(), (plan, seed) => {
        const spec = specFromPlan(plan);
        let x = seed | 1;
        const rand = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x / 0x80000000);
        const a = clean(spec).files!;
        const b = compileText(YAML.stringify(shuffleKeys(spec, rand))).files!;
        expect(b).toEqual(a);
        for (const f of a) {
          expect(f.content.endsWith("\n")).toBe(true);
          expect(f.content).not.toContain("\r");
        }
      }),
      { numRuns: 40 },
    );
  });
});
