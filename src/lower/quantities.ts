// Memory quantities the schema accepts but no machine has: `memory: 16` is sixteen bytes, because a quantity
// without a suffix counts bytes. The user meant 16Gi (a node) or 16Mi (a request); left alone, the capacity
// check reports an overcommit far from the real mistake, and the emitted objects carry the byte count.
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { memoryBytes } from "../lib/quantity.js";
import type { Ctx } from "./context.js";

const MI = 2 ** 20;

/** Far below what a Kubernetes node runs in: the floor catches a missing suffix, not a small machine. */
export const NODE_MEMORY_FLOOR = 256 * MI;
/** The least a container's memory request, limit or a volume can be before it is surely a missing suffix. */
export const WORKLOAD_MEMORY_FLOOR = MI;

function amount(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < MI) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${+(bytes / MI).toFixed(1)} MiB`;
}

/** Reports a memory value below `floor`, suggesting the same number with `unit`. */
export function checkMemory(ctx: Ctx, value: string | number | undefined, path: Path, what: string, floor: number, unit: "Mi" | "Gi"): void {
  if (value === undefined) return;
  const bytes = memoryBytes(value);
  if (!Number.isFinite(bytes) || bytes === 0 || bytes >= floor) return;
  const text = String(value);
  const num = /^[0-9.]+/.exec(text)?.[0] ?? text;
  const suffixless = num === text;
  ctx.diags.report("PC0350", locSpan(ctx.at(path)), { what, value: text, amount: amount(bytes) }, {
    help: `did you mean \`${num}${unit}\`?${suffixless ? " a memory quantity without a suffix counts bytes" : ""}`,
  });
}
