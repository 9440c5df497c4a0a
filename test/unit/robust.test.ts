// Issue 16: no spec reaches exit 70 and every spec is compiled in bounded time. Three ways user input used to
// get there: nesting deep enough to overflow the stack, a service CIDR too small (or too high) for the cluster
// DNS address, and free text long enough to make the Mermaid label wrapper quadratic.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import YAML from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_DEPTH } from "../../src/parse/index.js";
import { positionOf } from "../../src/source.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { formatIP, nthAddress, offsetAddress, parseCIDR } from "../../src/lib/net/ip.js";
import { clusterDNSAddress } from "../../src/lib/net/service-cidr.js";
import { wrap } from "../../generators/docs/mermaid.js";
import { baseSpec, TEST_PLATFORMS } from "../support/base.js";
import { compileObject, compileText, type Compiled } from "../support/compile.js";
import { cleanupTempDirs, cli, codes, locations, readTree, tempDir, writeSpec } from "../support/cli-harness.js";

afterEach(() => cleanupTempDirs());

const LAB = readFileSync(join(TEST_PLATFORMS, "lab", "platform.yaml"), "utf8");

/** The lab spec with one more service, a Helm release whose `values:` block is `values` (indented at column 6). */
function labWithChart(values: string): string {
  const chart = ["  - name: deep", "    namespace: apps", "    kind: helm", "    chart:", "      repo: https://charts.example.com", "      name: deep", "      version: 1.0.0", values].join("\n");
  return LAB.replace("\nservices:\n", `\nservices:\n${chart}\n`);
}

/** `values:` holding maps nested `levels` deep below it (keys l1, l2, ...), the innermost holding `leaf: here`. */
function blockValues(levels: number): string {
  const lines = ["      values:"];
  for (let i = 1; i <= levels; i++) lines.push(`${" ".repeat(6 + 2 * i)}l${i}:`);
  lines.push(`${" ".repeat(8 + 2 * levels)}leaf: here`);
  return lines.join("\n");
}

/** Collection depth of plain data (the root collection is 1), without recursion. */
function depthOf(root: unknown): number {
  let max = 0;
  const todo: Array<[unknown, number]> = [[root, 1]];
  while (todo.length) {
    const [v, d] = todo.pop()!;
    if (v === null || typeof v !== "object") continue;
    max = Math.max(max, d);
    for (const x of Object.values(v)) todo.push([x, d + 1]);
  }
  return max;
}

function onlyDiagnostic(r: Compiled, code: string) {
  expect(r.codes).toEqual([code]);
  expect(r.files).toBeUndefined();
  return r.diagnostics[0]!;
}

function buildText(text: string) {
  const root = tempDir();
  writeSpec(root, "lab", text);
  const out = join(root, "out");
  return { ...cli(["build", join(root, "spec"), "--out", out]), out };
}

describe("16.1: nesting is bounded before the YAML parser recurses", () => {
  it("Helm values nested 3,000 deep: exit 1 with PC0105, not an internal error (exit 70)", () => {
    const r = buildText(labWithChart(blockValues(3000)));
    expect(r.err).not.toMatch(/internal error|call stack/i);
    expect(r.code).toBe(1);
    expect(codes(r.err)).toEqual(["PC0105"]);
    expect(r.err).toContain(`YAML nested deeper than ${MAX_DEPTH} levels`);
  });

  it("flow collections 1,000 deep: PC0105 at the first bracket past the limit, not PC0101 'invalid YAML'", () => {
    const text = labWithChart(`      values: {a: ${"[".repeat(1000)}1${"]".repeat(1000)}}`);
    const d = onlyDiagnostic(compileText(text), "PC0105");
    // root, services, the service, chart and values' `{` are 5 levels: the bracket that opens level MAX_DEPTH + 1
    const first = text.indexOf("{a: [") + 4;
    expect(d.span!.start).toBe(first + (MAX_DEPTH + 1 - 6));
    expect(text[d.span!.start]).toBe("[");
  });

  it("compact sequences (- - - x) 3,000 deep and 100,000 unclosed brackets: PC0105, quickly", () => {
    const t0 = performance.now();
    expect(compileText(`a:\n  ${"- ".repeat(3000)}x\n`).codes).toEqual(["PC0105"]);
    expect(compileText(`a: ${"[".repeat(100_000)}\n`).codes).toEqual(["PC0105"]);
    expect(compileText(`${"? ".repeat(3000)}x\n`).codes).toEqual(["PC0105"]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("at the limit the whole pipeline runs: build exits 0 and the HelmRelease carries the values intact", () => {
    const text = labWithChart(blockValues(MAX_DEPTH - 5));
    expect(depthOf(YAML.parse(text))).toBe(MAX_DEPTH);
    const r = buildText(text);
    expect(r.err).not.toMatch(/internal error|error\[/);
    expect(r.code).toBe(0);
    const release = Object.entries(readTree(r.out)).find(([p, c]) => p.endsWith("/deep.yaml") && c.includes("kind: HelmRelease"));
    expect(release, "a HelmRelease for the deep chart").toBeDefined();
    const doc = YAML.parseAllDocuments(release![1]).map((d) => d.toJS()).find((d) => d?.kind === "HelmRelease");
    let v = doc.spec.values;
    for (let i = 1; i <= MAX_DEPTH - 5; i++) v = v[`l${i}`];
    expect(v).toEqual({ leaf: "here" });
  });

  it("one level above the limit: PC0105 on the key that opens it", () => {
    const text = labWithChart(blockValues(MAX_DEPTH - 4));
    expect(depthOf(YAML.parse(text))).toBe(MAX_DEPTH + 1);
    const d = onlyDiagnostic(compileText(text), "PC0105");
    const leaf = text.indexOf("leaf: here");
    expect(d.span!.start).toBe(leaf);
    expect(d.span!.end).toBe(leaf + "leaf".length);
    const rendered = renderDiagnostic(d, { color: false });
    expect(rendered).toContain(`error[PC0105]: YAML nested deeper than ${MAX_DEPTH} levels`);
    expect(rendered).toMatch(/help: /);
    const r = buildText(text);
    expect(r.code).toBe(1);
    expect(locations(r.err)[0]).toMatchObject({ line: positionOf({ path: "", text }, leaf).line, col: positionOf({ path: "", text }, leaf).col });
  });

  it("brackets, dashes and indentation inside block scalars, quoted strings and comments are not nesting", () => {
    const deepText = Array.from({ length: 2000 }, (_, i) => `${" ".repeat(10 + i)}- [[{ ${i}`).join("\n");
    const text = labWithChart(
      [
        "      values:",
        "        script: |",
        deepText,
        `        quoted: "${"[".repeat(2000)}"`,
        `        single: '${"{".repeat(2000)}'`,
        `        # ${"[".repeat(2000)}`,
        `        plain: a${"[".repeat(2000)}`,
      ].join("\n"),
    );
    const r = compileText(text);
    expect(r.errors).toEqual([]);
    expect(r.files).toBeDefined();
  });

  it("a block scalar between levels does not hide the levels around it", () => {
    const lines = ["      values:"];
    for (let i = 1; i <= 400; i++) lines.push(`${" ".repeat(6 + 2 * i)}s${i}: |`, `${" ".repeat(8 + 2 * i)}text`, `${" ".repeat(6 + 2 * i)}l${i}:`);
    lines.push(`${" ".repeat(8 + 800)}leaf: here`);
    expect(compileText(labWithChart(lines.join("\n"))).codes).toEqual(["PC0105"]);
  });

  it("aliases that stack anchored trees past the limit: PC0105 at the alias, not a crash in a later phase", () => {
    const lines = ["      values:"];
    for (let k = 0; k < 6; k++) {
      lines.push(`        c${k}: &a${k}`);
      for (let i = 1; i <= 200; i++) lines.push(`${" ".repeat(8 + 2 * i)}l${i}:`);
      lines.push(`${" ".repeat(10 + 400)}leaf: ${k ? `*a${k - 1}` : "here"}`);
    }
    const text = labWithChart(lines.join("\n"));
    const d = onlyDiagnostic(compileText(text), "PC0105");
    expect(text.slice(d.span!.start, d.span!.start + 3)).toBe("*a0");
  });

  it("an alias inside its own anchor (circular data): PC0105 at the alias", () => {
    const text = labWithChart("      values: &v\n        a: [1, *v]");
    const d = onlyDiagnostic(compileText(text), "PC0105");
    expect(text.slice(d.span!.start, d.span!.start + 2)).toBe("*v");
  });

  it("any text shaped like YAML: never an exception, deep or not", () => {
    const piece = fc.constantFrom("- ", "? ", ": ", "a: ", "[", "]", "{", "}", ", ", "\n", "  ", "|\n", "'", '"', "#", "x", "&a ", "*a", "---\n");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (parts, times) => {
        const text = parts.join("").repeat(times);
        expect(() => compileText(text)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

describe("16.2: addresses derived from a service CIDR", () => {
  const withServiceCIDR = (cidr: string, pod?: string) => {
    const s = baseSpec();
    s.clusters[0].serviceCIDR = cidr;
    if (pod) s.clusters[0].podCIDR = pod;
    return s;
  };

  it("net: adding an offset never leaves the family's space, and never throws", () => {
    expect(offsetAddress(4, 0xfffffff8n, 10n)).toBeUndefined();
    expect(offsetAddress(4, 0xfffffff0n, 15n)).toBe(0xffffffffn);
    expect(offsetAddress(6, (1n << 128n) - 1n, 1n)).toBeUndefined();
    expect(offsetAddress(4, 0n, -1n)).toBeUndefined();
    const top = parseCIDR("255.255.255.248/29");
    if (!top.ok) throw new Error("setup");
    expect(nthAddress(top.range, 7n)).toBe(0xffffffffn);
    expect(nthAddress(top.range, 8n)).toBeUndefined();
    expect(clusterDNSAddress(top.range)).toBeUndefined();
    const k3s = parseCIDR("10.43.0.0/16");
    if (!k3s.ok) throw new Error("setup");
    expect(clusterDNSAddress(k3s.range)).toBe(0x0a2b000an);
  });

  it("net: offsetAddress is value + offset exactly when that is an address of the family, and formats", () => {
    const family = fc.constantFrom<4 | 6>(4, 6);
    fc.assert(
      fc.property(family, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.oneof(fc.bigInt({ min: -16n, max: 16n }), fc.bigInt({ min: -(1n << 129n), max: 1n << 129n })), (f, v, off) => {
        const value = v & ((1n << BigInt(f === 4 ? 32 : 128)) - 1n);
        const r = offsetAddress(f, value, off);
        const inside = value + off >= 0n && value + off < 1n << BigInt(f === 4 ? 32 : 128);
        expect(r).toBe(inside ? value + off : undefined);
        if (r !== undefined) expect(() => formatIP(f, r)).not.toThrow();
      }),
    );
  });

  it("255.255.255.248/29 (the top of IPv4): PC0408 at serviceCIDR, no exception, no files", () => {
    const r = compileObject(withServiceCIDR("255.255.255.248/29"));
    const d = onlyDiagnostic(r, "PC0408");
    const text = renderDiagnostic(d, { color: false });
    expect(text).toContain("service CIDR 255.255.255.248/29 of cluster `main` is too small: the cluster DNS address (network address + 10) lies past the end of the IPv4 address space");
    expect(text).toContain("help: use at least a /28");
    expect(text).toMatch(/serviceCIDR: 255\.255\.255\.248\/29\n\s*\|\s*\^+/);
  });

  it("the last IPv6 /128: PC0408, and the CLI exits 1, not 70", () => {
    const spec = withServiceCIDR("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    expect(onlyDiagnostic(compileObject(spec), "PC0408").message).toContain("past the end of the IPv6 address space");
    const root = tempDir();
    writeSpec(root, "lab", spec);
    const r = cli(["build", join(root, "spec"), "--out", join(root, "out")]);
    expect(r.err).not.toMatch(/internal error/i);
    expect(r.code).toBe(1);
    expect(codes(r.err)).toEqual(["PC0408"]);
  });

  it("10.43.0.0/32 and /29 low in the space: PC0408 naming the derived address outside the CIDR", () => {
    for (const cidr of ["10.43.0.0/32", "10.43.0.0/29"]) {
      const d = onlyDiagnostic(compileObject(withServiceCIDR(cidr)), "PC0408");
      expect(d.message).toBe(`service CIDR ${cidr} of cluster \`main\` is too small: the cluster DNS address 10.43.0.10 (network address + 10) lies outside it`);
    }
  });

  it("a /28 is just large enough: the K3s config names 10.43.0.10 as the cluster DNS", () => {
    const r = compileObject(withServiceCIDR("10.43.0.0/28"));
    expect(r.errors).toEqual([]);
    const config = r.files!.find((f) => f.path.endsWith("cp1/config.yaml"));
    expect(YAML.parse(config!.content)["cluster-dns"]).toEqual(["10.43.0.10"]);
  });
});

/** The wrapper as it was before issue 16 (quadratic in a word's length): the oracle for small inputs. */
function wrapBefore(text: string, width = 32, maxLines = 2): string[] {
  const words = text.replace(/\s+/g, " ").trim().split(" ").filter(Boolean);
  const out: string[] = [];
  let cur: string[] = [];
  const push = (): void => {
    out.push(cur.join(""));
    cur = [];
  };
  for (const word of words) {
    let w = Array.from(word);
    while (w.length > 0) {
      const room = width - cur.length - (cur.length > 0 ? 1 : 0);
      if (w.length <= room) {
        if (cur.length > 0) cur.push(" ");
        cur.push(...w);
        w = [];
      } else if (cur.length > 0) push();
      else {
        cur.push(...w.slice(0, width));
        w = w.slice(width);
        push();
      }
    }
  }
  if (cur.length > 0) push();
  if (out.length > maxLines) {
    const kept = out.slice(0, maxLines);
    const last = Array.from(kept[maxLines - 1]!);
    kept[maxLines - 1] = (last.length >= width ? last.slice(0, width - 1).join("") : last.join("")) + "…";
    return kept;
  }
  return out;
}

describe("16.3: free text is bounded in length and wrapped in linear time", () => {
  it("wrap gives what it gave before, on any text", () => {
    const unit = fc.constantFrom("a", "bb", "ccc ", " ", "\t", "\n", "é", "😀", "x".repeat(40), "\u00a0", "word ");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 4 }), (parts, width, maxLines) => {
        const text = parts.join("");
        expect(wrap(text, width, maxLines)).toEqual(wrapBefore(text, width, maxLines));
      }),
      { numRuns: 2000 },
    );
  });

  it("wrap takes linear time: 16 MB of one word, of words and of spaces, in well under a second each", () => {
    for (const text of ["x".repeat(16 << 20), "word ".repeat(16 << 18), " ".repeat(16 << 20) + "end", "😀".repeat(8 << 20)]) {
      const t0 = performance.now();
      const lines = wrap(text);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(lines.length).toBeLessThanOrEqual(2);
    }
  });

  it("a 1 MB service description: PC0206 at the description in well under 5 s (it took minutes)", () => {
    const s = baseSpec();
    s.services.find((x: any) => x.name === "web").description = "lorem ipsum ".repeat(1 << 17).trim();
    const t0 = performance.now();
    const r = compileText(YAML.stringify(s, { lineWidth: 0 }));
    expect(performance.now() - t0).toBeLessThan(5000);
    const d = onlyDiagnostic(r, "PC0206");
    expect(d.message).toBe("`description` of service `main/apps/web` must be at most 4096 characters long");
    const text = d.span!.file.text;
    expect(text.slice(d.span!.start, d.span!.start + 12)).toBe("lorem ipsum ");
  });

  it("a description of exactly 4096 characters and a flow label of 256 compile, with the docs", () => {
    const s = baseSpec();
    const web = s.services.find((x: any) => x.name === "web");
    web.description = "d".repeat(4095) + "😀";
    web.flows[0].label = "l".repeat(256);
    const r = compileObject(s);
    expect(r.errors).toEqual([]);
    expect(r.files!.some((f) => f.path.startsWith("docs/"))).toBe(true);
    web.flows[0].label = "l".repeat(257);
    const d = onlyDiagnostic(compileObject(s), "PC0206");
    expect(d.message).toBe("`flows[0].label` of service `main/apps/web` must be at most 256 characters long");
  });

  it("every string the schema allows is bounded, and free text states its bound in its description", () => {
    const schema = JSON.parse(readFileSync(join(TEST_PLATFORMS, "..", "..", "..", "schema", "platform.schema.json"), "utf8"));
    const unbounded: string[] = [];
    const unstated: string[] = [];
    const visit = (n: any, at: string): void => {
      if (!n || typeof n !== "object") return;
      const isString = n.type === "string" || (Array.isArray(n.type) && n.type.includes("string"));
      if (isString && n.enum === undefined && n.const === undefined) {
        if (typeof n.maxLength !== "number") unbounded.push(at);
        else if (/\/(description|purpose|label|model)$/.test(at) && !n.description?.includes(`At most ${n.maxLength} characters`)) unstated.push(at);
      }
      for (const [k, v] of Object.entries(n)) visit(v, `${at}/${k}`);
    };
    visit(schema, "#");
    expect(unbounded).toEqual([]);
    expect(unstated).toEqual([]);
  });
});
