// The shipped bundle skips freezing the whole graph (src/build.ts sealGraph) on the strength of this: run from the
// sources, as every test does, a generator that writes to the graph fails loudly instead of changing what later
// generators see.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSource } from "../../src/build.js";
import { Diagnostics } from "../../src/diagnostics/diagnostic.js";
import type { Generator } from "../../generators/contract.js";

const spec = join(import.meta.dirname, "..", "golden", "spec", "lab", "platform.yaml");

function run(generator: Generator) {
  return compileSource({ path: spec, text: readFileSync(spec, "utf8") }, { specPath: "spec/lab/platform.yaml" }, new Diagnostics(), [generator]);
}

describe("the graph the generators get", () => {
  it("is read only, down to nested values", () => {
    const touch: Generator = {
      name: "touch",
      description: "writes to the graph",
      generate: (g) => {
        (g.clusters[0]!.services[0] as { name: string }).name = "changed";
        return [];
      },
    };
    expect(() => run(touch)).toThrow(TypeError);
    const nested: Generator = {
      name: "nested",
      description: "writes to a nested list",
      generate: (g) => {
        (g.clusters[0]!.nodes as unknown[]).push({});
        return [];
      },
    };
    expect(() => run(nested)).toThrow(TypeError);
  });

  it("is the same graph a generator that only reads gets", () => {
    const read: Generator = { name: "read", description: "reads", generate: (g) => [{ path: "n.txt", content: `${g.clusters.length}\n` }] };
    expect(run(read).files?.map((f) => f.content)).toEqual(["1\n"]);
  });
});
