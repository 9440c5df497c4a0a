// Secrets the way homelab users keep them (issue 13): platformc references Secrets the user owns (env
// secretKeyRef, HelmRelease valuesFrom), wires Flux's SOPS decryption, and places the user's SOPS-encrypted
// manifests byte for byte; a plaintext secret never lands in out/. Argo CD, which has neither valuesFrom nor
// decryption, gets located errors instead of objects that could never work.
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";
import { compileObject } from "../support/compile.js";
import { createValidator, referenceDir } from "../support/k8s-validate.js";
import { build as buildTree, compileSource } from "../../src/build.js";
import { Diagnostics, sortDiagnostics } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { cli, cleanupTempDirs, tempDir } from "../support/cli-harness.js";
import { bundleToYaml, createTalosBundle } from "../../src/lib/talos-secrets/bundle.js";
import { decryptIfSops } from "../../src/cli/sops.js";
import { seededEntropy } from "../talos/support.js";
import { World, build, seedSpec } from "./world.js";
import { formatFindings, reconcile } from "../support/reconcile/index.js";

const repo = join(import.meta.dirname, "..", "..");

const reference = referenceDir();
const validator = reference ? createValidator(reference) : undefined;
const svc = (s: any, name: string) => s.services.find((x: any) => x.name === name);

/** Compiles a spec with the files its directory holds (relative path -> text), as build.ts would read them. */
function compileWith(spec: unknown, files: Record<string, string> = {}) {
  const diags = new Diagnostics();
  const path = "spec/test/platform.yaml";
  const r = compileSource({ path, text: YAML.stringify(spec) }, {
    specPath: path,
    readFile: (rel) => (rel in files ? { ok: true, text: files[rel]! } : { ok: false, reason: "no such file or directory" }),
  }, diags);
  const diagnostics = sortDiagnostics(diags.items);
  return { diagnostics, codes: diagnostics.map((d) => d.code), files: r.files, text: diagnostics.map((d) => renderDiagnostic(d, { color: false })).join("\n") };
}

function docsOf(files: ReadonlyArray<{ path: string; content: string }> | undefined, path: string): any[] {
  const f = files?.find((x) => x.path === path);
  expect(f, path).toBeDefined();
  return YAML.parseAllDocuments(f!.content).map((d) => d.toJS());
}

function valid(obj: unknown): void {
  if (validator) expect(validator.validate(obj)).toEqual([]);
}

// A Secret as `sops --encrypt --age <recipient> --encrypted-regex '^(data|stringData)$'` writes it (SOPS 3.9
// layout: ENC[AES256_GCM,data:...,iv:...,tag:...,type:str] values, a top-level sops: block with the age
// recipients, lastmodified, mac and version); the ciphertext here is filler of the right shape.
const ENCRYPTED = `apiVersion: v1
kind: Secret
metadata:
    name: api-credentials
    namespace: apps
type: Opaque
stringData:
    API_TOKEN: ENC[AES256_GCM,data:q2xHZm1k,iv:8Jm0vGZ5lq3oQ0v8b2N3aQ==,tag:2lq8bV0r3yX9n5c1Q2w3eA==,type:str]
sops:
    age:
        - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBmaWxsZXIK
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2026-11-30T10:00:00Z"
    mac: ENC[AES256_GCM,data:bWFjZmlsbGVy,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
    encrypted_regex: ^(data|stringData)$
    version: 3.9.4
`;

const PLAIN = `apiVersion: v1
kind: Secret
metadata:
  name: api-credentials
  namespace: apps
stringData:
  API_TOKEN: hunter2
`;

describe("env from Secrets and ConfigMaps", () => {
  it("renders secretKeyRef and configMapKeyRef as valueFrom, and writes no Secret or ConfigMap", () => {
    const s = baseSpec();
    svc(s, "api").env = {
      LOG_LEVEL: "info",
      API_TOKEN: { secretKeyRef: { name: "api-credentials", key: "API_TOKEN" } },
      FEATURES: { configMapKeyRef: { name: "api-config", key: "features.json" } },
    };
    const r = compileObject(s);
    expect(r.diagnostics).toEqual([]);
    const deployment = docsOf(r.files, "clusters/main/namespaces/apps/api.yaml").find((d) => d.kind === "Deployment");
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "api-credentials", key: "API_TOKEN" } } },
      { name: "FEATURES", valueFrom: { configMapKeyRef: { name: "api-config", key: "features.json" } } },
      { name: "LOG_LEVEL", value: "info" },
    ]);
    valid(deployment);
    const kinds = r.files!.flatMap((f) => (f.path.endsWith(".yaml") ? YAML.parseAllDocuments(f.content).map((d) => d.toJS()?.kind) : []));
    expect(kinds).not.toContain("Secret");
    expect(kinds).not.toContain("ConfigMap");
  });

  it("warns, at the key, about a plain value named like a secret, and not about references or ordinary names", () => {
    const s = baseSpec();
    svc(s, "api").env = { DB_PASSWORD: "hunter2", KEYCLOAK_URL: "https://id.example.com", GITHUB_APIKEY: "abc", SESSION_SECRET: { secretKeyRef: { name: "api", key: "session" } } };
    const r = compileWith(s);
    expect(r.codes).toEqual(["PC0708", "PC0708"]);
    expect(r.text).toContain("env `DB_PASSWORD` of service `api` looks like a secret");
    expect(r.text).toContain("env `GITHUB_APIKEY` of service `api`");
    expect(r.text).toContain("help: keep the value in a Secret of the namespace and write DB_PASSWORD: { secretKeyRef:");
    // the span is the env entry in the spec
    const d = r.diagnostics[0]!;
    const yaml = YAML.stringify(s);
    expect(yaml.slice(d.span!.start, d.span!.end)).toBe("hunter2");
    // a warning: the tree is still written
    expect(r.files).toBeDefined();
  });

  it("rejects a reference without a key (schema)", () => {
    const s = baseSpec();
    svc(s, "api").env = { TOKEN: { secretKeyRef: { name: "api" } } };
    expect(compileWith(s).codes[0]).toMatch(/^PC02/);
  });
});

function withChart(s: any, valuesFrom: unknown[]) {
  s.services.push({ name: "grafana", namespace: "apps", kind: "helm", chart: { repo: "https://grafana.github.io/helm-charts", name: "grafana", version: "8.5.0", valuesFrom, values: { adminUser: "admin" } } });
  return s;
}

describe("Helm values from Secrets", () => {
  it("Flux: chart.valuesFrom becomes HelmRelease spec.valuesFrom, in order, Secret by default", () => {
    const s = withChart(baseSpec(), [{ name: "grafana-admin", valuesKey: "password", targetPath: "adminPassword" }, { kind: "ConfigMap", name: "grafana-dashboards" }]);
    const r = compileWith(s);
    expect(r.codes).toEqual([]);
    const release = docsOf(r.files, "clusters/main/namespaces/apps/grafana.yaml").find((d) => d.kind === "HelmRelease");
    expect(release.spec.valuesFrom).toEqual([
      { kind: "Secret", name: "grafana-admin", valuesKey: "password", targetPath: "adminPassword" },
      { kind: "ConfigMap", name: "grafana-dashboards" },
    ]);
    expect(release.spec.values).toEqual({ adminUser: "admin" });
    valid(release);
  });

  it("without valuesFrom the HelmRelease has none", () => {
    const r = compileWith(withChart(baseSpec(), []));
    const release = docsOf(r.files, "clusters/main/namespaces/apps/grafana.yaml").find((d) => d.kind === "HelmRelease");
    expect(release.spec).not.toHaveProperty("valuesFrom");
  });

  it("Argo CD: a located error with the fix, and nothing written", () => {
    const s = withChart(baseSpec(), [{ name: "grafana-admin" }]);
    s.clusters[0].gitops.tool = "argocd";
    const r = compileWith(s);
    expect(r.codes).toEqual(["PC0709"]);
    expect(r.text).toContain("chart.valuesFrom of service `grafana` needs Flux");
    expect(r.text).toContain("external-secrets");
    expect(r.files).toBeUndefined();
  });
});

function withDecryption(s: any, decryption: unknown = { provider: "sops" }) {
  s.clusters[0].gitops.decryption = decryption;
  return s;
}

describe("SOPS decryption", () => {
  it("every Flux Kustomization platformc writes decrypts with the named Secret (default sops-age)", () => {
    const r = compileWith(withDecryption(baseSpec()));
    expect(r.codes).toEqual([]);
    const kustomizations = r.files!.filter((f) => f.path.startsWith("clusters/main/gitops/")).flatMap((f) => YAML.parseAllDocuments(f.content).map((d) => d.toJS())).filter((d) => d?.apiVersion === "kustomize.toolkit.fluxcd.io/v1");
    // layers, shards and roots
    expect(kustomizations.length).toBeGreaterThan(4);
    for (const k of kustomizations) {
      expect(k.spec.decryption, k.metadata.name).toEqual({ provider: "sops", secretRef: { name: "sops-age" } });
      valid(k);
    }
  });

  it("takes another key Secret", () => {
    const r = compileWith(withDecryption(baseSpec(), { provider: "sops", secretRef: "age-key" }));
    const layers = docsOf(r.files, "clusters/main/gitops/layers/layers.yaml");
    expect(layers.map((k) => k.spec.decryption.secretRef.name)).toEqual(layers.map(() => "age-key"));
  });

  it("without it, no Kustomization has decryption", () => {
    const r = compileWith(baseSpec());
    expect(docsOf(r.files, "clusters/main/gitops/layers/layers.yaml").every((k) => !("decryption" in k.spec))).toBe(true);
  });

  it("Argo CD: a located error with the fix", () => {
    const s = withDecryption(baseSpec());
    s.clusters[0].gitops.tool = "argocd";
    const r = compileWith(s);
    expect(r.codes).toEqual(["PC0709"]);
    expect(r.text).toContain("gitops.decryption needs Flux");
    expect(r.text).toContain("KSOPS");
  });
});

describe("a namespace's SOPS-encrypted secrets", () => {
  const spec = (paths: string[], decrypt = true) => {
    const s = decrypt ? withDecryption(baseSpec()) : baseSpec();
    s.namespaces.find((n: any) => n.name === "apps").secrets = paths;
    return s;
  };

  it("copies the file byte for byte into the namespace's root and lists it in its kustomization", () => {
    const r = compileWith(spec(["secrets/api.sops.yaml"]), { "secrets/api.sops.yaml": ENCRYPTED });
    expect(r.codes).toEqual([]);
    const placed = r.files!.find((f) => f.path === "clusters/main/namespaces/apps/secret.api.sops.yaml");
    expect(placed?.content).toBe(ENCRYPTED);
    const k = docsOf(r.files, "clusters/main/namespaces/apps/kustomization.yaml")[0];
    expect(k.resources).toContain("secret.api.sops.yaml");
    // no plaintext anywhere in the tree
    for (const f of r.files!) expect(f.content, f.path).not.toContain("hunter2");
  });

  it("normalises the path and refuses one that leaves the spec's directory", () => {
    const r = compileWith(spec(["./secrets/../secrets/api.sops.yaml", "../other/x.yaml", "/etc/x.yaml"]), { "secrets/api.sops.yaml": ENCRYPTED });
    expect(r.codes).toEqual(["PC0711", "PC0711"]);
    expect(r.text).toContain("the path leaves the spec's directory");
    expect(r.text).toContain("the path is absolute");
  });

  it("rejects a plaintext Secret, and one with a single value in clear, writing nothing", () => {
    const partly = ENCRYPTED.replace("type: Opaque\n", "type: Opaque\ndata:\n    extra: aHVudGVyMg==\n");
    const r = compileWith(spec(["plain.yaml", "partly.sops.yaml"]), { "plain.yaml": PLAIN, "partly.sops.yaml": partly });
    expect(r.codes).toEqual(["PC0710", "PC0710"]);
    expect(r.text).toContain("secret file `plain.yaml` is not SOPS-encrypted: the document has no sops: metadata");
    expect(r.text).toContain("data.extra is in clear");
    expect(r.text).toContain("sops --encrypt --encrypted-regex");
    expect(r.files).toBeUndefined();
  });

  it("rejects a file whose object names another namespace, or none (the root sets no namespace)", () => {
    const r = compileWith(spec(["a.yaml", "b.yaml"]), { "a.yaml": ENCRYPTED.replace("namespace: apps", "namespace: data"), "b.yaml": ENCRYPTED.replace("    namespace: apps\n", "") });
    expect(r.codes).toEqual(["PC0711", "PC0711"]);
    expect(r.text).toContain("Secret `api-credentials` is in namespace `data`, not `apps`");
    expect(r.text).toContain("sets no metadata.namespace");
  });

  it("needs the cluster to decrypt, and two files of one name are a duplicate", () => {
    expect(compileWith(spec(["a.yaml"], false), { "a.yaml": ENCRYPTED }).text).toContain("cluster `main` does not decrypt SOPS files");
    const r = compileWith(spec(["x/a.yaml", "y/a.yaml"]), { "x/a.yaml": ENCRYPTED, "y/a.yaml": ENCRYPTED });
    expect(r.codes).toEqual(["PC0302"]);
  });

  it("reports an unreadable file at its entry", () => {
    const r = compileWith(spec(["missing.yaml"]), {});
    expect(r.codes).toEqual(["PC0711"]);
    expect(r.text).toContain("secret file `missing.yaml` cannot be used: no such file or directory");
  });

  it("Argo CD: a located error with the fix", () => {
    const s = spec(["a.yaml"], false);
    s.clusters[0].gitops.tool = "argocd";
    const r = compileWith(s, { "a.yaml": ENCRYPTED });
    expect(r.codes).toEqual(["PC0709"]);
  });
});

describe("the driver reads the files beside the spec", () => {
  const dir = mkdtempSync(join(tmpdir(), "platformc-secrets-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("builds a tree holding the encrypted file unchanged, and refuses a link out of the spec's directory", () => {
    const specDir = join(dir, "spec", "lab");
    mkdirSync(join(specDir, "secrets"), { recursive: true });
    writeFileSync(join(specDir, "secrets", "api.sops.yaml"), ENCRYPTED);
    writeFileSync(join(dir, "outside.yaml"), ENCRYPTED);
    symlinkSync(join(dir, "outside.yaml"), join(specDir, "secrets", "link.yaml"));
    const s = spec(["secrets/api.sops.yaml"]);
    writeFileSync(join(specDir, "platform.yaml"), YAML.stringify(s));
    const out = join(dir, "out");
    const ok = buildTree({ dir: join(dir, "spec"), outDir: out, mode: "write" });
    expect(ok.diagnostics).toEqual([]);
    expect(readFileSync(join(out, "lab", "clusters/main/namespaces/apps/secret.api.sops.yaml"), "utf8")).toBe(ENCRYPTED);

    s.namespaces.find((n: any) => n.name === "apps").secrets = ["secrets/link.yaml"];
    writeFileSync(join(specDir, "platform.yaml"), YAML.stringify(s));
    const refused = buildTree({ dir: join(dir, "spec"), outDir: out, mode: "validate" });
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["PC0711"]);
    expect(refused.diagnostics[0]!.message).toContain("outside the spec's directory");
  });

  function spec(paths: string[]) {
    const s = withDecryption(baseSpec());
    s.namespaces.find((n: any) => n.name === "apps").secrets = paths;
    return s;
  }
});

describe("a SOPS-encrypted Talos secrets bundle", () => {
  afterAll(cleanupTempDirs);
  // sops is not installable here (no Debian package, no Go toolchain), so a stand-in on PLATFORMC_SOPS prints the
  // plaintext bundle when called as platformc calls sops; the failure paths are pinned in test/unit/cli-codes.test.ts.
  it("is decrypted with `sops --decrypt <file>` in memory, and the configs are written from the plaintext", () => {
    const d = tempDir();
    const plain = join(d, "plain.yaml");
    writeFileSync(plain, bundleToYaml(createTalosBundle({ contract: { major: 1, minor: 13 }, now: new Date(0), entropy: seededEntropy("sops") }), "test"));
    const encrypted = join(d, "infra.sops.yaml");
    writeFileSync(encrypted, "cluster:\n    id: ENC[AES256_GCM,data:aWQ=,iv:AAAA,tag:AAAA,type:str]\nsops:\n    mac: ENC[AES256_GCM,data:bWFj,iv:AAAA,tag:AAAA,type:str]\n    version: 3.9.4\n");
    const args = join(d, "args");
    const sops = join(d, "sops");
    writeFileSync(sops, `#!/bin/sh\nprintf '%s\\n' "$@" > '${args}'\ncat '${plain}'\n`, { mode: 0o755 });
    const saved = process.env.PLATFORMC_SOPS;
    process.env.PLATFORMC_SOPS = sops;
    let r;
    try {
      r = cli(["build", join(repo, "spec", "monosense"), "--out", join(d, "out"), "--secrets", `infra=${encrypted}`, "--out-secrets", join(d, "cfg")]);
    } finally {
      if (saved === undefined) delete process.env.PLATFORMC_SOPS;
      else process.env.PLATFORMC_SOPS = saved;
    }
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(args, "utf8").trim().split("\n")).toEqual(["--decrypt", "--output-type", "yaml", encrypted]);
    expect(readdirSync(join(d, "cfg", "monosense", "infra")).length).toBeGreaterThan(0);
    // the plaintext reached no file but the configs
    expect(readdirSync(d).sort()).toEqual(["args", "cfg", "infra.sops.yaml", "out", "plain.yaml", "sops"]);
  });

  it("a plaintext bundle is read as before, without calling sops", () => {
    expect(decryptIfSops("b.yaml", "cluster:\n  id: x\n", "/nonexistent/sops")).toEqual({ ok: true, text: "cluster:\n  id: x\n" });
  });
});

// external-secrets/external-secrets deploy/charts/external-secrets at helm-chart-0.18.2: _helpers.tpl selectorLabels
// (app.kubernetes.io/name external-secrets[-webhook|-cert-controller] + instance), the labels helper adds managed-by
// Helm; webhook-deployment.yaml listens on webhook.port 10250 (port name webhook).
function esPod(w: World, cluster: string, ns: string, release: string, suffix: string) {
  return w.pod(cluster, ns, { "app.kubernetes.io/name": `external-secrets${suffix}`, "app.kubernetes.io/instance": release, "app.kubernetes.io/managed-by": "Helm" }, suffix === "-webhook" ? [{ name: "webhook", port: 10250 }] : []);
}

function withExternalSecrets(s: any, version = "0.18.2") {
  s.namespaces.push({ name: "external-secrets", layer: "infra" });
  s.services.push({ name: "external-secrets", namespace: "external-secrets", kind: "helm", chart: { repo: "https://charts.external-secrets.io", name: "external-secrets", version } });
  return s;
}

describe("ExternalSecrets with external-secrets in the cluster", () => {
  const spec = () => {
    const s = withExternalSecrets(baseSpec());
    svc(s, "api").env = { DB_PASSWORD: { externalSecret: { store: "onepassword", key: "postgres", property: "password" } }, LOG_LEVEL: "info" };
    s.namespaces.find((n: any) => n.name === "apps").externalSecrets = [
      { name: "registry", store: "onepassword", data: [{ secretKey: "token", key: "ghcr", property: "token" }] },
    ];
    return s;
  };

  it("env from a store: an ExternalSecret <service>-env at external-secrets.io/v1 (0.18 serves no v1beta1), the pod reads its Secret", () => {
    const r = compileWith(spec());
    expect(r.codes).toEqual([]);
    const objects = docsOf(r.files, "clusters/main/namespaces/apps/api.yaml");
    const es = objects.find((d) => d.kind === "ExternalSecret");
    expect(es).toMatchObject({
      apiVersion: "external-secrets.io/v1",
      metadata: { name: "api-env", namespace: "apps" },
      spec: { secretStoreRef: { kind: "ClusterSecretStore", name: "onepassword" }, target: { name: "api-env" }, data: [{ secretKey: "DB_PASSWORD", remoteRef: { key: "postgres", property: "password" } }] },
    });
    valid(es);
    const env = objects.find((d) => d.kind === "Deployment").spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "api-env", key: "DB_PASSWORD" } } }, { name: "LOG_LEVEL", value: "info" }]);
  });

  it("a namespace's externalSecrets: one ExternalSecret each, listed in the namespace's root", () => {
    const r = compileWith(spec());
    const [es] = docsOf(r.files, "clusters/main/namespaces/apps/externalsecret.registry.yaml");
    expect(es).toMatchObject({ apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", metadata: { name: "registry", namespace: "apps" }, spec: { refreshInterval: "1h", data: [{ secretKey: "token", remoteRef: { key: "ghcr", property: "token" } }] } });
    valid(es);
    expect(docsOf(r.files, "clusters/main/namespaces/apps/kustomization.yaml")[0].resources).toContain("externalsecret.registry.yaml");
  });

  it("an older release gets the version it serves: v1beta1 before 0.16", () => {
    const s = spec();
    s.services.find((x: any) => x.name === "external-secrets").chart.version = "0.15.1";
    const r = compileWith(s);
    expect(docsOf(r.files, "clusters/main/namespaces/apps/externalsecret.registry.yaml")[0].apiVersion).toBe("external-secrets.io/v1beta1");
  });

  it("GitOps applies the namespace after the layer whose release serves external-secrets.io", () => {
    const s = spec();
    // the ExternalSecrets' namespace and the release in one layer: the root waits for the release's root
    s.namespaces.find((n: any) => n.name === "external-secrets").layer = "apps";
    const r = compileWith(s);
    expect(r.codes).toEqual([]);
    const roots = r.files!.filter((f) => /gitops\/layers\/apps\/[0-9a-f]\/roots.yaml$/.test(f.path)).flatMap((f) => YAML.parseAllDocuments(f.content).map((d) => d.toJS()));
    const apps = roots.find((k) => k.metadata.name === "ns.apps");
    expect(apps.spec.dependsOn).toContainEqual({ name: "ns.external-secrets" });
  });

  it("the tree comes up: the ExternalSecrets' kind is served by then, in both cases of layer (test/support/reconcile)", () => {
    for (const layer of ["infra", "apps"]) {
      const s = withDecryption(spec());
      s.namespaces.find((n: any) => n.name === "external-secrets").layer = layer;
      s.namespaces.find((n: any) => n.name === "apps").secrets = ["api.sops.yaml"];
      const diags = new Diagnostics();
      const path = "spec/test/platform.yaml";
      const r = compileSource({ path, text: YAML.stringify(s) }, { specPath: path, readFile: () => ({ ok: true, text: ENCRYPTED }) }, diags);
      expect(diags.items).toEqual([]);
      expect(formatFindings(reconcile({ graph: r.graph!, files: r.files! }).problems)).toEqual([]);
    }
  });

  it("without an external-secrets release: a located error with the fix", () => {
    const s = spec();
    s.services = s.services.filter((x: any) => x.name !== "external-secrets");
    const r = compileWith(s);
    expect(r.codes).toEqual(["PC0712", "PC0712"]);
    expect(r.text).toContain("env `DB_PASSWORD` of service `api` needs external-secrets in cluster `main`");
    expect(r.text).toContain("the ExternalSecrets of namespace `apps` needs external-secrets");
    expect(r.text).toContain("help: add a helm service with chart external-secrets");
  });

  it("a namespace ExternalSecret may not take the name platformc gives a service's env", () => {
    const s = spec();
    s.namespaces.find((n: any) => n.name === "apps").externalSecrets[0].name = "api-env";
    expect(compileWith(s).codes).toEqual(["PC0302"]);
  });

  describe("the chart's own traffic (catalog: src/catalog/external-secrets.ts)", () => {
    const s = spec();
    s.clusters[0].cni = { name: "cilium" };
    const b = build(s);
    const w = new World(b);
    const api = w.apiServer("main");
    const port = b.graph.clusters[0]!.apiEndpoint.port;

    it("the API server reaches the webhook on 10250, and controller, webhook and cert-controller reach the API server", () => {
      w.expectAllowed(api, esPod(w, "main", "external-secrets", "external-secrets", "-webhook"), [["TCP", 10250]], "kube-apiserver -> external-secrets-webhook");
      for (const suffix of ["", "-webhook", "-cert-controller"]) w.expectAllowed(esPod(w, "main", "external-secrets", "external-secrets", suffix), api, [["TCP", port]], `external-secrets${suffix} -> kube-apiserver`);
    });
  });
});

describe("monosense: external-secrets 0.18.2 as its chart runs it", () => {
  const b = build(seedSpec("monosense"));
  const w = new World(b);
  const releases = b.graph.clusters.flatMap((c) => c.services).filter((s) => s.chart?.name === "external-secrets");

  it("runs external-secrets in both clusters", () => expect(releases.map((s) => s.cluster).sort()).toEqual(["apps", "infra"]));

  for (const s of releases) {
    it(`${s.cluster}: API server -> webhook 10250; controller, webhook, cert-controller -> API server`, () => {
      const api = w.apiServer(s.cluster);
      const port = b.graph.clusters.find((c) => c.name === s.cluster)!.apiEndpoint.port;
      w.expectAllowed(api, esPod(w, s.cluster, s.namespace, s.name, "-webhook"), [["TCP", 10250]], "kube-apiserver -> external-secrets-webhook");
      for (const suffix of ["", "-webhook", "-cert-controller"]) w.expectAllowed(esPod(w, s.cluster, s.namespace, s.name, suffix), api, [["TCP", port]], `external-secrets${suffix} -> kube-apiserver`);
    });

    it(`${s.cluster}: installCRDs: false, so the crds layer applies the 0.18.2 bundle`, () => {
      const k = docsOf(b.files, `clusters/${s.cluster}/crds/crds/kustomization.yaml`)[0];
      expect(k.resources).toContain("https://raw.githubusercontent.com/external-secrets/external-secrets/v0.18.2/deploy/crds/bundle.yaml");
    });
  }
});
