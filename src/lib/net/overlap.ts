import type { IpRange } from "./ip.js";

export interface Interval<T> {
  range: IpRange;
  item: T;
}

/**
 * Pairs of intervals whose ranges overlap and which `mayOverlap` does not
 * permit. Each pair is [earlier, later] in sweep order (family, start, input
 * order) and pairs are emitted in the sweep order of their later element.
 *
 * The result is a diagnostic aid, not an enumeration of all overlapping pairs:
 * one /8 containing 10 000 /24s would otherwise produce 10 000 errors saying
 * the same thing. The guarantee is that every item involved in at least one
 * forbidden overlap appears in at least one reported pair, and:
 *  - each item is reported as the later element of at most one "primary" pair,
 *    against the earlier interval reaching furthest among those it may not
 *    overlap (that is the interval most likely to be the real culprit);
 *  - with a `mayOverlap` filter, an earlier item whose only forbidden partners
 *    come later may not be anyone's furthest-reaching partner, so it is also
 *    paired with the first later item that exposes it — once per item.
 * Hence at most 2n pairs.
 *
 * Complexity: sorting is O(n log n). Without `mayOverlap` the sweep tracks only
 * the furthest-reaching interval so far, O(1) per item (that alone reaches
 * every offending item: an item overlapping only later intervals is the
 * furthest-reaching interval for its immediate successor). With `mayOverlap`
 * the sweep keeps the intervals still covering the current start and scans
 * them, O(n·d) where d is the maximum number of ranges stacked over a single
 * address — small for real address plans (nested pools, not thousands of
 * identical ranges). `mayOverlap` is expected to be symmetric; it is called as
 * (earlier, later).
 */
export function findOverlaps<T>(
  items: Interval<T>[],
  mayOverlap?: (a: T, b: T) => boolean,
): Array<[Interval<T>, Interval<T>]> {
  const order = items
    .map((iv, index) => ({ iv, index }))
    .sort((x, y) => {
      const a = x.iv.range;
      const b = y.iv.range;
      if (a.family !== b.family) return a.family - b.family;
      if (a.start !== b.start) return a.start < b.start ? -1 : 1;
      return x.index - y.index;
    })
    .map((e) => e.iv);

  return mayOverlap ? sweepFiltered(order, mayOverlap) : sweepAll(order);
}

function sweepAll<T>(order: Interval<T>[]): Array<[Interval<T>, Interval<T>]> {
  const out: Array<[Interval<T>, Interval<T>]> = [];
  let furthest: Interval<T> | undefined;
  for (const cur of order) {
    const r = cur.range;
    if (furthest && furthest.range.family === r.family && furthest.range.end >= r.start) {
      out.push([furthest, cur]);
    }
    // Strict '>' keeps the earliest interval on ties, which keeps output stable.
    if (!furthest || furthest.range.family !== r.family || r.end > furthest.range.end) {
      furthest = cur;
    }
  }
  return out;
}

function sweepFiltered<T>(
  order: Interval<T>[],
  mayOverlap: (a: T, b: T) => boolean,
): Array<[Interval<T>, Interval<T>]> {
  const out: Array<[Interval<T>, Interval<T>]> = [];
  // Tracked by sweep position, not object identity, so the same Interval passed twice counts twice.
  const reported = new Uint8Array(order.length);
  // Positions of earlier intervals (same family) that might still overlap upcoming ones, in sweep order.
  let active: number[] = [];

  order.forEach((cur, pos) => {
    const r = cur.range;
    // Later intervals start no earlier than `cur`, so anything ending before it is done for good.
    active = active.filter((a) => order[a]!.range.family === r.family && order[a]!.range.end >= r.start);

    const forbidden = active.filter((a) => !mayOverlap(order[a]!.item, cur.item));
    if (forbidden.length > 0) {
      let primary = forbidden[0]!;
      for (const f of forbidden) if (order[f]!.range.end > order[primary]!.range.end) primary = f;
      out.push([order[primary]!, cur]);
      reported[primary] = 1;
      reported[pos] = 1;
      for (const f of forbidden) {
        if (!reported[f]) {
          out.push([order[f]!, cur]);
          reported[f] = 1;
        }
      }
    }
    active.push(pos);
  });
  return out;
}

/**
 * (first occurrence, later occurrence) for every item whose key was already
 * seen; items with an undefined key are ignored. Keys compare with SameValueZero
 * (Map semantics), so use primitives, e.g. canonical address text.
 */
export function findDuplicates<T, K>(items: T[], key: (t: T) => K | undefined): Array<[T, T]> {
  const first = new Map<K, T>();
  const out: Array<[T, T]> = [];
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const seen = first.get(k);
    if (seen === undefined && !first.has(k)) first.set(k, item);
    else out.push([seen as T, item]);
  }
  return out;
}
