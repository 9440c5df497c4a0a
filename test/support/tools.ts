// System tools the conformance tests run (named-checkzone, kubectl, chromium ...). On a developer's machine a
// missing tool skips its tests with a loud warning; under CI=true it fails the test file, so CI can never go
// green by silently testing nothing.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable among `candidates` (absolute paths), then `name` on PATH; undefined when absent. */
export function findTool(name: string, candidates: readonly string[] = []): string | undefined {
  for (const c of candidates) if (executable(c)) return c;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The tool's path, or undefined after a loud warning (use it with describe.skipIf). Throws under CI=true, which
 * fails the importing test file. `install` says how to get it, e.g. "apt-get install bind9-utils".
 */
export function requireTool(name: string, install: string, candidates: readonly string[] = []): string | undefined {
  const path = findTool(name, candidates);
  if (path) return path;
  const message = `${name} is not installed (${install})`;
  if (process.env.CI === "true") throw new Error(`${message}; CI=true requires it`);
  console.warn(`\n${"!".repeat(100)}\n!! SKIPPING the tests that need ${message}.\n!! They FAIL under CI=true.\n${"!".repeat(100)}\n`);
  return undefined;
}
