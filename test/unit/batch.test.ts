// Kinds cronjob and job (issue 14): the schedule as the API server reads it, the contradictions a service that
// runs to completion cannot have, and the objects written for it.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { scheduleProblem, timeZoneProblem } from "../../src/lib/cron.js";
import { compileObject } from "../support/compile.js";
import { baseSpec } from "../support/base.js";
import { argoSpec } from "../support/k8s-fixtures.js";
import { positionOf } from "../../src/source.js";

describe("a CronJob schedule", () => {
  it.each([
    "0 3 * * *",
    "*/15 * * * *",
    "5-50/10 2 * * MON-FRI",
    "0 0 1 jan,Jul *",
    "30 2 ? * 0",
    "0 12 1/2 * *",
    "  0  3 * * *  ",
    "@daily",
    "@annually",
    "@every 1h30m",
  ])("accepts %s", (s) => expect(scheduleProblem(s)).toBeUndefined());

  it.each([
    ["60 * * * *", "minute: end of range (60) above maximum (59): 60"],
    ["0 24 * * *", "hour: end of range (24) above maximum (23): 24"],
    ["0 0 0 * *", "day of month: beginning of range (0) below minimum (1): 0"],
    ["0 3 * * 7", "day of week: end of range (7) above maximum (6): 7"],
    ["0 3 * *", "expected exactly 5 fields, found 4: [0 3 * *]"],
    ["0 3 * * * *", "expected exactly 5 fields, found 6"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["*/2/3 * * * *", "too many slashes: */2/3"],
    ["0 3 * * FUN", "failed to parse int from FUN"],
    ["CRON_TZ=Europe/Berlin 0 3 * * *", "cannot use TZ or CRON_TZ in schedule"],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
    ["@every 1 hour", "invalid duration"],
  ])("refuses %s", (s, why) => expect(scheduleProblem(s)).toContain(why));

  it("checks a time zone as the API server does", () => {
    for (const ok of ["Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/UTC", "UTC", "Etc/GMT+2"]) expect(timeZoneProblem(ok)).toBeUndefined();
    expect(timeZoneProblem("Local")).toContain("explicit time zone");
    expect(timeZoneProblem("Mars/Olympus_Mons")).toBe("unknown time zone Mars/Olympus_Mons");
    expect(timeZoneProblem("Europe/../etc")).toBe("unknown time zone Europe/../etc");
    expect(timeZoneProblem("Europe/Very_Long_City_Name")).toBe("unknown time zone Europe/Very_Long_City_Name");
  });
});

function withBatch(mutate?: (s: any) => void): any {
  const s = baseSpec();
  s.services.push({
    name: "backup",
    namespace: "apps",
    kind: "cronjob",
    image: "ghcr.io/example/backup:1.0",
    schedule: "0 3 * * *",
    job: { timeZone: "Europe/Berlin", backoffLimit: 2, activeDeadlineSeconds: 3600 },
    storage: [{ name: "scratch", size: "1Gi", mountPath: "/scratch" }],
    flows: [{ to: "data/db", port: "postgres", label: "pg_dump" }],
  });
  s.services.push({ name: "migrate", namespace: "apps", kind: "job", image: "ghcr.io/example/api:1.0", command: ["/app/migrate"], flows: [{ to: "data/db", port: "postgres" }] });
  mutate?.(s);
  return s;
}

const objectsOf = (files: { path: string; content: string }[] | undefined, path: string) =>
  YAML.parseAllDocuments(files!.find((f) => f.path.endsWith(path))!.content).map((d) => d.toJS());

describe("kinds cronjob and job", () => {
  it("write a CronJob and a Job whose pods carry the service's labels and run to completion", () => {
    const r = compileObject(withBatch());
    expect(r.errors).toEqual([]);
    const backup = objectsOf(r.files, "namespaces/apps/backup.yaml");
    expect(backup.map((o) => o.kind)).toEqual(["ServiceAccount", "PersistentVolumeClaim", "CronJob"]);
    const cron = backup[2];
    expect(cron.apiVersion).toBe("batch/v1");
    expect(cron.spec).toMatchObject({ schedule: "0 3 * * *", timeZone: "Europe/Berlin", concurrencyPolicy: "Forbid", suspend: false });
    const job = cron.spec.jobTemplate.spec;
    expect(job).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
    expect(job.template.metadata.labels["app.kubernetes.io/name"]).toBe("backup");
    expect(job.template.spec.restartPolicy).toBe("OnFailure");
    expect(job.template.spec.volumes).toContainEqual({ name: "scratch", persistentVolumeClaim: { claimName: "backup-scratch" } });
    const migrate = objectsOf(r.files, "namespaces/apps/migrate.yaml");
    expect(migrate.map((o) => o.kind)).toEqual(["ServiceAccount", "Job"]);
    // Flux recreates a Job whose immutable template changed, instead of failing the sync
    expect(migrate[1].metadata.annotations).toEqual({ "kustomize.toolkit.fluxcd.io/force": "enabled" });
    expect(migrate[1].spec).toMatchObject({ backoffLimit: 6, template: { spec: { restartPolicy: "OnFailure", containers: [{ command: ["/app/migrate"] }] } } });
    // neither has a Service, so neither is in the discovery table
    const discovery = r.files!.find((f) => f.path.startsWith("discovery/"))!.content;
    expect(discovery).not.toContain("service: backup");
    expect(discovery).not.toContain("service: migrate");
  });

  it("mark a Job for Argo CD to recreate", () => {
    const s = argoSpec();
    s.services.push({ name: "migrate", namespace: s.services.find((x: any) => x.kind !== "helm" && x.kind !== "bundled").namespace, kind: "job", image: "ghcr.io/example/api:1.0" });
    const r = compileObject(s);
    expect(r.errors).toEqual([]);
    const job = objectsOf(r.files, "/migrate.yaml").find((o) => o.kind === "Job");
    expect(job.metadata.annotations).toEqual({ "argocd.argoproj.io/sync-options": "Force=true,Replace=true" });
  });

  it("get egress policies for their flows, and the target admits them", () => {
    const r = compileObject(withBatch());
    const own = r.files!.find((f) => f.path.endsWith("namespaces/apps/network-policies.yaml"))!.content;
    expect(own).toContain("name: backup-allow-egress");
    const db = r.files!.find((f) => f.path.endsWith("namespaces/data/network-policies.yaml"))!.content;
    expect(db).toContain("app.kubernetes.io/name: backup");
    expect(db).toContain("app.kubernetes.io/name: migrate");
  });

  it.each([
    ["a cronjob without a schedule", (s: any) => delete s.services.find((x: any) => x.name === "backup").schedule, "PC0305", "kind cronjob needs a schedule"],
    ["a schedule on a deployment", (s: any) => (s.services.find((x: any) => x.name === "web").schedule = "@daily"), "PC0305", "schedule is set but kind is deployment"],
    ["job settings on a deployment", (s: any) => (s.services.find((x: any) => x.name === "web").job = { backoffLimit: 1 }), "PC0305", "job is set but kind is deployment"],
    ["a time zone on a job", (s: any) => (s.services.find((x: any) => x.name === "migrate").job = { timeZone: "UTC" }), "PC0305", "job.timeZone is for a cronjob"],
    ["ports on a cronjob", (s: any) => (s.services.find((x: any) => x.name === "backup").ports = [{ name: "http", port: 8080 }]), "PC0305", "takes no ports"],
    ["replicas on a job", (s: any) => (s.services.find((x: any) => x.name === "migrate").replicas = 2), "PC0305", "replicas does not apply"],
    ["an ingress route to a job", (s: any) => (s.services.find((x: any) => x.name === "migrate").ingress = [{ host: "migrate" }]), "PC0305", "no ingress route can reach it"],
    ["a schedule the API server refuses", (s: any) => (s.services.find((x: any) => x.name === "backup").schedule = "0 3 * * 7"), "PC0309", "day of week: end of range (7) above maximum (6)"],
    ["an unknown time zone", (s: any) => (s.services.find((x: any) => x.name === "backup").job.timeZone = "Europe/Atlantis"), "PC0309", "unknown time zone Europe/Atlantis"],
  ])("refuse %s with a located error", (_name, mutate, code, says) => {
    const r = compileObject(withBatch(mutate));
    const d = r.diagnostics.find((x) => x.code === code && x.message.includes(says));
    expect(d, r.diagnostics.map((x) => `${x.code} ${x.message}`).join("\n")).toBeDefined();
    expect(d!.severity).toBe("error");
    expect(d!.span).toBeDefined();
    expect(r.files).toBeUndefined();
  });

  it("refuse an environment's replicas override of a cronjob", () => {
    const r = compileObject(
      withBatch((s) => {
        s.namespaces.find((n: any) => n.name === "apps").environments = ["prod"];
        s.environments = [{ name: "prod", overrides: [{ service: "apps/backup", replicas: 2 }] }];
      }),
    );
    const d = r.diagnostics.find((x) => x.code === "PC0305");
    expect(d?.message, r.diagnostics.map((x) => `${x.code} ${x.message}`).join("\n")).toBe("service `apps/backup` is a cronjob, which runs one pod at a time: an override of its replicas does not apply");
  });

  it("point a bad schedule's error at the schedule itself", () => {
    const text = YAML.stringify(withBatch((s) => (s.services.find((x: any) => x.name === "backup").schedule = "61 3 * * *")));
    const r = compileObject(YAML.parse(text));
    const d = r.diagnostics.find((x) => x.code === "PC0309")!;
    const { line } = positionOf(d.span!.file, d.span!.start);
    expect(text.split("\n")[line - 1]).toContain("schedule: 61 3 * * *");
  });
});
