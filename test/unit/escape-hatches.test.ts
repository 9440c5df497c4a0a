// Issue 13's escape hatches: what the spec cannot say is passed through, each checked where it is written and placed
// where its consumer reads it. K3s keys are checked against the K3s flag table of test/reference (not the product's
// copy), Talos patches by the Talos schema of the cluster's release in the complete configs, extra manifests by
// kubectl kustomize, the Kubernetes schemas and the reconciliation check; Helm values reach every installer.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import YAML from "yaml";
import { compileObject, type Compiled } from "../support/compile.js";
import { baseSpec, testPlatform } from "../support/base.js";
import { seedSpec } from "../components/world.js";
import { compileSource, generateWithSecrets } from "../../src/build.js";
import { Diagnostics, sortDiagnostics } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { createTalosBundle } from "../../src/lib/talos-secrets/bundle.js";
import { mixedTalosSpec, seededEntropy, talosValidator, withEscapePatches } from "../talos/support.js";
import { reconcile, formatFindings } from "../support/reconcile/index.js";
import { referenceDir, createValidator } from "../support/k8s-validate.js";
import { layout } from "../../src/plan/layout.js";

const REFERENCE = process.env.PLATFORMC_REFERENCE ?? join(import.meta.dirname, "..", "reference");
const flags = JSON.parse(readFileSync(join(REFERENCE, "k3s-config-keys.json"), "utf8")) as Record<"server" | "agent", Record<string, { type: string }>>;

const rendered = (r: Compiled) => r.diagnostics.map((d) => renderDiagnostic(d, { color: false }));
const file = (r: Compiled, path: string) => {
  const f = r.files?.find((x) => x.path === path);
  expect(f, path).toBeDefined();
  return f!.content;
};
const docs = (text: string) => YAML.parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>);
/** The spec text a diagnostic's span covers. */
const spanned = (r: Compiled, code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => d.span!.file.text.slice(d.span!.start, d.span!.end));

function clean(spec: unknown): Compiled {
  const r = compileObject(spec);
  expect(rendered(r).filter((x) => x.startsWith("error"))).toEqual([]);
  return r;
}

describe("K3s: extraConfig and k3sConfig reach config.yaml as K3s flags", () => {
  const spec = () => {
    const s = baseSpec();
    s.clusters[0].k3s = { extraConfig: { "kubelet-arg": ["max-pods=200"], "etcd-snapshot-schedule-cron": "0 */6 * * *", disable: ["metrics-server"], "secrets-encryption": true } };
    s.clusters[0].nodes.find((n: any) => n.name === "w1").k3sConfig = { "kubelet-arg": ["max-pods=110"], "image-credential-provider-config": "/etc/rancher/k3s/credential.yaml" };
    return s;
  };

  it("every node gets the cluster's keys its role has, the node's own on top, and stays a valid K3s config", () => {
    const r = clean(spec());
    for (const n of r.graph!.clusters[0]!.nodes) {
      const role = n.role === "controlplane" ? "server" : "agent";
      const cfg = YAML.parse(file(r, `nodes/main/${n.name}/config.yaml`)) as Record<string, unknown>;
      for (const k of Object.keys(cfg)) expect(flags[role][k], `${n.name}: ${k} is a k3s ${role} flag`).toBeDefined();
      if (role === "server") {
        expect(cfg["etcd-snapshot-schedule-cron"]).toBe("0 */6 * * *");
        expect(cfg["secrets-encryption"]).toBe(true);
        // appended to the components platformc disables, not in their place
        expect(cfg.disable).toEqual(expect.arrayContaining(["metrics-server", "servicelb"]));
        expect(cfg["kubelet-arg"]).toEqual(["max-pods=200"]);
      } else {
        // server-only keys stay off agents, which would refuse them
        expect(cfg["etcd-snapshot-schedule-cron"]).toBeUndefined();
        expect(cfg["secrets-encryption"]).toBeUndefined();
        expect(cfg["kubelet-arg"]).toEqual(n.name === "w1" ? ["max-pods=200", "max-pods=110"] : ["max-pods=200"]);
      }
      if (n.name === "w1") expect(cfg["image-credential-provider-config"]).toBe("/etc/rancher/k3s/credential.yaml");
      expect(cfg["token-file"]).toBe("/etc/rancher/k3s/cluster-token");
    }
  });

  it("an unknown key is an error at the key, with the flag it was likely meant to be", () => {
    const s = baseSpec();
    s.clusters[0].k3s = { extraConfig: { "kubelet-args": ["max-pods=200"] } };
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC1122"]);
    expect(spanned(r, "PC1122")).toEqual(["kubelet-args"]);
    expect(rendered(r).join("\n")).toContain("did you mean `kubelet-arg`?");
  });

  it("a server flag on an agent, a value of the wrong type and a deprecated flag are errors", () => {
    const s = baseSpec();
    const w1 = s.clusters[0].nodes.find((n: any) => n.name === "w1");
    w1.k3sConfig = { "etcd-snapshot-retention": 5 };
    s.clusters[0].nodes[0].k3sConfig = { "secrets-encryption": "yes" };
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC1122", "PC1122"]);
    const text = rendered(r).join("\n");
    expect(text).toContain("`etcd-snapshot-retention` is a `k3s server` flag only");
    expect(text).toContain('takes a boolean, not "yes"');
  });

  it("keys platformc writes from the spec are refused, naming the field to set", () => {
    const s = baseSpec();
    s.clusters[0].k3s = { extraConfig: { "cluster-cidr": "10.99.0.0/16", token: "hunter2", "node-ip": "1.2.3.4" } };
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC1123", "PC1123", "PC1123"]);
    expect(spanned(r, "PC1123")).toEqual(["cluster-cidr", "token", "node-ip"]);
    expect(rendered(r).join("\n")).toContain("which platformc writes from podCIDR");
  });

  it("K3s settings on a Talos cluster, and Talos patches on a K3s one, are errors", () => {
    const t = mixedTalosSpec("v1.13.2");
    t.clusters[0].k3s = { extraConfig: { "kubelet-arg": ["a=b"] } };
    expect(compileObject(t).errors).toEqual(["PC1124"]);
    const k = baseSpec();
    k.clusters[0].nodes[0].talosPatches = [{ machine: { sysctls: { "vm.max_map_count": "262144" } } }];
    expect(compileObject(k).errors).toEqual(["PC1124"]);
  });
});

const NOW = new Date("2026-01-01T00:00:00Z");

describe("Talos: talos.patches and talosPatches are merged into platformc's patches", () => {
  const withPatches = withEscapePatches;

  for (const [version, schema] of [["v1.13.2", "v1.13"], ["v1.11.6", "v1.11"]] as const) {
    it(`${version}: the patch files and the complete configs carry them, and validate against the Talos ${schema} schema`, () => {
      const r = clean(withPatches(version));
      const all = docs(file(r, "nodes/lab/cluster-patch.yaml"))[0]!;
      expect(all.machine.sysctls).toEqual({ "vm.max_map_count": "262144" });
      expect(all.machine.install.image).toBeDefined();
      expect(docs(file(r, "nodes/lab/controlplane-patch.yaml"))[0]!.cluster.apiServer.extraArgs).toMatchObject({ "audit-log-maxage": "30" });
      expect(docs(file(r, "nodes/lab/w2/patch.yaml"))[0]!.machine.kubelet.extraArgs).toEqual({ "max-pods": "200" });
      // the node's own patch comes last and wins
      const w1 = docs(file(r, "nodes/lab/w1/patch.yaml"))[0]!;
      expect(w1.machine.kubelet.extraArgs).toEqual({ "max-pods": "64" });
      expect(w1.machine.kubelet.nodeIP).toBeDefined();
      expect(docs(file(r, "nodes/lab/cp1/patch.yaml"))[0]!.machine.kubelet.extraArgs).toBeUndefined();

      const validate = talosValidator(schema);
      for (const [path, text] of (r.files ?? []).map((f) => [f.path, f.content] as const)) {
        if (path.endsWith("patch.yaml")) for (const d of docs(text)) expect(validate(d), path).toEqual([]);
      }
      const c = r.graph!.clusters[0]!;
      const bundle = createTalosBundle({ contract: c.talos!.contract, now: NOW, entropy: seededEntropy(c.name) });
      const configs = generateWithSecrets(r.graph!, r.report!, c.name, bundle);
      for (const f of configs) for (const d of docs(f.content)) expect(validate(d), f.path).toEqual([]);
      const w1Config = docs(configs.find((f) => f.path.endsWith("/w1.yaml"))!.content)[0]!;
      expect(w1Config.machine.sysctls).toEqual({ "vm.max_map_count": "262144" });
      expect(w1Config.machine.kubelet.extraArgs).toEqual({ "max-pods": "64" });
      expect(w1Config.machine.udev.rules).toHaveLength(1);
    });
  }

  it("a patch the Talos schema refuses is caught by the validation above (it can fail), and by the build (PC1125)", () => {
    const s = withPatches("v1.13.2");
    s.clusters[0].talos.patches.all = [{ machine: { sysctl: { "vm.max_map_count": "262144" } } }];
    expect(talosValidator("v1.13")(s.clusters[0].talos.patches.all[0]).join()).toContain("sysctl");
    expect(compileObject(s).errors).toEqual(["PC1125"]);
  });

  it("a patch that sets what platformc writes is an error at the field, naming the field to set", () => {
    const s = mixedTalosSpec("v1.13.2");
    s.clusters[0].talos = { patches: { all: [{ machine: { install: { disk: "/dev/vda" } } }, { cluster: { network: { podSubnets: ["10.9.0.0/16"] } } }] } };
    s.clusters[0].nodes[0].talosPatches = [{ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "other", auto: "off" }];
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC1123", "PC1123", "PC1123"]);
    expect(spanned(r, "PC1123").sort()).toEqual(["HostnameConfig", "disk", "podSubnets"]);
    const text = rendered(r).join("\n");
    expect(text).toContain("which platformc writes from nodes[].installDisk");
    expect(text).toContain("which platformc writes from podCIDR");
  });
});

/** Compiles a spec with files beside it, read the way the driver reads them (compileSource's readFile). */
function withFiles(spec: unknown, files: Record<string, string>): Compiled {
  const diags = new Diagnostics();
  const path = "spec/lab/platform.yaml";
  const r = compileSource({ path, text: YAML.stringify(spec) }, {
    specPath: path,
    readFile: (rel) => (rel in files ? { ok: true, text: files[rel]! } : { ok: false, reason: "no such file or directory" }),
  }, diags);
  const diagnostics = sortDiagnostics(diags.items);
  return { codes: diagnostics.map((d) => d.code), errors: diagnostics.filter((d) => d.severity === "error").map((d) => d.code), diagnostics, ...(r.files ? { files: r.files } : {}), ...(r.graph ? { graph: r.graph } : {}), ...(r.report ? { report: r.report } : {}) };
}

const appsRoot = (r: Compiled) => {
  const c = r.graph!.clusters[0]!;
  return layout.namespace(c, c.namespaces.find((n) => n.name === "apps")!);
};

const CONFIG = `# the app's settings
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings # read by web
data:
  LOG_LEVEL: info
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: web-reader
  namespace: apps
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get"]
`;

describe("extra manifests: namespaces[].manifests land in the namespace's root", () => {
  const spec = (list: string[]) => {
    const s = baseSpec();
    s.namespaces.find((n: any) => n.name === "apps").manifests = list;
    return s;
  };

  it("copied and listed in the namespace's kustomization, with the namespace filled in and comments kept", () => {
    const r = withFiles(spec(["manifests/web.yaml"]), { "manifests/web.yaml": CONFIG });
    expect(rendered(r).filter((x) => x.startsWith("error"))).toEqual([]);
    const dir = appsRoot(r);
    const root = r.files!.find((f) => f.path === `${dir}/kustomization.yaml`)!;
    expect(YAML.parse(root.content).resources).toContain("manifest.web.yaml");
    const placed = file(r, `${dir}/manifest.web.yaml`);
    expect(placed).toContain("# read by web");
    expect(docs(placed).map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual(["ConfigMap/apps/web-settings", "Role/apps/web-reader"]);
  });

  it("kubectl kustomize builds the root with them, and every object validates against its schema", () => {
    const r = withFiles(spec(["manifests/web.yaml"]), { "manifests/web.yaml": CONFIG });
    const tmp = mkdtempSync(join(tmpdir(), "d13-manifests-"));
    try {
      for (const f of r.files!) {
        mkdirSync(dirname(join(tmp, f.path)), { recursive: true });
        writeFileSync(join(tmp, f.path), f.content);
      }
      const dir = appsRoot(r);
      const built = docs(execFileSync("kubectl", ["kustomize", join(tmp, dir)], { encoding: "utf8" }));
      expect(built.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(expect.arrayContaining(["ConfigMap/web-settings", "Role/web-reader"]));
      const ref = referenceDir();
      if (ref) {
        const v = createValidator(ref);
        for (const d of built) expect(v.validate(d), `${d.kind}/${d.metadata.name}`).toEqual([]);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("the reconciliation check sees them: a custom resource nothing installs is found, a ConfigMap is not", () => {
    const fine = withFiles(spec(["manifests/web.yaml"]), { "manifests/web.yaml": CONFIG });
    const base = formatFindings(reconcile({ graph: fine.graph!, files: fine.files! }).problems);
    const cert = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web-tls\nspec:\n  secretName: web-tls\n  dnsNames: [web.lab.example.com]\n  issuerRef: { name: none, kind: ClusterIssuer }\n";
    const broken = withFiles(spec(["manifests/web.yaml", "manifests/cert.yaml"]), { "manifests/web.yaml": CONFIG, "manifests/cert.yaml": cert });
    expect(broken.errors).toEqual([]);
    const added = formatFindings(reconcile({ graph: broken.graph!, files: broken.files! }).problems).filter((x) => !base.includes(x));
    expect(added.some((x) => x.includes("Certificate") && x.includes("web-tls")), added.join("\n")).toBe(true);
    expect(base.some((x) => x.includes("web-settings") || x.includes("web-reader"))).toBe(false);
  });

  it("objects of another namespace, non-objects, unreadable and unsafe paths are errors at the entry and in the file", () => {
    const other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: data\n";
    const r = withFiles(spec(["other.yaml", "nokind.yaml", "missing.yaml", "../outside.yaml", "ns.yaml", "notes.txt"]), {
      "other.yaml": other,
      "nokind.yaml": "apiVersion: v1\nmetadata:\n  name: y\n",
      "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n",
    });
    expect(r.errors).toEqual(["PC1011", "PC1011", "PC1011", "PC1011", "PC1011", "PC1011"]);
    expect(spanned(r, "PC1011")).toEqual(["other.yaml", "nokind.yaml", "missing.yaml", "../outside.yaml", "ns.yaml", "notes.txt"]);
    const text = rendered(r).join("\n");
    expect(text).toContain("ConfigMap `x` is in namespace `data`, not `apps`");
    expect(text).toContain("has no kind");
    expect(text).toContain("no such file or directory");
    expect(text).toContain("the path leaves the spec's directory");
    expect(text).toContain("a Namespace, which platformc writes itself");
    // the related span points into the manifest, at the namespace it names
    const d = r.diagnostics.find((x) => x.message.includes("namespace `data`"))!;
    expect(d.related[0]!.span.file.path).toBe("spec/lab/other.yaml");
    expect(d.related[0]!.span.file.text.slice(d.related[0]!.span.start, d.related[0]!.span.end)).toBe("data");
  });

  it("a namespace instantiated per environment: each instance gets the objects in its own namespace, and a fixed namespace is refused", () => {
    const s = testPlatform("argo");
    s.namespaces.find((n: any) => n.name === "apps").manifests = ["web.yaml"];
    const r = withFiles(s, { "web.yaml": CONFIG.replace("  namespace: apps\n", "") });
    expect(rendered(r).filter((x) => x.startsWith("error"))).toEqual([]);
    const c = r.graph!.clusters[0]!;
    for (const name of ["apps-prod", "apps-staging"]) {
      const dir = layout.namespace(c, c.namespaces.find((n) => n.name === name)!);
      expect(YAML.parse(file(r, `${dir}/kustomization.yaml`)).resources).toContain("manifest.web.yaml");
      expect(docs(file(r, `${dir}/manifest.web.yaml`)).map((d) => d.metadata.namespace)).toEqual([name, name]);
    }
    const fixed = withFiles(s, { "web.yaml": CONFIG.replace("namespace: apps", "namespace: apps-prod") });
    expect(fixed.errors).toEqual(["PC1011"]);
    expect(rendered(fixed).join("\n")).toContain("instantiated once per environment");
  });

  it("without a file reader (a compile in memory) a listed manifest is reported, not silently dropped", () => {
    expect(compileObject(spec(["manifests/web.yaml"])).errors).toEqual(["PC1011"]);
  });
});

describe("Helm values: chart.values reach every installer of a release", () => {
  const marker = { platformcTest: { marker: "from-the-spec" } };
  const has = (text: string) => text.includes("from-the-spec");

  it("Flux HelmRelease", () => {
    const s = baseSpec();
    s.services.push({ name: "grafana", namespace: "apps", kind: "helm", chart: { repo: "https://grafana.github.io/helm-charts", name: "grafana", version: "8.0.0", values: marker }, ports: [{ name: "http", port: 3000 }] });
    const r = clean(s);
    const release = r.files!.flatMap((f) => docs(f.content).filter((d) => d?.kind === "HelmRelease" && d.metadata?.name === "grafana"));
    expect(release).toHaveLength(1);
    expect(release[0]!.spec.values).toMatchObject(marker);
  });

  it("Argo CD: the Application of a release, the bootstrap values of Argo CD itself, and its own Application (seed todoapp)", () => {
    const s = seedSpec("todoapp");
    const argo = s.services.find((x: any) => x.chart?.name === "argo-cd");
    argo.chart.values = { ...(argo.chart.values ?? {}), ...marker };
    const velero = s.services.find((x: any) => x.name === "velero");
    velero.chart.values = { ...(velero.chart.values ?? {}), ...marker };
    const r = clean(s);
    const apps = r.files!.flatMap((f) => docs(f.content).filter((d) => d?.kind === "Application"));
    for (const name of ["velero", "argocd"]) {
      const app = apps.filter((d) => d.spec?.source?.chart !== undefined && d.spec?.source?.helm?.releaseName === name);
      expect(app, name).toHaveLength(1);
      expect(app[0]!.spec.source.helm.valuesObject, name).toMatchObject(marker);
    }
    const bootstrap = r.files!.find((f) => f.path.endsWith("/argocd-values.yaml"))!;
    expect(docs(bootstrap.content)[0]).toMatchObject(marker);
  });

  it("Cilium: the bootstrap values file and the GitOps release carry the same spec values", () => {
    const s = mixedTalosSpec("v1.13.2");
    s.clusters[0].cni = { name: "cilium", version: "1.18.2" };
    s.clusters[0].gitops = { tool: "flux", repo: "https://git.example.com/mixed.git" };
    s.namespaces[0].defaultDeny = false;
    s.services = [{ name: "cilium", namespace: "kube-system", kind: "helm", chart: { repo: "https://helm.cilium.io", name: "cilium", version: "1.18.2", values: marker } }];
    const r = clean(s);
    expect(docs(file(r, "nodes/lab/cilium-values.yaml"))[0]).toMatchObject(marker);
    const release = r.files!.flatMap((f) => docs(f.content).filter((d) => d?.kind === "HelmRelease" && d.spec?.chart?.spec?.chart === "cilium"));
    expect(release).toHaveLength(1);
    expect(release[0]!.spec.values).toEqual(docs(file(r, "nodes/lab/cilium-values.yaml"))[0]);
  });
});
