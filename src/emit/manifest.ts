// The manifest: which files under out/<platform>/ platformc generated, and which generator wrote each, one
// `<path>\t<generator>` line per file. It is how a later build knows what it may prune, and how --only knows which
// files of other generators to keep. One reader, with the writer's path rules, for every use.
import path from "node:path";
import { MANIFEST_NAME, pathProblem } from "./paths.js";
import { readRegularFile } from "./tree.js";
import type { OutputFile } from "./types.js";

interface Manifest {
  /** raw bytes, or undefined when there is no regular manifest file */
  bytes: Buffer | undefined;
  /** path -> generator ("" for a line of an older manifest that names none) */
  entries: Map<string, string>;
}

export const NO_MANIFEST: Manifest = { bytes: undefined, entries: new Map() };

/** A symbolic link or special file in the manifest's place is no manifest: it is never followed or read. */
export function readManifest(platformDir: string): Manifest {
  const bytes = readRegularFile(path.join(platformDir, MANIFEST_NAME));
  if (bytes === undefined) return { bytes: undefined, entries: new Map() };
  const entries = new Map<string, string>();
  for (const raw of bytes.toString("utf8").split("\n")) {
    // Tolerate CRLF (git autocrlf on Windows checkouts), and ignore lines that could not be a generated path:
    // the manifest is a committed, hand-editable file, so it must not be able to point outside the tree.
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const tab = line.indexOf("\t");
    const p = tab === -1 ? line : line.slice(0, tab);
    if (p !== "" && pathProblem(p) === undefined) entries.set(p, tab === -1 ? "" : line.slice(tab + 1));
  }
  return { bytes, entries };
}

/** The manifest of these files, sorted by path. */
export function manifestText(files: readonly OutputFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.path}\t${f.generator}\n`)
    .join("");
}
