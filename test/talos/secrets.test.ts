// Secrets: the bundle is what talosctl gen secrets writes (fields, key types, certificates a TLS stack
// accepts), `platformc secrets` never overwrites one, and no key material ever reaches out/.
import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { parse } from "yaml";
import { bundleSecrets, bundleToYaml, createTalosBundle, parseTalosBundle, type TalosBundle } from "../../src/lib/talos-secrets/bundle.js";
import { compileObject } from "../support/compile.js";
import { cleanupTempDirs, cli, readTree, snapshotTree, tempDir, writeSpec } from "../support/cli-harness.js";
import { baseSpec } from "../support/base.js";
import { mixedTalosSpec, seed001Spec, seededEntropy } from "./support.js";

afterAll(cleanupTempDirs);

const NOW = new Date("2026-03-01T12:34:56.789Z");
const pemOf = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
const keyOf = (b64: string) => createPrivateKey(pemOf(b64).replace(/-----(BEGIN|END) ED25519 PRIVATE KEY-----/g, "-----$1 PRIVATE KEY-----"));

/** Every string that would leak the bundle: the values as stored, and each line of every decoded private key. */
function leakMarkers(b: TalosBundle): string[] {
  const markers = bundleSecrets(b);
  for (const k of [b.certs.etcd.key, b.certs.k8s.key, b.certs.k8saggregator.key, b.certs.os.key, b.certs.k8sserviceaccount.key]) {
    for (const line of pemOf(k).split("\n")) if (line.length >= 40 && !line.startsWith("-----")) markers.push(line);
  }
  return markers;
}

describe("the secrets bundle", () => {
  const bundle = createTalosBundle({ contract: { major: 1, minor: 13 }, now: NOW, entropy: seededEntropy("bundle") });
  const text = bundleToYaml(bundle, "test bundle");

  it("has the layout and fields of talosctl gen secrets, and reads back", () => {
    const data = parse(text);
    expect(Object.keys(data)).toEqual(["cluster", "secrets", "trustdinfo", "certs"]);
    expect(Object.keys(data.certs)).toEqual(["etcd", "k8s", "k8saggregator", "k8sserviceaccount", "os"]);
    expect(Object.keys(data.secrets)).toEqual(["bootstraptoken", "secretboxencryptionsecret"]);
    expect(text).toMatch(/^cluster:\n {4}id: /m);
    const back = parseTalosBundle(text);
    expect(back).toEqual({ ok: true, bundle });
    expect(bundle.secrets.bootstraptoken).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(bundle.trustdinfo.token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    // Go's base64.URLEncoding of 32 bytes, padded; StdEncoding for the others
    expect(bundle.cluster.id).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(bundle.cluster.secret, "base64")).toHaveLength(32);
    expect(Buffer.from(bundle.secrets.secretboxencryptionsecret!, "base64")).toHaveLength(32);
  });

  it("uses Talos's key types: ECDSA P-256 for etcd, Kubernetes and aggregator CAs, Ed25519 for the OS CA, RSA 4096-style PKCS#1 for service accounts", () => {
    const cases = [
      { name: "etcd", pair: bundle.certs.etcd, type: "ec", label: "EC PRIVATE KEY", subject: "O=etcd" },
      { name: "k8s", pair: bundle.certs.k8s, type: "ec", label: "EC PRIVATE KEY", subject: "O=kubernetes" },
      { name: "k8saggregator", pair: bundle.certs.k8saggregator, type: "ec", label: "EC PRIVATE KEY", subject: "" },
      { name: "os", pair: bundle.certs.os, type: "ed25519", label: "ED25519 PRIVATE KEY", subject: "O=talos" },
    ];
    for (const c of cases) {
      const crt = new X509Certificate(pemOf(c.pair.crt));
      expect(crt.publicKey.asymmetricKeyType, c.name).toBe(c.type);
      if (c.type === "ec") expect(crt.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      expect(pemOf(c.pair.key).split("\n")[0]).toBe(`-----BEGIN ${c.label}-----`);
      expect(crt.ca, c.name).toBe(true);
      expect(crt.subject ?? "", c.name).toBe(c.subject);
      expect(crt.issuer ?? "").toBe(crt.subject ?? "");
      expect(crt.verify(crt.publicKey), `${c.name} is self-signed`).toBe(true);
      expect(crt.checkPrivateKey(keyOf(c.pair.key)), `${c.name} key matches`).toBe(true);
      expect(crt.keyUsage ?? []).toEqual(expect.arrayContaining(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]));
      expect(new Date(crt.validFrom).toISOString()).toBe("2026-03-01T12:34:56.000Z");
      expect(new Date(crt.validTo).getTime() - new Date(crt.validFrom).getTime()).toBe(87600 * 3600 * 1000);
    }
    const sa = pemOf(bundle.certs.k8sserviceaccount.key);
    expect(sa.split("\n")[0]).toBe("-----BEGIN RSA PRIVATE KEY-----");
    expect(keyOf(bundle.certs.k8sserviceaccount.key).asymmetricKeyType).toBe("rsa");
  });

  it("older contracts: ECDSA service-account key before v1.7, AES-CBC before v1.3", () => {
    const v16 = createTalosBundle({ contract: { major: 1, minor: 6 }, now: NOW, entropy: seededEntropy("old") });
    expect(pemOf(v16.certs.k8sserviceaccount.key).split("\n")[0]).toBe("-----BEGIN EC PRIVATE KEY-----");
    const v12 = createTalosBundle({ contract: { major: 1, minor: 2 }, now: NOW, entropy: seededEntropy("old") });
    expect(v12.secrets.secretboxencryptionsecret).toBeUndefined();
    expect(v12.secrets.aescbcencryptionsecret).toBeDefined();
  });

  it("is deterministic under injected randomness and clock (ECDSA signatures aside), and differs for another seed", () => {
    const again = createTalosBundle({ contract: { major: 1, minor: 13 }, now: NOW, entropy: seededEntropy("bundle") });
    expect(again.cluster).toEqual(bundle.cluster);
    expect(again.secrets).toEqual(bundle.secrets);
    expect(again.trustdinfo).toEqual(bundle.trustdinfo);
    expect(again.certs.os).toEqual(bundle.certs.os); // Ed25519 signatures are deterministic
    for (const k of ["etcd", "k8s", "k8saggregator"] as const) {
      expect(again.certs[k].key).toBe(bundle.certs[k].key);
      const [a, b] = [new X509Certificate(pemOf(again.certs[k].crt)), new X509Certificate(pemOf(bundle.certs[k].crt))];
      expect(a.serialNumber).toBe(b.serialNumber);
      expect(a.publicKey.export({ type: "spki", format: "pem" })).toBe(b.publicKey.export({ type: "spki", format: "pem" }));
    }
    const other = createTalosBundle({ contract: { major: 1, minor: 13 }, now: NOW, entropy: seededEntropy("other") });
    expect(other.cluster.id).not.toBe(bundle.cluster.id);
    expect(other.certs.os.key).not.toBe(bundle.certs.os.key);
  });

  it("reading refuses what Talos refuses", () => {
    const data = parse(text);
    const broken = (mutate: (d: any) => void) => {
      const d = structuredClone(data);
      mutate(d);
      const r = parseTalosBundle(JSON.stringify(d));
      return r.ok ? [] : r.problems;
    };
    expect(broken((d) => delete d.cluster.id)).toEqual(["cluster.id is required"]);
    expect(broken((d) => (d.secrets.aescbcencryptionsecret = "x"))).toEqual(["only one of secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret is allowed"]);
    expect(broken((d) => (d.certs.os.key = Buffer.from("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").toString("base64")))[0]).toMatch(/^certs\.os\.key is not a private key/);
    expect(broken((d) => (d.certs.k8s.crt = "bm90IGEgcGVt"))).toEqual(["certs.k8s.crt is not base64 of a PEM block"]);
    expect(broken((d) => (d.secrets.bootstraptoken = "short"))).toEqual(["secrets.bootstraptoken is not of the form abcdef.0123456789abcdef"]);
    expect(parseTalosBundle("a: [").ok).toBe(false);
  });
});

describe("no key material in out/", () => {
  it("the generated files of Talos platforms hold none of a bundle's secrets (and the complete configs do)", () => {
    for (const spec of [seed001Spec(), mixedTalosSpec("v1.11.6")]) {
      const r = compileObject(spec);
      const out = (r.files ?? []).map((f) => f.content).join("\n");
      expect(out.length).toBeGreaterThan(0);
      for (const c of r.graph!.clusters) {
        const b = createTalosBundle({ contract: c.talos!.contract, now: NOW, entropy: seededEntropy(c.name) });
        for (const m of leakMarkers(b)) expect(out.includes(m), `secret ${m.slice(0, 12)}... in out/`).toBe(false);
      }
    }
  });

  it("platformc build --secrets writes complete configs outside out/ and leaves out/ free of every secret", () => {
    const root = tempDir();
    writeSpec(root, "monosense", seed001Spec());
    const bundles: Record<string, TalosBundle> = {};
    for (const c of ["infra", "apps"]) {
      bundles[c] = createTalosBundle({ contract: { major: 1, minor: 13 }, now: NOW, entropy: seededEntropy(`cli-${c}`) });
      fs.writeFileSync(path.join(root, `${c}.secrets.yaml`), bundleToYaml(bundles[c]!, c));
    }
    const out = path.join(root, "out");
    const configs = path.join(root, "configs");
    const r = cli(["build", path.join(root, "spec"), "--out", out, "--secrets", `infra=${path.join(root, "infra.secrets.yaml")}`, "--secrets", `monosense/apps=${path.join(root, "apps.secrets.yaml")}`, "--out-secrets", configs]);
    expect(r.err).toContain("infra: 3 machine configs");
    expect(r.code).toBe(0);
    const written = readTree(configs);
    expect(Object.keys(written).sort()).toEqual(["monosense/apps/apps-cp1.yaml", "monosense/apps/apps-cp2.yaml", "monosense/apps/apps-cp3.yaml", "monosense/infra/infra-cp1.yaml", "monosense/infra/infra-cp2.yaml", "monosense/infra/infra-cp3.yaml"]);
    expect(fs.statSync(path.join(configs, "monosense/infra/infra-cp1.yaml")).mode & 0o777).toBe(0o600);
    expect(written["monosense/infra/infra-cp1.yaml"]).toContain(bundles.infra!.certs.etcd.key);
    expect(written["monosense/apps/apps-cp1.yaml"]).toContain(bundles.apps!.cluster.id);
    const tree = Object.values(readTree(out)).join("\n");
    expect(tree).toContain("cluster-patch.yaml");
    for (const b of Object.values(bundles)) for (const m of leakMarkers(b)) expect(tree.includes(m), "secret in out/").toBe(false);
  });

  it("refuses an --out-secrets inside --out (exit 2) and writes nothing at all", () => {
    const root = tempDir();
    writeSpec(root, "mixed", mixedTalosSpec("v1.13.9"));
    const bundle = createTalosBundle({ contract: { major: 1, minor: 13 }, now: NOW, entropy: seededEntropy("x") });
    fs.writeFileSync(path.join(root, "lab.secrets.yaml"), bundleToYaml(bundle, "lab"));
    const out = path.join(root, "out");
    for (const inside of [path.join(out, "secrets"), out]) {
      const r = cli(["build", path.join(root, "spec"), "--out", out, "--secrets", path.join(root, "lab.secrets.yaml"), "--out-secrets", inside]);
      expect(r.code).toBe(2);
      expect(r.err).toContain("is inside the output directory");
      expect(snapshotTree(out)).toEqual({});
    }
  });

  it("refuses unusable combinations before building", () => {
    const root = tempDir();
    writeSpec(root, "mixed", mixedTalosSpec("v1.13.9"));
    const out = path.join(root, "out");
    fs.writeFileSync(path.join(root, "bad.yaml"), "cluster: {}\n");
    expect(cli(["build", path.join(root, "spec"), "--out", out, "--secrets", path.join(root, "bad.yaml"), "--out-secrets", path.join(root, "c")]).code).toBe(2);
    expect(cli(["build", path.join(root, "spec"), "--out", out, "--out-secrets", path.join(root, "c")]).code).toBe(2);
    expect(cli(["build", path.join(root, "spec"), "--out", out, "--check", "--secrets", path.join(root, "bad.yaml"), "--out-secrets", path.join(root, "c")]).code).toBe(2);
    expect(snapshotTree(out)).toEqual({});
  });
});

describe("platformc secrets", () => {
  it("creates a bundle Talos can read, mode 0600, and never overwrites one", () => {
    const root = tempDir();
    writeSpec(root, "mixed", mixedTalosSpec("v1.13.9"));
    const file = path.join(root, "keys", "lab.secrets.yaml");
    const r = cli(["secrets", path.join(root, "spec", "mixed"), "--out", file]);
    expect(r.err).toContain("wrote");
    expect(r.code).toBe(0);
    const text = fs.readFileSync(file, "utf8");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const parsed = parseTalosBundle(text);
    expect(parsed.ok).toBe(true);
    const again = cli(["secrets", path.join(root, "spec", "mixed"), "--out", file]);
    expect(again.code).toBe(2);
    expect(again.err).toContain("already exists");
    expect(fs.readFileSync(file, "utf8")).toBe(text);
  });

  it("needs --cluster when several Talos clusters exist, and refuses K3s-only platforms", () => {
    const root = tempDir();
    writeSpec(root, "monosense", seed001Spec());
    const several = cli(["secrets", path.join(root, "spec"), "--out", path.join(root, "x.yaml")]);
    expect(several.code).toBe(2);
    expect(several.err).toContain("monosense/infra, monosense/apps");
    expect(fs.existsSync(path.join(root, "x.yaml"))).toBe(false);
    const unknown = cli(["secrets", path.join(root, "spec"), "--cluster", "nope", "--out", path.join(root, "x.yaml")]);
    expect(unknown.code).toBe(2);
    const k3s = tempDir();
    writeSpec(k3s, "lab", baseSpec());
    const none = cli(["secrets", path.join(k3s, "spec"), "--out", path.join(k3s, "x.yaml")]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("no Talos cluster");
  });
});
