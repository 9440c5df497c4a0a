// Strimzi's cluster operator, chart strimzi-kafka-operator 0.45.0, as monosense runs it in kafka of apps. Labels are
// written here from the chart's templates (packaging/helm-charts/helm3/strimzi-kafka-operator at tag 0.45.0,
// templates/060-Deployment-strimzi-cluster-operator.yaml), not from src/catalog.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { apiVersionOf, componentOfChart, primarySelector } from "../../src/catalog/index.js";
import { compileObject } from "../support/compile.js";
import { World, seedSpec, type Built } from "./world.js";

const HTTP = { repo: "https://strimzi.io/charts/", name: "strimzi-kafka-operator" };
const OCI = { repo: "oci://quay.io/strimzi-helm", name: "strimzi-kafka-operator" };

// the Deployment's selector.matchLabels and pod template labels: fixed strings, whatever the release is called
const OPERATOR_POD = { name: "strimzi-cluster-operator", "strimzi.io/kind": "cluster-operator" };

// monosense with the values other charts' entries require (gitlab-runner, harbor), which are no concern of these tests
function monosense(edit: (spec: any) => void = () => {}): { b: Built; codes: Array<{ code: string; message: string }> } {
  const spec = seedSpec("monosense");
  for (const s of spec.services) {
    if (s.chart?.name === "gitlab-runner") s.chart.values = { ...(s.chart.values ?? {}), gitlabUrl: "https://gitlab.monosense.io", runnerToken: "t" };
    if (s.chart?.name === "harbor") s.chart.values = { ...(s.chart.values ?? {}), externalURL: "https://harbor.monosense.io" };
  }
  edit(spec);
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  return { b: { graph: r.graph!, files: r.files! }, codes: r.diagnostics.map((d) => ({ code: d.code, message: d.message })) };
}

const operatorSpec = (spec: any) => spec.services.find((s: any) => s.name === "strimzi-kafka-operator");

describe("strimzi-kafka-operator 0.45.0: names, labels and kinds", () => {
  it("both the strimzi.io repository and the OCI one are this chart, with or without the trailing slash", () => {
    expect(componentOfChart(HTTP)?.name).toBe("strimzi-kafka-operator");
    expect(componentOfChart(OCI)).toBe(componentOfChart(HTTP));
    expect(componentOfChart({ ...HTTP, repo: "https://strimzi.io/charts" })).toBe(componentOfChart(HTTP));
  });

  it("selects the operator by name and strimzi.io/kind, not by the release: no app.kubernetes.io labels", () => {
    expect(primarySelector({ ...HTTP, values: {} }, "strimzi-kafka-operator")).toEqual(OPERATOR_POD);
    expect(primarySelector({ ...OCI, values: {} }, "kafka-op")).toEqual(OPERATOR_POD);
    const w = componentOfChart(HTTP)!.release!.workloads.find((x) => x.name === "cluster-operator")!;
    // `with .Values.labels` adds to the pod template; the selector stays
    expect(w.labels({ name: "x", values: { labels: { team: "data" } } })).toEqual({ ...OPERATOR_POD, team: "data" });
    expect(w.ports({ name: "x", values: {} })).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(componentOfChart(HTTP)!.release!.services).toEqual([]);
  });

  it("serves Kafka, KafkaNodePool, KafkaTopic at kafka.strimzi.io/v1beta2 and StrimziPodSet at core.strimzi.io/v1beta2", () => {
    const c = componentOfChart(HTTP)!;
    for (const kind of ["Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "KafkaConnect", "KafkaConnector", "KafkaMirrorMaker2", "KafkaBridge", "KafkaRebalance"]) expect(apiVersionOf(c, kind, "0.45.0"), kind).toBe("kafka.strimzi.io/v1beta2");
    expect(apiVersionOf(c, "StrimziPodSet", "0.45.0")).toBe("core.strimzi.io/v1beta2");
  });

  it("its CRDs come with the chart (crds/), and the release's strimzi-crds-<version>.yaml is the bundle", () => {
    const c = componentOfChart(HTTP)!;
    expect(c.crds!.byChart({ name: "strimzi-kafka-operator", values: {} })).toBe(true);
    expect(c.crds!.groups.sort()).toEqual(["core.strimzi.io", "kafka.strimzi.io"]);
    const url = c.crds!.bundle("0.45.0");
    expect(url).toBe("https://github.com/strimzi/strimzi-kafka-operator/releases/download/0.45.0/strimzi-crds-0.45.0.yaml");
  });

  it("values.yaml leaves both security contexts empty: restricted only with the catalog's defaults", () => {
    const facts = componentOfChart(HTTP)!.release!;
    expect(facts.podSecurity!.level({ name: "s", values: {} })).toBe("baseline");
    expect(facts.podSecurity!.level({ name: "s", values: facts.defaults!({ name: "s", values: {} }) })).toBe("restricted");
  });
});

describe("monosense: the operator in kafka (apps), behind the namespace's default deny", () => {
  it("reaches the API server from the catalog's flow alone, with the spec's flow removed", () => {
    const { b } = monosense((spec) => (operatorSpec(spec).flows = []));
    const w = new World(b);
    const pod = w.pod("apps", "kafka", { ...OPERATOR_POD, "pod-template-hash": "5d8f" }, [{ name: "http", port: 8080 }]);
    w.expectAllowed(pod, w.apiServer("apps"), [["TCP", w.cluster("apps").apiEndpoint.port]], "strimzi-cluster-operator -> kube-apiserver");
  });

  it("the spec's own flows now start at the operator's pods (the catalog's labels), not at app.kubernetes.io/name", () => {
    const { b } = monosense((spec) => (operatorSpec(spec).flows = [{ to: "kafka", port: "clients" }]));
    const w = new World(b);
    const broker = w.pod("apps", "kafka", { "strimzi.io/cluster": "kafka", "strimzi.io/name": "kafka-kafka", "strimzi.io/kind": "Kafka" }, [{ name: "tcp-clients", port: 9092 }]);
    w.expectAllowed(w.pod("apps", "kafka", OPERATOR_POD), broker, [["TCP", 9092]], "strimzi-cluster-operator -> kafka:9092");
    expect(w.allowed(w.pod("apps", "kafka", { "app.kubernetes.io/name": "strimzi-kafka-operator" }), broker).has("TCP", 9092)).toBe(false);
  });

  it("the HelmRelease carries restricted security contexts, and no pod-security or assumed-label warning is left", () => {
    const { b, codes } = monosense();
    const file = b.files.find((f) => f.path === "clusters/apps/namespaces/kafka/strimzi-kafka-operator.yaml")!;
    const hr = YAML.parseAllDocuments(file.content).map((d) => d.toJS()).find((o) => o.kind === "HelmRelease");
    expect(hr.spec.values.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(hr.spec.values.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    const mine = codes.filter((d) => d.message.includes("strimzi-kafka-operator"));
    expect(mine.filter((d) => d.code === "PC1003" || d.code === "PC1205" || d.code === "PC1211")).toEqual([]);
  });
});
