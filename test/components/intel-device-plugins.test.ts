// Intel's device plugins operator and GPU plugin as elysium runs them: the operator's webhooks are reached by the API
// server, it waits for cert-manager (its chart creates a Certificate and an Issuer), the GPU release waits for the
// operator (its chart creates a GpuDevicePlugin), and the plugin's pods need a privileged namespace. Labels and ports
// are written here from the sources, not from src/catalog:
// - intel/helm-charts 2001561 (0.32.1) charts/device-plugin-operator/templates/operator.yaml: the Deployment's pods
//   carry only control-plane: controller-manager; container port webhook-server 9443; Service
//   inteldeviceplugins-webhook-service 443 -> 9443; cert-manager.io/v1 Certificate and Issuer.
// - intel/intel-device-plugins-for-kubernetes v0.32.1 deployments/gpu_plugin/base/intel-gpu-plugin.yaml: the
//   DaemonSet's pods carry app: intel-gpu-plugin (pkg/controllers/gpu/controller.go keeps them), hostPath volumes;
//   cmd/gpu_plugin/rm/gpu_plugin_resource_manager.go: the resource manager lists pods through the API server and reads
//   https://<host IP>:10250/pods.
import { describe, expect, it } from "vitest";
import { apiVersionOf, componentOfChart } from "../../src/catalog/index.js";
import type { Release } from "../../src/catalog/types.js";
import { compileObject } from "../support/compile.js";
import type { Endpoint } from "../support/netpol-eval.js";
import { World, build, docs, seedSpec } from "./world.js";

const cluster = "kyrion";
const ns = "intel-device-plugins-system";
const OPERATOR = { repo: "https://intel.github.io/helm-charts", name: "intel-device-plugins-operator" };
const GPU = { repo: "https://intel.github.io/helm-charts", name: "intel-device-plugins-gpu" };

const operatorPod = (w: World) => w.pod(cluster, ns, { "control-plane": "controller-manager" }, [{ name: "webhook-server", port: 9443 }]);
const gpuPod = (w: World) => w.pod(cluster, ns, { app: "intel-gpu-plugin" });
const gpuNode = (w: World): Endpoint => {
  const n = w.cluster(cluster).nodes.find((x) => x.name === "kyrion-gpu")!;
  return { kind: "node", id: `${cluster}/node@${n.address.text}`, cluster, ip: n.address.text };
};

/** The GPU plugin release as the report proposes it for elysium, without Node Feature Discovery. */
function gpuRelease(values: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "intel-gpu-plugin",
    namespace: ns,
    kind: "helm",
    description: "Intel GPU device plugin",
    chart: {
      ...GPU,
      version: "0.32.1",
      values: { sharedDevNum: 2, nodeFeatureRule: false, nodeSelector: { "intel.feature.node.kubernetes.io/gpu": null, "elysium.io/gpu": "intel" }, ...values },
    },
  };
}

/** elysium as spec/ has it, edited. */
function elysium(edit: (spec: any) => void = () => {}): any {
  const spec = seedSpec("elysium");
  edit(spec);
  return spec;
}

/** elysium with the GPU plugin release given these values over the proposed ones. */
const withGpu = (values?: Record<string, unknown>) =>
  elysium((spec) => {
    spec.services = spec.services.filter((s: any) => s.name !== "intel-gpu-plugin");
    spec.services.push(gpuRelease(values));
  });

const helmRelease = (b: ReturnType<typeof build>, name: string) => docs(b, `clusters/${cluster}/namespaces/${ns}/${name}.yaml`).find((d) => d.kind === "HelmRelease")!;

describe("intel-device-plugins-operator 0.32.1 (elysium)", () => {
  const b = build(elysium());

  it("the API server reaches the operator's webhooks on 9443, the operator the API server; the internet neither", () => {
    const w = new World(b);
    const op = operatorPod(w);
    const api = w.apiServer(cluster);
    w.expectAllowed(api, op, [["TCP", 9443]], "kube-apiserver -> inteldeviceplugins webhook");
    w.expectAllowed(op, api, [["TCP", w.cluster(cluster).apiEndpoint.port]], "operator -> kube-apiserver");
    expect(w.allowed(w.internet(), op).has("TCP", 9443)).toBe(false);
    expect(w.allowed(op, w.internet()).has("TCP", 443)).toBe(false);
  });

  it("its pods' labels are known: no PC1205 for the release (the seed's ignore entry is no longer needed)", () => {
    const r = compileObject(elysium());
    expect(r.errors).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === "PC1205" && d.message.includes("intel-device-plugins-operator"))).toEqual([]);
  });

  it("its HelmRelease waits for cert-manager, whose Certificate and Issuer kinds the chart creates", () => {
    expect(helmRelease(b, "intel-device-plugins-operator").spec.dependsOn).toEqual([{ name: "cert-manager", namespace: "cert-manager" }]);
  });

  it("names the webhook Service as the chart does, whatever the release is called, and serves the device plugin kinds at v1", () => {
    const rel = componentOfChart(OPERATOR)!.release!;
    for (const name of ["intel-device-plugins-operator", "dpo"]) {
      const r: Release = { name, values: {} };
      expect(rel.services.map((s) => [s.name(r), s.ports(r).map((p) => [p.port, p.targetPort])])).toEqual([["inteldeviceplugins-webhook-service", [[443, 9443]]]]);
    }
    const c = componentOfChart(OPERATOR)!;
    expect(apiVersionOf(c, "GpuDevicePlugin", "0.32.1")).toBe("deviceplugin.intel.com/v1");
    expect(apiVersionOf(c, "FpgaRegion", "0.32.1")).toBe("fpga.intel.com/v2");
  });

  it("runs at pod security restricted: a restricted namespace refuses nothing of the operator", () => {
    const r = compileObject(elysium((spec) => {
      for (const n of spec.namespaces) if (n.name === ns) n.podSecurity = "restricted";
      // the GPU plugin's pods, in the same namespace, need privileged (tested below)
      spec.services = spec.services.filter((s: any) => s.name !== "intel-gpu-plugin");
    }));
    expect(r.diagnostics.filter((d) => d.code === "PC1003" && d.message.includes(`${ns}/`))).toEqual([]);
  });
});

describe("intel-device-plugins-gpu 0.32.1 (elysium, with the release the report proposes)", () => {
  const b = build(withGpu());

  it("its HelmRelease waits for the operator, whose GpuDevicePlugin kind (and webhook) it needs, and carries the values", () => {
    const rel = helmRelease(b, "intel-gpu-plugin");
    expect(rel.spec.dependsOn).toEqual([{ name: "intel-device-plugins-operator", namespace: ns }]);
    // null deletes the chart's NFD label from the nodeSelector (Helm: "Deleting a default key")
    expect(rel.spec.values).toEqual({ sharedDevNum: 2, nodeFeatureRule: false, nodeSelector: { "elysium.io/gpu": "intel", "intel.feature.node.kubernetes.io/gpu": null } });
  });

  it("the plugin's pods (app: intel-gpu-plugin) talk to the kubelet over its socket only: no API server, no kubelet port", () => {
    const w = new World(b);
    const p = gpuPod(w);
    expect(w.allowed(p, w.apiServer(cluster)).has("TCP", w.cluster(cluster).apiEndpoint.port)).toBe(false);
    expect(w.allowed(p, gpuNode(w)).has("TCP", 10250)).toBe(false);
  });

  it("with the resource manager they reach the API server (pods of the node) and the kubelet's API on 10250", () => {
    const w = new World(build(withGpu({ resourceManager: true })));
    const p = gpuPod(w);
    w.expectAllowed(p, w.apiServer(cluster), [["TCP", w.cluster(cluster).apiEndpoint.port]], "gpu plugin resource manager -> kube-apiserver");
    w.expectAllowed(p, gpuNode(w), [["TCP", 10250]], "gpu plugin resource manager -> kubelet");
  });

  it("needs pod security privileged: its hostPath volumes are refused at baseline (PC1003)", () => {
    const r = compileObject(
      (() => {
        const spec = withGpu();
        for (const n of spec.namespaces) if (n.name === ns) n.podSecurity = "baseline";
        return spec;
      })(),
    );
    const refused = r.diagnostics.filter((d) => d.code === "PC1003").map((d) => d.message);
    expect(refused.filter((m) => m.includes(`${ns}/intel-gpu-plugin`) && m.includes("/dev/dri"))).toHaveLength(1);
    expect(refused.filter((m) => m.includes(`${ns}/intel-device-plugins-operator`))).toEqual([]);
  });

  it("its pods' labels do not follow the release's name or values (the operator's DaemonSet sets them)", () => {
    const rel = componentOfChart(GPU)!.release!;
    for (const r of [{ name: "intel-gpu-plugin", values: {} }, { name: "gpu", values: { name: "intel-gpu", resourceManager: true, sharedDevNum: 4 } }]) {
      const on = rel.workloads.filter((x) => x.enabled(r));
      expect(on.map((x) => x.selector(r))).toEqual([{ app: "intel-gpu-plugin" }]);
    }
  });
});
