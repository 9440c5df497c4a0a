// Nesting depth of the text, from yaml's lexer: a loop over tokens, so the scan itself cannot overflow, and tokens already
// tell scalars (quoted, plain, block), comments and indicators apart. Depth counts collections from the root
// (1): block ones by the columns of their keys and dashes, as the parser nests them, plus open flow brackets.
// It runs before yaml parses, because yaml's parser recurses once per level (see MAX_DEPTH in index.ts).
import { CST, Lexer } from "yaml";

type Range = { start: number; end: number };

/** A block collection the scan holds open: the column of its keys or dashes, and whether it is a sequence. */
interface OpenBlock {
  col: number;
  seq: boolean;
}

/** The open collections, and the first one that went past the limit. */
class Nesting {
  private blocks: OpenBlock[] = [];
  private flow = 0;
  tooDeep: Range | undefined;

  constructor(private readonly limit: number) {}

  /** The first content of a line ends every block collection indented further. */
  line(col: number): void {
    if (this.flow > 0) return;
    while (this.blocks.length && this.blocks[this.blocks.length - 1]!.col > col) this.blocks.pop();
  }

  /** A key (or a `?`) at `col` continues the mapping there, ending a sequence written at its keys' column. */
  key(col: number, at: Range): void {
    if (this.flow > 0) return;
    this.line(col);
    let top = this.blocks[this.blocks.length - 1];
    while (top && top.seq && top.col === col) {
      this.blocks.pop();
      top = this.blocks[this.blocks.length - 1];
    }
    if (!top || top.seq || top.col !== col) this.open({ col, seq: false }, at);
  }

  /** A `-` at `col` continues the sequence there, or starts one (also at a mapping's column: `key:\n- a`). */
  dash(col: number, at: Range): void {
    if (this.flow > 0) return;
    this.line(col);
    const top = this.blocks[this.blocks.length - 1];
    if (!top || !top.seq || top.col !== col) this.open({ col, seq: true }, at);
  }

  flowOpen(at: Range): void {
    this.flow++;
    this.check(at);
  }

  flowClose(all: boolean): void {
    this.flow = all ? 0 : Math.max(0, this.flow - 1);
  }

  document(): void {
    this.blocks = [];
    this.flow = 0;
  }

  private open(block: OpenBlock, at: Range): void {
    this.blocks.push(block);
    this.check(at);
  }

  private check(at: Range): void {
    if (this.blocks.length + this.flow > this.limit) this.tooDeep ??= at;
  }
}

const MARKERS = new Set<string>([CST.DOCUMENT, CST.SCALAR, CST.FLOW_END]);
/** Tokens that are not content: they neither start a line's content nor a node. */
const LAYOUT = new Set(["space", "comment", "newline", "byte-order-mark"]);

/** Where the first collection nested deeper than `limit` starts, and whether the text has aliases. Linear in the text. */
export function scanNesting(text: string, limit: number): { tooDeep?: Range; aliases: boolean } {
  const nesting = new Nesting(limit);
  const scan = new LineScan();
  let aliases = false;
  for (const token of new Lexer().lex(text)) {
    const t = scan.next(token);
    if (!t) continue;
    aliases ||= t.type === "alias";
    feed(nesting, scan, t);
    if (nesting.tooDeep) return { tooDeep: nesting.tooDeep, aliases };
  }
  return { aliases };
}

/** A token with its place: what it is, where it starts, its column, and whether it is the first content of its line. */
interface Placed {
  type: string;
  start: number;
  end: number;
  col: number;
  first: boolean;
}

/** Positions of lexer tokens (markers take no room in the text) and the line each starts on. */
class LineScan {
  private offset = 0;
  private lineStart = 0;
  private lineHasContent = false;
  private scalarNext = false;
  private blockScalarNext = false;
  /** where the node being written on this line began (its anchor, tag or first character) and ended: a key's span */
  node: number | undefined;
  nodeEnd = 0;

  next(token: string): Placed | undefined {
    if (!this.scalarNext && MARKERS.has(token)) {
      this.scalarNext = token === CST.SCALAR;
      return token === CST.FLOW_END ? { type: "flow-error-end", start: this.offset, end: this.offset, col: 0, first: false } : undefined;
    }
    // After a scalar marker comes its text, whatever its first character (block scalar text starts with spaces).
    const type = this.scalarNext ? "scalar" : (CST.tokenType(token) ?? "scalar");
    const placed = this.place(type, token);
    this.scalarNext = false;
    return placed;
  }

  private place(type: string, token: string): Placed | undefined {
    const start = this.offset;
    this.offset += token.length;
    const content = !LAYOUT.has(type);
    // A block scalar's text is one token running over many lines: it neither starts a line's content nor nests.
    const blockText = type === "scalar" && this.blockScalarNext;
    if (type === "block-scalar-header") this.blockScalarNext = true;
    else if (type === "scalar") this.blockScalarNext = false;
    const placed = { type, start, end: this.offset, col: start - this.lineStart, first: content && !blockText && !this.lineHasContent };
    if (content && !blockText) this.lineHasContent = true;
    this.newLines(token, start);
    return blockText ? undefined : placed;
  }

  private newLines(token: string, start: number): void {
    const nl = token.lastIndexOf("\n");
    if (nl < 0) return;
    this.lineStart = start + nl + 1;
    this.lineHasContent = this.lineStart < this.offset;
    this.node = undefined;
  }
}

function feed(nesting: Nesting, scan: LineScan, t: Placed): void {
  if (LAYOUT.has(t.type)) return;
  if (t.first) nesting.line(t.col);
  const at = { start: t.start, end: t.end };
  switch (t.type) {
    case "seq-item-ind":
      nesting.dash(t.col, at);
      scan.node = undefined;
      return;
    case "explicit-key-ind":
      nesting.key(t.col, at);
      scan.node = undefined;
      return;
    case "map-value-ind":
      keyBefore(nesting, scan, t);
      scan.node = undefined;
      return;
    case "flow-seq-start":
    case "flow-map-start":
      scan.node ??= t.start;
      nesting.flowOpen(at);
      return;
    case "flow-seq-end":
    case "flow-map-end":
      scan.nodeEnd = t.end;
      nesting.flowClose(false);
      return;
    case "flow-error-end":
      nesting.flowClose(true);
      return;
    case "doc-start":
    case "doc-end":
      nesting.document();
      return;
    default:
      scan.node ??= t.start;
      scan.nodeEnd = t.end;
  }
}

/** A `:` makes what came before it on its line a key (its span: the key, anchor and tag included). */
function keyBefore(nesting: Nesting, scan: LineScan, colon: Placed): void {
  const start = scan.node ?? colon.start;
  const lineStart = colon.start - colon.col;
  const col = start >= lineStart ? start - lineStart : colon.col;
  const end = scan.node !== undefined && scan.nodeEnd > start ? scan.nodeEnd : colon.end;
  nesting.key(col, { start, end });
}

