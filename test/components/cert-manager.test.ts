// cert-manager as its chart runs it (issue 12, point 7), on every seed platform: the API server calls the webhook,
// the controller, webhook, CA injector and startupapicheck Job call the API server, and where platformc writes
// the ACME ClusterIssuer the controller reaches the ACME server (443) and, for DNS-01, nameservers (53).
import { describe, expect, it } from "vitest";
import { World, build, seedSpec } from "./world.js";

// cert-manager/cert-manager deploy/charts/cert-manager (v1.16.2, v1.17.2, v1.18.2): deployment.yaml,
// webhook-deployment.yaml, cainjector-deployment.yaml, startupapicheck-job.yaml label their pods app and
// app.kubernetes.io/name (cert-manager for the controller; webhook, cainjector, startupapicheck fixed), the
// instance and the component; the webhook listens on webhook.securePort, 10250.
function chartPod(w: World, cluster: string, ns: string, release: string, app: string, component: string) {
  return w.pod(cluster, ns, {
    app,
    "app.kubernetes.io/name": app,
    "app.kubernetes.io/instance": release,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/managed-by": "Helm",
  }, component === "webhook" ? [{ name: "https", port: 10250 }] : []);
}

for (const platform of ["axiomlayer", "bluerobin", "elysium", "monosense", "todoapp"]) {
  describe(`${platform}: cert-manager's own traffic`, () => {
    const b = build(seedSpec(platform));
    const w = new World(b);
    const releases = b.graph.clusters.flatMap((c) => c.services).filter((s) => s.chart?.name === "cert-manager");

    it("runs cert-manager", () => expect(releases.length).toBeGreaterThan(0));

    for (const s of releases) {
      const c = w.cluster(s.cluster);
      const pod = (app: string, component: string) => chartPod(w, s.cluster, s.namespace, s.name, app, component);
      const controller = pod("cert-manager", "controller");
      const webhook = pod("webhook", "webhook");
      const api = w.apiServer(s.cluster);

      it(`${s.cluster}: the API server reaches the webhook on its container port 10250`, () => {
        w.expectAllowed(api, webhook, [["TCP", 10250]], "kube-apiserver -> cert-manager-webhook");
      });

      it(`${s.cluster}: controller, webhook, CA injector and startupapicheck reach the API server`, () => {
        for (const [name, from] of [["controller", controller], ["webhook", webhook], ["cainjector", pod("cainjector", "cainjector")], ["startupapicheck", pod("startupapicheck", "startupapicheck")]] as const) {
          w.expectAllowed(from, api, [["TCP", c.apiEndpoint.port]], `${name} -> kube-apiserver`);
        }
      });

      if (c.ingress?.acme) {
        it(`${s.cluster}: with the ACME issuer platformc writes (${c.ingress.acme.solver}), the controller reaches the ACME server and the nameservers`, () => {
          const ports: Array<["TCP" | "UDP", number]> = c.ingress!.acme!.solver === "http01" ? [["TCP", 443], ["TCP", 80]] : [["TCP", 443], ["UDP", 53], ["TCP", 53]];
          w.expectAllowed(controller, w.internet(), ports, "cert-manager -> the internet");
          // the webhook has no business there
          expect(w.allowed(webhook, w.internet()).has("UDP", 53)).toBe(false);
        });
      }
    }
  });
}

// HTTP-01 (bluerobin's ClusterIssuer): cert-manager starts a solver pod beside each Certificate, labelled
// acme.cert-manager.io/http01-solver: "true" and listening on 8089 (pkg/issuer/acme/http/pod.go, http.go), and routes
// the challenge path to it through the ingress class; before asking the ACME server to validate, its controller fetches
// the same URL itself. The host resolves to Traefik's LoadBalancer address, which the cluster's proxy turns into the
// Traefik pod's address: K3s's packaged Traefik listens on the chart's web entry point, 8000, behind its Service's 80.
describe("bluerobin: an HTTP-01 challenge gets through the default deny", () => {
  const b = build(seedSpec("bluerobin"));
  const w = new World(b);
  const cluster = "bluerobin-local";
  const traefik = w.pod(cluster, "kube-system", { "app.kubernetes.io/name": "traefik", "app.kubernetes.io/instance": "traefik-kube-system" }, [{ name: "web", port: 8000 }]);
  const solvers = [...new Set(b.graph.clusters[0]!.services.filter((s) => s.kind !== "bundled" && s.ingress.some((r) => r.tls)).map((s) => s.namespace))];

  it("Traefik reaches the solver pod in every namespace with a TLS route, on 8089 only", () => {
    expect(solvers.length).toBeGreaterThan(2);
    for (const ns of solvers) {
      const solver = w.pod(cluster, ns, { "acme.cert-manager.io/http01-solver": "true", "acme.cert-manager.io/http-domain": "1234", "acme.cert-manager.io/http-token": "5678" }, [{ name: "http", port: 8089 }]);
      w.expectAllowed(traefik, solver, [["TCP", 8089]], `traefik -> acme solver in ${ns}`);
      expect(w.allowed(w.internet(), solver).has("TCP", 8089), ns).toBe(false);
    }
  });

  it("cert-manager's self-check reaches Traefik's pod on its web entry point", () => {
    const cm = b.graph.clusters[0]!.services.find((s) => s.chart?.name === "cert-manager")!;
    const controller = chartPod(w, cluster, cm.namespace, cm.name, "cert-manager", "controller");
    w.expectAllowed(controller, traefik, [["TCP", 8000]], "cert-manager -> traefik web");
  });
});
