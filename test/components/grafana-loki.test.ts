// The Grafana, Loki and Promtail charts of grafana.github.io/helm-charts (issue 12 catalog extension): Loki needs
// values to render at all, which platformc lays under the spec's; the charts' pods carry labels the seeds' selectors
// only partly name, so their own connections (the canary, the rules sidecar, Promtail's discovery) need policies of
// their own, and routes must name the charts' Services.
import { describe, expect, it } from "vitest";
import { World, build, docs, seedSpec, service, type Built } from "./world.js";
import { promtail } from "../../src/catalog/promtail.js";

// grafana/loki production/helm/loki at helm-loki-6.30.1: _helpers.tpl loki.selectorLabels (name: loki or
// nameOverride, instance) plus app.kubernetes.io/component from single-binary/_helpers-single-binary.tpl,
// gateway/_helpers-gateway.tpl and loki-canary/_helpers.tpl; the single binary adds part-of: memberlist
// (statefulset.yaml) and listens on http-metrics 3100, grpc 9095, http-memberlist 7946; the gateway's nginx on 8080;
// the canary on 3500.
function lokiPod(w: World, b: Built, component: "single-binary" | "gateway" | "canary", name = "loki") {
  const s = service(b, "loki");
  const labels: Record<string, string> = { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": s.name, "app.kubernetes.io/component": component };
  if (component === "single-binary") labels["app.kubernetes.io/part-of"] = "memberlist";
  const ports = { "single-binary": [{ name: "http-metrics", port: 3100 }, { name: "grpc", port: 9095 }, { name: "http-memberlist", port: 7946 }], gateway: [{ name: "http-metrics", port: 8080 }], canary: [{ name: "http-metrics", port: 3500 }] }[component];
  return w.pod(s.cluster, s.namespace, labels, ports);
}

// grafana/helm-charts charts/grafana at grafana-9.2.10: grafana.selectorLabels (name: grafana or nameOverride,
// instance); _pod.tpl's container port grafana = service.targetPort 3000.
function grafanaPod(w: World, b: Built, name = "grafana") {
  const s = service(b, "grafana");
  return w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": s.name }, [{ name: "grafana", port: 3000 }]);
}

// charts/promtail at promtail-6.17.0: promtail.podTemplate labels = selectorLabels (name, instance) + podLabels.
function promtailPod(w: World, b: Built) {
  const s = service(b, "promtail");
  return w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "promtail", "app.kubernetes.io/instance": s.name }, [{ name: "http-metrics", port: 3101 }]);
}

function helmValues(b: Built, file: string): Record<string, any> {
  const d = docs(b, file).find((x) => x.kind === "Application" || x.kind === "HelmRelease")!;
  return d.kind === "Application" ? d.spec.source.helm.valuesObject : d.spec.values;
}

const apiPort = (w: World, b: Built, name: string) => w.cluster(service(b, name).cluster).apiEndpoint.port;

describe("axiomlayer: Loki comes up as one binary on a filesystem", () => {
  const b = build(seedSpec("axiomlayer"));
  const values = helmValues(b, "clusters/homelab/namespaces/monitoring/loki.yaml");

  // validate.yaml fails without a schema_config, and on a filesystem without exactly one single-binary replica and
  // no read/write/backend replicas (values.yaml defaults: SimpleScalable, s3, read/write/backend 3, singleBinary 0).
  it("with a tsdb v13 schema on the filesystem, one replica and no simple-scalable targets", () => {
    expect(values.deploymentMode).toBe("SingleBinary");
    expect(values.loki.storage).toEqual({ type: "filesystem" });
    expect(values.loki.commonConfig).toEqual({ replication_factor: 1 });
    expect(values.loki.schemaConfig.configs).toEqual([{ from: "2024-04-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "index_", period: "24h" } }]);
    expect(values.singleBinary).toEqual({ replicas: 1 });
    expect([values.read, values.write, values.backend]).toEqual([{ replicas: 0 }, { replicas: 0 }, { replicas: 0 }]);
  });

  it("without the memcached caches, the gateway or tenants", () => {
    expect([values.chunksCache.enabled, values.resultsCache.enabled, values.gateway.enabled, values.loki.auth_enabled]).toEqual([false, false, false, false]);
  });

  // monitoring enforces restricted in axiomlayer; loki.podSecurityContext (values.yaml) has no seccompProfile
  it("with the seccomp profile restricted asks for, in a namespace that enforces it", () => {
    const ns = docs(b, "clusters/homelab/namespaces/monitoring/namespace.yaml")[0]!;
    expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(values.loki.podSecurityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
  });
});

describe("todoapp: the Loki release's own traffic", () => {
  const b = build(seedSpec("todoapp"));
  const w = new World(b);
  const api = (name: string) => w.apiServer(service(b, name).cluster);

  it("the canary DaemonSet pushes to and queries the single binary on 3100 (loki.host without the gateway)", () => {
    w.expectAllowed(lokiPod(w, b, "canary"), lokiPod(w, b, "single-binary"), [["TCP", 3100]], "loki-canary -> loki");
  });

  it("the single binary reaches itself: memberlist, the compactor address, gRPC", () => {
    w.expectAllowed(lokiPod(w, b, "single-binary"), lokiPod(w, b, "single-binary"), [["TCP", 7946], ["TCP", 3100], ["TCP", 9095]], "loki -> loki");
  });

  it("its rules sidecar (sidecar.rules.enabled) reaches the API server", () => {
    w.expectAllowed(lokiPod(w, b, "single-binary"), api("loki"), [["TCP", apiPort(w, b, "loki")]], "loki-sc-rules -> kube-apiserver");
  });

});

describe("todoapp: Promtail's discovery, which its spec need not declare", () => {
  // values.yaml config.file: scrape_configs with kubernetes_sd_configs role pod
  const spec = seedSpec("todoapp");
  const p = spec.services.find((x: any) => x.name === "promtail");
  p.flows = p.flows.filter((f: any) => f.to !== "kubernetes-api");
  const b = build(spec);
  const w = new World(b);

  it("its pods reach the API server, and still push to the single binary on 3100", () => {
    w.expectAllowed(promtailPod(w, b), w.apiServer(service(b, "promtail").cluster), [["TCP", apiPort(w, b, "promtail")]], "promtail -> kube-apiserver");
    w.expectAllowed(promtailPod(w, b), lokiPod(w, b, "single-binary"), [["TCP", 3100]], "promtail -> loki");
  });
});

// promtail 6.17.0 values.yaml: config.clients[0].url http://loki-gateway/loki/api/v1/push, a Service the single binary
// (gateway off) does not have; loki 6.30.1 templates/single-binary/service.yaml: <fullname>:3100, http-metrics.
describe("Promtail pushes to the Loki release its flows name", () => {
  for (const platform of ["todoapp", "elysium"]) {
    it(`${platform}: config.clients is the single binary's Service on 3100, in every installer of the release`, () => {
      const b = build(seedSpec(platform));
      const s = service(b, "promtail");
      const objs = docs(b, `clusters/${s.cluster}/namespaces/${s.namespace}/promtail.yaml`);
      const values = objs.find((d) => d.kind === "Application")?.spec.source.helm.valuesObject ?? objs.find((d) => d.kind === "HelmRelease")!.spec.values;
      expect(values.config.clients).toEqual([{ url: "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push" }]);
    });
  }

  it("a spec's own clients win", () => {
    const spec = seedSpec("todoapp");
    spec.services.find((x: any) => x.name === "promtail").chart.values = { config: { clients: [{ url: "http://elsewhere:3100/loki/api/v1/push" }] } };
    const b = build(spec);
    const s = service(b, "promtail");
    const app = docs(b, `clusters/${s.cluster}/namespaces/${s.namespace}/promtail.yaml`).find((d) => d.kind === "Application")!;
    expect(app.spec.source.helm.valuesObject.config.clients).toEqual([{ url: "http://elsewhere:3100/loki/api/v1/push" }]);
  });
});

// grafana 9.2.10 values.yaml: `datasources` (datasources.yaml, apiVersion 1) is provisioned at start; the targets are
// the charts' Services: prometheus 27.20.0's <fullname>-server:80, loki 6.30.1's single binary loki:3100.
describe("todoapp: Grafana starts with the datasources its flows name", () => {
  it("Loki and Prometheus at their charts' Services, Prometheus the default", () => {
    const b = build(seedSpec("todoapp"));
    const s = service(b, "grafana");
    const app = docs(b, `clusters/${s.cluster}/namespaces/${s.namespace}/grafana.yaml`).find((d) => d.kind === "Application")!;
    expect(app.spec.source.helm.valuesObject.datasources["datasources.yaml"]).toEqual({
      apiVersion: 1,
      datasources: [
        { name: "loki", type: "loki", access: "proxy", url: "http://loki.monitoring.svc.cluster.local:3100" },
        { name: "prometheus", type: "prometheus", access: "proxy", url: "http://prometheus-server.monitoring.svc.cluster.local:80", isDefault: true },
      ],
    });
  });
});

describe("a spec's Loki values win over the catalog's", () => {
  const spec = seedSpec("todoapp");
  const s = spec.services.find((x: any) => x.name === "loki");
  s.chart.values = { gateway: { enabled: true } };
  const b = build(spec);
  const w = new World(b);

  it("the gateway stays on, and the rest of the defaults with it", () => {
    const values = helmValues(b, "clusters/k3s/namespaces/monitoring/loki.yaml");
    expect(values.gateway.enabled).toBe(true);
    expect(values.deploymentMode).toBe("SingleBinary");
  });

  it("then the canary goes through the gateway (loki.host), and nginx reaches the single binary", () => {
    w.expectAllowed(lokiPod(w, b, "canary"), lokiPod(w, b, "gateway"), [["TCP", 8080]], "loki-canary -> loki-gateway");
    w.expectAllowed(lokiPod(w, b, "gateway"), lokiPod(w, b, "single-binary"), [["TCP", 3100]], "loki-gateway -> loki");
  });
});

describe("routes name the charts' Services, under nameOverride", () => {
  const spec = seedSpec("axiomlayer");
  const g = spec.services.find((x: any) => x.name === "grafana");
  g.chart.values = { nameOverride: "viz" };
  const l = spec.services.find((x: any) => x.name === "loki");
  l.chart.values = { nameOverride: "logs" };
  l.ingress = [{ host: "loki" }];
  const b = build(spec);
  const w = new World(b);
  const traefik = () => w.servicePod(service(b, "traefik"));
  const route = (app: string) => docs(b, `clusters/homelab/namespaces/monitoring/${app}.yaml`).find((d) => d.kind === "IngressRoute")!;

  // grafana.fullname: the release does not contain "viz", so <release>-viz; service.yaml port 80 -> 3000
  it("Grafana's route names grafana-viz on 80, and Traefik reaches the pods labelled viz on 3000", () => {
    expect(route("grafana").spec.routes[0].services).toEqual([{ name: "grafana-viz", port: 80 }]);
    w.expectAllowed(traefik(), grafanaPod(w, b, "viz"), [["TCP", 3000]], "traefik -> grafana-viz");
  });

  // loki.singleBinaryFullname: <release>-logs; single-binary/service.yaml http-metrics 3100
  it("Loki's route names loki-logs on 3100, and Traefik reaches the single binary labelled logs", () => {
    expect(route("loki").spec.routes[0].services).toEqual([{ name: "loki-logs", port: 3100 }]);
    w.expectAllowed(traefik(), lokiPod(w, b, "single-binary", "logs"), [["TCP", 3100]], "traefik -> loki-logs");
  });
});

describe("Promtail's pod security", () => {
  // values.yaml defaultVolumes: hostPath /run/promtail, /var/lib/docker/containers, /var/log/pods (baseline forbids
  // hostPath); podSecurityContext runAsUser 0 (restricted forbids root)
  it("is privileged with the chart's host volumes, baseline without them", () => {
    const level = promtail.release!.podSecurity!.level;
    expect(level({ name: "promtail", values: {} })).toBe("privileged");
    expect(level({ name: "promtail", values: { defaultVolumes: [{ name: "pods", emptyDir: {} }] } })).toBe("baseline");
  });
});
