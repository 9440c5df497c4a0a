import type { Path } from "../source.js";

// Nesting depth of the data, for documents with aliases: without recursion, and once per distinct object, since
// aliases share them.

type Container = Record<string, unknown>;
const isContainer = (v: unknown): v is Container => v !== null && typeof v === "object";

/**
 * A path to a collection nested deeper than `limit` (collections from the root, which is 1), or undefined. Of
 * the too-deep paths, the first in document order, so that it leads through the first alias that goes too far.
 */
export function pathDeeperThan(root: unknown, limit: number): Path | undefined {
  if (!isContainer(root)) return undefined;
  const heights = collectionHeights(root);
  if (heights === undefined) return []; // a cycle: infinitely deep
  if (heights.get(root)! <= limit) return undefined;
  const path: Array<string | number> = [];
  let node: Container = root;
  while (path.length < limit) {
    const depth = path.length + 1;
    const next = Object.entries(node).find(([, v]) => isContainer(v) && heights.get(v)! + depth > limit)!;
    path.push(Array.isArray(node) ? Number(next[0]) : next[0]);
    node = next[1] as Container;
  }
  return path;
}

/** Each collection's height (1 for one holding only scalars); undefined if the data is circular. */
function collectionHeights(root: Container): Map<Container, number> | undefined {
  const heights = new Map<Container, number>();
  const open = new Set<Container>();
  const todo: Container[] = [root];
  while (todo.length) {
    const node = todo[todo.length - 1]!;
    if (heights.has(node)) {
      todo.pop();
      continue;
    }
    const children = Object.values(node).filter(isContainer);
    if (!open.has(node)) {
      open.add(node);
      for (const c of children) {
        if (open.has(c)) return undefined;
        if (!heights.has(c)) todo.push(c);
      }
      continue;
    }
    let h = 0;
    for (const c of children) h = Math.max(h, heights.get(c)!);
    heights.set(node, h + 1);
    open.delete(node);
    todo.pop();
  }
  return heights;
}
