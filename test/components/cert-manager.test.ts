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
