// IPv4/IPv6 address arithmetic on BigInt.
//
// Parsing is hand-written rather than delegated to ipaddr.js because ipaddr.js
// is deliberately lenient (octal/hex IPv4 octets, "10.1" short forms, zone ids,
// "::1.2.3.4" silently rewritten to "::ffff:1.2.3.4"). platform.yaml values end
// up in firewall rules and network policies, where a lenient reading of a typo
// silently changes which hosts are reachable, so anything ambiguous is refused.
// ipaddr.js is still used by the tests as an independent oracle.

export type Family = 4 | 6;

/** Inclusive range of addresses of one family. */
export interface IpRange {
  family: Family;
  start: bigint;
  end: bigint;
}

type ParseIPResult =
  | { ok: true; family: Family; value: bigint }
  | { ok: false; reason: string };

type ParseCIDRResult =
  | { ok: true; family: Family; base: bigint; prefix: number; range: IpRange }
  | { ok: false; reason: string; suggestion?: string };

type AddressRangeKind = "cidr" | "range" | "single";

type ParseAddressRangeResult =
  | { ok: true; range: IpRange; kind: AddressRangeKind }
  | { ok: false; reason: string; suggestion?: string };

const NOT_AN_ADDRESS = "not an IPv4 or IPv6 address";

export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

function allOnes(bits: number): bigint {
  return (1n << BigInt(bits)) - 1n;
}

/** Mask selecting the host part of a `prefix`-bit network. */
function hostMask(family: Family, prefix: number): bigint {
  return allOnes(familyBits(family) - prefix);
}

// Octets are plain decimal without leading zeros: "010" is octal to inet_aton
// and decimal to most other parsers, so accepting it would be ambiguous.
const IPV4_RE = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const HEX_GROUP_RE = /^[0-9a-fA-F]{1,4}$/;

function parseIPv4(text: string): bigint | undefined {
  const m = IPV4_RE.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseHexGroups(text: string): number[] | undefined {
  if (text === "") return [];
  const groups: number[] = [];
  for (const g of text.split(":")) {
    if (!HEX_GROUP_RE.test(g)) return undefined;
    groups.push(parseInt(g, 16));
  }
  return groups;
}

function parseIPv6(text: string): bigint | undefined {
  let body = text;
  // An embedded dotted quad occupies the last 32 bits (RFC 4291 §2.2 form 3).
  let tail: number[] = [];
  if (text.includes(".")) {
    const lastColon = text.lastIndexOf(":");
    if (lastColon < 0) return undefined;
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [Number(v4 >> 16n), Number(v4 & 0xffffn)];
    body = text.slice(0, lastColon + 1);
    // Keep "::" intact but drop the single separator colon before the quad.
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }

  const halves = body.split("::");
  if (halves.length > 2) return undefined;

  let groups: number[];
  if (halves.length === 2) {
    const head = parseHexGroups(halves[0]!);
    const rest = parseHexGroups(halves[1]!);
    if (!head || !rest) return undefined;
    const explicit = head.length + rest.length + tail.length;
    // "::" stands for at least one zero group.
    if (explicit > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  } else {
    const all = parseHexGroups(body);
    if (!all) return undefined;
    groups = [...all, ...tail];
    if (groups.length !== 8) return undefined;
  }

  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

export function parseIP(text: string): ParseIPResult {
  if (text === "") return { ok: false, reason: "empty address" };
  if (text.trim() !== text) return { ok: false, reason: "has surrounding whitespace" };
  if (text.includes("%")) return { ok: false, reason: "zone ids are not allowed" };

  if (text.includes(":")) {
    const value = parseIPv6(text);
    return value === undefined ? { ok: false, reason: NOT_AN_ADDRESS } : { ok: true, family: 6, value };
  }

  const value = parseIPv4(text);
  if (value !== undefined) return { ok: true, family: 4, value };
  // Name the two mistakes people actually make, so the diagnostic is actionable.
  if (/^\d+(\.\d+){3}$/.test(text)) {
    if (text.split(".").some((o) => o.length > 1 && o.startsWith("0"))) {
      return { ok: false, reason: "IPv4 octet has a leading zero" };
    }
    return { ok: false, reason: "IPv4 octet out of range" };
  }
  if (/^\d+(\.\d+){0,2}$/.test(text)) {
    return { ok: false, reason: "IPv4 address needs four octets" };
  }
  return { ok: false, reason: NOT_AN_ADDRESS };
}

/** Canonical text: dotted quad, or RFC 5952 for IPv6 (lowercase, longest zero run compressed). */
export function formatIP(family: Family, value: bigint): string {
  if (value < 0n || value > allOnes(familyBits(family))) {
    throw new RangeError(`value out of range for IPv${family}`);
  }
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
  }

  // RFC 5952 §5 recommends dotted notation for IPv4-mapped addresses; Go's
  // net/netip (and hence Kubernetes) prints them the same way, so generated
  // configs stay diff-stable against what the cluster reports back.
  if (value >> 32n === 0xffffn) {
    return `::ffff:${formatIP(4, value & 0xffffffffn)}`;
  }

  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));

  // Longest run of zero groups; the first one wins ties; runs of length 1 are
  // never compressed (RFC 5952 §4.2.2, §4.2.3).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }

  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

export function formatCIDR(family: Family, base: bigint, prefix: number): string {
  return `${formatIP(family, base)}/${prefix}`;
}

function cidrRange(family: Family, base: bigint, prefix: number): IpRange {
  return { family, start: base, end: base | hostMask(family, prefix) };
}

// Decimal without leading zeros so "/08" and "/8" cannot both mean the same thing.
const PREFIX_RE = /^(0|[1-9]\d{0,2})$/;

export function parseCIDR(text: string): ParseCIDRResult {
  const slash = text.indexOf("/");
  if (slash < 0) {
    const ip = parseIP(text);
    if (!ip.ok) return { ok: false, reason: "missing prefix length" };
    return {
      ok: false,
      reason: "missing prefix length",
      suggestion: formatCIDR(ip.family, ip.value, familyBits(ip.family)),
    };
  }
  if (text.indexOf("/", slash + 1) >= 0) return { ok: false, reason: "more than one '/'" };

  const ip = parseIP(text.slice(0, slash));
  if (!ip.ok) return ip;

  const prefixText = text.slice(slash + 1);
  const maxBits = familyBits(ip.family);
  if (!PREFIX_RE.test(prefixText)) {
    return { ok: false, reason: "prefix length is not a decimal number" };
  }
  const prefix = Number(prefixText);
  if (prefix > maxBits) {
    return { ok: false, reason: `prefix length must be between 0 and ${maxBits}` };
  }

  const hostBits = ip.value & hostMask(ip.family, prefix);
  if (hostBits !== 0n) {
    return {
      ok: false,
      reason: "has host bits set",
      suggestion: formatCIDR(ip.family, ip.value & ~hostMask(ip.family, prefix), prefix),
    };
  }
  return { ok: true, family: ip.family, base: ip.value, prefix, range: cidrRange(ip.family, ip.value, prefix) };
}

export function parseAddressRange(text: string): ParseAddressRangeResult {
  if (text.includes("/")) {
    const c = parseCIDR(text);
    return c.ok ? { ok: true, range: c.range, kind: "cidr" } : c;
  }

  // '-' never occurs in IPv4 or IPv6 text, so it unambiguously separates a range.
  const dash = text.indexOf("-");
  if (dash >= 0) {
    if (text.indexOf("-", dash + 1) >= 0) return { ok: false, reason: "more than one '-'" };
    // Spaces are tolerated only around the dash; the ends must still be tight.
    const left = text.slice(0, dash).replace(/ +$/, "");
    const right = text.slice(dash + 1).replace(/^ +/, "");
    const a = parseIP(left);
    if (!a.ok) return { ok: false, reason: `range start: ${a.reason}` };
    const b = parseIP(right);
    if (!b.ok) return { ok: false, reason: `range end: ${b.reason}` };
    if (a.family !== b.family) return { ok: false, reason: "range mixes IPv4 and IPv6" };
    if (a.value > b.value) {
      return {
        ok: false,
        reason: "range start is after its end",
        suggestion: `${formatIP(b.family, b.value)}-${formatIP(a.family, a.value)}`,
      };
    }
    return { ok: true, range: { family: a.family, start: a.value, end: b.value }, kind: "range" };
  }

  const ip = parseIP(text);
  if (!ip.ok) return ip;
  return { ok: true, range: { family: ip.family, start: ip.value, end: ip.value }, kind: "single" };
}

export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

export function rangeSize(r: IpRange): bigint {
  return r.end - r.start + 1n;
}

/**
 * `value + offset`, or undefined when that leaves the family's address space. Derived addresses (the cluster
 * DNS at network + 10) come from user CIDRs that may sit at the very top of the space, and a value past it
 * must become a diagnostic, not a wrapped address or a RangeError from formatIP.
 */
export function offsetAddress(family: Family, value: bigint, offset: bigint): bigint | undefined {
  const v = value + offset;
  return v < 0n || v > allOnes(familyBits(family)) ? undefined : v;
}

/** The address `index` places into the range (0 is its start), or undefined when the range holds no such address. */
export function nthAddress(range: IpRange, index: bigint): bigint | undefined {
  const v = offsetAddress(range.family, range.start, index);
  return v !== undefined && v <= range.end ? v : undefined;
}

/**
 * The `index`-th `/childPrefix` network inside `parentBase/parentPrefix`.
 * Throws RangeError only for arguments a caller should have validated.
 */
export function subnet(
  parentBase: bigint,
  parentPrefix: number,
  childPrefix: number,
  index: bigint,
  family: Family,
): { base: bigint; prefix: number; range: IpRange } {
  const maxBits = familyBits(family);
  if (!Number.isInteger(parentPrefix) || parentPrefix < 0 || parentPrefix > maxBits) {
    throw new RangeError(`parent prefix /${parentPrefix} out of range for IPv${family}`);
  }
  if (!Number.isInteger(childPrefix) || childPrefix < parentPrefix || childPrefix > maxBits) {
    throw new RangeError(`child prefix /${childPrefix} must be between /${parentPrefix} and /${maxBits}`);
  }
  if (parentBase < 0n || parentBase > allOnes(maxBits) || (parentBase & hostMask(family, parentPrefix)) !== 0n) {
    throw new RangeError("parent base is not a network address");
  }
  const count = 1n << BigInt(childPrefix - parentPrefix);
  if (index < 0n || index >= count) {
    throw new RangeError(`subnet index ${index} out of range (0..${count - 1n})`);
  }
  const base = parentBase + (index << BigInt(maxBits - childPrefix));
  return { base, prefix: childPrefix, range: cidrRange(family, base, childPrefix) };
}
