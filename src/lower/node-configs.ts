// The node-config escape hatches: K3s config.yaml keys (k3s.extraConfig, nodes[].k3sConfig) and Talos patches
// (talos.patches, nodes[].talosPatches). Each is checked here, where the spec path is known, so a refused key
// points at itself: a K3s key must be a flag of the node's role with its type, a Talos patch must fit the Talos
// config schema of the cluster's release, and neither may set what platformc writes from another field (the
// generators write the rest as they are).
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { didYouMean } from "../lib/suggest.js";
import { k3sFlag, k3sFlagNames, type K3sFlag } from "../catalog/k3s-flags.js";
import { TALOS_SCHEMAS, talosDocumentProblems, talosSchemaFor, talosValidators } from "../validate/talos-schema.js";
import type { Ctx } from "./context.js";

// Keys generators/k3s/config.ts writes, with the spec field each comes from. Lists K3s appends to are not here
// (APPENDED): adding to them cannot contradict the spec.
const K3S_OWNED: Record<string, string> = {
  server: "the cluster's first control-plane node",
  "cluster-init": "the cluster's first etcd member",
  token: "the token file (platformc never writes the join token)",
  "token-file": "the token file /etc/rancher/k3s/cluster-token",
  "agent-token": "the token file (platformc never writes the join token)",
  "node-name": "nodes[].name",
  "node-ip": "nodes[].address",
  "node-external-ip": "nodes[].addresses on overlay networks",
  "node-label": "nodes[].labels",
  "node-taint": "nodes[].taints",
  "flannel-iface": "nodes[].flannelInterface",
  "disable-etcd": "nodes[].etcd",
  "cluster-cidr": "podCIDR",
  "service-cidr": "serviceCIDR",
  "cluster-dns": "serviceCIDR (its tenth address)",
  "cluster-domain": "clusterDomain",
  "service-node-port-range": "nodePortRange",
  "flannel-backend": "cni.flannelBackend",
  "disable-network-policy": "cni",
  "disable-kube-proxy": "cni.kubeProxyReplacement",
  "write-kubeconfig-mode": "the kubeconfig mode 0600",
};
export const K3S_APPENDED = new Set(["disable", "tls-san", "kube-apiserver-arg", "kube-controller-manager-arg", "kube-scheduler-arg", "kubelet-arg", "kube-proxy-arg", "etcd-arg"]);

function typeProblem(flag: K3sFlag, v: unknown): string | undefined {
  const ok =
    flag.type === "bool" ? typeof v === "boolean"
    : flag.type === "int" ? Number.isInteger(v)
    : flag.type === "stringSlice" ? typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"))
    : flag.type === "duration" ? typeof v === "string" && /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v)
    : typeof v === "string";
  if (ok) return undefined;
  const want = { bool: "a boolean", int: "an integer", stringSlice: "a string or a list of strings", duration: "a Go duration such as 5m0s", string: "a string" }[flag.type];
  return `takes ${want}, not ${JSON.stringify(v)}`;
}

/**
 * The keys of one map that K3s takes for `roles`, as written. A key no role has is refused with the nearest
 * flag; a key for only some of `roles` is kept (the generator writes it where it applies) unless `strict`.
 */
function k3sKeys(ctx: Ctx, map: Record<string, unknown>, p: Path, what: string, roles: Array<"server" | "agent">): Record<string, G.K3sValue> {
  const out: Record<string, G.K3sValue> = {};
  for (const [raw, v] of Object.entries(map)) {
    const key = raw.endsWith("+") ? raw.slice(0, -1) : raw;
    const at = locSpan(ctx.at([...p, raw]), [], "key");
    if (Object.hasOwn(K3S_OWNED, key)) {
      ctx.diags.report("PC1123", at, { what, key, field: K3S_OWNED[key]! }, { help: `remove \`${raw}\` and set ${K3S_OWNED[key]!} in the spec` });
      continue;
    }
    const flags = roles.map((r) => k3sFlag(r, key));
    const flag = flags.find((f) => f !== undefined);
    if (!flag) {
      const role = roles.length === 1 ? `\`k3s ${roles[0]}\`` : "`k3s server` or `k3s agent`";
      const help = didYouMean(key, roles.flatMap((r) => k3sFlagNames(r)));
      const other = roles.length === 1 ? k3sFlag(roles[0] === "server" ? "agent" : "server", key) : undefined;
      ctx.diags.report("PC1122", at, { key: raw, problem: other ? `is a \`k3s ${roles[0] === "server" ? "agent" : "server"}\` flag only, and this node runs ${role}` : `is not a ${role} flag` }, help ? { help } : { help: "write a flag of `k3s server --help` or `k3s agent --help` without the dashes" });
      continue;
    }
    const problem = typeProblem(flag, v);
    if (problem) {
      ctx.diags.report("PC1122", locSpan(ctx.at([...p, raw])), { key: raw, problem }, { help: `write the value as the \`--${key}\` flag takes it` });
      continue;
    }
    if (flag.deprecated) {
      ctx.diags.report("PC1122", at, { key: raw, problem: "is deprecated in K3s" }, { help: "use the flag that replaces it (see `k3s server --help`)" });
      continue;
    }
    out[key] = (Array.isArray(v) ? [...v] : v) as G.K3sValue;
  }
  return out;
}

function wrongDistribution(ctx: Ctx, c: S.Cluster, p: Path, field: string, wanted: "k3s" | "talos"): void {
  ctx.diags.report("PC1124", locSpan(ctx.at(p), [], "key"), { field, wanted: wanted === "k3s" ? "K3s" : "Talos", cluster: c.name, distribution: c.distribution === "k3s" ? "K3s" : "Talos" }, { help: `remove ${field}` });
}

// Fields of the v1alpha1 document platformc writes from the spec, by their path; and documents it writes whole.
const TALOS_OWNED: Array<{ path: string[]; field: string }> = [
  { path: ["machine", "install", "disk"], field: "nodes[].installDisk" },
  { path: ["machine", "install", "image"], field: "installImage" },
  { path: ["machine", "network", "hostname"], field: "nodes[].name" },
  { path: ["machine", "network", "interfaces"], field: "nodes[].address, addresses and interface" },
  { path: ["machine", "network", "nameservers"], field: "networks[].nameservers" },
  { path: ["machine", "kubelet", "nodeIP"], field: "nodes[].address" },
  { path: ["machine", "nodeLabels"], field: "nodes[].labels" },
  { path: ["machine", "nodeTaints"], field: "nodes[].taints" },
  { path: ["cluster", "network", "podSubnets"], field: "podCIDR" },
  { path: ["cluster", "network", "serviceSubnets"], field: "serviceCIDR" },
  { path: ["cluster", "network", "dnsDomain"], field: "clusterDomain" },
  { path: ["cluster", "network", "cni"], field: "cni" },
  { path: ["cluster", "controlPlane", "endpoint"], field: "apiEndpoint" },
  { path: ["cluster", "clusterName"], field: "clusters[].name" },
  { path: ["cluster", "etcd", "advertisedSubnets"], field: "the etcd members' networks" },
];
const TALOS_OWNED_KINDS: Record<string, string> = {
  HostnameConfig: "nodes[].name",
  ResolverConfig: "networks[].nameservers",
};

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const isPrefix = (a: Path, b: Path) => a.length <= b.length && a.every((x, i) => x === b[i]);

/** The patches of one list that neither set what platformc writes (PC1123) nor break the Talos schema (PC1125). */
function talosPatches(ctx: Ctx, list: S.TalosPatch[] | undefined, p: Path, what: string, talos: G.TalosSettings): G.TalosDoc[] {
  const out: G.TalosDoc[] = [];
  (list ?? []).forEach((raw, i) => {
    const doc = raw as Record<string, unknown>;
    const at = [...p, i];
    let ok = true;
    const owned: Path[] = [];
    if (typeof doc.kind === "string") {
      const owner = TALOS_OWNED_KINDS[doc.kind];
      if (owner) {
        ctx.diags.report("PC1123", locSpan(ctx.at([...at, "kind"])), { what, key: doc.kind, field: owner }, { help: `remove this document and set ${owner} in the spec` });
        return; // the whole document is refused: what is inside it does not matter
      }
    } else {
      for (const o of TALOS_OWNED) {
        let v: unknown = doc;
        for (const k of o.path) v = isMap(v) && Object.hasOwn(v, k) ? v[k] : undefined;
        if (v === undefined) continue;
        ctx.diags.report("PC1123", locSpan(ctx.at([...at, ...o.path]), [], "key"), { what, key: o.path.join("."), field: o.field }, { help: `remove ${o.path.join(".")} and set ${o.field} in the spec` });
        owned.push(o.path);
        ok = false;
      }
    }
    const { schema, exact } = talosSchemaFor(talos.contract);
    // A key PC1123 refused, or one on its way (machine.network on v1.13, which has none), is reported once.
    const problems = talosDocumentProblems(talosValidators(schema)!, doc).filter((x) => !owned.some((o) => isPrefix(o, x.path) || isPrefix(x.path, o)));
    const note = exact
      ? `checked against the Talos ${schema.name} config schema (siderolabs/talos ${schema.release}), the one of this cluster's Talos ${talos.version}`
      : `checked against the Talos ${schema.name} config schema (siderolabs/talos ${schema.release}), the nearest to this cluster's Talos ${talos.version} of those platformc ships (${TALOS_SCHEMAS.map((s) => s.name).join(", ")})`;
    for (const x of problems) ctx.diags.report("PC1125", locSpan(ctx.at([...at, ...x.path]), [], x.part), { what, problem: x.problem }, { notes: [note], ...(x.help ? { help: x.help } : {}) });
    if (ok && problems.length === 0) out.push(structuredClone(doc));
  });
  return out;
}

/** Attaches the escape hatches of one cluster and its nodes; `c` is the spec entry at `p`. */
export function lowerNodeConfigs(ctx: Ctx, c: S.Cluster, p: Path, cluster: G.ClusterNode): void {
  if (c.k3s) {
    if (c.distribution !== "k3s") wrongDistribution(ctx, c, [...p, "k3s"], "k3s", "k3s");
    else cluster.k3s = { extraConfig: k3sKeys(ctx, c.k3s.extraConfig ?? {}, [...p, "k3s", "extraConfig"], `k3s.extraConfig of cluster \`${c.name}\``, ["server", "agent"]) };
  }
  if (c.talos && c.distribution !== "talos") wrongDistribution(ctx, c, [...p, "talos"], "talos", "talos");
  if (cluster.talos) {
    const pp = [...p, "talos", "patches"];
    const patches = c.talos?.patches ?? {};
    const what = (role: string) => `talos.patches.${role} of cluster \`${c.name}\``;
    cluster.talos.patches = {
      all: talosPatches(ctx, patches.all, [...pp, "all"], what("all"), cluster.talos),
      controlplane: talosPatches(ctx, patches.controlplane, [...pp, "controlplane"], what("controlplane"), cluster.talos),
      worker: talosPatches(ctx, patches.worker, [...pp, "worker"], what("worker"), cluster.talos),
    };
  }
  c.nodes.forEach((n, j) => {
    const np: Path = [...p, "nodes", j];
    const node = cluster.nodes[j]!;
    if (n.k3sConfig && Object.keys(n.k3sConfig).length) {
      if (c.distribution !== "k3s") wrongDistribution(ctx, c, [...np, "k3sConfig"], `k3sConfig of node \`${n.name}\``, "k3s");
      else node.k3sConfig = k3sKeys(ctx, n.k3sConfig, [...np, "k3sConfig"], `k3sConfig of node \`${n.name}\``, [n.role === "controlplane" ? "server" : "agent"]);
    }
    if (n.talosPatches?.length && c.distribution !== "talos") wrongDistribution(ctx, c, [...np, "talosPatches"], `talosPatches of node \`${n.name}\``, "talos");
    if (node.talos && cluster.talos) node.talos.patches = talosPatches(ctx, n.talosPatches, [...np, "talosPatches"], `talosPatches of node \`${n.name}\``, cluster.talos);
  });
}
