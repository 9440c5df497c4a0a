// Strimzi's Kafka (kafka.strimzi.io/v1beta2) as a managed service: the pods, Services and flows the cluster operator
// 0.45.0 makes of it. Labels, names and ports are written here from strimzi/strimzi-kafka-operator at tag 0.45.0, not
// taken from src/catalog: cluster-operator/.../model/KafkaPool.java and operator-common Labels.generateDefaultLabels
// (strimzi.io/kind, name, cluster, component-type, pool-name; app.kubernetes.io/name, instance, part-of, managed-by),
// WorkloadUtils.createStatefulPod (strimzi.io/controller, controller-name), KafkaCluster.java (ports tcp-kafkaagent
// 8443, tcp-ctrlplane 9090, tcp-replication 9091; Services <c>-kafka-bootstrap and <c>-kafka-brokers),
// ZookeeperCluster.java (tcp-clients 2181, tcp-clustering 2888, tcp-election 3888; <c>-zookeeper-client, -nodes),
// EntityOperator.java (<c>-entity-operator), ListenersUtils.backwardsCompatiblePortName (tcp-clients for plain 9092).
import { describe, expect, it } from "vitest";
import { componentNamed, componentOfResource, resourceSelector, type Release, type ReleaseFacts } from "../../src/catalog/index.js";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec } from "./world.js";

const API = "kafka.strimzi.io/v1beta2";
const kafka = componentOfResource(API, "Kafka")!;
const facts: ReleaseFacts = kafka.release!;

const SECURE = {
  pod: { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } },
  container: { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } },
};

/** the monosense Kafka as the proposed spec writes it (3 brokers, 3 ZooKeeper nodes, plain 9092, Topic and User Operators) */
const SPEC = {
  kafka: {
    version: "3.9.0",
    replicas: 3,
    listeners: [{ name: "plain", port: 9092, type: "internal", tls: false }],
    storage: { type: "persistent-claim", size: "50Gi", class: "openebs-hostpath", deleteClaim: false },
    resources: { requests: { cpu: "500m", memory: "2Gi" } },
    template: { pod: SECURE.pod, kafkaContainer: SECURE.container },
  },
  zookeeper: {
    replicas: 3,
    storage: { type: "persistent-claim", size: "10Gi", class: "openebs-hostpath", deleteClaim: false },
    resources: { requests: { cpu: "250m", memory: "512Mi" } },
    template: { pod: SECURE.pod, zookeeperContainer: SECURE.container },
  },
  entityOperator: { topicOperator: {}, userOperator: {}, template: { pod: SECURE.pod, topicOperatorContainer: SECURE.container, userOperatorContainer: SECURE.container } },
};

const rel = (values: unknown = SPEC, name = "kafka"): Release => ({ name, values, version: "0.45.0" });
const r = rel();
const workload = (name: string) => facts.workloads.find((w) => w.name === name)!;
const enabled = (x: Release) => facts.workloads.filter((w) => w.enabled(x)).map((w) => w.name);
const services = (x: Release) => facts.services.filter((s) => enabled(x).includes(s.workload)).map((s) => [s.name(x), s.workload, s.ports(x).map((p) => [p.name, p.port, p.targetPort])]);
const edit = (f: (v: any) => void) => {
  const v = structuredClone(SPEC) as any;
  f(v);
  return rel(v);
};

// Labels.strimziSelectorLabels: the selector of the StrimziPodSets, Deployments and Services
const selector = (c: string, part: string) => ({ "strimzi.io/cluster": c, "strimzi.io/name": `${c}-${part}`, "strimzi.io/kind": "Kafka" });
// Labels.generateDefaultLabels
const defaults = (c: string, part: string) => ({
  ...selector(c, part),
  "strimzi.io/component-type": part,
  "app.kubernetes.io/name": part,
  "app.kubernetes.io/instance": c,
  "app.kubernetes.io/part-of": `strimzi-${c}`,
  "app.kubernetes.io/managed-by": "strimzi-cluster-operator",
});
const BROKER = {
  ...defaults("kafka", "kafka"),
  "strimzi.io/pool-name": "kafka",
  "strimzi.io/broker-role": "true",
  "strimzi.io/controller-role": "false",
  "strimzi.io/controller": "strimzipodset",
  "strimzi.io/controller-name": "kafka-kafka",
};
const ZOOKEEPER = { ...defaults("kafka", "zookeeper"), "strimzi.io/controller": "strimzipodset", "strimzi.io/controller-name": "kafka-zookeeper" };
const ENTITY = defaults("kafka", "entity-operator");
const OPERATOR_POD = { name: "strimzi-cluster-operator", "strimzi.io/kind": "cluster-operator" };

describe("Strimzi Kafka (managed, kafka.strimzi.io/v1beta2): the catalog entry", () => {
  it("is the Kafka kind of kafka.strimzi.io, acted on by the strimzi-kafka-operator release, known in its chart versions", () => {
    expect(kafka.name).toBe("strimzi-kafka");
    expect(kafka.resource).toEqual({ group: "kafka.strimzi.io", kind: "Kafka", operator: "strimzi-kafka-operator" });
    expect(kafka.charts).toEqual([]);
    expect(kafka.known).toEqual(componentNamed("strimzi-kafka-operator")!.known);
    expect(componentOfResource(API, "KafkaConnect")).toBeUndefined();
    expect(componentOfResource("kafka.example.com/v1beta2", "Kafka")).toBeUndefined();
  });

  it("a managed Kafka without a selector stands for its brokers: strimzi.io/cluster, name <c>-kafka, kind Kafka", () => {
    expect(resourceSelector({ apiVersion: API, kind: "Kafka", spec: SPEC }, "events")).toEqual(selector("events", "kafka"));
    expect(facts.primary).toBe("broker");
  });
});

describe("the pods", () => {
  it("brokers carry the default labels, the virtual pool `kafka`, the broker role and their StrimziPodSet", () => {
    expect(workload("broker").selector(r)).toEqual(selector("kafka", "kafka"));
    expect(workload("broker").labels(r)).toEqual(BROKER);
    // every selector label is one the pods carry
    for (const [k, v] of Object.entries(workload("broker").selector(r))) expect(BROKER[k as keyof typeof BROKER]).toBe(v);
  });

  it("ZooKeeper and the entity operator: the same default labels, their own strimzi.io/name and component type", () => {
    expect(workload("zookeeper").selector(r)).toEqual(selector("kafka", "zookeeper"));
    expect(workload("zookeeper").labels(r)).toEqual(ZOOKEEPER);
    expect(workload("entity-operator").selector(r)).toEqual(selector("kafka", "entity-operator"));
    expect(workload("entity-operator").labels(r)).toEqual(ENTITY);
    expect(workload("entity-operator").kind).toBe("Deployment");
  });

  it("template labels join the pods' (over app.kubernetes.io/*), but a strimzi.io/ key the operator refuses does not", () => {
    const x = edit((v) => (v.kafka.template.pod.metadata = { labels: { team: "data", "app.kubernetes.io/name": "events", "strimzi.io/name": "x" } }));
    const l = workload("broker").labels(x);
    expect(l.team).toBe("data");
    expect(l["app.kubernetes.io/name"]).toBe("events");
    expect(l["strimzi.io/name"]).toBe("kafka-kafka");
  });

  it("app.kubernetes.io/instance and part-of are cut to 63 characters without a trailing '-'", () => {
    const name = `${"a".repeat(54)}-bbb`; // strimzi-<name> is 66 characters, its 63rd the '-'
    const l = workload("broker").labels(rel(SPEC, name));
    expect(l["app.kubernetes.io/part-of"]).toBe(`strimzi-${"a".repeat(54)}`);
    expect(l["app.kubernetes.io/instance"]).toBe(name);
  });

  it("brokers listen on the agent, control plane and replication ports and every listener, by Strimzi's port names", () => {
    const ports = (x: Release) => workload("broker").ports(x).map((p) => [p.name, p.port]);
    expect(ports(r)).toEqual([["tcp-kafkaagent", 8443], ["tcp-ctrlplane", 9090], ["tcp-replication", 9091], ["tcp-clients", 9092]]);
    const more = edit((v) => {
      v.kafka.listeners.push({ name: "tls", port: 9093, type: "internal", tls: true }, { name: "external", port: 9094, type: "nodeport", tls: false }, { name: "lb", port: 9095, type: "loadbalancer", tls: true });
      v.kafka.metricsConfig = { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "m", key: "k" } } };
    });
    expect(ports(more).slice(3)).toEqual([["tcp-clients", 9092], ["tcp-clientstls", 9093], ["tcp-external", 9094], ["tcp-lb", 9095], ["tcp-prometheus", 9404]]);
    // a plain listener on another port is tcp-<name>
    expect(ports(edit((v) => (v.kafka.listeners = [{ name: "plain", port: 9192, type: "internal", tls: false }])))[3]).toEqual(["tcp-plain", 9192]);
  });

  it("ZooKeeper listens on 2888, 3888 and 2181", () => {
    expect(workload("zookeeper").ports(r).map((p) => [p.name, p.port])).toEqual([["tcp-clustering", 2888], ["tcp-election", 3888], ["tcp-clients", 2181]]);
  });

  it("the entity operator runs with the Topic or the User Operator; Cruise Control, the Kafka Exporter and kafka-init when asked", () => {
    expect(enabled(r)).toEqual(["broker", "zookeeper", "entity-operator"]);
    expect(enabled(edit((v) => delete v.entityOperator))).toEqual(["broker", "zookeeper"]);
    // an entityOperator with neither operator makes no Deployment (EntityOperator.fromCrd)
    expect(enabled(edit((v) => (v.entityOperator = { template: {} })))).toEqual(["broker", "zookeeper"]);
    expect(enabled(edit((v) => (v.entityOperator = { userOperator: {} })))).toEqual(["broker", "zookeeper", "entity-operator"]);
    expect(enabled(edit((v) => ((v.cruiseControl = {}), (v.kafkaExporter = {}))))).toEqual(["broker", "zookeeper", "entity-operator", "cruise-control", "kafka-exporter"]);
    // the kafka-init container (and its ClusterRoleBinding) only with rack or a nodeport listener
    expect(enabled(edit((v) => (v.kafka.rack = { topologyKey: "topology.kubernetes.io/zone" })))).toContain("kafka-init");
    expect(enabled(edit((v) => v.kafka.listeners.push({ name: "np", port: 9094, type: "nodeport", tls: false })))).toContain("kafka-init");
    expect(workload("kafka-init").selector(r)).toEqual(selector("kafka", "kafka"));
  });
});

describe("the Services", () => {
  it("<c>-kafka-bootstrap (replication and the internal listeners) first, <c>-kafka-brokers, <c>-zookeeper-client and -nodes", () => {
    expect(services(r)).toEqual([
      ["kafka-kafka-bootstrap", "broker", [["tcp-replication", 9091, 9091], ["tcp-clients", 9092, 9092]]],
      ["kafka-kafka-brokers", "broker", [["tcp-ctrlplane", 9090, 9090], ["tcp-replication", 9091, 9091], ["tcp-kafkaagent", 8443, 8443], ["tcp-clients", 9092, 9092]]],
      ["kafka-zookeeper-client", "zookeeper", [["tcp-clients", 2181, 2181]]],
      ["kafka-zookeeper-nodes", "zookeeper", [["tcp-clients", 2181, 2181], ["tcp-clustering", 2888, 2888], ["tcp-election", 3888, 3888]]],
    ]);
  });

  it("a listener of another type has its own Services, not the bootstrap's; Cruise Control's Service is <c>-cruise-control", () => {
    const x = edit((v) => {
      v.kafka.listeners.push({ name: "external", port: 9094, type: "loadbalancer", tls: true });
      v.cruiseControl = {};
    });
    const s = services(x);
    expect(s[0]).toEqual(["kafka-kafka-bootstrap", "broker", [["tcp-replication", 9091, 9091], ["tcp-clients", 9092, 9092]]]);
    expect(s.at(-1)).toEqual(["kafka-cruise-control", "cruise-control", [["rest-api", 9090, 9090]]]);
  });
});

describe("the flows", () => {
  const list = (f: ReleaseFacts) => f.flows.map((x) => (x.kind === "internal" ? `${x.from}->${x.to}:${x.port}` : x.kind === "to-component" ? `${x.from}->${x.component}/${x.to}:${x.port}` : `${x.kind}:${"from" in x ? x.from : ""}`));

  it("brokers replicate and take the controller's requests among themselves, and keep their metadata in ZooKeeper", () => {
    expect(list(facts)).toEqual(
      expect.arrayContaining(["broker->broker:tcp-replication", "broker->broker:tcp-ctrlplane", "broker->zookeeper:tcp-clients", "zookeeper->zookeeper:tcp-clustering", "zookeeper->zookeeper:tcp-election"]),
    );
  });

  it("the entity operator reaches the brokers' replication listener and the API server, never ZooKeeper (unidirectional Topic Operator)", () => {
    const eo = list(facts).filter((x) => x.includes("entity-operator"));
    expect(eo.sort()).toEqual(["entity-operator->broker:tcp-replication", "entity-operator->cruise-control:rest-api", "to-apiserver:entity-operator"]);
  });

  it("only the kafka-init container reaches the API server from the brokers; ZooKeeper never does", () => {
    const api = facts.flows.flatMap((x) => (x.kind === "to-apiserver" ? [x.from] : []));
    expect(api.sort()).toEqual(["entity-operator", "kafka-init"]);
    expect(facts.flows.some((x) => x.kind === "to-internet" || x.kind === "from-apiserver")).toBe(false);
  });

  it("the cluster operator reaches the brokers on 9091 and 8443, ZooKeeper on 2181 and Cruise Control on 9090: ports the workloads have", () => {
    const op = componentNamed("strimzi-kafka-operator")!.release!;
    expect(list(op).filter((x) => x.includes("strimzi-kafka/")).sort()).toEqual([
      "cluster-operator->strimzi-kafka/broker:tcp-kafkaagent",
      "cluster-operator->strimzi-kafka/broker:tcp-replication",
      "cluster-operator->strimzi-kafka/cruise-control:rest-api",
      "cluster-operator->strimzi-kafka/zookeeper:tcp-clients",
    ]);
    const cc = edit((v) => (v.cruiseControl = {}));
    for (const f of op.flows) if (f.kind === "to-component") expect(workload(f.to).ports(cc).some((p) => p.name === f.port), `${f.to}:${f.port}`).toBe(true);
  });
});

describe("values the operator refuses without, storage classes, pod security", () => {
  const unset = (x: Release) => facts.required!.filter((q) => {
    let v: any = x.values;
    for (const k of q.path) v = v?.[k];
    return v === undefined || v === null || v === "";
  }).map((q) => q.path.join("."));
  const missing = (x: Release) => facts.missing!(x).map((m) => m.path.join("."));

  it("needs the listeners, spec.kafka.replicas and storage, and a ZooKeeper section (no KRaft without annotations)", () => {
    expect(unset(r)).toEqual([]);
    expect(unset(rel({ kafka: {} }))).toEqual(["kafka.listeners", "kafka.replicas", "kafka.storage", "zookeeper.replicas", "zookeeper.storage"]);
  });

  it("a persistent-claim storage wants a size, each persistent-claim volume of a jbod too; ephemeral does not", () => {
    expect(missing(r)).toEqual([]);
    expect(missing(edit((v) => delete v.kafka.storage.size))).toEqual(["kafka.storage.size"]);
    expect(missing(edit((v) => (v.kafka.storage = { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "1Gi" }, { id: 1, type: "persistent-claim" }, { id: 2, type: "ephemeral" }] })))).toEqual(["kafka.storage.volumes.1.size"]);
    expect(missing(edit((v) => (v.zookeeper.storage = { type: "ephemeral" })))).toEqual([]);
  });

  it("the volumes ask for storage.class, the overrides' and each jbod volume's; an ephemeral storage's class is no claim's", () => {
    const classes = (x: Release) => facts.volumeClasses!(x).map((v) => `${v.path.join(".")}=${v.class}`);
    expect(classes(r)).toEqual(["kafka.storage.class=openebs-hostpath", "zookeeper.storage.class=openebs-hostpath"]);
    const jbod = edit((v) => {
      v.kafka.storage = { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "1Gi", class: "fast", overrides: [{ broker: 0, class: "faster" }] }, { id: 1, type: "ephemeral" }] };
      v.zookeeper.storage = { type: "ephemeral", class: "ignored" };
    });
    expect(classes(jbod)).toEqual(["kafka.storage.volumes.0.class=fast", "kafka.storage.volumes.0.overrides.0.class=faster"]);
  });

  it("requests: 3 brokers and 3 ZooKeeper nodes with their spec's resources, one entity operator pod with two containers", () => {
    expect(facts.requests!(r)).toEqual([
      { workload: "broker", replicas: 3, containers: [{ requests: { cpu: "500m", memory: "2Gi" } }] },
      { workload: "zookeeper", replicas: 3, containers: [{ requests: { cpu: "250m", memory: "512Mi" } }] },
      { workload: "entity-operator", replicas: 1, containers: [{}, {}] },
    ]);
    // the kafka-init container takes the brokers' resources; Cruise Control is one more pod
    const x = edit((v) => {
      v.kafka.rack = { topologyKey: "topology.kubernetes.io/zone" };
      v.cruiseControl = { resources: { limits: { cpu: 1 } } };
      v.entityOperator.topicOperator = { resources: { requests: { memory: "256Mi" } } };
    });
    const got = facts.requests!(x);
    expect(got[0]!.initContainers).toEqual([{ requests: { cpu: "500m", memory: "2Gi" } }]);
    expect(got.find((p) => p.workload === "entity-operator")!.containers).toEqual([{ requests: { memory: "256Mi" } }, {}]);
    expect(got.at(-1)).toEqual({ workload: "cruise-control", replicas: 1, containers: [{ limits: { cpu: 1 } }] });
  });

  it("restricted only when every pod's template sets restricted security contexts (the default provider sets none)", () => {
    const level = (x: Release) => facts.podSecurity!.level(x);
    expect(level(r)).toBe("restricted");
    expect(level(rel({ kafka: { replicas: 1 }, zookeeper: { replicas: 1 } }))).toBe("baseline");
    expect(level(edit((v) => delete v.zookeeper.template))).toBe("baseline");
    expect(level(edit((v) => delete v.entityOperator.template.userOperatorContainer))).toBe("baseline");
    // without the User Operator its container's template does not matter
    expect(level(edit((v) => ((v.entityOperator = { topicOperator: {}, template: { pod: SECURE.pod, topicOperatorContainer: SECURE.container } }))))).toBe("restricted");
    // the kafka-init container counts once rack runs it
    expect(level(edit((v) => (v.kafka.rack = { topologyKey: "topology.kubernetes.io/zone" })))).toBe("baseline");
    expect(level(edit((v) => (v.kafka.template.kafkaContainer.securityContext = { ...SECURE.container.securityContext, privileged: true })))).toBe("privileged");
  });
});

/** monosense as committed (its Kafka is SPEC, which the first test below pins), plus a client of the Kafka */
function managedMonosense(edit: (spec: any) => void = () => {}): any {
  const spec = seedSpec("monosense");
  // a producer in another namespace of apps
  spec.services.find((s: any) => s.cluster === "apps" && s.name === "harbor").flows.push({ to: "kafka/kafka", port: "clients" });
  edit(spec);
  return spec;
}

describe("monosense: the Kafka as a managed service, behind kafka's default deny", () => {
  const b = build(managedMonosense());
  const w = new World(b);
  const api = w.cluster("apps").apiEndpoint.port;
  // the pods as the operator makes them (labels above, container ports by KafkaCluster/ZookeeperCluster)
  const brokerPod = () => w.pod("apps", "kafka", { ...BROKER, "strimzi.io/pod-name": "kafka-kafka-0", "statefulset.kubernetes.io/pod-name": "kafka-kafka-0" }, [{ name: "tcp-kafkaagent", port: 8443 }, { name: "tcp-ctrlplane", port: 9090 }, { name: "tcp-replication", port: 9091 }, { name: "tcp-clients", port: 9092 }]);
  const zkPod = () => w.pod("apps", "kafka", { ...ZOOKEEPER, "strimzi.io/pod-name": "kafka-zookeeper-0" }, [{ name: "tcp-clustering", port: 2888 }, { name: "tcp-election", port: 3888 }, { name: "tcp-clients", port: 2181 }]);
  const b0 = brokerPod();
  const b1 = brokerPod();
  const z0 = zkPod();
  const z1 = zkPod();
  const eo = w.pod("apps", "kafka", { ...ENTITY, "pod-template-hash": "7c9d" }, [{ name: "healthcheck", port: 8080 }]);
  const op = w.pod("apps", "kafka", { ...OPERATOR_POD, "pod-template-hash": "5d8f" }, [{ name: "http", port: 8080 }]);

  it("is the Kafka the committed monosense spec declares", () => {
    const kafka = seedSpec("monosense").services.find((s: any) => s.cluster === "apps" && s.name === "kafka");
    expect(kafka.resource).toEqual({ apiVersion: API, kind: "Kafka", spec: SPEC });
  });

  it("writes the Kafka named after the service, with the spec's spec, and no StatefulSet or Service of its own", () => {
    const [doc] = docs(b, "clusters/apps/namespaces/kafka/operated/kafka.yaml");
    expect(`${doc!.apiVersion} ${doc!.kind} ${doc!.metadata.name}`).toBe(`${API} Kafka kafka`);
    expect(doc!.spec.zookeeper.replicas).toBe(3);
    expect(b.files.some((f) => f.path === "clusters/apps/namespaces/kafka/zookeeper.yaml")).toBe(false);
  });

  it("brokers reach each other on the replication and control plane listeners, and ZooKeeper's client port", () => {
    w.expectAllowed(b0, b1, [["TCP", 9091], ["TCP", 9090]], "broker -> broker");
    w.expectAllowed(b0, z0, [["TCP", 2181]], "broker -> zookeeper");
    // nothing else of the brokers' is open to them, and ZooKeeper opens no connection to the brokers
    expect(w.allowed(b0, b1).has("TCP", 8443)).toBe(false);
    expect(w.allowed(z0, b0).has("TCP", 9091)).toBe(false);
  });

  it("ZooKeeper nodes reach each other on 2888 and 3888; the brokers do not", () => {
    w.expectAllowed(z0, z1, [["TCP", 2888], ["TCP", 3888]], "zookeeper -> zookeeper");
    expect(w.allowed(b0, z0).has("TCP", 2888)).toBe(false);
  });

  it("the entity operator reaches the brokers' 9091 and the API server, and not ZooKeeper", () => {
    w.expectAllowed(eo, b0, [["TCP", 9091]], "entity-operator -> broker");
    w.expectAllowed(eo, w.apiServer("apps"), [["TCP", api]], "entity-operator -> kube-apiserver");
    expect(w.allowed(eo, z0).has("TCP", 2181)).toBe(false);
    // the brokers (no rack, no nodeport listener) and ZooKeeper have no API access
    expect(w.allowed(b0, w.apiServer("apps")).has("TCP", api)).toBe(false);
    expect(w.allowed(z0, w.apiServer("apps")).has("TCP", api)).toBe(false);
  });

  it("the cluster operator reaches the brokers on 9091 and 8443 and ZooKeeper on 2181 from the catalog alone", () => {
    w.expectAllowed(op, b0, [["TCP", 9091], ["TCP", 8443]], "strimzi-cluster-operator -> broker");
    w.expectAllowed(op, z0, [["TCP", 2181]], "strimzi-cluster-operator -> zookeeper");
    w.expectAllowed(op, w.apiServer("apps"), [["TCP", api]], "strimzi-cluster-operator -> kube-apiserver");
    expect(w.allowed(op, b0).has("TCP", 9090)).toBe(false);
  });

  it("a declared client reaches the plain listener 9092 of the brokers (behind kafka-kafka-bootstrap), not their replication", () => {
    const harbor = w.pod("apps", "harbor", { app: "harbor" });
    w.expectAllowed(harbor, b0, [["TCP", 9092]], "harbor -> kafka:9092");
    expect(w.allowed(harbor, b0).has("TCP", 9091)).toBe(false);
  });

  it("with rack awareness the brokers reach the API server (the kafka-init container)", () => {
    const rb = build(
      managedMonosense((spec) => {
        const k = spec.services.find((s: any) => s.name === "kafka" && s.kind === "managed").resource.spec.kafka;
        k.rack = { topologyKey: "topology.kubernetes.io/zone" };
        k.template.initContainer = SECURE.container; // it runs the kafka-init container now, which restricted wants secured too
      }),
    );
    const rw = new World(rb);
    const pod = rw.pod("apps", "kafka", BROKER, [{ name: "tcp-replication", port: 9091 }]);
    rw.expectAllowed(pod, rw.apiServer("apps"), [["TCP", api]], "kafka-init -> kube-apiserver");
  });

  it("compiles without a diagnostic about the Kafka, the operator or the kafka namespace", () => {
    const r = compileObject(managedMonosense());
    expect(r.errors).toEqual([]);
    expect(r.diagnostics.filter((d) => /kafka|zookeeper|strimzi/i.test(d.message)).map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it("a Kafka without ZooKeeper is PC1126, a class nothing in apps creates PC1127, security contexts left out PC1003", () => {
    const noZk = compileObject(managedMonosense((spec) => delete spec.services.find((s: any) => s.name === "kafka" && s.kind === "managed").resource.spec.zookeeper));
    expect(noZk.diagnostics.filter((d) => d.code === "PC1126").map((d) => d.message).join("\n")).toMatch(/zookeeper\.replicas[\s\S]*zookeeper\.storage/);
    const ceph = compileObject(managedMonosense((spec) => (spec.services.find((s: any) => s.name === "kafka" && s.kind === "managed").resource.spec.kafka.storage.class = "ceph-block")));
    expect(ceph.diagnostics.filter((d) => d.code === "PC1127").map((d) => d.message)).toEqual([expect.stringContaining("`kafka.storage.class`")]);
    const open = compileObject(managedMonosense((spec) => delete spec.services.find((s: any) => s.name === "kafka" && s.kind === "managed").resource.spec.kafka.template));
    expect(open.diagnostics.filter((d) => d.code === "PC1003").map((d) => d.message).join("\n")).toMatch(/kafka/);
  });

  it("without the operator in apps: PC1128", () => {
    const r = compileObject(managedMonosense((spec) => (spec.services = spec.services.filter((s: any) => s.name !== "strimzi-kafka-operator"))));
    expect(r.diagnostics.find((d) => d.code === "PC1128")?.message).toMatch(/strimzi-kafka-operator/);
  });
});
