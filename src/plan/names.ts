// The names of the Kubernetes objects a service becomes. The kustomize generator names every object through
// objectNames(), and the names check (PC1006) proves on the same data that no two services of a namespace
// claim one name: derived names (`<service>-nodeport`, `<service>-<volume>`, ...) can equal another service's.
// Services, volumes and container ports are DNS labels (63 characters); a derived name that would be longer
// keeps its suffix and gets a short hash in place of the cut, so it stays valid, distinct and stable.
import { createHash } from "node:crypto";
import type * as G from "../graph.js";
import { releaseOf, separateWorkloads } from "./components.js";

export function labelName(base: string, suffix = "", max = 63): string {
  const full = suffix ? `${base}-${suffix}` : base;
  if (full.length <= max) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
  const keep = max - hash.length - 1 - (suffix ? suffix.length + 1 : 0);
  return `${base.slice(0, keep).replace(/-+$/, "")}-${hash}${suffix ? `-${suffix}` : ""}`;
}

/** An object name from a host: dots become dashes, and a hash keeps look-alikes (a-b.c, a.b-c) apart. */
export function hostName(host: string, suffix = ""): string {
  const flat = host.replace(/\*/g, "wildcard").replace(/\./g, "-");
  const hash = createHash("sha256").update(host).digest("hex").slice(0, 4);
  return labelName(`${flat}-${hash}`, suffix, 253);
}

export interface ServiceObject {
  name: string;
  type: "ClusterIP" | "NodePort" | "LoadBalancer" | "Headless";
  ports: G.PortNode[];
}

export interface ObjectNames {
  /** the Services of a workload, with the ports each carries */
  services: ServiceObject[];
  /** storage name -> PersistentVolumeClaim name (deployments and daemonsets; a statefulset templates its own) */
  claims: Map<string, string>;
  /** TLS routes' IngressRoute, plain routes' IngressRoute (Traefik) */
  ingressRoutes: { tls?: string; plain?: string };
  /** auth provider service id -> Traefik Middleware name */
  middlewares: Map<string, string>;
  /** auth provider service id, or "" for routes without auth -> Ingress name (ingress-nginx) */
  ingresses: Map<string, string>;
  /** host -> HTTPRoute name (Gateway API) */
  httpRoutes: Map<string, string>;
  /** the Certificate of the TLS hosts and its Secret, when the cluster names an issuer */
  certificate?: { name: string; secretName: string };
}

export function objectNames(c: G.ClusterNode, s: G.ServiceNode): ObjectNames {
  const workload = s.kind === "deployment" || s.kind === "statefulset" || s.kind === "daemonset" || s.kind === "cronjob" || s.kind === "job";
  const out: ObjectNames = { services: [], claims: new Map(), ingressRoutes: {}, middlewares: new Map(), ingresses: new Map(), httpRoutes: new Map() };
  if (workload) {
    out.services = exposureServices(s);
    if (s.kind !== "statefulset") for (const v of s.storage) out.claims.set(v.name, labelName(s.name, v.name, 253));
  }
  const ing = c.ingress;
  if (!ing || s.ingress.length === 0) return out;
  const tls = s.ingress.some((r) => r.tls);
  if (tls && ing.certIssuer && ing.type !== "gateway-api") out.certificate = { name: s.name, secretName: labelName(s.name, "tls", 253) };
  const providers = [...new Set(s.ingress.map((r) => r.auth).filter((a): a is string => a !== undefined))].sort();
  const providerName = (id: string) => id.split("/")[2]!;
  if (ing.type === "traefik") {
    if (tls) out.ingressRoutes.tls = s.name;
    if (s.ingress.some((r) => !r.tls)) out.ingressRoutes.plain = tls ? labelName(s.name, "http", 253) : s.name;
    for (const id of providers) out.middlewares.set(id, labelName(s.name, `auth-${providerName(id)}`, 253));
  } else if (ing.type === "nginx") {
    for (const key of new Set(s.ingress.map((r) => r.auth ?? ""))) out.ingresses.set(key, key ? labelName(s.name, `auth-${providerName(key)}`, 253) : s.name);
  } else {
    const hosts = [...new Set(s.ingress.map((r) => r.host))].sort();
    for (const h of hosts) out.httpRoutes.set(h, hosts.length === 1 ? s.name : labelName(s.name, hostName(h), 253));
  }
  return out;
}

/**
 * Whether <name>.<namespace>.svc resolves: a workload platformc writes has a Service only with ports (or a
 * statefulset's headless one), and a cronjob or job never has one. A chart's, an operator's or the distribution's
 * Services are theirs, so those kinds count as having one.
 */
export function hasServiceName(s: G.ServiceNode): boolean {
  if (s.kind === "helm" || s.kind === "managed" || s.kind === "bundled") return true;
  return exposureServices(s).length > 0;
}

/**
 * Exposure is per port in the spec and per object in Kubernetes, where a NodePort Service opens all its ports
 * on every node. When all ports share one exposure the service's own name carries it; otherwise the service's
 * name is the ClusterIP Service with every port (what flows and DNS names use), and -nodeport / -lb Services
 * carry the exposed ports (one -lb per address when ports pin different ones).
 */
function exposureServices(s: G.ServiceNode): ServiceObject[] {
  const out: ServiceObject[] = [];
  // Stable per-pod DNS names (pod-0.<name>-headless) for statefulset peers that address each other.
  if (s.kind === "statefulset") out.push({ name: labelName(s.name, "headless"), type: "Headless", ports: s.ports });
  if (s.ports.length === 0) return out;
  const exposures = new Set(s.ports.map((p) => p.expose));
  const lbGroups = new Map<string, G.PortNode[]>();
  for (const p of s.ports) if (p.expose === "LoadBalancer") lbGroups.set(p.loadBalancerIP?.text ?? "", [...(lbGroups.get(p.loadBalancerIP?.text ?? "") ?? []), p]);
  if (exposures.size === 1 && lbGroups.size <= 1 && !exposures.has("ClusterIP")) {
    out.push({ name: s.name, type: [...exposures][0] as "NodePort" | "LoadBalancer", ports: s.ports });
    return out;
  }
  out.push({ name: s.name, type: "ClusterIP", ports: s.ports });
  const np = s.ports.filter((p) => p.expose === "NodePort");
  if (np.length) out.push({ name: labelName(s.name, "nodeport"), type: "NodePort", ports: np });
  const groups = [...lbGroups.values()];
  groups.forEach((ports, i) => out.push({ name: labelName(s.name, groups.length === 1 ? "lb" : `lb-${i + 1}`), type: "LoadBalancer", ports }));
  return out;
}

/** The stem of the network policies of a chart's workload (`<stem>-allow-ingress`), beside the service's own. */
export function workloadPolicyName(s: G.ServiceNode, workload: string): string {
  return labelName(s.name, workload, 253 - "-allow-ingress".length);
}

/** Every (kind, name) the service's objects take in its namespace, for the collision check. */
export function claimedNames(c: G.ClusterNode, s: G.ServiceNode): Array<{ kind: string; name: string }> {
  const n = objectNames(c, s);
  const out: Array<{ kind: string; name: string }> = [];
  // A chart's workloads get policies of their own, and its Services are real: another service of the namespace
  // named like either would take the same object (argocd's argocd-server beside a service argocd-server).
  const rel = releaseOf(c, s);
  if (s.kind !== "bundled") for (const dir of ["ingress", "egress"]) out.push({ kind: "NetworkPolicy", name: `${s.name}-allow-${dir}` });
  for (const w of separateWorkloads(c, s)) for (const dir of ["ingress", "egress"]) out.push({ kind: "NetworkPolicy", name: `${workloadPolicyName(s, w.name)}-allow-${dir}` });
  for (const x of rel?.services ?? []) out.push({ kind: "Service", name: x.name });
  for (const x of n.services) out.push({ kind: "Service", name: x.name });
  for (const name of n.claims.values()) out.push({ kind: "PersistentVolumeClaim", name });
  for (const name of [n.ingressRoutes.tls, n.ingressRoutes.plain]) if (name) out.push({ kind: "IngressRoute", name });
  for (const name of n.middlewares.values()) out.push({ kind: "Middleware", name });
  for (const name of n.ingresses.values()) out.push({ kind: "Ingress", name });
  for (const name of n.httpRoutes.values()) out.push({ kind: "HTTPRoute", name });
  if (n.certificate) out.push({ kind: "Certificate", name: n.certificate.name }, { kind: "Secret", name: n.certificate.secretName });
  return out;
}
