// The test platforms of test/golden/spec/, as objects that tests mutate copies of. Each is a committed spec with a
// committed snapshot of its output (test/golden/out/<name>/), so what the tests start from is reviewed output too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";

export const TEST_PLATFORMS = join(import.meta.dirname, "..", "golden", "spec");

const parsed = new Map<string, unknown>();

/** A fresh copy of test/golden/spec/<name>/platform.yaml. */
export function testPlatform(name: string): any {
  let spec = parsed.get(name);
  if (spec === undefined) {
    spec = YAML.parse(readFileSync(join(TEST_PLATFORMS, name, "platform.yaml"), "utf8")) as unknown;
    parsed.set(name, spec);
  }
  return structuredClone(spec);
}

/** A small valid platform that exercises most of the language (test/golden/spec/lab); tests mutate copies of it. */
export function baseSpec(): any {
  return testPlatform("lab");
}
