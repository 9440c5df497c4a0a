// Self-signed certificate authorities and private keys exactly as Talos issues them
// (siderolabs/crypto x509.NewSelfSignedCertificateAuthority): a 128-bit random serial, a random 20-byte subject
// key id, the subject holding only the organization, key usage digital signature + certificate sign
// (critical), extended key usage server + client auth, CA:TRUE (critical), valid from now for ten years.
import { createECDH, createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import type { Entropy } from "./entropy.js";
import * as der from "./der.js";

type CAKeyType = "ed25519" | "ecdsa-p256";

export interface PemPair {
  /** PEM text of the certificate */
  crt: string;
  /** PEM text of the private key, in the PEM type Talos writes */
  key: string;
}

// siderolabs/secrets CAValidityTime = 87600h
const CA_VALIDITY_MS = 87600 * 3600 * 1000;

const OID = {
  ed25519: "1.3.101.112",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  organization: "2.5.4.10",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  basicConstraints: "2.5.29.19",
  subjectKeyId: "2.5.29.14",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): everything before the seed is constant.
const ED25519_PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
// Order of the P-256 group: a private scalar must lie in [1, n-1].
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function toBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

export function pem(label: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function ed25519Key(entropy: Entropy): KeyObject {
  const seed = entropy.bytes(32);
  const pkcs8 = new Uint8Array(ED25519_PKCS8_PREFIX.length + 32);
  pkcs8.set(ED25519_PKCS8_PREFIX);
  pkcs8.set(seed, ED25519_PKCS8_PREFIX.length);
  return createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
}

export function p256Key(entropy: Entropy): KeyObject {
  for (;;) {
    const d = entropy.bytes(32);
    const v = toBigInt(d);
    if (v === 0n || v >= P256_ORDER) continue;
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(d));
    const pub = ecdh.getPublicKey();
    const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
    return createPrivateKey({ key: { kty: "EC", crv: "P-256", d: b64u(d), x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33, 65)) }, format: "jwk" });
  }
}

/** The private key in the PEM type siderolabs/crypto writes: EC (SEC 1), RSA (PKCS #1), Ed25519 (PKCS #8 under its own label). */
export function privateKeyPem(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case "ec":
      return key.export({ type: "sec1", format: "pem" }) as string;
    case "rsa":
      return key.export({ type: "pkcs1", format: "pem" }) as string;
    case "ed25519":
      return pem("ED25519 PRIVATE KEY", new Uint8Array(key.export({ type: "pkcs8", format: "der" })));
    default:
      throw new Error(`unsupported key type ${key.asymmetricKeyType}`);
  }
}

function name(organization: string | undefined): Uint8Array {
  if (organization === undefined) return der.sequence();
  return der.sequence(der.set(der.sequence(der.oid(OID.organization), der.directoryString(organization))));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value)) : der.sequence(der.oid(id), der.octetString(value));
}

interface CAOptions {
  keyType: CAKeyType;
  /** subject O=; absent for an empty subject (Talos's aggregator CA) */
  organization?: string;
  now: Date;
  entropy: Entropy;
}

export function selfSignedCA(o: CAOptions): PemPair {
  const key = o.keyType === "ed25519" ? ed25519Key(o.entropy) : p256Key(o.entropy);
  const spki = new Uint8Array(createPublicKey(key).export({ type: "spki", format: "der" }));
  const sigAlg = der.sequence(der.oid(o.keyType === "ed25519" ? OID.ed25519 : OID.ecdsaWithSHA256));
  const serial = o.entropy.bytes(16);
  const skid = o.entropy.bytes(20);
  const notBefore = new Date(Math.floor(o.now.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + CA_VALIDITY_MS);
  const subject = name(o.organization);
  const extensions = der.sequence(
    // digitalSignature (bit 0) and keyCertSign (bit 5): 0b10000100, the two low bits unused
    extension(OID.keyUsage, true, der.bitString(Uint8Array.of(0x84), 2)),
    extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    extension(OID.subjectKeyId, false, der.octetString(skid)),
  );
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(serial),
    sigAlg,
    subject,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    subject,
    spki,
    der.explicit(3, extensions),
  );
  const signature = o.keyType === "ed25519" ? sign(null, tbs, key) : sign("sha256", tbs, { key, dsaEncoding: "der" });
  const certificate = der.sequence(tbs, sigAlg, der.bitString(new Uint8Array(signature)));
  return { crt: pem("CERTIFICATE", certificate), key: privateKeyPem(key) };
}
