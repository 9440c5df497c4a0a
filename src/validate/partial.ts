// The part of a spec that validated. When the schema refuses some parts, lowering and the checks still run on
// the rest, so one run reports every independent problem instead of one phase's worth per fix-and-rerun cycle.
// What depends on a refused part is not reported: a reference to a refused service would only repeat the
// schema error in other words.
//
// A refused part is cut out as narrowly as keeps the rest sound: an unknown key goes alone, anything else takes
// the named entity holding it (a service, a node, a layer...). The view keeps the spec's coordinates: its locate() maps a path in the cut
// data back to the original, so every later diagnostic still points at the right line.
import type { ErrorObject } from "ajv/dist/2020.js";
import type { SpecFile } from "../parse/index.js";
import type { Path } from "../source.js";
import type { Args } from "../diagnostics/diagnostic.js";
import type { Code } from "../diagnostics/codes.js";
import { errorPath, schemaErrors } from "./index.js";

/** The kinds of things references name, as the PC0301 diagnostics call them. */
export type EntityKind = "service" | "namespace" | "cluster" | "node" | "layer" | "network" | "external endpoint" | "environment" | "zone";

/** A refused part, by its place in the original spec. */
export interface Pruned {
  path: Path;
  /** set when a whole named entity was cut */
  kind?: EntityKind;
  name?: string;
}

export interface PartialSpec {
  spec: SpecFile;
  pruned: Pruned[];
}

// Longest first: a node is cut rather than its cluster.
const ENTITIES: Array<{ pattern: Array<string | null>; kind: EntityKind }> = [
  { pattern: ["clusters", null, "gitops", "layers", null], kind: "layer" },
  { pattern: ["clusters", null, "nodes", null], kind: "node" },
  { pattern: ["dns", "zones", null], kind: "zone" },
  { pattern: ["services", null], kind: "service" },
  { pattern: ["namespaces", null], kind: "namespace" },
  { pattern: ["clusters", null], kind: "cluster" },
  { pattern: ["networks", null], kind: "network" },
  { pattern: ["externals", null], kind: "external endpoint" },
  { pattern: ["environments", null], kind: "environment" },
];

/** Enough for cuts that expose new problems (a cut node leaves its cluster too few); real specs need two. */
const MAX_ROUNDS = 12;

type Json = Record<string, unknown> | unknown[];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The largest valid part of a spec the schema refused, or undefined when what is wrong leaves nothing sound to go on
 * (the top level, `platform`, the last cluster). The original spec is not changed.
 */
export function validPart(spec: SpecFile): PartialSpec | undefined {
  const data = structuredClone(spec.data);
  if (!isObject(data)) return undefined;
  // For every array that lost elements, the original index of each remaining one.
  const origin = new WeakMap<unknown[], number[]>();
  const pruned: Pruned[] = [];
  const toOriginal = (path: Path): Path => {
    const out: Array<string | number> = [];
    let node: unknown = data;
    for (const seg of path) {
      if (Array.isArray(node) && typeof seg === "number") {
        out.push(origin.get(node)?.[seg] ?? seg);
        node = node[seg];
      } else {
        out.push(seg);
        node = isObject(node) ? node[String(seg)] : undefined;
      }
    }
    return out;
  };

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const errors = schemaErrors(data);
    if (errors.length === 0) {
      const view: SpecFile = { source: spec.source, data, locate: (path, part) => spec.locate(toOriginal(path), part) };
      return { spec: view, pruned };
    }
    const cuts = new Map<string, Path>();
    for (const e of errors) {
      const cut = cutFor(e, data);
      if (!cut) return undefined;
      cuts.set(JSON.stringify(cut), cut);
    }
    // Deepest first, and later indices before earlier ones, so no cut moves another's target.
    const ordered = [...cuts.values()].sort((a, b) => comparePaths(b, a));
    for (const cut of ordered) {
      if (ordered.some((o) => o !== cut && isPrefix(o, cut))) continue; // inside another cut
      const parent = at(data, cut.slice(0, -1));
      const last = cut[cut.length - 1]!;
      const entity = entityKind(cut);
      const removed = Array.isArray(parent) ? parent[last as number] : isObject(parent) ? parent[String(last)] : undefined;
      const record: Pruned = { path: toOriginal(cut) };
      if (entity) {
        record.kind = entity;
        if (isObject(removed) && typeof removed.name === "string") record.name = removed.name;
      }
      pruned.push(record);
      if (Array.isArray(parent) && typeof last === "number") {
        const map = origin.get(parent) ?? parent.map((_, i) => i);
        map.splice(last, 1);
        parent.splice(last, 1);
        origin.set(parent, map);
      } else if (isObject(parent)) delete parent[String(last)];
    }
  }
  return undefined;
}

/** What to cut for one schema error, in the current data's coordinates; undefined: nothing can be cut. */
function cutFor(e: ErrorObject, data: Json): Path | undefined {
  const path = errorPath(e);
  // An unknown key never carries meaning the rest depends on. Any other bad field takes its entity with it: without
  // the field, or with its default, the entity would be another one (a Helm release without a chart, a service
  // whose ports flows name gone) and report problems the spec does not have.
  if (e.keyword === "additionalProperties") return path;
  const entity = enclosingEntity(path);
  if (entity) return entity;
  // An entry of another top-level list (an `ignore` rule): the entry alone. A field of `platform` or `dns`
  // carries the whole platform: nothing sound is left to go on.
  if (path.length >= 2 && typeof path[1] === "number" && Array.isArray(at(data, [path[0]!]))) return path.slice(0, 2);
  return undefined;
}

function enclosingEntity(path: Path): Path | undefined {
  for (let n = path.length; n >= 2; n--) {
    const prefix = path.slice(0, n);
    if (entityKind(prefix)) return prefix;
  }
  return undefined;
}

function entityKind(path: Path): EntityKind | undefined {
  for (const { pattern, kind } of ENTITIES) {
    if (pattern.length === path.length && pattern.every((p, i) => (p === null ? typeof path[i] === "number" : p === path[i]))) return kind;
  }
  return undefined;
}

function at(data: unknown, path: Path): unknown {
  let node = data;
  for (const seg of path) node = Array.isArray(node) ? node[seg as number] : isObject(node) ? node[String(seg)] : undefined;
  return node;
}

function isPrefix(a: Path, b: Path): boolean {
  return a.length < b.length && a.every((s, i) => s === b[i]);
}

function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

// Findings of an absence that a cut entity of this kind may have supplied: with a control-plane node cut, "no
// control plane" or "placement matches no node" would be about the cut, not about the rest. Each is withheld when
// any entity of the kind was cut (a cluster's cut withholds all of them).
const ABSENCES: Record<EntityKind, readonly string[]> = {
  node: ["PC0701", "PC0702", "PC0703", "PC0705", "PC1104", "PC1113", "PC1114"],
  service: ["PC0308", "PC0712", "PC1009", "PC1115", "PC1117", "PC1118", "PC1306", "PC1309"],
  layer: ["PC1002"],
  network: ["PC0403"],
  namespace: ["PC1002"],
  cluster: [],
  "external endpoint": [],
  environment: [],
  zone: ["PC0603", "PC0604"],
};

/**
 * Whether a diagnostic of a run on the valid part only restates a refused part: a reference to an entity that was
 * cut, or the absence of something a cut entity may have supplied (ABSENCES).
 */
export function dependsOnPruned(pruned: readonly Pruned[]): (code: Code, args: Args) => boolean {
  const names = new Map<EntityKind, Set<string>>();
  const nameless = new Set<EntityKind>();
  const absent = new Set<string>();
  for (const p of pruned) {
    // A cluster's own field (its ingress, its pools) feeds the same absences as its services and nodes.
    const kinds: EntityKind[] = p.kind === "cluster" || (p.kind === undefined && p.path[0] === "clusters") ? ["cluster", "node", "service", "layer"] : p.kind ? [p.kind] : [];
    for (const k of kinds) for (const c of ABSENCES[k]) absent.add(c);
    if (!p.kind) continue;
    if (p.name === undefined) nameless.add(p.kind);
    else {
      const set = names.get(p.kind) ?? names.set(p.kind, new Set()).get(p.kind)!;
      // A name the schema refused ("Web") is referred to by the name it should have been.
      set.add(p.name).add(p.name.toLowerCase());
    }
  }
  return (code, args) => {
    if (absent.has(code)) return true;
    if (code !== "PC0301") return false;
    const kind = refKind(String(args.kind ?? ""));
    if (!kind) return false;
    if (nameless.has(kind)) return true;
    const ref = String(args.name ?? "");
    const set = names.get(kind);
    if (!set) return false;
    if (kind === "service") return set.has(ref.split("/").pop()!);
    if (kind === "external endpoint") return set.has(ref.replace(/^external:/, ""));
    // A namespace expanded per environment is named by its instance, <name>-<environment>.
    if (kind === "namespace") return [...set].some((n) => ref === n || ref.startsWith(`${n}-`));
    return set.has(ref);
  };
}

function refKind(kind: string): EntityKind | undefined {
  if (kind === "service" || kind.startsWith("service in environment")) return "service";
  if (kind.startsWith("node of cluster")) return "node";
  const known: EntityKind[] = ["namespace", "cluster", "layer", "network", "external endpoint", "environment", "zone"];
  return known.find((k) => k === kind);
}
