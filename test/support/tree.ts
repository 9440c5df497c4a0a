// What is on disk under a directory, to prove what a command or the emitter did and did not touch, and to read
// a written tree back. Never follows a symbolic link.
import fs from "node:fs";
import path from "node:path";

export interface Entry {
  /** "other": a FIFO, socket or device, which is never opened */
  kind: "file" | "dir" | "symlink" | "other";
  ino: number;
  mtimeMs: number;
  /** base64 of the bytes for files, the link text for symbolic links */
  bytes?: string;
}

/** Every entry under `dir` (dotfiles included) by POSIX relative path, with inode, mtime and exact bytes. Empty when `dir` is absent. */
export function snapshotTree(dir: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  if (!fs.existsSync(dir)) return out;
  const walk = (rel: string): void => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const childRel = rel === "" ? d.name : `${rel}/${d.name}`;
      const full = path.join(dir, childRel);
      const st = fs.lstatSync(full);
      if (d.isDirectory()) {
        out[childRel] = { kind: "dir", ino: st.ino, mtimeMs: st.mtimeMs };
        walk(childRel);
      } else if (d.isSymbolicLink()) {
        out[childRel] = { kind: "symlink", ino: st.ino, mtimeMs: st.mtimeMs, bytes: fs.readlinkSync(full) };
      } else if (d.isFile()) {
        out[childRel] = { kind: "file", ino: st.ino, mtimeMs: st.mtimeMs, bytes: fs.readFileSync(full).toString("base64") };
      } else {
        out[childRel] = { kind: "other", ino: st.ino, mtimeMs: st.mtimeMs };
      }
    }
  };
  walk("");
  return out;
}

/** Relative path -> text of every regular file under `dir`. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, e] of Object.entries(snapshotTree(dir))) if (e.kind === "file") out[rel] = Buffer.from(e.bytes ?? "", "base64").toString("utf8");
  return out;
}
