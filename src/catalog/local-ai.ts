// LocalAI (chart local-ai of https://go-skynet.github.io/helm-charts/, github go-skynet/helm-charts charts/local-ai).
// One Deployment <fullname> whose pods carry only the name and instance labels; the container declares no port, and
// the Service <fullname> sends service.port (80) to 8080, LocalAI's listening port. The templates take no
// securityContext for the server from the values, so its pods run as the image's user (root): `baseline`.
import type { Component, Release } from "./types.js";
import { fullname, portValue, textValue, trunc } from "./helm.js";

const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "local-ai"));
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });
// fixed in the chart: the Service's targetPort is the literal 8080
const HTTP = 8080;

export const localAi: Component = {
  name: "local-ai",
  charts: [{ repo: "https://go-skynet.github.io/helm-charts", name: "local-ai" }],
  known: { from: "3.4.2", until: "3.4.3" },
  kinds: [],
  release: {
    primary: "local-ai",
    workloads: [
      {
        name: "local-ai",
        kind: "Deployment",
        enabled: () => true,
        selector,
        // the pod template has exactly these two labels; no podLabels value exists
        labels: selector,
        ports: () => [{ name: "http", port: HTTP, protocol: "TCP" }],
      },
    ],
    services: [
      {
        // local-ai.fullname keys the release-contains test on the name
        name: (r) => fullname(r, name(r)),
        workload: "local-ai",
        routes: "http",
        ports: (r) => [{ name: "http", port: portValue(r, ["service", "port"], 80), targetPort: HTTP, protocol: "TCP" }],
      },
    ],
    flows: [],
    podSecurity: {
      level: () => "baseline",
      why: "no securityContext (the chart's deployment.yaml takes none for the pod or the server container: it runs as the image's root user)",
    },
  },
  sources: [
    "go-skynet/helm-charts charts/local-ai at tag local-ai-3.4.2 (commit d6712a4, appVersion 2.23): templates/_helpers.tpl (local-ai.name = nameOverride or the chart's name; local-ai.fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>)",
    "the same tag: templates/deployment.yaml (Deployment <fullname>, selector name + instance, pod labels name + instance only; the server container <fullname> declares no ports and no securityContext, the pod no securityContext; the prompt-templates / models-configs init containers (busybox) only with promptTemplates / modelsConfigs; PVCs <fullname>-models and <fullname>-output from persistence.*), templates/service.yaml (<fullname>, selector app.kubernetes.io/name only, port service.port -> targetPort 8080 named http)",
    "values.yaml at the same tag: service.port 80, deployment.image quay.io/go-skynet/local-ai:latest, persistence.models (10Gi) and persistence.output (5Gi) enabled with accessModes ReadWriteMany, no GPU or securityContext values",
  ],
};
