// K3s ServiceLB (issue 12, point 11): what reaches a LoadBalancer port through the svclb pod's hostPort arrives from
// that pod, so the backends' policies admit the svclb pods of their Service wherever they admit outside clients
// (elysium's Traefik, axiomlayer's telnet); and NodePort or LoadBalancer Services platformc writes for clients it
// admits by address keep those addresses (externalTrafficPolicy: Local) instead of another node's.
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec, service } from "./world.js";

// k3s-io/k3s pkg/cloudprovider/servicelb.go: the DaemonSet svclb-<service>-<uid[:8]> runs in the ServiceLB namespace
// (DefaultLBNS, kube-system), its pods labelled app: <daemonset>, svccontroller.k3s.cattle.io/svcname: <Service>
// and svccontroller.k3s.cattle.io/svcnamespace: <its namespace>; klipper-lb's entry DNATs to the ClusterIP and
// MASQUERADEs, so the backend sees the svclb pod's own address.
function svclbPod(w: World, cluster: string, svc: string, namespace: string) {
  return w.pod(cluster, "kube-system", {
    app: `svclb-${svc}-0a1b2c3d`,
    "svccontroller.k3s.cattle.io/svcname": svc,
    "svccontroller.k3s.cattle.io/svcnamespace": namespace,
  });
}

describe("elysium: ServiceLB forwards to Traefik", () => {
  const b = build(seedSpec("elysium"));
  const w = new World(b);
  // traefik/traefik-helm-chart traefik/templates/service.yaml: the LoadBalancer Service is named traefik.fullname,
  // `traefik` for the release traefik, selecting app.kubernetes.io/name: traefik; the pods listen on the entry
  // points web (8000) and websecure (8443), the spec's target ports.
  const traefik = w.pod("kyrion", "traefik", { "app.kubernetes.io/name": "traefik", "app.kubernetes.io/instance": "traefik-traefik", "app.kubernetes.io/managed-by": "Helm" }, [
    { name: "web", port: 8000 },
    { name: "websecure", port: 8443 },
  ]);

  it("runs Traefik behind ServiceLB", () => {
    expect(service(b, "traefik").ports.filter((p) => p.expose === "LoadBalancer").map((p) => p.targetPort)).toEqual([8000, 8443]);
    expect(w.cluster("kyrion").loadBalancer?.type).toBe("servicelb");
  });

  it("the svclb pods of Traefik's Service reach Traefik's entry points", () => {
    w.expectAllowed(svclbPod(w, "kyrion", "traefik", "traefik"), traefik, [["TCP", 8000], ["TCP", 8443]], "svclb-traefik -> traefik");
  });

  // Traefik's chart Service keeps the Cluster policy (see below), so kube-proxy's path delivers from another node's
  // overlay address: the pod network reaches the entry points, but nothing else of Traefik's.
  it("other pods reach only the entry points", () => {
    const other = w.pod("kyrion", "kube-system", { app: "metrics-server" });
    expect(w.allowed(other, traefik).has("TCP", 8443)).toBe(true);
    expect(w.allowed(other, w.pod("kyrion", "traefik", { "app.kubernetes.io/name": "traefik", "app.kubernetes.io/instance": "traefik-traefik" }, [{ name: "metrics", port: 9100 }])).has("TCP", 9100)).toBe(false);
  });

  it("a node's overlay address reaches the entry points (kube-proxy masquerades what crosses nodes under Cluster)", () => {
    const overlay = w.pod("kyrion", "kube-system", { none: "flannel.1 address" });
    w.expectAllowed(overlay, traefik, [["TCP", 8000], ["TCP", 8443]], "node -> traefik");
  });

  // Behind ServiceLB the chart's Service stays at Cluster: under Local ServiceLB would list only the node that runs
  // Traefik, while the DNS records name every node.
  it("the chart's Service keeps the chart's traffic policy behind ServiceLB", () => {
    const hr = docs(b, "clusters/kyrion/namespaces/traefik/traefik.yaml").find((d) => d.kind === "HelmRelease")!;
    expect(hr.spec.values?.service?.spec?.externalTrafficPolicy).toBeUndefined();
  });
});

describe("axiomlayer: ServiceLB forwards to the telnet demo", () => {
  const b = build(seedSpec("axiomlayer"));
  const w = new World(b);
  const telnet = service(b, "telnet");

  it("the svclb pods of the telnet Service reach the pod port 2323", () => {
    w.expectAllowed(svclbPod(w, "homelab", "telnet", "telnet-demo"), w.servicePod(telnet), [["TCP", 2323]], "svclb-telnet -> telnet");
  });

  it("svclb pods of another Service do not", () => {
    expect(w.allowed(svclbPod(w, "homelab", "traefik", "kube-system"), w.servicePod(telnet)).has("TCP", 2323)).toBe(false);
  });

  it("the telnet Service keeps the tailnet client's address and the NodePorts the svclb pods forward to under Local", () => {
    const svc = docs(b, "clusters/homelab/namespaces/telnet-demo/telnet.yaml").find((o) => o.kind === "Service" && o.spec.type === "LoadBalancer")!;
    expect(svc.spec.externalTrafficPolicy).toBe("Local");
    expect(svc.spec.allocateLoadBalancerNodePorts).not.toBe(false);
  });
});

describe("bluerobin: NodePorts the Tailscale dev machine reaches by address", () => {
  const b = build(seedSpec("bluerobin"));

  it("keep the client's address (externalTrafficPolicy: Local), and MetalLB's cluster has no svclb peers", () => {
    for (const [name, file] of [["postgres", "postgres"], ["nats", "nats"], ["qdrant", "qdrant"]] as const) {
      const svc = docs(b, `clusters/bluerobin-local/namespaces/data-layer/${file}.yaml`).find((o) => o.kind === "Service" && o.spec.type === "NodePort");
      expect(svc, name).toBeDefined();
      expect(svc!.spec.externalTrafficPolicy, name).toBe("Local");
    }
    for (const f of b.files) expect(f.content, f.path).not.toContain("svccontroller.k3s.cattle.io/svcnamespace");
  });

  it("a NodePort nobody outside reaches by address stays Cluster", () => {
    const spec = seedSpec("bluerobin");
    spec.externals = [];
    const r = build(spec);
    const svc = docs(r, "clusters/bluerobin-local/namespaces/data-layer/postgres.yaml").find((o) => o.kind === "Service" && o.spec.type === "NodePort")!;
    expect(svc.spec.externalTrafficPolicy).toBeUndefined();
  });

  it("each such NodePort is a PC1119 warning naming the nodes that may answer", () => {
    const spec = seedSpec("bluerobin");
    delete spec.ignore; // the seed ignores these warnings, with its reason
    const r = compileObject(spec);
    const warned = r.diagnostics.filter((d) => d.code === "PC1119").map((d) => d.message);
    expect(warned).toHaveLength(3);
    for (const port of [30432, 30422, 30634]) expect(warned.some((m) => m.includes(`NodePort ${port}`))).toBe(true);
  });
});

describe("K3s's svclb pods need a privileged kube-system", () => {
  it("a kube-system the spec keeps at baseline refuses them: PC1003", () => {
    const spec = seedSpec("elysium");
    spec.namespaces.find((n: { name: string }) => n.name === "kube-system").podSecurity = "baseline";
    const r = compileObject(spec);
    expect(r.errors).toEqual(["PC1003"]);
    expect(r.diagnostics.find((d) => d.code === "PC1003")!.message).toContain("ServiceLB (svclb) pods");
  });
});

describe("K3s without a load balancer", () => {
  it("pinned LoadBalancer addresses with ServiceLB disabled and nothing else: PC1117", () => {
    const spec = seedSpec("bluerobin");
    delete spec.clusters[0].loadBalancer;
    const r = compileObject(spec);
    // allocation has nothing to allocate (Traefik pins 192.168.0.50), so only the installers check sees it
    expect(r.errors).toEqual(["PC1117"]);
    expect(r.diagnostics.find((d) => d.code === "PC1117")!.message).toContain("ServiceLB");
  });
});

// K3s owns its packaged Traefik's HelmChart; a HelmChartConfig of the same name in kube-system is how its values are
// changed (docs.k3s.io, "Customizing Packaged Components with HelmChartConfig"; k3s-io/helm-controller
// pkg/apis/helm.cattle.io/v1/types.go: spec.valuesContent). bluerobin pins 192.168.0.50 for Traefik on MetalLB.
describe("bluerobin: K3s's Traefik takes the address the spec pins", () => {
  const b = build(seedSpec("bluerobin"));
  it("a HelmChartConfig traefik asks MetalLB for 192.168.0.50 through the chart's service.annotations", () => {
    const cfg = docs(b, "clusters/bluerobin-local/infrastructure/infrastructure.yaml").find((o) => o.kind === "HelmChartConfig");
    expect(cfg?.apiVersion).toBe("helm.cattle.io/v1");
    expect(cfg?.metadata).toMatchObject({ name: "traefik", namespace: "kube-system" });
    expect(YAML.parse(cfg!.spec.valuesContent)).toEqual({ service: { annotations: { "metallb.universe.tf/loadBalancerIPs": "192.168.0.50" } } });
  });
});

describe("values for K3s's Traefik (services[].values of the bundled service)", () => {
  const withValues = (values: unknown) => {
    const spec = seedSpec("bluerobin");
    spec.services.find((x: any) => x.name === "traefik").values = values;
    return spec;
  };
  it("reach the HelmChartConfig beside the pinned address, which wins over a conflicting one", () => {
    const b = build(withValues({ additionalArguments: ["--api.insecure=false"], service: { annotations: { "metallb.universe.tf/loadBalancerIPs": "192.168.0.99", "x/y": "z" } } }));
    const cfg = docs(b, "clusters/bluerobin-local/infrastructure/infrastructure.yaml").find((o) => o.kind === "HelmChartConfig");
    expect(YAML.parse(cfg!.spec.valuesContent)).toEqual({
      additionalArguments: ["--api.insecure=false"],
      service: { annotations: { "metallb.universe.tf/loadBalancerIPs": "192.168.0.50", "x/y": "z" } },
    });
  });
  it("are refused on a bundled service its distribution installs from no chart, and on a helm service", () => {
    const spec = seedSpec("bluerobin");
    spec.services.push({ name: "metrics-server", namespace: "kube-system", kind: "bundled", ports: [{ name: "https", port: 10250 }], values: { replicas: 2 } });
    const r = compileObject(spec);
    expect(r.errors).toEqual(["PC0305"]);
    expect(r.diagnostics.find((d) => d.code === "PC0305")!.message).toContain("K3s installs no Helm chart of its own for it");
    spec.services.pop();
    spec.services.find((x: any) => x.kind === "helm").values = { a: 1 };
    const r2 = compileObject(spec);
    expect(r2.errors).toEqual(["PC0305"]);
    expect(r2.diagnostics.find((d) => d.code === "PC0305")!.message).toContain("values belong under chart.values");
  });
});

describe("a Traefik chart behind MetalLB keeps client addresses", () => {
  it("elysium on MetalLB: the release's values set service.spec.externalTrafficPolicy: Local", () => {
    const spec = seedSpec("elysium");
    spec.clusters[0].loadBalancer = { type: "metallb", pools: [{ name: "lan", addresses: ["192.168.10.200-192.168.10.220"] }] };
    const b = build(spec);
    const hr = docs(b, "clusters/kyrion/namespaces/traefik/traefik.yaml").find((d) => d.kind === "HelmRelease")!;
    expect(hr.spec.values.service.spec.externalTrafficPolicy).toBe("Local");
  });
});
