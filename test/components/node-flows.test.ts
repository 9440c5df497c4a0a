// What kube-prometheus-stack and Rook-Ceph need of the nodes and of each other (issue 12, point 12): Prometheus scrapes
// kubelets, node-exporter and the control plane at the nodes' addresses and CoreDNS's metrics on its pods; Ceph's
// daemons bind ports of 6800-7300; host-network clients (CSI node plugins, kernel mounts) reach the mons, OSDs and MDS
// from the nodes; Rook's operator (release rook-ceph) reaches the mons of the CephCluster release rook-ceph-cluster
// defines. These were PC1211 gaps, cut by the namespaces' default deny. Pod labels are written from the charts.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileObject } from "../support/compile.js";
import { Evaluator, parsePolicies, type Endpoint } from "../support/netpol-eval.js";
import { buildModel, disagreements, expected, policiesFromFiles } from "../netpol/model.js";
import { World, build, seedSpec, service } from "./world.js";
import { prometheusPod } from "./charts.js";

const nodeOf = (w: World, cluster: string, i = 0): Endpoint => {
  const n = w.cluster(cluster).nodes[i]!;
  return { kind: "node", id: `${cluster}/node@${n.address.text}`, cluster, ip: n.address.text };
};

describe("the evaluator: a node's address", () => {
  // Kubernetes "Network Policies" (ipBlock), Cilium "Policy Language" (Entities based: host, remote-node; CIDR rules
  // do not select nodes; toPorts endPort).
  const world = { clusters: [{ name: "c", mesh: "m" }, { name: "d", mesh: "m" }], namespaces: [{ cluster: "c", name: "default", labels: {} }] };
  const pod: Endpoint = { kind: "pod", pod: { id: "p", cluster: "c", namespace: "default", labels: { role: "db" }, ip: "10.42.0.5", ports: [] } };
  const node: Endpoint = { kind: "node", id: "n", cluster: "c", ip: "192.168.10.11" };
  const meshNode: Endpoint = { kind: "node", id: "m", cluster: "d", ip: "192.168.20.11" };
  const ev = (yaml: string, cilium: boolean) =>
    new Evaluator(world, new Map([["c", parsePolicies(YAML.parseAllDocuments(yaml).map((d) => d.toJS()))]]), cilium ? { kind: "cilium", defaultLocalCluster: true } : { kind: "kubernetes" });
  const np = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: np, namespace: default }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 192.168.10.11/32 } }], ports: [{ port: 6800, endPort: 7300 }] }]
`;
  const cnp = (entities: string) => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: cnp, namespace: default }
spec:
  endpointSelector: {}
  egress: [{ toEntities: [${entities}], toPorts: [{ ports: [{ port: "6800", endPort: 7300, protocol: TCP }] }] }, { toCIDRSet: [{ cidr: 0.0.0.0/0 }] }]
`;

  it("an ipBlock of the node's /32 matches it under Kubernetes, never under Cilium", () => {
    expect(ev(np, false).allowed(pod, node).toString()).toBe("TCP:6800-7300");
    expect(ev(np, true).allowed(pod, node).toString()).toBe("-");
  });

  it("host and remote-node match the cluster's nodes, remote-node a meshed cluster's; world and CIDRs do not", () => {
    expect(ev(cnp("host, remote-node"), true).allowed(pod, node).toString()).toBe("TCP:6800-7300");
    expect(ev(cnp("host"), true).allowed(pod, meshNode).toString()).toBe("-");
    expect(ev(cnp("remote-node"), true).allowed(pod, meshNode).toString()).toBe("TCP:6800-7300");
    expect(ev(cnp("world"), true).allowed(pod, node).toString()).toBe("-");
  });
});

describe("elysium: Prometheus scrapes the nodes and CoreDNS", () => {
  const b = build(seedSpec("elysium"));
  const w = new World(b);
  const s = service(b, "kube-prometheus-stack");
  const prometheus = prometheusPod(w, s.cluster, s.namespace);
  // grafana-9.3.0 grafana.selectorLabels
  const grafana = w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": s.name }, [{ name: "grafana", port: 3000 }]);

  it("reaches each node's kubelet (10250, the kubelet ServiceMonitor over https) and node-exporter (9100, host network)", () => {
    for (const i of [0, 1]) w.expectAllowed(prometheus, nodeOf(w, s.cluster, i), [["TCP", 10250], ["TCP", 9100]], `prometheus -> node ${i}`);
  });

  it("reaches the control plane's metrics ports at the nodes (controller-manager 10257, scheduler 10259, etcd 2381, kube-proxy 10249)", () => {
    w.expectAllowed(prometheus, nodeOf(w, s.cluster), [["TCP", 10257], ["TCP", 10259], ["TCP", 2381], ["TCP", 10249]], "prometheus -> control plane");
  });

  it("reaches CoreDNS's metrics (9153, the coreDns ServiceMonitor) on the DNS pods (K3s's coredns: k8s-app: kube-dns)", () => {
    const dns = w.pod(s.cluster, "kube-system", { "k8s-app": "kube-dns" }, [{ name: "metrics", port: 9153 }]);
    w.expectAllowed(prometheus, dns, [["TCP", 9153]], "prometheus -> coredns metrics");
  });

  it("no more than that: not another node port, and Grafana not the kubelets", () => {
    expect(w.allowed(prometheus, nodeOf(w, s.cluster)).has("TCP", 22)).toBe(false);
    expect(w.allowed(grafana, nodeOf(w, s.cluster)).has("TCP", 10250)).toBe(false);
  });
});

describe("monosense: Ceph's port range, host-network clients, and Rook's operator", () => {
  const b = build(seedSpec("monosense"));
  const w = new World(b);
  const op = service(b, "rook-ceph");
  const cluster = service(b, "rook-ceph-cluster");
  // rook/rook v1.17.6 pkg/operator/ceph/controller/spec.go AppLabels / CephDaemonAppLabels; cluster/mon/mon.go (3300,
  // 6789); deploy/charts/rook-ceph/templates/psp.yaml: "Ceph RADOS ports for OSDs, MDSes" 6800-7300.
  const daemon = (type: string, ports: Array<{ name: string; port: number }> = []) =>
    w.pod(cluster.cluster, cluster.namespace, { app: `rook-ceph-${type}`, rook_cluster: cluster.namespace, ceph_daemon_type: type }, ports);
  const mon = daemon("mon", [{ name: "tcp-msgr2", port: 3300 }, { name: "tcp-msgr1", port: 6789 }]);
  const osd = daemon("osd", [{ name: "osd-port-v2", port: 6800 }]);
  const mds = daemon("mds");
  // deploy/charts/rook-ceph/templates/deployment.yaml: app: rook-ceph-operator
  const operator = w.pod(op.cluster, op.namespace, { app: "rook-ceph-operator", "helm.sh/chart": "rook-ceph-v1.17.6" });
  // pkg/operator/ceph/csi/template/rbd/csi-rbdplugin-provisioner-dep.yaml
  const rbdProvisioner = w.pod(op.cluster, op.namespace, { app: "csi-rbdplugin-provisioner", contains: "csi-rbdplugin-metrics" });
  const node = nodeOf(w, cluster.cluster, 1);

  it("a host-network client (a node's address) reaches the mons on 3300 and 6789", () => {
    w.expectAllowed(node, mon, [["TCP", 3300], ["TCP", 6789]], "node -> mon");
  });

  it("and the OSDs and MDS anywhere in 6800-7300, not past it", () => {
    w.expectAllowed(node, osd, [["TCP", 6800], ["TCP", 6804], ["TCP", 7300]], "node -> osd");
    w.expectAllowed(node, mds, [["TCP", 6800], ["TCP", 7300]], "node -> mds");
    expect(w.allowed(node, osd).has("TCP", 7301)).toBe(false);
  });

  it("OSDs reach each other on the whole range (cluster and heartbeat messengers)", () => {
    w.expectAllowed(osd, daemon("osd"), [["TCP", 6800], ["TCP", 6803], ["TCP", 7300]], "osd -> osd");
  });

  it("the operator of release rook-ceph reaches the mons of release rook-ceph-cluster", () => {
    w.expectAllowed(operator, mon, [["TCP", 3300], ["TCP", 6789]], "rook operator -> mon");
  });

  it("the RBD provisioner the operator deploys reaches the API server, the mons and the OSDs", () => {
    w.expectAllowed(rbdProvisioner, w.apiServer(op.cluster), [["TCP", w.cluster(op.cluster).apiEndpoint.port]], "csi-rbdplugin-provisioner -> kube-apiserver");
    w.expectAllowed(rbdProvisioner, mon, [["TCP", 3300]], "csi-rbdplugin-provisioner -> mon");
    w.expectAllowed(rbdProvisioner, osd, [["TCP", 6800], ["TCP", 7000]], "csi-rbdplugin-provisioner -> osd");
  });

  it("a node does not reach the mons on other ports", () => {
    expect(w.allowed(node, mon).has("TCP", 22)).toBe(false);
  });
});

describe("the property tests' model agrees with the generated policies on both seeds", () => {
  for (const [platform, view] of [["elysium", "kubernetes"], ["monosense", "cilium"]] as const) {
    it(`${platform} (${view} semantics), node endpoints and port ranges included`, () => {
      const b = build(seedSpec(platform));
      const model = buildModel(b.graph);
      expect(model.nodes.some((n) => n.ep.kind === "node")).toBe(true);
      const ev = new Evaluator(model.world, policiesFromFiles(b.graph, b.files), view === "cilium" ? { kind: "cilium", defaultLocalCluster: true } : { kind: "kubernetes" });
      expect(disagreements(model, (x, y) => ev.allowed(x, y), expected(b.graph, model, view))).toEqual([]);
    });
  }
});

describe("PC1211", () => {
  it("no longer fires on the seeds", () => {
    for (const p of ["axiomlayer", "bluerobin", "elysium", "monosense", "todoapp"]) {
      expect(compileObject(seedSpec(p)).codes.filter((c) => c === "PC1211"), p).toEqual([]);
    }
  });

  it("still fires where node flows meet a Cilium cluster emitting NetworkPolicies only (ipBlocks skip nodes)", () => {
    const spec = seedSpec("monosense");
    spec.clusters.find((c: any) => c.name === "infra").cni.policy = "kubernetes";
    const d = compileObject(spec).diagnostics.filter((x) => x.code === "PC1211");
    expect(d.map((x) => x.message).join("\n")).toContain("`rook-ceph-cluster`");
    expect(d[0]!.help ?? "").toContain("cni.policy");
  });
});
