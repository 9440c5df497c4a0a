// A Talos node's network as the spec declares it: which links get which static addresses, the default route,
// the resolvers and the link holding the API VIP. Both config styles (machine.network before v1.12, the
// LinkConfig/VLANConfig documents after) are written from this one plan.
import type * as G from "../../src/graph.js";
import { vipInterface } from "../../src/plan/talos.js";

interface LinkPlan {
  /** the link name: the interface, or <interface>.<vlan> for a VLAN */
  name: string;
  /** the interface a VLAN link sits on */
  parent: string;
  vlan?: number;
  /** CIDR notation: the address with its network's prefix */
  addresses: string[];
  /** default gateway reached over this link */
  gateway?: G.Address;
}

export interface NodeNetwork {
  /** the primary link first, then the others by name */
  links: LinkPlan[];
  nameservers: string[];
  vip?: { ip: string; link: string };
  /** the subnets the node's cluster traffic uses: kubelet node IP and etcd advertise addresses are taken from them */
  nodeSubnets: string[];
}

function hostPrefix(a: G.Address): number {
  return a.family === 4 ? 32 : 128;
}

export function nodeNetwork(g: G.Graph, c: G.ClusterNode, n: G.NodeNode): NodeNetwork {
  const nets = new Map(g.networks.map((x) => [x.name, x]));
  const primaryNet = n.network ? nets.get(n.network) : undefined;
  const links = new Map<string, LinkPlan>();
  const linkFor = (iface: string, net: G.NetworkNode | undefined): LinkPlan => {
    const vlan = net?.kind === "vlan" ? net.vlan : undefined;
    const name = vlan !== undefined ? `${iface}.${vlan}` : iface;
    let l = links.get(name);
    if (!l) {
      l = { name, parent: iface, addresses: [], ...(vlan !== undefined ? { vlan } : {}) };
      links.set(name, l);
    }
    return l;
  };
  const cidrOf = (a: G.Address, net: G.NetworkNode | undefined) => `${a.text}/${net && net.cidr.family === a.family ? net.cidr.prefix : hostPrefix(a)}`;
  // Without an interface the primary address comes from DHCP, Talos's default on every physical link.
  if (n.interface) {
    const l = linkFor(n.interface, primaryNet);
    l.addresses.push(cidrOf(n.address, primaryNet));
    if (primaryNet?.gateway) l.gateway = primaryNet.gateway;
  }
  for (const a of n.addresses) {
    const net = a.network ? nets.get(a.network) : undefined;
    // Overlay addresses (Tailscale, WireGuard) belong to the overlay's own software.
    if (net?.kind === "overlay") continue;
    const iface = a.interface ?? n.interface;
    if (!iface) continue;
    linkFor(iface, net).addresses.push(cidrOf(a.address, net));
  }
  const primaryName = n.interface ? linkFor(n.interface, primaryNet).name : undefined;
  const ordered = [...links.values()].sort((a, b) => (a.name === primaryName ? -1 : b.name === primaryName ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: NodeNetwork = {
    links: ordered,
    nameservers: (primaryNet?.nameservers ?? []).map((x) => x.text),
    nodeSubnets: [primaryNet && primaryNet.cidr.family === n.address.family ? primaryNet.cidr.text : `${n.address.text}/${hostPrefix(n.address)}`],
  };
  const vip = c.apiEndpoint.vip;
  if (vip && n.role === "controlplane") {
    const iface = vipInterface(g, n, vip);
    if (iface) {
      const vipNet = g.networks.find((x) => x.kind !== "overlay" && x.cidr.range.family === vip.family && x.cidr.range.start <= vip.value && vip.value <= x.cidr.range.end && (x.name === n.network || n.addresses.some((a) => a.network === x.name)));
      out.vip = { ip: vip.text, link: linkFor(iface, vipNet).name };
      if (!out.links.some((l) => l.name === out.vip!.link)) out.links.push(links.get(out.vip.link)!);
    }
  }
  return out;
}
