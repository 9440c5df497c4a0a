// Strimzi's cluster operator (chart strimzi-kafka-operator of https://strimzi.io/charts/, deprecated by the project
// since 0.36 in favour of oci://quay.io/strimzi-helm; both publish the same package). The chart renders one
// Deployment, strimzi-cluster-operator, its RBAC and ConfigMap, and ships the kafka.strimzi.io / core.strimzi.io CRDs
// in crds/. It creates no Service and serves no webhook. Its names and labels are fixed strings, not the release's:
// a second release in one namespace would collide, which is why the chart has no fullname.
//
// The operator also talks to the pods it makes of each Kafka resource: the brokers' replication listener 9091 (admin
// client) and KafkaAgent 8443 (broker state while rolling), ZooKeeper's client port 2181, and Cruise Control 9090 when
// it runs. Strimzi writes ingress NetworkPolicies for them that admit it, but in a namespace with platformc's default
// deny the operator's egress needs flows too: to the Kafkas of kind managed (src/catalog/strimzi-resources.ts) they
// are the to-component flows below; a spec that models the brokers otherwise (statefulsets) declares its own. Connect
// (8083) has no catalog entry, so its flow stays the spec's. They are no `gaps` entry: a gap would report PC1211 even
// where a spec declares them.
import type { Component, Release } from "./types.js";
import { labelsAt, meetsRestricted, valueAt } from "./helm.js";
import { isRecord } from "../lib/values.js";

const HTTP = "https://strimzi.io/charts/";
const OCI = "oci://quay.io/strimzi-helm";

// templates/060-Deployment-strimzi-cluster-operator.yaml: selector.matchLabels, the same two on the pod template
const SELECTOR = { name: "strimzi-cluster-operator", "strimzi.io/kind": "cluster-operator" };

// The restricted Pod Security Standard's halves: the chart leaves podSecurityContext and securityContext empty
// (values.yaml), and the operator image runs as USER 1001 (docker-images/operator/Dockerfile), numeric, so
// runAsNonRoot holds without a runAsUser.
const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };

const record = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

const KAFKA = ["Kafka", "KafkaConnect", "KafkaTopic", "KafkaUser", "KafkaMirrorMaker", "KafkaBridge", "KafkaConnector", "KafkaMirrorMaker2", "KafkaRebalance", "KafkaNodePool"];

export const strimzi: Component = {
  name: "strimzi-kafka-operator",
  charts: [
    { repo: HTTP, name: "strimzi-kafka-operator" },
    { repo: OCI, name: "strimzi-kafka-operator" },
  ],
  // 0.45.0 read; 0.45.1 and 0.45.2 change only the Kafka image map and the CRDs' schemas. 0.46.0 drops ZooKeeper and
  // KafkaMirrorMaker (its crds/ no longer has 045-Crd-kafkamirrormaker.yaml).
  known: { from: "0.45.0", until: "0.46.0" },
  kinds: [
    // every CRD of 0.45 serves and stores v1beta2; KafkaTopic and KafkaUser still serve v1beta1 and v1alpha1 too
    ...KAFKA.map((kind) => ({ group: "kafka.strimzi.io", kind, served: [{ range: {}, version: "v1beta2" }] })),
    { group: "core.strimzi.io", kind: "StrimziPodSet", served: [{ range: {}, version: "v1beta2" }] },
  ],
  crds: {
    groups: ["kafka.strimzi.io", "core.strimzi.io"],
    // the chart's crds/ directory: Helm installs it on the first install whatever the values, and never upgrades it
    // (the chart's README: "Install the new CRDs manually after upgrading the Cluster Operator")
    byChart: () => true,
    // `make release_single_file`: every *-Crd-*.yaml of install/cluster-operator in one file, attached to the release
    bundle: (v) => `https://github.com/strimzi/strimzi-kafka-operator/releases/download/${v}/strimzi-crds-${v}.yaml`,
  },
  release: {
    primary: "cluster-operator",
    workloads: [
      {
        name: "cluster-operator",
        kind: "Deployment",
        enabled: () => true,
        selector: () => ({ ...SELECTOR }),
        // the pod template: the two selector labels, then `with .Values.labels`
        labels: (r: Release) => ({ ...labelsAt(r, ["labels"]), ...SELECTOR }),
        // containerPort 8080 `http`: /healthy, /ready (the probes) and /metrics (HealthCheckAndMetricsServer)
        ports: () => [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ],
    services: [],
    flows: [
      {
        kind: "to-apiserver",
        from: "cluster-operator",
        why: "the operator watches the Strimzi resources of its namespaces (STRIMZI_NAMESPACE: the release's, watchNamespaces, or * with watchAnyNamespace) and creates their StrimziPodSets, pods, Services, Secrets and NetworkPolicies; it holds the leader-election Lease",
      },
      // 0.45.0 cluster-operator: KafkaRoller and the assembly's admin clients (BrokersInUseCheck, KafkaReconciler,
      // DefaultKafkaQuotasManager) at <c>-kafka-bootstrap / each pod of <c>-kafka-brokers on KafkaCluster.REPLICATION_PORT
      { kind: "to-component", from: "cluster-operator", component: "strimzi-kafka", to: "broker", port: "tcp-replication", why: "the operator's admin client and KafkaRoller's probes on the brokers' replication listener (9091)" },
      // resource/KafkaAgentClient.java KAFKA_AGENT_HTTPS_PORT 8443 on each pod of <c>-kafka-brokers
      { kind: "to-component", from: "cluster-operator", component: "strimzi-kafka", to: "broker", port: "tcp-kafkaagent", why: "KafkaAgent's broker state while the operator rolls the brokers (8443)" },
      // resource/ZookeeperLeaderFinder.java and assembly/ZooKeeperReconciler.java on ZookeeperCluster.CLIENT_TLS_PORT
      { kind: "to-component", from: "cluster-operator", component: "strimzi-kafka", to: "zookeeper", port: "tcp-clients", why: "the operator finds the ZooKeeper leader and reconfigures the ensemble when scaling (2181)" },
      // resource/cruisecontrol/CruiseControlApiImpl.java on CruiseControl.REST_API_PORT, for KafkaRebalance and auto-rebalancing
      { kind: "to-component", from: "cluster-operator", component: "strimzi-kafka", to: "cruise-control", port: "rest-api", why: "the operator drives Cruise Control's REST API for KafkaRebalances (9090)" },
    ],
    defaults: () => ({ podSecurityContext: { ...RESTRICTED_POD }, securityContext: { ...RESTRICTED_CONTAINER } }),
    // with the defaults above restricted; a spec that overrides them with less is held to baseline
    podSecurity: {
      level: (r) => (meetsRestricted(record(valueAt(r.values, ["podSecurityContext"])), record(valueAt(r.values, ["securityContext"]))) ? "restricted" : "baseline"),
      why: "a securityContext short of restricted (the chart's default is empty: runAsNonRoot, seccompProfile, allowPrivilegeEscalation, capabilities unset)",
    },
  },
  sources: [
    "strimzi/strimzi-kafka-operator at tag 0.45.0, packaging/helm-charts/helm3/strimzi-kafka-operator: templates/060-Deployment-strimzi-cluster-operator.yaml (Deployment strimzi-cluster-operator in .Release.Namespace; selector and pod labels name: strimzi-cluster-operator, strimzi.io/kind: cluster-operator, then .Values.labels; containerPort 8080 name http, probes /healthy and /ready on it; securityContext only `with .Values.podSecurityContext` / `.Values.securityContext`; STRIMZI_NAMESPACE * with watchAnyNamespace, else watchNamespaces + the release's namespace, else the pod's; leader-election Lease strimzi-cluster-operator), values.yaml (watchNamespaces [], watchAnyNamespace false, podSecurityContext {}, securityContext {}, labels {}, leaderElection.enable true, dashboards.enabled false, podDisruptionBudget.enabled false; no value the templates `required`), templates/ (ServiceAccount, ClusterRoles and bindings, ConfigMap, optional PDB and Grafana dashboard ConfigMaps: no Service, no webhook configuration), crds/040-04A (Kafka, KafkaConnect, StrimziPodSet (core.strimzi.io), KafkaTopic, KafkaUser, KafkaMirrorMaker, KafkaBridge, KafkaConnector, KafkaMirrorMaker2, KafkaRebalance, KafkaNodePool: all served and stored at v1beta2; KafkaTopic and KafkaUser also serve v1beta1, v1alpha1), README.md (`helm install ... oci://quay.io/strimzi-helm/strimzi-kafka-operator`; new CRDs to be installed by hand on upgrade)",
    "strimzi/strimzi-kafka-operator 0.45.0: Makefile (helm_pkg packages the chart at release.version 0.45.0 as strimzi-kafka-operator-helm-3-chart-0.45.0.tgz; release_single_file writes strimzi-crds-$(RELEASE_VERSION).yaml from install/cluster-operator/*-Crd-*.yaml), .azure/templates/jobs/build/publish_helm_chart_as_oci.yaml (helm push to oci://quay.io/strimzi-helm), CHANGELOG.md 0.36.0 (the https://strimzi.io/charts/ repository is deprecated for the OCI one), docker-images/operator/Dockerfile (USER 1001), cluster-operator Main.java (HEALTH_SERVER_PORT 8080) and operator-common HealthCheckAndMetricsServer.java (/metrics, /healthy, /ready); git diff 0.45.0..0.45.2 of the chart: only _kafka_image_map.tpl, values.yaml image tags and CRD schemas",
    "strimzi/strimzi.github.io at 6632c6d: charts/index.yaml (strimzi-kafka-operator 0.45.0 at https://github.com/strimzi/strimzi-kafka-operator/releases/download/0.45.0/strimzi-kafka-operator-helm-3-chart-0.45.0.tgz), _includes/downloads/downloads-release-band.html (each release's strimzi-crds-<version>.yaml at releases/download/<version>/); the GitHub release asset itself was not fetched",
    "the operator's connections to its operands, 0.45.0 cluster-operator: model/KafkaCluster.generateNetworkPolicy (cluster operator peer strimzi.io/kind=cluster-operator on REPLICATION_PORT 9091 and KAFKA_AGENT_PORT 8443), model/ZookeeperCluster.generateNetworkPolicy (on CLIENT_TLS_PORT 2181), model/CruiseControl.generateNetworkPolicy (REST_API_PORT 9090), KafkaConnectCluster REST_API_PORT 8083 (no catalog entry, not a flow); operator/resource/KafkaRoller.java (bootstrap and per-pod :9091, tcpProbe 9091), operator/assembly/BrokersInUseCheck.java, KafkaReconciler.java, DefaultKafkaQuotasManager.java (<c>-kafka-bootstrap:9091), operator/resource/KafkaAgentClient.java (KAFKA_AGENT_HTTPS_PORT 8443), operator/resource/ZookeeperLeaderFinder.java and operator/assembly/ZooKeeperReconciler.java (2181), operator/assembly/KafkaRebalanceAssemblyOperator.java (the Cruise Control API on CruiseControl.REST_API_PORT)",
  ],
};
