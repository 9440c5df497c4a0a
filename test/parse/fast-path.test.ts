// The fast parse path (src/parse/fast.ts) against the full yaml path, differentially: on documents in the subset
// it must be taken and give the same data (key order included) and the same span for every path, key or value;
// on anything else it must give up or still agree, and the diagnostics must be exactly those of the full path.
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSpec, MAX_DEPTH } from "../../src/parse/index.js";
import { fastParse, resolvePlain } from "../../src/parse/fast.js";
import { Diagnostics } from "../../src/diagnostics/diagnostic.js";
import type { Path, SourceFile } from "../../src/source.js";
import { HOSTILE_PIECES, hostileText } from "../docs/hostile.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
type Synth = (n: number, o?: { name?: string }) => string;
const synthPlatform = ((await import(path.join(ROOT, "bench", "synth.mjs"))) as { synthPlatform: Synth }).synthPlatform;

const source = (text: string): SourceFile => ({ path: "spec/t/platform.yaml", text });

function full(text: string): { spec: ReturnType<typeof parseSpec>; diags: Diagnostics } {
  const diags = new Diagnostics();
  return { spec: parseSpec(source(text), diags, { fast: false }), diags };
}

/** Every path in the data, each with a missing child (where a field would be added) and an index past the end. */
function probes(data: unknown, limit = Infinity): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, p: Array<string | number>): void => {
    if (out.length >= limit) return;
    out.push(p, [...p, "no-such-key"], [...p, 1e6], [...p, "0"], [...p, 0, "x"]);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...p, k]);
  };
  walk(data, []);
  return out;
}

/** The first difference between the fast and the full path on `text`, or undefined. */
function disagreement(text: string, limit = Infinity): string | undefined {
  const fast = fastParse(text);
  if (!fast) return "the fast path gave up";
  const { spec, diags } = full(text);
  if (diags.items.length > 0 || !spec) return `the full path reports ${diags.items.map((d) => `${d.code} ${d.message}`).join("; ")}`;
  if (!isDeepStrictEqual(fast.data, spec.data)) return `data differ: ${JSON.stringify(fast.data)} vs ${JSON.stringify(spec.data)}`;
  if (JSON.stringify(fast.data) !== JSON.stringify(spec.data)) return "key order differs";
  for (const p of probes(spec.data, limit))
    for (const part of ["key", "value"] as const) {
      const a = fast.locate(p, part);
      const b = spec.locate(p, part);
      if (a.start !== b.start || a.end !== b.end) return `span of ${JSON.stringify(p)} (${part}): fast ${a.start}-${a.end}, yaml ${b.start}-${b.end} ${JSON.stringify(text.slice(b.start, b.end))}`;
    }
  return undefined;
}

// ---- random documents in the subset: data, then printed in varied styles ----

const TRICKY = [
  "", " ", "yes", "no", "on", "off", "y", "n", "0o17", "0o8", "017", "0x1F", "0xg", "1_000", "+1", "-1", "+", "-", ".5", "1.", "1e3", "1E+3", "1e", ".inf", "-.inf", "+.Inf",
  ".nan", ".NaN", "NaN", "Infinity", "~", "null", "Null", "NULL", "nULL", "True", "tRUE", "FALSE", "https://example.com/a?b=c#frag", "a: b", "a #b", "a#b", "- x", "-x",
  "--x", "? x", "?x", ":x", "x:", "x::y", "@x", "`x", "%x", "!x", "&x", "*x", "|", ">", "a'b", 'a"b', "a\\b", "é日本🦄", "kube-system/traefik", "v1.31.4+k3s1",
  "192.168.0.0/16", "1024Gi", "100m", "a,b", "[x]", "{x}", "a]b", "x\ty", "line\nbreak", "\u0085", "\u2028", "---", "...", "--- x", " lead", "trail ", "a  b", "<<",
  "0", "00", "-0", "1.0", "1.50", "0.1e-2", "12:30", "2001-12-14", "x # y", "#x",
];

const keyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("name", "app.kubernetes.io/name", "cpu", "x-1", "a_b", "with space", "spec", "1", "true", "null", "~", "0x1A", "é", "key:x", "a#b", "-k", "<<", "K" ) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 6 }), hostileText) },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e9 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: false, noDefaultInfinity: false }).filter((x) => !Object.is(x, -0)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: "small", withCrossShrink: true },
    { weight: 3, arbitrary: scalarArb },
    { weight: 1, arbitrary: fc.dictionary(keyArb, tie("value"), { maxKeys: 4, noNullPrototype: true }).filter((o) => !Object.prototype.hasOwnProperty.call(o, "__proto__")) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
  ),
}));

const docArb = fc.record({
  data: fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 6, noNullPrototype: true }) },
    { weight: 1, arbitrary: fc.array(valueArb, { minLength: 1, maxLength: 5 }) },
  ),
  style: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

const OUTSIDE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
const isColl = (v: unknown): v is object => v !== null && typeof v === "object";
const isEmptyColl = (v: unknown): boolean => isColl(v) && Object.keys(v).length === 0;

/** A plain scalar that the scanner (and yaml) read back as this very string, in a block context. */
function plainOk(s: string): boolean {
  if (s === "" || s !== s.trim() || OUTSIDE.test(s) || s.includes("\n")) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-[^ ]/.test(s)) return false;
  if (/: |:$| #/.test(s) || s.startsWith("---") || s.startsWith("...")) return false;
  return resolvePlain(s) === s;
}
const flowPlainOk = (s: string): boolean => plainOk(s) && !/[,[\]{}]|:([ ,[\]{}]|$)|#/.test(s);
const keyPlainOk = (s: string): boolean => plainOk(s) && !/[[\]{},"'#]|[ :]$/.test(s) && s !== "__proto__";

/** mulberry32: the printer's choices, from the style number fast-check shrinks. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const COMMENTS = ["# c", "#", "# a: b", "# - x", "# ---", "#'\"[]{}&*!|>", "# é日本", "#  #  #"];

function printDoc(data: unknown, style: number): string {
  const r = prng(style);
  const pick = <T>(xs: readonly T[]): T => xs[r(xs.length)]!;
  const lines: string[] = [];
  const comment = (): string => (r(4) === 0 ? `${" ".repeat(1 + r(3))}${pick(COMMENTS)}` : "");
  const emit = (line: string): void => {
    if (r(8) === 0) lines.push(r(2) ? "" : " ".repeat(r(6)));
    if (r(10) === 0) lines.push(" ".repeat(r(8)) + pick(COMMENTS));
    lines.push(line);
  };

  const doubleQuoted = (s: string): string => {
    const u = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    let out = "";
    for (const c of s) {
      // JSON's escapes, \u for what JSON leaves raw but the scanner does not read (C1 controls, separators),
      // and at times yaml's own: \x, \u, `\/` and `\ `
      if (c === '"' || c === "\\" || c < " ") out += JSON.stringify(c).slice(1, -1);
      else if (/[\x7f-\x9f\u2028\u2029\ufeff]/.test(c)) out += u(c);
      else if (/[A-Za-z]/.test(c) && r(6) === 0) out += r(2) ? `\\x${c.charCodeAt(0).toString(16)}` : u(c);
      else if ((c === "/" || c === " ") && r(3) === 0) out += `\\${c}`;
      else out += c;
    }
    return `"${out}"`;
  };
  const str = (s: string, plain: (s: string) => boolean): string => {
    if (plain(s) && r(4) !== 0) return s;
    if (!OUTSIDE.test(s) && !s.includes("\n") && r(2)) return `'${s.replace(/'/g, "''")}'`;
    return doubleQuoted(s);
  };
  const num = (x: number): string => {
    if (Number.isNaN(x)) return pick([".nan", ".NaN", ".NAN"]);
    if (x === Infinity) return pick([".inf", ".Inf", ".INF", "+.inf"]);
    if (x === -Infinity) return pick(["-.inf", "-.Inf", "-.INF"]);
    if (Number.isInteger(x) && x >= 0 && x <= 2 ** 40) {
      const k = r(5);
      if (k === 0) return `0x${x.toString(16)}`;
      if (k === 1) return `0o${x.toString(8)}`;
      if (k === 2) return `+${x}`;
    }
    if (Number.isInteger(x) && Math.abs(x) < 1e15 && r(4) === 0) return `${x}.0`;
    return String(x);
  };
  const scalar = (v: unknown, flow: boolean): string => {
    if (v === null) return pick(["null", "Null", "NULL", "~"]);
    if (v === true) return pick(["true", "True", "TRUE"]);
    if (v === false) return pick(["false", "False", "FALSE"]);
    if (typeof v === "number") return num(v);
    return str(v as string, flow ? flowPlainOk : plainOk);
  };
  const key = (k: string, flow: boolean): string => str(k, flow ? (s) => flowPlainOk(s) && keyPlainOk(s) : keyPlainOk);
  const flow = (v: unknown): string => {
    if (!isColl(v)) return scalar(v, true);
    const sp = r(2) ? " " : "";
    if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${sp}${v.map(flow).join(", ")}${sp}]`;
    const entries = Object.entries(v);
    return entries.length === 0 ? "{}" : `{${sp}${entries.map(([k, x]) => `${key(k, true)}: ${flow(x)}`).join(", ")}${sp}}`;
  };
  const inline = (v: unknown): boolean => !isColl(v) || isEmptyColl(v) || r(4) === 0;

  /** A block collection at column `col`; `head` is what precedes its first line's content (a key or dashes). */
  const block = (v: object, col: number, head: string): void => {
    const pad = " ".repeat(col);
    const items: Array<[string | undefined, unknown]> = Array.isArray(v) ? v.map((x) => [undefined, x]) : Object.entries(v);
    items.forEach(([k, x], i) => {
      const lead = i === 0 ? head : pad;
      const first = k === undefined ? "-" : `${key(k, false)}:`;
      if (inline(x)) {
        emit(`${lead}${first} ${isColl(x) ? flow(x) : scalar(x, false)}${comment()}`);
        return;
      }
      const c = x as object;
      const step = 1 + r(4);
      if (k === undefined && r(2)) {
        // compact: `- key: v` or `- - v`, the collection at the column after the dash
        const gap = " ".repeat(1 + r(3));
        block(c, col + 1 + gap.length, `${lead}-${gap}`);
        return;
      }
      emit(`${lead}${first}${comment()}`);
      // a sequence under a key may sit at the key's column
      const sameCol = k !== undefined && Array.isArray(c) && r(3) === 0;
      block(c, sameCol ? col : col + step, " ".repeat(sameCol ? col : col + step));
    });
  };

  if (r(3) === 0) lines.push("# yaml-language-server: $schema=../../schema/platform.schema.json");
  if (r(3) === 0) lines.push(r(2) ? "---" : "--- # document");
  block(data as object, 0, "");
  if (r(4) === 0) lines.push(pick(COMMENTS));
  return lines.join("\n") + "\n";
}

describe("fast parse path: documents in the subset", () => {
  it("is taken, and gives yaml's data and every span, on random documents printed in varied styles", () => {
    fc.assert(
      fc.property(docArb, ({ data, style }) => {
        const text = printDoc(data, style);
        const { spec, diags } = full(text);
        // the printer itself is right: yaml reads back the data it printed
        expect(diags.items, text).toEqual([]);
        expect(isDeepStrictEqual(spec!.data, data), text).toBe(true);
        expect(disagreement(text), text).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it("is taken on the five seeds and the test platforms, with the same data and spans", () => {
    const files = [...fs.readdirSync(path.join(ROOT, "spec")).map((d) => path.join(ROOT, "spec", d, "platform.yaml")), ...fs.readdirSync(path.join(ROOT, "test/golden/spec")).map((d) => path.join(ROOT, "test/golden/spec", d, "platform.yaml"))].filter((f) => fs.existsSync(f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(disagreement(fs.readFileSync(f, "utf8")), f).toBeUndefined();
  });

  it("is taken on the benchmark's 10,000-service spec, with the same data and spans", () => {
    const text = synthPlatform(10_000, { name: "bench-10000" });
    expect(disagreement(text, 60_000)).toBeUndefined();
  }, 300_000);
});

// ---- outside the subset: the fast path gives up or agrees, and diagnostics are the full path's ----

/** Diagnostics and data of the default parse (fast path first) and of the full path alone agree exactly. */
function sameOutcome(text: string): void {
  const a = new Diagnostics();
  const b = new Diagnostics();
  const viaDefault = parseSpec(source(text), a);
  const viaFull = parseSpec(source(text), b, { fast: false });
  const show = (d: Diagnostics): unknown => d.items.map((x) => ({ code: x.code, message: x.message, start: x.span?.start, end: x.span?.end, help: x.help }));
  expect(show(a), text).toEqual(show(b));
  expect(viaDefault === undefined, text).toBe(viaFull === undefined);
  if (viaDefault && viaFull) expect(isDeepStrictEqual(viaDefault.data, viaFull.data), text).toBe(true);
  if (fastParse(text)) expect(disagreement(text), text).toBeUndefined();
}

const PIECES = [
  "&a ", "*a", "!!str ", "!x ", "!!merge ", "| ", "|\n", ">-\n", "? ", ": ", "- ", "-", "\t", "\r", "\r\n", "---\n", "...\n", "%YAML 1.2\n", "#", " #", "\"", "'", "[", "]",
  "{", "}", ",", " ", "  ", "\n", "\n  ", "<<: ", "<<: *a\n", "a: &a [1]\n", "\\", "\\x", "\\u12", "\ufeff", "\u0000", "~", ":", "x:\n", "k: v\n", "  - ", "\n- ",
  ...HOSTILE_PIECES,
];

const mutatedArb = fc.record({
  doc: docArb,
  edits: fc.array(fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 3 }), piece: fc.constantFrom(...PIECES), len: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 3 }),
});

function mutate(text: string, edits: Array<{ at: number; kind: number; piece: string; len: number }>): string {
  let t = text;
  for (const e of edits) {
    const at = e.at % (t.length + 1);
    const lineStart = t.lastIndexOf("\n", at - 1) + 1;
    const lineEnd = t.indexOf("\n", at) === -1 ? t.length : t.indexOf("\n", at) + 1;
    if (e.kind === 0) t = t.slice(0, at) + e.piece + t.slice(at);
    else if (e.kind === 1) t = t.slice(0, at) + t.slice(at + e.len);
    // a line twice (duplicate keys) or its indentation shifted
    else if (e.kind === 2) t = t.slice(0, lineEnd) + t.slice(lineStart, lineEnd) + t.slice(lineEnd);
    else t = t.slice(0, lineStart) + " ".repeat(e.len % 3) + t.slice(lineStart + (e.len % 2));
  }
  return t;
}

describe("fast parse path: documents outside the subset", () => {
  it("gives up or agrees on mutated documents, and diagnostics are exactly the full path's", () => {
    fc.assert(
      fc.property(mutatedArb, ({ doc, edits }) => sameOutcome(mutate(printDoc(doc.data, doc.style), edits))),
      { numRuns: 500 },
    );
  });

  it("gives up or agrees on hostile text, alone or as a value", () => {
    fc.assert(
      fc.property(hostileText, fc.string({ maxLength: 30 }), (h, s) => {
        sameOutcome(h);
        sameOutcome(`a: ${h}\n`);
        sameOutcome(`- ${h}\n`);
        sameOutcome(`a: [${h}]\nb: {k: ${s}}\n`);
        sameOutcome(s);
      }),
      { numRuns: 300 },
    );
  });

  const cases: Array<[string, string, string | undefined]> = [
    ["a duplicate key", "a: 1\nb: 2\na: 3\n", "PC0102"],
    ["a duplicate key in a flow mapping", "a: {x: 1, x: 2}\n", "PC0102"],
    ["a duplicate key written two ways", "a: 1\n'a': 2\n", "PC0102"],
    ["an alias bomb", `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(10).fill("*a").join(", ")}]\nc: [${Array(10).fill("*b").join(", ")}]\n`, "PC0103"],
    ["two documents", "a: 1\n---\nb: 2\n", "PC0104"],
    ["an empty document", "# nothing\n", "PC0005"],
    ["a document of only `---`", "---\n", "PC0005"],
    ["a tab in indentation", "a:\n\tb: 1\n", "PC0101"],
    ["a multi-line flow collection left open", "a: [1,\n", "PC0101"],
    // found by the property below (counterexample `b: {k: -}`): yaml reads a lone `-` as a block sequence
    ["a lone `-` in a flow mapping", "b: {k: -}\n", "PC0101"],
    ["a lone `-` in a flow sequence", "b: [a, -]\n", "PC0101"],
    ["an anchor and alias", "a: &x {b: 1}\nc: *x\n", undefined],
    ["a block scalar", "a: |\n  text\n", undefined],
    ["a tag", "a: !!str 1\n", undefined],
    ["an empty value", "a:\nb: 1\n", undefined],
    ["a multi-line plain scalar", "a: one\n  two\n", undefined],
    ["a non-string key", "1: a\ntrue: b\n", undefined],
    ["a `__proto__` key", "__proto__: {a: 1}\n", undefined],
    ["CRLF line ends", "a: 1\r\nb: 2\r\n", undefined],
    ["no newline after the last line", "a: 1\nb: 2", undefined],
    ["a comment glued to a quoted scalar", 'a: "x"#c\n', "PC0101"],
    ["nesting in a compact mapping", "a: b: c\n", "PC0101"],
    ["a key longer than 1024 characters", `${"k".repeat(1100)}: v\n`, "PC0101"],
  ];
  for (const [what, text, code] of cases) {
    it(`gives up on ${what}, and the full path reports ${code ?? "nothing"}`, () => {
      expect(fastParse(text)).toBeUndefined();
      sameOutcome(text);
      const { diags } = full(text);
      if (code) expect(diags.items.map((d) => d.code)).toContain(code);
      else expect(diags.items).toEqual([]);
    });
  }

  it("reads `<<` as the plain key it is in YAML 1.2 (yaml merges only with 1.1 or `merge: true`)", () => {
    const text = "a: 1\n<<: {b: 2}\n";
    expect(disagreement(text)).toBeUndefined();
    expect(fastParse(text)!.data).toEqual({ a: 1, "<<": { b: 2 } });
  });

  it("gives up on nesting deeper than it reads, so the full path's depth limit reports as before", () => {
    const nest = (depth: number, open: string, close: string): string => `a: ${open.repeat(depth - 1)}1${close.repeat(depth - 1)}\n`;
    const block = (depth: number): string => Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}k:`).join("\n") + " 1\n";
    for (const text of [nest(200, "[", "]"), nest(MAX_DEPTH + 10, "[", "]"), block(200), block(MAX_DEPTH + 10)]) {
      expect(fastParse(text)).toBeUndefined();
      sameOutcome(text);
    }
    expect(full(nest(MAX_DEPTH + 10, "[", "]")).diags.items.map((d) => d.code)).toEqual(["PC0105"]);
    expect(full(block(MAX_DEPTH + 10)).diags.items.map((d) => d.code)).toEqual(["PC0105"]);
    // within its own bound the fast path reads deep documents, and agrees
    expect(disagreement(nest(100, "[", "]"))).toBeUndefined();
    expect(disagreement(block(100))).toBeUndefined();
  });
});
