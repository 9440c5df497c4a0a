// A seed platform as the policies' evaluator sees it, with pods labelled the way the charts label them. The labels
// are written here from the charts' templates (each test names the file), not taken from src/catalog: these tests
// check the generated policies against the charts, so they must not share the catalog's reading of them.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { componentOfChart, componentOfResource } from "../../src/catalog/index.js";
import { expect } from "vitest";
import { compileObject } from "../support/compile.js";
import { Evaluator, PortSet, type Endpoint, type Pod, type Protocol } from "../support/netpol-eval.js";
import { buildModel, policiesFromFiles } from "../netpol/model.js";
import type * as G from "../../src/graph.js";
import { formatIP } from "../../src/lib/net/ip.js";

const repo = path.join(import.meta.dirname, "..", "..");

export function seedSpec(platform: string): any {
  return YAML.parse(fs.readFileSync(path.join(repo, "spec", platform, "platform.yaml"), "utf8"));
}

export interface Built {
  graph: G.Graph;
  files: ReadonlyArray<{ path: string; content: string }>;
}

export function build(spec: unknown): Built {
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  return { graph: r.graph!, files: r.files! };
}

/** Every document of one generated file. */
export function docs(b: Built, file: string): Array<Record<string, any>> {
  const f = b.files.find((x) => x.path === file);
  expect(f, file).toBeDefined();
  return YAML.parseAllDocuments(f!.content).map((d) => d.toJS() as Record<string, any>);
}

export function service(b: Built, name: string, cluster?: string): G.ServiceNode {
  const s = b.graph.clusters.filter((c) => !cluster || c.name === cluster).flatMap((c) => c.services).find((x) => x.name === name);
  expect(s, name).toBeDefined();
  return s!;
}

export class World {
  private readonly model;
  private readonly evaluators = new Map<string, Evaluator>();
  private next = new Map<string, bigint>();

  constructor(readonly built: Built) {
    this.model = buildModel(built.graph);
  }

  /** The policies as the cluster's CNI applies them: Cilium's semantics where it emits CiliumNetworkPolicies. */
  private evaluator(cluster: string): Evaluator {
    let ev = this.evaluators.get(cluster);
    if (!ev) {
      const c = this.cluster(cluster);
      const cilium = c.cni.name === "cilium" && c.cni.policy !== "kubernetes";
      ev = new Evaluator(this.model.world, policiesFromFiles(this.built.graph, this.built.files), cilium ? { kind: "cilium", defaultLocalCluster: true } : { kind: "kubernetes" });
      this.evaluators.set(cluster, ev);
    }
    return ev;
  }

  cluster(name: string): G.ClusterNode {
    return this.built.graph.clusters.find((c) => c.name === name)!;
  }

  /** A pod of the cluster with these labels, at a fresh address of its pod CIDR. */
  pod(cluster: string, namespace: string, labels: Record<string, string>, ports: Array<{ name?: string; port: number; protocol?: Protocol }> = []): Endpoint {
    const c = this.cluster(cluster);
    const host = this.next.get(cluster) ?? 200n;
    this.next.set(cluster, host + 1n);
    const pod: Pod = { id: `${cluster}/${namespace}/${JSON.stringify(labels)}`, cluster, namespace, labels, ip: formatIP(c.podCIDR.family, c.podCIDR.base + host), ports: ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? "TCP" })) };
    return { kind: "pod", pod };
  }

  /**
   * The pod of a service platformc deploys (its own labels), or of a bundled one (its selector); for a release of a
   * chart the catalog knows, the pod of its primary workload (the chart's labels).
   */
  servicePod(s: G.ServiceNode): Endpoint {
    const component = s.chart ? componentOfChart(s.chart) : s.resource ? componentOfResource(s.resource.apiVersion, s.resource.kind) : undefined;
    const primary = component?.release?.primary;
    const node = this.model.nodes.find((n) => n.id === s.id) ?? this.model.nodes.find((n) => n.service === s && n.workload === primary);
    expect(node, s.id).toBeDefined();
    return node!.ep;
  }

  /** The cluster's API server at its first control-plane address. */
  apiServer(cluster: string): Endpoint {
    const ep = this.model.nodes.find((n) => n.ep.kind === "apiserver" && n.ep.cluster === cluster);
    expect(ep, `API server of ${cluster}`).toBeDefined();
    return ep!.ep;
  }

  internet(): Endpoint {
    return { kind: "ip", id: "internet", ip: "203.0.113.50" };
  }

  allowed(from: Endpoint, to: Endpoint): PortSet {
    const cluster = to.kind === "pod" ? to.pod.cluster : from.kind === "pod" ? from.pod.cluster : "";
    return this.evaluator(cluster).allowed(from, to);
  }

  /** Asserts every (protocol, port) is allowed from -> to, naming the pair when one is not. */
  expectAllowed(from: Endpoint, to: Endpoint, ports: Array<[Protocol, number]>, what: string): void {
    const got = this.allowed(from, to);
    for (const [proto, port] of ports) expect(got.has(proto, port), `${what}: ${proto}/${port} (allowed: ${got})`).toBe(true);
  }
}
