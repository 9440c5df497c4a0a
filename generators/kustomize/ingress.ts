// A service's ingress routes in the form of the cluster's controller: Traefik IngressRoutes (with a
// forwardAuth Middleware for routes that ask for auth), networking.k8s.io Ingresses for ingress-nginx, or
// Gateway API HTTPRoutes; and the cert-manager Certificate for its TLS hosts when the cluster names an issuer.
// Backends and forward-auth addresses come from src/plan/components.ts, which knows the Services of the charts
// in the catalog; the netpol generator admits the controller to the same pods and ports.
import type * as G from "../../src/graph.js";
import type { K8sObject } from "./names.js";
import { objectNames, type ObjectNames } from "../../src/plan/names.js";
import type { ClusterFacts } from "./facts.js";
import { authBackend, routeBackend } from "../../src/plan/components.js";

interface AuthEndpoints {
  traefik: string;
  nginx: string;
  headers: string[];
}

// Where the well-known forward-auth servers answer, per controller, and which identity headers they return.
const AUTH_PROVIDERS: Array<{ match: RegExp } & AuthEndpoints> = [
  { match: /authelia/, traefik: "/api/authz/forward-auth", nginx: "/api/authz/auth-request", headers: ["Remote-Email", "Remote-Groups", "Remote-Name", "Remote-User"] },
  {
    match: /authentik/,
    traefik: "/outpost.goauthentik.io/auth/traefik",
    nginx: "/outpost.goauthentik.io/auth/nginx",
    headers: ["X-authentik-email", "X-authentik-groups", "X-authentik-name", "X-authentik-uid", "X-authentik-username"],
  },
  { match: /oauth2-proxy/, traefik: "/oauth2/auth", nginx: "/oauth2/auth", headers: ["X-Auth-Request-Email", "X-Auth-Request-User"] },
];

interface AuthProvider {
  service: G.ServiceNode;
  /** in-cluster base URL, e.g. http://authelia.auth.svc.cluster.local:9091 */
  url: string;
  endpoints: AuthEndpoints;
  /** the provider's own public URL when it has an ingress route, for sign-in redirects */
  signin?: string;
}

function authProvider(c: G.ClusterNode, id: string, facts: ClusterFacts): AuthProvider | undefined {
  const p = facts.byId.get(id);
  if (!p) return undefined;
  // The provider's Service: the chart's own for a release the catalog knows (authentik-server, not authentik).
  const at = authBackend(c, p);
  const known = AUTH_PROVIDERS.find((a) => a.match.test(p.name) || (p.image !== undefined && a.match.test(p.image)) || (p.chart !== undefined && a.match.test(p.chart.name)));
  const route = p.ingress[0];
  return {
    service: p,
    url: `http://${at?.service ?? p.name}.${p.namespace}.svc.${c.clusterDomain}${at ? `:${at.port}` : ""}`,
    endpoints: known ?? { traefik: "/", nginx: "/", headers: [] },
    ...(route ? { signin: `${route.tls ? "https" : "http"}://${route.host}${route.path === "/" ? "" : route.path}` } : {}),
  };
}

export function ingressObjects(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode, facts: ClusterFacts): K8sObject[] {
  if (!s.ingress.length || !c.ingress) return [];
  const labels = facts.labels(s);
  const names = objectNames(c, s);
  const out: K8sObject[] = [];
  const tlsHosts = [...new Set(s.ingress.filter((r) => r.tls).map((r) => r.host))].sort();
  const cert = names.certificate;
  if (cert) {
    out.push({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: cert.name, namespace: s.namespace, labels },
      spec: { secretName: cert.secretName, dnsNames: tlsHosts, issuerRef: { name: c.ingress.certIssuer!, kind: "ClusterIssuer", group: "cert-manager.io" } },
    });
  }
  if (c.ingress.type === "traefik") out.push(...traefik(c, s, labels, facts, names));
  else if (c.ingress.type === "nginx") out.push(...nginx(c, s, labels, facts, names));
  else out.push(...httpRoutes(c, s, labels, names));
  return out;
}

// A Helm release's routes go to the chart's Service and port (argocd-server:80), which the spec cannot name.
function backend(c: G.ClusterNode, s: G.ServiceNode, r: G.IngressRouteNode): { name: string; port: number } {
  const b = routeBackend(c, s, r);
  return { name: b.service, port: b.port };
}

function traefik(c: G.ClusterNode, s: G.ServiceNode, labels: Record<string, string>, facts: ClusterFacts, names: ObjectNames): K8sObject[] {
  const out: K8sObject[] = [];
  const secretName = names.certificate?.secretName;
  const mwName = new Map<string, string>();
  for (const [id, name] of names.middlewares) {
    const p = authProvider(c, id, facts);
    if (!p) continue;
    mwName.set(id, name);
    out.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name, namespace: s.namespace, labels },
      spec: {
        forwardAuth: {
          address: p.url + p.endpoints.traefik,
          trustForwardHeader: true,
          ...(p.endpoints.headers.length ? { authResponseHeaders: p.endpoints.headers } : {}),
        },
      },
    });
  }
  const tls = s.ingress.filter((r) => r.tls);
  const plain = s.ingress.filter((r) => !r.tls);
  const route = (r: G.IngressRouteNode) => ({
    kind: "Rule",
    match: r.path === "/" ? `Host(\`${r.host}\`)` : `Host(\`${r.host}\`) && PathPrefix(\`${r.path}\`)`,
    ...(r.auth && mwName.has(r.auth) ? { middlewares: [{ name: mwName.get(r.auth)! }] } : {}),
    services: [backend(c, s, r)],
  });
  if (tls.length) {
    out.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata: { name: names.ingressRoutes.tls!, namespace: s.namespace, labels },
      // Without a secret Traefik serves its default certificate.
      spec: { entryPoints: ["websecure"], routes: tls.map(route), tls: secretName ? { secretName } : {} },
    });
  }
  if (plain.length) {
    out.push({
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata: { name: names.ingressRoutes.plain!, namespace: s.namespace, labels },
      spec: { entryPoints: ["web"], routes: plain.map(route) },
    });
  }
  return out;
}

function nginx(c: G.ClusterNode, s: G.ServiceNode, labels: Record<string, string>, facts: ClusterFacts, names: ObjectNames): K8sObject[] {
  const secretName = names.certificate?.secretName;
  // ingress-nginx takes auth per Ingress object (annotations), so routes are grouped by their auth provider.
  const groups = new Map<string, G.IngressRouteNode[]>();
  for (const r of s.ingress) groups.set(r.auth ?? "", [...(groups.get(r.auth ?? "") ?? []), r]);
  const out: K8sObject[] = [];
  for (const key of [...groups.keys()].sort()) {
    const routes = groups.get(key)!;
    const p = key ? authProvider(c, key, facts) : undefined;
    const annotations: Record<string, string> = {};
    if (p) {
      annotations["nginx.ingress.kubernetes.io/auth-url"] = p.url + p.endpoints.nginx;
      if (p.endpoints.headers.length) annotations["nginx.ingress.kubernetes.io/auth-response-headers"] = p.endpoints.headers.join(",");
      if (p.signin) annotations["nginx.ingress.kubernetes.io/auth-signin"] = `${p.signin}?rd=$scheme://$http_host$request_uri`;
    }
    const hosts = new Map<string, G.IngressRouteNode[]>();
    for (const r of routes) hosts.set(r.host, [...(hosts.get(r.host) ?? []), r]);
    const tlsHosts = [...new Set(routes.filter((r) => r.tls).map((r) => r.host))].sort();
    out.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: names.ingresses.get(key)!, namespace: s.namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
      spec: {
        ingressClassName: c.ingress!.className,
        ...(tlsHosts.length ? { tls: [{ hosts: tlsHosts, ...(secretName ? { secretName } : {}) }] } : {}),
        rules: [...hosts].map(([host, rs]) => ({
          host,
          http: {
            paths: rs.map((r) => {
              const b = backend(c, s, r);
              return { path: r.path, pathType: "Prefix", backend: { service: { name: b.name, port: { number: b.port } } } };
            }),
          },
        })),
      },
    });
  }
  return out;
}

/** The namespace of the Gateway HTTPRoutes attach to: the ingress controller's. */
export function gatewayNamespace(c: G.ClusterNode): string {
  return c.ingress!.service.split("/")[1]!;
}

function httpRoutes(c: G.ClusterNode, s: G.ServiceNode, labels: Record<string, string>, names: ObjectNames): K8sObject[] {
  // Matches of one HTTPRoute apply to all its hostnames, so each host gets a route of its own.
  const hosts = new Map<string, G.IngressRouteNode[]>();
  for (const r of s.ingress) hosts.set(r.host, [...(hosts.get(r.host) ?? []), r]);
  return [...hosts.keys()].sort().map((host) => ({
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: names.httpRoutes.get(host)!, namespace: s.namespace, labels },
    spec: {
      parentRefs: [{ name: c.ingress!.className, namespace: gatewayNamespace(c) }],
      hostnames: [host],
      rules: hosts.get(host)!.map((r) => ({ matches: [{ path: { type: "PathPrefix", value: r.path } }], backendRefs: [backend(c, s, r)] })),
    },
  }));
}
