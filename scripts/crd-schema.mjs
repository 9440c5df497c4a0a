#!/usr/bin/env node
// Converts CustomResourceDefinitions to the JSON Schemas test/support/k8s-validate.ts reads, the way the CRDs-catalog's
// Utilities/openapi2jsonschema.py (copied from kubeconform) does: each served version's openAPIV3Schema, with
// `additionalProperties: false` on every nested object that has `properties` and none yet (not on the root; lists are
// not descended, as in the script), and `format: int-or-string` rewritten to oneOf [string, integer]. Descriptions are
// dropped (they take no part in validation and make the VictoriaMetrics files megabytes).
//
//   node scripts/crd-schema.mjs <out-dir> <crds.yaml> [Kind ...]
//
// writes <out-dir>/<group>/<kind>_<version>.json for each CRD of the file (only the named kinds, when given).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";

const [outDir, file, ...kinds] = process.argv.slice(2);
if (!outDir || !file) {
  console.error("usage: node scripts/crd-schema.mjs <out-dir> <crds.yaml> [Kind ...]");
  process.exit(2);
}

function intOrString(v) {
  if (Array.isArray(v)) return v.map(intOrString);
  if (!v || typeof v !== "object") return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (x && typeof x === "object" && !Array.isArray(x) && x.format === "int-or-string") out[k] = { oneOf: [{ type: "string" }, { type: "integer" }] };
    else out[k] = intOrString(x);
  }
  return out;
}

function closed(v, root) {
  if (!v || typeof v !== "object" || Array.isArray(v)) return;
  if ("properties" in v && !root && !("additionalProperties" in v)) v.additionalProperties = false;
  for (const x of Object.values(v)) closed(x, false);
}

function undescribed(v) {
  if (Array.isArray(v)) return v.map(undescribed);
  if (!v || typeof v !== "object") return v;
  const out = {};
  // a field of the CRD called `description` is a schema (an object) under `properties`, and stays
  for (const [k, x] of Object.entries(v)) if (!(k === "description" && typeof x === "string")) out[k] = undescribed(x);
  return out;
}

let written = 0;
for (const doc of YAML.parseAllDocuments(readFileSync(file, "utf8"))) {
  const crd = doc.toJS({ maxAliasCount: -1 });
  if (crd?.kind !== "CustomResourceDefinition") continue;
  const { group, names } = crd.spec;
  if (kinds.length && !kinds.includes(names.kind)) continue;
  for (const v of crd.spec.versions) {
    if (v.served === false || !v.schema?.openAPIV3Schema) continue;
    const schema = undescribed(intOrString(v.schema.openAPIV3Schema));
    closed(schema, true);
    mkdirSync(join(outDir, group), { recursive: true });
    writeFileSync(join(outDir, group, `${names.kind.toLowerCase()}_${v.name}.json`), JSON.stringify(schema, null, 2) + "\n");
    written++;
  }
}
console.log(`${written} schema(s) written`);
