// The README's components table names every component the catalog knows, with the chart repositories it matches.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPONENTS } from "../../src/catalog/index.js";

const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
const section = readme.slice(readme.indexOf("### Components platformc knows"), readme.indexOf("## Diagnostics"));
const rows = section.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| component") && !l.startsWith("|---"));

describe("README: components platformc knows", () => {
  for (const c of COMPONENTS) {
    it(`${c.name} has a row naming its charts`, () => {
      const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, "");
      const row = rows.find((r) => norm(r.split("|")[1] ?? "") === norm(c.name) || c.charts.some((ch) => r.includes(ch.repo)));
      expect(row, c.name).toBeDefined();
      for (const ch of c.charts) expect(rows.some((r) => r.includes(ch.repo) && r.includes(ch.name)), `${ch.repo} ${ch.name}`).toBe(true);
    });
  }
});
