// Grafana (chart grafana of https://grafana.github.io/helm-charts): one Grafana pod, a Deployment (a StatefulSet with
// useStatefulSet or persistence.type sts: same pod labels), behind the Service <fullname> on 80 -> 3000. Its
// datasources are the spec's flows (Loki, Prometheus); its optional k8s-sidecar containers (dashboards, datasources,
// alerts, plugins, notifiers: all off by default) watch ConfigMaps through the API server, which the seeds declare.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc, labelsAt } from "./helm.js";

// grafana.name: nameOverride, else the chart's name (_helpers.tpl)
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "grafana"));

// grafana.fullname: fullnameOverride, else the release when it contains nameOverride or the chart's name
function full(r: Release): string {
  const o = textValue(r, ["fullnameOverride"], "");
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], "grafana");
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}


const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });
// The pod's container port is service.targetPort, named podPortName (_pod.tpl).
const podPort = (r: Release) => portValue(r, ["service", "targetPort"], 3000);
const podPortName = (r: Release) => textValue(r, ["podPortName"], "grafana");

export const grafana: Component = {
  name: "grafana",
  charts: [{ repo: "https://grafana.github.io/helm-charts", name: "grafana" }],
  known: { from: "9.2.0", until: "9.4.0" },
  kinds: [],
  release: {
    primary: "grafana",
    workloads: [
      {
        name: "grafana",
        // a StatefulSet with useStatefulSet or persistence.type sts; the pod labels and ports do not change
        kind: "Deployment",
        enabled: () => true,
        selector,
        // grafana.labels (selector labels, extraLabels, and the chart and app versions) plus podLabels
        labels: (r) => ({ ...labelsAt(r, ["extraLabels"]), ...labelsAt(r, ["podLabels"]), ...selector(r) }),
        ports: (r) => [
          { name: podPortName(r), port: podPort(r), protocol: "TCP" },
          { name: `${textValue(r, ["gossipPortName"], "gossip")}-tcp`, port: 9094, protocol: "TCP" },
          { name: `${textValue(r, ["gossipPortName"], "gossip")}-udp`, port: 9094, protocol: "UDP" },
          { name: "profiling", port: 6060, protocol: "TCP" },
        ],
      },
    ],
    services: [
      {
        // service.yaml (with service.enabled, the default)
        name: full,
        workload: "grafana",
        // the chart's default port name; a spec's service.portName only matters when no port of it matches
        routes: "service",
        ports: (r) => [{ name: textValue(r, ["service", "portName"], "service"), port: portValue(r, ["service", "port"], 80), targetPort: podPort(r), protocol: "TCP" }],
      },
    ],
    // The sidecars' watch of ConfigMaps and Secrets is off by default; a to-apiserver flow cannot be made to hold
    // only when they are on, so the spec declares it (every seed's Grafana has `to: kubernetes-api`).
    flows: [],
    // With persistence.enabled the chart adds init-chown-data, which runs as root (runAsUser 0, runAsNonRoot false)
    // and adds CHOWN: restricted refuses it. The pod's fsGroup 472 already gives a volume that supports ownership
    // management to Grafana's group, so the defaults turn it off and every pod meets restricted; a spec that turns it
    // back on needs baseline, which podSecurity cannot say for some values only (its level has no restricted).
    defaults: (r) => (flag(r, ["persistence", "enabled"], false) ? { initChownData: { enabled: false } } : {}),
  },
  sources: [
    "grafana/helm-charts charts/grafana values.yaml at grafana-9.2.10: `datasources: {}` with the commented example datasources.yaml (apiVersion 1, datasources: name, type, url, access proxy, isDefault), which templates/configmap.yaml writes to /etc/grafana/provisioning/datasources: src/plan/log-clients.ts fills it from Grafana's flows",
    "grafana/helm-charts charts/grafana at grafana-9.2.10 (commit df13211, the seeds' version): templates/_helpers.tpl (grafana.name = nameOverride or the chart's name; grafana.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; grafana.selectorLabels = name + instance; grafana.labels adds extraLabels), deployment.yaml (not useStatefulSet and persistence off or type pvc) and statefulset.yaml (useStatefulSet, or persistence of type sts) with the same selector and pod labels (grafana.labels + podLabels), service.yaml (<fullname>, port service.port 80 named service.portName, targetPort service.targetPort 3000, selector grafana.selectorLabels)",
    "the same tag: templates/_pod.tpl (container ports podPortName = service.targetPort, <gossipPortName>-tcp/-udp 9094, profiling 6060; init-chown-data only with persistence.enabled and initChownData.enabled; securityContext and containerSecurityContext from the values; the sidecars' REQ_URL is localhost:3000), values.yaml (securityContext runAsNonRoot true, runAsUser/runAsGroup/fsGroup 472; containerSecurityContext allowPrivilegeEscalation false, drop ALL, seccompProfile RuntimeDefault; sidecar.securityContext and downloadDashboards.securityContext the same; initChownData.securityContext runAsUser 0, runAsNonRoot false, add CHOWN; sidecar.{alerts,dashboards,datasources,plugins,notifiers}.enabled false; persistence.enabled false; imageRenderer.enabled false; testFramework.enabled true: a helm.sh/hook test Pod with empty securityContexts that only `helm test` runs)",
    "grafana/helm-charts grafana-9.2.0 to grafana-9.3.6: _helpers.tpl, _pod.tpl's ports and deployment.yaml unchanged; service.yaml's targetPort becomes the named podPortName (the same container port)",
  ],
};
