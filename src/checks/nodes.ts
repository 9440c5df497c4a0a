// Rules that decide whether a node's Talos machine config, K3s config.yaml or CNI values can work: what the
// distribution, the kubelet and Cilium would refuse or silently ignore at boot, reported before anyone boots.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { TALOS_NEWEST_CONTRACT, TALOS_OLDEST_CONTRACT, vipInterface } from "../plan/talos.js";

export function checkTalosVersions(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (!c.talos || c.version === undefined) continue;
    const [major = 1, minor = 0] = c.talos.version.slice(1).split(".").map(Number);
    if (major === 1 && minor < TALOS_OLDEST_CONTRACT) {
      diags.report("PC1101", locSpan(c.loc, ["version"]), { cluster: c.name, version: c.talos.version, oldest: `v1.${TALOS_OLDEST_CONTRACT}` }, { help: `upgrade the cluster to Talos v1.${TALOS_NEWEST_CONTRACT} and declare that version` });
    } else if (major > 1 || minor > TALOS_NEWEST_CONTRACT) {
      const contract = `v${c.talos.contract.major}.${c.talos.contract.minor}`;
      // With kubernetesVersion declared, only the newer release's own settings are missing: say how to add those.
      const help =
        c.kubernetesVersion === undefined
          ? `set kubernetesVersion to the Kubernetes release you run: without it the configs name Kubernetes v${c.talos.kubernetesVersion}, the default of Talos ${contract}`
          : `kubernetesVersion ${c.kubernetesVersion} is used as declared; add settings new in Talos ${c.talos.version} with talos.patches, or declare a Talos release up to ${contract}`;
      diags.report("PC1102", locSpan(c.loc, ["version"]), { cluster: c.name, version: c.talos.version, contract }, { help });
    }
  }
}

/**
 * PC1124: nodes[].installDisk says where Talos installs itself; a K3s node runs on an OS installed beforehand, and
 * nothing platformc writes for K3s would read it.
 */
export function checkInstallDisks(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (c.distribution !== "k3s") continue;
    for (const n of c.nodes) {
      if (n.installDisk === undefined) continue;
      diags.report("PC1124", locSpan(n.loc, ["installDisk"], "key"), { field: `installDisk of node \`${n.name}\``, wanted: "Talos", cluster: c.name, distribution: "K3s" }, {
        help: "remove installDisk: K3s installs onto an OS you set up yourself",
      });
    }
  }
}

export function checkEtcdMembers(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const servers = c.nodes.filter((n) => n.role === "controlplane");
    if (c.distribution === "k3s" && servers.length > 1 && !servers.some((n) => n.etcd)) {
      diags.report("PC1113", locSpan(c.loc, ["nodes"], "key"), { cluster: c.name, count: servers.length }, { help: "let the servers be etcd members (remove etcd: false), or run one server" });
    }
    for (const n of c.nodes) {
      if (n.etcd && n.role !== "controlplane") {
        diags.report("PC1103", locSpan(n.loc, ["etcd"]), { node: n.name, cluster: c.name }, { help: "make the node role: controlplane, or remove etcd: true" });
      }
      if (!n.etcd && n.role === "controlplane" && c.distribution === "talos") {
        diags.report("PC1112", locSpan(n.loc, ["etcd"]), { node: n.name, cluster: c.name }, { help: "remove etcd: false, or make the node a worker" });
      }
    }
  }
}

export function checkTalosVIP(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const vip = c.apiEndpoint.vip;
    if (!c.talos || !vip) continue;
    for (const n of c.nodes) {
      if (n.role !== "controlplane" || vipInterface(g, n, vip)) continue;
      diags.report("PC1104", locSpan(n.loc, ["name"]), { vip: vip.text, cluster: c.name, node: n.name }, {
        related: [{ span: locSpan(c.loc, ["apiEndpoint", "vip"]), message: "the VIP" }],
        help: "add interface: <link name> (e.g. enp1s0) to the node",
      });
    }
  }
}

// What NodeRestriction lets a kubelet set on its own Node (k8s.io/kubernetes pkg/kubelet/apis well_known_labels.go).
const KUBELET_LABELS = new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
]);

/** Whether a node may put this label on itself (kubelet --node-labels, or a node's own credentials). */
function kubeletMaySetLabel(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return true;
  const ns = key.slice(0, slash);
  const restricted = ns === "kubernetes.io" || ns === "k8s.io" || ns.endsWith(".kubernetes.io") || ns.endsWith(".k8s.io");
  if (!restricted) return true;
  if (ns === "node-restriction.kubernetes.io" || ns.endsWith(".node-restriction.kubernetes.io")) return false;
  if (KUBELET_LABELS.has(key)) return true;
  return ns === "kubelet.kubernetes.io" || ns === "node.kubernetes.io" || ns.endsWith(".kubelet.kubernetes.io") || ns.endsWith(".node.kubernetes.io");
}

export function checkNodeLabels(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    for (const n of c.nodes) {
      // Talos control-plane nodes label themselves with the control plane's credentials, which may.
      if (c.distribution === "talos" && n.role === "controlplane") continue;
      for (const key of Object.keys(n.labels)) {
        if (kubeletMaySetLabel(key)) continue;
        diags.report("PC1105", locSpan(n.loc, ["labels", key], "key"), { label: key, node: n.name }, {
          help: key.startsWith("node-role.kubernetes.io/") ? `use a label of your own (e.g. ${key.replace("node-role.kubernetes.io/", "node.kubernetes.io/role-")}), or run \`kubectl label node ${n.name} ${key}=\` once it joined` : "use a label prefix of your own, or set the label with kubectl once the node joined",
        });
      }
    }
  }
}

export function checkFlannelSettings(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (c.cni.name === "cilium") {
      for (const n of c.nodes) {
        if (n.flannelInterface) diags.report("PC1106", locSpan(n.loc, ["flannelInterface"]), { problem: `flannelInterface of node \`${n.name}\` has no effect: cluster \`${c.name}\` runs Cilium, not flannel` }, { help: "remove flannelInterface" });
      }
      continue;
    }
    if (c.distribution !== "talos") continue;
    if (c.cni.flannelBackend !== "vxlan") {
      diags.report("PC1106", locSpan(c.loc, ["cni", "flannelBackend"]), { problem: `flannelBackend ${c.cni.flannelBackend} of cluster \`${c.name}\` has no effect: Talos runs flannel with VXLAN` }, { help: "remove flannelBackend, or use Cilium for another datapath" });
    }
    const first = c.nodes[0];
    const other = c.nodes.find((n) => n.flannelInterface !== first?.flannelInterface);
    if (first && other) {
      diags.report("PC1106", locSpan(other.loc, other.flannelInterface ? ["flannelInterface"] : ["name"]), {
        problem: `flannelInterface of node \`${other.name}\` (${other.flannelInterface ?? "none"}) differs from node \`${first.name}\` (${first.flannelInterface ?? "none"}): Talos runs flannel with one --iface for every node`,
      }, { help: "give every node of the cluster the same flannelInterface; the cluster patch uses the first node's" });
    }
  }
}

export function checkCiliumSettings(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (c.cni.name !== "cilium") continue;
    const lb = c.loadBalancer;
    if (lb?.type === "cilium" && lb.mode === "l2" && !c.cni.kubeProxyReplacement) {
      diags.report("PC1107", locSpan(c.loc, ["loadBalancer"], "key"), { cluster: c.name }, { help: "set cni.kubeProxyReplacement: true, or loadBalancer.mode: bgp" });
    }
    if (c.name.length > 32) diags.report("PC1108", locSpan(c.loc, ["name"]), { cluster: c.name, length: c.name.length });
  }
}

export function checkNodeAddresses(g: G.Graph, diags: Diagnostics): void {
  const networks = new Map(g.networks.map((n) => [n.name, n]));
  const noRoute = new Map<G.NetworkNode, G.NodeNode[]>();
  for (const c of g.clusters) {
    for (const n of c.nodes) {
      const all: Array<{ address: G.Address; network?: string; sub: Array<string | number> }> = [
        { address: n.address, ...(n.network ? { network: n.network } : {}), sub: ["address"] },
        ...n.addresses.map((a, i) => ({ address: a.address, ...(a.network ? { network: a.network } : {}), sub: ["addresses", i, "address"] })),
      ];
      for (const a of all) {
        const net = a.network ? networks.get(a.network) : undefined;
        if (!net || net.cidr.family !== 4 || net.cidr.prefix > 30 || a.address.family !== 4) continue;
        const which = a.address.value === net.cidr.range.start ? "network" : a.address.value === net.cidr.range.end ? "broadcast" : undefined;
        if (which) diags.report("PC1109", locSpan(n.loc, a.sub), { what: `address of node \`${n.name}\``, address: a.address.text, which, network: net.name, cidr: net.cidr.text }, { help: "give the node a host address of the network" });
      }
      if (!c.talos) continue;
      const net = n.network ? networks.get(n.network) : undefined;
      if (net?.kind === "overlay") {
        diags.report("PC1110", locSpan(n.loc, ["address"]), { address: n.address.text, node: n.name, network: net.name }, { help: "make the LAN address the node's address, and list the overlay address under addresses" });
      } else if (net && n.interface && !net.gateway) {
        const list = noRoute.get(net);
        if (list) list.push(n);
        else noRoute.set(net, [n]);
      }
    }
  }
  for (const [net, nodes] of noRoute) {
    diags.report("PC1111", locSpan(net.loc, ["name"]), { network: net.name, nodes: `${nodes.length === 1 ? "node" : "nodes"} ${nodes.map((n) => `\`${n.name}\``).join(", ")}` }, {
      related: nodes.map((n) => ({ span: locSpan(n.loc, ["interface"]), message: "static address" })),
      help: `add gateway: <router address> to network \`${net.name}\``,
    });
  }
}
