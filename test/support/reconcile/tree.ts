// The emitted tree of one cluster as its GitOps controller sees it: apply units (a Flux Kustomization or an Argo CD
// Application of a directory, a Flux HelmRelease or an Argo CD Helm Application), each with the objects it applies,
// its parent (the unit whose objects declare it) and what orders it (dependsOn, sync waves). Read from the files
// alone, with a small Kustomize of its own (resources, the namespace transformer): the generators are not asked.
import YAML from "yaml";

export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: any;
  [k: string]: unknown;
}

export interface HelmChart {
  repo: string;
  name: string;
  version: string;
  release: string;
  namespace: string;
  values: unknown;
}

export interface Unit {
  id: string;
  kind: "directory" | "helm";
  /** the tree directory a directory unit builds, relative to out/<platform>/ */
  dir?: string;
  chart?: HelmChart;
  parent?: Unit;
  children: Unit[];
  /** Flux: names of the Kustomizations it waits for */
  dependsOn: string[];
  /** Argo CD: its sync wave among its siblings */
  wave: number;
  objects: Obj[];
  /** remote resources its kustomization lists */
  remote: string[];
}

export interface ClusterTree {
  tool: "flux" | "argocd" | "none";
  units: Unit[];
  problems: string[];
}

const CLUSTER_SCOPED = new Set([
  "Namespace", "ClusterIssuer", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "StorageClass", "PersistentVolume", "IngressClass",
  "GatewayClass", "CiliumLoadBalancerIPPool", "CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "CiliumClusterwideNetworkPolicy",
  "CiliumL2AnnouncementPolicy", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
]);
export const clusterScoped = (kind: string) => CLUSTER_SCOPED.has(kind);

export const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "");
export const key = (o: Obj) => `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;

const posix = {
  join(a: string, b: string): string {
    const parts = `${a}/${b}`.split("/");
    const out: string[] = [];
    for (const p of parts) {
      if (p === "" || p === ".") continue;
      if (p === "..") out.pop();
      else out.push(p);
    }
    return out.join("/");
  },
};

export class Tree {
  private readonly files: Map<string, string>;
  constructor(files: ReadonlyArray<{ path: string; content: string }>) {
    this.files = new Map(files.map((f) => [f.path, f.content]));
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  docs(path: string): any[] {
    const text = this.files.get(path);
    if (text === undefined) return [];
    return YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === "object");
  }

  subdirectories(dir: string): string[] {
    const out = new Set<string>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(`${dir}/`) || !p.endsWith("/kustomization.yaml")) continue;
      const rest = p.slice(dir.length + 1, -"/kustomization.yaml".length);
      if (rest && !rest.includes("/")) out.add(rest);
    }
    return [...out].sort();
  }

  /** `kustomize build` of a directory, as far as the reconciliation needs: objects, and the remote resources listed. */
  build(dir: string, problems: string[], depth = 0, generate = false): { objects: Obj[]; remote: string[] } {
    // kustomize-controller, given a directory without a kustomization.yaml, generates one listing every direct
    // subdirectory that has one (fluxcd/pkg kustomize generator): how flux bootstrap's own Kustomization applies its path
    const k = this.docs(`${dir}/kustomization.yaml`)[0] ?? (generate ? { resources: this.subdirectories(dir) } : undefined);
    if (!k) {
      problems.push(`${dir}: no kustomization.yaml`);
      return { objects: [], remote: [] };
    }
    const objects: Obj[] = [];
    const remote: string[] = [];
    for (const r of (k.resources ?? []) as string[]) {
      if (/^https?:\/\//.test(r)) {
        remote.push(r);
        continue;
      }
      const p = posix.join(dir, r);
      if (this.has(`${p}/kustomization.yaml`) && depth < 16) {
        const sub = this.build(p, problems, depth + 1);
        objects.push(...sub.objects);
        remote.push(...sub.remote);
      } else if (this.has(p)) objects.push(...(this.docs(p) as Obj[]));
      else problems.push(`${dir}: lists ${r}, which does not exist`);
    }
    // the namespace transformer the overlays use (unsetOnly), and the plain namespace field
    let ns: string | undefined = k.namespace;
    let unsetOnly = false;
    for (const t of (k.transformers ?? []) as unknown[]) {
      const doc = typeof t === "string" ? YAML.parse(t) : t;
      if (doc?.kind === "NamespaceTransformer") {
        ns = doc.metadata?.namespace;
        unsetOnly = !!doc.unsetOnly;
      }
    }
    if (ns) for (const o of objects) if (!clusterScoped(o.kind) && (!unsetOnly || !o.metadata.namespace)) o.metadata = { ...o.metadata, namespace: ns };
    return { objects, remote };
  }
}

/** The tree path a GitOps path names: gitops.path stands for clusters/<cluster>. */
function treeDir(path: string, gitopsPath: string, cluster: string): string | undefined {
  const p = path.replace(/^\.?\/+/, "").replace(/\/+$/, "");
  const base = gitopsPath.replace(/^\.?\/+/, "").replace(/\/+$/, "");
  if (p === base) return `clusters/${cluster}`;
  if (base === "" || p.startsWith(`${base}/`)) return `clusters/${cluster}/${base === "" ? p : p.slice(base.length + 1)}`;
  return undefined;
}

function helmOfFlux(hr: Obj, sources: Obj[]): HelmChart | undefined {
  const spec = hr.spec ?? {};
  const ns = hr.metadata.namespace ?? "default";
  const release = spec.releaseName ?? hr.metadata.name;
  const target = spec.targetNamespace ?? ns;
  if (spec.chartRef?.kind === "OCIRepository") {
    const src = sources.find((o) => o.kind === "OCIRepository" && o.metadata.name === spec.chartRef.name && (o.metadata.namespace ?? ns) === (spec.chartRef.namespace ?? ns));
    if (!src) return undefined;
    const url: string = src.spec.url;
    const i = url.lastIndexOf("/");
    return { repo: url.slice(0, i), name: url.slice(i + 1), version: String(src.spec.ref?.tag ?? ""), release, namespace: target, values: spec.values ?? {} };
  }
  const c = spec.chart?.spec;
  if (!c) return undefined;
  const ref = c.sourceRef ?? {};
  const src = sources.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && (o.metadata.namespace ?? ns) === (ref.namespace ?? ns));
  if (!src) return undefined;
  return { repo: src.spec.url, name: c.chart, version: String(c.version ?? ""), release, namespace: target, values: spec.values ?? {} };
}

function helmOfArgo(app: Obj): HelmChart | undefined {
  const s = app.spec?.source;
  if (!s?.chart) return undefined;
  return {
    repo: s.repoURL,
    name: s.chart,
    version: String(s.targetRevision ?? ""),
    release: s.helm?.releaseName ?? app.metadata.name,
    namespace: app.spec.destination?.namespace ?? "default",
    values: s.helm?.valuesObject ?? (s.helm?.values ? YAML.parse(s.helm.values) : {}),
  };
}

/**
 * Every unit of a cluster, from its GitOps entry directory down. `gitopsPath` is where the GitOps objects say the
 * cluster's tree lives in the repository (gitops.path); a cluster without GitOps is one unit per Kustomize root.
 */
export function clusterTree(tree: Tree, cluster: string, tool: "flux" | "argocd" | "none", gitopsPath: string, roots: string[]): ClusterTree {
  const problems: string[] = [];
  const units: Unit[] = [];
  const seen = new Set<string>();
  const addDirectory = (id: string, dir: string, parent: Unit | undefined, dependsOn: string[], wave: number): Unit => {
    const { objects, remote } = tree.build(dir, problems, 0, tool === "flux");
    const u: Unit = { id, kind: "directory", dir, ...(parent ? { parent } : {}), children: [], dependsOn, wave, objects, remote };
    units.push(u);
    parent?.children.push(u);
    if (seen.has(dir)) problems.push(`${dir} is applied by two units (${id} and another)`);
    seen.add(dir);
    for (const o of objects) {
      if (o.kind === "Kustomization" && o.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")) {
        const d = treeDir(o.spec?.path ?? "", gitopsPath, cluster);
        if (!d || (!tree.has(`${d}/kustomization.yaml`) && tree.subdirectories(d).length === 0)) {
          problems.push(`${id}: Kustomization ${o.metadata.name} points at ${o.spec?.path}, which is no root of the tree`);
          continue;
        }
        addDirectory(o.metadata.name, d, u, (o.spec?.dependsOn ?? []).map((x: { name: string }) => x.name), 0);
      } else if (o.kind === "HelmRelease") {
        const chart = helmOfFlux(o, objects);
        if (!chart) {
          problems.push(`${id}: HelmRelease ${o.metadata.namespace}/${o.metadata.name} names a chart source that its root does not hold`);
          continue;
        }
        const h: Unit = { id: `helm:${o.metadata.namespace}/${o.metadata.name}`, kind: "helm", chart, parent: u, children: [], dependsOn: (o.spec?.dependsOn ?? []).map((x: { name: string }) => x.name), wave: 0, objects: [], remote: [] };
        units.push(h);
        u.children.push(h);
      } else if (o.kind === "Application" && o.apiVersion.startsWith("argoproj.io/")) {
        const wave = Number(o.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
        const chart = helmOfArgo(o);
        if (chart) {
          const h: Unit = { id: `app:${o.metadata.name}`, kind: "helm", chart, parent: u, children: [], dependsOn: [], wave, objects: [], remote: [] };
          units.push(h);
          u.children.push(h);
          continue;
        }
        const d = treeDir(o.spec?.source?.path ?? "", gitopsPath, cluster);
        if (!d || !tree.has(`${d}/kustomization.yaml`)) {
          problems.push(`${id}: Application ${o.metadata.name} points at ${o.spec?.source?.path}, which is no root of the tree`);
          continue;
        }
        addDirectory(`app:${o.metadata.name}`, d, u, [], wave);
      }
    }
    return u;
  };
  // Flux: bootstrap's Kustomization flux-system applies the gitops directory (the path given to flux bootstrap);
  // Argo CD: the root Application there, applied once by hand as the cluster README says.
  if (tool === "none") for (const r of roots) addDirectory(r, r, undefined, [], 0);
  else addDirectory(tool === "flux" ? "flux-system" : "bootstrap", `clusters/${cluster}/gitops`, undefined, [], 0);
  return { tool, units, problems };
}
