// "did you mean" for unknown fields and unresolved references.

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + cost);
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance that still reads as a typo, or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    // Case-only differences (podCidr vs podCIDR) are the commonest typo in camelCase keys.
    const d = cl === lower ? 0.5 : editDistance(lower, cl);
    const bound = Math.max(1, Math.floor(Math.max(word.length, c.length) / 3));
    if (d <= bound && (d < bestScore || (d === bestScore && best !== undefined && c < best))) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}

/**
 * The help for a name that resolves to nothing: the close match if there is one, else what the name could be
 * (`listed` introduces the list, e.g. "layers of cluster `main`"), else how to declare one (`none`).
 */
export function didYouMeanOrList(word: string, candidates: Iterable<string>, listed: string, none: string): string {
  const all = [...candidates];
  const shown = all.slice(0, 8).join(", ") + (all.length > 8 ? `, … (${all.length} in all)` : "");
  return didYouMean(word, all) ?? (all.length ? `${listed}: ${shown}` : none);
}
