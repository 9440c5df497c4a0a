// The schema is the spec language's one source of truth: the TypeScript types are generated from it, the
// validator applies its defaults, editors read its descriptions. These tests keep it complete and strict.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { baseSpec } from "../support/base.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const schemaFile = path.join(repoRoot, "schema", "platform.schema.json");

type Schema = {
  $ref?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  $defs?: Record<string, Schema>;
  [k: string]: unknown;
};

const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as Schema;
const defs = schema.$defs ?? {};

function deref(s: Schema): Schema {
  if (!s.$ref) return s;
  const m = /^#\/\$defs\/([^/]+)$/.exec(s.$ref);
  if (!m || !defs[m[1]!]) throw new Error(`unresolvable $ref ${s.$ref}`);
  return defs[m[1]!]!;
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

interface PropEntry {
  pointer: string;
  schema: Schema;
  required: boolean;
}

/** Every property schema and every object-shaped schema, with JSON pointers, through $defs, items and nesting. */
function walk(): { props: PropEntry[]; objects: Array<{ pointer: string; schema: Schema }> } {
  const props: PropEntry[] = [];
  const objects: Array<{ pointer: string; schema: Schema }> = [];
  const visit = (s: Schema, pointer: string): void => {
    if (!s || typeof s !== "object") return;
    if (s.properties || s.type === "object") objects.push({ pointer, schema: s });
    const req = new Set(s.required ?? []);
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      props.push({ pointer: `${pointer}/properties/${k}`, schema: p, required: req.has(k) });
      visit(p, `${pointer}/properties/${k}`);
    }
    if (s.items) visit(s.items, `${pointer}/items`);
    if (s.additionalProperties && typeof s.additionalProperties === "object") visit(s.additionalProperties, `${pointer}/additionalProperties`);
    for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"] as const) {
      const list = s[key];
      if (Array.isArray(list)) list.forEach((x, i) => visit(x as Schema, `${pointer}/${key}/${i}`));
    }
  };
  visit({ ...schema, $defs: undefined }, "#");
  for (const [name, d] of Object.entries(defs)) visit(d, `#/$defs/${name}`);
  return { props, objects };
}

const { props, objects } = walk();

describe("generated types", () => {
  it("src/validate/spec-types.generated.ts is what scripts/gen-types.mjs generates from the schema now", async () => {
    const mod = (await import(new URL("../../scripts/gen-types.mjs", import.meta.url).href)) as { generateTypes: () => Promise<string>; TYPES_PATH: string };
    expect(path.resolve(mod.TYPES_PATH)).toBe(path.join(repoRoot, "src", "validate", "spec-types.generated.ts"));
    const committed = fs.readFileSync(mod.TYPES_PATH, "utf8");
    const fresh = await mod.generateTypes();
    expect(committed === fresh, "src/validate/spec-types.generated.ts is stale: run `npm run gen:types`").toBe(true);
  });
});

describe("schema documentation", () => {
  it("the walk sees the whole schema", () => {
    // guards the walker itself: a broken walk would make the checks below pass vacuously
    expect(props.length).toBeGreaterThan(150);
    expect(props.map((p) => p.pointer)).toContain("#/$defs/service/properties/security/properties/privileged");
    expect(props.map((p) => p.pointer)).toContain("#/$defs/environment/properties/overrides/items/properties/env");
  });

  it("every $def has a description", () => {
    const offenders = Object.entries(defs)
      .filter(([, d]) => !nonEmpty(d.description))
      .map(([name]) => `#/$defs/${name}`);
    expect(offenders, `$defs without a description:\n  ${offenders.join("\n  ")}`).toEqual([]);
  });

  it("every property has a description, or is a $ref to a $def that has one", () => {
    const offenders = props.filter((p) => !nonEmpty(p.schema.description) && !(p.schema.$ref && nonEmpty(deref(p.schema).description))).map((p) => p.pointer);
    expect(offenders, `${offenders.length} properties without a description:\n  ${offenders.join("\n  ")}`).toEqual([]);
  });

  it("every optional boolean, enum or integer property states its default (a `default`, or Defaults to / Allocated / when omitted / Inferred)", () => {
    const offenders: string[] = [];
    for (const p of props) {
      if (p.required) continue;
      const r = deref(p.schema);
      const type = p.schema.type ?? r.type;
      const kind = type === "boolean" ? "boolean" : type === "integer" ? "integer" : p.schema.enum || r.enum ? "enum" : undefined;
      if (!kind) continue;
      if ("default" in p.schema || "default" in r) continue;
      const text = `${p.schema.description ?? ""} ${p.schema.$ref ? (r.description ?? "") : ""}`;
      if (/Defaults to|Allocated|when omitted|Inferred/.test(text)) continue;
      offenders.push(`${p.pointer} (${kind}): ${JSON.stringify(p.schema.description ?? "")}`);
    }
    expect(offenders, `optional properties with an undocumented default:\n  ${offenders.join("\n  ")}`).toEqual([]);
  });

  it("every default is valid for its own property", () => {
    const ajv = new Ajv2020.default({ strict: true, allowUnionTypes: true });
    ajv.addSchema(schema);
    const id = String(schema.$id);
    const offenders: string[] = [];
    const withDefault = [...props, ...Object.entries(defs).map(([n, d]) => ({ pointer: `#/$defs/${n}`, schema: d, required: false }))].filter((p) => "default" in p.schema);
    expect(withDefault.length).toBeGreaterThan(40);
    // the check is not vacuous: a property's subschema still rejects a wrong value
    expect(ajv.compile({ $ref: `${id}#/$defs/namespace/properties/podSecurity` })("lax")).toBe(false);
    for (const p of withDefault) {
      const check = ajv.compile({ $ref: id + p.pointer });
      if (!check(p.schema.default)) offenders.push(`${p.pointer}: default ${JSON.stringify(p.schema.default)} ${ajv.errorsText(check.errors)}`);
    }
    expect(offenders, offenders.join("\n")).toEqual([]);
  });
});

describe("schema strictness", () => {
  it("every object schema with properties rejects unknown fields (additionalProperties: false)", () => {
    const offenders = objects.filter((o) => o.schema.properties && o.schema.additionalProperties !== false).map((o) => o.pointer);
    expect(objects.filter((o) => o.schema.properties).length).toBeGreaterThan(30);
    expect(offenders, `objects that accept unknown fields:\n  ${offenders.join("\n  ")}`).toEqual([]);
  });

  // Free-form maps are the only objects that take arbitrary keys, and their descriptions must say what the
  // keys are. A new one has to be added here on purpose.
  const FREE_FORM: Record<string, RegExp> = {
    "#/$defs/labels": /labels \(key: value\)/i,
    "#/$defs/service/properties/env": /environment variables/i,
    "#/$defs/service/properties/chart/properties/values": /helm values, passed through/i,
    "#/$defs/environment/properties/overrides/items/properties/env": /environment variables/i,
    "#/$defs/service/properties/values": /values for that chart/i,
    "#/$defs/talosPatch": /a Talos machine-config patch: a v1alpha1 document/i,
    "#/$defs/k3sConfig": /config\.yaml keys, passed through/i,
    "#/$defs/service/properties/resource/properties/spec": /the object's spec, written as given/i,
  };

  it("the only free-form maps are labels, env, helm values (a release's, a packaged chart's), Talos patches, K3s config keys and a custom resource's spec", () => {
    const found = objects.filter((o) => !o.schema.properties && o.schema.additionalProperties !== false).map((o) => o.pointer);
    expect(found.sort()).toEqual(Object.keys(FREE_FORM).sort());
  });

  it("each free-form map says in its description what its keys are", () => {
    const offenders = Object.entries(FREE_FORM)
      .filter(([pointer, re]) => {
        const o = objects.find((x) => x.pointer === pointer);
        return !o || !nonEmpty(o.schema.description) || !re.test(o.schema.description);
      })
      .map(([pointer, re]) => `${pointer}: description ${JSON.stringify(objects.find((x) => x.pointer === pointer)?.schema.description ?? null)} should match ${re}`);
    expect(offenders, offenders.join("\n")).toEqual([]);
  });

  it("every $ref resolves and every $def is used", () => {
    const refs = new Set<string>();
    JSON.stringify(schema, (k, v: unknown) => {
      if (k === "$ref" && typeof v === "string") refs.add(v);
      return v;
    });
    for (const r of refs) expect(() => deref({ $ref: r })).not.toThrow();
    const unused = Object.keys(defs).filter((n) => !refs.has(`#/$defs/${n}`));
    expect(unused).toEqual([]);
  });

  it("compiles with Ajv 2020 in strict mode, and spec/bluerobin/platform.yaml and the test base spec validate", () => {
    const ajv = new Ajv2020.default({ strict: true, allowUnionTypes: true, allErrors: true });
    const validate = ajv.compile(schema);
    const bluerobin = YAML.parse(fs.readFileSync(path.join(repoRoot, "spec", "bluerobin", "platform.yaml"), "utf8"), { uniqueKeys: true });
    expect(validate(bluerobin), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate(baseSpec()), ajv.errorsText(validate.errors)).toBe(true);
    // and it rejects what it must
    expect(validate({ ...baseSpec(), bogus: 1 })).toBe(false);
    const typo = baseSpec();
    typo.platform.nmae = "x";
    expect(validate(typo)).toBe(false);
  });
});

describe("spec files", () => {
  const specs = fs
    .readdirSync(path.join(repoRoot, "spec"), { recursive: true, encoding: "utf8" })
    .filter((rel) => path.basename(rel) === "platform.yaml")
    .map((rel) => path.join(repoRoot, "spec", rel))
    .sort();

  it("there is at least one spec/**/platform.yaml", () => {
    expect(specs.length).toBeGreaterThan(0);
  });

  it.each(specs.map((f) => [path.relative(repoRoot, f), f]))("%s starts with a yaml-language-server modeline pointing at the schema", (_rel, file) => {
    const first = fs.readFileSync(file, "utf8").split("\n")[0] ?? "";
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, `first line: ${first}`).not.toBeNull();
    const ref = m![1]!;
    expect(path.isAbsolute(ref) || /^[a-z]+:/i.test(ref), `${ref} is not a relative path`).toBe(false);
    const target = path.resolve(path.dirname(file), ref);
    expect(fs.existsSync(target), `${ref} does not exist`).toBe(true);
    expect(fs.realpathSync(target)).toBe(fs.realpathSync(schemaFile));
  });
});
