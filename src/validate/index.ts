// Phase 2: the JSON Schema decides the shape. Its errors are turned into diagnostics that point at the
// offending key or value and say how to fix it; the schema's defaults are applied to the data here, so the
// schema stays the one place defaults are written down.
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type Ajv2020Module from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { platformSchema, schemaPath, schemaText } from "./schema.js";
import { spanAt, type Diagnostics } from "../diagnostics/diagnostic.js";
import { type SpecFile } from "../parse/index.js";
import type { Path } from "../source.js";
import { didYouMean, closest } from "../lib/suggest.js";
import { ownerOf } from "./owner.js";
import { pointerToPath } from "./pointer.js";

let compiled: ValidateFunction | undefined;

const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true } as const;

/** The validator scripts/build.mjs compiled ahead of time, if it was compiled from this very schema. */
function precompiled(): ValidateFunction | undefined {
  const file = join(dirname(dirname(schemaPath)), "dist", "platform-validator.cjs");
  if (!existsSync(file)) return undefined;
  const mod = createRequire(import.meta.url)(file) as ValidateFunction & { schemaHash?: string };
  return mod.schemaHash === createHash("sha256").update(schemaText).digest("hex") ? mod : undefined;
}

function validator(): ValidateFunction {
  compiled ??= precompiled();
  if (!compiled) {
    // Loaded only when there is no current precompiled validator: ajv's compiler costs start-up time.
    const Ajv2020 = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof Ajv2020Module;
    const ajv = new Ajv2020.default(AJV_OPTIONS);
    compiled = ajv.compile(platformSchema);
  }
  return compiled;
}

/** Where a problem sits, by the name of the entity it belongs to: "`replicas` of service `main/apps/web`". */
function describe(data: unknown, path: Path): string {
  if (path.length === 0) return "the top level";
  const { owner, rest } = ownerOf(data, path);
  if (!owner) return "`" + fieldName(path) + "`";
  return rest.length ? "`" + fieldName(rest) + "` of " + owner : owner;
}

function fieldName(path: Path): string {
  let s = "";
  for (const seg of path) s += typeof seg === "number" ? `[${seg}]` : s ? `.${seg}` : seg;
  return s || "(top level)";
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

const article = (t: string) => (t === "object" ? "a mapping" : t === "array" ? "a list" : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

export function validateSpec(spec: SpecFile, diags: Diagnostics): boolean {
  const errors = schemaErrors(spec.data);
  for (const e of errors) report(spec, e, diags);
  return errors.length === 0;
}

/** Where data breaks the schema, one error per place (none: it is valid, and the schema's defaults are applied). */
export function schemaErrors(data: unknown): ErrorObject[] {
  const validate = validator();
  if (validate(data)) return [];
  return simplify(validate.errors ?? []);
}

/** The data path an error concerns: for an unknown key, the key itself. */
export function errorPath(e: ErrorObject): Path {
  const path = pointerToPath(e.instancePath);
  if (e.keyword === "additionalProperties") return [...path, String((e.params as { additionalProperty: string }).additionalProperty)];
  return path;
}

// allErrors plus union types give several errors for one value (type and pattern, or a bound on each
// member of a union); keep one per location, the most telling.
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const rank: Record<string, number> = { additionalProperties: 0, required: 1, const: 2, enum: 2, type: 3, pattern: 4 };
  const byPlace = new Map<string, ErrorObject>();
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === "additionalProperties" || e.keyword === "required") {
      out.push(e);
      continue;
    }
    const key = e.instancePath;
    const prev = byPlace.get(key);
    if (!prev || (rank[e.keyword] ?? 5) < (rank[prev.keyword] ?? 5)) byPlace.set(key, e);
  }
  return [...out, ...byPlace.values()];
}

function report(spec: SpecFile, e: ErrorObject, diags: Diagnostics): void {
  const path = pointerToPath(e.instancePath);
  const field = describe(spec.data, path);
  const parentSchema = e.parentSchema as Record<string, unknown> | undefined;
  switch (e.keyword) {
    case "additionalProperties": {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((parentSchema?.properties as object | undefined) ?? {});
      const help = didYouMean(extra, known) ?? (known.length ? `known fields here: ${known.join(", ")}` : undefined);
      diags.report("PC0202", spanAt(spec, [...path, extra], "key"), { field: extra, where: describe(spec.data, path) }, help ? { help } : {});
      return;
    }
    case "required": {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const sub = (parentSchema?.properties as Record<string, { description?: string }> | undefined)?.[missing];
      const where = describe(spec.data, path);
      const notes = sub?.description ? [`${missing}: ${sub.description}`] : [];
      diags.report("PC0203", spanAt(spec, path), { field: missing, where }, { notes, help: `add \`${missing}:\` to ${where}` });
      return;
    }
    case "type": {
      const expected = ([] as string[]).concat((e.params as { type: string | string[] }).type);
      diags.report("PC0201", spanAt(spec, path), { field, expected: expected.map(article).join(" or "), found: typeOf(e.data) });
      return;
    }
    case "enum":
    case "const": {
      const allowed: unknown[] = e.keyword === "enum" ? (e.params as { allowedValues: unknown[] }).allowedValues : [(e.params as { allowedValue: unknown }).allowedValue];
      const help = typeof e.data === "string" ? didYouMean(e.data, allowed.map(String)) : undefined;
      diags.report(
        "PC0204",
        spanAt(spec, path),
        { field, allowed: allowed.map((a) => JSON.stringify(a)).join(", "), found: typeOf(e.data) },
        help ? { help } : {},
      );
      return;
    }
    case "pattern":
    case "maxLength":
      if (e.schemaPath.includes("/$defs/name/") || e.schemaPath.startsWith("#/$defs/name")) {
        const value = String(e.data);
        const reason = nameProblem(value);
        const fixed = toDns1123(value);
        diags.report("PC0205", spanAt(spec, path), { value, reason }, fixed ? { help: `use lowercase letters, digits and '-', e.g. \`${fixed}\`` } : {});
        return;
      }
      break;
    case "propertyNames": {
      return; // the nested pattern error that follows says which key
    }
  }
  const place = e.instancePath.endsWith("") && e.propertyName ? spanAt(spec, [...path, e.propertyName], "key") : spanAt(spec, path);
  const desc = (parentSchema?.description as string | undefined) ?? undefined;
  diags.report("PC0206", place, { field: e.propertyName ? `${field} key ${JSON.stringify(e.propertyName)}` : field, problem: problemText(e) }, desc ? { notes: [desc] } : {});
}

function problemText(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "minimum":
      return `must be at least ${p.limit}, found ${JSON.stringify(e.data)}`;
    case "maximum":
      return `must be at most ${p.limit}, found ${JSON.stringify(e.data)}`;
    case "minItems":
      return `must have at least ${p.limit} item${p.limit === 1 ? "" : "s"}`;
    case "minLength":
      return `must not be empty`;
    case "maxLength":
      return `must be at most ${p.limit} characters long`;
    case "pattern":
      return `has an invalid format: ${JSON.stringify(e.data)}`;
    default:
      return (e.message ?? "is invalid").replace(/"/g, "`");
  }
}

function nameProblem(v: string): string {
  if (v.length === 0) return "it is empty";
  if (v.length > 63) return `it is ${v.length} characters long, at most 63 are allowed`;
  if (/[A-Z]/.test(v)) return "it has uppercase letters";
  if (/[/\\]/.test(v) || v.includes("..")) return "it contains a path separator or '..'";
  if (/^-|-$/.test(v)) return "it starts or ends with '-'";
  const bad = v.match(/[^a-z0-9-]/);
  if (bad) return `it contains ${JSON.stringify(bad[0])}`;
  return "it is not a DNS-1123 label";
}

function toDns1123(v: string): string | undefined {
  const s = v
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/g, "");
  return s && s !== v ? s : undefined;
}

export { closest };
