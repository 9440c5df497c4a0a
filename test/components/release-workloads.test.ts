// Every workload of a catalogued Helm release is reachable on what it needs (issue 12, point 12: "one selector stands
// for the whole release"). The spec's selector of a release picks one workload, so the others (Authentik's worker,
// the Prometheus and Alertmanager pods the operator makes, the Ceph daemons, CloudNativePG's webhook) were cut by the
// namespace's default deny. Pod labels are written here from the charts' templates and the operators' code.
import { describe, expect, it } from "vitest";
import { componentNamed, apiVersionOf } from "../../src/catalog/index.js";
import { compileObject } from "../support/compile.js";
import { World, build, seedSpec, service, type Built } from "./world.js";
import { prometheusPod } from "./charts.js";

type Port = Array<{ name: string; port: number; protocol?: "TCP" | "UDP" }>;
const apiPortOf = (w: World, cluster: string) => w.cluster(cluster).apiEndpoint.port;

describe("axiomlayer: the authentik worker and the outpost", () => {
  const b = build(seedSpec("axiomlayer"));
  const w = new World(b);
  const s = service(b, "authentik");
  // goauthentik/helm charts/authentik 2025.6.4, _common.tpl: authentik.selectorLabels (name authentik, instance,
  // component server|worker) and authentik.labels (part-of authentik, managed-by); worker/deployment.yaml opens no port.
  const authentik = (component: "server" | "worker", ports: Port = []) =>
    w.pod(s.cluster, s.namespace, {
      "app.kubernetes.io/name": "authentik",
      "app.kubernetes.io/instance": s.name,
      "app.kubernetes.io/component": component,
      "app.kubernetes.io/part-of": "authentik",
      "app.kubernetes.io/managed-by": "Helm",
    }, ports);
  const worker = authentik("worker");
  const server = authentik("server", [{ name: "http", port: 9000 }, { name: "https", port: 9443 }]);
  const postgres = w.servicePod(service(b, "authentik-postgresql"));
  const redis = w.servicePod(service(b, "authentik-redis"));

  it("the worker reaches the release's PostgreSQL and Redis, which the spec declares for the release", () => {
    w.expectAllowed(worker, postgres, [["TCP", 5432]], "authentik-worker -> authentik-postgresql");
    w.expectAllowed(worker, redis, [["TCP", 6379]], "authentik-worker -> authentik-redis");
  });

  it("the worker reaches the API server (managed outposts); the server still reaches its database", () => {
    w.expectAllowed(worker, w.apiServer(s.cluster), [["TCP", apiPortOf(w, s.cluster)]], "authentik-worker -> kube-apiserver");
    w.expectAllowed(server, postgres, [["TCP", 5432]], "authentik-server -> authentik-postgresql");
  });

  it("the outpost still reaches the server on 9000, and Traefik the outpost", () => {
    const outpost = w.servicePod(service(b, "ak-outpost-forward-auth-outpost"));
    w.expectAllowed(outpost, server, [["TCP", 9000]], "outpost -> authentik-server");
    w.expectAllowed(w.servicePod(service(b, "traefik")), outpost, [["TCP", 9000]], "traefik -> outpost");
  });

  it("the worker gets nothing it does not need: not the server's port", () => {
    expect(w.allowed(worker, server).has("TCP", 9000)).toBe(false);
  });
});

// prometheus-operator v0.83.0, pkg/prometheus/server/operator.go makeSelectorLabels and server/statefulset.go: the
// Prometheus pods carry managed-by prometheus-operator, name prometheus, instance / operator.prometheus.io/name /

describe("elysium: kube-prometheus-stack's Prometheus, Alertmanager, Grafana and operator", () => {
  // A metrics port in another namespace, for the monitoring rule: every pod of `monitoring` scrapes every metrics port.
  const spec = seedSpec("elysium");
  spec.services.find((x: any) => x.name === "kibana").ports.push({ name: "metrics", port: 9114, metrics: true });
  const b = build(spec);
  const w = new World(b);
  const s = service(b, "kube-prometheus-stack");
  const prometheus = prometheusPod(w, s.cluster, s.namespace);
  // pkg/alertmanager/operator.go makeSelectorLabels and statefulset.go: name alertmanager, alertmanager = the object
  // (<fullname>-alertmanager); ports http-web 9093, mesh 9094.
  const alertmanager = w.pod(s.cluster, s.namespace, {
    "app.kubernetes.io/managed-by": "prometheus-operator",
    "app.kubernetes.io/name": "alertmanager",
    "app.kubernetes.io/instance": "kube-prometheus-stack-alertmanager",
    alertmanager: "kube-prometheus-stack-alertmanager",
  }, [{ name: "http-web", port: 9093 }, { name: "mesh-tcp", port: 9094 }]);
  // templates/prometheus-operator/_prometheus-operator.tpl and deployment.yaml: the chart's labels, app
  // <name>-operator, its name and component; tls.enabled serves https on 10250 (the webhooks' too).
  const operator = w.pod(s.cluster, s.namespace, {
    "app.kubernetes.io/managed-by": "Helm",
    "app.kubernetes.io/instance": s.name,
    "app.kubernetes.io/part-of": "kube-prometheus-stack",
    release: s.name,
    heritage: "Helm",
    app: "kube-prometheus-stack-operator",
    "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator",
    "app.kubernetes.io/component": "prometheus-operator",
  }, [{ name: "https", port: 10250 }]);
  // grafana-9.3.0 _helpers.tpl grafana.selectorLabels: name grafana, instance the release; container port 3000.
  const grafana = w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": s.name }, [{ name: "grafana", port: 3000 }]);
  const api = w.apiServer(s.cluster);
  const apiPort = apiPortOf(w, s.cluster);

  it("Prometheus reaches PushProx, as the spec's monitoring flow says", () => {
    w.expectAllowed(prometheus, w.servicePod(service(b, "pushprox")), [["TCP", 8080]], "prometheus -> pushprox");
  });

  it("Prometheus reaches a metrics port of the cluster (the monitoring namespace's rule)", () => {
    w.expectAllowed(prometheus, w.servicePod(service(b, "kibana")), [["TCP", 9114]], "prometheus -> kibana metrics");
  });

  it("Prometheus reaches the release's own scrape targets and Alertmanager, Grafana reaches Prometheus and Alertmanager", () => {
    w.expectAllowed(prometheus, alertmanager, [["TCP", 9093]], "prometheus -> alertmanager");
    w.expectAllowed(prometheus, operator, [["TCP", 10250]], "prometheus -> operator metrics");
    w.expectAllowed(prometheus, grafana, [["TCP", 3000]], "prometheus -> grafana metrics");
    w.expectAllowed(grafana, prometheus, [["TCP", 9090]], "grafana -> prometheus datasource");
    w.expectAllowed(grafana, alertmanager, [["TCP", 9093]], "grafana -> alertmanager datasource");
  });

  it("the operator and Prometheus reach the API server; the API server reaches the operator's webhooks", () => {
    w.expectAllowed(operator, api, [["TCP", apiPort]], "operator -> kube-apiserver");
    w.expectAllowed(prometheus, api, [["TCP", apiPort]], "prometheus -> kube-apiserver (service discovery)");
    w.expectAllowed(api, operator, [["TCP", 10250]], "kube-apiserver -> operator webhooks");
  });

  it("Alertmanager's cluster gossip is allowed, and Alertmanager does not reach Grafana", () => {
    w.expectAllowed(alertmanager, alertmanager, [["TCP", 9094]], "alertmanager mesh");
    expect(w.allowed(alertmanager, grafana).has("TCP", 3000)).toBe(false);
  });

  // The nodes' addresses and CoreDNS's metrics, once PC1211 gaps, are flows now: test/components/node-flows.test.ts.
});

// cloudnative-pg/charts charts/cloudnative-pg 0.23.2 and 0.24.0, deployment.yaml: the pods carry
// cloudnative-pg.selectorLabels (name cloudnative-pg, instance the release); container port webhook-server 9443.
for (const platform of ["axiomlayer", "monosense", "todoapp"]) {
  describe(`${platform}: CloudNativePG's webhook`, () => {
    const b = build(seedSpec(platform));
    const w = new World(b);
    const s = service(b, "cloudnative-pg");
    const operator = w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "cloudnative-pg", "app.kubernetes.io/instance": s.name }, [{ name: "webhook-server", port: 9443 }, { name: "metrics", port: 8080 }]);

    it("the API server reaches the operator's webhooks on 9443 (failurePolicy Fail for every postgresql.cnpg.io object)", () => {
      w.expectAllowed(w.apiServer(s.cluster), operator, [["TCP", 9443]], "kube-apiserver -> cnpg webhook");
    });

    it("the operator reaches the API server", () => {
      w.expectAllowed(operator, w.apiServer(s.cluster), [["TCP", apiPortOf(w, s.cluster)]], "cnpg operator -> kube-apiserver");
    });
  });
}

describe("axiomlayer: external-dns with no selector and no declared API flow", () => {
  const spec = seedSpec("axiomlayer");
  const ed = spec.services.find((x: any) => x.name === "external-dns");
  delete ed.selector;
  ed.flows = ed.flows.filter((f: any) => f.to !== "kubernetes-api");
  const b = build(spec);
  const w = new World(b);
  const s = service(b, "external-dns");
  // kubernetes-sigs/external-dns charts/external-dns 1.18.0, _helpers.tpl external-dns.selectorLabels: name
  // external-dns (the chart's), instance the release; deployment.yaml labels the pods with them. (The release keeps
  // its name: the DNS checks find external-dns by service name.)
  const pod = w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "external-dns", "app.kubernetes.io/instance": s.name }, [{ name: "http", port: 7979 }]);

  it("the chart's pod reaches the API server (its sources, DNSEndpoints)", () => {
    w.expectAllowed(pod, w.apiServer(s.cluster), [["TCP", apiPortOf(w, s.cluster)]], "external-dns -> kube-apiserver");
  });

  it("and still reaches Cloudflare on 443", () => {
    w.expectAllowed(pod, w.internet(), [["TCP", 443]], "external-dns -> provider API");
  });
});

describe("elysium: Traefik's chart under another release name, with no selector", () => {
  const spec = seedSpec("elysium");
  const t = spec.services.find((x: any) => x.name === "traefik");
  t.name = "edge";
  delete t.selector;
  t.flows = t.flows.filter((f: any) => f.to !== "kubernetes-api");
  spec.clusters[0].ingress.service = "traefik/edge";
  const b = build(spec);
  const w = new World(b);
  const s = service(b, "edge");
  // traefik/traefik-helm-chart 36.3.0, _helpers.tpl traefik.labelselector: name traefik (the chart's), instance
  // <release>-<namespace>; _podtemplate.tpl: container ports web 8000, websecure 8443.
  const pod = w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "traefik", "app.kubernetes.io/instance": "edge-traefik", "app.kubernetes.io/managed-by": "Helm" }, [{ name: "web", port: 8000 }, { name: "websecure", port: 8443 }]);

  it("clients outside reach the chart's pods on the entry points", () => {
    w.expectAllowed(w.internet(), pod, [["TCP", 8000], ["TCP", 8443]], "internet -> traefik");
  });

  it("the chart's pods reach the API server (providers) without a declared flow", () => {
    w.expectAllowed(pod, w.apiServer(s.cluster), [["TCP", apiPortOf(w, s.cluster)]], "traefik -> kube-apiserver");
  });
});

describe("monosense: Rook's operator and the Ceph daemons", () => {
  const b: Built = build(seedSpec("monosense"));
  const w = new World(b);
  const op = service(b, "rook-ceph");
  const cluster = service(b, "rook-ceph-cluster");
  // rook/rook v1.17.6 deploy/charts/rook-ceph/templates/deployment.yaml: app: rook-ceph-operator.
  const operator = w.pod(op.cluster, op.namespace, { app: "rook-ceph-operator", "helm.sh/chart": "rook-ceph-v1.17.6" });
  // pkg/operator/ceph/controller/spec.go AppLabels / CephDaemonAppLabels: app rook-ceph-<daemon>, rook_cluster the
  // namespace, ceph_daemon_type; mon ports tcp-msgr2 3300 and tcp-msgr1 6789 (cluster/mon/mon.go), OSD 6800.
  const daemon = (type: string, ports: Port = []) => w.pod(cluster.cluster, cluster.namespace, { app: `rook-ceph-${type}`, rook_cluster: cluster.namespace, ceph_daemon_type: type }, ports);
  const mon = daemon("mon", [{ name: "tcp-msgr2", port: 3300 }, { name: "tcp-msgr1", port: 6789 }]);
  const osd = daemon("osd", [{ name: "osd-port-v2", port: 6800 }]);
  const mgr = daemon("mgr", [{ name: "mgr", port: 6800 }]);

  it("the operator reaches the API server (its pods carry no app.kubernetes.io/name)", () => {
    w.expectAllowed(operator, w.apiServer(op.cluster), [["TCP", apiPortOf(w, op.cluster)]], "rook operator -> kube-apiserver");
  });

  it("OSDs and the manager reach the mons on 3300 and 6789, and the OSDs on 6800", () => {
    w.expectAllowed(osd, mon, [["TCP", 3300], ["TCP", 6789]], "osd -> mon");
    w.expectAllowed(mgr, mon, [["TCP", 3300], ["TCP", 6789]], "mgr -> mon");
    w.expectAllowed(mgr, osd, [["TCP", 6800]], "mgr -> osd");
  });

  // The port range, the host-network clients and the operator's flows to the mons: test/components/node-flows.test.ts.
});

describe("PC1210: a release's selector that no pod of its chart carries", () => {
  it("warns with the labels of a workload the chart runs", () => {
    const spec = seedSpec("axiomlayer");
    spec.services.find((x: any) => x.name === "external-dns").selector = { app: "external-dns" };
    const r = compileObject(spec);
    const d = r.diagnostics.filter((x) => x.code === "PC1210");
    expect(d.length).toBe(1);
    expect(d[0]!.message).toContain("external-dns");
    expect(d[0]!.severity).toBe("warning");
  });

  it("is quiet on the seeds, whose selectors each pick some workload", () => {
    for (const p of ["axiomlayer", "bluerobin", "elysium", "monosense", "todoapp"]) {
      expect(compileObject(seedSpec(p)).codes.filter((c) => c === "PC1210"), p).toEqual([]);
    }
  });
});

describe("Flux: the API versions platformc writes need the Flux that serves them", () => {
  // fluxcd/flux2 cmd/flux/create_source_oci.go: OCIRepository from source-controller api/v1beta2 through 2.5, api/v1
  // from 2.6; create_helmrelease.go: helm-controller api/v2beta2 in 2.2, api/v2 from 2.3.
  const flux = componentNamed("flux")!;
  it("knows OCIRepository and HelmRelease per release", () => {
    expect(apiVersionOf(flux, "OCIRepository", "2.5.0")).toBe("source.toolkit.fluxcd.io/v1beta2");
    expect(apiVersionOf(flux, "OCIRepository", "2.6.0")).toBe("source.toolkit.fluxcd.io/v1");
    expect(apiVersionOf(flux, "HelmRelease", "2.2.0")).toBe("helm.toolkit.fluxcd.io/v2beta2");
    expect(apiVersionOf(flux, "HelmRelease", "2.3.0")).toBe("helm.toolkit.fluxcd.io/v2");
  });
});
