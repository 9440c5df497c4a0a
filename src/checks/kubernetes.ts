// Rules the Kubernetes and GitOps outputs depend on: what would apply cleanly and still not work. Each is one
// pass over the cluster with maps, never pairwise over services. Problems of a service instantiated once per
// environment are reported once, at its place in the spec.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { clusterRoots, layerAncestors, provides, providersByGroup, type Root } from "../plan/roots.js";
import { gpuVendors } from "../plan/gpu.js";
import { claimedNames } from "../plan/names.js";
import { once } from "./once.js";


function layerPath(c: G.ClusterNode, layer: string): Array<string | number> {
  const i = (c.gitops?.layers ?? []).findIndex((l) => l.name === layer);
  return i >= 0 ? ["gitops", "layers", i, "name"] : ["gitops"];
}

/** CRDs the cluster has before GitOps runs: the distribution's Traefik, and the CNI's. */
function shipped(c: G.ClusterNode, group: string): boolean {
  if (group === "traefik.io") return !!c.ingress && c.ingress.type === "traefik" && c.services.some((s) => s.id === c.ingress!.service && s.kind === "bundled");
  if (group === "cilium.io") return c.cni.name === "cilium";
  if (group === "helm.cattle.io") return c.distribution === "k3s"; // every K3s server runs helm-controller
  return false;
}

/** PC1001, PC1002, PC1006: GitOps applies every root after the roots it needs. */
export function checkLayerOrder(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (!c.gitops) continue; // without GitOps there is one layer and no order to get wrong
    const ancestors = layerAncestors(c);
    const roots = clusterRoots(g, c);
    const byGroup = providersByGroup(roots);
    const crdLayers = c.gitops.layers.filter((l) => l.installsCRDs).map((l) => l.name);
    const order = new Map(c.layerOrder.map((l, i) => [l, i] as const));
    const argo = c.gitops.tool === "argocd";
    const first = once();
    for (const r of roots) {
      for (const [group, user] of r.uses) {
        // Several roots may provide a group: two releases of one chart, or a crds root with the CRDs beside the release
        // that serves them (its webhook). One of each kind applied before this root (same layer: platformc orders the
        // roots) is enough; an unmet kind is reported once, naming a provider that would converge when there is one.
        const before = (p: Root) => p === r || p.layer === r.layer || (ancestors.get(r.layer)?.has(p.layer) ?? false);
        const all = byGroup.get(group) ?? [];
        const unmet = [all.filter((p) => p.kind === "crds"), all.filter((p) => p.kind !== "crds")].find((kind) => kind.length > 0 && !kind.some(before));
        if (!unmet) continue;
        // The user's layer fails until the CRD exists. GitOps retries it (Flux every retryInterval, Argo CD with its
        // retry), so it converges unless the provider's layer never comes: it waits for this one (dependsOn), or,
        // on Argo CD, its sync wave comes later and waves wait for the earlier ones to be healthy.
        const cycleWith = (p: Root) => ancestors.get(p.layer)?.has(r.layer) ?? false;
        const stuckWith = (p: Root) => cycleWith(p) || (argo && order.get(p.layer)! > order.get(r.layer)!);
        const p = unmet.find((x) => !stuckWith(x)) ?? unmet[0]!;
        // a crds root holds no service: the release whose CRDs it lists stands for it
        const provider = p.services.find((s) => provides(c, s).includes(group)) ?? p.bundles?.find((b) => b.groups.includes(group))?.service ?? p.services[0];
        if (!provider) continue;
        const userLoc = r.services[0]?.loc ?? c.loc;
        if (!first(userLoc, `${group}|${p.layer}`)) continue;
        const cycle = cycleWith(p);
        const stuck = stuckWith(p);
        const notes = [
          cycle
            ? `layer \`${p.layer}\` waits for layer \`${r.layer}\` (dependsOn), so \`${r.layer}\` never gets the CRD and never becomes ready`
            : stuck
              ? `Argo CD syncs layer \`${p.layer}\` in a later wave than \`${r.layer}\`, and waits for \`${r.layer}\` to be healthy first, which it never is without the CRD`
              : `layer \`${r.layer}\` fails to apply until \`${p.layer}\` has installed the CRD, and converges on a retry of the GitOps controller; what depends on \`${r.layer}\` waits as long`,
        ];
        const move = `move ${user} into layer \`${p.layer}\` or a layer that depends on it`;
        diags.report(
          "PC1001",
          r.namespace && r.kind === "namespace" ? locSpan(r.namespace.loc, ["layer"]) : r.services[0] ? locSpan(r.services[0].loc, ["layer"]) : locSpan(c.loc, layerPath(c, r.layer)),
          { layer: r.layer, user, group, provider: `${provider.namespace}/${provider.name}`, providerLayer: p.layer },
          {
            ...(stuck ? { severity: "error" as const } : {}),
            related: [{ span: locSpan(provider.loc), message: `installs ${group}` }],
            notes,
            help: cycle
              ? `${move}, or move \`${provider.namespace}/${provider.name}\` into layer \`${r.layer}\` or a layer it depends on (adding \`${p.layer}\` to dependsOn of \`${r.layer}\` would be a cycle)`
              : `add \`${p.layer}\` to dependsOn of layer \`${r.layer}\`, or ${move}`,
          },
        );
      }
      // Without a provider in the spec the CRD comes from a layer marked installsCRDs, or from the distribution.
      for (const [group, user] of r.uses) {
        if (byGroup.has(group) || shipped(c, group) || crdLayers.length === 0 || crdLayers.includes(r.layer)) continue;
        if (crdLayers.some((l) => ancestors.get(r.layer)?.has(l))) continue;
        const at = r.namespace && r.kind === "namespace" ? locSpan(r.namespace.loc, ["layer"]) : r.services[0] ? locSpan(r.services[0].loc, ["layer"]) : locSpan(c.loc, layerPath(c, r.layer));
        if (!first(r.services[0]?.loc ?? r.namespace?.loc ?? c.loc, `unprovided|${group}|${r.layer}`)) continue;
        diags.report("PC1006", at, { layer: r.layer, group, user, crdLayers: crdLayers.join(", ") }, {
          help: `add one of ${crdLayers.map((l) => `\`${l}\``).join(", ")} to dependsOn of layer \`${r.layer}\`, or declare the service that installs ${group}`,
        });
      }
      if (r.kind === "namespace-layer" && r.namespace && !ancestors.get(r.layer)?.has(r.namespace.layer)) {
        for (const s of r.services) {
          if (!first(s.loc, "namespace-layer")) continue;
          diags.report("PC1002", locSpan(s.loc, ["layer"]), { service: `${s.baseNamespace}/${s.name}`, layer: r.layer, namespace: s.baseNamespace, nsLayer: r.namespace.layer }, {
            related: [{ span: locSpan(r.namespace.loc, ["layer"]), message: "the namespace's layer" }],
            help: `add \`${r.namespace.layer}\` to dependsOn of layer \`${r.layer}\`, or put the service in layer \`${r.namespace.layer}\``,
          });
        }
      }
    }
  }
}

const BASELINE_CAPS = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);

/** PC1003: the pod-security level of a namespace admits the security settings of its workloads. */
export function checkPodSecurity(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const levels = new Map(c.namespaces.map((n) => [n.name, n]));
    const first = once();
    for (const s of c.services) {
      if (s.kind !== "deployment" && s.kind !== "statefulset" && s.kind !== "daemonset" && s.kind !== "cronjob" && s.kind !== "job") continue;
      const ns = levels.get(s.namespace);
      if (!ns || ns.podSecurity === "privileged") continue;
      const sec = s.security;
      const restricted = ns.podSecurity === "restricted";
      const problems: Array<{ what: string; path: Array<string | number>; loc?: G.PortNode["loc"] }> = [];
      if (sec.privileged) problems.push({ what: "privileged: true", path: ["security", "privileged"] });
      if (sec.hostNetwork) problems.push({ what: "hostNetwork: true", path: ["security", "hostNetwork"] });
      for (const p of s.ports) if (p.hostPort !== undefined) problems.push({ what: `hostPort ${p.hostPort}`, path: ["hostPort"], loc: p.loc });
      const allowedCaps = restricted ? new Set(["NET_BIND_SERVICE"]) : BASELINE_CAPS;
      const extra = sec.capabilities.filter((x) => !allowedCaps.has(x));
      if (extra.length) problems.push({ what: `capabilities ${extra.join(", ")}`, path: ["security", "capabilities"] });
      if (restricted) {
        if (!sec.runAsNonRoot) problems.push({ what: "runAsNonRoot: false", path: ["security", "runAsNonRoot"] });
        if (sec.runAsUser === 0) problems.push({ what: "runAsUser: 0", path: ["security", "runAsUser"] });
        if (sec.allowPrivilegeEscalation && !sec.privileged) problems.push({ what: "allowPrivilegeEscalation: true", path: ["security", "allowPrivilegeEscalation"] });
      }
      for (const p of problems) {
        if (!first(p.loc ?? s.loc, `${p.what}|${ns.base}`)) continue;
        diags.report("PC1003", p.loc ? locSpan(p.loc, p.path) : locSpan(s.loc, p.path), { service: `${s.baseNamespace}/${s.name}`, what: p.what, level: ns.podSecurity, namespace: ns.base }, {
          related: [{ span: locSpan(ns.loc, ["name"]), message: `pod security ${ns.podSecurity}` }],
          help: `set podSecurity: ${p.what.startsWith("privileged") || p.what.startsWith("hostNetwork") || p.what.startsWith("hostPort") || (!restricted && extra.length) ? "privileged" : "baseline"} on namespace \`${ns.base}\`, or drop the setting`,
        });
      }
    }
  }
}

/**
 * PC1004, PC1008: forward auth needs a controller that can express it (Gateway API's standard channel cannot)
 * and a provider the controller can reach at its in-cluster address.
 */
export function checkForwardAuth(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const first = once();
    for (const s of c.services) {
      for (const r of s.ingress) {
        if (!r.auth) continue;
        if (!r.auth.startsWith(`${c.name}/`) && first(r.loc, "auth-cluster")) {
          diags.report("PC1008", locSpan(r.loc, ["auth"]), { service: `${s.baseNamespace}/${s.name}`, host: r.host, provider: r.auth }, { help: "name an auth provider of this cluster" });
        }
        if (c.ingress?.type !== "gateway-api" || !first(r.loc, "auth")) continue;
        diags.report("PC1004", locSpan(r.loc, ["auth"]), { service: `${s.baseNamespace}/${s.name}`, host: r.host, cluster: c.name }, {
          help: "use ingress type traefik or nginx on this cluster, or protect the service in the application itself and drop auth",
        });
      }
    }
  }
}

/** PC1005: the GPU resource name depends on the vendor, so a service's nodes must agree on one. */
export function checkGpuVendors(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const first = once();
    for (const s of c.services) {
      const vendors = gpuVendors(c, s);
      if (vendors.length <= 1 || !first(s.loc, "gpu")) continue;
      diags.report("PC1005", locSpan(s.loc, ["placement", "gpu"]), { service: `${s.baseNamespace}/${s.name}`, vendors: vendors.join(", ") }, {
        help: "narrow placement (nodeSelector or nodes) to nodes with GPUs of one vendor",
      });
    }
  }
}

/** PC1007: no two services of a namespace name an object alike (derived names can meet other services' names). */
export function checkObjectNames(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const first = once();
    const owners = new Map<string, G.ServiceNode>();
    for (const s of c.services) {
      if (s.kind === "bundled") continue;
      // The service's own name for every kind first: a derived name meets an own name, never the reverse.
      const claims = [{ kind: "Service", name: s.name }, ...claimedNames(c, s).filter((x) => !(x.kind === "Service" && x.name === s.name))];
      for (const { kind, name } of claims) {
        const key = `${s.namespace}/${kind}/${name}`;
        const other = owners.get(key);
        if (!other) owners.set(key, s);
        else if (other !== s && first(s.loc, key)) {
          diags.report("PC1007", locSpan(s.loc, ["name"]), { a: other.name, b: s.name, namespace: s.baseNamespace, kind, name }, {
            related: [{ span: locSpan(other.loc, ["name"]), message: "the other service" }],
            help: "rename one of the two services",
          });
        }
      }
    }
  }
}

/** PC1009: a bundled Traefik exists only where the distribution bundles one (K3s). */
export function checkBundledIngress(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (c.ingress?.type !== "traefik" || c.distribution === "k3s") continue;
    const s = c.services.find((x) => x.id === c.ingress!.service);
    if (!s || s.kind !== "bundled") continue;
    diags.report("PC1009", locSpan(s.loc, ["kind"]), { cluster: c.name, service: `${s.namespace}/${s.name}`, distribution: c.distribution === "talos" ? "Talos" : c.distribution }, {
      help: "install Traefik from its chart: kind: helm with chart { repo: https://traefik.github.io/charts, name: traefik, version: <pinned> }",
    });
  }
}
