// A CoreDNS from its Helm chart replaces the distribution's (issue 12, point 4): the distribution's is switched
// off, the chart's Service takes the kube-dns name and the cluster DNS address kubelets point pods at, and the
// DNS egress the policies allow selects the chart's pods.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { compileObject } from "../support/compile.js";

const repo = path.join(import.meta.dirname, "..", "..");
const seed = (name: string) => YAML.parse(fs.readFileSync(path.join(repo, "spec", name, "platform.yaml"), "utf8"));

function build(spec: unknown) {
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  const docs = (file: string) => {
    const f = r.files!.find((x) => x.path === file);
    expect(f, file).toBeDefined();
    return YAML.parseAllDocuments(f!.content).map((d) => d.toJS() as Record<string, any>);
  };
  const text = (file: string) => r.files!.find((x) => x.path === file)?.content;
  return { graph: r.graph!, docs, text };
}

describe("monosense: the CoreDNS chart replaces Talos's CoreDNS", () => {
  const { graph, docs } = build(seed("monosense"));

  for (const cluster of ["infra", "apps"]) {
    it(`${cluster}: Talos's CoreDNS is disabled on the control plane`, () => {
      expect(docs(`nodes/${cluster}/controlplane-patch.yaml`)[0]!.cluster.coreDNS).toEqual({ disabled: true });
    });

    it(`${cluster}: the chart's Service is kube-dns at the 10th service address, its pods labelled k8s-app: kube-dns`, () => {
      const c = graph.clusters.find((x) => x.name === cluster)!;
      const release = docs(`clusters/${cluster}/namespaces/kube-system/coredns.yaml`).find((d) => d.kind === "HelmRelease")!;
      const base = c.serviceCIDR.text.split("/")[0]!.split(".").map(Number);
      expect(release.spec.values.service).toEqual({ name: "kube-dns", clusterIP: `${base[0]}.${base[1]}.${base[2]}.${base[3]! + 10}` });
      expect(release.spec.values.k8sAppLabelOverride).toBe("kube-dns");
    });

    it(`${cluster}: DNS egress selects labels the chart gives its pods`, () => {
      const c = graph.clusters.find((x) => x.name === cluster)!;
      // coredns/helm _helpers.tpl: app.kubernetes.io/name (the chart name), app.kubernetes.io/instance (the release), k8s-app.
      const podLabels = { "app.kubernetes.io/name": "coredns", "app.kubernetes.io/instance": "coredns", "k8s-app": "kube-dns" };
      expect(c.dns.namespace).toBe("kube-system");
      for (const [k, v] of Object.entries(c.dns.selector)) expect(podLabels[k as keyof typeof podLabels], k).toBe(v);
    });
  }
});

// With Talos's CoreDNS disabled nothing resolves names until the chart's CoreDNS runs, and flux bootstrap's
// source-controller must resolve github.com: a bootstrap that left CoreDNS to GitOps would wait forever.
describe("monosense: the bootstrap installs the replacement CoreDNS before GitOps", () => {
  const { docs, text } = build(seed("monosense"));

  for (const cluster of ["infra", "apps"]) {
    it(`${cluster}: README installs coredns after Cilium and before flux bootstrap, with coredns-values.yaml`, () => {
      const readme = text(`nodes/${cluster}/README.md`)!;
      const install = readme.indexOf("helm install coredns coredns/coredns --version 1.43.0 --namespace kube-system --values coredns-values.yaml");
      expect(install).toBeGreaterThan(0);
      expect(readme).toContain("helm repo add coredns https://coredns.github.io/helm");
      expect(readme.indexOf("helm install cilium")).toBeLessThan(install);
      expect(readme.indexOf("flux bootstrap")).toBeGreaterThan(install);
    });

    it(`${cluster}: coredns-values.yaml holds exactly the HelmRelease's values, so the first upgrade changes nothing`, () => {
      const release = docs(`clusters/${cluster}/namespaces/kube-system/coredns.yaml`).find((d) => d.kind === "HelmRelease")!;
      expect(release.spec.releaseName).toBe("coredns");
      expect(docs(`nodes/${cluster}/coredns-values.yaml`)[0]).toEqual(release.spec.values);
    });
  }

  it("a cluster whose distribution keeps its CoreDNS gets no such step", () => {
    const { graph, text: t } = build(seed("todoapp"));
    const name = graph.clusters[0]!.name;
    expect(t(`nodes/${name}/README.md`)).not.toContain("helm install coredns");
    expect(t(`nodes/${name}/coredns-values.yaml`)).toBeUndefined();
  });
});

describe("K3s: the CoreDNS chart switches K3s's packaged CoreDNS off", () => {
  it("todoapp with a CoreDNS chart: disable lists coredns on the servers", () => {
    const spec = seed("todoapp");
    // todoapp declares K3s's bundled CoreDNS; make it the chart instead.
    const dns = spec.services.find((s: { name: string }) => s.name === "coredns");
    Object.assign(dns, {
      kind: "helm",
      chart: { repo: "https://coredns.github.io/helm", name: "coredns", version: "1.43.0" },
      selector: { "app.kubernetes.io/name": "coredns", "app.kubernetes.io/instance": "coredns" },
    });
    const { graph, docs } = build(spec);
    const c = graph.clusters[0]!;
    const server = c.nodes.find((n) => n.role === "controlplane")!;
    expect(docs(`nodes/${c.name}/${server.name}/config.yaml`)[0]!.disable).toContain("coredns");
  });

  it("without a CoreDNS chart K3s keeps its own", () => {
    const { graph, docs } = build(seed("todoapp"));
    const c = graph.clusters[0]!;
    const server = c.nodes.find((n) => n.role === "controlplane")!;
    expect(docs(`nodes/${c.name}/${server.name}/config.yaml`)[0]!.disable ?? []).not.toContain("coredns");
  });
});
