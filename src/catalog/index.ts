// The component catalog: versioned, cited knowledge of the components platformc wires together. It is data, below
// the graph: lowering, plan, checks and generators look facts up here instead of guessing them.
import { compareVersions, inRange } from "../lib/version.js";
import { isRecord, overlayValues } from "../lib/values.js";
import { argoCd } from "./argo-cd.js";
import { authentik } from "./authentik.js";
import { certManager } from "./cert-manager.js";
import { cilium } from "./cilium.js";
import { coredns } from "./coredns.js";
import { gatewayApi } from "./gateway-api.js";
import { gitlab } from "./gitlab.js";
import { cloudnativePg } from "./cloudnative-pg.js";
import { externalDns } from "./external-dns.js";
import { externalSecrets } from "./external-secrets.js";
import { flux } from "./flux.js";
import { kubePrometheusStack } from "./kube-prometheus-stack.js";
import { rookCeph, rookCephCluster } from "./rook-ceph.js";
import { traefik } from "./traefik.js";
import { metallb } from "./metallb.js";
import { arcController, arcRunnerSet } from "./arc.js";
import { grafana } from "./grafana.js";
import { loki } from "./loki.js";
import { promtail } from "./promtail.js";
import { sealedSecrets } from "./sealed-secrets.js";
import { kyverno } from "./kyverno.js";
import { longhorn } from "./longhorn.js";
import { velero } from "./velero.js";
import { minio } from "./minio.js";
import { prometheus } from "./prometheus.js";
import { tailscaleOperator } from "./tailscale-operator.js";
import { kubernetesDashboard } from "./kubernetes-dashboard.js";
import { openebs } from "./openebs.js";
import { spegel } from "./spegel.js";
import { victoriaMetricsOperator } from "./victoria-metrics-operator.js";
import { victoriaLogs } from "./victoria-logs.js";
import { fluentBit } from "./fluent-bit.js";
import { harbor } from "./harbor.js";
import { gitlabRunner } from "./gitlab-runner.js";
import { bitnamiPostgresql } from "./bitnami-postgresql.js";
import { bitnamiRedis } from "./bitnami-redis.js";
import { bitnamiMongodb } from "./bitnami-mongodb.js";
import { coder } from "./coder.js";
import { fission } from "./fission.js";
import { capacitor } from "./capacitor.js";
import { ollama } from "./ollama.js";
import { openWebui } from "./open-webui.js";
import { localAi } from "./local-ai.js";
import { tempo } from "./tempo.js";
import { signoz } from "./signoz.js";
import { infisical } from "./infisical.js";
import { strimzi } from "./strimzi.js";
import { intelDevicePlugins, intelGpuPlugin } from "./intel-device-plugins.js";
import { systemUpgradeController } from "./system-upgrade-controller.js";
import { cnpgCluster, cnpgPooler } from "./cnpg-resources.js";
import { strimziKafka } from "./strimzi-resources.js";
import { vmAgent, vmAlert, vmSingle } from "./vm-resources.js";
import type { Component } from "./types.js";

export type { ChartPort, ChartService, ChartWorkload, Component, ComponentFlow, CrdFacts, InternetCondition, Release, ReleaseFacts, ServedKind, VersionRange } from "./types.js";

/** Every component the catalog knows; one module each beside this file. */
export const COMPONENTS: readonly Component[] = [
  argoCd,
  authentik,
  certManager,
  cilium,
  coredns,
  gatewayApi,
  gitlab,
  metallb,
  cloudnativePg,
  externalDns,
  externalSecrets,
  flux,
  kubePrometheusStack,
  rookCeph,
  rookCephCluster,
  traefik,
  arcController,
  arcRunnerSet,
  grafana,
  loki,
  promtail,
  sealedSecrets,
  kyverno,
  longhorn,
  velero,
  minio,
  prometheus,
  tailscaleOperator,
  kubernetesDashboard,
  openebs,
  spegel,
  victoriaMetricsOperator,
  victoriaLogs,
  fluentBit,
  harbor,
  gitlabRunner,
  bitnamiPostgresql,
  bitnamiRedis,
  bitnamiMongodb,
  coder,
  fission,
  capacitor,
  ollama,
  openWebui,
  localAi,
  tempo,
  signoz,
  infisical,
  strimzi,
  intelDevicePlugins,
  intelGpuPlugin,
  systemUpgradeController,
  cnpgCluster,
  cnpgPooler,
  strimziKafka,
  vmSingle,
  vmAgent,
  vmAlert,
];

const normalRepo = (repo: string) => repo.replace(/\/+$/, "").toLowerCase();

export function componentNamed(name: string): Component | undefined {
  return COMPONENTS.find((c) => c.name === name);
}

/** The component a Helm chart installs, if the catalog knows it. */
export function componentOfChart(chart: { repo: string; name: string }): Component | undefined {
  return COMPONENTS.find((c) => c.charts.some((x) => x.name === chart.name && normalRepo(x.repo) === normalRepo(chart.repo)));
}

/** The API group of `<group>/<version>` ("" for the core group's bare `v1`). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
}

/** The catalog entry of a managed service's custom resource (`<group>/<version>` and kind), if it has one. */
export function componentOfResource(apiVersion: string, kind: string): Component | undefined {
  const group = apiGroup(apiVersion);
  return COMPONENTS.find((c) => c.resource?.group === group && c.resource.kind === kind);
}

/**
 * The labels of the pods an operator makes of a managed service's resource (its primary workload's selector), when
 * the catalog knows the kind; undefined otherwise.
 */
export function resourceSelector(resource: { apiVersion: string; kind: string; spec?: unknown }, name: string): Record<string, string> | undefined {
  const facts = componentOfResource(resource.apiVersion, resource.kind)?.release;
  const w = facts?.workloads.find((x) => x.name === facts.primary);
  const spec = resource.spec ?? {};
  const values = facts?.defaults ? overlayValues(facts.defaults({ name, values: spec }), isRecord(spec) ? spec : {}) : spec;
  return w?.selector({ name, values });
}

/**
 * The `<group>/<version>` a component serves a kind at, for its version. Without a version, or with one newer
 * than the catalog knows, the newest known answer; an unknown kind is undefined.
 */
export function apiVersionOf(component: Component, kind: string, version: string | undefined): string | undefined {
  const k = component.kinds.find((x) => x.kind === kind);
  if (!k) return undefined;
  const newest = k.served[k.served.length - 1]!;
  const tooNew = version === undefined || component.known.until === undefined || (compareVersions(version, component.known.until) ?? 1) >= 0;
  const hit = tooNew ? newest : (k.served.find((s) => inRange(version, s.range)) ?? newest);
  return `${k.group}/${hit.version}`;
}

/**
 * The labels of the pods a release of a chart the catalog knows stands for (its primary workload's selector), for
 * a spec service that names no selector; undefined for any other chart.
 */
export function primarySelector(chart: { repo: string; name: string; version?: string; values?: unknown }, release: string): Record<string, string> | undefined {
  const facts = componentOfChart(chart)?.release;
  const w = facts?.workloads.find((x) => x.name === facts.primary);
  const spec = chart.values ?? {};
  const values = facts?.defaults ? overlayValues(facts.defaults({ name: release, values: spec, ...(chart.version ? { version: chart.version } : {}) }), isRecord(spec) ? spec : {}) : spec;
  return w?.selector({ name: release, values });
}

/**
 * The component and version whose published CRD manifest a URL is, if it is one the catalog writes: the inverse of
 * `crds.bundle`, for readers of emitted trees (the conformance and reconciliation tests).
 */
export function crdBundleAt(url: string): { component: Component; version: string } | undefined {
  const MARK = "\u0000";
  for (const c of COMPONENTS) {
    if (!c.crds) continue;
    const [pre, post] = c.crds.bundle(MARK).split(MARK) as [string, string | undefined];
    if (post === undefined || !url.startsWith(pre) || !url.endsWith(post) || url.length <= pre.length + post.length) continue;
    const version = url.slice(pre.length, url.length - post.length);
    if (/^[0-9A-Za-z.+-]+$/.test(version) && c.crds.bundle(version) === url) return { component: c, version };
  }
  return undefined;
}
