// A duplicate is reported at its second occurrence with "first ... here" at the other; which one the checks met
// first depends on the order they walk the graph (nodes before gateways, services by id), not on the file.
// Ordering the pair by place in the spec keeps "first" the one the reader meets first. A value the spec leaves
// out has no place of its own: the parser points at its parent, so a check says "default" there instead.
import { locSpan, type Span } from "../diagnostics/diagnostic.js";
import type { Loc, Path } from "../source.js";

/** The pair as [earlier, later] in the spec (by file, then offset); ties keep the given order. */
export function inSpecOrder<T>(a: T, b: T, span: (t: T) => Span): [T, T] {
  const sa = span(a);
  const sb = span(b);
  const later = sa.file.path !== sb.file.path ? sa.file.path > sb.file.path : sa.start > sb.start;
  return later ? [b, a] : [a, b];
}

/**
 * Whether `sub` below `loc` is absent from the spec, so its value came from a default. The parser locates a
 * missing path at its deepest existing ancestor, so the field is absent exactly when it lands on its parent.
 */
export function defaulted(loc: Loc, sub: Path): boolean {
  const full = locSpan(loc, sub);
  const parent = locSpan(loc, sub.slice(0, -1));
  return full.start === parent.start && full.end === parent.end;
}
