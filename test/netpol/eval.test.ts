// The evaluator judges the generator, so it is judged first: hand-worked cases from the Kubernetes
// "Network Policies" page and Cilium's "Policy Language" and "ClusterMesh" pages, including the classic
// mistakes (one `from` element with two selectors vs two elements, empty selectors, omitted policyTypes).
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { Evaluator, PortSet, parsePolicies, type Endpoint, type Pod, type Semantics, type World } from "../support/netpol-eval.js";

const world: World = {
  clusters: [{ name: "c", mesh: "m" }, { name: "d", mesh: "m" }, { name: "e" }],
  namespaces: [
    { cluster: "c", name: "default", labels: {} },
    { cluster: "c", name: "myproject", labels: { project: "myproject" } },
    { cluster: "c", name: "alice", labels: { user: "alice" } },
    { cluster: "c", name: "bob", labels: { user: "bob" } },
    { cluster: "d", name: "default", labels: {} },
  ],
};

let n = 10;
function pod(namespace: string, labels: Record<string, string>, ports: Pod["ports"] = [], cluster = "c"): Endpoint {
  const net = { c: "10.42", d: "10.52", e: "10.62" }[cluster]!;
  return { kind: "pod", pod: { id: `${cluster}/${namespace}/${JSON.stringify(labels)}`, cluster, namespace, labels, ip: `${net}.0.${n++}`, ports } };
}
const ip = (addr: string): Endpoint => ({ kind: "ip", id: addr, ip: addr });

const db = pod("default", { role: "db" }, [{ name: "redis", port: 6379, protocol: "TCP" }]);
const frontend = pod("default", { role: "frontend" });
const other = pod("default", { role: "other" });
const frontendInBob = pod("bob", { role: "frontend" });
const inMyproject = pod("myproject", { role: "anything" });
const aliceClient = pod("alice", { role: "client" });
const aliceOther = pod("alice", { role: "other" });
const bobClient = pod("bob", { role: "client" });
const web = pod("default", { app: "web", tier: "frontend" }, [{ name: "http", port: 8080, protocol: "TCP" }]);
const api = pod("default", { app: "api", tier: "backend" }, [{ name: "http", port: 9090, protocol: "TCP" }]);
const remote = pod("default", { role: "frontend" }, [], "d");
const unmeshed = pod("default", { role: "frontend" }, [], "e");

function evaluator(yaml: string, semantics: Semantics = { kind: "kubernetes" }): Evaluator {
  const docs = YAML.parseAllDocuments(yaml).map((d) => d.toJS());
  return new Evaluator(world, new Map([["c", parsePolicies(docs)]]), semantics);
}
const allowed = (e: Evaluator, a: Endpoint, b: Endpoint) => e.allowed(a, b).toString();
const ALL = PortSet.all().toString();

describe("PortSet", () => {
  it("unions, intersects and prints ranges", () => {
    const a = PortSet.of("TCP", 80).union(PortSet.of("TCP", 81, 90)).union(PortSet.of("UDP", 53));
    expect(a.toString()).toBe("TCP:80-90 UDP:53");
    expect(a.intersect(PortSet.of("TCP", 85, 100)).toString()).toBe("TCP:85-90");
    expect(PortSet.parse("TCP:80-90 UDP:53").equals(a)).toBe(true);
    expect(PortSet.empty().toString()).toBe("-");
  });
});

describe("Kubernetes NetworkPolicy semantics", () => {
  // The example policy of the Kubernetes documentation, with its explanation as the expected results.
  const docsExample = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: test-network-policy, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - ipBlock: { cidr: 172.17.0.0/16, except: [172.17.1.0/24] }
        - namespaceSelector: { matchLabels: { project: myproject } }
        - podSelector: { matchLabels: { role: frontend } }
      ports: [{ protocol: TCP, port: 6379 }]
  egress:
    - to: [{ ipBlock: { cidr: 10.0.0.0/24 } }]
      ports: [{ protocol: TCP, port: 5978 }]
`;

  it("the documentation's example: sources on TCP 6379, egress to 10.0.0.0/24 on 5978", () => {
    const e = evaluator(docsExample);
    expect(allowed(e, frontend, db)).toBe("TCP:6379");
    expect(allowed(e, inMyproject, db)).toBe("TCP:6379");
    expect(allowed(e, ip("172.17.0.5"), db)).toBe("TCP:6379");
    expect(allowed(e, ip("172.17.2.9"), db)).toBe("TCP:6379");
    expect(allowed(e, ip("172.17.1.5"), db)).toBe("-"); // except
    expect(allowed(e, frontendInBob, db)).toBe("-"); // a podSelector alone means the policy's namespace
    expect(allowed(e, other, db)).toBe("-");
    expect(allowed(e, db, ip("10.0.0.7"))).toBe("TCP:5978");
    expect(allowed(e, db, ip("10.0.1.7"))).toBe("-");
    expect(allowed(e, db, frontend)).toBe("-"); // db's egress is isolated
    expect(allowed(e, other, frontend)).toBe(ALL); // pods no policy selects are not isolated
  });

  it("namespaceSelector and podSelector in ONE from element: both must match", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: one-element, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  ingress:
    - from:
        - namespaceSelector: { matchLabels: { user: alice } }
          podSelector: { matchLabels: { role: client } }
`);
    expect(allowed(e, aliceClient, db)).toBe(ALL);
    expect(allowed(e, aliceOther, db)).toBe("-");
    expect(allowed(e, bobClient, db)).toBe("-");
    expect(allowed(e, frontend, db)).toBe("-");
  });

  it("namespaceSelector and podSelector as TWO from elements: either may match", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: two-elements, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  ingress:
    - from:
        - namespaceSelector: { matchLabels: { user: alice } }
        - podSelector: { matchLabels: { role: client } }
`);
    expect(allowed(e, aliceClient, db)).toBe(ALL);
    expect(allowed(e, aliceOther, db)).toBe(ALL); // every pod of alice's namespace
    expect(allowed(e, bobClient, db)).toBe("-"); // podSelector alone: role=client in default only
    expect(allowed(e, frontend, db)).toBe("-");
  });

  it("empty selectors: podSelector {} is every pod of the policy's namespace, namespaceSelector {} every namespace", () => {
    const samens = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: same-namespace, namespace: default }
spec:
  podSelector: {}
  ingress: [{ from: [{ podSelector: {} }] }]
`);
    expect(allowed(samens, frontend, db)).toBe(ALL);
    expect(allowed(samens, frontendInBob, db)).toBe("-");
    expect(allowed(samens, ip("192.0.2.1"), db)).toBe("-");
    const anyns = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: any-namespace, namespace: default }
spec:
  podSelector: {}
  ingress: [{ from: [{ namespaceSelector: {} }] }]
`);
    expect(allowed(anyns, frontendInBob, db)).toBe(ALL);
    expect(allowed(anyns, ip("192.0.2.1"), db)).toBe("-"); // selectors never match addresses outside
  });

  it("default deny ingress isolates ingress only; allow-all ingress is a rule with nothing in it", () => {
    const deny = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-ingress, namespace: default }
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
    const e = evaluator(deny);
    expect(allowed(e, frontend, db)).toBe("-");
    expect(allowed(e, frontendInBob, db)).toBe("-");
    expect(allowed(e, db, frontendInBob)).toBe(ALL); // egress untouched
    // the union of policies: an allow-all ingress policy next to the deny opens it again
    const both = evaluator(`${deny}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-all-ingress, namespace: default }
spec:
  podSelector: {}
  ingress: [{}]
`);
    expect(allowed(both, frontendInBob, db)).toBe(ALL);
  });

  it("an egress-only policy (policyTypes [Egress]) leaves ingress open, even with ingress rules written", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-egress, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  policyTypes: [Egress]
  ingress: [{ from: [{ podSelector: { matchLabels: { role: nobody } } }] }]
`);
    expect(allowed(e, db, frontend)).toBe("-");
    expect(allowed(e, db, ip("8.8.8.8"))).toBe("-");
    expect(allowed(e, frontend, db)).toBe(ALL);
  });

  it("policyTypes omitted: Ingress always, Egress only when there are egress rules", () => {
    const ingressOnly = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: no-types, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  ingress: [{ from: [{ podSelector: { matchLabels: { role: frontend } } }] }]
`);
    expect(allowed(ingressOnly, frontend, db)).toBe(ALL);
    expect(allowed(ingressOnly, other, db)).toBe("-");
    expect(allowed(ingressOnly, db, other)).toBe(ALL);
    // The classic surprise: a policy written for egress also denies all ingress when policyTypes is omitted.
    const egressRules = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress-no-types, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  egress: [{ to: [{ podSelector: { matchLabels: { role: frontend } } }] }]
`);
    expect(allowed(egressRules, db, frontend)).toBe(ALL);
    expect(allowed(egressRules, db, other)).toBe("-");
    expect(allowed(egressRules, frontend, db)).toBe("-");
    // egress: [] is not "egress rules": only Ingress is defaulted
    const emptyEgress = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: empty-egress, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  egress: []
`);
    expect(allowed(emptyEgress, db, other)).toBe(ALL);
    expect(allowed(emptyEgress, other, db)).toBe("-");
  });

  it("a connection needs the source's egress AND the target's ingress", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-egress, namespace: default }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
  egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 9090 }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-ingress, namespace: default }
spec:
  podSelector: { matchLabels: { app: api } }
  policyTypes: [Ingress]
  ingress: [{ from: [{ podSelector: { matchLabels: { role: frontend } } }] }]
`);
    expect(allowed(e, web, api)).toBe("-"); // web may send, api does not accept
    expect(allowed(e, frontend, api)).toBe(ALL);
    expect(allowed(e, web, frontend)).toBe("-"); // frontend accepts anything, web may not send
  });

  it("ports: protocol defaults to TCP, endPort makes a range, a missing port means every port", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: multi-port-egress, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  policyTypes: [Egress]
  egress:
    - to: [{ ipBlock: { cidr: 10.0.0.0/24 } }]
      ports: [{ protocol: TCP, port: 32000, endPort: 32768 }, { port: 53 }, { protocol: UDP }]
`);
    const p = e.allowed(db, ip("10.0.0.9"));
    expect(p.has("TCP", 32000) && p.has("TCP", 32768) && p.has("TCP", 53)).toBe(true);
    expect(p.has("TCP", 31999) || p.has("TCP", 32769) || p.has("SCTP", 53)).toBe(false);
    expect(p.toString()).toBe("TCP:53,32000-32768 UDP:1-65535");
  });

  it("named ports resolve on the destination pod, by name and protocol", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: named-in, namespace: default }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{ ports: [{ port: http }, { protocol: UDP, port: redis }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: named-out, namespace: default }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
  egress: [{ ports: [{ port: http }] }]
`);
    expect(allowed(e, frontend, web)).toBe("TCP:8080");
    expect(allowed(e, frontend, api)).toBe("TCP:9090"); // same name, this pod's number
    expect(allowed(e, frontend, db)).toBe("-"); // redis is TCP on db, the rule asks for UDP
    expect(allowed(e, web, ip("192.0.2.1"))).toBe("-"); // an address has no named ports
  });

  it("matchExpressions: In, NotIn, Exists, DoesNotExist", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: expressions, namespace: default }
spec:
  podSelector: { matchExpressions: [{ key: app, operator: Exists }] }
  ingress:
    - from:
        - podSelector:
            matchExpressions:
              - { key: role, operator: In, values: [frontend, db] }
              - { key: tier, operator: DoesNotExist }
        - podSelector:
            matchExpressions: [{ key: tier, operator: NotIn, values: [frontend] }, { key: tier, operator: Exists }]
`);
    expect(allowed(e, frontend, web)).toBe(ALL);
    expect(allowed(e, api, web)).toBe(ALL); // tier=backend
    expect(allowed(e, other, web)).toBe("-");
    expect(allowed(e, web, api)).toBe("-"); // tier=frontend
    expect(allowed(e, other, db)).toBe(ALL); // db has no app label: not selected
  });

  it("isolation only where a policy selects the pod: namespace and selector both count", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: elsewhere, namespace: bob }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: nobody, namespace: default }
spec:
  podSelector: { matchLabels: { role: nobody } }
  policyTypes: [Ingress, Egress]
`);
    expect(allowed(e, frontend, db)).toBe(ALL);
    expect(allowed(e, frontend, bobClient)).toBe("-");
  });

  it("pods of another cluster are addresses: selectors never match them, an ipBlock of their CIDR does", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: remote, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  ingress:
    - from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: frontend } } }]
      ports: [{ port: 80 }]
    - from: [{ ipBlock: { cidr: 10.52.0.0/16 } }]
      ports: [{ port: 443 }]
`);
    expect(allowed(e, frontend, db)).toBe("TCP:80");
    expect(allowed(e, remote, db)).toBe("TCP:443");
  });

  it("refuses what it does not understand or what the API server would reject", () => {
    const bad = (spec: string) => () => evaluator(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: x, namespace: default }\nspec: ${spec}\n`);
    expect(bad("{ podSelector: {}, ingres: [] }")).toThrow(/field not understood/);
    expect(bad("{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8 }, podSelector: {} }] }] }")).toThrow(/ipBlock excludes/);
    expect(bad("{ podSelector: {}, ingress: [{ from: [{}] }] }")).toThrow(/needs podSelector/);
    expect(bad("{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8, except: [11.0.0.0/24] } }] }] }")).toThrow(/not inside/);
    expect(bad("{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.1/8 } }] }] }")).toThrow(/host bits/);
    expect(bad("{ podSelector: {}, ingress: [{ ports: [{ port: http, endPort: 90 }] }] }")).toThrow(/numeric port/);
    expect(bad("{ podSelector: {}, policyTypes: [Sideways] }")).toThrow(/unknown type/);
    expect(bad("{ policyTypes: [Ingress] }")).toThrow(/podSelector/);
  });
});

describe("Cilium semantics", () => {
  const cilium: Semantics = { kind: "cilium", defaultLocalCluster: true };
  const legacy: Semantics = { kind: "cilium", defaultLocalCluster: false };

  it("an empty rule turns default deny on and allows nothing; an empty list does not", () => {
    const deny = evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: deny, namespace: default }
spec: { endpointSelector: {}, ingress: [{}], egress: [{}] }
`, cilium);
    expect(allowed(deny, frontend, db)).toBe("-");
    expect(allowed(deny, db, ip("192.0.2.1"))).toBe("-");
    expect(allowed(deny, frontendInBob, bobClient)).toBe(ALL);
    const none = evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: none, namespace: default }
spec: { endpointSelector: {}, ingress: [] }
`, cilium);
    expect(allowed(none, frontend, db)).toBe(ALL);
    const off = evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: off, namespace: default }
spec:
  endpointSelector: {}
  enableDefaultDeny: { ingress: false }
  ingress: [{ fromEndpoints: [{ matchLabels: { role: frontend } }] }]
`, cilium);
    expect(allowed(off, other, db)).toBe(ALL);
  });

  it("endpoint selectors mean the policy's namespace unless they name one", () => {
    const e = evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: ns, namespace: default }
spec:
  endpointSelector: { matchLabels: { role: db } }
  ingress:
    - fromEndpoints: [{ matchLabels: { role: frontend } }]
      toPorts: [{ ports: [{ port: "6379", protocol: TCP }] }]
    - fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": alice } }]
      toPorts: [{ ports: [{ port: redis }] }]
`, cilium);
    expect(allowed(e, frontend, db)).toBe("TCP:6379");
    expect(allowed(e, frontendInBob, db)).toBe("-");
    expect(allowed(e, aliceOther, db)).toBe("TCP:6379"); // the named port, any protocol that has it
  });

  it("a rule with only toPorts admits every peer; port 0 and protocol ANY mean every port and protocol", () => {
    const e = evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: l4, namespace: default }
spec:
  endpointSelector: { matchLabels: { role: db } }
  ingress: [{ toPorts: [{ ports: [{ port: "80", protocol: TCP }] }] }]
  egress: [{ toEndpoints: [{}], toPorts: [{ ports: [{ port: "0", protocol: ANY }] }] }]
`, cilium);
    expect(allowed(e, ip("198.51.100.1"), db)).toBe("TCP:80");
    expect(allowed(e, frontendInBob, db)).toBe("TCP:80");
    expect(allowed(e, db, frontend)).toBe(ALL);
    expect(allowed(e, db, frontendInBob)).toBe("-");
  });

  it("CIDR rules never match pods Cilium manages, only outside addresses (except honoured)", () => {
    const e = evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: cidr, namespace: default }
spec:
  endpointSelector: { matchLabels: { role: db } }
  ingress:
    - fromCIDRSet: [{ cidr: 0.0.0.0/0, except: [10.62.0.0/16] }]
    - fromCIDR: [10.42.0.0/16, 10.62.0.0/16]
      toPorts: [{ ports: [{ port: "22", protocol: TCP }] }]
`, cilium);
    expect(allowed(e, frontend, db)).toBe("-"); // in 10.42.0.0/16, but managed
    expect(allowed(e, remote, db)).toBe("-"); // a mesh pod
    expect(allowed(e, unmeshed, db)).toBe("TCP:22"); // another cluster, no mesh: an address; except applies to the first rule
    expect(allowed(e, ip("198.51.100.1"), db)).toBe(ALL);
  });

  it("ClusterMesh: without the cluster label a selector means the local cluster (1.19) or every cluster (1.18)", () => {
    const policy = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: mesh, namespace: default }
spec:
  endpointSelector: { matchLabels: { role: db } }
  ingress:
    - fromEndpoints: [{ matchLabels: { role: frontend } }]
      toPorts: [{ ports: [{ port: "80", protocol: TCP }] }]
    - fromEndpoints: [{ matchLabels: { role: frontend, io.cilium.k8s.policy.cluster: d } }]
      toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]
`;
    expect(allowed(evaluator(policy, cilium), remote, db)).toBe("TCP:443");
    expect(allowed(evaluator(policy, legacy), remote, db)).toBe("TCP:80,443");
    expect(allowed(evaluator(policy, cilium), frontend, db)).toBe("TCP:80");
    expect(allowed(evaluator(policy, cilium), unmeshed, db)).toBe("-");
  });

  it("entities: all matches everything, world only outside addresses", () => {
    const e = evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: entities, namespace: default }
spec:
  endpointSelector: { matchLabels: { role: db } }
  ingress: [{ fromEntities: [world], toPorts: [{ ports: [{ port: "443" }] }] }]
  egress: [{ toEntities: [all] }]
`, cilium);
    expect(allowed(e, ip("198.51.100.1"), db)).toBe("TCP:443 UDP:443 SCTP:443");
    expect(allowed(e, frontend, db)).toBe("-");
    expect(allowed(e, db, frontendInBob)).toBe(ALL);
  });

  it("NetworkPolicies apply too, and their ipBlocks skip managed pods", () => {
    const e = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: np, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  ingress: [{ from: [{ ipBlock: { cidr: 10.52.0.0/16 } }] }]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: cnp, namespace: default }
spec:
  endpointSelector: { matchLabels: { role: db } }
  ingress: [{ fromEndpoints: [{ matchLabels: { role: frontend } }] }]
`, cilium);
    expect(allowed(e, remote, db)).toBe("-");
    expect(allowed(e, frontend, db)).toBe(ALL);
    // the same objects under plain Kubernetes: the CNP does not exist, the ipBlock admits the remote pod
    const k8s = evaluator(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: np, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  ingress: [{ from: [{ ipBlock: { cidr: 10.52.0.0/16 } }] }]
`);
    expect(allowed(k8s, remote, db)).toBe(ALL);
    expect(allowed(k8s, frontend, db)).toBe("-");
  });

  it("the API server: the kube-apiserver entity of the policy's cluster; never CIDR rules or world, under Kubernetes only ipBlocks", () => {
    const apiserver: Endpoint = { kind: "apiserver", id: "c/kubernetes-api", cluster: "c", ip: "192.168.10.11" };
    const otherApiserver: Endpoint = { kind: "apiserver", id: "d/kubernetes-api", cluster: "d", ip: "192.168.20.11" };
    const np = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: np, namespace: default }
spec:
  podSelector: { matchLabels: { role: db } }
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 192.168.10.11/32 } }], ports: [{ port: 6443 }] }]
`;
    const k8s = evaluator(np);
    expect(allowed(k8s, db, apiserver)).toBe("TCP:6443");
    expect(allowed(k8s, db, otherApiserver)).toBe("-");
    // Cilium: the same ipBlock does not reach a node address; the entity does, for the local cluster only
    expect(allowed(evaluator(np, cilium), db, apiserver)).toBe("-");
    const cnp = (entities: string) => evaluator(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: cnp, namespace: default }
spec:
  endpointSelector: { matchLabels: { role: db } }
  egress: [{ toEntities: [${entities}], toPorts: [{ ports: [{ port: "6443", protocol: TCP }] }] }, { toCIDRSet: [{ cidr: 0.0.0.0/0 }] }]
`, cilium);
    expect(allowed(cnp("kube-apiserver"), db, apiserver)).toBe("TCP:6443");
    expect(allowed(cnp("kube-apiserver"), db, otherApiserver)).toBe("-");
    expect(allowed(cnp("world"), db, apiserver)).toBe("-");
    expect(allowed(cnp("all"), db, otherApiserver)).toBe("TCP:6443");
  });

  it("refuses what it does not model", () => {
    const bad = (spec: string) => () => evaluator(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: x, namespace: default }\nspec: ${spec}\n`, cilium);
    expect(bad("{ endpointSelector: {}, ingressDeny: [{}] }")).toThrow(/field not understood/);
    expect(bad("{ endpointSelector: {}, ingress: [{ fromRequires: [{}] }] }")).toThrow(/field not understood/);
    expect(bad("{ endpointSelector: {}, ingress: [{ fromEntities: [galaxy] }] }")).toThrow(/unknown entity/);
    expect(bad("{ endpointSelector: { matchLabels: { 'reserved:host': '' } } }")).toThrow(/label source/);
    expect(() => parsePolicies([{ apiVersion: "v1", kind: "Service" }])).toThrow(/not a network policy/);
  });
});
