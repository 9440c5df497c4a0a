// fast-check arbitraries for garbage spec inputs: raw bytes, YAML-ish token soup, and mutations of a valid spec
// object (deleted keys, values replaced by values of other types, duplicated list items, values swapped for
// other values of the same type so that the input gets past the schema and into lowering and the checks).
import fc from "fast-check";
import YAML from "yaml";

export const YAML_TOKENS = [
  "a", "name", "platform", "apiVersion", "clusters", "nodes", "services", "__proto__", "constructor", "<<",
  ":", ": ", " ", "  ", "\n", "\n  ", "\n    ", "- ", "-", "[", "]", "{", "}", ",", "&x ", "*x", "&y ", "*y", "!!str ", "!!map",
  "!foo ", "'", '"', "#", "---\n", "...\n", "? ", "|", "|-\n", ">", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "\t", "\r\n",
  "null", "~", "true", "1e999", "0x1F", "-0", "192.168.1.0/24", "10.0.0.1-10.0.0.300", "::", "fd00::/8", "\\u0000", "é", "\u{1F600}", "\uFEFF",
];

export const yamlishText = fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 80 }).map((t) => t.join(""));

export const randomBytes = fc.uint8Array({ maxLength: 512 });

type PathSeg = string | number;
type Json = unknown;

function kindOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Every path to a value inside `root` (not the root itself), in a stable order. */
export function allPaths(root: Json): PathSeg[][] {
  const out: PathSeg[][] = [];
  const walk = (v: Json, p: PathSeg[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([...p, i]), walk(x, [...p, i])));
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push([...p, k]), walk(x, [...p, k]);
  };
  walk(root, []);
  return out;
}

function getAt(root: Json, p: PathSeg[]): Json {
  let v: any = root;
  for (const s of p) v = v?.[s];
  return v;
}

export interface Mutation {
  op: "delete" | "replace" | "duplicate" | "swap";
  pick: number;
  other: number;
  value: Json;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("delete", "replace", "duplicate", "swap"),
  pick: fc.nat(),
  other: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
});

const OTHER_KINDS: Json[] = [null, 0, -1, 65536, 1.5, true, "", "x", "0.0.0.0/0", [], {}, ["a"], { a: 1 }];

/** Applies `muts` to `spec` in place and returns it. */
export function applyMutations(spec: Json, muts: Mutation[]): Json {
  for (const m of muts) {
    const paths = allPaths(spec);
    if (paths.length === 0) return spec;
    if (m.op === "duplicate") {
      const lists = paths.filter((p) => Array.isArray(getAt(spec, p)) && (getAt(spec, p) as Json[]).length > 0);
      if (lists.length === 0) continue;
      const list = getAt(spec, lists[m.pick % lists.length]!) as Json[];
      list.push(structuredClone(list[m.other % list.length]));
      continue;
    }
    const p = paths[m.pick % paths.length]!;
    const parent = getAt(spec, p.slice(0, -1)) as any;
    const key = p[p.length - 1]!;
    const current = parent[key];
    if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (m.op === "replace") {
      let v = m.value;
      if (kindOf(v) === kindOf(current)) v = OTHER_KINDS.find((o) => kindOf(o) !== kindOf(current)) ?? null;
      parent[key] = v;
    } else {
      // swap in another value of the same type found elsewhere in the spec
      const same = paths.filter((q) => kindOf(getAt(spec, q)) === kindOf(current) && q.join("/") !== p.join("/"));
      if (same.length === 0) continue;
      parent[key] = structuredClone(getAt(spec, same[m.other % same.length]!));
    }
  }
  return spec;
}

export function mutatedSpecText(base: () => Json): fc.Arbitrary<string> {
  return fc.array(mutation, { minLength: 1, maxLength: 5 }).map((muts) => YAML.stringify(applyMutations(base(), muts)));
}
