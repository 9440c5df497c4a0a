// MetalLB as the spec's pools need it (issue 12, point 10): bluerobin names MetalLB pools and no release, so platformc
// installs MetalLB itself, in its own privileged namespace, in a layer the pools wait for; the pools' apiVersions are
// ones that release serves; MetalLB's own traffic is allowed; and a ClusterIssuer nothing writes is an error.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec, type Built } from "./world.js";

// metallb/metallb charts/metallb/charts/crds/templates/crds.yaml, v0.13.0 through v0.15.3: every kind served at
// v1beta1 except BGPPeer, served at v1beta1 (deprecated from 0.14) and v1beta2 (the stored version). Releases
// outside the versions read have no entry, so a pool written for them fails the test.
const SERVED_BY_MINOR: Record<string, Record<string, string[]>> = Object.fromEntries(
  ["0.13", "0.14", "0.15"].map((minor) => [minor, { IPAddressPool: ["v1beta1"], L2Advertisement: ["v1beta1"], BGPAdvertisement: ["v1beta1"], BGPPeer: ["v1beta1", "v1beta2"] }]),
);

/** The kinds and versions the cluster's MetalLB release serves, from the HelmRelease that installs it. */
function served(b: Built, file: string): Record<string, string[]> {
  const rel = docs(b, file).find((o) => o.kind === "HelmRelease" && o.spec.chart.spec.chart === "metallb");
  expect(rel, "the HelmRelease of the metallb chart").toBeDefined();
  const minor = String(rel!.spec.chart.spec.version).replace(/^v/, "").split(".").slice(0, 2).join(".");
  expect(SERVED_BY_MINOR[minor], `MetalLB ${rel!.spec.chart.spec.version}`).toBeDefined();
  return SERVED_BY_MINOR[minor]!;
}

// charts/metallb/templates/_helpers.tpl, controller.yaml, speaker.yaml (v0.15.3): the pods carry
// app.kubernetes.io/name (the chart's name), app.kubernetes.io/instance (the release) and the component; the
// controller's webhook listens on 9443 (webhook-server), the speakers' memberlist on 7946.
const pod = (component: string) => ({ "app.kubernetes.io/name": "metallb", "app.kubernetes.io/instance": "metallb", "app.kubernetes.io/component": component });

const cluster = "bluerobin-local";
const root = `clusters/${cluster}`;

function fluxKustomizations(b: Built): Array<{ layer: string; doc: Record<string, any> }> {
  const out: Array<{ layer: string; doc: Record<string, any> }> = [];
  for (const f of b.files) {
    const m = /\/gitops\/layers\/([^/]+)\//.exec(f.path);
    if (!m || !f.path.startsWith(root)) continue;
    for (const d of YAML.parseAllDocuments(f.content).map((x) => x.toJS() as Record<string, any>)) if (d?.kind === "Kustomization" && d.apiVersion?.startsWith("kustomize.toolkit.fluxcd.io")) out.push({ layer: m[1]!, doc: d });
  }
  return out;
}

describe("bluerobin: MetalLB is installed before its pools", () => {
  const b = build(seedSpec("bluerobin"));
  const c = b.graph.clusters.find((x) => x.name === cluster)!;

  it("the namespace metallb-system exists with pod security privileged (the speaker runs on the host network)", () => {
    const [ns] = docs(b, `${root}/namespaces/metallb-system/namespace.yaml`);
    expect(ns!.kind).toBe("Namespace");
    for (const mode of ["enforce", "audit", "warn"]) expect(ns!.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe("privileged");
  });

  it("a Flux HelmRelease installs the metallb chart from MetalLB's repository at a pinned version, CRDs included", () => {
    const objs = docs(b, `${root}/namespaces/metallb-system/metallb.yaml`);
    const repo = objs.find((o) => o.kind === "HelmRepository")!;
    const rel = objs.find((o) => o.kind === "HelmRelease")!;
    expect(repo.spec.url).toBe("https://metallb.github.io/metallb");
    expect(rel.metadata.namespace).toBe("metallb-system");
    expect(rel.spec.chart.spec.chart).toBe("metallb");
    expect(rel.spec.chart.spec.version).toMatch(/^0\.1[3-5]\.\d+$/);
    // crds.enabled defaults to true in the chart: the values must not switch the CRDs off
    expect(rel.spec.values?.crds?.enabled).not.toBe(false);
    expect(rel.spec.install.crds).toBe("CreateReplace");
  });

  it("the pools' root comes in the same layer after the MetalLB root, or in a later layer", () => {
    const ks = fluxKustomizations(b);
    const metallb = ks.find((k) => String(k.doc.spec.path).endsWith("/namespaces/metallb-system"));
    const infra = ks.find((k) => String(k.doc.spec.path).endsWith(`/${cluster}/infrastructure`));
    expect(metallb, "a Kustomization applies namespaces/metallb-system").toBeDefined();
    expect(infra, "a Kustomization applies infrastructure").toBeDefined();
    const order = (l: string) => c.layerOrder.indexOf(l);
    expect(order(metallb!.layer)).toBeGreaterThanOrEqual(0);
    expect(order(metallb!.layer)).toBeLessThanOrEqual(order(infra!.layer));
    if (metallb!.layer === infra!.layer) expect((infra!.doc.spec.dependsOn ?? []).map((d: { name: string }) => d.name)).toContain(metallb!.doc.metadata.name);
  });

  it("the pools and the L2 advertisement are in MetalLB's namespace, at API versions the installed release serves", () => {
    const SERVED = served(b, `${root}/namespaces/metallb-system/metallb.yaml`);
    const infra = docs(b, `${root}/infrastructure/infrastructure.yaml`).filter((o) => String(o.apiVersion).startsWith("metallb.io/"));
    expect(infra.map((o) => o.kind).sort()).toEqual(["IPAddressPool", "L2Advertisement"]);
    for (const o of infra) {
      expect(o.metadata.namespace).toBe("metallb-system");
      expect(SERVED[o.kind], o.kind).toContain(String(o.apiVersion).split("/")[1]);
    }
  });

  it("MetalLB's own traffic is allowed: the API server reaches the webhook, controller and speaker reach the API server", () => {
    const w = new World(b);
    const api = w.apiServer(cluster);
    const controller = w.pod(cluster, "metallb-system", pod("controller"), [{ name: "webhook-server", port: 9443 }]);
    const speaker = w.pod(cluster, "metallb-system", pod("speaker"), [{ name: "memberlist-tcp", port: 7946 }, { name: "memberlist-udp", port: 7946, protocol: "UDP" }]);
    w.expectAllowed(api, controller, [["TCP", 9443]], "kube-apiserver -> metallb-controller webhook");
    w.expectAllowed(controller, api, [["TCP", c.apiEndpoint.port]], "metallb-controller -> kube-apiserver");
    w.expectAllowed(speaker, api, [["TCP", c.apiEndpoint.port]], "metallb-speaker -> kube-apiserver");
    const other = w.pod(cluster, "metallb-system", pod("speaker"), [{ name: "memberlist-tcp", port: 7946 }, { name: "memberlist-udp", port: 7946, protocol: "UDP" }]);
    w.expectAllowed(speaker, other, [["TCP", 7946], ["UDP", 7946]], "speaker <-> speaker memberlist");
    // nothing else gets into the controller
    expect(w.allowed(w.internet(), controller).has("TCP", 9443)).toBe(false);
  });
});

describe("MetalLB's release, as the spec chooses it", () => {
  it("loadBalancer.version pins the release platformc installs", () => {
    const spec = seedSpec("bluerobin");
    spec.clusters[0].loadBalancer.version = "0.14.9";
    const b = build(spec);
    const rel = docs(b, `${root}/namespaces/metallb-system/metallb.yaml`).find((o) => o.kind === "HelmRelease")!;
    expect(rel.spec.chart.spec.version).toBe("0.14.9");
  });

  it("loadBalancer.version on another load balancer is ignored, and says so (PC0707)", () => {
    const spec = seedSpec("elysium");
    spec.clusters[0].loadBalancer.version = "0.15.3";
    const r = compileObject(spec);
    expect(r.errors).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === "PC0707").map((d) => d.message)).toEqual(["loadBalancer.version is the MetalLB chart's; cluster `kyrion` uses servicelb"]);
  });

  it("with Argo CD, an Application installs the chart into metallb-system", () => {
    const spec = seedSpec("bluerobin");
    spec.clusters[0].gitops.tool = "argocd";
    const b = build(spec);
    const app = docs(b, `${root}/namespaces/metallb-system/metallb.yaml`).find((o) => o.kind === "Application")!;
    expect(app.spec.source).toMatchObject({ repoURL: "https://metallb.github.io/metallb", chart: "metallb", targetRevision: "0.15.3" });
    expect(app.spec.destination.namespace).toBe("metallb-system");
  });

  it("BGP mode: peers and advertisement at served versions", () => {
    const spec = seedSpec("bluerobin");
    spec.clusters[0].loadBalancer.mode = "bgp";
    spec.clusters[0].bgp = { asn: 64512, peers: [{ name: "router", address: "192.168.0.1", asn: 64513 }] };
    const b = build(spec);
    const SERVED = served(b, `${root}/namespaces/metallb-system/metallb.yaml`);
    const infra = docs(b, `${root}/infrastructure/infrastructure.yaml`).filter((o) => String(o.apiVersion).startsWith("metallb.io/"));
    expect(infra.map((o) => o.kind).sort()).toEqual(["BGPAdvertisement", "BGPPeer", "IPAddressPool"]);
    for (const o of infra) expect(SERVED[o.kind], o.kind).toContain(String(o.apiVersion).split("/")[1]);
  });

  it("a spec that installs MetalLB itself gets no second release, and its pools go to its namespace", () => {
    const spec = seedSpec("bluerobin");
    spec.namespaces.push({ name: "lb", podSecurity: "privileged", layer: "infrastructure" });
    spec.services.push({ name: "metallb", namespace: "lb", kind: "helm", chart: { repo: "https://metallb.github.io/metallb", name: "metallb", version: "0.14.9" } });
    const b = build(spec);
    expect(b.files.some((f) => f.path.includes("/namespaces/metallb-system/"))).toBe(false);
    const infra = docs(b, `${root}/infrastructure/infrastructure.yaml`).filter((o) => String(o.apiVersion).startsWith("metallb.io/"));
    for (const o of infra) expect(o.metadata.namespace).toBe("lb");
  });

  it("MetalLB in a namespace whose pod security refuses the speaker is an error", () => {
    const spec = seedSpec("bluerobin");
    spec.namespaces.push({ name: "lb", layer: "infrastructure" });
    spec.services.push({ name: "metallb", namespace: "lb", kind: "helm", chart: { repo: "https://metallb.github.io/metallb", name: "metallb", version: "0.15.3" } });
    const r = compileObject(spec);
    expect(r.errors).toEqual(["PC1003"]);
    expect(r.diagnostics.find((d) => d.code === "PC1003")!.message).toContain("MetalLB's speaker");
  });
});

describe("ClusterIssuers platformc does not write", () => {
  it("bluerobin without acme: its Certificates name an issuer nothing creates (PC1118, at ingress.certIssuer)", () => {
    const spec = seedSpec("bluerobin");
    delete spec.clusters[0].ingress.acme;
    const r = compileObject(spec);
    expect(r.errors).toEqual(["PC1118"]);
    const d = r.diagnostics.find((x) => x.code === "PC1118")!;
    expect(d.message).toContain("ClusterIssuer `letsencrypt`");
    expect(d.help).toContain("acme");
  });

  it("with acme, the ClusterIssuer the Certificates name is written", () => {
    const b = build(seedSpec("bluerobin"));
    const issuers = docs(b, `${root}/infrastructure/infrastructure.yaml`).filter((o) => o.kind === "ClusterIssuer");
    expect(issuers.map((o) => o.metadata.name)).toEqual([b.graph.clusters[0]!.ingress!.certIssuer]);
  });
});
