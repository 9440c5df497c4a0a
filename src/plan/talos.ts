// What platformc knows about Talos releases, and the rules that lowering, the checks and the talos generator
// must agree on: which releases (config contracts) it writes, what each ships by default, which link holds the VIP.
import type * as G from "../graph.js";

// Talos releases platformc writes configs for: the newest patch it knows of each minor, and the Kubernetes
// version that release ships by default (pkg/machinery/constants DefaultKubernetesVersion at that tag).
const TALOS_RELEASES: Record<number, { patch: number; kubernetes: string }> = {
  8: { patch: 4, kubernetes: "1.31.4" },
  9: { patch: 6, kubernetes: "1.32.4" },
  10: { patch: 9, kubernetes: "1.33.6" },
  11: { patch: 6, kubernetes: "1.34.1" },
  12: { patch: 11, kubernetes: "1.35.4" },
  13: { patch: 9, kubernetes: "1.36.3" },
};
export const TALOS_NEWEST_CONTRACT = 13;
export const TALOS_OLDEST_CONTRACT = 8;

/** The declared Talos release with its defaults resolved; the schema pattern guarantees major.minor. */
export function talosSettings(declared: string | undefined, kubernetesVersion: string | undefined, installImage: string | undefined): Omit<G.TalosSettings, "patches"> {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(declared ?? "v1.13.9")!;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const known = major === 1 ? TALOS_RELEASES[minor] : undefined;
  const version = `v${major}.${minor}.${m[3] ?? known?.patch ?? 0}${m[4] ?? ""}`;
  // Talos accepts configs written for an older contract (talosctl gen config --talos-version), so releases
  // newer than platformc knows get the newest contract it does know.
  const newer = major > 1 || minor > TALOS_NEWEST_CONTRACT;
  const contract = newer ? { major: 1, minor: TALOS_NEWEST_CONTRACT } : { major, minor };
  const kubernetes = kubernetesVersion?.replace(/^v/, "") ?? (TALOS_RELEASES[contract.minor] ?? TALOS_RELEASES[TALOS_NEWEST_CONTRACT]!).kubernetes;
  return { version, contract, kubernetesVersion: kubernetes, installImage: installImage ?? `ghcr.io/siderolabs/installer:${version}` };
}

function inRange(r: G.Cidr["range"], a: G.Address): boolean {
  return r.family === a.family && r.start <= a.value && a.value <= r.end;
}

/**
 * The link a Talos control-plane node holds the VIP on: the interface of the address whose network contains
 * the VIP, else the primary interface. The check that every control-plane node has one
 * (PC1104) and the talos generator use this one rule.
 */
export function vipInterface(g: G.Graph, n: G.NodeNode, vip: G.Address): string | undefined {
  const net = (name: string | undefined) => g.networks.find((x) => x.name === name);
  for (const a of n.addresses) {
    const x = net(a.network);
    if (a.interface && x && x.kind !== "overlay" && inRange(x.cidr.range, vip)) return a.interface;
  }
  return n.interface;
}
