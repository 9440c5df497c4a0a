// The spec's `ignore` list: warnings silenced on purpose, each with its reason. It runs after every phase
// (src/build.ts), because the warnings it silences come from lowering, allocation and the checks alike.
// A scope names an object of the spec; a warning is in it when its span lies in the text of that object or of
// one the object holds (a cluster holds its nodes, namespaces and services; a namespace its services). Spans
// carry offsets, not paths, so "in" is decided by the byte range of each such object's text (see extent).
import type * as G from "../graph.js";
import type { Loc, Path } from "../source.js";
import type { SpecFile } from "../parse/index.js";
import { CODES, isCode, type Code } from "../diagnostics/codes.js";
import { spanAt, type Diagnostic, type Diagnostics } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../lib/suggest.js";

export interface IgnoreRule {
  index: number;
  code: Code;
  reason: string;
  at?: string;
  /** byte ranges a matched warning must lie in; absent when the entry has no `at:` (any location, or none) */
  within?: Array<{ start: number; end: number }>;
  used: number;
  /** its `at:` resolved to nothing (already reported, or not reportable): not stale, wrong */
  unresolved?: true;
  /** warnings of the code that lie outside the scope: named when the entry silences nothing */
  outside: Diagnostic[];
}

export interface Silenced {
  diagnostic: Diagnostic;
  reason: string;
}

/** The codes that report the ignore list itself: silencing them would hide that the list is wrong. */
const OWN_CODES: readonly string[] = ["PC0310", "PC0311", "PC0312", "PC0313"];
const KINDS = ["cluster", "node", "namespace", "service", "external", "zone"] as const;
type Kind = (typeof KINDS)[number];
const FORMS: Record<Kind, string> = {
  cluster: "cluster:<cluster>",
  node: "node:[<cluster>/]<node>",
  namespace: "namespace:[<cluster>/]<namespace>",
  service: "service:[<cluster>/]<namespace>/<service>",
  external: "external:<name>",
  zone: "zone:<name>",
};

/** `malformed` when the text is wrong whatever the spec declares (reported even when the graph is partial). */
type Scope = { ok: true; locs: Loc[] } | { ok: false; malformed?: true; ambiguous?: { name: string; clusters: string[] }; problem: string; help: string };

/**
 * The entries of `ignore` that can silence something. `complete` says the graph holds every object of the spec;
 * when lowering stopped with errors it may not, so a scope that resolves to nothing is not reported then.
 */
export function readIgnores(spec: SpecFile, graph: G.Graph, diags: Diagnostics, complete: boolean): IgnoreRule[] {
  const list = (spec.data as { ignore?: unknown } | null)?.ignore;
  if (!Array.isArray(list)) return [];
  const rules: IgnoreRule[] = [];
  list.forEach((entry: unknown, index) => {
    const e = entry as { code?: unknown; reason?: unknown; at?: unknown } | null;
    if (!e || typeof e.code !== "string" || typeof e.reason !== "string") return;
    const here = (field: string) => spanAt(spec, ["ignore", index, field]);
    if (!isCode(e.code)) {
      const warnings = Object.keys(CODES).filter((c) => CODES[c as Code].severity === "warning");
      diags.report("PC0310", here("code"), { code: e.code }, { help: didYouMean(e.code, warnings) ?? "`platformc explain` lists the codes; only warnings can be ignored" });
      return;
    }
    if (CODES[e.code].severity === "error") {
      diags.report("PC0311", here("code"), { code: e.code, reason: "it is an error" }, { help: `errors cannot be silenced: fix what it reports (\`platformc explain ${e.code}\`) and remove this entry` });
      return;
    }
    if (OWN_CODES.includes(e.code)) {
      diags.report("PC0311", here("code"), { code: e.code, reason: "it reports the ignore list itself" }, { help: "fix or remove the ignore entry it reports, and remove this one" });
      return;
    }
    const rule: IgnoreRule = { index, code: e.code, reason: e.reason, used: 0, outside: [] };
    if (typeof e.at === "string") {
      rule.at = e.at;
      const scope = resolveScope(e.at, graph);
      if (scope.ok) rule.within = scope.locs.map((l) => extent(spec, l.path));
      else {
        rule.within = [];
        rule.unresolved = true;
        if (scope.ambiguous) diags.report("PC0307", here("at"), { ref: e.at, kind: "an ignore scope", reason: `\`${scope.ambiguous.name}\` is in clusters ${scope.ambiguous.clusters.join(", ")}` }, { help: scope.help });
        else if (complete || scope.malformed) diags.report("PC0312", here("at"), { at: e.at, problem: scope.problem }, { help: scope.help });
      }
    }
    rules.push(rule);
  });
  return rules;
}

/** Splits a build's diagnostics into those that stand and the warnings an entry silences (errors never are). */
export function applyIgnores(rules: IgnoreRule[], items: readonly Diagnostic[], spec: SpecFile): { kept: Diagnostic[]; silenced: Silenced[] } {
  const kept: Diagnostic[] = [];
  const silenced: Silenced[] = [];
  for (const d of items) {
    const matching = d.severity === "warning" ? rules.filter((r) => r.code === d.code) : [];
    const inside = matching.filter((r) => covers(r, d, spec));
    for (const r of matching) if (!inside.includes(r)) r.outside.push(d);
    if (inside.length === 0) {
      kept.push(d);
      continue;
    }
    for (const r of inside) r.used++;
    // The narrowest entry explains best why this warning stands: one with a scope before a code-wide one.
    const best = inside.find((r) => r.within) ?? inside[0]!;
    silenced.push({ diagnostic: d, reason: best.reason });
  }
  return { kept, silenced };
}

/** An entry that silenced nothing is stale: the warning it was written for no longer fires where it says. */
export function reportUnused(rules: readonly IgnoreRule[], spec: SpecFile, diags: Diagnostics): void {
  for (const r of rules) {
    if (r.used || r.unresolved) continue;
    const related = r.outside.slice(0, 3).flatMap((d) => (d.span ? [{ span: d.span, message: `${r.code} fires here, outside \`${r.at}\`` }] : []));
    diags.report("PC0313", spanAt(spec, ["ignore", r.index]), { code: r.code, scope: r.at ? ` at \`${r.at}\`` : "" }, { help: r.outside.length ? "widen or correct `at:`, or remove this entry" : "remove this entry, or correct its code", related });
  }
}

/**
 * Where the text of the object at `path` lies: from its start to the start of the next thing in the document
 * (its next sibling, or its parent's). The locator gives a block collection's first line only, so the end is
 * found from the data; keys the schema's defaults added exist only there and locate before the object: skipped.
 */
function extent(spec: SpecFile, path: Path): { start: number; end: number } {
  const start = spec.locate(path, "value").start;
  for (let depth = path.length; depth > 0; depth--) {
    const parentPath = path.slice(0, depth - 1);
    for (const sibling of siblingsAfter(dataAt(spec.data, parentPath), path[depth - 1]!)) {
      const r = spec.locate([...parentPath, sibling], typeof sibling === "number" ? "value" : "key");
      if (r.start > start) return { start, end: r.start };
    }
  }
  return { start, end: spec.source.text.length };
}

function dataAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const seg of path) node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[seg] : undefined;
  return node;
}

function siblingsAfter(parent: unknown, seg: string | number): Array<string | number> {
  if (Array.isArray(parent)) return typeof seg === "number" ? parent.map((_, i) => i).filter((i) => i > seg) : [];
  if (parent === null || typeof parent !== "object") return [];
  const keys = Object.keys(parent);
  const at = keys.indexOf(String(seg));
  return at === -1 ? [] : keys.slice(at + 1);
}

function covers(r: IgnoreRule, d: Diagnostic, spec: SpecFile): boolean {
  if (!r.within) return true;
  const s = d.span;
  if (!s || s.file.path !== spec.source.path) return false;
  return r.within.some((w) => s.start >= w.start && s.end <= w.end);
}

function resolveScope(at: string, g: G.Graph): Scope {
  const m = /^([a-z]+):(.+)$/.exec(at);
  const kind = m && (KINDS as readonly string[]).includes(m[1]!) ? (m[1] as Kind) : undefined;
  if (!m || !kind) {
    const typo = m ? didYouMean(m[1]!, KINDS) : undefined;
    return { ok: false, malformed: true, problem: "is not a scope", help: `${typo ? `${typo} ` : ""}write one of ${Object.values(FORMS).join(", ")}` };
  }
  const parts = m[2]!.split("/");
  const [min, max] = kind === "service" ? [2, 3] : kind === "node" || kind === "namespace" ? [1, 2] : [1, 1];
  if (parts.length < min || parts.length > max || parts.some((p) => p === "")) return { ok: false, malformed: true, problem: `is not a ${kind} scope`, help: `write ${FORMS[kind]}` };
  const clusterName = parts.length === max && max > min ? parts[0] : undefined;
  const rest = clusterName === undefined ? parts : parts.slice(1);
  const clusters = clusterName === undefined ? g.clusters : g.clusters.filter((c) => c.name === clusterName);
  if (clusterName !== undefined && clusters.length === 0) return notFound(at, "cluster", clusterName, g.clusters.map((c) => `${kind}:${[c.name, ...rest].join("/")}`));
  switch (kind) {
    case "cluster": {
      const c = g.clusters.find((x) => x.name === rest[0]);
      if (!c) return notFound(at, kind, rest[0]!, g.clusters.map((x) => `cluster:${x.name}`));
      return { ok: true, locs: [c.loc, ...c.nodes.map((n) => n.loc), ...c.namespaces.map((n) => n.loc), ...c.services.map((s) => s.loc)] };
    }
    case "node": {
      const found = clusters.flatMap((c) => c.nodes.filter((n) => n.name === rest[0]));
      return pick(at, kind, rest[0]!, found, (n) => n.cluster, (n) => [n.loc], g.clusters.flatMap((c) => c.nodes.map((n) => `node:${c.name}/${n.name}`)));
    }
    case "namespace": {
      const found = clusters.flatMap((c) => c.namespaces.filter((n) => n.name === rest[0] || n.base === rest[0]));
      const services = (n: G.NamespaceNode) => g.clusters.find((c) => c.name === n.cluster)!.services.filter((s) => s.namespace === n.name);
      return pick(at, kind, rest[0]!, found, (n) => n.cluster, (n) => [n.loc, ...services(n).map((s) => s.loc)], g.clusters.flatMap((c) => c.namespaces.map((n) => `namespace:${c.name}/${n.name}`)));
    }
    case "service": {
      const [ns, name] = rest as [string, string];
      const found = clusters.flatMap((c) => c.services.filter((s) => s.name === name && (s.namespace === ns || s.baseNamespace === ns)));
      return pick(at, kind, `${ns}/${name}`, found, (s) => s.cluster, (s) => [s.loc], g.clusters.flatMap((c) => c.services.map((s) => `service:${s.namespace}/${s.name}`)));
    }
    case "external": {
      const e = g.externals.find((x) => x.name === rest[0]);
      return e ? { ok: true, locs: [e.loc] } : notFound(at, kind, rest[0]!, g.externals.map((x) => `external:${x.name}`));
    }
    case "zone": {
      const want = rest[0]!.toLowerCase().replace(/\.$/, "");
      const z = g.zones.find((x) => x.name.toLowerCase().replace(/\.$/, "") === want);
      return z ? { ok: true, locs: [z.loc] } : notFound(at, kind, rest[0]!, g.zones.map((x) => `zone:${x.name}`));
    }
  }
}

/** Found in one cluster: a scope; in several: ambiguous unless the scope named the cluster. */
function pick<T>(at: string, kind: Kind, name: string, found: T[], clusterOf: (t: T) => string, locs: (t: T) => Loc[], candidates: string[]): Scope {
  if (found.length === 0) return notFound(at, kind, name, candidates);
  const clusters = [...new Set(found.map(clusterOf))].sort();
  if (clusters.length > 1) return { ok: false, ambiguous: { name, clusters }, problem: "is ambiguous", help: `name the cluster: ${clusters.map((c) => `${kind}:${c}/${name}`).join(" or ")}` };
  return { ok: true, locs: found.flatMap(locs) };
}

function notFound(at: string, kind: string, name: string, candidates: string[]): Scope {
  const help = didYouMean(at, candidates) ?? (candidates.length ? `the spec declares no ${kind} \`${name}\`` : `the spec declares no ${kind}`);
  return { ok: false, problem: `names no ${kind} of the spec`, help };
}
