// The Talos config patches: everything the spec says about a cluster and its nodes, and nothing secret.
// talosctl gen config --with-secrets writes the rest (CAs, tokens, images, defaults) and applies these with
// strategic merge; platformc's own --secrets route merges them into the same base (render.ts).
import type * as G from "../../src/graph.js";
import { contractOf, endpointURL } from "./contract.js";
import { nodeNetwork, type NodeNetwork } from "./network.js";
import { replacementDNS } from "../../src/plan/cluster-dns.js";
import { strategicMerge } from "./merge.js";

export type Doc = Record<string, unknown>;

const K8S_DEFAULT_NODE_MASK = { 4: 24, 6: 64 } as const;

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

/** A node's subnets as etcd and the kubelet see them: the primary network, so overlay addresses are never picked. */
function etcdSubnets(g: G.Graph, c: G.ClusterNode): string[] {
  return uniq(c.nodes.filter((n) => n.etcd).flatMap((n) => nodeNetwork(g, c, n).nodeSubnets)).sort();
}

/** For every node (talosctl gen config --config-patch). */
export function clusterPatch(g: G.Graph, c: G.ClusterNode): Doc[] {
  const t = c.talos!;
  const network: Doc = {
    dnsDomain: c.clusterDomain,
    podSubnets: [c.podCIDR.text],
    serviceSubnets: [c.serviceCIDR.text],
  };
  if (c.cni.name === "cilium") network.cni = { name: "none" };
  else {
    // Talos deploys flannel with one argument list for all nodes (PC1106 warns when the nodes disagree).
    const iface = c.nodes[0]?.flannelInterface;
    if (iface) network.cni = { name: "flannel", flannel: { extraArgs: [`--iface=${iface}`] } };
  }
  return strategicMerge([{ machine: { install: { image: t.installImage } }, cluster: { network } }], t.patches.all);
}

/** For control-plane nodes only (--config-patch-control-plane). */
export function controlPlanePatch(g: G.Graph, c: G.ClusterNode): Doc[] {
  const contract = contractOf(c.talos!);
  const cluster: Doc = {};
  // gen config already lists the endpoint's host up to v1.11; Talos adds node addresses itself.
  const inBase = contract.sansFromEndpoint ? [c.apiEndpoint.host] : [];
  const sans = uniq([c.apiEndpoint.host, ...(c.apiEndpoint.vip ? [c.apiEndpoint.vip.text] : []), ...c.apiEndpoint.extraSANs]).filter((s) => !inBase.includes(s));
  const apiServer: Doc = {};
  const range = c.nodePortRange;
  if (range.min !== 30000 || range.max !== 32767) apiServer.extraArgs = { "service-node-port-range": `${range.min}-${range.max}` };
  if (sans.length) apiServer.certSANs = sans;
  if (Object.keys(apiServer).length) cluster.apiServer = apiServer;
  if (c.nodeMaskSize !== K8S_DEFAULT_NODE_MASK[c.podCIDR.family]) {
    cluster.controllerManager = { extraArgs: { "node-cidr-mask-size": String(c.nodeMaskSize) } };
  }
  if (c.cni.name === "cilium" && c.cni.kubeProxyReplacement) cluster.proxy = { disabled: true };
  // The spec's CoreDNS chart takes over the kube-dns Service; two CoreDNS deployments would fight over it.
  if (replacementDNS(c)) cluster.coreDNS = { disabled: true };
  cluster.etcd = { advertisedSubnets: etcdSubnets(g, c) };
  // Control-plane nodes carry a NoSchedule taint; a cluster of control-plane nodes only must run workloads on them.
  if (!c.nodes.some((n) => n.role === "worker")) cluster.allowSchedulingOnControlPlanes = true;
  return strategicMerge([{ cluster }], c.talos!.patches.controlplane);
}

function defaultRoute(a: G.Address): string {
  return a.family === 4 ? "0.0.0.0/0" : "::/0";
}

function legacyNetwork(n: G.NodeNode, net: NodeNetwork): Doc {
  const interfaces = new Map<string, Doc>();
  const iface = (name: string): Doc => {
    let d = interfaces.get(name);
    if (!d) {
      d = { interface: name };
      interfaces.set(name, d);
    }
    return d;
  };
  for (const l of net.links) {
    const target: Doc = l.vlan !== undefined ? { vlanId: l.vlan } : iface(l.parent);
    if (l.addresses.length) target.addresses = l.addresses;
    if (l.gateway) target.routes = [{ network: defaultRoute(l.gateway), gateway: l.gateway.text }];
    if (net.vip?.link === l.name) target.vip = { ip: net.vip.ip };
    if (l.vlan !== undefined) {
      const parent = iface(l.parent);
      parent.vlans = [...((parent.vlans as Doc[] | undefined) ?? []), target];
    }
  }
  const network: Doc = { hostname: n.name };
  if (net.nameservers.length) network.nameservers = net.nameservers;
  if (interfaces.size) network.interfaces = [...interfaces.values()];
  return network;
}

function networkDocuments(n: G.NodeNode, net: NodeNetwork): Doc[] {
  const docs: Doc[] = [{ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: n.name, auto: "off" }];
  if (net.nameservers.length) docs.push({ apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: net.nameservers.map((address) => ({ address })) });
  for (const l of net.links) {
    const body: Doc = {};
    if (l.addresses.length) body.addresses = l.addresses.map((address) => ({ address }));
    if (l.gateway) body.routes = [{ gateway: l.gateway.text }];
    docs.push(
      l.vlan !== undefined
        ? { apiVersion: "v1alpha1", kind: "VLANConfig", name: l.name, vlanID: l.vlan, parent: l.parent, ...body }
        : { apiVersion: "v1alpha1", kind: "LinkConfig", name: l.name, ...body },
    );
  }
  if (net.vip) docs.push({ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: net.vip.ip, link: net.vip.link });
  return docs;
}

/** One node's patch (talosctl machineconfig patch): identity, disk, network, labels and taints. */
export function nodePatch(g: G.Graph, c: G.ClusterNode, n: G.NodeNode): Doc[] {
  const t = c.talos!;
  const contract = contractOf(t);
  const net = nodeNetwork(g, c, n);
  const machine: Doc = {};
  const install: Doc = { disk: n.talos!.installDisk };
  if (n.talos!.installImage !== t.installImage) install.image = n.talos!.installImage;
  const kubelet: Doc = { nodeIP: { validSubnets: net.nodeSubnets } };
  // NodeRestriction forbids workers to taint themselves through the API, so their taints are registered by the kubelet.
  if (n.role === "worker" && n.taints.length) {
    kubelet.extraConfig = { registerWithTaints: n.taints.map((x) => ({ key: x.key, ...(x.value !== undefined ? { value: x.value } : {}), effect: x.effect })) };
  }
  machine.kubelet = kubelet;
  if (!contract.multidocNetwork) machine.network = legacyNetwork(n, net);
  machine.install = install;
  if (Object.keys(n.labels).length) machine.nodeLabels = { ...n.labels };
  if (n.role === "controlplane" && n.taints.length) {
    machine.nodeTaints = Object.fromEntries(n.taints.map((x) => [x.key, x.value !== undefined ? `${x.value}:${x.effect}` : x.effect]));
  }
  const own = [{ machine }, ...(contract.multidocNetwork ? networkDocuments(n, net) : [])];
  // platformc writes no worker patch file (the README's commands stay as they are): the worker patches go into
  // each worker's own patch, before the node's own patches, which therefore win.
  return strategicMerge(strategicMerge(own, n.role === "worker" ? t.patches.worker : []), n.talos!.patches);
}

export { endpointURL };
