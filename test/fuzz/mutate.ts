// One fuzz case from one seed number: a spec of spec/ with one to three mutations. The structural ones (deletions,
// type changes, duplications, swaps) are test/support/spec-fuzz.ts's applyMutations; the others aim at what has
// broken compilers like this one: huge numbers and strings, extreme CIDRs and ports, deep nesting, anchors, aliases
// and merge keys, YAML tags, garbage bytes and damaged lines. Same seed, same bytes: a case is replayed by its seed.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { allPaths, applyMutations, YAML_TOKENS, type Mutation } from "../support/spec-fuzz.js";

const SPEC_DIR = path.join(import.meta.dirname, "..", "..", "spec");

/** The seeds of spec/, parsed once: name -> data. */
export const SEEDS: ReadonlyArray<{ name: string; data: unknown }> = fs
  .readdirSync(SPEC_DIR)
  .filter((d) => fs.existsSync(path.join(SPEC_DIR, d, "platform.yaml")))
  .sort()
  .map((name) => ({ name, data: YAML.parse(fs.readFileSync(path.join(SPEC_DIR, name, "platform.yaml"), "utf8")) as unknown }));

/** mulberry32, as bench/synth.mjs uses: small, fast, and the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = ReturnType<typeof prng>;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, list: readonly T[]): T => list[int(r, list.length)]!;

type Json = unknown;
type Seg = string | number;

function getAt(root: Json, p: Seg[]): Json {
  let v: any = root;
  for (const s of p) v = v?.[s];
  return v;
}

function setAt(root: Json, p: Seg[], value: Json): void {
  const parent = getAt(root, p.slice(0, -1)) as Record<Seg, Json>;
  parent[p[p.length - 1]!] = value;
}

/** A random path whose value passes `want`, or any path when none does. */
function pathWhere(r: Rand, data: Json, want: (v: Json, p: Seg[]) => boolean): Seg[] | undefined {
  const all = allPaths(data);
  if (all.length === 0) return undefined;
  const fit = all.filter((p) => want(getAt(data, p), p));
  return pick(r, fit.length > 0 ? fit : all);
}

const HUGE_NUMBERS: Json[] = [1e308, -1e308, 2 ** 53 + 2, 2 ** 64, -(2 ** 63), 4294967296, 4294967295, 1e-320, -0, 0.5, -1, Infinity, -Infinity, NaN, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE];
const STRING_UNITS = ["a", "x-", "é", "\u{1F600}", " ", "\n", "-", ".", "*", "\\", "'", '"', "{", "%", "\t", "\u2028", "0"];
const CIDRS = [
  "0.0.0.0/0", "0.0.0.0/32", "255.255.255.255/32", "255.255.255.254/31", "255.255.255.252/30", "255.255.255.0/24", "255.255.0.0/16",
  "255.0.0.0/8", "128.0.0.0/1", "10.0.0.0/31", "10.0.0.0/32", "10.255.255.255/32", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "1.2.3.4/08",
  "01.2.3.4/8", "1.2.3/24", "1.2.3.4.5/24", "256.0.0.0/8", "::/0", "::/128", "::1/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120", "fe80::/10", "fd00::/8", "::ffff:1.2.3.4/128", "::ffff:0:0/96", "2001:db8::/129",
  "255.255.255.255", "0.0.0.0", "255.255.255.0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "1.1.1.1-255.255.255.255",
  "255.255.255.250-255.255.255.255", "10.0.0.0/8,10.0.0.0/8", " 10.0.0.0/8", "10.0.0.0/8\n",
];
const PORTS: Json[] = [0, 1, 1023, 1024, 30000, 32767, 32768, 65535, 65536, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1.5, "80", "http", "30000-32767", "1-65535", "0-65535", "65535-1", "80-80", "-", "1-", "65535-65536"];
const TAGS = ["!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!pairs ", "!!map ", "!!seq ", "!custom ", "!<tag:yaml.org,2002:str> ", "!<tag:example.com,2000:x> ", "!! ", "! ", "!!merge ", "!!value "];

export const KINDS = [
  "delete", "retype", "duplicate", "swap", "huge-number", "huge-string", "cidr", "port", "deep", "anchors", "tags", "garbage", "tokens", "lines", "truncate",
] as const;
export type Kind = (typeof KINDS)[number];
// How often each kind is drawn, out of the sum: the structural ones most, since they reach every later phase.
const WEIGHTS: Record<Kind, number> = {
  delete: 9, retype: 9, duplicate: 8, swap: 9, "huge-number": 6, "huge-string": 6, cidr: 10, port: 8, deep: 6, anchors: 8, tags: 6, garbage: 6, tokens: 4, lines: 4, truncate: 2,
};
const TEXT_KINDS = new Set<Kind>(["deep", "anchors", "tags", "garbage", "tokens", "lines", "truncate"]);

function drawKind(r: Rand): Kind {
  const total = KINDS.reduce((n, k) => n + WEIGHTS[k], 0);
  let x = r() * total;
  for (const k of KINDS) if ((x -= WEIGHTS[k]) < 0) return k;
  return "delete";
}

/** A long string: mostly kilobytes, now and then up to a megabyte (the campaign's time bound grows with size). */
function longString(r: Rand): string {
  const len = pick(r, [256, 1024, 4096, 16_384, 65_536, 65_536, 262_144, r() < 0.3 ? 1_048_576 : 131_072]);
  const unit = pick(r, STRING_UNITS);
  return r() < 0.5 ? unit.repeat(Math.ceil(len / unit.length)) : Array.from({ length: Math.ceil(len / 8) }, () => pick(r, STRING_UNITS)).join("").repeat(8);
}

function objectMutation(r: Rand, kind: Kind, data: Json): void {
  const m = (op: Mutation["op"]): Mutation => ({ op, pick: int(r, 1 << 30), other: int(r, 1 << 30), value: pick(r, [null, 0, "", [], {}, "x", true, 1.5, [1], { a: "b" }]) });
  if (kind === "delete" || kind === "duplicate" || kind === "swap") applyMutations(data, [m(kind)]);
  else if (kind === "retype") applyMutations(data, [m("replace")]);
  else if (kind === "huge-number") {
    const p = pathWhere(r, data, (v) => typeof v === "number");
    if (p) setAt(data, p, pick(r, HUGE_NUMBERS));
  } else if (kind === "huge-string") {
    const p = pathWhere(r, data, (v) => typeof v === "string");
    if (p === undefined) return;
    // a long value, or (a third of the time) a long key in that value's place
    if (r() < 0.67 || typeof p[p.length - 1] !== "string") setAt(data, p, longString(r));
    else {
      const parent = getAt(data, p.slice(0, -1)) as Record<string, Json>;
      parent[longString(r).slice(0, int(r, 70_000) + 1)] = parent[p[p.length - 1] as string];
    }
  } else if (kind === "cidr") {
    const p = pathWhere(r, data, (v) => typeof v === "string" && /^[0-9a-f:.]+(\/\d+)?$|\/\d+$/i.test(v) && /[.:]/.test(v));
    if (p) setAt(data, p, pick(r, CIDRS));
  } else if (kind === "port") {
    const p = pathWhere(r, data, (v, q) => (typeof v === "number" || typeof v === "string") && /port|range|replicas|asn|vlan|mtu|size/i.test(String(q[q.length - 1] ?? "")));
    if (p) setAt(data, p, pick(r, PORTS));
  }
}

const DEEP = "__PLATFORMC_FUZZ_DEEP__";

function deepText(r: Rand, depth: number): string {
  const shape = int(r, 4);
  if (shape === 0) return "[".repeat(depth) + "x" + "]".repeat(depth);
  if (shape === 1) return "{a: ".repeat(depth) + "x" + "}".repeat(depth);
  if (shape === 2) return "[{a: ".repeat(Math.ceil(depth / 2)) + "x" + "}]".repeat(Math.ceil(depth / 2));
  // unbalanced: the parser must give up at the end, not at the depth
  return "[".repeat(depth) + "x";
}

function textMutation(r: Rand, kind: Kind, text: string): string {
  const lines = text.split("\n");
  const at = int(r, lines.length);
  if (kind === "tags") {
    const i = lines.findIndex((l, k) => k >= at && /:\s\S/.test(l));
    const j = i === -1 ? at : i;
    const tag = pick(r, TAGS);
    const line = lines[j] ?? "";
    lines[j] = /: /.test(line) ? line.replace(/: /, `: ${tag}`) : line.replace(/^(\s*- )/, `$1${tag}`);
    if (r() < 0.2) lines.unshift(pick(r, ["%TAG ! tag:example.com,2000:", "%YAML 1.1", "%YAML 1.2", "%YAML 2.0", "%FOO bar"]), "---");
    return lines.join("\n");
  }
  if (kind === "tokens") {
    lines.splice(at, 0, Array.from({ length: int(r, 12) + 1 }, () => pick(r, YAML_TOKENS)).join(""));
    return lines.join("\n");
  }
  if (kind === "lines") {
    const op = int(r, 4);
    const other = int(r, lines.length);
    if (op === 0) lines.splice(at, int(r, 4) + 1);
    else if (op === 1) lines.splice(at, 0, ...lines.slice(other, other + int(r, 6) + 1));
    else if (op === 2) [lines[at], lines[other]] = [lines[other] ?? "", lines[at] ?? ""];
    else lines[at] = pick(r, ["", " ", "  ", "\t", "   "]) + (r() < 0.5 ? (lines[at] ?? "").trimStart() : (lines[at] ?? ""));
    return lines.join("\n");
  }
  if (kind === "truncate") return text.slice(0, int(r, text.length));
  return text;
}

/** Anchors on random collections, and aliases to them or `<<` merge keys elsewhere; now and then an alias bomb. */
function anchorsMutation(r: Rand, doc: YAML.Document): void {
  const collections: Array<YAML.YAMLMap | YAML.YAMLSeq> = [];
  const scalars: YAML.Scalar[] = [];
  YAML.visit(doc, {
    Map: (_, n) => void collections.push(n),
    Seq: (_, n) => void collections.push(n),
    Scalar: (_, n) => void scalars.push(n),
  });
  const maps = collections.filter((c): c is YAML.YAMLMap => YAML.isMap(c));
  for (let k = int(r, 3) + 1; k > 0; k--) {
    const op = int(r, 5);
    const target = r() < 0.5 && scalars.length ? pick(r, scalars) : pick(r, collections);
    if (target === undefined) return;
    target.anchor ??= `a${int(r, 1000)}`;
    const alias = doc.createAlias(target);
    if (op <= 1 && maps.length) {
      // a merge key into some mapping: `<<: *a` (even when *a is no mapping, or is that mapping itself)
      pick(r, maps).items.unshift(doc.createPair("<<", alias));
    } else if (op === 2 && collections.length) {
      const c = pick(r, collections);
      if (c.items.length) {
        const i = int(r, c.items.length);
        if (YAML.isMap(c)) (c.items[i] as YAML.Pair).value = alias;
        else c.items[i] = alias;
      }
    } else if (op === 3 && YAML.isMap(doc.contents)) {
      // the billion laughs, ten by ten
      const levels = int(r, 6) + 3;
      let prev: YAML.Node = doc.createNode(Array.from({ length: 10 }, () => "lol"));
      prev.anchor = "l0";
      const bomb = [prev];
      for (let l = 1; l < levels; l++) {
        const next = new YAML.YAMLSeq();
        for (let j = 0; j < 10; j++) next.items.push(doc.createAlias(prev));
        next.anchor = `l${l}`;
        bomb.push(next);
        prev = next;
      }
      doc.contents.items.push(doc.createPair("x-bomb", new YAML.YAMLSeq()), ...bomb.map((b, l) => doc.createPair(`x-l${l}`, b)));
    } else if (YAML.isMap(doc.contents) && doc.contents.items.length) {
      // an alias to an anchor that does not exist, spliced in as text later
      (pick(r, doc.contents.items) as YAML.Pair).value = doc.createNode("__PLATFORMC_FUZZ_UNDEFINED_ALIAS__");
    }
  }
}

export interface FuzzCase {
  seed: number;
  base: string;
  kinds: Kind[];
  /** what goes into platform.yaml */
  bytes: Buffer;
}

export function makeCase(seed: number): FuzzCase {
  const r = prng(seed);
  const base = pick(r, SEEDS);
  const kinds = Array.from({ length: 1 + int(r, 3) }, () => drawKind(r));
  const data = structuredClone(base.data);
  for (const k of kinds) if (!TEXT_KINDS.has(k)) objectMutation(r, k, data);
  let deep: string | undefined;
  if (kinds.includes("deep")) {
    const p = pathWhere(r, data, () => true);
    deep = deepText(r, pick(r, [64, 200, 1000, 5000, 20_000, 100_000]));
    if (p) setAt(data, p, DEEP);
  }
  let text: string;
  text = YAML.stringify(data, { lineWidth: 0 });
  if (kinds.includes("anchors")) {
    const doc = new YAML.Document(data);
    anchorsMutation(r, doc);
    try {
      text = doc.toString({ lineWidth: 0 }).replace(/(["']?)__PLATFORMC_FUZZ_UNDEFINED_ALIAS__\1/g, "*nowhere");
    } catch {
      // the writer refuses some alias placements (an alias before its anchor); the case goes on without them
    }
  }
  if (deep !== undefined) text = text.replace(DEEP, deep);
  for (const k of kinds) if (TEXT_KINDS.has(k) && k !== "deep" && k !== "anchors" && k !== "garbage") text = textMutation(r, k, text);
  let bytes: Buffer = Buffer.from(text, "utf8");
  if (kinds.includes("garbage")) bytes = garbage(r, bytes);
  return { seed, base: base.name, kinds, bytes };
}

/** A few random bytes written over or into the file: NUL, invalid UTF-8, BOMs, CRs, control characters. */
function garbage(r: Rand, bytes: Buffer): Buffer {
  const chunks = [[0], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0x0d], [0x1b], [0x7f], [0xe2, 0x80, 0xa8], [0xf4, 0x90, 0x80, 0x80]];
  let out = bytes;
  for (let k = int(r, 4) + 1; k > 0; k--) {
    const ins = r() < 0.5 ? Buffer.from(pick(r, chunks)) : Buffer.from(Array.from({ length: int(r, 16) + 1 }, () => int(r, 256)));
    const at = int(r, out.length + 1);
    out = r() < 0.5 ? Buffer.concat([out.subarray(0, at), ins, out.subarray(at)]) : Buffer.concat([out.subarray(0, at), ins, out.subarray(at + ins.length)]);
  }
  return out;
}
