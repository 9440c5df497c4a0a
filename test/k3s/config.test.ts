// K3s config.yaml: every key is a real `k3s server` / `k3s agent` flag for the node's role (checked against
// test/reference/k3s-config-keys.json), every value has the flag's type, and the configs say what the
// spec says, including seed 004's two control-plane nodes over Tailscale.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { compileObject } from "../support/compile.js";
import { baseSpec } from "../support/base.js";
import { planArb, specFromPlan } from "../support/arbitrary.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import type { Graph } from "../../src/graph.js";
import { parseCIDR, parseIP } from "../../src/lib/net/ip.js";

interface Flag {
  type: "string" | "bool" | "int" | "stringSlice" | "duration";
  deprecated?: boolean;
}
const keys = JSON.parse(readFileSync(join(process.env.PLATFORMC_REFERENCE ?? join(import.meta.dirname, "..", "reference"), "k3s-config-keys.json"), "utf8")) as {
  server: Record<string, Flag>;
  agent: Record<string, Flag>;
};

/** Problems of one config.yaml against the K3s flag table of its role; empty when K3s takes every key and value. */
function problems(cfg: Record<string, unknown>, role: "server" | "agent"): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(cfg)) {
    const flag = keys[role][k];
    if (!flag) {
      out.push(`${k} is not a k3s ${role} option`);
      continue;
    }
    if (flag.deprecated) out.push(`${k} is deprecated`);
    const ok =
      flag.type === "bool" ? typeof v === "boolean"
      : flag.type === "int" ? Number.isInteger(v)
      : flag.type === "stringSlice" ? typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"))
      : flag.type === "duration" ? typeof v === "string" && /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v)
      : typeof v === "string";
    if (!ok) out.push(`${k}: ${JSON.stringify(v)} is not a ${flag.type}`);
  }
  return out;
}

interface NodeConfig {
  cluster: string;
  node: string;
  role: "server" | "agent";
  cfg: Record<string, any>;
  text: string;
}

function configs(spec: unknown): { graph: Graph; nodes: NodeConfig[]; files: Map<string, string>; warnings: string[] } {
  const r = compileObject(spec);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => renderDiagnostic(d, { color: false }))).toEqual([]);
  const files = new Map((r.files ?? []).map((f) => [f.path, f.content]));
  const nodes: NodeConfig[] = [];
  for (const c of r.graph!.clusters) {
    if (c.distribution !== "k3s") continue;
    for (const n of c.nodes) {
      const text = files.get(`nodes/${c.name}/${n.name}/config.yaml`)!;
      expect(text, `${n.name} has a config`).toBeDefined();
      nodes.push({ cluster: c.name, node: n.name, role: n.role === "controlplane" ? "server" : "agent", cfg: parse(text), text });
    }
  }
  return { graph: r.graph!, nodes, files, warnings: r.diagnostics.filter((d) => d.severity === "warning").map((d) => renderDiagnostic(d, { color: false })) };
}

/** Seed 004: K3s v1.33.6 on four nodes, two of them control plane with embedded etcd, flannel over tailscale0, ServiceLB and the bundled Traefik. */
function seed004(): any {
  const ts = (address: string) => [{ address, interface: "tailscale0" }];
  return {
    apiVersion: "platformc.dev/v1alpha1",
    platform: { name: "axiomlayer", domain: "lab.axiomlayer.com" },
    networks: [
      { name: "lan", cidr: "192.168.1.0/24" },
      { name: "tailnet", kind: "overlay", cidr: "100.64.0.0/10" },
    ],
    clusters: [
      {
        name: "homelab",
        distribution: "k3s",
        version: "v1.33.6+k3s1",
        loadBalancer: { type: "servicelb" },
        ingress: { type: "traefik", service: "kube-system/traefik" },
        nodes: [
          { name: "neko", role: "controlplane", address: "192.168.1.167", addresses: ts("100.67.134.110"), flannelInterface: "tailscale0" },
          { name: "neko2", role: "controlplane", address: "192.168.1.103", addresses: ts("100.106.35.14"), flannelInterface: "tailscale0" },
          { name: "panther", role: "worker", address: "192.168.1.50", addresses: ts("100.79.124.94"), flannelInterface: "tailscale0", gpus: [{ vendor: "nvidia", model: "RTX 3050 Ti" }] },
          { name: "bobcat", role: "worker", arch: "arm64", address: "192.168.1.49", addresses: ts("100.121.67.60"), flannelInterface: "tailscale0" },
        ],
      },
    ],
    namespaces: [{ name: "kube-system", podSecurity: "privileged" }],
    services: [{ name: "traefik", namespace: "kube-system", kind: "bundled", ports: [{ name: "web", port: 80, expose: "LoadBalancer" }, { name: "websecure", port: 443, expose: "LoadBalancer" }] }],
  };
}

describe("every key is a K3s option of the node's role, with the type K3s expects", () => {
  it("the checker can fail: unknown keys, server keys on agents and wrong types are found", () => {
    expect(problems({ "cluster-cidr": ["10.42.0.0/16"] }, "agent")).toEqual(["cluster-cidr is not a k3s agent option"]);
    expect(problems({ "cluster-init": "true" }, "server")).toEqual(['cluster-init: "true" is not a bool']);
    expect(problems({ "node-labels": ["a=b"] }, "server")).toEqual(["node-labels is not a k3s server option"]);
    expect(problems({ "https-listen-port": "6443" }, "server")).toEqual(['https-listen-port: "6443" is not a int']);
  });

  it("seed 004, the base spec and a Cilium cluster", () => {
    const cilium = baseSpec();
    cilium.clusters[0].cni = { name: "cilium", kubeProxyReplacement: true };
    cilium.clusters[0].nodeMaskSize = 25;
    cilium.clusters[0].nodePortRange = "30000-31000";
    for (const spec of [seed004(), baseSpec(), cilium]) {
      for (const n of configs(spec).nodes) expect(problems(n.cfg, n.role), `${n.node} (${n.role})`).toEqual([]);
    }
  });

  it("random valid platforms: valid keys and types, one cluster-init, a token file and never a token", () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const { graph, nodes } = configs(specFromPlan(plan));
        for (const c of graph.clusters.filter((x) => x.distribution === "k3s")) {
          const mine = nodes.filter((n) => n.cluster === c.name);
          expect(mine).toHaveLength(c.nodes.length);
          expect(mine.filter((n) => n.cfg["cluster-init"] === true)).toHaveLength(1);
          const svc = parseCIDR(c.serviceCIDR.text);
          for (const n of mine) {
            expect(problems(n.cfg, n.role)).toEqual([]);
            expect(n.cfg.token).toBeUndefined();
            expect(n.cfg["token-file"]).toBe("/etc/rancher/k3s/cluster-token");
            expect(n.cfg["cluster-init"] === true || typeof n.cfg.server === "string").toBe(true);
            if (n.role === "server") {
              const dns = parseIP(n.cfg["cluster-dns"][0]);
              expect(dns.ok && svc.ok && svc.range.start < dns.value && dns.value <= svc.range.end).toBe(true);
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("what the configs say", () => {
  it("seed 004: first server starts etcd, the other joins it by the token file, flannel runs over tailscale0, Tailscale addresses are external IPs and SANs", () => {
    const { nodes } = configs(seed004());
    const by = (name: string) => nodes.find((n) => n.node === name)!.cfg;
    expect(by("neko")).toMatchObject({ "cluster-init": true, "token-file": "/etc/rancher/k3s/cluster-token", "node-ip": ["192.168.1.167"], "node-external-ip": ["100.67.134.110"], "flannel-iface": "tailscale0" });
    expect(by("neko").server).toBeUndefined();
    expect(by("neko2")).toMatchObject({ server: "https://192.168.1.167:6443", "flannel-iface": "tailscale0", "cluster-cidr": ["10.42.0.0/16"], "service-cidr": ["10.43.0.0/16"], "cluster-dns": ["10.43.0.10"], "cluster-domain": "cluster.local" });
    expect(by("neko2")["tls-san"]).toEqual(["192.168.1.167", "100.106.35.14"]);
    expect(by("neko2")["write-kubeconfig-mode"]).toBe("0600");
    // ServiceLB is the load balancer and Traefik the bundled ingress: K3s keeps both
    expect(by("neko").disable).toBeUndefined();
    expect(by("bobcat")).toEqual({ server: "https://192.168.1.167:6443", "token-file": "/etc/rancher/k3s/cluster-token", "node-name": "bobcat", "node-ip": ["192.168.1.49"], "node-external-ip": ["100.121.67.60"], "flannel-iface": "tailscale0" });
  });

  it("seed 004: two control-plane nodes get the etcd quorum warning that two members tolerate no failure", () => {
    const { warnings } = configs(seed004());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("warning[PC0701]: cluster `homelab` has 2 etcd members");
    expect(warnings[0]).toContain("two members tolerate no failure");
  });

  it("MetalLB and a VIP: ServiceLB disabled, servers join through the VIP, which is a SAN", () => {
    const { nodes, files } = configs(baseSpec());
    const cp2 = nodes.find((n) => n.node === "cp2")!.cfg;
    expect(cp2.disable).toEqual(["servicelb"]);
    expect(cp2.server).toBe("https://192.168.10.5:6443");
    expect(cp2["tls-san"]).toEqual(["192.168.10.5"]);
    expect(cp2["flannel-backend"]).toBe("vxlan");
    expect(files.get("nodes/main/README.md")).toContain("kube-vip");
  });

  it("Cilium: no flannel, no network-policy controller, no kube-proxy with kube-proxy replacement; Traefik disabled when it is not the bundled ingress", () => {
    const s = baseSpec();
    s.clusters[0].cni = { name: "cilium", kubeProxyReplacement: true };
    s.clusters[0].nodeMaskSize = 25;
    s.clusters[0].ingress = { type: "nginx", service: "apps/web" };
    const { nodes, files } = configs(s);
    const cp1 = nodes.find((n) => n.node === "cp1")!.cfg;
    expect(cp1).toMatchObject({ "flannel-backend": "none", "disable-network-policy": true, "disable-kube-proxy": true, disable: ["servicelb", "traefik"], "kube-controller-manager-arg": ["node-cidr-mask-size=25"] });
    const values = parse(files.get("nodes/main/cilium-values.yaml")!);
    expect(values).toMatchObject({ kubeProxyReplacement: true, k8sServiceHost: "192.168.10.5", k8sServicePort: 6443, cluster: { name: "main" } });
    expect(files.get("nodes/main/README.md")).toContain("helm install cilium cilium/cilium");
    const agent = nodes.find((n) => n.node === "w1")!;
    expect(agent.cfg["flannel-iface"]).toBeUndefined();
  });

  it("a single server without etcd keeps K3s's SQLite datastore and the agents join it", () => {
    const s = baseSpec();
    s.clusters[0].nodes = s.clusters[0].nodes.filter((n: any) => n.name === "cp1" || n.name === "w1");
    s.clusters[0].nodes[0].etcd = false;
    const { nodes } = configs(s);
    const cp1 = nodes.find((n) => n.node === "cp1")!.cfg;
    expect(cp1["cluster-init"]).toBeUndefined();
    expect(cp1.server).toBeUndefined();
    expect(cp1["disable-etcd"]).toBeUndefined();
    expect(nodes.find((n) => n.node === "w1")!.cfg.server).toBe("https://192.168.10.5:6443");
  });

  it("labels and taints become node-label and node-taint entries", () => {
    const s = baseSpec();
    s.clusters[0].nodes[3].labels = { "example.com/gpu": "true" };
    s.clusters[0].nodes[3].taints = [{ key: "gpu", value: "nvidia", effect: "NoSchedule" }, { key: "dedicated", effect: "NoExecute" }];
    const w1 = configs(s).nodes.find((n) => n.node === "w1")!.cfg;
    expect(w1["node-label"]).toEqual(["example.com/gpu=true"]);
    expect(w1["node-taint"]).toEqual(["gpu=nvidia:NoSchedule", "dedicated:NoExecute"]);
  });
});
