// GitOps wiring of every cluster that declares gitops: what Flux or Argo CD needs to apply the Kustomize roots
// (src/plan/roots.ts) in layer order.
//
//   clusters/<c>/gitops/                    entry point: where `flux bootstrap --path` points (it adds flux-system/
//                                           beside layers/), or Argo CD's root Application
//   clusters/<c>/gitops/layers/             one Flux Kustomization (dependsOn as declared) or Argo CD Application
//                                           (sync waves in layer order) per layer
//   clusters/<c>/gitops/layers/<l>/         one Kustomization / Application per non-empty shard of the layer
//   clusters/<c>/gitops/layers/<l>/<shard>/ one Kustomization / Application per root of the shard
//
// Each level waits for the one below (Flux wait: true; Argo health of child Applications), so a layer is
// ready only when all its roots are, and a layer's dependents start only then: ordering costs one dependsOn
// edge per declared layer dependency, not one per pair of roots. Roots spread over 16 shards by a hash of
// their name, so no generated root lists more than a few hundred objects however large the platform, and a
// root never moves to another shard when others are added or removed (moving would prune and recreate it).
// Inside a layer, a root that uses a CRD another root of the same layer installs waits for that root.
import { createHash } from "node:crypto";
import type { Generator, GeneratedFile, GenerateContext } from "../contract.js";
import type * as G from "../../src/graph.js";
import { formatDuration, parseDuration } from "../../src/lib/duration.js";
import { layout, nodeFile } from "../../src/plan/layout.js";
import { ARGO_SYNC_POLICY, ARGOCD_NAMESPACE, IN_CLUSTER, argoCdReleaseValues } from "../../src/plan/argocd.js";
import { FLUX_SYSTEM, LAYERS_DIR, gitopsRepoPath } from "../../src/plan/gitops-bootstrap.js";
import { commonLabels } from "../../src/plan/labels.js";
import { clusterRoots, providersByGroup, sameLayerDependencies, type Root } from "../../src/plan/roots.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";

const SHARDS = 16;
const FLUX_NAMESPACE = FLUX_SYSTEM;

export function shardOf(id: string): string {
  return (createHash("sha256").update(id).digest()[0]! % SHARDS).toString(16);
}

const repoPath = gitopsRepoPath;

interface Node {
  /** GitOps object name */
  name: string;
  /** directory it applies, relative to out/<platform>/ */
  path: string;
  /** same-level objects it waits for */
  dependsOn: string[];
  /** Argo CD sync wave among its siblings */
  wave?: number;
  /** namespace of the objects it applies when they all live in one (Argo destination) */
  namespace?: string;
  /** the layer it belongs to (none: the object of all layers) */
  layer?: string;
}

interface Plan {
  layers: Node[];
  shards: Map<string, Node[]>;
  entries: Map<string, Node[]>;
}

export function plan(g: G.Graph, c: G.ClusterNode): Plan {
  const roots = clusterRoots(g, c);
  const byGroup = providersByGroup(roots);
  const gitopsDir = layout.gitops(c);
  const layerDeps = new Map((c.gitops?.layers ?? []).map((l) => [l.name, [...l.dependsOn].sort()]));
  const layers: Node[] = c.layerOrder.map((l, i) => ({ name: `layer.${l}`, path: `${gitopsDir}/${LAYERS_DIR}/${l}`, dependsOn: (layerDeps.get(l) ?? []).map((d) => `layer.${d}`), wave: i, layer: l }));
  const deps = new Map(roots.map((r) => [r.id, sameLayerDependencies(r, byGroup)]));
  // Depth in the same-layer dependency graph: the Argo CD sync wave. Providers never use what their users
  // install, so the graph is acyclic; the guard only keeps a bug from looping.
  const depth = new Map<string, number>();
  const depthOf = (id: string, guard: number): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const d = guard > roots.length ? 0 : Math.max(-1, ...(deps.get(id) ?? []).map((x) => depthOf(x, guard + 1))) + 1;
    depth.set(id, d);
    return d;
  };
  // Argo CD orders only siblings, so roots joined by same-layer dependencies share one shard: the shard of the
  // least id of their connected group (a root waiting for two others must sit with both). Flux's dependsOn works
  // across shards, so there every root hashes on its own name.
  const group = new Map<string, string>(roots.map((r) => [r.id, r.id]));
  const find = (id: string): string => {
    let x = id;
    while (group.get(x) !== x) x = group.get(x)!;
    group.set(id, x);
    return x;
  };
  for (const [id, ds] of deps) for (const d of ds) {
    const [a, b] = [find(id), find(d)];
    if (a !== b) group.set(a < b ? b : a, a < b ? a : b);
  }
  const argo = c.gitops?.tool === "argocd";
  const shards = new Map<string, Node[]>();
  const entries = new Map<string, Node[]>();
  const byLayerShard = new Map<string, Root[]>();
  for (const r of roots) {
    const key = `${r.layer}/${shardOf(argo ? find(r.id) : r.id)}`;
    byLayerShard.set(key, [...(byLayerShard.get(key) ?? []), r]);
  }
  for (const l of c.layerOrder) {
    const list: Node[] = [];
    for (let i = 0; i < SHARDS; i++) {
      const shard = i.toString(16);
      const rs = byLayerShard.get(`${l}/${shard}`);
      if (!rs) continue;
      const path = `${gitopsDir}/layers/${l}/${shard}`;
      list.push({ name: `layer.${l}.${shard}`, path, dependsOn: [], layer: l });
      entries.set(
        path,
        rs.map((r) => ({ name: r.id, path: r.path, dependsOn: deps.get(r.id)!, wave: depthOf(r.id, 0), layer: l, ...(r.namespace ? { namespace: r.namespace.name } : {}) })),
      );
    }
    shards.set(l, list);
  }
  return { layers, shards, entries };
}

export const gitops: Generator = {
  name: "gitops",
  description: "Flux Kustomizations per layer (dependsOn, prune, wait) under bootstrap's flux-system source, or an Argo CD app of apps with sync waves and its values, over the Kustomize roots",
  generate(g: G.Graph, ctx: GenerateContext): GeneratedFile[] {
    const header = ctx.header;
    const files: GeneratedFile[] = [];
    const write = (path: string, docs: unknown[]) => files.push({ path, content: toYamlStream(docs, header) });
    const kustomization = (resources: string[]) => ({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources });
    for (const c of g.clusters) {
      if (!c.gitops) continue;
      const p = plan(g, c);
      const dir = layout.gitops(c);
      const objects = c.gitops.tool === "flux" ? fluxObjects(g, c) : argoObjects(g, c);
      // Flux: no kustomization.yaml here, so the flux-system Kustomization of `flux bootstrap` applies both the
      // flux-system/ it commits beside layers/ and layers/ itself (src/plan/gitops-bootstrap.ts).
      if (c.gitops.tool === "argocd") {
        write(`${dir}/root.yaml`, [objects.source!()]);
        write(`${dir}/kustomization.yaml`, [kustomization(["root.yaml"])]);
        files.push({ path: `${layout.nodes(c)}/${nodeFile.argocdValues}`, content: toYamlStream([argoCdReleaseValues(c)], `${header}\nHelm values of Argo CD for cluster ${c.name}: the bootstrap helm install (README.md) and the release's Application carry them`) });
      }
      write(`${dir}/${LAYERS_DIR}/layers.yaml`, p.layers.map((n) => objects.node(n)));
      write(`${dir}/${LAYERS_DIR}/kustomization.yaml`, [kustomization(["layers.yaml"])]);
      for (const l of c.layerOrder) {
        const shards = p.shards.get(l) ?? [];
        // An empty layer still exists: later layers depend on it.
        if (shards.length) write(`${dir}/layers/${l}/shards.yaml`, shards.map((n) => objects.node(n)));
        write(`${dir}/layers/${l}/kustomization.yaml`, [kustomization(shards.length ? ["shards.yaml"] : [])]);
        for (const s of shards) {
          write(`${s.path}/roots.yaml`, p.entries.get(s.path)!.map((n) => objects.node(n)));
          write(`${s.path}/kustomization.yaml`, [kustomization(["roots.yaml"])]);
        }
      }
    }
    return files;
  },
};

interface ToolObjects {
  /** Argo CD: the root Application (Flux's entry is the flux-system Kustomization that bootstrap creates) */
  source?(): Record<string, unknown>;
  node(n: Node): Record<string, unknown>;
}

function sourceName(g: G.Graph, c: G.ClusterNode): string {
  return `${g.platform.name}-${c.name}`;
}

// Flux retries a failed Kustomization, and gives up waiting for its health checks, after one whole interval unless
// told otherwise (retryInterval and timeout default to the interval): with an interval of 1h one failed apply stalls
// the layer, and every layer that depends on it, for an hour. Retry soon and time out at most this late instead.
const FLUX_RETRY_MS = 2 * 60_000;
const FLUX_TIMEOUT_MS = 10 * 60_000;

/** A layer's own settings win; the rest follows from the interval. Every object of a layer (the layer's, its shards', its roots') shares them. */
function timing(interval: string, layer: G.LayerNode | undefined): { interval: string; retryInterval: string; timeout: string } {
  const own = layer?.interval ?? interval;
  const every = parseDuration(own) ?? FLUX_TIMEOUT_MS;
  return {
    interval: own,
    retryInterval: layer?.retryInterval ?? formatDuration(Math.min(every, FLUX_RETRY_MS)),
    timeout: layer?.timeout ?? formatDuration(Math.min(every, FLUX_TIMEOUT_MS)),
  };
}

function fluxObjects(g: G.Graph, c: G.ClusterNode): ToolObjects {
  const labels = commonLabels(g);
  const gi = c.gitops!;
  const layerOf = (name: string | undefined) => gi.layers.find((l) => l.name === name);
  return {
    node: (n) => ({
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: n.name, namespace: FLUX_NAMESPACE, labels },
      spec: {
        ...timing(gi.interval, layerOf(n.layer)),
        ...(n.dependsOn.length ? { dependsOn: n.dependsOn.map((name) => ({ name })) } : {}),
        // The GitRepository `flux bootstrap` creates, with the credentials it keeps in the Secret of the same name.
        sourceRef: { kind: "GitRepository", name: FLUX_SYSTEM },
        path: `./${repoPath(c, n.path)}`,
        prune: true,
        // Ready only when everything it applied is: workloads rolled out, child Kustomizations ready.
        wait: true,
        // On every level: a Kustomization decrypts only what it applies itself, not what its children apply.
        ...(gi.decryption ? { decryption: { provider: gi.decryption.provider, secretRef: { name: gi.decryption.secretRef } } } : {}),
      },
    }),
  };
}

function argoObjects(g: G.Graph, c: G.ClusterNode): ToolObjects {
  const labels = commonLabels(g);
  const gi = c.gitops!;
  const app = (name: string, path: string, namespace: string | undefined, wave: number | undefined) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name,
      namespace: ARGOCD_NAMESPACE,
      labels,
      ...(wave !== undefined ? { annotations: { "argocd.argoproj.io/sync-wave": String(wave) } } : {}),
      // Deleting an Application deletes what it applied, as Flux's prune does.
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      project: "default",
      source: { repoURL: gi.repo, targetRevision: gi.branch, path: repoPath(c, path) },
      destination: { server: IN_CLUSTER, ...(namespace ? { namespace } : {}) },
      syncPolicy: ARGO_SYNC_POLICY,
    },
  });
  return {
    source: () => app(sourceName(g, c), `${layout.gitops(c)}/${LAYERS_DIR}`, ARGOCD_NAMESPACE, undefined),
    node: (n) => app(n.name, n.path, n.namespace ?? (n.name.startsWith("layer.") ? ARGOCD_NAMESPACE : undefined), n.wave),
  };
}
