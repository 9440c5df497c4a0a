// The schema file is the source of truth; this module only loads it once, relative to the package root,
// so that it works from src/ under vitest and from dist/src/ after the build.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

function findSchemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const p = join(dir, "schema", "platform.schema.json");
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error("platformc is installed without schema/platform.schema.json");
}

export const schemaPath = findSchemaPath();
export const schemaText = readFileSync(schemaPath, "utf8");
export const platformSchema = JSON.parse(schemaText) as Record<string, unknown>;
