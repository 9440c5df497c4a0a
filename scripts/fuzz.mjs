// The long fuzz campaign for releases: `npm run fuzz` runs test/fuzz/fuzz.test.ts with 100,000 cases and no time
// limit (FUZZ_CASES, FUZZ_TIME_LIMIT in seconds, FUZZ_SEED and FUZZ_BUILD_SHARE override), and writes its figures to
// fuzz-summary.json under the OS temp dir (FUZZ_SUMMARY overrides). A failing case prints the seed that replays it.
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  FUZZ_CASES: process.env.FUZZ_CASES ?? "100000",
  FUZZ_TIME_LIMIT: process.env.FUZZ_TIME_LIMIT ?? "0",
  FUZZ_SUMMARY: process.env.FUZZ_SUMMARY ?? join(tmpdir(), "fuzz-summary.json"),
};
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const r = spawnSync(process.execPath, [vitest, "run", "test/fuzz/fuzz.test.ts", "-t", "never exit 70"], { cwd: root, env, stdio: "inherit" });
process.stderr.write(`fuzz figures: ${env.FUZZ_SUMMARY}\n`);
process.exit(r.status ?? 1);
