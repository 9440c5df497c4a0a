// Diagnostics that fired on legitimate real configurations (issue 14, "False or noisy diagnostics"): each case here
// is a configuration a real platform has, which must compile quietly, beside the case the diagnostic exists for,
// which must still be reported.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";
import { compileObject, type Compiled } from "../support/compile.js";
import { clusterRoots } from "../../src/plan/roots.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";

const svc = (s: any, name: string) => s.services.find((x: any) => x.name === name);
const ns = (s: any, name: string) => s.namespaces.find((x: any) => x.name === name);
const cluster = (s: any) => s.clusters[0];
const compile = (mutate: (s: any) => void): Compiled => {
  const s = baseSpec();
  mutate(s);
  return compileObject(s);
};
const of = (r: Compiled, code: string) => r.diagnostics.filter((d) => d.code === code);
const text = (r: Compiled, code: string) => of(r, code).map((d) => renderDiagnostic(d, { color: false })).join("\n");
/** No namespace of the base gets network policies. */
const noPolicies = (s: any) => {
  for (const n of s.namespaces) n.defaultDeny = false;
};

describe("PC0309: a flow to an external endpoint known by hostname only", () => {
  const mirror = (s: any) => {
    s.externals.push({ name: "mirror", hostname: "mirror.example.org", ports: [{ name: "https", port: 443 }] });
    svc(s, "api").flows.push({ to: "external:mirror", label: "package mirror" });
  };

  it("compiles where no policy restricts the flow's source, and the flow stays in the graph", () => {
    const r = compile((s) => {
      mirror(s);
      ns(s, "apps").defaultDeny = false;
    });
    expect(r.errors).toEqual([]);
    expect(of(r, "PC0309")).toEqual([]);
    const api = r.graph!.clusters[0]!.services.find((x) => x.name === "api")!;
    expect(api.flows.map((f) => f.target)).toContainEqual({ kind: "external", name: "mirror", port: 443, protocol: "TCP", ranges: [] });
    // no policy file for apps, so nothing names the missing address
    expect(r.files!.some((f) => f.path === "clusters/main/namespaces/apps/network-policies.yaml")).toBe(false);
  });

  it("is an error where the source's namespace gets policies, with the help saying how to give the address", () => {
    const r = compile(mirror);
    expect(r.errors).toEqual(["PC0309"]);
    const t = text(r, "PC0309");
    expect(t).toContain("external `mirror` has no address, and the egress policy of `apps/api`");
    expect(t).toContain("add address: to external `mirror`: an IP, a CIDR or a range (the addresses mirror.example.org resolves to)");
    expect(t).toContain("or set defaultDeny: false on namespace `apps`");
  });
});

describe("PC1203: two Services in front of one pod set", () => {
  /** web-lb: a second Service in front of web's pods, as a bundled service naming them */
  const secondService = (s: any) => s.services.push({ name: "web-lb", namespace: "apps", kind: "bundled", selector: { "app.kubernetes.io/name": "web" }, ports: [{ name: "http", port: 80 }] });

  it("is accepted in a namespace without policies", () => {
    const r = compile((s) => {
      secondService(s);
      ns(s, "apps").defaultDeny = false;
    });
    expect(of(r, "PC1203")).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it("stays an error where the bundled service's open policy would open the other's pods", () => {
    const r = compile(secondService);
    expect(r.errors).toEqual(["PC1203"]);
    expect(text(r, "PC1203")).toContain("`web-lb` is bundled");
    expect(text(r, "PC1203")).toContain("declare the ports of `web-lb` on `web`");
  });

  it("still catches two workloads of which one selects the other's pods, with or without policies", () => {
    for (const deny of [true, false]) {
      const r = compile((s) => {
        if (!deny) noPolicies(s);
        svc(s, "web").selector = { tier: "front" };
        svc(s, "api").labels = { tier: "front" };
      });
      expect(r.errors).toEqual(["PC1203"]);
      expect(text(r, "PC1203")).toContain("pods of `api` carry every label of the selector of `web`");
    }
  });

  it("still catches a workload whose selector takes a bundled service's own pods", () => {
    const r = compile((s) => {
      noPolicies(s);
      // proxy's Deployment and Service would take over the pods of the distribution's Traefik
      s.services.push({ name: "proxy", namespace: "kube-system", image: "registry.example.com/proxy:1.0", selector: { "app.kubernetes.io/name": "traefik" }, ports: [{ name: "http", port: 8080 }] });
    });
    expect(r.errors).toContain("PC1203");
    expect(of(r, "PC1203").map((d) => d.message)).toContain("pods of `traefik` carry every label of the selector of `proxy` (app.kubernetes.io/name=traefik) in namespace `kube-system`");
  });
});

describe("PC1306: external-dns found by its chart, under any name, several per cluster", () => {
  const chart = { repo: "https://kubernetes-sigs.github.io/external-dns/", name: "external-dns", version: "1.18.0" };
  const release = (name: string, namespace: string, values: Record<string, unknown>) => ({ name, namespace, kind: "helm", chart: { ...chart, values: { sources: ["crd"], ...values } } });
  const zone = (s: any) => Object.assign(s.dns.zones[0], { provider: "external-dns", cluster: "main" });
  const endpointsNamespace = (r: Compiled) => {
    const f = r.files!.find((x) => x.path === "clusters/main/dns-endpoints/dns-endpoints.yaml")!;
    return YAML.parseAllDocuments(f.content).map((d) => d.toJS().metadata.namespace);
  };

  it("a release named otherwise syncs the zone, and its layer applies the DNSEndpoints", () => {
    const r = compile((s) => {
      zone(s);
      s.services.push(release("dns-public", "data", {}));
    });
    expect(of(r, "PC1306")).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(endpointsNamespace(r)).toEqual(["data"]);
    const c = r.graph!.clusters[0]!;
    expect(clusterRoots(r.graph!, c).find((x) => x.id === "dns-endpoints")?.layer).toBe("infra");
  });

  it("with several instances, the zone goes to the one whose domainFilters cover it", () => {
    const r = compile((s) => {
      zone(s);
      // apps/dns-internal comes first by id, but manages another domain
      s.services.push(release("dns-internal", "apps", { domainFilters: ["home.arpa"] }), release("dns-public", "data", { domainFilters: ["example.com"] }));
    });
    expect(of(r, "PC1306")).toEqual([]);
    expect(endpointsNamespace(r)).toEqual(["data"]);
    expect(clusterRoots(r.graph!, r.graph!.clusters[0]!).find((x) => x.id === "dns-endpoints")?.layer).toBe("infra");
  });

  it("is reported when no instance runs, or none covers the zone, or the one that does reads another namespace", () => {
    const none = compile(zone);
    expect(none.errors).toEqual(["PC1306"]);
    expect(text(none, "PC1306")).toContain("cluster `main` runs no external-dns");
    const filtered = compile((s) => {
      zone(s);
      s.services.push(release("dns-internal", "apps", { domainFilters: ["home.arpa"] }));
    });
    expect(filtered.errors).toEqual(["PC1306"]);
    expect(text(filtered, "PC1306")).toContain("no external-dns of cluster `main` has a domainFilter that covers it");
    expect(text(filtered, "PC1306")).toContain("add lab.example.com to the domainFilters");
    const namespaced = compile((s) => {
      zone(s);
      s.dns.zones.push({ name: "example.net", provider: "external-dns", cluster: "main" });
      s.services.push(release("dns-public", "data", { domainFilters: ["example.com"] }), release("dns-net", "apps", { domainFilters: ["example.net"], namespaced: true }));
    });
    expect(namespaced.errors).toEqual(["PC1306"]);
    expect(text(namespaced, "PC1306")).toContain("`apps/dns-net`, which syncs it, reads its own namespace only");
  });
});

describe("PC1205: assumed Helm labels, only where a policy names them", () => {
  /** runner: a Helm release of a chart the catalog does not know, with a flow to api and one from web */
  const runner = (namespace: string) => (s: any) => {
    s.services.push({ name: "runner", namespace, kind: "helm", chart: { repo: "https://example.com/charts", name: "runner", version: "1.0.0" }, ports: [{ name: "http", port: 8080 }], flows: [{ to: "apps/api", port: "http" }] });
    svc(s, "web").flows.push({ to: `${namespace}/runner` });
  };

  it("is silent on a platform that emits no NetworkPolicy", () => {
    const r = compile((s) => {
      noPolicies(s);
      runner("data")(s);
    });
    // only the namespace of the MetalLB the pool implies keeps its policies, and no flow of runner's touches it
    expect(r.files!.filter((f) => f.path.endsWith("/network-policies.yaml")).map((f) => f.path)).toEqual(["clusters/main/namespaces/metallb-system/network-policies.yaml"]);
    expect(of(r, "PC1205")).toEqual([]);
  });

  it("warns once per release where its own policies name it, however many flows use it", () => {
    const r = compile(runner("data"));
    expect(of(r, "PC1205")).toHaveLength(1);
    expect(text(r, "PC1205")).toContain("the policies of `data/runner`");
  });

  it("warns where only a restricted peer's rules name the release", () => {
    const r = compile((s) => {
      s.namespaces.push({ name: "ci", defaultDeny: false });
      runner("ci")(s);
    });
    expect(of(r, "PC1205")).toHaveLength(1);
    const t = text(r, "PC1205");
    expect(t).toContain("the rules of `apps/api`");
    expect(t).toContain("the rules of `apps/web`");
    expect(t).not.toContain("the policies of `ci/runner`");
  });
});

describe("PC1102 and installDisk: node settings", () => {
  /** the base cluster on Talos (as test/unit/diagnostics.test.ts talosify), at a release newer than platformc knows */
  const talosNewer = (s: any) => {
    Object.assign(cluster(s), { distribution: "talos", cni: { name: "cilium" }, version: "v1.99.0" });
    for (const n of cluster(s).nodes) n.interface = "eth0";
    Object.assign(svc(s, "traefik"), { kind: "helm", chart: { repo: "https://traefik.github.io/charts", name: "traefik", version: "36.3.0" } });
    ns(s, "kube-system").defaultDeny = false;
  };

  it("PC1102's help asks for kubernetesVersion only when it is not set", () => {
    const unset = compile(talosNewer);
    expect(of(unset, "PC1102")).toHaveLength(1);
    expect(of(unset, "PC1102")[0]!.help).toMatch(/^set kubernetesVersion to the Kubernetes release you run: without it the configs name Kubernetes v1\.\d+\.\d+/);
    const set = compile((s) => {
      talosNewer(s);
      cluster(s).kubernetesVersion = "1.40.1";
    });
    expect(of(set, "PC1102")).toHaveLength(1);
    const help = of(set, "PC1102")[0]!.help!;
    expect(help).not.toContain("set kubernetesVersion");
    expect(help).toContain("kubernetesVersion 1.40.1 is used as declared");
  });

  it("installDisk on a K3s node is reported, not ignored", () => {
    const r = compile((s) => (cluster(s).nodes[0].installDisk = "/dev/nvme0n1"));
    expect(r.errors).toEqual(["PC1124"]);
    expect(text(r, "PC1124")).toContain("installDisk of node `cp1` is for Talos clusters, and cluster `main` runs K3s");
    expect(compile((s) => (s.clusters[0].nodes[0].installDisk = undefined)).errors).toEqual([]);
  });
});

describe("PC1001: a layer using a CRD from a layer it does not depend on", () => {
  /** cert-manager in its own layer `certs`, which neither waits for `infra` nor is waited for; db's route needs its CRDs */
  const sibling = (tool: "flux" | "argocd") => (s: any) => {
    Object.assign(cluster(s).gitops, { tool });
    cluster(s).gitops.layers.push({ name: "certs" });
    s.namespaces.push({ name: "cert-manager", layer: "certs" });
    cluster(s).ingress.certIssuer = "letsencrypt";
    cluster(s).ingress.acme = { email: "ops@example.com" };
    s.services.push({ name: "cert-manager", namespace: "cert-manager", kind: "helm", chart: { repo: "https://charts.jetstack.io", name: "cert-manager", version: "v1.16.2" } });
    svc(s, "db").ingress = [{ host: "db" }];
  };

  it("is a warning with the fix when the installing layer runs anyway and a retry converges (Flux)", () => {
    const r = compile(sibling("flux"));
    expect(r.errors).toEqual([]);
    const d = of(r, "PC1001").find((x) => x.message.includes("layer `infra`"))!;
    expect(d.severity).toBe("warning");
    expect(d.help).toContain("add `certs` to dependsOn of layer `infra`");
    expect(d.notes.join(" ")).toContain("converges on a retry");
    expect(r.files).toBeDefined();
  });

  it("stays an error when the installing layer waits for the user's: it never converges", () => {
    const r = compile((s) => {
      sibling("flux")(s);
      cluster(s).gitops.layers.find((l: any) => l.name === "certs").dependsOn = ["infra"];
    });
    const d = of(r, "PC1001").find((x) => x.message.includes("layer `infra`"))!;
    expect(d.severity).toBe("error");
    expect(d.help).toContain("would be a cycle");
  });

  it("is not reported when one of several providers applies first", () => {
    // two releases of one chart: dns-public's layer comes first, dns-internal's layer (apps) after the DNSEndpoints
    const chart = { repo: "https://kubernetes-sigs.github.io/external-dns/", name: "external-dns", version: "1.18.0" };
    const r = compile((s) => {
      Object.assign(s.dns.zones[0], { provider: "external-dns", cluster: "main" });
      s.services.push({ name: "dns-internal", namespace: "apps", kind: "helm", chart }, { name: "dns-public", namespace: "data", kind: "helm", chart });
    });
    expect(of(r, "PC1001")).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it("stays an error on Argo CD when the installing layer's wave comes later", () => {
    const r = compile(sibling("argocd"));
    const d = of(r, "PC1001").find((x) => x.message.includes("layer `infra`"))!;
    // layers in order infra, apps, certs: certs is synced in the last wave
    expect(r.graph?.clusters[0]?.layerOrder ?? ["infra", "apps", "certs"]).toEqual(["infra", "apps", "certs"]);
    expect(d.severity).toBe("error");
  });
});
