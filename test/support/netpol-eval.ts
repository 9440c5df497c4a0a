// An evaluator of network-policy semantics, written from the Kubernetes and Cilium documentation and nothing
// else: given the policy objects (as parsed YAML) and a world of pods, namespaces and outside addresses, it
// computes which ports one endpoint may open on another. The tests trust it only after test/netpol/eval.test.ts
// has checked it against hand-worked cases from the documentation; it never looks at the spec or the graph.
//
// Kubernetes NetworkPolicy (networking.k8s.io/v1), as documented in "Network Policies":
//  - a policy selects the pods of its namespace that match spec.podSelector ({} = all);
//  - policyTypes defaults to [Ingress], plus Egress when spec.egress is non-empty;
//  - a pod is isolated for a direction only when some policy with that type selects it; then the union of the
//    rules of those policies is what is allowed; a connection needs the source's egress AND the target's ingress;
//  - a rule with no from/to admits every peer, with no ports every port; a peer is an ipBlock (cidr minus except),
//    a namespaceSelector (pods of matching namespaces), a podSelector (pods of the policy's namespace), or both
//    selectors in ONE element (pods matching podSelector in namespaces matching namespaceSelector);
//  - a port is a number (with endPort a range), a name (resolved on the destination pod's container ports), or
//    absent (every port of the protocol); protocol defaults to TCP.
// Whether ipBlock applies to pod IPs is implementation-defined; this evaluator applies it to every address,
// which is the stricter reading for a test looking for unintended access.
//
// CiliumNetworkPolicy (cilium.io/v2), as documented in "Policy Language" and "ClusterMesh / Network Policy",
// the subset platformc emits (anything else makes it throw rather than guess):
//  - endpointSelector and from/toEndpoints match endpoint labels: pod labels plus io.kubernetes.pod.namespace,
//    io.cilium.k8s.policy.cluster and io.cilium.k8s.namespace.labels.<key>; keys may carry a k8s: or any: source;
//  - in a namespaced policy, an endpoint selector that does not name the namespace means the policy's namespace;
//    with policy-default-local-cluster (default from Cilium 1.19) one that does not name the cluster means the local
//    cluster, before that any cluster of the mesh;
//  - CIDR rules and the world entity match only addresses Cilium does not manage (never a mesh pod);
//  - a rule with only toPorts admits every peer on those ports; an empty rule ({}) admits nothing but still turns
//    default deny on; enableDefaultDeny overrides whether a policy turns it on.
// With Cilium semantics both kinds apply together, as Cilium enforces NetworkPolicies too.
//
// The Kubernetes API server is a destination of its own ("apiserver" endpoints, one per address it answers on):
// pods reach it through the `kubernetes` Service, which kube-proxy or Cilium translates to a control-plane address
// before egress policy applies ("Network Policies": "cluster ingress and egress mechanisms often require rewriting
// the source or destination IP"), so under Kubernetes semantics an ipBlock holding that address matches it. Cilium
// gives those addresses the kube-apiserver identity (with host or remote-node) and never applies CIDR rules to them
// ("toCIDR: only connections destined for outside of the cluster and not targeting the host"); the entities
// kube-apiserver (the policy's own cluster), cluster and all match it, world does not.
// Cilium's Envoy is a source of its own ("ingress" endpoints): what a Cilium Gateway or Ingress delivers to backends
// carries the reserved ingress identity ("Ingress and Gateway API traffic ... is assigned the special ingress
// identity", servicemesh/ingress-reference). The entities ingress (the policy's own cluster) and all match it; no
// NetworkPolicy peer does, as it is neither a pod nor an address outside the cluster.
// A node's own address is a destination and a source of its own ("node" endpoints: the kubelet, host-network pods and
// clients). Under Kubernetes semantics an ipBlock holding the address matches it. Cilium gives it the host identity on
// its own node and remote-node on every other ("Entities based": remote-node is "any node in any of the connected
// clusters other than the local host", so a meshed cluster's nodes too); it applies no CIDR rule to it, and the
// entities host, remote-node, cluster and all match it. Which node a pod runs on is not modelled, so host and
// remote-node each match every node of the policy's cluster. An API server endpoint at a node's address (`node`) is
// matched by host and remote-node as well: Cilium keeps the node's label beside kube-apiserver.
import ipaddr from "ipaddr.js";

export type Protocol = "TCP" | "UDP" | "SCTP";
export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

// ── port sets ─────────────────────────────────────────────────────────────────────────────────────────

type Ranges = Array<[number, number]>;

function normalise(r: Ranges): Ranges {
  const sorted = r.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Ranges = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Sets of (protocol, port), as sorted disjoint ranges per protocol. */
export class PortSet {
  private constructor(private readonly byProto: Record<Protocol, Ranges>) {}

  static empty(): PortSet {
    return new PortSet({ TCP: [], UDP: [], SCTP: [] });
  }
  static all(): PortSet {
    return new PortSet({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });
  }
  static of(protocol: Protocol, from: number, to = from): PortSet {
    const s = PortSet.empty();
    s.byProto[protocol] = normalise([[from, to]]);
    return s;
  }
  /** "TCP:80,8000-8080 UDP:53"; "-" when empty */
  static parse(text: string): PortSet {
    let s = PortSet.empty();
    if (text === "-") return s;
    for (const part of text.split(" ")) {
      const [proto, list] = part.split(":") as [Protocol, string];
      for (const r of list.split(",")) {
        const [a, b] = r.split("-").map(Number) as [number, number | undefined];
        s = s.union(PortSet.of(proto, a, b ?? a));
      }
    }
    return s;
  }
  union(o: PortSet): PortSet {
    const r = PortSet.empty();
    for (const p of PROTOCOLS) r.byProto[p] = normalise([...this.byProto[p].map((x) => [...x] as [number, number]), ...o.byProto[p].map((x) => [...x] as [number, number])]);
    return r;
  }
  intersect(o: PortSet): PortSet {
    const r = PortSet.empty();
    for (const p of PROTOCOLS) {
      const out: Ranges = [];
      for (const [a, b] of this.byProto[p]) for (const [c, d] of o.byProto[p]) if (Math.max(a, c) <= Math.min(b, d)) out.push([Math.max(a, c), Math.min(b, d)]);
      r.byProto[p] = normalise(out);
    }
    return r;
  }
  has(protocol: Protocol, port: number): boolean {
    return this.byProto[protocol].some(([a, b]) => a <= port && port <= b);
  }
  isEmpty(): boolean {
    return PROTOCOLS.every((p) => this.byProto[p].length === 0);
  }
  equals(o: PortSet): boolean {
    return this.toString() === o.toString();
  }
  toString(): string {
    const parts = PROTOCOLS.filter((p) => this.byProto[p].length).map((p) => `${p}:${this.byProto[p].map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",")}`);
    return parts.length ? parts.join(" ") : "-";
  }
}

// ── the world ─────────────────────────────────────────────────────────────────────────────────────────

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

export interface Pod {
  id: string;
  cluster: string;
  namespace: string;
  labels: Record<string, string>;
  ip: string;
  ports: ContainerPort[];
}

export interface Namespace {
  cluster: string;
  name: string;
  /** kubernetes.io/metadata.name is added by the evaluator, as the API server does */
  labels: Record<string, string>;
}

export interface World {
  clusters: Array<{ name: string; mesh?: string }>;
  namespaces: Namespace[];
}

export type Endpoint =
  | { kind: "pod"; pod: Pod }
  | { kind: "ip"; id: string; ip: string }
  | { kind: "apiserver"; id: string; cluster: string; ip: string; node?: boolean }
  /** a node's own address: its kubelet, its host-network pods and clients */
  | { kind: "node"; id: string; cluster: string; ip: string }
  /** Cilium's Envoy handing on what a Cilium Gateway or Ingress received: the cluster's reserved ingress identity */
  | { kind: "ingress"; id: string; cluster: string };

export type Semantics = { kind: "kubernetes" } | { kind: "cilium"; defaultLocalCluster: boolean };

// ── strict parsing ────────────────────────────────────────────────────────────────────────────────────

class PolicyError extends Error {}

function fail(path: string, what: string): never {
  throw new PolicyError(`${path}: ${what}`);
}

function obj(v: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(path, "must be a mapping");
  for (const k of Object.keys(v)) if (!keys.includes(k)) fail(`${path}.${k}`, "field not understood");
  return v as Record<string, unknown>;
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(path, "must be a list");
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== "string") fail(path, "must be a string");
  return v;
}

interface Requirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values: string[];
}

interface Selector {
  matchLabels: Record<string, string>;
  matchExpressions: Requirement[];
}

function selector(v: unknown, path: string, keyOf: (k: string) => string = (k) => k): Selector {
  const o = obj(v, path, ["matchLabels", "matchExpressions"]);
  const ml = o.matchLabels === undefined ? {} : obj(o.matchLabels, `${path}.matchLabels`, Object.keys(o.matchLabels as object));
  const matchLabels: Record<string, string> = {};
  for (const [k, val] of Object.entries(ml)) matchLabels[keyOf(k)] = str(val, `${path}.matchLabels.${k}`);
  const matchExpressions = list(o.matchExpressions, `${path}.matchExpressions`).map((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const x = obj(e, p, ["key", "operator", "values"]);
    const operator = str(x.operator, `${p}.operator`);
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(operator)) fail(`${p}.operator`, `unknown operator ${operator}`);
    const values = list(x.values, `${p}.values`).map((s, j) => str(s, `${p}.values[${j}]`));
    if ((operator === "In" || operator === "NotIn") && values.length === 0) fail(p, `${operator} needs values`);
    if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) fail(p, `${operator} takes no values`);
    return { key: keyOf(str(x.key, `${p}.key`)), operator: operator as Requirement["operator"], values };
  });
  return { matchLabels, matchExpressions };
}

export function selectorMatches(s: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) if (labels[k] !== v) return false;
  for (const r of s.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case "In":
        if (!has || !r.values.includes(labels[r.key]!)) return false;
        break;
      case "NotIn":
        if (has && r.values.includes(labels[r.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

function selectorMentions(s: Selector, key: string): boolean {
  return key in s.matchLabels || s.matchExpressions.some((r) => r.key === key);
}

interface Block {
  cidr: [ipaddr.IPv4 | ipaddr.IPv6, number];
  except: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

function cidrOf(text: string, path: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  let c: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    c = ipaddr.parseCIDR(text);
  } catch {
    fail(path, `${text} is not a CIDR`);
  }
  // Kubernetes and Cilium mask host bits away; a generator that writes them has a bug worth seeing.
  const net = c[0].kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (net.toNormalizedString() !== c[0].toNormalizedString()) fail(path, `${text} has host bits set`);
  return c;
}

const parsedIPs = new Map<string, ipaddr.IPv4 | ipaddr.IPv6>();

function within(ip: string, c: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  let a = parsedIPs.get(ip);
  if (!a) parsedIPs.set(ip, (a = ipaddr.parse(ip)));
  return a.kind() === c[0].kind() && a.match(c);
}

function blockContains(b: Block, ip: string): boolean {
  return within(ip, b.cidr) && !b.except.some((e) => within(ip, e));
}

function block(cidr: string, except: string[], path: string): Block {
  const c = cidrOf(cidr, `${path}.cidr`);
  const ex = except.map((e, i) => {
    const x = cidrOf(e, `${path}.except[${i}]`);
    // The API server rejects except entries outside their cidr.
    if (x[0].kind() !== c[0].kind() || x[1] < c[1] || !x[0].match(c)) fail(`${path}.except[${i}]`, `${e} is not inside ${cidr}`);
    return x;
  });
  return { cidr: c, except: ex };
}

interface PortSpec {
  protocols: Protocol[];
  /** undefined: every port */
  port?: number | string;
  endPort?: number;
}

function resolvePorts(specs: PortSpec[] | undefined, dst: Endpoint): PortSet {
  if (specs === undefined) return PortSet.all();
  let out = PortSet.empty();
  for (const s of specs) {
    for (const proto of s.protocols) {
      if (s.port === undefined) out = out.union(PortSet.of(proto, 1, 65535));
      else if (typeof s.port === "number") out = out.union(PortSet.of(proto, s.port, s.endPort ?? s.port));
      else if (dst.kind === "pod") {
        for (const cp of dst.pod.ports) if (cp.name === s.port && cp.protocol === proto) out = out.union(PortSet.of(proto, cp.port));
      }
    }
  }
  return out;
}

// ── NetworkPolicy ─────────────────────────────────────────────────────────────────────────────────────

type NpPeer = { ipBlock: Block } | { podSelector?: Selector; namespaceSelector?: Selector };

interface NpRule {
  /** undefined: every peer */
  peers?: NpPeer[];
  /** undefined: every port */
  ports?: PortSpec[];
}

export interface NetworkPolicy {
  kind: "NetworkPolicy";
  name: string;
  namespace: string;
  podSelector: Selector;
  types: { ingress: boolean; egress: boolean };
  ingress: NpRule[];
  egress: NpRule[];
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

function npPorts(v: unknown, path: string): PortSpec[] | undefined {
  const items = list(v, path);
  if (items.length === 0) return undefined;
  return items.map((x, i) => {
    const p = `${path}[${i}]`;
    const o = obj(x, p, ["protocol", "port", "endPort"]);
    const protocol = o.protocol === undefined ? "TCP" : str(o.protocol, `${p}.protocol`);
    if (!PROTOCOLS.includes(protocol as Protocol)) fail(`${p}.protocol`, `unknown protocol ${protocol}`);
    const spec: PortSpec = { protocols: [protocol as Protocol] };
    if (o.port !== undefined) {
      if (typeof o.port === "number") {
        if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) fail(`${p}.port`, "must be 1-65535");
        spec.port = o.port;
      } else if (typeof o.port === "string" && PORT_NAME.test(o.port) && /[a-z]/.test(o.port)) spec.port = o.port;
      else fail(`${p}.port`, "must be a port number or an IANA_SVC_NAME");
    }
    if (o.endPort !== undefined) {
      if (typeof spec.port !== "number") fail(`${p}.endPort`, "needs a numeric port");
      if (typeof o.endPort !== "number" || o.endPort < spec.port || o.endPort > 65535) fail(`${p}.endPort`, "must be at least port and at most 65535");
      spec.endPort = o.endPort;
    }
    return spec;
  });
}

function npPeers(v: unknown, path: string): NpPeer[] | undefined {
  const items = list(v, path);
  if (items.length === 0) return undefined;
  return items.map((x, i) => {
    const p = `${path}[${i}]`;
    const o = obj(x, p, ["podSelector", "namespaceSelector", "ipBlock"]);
    if (o.ipBlock !== undefined) {
      if (o.podSelector !== undefined || o.namespaceSelector !== undefined) fail(p, "ipBlock excludes podSelector and namespaceSelector");
      const b = obj(o.ipBlock, `${p}.ipBlock`, ["cidr", "except"]);
      return { ipBlock: block(str(b.cidr, `${p}.ipBlock.cidr`), list(b.except, `${p}.ipBlock.except`).map((e, j) => str(e, `${p}.ipBlock.except[${j}]`)), `${p}.ipBlock`) };
    }
    if (o.podSelector === undefined && o.namespaceSelector === undefined) fail(p, "a peer needs podSelector, namespaceSelector or ipBlock");
    const peer: { podSelector?: Selector; namespaceSelector?: Selector } = {};
    if (o.podSelector !== undefined) peer.podSelector = selector(o.podSelector, `${p}.podSelector`);
    if (o.namespaceSelector !== undefined) peer.namespaceSelector = selector(o.namespaceSelector, `${p}.namespaceSelector`);
    return peer;
  });
}

function metadata(v: unknown, path: string): { name: string; namespace: string } {
  const m = obj(v, path, ["name", "namespace", "labels", "annotations"]);
  return { name: str(m.name, `${path}.name`), namespace: str(m.namespace, `${path}.namespace`) };
}

export function parseNetworkPolicy(doc: unknown): NetworkPolicy {
  const o = obj(doc, "NetworkPolicy", ["apiVersion", "kind", "metadata", "spec"]);
  if (o.apiVersion !== "networking.k8s.io/v1" || o.kind !== "NetworkPolicy") fail("NetworkPolicy", "not a networking.k8s.io/v1 NetworkPolicy");
  const md = metadata(o.metadata, "metadata");
  const at = `${md.namespace}/${md.name}`;
  const spec = obj(o.spec, `${at}.spec`, ["podSelector", "policyTypes", "ingress", "egress"]);
  if (spec.podSelector === undefined) fail(`${at}.spec.podSelector`, "is required");
  const egress = list(spec.egress, `${at}.spec.egress`);
  const ingress = list(spec.ingress, `${at}.spec.ingress`);
  let typeNames = list(spec.policyTypes, `${at}.spec.policyTypes`).map((t, i) => str(t, `${at}.spec.policyTypes[${i}]`));
  for (const t of typeNames) if (t !== "Ingress" && t !== "Egress") fail(`${at}.spec.policyTypes`, `unknown type ${t}`);
  // The API server's defaulting: Ingress always, Egress when there are egress rules.
  if (typeNames.length === 0) typeNames = egress.length ? ["Ingress", "Egress"] : ["Ingress"];
  return {
    kind: "NetworkPolicy",
    name: md.name,
    namespace: md.namespace,
    podSelector: selector(spec.podSelector, `${at}.spec.podSelector`),
    types: { ingress: typeNames.includes("Ingress"), egress: typeNames.includes("Egress") },
    ingress: ingress.map((r, i) => {
      const p = `${at}.spec.ingress[${i}]`;
      const x = obj(r, p, ["from", "ports"]);
      const rule: NpRule = {};
      const peers = npPeers(x.from, `${p}.from`);
      const ports = npPorts(x.ports, `${p}.ports`);
      if (peers) rule.peers = peers;
      if (ports) rule.ports = ports;
      return rule;
    }),
    egress: egress.map((r, i) => {
      const p = `${at}.spec.egress[${i}]`;
      const x = obj(r, p, ["to", "ports"]);
      const rule: NpRule = {};
      const peers = npPeers(x.to, `${p}.to`);
      const ports = npPorts(x.ports, `${p}.ports`);
      if (peers) rule.peers = peers;
      if (ports) rule.ports = ports;
      return rule;
    }),
  };
}

// ── CiliumNetworkPolicy ───────────────────────────────────────────────────────────────────────────────

const NS_KEY = "io.kubernetes.pod.namespace";
const CLUSTER_KEY = "io.cilium.k8s.policy.cluster";
const NS_LABEL_PREFIX = "io.cilium.k8s.namespace.labels.";
const ENTITIES = ["all", "world", "cluster", "host", "init", "ingress", "unmanaged", "remote-node", "health", "none", "kube-apiserver"];

function ciliumKey(k: string): string {
  const colon = k.indexOf(":");
  if (colon < 0) return k;
  const source = k.slice(0, colon);
  if (source === "k8s" || source === "any") return k.slice(colon + 1);
  fail(k, `label source ${source}: is not supported by this evaluator`);
}

interface CnpRule {
  endpoints?: Selector[];
  blocks?: Block[];
  entities?: string[];
  ports?: PortSpec[];
}

export interface CiliumNetworkPolicy {
  kind: "CiliumNetworkPolicy";
  name: string;
  namespace: string;
  endpointSelector: Selector;
  defaultDeny: { ingress: boolean; egress: boolean };
  ingress: CnpRule[];
  egress: CnpRule[];
}

function cnpRule(v: unknown, path: string, dir: "from" | "to"): CnpRule {
  const o = obj(v, path, [`${dir}Endpoints`, `${dir}CIDR`, `${dir}CIDRSet`, `${dir}Entities`, "toPorts"]);
  const rule: CnpRule = {};
  const eps = list(o[`${dir}Endpoints`], `${path}.${dir}Endpoints`);
  if (eps.length) rule.endpoints = eps.map((e, i) => selector(e, `${path}.${dir}Endpoints[${i}]`, ciliumKey));
  const blocks: Block[] = [];
  list(o[`${dir}CIDR`], `${path}.${dir}CIDR`).forEach((c, i) => blocks.push(block(str(c, `${path}.${dir}CIDR[${i}]`), [], `${path}.${dir}CIDR[${i}]`)));
  list(o[`${dir}CIDRSet`], `${path}.${dir}CIDRSet`).forEach((c, i) => {
    const p = `${path}.${dir}CIDRSet[${i}]`;
    const x = obj(c, p, ["cidr", "except"]);
    blocks.push(block(str(x.cidr, `${p}.cidr`), list(x.except, `${p}.except`).map((e, j) => str(e, `${p}.except[${j}]`)), p));
  });
  if (blocks.length) rule.blocks = blocks;
  const ents = list(o[`${dir}Entities`], `${path}.${dir}Entities`).map((e, i) => str(e, `${path}.${dir}Entities[${i}]`));
  for (const e of ents) if (!ENTITIES.includes(e)) fail(`${path}.${dir}Entities`, `unknown entity ${e}`);
  if (ents.length) rule.entities = ents;
  const tp = list(o.toPorts, `${path}.toPorts`);
  if (tp.length) {
    rule.ports = tp.flatMap((t, i) => {
      const p = `${path}.toPorts[${i}]`;
      const x = obj(t, p, ["ports"]);
      const ports = list(x.ports, `${p}.ports`);
      if (ports.length === 0) return [{ protocols: [...PROTOCOLS] }];
      return ports.map((q, j) => {
        const pp = `${p}.ports[${j}]`;
        const y = obj(q, pp, ["port", "protocol", "endPort"]);
        const proto = y.protocol === undefined || y.protocol === "ANY" ? [...PROTOCOLS] : [str(y.protocol, `${pp}.protocol`) as Protocol];
        for (const pr of proto) if (!PROTOCOLS.includes(pr)) fail(`${pp}.protocol`, `unknown protocol ${pr}`);
        const portText = str(y.port, `${pp}.port`);
        const spec: PortSpec = { protocols: proto };
        if (/^\d+$/.test(portText)) {
          const n = Number(portText);
          if (n > 65535) fail(`${pp}.port`, "must be at most 65535");
          if (n !== 0) spec.port = n; // port 0 means every port
        } else spec.port = portText;
        if (y.endPort !== undefined) {
          if (typeof spec.port !== "number" || typeof y.endPort !== "number" || y.endPort < spec.port) fail(`${pp}.endPort`, "must follow a numeric port");
          spec.endPort = y.endPort;
        }
        return spec;
      });
    });
  }
  return rule;
}

export function parseCiliumNetworkPolicy(doc: unknown): CiliumNetworkPolicy {
  const o = obj(doc, "CiliumNetworkPolicy", ["apiVersion", "kind", "metadata", "spec"]);
  if (o.apiVersion !== "cilium.io/v2" || o.kind !== "CiliumNetworkPolicy") fail("CiliumNetworkPolicy", "not a cilium.io/v2 CiliumNetworkPolicy");
  const md = metadata(o.metadata, "metadata");
  const at = `${md.namespace}/${md.name}`;
  const spec = obj(o.spec, `${at}.spec`, ["endpointSelector", "ingress", "egress", "enableDefaultDeny", "description"]);
  if (spec.endpointSelector === undefined) fail(`${at}.spec.endpointSelector`, "is required (nodeSelector is not supported)");
  const ingress = list(spec.ingress, `${at}.spec.ingress`).map((r, i) => cnpRule(r, `${at}.spec.ingress[${i}]`, "from"));
  const egress = list(spec.egress, `${at}.spec.egress`).map((r, i) => cnpRule(r, `${at}.spec.egress[${i}]`, "to"));
  const dd = spec.enableDefaultDeny === undefined ? {} : obj(spec.enableDefaultDeny, `${at}.spec.enableDefaultDeny`, ["ingress", "egress"]);
  const flag = (v: unknown, fallback: boolean, p: string) => (v === undefined ? fallback : typeof v === "boolean" ? v : fail(p, "must be a boolean"));
  return {
    kind: "CiliumNetworkPolicy",
    name: md.name,
    namespace: md.namespace,
    endpointSelector: selector(spec.endpointSelector, `${at}.spec.endpointSelector`, ciliumKey),
    defaultDeny: {
      ingress: flag(dd.ingress, ingress.length > 0, `${at}.spec.enableDefaultDeny.ingress`),
      egress: flag(dd.egress, egress.length > 0, `${at}.spec.enableDefaultDeny.egress`),
    },
    ingress,
    egress,
  };
}

export type Policy = NetworkPolicy | CiliumNetworkPolicy;

/** Parses every document; anything that is not a policy of the two kinds is an error. */
export function parsePolicies(docs: readonly unknown[]): Policy[] {
  return docs.map((d) => {
    const kind = (d as { kind?: unknown } | null)?.kind;
    if (kind === "NetworkPolicy") return parseNetworkPolicy(d);
    if (kind === "CiliumNetworkPolicy") return parseCiliumNetworkPolicy(d);
    return fail("document", `kind ${String(kind)} is not a network policy`);
  });
}

// ── evaluation ────────────────────────────────────────────────────────────────────────────────────────

export class Evaluator {
  private readonly namespaces = new Map<string, Record<string, string>>();
  private readonly meshOf = new Map<string, string | undefined>();

  /** policies: per cluster name, the policies applied to it */
  constructor(
    world: World,
    private readonly policies: ReadonlyMap<string, readonly Policy[]>,
    private readonly semantics: Semantics,
  ) {
    for (const c of world.clusters) this.meshOf.set(c.name, c.mesh);
    for (const ns of world.namespaces) this.namespaces.set(`${ns.cluster}/${ns.name}`, { ...ns.labels, "kubernetes.io/metadata.name": ns.name });
  }

  /** The ports src may open on dst: src's egress AND dst's ingress. */
  allowed(src: Endpoint, dst: Endpoint): PortSet {
    let out = PortSet.all();
    if (src.kind === "pod") out = out.intersect(this.direction(src.pod, dst, "egress"));
    if (dst.kind === "pod") out = out.intersect(this.direction(dst.pod, src, "ingress"));
    return out;
  }

  private nsLabels(cluster: string, ns: string): Record<string, string> {
    return this.namespaces.get(`${cluster}/${ns}`) ?? { "kubernetes.io/metadata.name": ns };
  }

  private applicable(cluster: string): readonly Policy[] {
    const all = this.policies.get(cluster) ?? [];
    return this.semantics.kind === "kubernetes" ? all.filter((p) => p.kind === "NetworkPolicy") : all;
  }

  /** What `subject` allows in one direction towards or from `peer`. */
  private direction(subject: Pod, peer: Endpoint, dir: "ingress" | "egress"): PortSet {
    // Named ports resolve on the destination: the subject for ingress, the peer for egress.
    const dst: Endpoint = dir === "ingress" ? { kind: "pod", pod: subject } : peer;
    let isolated = false;
    let allowed = PortSet.empty();
    for (const p of this.applicable(subject.cluster)) {
      if (p.namespace !== subject.namespace) continue;
      if (p.kind === "NetworkPolicy") {
        if (!selectorMatches(p.podSelector, subject.labels) || !p.types[dir]) continue;
        isolated = true;
        for (const r of p[dir]) if (!r.peers || r.peers.some((x) => this.npPeerMatches(x, p.namespace, subject.cluster, peer))) allowed = allowed.union(resolvePorts(r.ports, dst));
      } else {
        if (!selectorMatches(p.endpointSelector, this.ciliumLabels(subject))) continue;
        if (p.defaultDeny[dir]) isolated = true;
        for (const r of p[dir]) {
          const hasL3 = r.endpoints !== undefined || r.blocks !== undefined || r.entities !== undefined;
          if (!hasL3 && r.ports === undefined) continue; // the empty rule: default deny, nothing allowed
          if (!hasL3 || this.cnpPeerMatches(r, p.namespace, subject.cluster, peer)) allowed = allowed.union(resolvePorts(r.ports, dst));
        }
      }
    }
    return isolated ? allowed : PortSet.all();
  }

  /** A pod Cilium manages as seen from cluster `from`: its own, or one of the same mesh. */
  private managed(from: string, e: Endpoint): e is { kind: "pod"; pod: Pod } {
    if (e.kind !== "pod") return false;
    if (e.pod.cluster === from) return true;
    const a = this.meshOf.get(from);
    return a !== undefined && a === this.meshOf.get(e.pod.cluster);
  }

  private ipOf(e: Exclude<Endpoint, { kind: "ingress" }>): string {
    return e.kind === "pod" ? e.pod.ip : e.ip;
  }

  private npPeerMatches(x: NpPeer, policyNs: string, cluster: string, peer: Endpoint): boolean {
    if (peer.kind === "ingress") return false;
    if ("ipBlock" in x) {
      if (this.semantics.kind === "cilium" && (this.managed(cluster, peer) || peer.kind === "apiserver" || peer.kind === "node")) return false;
      return blockContains(x.ipBlock, this.ipOf(peer));
    }
    if (peer.kind !== "pod") return false;
    const pod = peer.pod;
    if (this.semantics.kind === "kubernetes" || this.semantics.defaultLocalCluster) {
      if (pod.cluster !== cluster) return false;
    } else if (!this.managed(cluster, peer)) return false;
    if (x.namespaceSelector) {
      if (!selectorMatches(x.namespaceSelector, this.nsLabels(pod.cluster, pod.namespace))) return false;
    } else if (pod.namespace !== policyNs) return false;
    return !x.podSelector || selectorMatches(x.podSelector, pod.labels);
  }

  private sameMesh(a: string, b: string): boolean {
    if (a === b) return true;
    const m = this.meshOf.get(a);
    return m !== undefined && m === this.meshOf.get(b);
  }

  /** host and remote-node: a node of the policy's cluster (where the pod runs is not modelled); remote-node, of its mesh too */
  private isNodeEntity(e: string, cluster: string, nodeCluster: string): boolean {
    return (e === "host" && nodeCluster === cluster) || (e === "remote-node" && this.sameMesh(cluster, nodeCluster));
  }

  private ciliumLabels(pod: Pod): Record<string, string> {
    const out: Record<string, string> = { ...pod.labels, [NS_KEY]: pod.namespace, [CLUSTER_KEY]: pod.cluster };
    for (const [k, v] of Object.entries(this.nsLabels(pod.cluster, pod.namespace))) out[NS_LABEL_PREFIX + k] = v;
    return out;
  }

  private cnpPeerMatches(r: CnpRule, policyNs: string, cluster: string, peer: Endpoint): boolean {
    if (peer.kind === "ingress") return (r.entities ?? []).some((e) => e === "all" || (e === "ingress" && peer.cluster === cluster));
    const managed = this.managed(cluster, peer);
    if (peer.kind === "apiserver") {
      return (r.entities ?? []).some((e) => e === "all" || ((e === "kube-apiserver" || e === "cluster") && peer.cluster === cluster) || (peer.node === true && this.isNodeEntity(e, cluster, peer.cluster)));
    }
    if (peer.kind === "node") return (r.entities ?? []).some((e) => e === "all" || this.isNodeEntity(e, cluster, peer.cluster) || (e === "cluster" && this.sameMesh(cluster, peer.cluster)));
    for (const e of r.entities ?? []) {
      if (e === "all") return true;
      if (e === "world" && !managed) return true;
      if (e === "cluster" && managed && peer.kind === "pod" && peer.pod.cluster === cluster) return true;
    }
    if (!managed) return (r.blocks ?? []).some((b) => blockContains(b, this.ipOf(peer)));
    const pod = (peer as { kind: "pod"; pod: Pod }).pod;
    const labels = this.ciliumLabels(pod);
    return (r.endpoints ?? []).some((s) => {
      if (!selectorMentions(s, NS_KEY) && pod.namespace !== policyNs) return false;
      const localOnly = this.semantics.kind === "cilium" && this.semantics.defaultLocalCluster;
      if (!selectorMentions(s, CLUSTER_KEY) && localOnly && pod.cluster !== cluster) return false;
      return selectorMatches(s, labels);
    });
  }
}
