// Lowers clusters: CIDRs, CNI, API endpoint, Talos settings, load balancer pools, BGP, mesh and GitOps, with
// their nodes (nodes.ts) and layers (layers.ts). Namespaces and services are attached later by other steps.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { parseAddressRange, rangeContains, rangesOverlap } from "../lib/net/ip.js";
import { didYouMeanOrList } from "../lib/suggest.js";
import { talosSettings } from "../plan/talos.js";
import { type Ctx, address, cidr, normaliseDns, uniqueNames } from "./context.js";
import { lowerNode } from "./nodes.js";
import { lowerLayers } from "./layers.js";
import { lowerDecryption } from "./secrets.js";
import { distributionDNS } from "./cluster-dns.js";
import { lowerNodeConfigs } from "./node-configs.js";

export function lowerClusters(ctx: Ctx, list: S.Cluster[], networks: G.NetworkNode[]): G.ClusterNode[] {
  const clusters = list.map((c, i) => lowerCluster(ctx, c, ["clusters", i], networks));
  uniqueNames(ctx, list.map((c, i) => ({ name: c.name, path: ["clusters", i, "name"] })), "cluster");
  // Hostnames must be unique across the platform: they become DNS names and Talos/K3s node names.
  uniqueNames(
    ctx,
    list.flatMap((c, i) => c.nodes.map((n, j) => ({ name: n.name, path: ["clusters", i, "nodes", j, "name"] as Path }))),
    "node",
  );
  return clusters;
}

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
  recordedPodCIDRs(ctx, nodes, nodeMaskSize, podCIDR);
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
    const talos = { ...talosSettings(c.version, c.kubernetesVersion, c.installImage), patches: { all: [], controlplane: [], worker: [] } };
    cluster.talos = talos;
    nodes.forEach((n, j) => {
      const spec = c.nodes[j]!;
      n.talos = { installDisk: spec.installDisk ?? "/dev/sda", installImage: spec.installImage ?? talos.installImage, patches: [] };
    });
  }
  lowerNodeConfigs(ctx, c, p, cluster);
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
    const layers = lowerLayers(ctx, g.layers ?? [], [...p, "gitops", "layers"], c.name, g.tool);
    cluster.gitops = {
      tool: g.tool,
      repo: g.repo,
      branch: g.branch ?? "main",
      // The cluster's tree in the repository, as GitOps reads it once out/ is committed.
      path: g.path ?? `${ctx.opts.outPath}/${(ctx.spec.data as S.PlatformcPlatformYaml).platform.name}/clusters/${c.name}`,
      interval: g.interval ?? "10m",
      layers,
    };
    const decryption = lowerDecryption(ctx, g, p, c.name);
    if (decryption) cluster.gitops.decryption = decryption;
    if (layers.length > 0) cluster.layerOrder = [...layers].sort((a, b) => a.order - b.order).map((l) => l.name);
  }
  return cluster;
}

/** The cluster a namespace or zone names, or the only cluster when it names none. */
export function clusterOf(ctx: Ctx, clusters: G.ClusterNode[], name: string | undefined, path: Path, what: string): G.ClusterNode | undefined {
  if (name === undefined) {
    if (clusters.length === 1) return clusters[0];
    ctx.diags.report("PC0303", locSpan(ctx.at(path)), { what }, { help: `add cluster: <name>, one of ${clusters.map((c) => c.name).join(", ")}` });
    return undefined;
  }
  const c = clusters.find((x) => x.name === name);
  if (!c) {
    const help = didYouMeanOrList(name, clusters.map((x) => x.name), "clusters", "declare it under clusters:");
    ctx.diags.report("PC0301", locSpan(ctx.at([...path, "cluster"])), { kind: "cluster", name }, { help });
  }
  return c;
}

/**
 * A node's podCIDR records what the controller manager assigned it (node.spec.podCIDR): it hands out /nodeMaskSize
 * blocks of the cluster's pod CIDR as nodes join, and nothing platformc writes can choose which. A record that no
 * assignment could produce (another size, a block two nodes share) is wrong about the cluster.
 */
function recordedPodCIDRs(ctx: Ctx, nodes: G.NodeNode[], nodeMaskSize: number, podCIDR: G.Cidr | undefined): void {
  if (!podCIDR) return;
  const seen: G.NodeNode[] = [];
  for (const n of nodes) {
    const own = n.podCIDR;
    if (!own || !rangeContains(podCIDR.range, own.range)) continue;
    if (own.prefix !== nodeMaskSize) {
      ctx.diags.report("PC0405", locSpan(n.loc, ["podCIDR"]), { problem: `pod CIDR ${own.text} of node \`${n.name}\` is a /${own.prefix}, but the controller manager assigns each node a /${nodeMaskSize} (nodeMaskSize)` }, {
        help: `record the /${nodeMaskSize} the node was assigned (kubectl get node ${n.name} -o jsonpath='{.spec.podCIDR}'), or set nodeMaskSize`,
      });
      continue;
    }
    const other = seen.find((o) => rangesOverlap(o.podCIDR!.range, own.range));
    if (other) {
      ctx.diags.report("PC0405", locSpan(n.loc, ["podCIDR"]), { problem: `pod CIDR ${own.text} of node \`${n.name}\` is also the pod CIDR of node \`${other.name}\`` }, {
        related: [{ span: locSpan(other.loc, ["podCIDR"]), message: "recorded here first" }],
        help: `each node is assigned its own block: record what \`kubectl get node ${n.name} -o jsonpath='{.spec.podCIDR}'\` prints`,
      });
      continue;
    }
    seen.push(n);
  }
}
