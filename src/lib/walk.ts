// A bounded, sorted walk for the files platformc looks for (specs, diagrams): hidden directories and
// node_modules are skipped, unreadable directories are passed over.
import { readdirSync } from "node:fs";
import { join } from "node:path";

export function findFiles(dir: string, wanted: (name: string) => boolean, maxDepth = 16): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > maxDepth) return;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && !e.name.startsWith(".")) walk(join(d, e.name), depth + 1);
      } else if (e.isFile() && wanted(e.name)) found.push(join(d, e.name));
    }
  };
  walk(dir, 0);
  return found.sort();
}
