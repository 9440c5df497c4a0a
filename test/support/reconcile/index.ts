// The reconciliation check (issue 12): the emitted tree of a platform, applied as its GitOps controller would, unit
// by unit in the order dependsOn, sync waves and health make certain. It reads the files (test/support/reconcile/
// tree.ts) and asks the component catalog what a Helm release or a CRD manifest installs and runs; it never asks a
// generator or src/plan. From the graph it takes only what the cluster is (distribution, CNI and its version,
// GitOps tool and path, API endpoint), which the spec states. A problem names the object, what is missing and the
// unit (layer) that applies it:
//  - every object's apiVersion/kind is served by the API server, the distribution, the CNI, the GitOps bootstrap,
//    or CRDs that the unit itself lists (a CRD manifest) or that a unit certain to be ready before it installs, at
//    the version that installer serves;
//  - every namespace an object or a Helm release lives in exists before, or is created by the same unit;
//  - every route backend, Middleware, Gateway, GatewayClass, ClusterIssuer and source an object names exists;
//  - every Flux dependsOn names a Kustomization that exists;
//  - no object, and no CRD, has two installers;
//  - every catalogued Helm release's pods are allowed every flow the catalog says they need, by the emitted
//    policies (the policy evaluator of test/support/netpol-eval.ts).
import { apiVersionOf, componentOfChart, componentOfResource, crdBundleAt, type ChartWorkload, type Component, type Release } from "../../../src/catalog/index.js";
import type * as G from "../../../src/graph.js";
import { World, type Built } from "../../components/world.js";
import type { Endpoint, Protocol } from "../netpol-eval.js";
import { Tree, clusterTree, clusterScoped, groupOf, key, type HelmChart, type Obj, type Unit } from "./tree.js";

/** group/kind -> the versions served, by whom */
type Served = Map<string, { versions: Set<string>; by: string }>;

// Kubernetes 1.30-1.34: the built-in APIs the trees use (kubectl api-resources on a kind cluster of each release).
const BUILTIN: Record<string, string[]> = {
  "": ["Namespace", "Service", "ServiceAccount", "ConfigMap", "Secret", "PersistentVolumeClaim", "PersistentVolume", "Endpoints"],
  apps: ["Deployment", "StatefulSet", "DaemonSet"],
  batch: ["Job", "CronJob"],
  autoscaling: ["HorizontalPodAutoscaler"],
  policy: ["PodDisruptionBudget"],
  "networking.k8s.io": ["NetworkPolicy", "Ingress", "IngressClass"],
  "rbac.authorization.k8s.io": ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"],
  "storage.k8s.io": ["StorageClass"],
  "apiextensions.k8s.io": ["CustomResourceDefinition"],
  "scheduling.k8s.io": ["PriorityClass"],
};
const BUILTIN_VERSION: Record<string, string> = { "": "v1", apps: "v1", batch: "v1", autoscaling: "v2", policy: "v1", "networking.k8s.io": "v1", "rbac.authorization.k8s.io": "v1", "storage.k8s.io": "v1", "apiextensions.k8s.io": "v1", "scheduling.k8s.io": "v1" };

// What `flux bootstrap` installs (Flux 2.4-2.7 gotk-components.yaml): the toolkit CRDs at the versions they serve.
const FLUX: Array<[string, string, string[]]> = [
  ["source.toolkit.fluxcd.io", "GitRepository", ["v1"]],
  ["source.toolkit.fluxcd.io", "HelmRepository", ["v1"]],
  ["source.toolkit.fluxcd.io", "HelmChart", ["v1"]],
  ["source.toolkit.fluxcd.io", "OCIRepository", ["v1", "v1beta2"]],
  ["source.toolkit.fluxcd.io", "Bucket", ["v1"]],
  ["kustomize.toolkit.fluxcd.io", "Kustomization", ["v1"]],
  ["helm.toolkit.fluxcd.io", "HelmRelease", ["v2"]],
];
// What the Argo CD installation brings (argo-cd chart, crds.install true by default).
const ARGO: Array<[string, string, string[]]> = [
  ["argoproj.io", "Application", ["v1alpha1"]],
  ["argoproj.io", "AppProject", ["v1alpha1"]],
  ["argoproj.io", "ApplicationSet", ["v1alpha1"]],
];
// K3s's packaged Traefik (manifests/traefik.yaml, a HelmChart of Traefik v3 since K3s 1.32, v2.10+ before): both serve
// the traefik.io group at v1alpha1. K3s's own helm-controller CRDs come with every K3s server.
const K3S_TRAEFIK = ["IngressRoute", "IngressRouteTCP", "IngressRouteUDP", "Middleware", "MiddlewareTCP", "TLSOption", "TLSStore", "TraefikService", "ServersTransport", "ServersTransportTCP"];
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export interface Finding {
  cluster: string;
  unit: string;
  what: string;
}

export interface Reconciled {
  problems: Finding[];
  /** references the catalog cannot confirm (a route to a chart it does not know) */
  unverified: Finding[];
}

function release(chart: HelmChart): Release {
  return { name: chart.release, values: chart.values };
}

/** What a catalogued component serves at a version: each kind at the version its range says. */
function kindsOf(comp: Component, version: string | undefined): Array<[string, string, string]> {
  return comp.kinds.map((k) => {
    const av = apiVersionOf(comp, k.kind, version)!;
    return [k.group, k.kind, av.slice(av.indexOf("/") + 1)];
  });
}

/** Records that `by` serves a kind at these versions (a second installer is reported from `installers` instead). */
function addServed(served: Served, group: string, kind: string, versions: string[], by: string): void {
  const k = `${group}/${kind}`;
  const had = served.get(k);
  served.set(k, { versions: new Set([...(had?.versions ?? []), ...versions]), by: had?.by ?? by });
}

/** What a unit installs itself: CRD manifests it lists, CRD objects, and (for a Helm unit) its chart's CRDs. */
function installs(u: Unit): Array<[string, string, string[], string]> {
  const out: Array<[string, string, string[], string]> = [];
  for (const url of u.remote) {
    const b = crdBundleAt(url);
    if (b) for (const [g, k, v] of kindsOf(b.component, b.version)) out.push([g, k, [v], `${b.component.name} ${b.version} CRD manifest (${u.id})`]);
  }
  for (const o of u.objects) {
    if (o.kind !== "CustomResourceDefinition") continue;
    const s = o.spec ?? {};
    out.push([s.group, s.names?.kind, (s.versions ?? []).filter((v: any) => v.served).map((v: any) => v.name), `CRD ${o.metadata.name} (${u.id})`]);
  }
  if (u.chart) {
    const comp = componentOfChart(u.chart);
    if (comp?.crds?.byChart(release(u.chart))) for (const [g, k, v] of kindsOf(comp, u.chart.version)) out.push([g, k, [v], `${comp.name} ${u.chart.version} chart (${u.id})`]);
  }
  return out;
}

function descendants(u: Unit): Unit[] {
  return [u, ...u.children.flatMap(descendants)];
}

/**
 * The units certain to be ready before `u` applies anything: for `u` and each unit above it, Flux: the
 * Kustomizations it depends on (transitively) and, where they wait, everything they apply; Argo CD: its siblings of
 * earlier waves and, where the Application health check makes a parent wait for its children, their descendants.
 */
function readyBefore(u: Unit, flux: Map<string, Unit>, waits: (x: Unit) => boolean, argoHealth: boolean): Set<Unit> {
  const out = new Set<Unit>();
  const addReady = (x: Unit) => {
    if (waits(x)) for (const d of descendants(x)) out.add(d);
    else out.add(x);
  };
  for (let a: Unit | undefined = u; a; a = a.parent) {
    const stack = [...a.dependsOn];
    const seen = new Set<string>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const d = flux.get(n);
      if (!d) continue;
      addReady(d);
      stack.push(...d.dependsOn);
    }
    for (const s of a.parent?.children ?? []) {
      if (s === a || s.wave >= a.wave) continue;
      if (argoHealth) addReady(s);
    }
  }
  return out;
}

/**
 * A release the catalog knows, as the tree shows it: a Helm release of a catalogued chart, or a custom resource of a
 * catalogued kind that an operator turns into pods (a CNPG Cluster), read from the object as applied.
 */
interface Known {
  /** the unit that installs the release or applies the object */
  unit: string;
  /** how messages name it: the Helm release, or the object */
  what: string;
  comp: Component;
  namespace: string;
  r: Release;
}

function knownReleases(units: Unit[]): Known[] {
  const out: Known[] = [];
  for (const u of units) {
    if (u.chart) {
      const comp = componentOfChart(u.chart);
      if (comp?.release) out.push({ unit: u.id, what: `Helm release ${u.chart.release}`, comp, namespace: u.chart.namespace, r: release(u.chart) });
    }
    for (const o of u.objects) {
      const comp = typeof o.apiVersion === "string" && typeof o.kind === "string" ? componentOfResource(o.apiVersion, o.kind) : undefined;
      if (comp?.release) out.push({ unit: u.id, what: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, comp, namespace: o.metadata.namespace ?? "", r: { name: o.metadata.name, values: o.spec ?? {} } });
    }
  }
  return out;
}

function releaseServices(k: Known): Array<{ namespace: string; name: string }> {
  const facts = k.comp.release!;
  return facts.services.filter((s) => facts.workloads.find((w) => w.name === s.workload)?.enabled(k.r) ?? true).map((s) => ({ namespace: k.namespace, name: s.name(k.r) }));
}

export function reconcile(built: Built): Reconciled {
  const tree = new Tree(built.files);
  const problems: Finding[] = [];
  const unverified: Finding[] = [];
  for (const c of built.graph.clusters) {
    const tool = c.gitops?.tool ?? "none";
    const roots = tool === "none" ? [...new Set(built.files.filter((f) => f.path.startsWith(`clusters/${c.name}/`) && f.path.endsWith("/kustomization.yaml") && !f.path.includes("/bases/")).map((f) => f.path.slice(0, -"/kustomization.yaml".length)))] : [];
    const ct = clusterTree(tree, c.name, tool, c.gitops?.path ?? "", roots);
    const report = (unit: string, what: string) => problems.push({ cluster: c.name, unit, what });
    for (const p of ct.problems) report("tree", p);
    const units = ct.units;
    const all = units.flatMap((u) => u.objects.map((o) => ({ u, o })));

    // Served before any unit: the API server, the distribution, the CNI, the GitOps bootstrap.
    const base: Served = new Map();
    for (const [g, kinds] of Object.entries(BUILTIN)) for (const k of kinds) addServed(base, g, k, [BUILTIN_VERSION[g]!], "kube-apiserver");
    if (tool === "flux") for (const [g, k, v] of FLUX) addServed(base, g, k, v, "flux bootstrap");
    if (tool === "argocd") for (const [g, k, v] of ARGO) addServed(base, g, k, v, "the Argo CD installation");
    const bundledTraefik = c.distribution === "k3s" && c.services.some((s) => s.kind === "bundled" && s.name === "traefik");
    if (bundledTraefik) for (const k of K3S_TRAEFIK) addServed(base, "traefik.io", k, ["v1alpha1"], "K3s's packaged Traefik");
    if (c.distribution === "k3s") for (const k of ["HelmChart", "HelmChartConfig"]) addServed(base, "helm.cattle.io", k, ["v1"], "K3s's helm-controller");
    if (c.cni.name === "cilium") {
      const cilium = componentOfChart({ repo: "https://helm.cilium.io", name: "cilium" })!;
      for (const [g, k, v] of kindsOf(cilium, c.cni.version)) addServed(base, g, k, [v], `Cilium ${c.cni.version ?? ""} (the CNI)`.replace("  ", " "));
    }
    // The CNI's own release, adopted by GitOps, is the same installer as the bootstrap step.
    const isCniRelease = (u: Unit) => c.cni.name === "cilium" && u.chart?.name === "cilium";

    // Every installer of a CRD, to find the second one.
    const installers = new Map<string, string>();
    for (const [k, v] of base) installers.set(k, v.by);
    for (const u of units) {
      if (isCniRelease(u)) continue;
      for (const [g, k, , by] of installs(u)) {
        const id = `${g}/${k}`;
        const had = installers.get(id);
        if (had && had !== by) report(u.id, `CRD ${id} has two installers: ${had} and ${by}`);
        else installers.set(id, by);
      }
    }

    // Readiness: Flux Kustomizations wait when they say wait: true; Argo CD parents wait for child Applications only
    // with the health check for argoproj.io/Application configured in argocd-cm.
    const flux = new Map(units.filter((u) => u.kind === "directory" && u.id !== "bootstrap" && !u.id.startsWith("app:")).map((u) => [u.id, u]));
    const kustomizationOf = new Map<Unit, Obj>();
    for (const { u, o } of all) if (o.kind === "Kustomization" && o.apiVersion.startsWith("kustomize.toolkit")) {
      const child = u.children.find((x) => x.id === o.metadata.name);
      if (child) kustomizationOf.set(child, o);
    }
    // Argo CD is installed by the bootstrap step with nodes/<cluster>/argocd-values.yaml, and an argo-cd release in the
    // tree, if any, takes it over: both must carry the check.
    const HEALTH = "resource.customizations.health.argoproj.io_Application";
    const argoValues = [tree.docs(`nodes/${c.name}/argocd-values.yaml`)[0] ?? {}, ...units.filter((u) => u.chart?.name === "argo-cd").map((u) => u.chart!.values ?? {})];
    const argoHealth = tool === "argocd" && argoValues.every((v) => JSON.stringify(v).includes(HEALTH));
    const waits = (x: Unit) => (tool === "flux" ? x.kind === "helm" || kustomizationOf.get(x)?.spec?.wait === true : argoHealth);
    if (tool === "argocd" && !argoHealth) report("bootstrap", "Argo CD assesses no Application health (no resource.customizations.health.argoproj.io_Application in the argo-cd release's values): sync waves gate nothing");

    for (const u of units) {
      if (u.kind === "helm" || !u.parent) continue;
      const dep = u.dependsOn.filter((d) => !flux.has(d));
      for (const d of dep) report(u.id, `depends on Kustomization ${d}, which nothing applies`);
    }

    // Namespaces and kinds, unit by unit.
    const namespacesCreated = (us: Iterable<Unit>) => {
      const out = new Set<string>();
      for (const x of us) for (const o of x.objects) if (o.kind === "Namespace") out.add(o.metadata.name);
      return out;
    };
    const toolNamespace = tool === "flux" ? ["flux-system"] : tool === "argocd" ? ["argocd"] : [];
    for (const u of units) {
      const before = readyBefore(u, flux, waits, argoHealth);
      // a unit's own parent has applied it, so what the parent applied exists too (not necessarily ready)
      const above: Unit[] = [];
      for (let a = u.parent; a; a = a.parent) above.push(a);
      const served: Served = new Map(base);
      // the unit's own CRD manifests count (CRDs are applied first); its Helm releases' CRDs only for later units
      for (const x of [...before, u]) for (const [g, k, v, by] of installs(x)) addServed(served, g, k, v, by);
      const namespaces = new Set([...SYSTEM_NAMESPACES, ...toolNamespace, ...namespacesCreated([...before, u, ...above])]);
      if (u.chart && !namespaces.has(u.chart.namespace)) report(u.id, `Helm release ${u.chart.release} goes to namespace ${u.chart.namespace}, which nothing creates before it`);
      for (const o of u.objects) {
        const g = groupOf(o.apiVersion);
        const version = o.apiVersion.includes("/") ? o.apiVersion.slice(o.apiVersion.indexOf("/") + 1) : o.apiVersion;
        const s = served.get(`${g}/${o.kind}`);
        const name = `${o.apiVersion} ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
        if (!s) {
          const later = [...installers.entries()].find(([k]) => k === `${g}/${o.kind}`);
          report(u.id, later ? `${name}: its CRD comes from ${later[1]}, which is not certain to be ready before ${u.id}` : `${name}: no installer in the cluster serves ${g || "core"}/${o.kind}`);
        } else if (!s.versions.has(version)) report(u.id, `${name}: ${s.by} serves ${g}/${o.kind} at ${[...s.versions].join(", ")}, not ${version}`);
        if (!clusterScoped(o.kind)) {
          const ns = o.metadata.namespace;
          if (!ns) report(u.id, `${name}: a namespaced object with no namespace`);
          else if (!namespaces.has(ns)) report(u.id, `${name}: namespace ${ns} is created by nothing before or with ${u.id}`);
        }
      }
    }

    // References, across the cluster.
    const objs = all.map((x) => x.o);
    const exists = (kind: string, ns: string | undefined, name: string) => objs.some((o) => o.kind === kind && o.metadata.name === name && (ns === undefined || o.metadata.namespace === ns));
    const helmUnits = units.filter((u) => u.chart);
    const known = knownReleases(units);
    const knownServices = new Set([...objs.filter((o) => o.kind === "Service").map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ...known.flatMap(releaseServices).map((s) => `${s.namespace}/${s.name}`)]);
    const unknownCharts = new Set(helmUnits.filter((u) => !componentOfChart(u.chart!)?.release).map((u) => u.chart!.namespace));
    const backend = (u: string, from: string, ns: string, name: string) => {
      if (knownServices.has(`${ns}/${name}`)) return;
      if (unknownCharts.has(ns)) unverified.push({ cluster: c.name, unit: u, what: `${from}: Service ${ns}/${name} would come from a chart the catalog does not know` });
      else report(u, `${from}: Service ${ns}/${name} exists nowhere in the cluster`);
    };
    const cilium = tree.docs(`nodes/${c.name}/cilium-values.yaml`)[0] ?? helmUnits.find((u) => u.chart?.name === "cilium")?.chart?.values;
    for (const { u, o } of all) {
      const ns = o.metadata.namespace ?? "";
      const at = `${o.kind} ${ns}/${o.metadata.name}`;
      if (o.kind === "HTTPRoute" || o.kind === "GRPCRoute") {
        for (const p of o.spec?.parentRefs ?? []) if ((p.kind ?? "Gateway") === "Gateway" && !exists("Gateway", p.namespace ?? ns, p.name)) report(u.id, `${at}: its parent Gateway ${p.namespace ?? ns}/${p.name} is emitted nowhere`);
        for (const r of o.spec?.rules ?? []) for (const b of r.backendRefs ?? []) if ((b.kind ?? "Service") === "Service") backend(u.id, at, b.namespace ?? ns, b.name);
      }
      if (o.kind === "Gateway") {
        const cls = o.spec?.gatewayClassName;
        const ciliumMade = cls === "cilium" && cilium?.gatewayAPI?.enabled === true;
        if (!exists("GatewayClass", undefined, cls) && !ciliumMade) report(u.id, `${at}: GatewayClass ${cls} exists nowhere (and no controller creates it)`);
      }
      if (o.kind === "IngressRoute" || o.kind === "IngressRouteTCP") {
        for (const r of o.spec?.routes ?? []) {
          for (const s of r.services ?? []) if ((s.kind ?? "Service") === "Service") backend(u.id, at, s.namespace ?? ns, s.name);
          for (const m of r.middlewares ?? []) if (!exists("Middleware", m.namespace ?? ns, m.name)) report(u.id, `${at}: Middleware ${m.namespace ?? ns}/${m.name} exists nowhere`);
        }
      }
      if (o.kind === "Ingress") for (const r of o.spec?.rules ?? []) for (const p of r.http?.paths ?? []) if (p.backend?.service) backend(u.id, at, ns, p.backend.service.name);
      const issuer = o.kind === "Certificate" ? o.spec?.issuerRef : o.metadata.annotations?.["cert-manager.io/cluster-issuer"] ? { kind: "ClusterIssuer", name: o.metadata.annotations["cert-manager.io/cluster-issuer"] } : undefined;
      if (issuer) {
        const kind = issuer.kind ?? "Issuer";
        if (!exists(kind, kind === "ClusterIssuer" ? undefined : ns, issuer.name)) report(u.id, `${at}: ${kind} ${issuer.name} is defined nowhere`);
      }
    }

    // One installer per object: GitOps objects against each other and against what catalogued releases render.
    const owner = new Map<string, string>();
    for (const { u, o } of all) {
      const k = key(o);
      const had = owner.get(k);
      if (had) report(u.id, `${k} is applied by ${had} and by ${u.id}`);
      else owner.set(k, u.id);
    }
    for (const x of known) for (const s of releaseServices(x)) {
      const k = `/Service/${s.namespace}/${s.name}`;
      const had = owner.get(k);
      if (had) report(x.unit, `Service ${s.namespace}/${s.name} is rendered by ${x.what} and applied by ${had}`);
    }

    // Flows the catalogued releases need, under the emitted policies.
    flows(built, c, known, objs, (unit, what) => report(unit, what));
  }
  return { problems, unverified };
}

function flows(built: Built, c: G.ClusterNode, known: Known[], objs: Obj[], report: (unit: string, what: string) => void): void {
  let world: World | undefined;
  const issuers = objs.filter((o) => o.kind === "ClusterIssuer" && o.spec?.acme);
  const solvers = issuers.flatMap((o) => o.spec.acme.solvers ?? []);
  const holds = (when: string) => (when === "acme" ? issuers.length > 0 : when === "acme-dns01" ? solvers.some((s: any) => s.dns01) : solvers.some((s: any) => s.http01));
  const podsOf = new Map<Known, Map<string, { w: ChartWorkload; ep: Endpoint }>>();
  const podsFor = (k: Known, w: World) => {
    let m = podsOf.get(k);
    if (!m) {
      const r = k.r;
      m = new Map(k.comp.release!.workloads.filter((x) => x.enabled(r)).map((x) => [x.name, { w: x, ep: w.pod(c.name, k.namespace, x.labels(r), x.ports(r).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol as Protocol }))) }] as const));
      podsOf.set(k, m);
    }
    return m;
  };
  for (const u of known) {
    const comp = u.comp;
    const facts = comp.release!;
    world ??= new World(built);
    const w = world;
    const r = u.r;
    const pods = podsFor(u, w);
    const check = (from: any, to: any, ports: Array<[Protocol, number]>, what: string) => {
      const got = w.allowed(from, to);
      for (const [proto, port] of ports) if (!got.has(proto, port)) report(u.unit, `${comp.name} ${u.what} ${what}: ${proto}/${port} is denied (allowed: ${got})`);
    };
    const api = w.apiServer(c.name);
    for (const f of facts.flows) {
      if (f.kind === "internal") {
        const a = pods.get(f.from);
        const b = pods.get(f.to);
        if (!a || !b) continue;
        const port = b.w.ports(r).find((p) => p.name === f.port);
        if (port) check(a.ep, b.ep, [[port.protocol as Protocol, port.port]], `${f.from} -> ${f.to} (${f.why})`);
      } else if (f.kind === "to-apiserver") {
        const a = pods.get(f.from);
        if (a) check(a.ep, api, [["TCP", c.apiEndpoint.port]], `${f.from} -> kube-apiserver (${f.why})`);
      } else if (f.kind === "from-apiserver") {
        const b = pods.get(f.to);
        const port = b?.w.ports(r).find((p) => p.name === f.port);
        if (b && port) check(api, b.ep, [[port.protocol as Protocol, port.port]], `kube-apiserver -> ${f.to} (${f.why})`);
      } else if (f.kind === "to-component") {
        const a = pods.get(f.from);
        if (!a) continue;
        for (const t of known) {
          if (t === u || t.comp.name !== f.component) continue;
          const b = podsFor(t, w).get(f.to);
          const port = b?.w.ports(t.r).find((p) => p.name === f.port);
          if (b && port) check(a.ep, b.ep, [[port.protocol as Protocol, port.port]], `${f.from} -> ${t.what} ${f.to} (${f.why})`);
        }
      } else if (f.kind === "to-internet" && holds(f.when)) {
        const a = pods.get(f.from);
        if (a) check(a.ep, w.internet(), f.ports.map((p) => [p.protocol as Protocol, p.port]), `${f.from} -> the internet (${f.why})`);
      }
    }
  }
}

export function formatFindings(list: Finding[]): string[] {
  return list.map((f) => `${f.cluster} [${f.unit}] ${f.what}`);
}

