// Where secrets get their randomness. Everything platformc generates as a secret is derived from bytes this
// interface hands out, so tests inject a seeded source and get the same tokens, keys and serial numbers on
// every run. RSA keys are the exception: deriving primes from given bytes is not something Node's crypto
// offers, so key generation itself is the injected randomness there.
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";

export interface Entropy {
  /** n uniformly random bytes */
  bytes(n: number): Uint8Array;
  /** a fresh RSA private key of the given size */
  rsaPrivateKey(bits: number): KeyObject;
}

export const systemEntropy: Entropy = {
  bytes: (n) => new Uint8Array(randomBytes(n)),
  rsaPrivateKey: (bits) => generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 65537 }).privateKey,
};
