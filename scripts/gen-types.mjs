// Generates src/validate/spec-types.generated.ts from schema/platform.schema.json, so the TypeScript view of the spec
// cannot drift from the schema. test/unit/schema.test.ts fails when the committed file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { compile } from "json-schema-to-typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const TYPES_PATH = join(root, "src", "validate", "spec-types.generated.ts");

export async function generateTypes() {
  const schema = JSON.parse(readFileSync(join(root, "schema", "platform.schema.json"), "utf8"));
  return compile(schema, "PlatformSpec", {
    bannerComment: "// Generated from schema/platform.schema.json by `npm run gen:types`; do not edit.",
    additionalProperties: false,
    format: true,
    style: { printWidth: 120 },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(TYPES_PATH, await generateTypes());
}
