// Route backends of Helm releases the catalog knows (issue 12, point 8): every ingress type names the chart's own
// Service and port (argocd-server, authentik-server, gitlab-webservice-default), not the spec service's name,
// which no chart creates; a chart the catalog does not know keeps the spec's name and its PC1205 warning.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { build, docs, seedSpec } from "./world.js";
import { compileObject } from "../support/compile.js";

const BACKENDS = [
  { app: "argocd", service: "argocd-server", port: 80 },
  { app: "authentik", service: "authentik-server", port: 80 },
];

function axiomlayer(type: "traefik" | "nginx" | "gateway-api") {
  const spec = seedSpec("axiomlayer");
  const c = spec.clusters[0];
  if (type !== "traefik") c.ingress = { ...c.ingress, type, className: type === "nginx" ? "nginx" : "public" };
  // Gateway API has no forward auth (PC1004)
  if (type === "gateway-api") for (const s of spec.services) for (const r of s.ingress ?? []) delete r.auth;
  return build(spec);
}

const file = (app: string) => `clusters/homelab/namespaces/${app}/${app}.yaml`;

describe("route backends name the chart's Service", () => {
  it("Traefik IngressRoute", () => {
    const b = axiomlayer("traefik");
    for (const x of BACKENDS) {
      const r = docs(b, file(x.app)).find((d) => d.kind === "IngressRoute")!;
      expect(r.spec.routes[0].services, x.app).toEqual([{ name: x.service, port: x.port }]);
    }
  });

  it("ingress-nginx Ingress", () => {
    const b = axiomlayer("nginx");
    for (const x of BACKENDS) {
      const r = docs(b, file(x.app)).find((d) => d.kind === "Ingress")!;
      expect(r.spec.rules[0].http.paths[0].backend, x.app).toEqual({ service: { name: x.service, port: { number: x.port } } });
    }
  });

  it("Gateway API HTTPRoute", () => {
    const b = axiomlayer("gateway-api");
    for (const x of BACKENDS) {
      const r = docs(b, file(x.app)).find((d) => d.kind === "HTTPRoute")!;
      expect(r.spec.rules[0].backendRefs, x.app).toEqual([{ name: x.service, port: x.port }]);
    }
  });

  it("monosense: GitLab's HTTPRoute goes to gitlab-webservice-default, Workhorse's 8181", () => {
    const b = build(seedSpec("monosense"));
    const r = docs(b, "clusters/apps/namespaces/gitlab/gitlab.yaml").find((d) => d.kind === "HTTPRoute")!;
    expect(r.spec.rules[0].backendRefs).toEqual([{ name: "gitlab-webservice-default", port: 8181 }]);
  });
});

describe("a chart the catalog does not know", () => {
  it("keeps the spec's name as the backend and the PC1205 warning", () => {
    const spec = seedSpec("axiomlayer");
    const plane = spec.services.find((s: any) => s.name === "plane");
    delete plane.selector;
    const r = compileObject(spec);
    expect(r.errors).toEqual([]);
    const route = YAMLdocs(r.files!, file("plane")).find((d) => d.kind === "IngressRoute")!;
    expect(route.spec.routes[0].services).toEqual([{ name: "plane", port: 3000 }]);
    expect(r.diagnostics.filter((d) => d.code === "PC1205").map((d) => d.message).join("\n")).toContain("`plane`");
  });
});

function YAMLdocs(files: ReadonlyArray<{ path: string; content: string }>, path: string): Array<Record<string, any>> {
  return YAML.parseAllDocuments(files.find((f) => f.path === path)!.content).map((d) => d.toJS());
}
