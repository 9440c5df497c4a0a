// The rules every path under out/<platform>/ follows, for what is written and for what is read back (the manifest,
// the files --only keeps): one set of rules, so nothing platformc reads can point outside the tree.
import path from "node:path";
import type { OutputFile } from "./types.js";

/** platformc's own record of the files it generated, at the root of out/<platform>/ */
export const MANIFEST_NAME = ".platformc-manifest";

// Platform names become directory names inside a repository and usually also Kubernetes object names, so
// the strictest common denominator (an RFC 1123 label) keeps both safe. Not containing dots also makes the
// `.<name>.tmp-` sibling prefixes of two platforms impossible to confuse.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function assertPlatformName(platformName: string): void {
  if (platformName.length > 63 || !DNS1123_LABEL.test(platformName)) {
    throw new Error(
      `platformc: invalid platform name ${JSON.stringify(platformName)}: must be a DNS-1123 label ` +
        `(1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit)`,
    );
  }
}

/** Why one path is unusable on its own, or undefined when it is fine. */
export function pathProblem(p: string): string | undefined {
  if (p === "") return "is empty";
  if (p.includes("\0")) return "contains a NUL character";
  // The manifest is one `<path>\t<generator>` line per file.
  if (/[\t\n\r]/.test(p)) return "contains a tab or line break";
  if (p.includes("\\")) return "contains a backslash (paths use POSIX '/' separators)";
  // A drive letter counts as absolute too: such trees get checked out on Windows machines as well.
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) return "is absolute (must be relative to the platform directory)";
  for (const seg of p.split("/")) {
    if (seg === "") return "has an empty segment";
    if (seg === "." || seg === "..") return `has a '${seg}' segment`;
  }
  if (p === MANIFEST_NAME) return "is reserved for platformc's own manifest";
  return undefined;
}

export function validateOutputPaths(files: OutputFile[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const reportedDuplicates = new Set<string>();
  const wellFormed: string[] = [];
  for (const { path: p, generator } of files) {
    const problem = pathProblem(p);
    if (problem !== undefined) {
      problems.push(`output path ${JSON.stringify(p)} ${problem}`);
      continue;
    }
    const first = seen.get(p);
    if (first !== undefined) {
      if (!reportedDuplicates.has(p)) {
        reportedDuplicates.add(p);
        problems.push(`output path ${JSON.stringify(p)} is generated more than once (by ${first === generator ? `generator ${first}` : `generators ${first} and ${generator}`})`);
      }
      continue;
    }
    seen.set(p, generator);
    wellFormed.push(p);
  }
  for (const p of wellFormed) {
    for (let i = p.indexOf("/"); i !== -1; i = p.indexOf("/", i + 1)) {
      const dir = p.slice(0, i);
      if (seen.has(dir)) {
        problems.push(
          `output path ${JSON.stringify(dir)} is generated as a file but is also a directory of ${JSON.stringify(p)}`,
        );
      }
    }
  }
  return problems;
}

export function assertValidFiles(platformName: string, files: OutputFile[]): void {
  const problems = validateOutputPaths(files);
  if (problems.length > 0) {
    throw new Error(
      `platformc: internal error: generators produced invalid output paths for platform ${JSON.stringify(platformName)}:\n` +
        problems.map((m) => `  - ${m}`).join("\n"),
    );
  }
}

/** The absolute path of a relative output path under `root`. */
export function abs(root: string, rel: string): string {
  return path.join(root, ...rel.split("/"));
}
