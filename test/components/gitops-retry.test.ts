// GitOps objects converge after a failure (issue 12, point 12): Flux retries a failed layer within minutes instead
// of one interval later, and Argo CD retries a failed sync with backoff instead of once.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/lib/duration.js";
import { compileObject } from "../support/compile.js";

const repo = path.join(import.meta.dirname, "..", "..");
const seed = (name: string) => YAML.parse(fs.readFileSync(path.join(repo, "spec", name, "platform.yaml"), "utf8"));

function objects(spec: unknown, kind: string): Array<Record<string, any>> {
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  return r.files!.flatMap((f) => (f.path.endsWith(".yaml") ? YAML.parseAllDocuments(f.content).map((d) => d.toJS() as Record<string, any>) : [])).filter((o) => o?.kind === kind);
}

describe("Flux Kustomizations retry soon and time out in minutes", () => {
  it("elysium (interval 1h): retry after 2m, health checks time out after 10m", () => {
    const ks = objects(seed("elysium"), "Kustomization").filter((k) => k.apiVersion.startsWith("kustomize.toolkit.fluxcd.io"));
    expect(ks.length).toBeGreaterThan(0);
    for (const k of ks) {
      expect(k.spec.interval).toBe("1h");
      expect(k.spec.retryInterval, k.metadata.name).toBe("2m");
      expect(k.spec.timeout, k.metadata.name).toBe("10m");
    }
  });

  it("a short interval caps both: nothing waits longer than the interval", () => {
    const spec = seed("elysium");
    for (const c of spec.clusters) if (c.gitops) c.gitops.interval = "90s";
    for (const k of objects(spec, "Kustomization").filter((x) => x.apiVersion.startsWith("kustomize.toolkit.fluxcd.io"))) {
      expect([k.spec.retryInterval, k.spec.timeout]).toEqual(["1m30s", "1m30s"]);
    }
  });
});

describe("a layer's own interval, retry interval and timeout (Flux)", () => {
  it("elysium: infra-controllers waits 30m for its charts and reconciles every 10m; every object of the layer takes them, the others keep the cluster's", () => {
    const spec = seed("elysium");
    const layer = spec.clusters[0].gitops.layers.find((l: any) => l.name === "infra-controllers");
    Object.assign(layer, { interval: "10m", timeout: "30m", retryInterval: "1m" });
    // The layer's objects: its own (in layers.yaml) and everything written below layers/infra-controllers/.
    const r = compileObject(spec);
    expect(r.errors).toEqual([]);
    const ks = r.files!.flatMap((f) =>
      f.path.endsWith(".yaml") && f.path.includes("/gitops/")
        ? YAML.parseAllDocuments(f.content).map((d): Record<string, any> => ({ file: f.path, ...(d.toJS() as Record<string, any>) })).filter((o) => o.kind === "Kustomization" && o.apiVersion.startsWith("kustomize.toolkit.fluxcd.io"))
        : [],
    );
    const own = ks.filter((k) => k.metadata.name === "layer.infra-controllers" || k.file.includes("/layers/infra-controllers/"));
    expect(own.length).toBeGreaterThan(1);
    for (const k of own) expect([k.spec.interval, k.spec.retryInterval, k.spec.timeout], k.metadata.name).toEqual(["10m", "1m", "30m"]);
    const others = ks.filter((k) => !own.includes(k));
    expect(others.length).toBeGreaterThan(0);
    for (const k of others) expect([k.spec.interval, k.spec.retryInterval, k.spec.timeout], k.metadata.name).toEqual(["1h", "2m", "10m"]);
  });

  it("a layer's interval alone caps its retry and timeout as the cluster's does", () => {
    const spec = seed("elysium");
    spec.clusters[0].gitops.layers.find((l: any) => l.name === "capacitor").interval = "5m";
    const k = objects(spec, "Kustomization").find((x) => x.apiVersion.startsWith("kustomize.toolkit.fluxcd.io") && x.metadata.name === "layer.capacitor")!;
    expect([k.spec.interval, k.spec.retryInterval, k.spec.timeout]).toEqual(["5m", "2m", "5m"]);
  });

  it("on Argo CD a layer's timing is PC0902, at the field", () => {
    const spec = seed("todoapp");
    const layers = spec.clusters[0].gitops.layers ?? (spec.clusters[0].gitops.layers = [{ name: "apps" }]);
    layers[0].timeout = "20m";
    const r = compileObject(spec);
    expect(r.errors).toEqual(["PC0902"]);
    expect(r.diagnostics.find((d) => d.code === "PC0902")!.help).toContain("timeout.reconciliation");
  });
});

describe("Argo CD Applications retry a failed sync", () => {
  it("todoapp: every Application, the app of apps and the Helm ones alike, has an unlimited retry with backoff", () => {
    const apps = objects(seed("todoapp"), "Application");
    expect(apps.length).toBeGreaterThan(1);
    for (const a of apps) expect(a.spec.syncPolicy.retry, a.metadata.name).toEqual({ limit: -1, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } });
  });
});

describe("durations", () => {
  it("parses and formats Go durations", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("10")).toBeUndefined();
    expect(formatDuration(120_000)).toBe("2m");
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(1_500)).toBe("1500ms");
    expect(formatDuration(0)).toBe("0s");
  });
});
