// The Talos secrets bundle: what `talosctl gen secrets` writes and `talosctl gen config --with-secrets`
// reads (siderolabs/talos pkg/machinery/config/generate/secrets). Created here with the key types Talos uses
// for the declared release, written in its YAML layout, and read back with every field checked, so a bundle
// from either tool works with either tool.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { parse as parseYaml } from "yaml";
import type { Entropy } from "./entropy.js";
import { p256Key, privateKeyPem, selfSignedCA, type PemPair } from "./ca.js";

/** Every value is stored as Talos stores it: certificates and keys as base64 of their PEM text. */
export interface TalosBundle {
  cluster: { id: string; secret: string };
  secrets: { bootstraptoken: string; secretboxencryptionsecret?: string; aescbcencryptionsecret?: string };
  trustdinfo: { token: string };
  certs: {
    etcd: { crt: string; key: string };
    k8s: { crt: string; key: string };
    k8saggregator: { crt: string; key: string };
    k8sserviceaccount: { key: string };
    os: { crt: string; key: string };
  };
}

interface BundleOptions {
  /** the Talos contract (major.minor) the bundle is for: it decides the service-account key type */
  contract: { major: number; minor: number };
  now: Date;
  entropy: Entropy;
}

const TOKEN_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** kubeadm-style token part: characters of [0-9a-z], bytes >= 252 discarded so that every character is equally likely. */
function tokenPart(entropy: Entropy, length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of entropy.bytes(length - out.length)) {
      if (b < 252 && out.length < length) out += TOKEN_ALPHABET[b % 36];
    }
  }
  return out;
}

/** A token of the form abcdef.0123456789abcdef, as Talos's genToken(6, 16) makes it. */
function talosToken(entropy: Entropy): string {
  return `${tokenPart(entropy, 6)}.${tokenPart(entropy, 16)}`;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const pair = (p: PemPair) => ({ crt: b64(p.crt), key: b64(p.key) });

export function createTalosBundle(o: BundleOptions): TalosBundle {
  const minor = o.contract.major > 1 ? Infinity : o.contract.minor;
  const ca = (keyType: "ed25519" | "ecdsa-p256", organization?: string) =>
    pair(selfSignedCA({ keyType, now: o.now, entropy: o.entropy, ...(organization !== undefined ? { organization } : {}) }));
  // Generation order follows Talos's populate(), so one seed gives one bundle.
  const etcd = ca("ecdsa-p256", "etcd");
  const k8s = ca("ecdsa-p256", "kubernetes");
  // Talos passes CommonName("front-proxy") but its CA template only copies the organization: the subject is empty.
  const k8saggregator = ca("ecdsa-p256");
  // Talos 1.7 switched the service-account key to RSA 4096 (VersionContract.UseRSAServiceAccountKey).
  const saKey = minor > 6 ? o.entropy.rsaPrivateKey(4096) : undefined;
  const k8sserviceaccount = { key: b64(privateKeyPem(saKey ?? p256Key(o.entropy))) };
  const os = ca("ed25519", "talos");
  const bootstraptoken = talosToken(o.entropy);
  const encryption = Buffer.from(o.entropy.bytes(32)).toString("base64");
  const token = talosToken(o.entropy);
  // Go's base64.URLEncoding keeps the padding that Node's base64url drops.
  const idBytes = Buffer.from(o.entropy.bytes(32));
  const id = idBytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
  const secret = Buffer.from(o.entropy.bytes(32)).toString("base64");
  return {
    cluster: { id, secret },
    secrets: minor > 2 ? { bootstraptoken, secretboxencryptionsecret: encryption } : { bootstraptoken, aescbcencryptionsecret: encryption },
    trustdinfo: { token },
    certs: { etcd, k8s, k8saggregator, k8sserviceaccount, os },
  };
}

/**
 * The bundle in the layout talosctl writes (go-yaml, four-space indent), after a comment saying what it is.
 * Values are plain scalars as there, quoted only in the (astronomically rare) case that a token is all digits
 * and would read back as a number.
 */
export function bundleToYaml(b: TalosBundle, comment: string): string {
  const lines = comment.split("\n").map((l) => (l ? `# ${l}` : "#"));
  const kv = (indent: number, entries: Array<[string, string | undefined]>) =>
    entries.filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => `${" ".repeat(indent)}${k}: ${/^[0-9.+-]+$/.test(v) ? JSON.stringify(v) : v}`);
  return [
    ...lines,
    "cluster:",
    ...kv(4, [["id", b.cluster.id], ["secret", b.cluster.secret]]),
    "secrets:",
    ...kv(4, [["bootstraptoken", b.secrets.bootstraptoken], ["aescbcencryptionsecret", b.secrets.aescbcencryptionsecret], ["secretboxencryptionsecret", b.secrets.secretboxencryptionsecret]]),
    "trustdinfo:",
    ...kv(4, [["token", b.trustdinfo.token]]),
    "certs:",
    ...(["etcd", "k8s", "k8saggregator", "k8sserviceaccount", "os"] as const).flatMap((name) => {
      const c = b.certs[name] as { crt?: string; key: string };
      return [`    ${name}:`, ...kv(8, [["crt", c.crt], ["key", c.key]])];
    }),
    "",
  ].join("\n");
}

type ParseResult = { ok: true; bundle: TalosBundle } | { ok: false; problems: string[] };

const TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

/** Reads a bundle and checks what Talos's Bundle.Validate checks: every field present, every PEM parses. */
export function parseTalosBundle(text: string): ParseResult {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    return { ok: false, problems: [`not YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`] };
  }
  const problems: string[] = [];
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const root = obj(data);
  const str = (path: string, v: unknown, required = true): string | undefined => {
    if (typeof v === "string" && v !== "") return v;
    if (v === undefined || v === null || v === "") {
      if (required) problems.push(`${path} is required`);
      return undefined;
    }
    problems.push(`${path} must be a string`);
    return undefined;
  };
  const cluster = obj(root.cluster);
  const secrets = obj(root.secrets);
  const trustd = obj(root.trustdinfo);
  const certs = obj(root.certs);
  const id = str("cluster.id", cluster.id);
  const secret = str("cluster.secret", cluster.secret);
  const bootstraptoken = str("secrets.bootstraptoken", secrets.bootstraptoken);
  if (bootstraptoken && !TOKEN.test(bootstraptoken)) problems.push("secrets.bootstraptoken is not of the form abcdef.0123456789abcdef");
  const secretbox = str("secrets.secretboxencryptionsecret", secrets.secretboxencryptionsecret, false);
  const aescbc = str("secrets.aescbcencryptionsecret", secrets.aescbcencryptionsecret, false);
  if (!secretbox && !aescbc) problems.push("one of secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret is required");
  if (secretbox && aescbc) problems.push("only one of secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret is allowed");
  const token = str("trustdinfo.token", trustd.token);
  const decoded = (path: string, v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    const text = Buffer.from(v, "base64").toString("utf8");
    if (!/^-----BEGIN [A-Z0-9 ]+-----\n/.test(text)) {
      problems.push(`${path} is not base64 of a PEM block`);
      return undefined;
    }
    return text;
  };
  const checkKey = (path: string, v: string | undefined) => {
    const text = decoded(path, v);
    if (text === undefined) return;
    try {
      createPrivateKey(text.replace(/-----(BEGIN|END) ED25519 PRIVATE KEY-----/g, "-----$1 PRIVATE KEY-----"));
    } catch (e) {
      problems.push(`${path} is not a private key: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const checkCrt = (path: string, v: string | undefined) => {
    const text = decoded(path, v);
    if (text === undefined) return;
    try {
      new X509Certificate(text);
    } catch (e) {
      problems.push(`${path} is not a certificate: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const ca = (name: string) => {
    const c = obj(certs[name]);
    const crt = str(`certs.${name}.crt`, c.crt);
    const key = str(`certs.${name}.key`, c.key);
    checkCrt(`certs.${name}.crt`, crt);
    checkKey(`certs.${name}.key`, key);
    return { crt: crt ?? "", key: key ?? "" };
  };
  const etcd = ca("etcd");
  const k8s = ca("k8s");
  const k8saggregator = ca("k8saggregator");
  const os = ca("os");
  const saKey = str("certs.k8sserviceaccount.key", obj(certs.k8sserviceaccount).key);
  checkKey("certs.k8sserviceaccount.key", saKey);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    bundle: {
      cluster: { id: id!, secret: secret! },
      secrets: { bootstraptoken: bootstraptoken!, ...(secretbox ? { secretboxencryptionsecret: secretbox } : { aescbcencryptionsecret: aescbc! }) },
      trustdinfo: { token: token! },
      certs: { etcd, k8s, k8saggregator, k8sserviceaccount: { key: saKey! }, os },
    },
  };
}

/** Every secret value of a bundle, encoded and decoded: what must never appear in out/. */
export function bundleSecrets(b: TalosBundle): string[] {
  const values = [b.cluster.id, b.cluster.secret, b.secrets.bootstraptoken, b.trustdinfo.token];
  if (b.secrets.secretboxencryptionsecret) values.push(b.secrets.secretboxencryptionsecret);
  if (b.secrets.aescbcencryptionsecret) values.push(b.secrets.aescbcencryptionsecret);
  for (const c of [b.certs.etcd, b.certs.k8s, b.certs.k8saggregator, b.certs.os]) values.push(c.key);
  values.push(b.certs.k8sserviceaccount.key);
  return values;
}
