// Phase 1: bytes -> YAML document with source positions. Everything wrong with the file itself (binary,
// empty, not YAML, duplicate keys, alias bombs, nesting too deep, several documents) becomes a diagnostic here.
import { parseAllDocuments, isAlias, isMap, isSeq, isScalar, isPair, visit, type Document, type Node } from "yaml";
import type { Path, SourceFile, SpecRef } from "../source.js";
import { scanNesting } from "./text-depth.js";
import { pathDeeperThan } from "./data-depth.js";
import { fastParse } from "./fast.js";
import type { Diagnostics, Span } from "../diagnostics/diagnostic.js";

/** What parsing yields: the data for validation and lowering, and (as a SpecRef) the locator for diagnostics. */
export interface SpecFile extends SpecRef {
  data: unknown;
}

/** Bounds total alias expansion (each alias counts the nodes it pulls in), like yaml's own guard. */
const MAX_ALIAS_COUNT = 100;

/**
 * Collections nested deeper than this are refused before yaml builds the document. yaml's CST parser and
 * composer recurse once per level and overflow Node's default stack near 780 levels of flow collections and
 * 1,000 of block ones (3,000 outside its error handling: exit 70); later phases recurse over Helm values
 * too (toJS, key sorting, the YAML writer, which stops at 1,000). 256 stays a factor of 3 below the first
 * overflow, leaving room for the frames under the parser, while real specs nest far less: the seed specs and
 * test platforms at most 7 levels, Helm values included.
 */
export const MAX_DEPTH = 256;

export function decodeText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  if (bytes.includes(0)) return { ok: false, reason: "it contains NUL bytes" };
  try {
    let text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: "it contains invalid UTF-8 sequences" };
  }
}

/**
 * Parses with the fast scanner (`fast.ts`) when the text is in its subset, which yields the same data and spans
 * as yaml; otherwise (or with `{ fast: false }`, for tests) with yaml, which reports what is wrong.
 */
export function parseSpec(source: SourceFile, diags: Diagnostics, opts: { fast?: boolean } = {}): SpecFile | undefined {
  if (opts.fast !== false) {
    const fast = fastParse(source.text);
    if (fast) return { source, data: fast.data, locate: fast.locate };
  }
  return parseFull(source, diags);
}

function parseFull(source: SourceFile, diags: Diagnostics): SpecFile | undefined {
  const whole: Span = { file: source, start: 0, end: Math.min(source.text.length, 1) };
  const nesting = scanNesting(source.text, MAX_DEPTH);
  if (nesting.tooDeep) {
    reportTooDeep(diags, { file: source, ...nesting.tooDeep });
    return undefined;
  }
  const docs = parseDocuments(source.text);
  if (!docs) {
    reportTooDeep(diags, whole);
    return undefined;
  }
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (nonEmpty.length === 0) {
    diags.report("PC0005", whole, {}, { help: "run `platformc init <dir>` to write a starter platform.yaml" });
    return undefined;
  }
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1]!;
    const start = second.range?.[0] ?? 0;
    diags.report("PC0104", { file: source, start, end: start + 1 }, { count: nonEmpty.length });
    return undefined;
  }
  const doc = nonEmpty[0]!;
  let bad = false;
  for (const e of doc.errors) {
    bad = true;
    const [start, end] = e.pos;
    const span: Span = { file: source, start, end: Math.max(end, start + 1) };
    if (e.code === "DUPLICATE_KEY") {
      const key = /^[^:\s]+/.exec(source.text.slice(start, start + 200))?.[0] ?? "?";
      diags.report("PC0102", span, { key }, { help: "remove one of the two, or merge their contents" });
    } else if (isStackOverflow(e.message)) {
      // Only if the depth scan and yaml ever disagree on what nests: still the user's nesting, not a bug.
      reportTooDeep(diags, span);
    } else {
      diags.report("PC0101", span, { reason: firstLine(e.message) });
    }
  }
  if (bad) return undefined;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // yaml throws ReferenceError for excessive aliasing and for aliases to undefined anchors.
    const msg = e instanceof Error ? e.message : String(e);
    const aliasAt = firstAliasOffset(doc) ?? 0;
    const span: Span = { file: source, start: aliasAt, end: aliasAt + 1 };
    if (/alias count|resource exhaustion/i.test(msg)) diags.report("PC0103", span, { reason: `more than ${MAX_ALIAS_COUNT} expansions` });
    else if (isStackOverflow(msg)) reportTooDeep(diags, span);
    else diags.report("PC0101", span, { reason: firstLine(msg).toLowerCase() });
    return undefined;
  }
  if (data === null || data === undefined) {
    diags.report("PC0005", whole);
    return undefined;
  }
  // Tags that make yaml return something other than JSON-like data: `!!merge` on a value (a Symbol), `!!binary` (a
  // Uint8Array), `!!timestamp` (a Date), `!!set` and `!!omap` (a Set, a Map). None is spec data, and later phases
  // (freezing the graph, the YAML writer) cannot take them.
  const odd = unsupportedValue(doc);
  if (odd) {
    diags.report("PC0101", { file: source, start: odd.range[0], end: Math.max(odd.range[1], odd.range[0] + 1) }, { reason: odd.reason }, { help: odd.help });
    return undefined;
  }
  // Each alias pulls in a whole anchored tree, so aliases can nest the data deeper than its text (or in a cycle).
  const aliased = nesting.aliases ? pathDeeperThan(data, MAX_DEPTH) : undefined;
  if (aliased) {
    const at = firstAliasOn(doc, aliased) ?? firstAliasOffset(doc) ?? 0;
    reportTooDeep(diags, { file: source, start: at, end: at + 1 });
    return undefined;
  }
  return { source, data, locate: (path, part) => locateIn(source, doc, path, part) };
}

/** yaml's documents; undefined if its parser overflowed the stack after all (see `isStackOverflow`). */
function parseDocuments(text: string): Document.Parsed[] | undefined {
  try {
    const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: "1.2" });
    // An EmptyStream (no documents) for empty or comment-only input.
    return Array.isArray(docs) ? docs : [];
  } catch (e) {
    if (e instanceof RangeError && isStackOverflow(e.message)) return undefined;
    throw e;
  }
}

function reportTooDeep(diags: Diagnostics, span: Span): void {
  diags.report("PC0105", span, { limit: MAX_DEPTH }, { help: `restructure the data so that it nests at most ${MAX_DEPTH} levels deep` });
}

function isStackOverflow(message: string): boolean {
  return /maximum call stack size exceeded/i.test(message);
}

function firstLine(s: string): string {
  const line = s.split("\n")[0] ?? s;
  return line.replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
}

function firstAliasOffset(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  const visit = (n: unknown): void => {
    if (found !== undefined || !n) return;
    if (isAlias(n)) {
      found = n.range?.[0];
      return;
    }
    if (isMap(n) || isSeq(n)) for (const it of n.items) visit(it);
    else if (isPair(n)) {
      visit(n.key);
      visit(n.value);
    }
  };
  visit(doc.contents);
  return found;
}

/** Where `path` first goes through an alias. */
function firstAliasOn(doc: Document.Parsed, path: Path): number | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isAlias(node)) return node.range?.[0];
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
    else if (isSeq(node) && typeof seg === "number") node = node.items[seg];
    else return undefined;
  }
  return isAlias(node) ? node.range?.[0] : undefined;
}

type Range = { start: number; end: number };

function rangeSpan(source: SourceFile, node: Node | null | undefined, fallback: Range): Range {
  const r = node?.range;
  if (!r) return fallback;
  let end = r[1];
  // A block collection's range covers all its lines; point at its first line only.
  if (isMap(node) || isSeq(node)) {
    const nl = source.text.indexOf("\n", r[0]);
    end = Math.min(r[1], nl === -1 ? r[1] : nl);
  }
  return { start: r[0], end: Math.max(end, r[0] + 1) };
}

/**
 * Range of the node at `path`, or of its key. When the path does not exist (a missing field), the range of
 * the deepest existing ancestor: the place where the field should be added.
 */
function locateIn(source: SourceFile, doc: Document.Parsed, path: Path, part: "key" | "value"): Range {
  const fallback: Range = { start: 0, end: 1 };
  let node: unknown = doc.contents;
  let span = rangeSpan(source, node as Node, fallback);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isAlias(node)) node = node.resolve(doc);
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return span;
      if (last && part === "key") return rangeSpan(source, pair.key as Node, span);
      node = pair.value;
      // A key with an empty value: point at the key.
      span = pair.value ? rangeSpan(source, pair.value as Node, span) : rangeSpan(source, pair.key as Node, span);
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (!item) return span;
      node = item;
      span = rangeSpan(source, item as Node, span);
    } else return span;
  }
  return span;
}

const COLLECTION_TAGS: Record<string, string> = { "tag:yaml.org,2002:set": "!!set", "tag:yaml.org,2002:omap": "!!omap" };

/** The first node whose tag makes yaml return no JSON-like data, with what to say about it; undefined if none. */
function unsupportedValue(doc: Document): { range: [number, number]; reason: string; help: string } | undefined {
  let found: { range: [number, number]; reason: string; help: string } | undefined;
  const plain = (tag: string) => ({ reason: `\`${tag}\` makes a value that is not plain data`, help: `remove the \`${tag}\` tag: write the value as a string, number, boolean, list or map` });
  visit(doc, {
    Scalar(key, node) {
      if (!node.range) return undefined;
      // a merge key itself (`<<:`) is a pair's key; only values and list items are data
      if (typeof node.value === "symbol" && key !== "key") found = { range: [node.range[0], node.range[1]], reason: "`!!merge` tags the `<<` merge key, not a value", help: "remove the `!!merge` tag" };
      else if (node.value instanceof Uint8Array) found = { range: [node.range[0], node.range[1]], ...plain("!!binary") };
      else if (node.value instanceof Date) found = { range: [node.range[0], node.range[1]], ...plain("!!timestamp") };
      return found ? visit.BREAK : undefined;
    },
    Map(_key, node) {
      const tag = node.tag ? COLLECTION_TAGS[node.tag] : undefined;
      if (tag && node.range) found = { range: [node.range[0], node.range[1]], ...plain(tag) };
      return found ? visit.BREAK : undefined;
    },
    Seq(_key, node) {
      const tag = node.tag ? COLLECTION_TAGS[node.tag] : undefined;
      if (tag && node.range) found = { range: [node.range[0], node.range[1]], ...plain(tag) };
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}
