import { CODES, type Code, type Severity } from "./codes.js";
import type { Loc, Path, SourceFile, SpecRef } from "../source.js";

export interface Span {
  file: SourceFile;
  start: number;
  end: number;
}

/** The span of the node at `path` in a spec (or of its key); see SpecRef.locate for missing paths. */
export function spanAt(spec: SpecRef, path: Path, part: "key" | "value" = "value"): Span {
  const r = spec.locate(path, part);
  return { file: spec.source, start: r.start, end: r.end };
}

/** The span of a graph node's place in the spec, or of a field below it. */
export function locSpan(loc: Loc, sub: Path = [], part: "key" | "value" = "value"): Span {
  return spanAt(loc.spec, sub.length ? [...loc.path, ...sub] : loc.path, part);
}

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  span?: Span;
  /** "help: ..." lines: how to fix it */
  help?: string;
  /** "note: ..." lines: why it matters, the other party */
  notes: string[];
  /** secondary locations, e.g. the first declaration of a duplicate */
  related: Array<{ span: Span; message: string }>;
}

export type Args = Record<string, string | number>;

function fill(template: string, args: Args): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in args ? String(args[key]) : whole));
}

interface DiagOptions {
  help?: string;
  notes?: string[];
  related?: Array<{ span: Span | undefined; message: string }>;
  severity?: Severity;
}

export function diag(code: Code, span: Span | undefined, args: Args = {}, opts: DiagOptions = {}): Diagnostic {
  const info = CODES[code];
  const d: Diagnostic = {
    code,
    severity: opts.severity ?? info.severity,
    message: fill(info.message, args),
    notes: opts.notes ?? [],
    related: (opts.related ?? []).filter((r): r is { span: Span; message: string } => r.span !== undefined),
  };
  if (span) d.span = span;
  if (opts.help) d.help = opts.help;
  return d;
}

/** A sink phases push into; nothing throws on user input. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];
  /** @param drops true for a report that only restates a problem found earlier (see validate/partial.ts) */
  constructor(private readonly drops?: (code: Code, args: Args) => boolean) {}
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  /** An empty sink that drops what this one drops. */
  fork(): Diagnostics {
    return new Diagnostics(this.drops);
  }
  report(code: Code, span: Span | undefined, args: Args = {}, opts: DiagOptions = {}): void {
    if (this.drops?.(code, args)) return;
    this.items.push(diag(code, span, args, opts));
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

/** Sorted by file, position, then code, and with exact repeats removed: never the same problem twice. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...list].sort((a, b) => {
    const fa = a.span?.file.path ?? "";
    const fb = b.span?.file.path ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
  const out: Diagnostic[] = [];
  let prevKey = "";
  for (const d of sorted) {
    const key = `${d.span?.file.path}|${d.span?.start}|${d.code}|${d.message}`;
    if (key !== prevKey) out.push(d);
    prevKey = key;
  }
  return out;
}
