// Promtail (chart promtail of https://grafana.github.io/helm-charts): a DaemonSet (or with deployment.enabled a
// Deployment, same pod labels) that tails the node's pod logs from hostPath volumes, finds the pods through the
// Kubernetes API (kubernetes_sd_configs role pod) and pushes to Loki at config.clients. The push is the spec's flow
// to its Loki; the chart's default client URL (http://loki-gateway/loki/api/v1/push) names a Loki gateway in the
// same namespace, which platformc's Loki defaults do not run.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc, valueAt, labelsAt } from "./helm.js";


// promtail.name: nameOverride, else the chart's name
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "promtail"));
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });

/** whether the pod mounts a hostPath: the chart's defaultVolumes (run, containers, pods) do, unless the spec replaces them */
function mountsHostPath(r: Release): boolean {
  const vols = (path: string[]) => {
    const v = valueAt(r.values, path);
    return Array.isArray(v) ? v : undefined;
  };
  const all = [...(vols(["defaultVolumes"]) ?? [{ hostPath: { path: "/var/log/pods" } }]), ...(vols(["extraVolumes"]) ?? [])];
  return all.some((v) => v !== null && typeof v === "object" && "hostPath" in v);
}

export const promtail: Component = {
  name: "promtail",
  charts: [{ repo: "https://grafana.github.io/helm-charts", name: "promtail" }],
  known: { from: "6.16.0", until: "6.18.0" },
  kinds: [],
  release: {
    primary: "promtail",
    workloads: [
      {
        name: "promtail",
        // with deployment.enabled (and daemonset.enabled false) a Deployment of the same pod template
        kind: "DaemonSet",
        enabled: (r) => flag(r, ["daemonset", "enabled"], true) || flag(r, ["deployment", "enabled"], false),
        selector,
        // promtail.podTemplate: selectorLabels and podLabels, no managed-by
        labels: (r) => ({ ...labelsAt(r, ["podLabels"]), ...selector(r) }),
        ports: (r) => [
          { name: "http-metrics", port: portValue(r, ["config", "serverPort"], 3101), protocol: "TCP" },
          ...(flag(r, ["sidecar", "configReloader", "enabled"], false)
            ? [{ name: "reloader", port: portValue(r, ["sidecar", "configReloader", "config", "serverPort"], 9533), protocol: "TCP" as const }]
            : []),
        ],
      },
    ],
    // <fullname>-metrics, a headless Service, renders only with service.enabled or serviceMonitor.enabled (both
    // off by default): a Service here would always be listed, so none is
    services: [],
    flows: [{ kind: "to-apiserver", from: "promtail", why: "the default scrape config discovers the node's pods (kubernetes_sd_configs, role pod)" }],
    podSecurity: {
      level: (r) => (mountsHostPath(r) ? "privileged" : "baseline"),
      why: "the pod mounts hostPath volumes (/run/promtail, /var/lib/docker/containers, /var/log/pods), which baseline forbids, and runs as root (podSecurityContext runAsUser 0) to read them, which restricted forbids",
    },
  },
  sources: [
    "grafana/helm-charts charts/promtail at promtail-6.17.0 (commit 72a7caf, the seeds' version; Promtail 3.5.1): templates/_helpers.tpl (promtail.name = nameOverride or the chart's name; selectorLabels name + instance), daemonset.yaml (daemonset.enabled) and deployment.yaml (deployment.enabled), both with promtail.podTemplate from _pod.tpl (pod labels selectorLabels + podLabels; container port http-metrics = config.serverPort 3101, reloader = sidecar.configReloader.config.serverPort 9533 with the config reloader; securityContext podSecurityContext; volumes config + defaultVolumes + extraVolumes), service-metrics.yaml (<fullname>-metrics, headless, only with serviceMonitor.enabled or service.enabled)",
    "values.yaml at promtail-6.17.0: daemonset.enabled true, deployment.enabled false, service.enabled false, podSecurityContext runAsUser 0 / runAsGroup 0, containerSecurityContext readOnlyRootFilesystem, drop ALL, allowPrivilegeEscalation false (no seccompProfile, no runAsNonRoot), defaultVolumes hostPath /run/promtail, /var/lib/docker/containers, /var/log/pods, config.clients [{ url: http://loki-gateway/loki/api/v1/push }], config.file's scrape_configs kubernetes_sd_configs role pod",
    "promtail-6.16.0 to 6.17.1: the selector, pod labels, ports and volumes unchanged",
  ],
};
