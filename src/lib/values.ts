// Helm values as plain data.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Helm's rule for several -f files: maps merge key by key and the later file wins; anything else (lists too) is replaced. */
export function overlayValues(base: Record<string, unknown>, top: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) {
    const b = out[k];
    out[k] = isRecord(b) && isRecord(v) ? overlayValues(b, v) : v;
  }
  return out;
}
