// Mermaid text that no spec value can break. Free text (descriptions, purposes, flow labels, chart names)
// may hold anything, so it only ever reaches a diagram through `label()`, inside a quoted label, with every
// character that means something to Mermaid's lexers, to HTML labels or to KaTeX written as a Mermaid
// entity code (#35; for "#"). Ids are derived from names, never from free text.
import { createHash } from "node:crypto";

/** Text already made safe for a quoted Mermaid label; only `label`, `lines` and `raw` produce it. */
type Mmd = string & { readonly __mmd: unique symbol };

// Kept as themselves inside a quoted label: letters, digits and punctuation no Mermaid lexer or HTML
// label gives a meaning to there. Everything else (quotes, #, &, <, >, ;, brackets, braces, |, %, $, `,
// backslash and all non-ASCII) becomes an entity code, which Mermaid decodes after parsing.
const KEEP = /^[A-Za-z0-9 .,:/_()'*+=!?@~^-]$/;

export function label(text: string): Mmd {
  let out = "";
  let prev = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Mermaid renders text between $$ and $$ as KaTeX math after decoding entities, so an entity-coded "$$" still
    // reads as math (and "$$<$$" fails the whole diagram): a zero-width space keeps two dollars apart.
    if (ch === "$" && prev === "$") out += "#8203;";
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) out += " ";
    else if (cp < 0x80 && KEEP.test(ch)) out += ch;
    else out += `#${cp};`;
    prev = ch;
  }
  // Mermaid's entity pre-pass strips the final ";" of lines matching /style.*:\S*#.*;/ or /classDef.*…/
  // (its own style syntax), which would leave a half entity; spelling the first letter as an entity
  // means free text can never spell either word.
  return out.replace(/style/g, "#115;tyle").replace(/classDef/g, "#99;lassDef") as Mmd;
}

/** Our own markup (line breaks, bold names), never spec text. */
export function raw(markup: string): Mmd {
  return markup as Mmd;
}

/** Lines of plain text joined with HTML line breaks, each escaped. */
export function lines(parts: ReadonlyArray<string | undefined>): Mmd {
  return parts.filter((p): p is string => p !== undefined && p !== "").map((p) => label(p)).join("<br/>") as Mmd;
}

/**
 * Free text wrapped at word boundaries into at most `maxLines` lines of about `width` characters, so a long
 * description makes a taller box rather than one as wide as the diagram. Counts code points, never splits one.
 * Linear in the text, and it stops at the first line past `maxLines`: free text may be long, and copying
 * what is left of a long word for every line made it quadratic.
 */
export function wrap(text: string, width = 32, maxLines = 2): string[] {
  if (maxLines < 1) return [];
  const lines = new LineFiller(Math.max(1, width), maxLines + 1);
  const words = /\S+/g;
  for (let m = words.exec(text); m && !lines.full(); m = words.exec(text)) lines.add(m[0]);
  return lines.result();
}

/** Fills lines word by word, breaking a word longer than a line into line-sized pieces. */
class LineFiller {
  private readonly out: string[] = [];
  private cur = "";
  /** code points in `cur` */
  private len = 0;

  constructor(private readonly width: number, private readonly limit: number) {}

  full(): boolean {
    return this.out.length >= this.limit;
  }

  add(word: string): void {
    let pos = 0;
    while (pos < word.length && !this.full()) {
      const room = this.width - this.len - (this.len > 0 ? 1 : 0);
      const fit = advance(word, pos, room);
      if (fit.index === word.length) {
        this.cur += (this.len > 0 ? " " : "") + word.slice(pos);
        this.len += (this.len > 0 ? 1 : 0) + fit.count;
        pos = word.length;
      } else if (this.len > 0) this.flush();
      else {
        const piece = advance(word, pos, this.width);
        this.cur = word.slice(pos, piece.index);
        this.len = piece.count;
        this.flush();
        pos = piece.index;
      }
    }
  }

  result(): string[] {
    if (this.len > 0) this.flush();
    const maxLines = this.limit - 1;
    if (this.out.length <= maxLines) return this.out;
    const kept = this.out.slice(0, maxLines);
    const last = kept[maxLines - 1]!;
    const end = advance(last, 0, this.width - 1);
    kept[maxLines - 1] = (end.index < last.length ? last.slice(0, end.index) : last) + "…";
    return kept;
  }

  private flush(): void {
    this.out.push(this.cur);
    this.cur = "";
    this.len = 0;
  }
}

/** The index `n` code points after `pos` (or the end of `s`), and how many code points that passed. */
function advance(s: string, pos: number, n: number): { index: number; count: number } {
  let i = pos;
  let count = 0;
  while (count < n && i < s.length) {
    i += (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    count++;
  }
  return { index: i, count };
}

/**
 * Stable ids for one kind of thing: `<prefix>_<key with every other character as _>`. Two keys that
 * sanitise alike (a-b/c and a/b-c) both get a short hash of their key appended, so an id depends only on
 * its own key and on whether a look-alike exists, never on list order.
 */
export function idsFor(prefix: string, keys: Iterable<string>): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    const base = `${prefix}_${key.replace(/[^A-Za-z0-9]/g, "_")}`;
    const group = byBase.get(base);
    if (group) group.push(key);
    else byBase.set(base, [key]);
  }
  const ids = new Map<string, string>();
  const taken = new Set(byBase.keys());
  for (const [base, group] of byBase) {
    if (group.length === 1) {
      ids.set(group[0]!, base);
      continue;
    }
    for (const key of [...group].sort()) {
      let id = `${base}_${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
      for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
      taken.add(id);
      ids.set(key, id);
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------
// the diagram models the templates lay out

type Shape = "box" | "round" | "stadium" | "cylinder" | "hexagon" | "subroutine" | "circle";

const SHAPES: Record<Shape, [string, string]> = {
  box: ["[", "]"],
  round: ["(", ")"],
  stadium: ["([", "])"],
  cylinder: ["[(", ")]"],
  hexagon: ["{{", "}}"],
  subroutine: ["[[", "]]"],
  circle: ["((", "))"],
};

export interface FlowNode {
  id: string;
  label: Mmd;
  open: string;
  close: string;
}

export interface Subgraph {
  id: string;
  label: Mmd;
  direction?: "TB" | "LR";
  nodes: FlowNode[];
  subgraphs: Subgraph[];
}

/** `~~~` is Mermaid's invisible link: it only shapes the layout. */
type Arrow = "-->" | "-.->" | "==>" | "---" | "-.-" | "<-->" | "<-.->" | "~~~";

export interface Edge {
  from: string;
  to: string;
  arrow: Arrow;
  label?: Mmd;
}

export interface Flowchart {
  direction: "TB" | "LR";
  nodes: FlowNode[];
  subgraphs: Subgraph[];
  edges: Edge[];
  /** `style <id> <css>` lines; css is ours, never spec text */
  styles: Array<{ id: string; css: string }>;
}

export function node(id: string, text: Mmd, shape: Shape = "box"): FlowNode {
  const [open, close] = SHAPES[shape];
  return { id, label: text, open, close };
}

export function subgraph(id: string, text: Mmd, direction?: "TB" | "LR"): Subgraph {
  return { id, label: text, nodes: [], subgraphs: [], ...(direction ? { direction } : {}) };
}

/**
 * Collects edges, merging parallel ones (same ends and arrow) into one with all their labels: Mermaid
 * draws parallel edges on top of each other, and their labels would hide one another.
 */
export class EdgeSet {
  private readonly byKey = new Map<string, { edge: Omit<Edge, "label">; labels: string[] }>();

  add(from: string, to: string, arrow: Arrow, text?: string): void {
    const key = `${from}\u0000${to}\u0000${arrow}`;
    let e = this.byKey.get(key);
    if (!e) {
      e = { edge: { from, to, arrow }, labels: [] };
      this.byKey.set(key, e);
    }
    if (text !== undefined && text !== "" && !e.labels.includes(text)) e.labels.push(text);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Ids at either end of some edge. */
  ends(): Set<string> {
    const out = new Set<string>();
    for (const { edge } of this.byKey.values()) out.add(edge.from).add(edge.to);
    return out;
  }

  /**
   * Boxes that no edge touches are laid out side by side, one row as wide as all of them (seed 003's
   * thirty namespaces made a diagram 7,600 px wide). Invisible links from each to the one `cols` places
   * later stack them into a near-square grid instead. `anchors` are one node id per box, in display order.
   */
  gridIsolated(anchors: readonly string[]): void {
    const touched = this.ends();
    const isolated = anchors.filter((a) => !touched.has(a));
    const cols = Math.max(1, Math.ceil(Math.sqrt(isolated.length)));
    for (let i = 0; i + cols < isolated.length; i++) this.add(isolated[i]!, isolated[i + cols]!, "~~~");
  }

  /** In insertion order, which the builders keep deterministic. At most `maxLabels` labels per edge. */
  edges(maxLabels = 3): Edge[] {
    return [...this.byKey.values()].map(({ edge, labels }) => {
      if (labels.length === 0) return edge;
      const shown = labels.slice(0, maxLabels).join(", ") + (labels.length > maxLabels ? ` +${labels.length - maxLabels}` : "");
      return { ...edge, label: label(shown) };
    });
  }
}

/** Pastel fills for sibling subgraphs, so namespaces are told apart at a glance (seed 000 does the same). */
const FILLS = ["#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5", "#fce4ec", "#fff8e1", "#e0f2f1", "#ede7f6", "#f1f8e9", "#e1f5fe"];

export function fill(i: number): string {
  return `fill:${FILLS[i % FILLS.length]},stroke:#90a4ae`;
}

export interface PieChart {
  title: Mmd;
  slices: Array<{ label: Mmd; value: number }>;
}

/** What one diagram is: a stable name (its file is docs/<name>.mmd) and its Mermaid text without header. */
export interface Diagram {
  name: string;
  body: string;
}

/** Counts what Mermaid limits by default (maxEdges 500, maxTextSize 50,000) and what a reader can follow. */
export function flowchartSize(f: Flowchart): { nodes: number; edges: number } {
  let nodes = f.nodes.length;
  const walk = (s: Subgraph): void => {
    nodes += s.nodes.length + 1;
    s.subgraphs.forEach(walk);
  };
  f.subgraphs.forEach(walk);
  return { nodes, edges: f.edges.length };
}
