// Where specs are and what compiling one reads from disk besides its text: discovery, the paths written into
// generated files (which depend on the git work tree, not on the command line), and the files a spec names.
// Node built-ins only: the no-op preflight (src/emit/preflight.ts) checks these same facts before the CLI loads.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { isInside } from "./paths.js";
import { findFiles } from "./walk.js";

export const SPEC_FILE = "platform.yaml";

export function discoverSpecs(dir: string): string[] {
  return findFiles(dir, (name) => name === SPEC_FILE);
}

/** The git work tree a file lies in (the nearest directory above it holding .git), if any. */
function workTree(file: string): string | undefined {
  let dir = dirname(resolve(file));
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * Path written into generated headers. It must not depend on the working directory or on how the spec
 * was named on the command line (spec/, spec/lab, spec/lab/platform.yaml), or the same spec would compile
 * to different bytes: relative to the git work tree when there is one, else <directory>/platform.yaml.
 */
export function stablePath(file: string): string {
  const abs = resolve(file);
  const tree = workTree(abs);
  return tree ? relative(tree, abs).split(sep).join("/") : `${basename(dirname(abs))}/${basename(abs)}`;
}

/**
 * The output directory as a path in the repository that holds the spec, for GitOps paths: relative to the git
 * work tree when the output lies inside the one the spec lies in; "out" otherwise (a scratch build elsewhere),
 * so such a build writes the same bytes as one into the repository's out/.
 */
export function repoPath(outDir: string, specFile: string): string {
  const out = resolve(outDir);
  const tree = workTree(specFile);
  if (!tree || out === tree || !isInside(out, tree)) return "out";
  return relative(tree, out).split(sep).join("/");
}

export type SpecFileRead = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Files a spec names (a namespace's SOPS-encrypted secrets), read as they are: UTF-8 without dropping a byte-order
 * mark, so what lands in out/ is byte for byte the user's file. Lowering has checked the path stays in the spec's
 * directory; a symbolic link leading out of it is refused here.
 */
export function specFileReader(dir: string, maxSize: number): (rel: string) => SpecFileRead {
  return (rel) => {
    const full = resolve(dir, rel);
    try {
      const real = realpathSync(full);
      if (!isInside(real, realpathSync(dir))) return { ok: false, reason: "it lies outside the spec's directory" };
      const st = statSync(real);
      if (!st.isFile()) return { ok: false, reason: "it is not a regular file" };
      if (st.size > maxSize) return { ok: false, reason: `it is ${st.size} bytes, over the limit of ${maxSize}` };
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(readFileSync(real)) };
    } catch (e) {
      return { ok: false, reason: e instanceof TypeError ? "it is not UTF-8 text" : errnoText(e) };
    }
  };
}

export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "not a directory";
  if (code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(e);
}

/** The specs a build of `root` compiles: the file itself, or every platform.yaml under the directory. */
export function specsUnder(root: string): string[] | undefined {
  try {
    return statSync(root).isFile() ? [root] : discoverSpecs(root);
  } catch {
    return undefined;
  }
}
