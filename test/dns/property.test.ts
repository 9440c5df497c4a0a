// Properties of the DNS output over random valid platforms: every ingress host resolves, through the emitted
// zone files alone (read back as text and resolved per RFC 1034/4592, CNAMEs and wildcards followed), to an
// address the platform's own load-balancer config serves its ingress controller on; and named-checkzone
// accepts every zone.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import YAML from "yaml";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dnsPlanArb, dnsSpec } from "./arbitrary.js";
import { compileObject } from "../support/compile.js";
import { requireTool } from "../support/tools.js";
import { parseZone, resolve, type Zone } from "./zone-text.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import type { Graph } from "../../src/graph.js";

function compileClean(spec: unknown): { files: Map<string, string>; graph: Graph } {
  const r = compileObject(spec);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !r.files || !r.graph) throw new Error(errors.map((d) => renderDiagnostic(d, { color: false })).join("\n") || "no output");
  return { files: new Map(r.files.map((f) => [f.path, f.content])), graph: r.graph };
}

function zonesOf(files: Map<string, string>): Zone[] {
  return [...files].filter(([p]) => /^dns\/.+\.zone$/.test(p)).map(([p, text]) => parseZone(text, p.slice(4, -5)));
}

/**
 * Where each cluster's ingress controller really answers, read from what the platform emits and declares:
 * the LoadBalancer IPs of its ports 80/443 in the generated inventory.yaml; with K3s ServiceLB (no LB IP), the
 * nodes ServiceLB runs on: those labelled svccontroller.k3s.cattle.io/enablelb=true, or all when none is.
 */
function servedAddresses(files: Map<string, string>, g: Graph): Map<string, Set<string>> {
  const inventory = YAML.parse(files.get("inventory.yaml")!) as { clusters: Array<{ name: string; services: Array<{ id: string; ports?: Array<{ port: number; expose: string; loadBalancerIP?: string }> }> }> };
  const out = new Map<string, Set<string>>();
  for (const c of g.clusters) {
    const ic = inventory.clusters.find((x) => x.name === c.name)!;
    const svc = ic.services.find((s) => s.id === c.ingress!.service)!;
    const set = new Set<string>();
    for (const p of svc.ports ?? []) if ((p.port === 80 || p.port === 443) && p.expose === "LoadBalancer" && p.loadBalancerIP) set.add(p.loadBalancerIP);
    if (c.loadBalancer?.type === "servicelb") {
      const labelled = c.nodes.filter((n) => n.labels["svccontroller.k3s.cattle.io/enablelb"] === "true");
      for (const n of labelled.length ? labelled : c.nodes) set.add(n.address.text);
    }
    out.set(c.name, set);
  }
  return out;
}

describe("DNS over random valid platforms", () => {
  it("every ingress host, alias and wildcard name resolves through the zone files to an address its ingress controller serves", () => {
    fc.assert(
      fc.property(dnsPlanArb, ({ plan, dns }) => {
        const d = dnsSpec(plan, dns);
        const { files, graph } = compileClean(d.spec);
        const zones = zonesOf(files);
        const served = servedAddresses(files, graph);
        let hosts = 0;
        for (const c of graph.clusters) for (const s of c.services) for (const r of s.ingress) {
          hosts++;
          const a = resolve(zones, r.host);
          expect(a.kind, `${r.host}: ${JSON.stringify(a)}`).toBe("answer");
          if (a.kind !== "answer") continue;
          for (const ip of a.addresses) expect(served.get(c.name)!.has(ip), `${r.host} -> ${ip}, served: ${[...served.get(c.name)!]}`).toBe(true);
        }
        for (const [alias, target] of d.aliases) {
          const a = resolve(zones, alias);
          expect(a.kind, `${alias}: ${JSON.stringify(a)}`).toBe("answer");
          expect(a.chain.length).toBeGreaterThan(1);
          expect(a).toEqual({ ...resolve(zones, target), chain: a.chain });
        }
        // A wildcard points at the cluster serving the zone's hosts; when two do (or none does), at the zone's cluster.
        for (const probe of d.wildcardProbes) {
          const zone = graph.zones.find((z) => probe === `zz-unused.${z.name}`)!;
          const mostSpecific = (host: string) => graph.zones.filter((z) => host.endsWith(`.${z.name}`)).sort((x, y) => y.name.length - x.name.length)[0];
          const hostClusters = graph.clusters.filter((c) => c.services.some((s) => s.ingress.some((r) => mostSpecific(r.host) === zone)));
          const owner = hostClusters.length === 1 ? hostClusters[0]!.name : (zone.cluster ?? graph.clusters[0]!.name);
          const a = resolve(zones, probe);
          expect(a.kind, `${probe}: ${JSON.stringify(a)}`).toBe("answer");
          if (a.kind === "answer") for (const ip of a.addresses) expect(served.get(owner)!.has(ip), `${probe} -> ${ip}, cluster ${owner} serves ${[...served.get(owner)!]}`).toBe(true);
        }
        // Without a wildcard, a name nothing declares must not resolve: the zones claim no more than the spec.
        if (!dns.wildcard) expect(resolve(zones, "zz-unused.prop.example.com").kind).toBe("nxdomain");
        return hosts >= 0;
      }),
      { numRuns: 40 },
    );
  });

  it("the zone files and the SOA serial are the same bytes for the same platform, whatever the order of its lists", () => {
    fc.assert(
      fc.property(dnsPlanArb, fc.integer(), ({ plan, dns }, seed) => {
        const d = dnsSpec(plan, dns);
        const a = compileClean(d.spec).files;
        const shuffled = structuredClone(d.spec);
        let x = seed;
        const rand = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
        for (const k of ["services", "namespaces"]) shuffled[k].sort(() => rand() - 0.5);
        const b = compileClean(shuffled).files;
        for (const [p, text] of a) if (p.startsWith("dns/") || p.startsWith("discovery/")) expect(b.get(p), p).toBe(text);
      }),
      { numRuns: 20 },
    );
  });

  const checkzone = requireTool("named-checkzone", "apt-get install bind9-utils", ["/usr/sbin/named-checkzone", "/usr/bin/named-checkzone"]);
  it.skipIf(!checkzone)("named-checkzone accepts every zone, without a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), "platformc-dns-prop-"));
    try {
      fc.assert(
        fc.property(dnsPlanArb, ({ plan, dns }) => {
          const { files } = compileClean(dnsSpec(plan, dns).spec);
          for (const [p, text] of files) {
            if (!/^dns\/.+\.zone$/.test(p)) continue;
            const origin = p.slice(4, -5);
            const file = join(dir, `${origin}.zone`);
            writeFileSync(file, text);
            // -i local: integrity checks without looking names up on the network; -k fail: check-names as named does.
            const out = execFileSync(checkzone!, ["-k", "fail", "-i", "local", origin, file], { encoding: "utf8" });
            expect(out).toMatch(new RegExp(`^zone ${origin.replace(/\./g, "\\.")}/IN: loaded serial \\d+\\nOK\\n$`));
          }
        }),
        { numRuns: 6 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
