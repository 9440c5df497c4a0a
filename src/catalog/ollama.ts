// Ollama (chart ollama of https://otwld.github.io/ollama-helm/, github otwld/ollama-helm). One Deployment <fullname>
// serving the Ollama API on ollama.port (11434) behind the Service <fullname> on service.port (11434); with
// knative.enabled the chart renders a Knative Service instead, whose pods the catalog does not describe. The chart
// leaves both securityContexts empty and keeps the models under /root/.ollama (root's home), so its pods run as the
// image's root user: `baseline` unless the spec writes restricted securityContexts itself.
import type { Component, Release } from "./types.js";
import { flag, fullname, labelsAt, meetsRestricted, portValue, textValue, trunc, valueAt } from "./helm.js";

// ollama.name: nameOverride, else the chart's name
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "ollama"));
// ollama.fullname keys the release-contains test on ollama.name, like helm create
const full = (r: Release) => fullname(r, name(r));
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });
const port = (r: Release) => portValue(r, ["ollama", "port"], 11434);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function ollamaPodSecurity(r: Release): "restricted" | "baseline" | "privileged" {
  // hostIPC / hostPID / hostNetwork are values of the chart: baseline refuses host namespaces
  if (["hostIPC", "hostPID", "hostNetwork"].some((k) => flag(r, [k], false))) return "privileged";
  return meetsRestricted(record(valueAt(r.values, ["podSecurityContext"])), record(valueAt(r.values, ["securityContext"]))) ? "restricted" : "baseline";
}

export const ollama: Component = {
  name: "ollama",
  charts: [{ repo: "https://otwld.github.io/ollama-helm", name: "ollama" }],
  known: { from: "1.24.0", until: "1.25.0" },
  kinds: [],
  release: {
    primary: "ollama",
    workloads: [
      {
        name: "ollama",
        kind: "Deployment",
        enabled: (r) => !flag(r, ["knative", "enabled"], false),
        selector,
        // the pod template carries ollama.labels (selector labels, managed-by, chart, version) and podLabels
        labels: (r) => ({ ...labelsAt(r, ["podLabels"]), ...selector(r), "app.kubernetes.io/managed-by": "Helm" }),
        ports: (r) => [{ name: "http", port: port(r), protocol: "TCP" }],
      },
    ],
    services: [
      {
        name: full,
        workload: "ollama",
        routes: "http",
        ports: (r) => [{ name: "http", port: portValue(r, ["service", "port"], 11434), targetPort: port(r), protocol: "TCP" }],
      },
    ],
    // the server answers clients and pulls models from registry.ollama.ai only when asked to (ollama.models.pull or a
    // client's pull), which the spec's own flows declare
    flows: [],
    podSecurity: {
      level: ollamaPodSecurity,
      why: "the chart's empty podSecurityContext and securityContext (the server runs as the image's root user, its models under /root/.ollama)",
    },
  },
  sources: [
    "otwld/ollama-helm at tag ollama-1.24.0 (commit 9dcf839, appVersion 0.9.6): templates/_helpers.tpl (ollama.name = nameOverride or the chart's name; ollama.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; ollama.selectorLabels = name + instance; ollama.labels adds helm.sh/chart, version, managed-by; ollama.modelsMountPath under ollama.mountPath, default /root/.ollama)",
    "the same tag: templates/deployment.yaml (rendered unless knative.enabled; <fullname>; selector ollama.selectorLabels; pod labels ollama.labels + podLabels; hostIPC/hostPID/hostNetwork from values; securityContext = podSecurityContext, container securityContext = securityContext; runtimeClassName from values; container port http = ollama.port, OLLAMA_HOST 0.0.0.0:<port>; ollama.gpu.enabled adds nvidia.com/gpu (type nvidia or unset, nvidiaResource) or amd.com/gpu (type amd, and the -rocm image tag) to resources.limits, an nvidia.com/gpu toleration for nvidia; the data volume at ollama.mountPath or /root/.ollama, a PVC <fullname> only with persistentVolume.enabled, else emptyDir)",
    "the same tag: templates/service.yaml (rendered unless knative.enabled; <fullname>, port service.port -> targetPort http, selector ollama.selectorLabels), templates/tests/test-connection.yaml (a helm.sh/hook test Pod that only `helm test` runs), values.yaml (ollama.port 11434, service.port 11434, gpu.enabled false / type nvidia / number 1, runtimeClassName \"\", podSecurityContext {} and securityContext {}, persistentVolume.enabled false, knative.enabled false, hostIPC/hostPID/hostNetwork false)",
  ],
};
