// Path questions the CLI and the driver both ask about the user's directories.
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Whether `child` is `parent` or lies below it (both taken relative to the working directory). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
