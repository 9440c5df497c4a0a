// The DNS building blocks (record data, names, reverse names) and the DNS checks on small variations of the
// base spec, beyond the one-fixture-per-code table in test/unit/diagnostics.test.ts.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";
import { compileObject } from "../support/compile.js";
import { dnsNameProblem, parseRdata, quoteString, reverseNames, rdataZoneText, type Rdata } from "../../src/plan/dns.js";
import { parseIP } from "../../src/lib/net/ip.js";
import { namespaceFile } from "../../src/plan/layout.js";
import { ENDPOINTS_PER_OBJECT } from "../../generators/dns/endpoints.js";
import { parseZone } from "./zone-text.js";

const ok = (type: Parameters<typeof parseRdata>[0], v: string): Rdata => {
  const p = parseRdata(type, v, "lab.example.com");
  if (!p.ok) throw new Error(p.reason);
  return p.rdata;
};
const bad = (type: Parameters<typeof parseRdata>[0], v: string): string => {
  const p = parseRdata(type, v, "lab.example.com");
  if (p.ok) throw new Error(`parsed: ${JSON.stringify(p.rdata)}`);
  return p.reason;
};

describe("record data", () => {
  it("parses every type in presentation form, names relative to the zone unless they end in a dot", () => {
    expect(rdataZoneText(ok("A", "192.168.1.10"))).toBe("192.168.1.10");
    expect(rdataZoneText(ok("AAAA", "FD00:0:0::1"))).toBe("fd00::1");
    expect(rdataZoneText(ok("CNAME", "web"))).toBe("web.lab.example.com.");
    expect(rdataZoneText(ok("CNAME", "@"))).toBe("lab.example.com.");
    expect(rdataZoneText(ok("CNAME", "Other.Example.ORG."))).toBe("other.example.org.");
    expect(rdataZoneText(ok("MX", "10 mail"))).toBe("10 mail.lab.example.com.");
    expect(rdataZoneText(ok("MX", "0 ."))).toBe("0 .");
    expect(rdataZoneText(ok("SRV", "10 5 5060 sip.example.org."))).toBe("10 5 5060 sip.example.org.");
    expect(rdataZoneText(ok("CAA", "0 issue letsencrypt.org"))).toBe('0 issue "letsencrypt.org"');
    expect(rdataZoneText(ok("CAA", '128 ISSUEWILD ";"'))).toBe('128 issuewild ";"');
    expect(rdataZoneText(ok("TXT", "hello world"))).toBe('"hello world"');
    expect(rdataZoneText(ok("TXT", '"a b" "c\\"d"'))).toBe('"a b" "c\\"d"');
    expect(rdataZoneText(ok("TXT", "caf\u00e9"))).toBe('"caf\\195\\169"');
  });

  it("rejects what a zone file cannot hold, saying why", () => {
    expect(bad("A", "fd00::1")).toContain("is an IPv6 address");
    expect(bad("A", "192.168.1.300")).toContain("not an IPv4 address");
    expect(bad("AAAA", "10.0.0.1")).toContain("is an IPv4 address");
    expect(bad("CNAME", "a b")).toContain("one domain name");
    expect(bad("CNAME", ".")).toContain("root name");
    expect(bad("MX", "70000 mail")).toContain("<preference 0-65535>");
    expect(bad("SRV", "1 2 mail")).toContain("<priority> <weight> <port> <target>");
    expect(bad("TXT", '"unterminated')).toContain("quoted strings");
    expect(bad("TXT", `"${"x".repeat(256)}"`)).toContain("at most 255 bytes");
    expect(bad("CAA", "issue letsencrypt.org")).toContain("<flags 0-255>");
    expect(bad("CAA", "0 issue lets encrypt")).toContain("quote");
  });

  it("splits long plain TXT into 255-byte strings without cutting a UTF-8 sequence", () => {
    const text = "é".repeat(200); // 400 bytes
    const rd = ok("TXT", text);
    expect(rd.kind === "txt" && rd.strings.map((s) => Buffer.byteLength(s))).toEqual([254, 146]);
    expect(rd.kind === "txt" && rd.strings.join("")).toBe(text);
  });

  it("quotes strings as a zone file reads them back", () => {
    const s = 'a "b" \\ c\u0001';
    const zone = parseZone(`$ORIGIN x.\n$TTL 1\n@ IN TXT ${quoteString(s)}\n`, "x");
    expect(zone.records[0]!.data).toEqual(['a "b" \\ c\u0001']);
  });
});

describe("names", () => {
  it("enforces 63-character labels and 253-character names", () => {
    expect(dnsNameProblem(`${"a".repeat(63)}.example.com`)).toBeUndefined();
    expect(dnsNameProblem(`${"a".repeat(64)}.example.com`)).toContain("at most 63");
    const name = (last: number) => ["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(last)].join(".");
    expect(name(61).length).toBe(253);
    expect(dnsNameProblem(name(61))).toBeUndefined();
    expect(dnsNameProblem(name(62))).toContain("254 characters long; a name has at most 253");
  });

  it("allows a wildcard only as the first label of an owner, and host names only where BIND wants them", () => {
    expect(dnsNameProblem("*.example.com", { wildcard: true })).toBeUndefined();
    expect(dnsNameProblem("*.example.com")).toContain("not allowed");
    expect(dnsNameProblem("a.*.example.com", { wildcard: true })).toContain("first label");
    expect(dnsNameProblem("_acme-challenge.example.com")).toBeUndefined();
    expect(dnsNameProblem("_acme-challenge.example.com", { host: true })).toContain("check-names");
    expect(dnsNameProblem("a..example.com")).toContain("empty label");
    expect(dnsNameProblem("a b.example.com")).toContain("characters other than");
  });

  it("reverse names: IPv4 in its /24 zone, IPv6 in nibbles of its /64 zone", () => {
    const addr = (t: string) => {
      const p = parseIP(t);
      if (!p.ok) throw new Error(p.reason);
      return { text: t, family: p.family, value: p.value };
    };
    expect(reverseNames(addr("192.168.10.11"))).toEqual({ name: "11.10.168.192.in-addr.arpa", zone: "10.168.192.in-addr.arpa" });
    expect(reverseNames(addr("2001:db8::567:89ab"))).toEqual({
      name: "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
      zone: "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
    });
  });
});

function compile(mutate: (s: any) => void) {
  const s = baseSpec();
  // keep the base free of others' warnings that do not concern DNS
  s.services.find((x: any) => x.name === "api").resources = { requests: { cpu: "100m", memory: "128Mi" } };
  mutate(s);
  const r = compileObject(s);
  return { ...r, dnsCodes: r.codes.filter((c) => c.startsWith("PC06") || c.startsWith("PC13")), zone: (name: string) => r.files?.find((f) => f.path === `dns/${name}.zone`)?.content };
}

describe("DNS checks and zone content", () => {
  const second = (s: any) => {
    s.clusters.push({
      name: "edge",
      distribution: "k3s",
      podCIDR: "10.60.0.0/16",
      serviceCIDR: "10.61.0.0/16",
      loadBalancer: { type: "metallb", pools: [{ name: "default", addresses: ["192.168.10.230-192.168.10.240"] }] },
      ingress: { type: "traefik", service: "kube-system/traefik" },
      nodes: [1, 2, 3].map((i) => ({ name: `e${i}`, role: "controlplane", address: `192.168.10.${60 + i}` })),
    });
    for (const n of s.namespaces) n.cluster ??= "main";
    for (const x of s.services) x.cluster ??= "main";
    s.namespaces.push({ name: "kube-system", cluster: "edge", podSecurity: "privileged" }, { name: "apps", cluster: "edge" });
    s.services.push(
      { name: "traefik", namespace: "kube-system", cluster: "edge", kind: "bundled", ports: [{ name: "websecure", port: 443, expose: "LoadBalancer" }] },
      { name: "shop", namespace: "apps", cluster: "edge", image: "ghcr.io/example/shop:1", ports: [{ name: "http", port: 8080 }], ingress: [{ host: "shop" }] },
    );
  };

  it("a wildcard over hosts of two clusters needs the zone's cluster, which then decides", () => {
    const amb = compile((s) => {
      second(s);
      s.dns.zones[0].wildcard = true;
    });
    expect(amb.codes).toEqual(["PC1305"]);
    const picked = compile((s) => {
      second(s);
      Object.assign(s.dns.zones[0], { wildcard: true, cluster: "edge" });
    });
    expect(picked.errors).toEqual([]);
    const z = parseZone(picked.zone("lab.example.com")!, "lab.example.com");
    const shop = z.records.find((r) => r.name === "shop.lab.example.com")!.data[0];
    expect(z.records.find((r) => r.name === "*.lab.example.com")!.data).toEqual([shop]);
    expect(z.records.find((r) => r.name === "web.lab.example.com")!.data[0]).not.toBe(shop);
  });

  it("one host served by two clusters at different addresses is a conflict", () => {
    const r = compile((s) => {
      second(s);
      s.services.find((x: any) => x.name === "shop").ingress = [{ host: "web" }];
    });
    expect(r.dnsCodes).toEqual(["PC0601"]);
    expect(r.diagnostics.find((d) => d.code === "PC0601")!.message).toBe("web.lab.example.com A in zone `lab.example.com` is defined by ingress of cluster `main` and by ingress of cluster `edge`");
  });

  it("spec records of one name and type merge into one RRset, whichever entries they come in", () => {
    const r = compile((s) => {
      s.dns.zones[0].records = [
        { name: "mx", type: "A", values: ["192.168.10.30"] },
        { name: "mx", type: "A", values: ["192.168.10.31"], ttl: 60 },
      ];
    });
    expect(r.dnsCodes).toEqual([]);
    expect(r.zone("lab.example.com")).toMatch(/^mx +60 IN A 192\.168\.10\.30\nmx +60 IN A 192\.168\.10\.31$/m);
  });

  it("a spec record that agrees with an ingress host is no conflict", () => {
    const r = compile((s) => {
      s.dns.zones[0].records = [{ name: "web", type: "A", values: ["192.168.10.200"] }];
      s.services.find((x: any) => x.name === "traefik").ports.forEach((p: any) => (p.loadBalancerIP = "192.168.10.200"));
    });
    expect(r.dnsCodes).toEqual([]);
  });

  it("a CNAME at the apex clashes with SOA and NS", () => {
    const r = compile((s) => (s.dns.zones[0].records = [{ name: "@", type: "CNAME", values: ["other.example.org."] }]));
    expect(r.dnsCodes).toEqual(["PC0602"]);
    expect(r.diagnostics[0]!.message).toContain("the zone's SOA and NS records");
  });

  it("the default nameserver is ns1 when the records give it an address, else localhost", () => {
    const withNs1 = compile((s) => (s.dns.zones[0].records = [{ name: "ns1", type: "A", values: ["192.168.10.2"] }]));
    expect(withNs1.zone("lab.example.com")).toMatch(/^@ +300 IN NS ns1\.lab\.example\.com\.$/m);
    expect(withNs1.zone("lab.example.com")).toContain("IN SOA ns1.lab.example.com. hostmaster.lab.example.com. (");
    const without = compile(() => {});
    expect(without.zone("lab.example.com")).toMatch(/^@ +300 IN NS localhost\.$/m);
  });

  it("MX, SRV and NS targets that are CNAMEs are flagged", () => {
    const r = compile((s) => (s.dns.zones[0].records = [{ name: "alias", type: "CNAME", values: ["web"] }, { name: "@", type: "MX", values: ["10 alias"] }]));
    expect(r.dnsCodes).toEqual(["PC1310"]);
    expect(r.diagnostics[0]!.message).toBe("MX target alias.lab.example.com is an alias (CNAME)");
  });

  it("a relative name meant to be relative is no warning; one that ends in a TLD is", () => {
    expect(compile((s) => (s.dns.zones[0].records = [{ name: "lab2", type: "NS", values: ["ns.lab2"] }, { name: "ns.lab2", type: "A", values: ["192.168.10.3"] }])).dnsCodes).toEqual([]);
    expect(compile((s) => (s.dns.zones[0].records = [{ name: "docs", type: "CNAME", values: ["example.github.io"] }])).dnsCodes).toEqual(["PC1307"]);
  });

  it("an ingress host longer than 63 characters in a label is reported at the host", () => {
    const r = compile((s) => (s.services.find((x: any) => x.name === "web").ingress = [{ host: "w".repeat(64) }]));
    expect(r.dnsCodes).toEqual(["PC1301"]);
    expect(r.diagnostics.find((d) => d.code === "PC1301")!.message).toContain("host name");
  });

  it("TTL 0 is the provider's default in an external-dns zone, and too short in a bind zone", () => {
    expect(compile((s) => (s.dns.zones[0].ttl = 0)).dnsCodes).toEqual(["PC1302"]);
    const ext = compile((s) => {
      Object.assign(s.dns.zones[0], { ttl: 0, provider: "external-dns", cluster: "main" });
      s.services.push({ name: "external-dns", namespace: "apps", image: "registry.k8s.io/external-dns/external-dns:v0.15.1" });
    });
    expect(ext.dnsCodes).toEqual([]);
    const file = ext.files!.find((f) => f.path.endsWith("/dns-endpoints.yaml"))!;
    // recordTTL 0 would mean the same, but external-dns documents leaving it out
    expect(YAML.parse(file.content).spec.endpoints[0]).not.toHaveProperty("recordTTL");
  });
});

describe("DNSEndpoint placement and size", () => {
  it("is written exactly where the namespace's kustomization lists it, and split at the object limit", () => {
    const r = compile((s) => {
      Object.assign(s.dns.zones[0], { provider: "external-dns", cluster: "main" });
      s.dns.zones[0].records = Array.from({ length: ENDPOINTS_PER_OBJECT + 5 }, (_, i) => ({ name: `h${i}`, type: "A", values: [`10.0.${i >> 8}.${i & 255}`] }));
      s.services.push({ name: "external-dns", namespace: "data", image: "registry.k8s.io/external-dns/external-dns:v0.15.1" });
    });
    expect(r.errors).toEqual([]);
    const g = r.graph!;
    // their own root, applied after external-dns's (src/plan/roots.ts), lists them
    const listed: string[] = [];
    for (const f of r.files!) if (f.path.endsWith("/kustomization.yaml") && (YAML.parse(f.content.replace(/^#.*\n/, "")).resources ?? []).includes(namespaceFile.dnsEndpoints)) listed.push(f.path.replace("kustomization.yaml", namespaceFile.dnsEndpoints));
    const written = r.files!.filter((f) => f.path.endsWith(`/${namespaceFile.dnsEndpoints}`));
    expect(written.map((f) => f.path)).toEqual(listed);
    expect(listed).toEqual(["clusters/main/dns-endpoints/dns-endpoints.yaml"]);
    expect(YAML.parseAllDocuments(written[0]!.content)[0]!.toJS().metadata.namespace).toBe("data");
    const docs = YAML.parseAllDocuments(written[0]!.content).map((d) => d.toJS());
    expect(docs.map((d) => [d.metadata.name, d.spec.endpoints.length])).toEqual([
      ["lab.example.com", ENDPOINTS_PER_OBJECT],
      ["lab.example.com-2", 5 + 1], // the five left over, and web's ingress record
    ]);
  });
});
