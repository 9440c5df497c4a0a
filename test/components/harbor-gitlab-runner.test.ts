// Harbor 1.17.1 and GitLab Runner 0.78.1 as monosense runs them (issue 12 catalog extension). Labels and Service names
// are written here from the charts' templates: goharbor/harbor-helm v1.17.1 and the gitlab-runner 0.77.2 / 0.79.0
// packages (DoD-Platform-One/gitlab-runner chart/charts/*.tgz).
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";
import { World, build, seedSpec } from "./world.js";

const HARBOR_URL = "https://harbor.monosense.io";
const GITLAB_URL = "https://gitlab.monosense.io/";

// the values the catalog now requires (PC1126), which the seed's spec does not give yet
function monosense(): any {
  const spec = seedSpec("monosense");
  const svc = (n: string) => spec.services.find((s: any) => s.name === n && s.chart);
  svc("harbor").chart.values = { externalURL: HARBOR_URL };
  svc("gitlab-runner").chart.values = { gitlabUrl: GITLAB_URL, runnerToken: "glrt-example" };
  return spec;
}

// harbor.matchLabels (release, app) + component; harbor.labels on the pods
const harbor = (component: string) => ({ release: "harbor", app: "harbor", component, chart: "harbor", heritage: "Helm", "app.kubernetes.io/instance": "harbor", "app.kubernetes.io/name": "harbor", "app.kubernetes.io/part-of": "harbor", "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/component": component });

describe("harbor 1.17.1 (monosense)", () => {
  it("without externalURL the release is refused (PC1126): core's token realm would be https://core.harbor.domain", () => {
    const spec = seedSpec("monosense");
    delete spec.services.find((x: any) => x.name === "harbor").chart.values.externalURL;
    const errors = compileObject(spec).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["PC1126"]);
    expect(errors[0]!.message).toContain("set no `externalURL`");
  });

  it("the HelmRelease exposes nginx through Service harbor (expose.type clusterIP, no TLS at nginx)", () => {
    const b = build(monosense());
    const f = b.files.find((x) => /harbor\/harbor\.yaml$/.test(x.path) && x.content.includes("HelmRelease"));
    expect(f, "harbor HelmRelease").toBeDefined();
    expect(f!.content).toMatch(/type: clusterIP/);
    expect(f!.content).toContain(HARBOR_URL);
  });

  it("the route targets Service harbor on 80 (nginx/service.yaml), not the spec's name with the chart's ingress default", () => {
    const b = build(monosense());
    const routes = b.files.filter((x) => /HTTPRoute|kind: Ingress/.test(x.content) && x.content.includes("harbor.monosense.io"));
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.some((x) => /name: harbor\n\s+port: 80/.test(x.content) || /service:\n\s+name: harbor\n\s+port:\n\s+number: 80/.test(x.content))).toBe(true);
  });

  it("nginx reaches core and portal, core the database, redis, registry and jobservice, trivy the internet", () => {
    const w = new World(build(monosense()));
    const pod = (c: string, ports: Array<{ name?: string; port: number }>) => w.pod("apps", "harbor", harbor(c), ports);
    const nginx = pod("nginx", [{ port: 8080 }]);
    const core = pod("core", [{ port: 8080 }]);
    const portal = pod("portal", [{ port: 8080 }]);
    const registry = pod("registry", [{ port: 5000 }, { port: 8080 }]);
    const db = pod("database", [{ port: 5432 }]);
    const redis = pod("redis", [{ port: 6379 }]);
    const jobs = pod("jobservice", [{ port: 8080 }]);
    const trivy = pod("trivy", [{ name: "api-server", port: 8080 }]);
    w.expectAllowed(nginx, core, [["TCP", 8080]], "nginx -> core");
    w.expectAllowed(nginx, portal, [["TCP", 8080]], "nginx -> portal");
    w.expectAllowed(core, db, [["TCP", 5432]], "core -> database");
    w.expectAllowed(core, redis, [["TCP", 6379]], "core -> redis");
    w.expectAllowed(core, registry, [["TCP", 5000], ["TCP", 8080]], "core -> registry, registryctl");
    w.expectAllowed(core, jobs, [["TCP", 8080]], "core -> jobservice");
    w.expectAllowed(jobs, core, [["TCP", 8080]], "jobservice -> core");
    w.expectAllowed(registry, redis, [["TCP", 6379]], "registry -> redis");
    w.expectAllowed(trivy, w.internet(), [["TCP", 443]], "trivy -> vulnerability DB");
  });
});

describe("gitlab-runner 0.78.1 (monosense)", () => {
  // deployment.yaml: selector app: <fullname> (release gitlab-runner has the name as prefix: fullname gitlab-runner)
  const runner = { app: "gitlab-runner", release: "gitlab-runner", heritage: "Helm", chart: "gitlab-runner-0.78.1" };

  it("without gitlabUrl the release is refused (PC1126)", () => {
    const spec = monosense();
    delete spec.services.find((s: any) => s.name === "gitlab-runner" && s.chart).chart.values.gitlabUrl;
    expect(compileObject(spec).errors.map((e: any) => (typeof e === "string" ? e : e.code))).toContain("PC1126");
  });

  it("the runner reaches the API server; its values get rbac.create (kubernetes executor) and seccomp", () => {
    const b = build(monosense());
    const w = new World(b);
    const c = w.cluster("apps");
    w.expectAllowed(w.pod("apps", "gitlab-runner", runner, [{ name: "metrics", port: 9252 }]), w.apiServer("apps"), [["TCP", c.apiEndpoint.port]], "runner -> kube-apiserver");
    const f = b.files.find((x) => /gitlab-runner\/gitlab-runner\.yaml$/.test(x.path) && x.content.includes("HelmRelease"));
    expect(f, "gitlab-runner HelmRelease").toBeDefined();
    expect(f!.content).toMatch(/rbac:\n\s+create: true/);
    expect(f!.content).toContain("RuntimeDefault");
  });
});
