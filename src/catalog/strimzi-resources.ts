// Strimzi's Kafka (kafka.strimzi.io/v1beta2) as platformc sees it when a spec service of kind managed is one: the
// cluster operator of the strimzi-kafka-operator release (src/catalog/strimzi.ts) makes of a Kafka named <c> the
// broker pods <c>-kafka-<n> and the ZooKeeper pods <c>-zookeeper-<n> (each set a StrimziPodSet, no StatefulSet), the
// Deployment <c>-entity-operator (Topic and User Operator) when spec.entityOperator names either, and Cruise Control
// and the Kafka Exporter when spec.cruiseControl / spec.kafkaExporter are set; and the Services <c>-kafka-bootstrap,
// <c>-kafka-brokers (headless), <c>-zookeeper-client, <c>-zookeeper-nodes (headless) and <c>-cruise-control.
//
// Release.name is the object's metadata.name, Release.values its spec, Release.version the operator's chart version
// (the chart's version is the operator's: 0.45.x). Every fact below was read at strimzi/strimzi-kafka-operator tag
// 0.45.0 (b5060222); "model/" is cluster-operator/src/main/java/io/strimzi/operator/cluster/model/.
//
// ZooKeeper mode, always: a spec's resource has no metadata, so the Kafka carries neither strimzi.io/kraft: enabled nor
// strimzi.io/node-pools: enabled, without which 0.45 runs the cluster on ZooKeeper with one virtual node pool named
// `kafka` built from spec.kafka (model/nodepools/VirtualNodePoolConverter.java), and refuses a Kafka without
// spec.zookeeper, spec.kafka.replicas or spec.kafka.storage (model/KRaftUtils.java validateKafkaCrForZooKeeper).
//
// Strimzi's own NetworkPolicies: with STRIMZI_NETWORK_POLICY_GENERATION true (ClusterOperatorConfig, the default; the
// chart's generateNetworkPolicy: true) the operator writes ingress-only policies <c>-network-policy-kafka,
// -zookeeper, <c>-entity-operator and -cruise-control that admit what the flows below admit, and more: every listener
// port and the metrics port from any pod of any namespace (unless listeners[].networkPolicyPeers narrow it), and the
// entity operator's health ports from anywhere. Policies add up, so in a namespace with platformc's default deny those
// ports stay open to every client whatever the spec's flows say; the egress side (these pods' and their clients') is
// platformc's alone, which is why the flows are needed. A spec that wants the listeners to take only its declared
// clients sets networkPolicyPeers, or generateNetworkPolicy: false on the operator's chart.
//
// Not modelled: KRaft and KafkaNodePools (annotations a spec cannot set); the Services, Routes and Ingresses of
// listeners of another type than internal (<c>-kafka-<listener>-bootstrap and one per broker: their number follows
// spec.kafka.replicas, which a fixed Service list cannot hold), though their ports are on the brokers; labels the
// operator's environment adds (STRIMZI_CUSTOM_*_LABELS) and the Kafka's own metadata labels (Labels.fromResource),
// which a spec cannot give; the legacy `tlsSidecar` fields, which 0.45 ignores; resource requests and replica counts
// (spec.kafka.replicas, spec.zookeeper.replicas, spec.*.resources), which ReleaseFacts has no field for.
import type { ChartPort, ChartWorkload, Component, ComponentFlow, PodResources, Release } from "./types.js";
import { labelsAt, meetsRestricted, resourcesAt, valueAt } from "./helm.js";
import { isRecord } from "../lib/values.js";

const GROUP = "kafka.strimzi.io";
const OPERATOR = "strimzi-kafka-operator";
// the operator's chart versions, which Release.version carries: the same range as src/catalog/strimzi.ts (0.46 drops
// ZooKeeper)
const KNOWN = { from: "0.45.0", until: "0.46.0" };
const SRC = "strimzi/strimzi-kafka-operator at tag 0.45.0 (b5060222ffc07b67b7efe003bd326e48b2896fc8)";
const MODEL = `${SRC}, cluster-operator/src/main/java/io/strimzi/operator/cluster/model/`;

const tcp = (name: string, port: number): ChartPort => ({ name, port, protocol: "TCP" });
const record = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const set = (r: Release, path: string[]) => {
  const v = valueAt(r.values, path);
  return v !== undefined && v !== null;
};

// model/KafkaCluster.java: REPLICATION_PORT 9091 tcp-replication (inter.broker.listener.name REPLICATION-9091, and the
// listener every Strimzi client uses), CONTROLPLANE_PORT 9090 tcp-ctrlplane (control.plane.listener.name), and
// KAFKA_AGENT_PORT 8443 tcp-kafkaagent (the broker-state endpoint of the operator's KafkaRoller)
const REPLICATION = tcp("tcp-replication", 9091);
const CONTROLPLANE = tcp("tcp-ctrlplane", 9090);
const AGENT = tcp("tcp-kafkaagent", 8443);
// model/metrics/MetricsModel.java METRICS_PORT_NAME tcp-prometheus, METRICS_PORT 9404: only with metricsConfig
const METRICS = tcp("tcp-prometheus", 9404);
// model/jmx/JmxModel.java JMX_PORT_NAME jmx, JMX_PORT 9999: only with jmxOptions
const JMX = tcp("jmx", 9999);
// model/ZookeeperCluster.java CLIENT_TLS_PORT 2181 tcp-clients, CLUSTERING_PORT 2888 tcp-clustering,
// LEADER_ELECTION_PORT 3888 tcp-election (the plaintext 12181 binds 127.0.0.1 only)
const ZK_CLIENTS = tcp("tcp-clients", 2181);
const ZK_CLUSTERING = tcp("tcp-clustering", 2888);
const ZK_ELECTION = tcp("tcp-election", 3888);

interface Listener {
  name: string;
  port: number;
  type: string;
}

/** spec.kafka.listeners as the CRD has them (name, port, type required); entries without them are left out */
function listeners(r: Release): Listener[] {
  const v = valueAt(r.values, ["kafka", "listeners"]);
  if (!Array.isArray(v)) return [];
  return v.flatMap((l) => {
    const name = valueAt(l, ["name"]);
    const port = valueAt(l, ["port"]);
    const type = valueAt(l, ["type"]);
    return typeof name === "string" && typeof port === "number" && Number.isInteger(port) && typeof type === "string" ? [{ name, port, type }] : [];
  });
}

// model/ListenersUtils.java backwardsCompatiblePortName: plain/9092/internal tcp-clients, tls/9093/internal
// tcp-clientstls, external/9094 tcp-external, any other tcp-<name>
function listenerPort(l: Listener): ChartPort {
  if (l.port === 9092 && l.name === "plain" && l.type === "internal") return tcp("tcp-clients", l.port);
  if (l.port === 9093 && l.name === "tls" && l.type === "internal") return tcp("tcp-clientstls", l.port);
  if (l.port === 9094 && l.name === "external") return tcp("tcp-external", l.port);
  return tcp(`tcp-${l.name}`, l.port);
}

const internalListeners = (r: Release) => listeners(r).filter((l) => l.type === "internal").map(listenerPort);
const asService = (ports: ChartPort[]) => ports.map((p) => ({ ...p, targetPort: p.port }));

// operator-common Labels.getOrValidInstanceLabelValue: at most 63 characters, trailing '.', '-', '_' dropped
function labelValue(s: string): string {
  let i = Math.min(s.length, 63);
  while (i > 0 && ".-_".includes(s[i - 1]!)) i--;
  return s.slice(0, i);
}

type Part = "kafka" | "zookeeper" | "entity-operator" | "cruise-control" | "kafka-exporter";

/** KafkaResources.kafkaComponentName, zookeeperComponentName, entityOperatorDeploymentName; CruiseControlResources, KafkaExporterResources componentName */
const componentName = (r: Release, part: Part) => `${r.name}-${part}`;

// AbstractModel.getSelectorLabels / Labels.strimziSelectorLabels: strimzi.io/cluster, name and kind; the selector of
// the StrimziPodSets, the Deployments and every Service (ServiceUtils.createClusterIpService, createHeadlessService;
// KafkaCluster.brokersSelector adds strimzi.io/broker-role only from the KRaft migration on)
const selectorOf = (part: Part) => (r: Release) => ({ "strimzi.io/cluster": r.name, "strimzi.io/name": componentName(r, part), "strimzi.io/kind": "Kafka" });

// Labels.generateDefaultLabels (KafkaPool's constructor for the brokers): strimzi.io/kind, name, cluster, component-type
// and app.kubernetes.io/name (the component type), instance, part-of strimzi-<c>, managed-by strimzi-cluster-operator
// (AbstractModel.STRIMZI_CLUSTER_OPERATOR_NAME). WorkloadUtils.createStatefulPod / createPodTemplateSpec lay the
// template's metadata.labels over them (withAdditionalLabels, which refuses any strimzi.io/ key but strimzi.io/cluster:
// those are left out here, so the selectors hold).
function podLabels(r: Release, part: Part, template: string[], extra: Record<string, string> = {}): Record<string, string> {
  const own = Object.fromEntries(Object.entries(labelsAt(r, [...template, "pod", "metadata", "labels"])).filter(([k]) => !k.startsWith("strimzi.io/")));
  return {
    ...selectorOf(part)(r),
    "strimzi.io/component-type": part,
    "app.kubernetes.io/name": part,
    "app.kubernetes.io/instance": labelValue(r.name),
    "app.kubernetes.io/part-of": labelValue(`strimzi-${r.name}`),
    "app.kubernetes.io/managed-by": "strimzi-cluster-operator",
    ...extra,
    ...own,
  };
}

// WorkloadUtils.createStatefulPod: strimzi.io/controller strimzipodset and controller-name the StrimziPodSet's name
// (and the per-pod strimzi.io/pod-name, statefulset.kubernetes.io/pod-name, no part of the fixed labels)
const podSetLabels = (r: Release, part: Part) => ({ "strimzi.io/controller": "strimzipodset", "strimzi.io/controller-name": componentName(r, part) });

// the virtual pool `kafka` of a ZooKeeper cluster: KafkaPool labels strimzi.io/pool-name, and KafkaCluster.generatePodSets
// withStrimziBrokerRole(true) / withStrimziControllerRole(false) (VirtualNodePoolConverter: roles [broker])
const brokerLabels = (r: Release) => podLabels(r, "kafka", ["kafka", "template"], { "strimzi.io/pool-name": "kafka", "strimzi.io/broker-role": "true", "strimzi.io/controller-role": "false", ...podSetLabels(r, "kafka") });

// KafkaCluster.getContainerPortList in ZooKeeper mode: the agent, the control plane and replication listeners, every
// listener of spec.kafka.listeners (of any type), metrics and JMX when configured
const brokerPorts = (r: Release): ChartPort[] => [
  AGENT,
  CONTROLPLANE,
  REPLICATION,
  ...listeners(r).map(listenerPort),
  ...(set(r, ["kafka", "metricsConfig"]) ? [METRICS] : []),
  ...(set(r, ["kafka", "jmxOptions"]) ? [JMX] : []),
];

// KafkaCluster.createInitContainer / generateClusterRoleBinding: the kafka-init container, and the RBAC it reads the
// node with, only with spec.kafka.rack or a nodeport listener; without them the broker pods have no API access at all
const brokerInit = (r: Release) => set(r, ["kafka", "rack"]) || listeners(r).some((l) => l.type === "nodeport");

// EntityOperator.fromCrd: the Deployment only when spec.entityOperator names the Topic or the User Operator
const topicOperator = (r: Release) => set(r, ["entityOperator", "topicOperator"]);
const userOperator = (r: Release) => set(r, ["entityOperator", "userOperator"]);

const broker: ChartWorkload = {
  name: "broker",
  // pods of the StrimziPodSet <c>-kafka, which the operator's own controller runs (core.strimzi.io); the nearest kind
  kind: "StatefulSet",
  enabled: () => true,
  selector: selectorOf("kafka"),
  labels: brokerLabels,
  ports: brokerPorts,
};

/**
 * The Pod Security level of every pod the Kafka runs: the default BaselinePodSecurityProvider gives the containers no
 * securityContext and the stateful pods only fsGroup 0 (persistent storage), which `restricted` refuses; a template's
 * securityContext replaces the provider's (PodSecurityProvider.podSecurityContextOrNull / securityContextOrNull), and
 * the images run as USER 1001 (docker-images/kafka-based/kafka/Dockerfile, docker-images/operator/Dockerfile for the
 * entity operator), so runAsNonRoot holds with a template that sets it. The operator's
 * STRIMZI_POD_SECURITY_PROVIDER_CLASS=restricted would give restricted contexts too; it is the operator release's
 * environment, which these facts do not see. The templates admit no hostPath volume (the CRD's pod.volumes).
 */
function podSecurityLevel(r: Release): "restricted" | "baseline" | "privileged" {
  const pods: Array<{ pod: string[]; containers: string[][] }> = [
    { pod: ["kafka", "template", "pod"], containers: [["kafka", "template", "kafkaContainer"], ...(brokerInit(r) ? [["kafka", "template", "initContainer"]] : [])] },
    { pod: ["zookeeper", "template", "pod"], containers: [["zookeeper", "template", "zookeeperContainer"]] },
  ];
  if (topicOperator(r) || userOperator(r))
    pods.push({ pod: ["entityOperator", "template", "pod"], containers: [...(topicOperator(r) ? [["entityOperator", "template", "topicOperatorContainer"]] : []), ...(userOperator(r) ? [["entityOperator", "template", "userOperatorContainer"]] : [])] });
  if (set(r, ["cruiseControl"])) pods.push({ pod: ["cruiseControl", "template", "pod"], containers: [["cruiseControl", "template", "cruiseControlContainer"]] });
  if (set(r, ["kafkaExporter"])) pods.push({ pod: ["kafkaExporter", "template", "pod"], containers: [["kafkaExporter", "template", "container"]] });
  let restricted = true;
  for (const p of pods) {
    const pod = record(valueAt(r.values, [...p.pod, "securityContext"]));
    for (const c of p.containers) {
      const sc = record(valueAt(r.values, [...c, "securityContext"]));
      if (sc.privileged === true) return "privileged";
      if (!meetsRestricted(pod, sc)) restricted = false;
    }
  }
  return restricted ? "restricted" : "baseline";
}

/** the persistent-claim storages of a storage section with their paths: the section itself, or each jbod volume */
function claims(r: Release, at: string[]): Array<{ path: string[]; storage: Record<string, unknown> }> {
  const storage = record(valueAt(r.values, at));
  const all =
    storage.type === "jbod"
      ? (Array.isArray(storage.volumes) ? storage.volumes : []).map((v, i) => ({ path: [...at, "volumes", String(i)], storage: record(v) }))
      : [{ path: at, storage }];
  return all.filter((x) => x.storage.type === "persistent-claim");
}

const named = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * The StorageClasses of a storage section (spec.kafka.storage, spec.zookeeper.storage): PersistentVolumeClaimUtils
 * takes `class` of a persistent-claim storage, per broker `overrides[].class` (deprecated) over it, and for jbod each
 * persistent-claim volume's; ephemeral storage makes emptyDirs.
 */
function storageClasses(r: Release, at: string[]): Array<{ path: string[]; class: string }> {
  return claims(r, at).flatMap(({ path, storage }) => {
    const own = named(storage.class);
    const overrides = Array.isArray(storage.overrides) ? storage.overrides : [];
    return [
      ...(own ? [{ path: [...path, "class"], class: own }] : []),
      ...overrides.flatMap((o, i) => {
        const c = named(valueAt(o, ["class"]));
        return c ? [{ path: [...path, "overrides", String(i), "class"], class: c }] : [];
      }),
    ];
  });
}

/** StorageUtils.validatePersistentStorage: "The size is mandatory for a persistent-claim storage", jbod volumes too */
const sizesMissing = (r: Release, at: string[]): string[][] => claims(r, at).filter((x) => !named(x.storage.size)).map((x) => [...x.path, "size"]);

/** corev1.ResourceRequirements at path (spec.kafka.resources, ...): its cpu and memory, as the operator copies it into the container */
const count = (r: Release, path: string[]) => {
  const v = valueAt(r.values, path);
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0;
};

/**
 * The pods and their containers' resources, none defaulted by the operator: the brokers (spec.kafka.replicas of the
 * virtual pool, the kafka container and the kafka-init container both take the pool's resources, i.e.
 * spec.kafka.resources: KafkaCluster.createContainer / createInitContainer), ZooKeeper (spec.zookeeper.replicas,
 * spec.zookeeper.resources), and one pod each (createDeployment with 1 replica) of the entity operator (the Topic and
 * User Operators' resources), Cruise Control and the Kafka Exporter.
 */
function requests(r: Release): PodResources[] {
  const pods: PodResources[] = [
    { workload: "broker", replicas: count(r, ["kafka", "replicas"]), containers: [resourcesAt(r.values, ["kafka", "resources"])], ...(brokerInit(r) ? { initContainers: [resourcesAt(r.values, ["kafka", "resources"])] } : {}) },
    { workload: "zookeeper", replicas: count(r, ["zookeeper", "replicas"]), containers: [resourcesAt(r.values, ["zookeeper", "resources"])] },
  ];
  if (topicOperator(r) || userOperator(r))
    pods.push({
      workload: "entity-operator",
      replicas: 1,
      containers: [...(topicOperator(r) ? [resourcesAt(r.values, ["entityOperator", "topicOperator", "resources"])] : []), ...(userOperator(r) ? [resourcesAt(r.values, ["entityOperator", "userOperator", "resources"])] : [])],
    });
  if (set(r, ["cruiseControl"])) pods.push({ workload: "cruise-control", replicas: 1, containers: [resourcesAt(r.values, ["cruiseControl", "resources"])] });
  if (set(r, ["kafkaExporter"])) pods.push({ workload: "kafka-exporter", replicas: 1, containers: [resourcesAt(r.values, ["kafkaExporter", "resources"])] });
  return pods;
}

const flows: ComponentFlow[] = [
  // KafkaBrokerConfigurationBuilder: inter.broker.listener.name REPLICATION-9091, advertised as each pod's address in
  // <c>-kafka-brokers; control.plane.listener.name CONTROLPLANE-9090 (the controller broker's requests to the others)
  { kind: "internal", from: "broker", to: "broker", port: "tcp-replication", why: "followers fetch from the partition leaders on the replication listener (inter.broker.listener.name REPLICATION-9091)" },
  { kind: "internal", from: "broker", to: "broker", port: "tcp-ctrlplane", why: "the controller broker sends LeaderAndIsr and metadata updates on the control plane listener (CONTROLPLANE-9090)" },
  // KafkaBrokerConfigurationBuilder: zookeeper.connect=<c>-zookeeper-client:2181 (TLS)
  { kind: "internal", from: "broker", to: "zookeeper", port: "tcp-clients", why: "the brokers keep their metadata in ZooKeeper (zookeeper.connect <c>-zookeeper-client:2181)" },
  // docker-images/kafka-based/kafka/scripts/zookeeper_config_generator.sh: server.N=<pod>.<c>-zookeeper-nodes:2888:3888
  { kind: "internal", from: "zookeeper", to: "zookeeper", port: "tcp-clustering", why: "followers connect to the ZooKeeper leader (server.N ...:2888)" },
  { kind: "internal", from: "zookeeper", to: "zookeeper", port: "tcp-election", why: "ZooKeeper leader election (server.N ...:3888)" },
  // EntityTopicOperator / EntityUserOperator: STRIMZI_KAFKA_BOOTSTRAP_SERVERS <c>-kafka-bootstrap:9091 (the Topic
  // Operator is unidirectional and ZooKeeper-free since 0.41: CHANGELOG.md, UnidirectionalTopicOperator GA)
  { kind: "internal", from: "entity-operator", to: "broker", port: "tcp-replication", why: "the Topic and User Operators' admin clients (STRIMZI_KAFKA_BOOTSTRAP_SERVERS <c>-kafka-bootstrap:9091)" },
  { kind: "to-apiserver", from: "entity-operator", why: "the Topic and User Operators watch KafkaTopics and KafkaUsers, write their status and the users' Secrets" },
  // EntityTopicOperator: STRIMZI_CRUISE_CONTROL_HOSTNAME <c>-cruise-control, port 9090, when spec.cruiseControl is set
  { kind: "internal", from: "entity-operator", to: "cruise-control", port: "rest-api", why: "the Topic Operator changes replication factors through Cruise Control's REST API" },
  // CruiseControl / KafkaExporter: STRIMZI_KAFKA_BOOTSTRAP_SERVERS, KAFKA_EXPORTER_KAFKA_SERVER <c>-kafka-bootstrap:9091
  { kind: "internal", from: "cruise-control", to: "broker", port: "tcp-replication", why: "Cruise Control reads the brokers' metrics topic and moves partitions (<c>-kafka-bootstrap:9091)" },
  { kind: "internal", from: "kafka-exporter", to: "broker", port: "tcp-replication", why: "the Kafka Exporter reads topics and consumer groups (<c>-kafka-bootstrap:9091)" },
  { kind: "to-apiserver", from: "kafka-init", why: "the brokers' kafka-init container reads its node (rack topology key, nodeport address) through the ClusterRoleBinding the operator writes for it" },
];

export const strimziKafka: Component = {
  name: "strimzi-kafka",
  charts: [],
  known: KNOWN,
  kinds: [],
  resource: { group: GROUP, kind: "Kafka", operator: OPERATOR },
  release: {
    primary: "broker",
    workloads: [
      broker,
      {
        // the same pods when they run the kafka-init container: a workload of its own, so that its API access follows
        // the condition (a flow to the API server has none)
        ...broker,
        name: "kafka-init",
        enabled: brokerInit,
        ports: () => [],
      },
      {
        name: "zookeeper",
        kind: "StatefulSet",
        enabled: () => true,
        selector: selectorOf("zookeeper"),
        labels: (r) => podLabels(r, "zookeeper", ["zookeeper", "template"], podSetLabels(r, "zookeeper")),
        // ZookeeperCluster.getContainerPortList
        ports: (r) => [ZK_CLUSTERING, ZK_ELECTION, ZK_CLIENTS, ...(set(r, ["zookeeper", "metricsConfig"]) ? [METRICS] : []), ...(set(r, ["zookeeper", "jmxOptions"]) ? [JMX] : [])],
      },
      {
        name: "entity-operator",
        kind: "Deployment",
        enabled: (r) => topicOperator(r) || userOperator(r),
        selector: selectorOf("entity-operator"),
        labels: (r) => podLabels(r, "entity-operator", ["entityOperator", "template"]),
        // EntityTopicOperator HEALTHCHECK_PORT 8080, EntityUserOperator HEALTHCHECK_PORT 8081: both containers name
        // theirs `healthcheck`; told apart here, where a name picks one port of the pod (no flow names them)
        ports: (r) => [...(topicOperator(r) ? [tcp("to-healthcheck", 8080)] : []), ...(userOperator(r) ? [tcp("uo-healthcheck", 8081)] : [])],
      },
      {
        name: "cruise-control",
        kind: "Deployment",
        enabled: (r) => set(r, ["cruiseControl"]),
        selector: selectorOf("cruise-control"),
        labels: (r) => podLabels(r, "cruise-control", ["cruiseControl", "template"]),
        // CruiseControl.getContainerPortList: REST_API_PORT 9090 rest-api, metrics
        ports: (r) => [tcp("rest-api", 9090), ...(set(r, ["cruiseControl", "metricsConfig"]) ? [METRICS] : [])],
      },
      {
        name: "kafka-exporter",
        kind: "Deployment",
        enabled: (r) => set(r, ["kafkaExporter"]),
        selector: selectorOf("kafka-exporter"),
        labels: (r) => podLabels(r, "kafka-exporter", ["kafkaExporter", "template"]),
        // KafkaExporter.getContainerPortList: the metrics port, always (no Service)
        ports: () => [METRICS],
      },
    ],
    services: [
      // KafkaCluster.getServicePorts: replication and the internal listeners. First, so that a flow or route to a
      // listener's port takes the bootstrap Service.
      { name: (r) => `${r.name}-kafka-bootstrap`, workload: "broker", ports: (r) => asService([REPLICATION, ...internalListeners(r)]) },
      // KafkaCluster.getHeadlessServicePorts: control plane, replication, agent, the internal listeners, JMX
      { name: (r) => `${r.name}-kafka-brokers`, workload: "broker", ports: (r) => asService([CONTROLPLANE, REPLICATION, AGENT, ...internalListeners(r), ...(set(r, ["kafka", "jmxOptions"]) ? [JMX] : [])]) },
      // ZookeeperCluster.generateService and getServicePortList (generateHeadlessService)
      { name: (r) => `${r.name}-zookeeper-client`, workload: "zookeeper", ports: () => asService([ZK_CLIENTS]) },
      { name: (r) => `${r.name}-zookeeper-nodes`, workload: "zookeeper", ports: (r) => asService([ZK_CLIENTS, ZK_CLUSTERING, ZK_ELECTION, ...(set(r, ["zookeeper", "jmxOptions"]) ? [JMX] : [])]) },
      // CruiseControl.generateService: <c>-cruise-control, rest-api 9090
      { name: (r) => `${r.name}-cruise-control`, workload: "cruise-control", ports: () => asService([tcp("rest-api", 9090)]) },
    ],
    flows,
    // the CRD: spec.kafka.listeners (spec.kafka itself is required), spec.zookeeper.replicas and .storage; and
    // KRaftUtils.validateKafkaCrForZooKeeper: spec.zookeeper, spec.kafka.replicas and spec.kafka.storage
    required: [
      { path: ["kafka", "listeners"], why: "the CRD requires spec.kafka.listeners: the ports clients connect to", example: "[{ name: plain, port: 9092, type: internal, tls: false }]" },
      { path: ["kafka", "replicas"], why: "a ZooKeeper-based Kafka without node pools needs spec.kafka.replicas (the operator refuses it otherwise)", example: "3" },
      { path: ["kafka", "storage"], why: "a ZooKeeper-based Kafka without node pools needs spec.kafka.storage (the operator refuses it otherwise)", example: "{ type: persistent-claim, size: 50Gi }" },
      { path: ["zookeeper", "replicas"], why: "Strimzi 0.45 runs a Kafka without the strimzi.io/kraft annotation on ZooKeeper, which the CRD requires replicas for", example: "3" },
      { path: ["zookeeper", "storage"], why: "Strimzi 0.45 runs a Kafka without the strimzi.io/kraft annotation on ZooKeeper, which the CRD requires storage for", example: "{ type: persistent-claim, size: 10Gi }" },
    ],
    missing: (r) =>
      [...sizesMissing(r, ["kafka", "storage"]), ...sizesMissing(r, ["zookeeper", "storage"])].map((path) => ({ path, why: "the operator refuses a persistent-claim storage without a size (StorageUtils.validatePersistentStorage)", example: "10Gi" })),
    volumeClasses: (r) => [...storageClasses(r, ["kafka", "storage"]), ...storageClasses(r, ["zookeeper", "storage"])],
    requests,
    podSecurity: {
      level: podSecurityLevel,
      why: "no securityContext (Strimzi's default BaselinePodSecurityProvider sets none: give template.pod.securityContext and the containers' template securityContext, runAsNonRoot, seccompProfile RuntimeDefault, allowPrivilegeEscalation false, capabilities drop ALL, for every pod of the Kafka)",
    },
  },
  sources: [
    `${MODEL}KafkaCluster.java (COMPONENT_TYPE kafka; REPLICATION_PORT 9091 tcp-replication, CONTROLPLANE_PORT 9090 tcp-ctrlplane, KAFKA_AGENT_PORT 8443 tcp-kafkaagent; getContainerPortList, getServicePorts (bootstrap: replication + internal listeners), getHeadlessServicePorts; generateService <c>-kafka-bootstrap selecting brokersSelector, generateHeadlessService <c>-kafka-brokers; generatePodSets with withStrimziBrokerRole/withStrimziControllerRole; createInitContainer and generateClusterRoleBinding only with rack or nodeport listeners; generateNetworkPolicy: 9090 from the brokers, 9091 from the cluster operator, brokers, entity operator, Kafka Exporter, Cruise Control, 8443 from the cluster operator, listeners from networkPolicyPeers or all)`,
    `${MODEL}KafkaPool.java (labels: strimzi.io/kind, strimzi.io/name <c>-kafka, cluster, component-type kafka, pool-name; app.kubernetes.io/name, instance, part-of, managed-by strimzi-cluster-operator; nodes <c>-<pool>-<id>), nodepools/VirtualNodePoolConverter.java (pool kafka, roles [broker], from spec.kafka replicas/storage/resources), KRaftUtils.java validateKafkaCrForZooKeeper, ListenersUtils.java backwardsCompatiblePortName and internalListeners, KafkaBrokerConfigurationBuilder.java (zookeeper.connect <c>-zookeeper-client:2181; REPLICATION-9091 inter-broker, CONTROLPLANE-9090 control plane)`,
    `${MODEL}ZookeeperCluster.java (COMPONENT_TYPE zookeeper; CLIENT_TLS_PORT 2181 tcp-clients, CLUSTERING_PORT 2888 tcp-clustering, LEADER_ELECTION_PORT 3888 tcp-election; generateService <c>-zookeeper-client 2181, generateHeadlessService <c>-zookeeper-nodes 2181/2888/3888; generatePodSet <c>-zookeeper-<n>; generateNetworkPolicy: 2888/3888 from ZooKeeper, 2181 from the brokers, ZooKeeper, the entity operator and the cluster operator), docker-images/kafka-based/kafka/scripts/zookeeper_config_generator.sh (server.N=...:2888:3888;127.0.0.1:12181)`,
    `${MODEL}EntityOperator.java (COMPONENT_TYPE entity-operator; fromCrd only with topicOperator or userOperator; Deployment <c>-entity-operator, selector strimziSelectorLabels), EntityTopicOperator.java (HEALTHCHECK_PORT 8080; STRIMZI_KAFKA_BOOTSTRAP_SERVERS <c>-kafka-bootstrap:9091; Cruise Control <c>-cruise-control:9090 when set), EntityUserOperator.java (HEALTHCHECK_PORT 8081; bootstrap <c>-kafka-bootstrap:9091, api EntityUserOperatorSpec DEFAULT_BOOTSTRAP_SERVERS_PORT 9091), CHANGELOG.md (UnidirectionalTopicOperator GA: no ZooKeeper client)`,
    `${MODEL}CruiseControl.java (COMPONENT_TYPE cruise-control, REST_API_PORT 9090 rest-api, Service <c>-cruise-control, bootstrap :9091), KafkaExporter.java (COMPONENT_TYPE kafka-exporter, tcp-prometheus 9404, KAFKA_EXPORTER_KAFKA_SERVER <c>-kafka-bootstrap:9091, no Service), metrics/MetricsModel.java (tcp-prometheus 9404 with metricsConfig), jmx/JmxModel.java (jmx 9999 with jmxOptions)`,
    `${SRC}: operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java (generateDefaultLabels, strimziSelectorLabels cluster/name/kind/pool-name, withStrimziPodSetController strimzi.io/controller strimzipodset + controller-name, getOrValidInstanceLabelValue, additionalLabels refusing strimzi.io/ keys but strimzi.io/cluster, STRIMZI_LABELS_EXCLUSION_PATTERN), api/src/main/java/io/strimzi/api/kafka/model/kafka/KafkaResources.java (<c>-kafka, -kafka-bootstrap, -kafka-brokers, -zookeeper, -zookeeper-client, -zookeeper-nodes, -entity-operator), ${MODEL}AbstractModel.java (STRIMZI_CLUSTER_OPERATOR_NAME), WorkloadUtils.java (createStatefulPod, createDeployment, createPodTemplateSpec), ServiceUtils.java (selectors strimziSelectorLabels; headless ClusterIP None)`,
    `${MODEL}KafkaCluster.java createContainer / createInitContainer (pool.resources), nodepools/VirtualNodePoolConverter.java (withReplicas spec.kafka.replicas, withResources spec.kafka.resources), ZookeeperCluster.java (resources spec.zookeeper.resources, generatePodSet replicas), EntityTopicOperator.java / EntityUserOperator.java / CruiseControl.java / KafkaExporter.java (resources from their spec, no default; createDeployment with 1 replica)`,
    `${SRC}: ${MODEL}PersistentVolumeClaimUtils.java (class, overrides[].class per broker, jbod volumes), StorageUtils.java validatePersistentStorage (size mandatory for persistent-claim), api/.../plugin/security/profiles/PodSecurityProvider.java and impl/BaselinePodSecurityProvider.java (template securityContexts or none; fsGroup 0 for persistent storage), docker-images/kafka-based/kafka/Dockerfile (USER 1001), cluster-operator ClusterOperatorConfig.java (STRIMZI_NETWORK_POLICY_GENERATION default true), packaging/install/cluster-operator/040-Crd-kafka.yaml (spec.required kafka; kafka.required listeners; zookeeper.required replicas, storage; listener port minimum 9092; pod.volumes without hostPath)`,
  ],
};
