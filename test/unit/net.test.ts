import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import {
  type Family,
  type IpRange,
  formatCIDR,
  formatIP,
  parseAddressRange,
  parseCIDR,
  parseIP,
  rangeContains,
  rangeSize,
  rangesOverlap,
  subnet,
} from "../../src/lib/net/ip.js";
import { type Interval, findDuplicates, findOverlaps } from "../../src/lib/net/overlap.js";

function ip(text: string): bigint {
  const r = parseIP(text);
  if (!r.ok) throw new Error(`test setup: ${text}: ${r.reason}`);
  return r.value;
}

function cidr(text: string): IpRange {
  const r = parseAddressRange(text);
  if (!r.ok) throw new Error(`test setup: ${text}: ${r.reason}`);
  return r.range;
}

const v4 = (s: string, e: string): IpRange => ({ family: 4, start: ip(s), end: ip(e) });

describe("parseIP / formatIP — IPv4", () => {
  it.each([
    ["0.0.0.0", 0n],
    ["10.0.0.1", 0x0a000001n],
    ["192.168.1.255", 0xc0a801ffn],
    ["255.255.255.255", 0xffffffffn],
  ])("%s round-trips", (text, value) => {
    expect(parseIP(text)).toEqual({ ok: true, family: 4, value });
    expect(formatIP(4, value)).toBe(text);
  });

  it.each([
    ["010.0.0.1", "IPv4 octet has a leading zero"],
    ["10.0.0.01", "IPv4 octet has a leading zero"],
    ["256.0.0.1", "IPv4 octet out of range"],
    ["10.0.1", "IPv4 address needs four octets"],
    ["10", "IPv4 address needs four octets"],
    [" 10.0.0.1", "has surrounding whitespace"],
    ["10.0.0.1\n", "has surrounding whitespace"],
    ["", "empty address"],
    ["0x0a.0.0.1", "not an IPv4 or IPv6 address"],
    ["10.0.0.1.5", "not an IPv4 or IPv6 address"],
    ["10.0.0.-1", "not an IPv4 or IPv6 address"],
    ["ten.0.0.1", "not an IPv4 or IPv6 address"],
    ["1.2.3.4/32", "not an IPv4 or IPv6 address"],
  ])("rejects %j (%s)", (text, reason) => {
    expect(parseIP(text)).toEqual({ ok: false, reason });
  });

  it("round-trips every 32-bit value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffn }), (value) => {
        const text = formatIP(4, value);
        expect(parseIP(text)).toEqual({ ok: true, family: 4, value });
        expect(ipaddr.IPv4.parse(text).toString()).toBe(text);
      }),
    );
  });
});

describe("parseIP / formatIP — IPv6", () => {
  it.each([
    ["::", "::"],
    ["::1", "::1"],
    ["1::", "1::"],
    ["2001:db8::1", "2001:db8::1"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // tie: first run wins
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], // longest run wins
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // single zero not compressed
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"], // '::' for one group is legal input
    ["::ffff:1.2.3.4", "::ffff:1.2.3.4"],
    ["::FFFF:0102:0304", "::ffff:1.2.3.4"],
    ["::1.2.3.4", "::102:304"], // IPv4-compatible, not mapped
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
  ])("%s formats as %s", (text, canonical) => {
    const r = parseIP(text);
    expect(r.ok && r.family).toBe(6);
    if (!r.ok) return;
    expect(formatIP(6, r.value)).toBe(canonical);
    expect(parseIP(canonical)).toEqual(r);
  });

  it("places the value in the right bits", () => {
    expect(ip("::1")).toBe(1n);
    expect(ip("8000::")).toBe(1n << 127n);
    expect(ip("::ffff:1.2.3.4")).toBe(0xffff01020304n);
  });

  it.each([
    "1::2::3",
    ":::",
    ":1::",
    "1::2:",
    "12345::",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8",
    "2001:db8::g",
    "::ffff:010.0.0.1",
    "::ffff:1.2.3",
    "::ffff:1.2.3.4:5",
    "1:2:3:4:5:6:7:1.2.3.4",
    ":1.2.3.4",
    "[::1]",
  ])("rejects %j", (text) => {
    expect(parseIP(text)).toEqual({ ok: false, reason: "not an IPv4 or IPv6 address" });
  });

  it("rejects zone ids and whitespace", () => {
    expect(parseIP("fe80::1%eth0")).toEqual({ ok: false, reason: "zone ids are not allowed" });
    expect(parseIP("::1 ")).toEqual({ ok: false, reason: "has surrounding whitespace" });
  });

  it("round-trips every 128-bit value and agrees with ipaddr.js", () => {
    // Bias towards zero groups so that '::' placement is exercised, not just dense addresses.
    const group = fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 0xffffn }));
    const value = fc.array(group, { minLength: 8, maxLength: 8 }).map((gs) => gs.reduce((acc, g) => (acc << 16n) | g, 0n));
    fc.assert(
      fc.property(value, (v) => {
        const text = formatIP(6, v);
        expect(parseIP(text)).toEqual({ ok: true, family: 6, value: v });
        expect(text).toBe(text.toLowerCase());
        const oracle = ipaddr.IPv6.parse(text);
        expect(oracle.parts.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)).toBe(v);
        // ipaddr.js does not use dotted notation for IPv4-mapped addresses; otherwise both are RFC 5952.
        if (v >> 32n !== 0xffffn) expect(text).toBe(oracle.toRFC5952String());
      }),
      { numRuns: 500 },
    );
  });

  it("formatIP refuses out-of-range values", () => {
    expect(() => formatIP(4, 1n << 32n)).toThrow(RangeError);
    expect(() => formatIP(6, -1n)).toThrow(RangeError);
  });
});

describe("parseCIDR", () => {
  it("parses IPv4 and IPv6 networks", () => {
    expect(parseCIDR("10.10.0.0/16")).toEqual({
      ok: true,
      family: 4,
      base: ip("10.10.0.0"),
      prefix: 16,
      range: v4("10.10.0.0", "10.10.255.255"),
    });
    expect(parseCIDR("0.0.0.0/0")).toMatchObject({ ok: true, range: v4("0.0.0.0", "255.255.255.255") });
    expect(parseCIDR("10.0.0.7/32")).toMatchObject({ ok: true, range: v4("10.0.0.7", "10.0.0.7") });
    expect(parseCIDR("2001:db8::/32")).toMatchObject({
      ok: true,
      family: 6,
      prefix: 32,
      range: { family: 6, start: ip("2001:db8::"), end: ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff") },
    });
    expect(parseCIDR("::/0")).toMatchObject({ ok: true, range: { start: 0n, end: (1n << 128n) - 1n } });
  });

  it("suggests the network when host bits are set", () => {
    expect(parseCIDR("10.10.10.5/24")).toEqual({ ok: false, reason: "has host bits set", suggestion: "10.10.10.0/24" });
    expect(parseCIDR("10.10.10.5/0")).toEqual({ ok: false, reason: "has host bits set", suggestion: "0.0.0.0/0" });
    expect(parseCIDR("2001:DB8::1/64")).toEqual({ ok: false, reason: "has host bits set", suggestion: "2001:db8::/64" });
    expect(parseCIDR("fd00:1:2:3:4::/60")).toEqual({ ok: false, reason: "has host bits set", suggestion: "fd00:1:2::/60" });
  });

  it("rejects bad prefixes", () => {
    expect(parseCIDR("10.0.0.0/33")).toEqual({ ok: false, reason: "prefix length must be between 0 and 32" });
    expect(parseCIDR("::/129")).toEqual({ ok: false, reason: "prefix length must be between 0 and 128" });
    expect(parseCIDR("10.0.0.0/08")).toMatchObject({ ok: false, reason: "prefix length is not a decimal number" });
    expect(parseCIDR("10.0.0.0/")).toMatchObject({ ok: false, reason: "prefix length is not a decimal number" });
    expect(parseCIDR("10.0.0.0/-1")).toMatchObject({ ok: false });
    expect(parseCIDR("10.0.0.0/ 8")).toMatchObject({ ok: false });
    expect(parseCIDR("10.0.0.0/8/8")).toMatchObject({ ok: false, reason: "more than one '/'" });
  });

  it("rejects a missing prefix, suggesting the host route", () => {
    expect(parseCIDR("10.0.0.1")).toEqual({ ok: false, reason: "missing prefix length", suggestion: "10.0.0.1/32" });
    expect(parseCIDR("::1")).toEqual({ ok: false, reason: "missing prefix length", suggestion: "::1/128" });
    expect(parseCIDR("nonsense")).toEqual({ ok: false, reason: "missing prefix length" });
  });

  it("passes through address errors", () => {
    expect(parseCIDR("010.0.0.0/8")).toEqual({ ok: false, reason: "IPv4 octet has a leading zero" });
    expect(parseCIDR("fe80::%eth0/64")).toEqual({ ok: false, reason: "zone ids are not allowed" });
  });

  it("formatCIDR round-trips", () => {
    fc.assert(
      fc.property(fc.constantFrom<Family>(4, 6), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.nat(128), (family, raw, p) => {
        const bits = family === 4 ? 32 : 128;
        const prefix = p % (bits + 1);
        const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
        const base = (raw & mask) % (1n << BigInt(bits));
        const r = parseCIDR(formatCIDR(family, base, prefix));
        expect(r).toMatchObject({ ok: true, family, base, prefix });
      }),
    );
  });
});

describe("parseAddressRange", () => {
  it("accepts CIDRs, ranges and single addresses", () => {
    expect(parseAddressRange("10.0.0.0/24")).toEqual({ ok: true, kind: "cidr", range: v4("10.0.0.0", "10.0.0.255") });
    expect(parseAddressRange("10.0.0.10-10.0.0.20")).toEqual({ ok: true, kind: "range", range: v4("10.0.0.10", "10.0.0.20") });
    expect(parseAddressRange("10.0.0.10 - 10.0.0.20")).toEqual({ ok: true, kind: "range", range: v4("10.0.0.10", "10.0.0.20") });
    expect(parseAddressRange("10.0.0.10-10.0.0.10")).toMatchObject({ ok: true, kind: "range" });
    expect(parseAddressRange("fd00::10-fd00::1:0")).toEqual({
      ok: true,
      kind: "range",
      range: { family: 6, start: ip("fd00::10"), end: ip("fd00::1:0") },
    });
    expect(parseAddressRange("10.0.0.7")).toEqual({ ok: true, kind: "single", range: v4("10.0.0.7", "10.0.0.7") });
    expect(parseAddressRange("::")).toEqual({ ok: true, kind: "single", range: { family: 6, start: 0n, end: 0n } });
  });

  it("rejects malformed ranges", () => {
    expect(parseAddressRange("10.0.0.20-10.0.0.10")).toEqual({
      ok: false,
      reason: "range start is after its end",
      suggestion: "10.0.0.10-10.0.0.20",
    });
    expect(parseAddressRange("10.0.0.1-::1")).toEqual({ ok: false, reason: "range mixes IPv4 and IPv6" });
    expect(parseAddressRange("10.0.0.1-")).toMatchObject({ ok: false, reason: "range end: empty address" });
    expect(parseAddressRange("010.0.0.1-10.0.0.2")).toMatchObject({ ok: false, reason: "range start: IPv4 octet has a leading zero" });
    expect(parseAddressRange("10.0.0.1-10.0.0.2-10.0.0.3")).toMatchObject({ ok: false, reason: "more than one '-'" });
    expect(parseAddressRange(" 10.0.0.1-10.0.0.2")).toMatchObject({ ok: false });
    expect(parseAddressRange("10.0.0.1-10.0.0.2 ")).toMatchObject({ ok: false });
    expect(parseAddressRange("10.0.0.5/24")).toEqual({ ok: false, reason: "has host bits set", suggestion: "10.0.0.0/24" });
    expect(parseAddressRange("10.0.0")).toMatchObject({ ok: false });
  });
});

describe("range predicates", () => {
  const net = cidr("10.0.0.0/24");

  it("rangeContains", () => {
    expect(rangeContains(net, net)).toBe(true);
    expect(rangeContains(net, cidr("10.0.0.128/25"))).toBe(true);
    expect(rangeContains(net, cidr("10.0.0.255"))).toBe(true);
    expect(rangeContains(cidr("10.0.0.128/25"), net)).toBe(false);
    expect(rangeContains(net, cidr("10.0.0.200-10.0.1.5"))).toBe(false);
    // Same numeric span, different family.
    expect(rangeContains(cidr("::/96"), cidr("0.0.0.0/0"))).toBe(false);
  });

  it("rangesOverlap", () => {
    expect(rangesOverlap(cidr("10.0.0.0/25"), cidr("10.0.0.128/25"))).toBe(false);
    expect(rangesOverlap(cidr("10.0.0.0/25"), cidr("10.0.0.127-10.0.0.130"))).toBe(true);
    expect(rangesOverlap(cidr("10.0.0.0/8"), cidr("10.200.0.0/16"))).toBe(true);
    expect(rangesOverlap(cidr("10.200.0.0/16"), cidr("10.0.0.0/8"))).toBe(true);
    expect(rangesOverlap(cidr("0.0.0.0/0"), cidr("::/0"))).toBe(false);
  });

  it("rangeSize", () => {
    expect(rangeSize(net)).toBe(256n);
    expect(rangeSize(cidr("10.0.0.1"))).toBe(1n);
    expect(rangeSize(cidr("::/0"))).toBe(1n << 128n);
    expect(rangeSize(cidr("2001:db8::/64"))).toBe(1n << 64n);
  });
});

describe("subnet", () => {
  it("indexes child networks", () => {
    const parent = ip("10.1.0.0");
    expect(subnet(parent, 16, 24, 0n, 4)).toEqual({ base: ip("10.1.0.0"), prefix: 24, range: v4("10.1.0.0", "10.1.0.255") });
    expect(formatCIDR(4, subnet(parent, 16, 24, 5n, 4).base, 24)).toBe("10.1.5.0/24");
    expect(formatCIDR(4, subnet(parent, 16, 24, 255n, 4).base, 24)).toBe("10.1.255.0/24");
    expect(formatCIDR(4, subnet(parent, 16, 26, 3n, 4).base, 26)).toBe("10.1.0.192/26");
    expect(subnet(parent, 16, 16, 0n, 4).range).toEqual(cidr("10.1.0.0/16"));
    expect(formatCIDR(4, subnet(parent, 16, 32, 65535n, 4).base, 32)).toBe("10.1.255.255/32");
    const s = subnet(ip("fd00:10::"), 32, 64, 0x2an, 6);
    expect(formatCIDR(6, s.base, s.prefix)).toBe("fd00:10:0:2a::/64");
    expect(s.range).toEqual(cidr("fd00:10:0:2a::/64"));
  });

  it("children tile the parent", () => {
    fc.assert(
      fc.property(fc.nat(24), fc.nat(8), fc.bigInt({ min: 0n, max: 0xffffffffn }), (pp, extra, raw) => {
        const child = pp + extra;
        const parentBase = (raw >> BigInt(32 - pp)) << BigInt(32 - pp);
        const parent = parseCIDR(formatCIDR(4, parentBase, pp));
        if (!parent.ok) throw new Error(parent.reason);
        const count = 1n << BigInt(extra);
        const first = subnet(parentBase, pp, child, 0n, 4);
        const last = subnet(parentBase, pp, child, count - 1n, 4);
        expect(first.range.start).toBe(parent.range.start);
        expect(last.range.end).toBe(parent.range.end);
        expect(rangeSize(first.range) * count).toBe(rangeSize(parent.range));
      }),
    );
  });

  it("throws RangeError on programmer error", () => {
    const parent = ip("10.1.0.0");
    expect(() => subnet(parent, 16, 24, 256n, 4)).toThrow(RangeError);
    expect(() => subnet(parent, 16, 24, -1n, 4)).toThrow(RangeError);
    expect(() => subnet(parent, 16, 8, 0n, 4)).toThrow(RangeError);
    expect(() => subnet(parent, 16, 33, 0n, 4)).toThrow(RangeError);
    expect(() => subnet(ip("10.1.2.0"), 16, 24, 0n, 4)).toThrow(RangeError);
  });
});

describe("findOverlaps", () => {
  const iv = (text: string, item = text): Interval<string> => ({ range: cidr(text), item });
  const names = (pairs: Array<[Interval<string>, Interval<string>]>) => pairs.map(([a, b]) => [a.item, b.item]);

  it("finds nothing in disjoint, adjacent or cross-family sets", () => {
    expect(findOverlaps([])).toEqual([]);
    expect(findOverlaps([iv("10.0.0.0/25"), iv("10.0.0.128/25")])).toEqual([]);
    expect(findOverlaps([iv("10.0.0.0-10.0.0.9"), iv("10.0.0.10-10.0.0.19"), iv("10.0.0.20")])).toEqual([]);
    // ::/96 and 0.0.0.0/0 span the same numbers but are different families.
    expect(findOverlaps([iv("::/96"), iv("0.0.0.0/0"), iv("::ffff:0:0/96"), iv("10.0.0.0/8")])).toEqual([
      [iv("0.0.0.0/0"), iv("10.0.0.0/8")],
    ]);
  });

  it("reports nested and partially overlapping ranges", () => {
    expect(names(findOverlaps([iv("10.0.1.0/24"), iv("10.0.0.0/16")]))).toEqual([["10.0.0.0/16", "10.0.1.0/24"]]);
    expect(names(findOverlaps([iv("10.0.0.0-10.0.0.10"), iv("10.0.0.10-10.0.0.20")]))).toEqual([
      ["10.0.0.0-10.0.0.10", "10.0.0.10-10.0.0.20"],
    ]);
  });

  it("orders identical ranges by input order", () => {
    const a = iv("10.0.0.0/24", "a");
    const b = iv("10.0.0.0/24", "b");
    const c = iv("10.0.0.0/24", "c");
    expect(names(findOverlaps([a, b, c]))).toEqual([
      ["a", "b"],
      ["a", "c"],
    ]);
    expect(names(findOverlaps([c, a, b]))).toEqual([
      ["c", "a"],
      ["c", "b"],
    ]);
  });

  it("pairs each item with the earlier range reaching furthest", () => {
    const pairs = findOverlaps([
      iv("10.0.0.0/8", "big"),
      iv("10.0.0.0/24", "small"),
      iv("10.0.0.128/25", "inner"),
      iv("10.1.0.0/16", "later"),
      iv("11.0.0.0/8", "outside"),
    ]);
    expect(names(pairs)).toEqual([
      ["big", "small"],
      ["big", "inner"],
      ["big", "later"],
    ]);
  });

  it("stays linear in output when one range contains thousands of others", () => {
    const items = [iv("10.0.0.0/8", "big")];
    for (let i = 0; i < 5000; i++) items.push(iv(`10.${i >> 8}.${i & 255}.0/24`, `n${i}`));
    for (let i = 0; i < 2000; i++) items.push(iv("192.168.0.0/24", `dup${i}`));
    expect(findOverlaps(items)).toHaveLength(5000 + 1999);
  });

  it("honours mayOverlap", () => {
    // Pools may sit inside their network but must not collide with each other.
    const kind = (s: string) => s.split(":")[0];
    const may = (a: string, b: string) => kind(a) !== kind(b);
    const items = [
      iv("10.0.0.0/16", "net:a"),
      iv("10.0.1.0/24", "pool:x"),
      iv("10.0.2.0/24", "pool:y"),
      iv("10.0.2.128/25", "pool:z"),
      iv("10.0.0.0/8", "net:b"),
    ];
    expect(names(findOverlaps(items, may))).toEqual([
      ["net:a", "net:b"],
      ["pool:y", "pool:z"],
    ]);
    expect(findOverlaps(items, () => true)).toEqual([]);
  });

  it("with mayOverlap, still reports an item only exposed by a later one", () => {
    // x and w may overlap; y may overlap neither. y's furthest-reaching partner is w,
    // but x must still be reported.
    const may = (a: string, b: string) => (a === "x" && b === "w") || (a === "w" && b === "x");
    const items = [iv("10.0.0.0-10.0.0.5", "x"), iv("10.0.0.1-10.0.0.20", "w"), iv("10.0.0.4-10.0.0.6", "y")];
    expect(names(findOverlaps(items, may))).toEqual([
      ["w", "y"],
      ["x", "y"],
    ]);
  });

  it("reports exactly the items a naive pairwise check flags", () => {
    // Small universes so overlaps, adjacency, identical ranges and ties on start/end are common.
    const range = fc
      .tuple(fc.constantFrom<Family>(4, 6), fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 0n, max: 12n }))
      .map(([family, start, len]): IpRange => ({ family, start, end: start + len }));
    const entry = fc.record({ range, group: fc.nat(3) });
    const filter = fc.constantFrom<"none" | "never" | "same-group-ok" | "different-group-ok">(
      "none",
      "never",
      "same-group-ok",
      "different-group-ok",
    );

    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), filter, (entries, mode) => {
        const items: Interval<{ id: number; group: number }>[] = entries.map((e, id) => ({
          range: e.range,
          item: { id, group: e.group },
        }));
        const may =
          mode === "none"
            ? undefined
            : mode === "never"
              ? () => false
              : mode === "same-group-ok"
                ? (a: { group: number }, b: { group: number }) => a.group === b.group
                : (a: { group: number }, b: { group: number }) => a.group !== b.group;

        const expected = new Set<number>();
        for (let i = 0; i < items.length; i++) {
          for (let j = i + 1; j < items.length; j++) {
            const a = items[i]!;
            const b = items[j]!;
            if (rangesOverlap(a.range, b.range) && !(may?.(a.item, b.item) ?? false)) {
              expected.add(i);
              expected.add(j);
            }
          }
        }

        const pairs = findOverlaps(items, may);
        const seen = new Set<number>();
        for (const [a, b] of pairs) {
          // Every reported pair must be a genuine, forbidden overlap in sweep order.
          expect(rangesOverlap(a.range, b.range)).toBe(true);
          expect(may?.(a.item, b.item) ?? false).toBe(false);
          expect(a.range.start < b.range.start || (a.range.start === b.range.start && a.item.id < b.item.id)).toBe(true);
          seen.add(a.item.id);
          seen.add(b.item.id);
        }
        expect([...seen].sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y));
        expect(pairs.length).toBeLessThanOrEqual(2 * items.length);
        expect(findOverlaps([...items], may)).toEqual(pairs);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("findDuplicates", () => {
  it("pairs later occurrences with the first", () => {
    const items = ["a1", "b1", "a2", "c1", "a3", "b2", "x"];
    const key = (s: string) => (s === "x" ? undefined : s[0]);
    expect(findDuplicates(items, key)).toEqual([
      ["a1", "a2"],
      ["a1", "a3"],
      ["b1", "b2"],
    ]);
  });

  it("treats falsy keys as real keys and skips undefined", () => {
    const items = [{ k: 0 }, { k: "" }, { k: 0 }, { k: undefined }, { k: undefined }, { k: "" }];
    expect(findDuplicates(items, (t) => t.k)).toEqual([
      [items[0], items[2]],
      [items[1], items[5]],
    ]);
  });

  it("finds duplicate networks by canonical text", () => {
    const texts = ["10.0.0.0/8", "2001:DB8::/32", "2001:db8:0::/32", "10.0.0.0/8"];
    const key = (t: string) => {
      const r = parseCIDR(t);
      return r.ok ? formatCIDR(r.family, r.base, r.prefix) : undefined;
    };
    expect(findDuplicates(texts, key)).toEqual([
      ["2001:DB8::/32", "2001:db8:0::/32"],
      ["10.0.0.0/8", "10.0.0.0/8"],
    ]);
  });
});
