// Talos patches (talos.patches, nodes[].talosPatches) checked against the Talos machine-config JSON Schema of the
// cluster's release, so a typo or a wrong type is refused at build time and not by `talosctl apply-config`.
// The schemas ship in schema/talos/ (provenance in its README). Compiling one with ajv costs some 400 ms, so
// scripts/build.mjs compiles them ahead of time (dist/talos-validator.<version>.cjs); this module uses such a
// file only while its hash matches the schema beside it, compiles at run time otherwise, and does either only
// for a spec that has Talos patches.
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type Ajv2020Module from "ajv/dist/2020.js";
import type StandaloneModule from "ajv/dist/standalone/index.js";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { Path } from "../source.js";
import { didYouMean } from "../lib/suggest.js";
import { pointerToPath } from "./pointer.js";

/** A Talos config schema platformc ships: siderolabs/talos website/content/<minor>/schemas/config.schema.json. */
export interface TalosSchemaRelease {
  /** "v1.13" */
  name: string;
  minor: number;
  /** the tag it was copied at */
  release: string;
  file: string;
}

export const TALOS_SCHEMAS: readonly TalosSchemaRelease[] = [
  { name: "v1.11", minor: 11, release: "v1.11.6", file: "talos-config.v1.11.schema.json" },
  { name: "v1.13", minor: 13, release: "v1.13.9", file: "talos-config.v1.13.schema.json" },
];

/**
 * The schema for a config contract: the same minor, else the nearest one shipped, the newer on a tie. The tie
 * is v1.12, which moved the network into HostnameConfig, LinkConfig ... documents (generators/talos/contract.ts);
 * the v1.11 schema knows none of them, the v1.13 one all, and v1.13's only removals (machine.network, registries,
 * env and the legacy features) are deprecated in v1.12 already.
 */
export function talosSchemaFor(contract: { major: number; minor: number }): { schema: TalosSchemaRelease; exact: boolean } {
  const minor = contract.major === 1 ? contract.minor : Number.MAX_SAFE_INTEGER;
  let best = TALOS_SCHEMAS[0]!;
  for (const s of TALOS_SCHEMAS) if (Math.abs(s.minor - minor) <= Math.abs(best.minor - minor)) best = s;
  return { schema: best, exact: best.minor === minor };
}

// No `required`: a patch is a partial document, merged into the one talosctl generates. Formats are not checked:
// the one the schemas use (uri) is cluster.controlPlane.endpoint's, which platformc writes itself (PC1123).
// strictTypes is off because the schemas put additionalProperties on schemas without `type: object`.
// scripts/build.mjs compiles with these options, through talosStandaloneModule below.
export const TALOS_AJV_OPTIONS = { allErrors: true, strict: true, strictTypes: false, formats: { uri: true } } as const;
const DOC_KEYWORDS = ["markdownDescription", "x-intellij-html-description"];

type Schema = Record<string, unknown>;
type Json = unknown;

const VERBATIM = new Set(["enum", "const", "default", "examples"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs"]);
const PROSE = new Set(["description", "markdownDescription", "x-intellij-html-description", "title"]);

/** The schema as a patch is checked against: `required` removed, and the prose (nine tenths of the file) too. */
export function prepareTalosSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(prepareTalosSchema);
  if (typeof node !== "object" || node === null) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (VERBATIM.has(k)) out[k] = v;
    else if (SCHEMA_MAPS.has(k) && typeof v === "object" && v !== null) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, prepareTalosSchema(s)]));
    else if (k === "required" && Array.isArray(v)) continue;
    else if (PROSE.has(k) && typeof v === "string") continue;
    else out[k] = prepareTalosSchema(v);
  }
  return out;
}

/** The $defs a document validates against: the v1alpha1 machine config, and one per `kind`. */
function documentDefs(prepared: Schema): { config: string; byKind: Map<string, string> } {
  const byKind = new Map<string, string>();
  for (const [name, def] of Object.entries(prepared.$defs as Record<string, Schema>)) {
    const kinds = ((def.properties as Schema | undefined)?.kind as Schema | undefined)?.enum;
    if (Array.isArray(kinds)) for (const k of kinds) byKind.set(String(k), name);
  }
  return { config: "v1alpha1.Config", byKind };
}

function findSchemaFile(file: string): string {
  // From src/validate/ under vitest, dist/src/validate/ or dist/ (the bundle) after the build, and a test's
  // bundle under node_modules/.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 7; i++) {
    const p = join(dir, "schema", "talos", file);
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error(`platformc is installed without schema/talos/${file}`);
}

// Bump when prepareTalosSchema changes what it makes of a schema: a precompiled validator of the old preparation
// is then not used (test/talos/patch-schema.test.ts also compares dist/'s validators with fresh ones).
const PREPARATION = 1;

function fingerprint(text: string): string {
  return createHash("sha256").update(text).update("\0").update(JSON.stringify(TALOS_AJV_OPTIONS)).update(`\0${PREPARATION}`).digest("hex");
}

function newAjv(source: boolean): InstanceType<typeof Ajv2020Module.default> {
  // Loaded only to compile: the precompiled validators need ajv's small runtime helpers only.
  const Ajv2020 = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof Ajv2020Module;
  const ajv = new Ajv2020.default({ ...TALOS_AJV_OPTIONS, ...(source ? { code: { source: true, esm: false } } : {}) });
  for (const k of DOC_KEYWORDS) ajv.addKeyword(k);
  return ajv;
}

/** The CommonJS module scripts/build.mjs writes to dist/talos-validator.<name>.cjs: one validator per document definition. */
export function talosStandaloneModule(release: TalosSchemaRelease): string {
  const text = readFileSync(findSchemaFile(release.file), "utf8");
  const prepared = prepareTalosSchema(JSON.parse(text)) as Schema;
  const ajv = newAjv(true);
  ajv.addSchema(prepared);
  const { config, byKind } = documentDefs(prepared);
  const refs = Object.fromEntries([config, ...byKind.values()].map((d) => [d, `${String(prepared.$id)}#/$defs/${d}`]));
  const standalone = (createRequire(import.meta.url)("ajv/dist/standalone/index.js") as typeof StandaloneModule).default;
  return `${standalone(ajv, refs)}\nmodule.exports.schemaHash = ${JSON.stringify(fingerprint(text))};\nmodule.exports.preparedSchema = ${JSON.stringify(prepared)};\n`;
}

export function talosValidatorFile(release: TalosSchemaRelease): string {
  return join(dirname(dirname(dirname(findSchemaFile(release.file)))), "dist", `talos-validator.${release.name}.cjs`);
}

/** The compiled schema of one release. */
export interface TalosValidators {
  release: TalosSchemaRelease;
  /** "precompiled" when dist/'s file was current, else "runtime" */
  origin: "precompiled" | "runtime";
  prepared: Schema;
  config: string;
  byKind: Map<string, string>;
  validate(def: string, doc: unknown): ErrorObject[];
}

const cache = new Map<string, TalosValidators>();

/**
 * The validators of a release. `from` forces one way of getting them (tests compare the two); "precompiled"
 * gives undefined when dist/ has no current file for this schema.
 */
export function talosValidators(release: TalosSchemaRelease, from?: "precompiled" | "runtime" | { module: string }): TalosValidators | undefined {
  const cached = from === undefined ? cache.get(release.name) : undefined;
  if (cached) return cached;
  const text = readFileSync(findSchemaFile(release.file), "utf8");
  let fns: ((def: string) => ValidateFunction | undefined) | undefined;
  let prepared: Schema | undefined;
  let origin: TalosValidators["origin"] = "runtime";
  if (from !== "runtime") {
    const file = typeof from === "object" ? from.module : talosValidatorFile(release);
    if (existsSync(file)) {
      const mod = createRequire(import.meta.url)(file) as Record<string, ValidateFunction> & { schemaHash?: string; preparedSchema?: Schema };
      if (mod.schemaHash === fingerprint(text) && mod.preparedSchema) {
        prepared = mod.preparedSchema;
        fns = (def) => (Object.hasOwn(mod, def) ? mod[def] : undefined);
        origin = "precompiled";
      }
    }
    if (!fns && from !== undefined) return undefined;
  }
  if (!fns) {
    const p = prepareTalosSchema(JSON.parse(text)) as Schema;
    const ajv = newAjv(false);
    ajv.addSchema(p);
    prepared = p;
    fns = (def) => ajv.getSchema(`${String(p.$id)}#/$defs/${def}`);
  }
  const get = fns;
  const { config, byKind } = documentDefs(prepared!);
  const v: TalosValidators = {
    release,
    origin,
    prepared: prepared!,
    config,
    byKind,
    validate(def, doc) {
      const f = get(def);
      if (!f) throw new Error(`no validator for ${def} in the Talos ${release.name} schema`);
      return f(doc) ? [] : [...(f.errors ?? [])];
    },
  };
  if (from === undefined) cache.set(release.name, v);
  return v;
}

/** A problem inside one patch document: `path` is inside the document, `part` says whether the key or the value is at fault. */
export interface TalosProblem {
  path: Path;
  part: "key" | "value";
  problem: string;
  help?: string;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function valueAt(doc: unknown, path: Path): unknown {
  let v = doc;
  for (const seg of path) v = isMap(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

function fieldName(path: Path): string {
  let s = "";
  for (const seg of path) s += typeof seg === "number" ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

const TYPE_HELP: Record<string, string> = { object: "a mapping of fields", array: "a list", string: "a string", boolean: "`true` or `false`, unquoted", integer: "a whole number, unquoted", number: "a number, unquoted", null: "nothing" };
const TYPE_NAMES: Record<string, string> = { object: "a mapping", array: "a list", string: "a string", boolean: "a boolean", integer: "an integer", number: "a number", null: "null" };

/** The schema at a path inside a document of definition `def`, through $ref, items, properties and additionalProperties. */
function schemaAt(root: Schema, def: string, path: Path): Schema | undefined {
  const defs = root.$defs as Record<string, Schema>;
  const resolve = (s: unknown): Schema | undefined => {
    let cur = s as Schema | undefined;
    for (let i = 0; cur && typeof cur.$ref === "string" && i < 32; i++) cur = defs[cur.$ref.replace("#/$defs/", "")];
    return cur;
  };
  let s = resolve(defs[def]);
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === "number") s = resolve(s.items);
    else {
      const props = s.properties as Record<string, unknown> | undefined;
      const pattern = Object.entries((s.patternProperties as Record<string, unknown> | undefined) ?? {}).find(([re]) => new RegExp(re, "u").test(seg))?.[1];
      s = resolve(props && Object.hasOwn(props, seg) ? props[seg] : (pattern ?? (isMap(s.additionalProperties) ? s.additionalProperties : undefined)));
    }
  }
  return s;
}

/** The document without Talos's strategic-merge directive `$patch: delete`, which may stand in any mapping. */
function withoutDeletes(doc: unknown): unknown {
  const has = (v: unknown): boolean => (Array.isArray(v) ? v.some(has) : isMap(v) ? v.$patch === "delete" || Object.values(v).some(has) : false);
  if (!has(doc)) return doc;
  const strip = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(strip) : isMap(v) ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === "$patch" && x === "delete")).map(([k, x]) => [k, strip(x)])) : v;
  return strip(doc);
}

/** A document as Talos reads it, where that is more lenient than the schema says. */
function relaxed(doc: unknown, errors: ErrorObject[]): unknown | undefined {
  let copy: unknown;
  for (const e of errors) {
    if (e.keyword !== "type") continue;
    const path = pointerToPath(e.instancePath);
    if (path.length === 0) continue;
    const v = valueAt(doc, path);
    const types = ([] as string[]).concat((e.params as { type: string | string[] }).type);
    // Talos decodes its config with go-yaml v3, which reads any scalar into a string field (decode.go, decoder.scalar:
    // `case reflect.String: ... out.SetString(n.Value)`, the raw text: a sysctl `262144` is "262144") and a null as the
    // zero value (decoder.null): neither is refused by talosctl, so neither is here.
    const asString = (typeof v === "number" || typeof v === "boolean") && types.includes("string");
    if (!asString && v !== null) continue;
    copy ??= structuredClone(doc);
    const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    if (v === null && !Array.isArray(parent)) delete parent[key];
    else if (v !== null) parent[key] = String(v);
  }
  return copy;
}

/**
 * What the release's schema finds wrong with one patch document (empty when nothing): an unknown key, a wrong
 * type, a value outside an enum or a pattern, a kind the release does not have.
 */
export function talosDocumentProblems(v: TalosValidators, doc: Record<string, unknown>): TalosProblem[] {
  let def = v.config;
  const label = (d: string) => (d === v.config ? "the v1alpha1 machine config" : `a \`${String(doc.kind)}\` document`);
  if (Object.hasOwn(doc, "kind")) {
    const kinds = [...v.byKind.keys()].sort();
    const found = typeof doc.kind === "string" ? v.byKind.get(doc.kind) : undefined;
    if (!found) {
      const help = typeof doc.kind === "string" ? didYouMean(doc.kind, kinds) : undefined;
      return [{ path: ["kind"], part: "value", problem: `kind ${typeof doc.kind === "string" ? `\`${doc.kind}\`` : describeValue(doc.kind)} is not a Talos ${v.release.name} config document`, help: help ?? `the documents of Talos ${v.release.name} are ${kinds.join(", ")}` }];
    }
    def = found;
    if (!Object.hasOwn(doc, "apiVersion")) return [{ path: [], part: "value", problem: `a \`kind: ${String(doc.kind)}\` document has no \`apiVersion\``, help: "add `apiVersion: v1alpha1`" }];
  } else if (Object.hasOwn(doc, "apiVersion")) {
    return [{ path: ["apiVersion"], part: "key", problem: "a document with `apiVersion` has no `kind`", help: "add the Talos document's `kind`, or remove `apiVersion` from a patch of the v1alpha1 machine config" }];
  }
  const merged = withoutDeletes(doc);
  let errors = v.validate(def, merged);
  let checked: unknown = merged;
  const easier = errors.length ? relaxed(merged, errors) : undefined;
  if (easier !== undefined) {
    errors = v.validate(def, easier);
    checked = easier;
  }
  return describeErrors(v, def, label(def), checked, errors);
}

// allErrors and oneOf give several errors for one value (a type per branch, then the oneOf): one problem per
// place, each unknown key on its own.
function describeErrors(v: TalosValidators, def: string, label: string, doc: unknown, errors: ErrorObject[]): TalosProblem[] {
  const out: TalosProblem[] = [];
  const byPlace = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === "additionalProperties") {
      const path = pointerToPath(e.instancePath);
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((schemaAt(v.prepared, def, path)?.properties as object | undefined) ?? {});
      const where = path.length ? `\`${fieldName(path)}\`` : label;
      const help = didYouMean(extra, known) ?? (known.length ? `known fields here: ${known.join(", ")}` : `\`${fieldName(path)}\` takes no fields`);
      out.push({ path: [...path, extra], part: "key", problem: `${where} has no field \`${extra}\``, help });
      continue;
    }
    const list = byPlace.get(e.instancePath) ?? [];
    list.push(e);
    byPlace.set(e.instancePath, list);
  }
  for (const [pointer, list] of byPlace) {
    const path = pointerToPath(pointer);
    const data = valueAt(doc, path);
    const field = path.length ? `\`${fieldName(path)}\`` : label;
    const types = list.filter((e) => e.keyword === "type").flatMap((e) => ([] as string[]).concat((e.params as { type: string | string[] }).type));
    const enums = list.find((e) => e.keyword === "enum" || e.keyword === "const");
    const pattern = list.find((e) => e.keyword === "pattern");
    if (types.length) {
      const want = [...new Set(types)];
      const help = want.map((t) => TYPE_HELP[t] ?? t).join(", or ");
      out.push({ path, part: "value", problem: `${field} must be ${want.map((t) => TYPE_NAMES[t] ?? t).join(" or ")}, not ${describeValue(data)}`, help: `write ${help}` });
    } else if (enums) {
      const allowed: unknown[] = enums.keyword === "enum" ? (enums.params as { allowedValues: unknown[] }).allowedValues : [(enums.params as { allowedValue: unknown }).allowedValue];
      const help = (typeof data === "string" ? didYouMean(data, allowed.map(String)) : undefined) ?? `write ${allowed.length === 1 ? "" : "one of "}${allowed.map((a) => `\`${String(a)}\``).join(", ")}`;
      out.push({ path, part: "value", problem: `${field} must be ${allowed.length === 1 ? "" : "one of "}${allowed.map((a) => JSON.stringify(a)).join(", ")}, not ${describeValue(data)}`, help });
    } else if (pattern) {
      const re = String((pattern.params as { pattern: string }).pattern);
      out.push({ path, part: "value", problem: `${field} must match \`${re}\`, not ${describeValue(data)}`, help: re.includes("[nuµm]?s|m|h") ? "write a Go duration such as `30s` or `5m`" : "write a value of the form the pattern describes" });
    } else {
      const e = list.find((x) => x.keyword !== "oneOf" && x.keyword !== "anyOf") ?? list[0]!;
      out.push({ path, part: "value", problem: `${field} ${(e.message ?? "is invalid").replace(/"/g, "`")}`, help: `see the Talos ${v.release.name} configuration reference for \`${fieldName(path) || "the document"}\`` });
    }
  }
  return out;
}
