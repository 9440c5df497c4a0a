// Path questions the CLI and the driver both ask about the user's directories.
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Whether `child` is `parent` or lies below it (both taken relative to the working directory). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** A path relative to the spec's directory, normalised, or why it is not one. */
export function specRelative(source: string): { ok: true; path: string } | { ok: false; reason: string } {
  if (source.includes("\\")) return { ok: false, reason: "the path contains a backslash" };
  if (source.startsWith("/") || /^[A-Za-z]:/.test(source)) return { ok: false, reason: "the path is absolute" };
  const parts: string[] = [];
  for (const seg of source.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return { ok: false, reason: "the path leaves the spec's directory" };
      parts.pop();
    } else parts.push(seg);
  }
  if (parts.length === 0) return { ok: false, reason: "the path names no file" };
  return { ok: true, path: parts.join("/") };
}
