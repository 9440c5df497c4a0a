// What must be installed for the objects platformc writes to mean something, and what the way traffic arrives
// costs: an implementation for LoadBalancer Services (PC1117), the ClusterIssuer TLS hosts name (PC1118), MetalLB's
// speaker and K3s's svclb pods in namespaces whose pod security admits them (PC1003), and the nodes a NodePort
// that keeps its clients' addresses answers on (PC1119).
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import type { Loc } from "../source.js";
import { backendOf, componentOf, operatorOf, releaseFor, releaseOf } from "../plan/components.js";
import { apiVersionOf, componentNamed, componentOfChart } from "../catalog/index.js";
import { valueAt } from "../catalog/helm.js";
import { metallbRelease } from "../plan/metallb.js";
import { SVCLB, keepsClientAddress, usesServiceLB } from "../plan/exposure.js";
import { once } from "./once.js";


/**
 * Where a cluster without loadBalancer asks for a LoadBalancer Service that allocation did not already report
 * (PC0803 covers its first LoadBalancer service when that one has an address to allocate): a port whose address
 * the spec pins, or K3s's bundled Traefik as the ingress.
 */
function unreportedLoadBalancer(c: G.ClusterNode): { loc: Loc; path: string[]; what: string } | undefined {
  const lbServices = c.services.filter((s) => s.ports.some((p) => p.expose === "LoadBalancer"));
  if (lbServices[0]?.ports.some((p) => p.expose === "LoadBalancer" && !p.loadBalancerIP)) return undefined;
  for (const s of lbServices) {
    const p = s.ports.find((x) => x.expose === "LoadBalancer")!;
    return { loc: p.loc, path: ["expose"], what: `service \`${s.namespace}/${s.name}\` port ${p.name}` };
  }
  const ing = c.ingress ? c.services.find((s) => s.id === c.ingress!.service) : undefined;
  // K3s's packaged Traefik chart makes its Service type LoadBalancer whatever ports the spec lists.
  if (c.distribution === "k3s" && c.ingress?.type === "traefik" && ing?.kind === "bundled") return { loc: c.loc, path: ["ingress", "service"], what: "K3s's bundled Traefik" };
  return undefined;
}

/** PC1117 and PC1003: a LoadBalancer implementation exists and MetalLB's speaker may run where it is installed. */
export function checkLoadBalancerInstalled(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const lb = c.loadBalancer;
    const asked = lb ? undefined : unreportedLoadBalancer(c);
    if (!lb && asked) {
      const k3s = c.distribution === "k3s";
      diags.report(
        "PC1117",
        locSpan(asked.loc, asked.path),
        { cluster: c.name, reason: k3s ? "the cluster declares no loadBalancer, so platformc disables K3s's ServiceLB (--disable servicelb) and nothing else assigns addresses" : "Talos ships no load balancer and the cluster declares none" },
        {
          notes: [`${asked.what} is a LoadBalancer Service`],
          help: k3s ? `add loadBalancer: { type: servicelb } to cluster \`${c.name}\` (K3s's own, on the node addresses), or type metallb with pools` : `add loadBalancer to cluster \`${c.name}\`: type metallb, or cilium, with pools`,
        },
      );
    }
    // servicelb.go: every svclb container adds NET_ADMIN and holds its port as a hostPort, in kube-system.
    const kubeSystem = c.namespaces.find((n) => n.name === SVCLB.namespace);
    const lbServices = c.services.filter((s) => s.ports.some((p) => p.expose === "LoadBalancer"));
    if (usesServiceLB(c) && kubeSystem && kubeSystem.podSecurity !== "privileged" && lbServices.length) {
      diags.report("PC1003", locSpan(kubeSystem.loc, ["podSecurity"]), { service: `${lbServices[0]!.namespace}/${lbServices[0]!.name}`, what: "hostPort and NET_ADMIN in its ServiceLB (svclb) pods", level: kubeSystem.podSecurity, namespace: kubeSystem.base }, {
        notes: ["K3s's ServiceLB runs one svclb pod per LoadBalancer Service and node in kube-system"],
        help: `set podSecurity: privileged on namespace \`${kubeSystem.base}\``,
      });
    }
    if (lb?.type !== "metallb") continue;
    const rel = metallbRelease(c);
    if (!rel) {
      diags.report("PC1117", locSpan(c.loc, ["loadBalancer", "type"]), { cluster: c.name, reason: "loadBalancer is metallb, but no service installs the MetalLB chart and a service metallb-system/metallb that is not MetalLB keeps platformc from installing it" }, {
        help: "rename that service, or install MetalLB yourself: a service of kind helm with chart metallb of https://metallb.github.io/metallb",
      });
      continue;
    }
    const ns = c.namespaces.find((n) => n.name === rel.namespace);
    const speaker = releaseOf(c, rel)?.workloads.some((w) => w.name === "speaker");
    if (ns && speaker && ns.podSecurity !== "privileged") {
      diags.report("PC1003", locSpan(rel.loc, ["chart"]), { service: `${rel.baseNamespace}/${rel.name}`, what: "hostNetwork: true and NET_RAW (MetalLB's speaker)", level: ns.podSecurity, namespace: ns.base }, {
        related: [{ span: locSpan(ns.loc, ["name"]), message: `pod security ${ns.podSecurity}` }],
        help: `set podSecurity: privileged on namespace \`${ns.base}\`, as MetalLB's install guide does`,
      });
    }
  }
}

/** PC1126: every value a catalogued chart requires is set (by the spec, or by the catalog's defaults). */
export function checkRequiredValues(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    for (const s of c.services) {
      const facts = componentOf(s)?.release;
      if (!facts?.required?.length && !facts?.missing) continue;
      const where = valuesWhere(s);
      const release = releaseFor(c, s);
      const unset = (facts.required ?? []).filter((r) => {
        const v = valueAt(release.values, r.path);
        return v === undefined || v === null || v === "";
      });
      for (const r of [...unset, ...(facts.missing?.({ ...release, values: release.values ?? {} }) ?? [])]) {
        diags.report("PC1126", locSpan(s.loc, where.path), { input: s.kind === "managed" ? "resource spec of managed service" : "values of Helm release", verb: s.kind === "managed" ? "sets" : "set", service: `${s.baseNamespace}/${s.name}`, path: r.path.join("."), chart: where.what, why: r.why }, {
          help: `add ${r.path.join(".")}: ${r.example} under ${where.under}`,
        });
      }
    }
  }
}

// K3s ships the local-path provisioner and its StorageClass `local-path` (manifests/local-storage.yaml); platformc
// never disables it. Talos ships no StorageClass.
const DISTRIBUTION_CLASSES: Record<G.ClusterNode["distribution"], string[]> = { k3s: ["local-path"], talos: [] };

/** PC1127: every StorageClass a volume names is one the distribution or a catalogued release of the cluster creates. */
export function checkStorageClasses(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const provided = new Set(DISTRIBUTION_CLASSES[c.distribution] ?? []);
    for (const s of c.services) {
      const facts = s.kind === "helm" && s.chart ? componentOfChart(s.chart)?.release : undefined;
      if (!facts?.storageClasses) continue;
      const release = releaseFor(c, s);
      for (const name of facts.storageClasses({ ...release, values: release.values ?? {} })) provided.add(name);
    }
    const known = [...provided].sort();
    const help = (cls: string) =>
      known.length ? `name one of ${known.map((k) => `\`${k}\``).join(", ")}, or install what creates \`${cls}\`` : `cluster \`${c.name}\` has no StorageClass platformc knows of: install a storage component (Rook-Ceph, Longhorn, OpenEBS) as a helm service`;
    for (const s of c.services) {
      s.storage.forEach((v, i) => {
        if (!v.class || provided.has(v.class)) return;
        diags.report("PC1127", locSpan(s.loc, ["storage", String(i), "class"]), { volume: v.name, service: `${s.baseNamespace}/${s.name}`, class: v.class, cluster: c.name }, { help: help(v.class) });
      });
      // the volumes a catalogued release makes itself, named in its values or its resource's spec
      const asks = componentOf(s)?.release?.volumeClasses;
      if (!asks) continue;
      const where = valuesWhere(s);
      const release = releaseFor(c, s);
      for (const v of asks({ ...release, values: release.values ?? {} })) {
        if (provided.has(v.class)) continue;
        diags.report("PC1127", locSpan(s.loc, [...where.path, ...v.path]), { volume: v.path.join("."), service: `${s.baseNamespace}/${s.name}`, class: v.class, cluster: c.name }, { help: help(v.class) });
      }
    }
  }
}

const LEVELS = ["restricted", "baseline", "privileged"] as const;

/**
 * PC1003 for catalogued charts whose pods need more than `restricted` (host paths, host networking, root, empty
 * securityContexts the chart leaves to the user): the namespace's Pod Security admission would refuse every pod, and
 * the release would install "successfully" with nothing running.
 */
export function checkReleasePodSecurity(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    for (const s of c.services) {
      const need = componentOf(s)?.release?.podSecurity;
      if (!need) continue;
      const where = valuesWhere(s);
      const release = releaseFor(c, s);
      const level = need.level({ ...release, values: release.values ?? {} });
      const ns = c.namespaces.find((n) => n.name === s.namespace);
      if (!ns || LEVELS.indexOf(ns.podSecurity) >= LEVELS.indexOf(level)) continue;
      diags.report("PC1003", locSpan(s.loc, [where.path[0]!]), { service: `${s.baseNamespace}/${s.name}`, what: need.why, level: ns.podSecurity, namespace: ns.base }, {
        related: [{ span: locSpan(ns.loc, ["name"]), message: `pod security ${ns.podSecurity}` }],
        notes: [`${where.what} needs pod security ${level} (the component catalog, src/catalog/)`],
        help: `set podSecurity: ${level} on namespace \`${ns.base}\`, or give ${s.kind === "managed" ? "the resource a spec" : "the chart values"} that meet ${ns.podSecurity}`,
      });
    }
  }
}

/** PC1118: a ClusterIssuer that Certificates name is one platformc writes (ingress.acme). */
export function checkIssuerDefined(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const ing = c.ingress;
    if (!ing?.certIssuer || ing.acme) continue;
    // Without a TLS route nothing names the issuer, so nothing waits for it.
    if (!c.services.some((s) => s.ingress.some((r) => r.tls))) continue;
    diags.report("PC1118", locSpan(c.loc, ["ingress", "certIssuer"]), { cluster: c.name, issuer: ing.certIssuer }, {
      notes: ["the spec has no way to say that an issuer comes from outside it; platformc writes the ClusterIssuer only with ingress.acme"],
      help: `add acme: { email: <address>, solver: http01 | cloudflare } under ingress, so platformc writes ClusterIssuer \`${ing.certIssuer}\` (http01 needs the hosts reachable from the internet)`,
    });
  }
}

/** PC1119: a NodePort whose Service keeps its clients' addresses answers only where a pod runs. */
export function checkClientAddressPorts(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const first = once();
    for (const s of c.services) {
      // A daemonset on every node answers everywhere.
      if (s.kind === "daemonset" && s.eligibleNodes.length === c.nodes.length) continue;
      for (const p of s.ports) {
        if (p.expose !== "NodePort" || !keepsClientAddress(g, c, s, [p]) || !first(p.loc, "PC1119")) continue;
        const list = s.eligibleNodes.join(", ");
        const nodes = s.kind === "daemonset" ? list : `whichever of ${list} run its ${s.replicas === 1 ? "pod" : `${s.replicas} pods`}`;
        diags.report("PC1119", locSpan(p.loc, ["expose"]), { nodePort: p.nodePort ?? "(allocated)", service: `${s.baseNamespace}/${s.name}`, nodes }, {
          help: "point clients at the nodes that run a pod (placement.nodes pins them there), or run the service as a daemonset",
        });
      }
    }
  }
}

/** Where a catalogued release's input is in the spec, and how messages name it: chart values or a resource's spec. */
function valuesWhere(s: G.ServiceNode): { path: string[]; what: string; under: string } {
  if (s.kind === "managed" && s.resource) return { path: ["resource", "spec"], what: `${s.resource.kind} (${s.resource.apiVersion})`, under: "resource.spec" };
  const ch = s.chart!;
  return { path: ch.values === undefined ? ["chart"] : ["chart", "values"], what: `chart ${ch.name}${ch.version ? ` ${ch.version}` : ""}`, under: "the chart's values" };
}

/**
 * PC1128 / PC1129: a managed service's resource is acted on by an operator the cluster installs, at an API version that
 * operator serves. Without the operator the object is refused ("no matches for kind") or, with the CRDs alone, accepted
 * and never turned into pods; at a version the installed release does not serve, the layer's apply fails.
 */
export function checkManagedResources(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    for (const s of c.services) {
      if (s.kind !== "managed" || !s.resource) continue;
      // generators/kustomize/managed.ts writes one LoadBalancer Service, with one address and one selector
      const lb = s.ports.filter((p) => p.expose === "LoadBalancer");
      const pods = new Set(lb.map((p) => JSON.stringify(backendOf(c, s, p).selector)));
      if (pods.size > 1) {
        diags.report("PC0305", locSpan(lb[1]!.loc, ["expose"]), { problem: `service \`${s.name}\`: its LoadBalancer ports lead to different pods of the ${s.resource.kind} (${lb.map((p) => p.name).join(", ")}), and one LoadBalancer Service selects one set` }, {
          help: "expose only the ports of one of them as LoadBalancer, and the others as NodePort or not at all",
        });
      }
      const component = componentOf(s);
      const opName = component?.resource?.operator;
      if (!component || !opName) continue;
      const operator = operatorOf(c, s);
      const op = componentNamed(opName);
      const chart = op?.charts[0];
      if (!operator || !op) {
        diags.report("PC1128", locSpan(s.loc, ["resource", "kind"]), { service: `${s.baseNamespace}/${s.name}`, kind: s.resource.kind, operator: opName, cluster: c.name }, {
          help: chart ? `add a helm service with chart { repo: ${chart.repo}, name: ${chart.name}, version: <a version> } to cluster \`${c.name}\`, in this service's layer or an earlier one` : `install ${opName} in cluster \`${c.name}\``,
        });
        continue;
      }
      const served = apiVersionOf(op, s.resource.kind, operator.chart?.version);
      if (served && served !== s.resource.apiVersion) {
        diags.report("PC1129", locSpan(s.loc, ["resource", "apiVersion"]), { service: `${s.baseNamespace}/${s.name}`, apiVersion: s.resource.apiVersion, kind: s.resource.kind, served, operator: `${operator.namespace}/${operator.name}`, version: operator.chart?.version ?? "?" }, {
          related: [{ span: locSpan(operator.loc, ["chart", "version"]), message: `${opName} ${operator.chart?.version ?? ""}`.trimEnd() }],
          help: `write apiVersion: ${served}`,
        });
      }
    }
  }
}
