// Gateway API served by Cilium (issue 12, point 5), on monosense: the Gateway the HTTPRoutes name exists, on Cilium's
// GatewayClass, with a listener per route hostname and the address the spec gives its Service; Cilium runs its Gateway
// controller (gatewayAPI.enabled in the bootstrap values and in the HelmRelease alike, the CRDs applied before Cilium
// starts); and the backends admit what Cilium's Envoy delivers, which arrives from the reserved `ingress` identity.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { World, build, docs, seedSpec, service, type Built } from "./world.js";
import { compileText } from "../support/compile.js";
import { Evaluator, type Endpoint } from "../support/netpol-eval.js";
import { buildModel, policiesFromFiles } from "../netpol/model.js";

const CLUSTERS = ["apps", "infra"] as const;

function objects(b: Built, cluster: string): Array<Record<string, any>> {
  return b.files.filter((f) => f.path.startsWith(`clusters/${cluster}/`) && f.path.endsWith(".yaml")).flatMap((f) => docs(b, f.path));
}

// Cilium's operator (operator/pkg/model/translation/gateway-api: ciliumGatewayPrefix) serves Gateway <name> through the
// Service cilium-gateway-<name> of the Gateway's namespace; Envoy's traffic carries the reserved ingress identity
// (Documentation/network/servicemesh/ingress-reference.rst), here an endpoint of its own.
const envoy = (cluster: string): Endpoint => ({ kind: "ingress", id: `${cluster}/(ingress)`, cluster });

describe("monosense: the Gateway the HTTPRoutes attach to", () => {
  const b = build(seedSpec("monosense"));

  for (const cluster of CLUSTERS) {
    const all = objects(b, cluster);
    const gateways = all.filter((d) => d.kind === "Gateway");
    const routes = all.filter((d) => d.kind === "HTTPRoute");

    it(`${cluster}: one Gateway on Cilium's class, where the spec's gateway Service says`, () => {
      expect(gateways).toHaveLength(1);
      const gw = gateways[0]!;
      expect(gw.apiVersion).toBe("gateway.networking.k8s.io/v1");
      expect(gw.spec.gatewayClassName).toBe("cilium");
      const svc = service(b, `cilium-gateway-${gw.metadata.name}`, cluster);
      expect(svc.namespace).toBe(gw.metadata.namespace);
      const ip = svc.ports.find((p) => p.expose === "LoadBalancer")!.loadBalancerIP!.text;
      expect(gw.spec.addresses).toEqual([{ type: "IPAddress", value: ip }]);
      // the class is the one Cilium's chart creates (templates/cilium-gateway-api-class.yaml), not a second one
      expect(all.filter((d) => d.kind === "GatewayClass")).toEqual([]);
    });

    it(`${cluster}: every HTTPRoute's parentRef is that Gateway, and a listener serves each of its hostnames`, () => {
      const gw = gateways[0]!;
      expect(routes.length).toBeGreaterThan(0);
      const listeners: any[] = gw.spec.listeners;
      const certs = all.filter((d) => d.kind === "Certificate" && d.metadata.namespace === gw.metadata.namespace);
      for (const r of routes) {
        for (const ref of r.spec.parentRefs) {
          expect(ref.name, r.metadata.name).toBe(gw.metadata.name);
          expect(ref.namespace ?? r.metadata.namespace, r.metadata.name).toBe(gw.metadata.namespace);
          expect(ref.kind ?? "Gateway").toBe("Gateway");
          if (ref.sectionName) expect(listeners.map((l) => l.name)).toContain(ref.sectionName);
        }
        for (const host of r.spec.hostnames) {
          // a route of another namespace attaches only where the listener lets every namespace in
          const http = listeners.find((l) => l.protocol === "HTTP" && l.port === 80 && !l.hostname);
          expect(http?.allowedRoutes?.namespaces?.from, `HTTP listener for ${host}`).toBe("All");
          const https = listeners.find((l) => l.protocol === "HTTPS" && l.port === 443 && l.hostname === host);
          expect(https, `HTTPS listener for ${host}`).toBeDefined();
          expect(https.allowedRoutes.namespaces.from).toBe("All");
          expect(https.tls.mode).toBe("Terminate");
          // the Secret is the one the Certificate for that host fills, in the Gateway's namespace
          const secret = https.tls.certificateRefs[0].name;
          expect(certs.some((c) => c.spec.secretName === secret && c.spec.dnsNames.includes(host)), `Certificate for ${host}`).toBe(true);
        }
      }
    });
  }
});

describe("monosense: Cilium runs its Gateway controller", () => {
  const b = build(seedSpec("monosense"));
  for (const cluster of CLUSTERS) {
    it(`${cluster}: gatewayAPI in the bootstrap values equals the HelmRelease's, with the chart creating GatewayClass cilium`, () => {
      const bootstrap = docs(b, `nodes/${cluster}/cilium-values.yaml`)[0]!;
      const release = docs(b, `clusters/${cluster}/namespaces/kube-system/cilium.yaml`).find((d) => d.kind === "HelmRelease")!;
      // install/kubernetes/cilium/values.yaml: gatewayAPI.enabled (default false); gatewayClass.create "auto" skips the
      // class when the CRD is missing at render time, "true" always renders it
      expect(bootstrap.gatewayAPI).toEqual({ enabled: true, gatewayClass: { create: "true" } });
      expect(release.spec.values.gatewayAPI).toEqual(bootstrap.gatewayAPI);
      // Cilium's Gateway API needs kube-proxy replacement (or NodePort): monosense has it
      expect(release.spec.values.kubeProxyReplacement).toBe(true);
    });

    it(`${cluster}: the bootstrap applies Gateway API v1.2.0's CRDs (Cilium 1.17's) before installing Cilium`, () => {
      const readme = b.files.find((f) => f.path === `nodes/${cluster}/README.md`)!.content;
      const crds = readme.indexOf("kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.0/standard-install.yaml");
      const helm = readme.indexOf("helm install cilium cilium/cilium");
      expect(crds).toBeGreaterThan(-1);
      expect(helm).toBeGreaterThan(crds);
    });
  }

  it("without kube-proxy replacement Cilium's NodePort implementation is switched on, in both installers", () => {
    const spec = seedSpec("monosense");
    for (const c of spec.clusters) c.cni.kubeProxyReplacement = false;
    const nb = build(spec);
    const bootstrap = docs(nb, "nodes/apps/cilium-values.yaml")[0]!;
    const release = docs(nb, "clusters/apps/namespaces/kube-system/cilium.yaml").find((d) => d.kind === "HelmRelease")!;
    expect(bootstrap.nodePort).toEqual({ enabled: true });
    expect(release.spec.values).toEqual(bootstrap);
  });
});

// gitlab-org/charts/gitlab charts/gitlab/charts/webservice/templates/deployment.yaml: pod labels gitlab.standardLabels
// (app: webservice, release, heritage) and gitlab.com/webservice-name: default; Workhorse listens on 8181.
const webservice = (w: World) => w.pod("apps", "gitlab", { app: "webservice", release: "gitlab", heritage: "Helm", "gitlab.com/webservice-name": "default" }, [{ name: "http-workhorse", port: 8181 }]);

describe("monosense: route backends admit Cilium's Envoy", () => {
  const b = build(seedSpec("monosense"));
  const w = new World(b);

  it("GitLab's webservice pods: from the ingress identity on Workhorse's 8181, nothing else", () => {
    const got = w.allowed(envoy("apps"), webservice(w));
    expect(got.has("TCP", 8181)).toBe(true);
    expect(got.has("TCP", 8080)).toBe(false);
  });

  it("Keycloak (infra): from its own cluster's ingress identity on 8080, not from another cluster's", () => {
    const keycloak = w.servicePod(service(b, "keycloak", "infra"));
    w.expectAllowed(envoy("infra"), keycloak, [["TCP", 8080]], "Envoy -> keycloak");
    expect(w.allowed(envoy("apps"), keycloak).has("TCP", 8080)).toBe(false);
  });

  it("the pod label no pod carries is no peer any more", () => {
    const fake = w.pod("apps", "kube-system", { "io.cilium.gateway/owning-gateway": "external" });
    expect(w.allowed(fake, webservice(w)).has("TCP", 8181)).toBe(false);
    const policies = b.files.filter((f) => f.path.endsWith("network-policies.yaml")).map((f) => f.content).join("\n");
    expect(policies).not.toContain("io.cilium.gateway/owning-gateway");
  });
});

describe("a Cilium Gateway on a cluster that emits NetworkPolicies only", () => {
  const spec = seedSpec("monosense");
  for (const c of spec.clusters) c.cni.policy = "kubernetes";
  const b = build(spec);

  it("its backends get one CiliumNetworkPolicy for the ingress identity, which NetworkPolicies cannot name", () => {
    const file = docs(b, "clusters/apps/namespaces/gitlab/network-policies.yaml");
    const cnps = file.filter((d) => d.kind === "CiliumNetworkPolicy");
    expect(cnps.map((d) => d.metadata.name)).toEqual(["gitlab-webservice-allow-gateway"]);
    expect(cnps[0]!.spec.ingress).toEqual([{ fromEntities: ["ingress"], toPorts: [{ ports: [{ port: "8181", protocol: "TCP" }] }] }]);
    // Cilium enforces both kinds and admits what either does
    const model = buildModel(b.graph);
    const ev = new Evaluator(model.world, policiesFromFiles(b.graph, b.files), { kind: "cilium", defaultLocalCluster: true });
    const w = new World(b);
    expect(ev.allowed(envoy("apps"), webservice(w)).has("TCP", 8181)).toBe(true);
  });
});

describe("PC1115: the ingress service is not the Service Cilium makes for the Gateway", () => {
  const text = YAML.stringify(seedSpec("monosense"));

  it("a className that does not match the service: located at ingress.service, with the className that would", () => {
    const bad = text.replace(/className: external/, "className: public");
    const r = compileText(bad);
    const d = r.diagnostics.filter((x) => x.code === "PC1115");
    expect(d).toHaveLength(1);
    expect(d[0]!.severity).toBe("error");
    expect(d[0]!.message).toContain("Service `kube-system/cilium-gateway-public`");
    expect(d[0]!.help).toContain("className: external");
    const at = bad.slice(d[0]!.span!.start, d[0]!.span!.end);
    expect(at).toBe("kube-system/cilium-gateway-external");
    const line = bad.slice(0, d[0]!.span!.start).split("\n").pop()!;
    expect(line.trim()).toBe("service:");
  });

  it("a service named otherwise: the fix is the name Cilium gives it", () => {
    const spec = seedSpec("monosense");
    const infra = spec.clusters.find((c: any) => c.name === "infra");
    infra.ingress.service = "kube-system/gateway";
    spec.services.find((s: any) => s.name === "cilium-gateway-external" && s.cluster === "infra").name = "gateway";
    const r = compileText(YAML.stringify(spec));
    const d = r.diagnostics.filter((x) => x.code === "PC1115");
    expect(d.map((x) => x.message)).toEqual(["cluster `infra` names `kube-system/gateway` as its ingress service, but Cilium serves Gateway `kube-system/external` through Service `kube-system/cilium-gateway-external`"]);
    expect(d[0]!.help).toContain("rename the bundled service to `cilium-gateway-external`");
  });
});
