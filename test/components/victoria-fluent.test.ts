// The VictoriaMetrics operator, VictoriaLogs single and Fluent Bit charts the monosense seed installs (issue 12
// catalog extension): the charts name their Services and label their pods by their own helpers (the
// victoria-metrics-common library chart for the two VictoriaMetrics charts), the operator's validating webhook is
// on by default, and Fluent Bit reads host logs and the Kubernetes API on its own.
import { describe, expect, it } from "vitest";
import { World, build, docs, seedSpec, service, type Built } from "./world.js";
import { compileObject } from "../support/compile.js";
import { componentOfChart } from "../../src/catalog/index.js";
import { fluentBit } from "../../src/catalog/fluent-bit.js";
import { victoriaLogs } from "../../src/catalog/victoria-logs.js";
import { victoriaMetricsOperator } from "../../src/catalog/victoria-metrics-operator.js";

/** The seed with the values other catalogued charts cannot do without (PC1126), so that it compiles to files. */
function monosense(): any {
  const spec = seedSpec("monosense");
  for (const s of spec.services ?? []) {
    for (const q of (s.chart ? componentOfChart(s.chart)?.release?.required : undefined) ?? []) {
      let v = (s.chart.values ??= {});
      for (const k of q.path.slice(0, -1)) v = v[k] ??= {};
      v[q.path[q.path.length - 1]!] ??= q.example;
    }
  }
  return spec;
}

// victoria-logs-single-0.11.5 templates/server.yaml + victoria-metrics-common-0.0.42 vm.selectorLabels / vm.podLabels:
// name victoria-logs-single, instance <release>, app server (the appKey), managed-by; container port http 9428
function vlogsPod(w: World, b: Built, cluster = "infra") {
  const s = service(b, "victoria-logs", cluster);
  return w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "victoria-logs-single", "app.kubernetes.io/instance": s.name, app: "server", "app.kubernetes.io/managed-by": "Helm" }, [{ name: "http", port: 9428 }]);
}

// victoria-metrics-operator-0.50.3 templates/server.yaml: vm.selectorLabels without an appKey (name, instance), ports
// http 8080, probe 8081, webhook 9443
function operatorPod(w: World, b: Built) {
  const s = service(b, "victoria-metrics-operator");
  const labels = { "app.kubernetes.io/name": "victoria-metrics-operator", "app.kubernetes.io/instance": s.name, "app.kubernetes.io/managed-by": "Helm" };
  return w.pod(s.cluster, s.namespace, labels, [{ name: "http", port: 8080 }, { name: "probe", port: 8081 }, { name: "webhook", port: 9443 }]);
}

// fluent-bit-0.49.1 templates/daemonset.yaml: fluent-bit.selectorLabels (name, instance) + podLabels; port http 2020
function fluentPod(w: World, b: Built, cluster: string) {
  const s = service(b, "fluent-bit", cluster);
  return w.pod(s.cluster, s.namespace, { "app.kubernetes.io/name": "fluent-bit", "app.kubernetes.io/instance": s.name }, [{ name: "http", port: 2020 }]);
}

function helmRelease(b: Built, cluster: string, name: string): Record<string, any> {
  const s = service(b, name, cluster);
  return docs(b, `clusters/${cluster}/namespaces/${s.namespace}/${name}.yaml`).find((d) => d.kind === "HelmRelease")!;
}

const apiPort = (w: World, cluster: string) => w.cluster(cluster).apiEndpoint.port;

describe("monosense: VictoriaLogs is reached at the chart's Service", () => {
  const b = build(monosense());

  // vm.plain.fullname with appKey server: <vm.fullname>-server, and vm.fullname is <release>-victoria-logs-single
  // because the release `victoria-logs` does not contain the chart's name
  it("apps' global Service for Fluent Bit's flow has the name and selector of infra's chart Service", () => {
    const g = docs(b, "clusters/apps/namespaces/observability/global-services.yaml").find((d) => d.metadata.name.startsWith("victoria-logs"))!;
    expect(g.metadata.name).toBe("victoria-logs-victoria-logs-single-server");
    expect(g.spec.selector).toEqual({ app: "server", "app.kubernetes.io/instance": "victoria-logs", "app.kubernetes.io/name": "victoria-logs-single" });
    expect(g.spec.ports).toEqual([{ name: "http", port: 9428, targetPort: 9428, protocol: "TCP" }]);
    // and the policies still let Fluent Bit's pods (chart labels) in both clusters reach the server pods on 9428
    const w = new World(b);
    w.expectAllowed(fluentPod(w, b, "infra"), vlogsPod(w, b), [["TCP", 9428]], "infra fluent-bit -> victoria-logs");
    w.expectAllowed(fluentPod(w, b, "apps"), vlogsPod(w, b), [["TCP", 9428]], "apps fluent-bit -> infra victoria-logs");
  });

  it("infra's release annotates that Service global (the post-render patch names it)", () => {
    const patch = helmRelease(b, "infra", "victoria-logs").spec.postRenderers[0].kustomize.patches[0];
    expect(patch.target.name).toBe("victoria-logs-victoria-logs-single-server");
    expect(JSON.parse(patch.patch).metadata).toEqual({ name: "victoria-logs-victoria-logs-single-server", annotations: { "service.cilium.io/global": "true" } });
  });

  // values.yaml server.podSecurityContext: runAsNonRoot, runAsUser 1000, fsGroup 2000, no seccompProfile (restricted
  // wants RuntimeDefault or Localhost); securityContext already drops ALL without privilege escalation
  it("the release carries the seccomp profile restricted asks for", () => {
    expect(helmRelease(b, "infra", "victoria-logs").spec.values).toEqual({ server: { podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } } } });
  });
});

describe("monosense: the VictoriaMetrics operator", () => {
  const b = build(monosense());
  const w = new World(b);

  // values.yaml admissionWebhooks.enabled true, policy Fail; templates/webhook.yaml clientConfig.service
  // <fullname>:9443 -> container port webhook 9443; without it no VMSingle/VMAgent/... can be created
  it("takes the API server's calls to its validating webhook on 9443, and still reaches the API server", () => {
    w.expectAllowed(w.apiServer("infra"), operatorPod(w, b), [["TCP", 9443]], "kube-apiserver -> operator webhook");
    w.expectAllowed(operatorPod(w, b), w.apiServer("infra"), [["TCP", apiPort(w, "infra")]], "operator -> kube-apiserver");
  });

  it("carries the seccomp profile its podSecurityContext lacks", () => {
    expect(helmRelease(b, "infra", "victoria-metrics-operator").spec.values).toEqual({ podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } } });
  });

  // the spec's PC1205 ignore for the operator was there because the catalog did not know the chart's labels
  it("needs no PC1205 ignore: the catalog knows the operator's labels", () => {
    const r = compileObject(monosense());
    expect(r.diagnostics.filter((d) => d.code === "PC1205" || d.code === "PC0313").map((d) => d.message).join("\n")).not.toContain("victoria-metrics-operator");
  });
});

describe("monosense: Fluent Bit's own needs", () => {
  // values.yaml config.filters: the kubernetes filter, whose Kube_URL is https://kubernetes.default.svc:443
  it("its pods reach the API server though the spec does not declare it", () => {
    const spec = monosense();
    for (const s of spec.services.filter((x: any) => x.name === "fluent-bit")) s.flows = s.flows.filter((f: any) => f.to !== "kubernetes-api");
    const b = build(spec);
    const w = new World(b);
    for (const c of ["infra", "apps"]) w.expectAllowed(fluentPod(w, b, c), w.apiServer(c), [["TCP", apiPort(w, c)]], `${c} fluent-bit -> kube-apiserver`);
  });

  // values.yaml daemonSetVolumes: hostPath /var/log, /var/lib/docker/containers, /etc/machine-id (baseline forbids hostPath)
  it("a namespace below privileged refuses its pods (PC1003)", () => {
    const spec = monosense();
    spec.namespaces.find((n: any) => n.name === "observability" && n.cluster === "apps").podSecurity = "baseline";
    const r = compileObject(spec);
    expect(r.diagnostics.filter((d) => d.code === "PC1003" && d.severity === "error").map((d) => d.message).join("\n")).toContain("fluent-bit");
  });
});

describe("the entries' facts per values", () => {
  it("Fluent Bit needs privileged with the DaemonSet's host volumes, baseline as a Deployment", () => {
    const level = fluentBit.release!.podSecurity!.level;
    expect(level({ name: "fluent-bit", values: {} })).toBe("privileged");
    expect(level({ name: "fluent-bit", values: { kind: "Deployment" } })).toBe("baseline");
  });

  // values.yaml vector.enabled false; the Vector Agent mounts hostPath /var/log/, /var/lib/, /proc, /sys
  it("VictoriaLogs meets restricted unless its Vector subchart runs", () => {
    const level = victoriaLogs.release!.podSecurity!.level;
    expect(level({ name: "victoria-logs", values: {} })).toBe("restricted");
    expect(level({ name: "victoria-logs", values: { vector: { enabled: true } } })).toBe("privileged");
  });

  // vm.plain.fullname: server.fullnameOverride wins; a release containing the chart's name is the fullname
  it("VictoriaLogs' Service follows the fullname rules", () => {
    const svc = victoriaLogs.release!.services[0]!;
    expect(svc.name({ name: "victoria-logs-single", values: {} })).toBe("victoria-logs-single-server");
    expect(svc.name({ name: "logs", values: { server: { fullnameOverride: "vl" } } })).toBe("vl");
    expect(svc.ports({ name: "logs", values: { server: { extraArgs: { httpListenAddr: ":9500" } } } })).toEqual([{ name: "http", port: 9428, targetPort: 9500, protocol: "TCP" }]);
  });

  // charts/crds/crds/crd.yaml at victoria-metrics-operator-0.50.3, installed by templates/crd.yaml with crds.enabled
  it("the operator's CRDs: served versions and the chart's install switch", () => {
    const v = (k: string) => victoriaMetricsOperator.kinds.find((x) => x.kind === k)?.served[0]?.version;
    expect([v("VMSingle"), v("VMAgent"), v("VMRule"), v("VLSingle"), v("VLCluster"), v("VLogs")]).toEqual(["v1beta1", "v1beta1", "v1beta1", "v1", "v1", "v1beta1"]);
    expect(victoriaMetricsOperator.crds!.byChart({ name: "vmo", values: {} })).toBe(true);
    expect(victoriaMetricsOperator.crds!.byChart({ name: "vmo", values: { crds: { enabled: false } } })).toBe(false);
  });
});

// fluent-bit 0.49.1 values.yaml config.outputs ships to elasticsearch-master (an Elasticsearch the spec does not run);
// VictoriaLogs' Fluent Bit guide (docs.victoriametrics.com/victorialogs/data-ingestion/fluentbit): the http output to
// /insert/jsonline with json_lines. Host and port are the chart's Service, as the flow reaches it: in apps, the global
// Service of the same name and namespace that the mesh carries.
describe("monosense: Fluent Bit ships to the VictoriaLogs release its flow names", () => {
  const b = build(monosense());
  for (const cluster of ["infra", "apps"]) {
    it(`${cluster}: config.outputs is VictoriaLogs' JSON-lines endpoint at its Service's 9428`, () => {
      const out: string = helmRelease(b, cluster, "fluent-bit").spec.values.config.outputs;
      expect(out).toContain("Host victoria-logs-victoria-logs-single-server.observability.svc.cluster.local\n");
      expect(out).toContain("Port 9428\n");
      expect(out).toContain("URI /insert/jsonline?");
      expect(out).toContain("Format json_lines");
    });
  }
});
