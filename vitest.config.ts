import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Builds record what they wrote for the no-op rebuild (src/emit/noop.ts) under $XDG_CACHE_HOME; the suite's
// builds of temporary out/ directories keep theirs in a scratch directory, not in the user's ~/.cache.
const cache = mkdtempSync(join(tmpdir(), "platformc-test-cache-"));

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores on the project's machines: forks keep memory bounded and avoid worker-thread contention.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
    env: { XDG_CACHE_HOME: cache },
  },
});
