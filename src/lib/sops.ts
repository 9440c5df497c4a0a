// SOPS-encrypted YAML, recognised without decrypting it: a top-level sops: metadata block and ENC[...] values
// (the layout `sops --encrypt` writes: ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]). platformc decrypts
// nothing itself; it only tells an encrypted file from a plaintext one.
import YAML from "yaml";

const ENC = /^ENC\[[A-Za-z0-9_]+,[\s\S]*\]$/;

export const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The documents of a YAML text, or why it is not YAML; aliases are bounded as the spec parser bounds them. */
export function sopsDocuments(text: string): { docs: unknown[] } | { error: string } {
  try {
    const docs: unknown[] = [];
    for (const d of YAML.parseAllDocuments(text)) {
      if (d.errors.length) return { error: `it is not YAML (${d.errors[0]!.message.split("\n")[0]})` };
      docs.push(d.toJS({ maxAliasCount: 100 }));
    }
    return { docs };
  } catch (e) {
    return { error: `it is not YAML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})` };
  }
}

/** True when the text is YAML whose every document carries SOPS metadata: worth handing to `sops --decrypt`. */
export function isSopsEncrypted(text: string): boolean {
  const r = sopsDocuments(text);
  if ("error" in r) return false;
  const docs = r.docs.filter((d) => d !== null && d !== undefined);
  return docs.length > 0 && docs.every((d) => isMap(d) && isMap(d.sops));
}

/**
 * Why the text is not a SOPS-encrypted manifest, or undefined when it is one: every document has sops: metadata,
 * every value under data and stringData is ENC[...] (what Flux decrypts), and some value is encrypted.
 */
export function sopsProblem(text: string): string | undefined {
  const r = sopsDocuments(text);
  if ("error" in r) return r.error;
  const docs = r.docs.filter((d) => d !== null && d !== undefined);
  if (docs.length === 0) return "it is empty";
  for (const [n, d] of docs.entries()) {
    const which = docs.length > 1 ? `document ${n + 1}` : "the document";
    if (!isMap(d)) return `${which} is not a mapping`;
    if (!isMap(d.sops)) return `${which} has no sops: metadata`;
    let encrypted = 0;
    for (const field of ["data", "stringData"]) {
      const m = d[field];
      if (m === undefined) continue;
      if (!isMap(m)) return `${which}'s ${field} is not a mapping`;
      for (const [k, v] of Object.entries(m)) {
        if (typeof v !== "string" || !ENC.test(v)) return `${field}.${k} is in clear`;
        encrypted++;
      }
    }
    if (encrypted === 0 && !hasEnc(d)) return `${which} has no ENC[...] value`;
  }
  return undefined;
}

function hasEnc(root: Record<string, unknown>): boolean {
  const pending: unknown[] = Object.entries(root).filter(([k]) => k !== "sops").map(([, v]) => v);
  while (pending.length) {
    const v = pending.pop();
    if (typeof v === "string" && ENC.test(v)) return true;
    if (v !== null && typeof v === "object") pending.push(...Object.values(v));
  }
  return false;
}
