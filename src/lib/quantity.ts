// Kubernetes resource quantities, reduced to integers so that capacity sums are exact.

const MEMORY_UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

/** millicores; the schema guarantees the shape */
export function cpuMillis(q: string | number): number {
  if (typeof q === "number") return Math.round(q * 1000);
  if (q.endsWith("m")) return Math.round(Number(q.slice(0, -1)));
  return Math.round(Number(q) * 1000);
}

export function memoryBytes(q: string | number): number {
  if (typeof q === "number") return q;
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q);
  if (!m) return NaN;
  return Math.round(Number(m[1]) * (MEMORY_UNITS[m[2]!] ?? NaN));
}

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatMemory(bytes: number): string {
  for (const [unit, size] of [["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Deep copy with object keys sorted, so input key order never reaches the output. */
export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function sortedRecord<T>(r: Record<string, T> | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (!r) return out;
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}
