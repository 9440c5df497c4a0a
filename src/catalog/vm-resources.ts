// The VictoriaMetrics operator's VMSingle, VMAgent and VMAlert (operator.victoriametrics.com/v1beta1), as the
// operator v0.60.2 (victoria-metrics-operator chart 0.50.x) runs them: a spec service of kind managed is the object,
// named after the service, and these are the pods and Services the operator makes of it. Every name is the kind's
// PrefixedName, <kind in lower case>-<object name>, never truncated; every pod carries the kind's SelectorLabels
// (name <kind>, instance <object name>, component monitoring, managed-by vm-operator) over spec.podMetadata.labels.
// The operator itself only talks to the API server (its Deployments, Services, Secrets and pod status): it opens no
// connection to these pods, so the operator's component has no to-component flows to them. Without
// spec.useStrictSecurity or spec.securityContext the operator leaves the pods' securityContexts empty
// (VM_ENABLESTRICTSECURITY is false by default and the chart does not set it), which restricted refuses.
import type { ChartPort, ChartWorkload, Component, ContainerResources, PodResources, Protocol, Release, ReleaseFacts } from "./types.js";
import { annotatedAt, labelsAt, meetsRestricted, resourcesAt, valueAt } from "./helm.js";

const GROUP = "operator.victoriametrics.com";
const OPERATOR = "victoria-metrics-operator";
// the operator's chart versions whose appVersion the facts were read at: 0.50.0-0.50.1 ship v0.60.0, 0.50.2 v0.60.1,
// 0.50.3 v0.60.2; the files the facts come from are the same at v0.60.0 and v0.60.2
const KNOWN = { from: "0.50.0", until: "0.51.0" };
const SOURCE = "VictoriaMetrics/operator at v0.60.2 (commit 01fe5b3, the appVersion of victoria-metrics-operator-0.50.3; the facts' files compared with v0.60.0)";

type App = "vmsingle" | "vmagent" | "vmalert";

/** SelectorLabels of api/operator/v1beta1/<kind>_types.go: the Deployment's (StatefulSet's, DaemonSet's) and the Service's selector */
const selectorOf = (app: App) => (r: Release) => ({
  "app.kubernetes.io/name": app,
  "app.kubernetes.io/instance": r.name,
  "app.kubernetes.io/component": "monitoring",
  "managed-by": "vm-operator",
});

/** PodLabels: labels.Merge(spec.podMetadata.labels, SelectorLabels), where the selector labels win */
const podLabelsOf = (app: App) => (r: Release) => ({ ...labelsAt(r, ["podMetadata", "labels"]), ...selectorOf(app)(r) });

/** PrefixedName */
const prefixed = (app: App) => (r: Release) => `${app}-${r.name}`;

/**
 * spec.port, a string in the CRD, read as intstr.Parse reads it (digits are a number; anything else the operator
 * cannot listen on); unset, the operator's default (internal/config: VMSINGLEDEFAULT_PORT and VMAGENTDEFAULT_PORT
 * 8429, VMALERTDEFAULT_PORT 8080). A number is taken as meant, though the API server refuses it for the string field.
 */
function portOf(r: Release, path: string[], byDefault: number): number {
  const v = valueAt(r.values, path);
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : byDefault;
}

const tcp = (name: string, port: number, protocol: Protocol = "TCP"): ChartPort => ({ name, port, protocol });

/**
 * build.AppendInsertPorts / AppendInsertPortsToService: spec.insertPorts adds these to the container and the Service
 * alike (Service port = target port), TCP and UDP for Graphite, Influx and OpenTSDB, TCP for OpenTSDB's HTTP.
 */
function insertPorts(r: Release): ChartPort[] {
  const at = (key: string) => {
    const n = portOf(r, ["insertPorts", key], 0);
    return n > 0 ? n : undefined;
  };
  const out: ChartPort[] = [];
  for (const [key, name] of [["graphitePort", "graphite"], ["influxPort", "influx"], ["openTSDBPort", "opentsdb"]] as const) {
    const p = at(key);
    if (p) out.push(tcp(`${name}-tcp`, p), tcp(`${name}-udp`, p, "UDP"));
  }
  const http = at("openTSDBHTTPPort");
  if (http) out.push(tcp("opentsdb-http", http));
  return out;
}

const asService = (ports: ChartPort[]) => ports.map((p) => ({ ...p, targetPort: p.port }));

/**
 * The pods' Pod Security level (build/security.go): spec.securityContext, when given, is the pod's securityContext
 * and every operator container's (its pod-level fields too); otherwise spec.useStrictSecurity (or the operator's
 * VM_ENABLESTRICTSECURITY, off by default and not visible here) gives the defaults: non-root 65534, seccomp
 * RuntimeDefault, no privilege escalation, ALL dropped, which meet restricted; neither leaves the securityContexts
 * empty (baseline). spec.hostNetwork and hostPath volumes in spec.volumes are the privileged level's.
 */
function podSecurityLevel(r: Release): "restricted" | "baseline" | "privileged" {
  const volumes = valueAt(r.values, ["volumes"]);
  const hostPath = Array.isArray(volumes) && volumes.some((v) => valueAt(v, ["hostPath"]) !== undefined);
  if (valueAt(r.values, ["hostNetwork"]) === true || hostPath) return "privileged";
  const sc = valueAt(r.values, ["securityContext"]);
  if (sc && typeof sc === "object" && !Array.isArray(sc)) {
    const s = sc as Record<string, unknown>;
    if (s.privileged === true) return "privileged";
    return meetsRestricted(s, s) ? "restricted" : "baseline";
  }
  return valueAt(r.values, ["useStrictSecurity"]) === true ? "restricted" : "baseline";
}

const podSecurity: ReleaseFacts["podSecurity"] = {
  level: podSecurityLevel,
  why: "no securityContext (neither spec.useStrictSecurity: true nor a spec.securityContext that meets restricted; the operator's VM_ENABLESTRICTSECURITY is off by default), or spec.hostNetwork / hostPath spec.volumes",
};

const resource = (kind: string) => ({ group: GROUP, kind, operator: OPERATOR });

/**
 * build.Resources (build/container.go) as build/defaults.go applies it to a container's resources: a quantity the
 * spec neither requests nor limits gets the operator's default request (internal/config/config.go), unless
 * useDefaultResources is false. addDefaultsToCommonParams sets spec.useDefaultResources, when unset, to the kind's
 * UseDefaultResources (true; VM_<KIND>DEFAULT_USEDEFAULTRESOURCES, which the chart leaves unset), and the config
 * reloader's defaults (addDefaultsToConfigReloader) follow the same flag.
 */
function withDefaults(res: ContainerResources, byDefault: { cpu: string; memory: string }, r: Release): ContainerResources {
  if (valueAt(r.values, ["useDefaultResources"]) === false) return res;
  const requests = { ...res.requests };
  for (const k of ["cpu", "memory"] as const) if (res.requests?.[k] === undefined && res.limits?.[k] === undefined) requests[k] = byDefault[k];
  return { ...res, requests };
}

/** spec.replicaCount: build.DeploymentAddCommonParams / StatefulSetAddCommonParams; unset, 1 (addDeploymentDefaults) */
function replicaCount(r: Release): number {
  const n = valueAt(r.values, ["replicaCount"]);
  return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : 1;
}

// internal/config/config.go: VMSingleDefault, VMAgentDefault and VMAlertDefault Resource.Request, and the config
// reloader's request of VMAgentDefault/VMAlertDefault (ConfigReloaderCPU, ConfigReloaderMemory; the operator-wide
// VM_CONFIGRELOADERREQUESTCPU/MEMORY that would replace them default to "")
const SINGLE_DEFAULT = { cpu: "150m", memory: "500Mi" };
const AGENT_DEFAULT = { cpu: "50m", memory: "200Mi" };
const ALERT_DEFAULT = { cpu: "50m", memory: "200Mi" };
const RELOADER_DEFAULT = { cpu: "10m", memory: "25Mi" };

const mainContainer = (r: Release, byDefault: { cpu: string; memory: string }) => withDefaults(resourcesAt(r.values, ["resources"]), byDefault, r);
const reloader = (r: Release) => withDefaults(resourcesAt(r.values, ["configReloaderResources"]), RELOADER_DEFAULT, r);

const REQUESTS_SOURCE =
  `${SOURCE}: internal/config/config.go (VMSingleDefault Resource.Request 150m/500Mi, VMAgentDefault and VMAlertDefault 50m/200Mi, their ConfigReloaderCPU 10m and ConfigReloaderMemory 25Mi, UseDefaultResources true; ConfigReloaderRequestCPU/Memory default ""), internal/controller/operator/factory/build/defaults.go (addDefaultsToCommonParams: spec.useDefaultResources from the kind's default, then Resources(spec.resources, default, useDefaultResources); addDefaultsToConfigReloader: configReloaderResources likewise), build/container.go (Resources: a quantity requested or limited is kept, else the default request and limit), build/deployment.go (Replicas spec.replicaCount), build/defaults.go addDeploymentDefaults/addStatefulsetDefaults (replicas 1 when unset), internal/manager/manager.go (build.AddDefaults on the scheme) and internal/controller/operator/vm{single,agent,alert}_controller.go (Scheme().Default(instance)); vmsingle/vmsingle.go, vmagent/vmagent.go (makeSpec, CreateOrUpdate, createOrUpdateShardedDeploy), vmalert/vmalert.go (newPodSpec: the config-reloader unless IsUnmanaged) for the containers and their Resources; api/operator/v1beta1/vmextra_types.go (replicaCount, useDefaultResources, configReloaderResources, StreamAggrConfig.HasAnyRule), vmagent_types.go (shardCount, daemonSetMode, ingestOnlyMode, HasAnyRelabellingConfigs, HasAnyStreamAggrRule), vmalert_types.go (IsUnmanaged)`;

// ── VMSingle ───────────────────────────────────────────────────────────────────────────────────────────────────
const singlePort = (r: Release) => portOf(r, ["port"], 8429);

// factory/build/service.go Service (v0.60.2): with serviceSpec.useAsDefault the serviceSpec's metadata annotations are
// merged into the main Service <kind>-<name> (its ports and type kept where serviceSpec.spec names none)
const annotateMain = (r: Release, _service: string, annotations: Record<string, string>) => {
  const { metadata, ...own } = annotatedAt(r, "serviceSpec", annotations);
  return { serviceSpec: { ...own, useAsDefault: true, metadata, spec: own.spec ?? {} } };
};

/** the StorageClass a volume of the object asks for at path, when it names one */
const classAt = (r: Release, path: string[]) => {
  const v = valueAt(r.values, path);
  return typeof v === "string" && v !== "" ? [{ path, class: v }] : [];
};

export const vmSingle: Component = {
  name: "vmsingle",
  charts: [],
  known: KNOWN,
  kinds: [],
  resource: resource("VMSingle"),
  release: {
    annotateService: annotateMain,
    primary: "vmsingle",
    workloads: [
      {
        name: "vmsingle",
        kind: "Deployment",
        enabled: () => true,
        selector: selectorOf("vmsingle"),
        labels: podLabelsOf("vmsingle"),
        ports: (r) => [tcp("http", singlePort(r)), ...insertPorts(r)],
      },
    ],
    services: [
      {
        name: prefixed("vmsingle"),
        workload: "vmsingle",
        // http on spec.port, and with any other port than 8428 the alias 8428 -> spec.port, so that clients written
        // for the binary's own default still connect (the default 8429 gets it)
        ports: (r) => {
          const p = singlePort(r);
          return [{ ...tcp("http", p), targetPort: p }, ...(p !== 8428 ? [{ ...tcp("http-alias", 8428), targetPort: p }] : []), ...asService(insertPorts(r))];
        },
      },
    ],
    // a VMSingle only answers: its clients (VMAgent's remote write, VMAlert's datasource, Grafana) are the spec's flows
    flows: [],
    // vmsingle.go: the PVC <PrefixedName> of spec.storage (a PersistentVolumeClaimSpec), unless storageDataPath
    volumeClasses: (r) => classAt(r, ["storage", "storageClassName"]),
    // vmsingle.go makeSpec: the container vmsingle with spec.resources, in spec.replicaCount pods. Not counted: the
    // vmbackupmanager sidecar of spec.vmBackup (an enterprise feature) and spec.containers/initContainers.
    requests: (r): PodResources[] => [{ workload: "vmsingle", replicas: replicaCount(r), containers: [mainContainer(r, SINGLE_DEFAULT)] }],
    podSecurity,
  },
  sources: [
    `${SOURCE}: api/operator/v1beta1/vmsingle_types.go (SelectorLabels app.kubernetes.io/name vmsingle, app.kubernetes.io/instance <name>, app.kubernetes.io/component monitoring, managed-by vm-operator; PodLabels labels.Merge(spec.podMetadata.labels, SelectorLabels); PrefixedName vmsingle-<name>)`,
    "the same tag: internal/controller/operator/factory/vmsingle/vmsingle.go (Deployment <PrefixedName>, selector SelectorLabels, pod labels PodLabels; container vmsingle, port http spec.port plus insertPorts; Service build.Service http spec.port -> spec.port, http-alias 8428 -> spec.port when spec.port is not \"8428\", insertPorts, vmbackupmanager with spec.vmBackup (not modelled); securityContexts by build.AddStrictSecuritySettingsToContainers/ToPod with spec.useStrictSecurity)",
    "the same tag: internal/config/config.go (VMSingleDefault.Port 8429; EnableStrictSecurity default false, env VM_ENABLESTRICTSECURITY), internal/controller/operator/factory/build/defaults.go (addDefaultsToCommonParams: port, useStrictSecurity from the operator's setting), build/security.go (defaultPodSecurityContext runAsNonRoot, 65534, seccomp RuntimeDefault; defaultSecurityContext no escalation, drop ALL, not privileged; spec.securityContext replaces both), build/service.go (Service selector SelectorLabels), build/container.go and build/service.go (insert ports graphite-tcp/-udp, influx-tcp/-udp, opentsdb-tcp/-udp, opentsdb-http); docs/resources/vmagent.md (remote write to http://vmsingle-example.default.svc:8429/api/v1/write); docs/CHANGELOG.md (8428 alias added, issue 1343; EnableStrictSecurity off by default since issue 749)",
    REQUESTS_SOURCE,
    "VictoriaMetrics/helm-charts charts/victoria-metrics-operator at victoria-metrics-operator-0.50.3 (commit bab904e): templates/server.yaml sets no VM_ENABLESTRICTSECURITY (only the `env` values, empty by default) and VM_USECUSTOMCONFIGRELOADER only with operator.useCustomConfigReloader (false); Chart.yaml appVersion v0.60.2 (0.50.0/0.50.1 v0.60.0, 0.50.2 v0.60.1)",
  ],
};

// ── VMAgent ────────────────────────────────────────────────────────────────────────────────────────────────────
const agentPort = (r: Release) => portOf(r, ["port"], 8429);
const daemonSetMode = (r: Release) => valueAt(r.values, ["daemonSetMode"]) === true;
const statefulMode = (r: Release) => valueAt(r.values, ["statefulMode"]) === true;

/**
 * newDeploy: daemonSetMode makes a DaemonSet, else statefulMode a StatefulSet (its Service headless), else a
 * Deployment; with shardCount > 1 one Deployment or StatefulSet per shard (<PrefixedName>-<n>), whose pods add a
 * shard-num label that this selector does not need. The three share name, labels and ports.
 */
function agent(name: string, kind: ChartWorkload["kind"], enabled: ChartWorkload["enabled"]): ChartWorkload {
  return { name, kind, enabled, selector: selectorOf("vmagent"), labels: podLabelsOf("vmagent"), ports: (r) => [tcp("http", agentPort(r)), ...insertPorts(r)] };
}

/** HasAnyRelabellingConfigs || HasAnyStreamAggrRule (api/operator/v1beta1/vmagent_types.go, vmextra_types.go) */
function agentRelabels(r: Release): boolean {
  const set = (v: unknown) => v !== undefined && v !== null;
  const some = (v: unknown) => Array.isArray(v) && v.length > 0;
  const aggr = (v: unknown) => some(valueAt(v, ["rules"])) || set(valueAt(v, ["configmap"]));
  const rw = valueAt(r.values, ["remoteWrite"]);
  const writes: unknown[] = Array.isArray(rw) ? rw : [];
  return (
    set(valueAt(r.values, ["relabelConfig"])) ||
    some(valueAt(r.values, ["inlineRelabelConfig"])) ||
    aggr(valueAt(r.values, ["streamAggrConfig"])) ||
    writes.some((w) => set(valueAt(w, ["urlRelabelConfig"])) || some(valueAt(w, ["inlineUrlRelabelConfig"])) || aggr(valueAt(w, ["streamAggrConfig"])))
  );
}

const AGENT_API_WHY =
  "its scrape configuration discovers the targets of the VMServiceScrapes, VMPodScrapes... it selects by kubernetes_sd_configs (in-cluster; the operator grants it a ClusterRole or Role for that), and with useVMConfigReloader (or the operator's VM_USECUSTOMCONFIGRELOADER) its config-reloader watches the Secret vmagent-<name> through the API server; ingestOnlyMode needs neither";

export const vmAgent: Component = {
  name: "vmagent",
  charts: [],
  known: KNOWN,
  kinds: [],
  resource: resource("VMAgent"),
  release: {
    annotateService: annotateMain,
    primary: "vmagent",
    workloads: [
      agent("vmagent", "Deployment", (r) => !daemonSetMode(r) && !statefulMode(r)),
      agent("vmagent-statefulset", "StatefulSet", (r) => !daemonSetMode(r) && statefulMode(r)),
      agent("vmagent-daemonset", "DaemonSet", daemonSetMode),
    ],
    // build.Service: vmagent-<name>, http spec.port (ClusterIP None in statefulMode), and insertPorts; one per mode
    // so that the enabled workload is the one it names
    services: ["vmagent", "vmagent-statefulset", "vmagent-daemonset"].map((workload) => ({
      name: prefixed("vmagent"),
      workload,
      ports: (r: Release) => asService([tcp("http", agentPort(r)), ...insertPorts(r)]),
    })),
    flows: ["vmagent", "vmagent-statefulset", "vmagent-daemonset"].map((from) => ({ kind: "to-apiserver" as const, from, why: AGENT_API_WHY })),
    // Validate (the operator's webhook) and the CRD (required: remoteWrite): at least one remoteWrite, each with a url
    missing: (r) => {
      const rw = valueAt(r.values, ["remoteWrite"]);
      const example = "[{ url: http://vmsingle-<name>.<namespace>.svc:8429/api/v1/write }]";
      if (!Array.isArray(rw) || rw.length === 0) return [{ path: ["remoteWrite"], why: "a VMAgent sends what it scrapes to at least one remote write URL; the operator refuses an empty list", example }];
      return rw.flatMap((e, i) => {
        const url = valueAt(e, ["url"]);
        return typeof url === "string" && url !== "" ? [] : [{ path: ["remoteWrite", String(i), "url"], why: "each remote write needs its URL", example: "http://vmsingle-<name>.<namespace>.svc:8429/api/v1/write" }];
      });
    },
    // statefulMode: the StatefulSet's claim template statefulStorage.volumeClaimTemplate (build.StorageSpec)
    volumeClasses: (r) => (statefulMode(r) ? classAt(r, ["statefulStorage", "volumeClaimTemplate", "spec", "storageClassName"]) : []),
    // vmagent.go makeSpec: the container vmagent with spec.resources, and the config-reloader with
    // spec.configReloaderResources unless ingestOnlyMode without relabelling or stream aggregation
    // (HasAnyRelabellingConfigs, HasAnyStreamAggrRule); CreateOrUpdate: a DaemonSet (one pod per node) with
    // daemonSetMode, else spec.replicaCount pods per shard, spec.shardCount shards when above 1
    // (createOrUpdateShardedDeploy). The init container that writes the first config only runs before them.
    requests: (r): PodResources[] => {
      const reloads = valueAt(r.values, ["ingestOnlyMode"]) !== true || agentRelabels(r);
      const containers = [mainContainer(r, AGENT_DEFAULT), ...(reloads ? [reloader(r)] : [])];
      const shards = valueAt(r.values, ["shardCount"]);
      const replicas = daemonSetMode(r) ? ("per-node" as const) : replicaCount(r) * (typeof shards === "number" && Number.isInteger(shards) && shards > 1 ? shards : 1);
      const workload = daemonSetMode(r) ? "vmagent-daemonset" : statefulMode(r) ? "vmagent-statefulset" : "vmagent";
      return [{ workload, replicas, containers }];
    },
    podSecurity,
  },
  sources: [
    `${SOURCE}: api/operator/v1beta1/vmagent_types.go (SelectorLabels app.kubernetes.io/name vmagent, instance <name>, component monitoring, managed-by vm-operator; PodLabels over spec.podMetadata.labels; PrefixedName vmagent-<name>; Validate: remoteWrite not empty, each url set, daemonSetMode and statefulMode exclusive)`,
    "the same tag: internal/controller/operator/factory/vmagent/vmagent.go (newDeploy: DaemonSet with daemonSetMode, else StatefulSet with statefulMode, else Deployment, all <PrefixedName> with selector SelectorLabels and pod labels PodLabels; addShardSettingsToVMAgent: <PrefixedName>-<n> and shard-num with shardCount; container vmagent port http spec.port plus insertPorts; createOrUpdateService: build.Service http spec.port, ClusterIP None with statefulMode; config-reloader container: prometheus-config-reloader on --config-file and --reload-url=localhost, or with useVMConfigReloader the operator's config-reloader with --config-secret-name <ns>/<PrefixedName>; createVMAgentK8sAPIAccess unless ingestOnlyMode), vmagent/vmagent_scrapeconfig.go and scrapeconfig.go (kubernetes_sd_configs), vmagent/rbac.go (discovery.k8s.io endpointslices, core pods/services/endpoints/nodes..., networking.k8s.io ingresses)",
    "the same tag: cmd/config-reloader/main.go (newConfigWatcher: a Kubernetes watch of the Secret only with --config-secret-name; the reload is an HTTP call to --reload-url); internal/config/config.go (VMAgentDefault.Port 8429, ConfigReloadImage quay.io/prometheus-operator/prometheus-config-reloader:v0.82.1, UseCustomConfigReloader false); config/crd/overlay/crd.yaml (VMAgent spec required: [remoteWrite])",
    REQUESTS_SOURCE,
    "the operator's connections: no HTTP client in internal/controller (git grep net/http: only cmd/config-reloader and the manager's own server); docs/resources/vmagent.md (StatefulMode, remoteWrite examples)",
  ],
};

// ── VMAlert ────────────────────────────────────────────────────────────────────────────────────────────────────
const alertPort = (r: Release) => portOf(r, ["port"], 8080);

export const vmAlert: Component = {
  name: "vmalert",
  charts: [],
  known: KNOWN,
  kinds: [],
  resource: resource("VMAlert"),
  release: {
    annotateService: annotateMain,
    primary: "vmalert",
    workloads: [
      {
        name: "vmalert",
        kind: "Deployment",
        enabled: () => true,
        selector: selectorOf("vmalert"),
        labels: podLabelsOf("vmalert"),
        ports: (r) => [tcp("http", alertPort(r))],
      },
    ],
    services: [{ name: prefixed("vmalert"), workload: "vmalert", ports: (r) => asService([tcp("http", alertPort(r))]) }],
    // its datasource, notifiers and remote write/read are URLs of the spec (the spec's flows); a notifier selector
    // is resolved by the operator into the VMAlertmanagers' pod addresses, and the config-reloader (configmap-reload,
    // or the operator's without --config-secret-name) only watches its mounted rule ConfigMaps: no API server
    flows: [],
    // CRD required: datasource (url required); Validate: datasource.url not empty
    required: [{ path: ["datasource", "url"], why: "the VictoriaMetrics (or vmselect) URL its rules query", example: "http://vmsingle-<name>.<namespace>.svc:8429" }],
    // Validate: a notifier, notifiers or notifierConfigRef, unless extraArgs sets notifier.blackhole
    missing: (r) => {
      const has = (k: string) => {
        const v = valueAt(r.values, [k]);
        return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
      };
      const blackhole = valueAt(r.values, ["extraArgs", "notifier.blackhole"]) !== undefined;
      return has("notifier") || has("notifiers") || has("notifierConfigRef") || blackhole
        ? []
        : [{ path: ["notifier", "url"], why: "the operator refuses a VMAlert without an Alertmanager to notify (notifier, notifiers or notifierConfigRef) unless extraArgs sets notifier.blackhole", example: "http://vmalertmanager-<name>.<namespace>.svc:9093" }];
    },
    // vmalert.go newPodSpec: the container vmalert with spec.resources and, unless IsUnmanaged (no
    // selectAllByDefault, ruleSelector or ruleNamespaceSelector), the config-reloader with
    // spec.configReloaderResources; newDeploy: spec.replicaCount pods
    requests: (r): PodResources[] => {
      const unmanaged = valueAt(r.values, ["selectAllByDefault"]) !== true && valueAt(r.values, ["ruleSelector"]) == null && valueAt(r.values, ["ruleNamespaceSelector"]) == null;
      return [{ workload: "vmalert", replicas: replicaCount(r), containers: [mainContainer(r, ALERT_DEFAULT), ...(unmanaged ? [] : [reloader(r)])] }];
    },
    podSecurity,
  },
  sources: [
    `${SOURCE}: api/operator/v1beta1/vmalert_types.go (SelectorLabels app.kubernetes.io/name vmalert, instance <name>, component monitoring, managed-by vm-operator; PodLabels over spec.podMetadata.labels; PrefixedName vmalert-<name>; Validate: datasource.url, each notifier's url or selector, a notifier unless extraArgs notifier.blackhole)`,
    "the same tag: internal/controller/operator/factory/vmalert/vmalert.go (Deployment <PrefixedName>, selector SelectorLabels, pod labels PodLabels; container vmalert port http spec.port; Service build.Service http spec.port; config-reloader -webhook-url=localhost and -volume-dir per rule ConfigMap unless IsUnmanaged; discoverNotifierIfNeeded lists VMAlertmanagers in the operator); internal/config/config.go (VMAlertDefault.Port 8080, ConfigReloadImage jimmidyson/configmap-reload:v0.3.0); config/crd/overlay/crd.yaml (VMAlert spec required: [datasource], datasource required: [url])",
    REQUESTS_SOURCE,
  ],
};
