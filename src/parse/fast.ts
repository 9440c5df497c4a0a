// The fast path of phase 1: a scanner for the subset of YAML that specs are written in (block mappings and
// sequences, one-line flow collections, plain and quoted one-line scalars, comments, a leading `---`). yaml's
// parseDocument costs ~1.5 us per byte on large specs; this costs what building the data costs. It must give
// exactly what `yaml` (core schema, YAML 1.2, the options in index.ts) gives, or nothing: whatever it is not
// sure about (anchors, aliases, tags, block scalars, multi-line scalars or flow collections, empty values,
// non-string or duplicate keys, tabs, several documents...) makes it give up, and the full yaml path runs and
// reports as it always did. Spans come from a position table recorded while scanning, in yaml's offsets,
// because every build locates something (checks compute spans of defaulted fields eagerly).
import type { Path } from "../source.js";

type Range = { start: number; end: number };

/**
 * Positions of a collection: its span (what index.ts's `rangeSpan` gives for yaml's node) and where its
 * entries are in the table. A mapping has 4 numbers per entry in `Table.pos` (key start, key end, value start,
 * value end) and its keys in `Table.keys`; a sequence 2 per item. `kids`: where the collections under its
 * values are in `Table.kids` (null for scalars), or -1 when it holds none.
 */
interface PosNode {
  seq: boolean;
  start: number;
  end: number;
  n: number;
  pos: number;
  keys: number;
  kids: number;
  index?: Map<string, number>;
}

/** The entries of all collections, in shared arrays: one array per collection would outweigh the data. */
interface Table {
  pos: Int32Array;
  keys: string[];
  kids: Array<PosNode | null>;
}

export interface FastParse {
  data: unknown;
  locate(path: Path, part: "key" | "value"): Range;
}

/**
 * Collections nested deeper than this make the scanner give up, so that the full path's depth scan (limit
 * MAX_DEPTH, 256) reports it; half of that keeps any difference in how the two count far from the limit.
 */
const FAST_MAX_DEPTH = 128;

/** yaml refuses implicit keys whose `:` is more than 1024 characters after their start (strict mode). */
const MAX_KEY_LENGTH = 1000;

/** Thrown (never out of this module) when the text is outside the subset. */
const GIVE_UP = Symbol("give up");

// Characters that make the scanner give up wherever they are: tabs (significant in indentation, and yaml is
// picky about them elsewhere), CR (line-break handling), other C0/C1 controls, NEL and the Unicode line and
// paragraph separators (line breaks in YAML 1.1), and a BOM inside the text.
const OUTSIDE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

const SP = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const BACKSLASH = 92;

/** The data and the locator of `text`, or undefined when the text is outside the subset. */
export function fastParse(text: string): FastParse | undefined {
  if (OUTSIDE.test(text)) return undefined;
  try {
    const scanner = new Scanner(text);
    const { data, root } = scanner.document();
    const table: Table = { pos: scanner.F, keys: scanner.FS, kids: scanner.FK };
    return { data, locate: (path, part) => locateIn(table, root, path, part) };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/** Mirrors index.ts's `locateIn` over yaml's document, on the position table. */
function locateIn(table: Table, root: PosNode, path: Path, part: "key" | "value"): Range {
  const { pos, kids } = table;
  let node: PosNode | null = root;
  let start = root.start;
  let end = root.end;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (node === null) break;
    const last = i === path.length - 1;
    let at: number;
    if (!node.seq) {
      at = indexOfKey(table, node, String(seg));
      if (at < 0) break;
      const o = node.pos + at * 4;
      if (last && part === "key") return { start: pos[o]!, end: pos[o + 1]! };
      start = pos[o + 2]!;
      end = pos[o + 3]!;
    } else if (typeof seg === "number") {
      if (!Number.isInteger(seg) || seg < 0 || seg >= node.n) break;
      at = seg;
      start = pos[node.pos + at * 2]!;
      end = pos[node.pos + at * 2 + 1]!;
    } else break;
    node = node.kids < 0 ? null : kids[node.kids + at]!;
  }
  return { start, end };
}

function indexOfKey(table: Table, map: PosNode, key: string): number {
  const { keys } = table;
  if (map.n <= 16) {
    for (let i = 0; i < map.n; i++) if (keys[map.keys + i] === key) return i;
    return -1;
  }
  if (!map.index) {
    map.index = new Map();
    for (let i = map.n - 1; i >= 0; i--) map.index.set(keys[map.keys + i]!, i);
  }
  return map.index.get(key) ?? -1;
}

// Scalar resolution of yaml's core schema (yaml/dist/schema/core, common/null), in yaml's order.
const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** What yaml's core schema makes of a plain scalar. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these first characters can start a null, bool or number: skip the regexes for every other string.
  const maybe = c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 43 || c === DASH || c === 46 || (c >= 48 && c <= 57);
  if (!maybe) return s;
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return c === 116 || c === 84;
  if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (NAN_RE.test(s)) return s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === RBRACKET || c === RBRACE || c === LBRACKET || c === LBRACE;
}

/** yaml's double-quoted escapes (compose/resolve-flow-scalar.js) that a one-line string can hold. */
const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};
const HEX_DIGITS = /^[0-9a-fA-F]+$/;

/** A plain scalar may not start with these (YAML 1.2 c-indicator), bar `-` before a non-space. */
function badPlainStart(c: number): boolean {
  // ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 63 || c === COLON || c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || c === HASH || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === SQUOTE || c === DQUOTE || c === 37 || c === 64 || c === 96;
}

/** A stack that keeps its array when popped, since shrinking an array's length reallocates it. */
class Stack<T> {
  readonly items: T[] = [];
  top = 0;
  push(x: T): void {
    this.items[this.top++] = x;
  }
  push2(x: T, y: T): void {
    this.items[this.top++] = x;
    this.items[this.top++] = y;
  }
}

class Scanner {
  private readonly t: string;
  private readonly n: number;
  /** The current content line: its start offset and indentation, or -1 at the end of the text. */
  private ls = 0;
  private ind = -1;
  // The last scalar's value and end offset, returned through fields to spare an allocation per scalar.
  private str = "";
  private end = 0;
  private depth = 0;
  /** The positions of the last value read, if it was a collection. */
  private node: PosNode | null = null;
  // Stacks the collections being read push their entries on; a collection pops its own when it ends, into
  // arrays of their size (growing arrays per collection cost more memory than the data).
  private readonly P = new Stack<number>();
  private readonly K = new Stack<PosNode | null>();
  private readonly S = new Stack<string>();
  private readonly V = new Stack<unknown>();
  /** The table the collections move their entries to when they end. */
  F = new Int32Array(1024);
  private fTop = 0;
  readonly FS: string[] = [];
  readonly FK: Array<PosNode | null> = [];

  constructor(text: string) {
    this.t = text;
    this.n = text.length;
  }

  document(): { data: unknown; root: PosNode } {
    const { t, n } = this;
    // A last line without its newline, if it holds content, would change where yaml ends collections.
    const lastNl = t.lastIndexOf("\n");
    const tail = t.slice(lastNl + 1).trimStart();
    if (tail !== "" && tail[0] !== "#") throw GIVE_UP;
    // Comments and blank lines, then at most one `---` (with nothing after it but a comment).
    let p = 0;
    for (;;) {
      let j = p;
      while (t.charCodeAt(j) === SP) j++;
      const c = t.charCodeAt(j);
      if (j >= n) break;
      if (c === NL || c === HASH) {
        p = this.lineEnd(j) + 1;
        continue;
      }
      if (j === p && t.startsWith("---", j) && this.isBreakOrSpace(j + 3)) {
        let q = j + 3;
        while (t.charCodeAt(q) === SP) q++;
        if (q < n && t.charCodeAt(q) !== NL && !(t.charCodeAt(q) === HASH && q > j + 3)) throw GIVE_UP;
        p = this.lineEnd(q) + 1;
      }
      break;
    }
    this.nextContent(Math.min(p, n));
    if (this.ind !== 0) throw GIVE_UP;
    const data = this.blockNode(0);
    if ((this.ind as number) !== -1) throw GIVE_UP;
    return { data, root: this.node! };
  }

  private lineEnd(p: number): number {
    const e = this.t.indexOf("\n", p);
    return e === -1 ? this.n : e;
  }

  private isBreakOrSpace(p: number): boolean {
    if (p >= this.n) return true;
    const c = this.t.charCodeAt(p);
    return c === SP || c === NL;
  }

  /** Moves to the first line at or after the line starting at `p` that holds content. */
  private nextContent(p: number): void {
    const { t, n } = this;
    for (;;) {
      if (p >= n) {
        this.ls = n;
        this.ind = -1;
        return;
      }
      let j = p;
      while (t.charCodeAt(j) === SP) j++;
      if (j >= n) {
        this.ls = n;
        this.ind = -1;
        return;
      }
      const c = t.charCodeAt(j);
      if (c === NL) {
        p = j + 1;
        continue;
      }
      if (c === HASH) {
        p = this.lineEnd(j) + 1;
        continue;
      }
      // A document marker or a directive at column 0: another document, or something the subset lacks.
      if (j === p && ((c === DASH && t.startsWith("---", j)) || (c === 46 && t.startsWith("...", j))) && this.isBreakOrSpace(j + 3)) throw GIVE_UP;
      this.ls = p;
      this.ind = j - p;
      return;
    }
  }

  /** After a value ending at `p`: only spaces and a comment may follow on its line. */
  private endLine(p: number): void {
    const { t, n } = this;
    let q = p;
    while (t.charCodeAt(q) === SP) q++;
    if (q >= n) return this.nextContent(n);
    const c = t.charCodeAt(q);
    if (c === NL) return this.nextContent(q + 1);
    if (c === HASH && q > p) return this.nextContent(this.lineEnd(q) + 1);
    throw GIVE_UP;
  }

  private isSeqIndicator(p: number): boolean {
    return this.t.charCodeAt(p) === DASH && this.isBreakOrSpace(p + 1);
  }

  private enter(): void {
    if (++this.depth > FAST_MAX_DEPTH) throw GIVE_UP;
  }

  /** A block collection whose first line is the current line, at indentation `ind`. */
  private blockNode(ind: number): unknown {
    const p = this.ls + ind;
    return this.isSeqIndicator(p) ? this.blockSeq(ind, p) : this.blockMap(ind, p);
  }

  /**
   * The key at `p` if the line has one there: sets `str` (the key) and `end` (its end) and returns the offset
   * after its `:`; -1 if what is at `p` is no key. Gives up on keys outside the subset.
   */
  private key(p: number): number {
    const { t, n } = this;
    const c = t.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const q = c === DQUOTE ? this.doubleQuoted(p) : this.singleQuoted(p);
      if (t.charCodeAt(q) !== COLON || !this.isBreakOrSpace(q + 1)) return -1;
      if (q - p > MAX_KEY_LENGTH) throw GIVE_UP;
      this.end = q;
      return q + 1;
    }
    let j = p;
    for (; j < n; j++) {
      const d = t.charCodeAt(j);
      if (d === NL) return -1;
      if (d === COLON && this.isBreakOrSpace(j + 1)) break;
      if (d === HASH && t.charCodeAt(j - 1) === SP) return -1;
    }
    if (j >= n) return -1;
    if (j - p > MAX_KEY_LENGTH) throw GIVE_UP;
    const k = t.slice(p, j);
    if (badPlainStart(c) || (c === DASH && this.isBreakOrSpace(p + 1))) throw GIVE_UP;
    // Flow indicators, quotes and `#` inside a key, a key ending in space or `:`: legal at times, never in specs.
    if (/[[\]{},"'#]|[ :]$/.test(k)) throw GIVE_UP;
    const v = resolvePlain(k);
    if (typeof v !== "string") throw GIVE_UP;
    this.str = k;
    this.end = j;
    return j + 1;
  }

  /** Moves what a collection pushed on `stack` since `base` to the end of `to`; returns where it starts. */
  private move<T>(stack: Stack<T>, base: number, to: T[]): number {
    const at = to.length;
    const { items } = stack;
    for (let i = base; i < stack.top; i++) to.push(items[i]!);
    stack.top = base;
    return at;
  }

  private movePos(base: number): number {
    const { P } = this;
    const len = P.top - base;
    if (this.fTop + len > this.F.length) {
      const grown = new Int32Array(Math.max(this.F.length * 2, this.fTop + len));
      grown.set(this.F.subarray(0, this.fTop));
      this.F = grown;
    }
    const at = this.fTop;
    const { items } = P;
    for (let i = 0; i < len; i++) this.F[at + i] = items[base + i]!;
    this.fTop += len;
    P.top = base;
    return at;
  }

  /** Where the kids of a collection start in the table, or -1 when it has none (most mappings of scalars). */
  private moveKids(base: number, any: boolean): number {
    if (any) return this.move(this.K, base, this.FK);
    this.K.top = base;
    return -1;
  }

  private blockMap(ind: number, first: number): Record<string, unknown> {
    this.enter();
    const { t, P, K, S } = this;
    const pBase = P.top;
    const kBase = K.top;
    const sBase = S.top;
    let anyKid = false;
    const obj: Record<string, unknown> = {};
    let p = first;
    for (;;) {
      const after = this.key(p);
      if (after < 0) throw GIVE_UP;
      const k = this.str;
      if (k === "__proto__" || Object.prototype.hasOwnProperty.call(obj, k)) throw GIVE_UP;
      S.push(k);
      P.push2(p, this.end);
      let q = after;
      while (t.charCodeAt(q) === SP) q++;
      const c = t.charCodeAt(q);
      if (q >= this.n || c === NL || c === HASH) {
        // The value is on the lines below: a collection indented further, or a sequence at the key's column.
        this.nextContent(c === HASH ? this.lineEnd(q) + 1 : q + 1);
        if (this.ind > ind) obj[k] = this.blockNode(this.ind);
        else if (this.ind === ind && this.isSeqIndicator(this.ls + ind)) obj[k] = this.blockSeq(ind, this.ls + ind);
        else throw GIVE_UP; // an empty value (null): yaml places it by rules not worth copying
      } else {
        if (c === DASH && this.isSeqIndicator(q)) throw GIVE_UP;
        obj[k] = this.inline(q);
      }
      const kid = this.node;
      if (kid) {
        P.push2(kid.start, kid.end);
        anyKid = true;
      } else P.push2(q, this.end);
      K.push(kid);
      if (this.ind !== ind) break;
      p = this.ls + ind;
      if (this.isSeqIndicator(p)) throw GIVE_UP;
    }
    if (this.ind > ind) throw GIVE_UP;
    this.depth--;
    const n = S.top - sBase;
    const pos = this.movePos(pBase);
    const keys = this.move(S, sBase, this.FS);
    this.node = { seq: false, start: first, end: this.lineEnd(first), n, pos, keys, kids: this.moveKids(kBase, anyKid) };
    return obj;
  }

  private blockSeq(ind: number, first: number): unknown[] {
    this.enter();
    const { t, P, K, V } = this;
    const pBase = P.top;
    const kBase = K.top;
    const vBase = V.top;
    let anyKid = false;
    let p = first;
    for (;;) {
      let q = p + 1;
      while (t.charCodeAt(q) === SP) q++;
      const c = t.charCodeAt(q);
      if (q >= this.n || c === NL || c === HASH) {
        this.nextContent(c === HASH ? this.lineEnd(q) + 1 : q + 1);
        if (this.ind <= ind) throw GIVE_UP; // an empty item
        V.push(this.blockNode(this.ind));
      } else {
        const col = q - this.ls;
        if (this.isSeqIndicator(q)) V.push(this.blockSeq(col, q));
        else if (c !== LBRACKET && c !== LBRACE && this.key(q) >= 0) V.push(this.blockMap(col, q));
        else V.push(this.inline(q));
      }
      const kid = this.node;
      if (kid) {
        P.push2(kid.start, kid.end);
        anyKid = true;
      } else P.push2(q, this.end);
      K.push(kid);
      if (this.ind !== ind) break;
      p = this.ls + ind;
      if (!this.isSeqIndicator(p)) break; // a mapping's next key, when this sequence sits at its keys' column
    }
    if (this.ind > ind) throw GIVE_UP;
    this.depth--;
    const arr = V.items.slice(vBase, V.top);
    V.top = vBase;
    const pos = this.movePos(pBase);
    this.node = { seq: true, start: first, end: this.lineEnd(first), n: arr.length, pos, keys: -1, kids: this.moveKids(kBase, anyKid) };
    return arr;
  }

  /**
   * A value that starts at `p` on the current line and ends it (a scalar or a flow collection); sets `end`
   * to where its span ends and `node` to its positions (null for a scalar), and moves to the next content line.
   */
  private inline(p: number): unknown {
    const { t, n } = this;
    const c = t.charCodeAt(p);
    let v: unknown;
    if (c === LBRACKET || c === LBRACE) {
      v = this.flow(p);
    } else if (c === DQUOTE || c === SQUOTE) {
      this.end = c === DQUOTE ? this.doubleQuoted(p) : this.singleQuoted(p);
      this.node = null;
      v = this.str;
    } else {
      if (badPlainStart(c)) throw GIVE_UP;
      let j = p;
      let last = p; // one past the last non-space character
      for (; j < n; j++) {
        const d = t.charCodeAt(j);
        if (d === NL) break;
        if (d === SP) continue;
        if (d === HASH && t.charCodeAt(j - 1) === SP) break;
        // `: ` in a value is a nested mapping, which yaml refuses on one line
        if (d === COLON && this.isBreakOrSpace(j + 1)) throw GIVE_UP;
        last = j + 1;
      }
      this.end = last;
      this.node = null;
      v = resolvePlain(t.slice(p, last));
    }
    const end = this.end;
    this.endLine(end);
    this.end = end;
    return v;
  }

  /** A flow collection, on one line, starting at `p`; sets `end` past its closing bracket, and `node`. */
  private flow(p: number): unknown {
    this.enter();
    const { t, P, K, S, V } = this;
    const pBase = P.top;
    const kBase = K.top;
    const sBase = S.top;
    const vBase = V.top;
    let anyKid = false;
    const isSeq = t.charCodeAt(p) === LBRACKET;
    const close = isSeq ? RBRACKET : RBRACE;
    const obj: Record<string, unknown> = {};
    let q = p + 1;
    while (t.charCodeAt(q) === SP) q++;
    if (t.charCodeAt(q) !== close) {
      for (;;) {
        if (!isSeq) {
          // key: a quoted scalar or a plain one, then `: `
          const c = t.charCodeAt(q);
          let ke: number;
          if (c === DQUOTE || c === SQUOTE) {
            ke = c === DQUOTE ? this.doubleQuoted(q) : this.singleQuoted(q);
          } else {
            ke = this.flowPlainEnd(q, true);
            const k = t.slice(q, ke);
            if (typeof resolvePlain(k) !== "string") throw GIVE_UP;
            this.str = k;
          }
          if (t.charCodeAt(ke) !== COLON || t.charCodeAt(ke + 1) !== SP) throw GIVE_UP;
          const k = this.str;
          if (k === "__proto__" || Object.prototype.hasOwnProperty.call(obj, k)) throw GIVE_UP;
          S.push(k);
          P.push2(q, ke);
          q = ke + 1;
          while (t.charCodeAt(q) === SP) q++;
          obj[k] = this.flowItem(q);
        } else {
          V.push(this.flowItem(q));
        }
        P.push2(q, this.end);
        K.push(this.node);
        if (this.node) anyKid = true;
        q = this.end;
        while (t.charCodeAt(q) === SP) q++;
        const d = t.charCodeAt(q);
        if (d === COMMA) {
          q++;
          while (t.charCodeAt(q) === SP) q++;
          if (t.charCodeAt(q) === close) throw GIVE_UP; // a trailing comma
          continue;
        }
        if (d === close) break;
        throw GIVE_UP; // a newline, a comment or anything else inside the brackets
      }
    }
    this.end = q + 1;
    this.depth--;
    const pos = this.movePos(pBase);
    const kids = this.moveKids(kBase, anyKid);
    if (isSeq) {
      const arr = V.items.slice(vBase, V.top);
      V.top = vBase;
      this.node = { seq: true, start: p, end: q + 1, n: arr.length, pos, keys: -1, kids };
      return arr;
    }
    const n = S.top - sBase;
    this.node = { seq: false, start: p, end: q + 1, n, pos, keys: this.move(S, sBase, this.FS), kids };
    return obj;
  }

  /** A scalar or a nested flow collection inside a flow collection; sets `end` and `node`. */
  private flowItem(p: number): unknown {
    const c = this.t.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) return this.flow(p);
    this.node = null;
    if (c === DQUOTE) {
      this.end = this.doubleQuoted(p);
      return this.str;
    }
    if (c === SQUOTE) {
      this.end = this.singleQuoted(p);
      return this.str;
    }
    const e = this.flowPlainEnd(p);
    this.end = e;
    return resolvePlain(this.t.slice(p, e));
  }

  /**
   * End of a plain scalar in a flow collection (trailing spaces excluded); gives up where a `:` or `#` in it
   * would mean anything but a character of the scalar, bar the `: ` that ends a key.
   */
  private flowPlainEnd(p: number, isKey = false): number {
    const { t, n } = this;
    const c = t.charCodeAt(p);
    // a lone `-` (before a space, the line's end or a flow indicator) is a block sequence to yaml, an error in a flow
    if (badPlainStart(c) || (c === DASH && (this.isBreakOrSpace(p + 1) || isFlowIndicator(t.charCodeAt(p + 1)))) || p >= n) throw GIVE_UP;
    let last = p;
    for (let j = p; j < n; j++) {
      const d = t.charCodeAt(j);
      if (d === COMMA || d === RBRACKET || d === RBRACE || d === LBRACKET || d === LBRACE || d === NL) break;
      if (d === COLON) {
        const e = t.charCodeAt(j + 1);
        if (e === COMMA || e === RBRACKET || e === RBRACE || e === LBRACKET || e === LBRACE) throw GIVE_UP;
        // `: ` ends a key, and in a value would make an implicit pair; `:x` (a URL) belongs to the scalar
        if (this.isBreakOrSpace(j + 1)) {
          if (isKey) break;
          throw GIVE_UP;
        }
      }
      // a comment inside brackets: the collection goes on on another line
      if (d === HASH && t.charCodeAt(j - 1) === SP) throw GIVE_UP;
      if (d !== SP) last = j + 1;
    }
    return last;
  }

  /** A one-line double-quoted scalar at `p`: sets `str` and returns the offset after its closing quote. */
  private doubleQuoted(p: number): number {
    const { t, n } = this;
    let out = "";
    let from = p + 1;
    let j = from;
    for (; j < n; j++) {
      const d = t.charCodeAt(j);
      if (d === DQUOTE) break;
      if (d === NL) throw GIVE_UP;
      if (d === BACKSLASH) {
        out += t.slice(from, j);
        const e = t[j + 1];
        if (e === undefined) throw GIVE_UP;
        const simple = ESCAPES[e];
        if (simple !== undefined) {
          out += simple;
          j += 1;
        } else {
          const len = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
          const hex = t.substr(j + 2, len);
          if (len === 0 || hex.length !== len || !HEX_DIGITS.test(hex)) throw GIVE_UP;
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) throw GIVE_UP;
          out += String.fromCodePoint(code);
          j += 1 + len;
        }
        from = j + 1;
      }
    }
    if (j >= n) throw GIVE_UP;
    this.str = out + t.slice(from, j);
    return j + 1;
  }

  /** A one-line single-quoted scalar at `p`: sets `str` and returns the offset after its closing quote. */
  private singleQuoted(p: number): number {
    const { t, n } = this;
    let out = "";
    let from = p + 1;
    let j = from;
    for (; j < n; j++) {
      const d = t.charCodeAt(j);
      if (d === NL) throw GIVE_UP;
      if (d === SQUOTE) {
        if (t.charCodeAt(j + 1) !== SQUOTE) break;
        out += t.slice(from, j + 1);
        j++;
        from = j + 1;
      }
    }
    if (j >= n) throw GIVE_UP;
    this.str = out + t.slice(from, j);
    return j + 1;
  }
}
