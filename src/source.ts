// A spec file as text plus the index that turns byte offsets into line/column. Diagnostics store offsets
// only; positions are computed when printing, so phases never pay for spans nobody prints.

export interface SourceFile {
  /** path as shown to the user (relative to the working directory when possible), POSIX separators */
  path: string;
  text: string;
}

const lineStartCache = new WeakMap<SourceFile, number[]>();

function lineStarts(file: SourceFile): number[] {
  let starts = lineStartCache.get(file);
  if (!starts) {
    starts = [0];
    const t = file.text;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) starts.push(i + 1);
    lineStartCache.set(file, starts);
  }
  return starts;
}

/** 1-based line and column (column counted in UTF-16 code units, as editors and LSP do) */
export function positionOf(file: SourceFile, offset: number): { line: number; col: number } {
  const starts = lineStarts(file);
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: clamped - starts[lo]! + 1 };
}

export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  const end = next === undefined ? file.text.length : next - 1;
  return file.text.slice(start, end).replace(/\r$/, "");
}

/** A place in the spec's data: keys of mappings and indexes of lists, from the document root. */
export type Path = ReadonlyArray<string | number>;

/**
 * A parsed spec file as later phases see it: its text, and a way to turn a path in its data into byte offsets.
 * The parser implements `locate` over its YAML document; nothing after parsing sees that document, so the graph
 * and the checks do not depend on the parser. `locate` returns the span of the value at `path` (or of its key),
 * or of the deepest existing ancestor when the path does not exist (where a missing field should be added).
 */
export interface SpecRef {
  source: SourceFile;
  locate(path: Path, part: "key" | "value"): { start: number; end: number };
}

/** A place in the spec, kept by graph nodes: resolved to offsets only when a diagnostic is reported. */
export interface Loc {
  spec: SpecRef;
  path: Path;
}
