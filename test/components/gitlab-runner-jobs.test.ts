// GitLab Runner's job pods (chart gitlab-runner 0.77.2-0.79.0, runner 18.0-18.2): the Kubernetes executor creates
// them through the API server with labels of its own, none naming the release, and the chart has no value for job
// labels; only runners.config's [runners.kubernetes.pod_labels] adds labels. The labels below are written from the
// runner's source (executors/kubernetes/kubernetes.go buildLabels, identical at v18.0.2, v18.1.1 and v18.2.0, read
// through the GitHub mirror gitlabhq/gitlab-runner) and from the chart's values.yaml runners.config default.
import { describe, expect, it } from "vitest";
import { componentOfChart } from "../../src/catalog/index.js";
import type { Release } from "../../src/catalog/types.js";
import { World, build, docs, seedSpec } from "./world.js";

const CHART = { repo: "https://charts.gitlab.io", name: "gitlab-runner" };
const facts = () => componentOfChart(CHART)!.release!;
const FILE = "clusters/apps/namespaces/gitlab-runner/gitlab-runner.yaml";

// buildLabels: the labels every job pod gets whatever the config says (values per job and project)
const runnerSet = (job: string) => ({
  pod: job,
  "project.runner.gitlab.com/id": "42",
  "project.runner.gitlab.com/namespace-id": "7",
  "project.runner.gitlab.com/name": "app",
  "project.runner.gitlab.com/namespace": "team",
  "project.runner.gitlab.com/root-namespace": "team",
  "job.runner.gitlab.com/pod": job,
  "manager.runner.gitlab.com/name": "gitlab-runner-5d8f7c9b4-x2x7q",
  "manager.runner.gitlab.com/id-short": "t3sT1d",
});
// the two pod_labels platformc writes into runners.config
const OURS = { "app.kubernetes.io/instance": "gitlab-runner", "app.kubernetes.io/component": "ci-job" };

function monosense(values?: Record<string, unknown>): any {
  const spec = seedSpec("monosense");
  const svc = spec.services.find((s: any) => s.name === "gitlab-runner" && s.chart);
  svc.chart.values = { ...svc.chart.values, ...(values ?? {}) };
  return spec;
}

const release = (values: unknown, version = "0.78.1"): Release => {
  const r: Release = { name: "gitlab-runner", namespace: "gitlab-runner", version, values };
  // the facts see the catalog's defaults under the spec's values, as src/plan/components.ts merges them
  const base = facts().defaults!(r) as any;
  const spec = values as any;
  return { ...r, values: { ...base, ...spec, runners: { ...base.runners, ...spec.runners } } };
};
const jobsKnown = (r: Release) => facts().workloads.find((w) => w.name === "jobs")!.enabled(r);
// a gap counts where its condition holds (every gap without one always does)
const gapsOf = (r: Release) => (facts().gaps ?? []).filter((g) => (g as { enabled?: (r: Release) => boolean }).enabled?.(r) ?? true).map((g) => g.from);

const helmValues = (spec: any) => docs(build(spec), FILE).find((d) => d.kind === "HelmRelease")!.spec.values;

describe("gitlab-runner job pods (monosense)", () => {
  it("the HelmRelease carries the chart's default runners.config with the two pod labels, beside the spec's runners.secret", () => {
    const v = helmValues(monosense());
    expect(v.runners.secret).toBe("gitlab-runner");
    const config = v.runners.config as string;
    // values.yaml: [[runners]] / [runners.kubernetes] / namespace / image = "alpine"; 0.78.1 predates runners.jobNamespace
    expect(config).toMatch(/^\[\[runners\]\]\n {2}\[runners\.kubernetes\]\n {4}namespace = "\{\{\.Release\.Namespace\}\}"\n {4}image = "alpine"\n/);
    expect(config).toMatch(/\[runners\.kubernetes\.pod_labels\]\n {6}"app\.kubernetes\.io\/instance" = "gitlab-runner"\n {6}"app\.kubernetes\.io\/component" = "ci-job"\n$/);
    // a TOML table the runner reads as KubernetesConfig.PodLabels
    expect(config).not.toMatch(/runner\.gitlab\.com/);
  });

  it("job pods carrying the pod labels reach GitLab's workhorse and the API server; the runner's labels alone are cut", () => {
    const w = new World(build(monosense()));
    const gitlab = w.pod("apps", "gitlab", { app: "webservice", release: "gitlab" }, [{ name: "http", port: 8181 }]);
    const job = w.pod("apps", "gitlab-runner", { ...runnerSet("runner-t3st1d-project-42-concurrent-0-abcd1234"), ...OURS });
    w.expectAllowed(job, gitlab, [["TCP", 8181]], "job pod -> gitlab workhorse (clone, artifacts, job API)");
    w.expectAllowed(job, w.apiServer("apps"), [["TCP", w.cluster("apps").apiEndpoint.port]], "job pod -> kube-apiserver (the runner's declared flow)");
    const bare = w.pod("apps", "gitlab-runner", runnerSet("runner-t3st1d-project-42-concurrent-1-efgh5678"));
    expect(w.allowed(bare, gitlab).has("TCP", 8181), "a job pod without pod_labels").toBe(false);
    // the component label alone (another release's jobs) is not these jobs
    const other = w.pod("apps", "gitlab-runner", { ...runnerSet("x"), "app.kubernetes.io/instance": "other-runner", "app.kubernetes.io/component": "ci-job" });
    expect(w.allowed(other, gitlab).has("TCP", 8181)).toBe(false);
    // the manager keeps its own: app: <fullname> (deployment.yaml)
    const manager = w.pod("apps", "gitlab-runner", { app: "gitlab-runner", release: "gitlab-runner", heritage: "Helm", chart: "gitlab-runner-0.78.1" }, [{ name: "metrics", port: 9252 }]);
    w.expectAllowed(manager, gitlab, [["TCP", 8181]], "runner -> gitlab");
    // images are the kubelet's to pull; what a job's script fetches besides GitLab is the spec's to declare
    expect(w.allowed(job, w.internet()).has("TCP", 443), "job pod -> internet").toBe(false);
  });

  it("no PC1211 is left for the runner with platformc's runners.config", () => {
    expect(gapsOf(release({ gitlabUrl: "https://gitlab.monosense.io/", runners: { secret: "gitlab-runner" } }))).toEqual([]);
  });

  it("a runners.config of the spec's own is passed as written; without the labels the jobs stay a gap", () => {
    const own = '[[runners]]\n  [runners.kubernetes]\n    namespace = "{{.Release.Namespace}}"\n    image = "docker:27"\n    privileged = true\n';
    const v = helmValues(monosense({ runners: { secret: "gitlab-runner", config: own } }));
    expect(v.runners.config).toBe(own);
    const r = release({ runners: { config: own } });
    expect(jobsKnown(r)).toBe(false);
    expect(gapsOf(r)).toEqual(["runner"]);
    expect(facts().gaps!.find((g) => g.from === "runner")!.why).toContain('"app.kubernetes.io/component" = "ci-job"');
  });

  it("a runners.config of the spec's own that carries the labels in every [[runners]] makes the jobs known", () => {
    const own = [
      "[[runners]]",
      "  [runners.kubernetes]",
      '    image = "docker:27"',
      "    [runners.kubernetes.pod_labels]",
      '      "app.kubernetes.io/component" = "ci-job"',
      '      "app.kubernetes.io/instance" = "gitlab-runner"',
      "  [runners.cache]",
      '    Type = "s3"',
      "",
    ].join("\n");
    expect(jobsKnown(release({ runners: { config: own } }))).toBe(true);
    expect(gapsOf(release({ runners: { config: own } }))).toEqual([]);
    // a second runner without them, the labels under another table, another job namespace: not known
    expect(jobsKnown(release({ runners: { config: `${own}[[runners]]\n  [runners.kubernetes]\n    image = "alpine"\n` } }))).toBe(false);
    expect(jobsKnown(release({ runners: { config: own.replace("pod_labels", "node_selector") } }))).toBe(false);
    expect(jobsKnown(release({ runners: { config: own.replace('    image = "docker:27"', '    namespace = "ci"\n    image = "docker:27"') } }))).toBe(false);
  });

  it("0.79.0 keeps runners.jobNamespace: the config reads it, and jobs elsewhere are a gap", () => {
    const r = release({ runners: {} }, "0.79.0");
    expect((r.values as any).runners.config).toContain('namespace = "{{ default .Release.Namespace .Values.runners.jobNamespace }}"');
    expect(jobsKnown(r)).toBe(true);
    const elsewhere = release({ runners: { jobNamespace: "ci-jobs" } }, "0.79.0");
    expect(jobsKnown(elsewhere)).toBe(false);
    expect(gapsOf(elsewhere)).toEqual(["runner"]);
  });

  it("no config is written for another executor or a runners.configPath; the session server's proxy is a gap", () => {
    expect(facts().defaults!({ name: "gitlab-runner", values: { runners: { executor: "docker" } } })).not.toHaveProperty("runners");
    expect(facts().defaults!({ name: "gitlab-runner", values: { runners: { configPath: "/etc/runner/config.toml" } } })).not.toHaveProperty("runners");
    expect(gapsOf(release({ runners: { executor: "docker" } }))).toEqual([]);
    expect(gapsOf(release({ sessionServer: { enabled: true } }))).toEqual(["jobs"]);
    expect(gapsOf(release({ sessionServer: { enabled: true }, replicas: 2 }))).toEqual([]);
  });

  it("the chart's tpl changes only the namespace of the config platformc writes", () => {
    const config = (release({ runners: {} }).values as any).runners.config as string;
    expect(config.match(/\{\{[^}]*\}\}/g)).toEqual(["{{.Release.Namespace}}"]);
  });
});
