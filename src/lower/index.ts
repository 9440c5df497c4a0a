// Phase 3: the validated spec (schema defaults applied) becomes the graph. Every name is resolved here and
// every unresolved or ambiguous one is reported with a did-you-mean; checks and generators never see a
// dangling reference. Environment-expanded namespaces are instantiated here too.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { serviceId } from "../graph.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { type SpecFile } from "../parse.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Loc, Path } from "../source.js";
import { parseAddressRange, parseCIDR, parseIP, rangeContains } from "../lib/net/ip.js";
import { didYouMean } from "../lib/suggest.js";
import { talosSettings } from "../plan/talos.js";
import { cpuMillis, memoryBytes, sortKeysDeep, sortedRecord } from "../lib/quantity.js";

/** What lowering needs besides the spec: where the spec and the output tree sit in the user's repository. */
export interface LowerOptions {
  /** the spec's path in the repository, written into generated headers (see build.ts stablePath) */
  specPath: string;
  /** the output directory's path in the repository ("out"); a GitOps path the spec leaves out defaults below it */
  outPath: string;
}

interface Ctx {
  spec: SpecFile;
  opts: LowerOptions;
  diags: Diagnostics;
  at(path: Path): Loc;
  /** namespaces already reported as broken: references to them are not reported again */
  brokenNamespaces: Set<string>;
}

export function lower(spec: SpecFile, opts: LowerOptions, diags: Diagnostics): G.Graph {
  const data = spec.data as S.PlatformcPlatformYaml;
  const specPath = opts.specPath;
  const ctx: Ctx = { spec, opts, diags, at: (path) => ({ spec, path }), brokenNamespaces: new Set() };
  const platform = {
    name: data.platform.name,
    specPath,
    ...(data.platform.domain ? { domain: normaliseDns(data.platform.domain) } : {}),
    ...(data.platform.description ? { description: data.platform.description } : {}),
  };
  const networks = lowerNetworks(ctx, data.networks ?? []);
  const environments = lowerEnvironments(ctx, data.environments ?? []);
  const clusters = data.clusters.map((c, i) => lowerCluster(ctx, c, ["clusters", i], networks));
  uniqueNames(ctx, data.clusters.map((c, i) => ({ name: c.name, path: ["clusters", i, "name"] })), "cluster");
  // Hostnames must be unique across the platform: they become DNS names and Talos/K3s node names.
  uniqueNames(
    ctx,
    data.clusters.flatMap((c, i) => c.nodes.map((n, j) => ({ name: n.name, path: ["clusters", i, "nodes", j, "name"] as Path }))),
    "node",
  );
  lowerNamespaces(ctx, data.namespaces ?? [], clusters, environments);
  const externals = lowerExternals(ctx, data.externals ?? []);
  const services = lowerServices(ctx, data, clusters, environments, platform.domain);
  resolveFlowsAndRoutes(ctx, data, clusters, services, externals);
  resolveExternalFlows(ctx, data, clusters, services, externals);
  for (const c of clusters) {
    c.services = services.filter((s) => s.cluster === c.name).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    resolveIngressController(ctx, data, c);
    resolveClusterDNS(c);
  }
  const zones = lowerZones(ctx, data.dns?.zones ?? [], clusters);
  return { platform, networks, clusters, externals, zones, environments };
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────

export function normaliseDns(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

function uniqueNames(ctx: Ctx, items: Array<{ name: string; path: Path }>, kind: string, scope = ""): void {
  const seen = new Map<string, Path>();
  for (const it of items) {
    const first = seen.get(it.name);
    if (first) {
      ctx.diags.report("PC0302", locSpan(ctx.at(it.path)), { kind, name: it.name, scope }, {
        related: [{ span: locSpan(ctx.at(first)), message: "first declared here" }],
        help: `rename one of the two ${kind}s`,
      });
    } else seen.set(it.name, it.path);
  }
}

function cidr(ctx: Ctx, text: string, path: Path, what: string): G.Cidr | undefined {
  const r = parseCIDR(text);
  if (!r.ok) {
    ctx.diags.report("PC0306", locSpan(ctx.at(path)), { value: text, what, reason: r.reason }, r.suggestion ? { help: `did you mean ${r.suggestion}?` } : {});
    return undefined;
  }
  return { text: formatCidrText(text, r), family: r.family, base: r.base, prefix: r.prefix, range: r.range };
}

function formatCidrText(text: string, r: { family: 4 | 6 }): string {
  return r.family === 6 ? text.toLowerCase() : text;
}

function address(ctx: Ctx, text: string, path: Path, what: string): G.Address | undefined {
  const r = parseIP(text);
  if (!r.ok) {
    ctx.diags.report("PC0306", locSpan(ctx.at(path)), { value: text, what, reason: r.reason });
    return undefined;
  }
  return { text: r.family === 6 ? text.toLowerCase() : text, family: r.family, value: r.value };
}

function single(range: { start: bigint; end: bigint; family: 4 | 6 }, a: G.Address): boolean {
  return range.family === a.family && range.start <= a.value && a.value <= range.end;
}

// ── networks ────────────────────────────────────────────────────────────────────────────────────────

function lowerNetworks(ctx: Ctx, list: S.Network[]): G.NetworkNode[] {
  uniqueNames(ctx, list.map((n, i) => ({ name: n.name, path: ["networks", i, "name"] })), "network");
  const out: G.NetworkNode[] = [];
  list.forEach((n, i) => {
    const p: Path = ["networks", i];
    const c = cidr(ctx, n.cidr, [...p, "cidr"], "CIDR");
    if (!c) return;
    const node: G.NetworkNode = {
      name: n.name,
      cidr: c,
      kind: n.kind ?? "lan",
      nameservers: [],
      reverseDNS: n.reverseDNS ?? false,
      loc: ctx.at(p),
    };
    if (n.vlan !== undefined) node.vlan = n.vlan;
    if (n.description) node.description = n.description;
    if (n.gateway) {
      const g = address(ctx, n.gateway, [...p, "gateway"], "address");
      if (g) {
        if (!single(c.range, g)) ctx.diags.report("PC0402", locSpan(ctx.at([...p, "gateway"])), { what: "gateway", address: g.text, network: `network \`${n.name}\``, cidr: c.text });
        node.gateway = g;
      }
    }
    (n.nameservers ?? []).forEach((ns, j) => {
      const a = address(ctx, ns, [...p, "nameservers", j], "address");
      if (a) node.nameservers.push(a);
    });
    out.push(node);
  });
  return out;
}

/** The network a given address is on: the declared one (checked), else the narrowest containing one. */
function networkFor(ctx: Ctx, networks: G.NetworkNode[], a: G.Address, declared: string | undefined, path: Path, what: string): string | undefined {
  if (declared) {
    const n = networks.find((x) => x.name === declared);
    if (!n) {
      const help = didYouMean(declared, networks.map((x) => x.name));
      ctx.diags.report("PC0301", locSpan(ctx.at([...path.slice(0, -1), "network"])), { kind: "network", name: declared }, help ? { help } : {});
      return undefined;
    }
    if (!single(n.cidr.range, a)) {
      ctx.diags.report("PC0402", locSpan(ctx.at(path)), { what, address: a.text, network: `network \`${n.name}\``, cidr: n.cidr.text });
    }
    return n.name;
  }
  let best: G.NetworkNode | undefined;
  for (const n of networks) if (single(n.cidr.range, a) && (!best || n.cidr.prefix > best.cidr.prefix)) best = n;
  if (!best && networks.length > 0) {
    ctx.diags.report("PC0403", locSpan(ctx.at(path)), { what, address: a.text }, { help: "add the network it is on under networks:, or fix the address" });
  }
  return best?.name;
}

// ── environments ───────────────────────────────────────────────────────────────────────────────────

function lowerEnvironments(ctx: Ctx, list: S.Environment[]): G.EnvironmentNode[] {
  uniqueNames(ctx, list.map((e, i) => ({ name: e.name, path: ["environments", i, "name"] })), "environment");
  return list.map((e, i) => {
    const node: G.EnvironmentNode = {
      name: e.name,
      // The first environment is the primary one and keeps the hostnames as written.
      hostPrefix: e.hostPrefix ?? (i === 0 ? "" : `${e.name}-`),
      overrides: (e.overrides ?? []).map((o) => {
        const ov: G.EnvironmentNode["overrides"][number] = { service: o.service, env: sortedRecord(o.env) };
        if (o.replicas !== undefined) ov.replicas = o.replicas;
        if (o.imageTag !== undefined) ov.imageTag = o.imageTag;
        return ov;
      }),
    };
    if (e.description) node.description = e.description;
    return node;
  });
}

// ── clusters and nodes ──────────────────────────────────────────────────────────────────────────────

function lowerCluster(ctx: Ctx, c: S.Cluster, p: Path, networks: G.NetworkNode[]): G.ClusterNode {
  const podCIDR = cidr(ctx, c.podCIDR ?? "10.42.0.0/16", [...p, "podCIDR"], "CIDR");
  const serviceCIDR = cidr(ctx, c.serviceCIDR ?? "10.43.0.0/16", [...p, "serviceCIDR"], "CIDR");
  const cni = c.cni ?? {};
  const [lo, hi] = (c.nodePortRange ?? "30000-32767").split("-").map(Number) as [number, number];
  let nodePortRange = { min: lo, max: hi };
  if (!(lo >= 1 && hi <= 65535 && lo <= hi)) {
    ctx.diags.report("PC0309", locSpan(ctx.at([...p, "nodePortRange"])), { problem: `nodePortRange ${c.nodePortRange} is not a range of ports from low to high` }, { help: "write it as <low>-<high>, e.g. 30000-32767" });
    nodePortRange = { min: 30000, max: 32767 };
  }
  const placeholder: G.Cidr = { text: "0.0.0.0/32", family: 4, base: 0n, prefix: 32, range: { family: 4, start: 0n, end: 0n } };
  const nodeMaskSize = c.nodeMaskSize ?? 24;
  if (podCIDR) {
    const maxBits = podCIDR.family === 4 ? 32 : 128;
    if (nodeMaskSize <= podCIDR.prefix || nodeMaskSize > maxBits) {
      ctx.diags.report("PC0405", locSpan(ctx.at([...p, "nodeMaskSize"])), {
        problem: `nodeMaskSize /${nodeMaskSize} of cluster \`${c.name}\` does not fit pod CIDR ${podCIDR.text}: it must be longer than /${podCIDR.prefix} and at most /${maxBits}`,
      });
    } else if (BigInt(c.nodes.length) > 1n << BigInt(nodeMaskSize - podCIDR.prefix)) {
      ctx.diags.report("PC0405", locSpan(ctx.at([...p, "nodeMaskSize"])), {
        problem: `pod CIDR ${podCIDR.text} of cluster \`${c.name}\` has room for ${1n << BigInt(nodeMaskSize - podCIDR.prefix)} node CIDRs of /${nodeMaskSize}, but the cluster has ${c.nodes.length} nodes`,
      }, { help: "use a shorter nodeMaskSize or a larger podCIDR" });
    }
  }
  const nodes = c.nodes.map((n, j) => lowerNode(ctx, n, [...p, "nodes", j], c.name, networks, podCIDR));
  const firstCP = nodes.find((n) => n.role === "controlplane");
  const api = c.apiEndpoint ?? {};
  const vip = api.vip ? address(ctx, api.vip, [...p, "apiEndpoint", "vip"], "address") : undefined;
  const cluster: G.ClusterNode = {
    name: c.name,
    distribution: c.distribution,
    cni: {
      name: cni.name ?? "flannel",
      flannelBackend: cni.flannelBackend ?? "vxlan",
      kubeProxyReplacement: cni.kubeProxyReplacement ?? false,
      ipam: cni.ipam ?? "kubernetes",
      hubble: cni.hubble ?? false,
      policy: cni.policy ?? "kubernetes",
      ...(cni.version ? { version: cni.version } : {}),
    },
    podCIDR: podCIDR ?? placeholder,
    serviceCIDR: serviceCIDR ?? placeholder,
    nodeMaskSize,
    clusterDomain: normaliseDns(c.clusterDomain ?? "cluster.local"),
    nodePortRange,
    apiEndpoint: {
      host: api.host ?? vip?.text ?? firstCP?.address.text ?? nodes[0]?.address.text ?? "",
      port: api.port ?? 6443,
      extraSANs: [...(api.extraSANs ?? [])],
      ...(vip ? { vip } : {}),
    },
    layerOrder: ["apps"],
    dns: distributionDNS(),
    nodes,
    namespaces: [],
    services: [],
    loc: ctx.at(p),
  };
  if (c.version) cluster.version = c.version;
  if (c.kubernetesVersion) cluster.kubernetesVersion = c.kubernetesVersion;
  if (c.description) cluster.description = c.description;
  if (c.distribution === "talos") {
    const talos = talosSettings(c.version, c.kubernetesVersion, c.installImage);
    cluster.talos = talos;
    nodes.forEach((n, j) => {
      const spec = c.nodes[j]!;
      n.talos = { installDisk: spec.installDisk ?? "/dev/sda", installImage: spec.installImage ?? talos.installImage };
    });
  }
  if (c.loadBalancer) {
    const lb = c.loadBalancer;
    uniqueNames(ctx, (lb.pools ?? []).map((pool, k) => ({ name: pool.name, path: [...p, "loadBalancer", "pools", k, "name"] })), "pool", ` in cluster \`${c.name}\``);
    cluster.loadBalancer = {
      type: lb.type,
      mode: lb.mode ?? "l2",
      pools: (lb.pools ?? []).map((pool, k) => {
        const pp: Path = [...p, "loadBalancer", "pools", k];
        const addresses: G.PoolNode["addresses"] = [];
        pool.addresses.forEach((text, m) => {
          const r = parseAddressRange(text);
          if (!r.ok) ctx.diags.report("PC0306", locSpan(ctx.at([...pp, "addresses", m])), { value: text, what: "address range", reason: r.reason }, r.suggestion ? { help: `did you mean ${r.suggestion}?` } : {});
          else addresses.push({ text, range: r.range, kind: r.kind });
        });
        return { name: pool.name, addresses, autoAssign: pool.autoAssign ?? true, loc: ctx.at(pp) };
      }),
    };
  }
  if (c.bgp) {
    const peers: NonNullable<G.ClusterNode["bgp"]>["peers"] = [];
    (c.bgp.peers ?? []).forEach((peer, k) => {
      const a = address(ctx, peer.address, [...p, "bgp", "peers", k, "address"], "address");
      if (a) peers.push({ name: peer.name, address: a, asn: peer.asn });
    });
    uniqueNames(ctx, (c.bgp.peers ?? []).map((peer, k) => ({ name: peer.name, path: [...p, "bgp", "peers", k, "name"] })), "BGP peer", ` in cluster \`${c.name}\``);
    cluster.bgp = { asn: c.bgp.asn, peers, advertise: [...(c.bgp.advertise ?? ["loadBalancerIPs"])].sort() };
  }
  if (c.mesh) cluster.mesh = { name: c.mesh.name, id: c.mesh.id ?? 0, idAllocated: c.mesh.id === undefined };
  if (c.gitops) {
    const g = c.gitops;
    const layers = lowerLayers(ctx, g.layers ?? [], [...p, "gitops", "layers"], c.name);
    cluster.gitops = {
      tool: g.tool,
      repo: g.repo,
      branch: g.branch ?? "main",
      // The cluster's tree in the repository, as GitOps reads it once out/ is committed.
      path: g.path ?? `${ctx.opts.outPath}/${(ctx.spec.data as S.PlatformcPlatformYaml).platform.name}/clusters/${c.name}`,
      interval: g.interval ?? "10m",
      layers,
    };
    if (layers.length > 0) cluster.layerOrder = [...layers].sort((a, b) => a.order - b.order).map((l) => l.name);
  }
  return cluster;
}

function lowerLayers(ctx: Ctx, list: NonNullable<S.Gitops["layers"]>, p: Path, cluster: string): G.LayerNode[] {
  uniqueNames(ctx, list.map((l, i) => ({ name: l.name, path: [...p, i, "name"] })), "layer", ` in cluster \`${cluster}\``);
  const names = new Set(list.map((l) => l.name));
  list.forEach((l, i) =>
    (l.dependsOn ?? []).forEach((d, j) => {
      if (!names.has(d)) {
        const help = didYouMean(d, names);
        ctx.diags.report("PC0301", locSpan(ctx.at([...p, i, "dependsOn", j])), { kind: "layer", name: d }, help ? { help } : {});
      }
    }),
  );
  // Kahn's algorithm, taking ready layers in declaration order so the order is the one the user wrote
  // wherever the dependencies allow it.
  const order = new Map<string, number>();
  const deps = new Map(list.map((l) => [l.name, (l.dependsOn ?? []).filter((d) => names.has(d))]));
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const l of list) {
      if (order.has(l.name)) continue;
      if (deps.get(l.name)!.every((d) => order.has(d))) {
        order.set(l.name, order.size);
        progressed = true;
        break;
      }
    }
  }
  if (order.size < names.size) {
    const stuck = list.filter((l) => !order.has(l.name));
    const cycle = findCycle(stuck.map((l) => l.name), deps);
    const idx = list.findIndex((l) => l.name === cycle[0]);
    ctx.diags.report("PC0901", locSpan(ctx.at([...p, idx, "dependsOn"])), { cluster, cycle: cycle.join(" -> ") }, { help: "remove one dependsOn entry of the cycle" });
    for (const l of stuck) order.set(l.name, order.size);
  }
  return list.map((l) => ({
    name: l.name,
    dependsOn: [...(l.dependsOn ?? [])],
    installsCRDs: l.installsCRDs ?? false,
    order: order.get(l.name) ?? 0,
    ...(l.description ? { description: l.description } : {}),
  }));
}

function findCycle(nodes: string[], deps: Map<string, string[]>): string[] {
  const inSet = new Set(nodes);
  for (const start of nodes) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | undefined = start;
    while (cur !== undefined && !onPath.has(cur)) {
      path.push(cur);
      onPath.add(cur);
      cur = (deps.get(cur) ?? []).find((d) => inSet.has(d));
    }
    if (cur !== undefined) return [...path.slice(path.indexOf(cur)), cur];
  }
  return nodes;
}

function lowerNode(ctx: Ctx, n: S.Node, p: Path, cluster: string, networks: G.NetworkNode[], podCIDR: G.Cidr | undefined): G.NodeNode {
  const addr = address(ctx, n.address, [...p, "address"], "address") ?? { text: n.address, family: 4 as const, value: -1n };
  const node: G.NodeNode = {
    name: n.name,
    cluster,
    role: n.role,
    arch: n.arch ?? "amd64",
    address: addr,
    addresses: [],
    etcd: n.etcd ?? n.role === "controlplane",
    labels: sortedRecord(n.labels),
    taints: (n.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value !== undefined ? { value: t.value } : {}) })),
    capacity: {
      ...(n.capacity?.cpu !== undefined ? { cpuMilli: cpuMillis(n.capacity.cpu) } : {}),
      ...(n.capacity?.memory !== undefined ? { memoryBytes: memoryBytes(n.capacity.memory) } : {}),
    },
    gpus: (n.gpus ?? []).map((g) => ({ vendor: g.vendor, count: g.count ?? 1, ...(g.model ? { model: g.model } : {}) })),
    podCIDRAllocated: n.podCIDR === undefined,
    loc: ctx.at(p),
  };
  if (addr.value >= 0n) {
    const net = networkFor(ctx, networks, addr, n.network, [...p, "address"], `address of node \`${n.name}\``);
    if (net) node.network = net;
  }
  if (n.interface) node.interface = n.interface;
  if (n.flannelInterface) node.flannelInterface = n.flannelInterface;
  if (n.installDisk) node.installDisk = n.installDisk;
  if (n.description) node.description = n.description;
  (n.addresses ?? []).forEach((x, k) => {
    const a = address(ctx, x.address, [...p, "addresses", k, "address"], "address");
    if (!a) return;
    const entry: G.NodeNode["addresses"][number] = { address: a };
    const net = networkFor(ctx, networks, a, x.network, [...p, "addresses", k, "address"], `address of node \`${n.name}\``);
    if (net) entry.network = net;
    if (x.interface) entry.interface = x.interface;
    node.addresses.push(entry);
  });
  if (n.podCIDR) {
    const c = cidr(ctx, n.podCIDR, [...p, "podCIDR"], "CIDR");
    if (c && podCIDR) {
      if (!rangeContains(podCIDR.range, c.range)) {
        ctx.diags.report("PC0405", locSpan(ctx.at([...p, "podCIDR"])), { problem: `pod CIDR ${c.text} of node \`${n.name}\` is outside the cluster pod CIDR ${podCIDR.text}` });
      }
      node.podCIDR = c;
    }
  }
  return node;
}

// ── namespaces ──────────────────────────────────────────────────────────────────────────────────────

function clusterOf(ctx: Ctx, clusters: G.ClusterNode[], name: string | undefined, path: Path, what: string): G.ClusterNode | undefined {
  if (name === undefined) {
    if (clusters.length === 1) return clusters[0];
    ctx.diags.report("PC0303", locSpan(ctx.at(path)), { what }, { help: `add cluster: <name>, one of ${clusters.map((c) => c.name).join(", ")}` });
    return undefined;
  }
  const c = clusters.find((x) => x.name === name);
  if (!c) {
    const help = didYouMean(name, clusters.map((x) => x.name));
    ctx.diags.report("PC0301", locSpan(ctx.at([...path, "cluster"])), { kind: "cluster", name }, help ? { help } : {});
  }
  return c;
}

function lowerNamespaces(ctx: Ctx, list: S.Namespace[], clusters: G.ClusterNode[], envs: G.EnvironmentNode[]): void {
  const envNames = envs.map((e) => e.name);
  const declared = new Map<string, Path>();
  list.forEach((ns, i) => {
    const p: Path = ["namespaces", i];
    const c = clusterOf(ctx, clusters, ns.cluster, p, `namespace \`${ns.name}\``);
    if (!c) {
      ctx.brokenNamespaces.add(ns.name);
      return;
    }
    let layer = ns.layer ?? c.layerOrder[c.layerOrder.length - 1]!;
    if (ns.layer && !c.layerOrder.includes(ns.layer)) {
      const help = didYouMean(ns.layer, c.layerOrder);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "layer"])), { kind: "layer", name: ns.layer }, { help: help ?? `layers of cluster \`${c.name}\`: ${c.layerOrder.join(", ")}` });
      layer = c.layerOrder[c.layerOrder.length - 1]!;
    }
    const instances: Array<{ name: string; env?: string }> = [];
    if ((ns.environments ?? []).length === 0) instances.push({ name: ns.name });
    (ns.environments ?? []).forEach((e, j) => {
      if (!envNames.includes(e)) {
        const help = didYouMean(e, envNames);
        ctx.diags.report("PC0301", locSpan(ctx.at([...p, "environments", j])), { kind: "environment", name: e }, { help: help ?? (envNames.length ? `declared environments: ${envNames.join(", ")}` : "declare it under environments:") });
        return;
      }
      instances.push({ name: `${ns.name}-${e}`, env: e });
    });
    for (const inst of instances) {
      const key = `${c.name}/${inst.name}`;
      const first = declared.get(key);
      if (first) {
        ctx.diags.report("PC0302", locSpan(ctx.at([...p, "name"])), { kind: "namespace", name: inst.name, scope: ` in cluster \`${c.name}\`` }, {
          related: [{ span: locSpan(ctx.at([...first, "name"])), message: "first declared here" }],
        });
        continue;
      }
      if (inst.name.length > 63) {
        ctx.diags.report("PC0205", locSpan(ctx.at([...p, "name"])), { value: inst.name, reason: `the instance for environment \`${inst.env}\` is ${inst.name.length} characters long, at most 63 are allowed` });
        continue;
      }
      declared.set(key, p);
      const node: G.NamespaceNode = {
        name: inst.name,
        cluster: c.name,
        base: ns.name,
        podSecurity: ns.podSecurity ?? "restricted",
        layer,
        defaultDeny: ns.defaultDeny ?? true,
        allowDNS: ns.allowDNS ?? true,
        monitoring: ns.monitoring ?? false,
        labels: sortedRecord(ns.labels),
        loc: ctx.at(p),
      };
      if (inst.env) node.environment = inst.env;
      if (ns.purpose) node.purpose = ns.purpose;
      c.namespaces.push(node);
    }
  });
  for (const c of clusters) c.namespaces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ── services ────────────────────────────────────────────────────────────────────────────────────────

interface NamespaceMatch {
  cluster: G.ClusterNode;
  instances: G.NamespaceNode[];
}

function namespacesByBase(clusters: G.ClusterNode[], base: string, cluster?: string): NamespaceMatch[] {
  const out: NamespaceMatch[] = [];
  for (const c of clusters) {
    if (cluster !== undefined && c.name !== cluster) continue;
    const inst = c.namespaces.filter((n) => n.base === base);
    if (inst.length) out.push({ cluster: c, instances: inst });
  }
  return out;
}

function lowerServices(ctx: Ctx, data: S.PlatformcPlatformYaml, clusters: G.ClusterNode[], envs: G.EnvironmentNode[], domain: string | undefined): G.ServiceNode[] {
  const out: G.ServiceNode[] = [];
  const seen = new Map<string, Path>();
  (data.services ?? []).forEach((s, i) => {
    const p: Path = ["services", i];
    const matches = namespacesByBase(clusters, s.namespace, s.cluster);
    if (s.cluster !== undefined && !clusters.some((c) => c.name === s.cluster)) {
      const help = didYouMean(s.cluster, clusters.map((c) => c.name));
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "cluster"])), { kind: "cluster", name: s.cluster }, help ? { help } : {});
      return;
    }
    if (matches.length === 0) {
      if (ctx.brokenNamespaces.has(s.namespace)) return;
      const all = [...new Set(clusters.flatMap((c) => c.namespaces.map((n) => n.base)))];
      const help = didYouMean(s.namespace, all);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "namespace"])), { kind: "namespace", name: s.namespace }, { help: help ?? "declare it under namespaces:" });
      return;
    }
    if (matches.length > 1) {
      ctx.diags.report("PC0307", locSpan(ctx.at([...p, "namespace"])), { ref: s.namespace, kind: "namespace", reason: `it exists in clusters ${matches.map((m) => m.cluster.name).join(", ")}` }, { help: "add cluster: <name> to the service" });
      return;
    }
    const m = matches[0]!;
    checkWorkload(ctx, s, p);
    const ports = lowerPorts(ctx, s, p);
    for (const ns of m.instances) {
      const id = serviceId(m.cluster.name, ns.name, s.name);
      const first = seen.get(id);
      if (first) {
        ctx.diags.report("PC0302", locSpan(ctx.at([...p, "name"])), { kind: "service", name: s.name, scope: ` in namespace \`${ns.name}\`` }, {
          related: [{ span: locSpan(ctx.at([...first, "name"])), message: "first declared here" }],
        });
        continue;
      }
      seen.set(id, p);
      out.push(instantiateService(ctx, s, p, m.cluster, ns, ports, envs.find((e) => e.name === ns.environment), domain));
    }
  });
  // Environment overrides must name a service of a namespace instantiated for that environment.
  (data.environments ?? []).forEach((e, i) =>
    (e.overrides ?? []).forEach((o, j) => {
      const [nsName, svcName] = o.service.split("/");
      const ok = out.some((s) => s.environment === e.name && s.baseNamespace === nsName && s.name === svcName);
      if (!ok) {
        const candidates = [...new Set(out.filter((s) => s.environment === e.name).map((s) => `${s.baseNamespace}/${s.name}`))];
        const help = didYouMean(o.service, candidates);
        ctx.diags.report("PC0301", locSpan(ctx.at(["environments", i, "overrides", j, "service"])), { kind: `service in environment \`${e.name}\``, name: o.service }, {
          help: help ?? (candidates.length ? `services in this environment: ${candidates.slice(0, 8).join(", ")}` : "no namespace lists this environment"),
        });
      }
    }),
  );
  return out;
}

function checkWorkload(ctx: Ctx, s: S.Service, p: Path): void {
  const kind = s.kind ?? "deployment";
  const problem = (msg: string, sub: string) => ctx.diags.report("PC0305", locSpan(ctx.at([...p, sub]), [], "key"), { problem: `service \`${s.name}\`: ${msg}` });
  if (kind === "helm" && !s.chart) problem("kind helm needs a chart", "kind");
  if (kind !== "helm" && s.chart) problem(`chart is set but kind is ${kind}`, "chart");
  if (kind !== "helm" && kind !== "bundled" && !s.image) problem(`kind ${kind} needs an image`, s.kind ? "kind" : "name");
  if (kind === "bundled" && s.image) problem("a bundled service is shipped by the distribution and takes no image", "image");
  const a = s.autoscaling;
  if (a) {
    if (a.min > a.max) ctx.diags.report("PC0704", locSpan(ctx.at([...p, "autoscaling"])), { service: s.name, problem: `autoscaling.min ${a.min} is above autoscaling.max ${a.max}` });
    else if (s.replicas !== undefined && (s.replicas < a.min || s.replicas > a.max)) {
      ctx.diags.report("PC0704", locSpan(ctx.at([...p, "replicas"])), { service: s.name, problem: `replicas ${s.replicas} is outside autoscaling bounds ${a.min}-${a.max}` }, { help: "drop replicas (it defaults to autoscaling.min) or move it inside the bounds" });
    }
    if (kind === "daemonset") ctx.diags.report("PC0704", locSpan(ctx.at([...p, "autoscaling"])), { service: s.name, problem: "a daemonset runs one pod per node and cannot autoscale" });
  }
}

function lowerPorts(ctx: Ctx, s: S.Service, p: Path): G.PortNode[] {
  const ports: G.PortNode[] = [];
  const byNumber = new Map<string, number>();
  const byName = new Map<string, number>();
  (s.ports ?? []).forEach((port, k) => {
    const pp: Path = [...p, "ports", k];
    const protocol = port.protocol ?? "TCP";
    const expose = port.expose ?? "ClusterIP";
    const name = port.name ?? defaultPortName(port.appProtocol, protocol, port.port, byName);
    const numKey = `${port.port}/${protocol}`;
    if (byNumber.has(numKey)) ctx.diags.report("PC0503", locSpan(ctx.at([...pp, "port"])), { service: s.name, what: "port", value: numKey }, { related: [{ span: locSpan(ctx.at([...p, "ports", byNumber.get(numKey)!, "port"])), message: "first here" }] });
    else byNumber.set(numKey, k);
    if (byName.has(name)) ctx.diags.report("PC0503", locSpan(ctx.at([...pp, port.name ? "name" : "port"])), { service: s.name, what: "port name", value: name }, { related: [{ span: locSpan(ctx.at([...p, "ports", byName.get(name)!])), message: "first here" }] });
    else byName.set(name, k);
    if (name.length > 15 || !/[a-z]/.test(name)) {
      ctx.diags.report("PC0206", locSpan(ctx.at([...pp, "name"])), { field: "port name", problem: `\`${name}\` must be at most 15 characters and contain a letter (Kubernetes IANA_SVC_NAME)` });
    }
    if (port.nodePort !== undefined && expose === "ClusterIP") ctx.diags.report("PC0507", locSpan(ctx.at([...pp, "nodePort"]), [], "key"), { field: "nodePort", port: port.port, service: s.name, expose }, { help: "add expose: NodePort" });
    for (const f of ["loadBalancerIP", "pool"] as const) {
      if (port[f] !== undefined && expose !== "LoadBalancer") ctx.diags.report("PC0507", locSpan(ctx.at([...pp, f]), [], "key"), { field: f, port: port.port, service: s.name, expose }, { help: "add expose: LoadBalancer" });
    }
    let lbIP: G.Address | undefined;
    if (port.loadBalancerIP) lbIP = address(ctx, port.loadBalancerIP, [...pp, "loadBalancerIP"], "address");
    const node: G.PortNode = {
      name,
      port: port.port,
      targetPort: port.targetPort ?? port.port,
      protocol,
      expose,
      nodePortAllocated: false,
      loadBalancerIPAllocated: false,
      metrics: port.metrics ?? false,
      loc: ctx.at(pp),
    };
    if (port.appProtocol) node.appProtocol = port.appProtocol;
    if (port.nodePort !== undefined) node.nodePort = port.nodePort;
    if (lbIP) node.loadBalancerIP = lbIP;
    if (port.pool) node.pool = port.pool;
    if (port.hostPort !== undefined) node.hostPort = port.hostPort;
    ports.push(node);
  });
  return ports;
}

function defaultPortName(appProtocol: string | undefined, protocol: string, port: number, taken: Map<string, number>): string {
  const ap = appProtocol?.toLowerCase();
  if (ap && /^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$/.test(ap) && !taken.has(ap)) return ap;
  return `${protocol.toLowerCase()}-${port}`;
}

function instantiateService(
  ctx: Ctx,
  s: S.Service,
  p: Path,
  cluster: G.ClusterNode,
  ns: G.NamespaceNode,
  ports: G.PortNode[],
  env: G.EnvironmentNode | undefined,
  _domain: string | undefined,
): G.ServiceNode {
  const ov = env?.overrides.find((o) => o.service === `${ns.base}/${s.name}`);
  const kind = s.kind ?? "deployment";
  let image = s.image;
  if (image && ov?.imageTag) image = withTag(image, ov.imageTag);
  const replicas = kind === "daemonset" ? 0 : (ov?.replicas ?? s.replicas ?? s.autoscaling?.min ?? 1);
  const req = s.resources?.requests ?? {};
  const lim = s.resources?.limits ?? {};
  const sec = s.security ?? {};
  const selector = s.selector && Object.keys(s.selector).length ? sortedRecord(s.selector) : { "app.kubernetes.io/name": s.name };
  const node: G.ServiceNode = {
    id: serviceId(cluster.name, ns.name, s.name),
    name: s.name,
    namespace: ns.name,
    cluster: cluster.name,
    baseNamespace: ns.base,
    kind,
    replicas,
    // Each instance owns its ports: allocation writes into them.
    ports: ports.map((x) => ({ ...x })),
    env: sortedRecord({ ...(s.env ?? {}), ...(ov?.env ?? {}) }),
    resources: {
      requests: quantities(req),
      limits: quantities(lim),
    },
    storage: (s.storage ?? []).map((v) => ({
      name: v.name,
      size: String(v.size),
      sizeBytes: memoryBytes(v.size),
      mountPath: v.mountPath,
      accessMode: v.accessMode ?? "ReadWriteOnce",
      ...(v.class ? { class: v.class } : {}),
    })),
    placement: {
      nodeSelector: sortedRecord(s.placement?.nodeSelector),
      tolerations: (s.placement?.tolerations ?? []).map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), ...(t.effect ? { effect: t.effect } : {}) })),
      ...(s.placement?.nodes ? { nodes: [...s.placement.nodes] } : {}),
      ...(s.placement?.gpu !== undefined ? { gpu: s.placement.gpu } : {}),
    },
    eligibleNodes: [],
    security: {
      runAsNonRoot: sec.runAsNonRoot ?? true,
      readOnlyRootFilesystem: sec.readOnlyRootFilesystem ?? true,
      allowPrivilegeEscalation: sec.allowPrivilegeEscalation ?? false,
      privileged: sec.privileged ?? false,
      capabilities: [...(sec.capabilities ?? [])].sort(),
      hostNetwork: sec.hostNetwork ?? false,
      ...(sec.runAsUser !== undefined ? { runAsUser: sec.runAsUser } : {}),
    },
    flows: [],
    ingress: [],
    layer: ns.layer,
    labels: sortedRecord({ ...(s.labels ?? {}), ...selector }),
    selector,
    selectorDefault: !(s.selector && Object.keys(s.selector).length),
    loc: ctx.at(p),
  };
  if (ns.environment) node.environment = ns.environment;
  if (s.description) node.description = s.description;
  if (image) node.image = image;
  if (s.chart) {
    node.chart = { repo: s.chart.repo, name: s.chart.name, version: s.chart.version, interval: s.chart.interval ?? "1h", values: sortKeysDeep(s.chart.values ?? {}) };
  }
  if (s.autoscaling) node.autoscaling = { min: s.autoscaling.min, max: s.autoscaling.max, targetCPU: s.autoscaling.targetCPU ?? 80 };
  if (s.layer) {
    if (!cluster.layerOrder.includes(s.layer)) {
      const help = didYouMean(s.layer, cluster.layerOrder);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "layer"])), { kind: "layer", name: s.layer }, { help: help ?? `layers of cluster \`${cluster.name}\`: ${cluster.layerOrder.join(", ")}` });
    } else node.layer = s.layer;
  }
  node.eligibleNodes = eligible(ctx, node, cluster, p);
  return node;
}

function withTag(image: string, tag: string): string {
  const at = image.indexOf("@");
  const base = at >= 0 ? image.slice(0, at) : image;
  const slash = base.lastIndexOf("/");
  const colon = base.lastIndexOf(":");
  const repo = colon > slash ? base.slice(0, colon) : base;
  return `${repo}:${tag}`;
}

function quantities(q: { cpu?: string | number; memory?: string | number }): G.Resources["requests"] {
  const out: G.Resources["requests"] = {};
  if (q.cpu !== undefined) {
    out.cpu = String(q.cpu);
    out.cpuMilli = cpuMillis(q.cpu);
  }
  if (q.memory !== undefined) {
    out.memory = String(q.memory);
    out.memoryBytes = memoryBytes(q.memory);
  }
  return out;
}

/** Nodes the scheduler may place the pods on: selector, node list, GPUs, and taints the pods tolerate. */
// Most services share a placement (none at all); computing eligibility once per distinct placement keeps
// lowering linear in services rather than services x nodes, and lets equal placements share one array.
const eligibleCache = new WeakMap<G.ClusterNode, Map<string, string[]>>();

function eligible(ctx: Ctx, s: G.ServiceNode, c: G.ClusterNode, p: Path): string[] {
  const key = JSON.stringify([s.placement, s.kind === "bundled"]);
  let perCluster = eligibleCache.get(c);
  if (!perCluster) eligibleCache.set(c, (perCluster = new Map()));
  const cached = perCluster.get(key);
  if (cached && (cached.length > 0 || s.kind === "bundled")) return cached;
  const result = computeEligible(ctx, s, c, p);
  perCluster.set(key, result);
  return result;
}

function computeEligible(ctx: Ctx, s: G.ServiceNode, c: G.ClusterNode, p: Path): string[] {
  const names = c.nodes.map((n) => n.name);
  (s.placement.nodes ?? []).forEach((n, k) => {
    if (!names.includes(n)) {
      const help = didYouMean(n, names);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "placement", "nodes", k])), { kind: `node of cluster \`${c.name}\``, name: n }, help ? { help } : {});
    }
  });
  const out = c.nodes
    .filter((n) => !s.placement.nodes || s.placement.nodes.includes(n.name))
    .filter((n) => Object.entries(s.placement.nodeSelector).every(([k, v]) => n.labels[k] === v))
    .filter((n) => s.placement.gpu === undefined || n.gpus.reduce((sum, g) => sum + g.count, 0) >= s.placement.gpu)
    .filter((n) => n.taints.every((t) => t.effect === "PreferNoSchedule" || s.placement.tolerations.some((tol) => tol.key === t.key && (tol.value === undefined || tol.value === t.value) && (tol.effect === undefined || tol.effect === t.effect))))
    .map((n) => n.name)
    .sort();
  if (out.length === 0 && s.kind !== "bundled") {
    const reasons: string[] = [];
    if (s.placement.nodes) reasons.push(`nodes ${s.placement.nodes.join(", ")}`);
    if (Object.keys(s.placement.nodeSelector).length) reasons.push(`selector ${Object.entries(s.placement.nodeSelector).map(([k, v]) => `${k}=${v}`).join(",")}`);
    if (s.placement.gpu !== undefined) reasons.push(`${s.placement.gpu} GPU${s.placement.gpu > 1 ? "s" : ""}`);
    if (c.nodes.some((n) => n.taints.some((t) => t.effect !== "PreferNoSchedule"))) reasons.push("tolerations of the node taints");
    ctx.diags.report("PC0705", locSpan(ctx.at(p[0] === "services" ? [...p, "placement"] : p)), { service: s.id, reason: `no node of cluster \`${c.name}\` matches ${reasons.join(" and ") || "its placement"}` });
  }
  return out;
}

// ── flows and ingress routes ────────────────────────────────────────────────────────────────────────

type Resolved = { ok: true; service: G.ServiceNode } | { ok: false };

// Flows are resolved one by one; an index per service list keeps that linear in the number of flows.
const indexes = new WeakMap<readonly G.ServiceNode[], { byId: Map<string, G.ServiceNode>; byBase: Map<string, G.ServiceNode[]> }>();
function serviceIndex(all: readonly G.ServiceNode[]) {
  let index = indexes.get(all);
  if (!index) {
    index = { byId: new Map(), byBase: new Map() };
    for (const s of all) {
      index.byId.set(s.id, s);
      const key = `${s.cluster}/${s.baseNamespace}/${s.name}`;
      const list = index.byBase.get(key);
      if (list) list.push(s);
      else index.byBase.set(key, [s]);
    }
    indexes.set(all, index);
  }
  return index;
}

function resolveServiceRef(ctx: Ctx, ref: string, from: G.ServiceNode | undefined, fromCluster: string, all: G.ServiceNode[], clusters: G.ClusterNode[], path: Path): Resolved {
  const parts = ref.split("/");
  let cluster = fromCluster;
  let ns: string | undefined = from?.namespace;
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) [ns, name] = parts as [string, string];
  else if (parts.length === 3) [cluster, ns, name] = parts as [string, string, string];
  else {
    ctx.diags.report("PC0309", locSpan(ctx.at(path)), { problem: `\`${ref}\` is not a service reference: write <service>, <namespace>/<service> or <cluster>/<namespace>/<service>` });
    return { ok: false };
  }
  const index = serviceIndex(all);
  const direct = index.byId.get(`${cluster}/${ns}/${name}`);
  if (direct) return { ok: true, service: direct };
  // A base namespace name: inside the same environment it means that environment's instance.
  const viaBase = index.byBase.get(`${cluster}/${ns}/${name}`) ?? [];
  if (viaBase.length === 1) return { ok: true, service: viaBase[0]! };
  if (viaBase.length > 1) {
    const same = viaBase.find((s) => from && s.environment === from.environment);
    if (same) return { ok: true, service: same };
    ctx.diags.report("PC0307", locSpan(ctx.at(path)), { ref, kind: "a service", reason: `namespace \`${ns}\` exists once per environment` }, { help: `name the instance: ${viaBase.map((s) => `${s.namespace}/${s.name}`).join(" or ")}` });
    return { ok: false };
  }
  const candidates = all.filter((s) => s.cluster === cluster).map((s) => (parts.length === 1 && s.namespace === ns ? s.name : `${s.namespace}/${s.name}`));
  if (!clusters.some((c) => c.name === cluster)) {
    const help = didYouMean(cluster, clusters.map((c) => c.name));
    ctx.diags.report("PC0301", locSpan(ctx.at(path)), { kind: "cluster", name: cluster }, help ? { help } : {});
    return { ok: false };
  }
  const help = didYouMean(parts.length === 1 ? name : `${ns}/${name}`, candidates);
  ctx.diags.report("PC0301", locSpan(ctx.at(path)), { kind: "service", name: ref }, { help: help ?? (parts.length === 1 ? `no service \`${name}\` in namespace \`${ns}\`; write <namespace>/<service> for another namespace` : "declare it under services:") });
  return { ok: false };
}

function pickPort(ctx: Ctx, ports: G.PortNode[], want: number | string | undefined, targetText: string, path: Path, preferName?: string): G.PortNode | undefined {
  if (want === undefined) {
    if (ports.length === 1) return ports[0];
    const preferred = preferName ? ports.find((x) => x.name === preferName) : undefined;
    if (preferred) return preferred;
    ctx.diags.report("PC0304", locSpan(ctx.at(path)), { target: targetText, problem: ports.length ? "has several ports and none is named" : "has no ports" }, {
      help: ports.length ? `add port: one of ${ports.map((x) => `${x.port} (${x.name})`).join(", ")}` : "declare the port under the target's ports:",
    });
    return undefined;
  }
  const found = typeof want === "number" ? ports.find((x) => x.port === want) : ports.find((x) => x.name === want);
  if (!found) {
    const help = typeof want === "string" ? didYouMean(want, ports.map((x) => x.name)) : undefined;
    ctx.diags.report("PC0304", locSpan(ctx.at([...path, "port"])), { target: targetText, problem: `has no port \`${want}\`` }, {
      help: help ?? (ports.length ? `its ports: ${ports.map((x) => `${x.port} (${x.name})`).join(", ")}` : "the target declares no ports"),
    });
  }
  return found;
}

/** The built-in flow target naming the cluster's API server. */
export const KUBERNETES_API = "kubernetes-api";
/** The port of the `kubernetes` Service in the default namespace, which kube-proxy/Cilium DNAT to apiEndpoint.port. */
const KUBERNETES_SERVICE_PORT = 443;

function apiServerTarget(ctx: Ctx, c: G.ClusterNode, f: S.Flow, fp: Path): G.FlowTarget | undefined {
  const port = c.apiEndpoint.port;
  if (f.port !== undefined && f.port !== port && f.port !== KUBERNETES_SERVICE_PORT) {
    ctx.diags.report("PC1208", locSpan(ctx.at([...fp, "port"])), { port: String(f.port), cluster: c.name, apiPort: String(port) }, {
      help: `leave port out (it is ${port}), or write ${port} or 443`,
    });
    return undefined;
  }
  if (f.protocol !== undefined && f.protocol !== "TCP") {
    ctx.diags.report("PC1208", locSpan(ctx.at([...fp, "protocol"])), { port: `${f.port ?? port}/${f.protocol}`, cluster: c.name, apiPort: `${port}/TCP` }, { help: "leave protocol out: the API server speaks TCP" });
    return undefined;
  }
  const seen = new Map<string, G.Address>();
  for (const n of c.nodes) {
    if (n.role !== "controlplane") continue;
    for (const a of [n.address, ...n.addresses.map((x) => x.address)]) seen.set(a.text, a);
  }
  if (c.apiEndpoint.vip) seen.set(c.apiEndpoint.vip.text, c.apiEndpoint.vip);
  const addresses = [...seen.values()].sort((a, b) => a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { kind: "apiserver", cluster: c.name, port, protocol: "TCP", addresses };
}

function resolveFlowsAndRoutes(ctx: Ctx, data: S.PlatformcPlatformYaml, clusters: G.ClusterNode[], services: G.ServiceNode[], externals: G.ExternalNode[]): void {
  const byIndex = new Map<number, G.ServiceNode[]>();
  const specIndex = new Map<G.ServiceNode, number>();
  for (const s of services) {
    const idx = s.loc.path[1] as number;
    specIndex.set(s, idx);
    const list = byIndex.get(idx) ?? [];
    list.push(s);
    byIndex.set(idx, list);
  }
  const specServices = data.services ?? [];
  for (const s of services) {
    const i = specIndex.get(s)!;
    const spec = specServices[i]!;
    // Report each spec-level problem once, not once per environment instance.
    const quiet = byIndex.get(i)![0] !== s;
    const sub: Ctx = quiet ? { ...ctx, diags: { report: () => {}, add: () => {}, items: [], hasErrors: false } as unknown as Diagnostics } : ctx;
    (spec.flows ?? []).forEach((f, k) => {
      const fp: Path = ["services", i, "flows", k];
      if (f.to === KUBERNETES_API) {
        const target = apiServerTarget(sub, clusters.find((c) => c.name === s.cluster)!, f, fp);
        if (target) s.flows.push({ target, ...(f.label ? { label: f.label } : {}), loc: ctx.at(fp) });
        return;
      }
      if (f.to.startsWith("external:")) {
        const name = f.to.slice("external:".length);
        const ext = externals.find((e) => e.name === name);
        if (!ext) {
          const help = didYouMean(name, externals.map((e) => e.name));
          sub.diags.report("PC0301", locSpan(ctx.at([...fp, "to"])), { kind: "external endpoint", name }, { help: help ?? "declare it under externals:" });
          return;
        }
        let port: number | undefined;
        let protocol = f.protocol ?? "TCP";
        if (ext.ports.length) {
          const want = f.port;
          const found = want === undefined ? (ext.ports.length === 1 ? ext.ports[0] : undefined) : ext.ports.find((x) => (typeof want === "number" ? x.port === want : x.name === want));
          if (!found) {
            sub.diags.report("PC0304", locSpan(ctx.at(want === undefined ? [...fp, "to"] : [...fp, "port"])), { target: `external \`${name}\``, problem: want === undefined ? "has several ports and none is named" : `has no port \`${want}\`` }, { help: `its ports: ${ext.ports.map((x) => x.port).join(", ")}` });
            return;
          }
          port = found.port;
          protocol = f.protocol ?? found.protocol;
        } else if (typeof f.port === "number") port = f.port;
        else {
          sub.diags.report("PC0304", locSpan(ctx.at([...fp, f.port === undefined ? "to" : "port"])), { target: `external \`${name}\``, problem: f.port === undefined ? "lists no ports and the flow names none" : `lists no ports, so port \`${f.port}\` must be a number` }, { help: "give the port number, or list the endpoint's ports under externals:" });
          return;
        }
        if (!ext.address) {
          sub.diags.report("PC0309", locSpan(ctx.at([...fp, "to"])), { problem: `external \`${name}\` has no address, so no egress rule can name it` }, { help: "add address: to the external endpoint" });
          return;
        }
        s.flows.push({
          target: { kind: "external", name, port, protocol, ranges: [ext.address.range], addressText: ext.address.text },
          ...(f.label ? { label: f.label } : {}),
          loc: ctx.at(fp),
        });
        return;
      }
      const r = resolveServiceRef(sub, f.to, s, s.cluster, services, clusters, [...fp, "to"]);
      if (!r.ok) return;
      const t = r.service;
      const port = pickPort(sub, t.ports, f.port, `service \`${t.namespace}/${t.name}\``, fp);
      if (!port) return;
      if (f.protocol && f.protocol !== port.protocol) {
        sub.diags.report("PC0304", locSpan(ctx.at([...fp, "protocol"])), { target: `service \`${t.namespace}/${t.name}\``, problem: `has no port ${port.port}/${f.protocol}` }, { help: `port ${port.port} is ${port.protocol}` });
        return;
      }
      s.flows.push({
        target: { kind: "service", id: t.id, cluster: t.cluster, namespace: t.namespace, name: t.name, port: port.port, portName: port.name, targetPort: port.targetPort, protocol: port.protocol },
        ...(f.label ? { label: f.label } : {}),
        loc: ctx.at(fp),
      });
    });
    const cluster = clusters.find((c) => c.name === s.cluster)!;
    const env = (data.environments ?? []).findIndex((e) => e.name === s.environment);
    (spec.ingress ?? []).forEach((route, k) => {
      const rp: Path = ["services", i, "ingress", k];
      if (!cluster.ingress && !data.clusters.find((c) => c.name === cluster.name)?.ingress) {
        if (k === 0) sub.diags.report("PC0308", locSpan(ctx.at(["services", i, "ingress"]), [], "key"), { service: s.name, cluster: cluster.name });
        return;
      }
      const port = pickPort(sub, s.ports, route.port, `service \`${s.namespace}/${s.name}\``, rp, "http");
      if (!port) return;
      let host = normaliseDns(route.host);
      if (!host.includes(".")) {
        const domain = data.platform.domain;
        if (!domain) {
          sub.diags.report("PC0309", locSpan(ctx.at([...rp, "host"])), { problem: `host \`${route.host}\` is not fully qualified and the platform has no domain` }, { help: "write the full hostname, or set platform.domain" });
          return;
        }
        host = `${host}.${normaliseDns(domain)}`;
      }
      const envNode = env >= 0 ? data.environments![env] : undefined;
      if (envNode) {
        const prefix = envNode.hostPrefix ?? (env === 0 ? "" : `${envNode.name}-`);
        host = prefix + host;
      }
      const node: G.IngressRouteNode = { host, path: route.path ?? "/", port: port.port, portName: port.name, targetPort: port.targetPort, tls: route.tls ?? true, loc: ctx.at(rp) };
      if (route.auth) {
        const a = resolveServiceRef(sub, route.auth, s, s.cluster, services, clusters, [...rp, "auth"]);
        if (!a.ok) return;
        node.auth = a.service.id;
      }
      s.ingress.push(node);
    });
  }
}

function resolveExternalFlows(ctx: Ctx, data: S.PlatformcPlatformYaml, clusters: G.ClusterNode[], services: G.ServiceNode[], externals: G.ExternalNode[]): void {
  (data.externals ?? []).forEach((e, i) => {
    const ext = externals.find((x) => x.name === e.name && x.loc.path[1] === i);
    if (!ext) return;
    (e.flows ?? []).forEach((f, k) => {
      const fp: Path = ["externals", i, "flows", k];
      if (f.to === KUBERNETES_API) {
        ctx.diags.report("PC0309", locSpan(ctx.at([...fp, "to"])), { problem: "an external endpoint's flow to the Kubernetes API is outside the platform's policies" }, { help: "only a service's flow can name kubernetes-api" });
        return;
      }
      if (f.to.startsWith("external:")) {
        ctx.diags.report("PC0309", locSpan(ctx.at([...fp, "to"])), { problem: "a flow between two external endpoints is outside the platform" }, { help: "name a service as <namespace>/<service>" });
        return;
      }
      if (f.to.split("/").length < 2 && clusters.length > 0) {
        ctx.diags.report("PC0309", locSpan(ctx.at([...fp, "to"])), { problem: `\`${f.to}\` needs its namespace: an external endpoint has none of its own` }, { help: "write <namespace>/<service>" });
        return;
      }
      const cluster = f.to.split("/").length === 3 ? f.to.split("/")[0]! : clusters[0]!.name;
      if (f.to.split("/").length === 2 && clusters.length > 1) {
        ctx.diags.report("PC0303", locSpan(ctx.at([...fp, "to"])), { what: `flow target \`${f.to}\`` }, { help: "write <cluster>/<namespace>/<service>" });
        return;
      }
      const r = resolveServiceRef(ctx, f.to, undefined, cluster, services, clusters, [...fp, "to"]);
      if (!r.ok) return;
      const t = r.service;
      const port = pickPort(ctx, t.ports, f.port, `service \`${t.namespace}/${t.name}\``, fp);
      if (!port) return;
      ext.flows.push({
        target: { kind: "service", id: t.id, cluster: t.cluster, namespace: t.namespace, name: t.name, port: port.port, portName: port.name, targetPort: port.targetPort, protocol: port.protocol },
        ...(f.label ? { label: f.label } : {}),
        loc: ctx.at(fp),
      });
    });
  });
}

function resolveIngressController(ctx: Ctx, data: S.PlatformcPlatformYaml, c: G.ClusterNode): void {
  const idx = data.clusters.findIndex((x) => x.name === c.name);
  const spec = data.clusters[idx]?.ingress;
  if (!spec) return;
  const path: Path = ["clusters", idx, "ingress", "service"];
  const parts = spec.service.split("/");
  if (ctx.brokenNamespaces.has(parts[0] ?? "")) return;
  if (parts.length !== 2) {
    ctx.diags.report("PC0309", locSpan(ctx.at(path)), { problem: `\`${spec.service}\` is not a <namespace>/<service> reference` });
    return;
  }
  const r = resolveServiceRef(ctx, spec.service, undefined, c.name, c.services, [c], path);
  if (!r.ok) return;
  const defaults = { traefik: "traefik", nginx: "nginx", "gateway-api": "gateway" } as const;
  c.ingress = { type: spec.type, service: r.service.id, className: spec.className ?? defaults[spec.type], ...(spec.certIssuer ? { certIssuer: spec.certIssuer } : {}) };
  if (spec.acme && spec.certIssuer) {
    const a = spec.acme;
    c.ingress.acme = { email: a.email, server: a.server ?? "https://acme-v02.api.letsencrypt.org/directory", solver: a.solver ?? "http01", secretName: a.secretName ?? "cloudflare-api-token" };
  }
}

/** K3s and Talos both run CoreDNS in kube-system with the pod label k8s-app: kube-dns, answering on 53. */
function distributionDNS(): G.ClusterDNS {
  return { namespace: "kube-system", selector: { "k8s-app": "kube-dns" }, ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] };
}

/** A declared service named coredns or kube-dns is the cluster DNS: its namespace, pod labels and port 53 mapping. */
function resolveClusterDNS(c: G.ClusterNode): void {
  const s = c.services.find((x) => x.name === "coredns") ?? c.services.find((x) => x.name === "kube-dns");
  if (!s) return;
  const target = (protocol: "UDP" | "TCP") => (s.ports.find((p) => p.port === 53 && p.protocol === protocol) ?? s.ports.find((p) => p.port === 53))?.targetPort ?? 53;
  c.dns = { service: s.id, namespace: s.namespace, selector: { ...s.selector }, ports: [{ port: target("UDP"), protocol: "UDP" }, { port: target("TCP"), protocol: "TCP" }] };
}

// ── externals and DNS ───────────────────────────────────────────────────────────────────────────────

function lowerExternals(ctx: Ctx, list: S.External[]): G.ExternalNode[] {
  uniqueNames(ctx, list.map((e, i) => ({ name: e.name, path: ["externals", i, "name"] })), "external endpoint");
  const out: G.ExternalNode[] = [];
  list.forEach((e, i) => {
    const p: Path = ["externals", i];
    const node: G.ExternalNode = {
      name: e.name,
      ports: (e.ports ?? []).map((x) => ({ port: x.port, protocol: x.protocol ?? "TCP", ...(x.name ? { name: x.name } : {}) })),
      flows: [],
      loc: ctx.at(p),
    };
    if (e.description) node.description = e.description;
    if (e.hostname) node.hostname = normaliseDns(e.hostname);
    if (e.address) {
      const r = parseAddressRange(e.address);
      if (!r.ok) ctx.diags.report("PC0306", locSpan(ctx.at([...p, "address"])), { value: e.address, what: "address or CIDR", reason: r.reason }, r.suggestion ? { help: `did you mean ${r.suggestion}?` } : {});
      else node.address = { text: e.address, range: r.range };
    }
    out.push(node);
  });
  return out;
}

function lowerZones(ctx: Ctx, list: NonNullable<NonNullable<S.PlatformcPlatformYaml["dns"]>["zones"]>, clusters: G.ClusterNode[]): G.ZoneNode[] {
  uniqueNames(ctx, list.map((z, i) => ({ name: normaliseDns(z.name), path: ["dns", "zones", i, "name"] })), "zone");
  return list.map((z, i) => {
    const p: Path = ["dns", "zones", i];
    const name = normaliseDns(z.name);
    const provider = z.provider ?? "bind";
    const node: G.ZoneNode = {
      name,
      provider,
      nameservers: (z.nameservers ?? []).length ? (z.nameservers ?? []).map(normaliseDns) : [`ns1.${name}`],
      nameserversDeclared: (z.nameservers ?? []).length > 0,
      admin: z.admin ?? `hostmaster@${name}`,
      ttl: z.ttl ?? 300,
      wildcard: z.wildcard ?? false,
      records: [],
      loc: ctx.at(p),
    };
    if (provider === "external-dns") {
      const c = clusterOf(ctx, clusters, z.cluster, p, `zone \`${name}\` (provider external-dns)`);
      if (c) node.cluster = c.name;
    } else if (z.cluster !== undefined) {
      const c = clusterOf(ctx, clusters, z.cluster, p, `zone \`${name}\``);
      if (c) node.cluster = c.name;
    }
    (z.records ?? []).forEach((r, k) => {
      const rp: Path = [...p, "records", k];
      const raw = r.name.trim();
      const fqdn = raw === "@" ? name : raw.endsWith(".") ? normaliseDns(raw) : `${raw.toLowerCase()}.${name}`;
      node.records.push({ fqdn, type: r.type, values: [...r.values], ttl: r.ttl ?? node.ttl, source: `records[${k}]`, loc: ctx.at(rp) });
    });
    return node;
  });
}
