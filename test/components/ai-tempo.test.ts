// Ollama, Open WebUI, LocalAI and Tempo as elysium runs them (issue 12 catalog extension). The labels and ports below
// are written from the charts' templates, not from src/catalog:
// - otwld/ollama-helm ollama-1.24.0 templates/_helpers.tpl, deployment.yaml: pods name (chart) + instance, port http
//   11434; podSecurityContext and securityContext empty by default (root).
// - open-webui/helm-charts open-webui-6.29.0 charts/open-webui templates/_helpers.tpl, workload-manager.yaml: pods
//   instance + component open-webui, port http 8080; the bundled ollama subchart (ollama.enabled true by default) is
//   labelled by the parent's ollama.selectorLabels, instance + component open-webui-ollama; pipelines.enabled true.
// - go-skynet/helm-charts local-ai-3.4.2 charts/local-ai templates/deployment.yaml: pods name + instance only, no
//   securityContext at all; service.yaml targets 8080.
// - grafana/helm-charts tempo-1.23.2 charts/tempo templates/statefulset.yaml: pods name + instance, otlp-grpc 4317,
//   prom-metrics 3200; values.yaml securityContext runAsUser 10001, runAsNonRoot, no seccompProfile.
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec, service } from "./world.js";

const cluster = "kyrion";
const ai = `clusters/${cluster}/namespaces/ai`;

/** elysium with namespace ai at baseline: the chart's Ollama, Open WebUI and LocalAI pods run as root. */
function elysium(edit: (spec: any) => void = () => {}): any {
  const spec = seedSpec("elysium");
  for (const n of spec.namespaces) if (n.name === "ai") n.podSecurity = "baseline";
  edit(spec);
  return spec;
}

const values = (file: string, chart: string) => docs({ graph: undefined as never, files: built.files }, file).find((o) => o.kind === "HelmRelease" && o.spec.chart.spec.chart === chart)!.spec.values ?? {};
const built = build(elysium());

describe("elysium: the AI charts' pod security", () => {
  it("namespace ai at restricted refuses the root pods of ollama, open-webui and local-ai (PC1003)", () => {
    const r = compileObject(elysium((spec) => {
      for (const n of spec.namespaces) if (n.name === "ai") n.podSecurity = "restricted";
    }));
    const refused = r.diagnostics.filter((d) => d.code === "PC1003").map((d) => d.message);
    for (const s of ["ai/ollama", "ai/open-webui", "ai/local-ai"]) expect(refused.some((x) => x.includes(s)), s).toBe(true);
  });

  it("an ollama release with restricted securityContexts of its own is admitted at restricted", () => {
    const r = compileObject(
      elysium((spec) => {
        for (const n of spec.namespaces) if (n.name === "ai") delete n.podSecurity;
        spec.services = spec.services.filter((s: any) => s.name !== "open-webui" && s.name !== "local-ai" && s.name !== "librechat");
        const o = spec.services.find((s: any) => s.name === "ollama");
        o.chart.values = {
          podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        };
      }),
    );
    expect(r.diagnostics.filter((d) => d.code === "PC1003").map((d) => d.message).filter((x) => x.includes("ai/ollama"))).toEqual([]);
  });
});

describe("elysium: values platformc lays under the charts", () => {
  // open-webui 6.29.0 values.yaml ollamaUrls (without one and with the bundled Ollama off the chart sets
  // ENABLE_OLLAMA_API=False); ollama-1.24.0 templates/service.yaml: <fullname> on service.port 11434
  it("open-webui: ollamaUrls names the spec's Ollama release its flow reaches", () => {
    expect(values(`${ai}/open-webui.yaml`, "open-webui").ollamaUrls).toEqual(["http://ollama.ai.svc.cluster.local:11434"]);
  });

  it("open-webui: the bundled ollama and pipelines are off (the spec runs its own ollama)", () => {
    const v = values(`${ai}/open-webui.yaml`, "open-webui");
    expect(v.ollama?.enabled).toBe(false);
    expect(v.pipelines?.enabled).toBe(false);
  });

  it("tempo: the pod gets the RuntimeDefault seccomp profile and the containers drop ALL without escalation", () => {
    const v = values(`clusters/${cluster}/namespaces/monitoring/tempo.yaml`, "tempo");
    expect(v.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
    for (const c of [v.tempo?.securityContext, v.tempoQuery?.securityContext]) {
      expect(c?.allowPrivilegeEscalation).toBe(false);
      expect(c?.capabilities?.drop).toContain("ALL");
    }
  });
});

describe("elysium: the policies admit the charts' pods", () => {
  const w = new World(built);
  const ns = (n: string) => service(built, n).namespace;
  const ollama = () => w.pod(cluster, ns("ollama"), { "app.kubernetes.io/name": "ollama", "app.kubernetes.io/instance": "ollama", "app.kubernetes.io/managed-by": "Helm" }, [{ name: "http", port: 11434 }]);
  const webui = (b = built, ww = w) => ww.pod(cluster, service(b, "open-webui").namespace, { "app.kubernetes.io/instance": "open-webui", "app.kubernetes.io/component": "open-webui" }, [{ name: "http", port: 8080 }]);
  const localAi = () => w.pod(cluster, ns("local-ai"), { "app.kubernetes.io/name": "local-ai", "app.kubernetes.io/instance": "local-ai" }, [{ port: 8080 }]);
  const tempo = () => w.pod(cluster, ns("tempo"), { "app.kubernetes.io/name": "tempo", "app.kubernetes.io/instance": "tempo" }, [{ name: "prom-metrics", port: 3200 }, { name: "otlp-grpc", port: 4317 }]);

  it("open-webui -> ollama on 11434", () => w.expectAllowed(webui(), ollama(), [["TCP", 11434]], "open-webui -> ollama"));
  it("librechat -> local-ai on 8080 (the Service's targetPort)", () => w.expectAllowed(w.servicePod(service(built, "librechat")), localAi(), [["TCP", 8080]], "librechat -> local-ai"));
  it("otel-collector -> tempo on otlp-grpc 4317", () => w.expectAllowed(w.servicePod(service(built, "otel-collector")), tempo(), [["TCP", 4317]], "otel-collector -> tempo"));

  it("with the bundled ollama switched back on, open-webui reaches it (component open-webui-ollama) on 11434", () => {
    const b = build(elysium((spec) => (spec.services.find((s: any) => s.name === "open-webui").chart.values = { ollama: { enabled: true } })));
    const ww = new World(b);
    const sub = ww.pod(cluster, service(b, "open-webui").namespace, { "app.kubernetes.io/instance": "open-webui", "app.kubernetes.io/component": "open-webui-ollama" }, [{ name: "http", port: 11434 }]);
    ww.expectAllowed(webui(b, ww), sub, [["TCP", 11434]], "open-webui -> open-webui-ollama");
  });
});
