// The diagnostics table is the contract users grep for: complete, well-formed, and documented in README.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CODES } from "../../src/diagnostics/codes.js";

const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");

describe("diagnostic codes", () => {
  for (const [code, info] of Object.entries(CODES)) {
    it(`${code} is well-formed and documented`, () => {
      expect(code).toMatch(/^PC\d{4}$/);
      expect(info.summary.length).toBeGreaterThan(10);
      expect(info.explanation.length).toBeGreaterThan(10);
      // rustc style: lowercase start (proper names and acronyms keep their case), no final period
      const first = info.message.split(" ")[0]!;
      expect(/^[a-z{`]/.test(first) || ["YAML", "API", "NodePort", "CNAME", "GitOps"].includes(first), first).toBe(true);
      expect(info.message).not.toMatch(/\.$/);
      expect(readme).toContain(`| ${code} | ${info.severity} | ${info.summary} |`);
    });
  }
  it("README lists no code that does not exist", () => {
    const listed = [...readme.matchAll(/^\| (PC\d{4}) \|/gm)].map((m) => m[1]);
    expect(listed.filter((c) => !(c! in CODES))).toEqual([]);
  });
});
