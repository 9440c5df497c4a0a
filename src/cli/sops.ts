// A secrets bundle kept SOPS-encrypted in the user's repository is decrypted by the user's own `sops` binary, in
// memory: platformc holds no keys and writes no plaintext copy. Which binary is the caller's choice
// (PLATFORMC_SOPS, else `sops` on PATH), so index.ts, which owns the environment, passes it in.
import { spawnSync } from "node:child_process";
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import { isSopsEncrypted } from "../lib/sops.js";

const INSTALL = "install sops (https://github.com/getsops/sops/releases) with access to the key (SOPS_AGE_KEY_FILE for age), set PLATFORMC_SOPS to its path, or pass the bundle decrypted";

/** The text as given when it is not SOPS-encrypted, else what `sops --decrypt` prints for the file. */
export function decryptIfSops(file: string, text: string, sops: string): { ok: true; text: string } | { ok: false; problem: Diagnostic } {
  if (!isSopsEncrypted(text)) return { ok: true, text };
  // The file itself, not the text, so sops picks its format from the name and finds .sops.yaml rules beside it.
  const r = spawnSync(sops, ["--decrypt", "--output-type", "yaml", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES") return { ok: false, problem: diag("PC0024", undefined, { file, sops }, { help: INSTALL }) };
    return { ok: false, problem: diag("PC0025", undefined, { file, reason: r.error.message }) };
  }
  if (r.status !== 0) {
    const reason = (r.stderr ?? "").trim().split("\n").filter(Boolean).slice(-1)[0] ?? `exit status ${r.status ?? r.signal}`;
    return { ok: false, problem: diag("PC0025", undefined, { file, reason }, { help: "check that sops finds the key the bundle was encrypted for (for age: SOPS_AGE_KEY_FILE or ~/.config/sops/age/keys.txt)" }) };
  }
  return { ok: true, text: r.stdout };
}
