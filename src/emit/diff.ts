// The unified-style diff build --check prints for a stale file.

/** Changed lines shown per file unless the whole diff is asked for (build --check --full-diff). */
export const DIFF_MAX_CHANGED_LINES = 20;
const DIFF_CONTEXT = 2;
// The LCS table is (n+1)*(m+1) 32-bit cells after trimming common prefix and suffix; past this (16 MiB) the
// changed middle is shown as one replaced block (correct, if not minimal: the default 20-line cap truncates it anyway).
const DIFF_MAX_LCS_CELLS = 4_000_000;

type Op = { tag: " " | "-" | "+"; text: string };

/** Lines including their "\n", so a missing final newline is a visible difference. */
function splitLines(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

function diffOps(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;

  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ tag: " ", text: a[i] ?? "" });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  if ((n + 1) * (m + 1) > DIFF_MAX_LCS_CELLS) {
    for (const t of am) ops.push({ tag: "-", text: t });
    for (const t of bm) ops.push({ tag: "+", text: t });
  } else {
    // dp[i*w+j] = length of the LCS of am[i..] and bm[j..]; walking it forwards with "delete before insert" on
    // ties gives the same script every time, in the order people expect from diff(1).
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i * w + j] = am[i] === bm[j] ? (dp[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(dp[(i + 1) * w + j] ?? 0, dp[i * w + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (am[i] === bm[j]) {
        ops.push({ tag: " ", text: am[i] ?? "" });
        i++;
        j++;
      } else if ((dp[(i + 1) * w + j] ?? 0) >= (dp[i * w + j + 1] ?? 0)) {
        ops.push({ tag: "-", text: am[i++] ?? "" });
      } else {
        ops.push({ tag: "+", text: bm[j++] ?? "" });
      }
    }
    while (i < n) ops.push({ tag: "-", text: am[i++] ?? "" });
    while (j < m) ops.push({ tag: "+", text: bm[j++] ?? "" });
  }
  for (let i = a.length - suf; i < a.length; i++) ops.push({ tag: " ", text: a[i] ?? "" });
  return ops;
}

/**
 * A unified-style diff from `before` (on disk) to `after` (expected), with hunk headers carrying line numbers,
 * cut off after `maxChangedLines` changed lines (default DIFF_MAX_CHANGED_LINES) so a wildly different file does
 * not flood the report; Infinity shows every hunk.
 */
export function unifiedDiff(relPath: string, before: string, after: string, maxChangedLines: number = DIFF_MAX_CHANGED_LINES): string {
  const ops = diffOps(splitLines(before), splitLines(after));
  const changes: number[] = [];
  ops.forEach((op, i) => {
    if (op.tag !== " ") changes.push(i);
  });
  const header = `--- ${relPath} (on disk)\n+++ ${relPath} (generated)`;
  if (changes.length === 0) {
    // Only possible when the disk bytes are not valid UTF-8 yet decode to the expected text.
    return `${header}\n(the files differ only in bytes that are not valid UTF-8)`;
  }
  const shown = changes.slice(0, maxChangedLines);
  const hidden = changes.length - shown.length;
  // Context after the last shown change must not run into the first hidden one.
  const cutoff = (Number.isFinite(maxChangedLines) ? changes[maxChangedLines] : undefined) ?? ops.length;

  const oldBefore = new Array<number>(ops.length);
  const newBefore = new Array<number>(ops.length);
  let o = 0;
  let nn = 0;
  ops.forEach((op, i) => {
    oldBefore[i] = o;
    newBefore[i] = nn;
    if (op.tag !== "+") o++;
    if (op.tag !== "-") nn++;
  });

  const ranges: Array<[number, number]> = [];
  for (const c of shown) {
    const start = Math.max(0, c - DIFF_CONTEXT);
    const end = Math.min(ops.length - 1, c + DIFF_CONTEXT, cutoff - 1);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }

  const out: string[] = [header];
  for (const [start, end] of ranges) {
    let oldCount = 0;
    let newCount = 0;
    const body: string[] = [];
    for (let i = start; i <= end; i++) {
      const op = ops[i];
      if (op === undefined) continue;
      if (op.tag !== "+") oldCount++;
      if (op.tag !== "-") newCount++;
      const hasNewline = op.text.endsWith("\n");
      body.push(op.tag + (hasNewline ? op.text.slice(0, -1) : op.text));
      if (!hasNewline) body.push("\\ No newline at end of file");
    }
    const oldStart = (oldBefore[start] ?? 0) + (oldCount > 0 ? 1 : 0);
    const newStart = (newBefore[start] ?? 0) + (newCount > 0 ? 1 : 0);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...body);
  }
  if (hidden > 0) out.push(`... ${hidden} more changed line${hidden === 1 ? "" : "s"} not shown`);
  return out.join("\n");
}
