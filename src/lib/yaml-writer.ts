/**
 * Fast YAML emitter for plain data (objects, arrays, strings, finite numbers,
 * booleans, null).
 *
 * The `yaml` package's Document model dominated manifest generation time, and
 * nothing we emit needs anchors, tags, comments inside documents or flow
 * style, so this writes text straight into one string.
 *
 * Layout matches `YAML.stringify` defaults (2-space indent, sequences indented
 * under their key, compact `- key: v` sequence items, inline `{}`/`[]`) so
 * diffs against earlier output stay readable.
 *
 * Scalars are written so that YAML 1.2 (core schema) and YAML 1.1 readers
 * (Go yaml.v2 as used by kubectl and Helm, PyYAML) all read the same value
 * back: a string is left unquoted only when neither spec's resolver could take
 * it for a null, boolean, number, timestamp, merge key or value key.
 */

export function toYaml(value: unknown): string {
  out = "";
  depth = 0;
  try {
    writeRoot(value);
    return flat(out);
  } finally {
    // Don't pin a large document in module state until the next call.
    out = "";
  }
}

/**
 * Several documents separated by `---` lines. `header` becomes a comment block
 * at the very top (once, not per document); with no documents the result is
 * just the header, or "" without one.
 */
export function toYamlStream(docs: readonly unknown[], header?: string): string {
  let text = header === undefined || header === "" ? "" : commentBlock(header);
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) text += "---\n";
    text += toYaml(docs[i]);
  }
  return flat(text);
}

/**
 * The same string, stored flat. Strings built by += are ropes in V8, one heap object per piece; generators
 * keep thousands of files until emit, and every garbage collection then walks millions of pieces (at 10,000
 * services that tripled the Kubernetes generator's time). Matching a regular expression flattens its
 * subject in place, so every document leaves here flat.
 */
export function flat(text: string): string {
  /$/.test(text);
  return text;
}

// ---------------------------------------------------------------------------
// Emitter state. Module-level rather than an object threaded through every call
// because the recursion is hot; emission is synchronous and never calls user
// code, so it cannot be re-entered.

let out = "";
let depth = 0;

// Beyond this, the input is almost certainly circular; fail with a TypeError
// instead of a RangeError from deep inside the recursion.
const MAX_DEPTH = 1000;

const pads: string[] = [""];
function pad(n: number): string {
  let p = pads[n];
  if (p === undefined) {
    for (let i = pads.length; i <= n; i++) pads[i] = " ".repeat(i);
    p = pads[n] as string;
  }
  return p;
}

function writeRoot(value: unknown): void {
  if (value !== null && typeof value === "object") {
    if (Array.isArray(value)) {
      if (value.length === 0) out += "[]\n";
      else writeSeq(value, 0, false);
    } else {
      const obj = checkPlainObject(value);
      const keys = Object.keys(obj);
      const start = firstDefined(obj, keys);
      if (start < 0) out += "{}\n";
      else writeMap(obj, keys, start, 0, false);
    }
    return;
  }
  // Root block-scalar content is indented even though column 0 would be legal:
  // a content line "---" or "..." at column 0 would end the document.
  writeScalarLine(value, 2);
}

/**
 * Writes the entries of a non-empty mapping at column `indent`. With `inline`
 * the caller has already positioned the cursor for the first entry (after
 * "- "), giving the compact sequence-of-mappings form.
 */
function writeMap(obj: Record<string, unknown>, keys: string[], start: number, indent: number, inline: boolean): void {
  if (++depth > MAX_DEPTH) throw tooDeep();
  const p = pad(indent);
  let first = inline;
  for (let i = start; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = obj[k];
    if (v === undefined) continue;
    if (first) first = false;
    else out += p;
    writeKey(k, p);
    writeEntryValue(v, indent);
  }
  depth--;
}

/** Writes the items of a non-empty sequence at column `indent`; `inline` as for writeMap. */
function writeSeq(arr: readonly unknown[], indent: number, inline: boolean): void {
  if (++depth > MAX_DEPTH) throw tooDeep();
  const p = pad(indent);
  for (let i = 0; i < arr.length; i++) {
    if (i > 0 || !inline) out += p;
    const v = arr[i];
    if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) {
        if (v.length === 0) out += "- []\n";
        else {
          out += "- ";
          writeSeq(v, indent + 2, true);
        }
      } else {
        const obj = checkPlainObject(v);
        const keys = Object.keys(obj);
        const start = firstDefined(obj, keys);
        if (start < 0) out += "- {}\n";
        else {
          out += "- ";
          writeMap(obj, keys, start, indent + 2, true);
        }
      }
    } else {
      out += "- ";
      writeScalarLine(v, indent + 2);
    }
  }
  depth--;
}

/** Cursor is just after a key written at column `indent`; writes ":" and the value. */
function writeEntryValue(v: unknown, indent: number): void {
  if (v !== null && typeof v === "object") {
    if (Array.isArray(v)) {
      if (v.length === 0) out += ": []\n";
      else {
        out += ":\n";
        writeSeq(v, indent + 2, false);
      }
    } else {
      const obj = checkPlainObject(v);
      const keys = Object.keys(obj);
      const start = firstDefined(obj, keys);
      if (start < 0) out += ": {}\n";
      else {
        out += ":\n";
        writeMap(obj, keys, start, indent + 2, false);
      }
    }
    return;
  }
  out += ": ";
  writeScalarLine(v, indent + 2);
}

/**
 * Writes a scalar and its line break. Multi-line strings may become literal
 * block scalars whose content lines sit at column `blockIndent`.
 */
function writeScalarLine(v: unknown, blockIndent: number): void {
  switch (typeof v) {
    case "string":
      if (v.includes("\n") && canBeLiteralBlock(v)) writeLiteralBlock(v, blockIndent);
      else out += scalarString(v) + "\n";
      return;
    case "number":
      out += formatNumber(v) + "\n";
      return;
    case "boolean":
      out += v ? "true\n" : "false\n";
      return;
    case "undefined":
      // Only reachable for array items and the root (object entries holding
      // undefined are skipped); JSON.stringify writes null there too.
      out += "null\n";
      return;
    case "object":
      if (v === null) {
        out += "null\n";
        return;
      }
      break;
  }
  throw new TypeError(`toYaml: cannot serialize a value of type ${typeof v}`);
}

// YAML limits implicit keys to 1024 characters; longer ones need the explicit
// "? key" form. The margin keeps us clear of code-point vs UTF-16 counting.
const MAX_IMPLICIT_KEY = 1000;

function writeKey(k: string, p: string): void {
  const s = scalarString(k);
  if (s.length <= MAX_IMPLICIT_KEY) out += s;
  else out += "? " + s + "\n" + p;
}

function firstDefined(obj: Record<string, unknown>, keys: string[]): number {
  for (let i = 0; i < keys.length; i++) if (obj[keys[i] as string] !== undefined) return i;
  return -1;
}

function checkPlainObject(v: object): Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  // Dates, Maps, class instances etc. would otherwise turn silently into `{}`
  // or a bag of internals; plain data only.
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(
      `toYaml: cannot serialize ${Object.prototype.toString.call(v)} (plain objects and arrays only)`,
    );
  }
  return v as Record<string, unknown>;
}

function tooDeep(): TypeError {
  return new TypeError(`toYaml: value is circular or nested deeper than ${MAX_DEPTH} levels`);
}

// ---------------------------------------------------------------------------
// Numbers

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`toYaml: cannot serialize non-finite number ${n}`);
  const s = String(n); // String(-0) === "0"
  // YAML 1.1 floats need a dot ("1e+21" is a string to PyYAML and the 1.1
  // spec); JS always signs the exponent, which 1.1 also requires.
  if (s.includes("e") && !s.includes(".")) {
    const e = s.indexOf("e");
    return s.slice(0, e) + ".0" + s.slice(e);
  }
  return s;
}

// ---------------------------------------------------------------------------
// Strings

// Letters-first identifiers, paths, images and URLs-without-spaces: the bulk of
// manifest strings. Such a string can only be ambiguous if it is one of the
// RESERVED_WORD forms, so the general checks are skipped.
const FAST_PLAIN = /^[A-Za-z][\w./:-]*$/;

// Null and boolean spellings of either version, in any case (1.1 parsers differ
// on case handling, so be safe); infinity/NaN words with optional sign and dot;
// and exponent-only floats like "e7", which the `yaml` package's 1.1 schema
// reads as a (NaN) float.
const RESERVED_WORD = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?\.?(?:inf|infinity|nan)|[-+]?e[-+]?[0-9]+)$/i;

// Superset of every number and timestamp form in YAML 1.1, YAML 1.2 core and
// Go yaml.v2: starts with a digit or dot (after an optional sign) and uses only
// digits, hex letters, radix/exponent/timestamp letters, `_ . : + -` and space.
// Over-matches harmlessly ("1.2.3", "1d" get quoted); "512Mi", "100m", "30s"
// stay plain.
const NUMBER_LIKE = /^[-+]?[0-9.][0-9a-fA-F_.:+\-xXoOtTzZpP ]*$/;

// A plain scalar may not start with an indicator or whitespace. `<` and `=`
// are not YAML indicators but "<<" is the 1.1 merge key and "=" the 1.1 value
// key (PyYAML refuses to construct it). "..." at column 0 (root scalars, root
// keys) ends the document when followed by a space; "---" is covered by "-".
const BAD_FIRST = /^(?:[\s\-?:,[\]{}#&*!|>'"%@`<=]|\.\.\.)/;

// Characters that force quoting anywhere: C0/C1 controls and DEL (tab included
// since "\t#" starts a comment), line separators of YAML 1.1 (NEL, LS, PS),
// BOM, non-characters and unpaired surrogates.
const BAD_CHAR =
  /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Characters JSON.stringify leaves raw but YAML forbids raw or (1.1) treats as line breaks. */
const JSON_RAW_BUT_NOT_YAML = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

function needsQuotes(s: string): boolean {
  if (FAST_PLAIN.test(s)) return RESERVED_WORD.test(s) || s.endsWith(":");
  return (
    s === "" ||
    BAD_FIRST.test(s) ||
    /\s$/.test(s) ||
    BAD_CHAR.test(s) ||
    s.includes(": ") ||
    s.includes(" #") ||
    s.endsWith(":") ||
    RESERVED_WORD.test(s) ||
    NUMBER_LIKE.test(s)
  );
}

function doubleQuoted(s: string): string {
  // JSON escapes (\" \\ \b \f \n \r \t \uXXXX, surrogates escaped when
  // unpaired) are all valid YAML 1.1 and 1.2 double-quoted escapes.
  const j = JSON.stringify(s);
  JSON_RAW_BUT_NOT_YAML.lastIndex = 0;
  if (!JSON_RAW_BUT_NOT_YAML.test(j)) return j;
  return j.replace(JSON_RAW_BUT_NOT_YAML, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

// Keys and short values repeat across thousands of manifests ("name",
// "apiVersion", "TCP"); remembering their final form skips the regexes. Bounded
// so a long run with unique strings cannot grow it without limit.
const scalarCache = new Map<string, string>();
const CACHE_MAX_ENTRIES = 20_000;
const CACHE_MAX_LENGTH = 64;

/** Single-line form of a string: plain when unambiguous, otherwise double-quoted. */
function scalarString(s: string): string {
  if (s.length > CACHE_MAX_LENGTH) return needsQuotes(s) ? doubleQuoted(s) : s;
  let r = scalarCache.get(s);
  if (r === undefined) {
    r = needsQuotes(s) ? doubleQuoted(s) : s;
    if (scalarCache.size >= CACHE_MAX_ENTRIES) scalarCache.clear();
    scalarCache.set(s, r);
  }
  return r;
}

// Anything besides "\n" that is a control, a 1.1 line break or otherwise not
// printable would not survive a literal block verbatim.
const BAD_BLOCK_CHAR =
  /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Literal blocks keep config files and scripts readable, but only strings
 * whose text a literal block reproduces exactly qualify; the rest are
 * double-quoted.
 */
function canBeLiteralBlock(s: string): boolean {
  // Clip/strip chomping can express zero or one trailing newline; "|+" could do
  // more but an all-newline or blank-tailed block is easy to misread.
  if (s.endsWith("\n\n") || /^\n*$/.test(s)) return false;
  // Trailing spaces would be lost on whitespace-only lines and are mangled by
  // editors elsewhere.
  if (/ (?:\n|$)/.test(s)) return false;
  if (BAD_BLOCK_CHAR.test(s)) return false;
  // The first non-empty line fixes the block's indentation; a leading space
  // there would be absorbed into it (an indentation indicator could avoid
  // that, but such strings are rare enough to quote).
  if (/^\n* /.test(s)) return false;
  return true;
}

function writeLiteralBlock(s: string, indent: number): void {
  const p = pad(indent);
  const trailingNewline = s.endsWith("\n");
  const body = trailingNewline ? s.slice(0, -1) : s;
  out += trailingNewline ? "|\n" : "|-\n";
  let from = 0;
  for (;;) {
    const nl = body.indexOf("\n", from);
    const line = nl < 0 ? body.slice(from) : body.slice(from, nl);
    // Empty lines carry no indentation so the output has no trailing spaces.
    out += line === "" ? "\n" : p + line + "\n";
    if (nl < 0) break;
    from = nl + 1;
  }
}

// Tabs are fine in comments; other controls would make the stream unreadable.
const BAD_COMMENT_CHAR =
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function commentBlock(header: string): string {
  if (header.endsWith("\n")) header = header.slice(0, -1);
  let text = "";
  // Split on every break a YAML 1.1 reader recognises, or text after a NEL/LS/PS
  // would escape the comment.
  for (const line of header.split(/\r\n|[\n\r\u0085\u2028\u2029]/)) {
    if (BAD_COMMENT_CHAR.test(line))
      throw new TypeError("toYamlStream: header contains control or non-printable characters");
    text += line === "" ? "#\n" : "# " + line + "\n";
  }
  return text;
}
