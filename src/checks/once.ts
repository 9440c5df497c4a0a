// Environment instances share their spec location: a problem of a service instantiated once per environment is
// reported once, at its place in the spec.
import type { Loc } from "../source.js";

/** A filter that passes each (place in the spec, what) the first time only. */
export function once(): (loc: Loc, what: string) => boolean {
  const seen = new Set<string>();
  return (loc, what) => {
    const key = `${loc.path.join("/")}|${what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
