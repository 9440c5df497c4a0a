// Fluent Bit (chart fluent-bit of https://fluent.github.io/helm-charts): a DaemonSet (kind DaemonSet, or a
// Deployment with kind Deployment; same pod labels) that tails /var/log/containers from hostPath volumes, enriches
// records through the Kubernetes API (the kubernetes filter of config.filters, Kube_URL https://kubernetes.default.svc)
// and ships them to config.outputs. The chart's default outputs are Elasticsearch at `elasticsearch-master`; a
// spec's flow to a log store (VictoriaLogs) needs outputs naming that store's Service, which only the spec's values
// (or a cross-release rule in src/plan) can give: `defaults` sees one release only.
import type { ChartPort, Component, Release } from "./types.js";
import { portValue, textValue, trunc, valueAt, labelsAt } from "./helm.js";


const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "fluent-bit"));
function full(r: Release): string {
  const o = textValue(r, ["fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], "fluent-bit");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });

const kindOf = (r: Release) => textValue(r, ["kind"], "DaemonSet");
const metricsPort = (r: Release) => portValue(r, ["metricsPort"], 2020);

/** extraPorts: { name, containerPort, protocol } on the container, { name, port } on the Service */
function extraPorts(r: Release): Array<{ name: string; containerPort: number; port: number; protocol: "TCP" | "UDP" }> {
  const v = valueAt(r.values, ["extraPorts"]);
  if (!Array.isArray(v)) return [];
  return v.flatMap((p) => {
    const x = p as Record<string, unknown>;
    const ok = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0 && n < 65536;
    if (typeof x?.name !== "string" || !ok(x.containerPort)) return [];
    return [{ name: x.name, containerPort: x.containerPort, port: ok(x.port) ? x.port : x.containerPort, protocol: x.protocol === "UDP" ? ("UDP" as const) : ("TCP" as const) }];
  });
}

// The DaemonSet's volumes are daemonSetVolumes (hostPath /var/log, /var/lib/docker/containers, /etc/machine-id by
// default) plus extraVolumes; a Deployment takes only extraVolumes.
function volumes(r: Release): unknown[] {
  const at = (path: string[]) => {
    const v = valueAt(r.values, path);
    return Array.isArray(v) ? v : undefined;
  };
  const daemon = kindOf(r) === "DaemonSet" ? (at(["daemonSetVolumes"]) ?? [{ hostPath: { path: "/var/log" } }]) : [];
  return [...daemon, ...(at(["extraVolumes"]) ?? [])];
}

const hostPath = (r: Release) => volumes(r).some((v) => v !== null && typeof v === "object" && "hostPath" in v);

export const fluentBit: Component = {
  name: "fluent-bit",
  charts: [{ repo: "https://fluent.github.io/helm-charts", name: "fluent-bit" }],
  known: { from: "0.49.0", until: "0.50.0" },
  kinds: [],
  release: {
    primary: "fluent-bit",
    workloads: [
      {
        name: "fluent-bit",
        kind: "DaemonSet",
        enabled: (r) => kindOf(r) === "DaemonSet" || kindOf(r) === "Deployment",
        selector,
        labels: (r) => ({ ...labelsAt(r, ["podLabels"]), ...selector(r) }),
        ports: (r) => [
          { name: "http", port: metricsPort(r), protocol: "TCP" } satisfies ChartPort,
          ...extraPorts(r).map((p) => ({ name: p.name, port: p.containerPort, protocol: p.protocol })),
        ],
      },
    ],
    services: [
      {
        name: full,
        workload: "fluent-bit",
        ports: (r) => [
          { name: "http", port: portValue(r, ["service", "port"], 2020), targetPort: metricsPort(r), protocol: "TCP" },
          ...extraPorts(r).map((p) => ({ name: p.name, port: p.port, targetPort: p.containerPort, protocol: p.protocol })),
        ],
      },
    ],
    flows: [{ kind: "to-apiserver", from: "fluent-bit", why: "the kubernetes filter reads each pod's metadata from the API server (Kube_URL https://kubernetes.default.svc:443)" }],
    podSecurity: {
      // hostPath is refused by baseline; without it the pods still run as root with no securityContext (baseline)
      level: (r) => (hostPath(r) || valueAt(r.values, ["hostNetwork"]) === true ? "privileged" : "baseline"),
      why: "hostPath /var/log, /var/lib/docker/containers and /etc/machine-id (daemonSetVolumes: it tails the node's container logs)",
    },
  },
  sources: [
    "fluent/helm-charts charts/fluent-bit at fluent-bit-0.49.1 (commit 54f30bd; the seed's version): templates/_helpers.tpl (fluent-bit.name = nameOverride or the chart's name, fluent-bit.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; selectorLabels name + instance), daemonset.yaml (kind DaemonSet; pod labels selectorLabels + podLabels) and deployment.yaml (kind Deployment), _pod.tpl (container port http = metricsPort, extraPorts; securityContext podSecurityContext / securityContext; hostNetwork; volumes config + daemonSetVolumes for a DaemonSet + extraVolumes), service.yaml (<fullname>: http service.port -> http, extraPorts by name; selector selectorLabels)",
    "the same tag: values.yaml (kind DaemonSet, metricsPort 2020, service.port 2020, podSecurityContext {} and securityContext {}, hostNetwork false, daemonSetVolumes hostPath /var/log, /var/lib/docker/containers, /etc/machine-id; config.filters the kubernetes filter on kube.*; config.outputs two es outputs to Host elasticsearch-master; networkPolicy.enabled false; rbac.create true)",
    "fluent-bit-0.49.0 to 0.49.1: only Chart.yaml changes",
    "Fluent Bit's kubernetes filter: Kube_URL defaults to https://kubernetes.default.svc:443 (https://docs.fluentbit.io/manual/4.1/data-pipeline/filters/kubernetes; Use_Kubelet off by default, so it does not call the kubelet)",
  ],
};
