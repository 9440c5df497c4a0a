// The Kustomize tree of every cluster: one small root per namespace (the Namespace with its pod-security
// labels, and per service one file with all its objects), a root per namespace and layer for services the
// spec puts in a layer of their own, environment bases with an overlay root per instance, and the
// infrastructure root with the cluster-scoped configuration. Many small roots, never one big one:
// kubectl kustomize grows superlinearly with the objects of a root (a 1,000-service root takes seconds).
// Which roots exist, and which GitOps layer each belongs to, is src/plan/roots.ts; the gitops generator wires
// them up.
import type { Generator, GeneratedFile, GenerateContext } from "../contract.js";
import type * as G from "../../src/graph.js";
import { layout, namespaceFile, namespaceResources } from "../../src/plan/layout.js";
import { namespaceServices, operatedServices, servicesByNamespace } from "../../src/plan/namespaces.js";
import { commonLabels } from "../../src/plan/labels.js";
import { externalSecretApi, externalSecretObject } from "../../src/plan/external-secrets.js";
import { clusterRoots, hasInfrastructure } from "../../src/plan/roots.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";
import { sortedKeys, type K8sObject } from "./names.js";
import { clusterFacts, type ClusterFacts } from "./facts.js";
import { workloadObjects } from "./workload.js";
import { ingressObjects } from "./ingress.js";
import { helmObjects } from "./helm.js";
import { managedObjects } from "./managed.js";
import { infrastructureObjects } from "./infrastructure.js";
import { globalServiceObjects, namespaceGlobalServices } from "./global-services.js";
import { overlayFor, type Overlay, type ServicePair } from "./overlay.js";

export type { K8sObject };
export { clusterFacts };

/** Every object of one service, in its namespace. */
function serviceObjects(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, facts: ClusterFacts = clusterFacts(g, c)): K8sObject[] {
  return [...workloadObjects(g, c, s, facts), ...helmObjects(g, c, s, facts), ...managedObjects(g, c, s, facts), ...ingressObjects(g, c, s, facts)];
}

// Namespaces Kubernetes will not delete: GitOps must label them, never prune them.
const SYSTEM_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

function namespaceObject(g: G.Graph, c: G.ClusterNode, ns: G.NamespaceNode): K8sObject {
  const labels = sortedKeys({
    ...ns.labels,
    ...commonLabels(g),
    ...(ns.environment ? { "platformc.dev/environment": ns.environment } : {}),
    // Enforce the level, and warn and audit at it too so kubectl and the audit log say why a pod was refused.
    "pod-security.kubernetes.io/enforce": ns.podSecurity,
    "pod-security.kubernetes.io/audit": ns.podSecurity,
    "pod-security.kubernetes.io/warn": ns.podSecurity,
  });
  const annotations: Record<string, string> = {};
  if (SYSTEM_NAMESPACES.has(ns.name)) {
    if (c.gitops?.tool === "argocd") annotations["argocd.argoproj.io/sync-options"] = "Delete=false,Prune=false";
    else if (c.gitops?.tool === "flux") annotations["kustomize.toolkit.fluxcd.io/prune"] = "disabled";
  }
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: ns.name, labels, ...(Object.keys(annotations).length ? { annotations } : {}) } };
}

/**
 * The objects a namespace's own root stands for, rendered directly: for an environment instance this is what
 * its overlay must build to (network policies and DNS endpoints, which other generators write, aside).
 */
export function namespaceRootObjects(g: G.Graph, c: G.ClusterNode, ns: G.NamespaceNode, facts: ClusterFacts = clusterFacts(g, c)): K8sObject[] {
  return [namespaceObject(g, c, ns), ...namespaceServices(c, ns).flatMap((s) => serviceObjects(g, c, s, facts))];
}

function kustomization(fields: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", ...fields };
}

function withoutNamespace(objects: K8sObject[], ns: string): K8sObject[] {
  return objects.map((o) => {
    if (o.metadata.namespace !== ns) return o;
    const { namespace: _drop, ...metadata } = o.metadata;
    return { ...o, metadata: metadata as K8sObject["metadata"] };
  });
}

export const kustomize: Generator = {
  name: "kustomize",
  description: "Kustomize roots per namespace (workloads, Services, HPA/PDB, ingress, Helm releases), environment bases and overlays, and the cluster's infrastructure root",
  generate(g: G.Graph, ctx: GenerateContext): GeneratedFile[] {
    const header = ctx.header;
    const files: GeneratedFile[] = [];
    const write = (path: string, docs: unknown[]) => files.push({ path, content: toYamlStream(docs, header) });
    for (const c of g.clusters) {
      const facts = clusterFacts(g, c);
      const byNs = servicesByNamespace(c);
      const overlays = environmentBases(g, c, facts, write);
      for (const ns of c.namespaces) {
        const dir = layout.namespace(c, ns);
        const inNs = byNs.get(ns.name) ?? [];
        write(`${dir}/${namespaceFile.namespace}`, [namespaceObject(g, c, ns)]);
        // Byte for byte, without a header: the file is the user's own encryption, which lowering checked.
        for (const f of ns.secrets) files.push({ path: `${dir}/${namespaceFile.secret(f)}`, content: f.content });
        const esApi = ns.externalSecrets.length ? externalSecretApi(c) : undefined;
        for (const x of esApi ? ns.externalSecrets : []) {
          const entries = x.data.map((d) => ({ ...d, store: x.store }));
          write(`${dir}/${namespaceFile.externalSecret(x)}`, [externalSecretObject(esApi!, ns.name, { name: x.name, refreshInterval: x.refreshInterval, entries }, commonLabels(g))]);
        }
        // The user's file as written (namespace filled in where it named none), without a header: it is theirs.
        for (const f of ns.manifests) files.push({ path: `${dir}/${namespaceFile.manifest(f)}`, content: f.content });
        const own = namespaceServices(c, ns, inNs);
        if (!ns.environment) for (const s of own) write(`${dir}/${namespaceFile.service(s)}`, serviceObjects(g, c, s, facts));
        const imported = ns.environment ? [] : namespaceGlobalServices(g, c, ns.name);
        if (imported.length) write(`${dir}/${namespaceFile.globalServices}`, imported);
        const overlay = overlays.get(ns.name);
        write(`${dir}/kustomization.yaml`, [kustomization({ resources: namespaceResources(g, c, ns), ...(overlay ? overlayFields(ns, overlay) : {}) })]);
        // Managed services whose operator this root installs: a root of their own, applied after it.
        const operated = operatedServices(c, ns, inNs);
        if (operated.length) {
          const sub = layout.namespaceOperated(c, ns);
          for (const s of operated) write(`${sub}/${namespaceFile.service(s)}`, serviceObjects(g, c, s, facts));
          write(`${sub}/kustomization.yaml`, [kustomization({ resources: operated.map((s) => namespaceFile.service(s)) })]);
        }
        // Services the spec puts in another layer than their namespace's: a root per layer, applied with it.
        const layers = new Map<string, G.ServiceNode[]>();
        for (const s of inNs) if (s.kind !== "bundled" && s.layer !== ns.layer) layers.set(s.layer, [...(layers.get(s.layer) ?? []), s]);
        for (const [layer, list] of layers) {
          const sub = layout.namespaceLayer(c, ns, layer);
          for (const s of list) write(`${sub}/${namespaceFile.service(s)}`, serviceObjects(g, c, s, facts));
          write(`${sub}/kustomization.yaml`, [kustomization({ resources: list.map((s) => namespaceFile.service(s)) })]);
        }
      }
      // Remote resources: kustomize-controller and Argo CD's repo-server fetch them when they build the root
      // (unless Flux runs with --no-remote-bases); the URL is pinned to the release's version.
      const roots = clusterRoots(g, c);
      for (const r of roots) if (r.kind === "crds") write(`${r.path}/kustomization.yaml`, [kustomization({ resources: r.bundles!.map((b) => b.url) })]);
      // the dns generator writes the file
      for (const r of roots) if (r.kind === "dns-endpoints") write(`${r.path}/kustomization.yaml`, [kustomization({ resources: [namespaceFile.dnsEndpoints] })]);
      for (const r of roots) {
        if (r.kind !== "clustermesh") continue;
        const objects = globalServiceObjects(g, c);
        if (objects.length) write(`${r.path}/global-services.yaml`, objects);
        write(`${r.path}/kustomization.yaml`, [kustomization({ resources: objects.length ? ["global-services.yaml"] : [] })]);
      }
      if (hasInfrastructure(c)) {
        const dir = layout.infrastructure(c);
        write(`${dir}/infrastructure.yaml`, infrastructureObjects(g, c));
        write(`${dir}/kustomization.yaml`, [kustomization({ resources: ["infrastructure.yaml"] })]);
      }
    }
    return files;
  },
};

function overlayFields(ns: G.NamespaceNode, o: Overlay): Record<string, unknown> {
  return {
    // Set the instance's namespace on the base's objects, but only where none is set: an Argo CD Helm
    // Application lives in Argo's namespace and must stay there.
    transformers: [
      toYamlStream([{ apiVersion: "builtin", kind: "NamespaceTransformer", metadata: { name: "namespace", namespace: ns.name }, unsetOnly: true }]),
    ],
    ...(o.replicas.length ? { replicas: o.replicas } : {}),
    ...(o.images.length ? { images: o.images } : {}),
    ...(o.patches.length ? { patches: o.patches } : {}),
  };
}

/**
 * Writes the base of every environment-expanded namespace and returns each instance's overlay. Per service
 * the base is the instance with the most objects (earliest environment on a tie), so every instance's
 * objects pair up with base objects and an instance only ever removes some (a PDB when it runs one replica).
 */
function environmentBases(g: G.Graph, c: G.ClusterNode, facts: ClusterFacts, write: (path: string, docs: unknown[]) => void): Map<string, Overlay> {
  const envOrder = new Map(g.environments.map((e, i) => [e.name, i]));
  const groups = new Map<string, G.NamespaceNode[]>();
  for (const ns of c.namespaces) if (ns.environment) groups.set(ns.base, [...(groups.get(ns.base) ?? []), ns]);
  const overlays = new Map<string, Overlay>();
  for (const [base, instances] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    instances.sort((a, b) => (envOrder.get(a.environment!) ?? 0) - (envOrder.get(b.environment!) ?? 0));
    const rendered = instances.map((ns) => new Map(namespaceServices(c, ns).map((s) => [s.name, withoutNamespace(serviceObjects(g, c, s, facts), ns.name)] as const)));
    const names = [...new Set(rendered.flatMap((m) => [...m.keys()]))];
    if (names.length === 0) continue;
    const chosen = new Map<string, K8sObject[]>();
    for (const name of names) {
      let best: K8sObject[] | undefined;
      for (const m of rendered) {
        const objs = m.get(name);
        if (objs && (!best || objs.length > best.length)) best = objs;
      }
      chosen.set(name, best!);
    }
    const dir = layout.base(c, base);
    const ordered = [...chosen.keys()];
    for (const name of ordered) write(`${dir}/${name}.yaml`, chosen.get(name)!);
    write(`${dir}/kustomization.yaml`, [kustomization({ resources: ordered.map((n) => `${n}.yaml`) })]);
    instances.forEach((ns, i) => {
      const pairs: ServicePair[] = ordered.map((name) => ({ base: chosen.get(name)!, instance: rendered[i]!.get(name) ?? [] }));
      overlays.set(ns.name, overlayFor(pairs));
    });
  }
  return overlays;
}
