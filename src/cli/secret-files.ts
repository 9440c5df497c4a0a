// Files that hold secrets: readable by their owner only, and a bundle is never overwritten (losing it means
// losing the cluster's CAs; the one on disk may be the only copy).
import fs from "node:fs";
import path from "node:path";

/** Creates `file` with `content`, mode 0600; fails with EEXIST rather than replace an existing file. */
export function writeNewSecretFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { flag: "wx", mode: 0o600 });
}

/**
 * Writes files (paths relative to `dir`, POSIX separators) with mode 0600, each through a temporary sibling
 * and a rename so that a reader never sees half a config. Returns the paths it wrote.
 */
export function writeSecretTree(dir: string, files: ReadonlyArray<{ path: string; content: string }>): string[] {
  const written: string[] = [];
  for (const f of files) {
    const target = path.join(dir, ...f.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
    fs.writeFileSync(tmp, f.content, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, target);
    written.push(target);
  }
  return written;
}
