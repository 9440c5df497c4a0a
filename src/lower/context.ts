// What every sub-lowering shares: the per-call context (diagnostics, locations, caches) and the parsers and
// checks for names, CIDRs and addresses. A Ctx lives for one lower() call, so nothing outlives it.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import type { SpecFile } from "../parse/index.js";
import type { Loc, Path } from "../source.js";
import { parseCIDR, parseIP } from "../lib/net/ip.js";

/** What lowering needs besides the spec: where the spec and the output tree sit in the user's repository. */
export interface LowerOptions {
  /** the spec's path in the repository, written into generated headers (see build.ts stablePath) */
  specPath: string;
  /** the output directory's path in the repository ("out"); a GitOps path the spec leaves out defaults below it */
  outPath: string;
  /**
   * Reads a file the spec names (a namespace's secrets), by a path relative to the spec's directory that lowering
   * has checked stays inside it. The driver owns the disk, so lowering reads through this and a compile in memory
   * passes its own (or none: then such files are reported unreadable).
   */
  readFile?: (relative: string) => FileRead;
}

export type FileRead = { ok: true; text: string } | { ok: false; reason: string };

/** Lookups of the services of one list, by id and by cluster/base namespace/name. */
export interface ServiceIndex {
  byId: Map<string, G.ServiceNode>;
  byBase: Map<string, G.ServiceNode[]>;
}

export interface Ctx {
  spec: SpecFile;
  opts: LowerOptions;
  diags: Diagnostics;
  at(path: Path): Loc;
  /** namespaces already reported as broken: references to them are not reported again */
  brokenNamespaces: Set<string>;
  /** eligible nodes per cluster and distinct placement (see eligible.ts) */
  eligibleCache: Map<G.ClusterNode, Map<string, string[]>>;
  /** one index per service list that references are resolved against (see service-refs.ts) */
  serviceIndexes: Map<readonly G.ServiceNode[], ServiceIndex>;
}

export function createCtx(spec: SpecFile, opts: LowerOptions, diags: Diagnostics): Ctx {
  return { spec, opts, diags, at: (path) => ({ spec, path }), brokenNamespaces: new Set(), eligibleCache: new Map(), serviceIndexes: new Map() };
}

export function normaliseDns(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

export function uniqueNames(ctx: Ctx, items: Array<{ name: string; path: Path }>, kind: string, scope = ""): void {
  const seen = new Map<string, Path>();
  for (const it of items) {
    const first = seen.get(it.name);
    if (first) {
      ctx.diags.report("PC0302", locSpan(ctx.at(it.path)), { kind, name: it.name, scope }, {
        related: [{ span: locSpan(ctx.at(first)), message: "first declared here" }],
        help: `rename one of the two ${kind}s`,
      });
    } else seen.set(it.name, it.path);
  }
}

export function cidr(ctx: Ctx, text: string, path: Path, what: string): G.Cidr | undefined {
  const r = parseCIDR(text);
  if (!r.ok) {
    ctx.diags.report("PC0306", locSpan(ctx.at(path)), { value: text, what, reason: r.reason }, r.suggestion ? { help: `did you mean ${r.suggestion}?` } : {});
    return undefined;
  }
  return { text: formatCidrText(text, r), family: r.family, base: r.base, prefix: r.prefix, range: r.range };
}

function formatCidrText(text: string, r: { family: 4 | 6 }): string {
  return r.family === 6 ? text.toLowerCase() : text;
}

export function address(ctx: Ctx, text: string, path: Path, what: string): G.Address | undefined {
  const r = parseIP(text);
  if (!r.ok) {
    ctx.diags.report("PC0306", locSpan(ctx.at(path)), { value: text, what, reason: r.reason });
    return undefined;
  }
  return { text: r.family === 6 ? text.toLowerCase() : text, family: r.family, value: r.value };
}

export function single(range: { start: bigint; end: bigint; family: 4 | 6 }, a: G.Address): boolean {
  return range.family === a.family && range.start <= a.value && a.value <= range.end;
}
