// Talos machine configs: complete configs rendered with a test bundle validate document by document against
// the Talos JSON schema of their release, and the patches in out/ say what the spec says.
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compileObject } from "../support/compile.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { createTalosBundle } from "../../src/lib/talos-secrets/bundle.js";
import { renderMachineConfigs, machineConfigDocs } from "../../generators/talos/render.js";
import type { Graph } from "../../src/graph.js";
import { mixedTalosSpec, seed001Spec, seededEntropy, talosValidator } from "./support.js";

function clean(spec: unknown): { graph: Graph; files: Map<string, string> } {
  const r = compileObject(spec);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => renderDiagnostic(d, { color: false }))).toEqual([]);
  return { graph: r.graph!, files: new Map((r.files ?? []).map((f) => [f.path, f.content])) };
}

function docs(text: string): Array<Record<string, any>> {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Record<string, any>;
  });
}

const NOW = new Date("2026-01-01T00:00:00Z");

describe("complete machine configs validate against the Talos schema of their release", () => {
  const cases = [
    { name: "seed 001 on v1.13 (multi-document network)", spec: seed001Spec("v1.13.9"), schema: "v1.13" as const },
    { name: "mixed cluster on v1.13", spec: mixedTalosSpec("v1.13.2"), schema: "v1.13" as const },
    { name: "seed 001 on v1.11 (legacy machine.network)", spec: seed001Spec("v1.11.6"), schema: "v1.11" as const },
    { name: "mixed cluster on v1.11", spec: mixedTalosSpec("v1.11.6"), schema: "v1.11" as const },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { graph, files } = clean(c.spec);
      const validate = talosValidator(c.schema);
      let checked = 0;
      for (const cluster of graph.clusters) {
        const bundle = createTalosBundle({ contract: cluster.talos!.contract, now: NOW, entropy: seededEntropy(cluster.name) });
        for (const f of renderMachineConfigs(graph, cluster, bundle)) {
          for (const d of docs(f.content)) {
            expect(validate(d), `${f.path} ${String(d.kind ?? "v1alpha1")}`).toEqual([]);
            checked++;
          }
        }
      }
      // The patches in out/ are config documents too: talosctl rejects unknown keys in them.
      for (const [path, text] of files) {
        if (!path.endsWith("patch.yaml")) continue;
        for (const d of docs(text)) expect(validate(d), path).toEqual([]);
      }
      expect(checked).toBeGreaterThanOrEqual(graph.clusters.reduce((n, c) => n + c.nodes.length, 0));
    });
  }

  it("a config that breaks the schema is caught (the validator can fail)", () => {
    const { graph } = clean(seed001Spec());
    const c = graph.clusters[0]!;
    const bundle = createTalosBundle({ contract: c.talos!.contract, now: NOW, entropy: seededEntropy("x") });
    const [v1alpha1] = machineConfigDocs(graph, c, c.nodes[0]!, bundle);
    const validate = talosValidator("v1.13");
    expect(validate({ ...v1alpha1!, persist: true }).join()).toContain("persist");
    expect(validate({ ...v1alpha1!, machine: { ...(v1alpha1!.machine as object), network: {} } }).join()).toContain("network");
    expect(validate({ apiVersion: "v1alpha1", kind: "LinkConfig", name: "eth0", addresses: ["10.0.0.1/24"] }).length).toBeGreaterThan(0);
  });
});

describe("what the configs say", () => {
  let graph: Graph, files: Map<string, string>, bundle: ReturnType<typeof createTalosBundle>, cp1: Array<Record<string, unknown>>, main: any;
  const kind = (k: string) => cp1.filter((d) => d.kind === k) as any[];
  beforeAll(() => {
    ({ graph, files } = clean(seed001Spec()));
    const infra = graph.clusters.find((c) => c.name === "infra")!;
    bundle = createTalosBundle({ contract: infra.talos!.contract, now: NOW, entropy: seededEntropy("infra") });
    cp1 = machineConfigDocs(graph, infra, infra.nodes[0]!, bundle);
    main = cp1[0];
  });

  it("identity, install disk and image, addresses, default route, resolvers and the VIP of a control-plane node", () => {
    expect(main.machine.type).toBe("controlplane");
    expect(kind("HostnameConfig")).toEqual([{ apiVersion: "v1alpha1", kind: "HostnameConfig", auto: "off", hostname: "infra-cp1" }]);
    expect(main.machine.install).toMatchObject({ disk: "/dev/nvme0n1", image: "ghcr.io/siderolabs/installer:v1.13.9" });
    expect(kind("LinkConfig")).toEqual([{ apiVersion: "v1alpha1", kind: "LinkConfig", name: "enp1s0", addresses: [{ address: "10.25.11.11/24" }], routes: [{ gateway: "10.25.11.1" }] }]);
    expect(kind("ResolverConfig")[0].nameservers).toEqual([{ address: "10.25.11.1" }, { address: "1.1.1.1" }]);
    expect(kind("Layer2VIPConfig")).toEqual([{ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "10.25.11.10", link: "enp1s0" }]);
    expect(main.machine.kubelet.nodeIP).toEqual({ validSubnets: ["10.25.11.0/24"] });
  });

  it("the cluster section: name, endpoint, subnets replaced (not appended), CNI none and no kube-proxy with Cilium, etcd subnets", () => {
    expect(main.cluster.clusterName).toBe("infra");
    expect(main.cluster.controlPlane.endpoint).toBe("https://10.25.11.10:6443");
    expect(main.cluster.network).toEqual({ dnsDomain: "cluster.local", podSubnets: ["10.244.0.0/16"], serviceSubnets: ["10.245.0.0/16"], cni: { name: "none" } });
    expect(main.cluster.proxy.disabled).toBe(true);
    expect(main.cluster.etcd.advertisedSubnets).toEqual(["10.25.11.0/24"]);
    expect(main.cluster.allowSchedulingOnControlPlanes).toBe(true);
    expect(main.cluster.apiServer.certSANs).toEqual(["10.25.11.10"]);
    expect(main.cluster.id).toBe(bundle.cluster.id);
    expect(main.cluster.serviceAccount.key).toBe(bundle.certs.k8sserviceaccount.key);
  });

  it("writes the patches, the Cilium values and the commands into out/, one patch per node", () => {
    for (const c of graph.clusters) {
      expect(files.has(`nodes/${c.name}/cluster-patch.yaml`)).toBe(true);
      expect(files.has(`nodes/${c.name}/controlplane-patch.yaml`)).toBe(true);
      expect(files.has(`nodes/${c.name}/cilium-values.yaml`)).toBe(true);
      for (const n of c.nodes) expect(files.has(`nodes/${c.name}/${n.name}/patch.yaml`)).toBe(true);
      const readme = files.get(`nodes/${c.name}/README.md`)!;
      expect(readme).toContain(`talosctl gen config ${c.name} https://`);
      expect(readme).toContain("--talos-version v1.13");
      expect(readme).toContain("--config-patch @cluster-patch.yaml");
      for (const n of c.nodes) expect(readme).toContain(`--patch @${n.name}/patch.yaml --output "$CONFIGS/${n.name}.yaml"`);
    }
  });

  it("workers: taints registered by the kubelet, labels, a VLAN link, no overlay address, DHCP without an interface", () => {
    const m = clean(mixedTalosSpec("v1.13.9"));
    const lab = m.graph.clusters[0]!;
    const b = createTalosBundle({ contract: lab.talos!.contract, now: NOW, entropy: seededEntropy("lab") });
    const w1 = machineConfigDocs(m.graph, lab, lab.nodes.find((n) => n.name === "w1")!, b);
    const w = w1[0] as any;
    expect(w.machine.type).toBe("worker");
    expect(w.machine.nodeTaints).toBeUndefined();
    expect(w.machine.kubelet.extraConfig.registerWithTaints).toEqual([{ key: "nvidia.com/gpu", effect: "NoSchedule" }]);
    expect(w.machine.nodeLabels).toEqual({ "example.com/gpu": "true", "node.kubernetes.io/role-gpu": "" });
    expect(w.machine.install.image).toBe("factory.talos.dev/installer/0123abcd:v1.13.9");
    expect(w.machine.ca.key).toBe("");
    expect(w.cluster.ca.key).toBe("");
    expect(w1.filter((d) => d.kind === "VLANConfig")).toEqual([{ apiVersion: "v1alpha1", kind: "VLANConfig", name: "enp2s0.30", vlanID: 30, parent: "enp2s0", addresses: [{ address: "10.30.0.21/24" }] }]);
    expect(JSON.stringify(w1)).not.toContain("100.100.7.21");
    const cp1 = machineConfigDocs(m.graph, lab, lab.nodes[0]!, b)[0] as any;
    expect(cp1.machine.nodeTaints).toEqual({ dedicated: "control:NoSchedule" });
    expect(cp1.cluster.controllerManager.extraArgs).toEqual({ "node-cidr-mask-size": "25" });
    expect(cp1.cluster.apiServer.extraArgs).toEqual({ "service-node-port-range": "30000-31000" });
    expect(cp1.cluster.allowSchedulingOnControlPlanes).toBeUndefined();
    const w2 = machineConfigDocs(m.graph, lab, lab.nodes.find((n) => n.name === "w2")!, b);
    expect(w2.some((d) => d.kind === "LinkConfig")).toBe(false);
  });

  it("v1.11: the legacy machine.network section with hostname, interfaces, default route, VIP and VLAN", () => {
    const m = clean(mixedTalosSpec("v1.11.6"));
    const lab = m.graph.clusters[0]!;
    const b = createTalosBundle({ contract: lab.talos!.contract, now: NOW, entropy: seededEntropy("lab") });
    const cp1 = machineConfigDocs(m.graph, lab, lab.nodes[0]!, b);
    expect(cp1).toHaveLength(1);
    const net = (cp1[0] as any).machine.network;
    expect(net).toEqual({
      hostname: "cp1",
      nameservers: ["192.168.20.1"],
      interfaces: [{ interface: "eno1", addresses: ["192.168.20.11/24"], routes: [{ network: "0.0.0.0/0", gateway: "192.168.20.1" }], vip: { ip: "192.168.20.5" } }],
    });
    const w1 = machineConfigDocs(m.graph, lab, lab.nodes.find((n) => n.name === "w1")!, b)[0] as any;
    expect(w1.machine.network.interfaces[0].vlans).toEqual([{ vlanId: 30, addresses: ["10.30.0.21/24"] }]);
    expect((cp1[0] as any).machine.features.rbac).toBe(true);
  });
});
