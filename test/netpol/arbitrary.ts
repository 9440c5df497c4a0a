// Network-policy variations on the random platforms of test/support/arbitrary.ts, applied to the spec
// specFromPlan builds (the shared arbitrary is left as it is): external endpoints with flows both ways, flows
// across the ClusterMesh, monitoring namespaces and metrics ports, pod ports that differ from Service ports,
// UDP ports, namespaces without DNS or without default deny, bundled components among the workloads, a
// declared CoreDNS, a deployment in kube-system, Traefik from its chart (then restricted like any workload),
// the policy dialect of each Cilium cluster, flows to the Kubernetes API (on API servers moved off 6443), Helm
// releases of the charts the catalog knows (with and without selectors, values that turn workloads off or move
// ports, routes on ports the chart's Services have or not), forward auth through a chart or a plain deployment,
// the ACME issuer platformc writes, and the three ingress controller types.
// Valid by construction: the only diagnostics a spec may produce are the netpol warnings PC1202, PC1204 and PC1209.
import fc from "fast-check";
import { planArb, specFromPlan, type Plan } from "../support/arbitrary.js";

export type Dialect = "kubernetes" | "cilium" | "both";

export interface NetPlan {
  /** per cluster; a single cluster runs Cilium (without a mesh) when its entry is not undefined */
  dialects: Array<Dialect | undefined>;
  externals: Array<{ kind: "host" | "range" | "internet"; udp: boolean }>;
  /** service -> external (indices are taken modulo the counts) */
  toExternals: Array<{ cluster: number; service: number; external: number }>;
  /** external -> service port */
  fromExternals: Array<{ external: number; cluster: number; service: number; port: number }>;
  /** c0 service -> c1 service port, when there are two clusters */
  crossFlows: Array<{ from: number; to: number; port: number; reverse: boolean }>;
  /** per cluster, a namespace index that runs monitoring (negative: none) */
  monitoring: number[];
  metrics: Array<{ cluster: number; service: number; port: number }>;
  targetPortShift: Array<{ cluster: number; service: number; port: number }>;
  udp: Array<{ cluster: number; service: number; port: number }>;
  noDNS: Array<{ cluster: number; ns: number }>;
  open: Array<{ cluster: number; ns: number }>;
  bundled: Array<{ cluster: number; ns: number }>;
  coredns: "none" | "bundled" | "remapped";
  systemDeployment: boolean;
  /** Traefik installed from its chart instead of the K3s bundle: platformc then restricts it too */
  helmTraefik: boolean;
  /** service -> kubernetes-api; port: left out, apiEndpoint.port, or 443 (the `kubernetes` Service port) */
  toApiServer: Array<{ cluster: number; service: number; port: "none" | "api" | "service" }>;
  /** per cluster: the API server's port (apiEndpoint.port) when not the default 6443 */
  apiPorts: Array<number | undefined>;
  /** Helm releases of charts the catalog knows (chart: an index into CHARTS) */
  components: Array<{ cluster: number; ns: number; chart: number; selector: "none" | "all" | "narrow"; route: "none" | "match" | "other"; values: boolean }>;
  /** routed workloads that sign in through a provider: a component, or another workload (an outpost) */
  auth: Array<{ cluster: number; app: number; provider: number; outpost: boolean }>;
  /** per cluster: the ACME issuer platformc writes */
  acme: Array<"none" | "http01" | "cloudflare">;
  /** per cluster: the ingress controller's type */
  ingressTypes: Array<"traefik" | "nginx" | "gateway-api">;
}

/** A chart the catalog knows, as a spec would install it. */
interface CatalogChart {
  name: (i: number) => string;
  chart: { repo: string; name: string; version: string };
  port: { name: string; port: number; targetPort?: number };
  /** another port of the release, when the spec routes one the chart's Services do not have */
  otherPort: { name: string; port: number };
  routes: boolean;
  /** values that turn a workload off or move a port */
  values: Record<string, unknown>;
  selectors: (release: string) => { all: Record<string, string>; narrow: Record<string, string> };
}

const CHARTS: CatalogChart[] = [
  {
    name: (i) => `cm${i}`,
    chart: { repo: "https://charts.jetstack.io", name: "cert-manager", version: "v1.17.2" },
    port: { name: "webhook", port: 443, targetPort: 10250 },
    otherPort: { name: "webhook", port: 443 },
    routes: false,
    values: { cainjector: { enabled: false }, webhook: { securePort: 10260 } },
    selectors: (r) => ({ all: { "app.kubernetes.io/instance": r }, narrow: { "app.kubernetes.io/instance": r, "app.kubernetes.io/component": "webhook" } }),
  },
  {
    name: (i) => (i % 2 ? `cd${i}` : `argocd${i}`),
    chart: { repo: "https://argoproj.github.io/argo-helm", name: "argo-cd", version: "8.1.3" },
    port: { name: "http", port: 80, targetPort: 8080 },
    otherPort: { name: "http", port: 8443 },
    routes: true,
    values: { dex: { enabled: false }, notifications: { enabled: false }, server: { containerPorts: { server: 8088 } } },
    selectors: (r) => ({ all: { "app.kubernetes.io/instance": r }, narrow: { "app.kubernetes.io/instance": r, "app.kubernetes.io/component": "server" } }),
  },
  {
    name: (i) => (i % 2 ? `ak${i}` : `authentik${i}`),
    chart: { repo: "https://charts.goauthentik.io", name: "authentik", version: "2025.6.4" },
    port: { name: "http", port: 80, targetPort: 9000 },
    otherPort: { name: "http", port: 8443 },
    routes: true,
    values: { worker: { enabled: false } },
    selectors: (r) => ({ all: { "app.kubernetes.io/instance": r }, narrow: { "app.kubernetes.io/instance": r, "app.kubernetes.io/component": "server" } }),
  },
  {
    name: (i) => `gl${i}`,
    chart: { repo: "https://charts.gitlab.io", name: "gitlab", version: "9.1.2" },
    port: { name: "http", port: 8181 },
    otherPort: { name: "http", port: 8443 },
    routes: true,
    values: { gitlab: { webservice: { service: { workhorseExternalPort: 8282 } } } },
    selectors: (r) => ({ all: { release: r }, narrow: { release: r, app: "webservice" } }),
  },
];

const idx = fc.nat(30);
const svcRef = fc.record({ cluster: fc.nat(1), service: idx, port: fc.nat(2) });

export const netPlanArb: fc.Arbitrary<{ plan: Plan; net: NetPlan }> = fc.record({
  plan: planArb,
  net: fc.record({
    dialects: fc.array(fc.option(fc.constantFrom<Dialect>("kubernetes", "cilium", "both"), { nil: undefined }), { minLength: 2, maxLength: 2 }),
    externals: fc.array(fc.record({ kind: fc.constantFrom("host" as const, "range" as const, "internet" as const), udp: fc.boolean() }), { maxLength: 3 }),
    toExternals: fc.array(fc.record({ cluster: fc.nat(1), service: idx, external: fc.nat(2) }), { maxLength: 3 }),
    fromExternals: fc.array(fc.record({ external: fc.nat(2), cluster: fc.nat(1), service: idx, port: fc.nat(2) }), { maxLength: 3 }),
    crossFlows: fc.array(fc.record({ from: idx, to: idx, port: fc.nat(2), reverse: fc.boolean() }), { maxLength: 3 }),
    monitoring: fc.array(fc.integer({ min: -2, max: 3 }), { minLength: 2, maxLength: 2 }),
    metrics: fc.array(svcRef, { maxLength: 3 }),
    targetPortShift: fc.array(svcRef, { maxLength: 3 }),
    udp: fc.array(svcRef, { maxLength: 2 }),
    noDNS: fc.array(fc.record({ cluster: fc.nat(1), ns: fc.nat(3) }), { maxLength: 1 }),
    open: fc.array(fc.record({ cluster: fc.nat(1), ns: fc.nat(3) }), { maxLength: 1 }),
    bundled: fc.array(fc.record({ cluster: fc.nat(1), ns: fc.nat(3) }), { maxLength: 2 }),
    coredns: fc.constantFrom("none" as const, "bundled" as const, "remapped" as const),
    systemDeployment: fc.boolean(),
    helmTraefik: fc.boolean(),
    toApiServer: fc.array(fc.record({ cluster: fc.nat(1), service: idx, port: fc.constantFrom("none" as const, "api" as const, "service" as const) }), { maxLength: 3 }),
    apiPorts: fc.array(fc.option(fc.constantFrom(7443, 16443), { nil: undefined }), { minLength: 2, maxLength: 2 }),
    components: fc.array(
      fc.record({
        cluster: fc.nat(1),
        ns: fc.nat(3),
        chart: fc.nat(CHARTS.length - 1),
        selector: fc.constantFrom("none" as const, "all" as const, "narrow" as const),
        route: fc.constantFrom("none" as const, "match" as const, "other" as const),
        values: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    auth: fc.array(fc.record({ cluster: fc.nat(1), app: idx, provider: idx, outpost: fc.boolean() }), { maxLength: 3 }),
    acme: fc.array(fc.constantFrom("none" as const, "http01" as const, "cloudflare" as const), { minLength: 2, maxLength: 2 }),
    ingressTypes: fc.array(fc.constantFrom("traefik" as const, "traefik" as const, "nginx" as const, "gateway-api" as const), { minLength: 2, maxLength: 2 }),
  }),
});

export function netSpec(plan: Plan, net: NetPlan): any {
  const spec = specFromPlan(plan);
  const clusters: any[] = spec.clusters;
  const workloads = (c: number): any[] => spec.services.filter((s: any) => s.cluster === `c${c}` && s.kind !== "bundled");
  const pick = (list: any[], i: number): any => (list.length ? list[i % list.length] : undefined);
  const portOf = (s: any, i: number) => s.ports[i % s.ports.length];
  const nsNames = (c: number): any[] => spec.namespaces.filter((n: any) => n.cluster === `c${c}` && n.name !== "kube-system");

  clusters.forEach((c, i) => {
    const d = net.dialects[i];
    if (d === undefined) return;
    c.cni = { ...(c.cni ?? {}), name: "cilium", policy: d };
  });

  // Releases first, so the flows, ports and external endpoints below can pick them like any other workload.
  net.components.forEach((k, i) => {
    const ns = pick(nsNames(k.cluster), k.ns);
    if (!ns) return;
    const ch = CHARTS[k.chart % CHARTS.length]!;
    const name = ch.name(i);
    const route = ch.routes ? k.route : "none";
    const svc: any = { name, namespace: ns.name, cluster: ns.cluster, kind: "helm", chart: { ...ch.chart, ...(k.values ? { values: ch.values } : {}) }, ports: [route === "other" ? { ...ch.otherPort } : { ...ch.port }] };
    if (k.selector !== "none") svc.selector = ch.selectors(name)[k.selector];
    if (route !== "none") svc.ingress = [{ host: `${name}-${ns.cluster}`, port: svc.ports[0].name }];
    spec.services.push(svc);
  });
  clusters.forEach((c, i) => {
    const type = net.ingressTypes[i] ?? "traefik";
    if (type !== "traefik") c.ingress = { ...c.ingress, type, className: type === "nginx" ? "nginx" : "public" };
    const acme = net.acme[i] ?? "none";
    if (acme !== "none") c.ingress = { ...c.ingress, certIssuer: "letsencrypt", acme: { email: "ops@prop.example.com", solver: acme, ...(acme === "cloudflare" ? { secretName: "cloudflare-token" } : {}) } };
  });
  // Forward auth exists only where platformc writes it: not with Gateway API (PC1004).
  for (const a of net.auth) {
    if ((net.ingressTypes[a.cluster] ?? "traefik") === "gateway-api") continue;
    const routed = workloads(a.cluster).filter((s: any) => s.ingress && s.kind !== "helm");
    const app = pick(routed, a.app);
    const providers = a.outpost ? workloads(a.cluster).filter((s: any) => s.kind !== "helm" && s !== app) : workloads(a.cluster).filter((s: any) => s.chart?.name === "authentik");
    const provider = pick(providers, a.provider);
    if (app && provider) for (const r of app.ingress) r.auth = `${provider.namespace}/${provider.name}`;
  }

  // Port changes first: flows name Service ports by number, which stay as they are.
  for (const r of net.targetPortShift) {
    const s = pick(workloads(r.cluster), r.service);
    if (s) portOf(s, r.port).targetPort = portOf(s, r.port).port + 20000;
  }
  for (const r of net.udp) {
    const s = pick(workloads(r.cluster), r.service);
    // The first port carries the ingress route; keep it TCP.
    if (s && s.ports.length > 1) {
      const p = s.ports[1 + (r.port % (s.ports.length - 1))];
      if (p.expose === "ClusterIP") p.protocol = "UDP";
    }
  }
  for (const r of net.metrics) {
    const s = pick(workloads(r.cluster), r.service);
    if (s) portOf(s, r.port).metrics = true;
  }

  net.externals.forEach((e, i) => {
    const address = e.kind === "host" ? `192.168.250.${10 + i}` : e.kind === "range" ? `192.168.251.${10 + i * 20}-192.168.251.${25 + i * 20}` : "0.0.0.0/0";
    spec.externals = spec.externals ?? [];
    spec.externals.push({ name: `e${i}`, address, ports: [{ name: "svc", port: 2049 + i, protocol: e.udp ? "UDP" : "TCP" }] });
  });
  const externals: any[] = spec.externals ?? [];
  for (const r of net.toExternals) {
    const s = pick(workloads(r.cluster), r.service);
    const e = pick(externals, r.external);
    if (s && e) (s.flows = s.flows ?? []).push({ to: `external:${e.name}` });
  }
  for (const r of net.fromExternals) {
    const e = pick(externals, r.external);
    const s = pick(workloads(r.cluster), r.service);
    if (e && s) (e.flows = e.flows ?? []).push({ to: `${s.cluster}/${s.namespace}/${s.name}`, port: portOf(s, r.port).port });
  }
  clusters.forEach((c, i) => {
    const port = net.apiPorts[i];
    if (port !== undefined) c.apiEndpoint = { ...(c.apiEndpoint ?? {}), port };
  });
  for (const r of net.toApiServer) {
    const s = pick(workloads(r.cluster), r.service);
    if (!s) continue;
    const api = clusters.find((c) => c.name === s.cluster).apiEndpoint?.port ?? 6443;
    (s.flows = s.flows ?? []).push({ to: "kubernetes-api", ...(r.port === "api" ? { port: api } : r.port === "service" ? { port: 443 } : {}) });
  }
  if (clusters.length > 1) {
    for (const r of net.crossFlows) {
      const [a, b] = r.reverse ? [1, 0] : [0, 1];
      const from = pick(workloads(a), r.from);
      const to = pick(workloads(b), r.to);
      if (from && to) (from.flows = from.flows ?? []).push({ to: `${to.cluster}/${to.namespace}/${to.name}`, port: portOf(to, r.port).port });
    }
  }
  net.monitoring.forEach((k, c) => {
    const ns = k >= 0 ? pick(nsNames(c), k) : undefined;
    if (ns) ns.monitoring = true;
  });
  for (const r of net.noDNS) {
    const ns = pick(nsNames(r.cluster), r.ns);
    if (ns) ns.allowDNS = false;
  }
  for (const r of net.open) {
    const ns = pick(nsNames(r.cluster), r.ns);
    if (ns) ns.defaultDeny = false;
  }
  net.bundled.forEach((r, i) => {
    const ns = pick(nsNames(r.cluster), r.ns);
    if (ns) spec.services.push({ name: `agent${i}`, namespace: ns.name, cluster: ns.cluster, kind: "bundled", ports: [{ name: "http", port: 8080 }] });
  });
  for (const c of clusters) {
    if (net.coredns !== "none") {
      spec.services.push({
        name: "coredns",
        namespace: "kube-system",
        cluster: c.name,
        kind: "bundled",
        selector: { "k8s-app": "kube-dns" },
        ports: [
          { name: "dns", port: 53, protocol: "UDP", ...(net.coredns === "remapped" ? { targetPort: 1053 } : {}) },
          { name: "dns-tcp", port: 53, protocol: "TCP", ...(net.coredns === "remapped" ? { targetPort: 1053 } : {}) },
          { name: "metrics", port: 9153, metrics: true },
        ],
      });
    }
    if (net.helmTraefik) {
      const t = spec.services.find((s: any) => s.cluster === c.name && s.name === "traefik");
      t.kind = "helm";
      t.chart = { repo: "https://traefik.github.io/charts", name: "traefik", version: "30.0.0" };
    }
    if (net.systemDeployment) {
      spec.services.push({ name: "metrics-server", namespace: "kube-system", cluster: c.name, image: "registry.example.com/metrics-server:1.0", ports: [{ name: "https", port: 10250, metrics: true }] });
    }
    // Cilium serves a Gateway API ingress through the Service it names cilium-gateway-<Gateway> (else PC1115).
    const [gwNs, gwName] = c.ingress?.type === "gateway-api" && c.cni?.name === "cilium" ? c.ingress.service.split("/") : [];
    const gw = spec.services.find((s: any) => s.cluster === c.name && s.namespace === gwNs && s.name === gwName && s.kind === "bundled");
    if (gw) {
      gw.name = `cilium-gateway-${c.ingress.className}`;
      c.ingress.service = `${gwNs}/${gw.name}`;
    }
  }
  return spec;
}
