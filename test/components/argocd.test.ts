// Argo CD as its chart runs it (issue 12, point 8): the argo-cd chart's pods must reach each other on the paths the
// chart's own NetworkPolicies admit, and the API server, in the namespace platformc closes with a default deny;
// Traefik's route must name the chart's Service, argocd-server.
import { describe, expect, it } from "vitest";
import { World, build, docs, seedSpec, service } from "./world.js";

// argoproj/argo-helm charts/argo-cd 8.1.3, templates/_common.tpl: argo-cd.selectorLabels gives
// app.kubernetes.io/name: <argo-cd.name>-<component name> (values.yaml nameOverride: argocd) and the instance;
// argo-cd.labels adds the component, part-of: argocd and managed-by.
function argoPod(w: World, cluster: string, ns: string, release: string, component: string, ports: Array<{ name: string; port: number }> = []) {
  return w.pod(cluster, ns, {
    "app.kubernetes.io/name": `argocd-${component}`,
    "app.kubernetes.io/instance": release,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": "argocd",
    "app.kubernetes.io/managed-by": "Helm",
  }, ports);
}

for (const platform of ["axiomlayer", "todoapp"]) {
  describe(`${platform}: Argo CD's own traffic`, () => {
    const b = build(seedSpec(platform));
    const s = service(b, "argocd");
    const w = new World(b);
    const pod = (component: string, ports: Array<{ name: string; port: number }> = []) => argoPod(w, s.cluster, s.namespace, s.name, component, ports);
    const server = pod("server", [{ name: "server", port: 8080 }]);
    const repo = pod("repo-server", [{ name: "repo-server", port: 8081 }]);
    const redis = pod("redis", [{ name: "redis", port: 6379 }]);
    const dex = pod("dex-server", [{ name: "http", port: 5556 }, { name: "grpc", port: 5557 }]);
    const controller = pod("application-controller");
    const appset = pod("applicationset-controller");
    const notifications = pod("notifications-controller");
    const secretInit = pod("redis-secret-init");
    const api = w.apiServer(s.cluster);
    const apiPort = w.cluster(s.cluster).apiEndpoint.port;

    it("the server, the controller and the other controllers reach the repo server on 8081", () => {
      for (const [name, from] of [["server", server], ["application-controller", controller], ["applicationset-controller", appset], ["notifications-controller", notifications]] as const) {
        w.expectAllowed(from, repo, [["TCP", 8081]], `${name} -> argocd-repo-server`);
      }
    });

    it("the server, the repo server and the controller reach Redis on 6379", () => {
      for (const [name, from] of [["server", server], ["repo-server", repo], ["application-controller", controller]] as const) {
        w.expectAllowed(from, redis, [["TCP", 6379]], `${name} -> argocd-redis`);
      }
    });

    it("the server reaches Dex on 5556 and 5557", () => {
      w.expectAllowed(server, dex, [["TCP", 5556], ["TCP", 5557]], "argocd-server -> argocd-dex-server");
    });

    it("every workload that holds a token reaches the API server", () => {
      for (const [name, from] of [["application-controller", controller], ["server", server], ["dex-server", dex], ["applicationset-controller", appset], ["notifications-controller", notifications], ["redis-secret-init", secretInit]] as const) {
        w.expectAllowed(from, api, [["TCP", apiPort]], `${name} -> kube-apiserver`);
      }
    });

    it("Redis opens to no one else: Dex may not reach it", () => {
      expect(w.allowed(dex, redis).has("TCP", 6379)).toBe(false);
    });
  });
}

describe("a spec selector for the server alone", () => {
  const spec = seedSpec("axiomlayer");
  spec.services.find((x: any) => x.name === "argocd").selector = { "app.kubernetes.io/name": "argocd-server" };
  const b = build(spec);
  const s = service(b, "argocd");
  const w = new World(b);

  it("leaves the declared flows to the server, and the chart's own flows to every workload", () => {
    const controller = argoPod(w, s.cluster, s.namespace, s.name, "application-controller");
    const repo = argoPod(w, s.cluster, s.namespace, s.name, "repo-server", [{ name: "repo-server", port: 8081 }]);
    const port = w.cluster(s.cluster).apiEndpoint.port;
    w.expectAllowed(controller, w.apiServer(s.cluster), [["TCP", port]], "application-controller -> kube-apiserver");
    w.expectAllowed(controller, repo, [["TCP", 8081]], "application-controller -> argocd-repo-server");
    // Git is the spec's flow (`to: external:github`) of the release's selector: the server, not the repo server.
    expect(w.allowed(repo, w.internet()).has("TCP", 443)).toBe(false);
  });
});

describe("axiomlayer: Argo CD's route", () => {
  const b = build(seedSpec("axiomlayer"));
  const s = service(b, "argocd");
  const w = new World(b);

  it("Traefik's IngressRoute names the chart's Service argocd-server on its http port", () => {
    const route = docs(b, "clusters/homelab/namespaces/argocd/argocd.yaml").find((d) => d.kind === "IngressRoute")!;
    expect(route.spec.routes.map((r: any) => r.services)).toEqual([[{ name: "argocd-server", port: 80 }]]);
  });

  it("Traefik reaches the server pods on the container port behind it, 8080", () => {
    const traefik = w.servicePod(service(b, "traefik"));
    const server = argoPod(w, s.cluster, s.namespace, s.name, "server", [{ name: "server", port: 8080 }]);
    w.expectAllowed(traefik, server, [["TCP", 8080]], "traefik -> argocd-server");
  });
});
