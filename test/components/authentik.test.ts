// Authentik and the forward auth in front of axiomlayer's apps (issue 12, point 9): platformc writes a forwardAuth
// Middleware (Traefik) or an auth-url (ingress-nginx) that sends every request of a protected route to the auth
// provider first, so the ingress controller must reach the provider on the port that address names; and the
// authentik chart's route and worker need their own flows.
import { describe, expect, it } from "vitest";
import { World, build, docs, seedSpec, service, type Built } from "./world.js";

// goauthentik/helm charts/authentik 2025.6.4, templates/_common.tpl: authentik.selectorLabels (name: authentik,
// instance, component server|worker) and authentik.labels (part-of: authentik, managed-by); server/deployment.yaml
// listens on containerPorts.http 9000.
function authentikPod(w: World, b: Built, component: "server" | "worker") {
  const s = service(b, "authentik");
  return w.pod(s.cluster, s.namespace, {
    "app.kubernetes.io/name": "authentik",
    "app.kubernetes.io/instance": s.name,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": "authentik",
    "app.kubernetes.io/managed-by": "Helm",
  }, component === "server" ? [{ name: "http", port: 9000 }, { name: "https", port: 9443 }] : []);
}

const PROTECTED = ["campfire", "n8n", "open-webui", "plane", "pocketbase"];
const OUTPOST = "http://ak-outpost-forward-auth-outpost.authentik.svc.cluster.local:9000";

describe("axiomlayer: forward auth through the outpost (Traefik)", () => {
  const b = build(seedSpec("axiomlayer"));
  const w = new World(b);
  const traefik = w.servicePod(service(b, "traefik"));
  const outpost = w.servicePod(service(b, "ak-outpost-forward-auth-outpost"));

  it("the five protected apps send their requests to the outpost's Service on 9000", () => {
    for (const app of PROTECTED) {
      const mw = docs(b, `clusters/homelab/namespaces/${app}/${app}.yaml`).find((d) => d.kind === "Middleware")!;
      expect(mw.spec.forwardAuth.address, app).toBe(`${OUTPOST}/outpost.goauthentik.io/auth/traefik`);
    }
  });

  it("Traefik reaches the outpost on 9000, which the Middleware's address names", () => {
    w.expectAllowed(traefik, outpost, [["TCP", 9000]], "traefik -> ak-outpost-forward-auth-outpost");
  });

  it("and still reaches each protected app", () => {
    for (const app of PROTECTED) {
      const s = service(b, app);
      w.expectAllowed(traefik, w.servicePod(s), [["TCP", s.ports[0]!.targetPort]], `traefik -> ${app}`);
    }
  });
});

describe("axiomlayer: the authentik chart", () => {
  const b = build(seedSpec("axiomlayer"));
  const w = new World(b);
  const s = service(b, "authentik");

  it("its IngressRoute names the chart's Service authentik-server", () => {
    const route = docs(b, "clusters/homelab/namespaces/authentik/authentik.yaml").find((d) => d.kind === "IngressRoute")!;
    expect(route.spec.routes.map((r: any) => r.services)).toEqual([[{ name: "authentik-server", port: 80 }]]);
  });

  it("Traefik reaches the server on 9000", () => {
    w.expectAllowed(w.servicePod(service(b, "traefik")), authentikPod(w, b, "server"), [["TCP", 9000]], "traefik -> authentik-server");
  });

  it("the worker reaches the API server (managed outposts)", () => {
    w.expectAllowed(authentikPod(w, b, "worker"), w.apiServer(s.cluster), [["TCP", w.cluster(s.cluster).apiEndpoint.port]], "authentik-worker -> kube-apiserver");
  });
});

describe("forward auth by the authentik chart itself, behind ingress-nginx", () => {
  // The apps point at the release instead of the outpost: the auth-url must name the chart's Service, and the
  // controller must reach the server pods behind it.
  const spec = seedSpec("axiomlayer");
  const c = spec.clusters[0];
  c.ingress = { ...c.ingress, type: "nginx", className: "nginx" };
  for (const s of spec.services) for (const r of s.ingress ?? []) if (r.auth) r.auth = "authentik/authentik";
  const b = build(spec);
  const w = new World(b);

  it("the auth-url names authentik-server on its http port", () => {
    for (const app of PROTECTED) {
      const ing = docs(b, `clusters/homelab/namespaces/${app}/${app}.yaml`).find((d) => d.kind === "Ingress")!;
      expect(ing.metadata.annotations["nginx.ingress.kubernetes.io/auth-url"], app).toBe("http://authentik-server.authentik.svc.cluster.local:80/outpost.goauthentik.io/auth/nginx");
    }
  });

  it("the controller reaches the server pods on 9000", () => {
    w.expectAllowed(w.servicePod(service(b, "traefik")), authentikPod(w, b, "server"), [["TCP", 9000]], "ingress controller -> authentik-server");
  });
});
