// Markdown text that no spec value can break: a description with "|" must not split a table row, one with
// "*", "[", "<" or "$" must not become emphasis, a link, HTML or (on GitHub) math. Spec text reaches the
// Markdown template only through `text()` or `code()`.

/** Text already made safe for a Markdown table cell or paragraph. */
export type Md = string & { readonly __md: unique symbol };

// Backslash escapes work for every ASCII punctuation character in CommonMark; these are the ones that start
// inline markup (emphasis, code, links, autolinks, HTML, entities, strikethrough, GitHub math) or end a cell.
const SPECIAL = /[\\`*_[\]<>|&~$!#]/g;

export function text(s: string): Md {
  return s.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, " ").replace(SPECIAL, (c) => `\\${c}`) as Md;
}

/**
 * An inline code span that shows `s` verbatim: the fence is longer than any backtick run inside, and in a
 * table cell "|" is written as "\|" because GitHub splits cells before it parses code spans.
 */
export function code(s: string, inTable = true): Md {
  const flat = s.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, " ");
  if (flat === "") return "" as Md;
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  // CommonMark strips one space from each end when both ends have one (unless all are spaces): pad to keep them.
  const pad = flat.startsWith("`") || flat.endsWith("`") || (flat.startsWith(" ") && flat.endsWith(" ") && flat.trim() !== "") ? " " : "";
  return `${fence}${pad}${inTable ? flat.replace(/\|/g, "\\|") : flat}${pad}${fence}` as Md;
}

/**
 * A diagnostic message: its `quoted` names become code spans (escaped like any value), the rest plain text.
 * An odd number of backticks means the quoting cannot be trusted, so all of it is plain text.
 */
export function message(s: string): Md {
  const parts = s.split("`");
  if (parts.length % 2 === 0) return text(s);
  return parts.map((p, i) => (i % 2 === 1 ? code(p, false) : text(p))).join("") as Md;
}

/** Our own markup. */
export function md(markup: string): Md {
  return markup as Md;
}

export function join(parts: readonly Md[], sep = ", "): Md {
  return parts.join(sep) as Md;
}

/** An empty cell reads as "nothing declared" rather than as a rendering bug. */
export const NONE = "—" as Md;

export function orNone(v: Md | undefined): Md {
  return v === undefined || v === "" ? NONE : v;
}
