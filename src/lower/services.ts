// Lowers services: resolves each to its namespace's instances and instantiates it once per instance
// (environment overrides, resources, storage, placement, eligible nodes). Flows and routes are resolved
// later, in flows.ts, once every instance exists.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { serviceId } from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { didYouMean, didYouMeanOrList } from "../lib/suggest.js";
import { cpuMillis, memoryBytes, sortKeysDeep, sortedRecord } from "../lib/quantity.js";
import type { Ctx } from "./context.js";
import { namespacesByBase } from "./namespaces.js";
import { lowerPorts } from "./ports.js";
import { checkMemory, WORKLOAD_MEMORY_FLOOR } from "./quantities.js";
import { eligible } from "./eligible.js";
import { componentOfResource, primarySelector, resourceSelector } from "../catalog/index.js";
import { K3S_PACKAGED_CHART } from "../catalog/traefik.js";
import { lowerEnv, lowerValuesFrom } from "./secrets.js";
import { scheduleProblem, timeZoneProblem } from "../lib/cron.js";

export function lowerServices(ctx: Ctx, data: S.PlatformcPlatformYaml, clusters: G.ClusterNode[], envs: G.EnvironmentNode[], domain: string | undefined): G.ServiceNode[] {
  const out: G.ServiceNode[] = [];
  const seen = new Map<string, Path>();
  (data.services ?? []).forEach((s, i) => {
    const p: Path = ["services", i];
    const matches = namespacesByBase(clusters, s.namespace, s.cluster);
    if (s.cluster !== undefined && !clusters.some((c) => c.name === s.cluster)) {
      const help = didYouMeanOrList(s.cluster, clusters.map((c) => c.name), "clusters", "declare it under clusters:");
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "cluster"])), { kind: "cluster", name: s.cluster }, { help });
      return;
    }
    if (matches.length === 0) {
      if (ctx.brokenNamespaces.has(s.namespace)) return;
      const all = [...new Set(clusters.flatMap((c) => c.namespaces.map((n) => n.base)))];
      const help = didYouMean(s.namespace, all);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "namespace"])), { kind: "namespace", name: s.namespace }, { help: help ?? "declare it under namespaces:" });
      return;
    }
    if (matches.length > 1) {
      ctx.diags.report("PC0307", locSpan(ctx.at([...p, "namespace"])), { ref: s.namespace, kind: "namespace", reason: `it exists in clusters ${matches.map((m) => m.cluster.name).join(", ")}` }, { help: "add cluster: <name> to the service" });
      return;
    }
    const m = matches[0]!;
    checkWorkload(ctx, s, p);
    if ((s.kind ?? "deployment") === "bundled" && s.values && !packaged(m.cluster, s)) {
      ctx.diags.report("PC0305", locSpan(ctx.at([...p, "values"]), [], "key"), {
        problem: `service \`${s.name}\`: ${m.cluster.distribution === "k3s" ? "K3s" : "Talos"} installs no Helm chart of its own for it, so nothing would read these values`,
      }, { help: `only K3s's Traefik (${K3S_PACKAGED_CHART.namespace}/${K3S_PACKAGED_CHART.name}) takes values; for another component install it as kind: helm with chart.values` });
    }
    const ports = lowerPorts(ctx, s, p);
    // Once per spec entry, not per instance: the warnings point at the spec.
    const env = lowerEnv(ctx, s.env, [...p, "env"], s.name);
    const valuesFrom = lowerValuesFrom(ctx, s, p, m.cluster);
    for (const ns of m.instances) {
      const id = serviceId(m.cluster.name, ns.name, s.name);
      const first = seen.get(id);
      if (first) {
        ctx.diags.report("PC0302", locSpan(ctx.at([...p, "name"])), { kind: "service", name: s.name, scope: ` in namespace \`${ns.name}\`` }, {
          related: [{ span: locSpan(ctx.at([...first, "name"])), message: "first declared here" }],
          help: "rename one of the two services, or move one into another namespace",
        });
        continue;
      }
      seen.set(id, p);
      out.push(instantiateService(ctx, s, p, m.cluster, ns, ports, envs.find((e) => e.name === ns.environment), { env, valuesFrom }));
    }
  });
  // Environment overrides must name a service of a namespace instantiated for that environment.
  (data.environments ?? []).forEach((e, i) =>
    (e.overrides ?? []).forEach((o, j) => {
      const [nsName, svcName] = o.service.split("/");
      const hit = out.find((s) => s.environment === e.name && s.baseNamespace === nsName && s.name === svcName);
      if (hit && o.replicas !== undefined && RUNS_TO_COMPLETION.has(hit.kind)) {
        ctx.diags.report("PC0305", locSpan(ctx.at(["environments", i, "overrides", j, "replicas"]), [], "key"), { problem: `service \`${o.service}\` is a ${hit.kind}, which runs one pod at a time: an override of its replicas does not apply` });
      }
      if (!hit) {
        const candidates = [...new Set(out.filter((s) => s.environment === e.name).map((s) => `${s.baseNamespace}/${s.name}`))];
        const help = didYouMean(o.service, candidates);
        ctx.diags.report("PC0301", locSpan(ctx.at(["environments", i, "overrides", j, "service"])), { kind: `service in environment \`${e.name}\``, name: o.service }, {
          help: help ?? (candidates.length ? `services in this environment: ${candidates.slice(0, 8).join(", ")}` : "no namespace lists this environment"),
        });
      }
    }),
  );
  return out;
}

function checkWorkload(ctx: Ctx, s: S.Service, p: Path): void {
  const kind = s.kind ?? "deployment";
  const problem = (msg: string, sub: string) => ctx.diags.report("PC0305", locSpan(ctx.at([...p, sub]), [], "key"), { problem: `service \`${s.name}\`: ${msg}` });
  if (kind === "helm" && !s.chart) problem("kind helm needs a chart", "kind");
  if (kind !== "helm" && s.chart) problem(`chart is set but kind is ${kind}`, "chart");
  if (kind === "managed" && !s.resource) problem("kind managed needs a resource: { apiVersion, kind, spec }, the custom resource its operator runs it from", "kind");
  if (kind !== "managed" && s.resource) problem(`resource is set but kind is ${kind} (a custom resource an operator runs is kind managed)`, "resource");
  if (kind === "managed" && s.resource && !s.selector && !componentOfResource(s.resource.apiVersion, s.resource.kind)) {
    problem(`the component catalog does not know which pods a ${s.resource.kind} of ${s.resource.apiVersion} runs, so selector: must give their labels`, "resource");
  }
  if (kind !== "helm" && kind !== "bundled" && kind !== "managed" && !s.image) problem(`kind ${kind} needs an image`, s.kind ? "kind" : "name");
  if ((kind === "bundled" || kind === "managed") && s.image) problem(kind === "bundled" ? "a bundled service is shipped by the distribution and takes no image" : "a managed service's pods are the operator's: give their image in resource.spec", "image");
  for (const field of ["command", "args"] as const) {
    if ((kind === "helm" || kind === "bundled" || kind === "managed") && s[field]) problem(`${field} sets the container of an image, and kind is ${kind}${kind === "helm" ? " (give the chart's values instead)" : kind === "managed" ? " (the resource's spec configures its pods)" : ""}`, field);
  }
  if (kind !== "bundled" && s.values) problem(kind === "helm" ? "values belong under chart.values for a helm service" : `values are for a bundled service's packaged chart, and kind is ${kind}`, "values");
  for (const bound of ["requests", "limits"] as const) {
    checkMemory(ctx, s.resources?.[bound]?.memory, [...p, "resources", bound, "memory"], `memory ${bound === "requests" ? "request" : "limit"} of service \`${s.name}\``, WORKLOAD_MEMORY_FLOOR, "Mi");
  }
  (s.storage ?? []).forEach((v, k) => checkMemory(ctx, v.size, [...p, "storage", k, "size"], `size of volume \`${v.name}\` of service \`${s.name}\``, WORKLOAD_MEMORY_FLOOR, "Gi"));
  checkJob(ctx, s, p, kind, problem);
  const a = s.autoscaling;
  if (a) {
    if (a.min > a.max) ctx.diags.report("PC0704", locSpan(ctx.at([...p, "autoscaling"])), { service: s.name, problem: `autoscaling.min ${a.min} is above autoscaling.max ${a.max}` }, { help: `swap them: autoscaling: { min: ${a.max}, max: ${a.min} }` });
    else if (s.replicas !== undefined && (s.replicas < a.min || s.replicas > a.max)) {
      ctx.diags.report("PC0704", locSpan(ctx.at([...p, "replicas"])), { service: s.name, problem: `replicas ${s.replicas} is outside autoscaling bounds ${a.min}-${a.max}` }, { help: "drop replicas (it defaults to autoscaling.min) or move it inside the bounds" });
    }
    if (kind === "daemonset") ctx.diags.report("PC0704", locSpan(ctx.at([...p, "autoscaling"])), { service: s.name, problem: "a daemonset runs one pod per node and cannot autoscale" }, { help: "drop autoscaling, or make the service a deployment" });
  }
}

const RUNS_TO_COMPLETION = new Set(["cronjob", "job"]);
const CRONJOB_ONLY = ["timeZone", "concurrencyPolicy", "startingDeadlineSeconds", "suspend"] as const;

/** A cronjob or job runs to completion: it serves nothing, so what only a server can use is a contradiction. */
function checkJob(ctx: Ctx, s: S.Service, p: Path, kind: string, problem: (msg: string, sub: string) => void): void {
  const batch = RUNS_TO_COMPLETION.has(kind);
  if (kind === "cronjob" && s.schedule === undefined) problem("kind cronjob needs a schedule, e.g. schedule: \"0 3 * * *\" (03:00 daily)", "kind");
  if (kind !== "cronjob" && s.schedule !== undefined) problem(`schedule is set but kind is ${kind} (a service that runs on a schedule is kind cronjob)`, "schedule");
  if (!batch && s.job) problem(`job is set but kind is ${kind} (it configures kinds cronjob and job)`, "job");
  if (kind === "job" && s.job) {
    for (const f of CRONJOB_ONLY) if (s.job[f] !== undefined) ctx.diags.report("PC0305", locSpan(ctx.at([...p, "job", f]), [], "key"), { problem: `service \`${s.name}\`: job.${f} is for a cronjob, and kind is job` });
  }
  if (batch) {
    const what = `a ${kind} runs to completion and serves nothing`;
    if (s.ports?.length) problem(`${what}, so it takes no ports (flows from it need none; flows to it cannot be)`, "ports");
    if (s.ingress?.length) problem(`${what}, so no ingress route can reach it`, "ingress");
    if (s.replicas !== undefined) problem(`${what}: it runs one pod at a time, so replicas does not apply`, "replicas");
    if (s.autoscaling) problem(`${what} and cannot autoscale`, "autoscaling");
  }
  if (kind === "cronjob" && s.schedule !== undefined) {
    const why = scheduleProblem(s.schedule);
    if (why) ctx.diags.report("PC0309", locSpan(ctx.at([...p, "schedule"])), { problem: `schedule \`${s.schedule}\` of service \`${s.name}\` would be refused by the API server: ${why}` }, { help: "five fields: minute hour day-of-month month day-of-week, e.g. \"30 2 * * 1-5\" (02:30 on weekdays), or @daily, @hourly, ..." });
  }
  const tz = s.job?.timeZone;
  if (kind === "cronjob" && tz !== undefined) {
    const why = timeZoneProblem(tz);
    if (why) ctx.diags.report("PC0309", locSpan(ctx.at([...p, "job", "timeZone"])), { problem: `job.timeZone of service \`${s.name}\` would be refused by the API server: ${why}` }, { help: "an IANA time zone name such as Europe/Berlin, America/New_York or Etc/UTC" });
  }
}

function jobSettings(kind: string, s: S.Service): G.JobSettings | undefined {
  if (!RUNS_TO_COMPLETION.has(kind)) return undefined;
  const j = s.job ?? {};
  const out: G.JobSettings = { backoffLimit: j.backoffLimit ?? 6, restartPolicy: j.restartPolicy ?? "OnFailure" };
  if (j.activeDeadlineSeconds !== undefined) out.activeDeadlineSeconds = j.activeDeadlineSeconds;
  if (kind === "cronjob") {
    if (s.schedule !== undefined) out.schedule = s.schedule;
    if (j.timeZone !== undefined) out.timeZone = j.timeZone;
    out.concurrencyPolicy = j.concurrencyPolicy ?? "Forbid";
    if (j.startingDeadlineSeconds !== undefined) out.startingDeadlineSeconds = j.startingDeadlineSeconds;
    out.suspend = j.suspend ?? false;
  }
  return out;
}

function instantiateService(
  ctx: Ctx,
  s: S.Service,
  p: Path,
  cluster: G.ClusterNode,
  ns: G.NamespaceNode,
  ports: G.PortNode[],
  env: G.EnvironmentNode | undefined,
  lowered: { env: Record<string, G.EnvValue>; valuesFrom: G.ValuesFrom[] },
): G.ServiceNode {
  const ov = env?.overrides.find((o) => o.service === `${ns.base}/${s.name}`);
  const kind = s.kind ?? "deployment";
  let image = s.image;
  if (image && ov?.imageTag) image = withTag(image, ov.imageTag);
  // A job runs one pod at a time, whatever an environment override says (PC0305 refuses replicas on the service).
  const replicas = kind === "daemonset" ? 0 : RUNS_TO_COMPLETION.has(kind) ? 1 : (ov?.replicas ?? s.replicas ?? s.autoscaling?.min ?? 1);
  const req = s.resources?.requests ?? {};
  const lim = s.resources?.limits ?? {};
  const sec = s.security ?? {};
  // A preset relaxes the defaults; a field the spec sets itself still wins.
  const preset = sec.preset === "runs-as-root" ? { runAsNonRoot: false, readOnlyRootFilesystem: false } : sec.preset === "writable-root" ? { readOnlyRootFilesystem: false } : {};
  const declared = s.selector && Object.keys(s.selector).length ? sortedRecord(s.selector) : undefined;
  // A chart the catalog knows labels its pods its own way; app.kubernetes.io/name=<service> is only a guess.
  const fromCatalog = declared ? undefined : kind === "helm" && s.chart ? primarySelector(s.chart, s.name) : kind === "managed" && s.resource ? resourceSelector(s.resource, s.name) : undefined;
  const selector = declared ?? (fromCatalog ? sortedRecord(fromCatalog) : { "app.kubernetes.io/name": s.name });
  const node: G.ServiceNode = {
    id: serviceId(cluster.name, ns.name, s.name),
    name: s.name,
    namespace: ns.name,
    cluster: cluster.name,
    baseNamespace: ns.base,
    kind,
    replicas,
    // Each instance owns its ports: allocation writes into them.
    ports: ports.map((x) => ({ ...x })),
    ...(s.command ? { command: [...s.command] } : {}),
    ...(s.args ? { args: [...s.args] } : {}),
    env: sortedRecord({ ...lowered.env, ...(ov?.env ?? {}) }),
    resources: {
      requests: quantities(req),
      limits: quantities(lim),
    },
    storage: (s.storage ?? []).map((v) => ({
      name: v.name,
      size: String(v.size),
      sizeBytes: memoryBytes(v.size),
      mountPath: v.mountPath,
      accessMode: v.accessMode ?? "ReadWriteOnce",
      ...(v.class ? { class: v.class } : {}),
    })),
    placement: {
      nodeSelector: sortedRecord(s.placement?.nodeSelector),
      tolerations: (s.placement?.tolerations ?? []).map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), ...(t.effect ? { effect: t.effect } : {}) })),
      ...(s.placement?.nodes ? { nodes: [...s.placement.nodes] } : {}),
      ...(s.placement?.gpu !== undefined ? { gpu: s.placement.gpu } : {}),
    },
    eligibleNodes: [],
    security: {
      runAsNonRoot: sec.runAsNonRoot ?? preset.runAsNonRoot ?? true,
      readOnlyRootFilesystem: sec.readOnlyRootFilesystem ?? preset.readOnlyRootFilesystem ?? true,
      allowPrivilegeEscalation: sec.allowPrivilegeEscalation ?? false,
      privileged: sec.privileged ?? false,
      capabilities: [...(sec.capabilities ?? [])].sort(),
      hostNetwork: sec.hostNetwork ?? false,
      ...(sec.runAsUser !== undefined ? { runAsUser: sec.runAsUser } : {}),
    },
    flows: [],
    ingress: [],
    layer: ns.layer,
    // The chart's pod labels stay off the objects platformc writes around a release (HelmRelease, Application,
    // routes): they are not the chart's pods, and Argo CD's label tracking reads app.kubernetes.io/instance.
    labels: sortedRecord({ ...(s.labels ?? {}), ...(fromCatalog ? { "app.kubernetes.io/name": s.name } : selector) }),
    selector,
    selectorDefault: !declared && !fromCatalog,
    loc: ctx.at(p),
  };
  if (ns.environment) node.environment = ns.environment;
  if (s.description) node.description = s.description;
  if (image) node.image = image;
  const job = jobSettings(kind, s);
  if (job) node.job = job;
  if (kind === "bundled" && s.values && packaged(cluster, s)) node.packagedValues = sortKeysDeep(structuredClone(s.values)) as Record<string, unknown>;
  if (kind === "managed" && s.resource) {
    node.resource = { apiVersion: s.resource.apiVersion, kind: s.resource.kind, spec: sortKeysDeep(structuredClone(s.resource.spec ?? {})) as Record<string, unknown> };
  }
  if (s.chart) {
    node.chart = { repo: s.chart.repo, name: s.chart.name, version: s.chart.version, interval: s.chart.interval ?? "1h", values: sortKeysDeep(s.chart.values ?? {}), valuesFrom: lowered.valuesFrom.map((v) => ({ ...v })) };
  }
  if (s.autoscaling) node.autoscaling = { min: s.autoscaling.min, max: s.autoscaling.max, targetCPU: s.autoscaling.targetCPU ?? 80 };
  if (s.layer) {
    if (!cluster.layerOrder.includes(s.layer)) {
      const help = didYouMean(s.layer, cluster.layerOrder);
      ctx.diags.report("PC0301", locSpan(ctx.at([...p, "layer"])), { kind: "layer", name: s.layer }, { help: help ?? `layers of cluster \`${cluster.name}\`: ${cluster.layerOrder.join(", ")}` });
    } else node.layer = s.layer;
  }
  node.eligibleNodes = eligible(ctx, node, cluster, p);
  return node;
}

function withTag(image: string, tag: string): string {
  const at = image.indexOf("@");
  const base = at >= 0 ? image.slice(0, at) : image;
  const slash = base.lastIndexOf("/");
  const colon = base.lastIndexOf(":");
  const repo = colon > slash ? base.slice(0, colon) : base;
  return `${repo}:${tag}`;
}

function quantities(q: { cpu?: string | number; memory?: string | number }): G.Resources["requests"] {
  const out: G.Resources["requests"] = {};
  if (q.cpu !== undefined) {
    out.cpu = String(q.cpu);
    out.cpuMilli = cpuMillis(q.cpu);
  }
  if (q.memory !== undefined) {
    out.memory = String(q.memory);
    out.memoryBytes = memoryBytes(q.memory);
  }
  return out;
}

/** Whether the distribution installs this bundled service from a chart of its own that takes values. */
function packaged(c: G.ClusterNode, s: S.Service): boolean {
  return c.distribution === "k3s" && s.name === K3S_PACKAGED_CHART.name && s.namespace === K3S_PACKAGED_CHART.namespace;
}
