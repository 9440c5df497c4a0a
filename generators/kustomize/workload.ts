// The objects of one deployment / statefulset / daemonset / cronjob / job service: ServiceAccount, claims, the
// workload, its Services, and the HPA and PDB that keep it up (a cronjob or job has neither Services, HPA nor PDB). The pod carries exactly the service's labels, and every
// Service selects on exactly its selector, so a Service never reaches another service's pods (the gitops
// check rejects selectors that would).
import type * as G from "../../src/graph.js";
import { GPU_RESOURCE, gpuVendors } from "../../src/plan/gpu.js";
import { sortedKeys, type K8sObject } from "./names.js";
import { objectNames, type ObjectNames, type ServiceObject } from "../../src/plan/names.js";
import type { ClusterFacts } from "./facts.js";
import { keepsClientAddress, usesServiceLB } from "../../src/plan/exposure.js";
import { GLOBAL_SERVICE_ANNOTATION, isGlobalTarget } from "../../src/plan/clustermesh.js";
import { envExternalSecrets, envSecretName, externalSecretApi, externalSecretObject } from "../../src/plan/external-secrets.js";

const WORKLOAD_KIND = { deployment: "Deployment", statefulset: "StatefulSet", daemonset: "DaemonSet" } as const;

function meta(s: G.ServiceNode, labels: Record<string, string>, name = s.name, annotations?: Record<string, string>): K8sObject["metadata"] {
  return { name, namespace: s.namespace, labels, ...(annotations && Object.keys(annotations).length ? { annotations } : {}) };
}

export function workloadObjects(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, facts: ClusterFacts): K8sObject[] {
  if (s.kind !== "deployment" && s.kind !== "statefulset" && s.kind !== "daemonset" && s.kind !== "cronjob" && s.kind !== "job") return [];
  const labels = facts.labels(s);
  const names = objectNames(c, s);
  const out: K8sObject[] = [];
  out.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta(s, labels), automountServiceAccountToken: false });
  // Claims of deployments and daemonsets are objects of their own; a statefulset templates one per pod.
  if (s.kind !== "statefulset") {
    for (const v of s.storage) {
      out.push({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: meta(s, labels, names.claims.get(v.name)!),
        spec: claimSpec(v),
      });
    }
  }
  const fromStores = envExternalSecrets(s);
  // Asked only when needed: the answer walks the cluster's services, and asking per workload made 10,000 services quadratic.
  const api = fromStores.length ? externalSecretApi(c) : undefined;
  if (api) {
    const entries = fromStores.map(([name, r]) => ({ secretKey: name, ...r }));
    out.push(externalSecretObject(api, s.namespace, { name: envSecretName(s), refreshInterval: "1h", entries }, labels) as K8sObject);
  }
  out.push(s.kind === "cronjob" || s.kind === "job" ? batchWorkload(s, labels, c, names) : workload(s, labels, c, names));
  out.push(...names.services.map((x) => globalIfTarget(g, c, s, service(g, c, s, labels, x, facts))));
  if (s.autoscaling) {
    out.push({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta(s, labels),
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: WORKLOAD_KIND[s.kind as keyof typeof WORKLOAD_KIND], name: s.name },
        minReplicas: s.autoscaling.min,
        maxReplicas: s.autoscaling.max,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: s.autoscaling.targetCPU } } }],
      },
    });
  }
  if (s.kind !== "daemonset" && minReplicas(s) >= 2) {
    out.push({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(s, labels),
      // maxUnavailable rather than minAvailable: a drain can always make progress, one pod at a time.
      spec: { maxUnavailable: 1, selector: { matchLabels: { ...s.selector } } },
    });
  }
  return out;
}

function minReplicas(s: G.ServiceNode): number {
  return s.autoscaling ? s.autoscaling.min : s.replicas;
}

function claimSpec(v: G.ServiceNode["storage"][number]): Record<string, unknown> {
  return {
    accessModes: [v.accessMode],
    ...(v.class ? { storageClassName: v.class } : {}),
    resources: { requests: { storage: v.size } },
  };
}

function workload(s: G.ServiceNode, labels: Record<string, string>, c: G.ClusterNode, names: ObjectNames): K8sObject {
  const kind = WORKLOAD_KIND[s.kind as keyof typeof WORKLOAD_KIND];
  const spec: Record<string, unknown> = {};
  // An HPA owns the replica count; a count in git would fight it on every sync.
  if (s.kind !== "daemonset" && !s.autoscaling) spec.replicas = s.replicas;
  spec.selector = { matchLabels: { ...s.selector } };
  if (s.kind === "statefulset") spec.serviceName = names.services.find((x) => x.type === "Headless")!.name;
  // Two pods of a deployment cannot share a ReadWriteOnce volume on different nodes: replace, do not roll.
  if (s.kind === "deployment" && s.storage.some((v) => v.accessMode === "ReadWriteOnce" || v.accessMode === "ReadWriteOncePod")) spec.strategy = { type: "Recreate" };
  spec.template = { metadata: { labels }, spec: podSpec(s, c, names) };
  if (s.kind === "statefulset" && s.storage.length) {
    spec.volumeClaimTemplates = s.storage.map((v) => ({ metadata: { name: v.name }, spec: claimSpec(v) }));
  }
  return { apiVersion: "apps/v1", kind, metadata: meta(s, labels), spec };
}

// A Job's pod template cannot change once the Job exists: the API refuses the update, and the GitOps tool's sync
// fails until the Job is deleted. Each tool recreates an object so marked. Flux (kustomize-controller >= 0.33,
// fluxcd/kustomize-controller#787): on an immutable-field error only, so the Job runs again when its spec changes.
// Argo CD (>= 2.12, docs/user-guide/sync-options.md "Force Sync"): delete and create on every sync of the
// Application, so the Job runs again whenever anything in its Application syncs.
const RECREATE_JOB: Record<string, Record<string, string>> = {
  flux: { "kustomize.toolkit.fluxcd.io/force": "enabled" },
  argocd: { "argocd.argoproj.io/sync-options": "Force=true,Replace=true" },
};

/** A cronjob's CronJob or a job's Job (batch/v1): the pod runs to completion, and its labels are the service's. */
function batchWorkload(s: G.ServiceNode, labels: Record<string, string>, c: G.ClusterNode, names: ObjectNames): K8sObject {
  const j = s.job!;
  const pod = { ...podSpec(s, c, names), restartPolicy: j.restartPolicy };
  const jobSpec: Record<string, unknown> = {
    backoffLimit: j.backoffLimit,
    ...(j.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: j.activeDeadlineSeconds } : {}),
    template: { metadata: { labels }, spec: pod },
  };
  if (s.kind === "job") {
    const tool = c.gitops?.tool;
    return { apiVersion: "batch/v1", kind: "Job", metadata: meta(s, labels, s.name, tool ? RECREATE_JOB[tool] : undefined), spec: jobSpec };
  }
  const spec: Record<string, unknown> = {
    schedule: j.schedule,
    ...(j.timeZone !== undefined ? { timeZone: j.timeZone } : {}),
    concurrencyPolicy: j.concurrencyPolicy,
    ...(j.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: j.startingDeadlineSeconds } : {}),
    suspend: j.suspend,
    // the pods of each run carry the service's labels, which the policies and the CronJob's own objects use
    jobTemplate: { metadata: { labels }, spec: jobSpec },
  };
  return { apiVersion: "batch/v1", kind: "CronJob", metadata: meta(s, labels), spec };
}

function podSpec(s: G.ServiceNode, c: G.ClusterNode, names: ObjectNames): Record<string, unknown> {
  const sec = s.security;
  const pod: Record<string, unknown> = {
    serviceAccountName: s.name,
    automountServiceAccountToken: false,
  };
  if (sec.hostNetwork) {
    pod.hostNetwork = true;
    pod.dnsPolicy = "ClusterFirstWithHostNet";
  }
  pod.securityContext = {
    runAsNonRoot: sec.runAsNonRoot,
    ...(sec.runAsUser !== undefined ? { runAsUser: sec.runAsUser, runAsGroup: sec.runAsUser } : {}),
    // Volumes are writable by the pod's group when it runs as a fixed user.
    ...(sec.runAsUser !== undefined && s.storage.length ? { fsGroup: sec.runAsUser } : {}),
    seccompProfile: { type: "RuntimeDefault" },
  };
  if (Object.keys(s.placement.nodeSelector).length) pod.nodeSelector = { ...s.placement.nodeSelector };
  if (s.placement.nodes) {
    pod.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [...s.placement.nodes].sort() }] }],
        },
      },
    };
  }
  const tolerations: Array<Record<string, string>> = s.placement.tolerations.map((t) => ({
    key: t.key,
    operator: t.value === undefined ? "Exists" : "Equal",
    ...(t.value !== undefined ? { value: t.value } : {}),
    ...(t.effect ? { effect: t.effect } : {}),
  }));
  const vendor = gpuVendors(c, s)[0];
  // GPU nodes are commonly tainted with the device plugin's resource name; GPU pods tolerate it.
  if (vendor && !tolerations.some((t) => t.key === GPU_RESOURCE[vendor])) tolerations.push({ key: GPU_RESOURCE[vendor], operator: "Exists", effect: "NoSchedule" });
  if (tolerations.length) pod.tolerations = tolerations;
  if (s.kind !== "daemonset" && minReplicas(s) >= 2) {
    // ScheduleAnyway: spread when the nodes allow it, but never leave a pod pending on a small cluster.
    pod.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...s.selector } } }];
  }
  pod.containers = [container(s, vendor)];
  const volumes: Array<Record<string, unknown>> = [];
  if (s.kind !== "statefulset") for (const v of s.storage) volumes.push({ name: v.name, persistentVolumeClaim: { claimName: names.claims.get(v.name)! } });
  if (needsTmp(s)) volumes.push({ name: "tmp", emptyDir: {} });
  if (volumes.length) pod.volumes = volumes;
  return pod;
}

/** A read-only root filesystem still needs a writable /tmp for most programs, unless a volume already is one. */
function needsTmp(s: G.ServiceNode): boolean {
  return s.security.readOnlyRootFilesystem && !s.storage.some((v) => v.mountPath === "/tmp" || v.name === "tmp");
}

/** A store value reaches the pod through the Secret the service's ExternalSecret creates, under the variable's name. */
function valueFrom(s: G.ServiceNode, name: string, v: Exclude<G.EnvValue, string>): Record<string, unknown> {
  return "externalSecret" in v ? { secretKeyRef: { name: envSecretName(s), key: name } } : { ...v };
}

function container(s: G.ServiceNode, vendor: keyof typeof GPU_RESOURCE | undefined): Record<string, unknown> {
  const sec = s.security;
  const ctr: Record<string, unknown> = { name: s.name, image: s.image, ...(s.command ? { command: [...s.command] } : {}), ...(s.args ? { args: [...s.args] } : {}) };
  const ports: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  for (const p of s.ports) {
    // Two service ports may target one container port; the container declares it once.
    const key = `${p.targetPort}/${p.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ports.push({ name: p.name, containerPort: p.targetPort, protocol: p.protocol, ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}) });
  }
  if (ports.length) ctr.ports = ports;
  const env = Object.entries(s.env);
  // A reference names an object the user keeps in the namespace; platformc never writes it.
  if (env.length) ctr.env = env.map(([name, value]) => (typeof value === "string" ? { name, value } : { name, valueFrom: valueFrom(s, name, value) }));
  const requests = quantities(s.resources.requests);
  const limits = quantities(s.resources.limits);
  if (vendor && s.placement.gpu !== undefined) limits[GPU_RESOURCE[vendor]] = String(s.placement.gpu);
  if (Object.keys(requests).length || Object.keys(limits).length) {
    ctr.resources = { ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(requests).length ? { requests } : {}) };
  }
  ctr.securityContext = {
    // The API rejects privileged together with allowPrivilegeEscalation false.
    allowPrivilegeEscalation: sec.allowPrivilegeEscalation || sec.privileged,
    ...(sec.privileged ? { privileged: true } : {}),
    readOnlyRootFilesystem: sec.readOnlyRootFilesystem,
    capabilities: { drop: ["ALL"], ...(sec.capabilities.length ? { add: [...sec.capabilities] } : {}) },
  };
  const mounts: Array<Record<string, unknown>> = s.storage.map((v) => ({ name: v.name, mountPath: v.mountPath }));
  if (needsTmp(s)) mounts.push({ name: "tmp", mountPath: "/tmp" });
  if (mounts.length) ctr.volumeMounts = mounts;
  return ctr;
}

function quantities(q: G.Resources["requests"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.cpu !== undefined) out.cpu = q.cpu;
  if (q.memory !== undefined) out.memory = q.memory;
  return out;
}

/** One Service of the workload (src/plan/names.ts decides which Services there are and their ports). */
function service(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, labels: Record<string, string>, x: ServiceObject, facts: ClusterFacts): K8sObject {
  if (x.type === "Headless") {
    return {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(s, labels, x.name),
      spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: { ...s.selector }, ports: x.ports.map(servicePort) },
    };
  }
  // Outside clients admitted by address must arrive with it: Cluster would SNAT whatever crosses nodes (src/plan/exposure.ts).
  const local = keepsClientAddress(g, c, s, x.ports);
  if (x.type === "NodePort") return nodePortService(s, labels, x.name, x.ports, local);
  if (x.type === "LoadBalancer") return lbService(c, s, labels, x.name, x.ports, facts, local);
  return { apiVersion: "v1", kind: "Service", metadata: meta(s, labels, x.name), spec: { type: "ClusterIP", selector: { ...s.selector }, ports: x.ports.map(servicePort) } };
}

/** A Service a flow from another cluster of the mesh reaches is global there and here (src/plan/clustermesh.ts). */
function globalIfTarget(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, svc: K8sObject): K8sObject {
  if (!isGlobalTarget(g, c, s, svc.metadata.name)) return svc;
  const annotations = { ...((svc.metadata.annotations as Record<string, string> | undefined) ?? {}), [GLOBAL_SERVICE_ANNOTATION]: "true" };
  return { ...svc, metadata: { ...svc.metadata, annotations } };
}

function servicePort(p: G.PortNode): Record<string, unknown> {
  return { name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) };
}

function nodePortService(s: G.ServiceNode, labels: Record<string, string>, name: string, ports: G.PortNode[], local: boolean): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(s, labels, name),
    spec: {
      type: "NodePort",
      ...(local ? { externalTrafficPolicy: "Local" } : {}),
      selector: { ...s.selector },
      ports: ports.map((p) => ({ ...servicePort(p), ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}) })),
    },
  };
}

/** The LoadBalancer Service, with its address in the form the cluster's implementation reads. */
export function lbService(c: G.ClusterNode, s: G.ServiceNode, labels: Record<string, string>, name: string, ports: G.PortNode[], facts: ClusterFacts, local: boolean): K8sObject {
  const ip = ports.find((p) => p.loadBalancerIP)?.loadBalancerIP;
  const annotations: Record<string, string> = {};
  let objLabels = labels;
  const type = c.loadBalancer?.type;
  if (ip && type === "metallb") {
    // The metallb.universe.tf prefix is read by every MetalLB since 0.13 (0.14.9 added metallb.io as an alias).
    annotations["metallb.universe.tf/loadBalancerIPs"] = ip.text;
    if ((facts.lbShares.get(ip.text) ?? 0) > 1) annotations["metallb.universe.tf/allow-shared-ip"] = ip.text;
  } else if (ip && type === "cilium") {
    annotations["lbipam.cilium.io/ips"] = ip.text;
    if ((facts.lbShares.get(ip.text) ?? 0) > 1) annotations["lbipam.cilium.io/sharing-key"] = ip.text;
    const pool = ports.find((p) => p.pool)?.pool;
    // A pool that does not auto-assign serves only the Services that carry its label (see infrastructure).
    if (pool && c.loadBalancer!.pools.some((x) => x.name === pool && !x.autoAssign)) objLabels = sortedKeys({ ...labels, [CILIUM_POOL_LABEL]: pool });
  }
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(s, objLabels, name, annotations),
    spec: {
      type: "LoadBalancer",
      ...(local ? { externalTrafficPolicy: "Local" } : {}),
      // Kubernetes would otherwise also open a random NodePort per port, outside the allocator's view; but with
      // Local, ServiceLB's svclb pods forward to the node's NodePort (servicelb.go DEST_PORT), so it needs them.
      ...(local && usesServiceLB(c) ? {} : { allocateLoadBalancerNodePorts: false }),
      selector: { ...s.selector },
      ports: ports.map(servicePort),
    },
  };
}

export const CILIUM_POOL_LABEL = "platformc.dev/lb-pool";
