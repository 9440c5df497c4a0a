// ipBlock and CIDR rules take prefixes, while the spec allows inclusive ranges (a-b) for external endpoints.
import { formatCIDR, familyBits, rangeContains, type IpRange } from "../../src/lib/net/ip.js";

export interface Block {
  cidr: string;
  range: IpRange;
}

/** The fewest prefixes that cover exactly the range, lowest first. */
export function rangeToBlocks(r: IpRange): Block[] {
  const bits = familyBits(r.family);
  const out: Block[] = [];
  let start = r.start;
  while (start <= r.end) {
    // The largest block that starts at `start` (alignment) and does not run past the end.
    let size = 0;
    while (size < bits) {
      const mask = (1n << BigInt(size + 1)) - 1n;
      if ((start & mask) !== 0n || start + mask > r.end) break;
      size++;
    }
    const end = start + (1n << BigInt(size)) - 1n;
    out.push({ cidr: formatCIDR(r.family, start, bits - size), range: { family: r.family, start, end } });
    start = end + 1n;
  }
  return out;
}

/**
 * The prefixes of `except` that lie strictly inside the block: Kubernetes rejects except entries outside
 * their cidr, and an entry equal to it would leave nothing.
 */
export function exceptInside(block: Block, except: readonly Block[]): string[] {
  return except
    .filter((e) => rangeContains(block.range, e.range) && !(e.range.start === block.range.start && e.range.end === block.range.end))
    .map((e) => e.cidr)
    .sort();
}
