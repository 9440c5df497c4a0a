import { positionOf, lineText } from "../source.js";
import type { Diagnostic, Span } from "./diagnostic.js";

interface RenderOptions {
  color: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function frame(span: Span, label: string, o: RenderOptions, marker: string, markerColor: string): string[] {
  const { file } = span;
  const from = positionOf(file, span.start);
  const to = positionOf(file, Math.max(span.start, span.end - 1));
  const text = lineText(file, from.line);
  const gutter = " ".repeat(String(from.line).length);
  // Multi-line spans underline only the first line: the start is where the eye should go.
  const endCol = to.line === from.line ? to.col : text.length;
  const width = Math.max(1, endCol - from.col + 1);
  const lines = [
    `${gutter}${paint(o.color, "34", "-->")} ${file.path}:${from.line}:${from.col}`,
    `${gutter} ${paint(o.color, "34", "|")}`,
    `${paint(o.color, "34", `${from.line} |`)} ${text}`,
    `${gutter} ${paint(o.color, "34", "|")} ${" ".repeat(from.col - 1)}${paint(o.color, markerColor, marker.repeat(width))}${label ? " " + paint(o.color, markerColor, label) : ""}`,
  ];
  return lines;
}

export function renderDiagnostic(d: Diagnostic, o: RenderOptions): string {
  const sevColor = d.severity === "error" ? "31;1" : "33;1";
  const out: string[] = [`${paint(o.color, sevColor, `${d.severity}[${d.code}]`)}${paint(o.color, "1", `: ${d.message}`)}`];
  let gutter = " ";
  if (d.span) {
    const lines = frame(d.span, "", o, "^", sevColor);
    gutter = " ".repeat(String(positionOf(d.span.file, d.span.start).line).length);
    out.push(...lines);
  }
  for (const r of d.related) {
    const lines = frame(r.span, r.message, o, "-", "34");
    out.push(...lines.slice(0, 1).map((l) => l.replace("-->", ":::")), ...lines.slice(1));
  }
  for (const n of d.notes) out.push(`${gutter} ${paint(o.color, "34", "=")} ${paint(o.color, "1", "note")}: ${n}`);
  if (d.help) out.push(`${gutter} ${paint(o.color, "34", "=")} ${paint(o.color, "1", "help")}: ${d.help}`);
  return out.join("\n");
}

export function renderSummary(list: readonly Diagnostic[], o: RenderOptions): string {
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  if (parts.length === 0) return "";
  return paint(o.color, errors ? "31;1" : "33;1", parts.join(", "));
}

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  help?: string;
  notes: string[];
  related: Array<{ file: string; line: number; column: number; message: string }>;
}

export function toJson(d: Diagnostic): JsonDiagnostic {
  const j: JsonDiagnostic = { code: d.code, severity: d.severity, message: d.message, notes: d.notes, related: [] };
  if (d.span) {
    const s = positionOf(d.span.file, d.span.start);
    const e = positionOf(d.span.file, d.span.end);
    Object.assign(j, { file: d.span.file.path, line: s.line, column: s.col, endLine: e.line, endColumn: e.col });
  }
  if (d.help) j.help = d.help;
  j.related = d.related.map((r) => {
    const p = positionOf(r.span.file, r.span.start);
    return { file: r.span.file.path, line: p.line, column: p.col, message: r.message };
  });
  return j;
}
