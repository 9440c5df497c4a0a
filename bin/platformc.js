#!/usr/bin/env node
// Entry point: the CLI bundled into one module by scripts/build.mjs (run by `npm ci` through prepare).
import { writeSync } from "node:fs";
import { fileURLToPath } from "node:url";

const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
const argv = process.argv.slice(2);

// A rebuild with nothing to do (pre-commit's `build --check` on every commit) is answered from the no-op record
// before the CLI bundle loads, which is most of such a run (src/emit/preflight.ts). Anything else, and any failure
// here, is the full CLI's.
let answer;
try {
  const { preflight } = await import("../dist/noop-preflight.mjs");
  answer = preflight({ argv, cwd: process.cwd(), env: process.env, color, buildId: fileURLToPath(new URL("../dist/build-id.json", import.meta.url)) });
} catch {
  answer = undefined;
}

/** Written straight to the descriptor: creating process.stdout's stream costs a tenth of an answered run. */
function writeAll(fd, text) {
  const bytes = Buffer.from(text);
  for (let off = 0; off < bytes.length; ) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      // A reader that stops early ends the output; a non-blocking pipe that is full is waited for.
      if (e.code === "EPIPE") return;
      if (e.code !== "EAGAIN") throw e;
    }
  }
}

if (answer) {
  writeAll(1, answer.stdout);
  writeAll(2, answer.stderr);
  process.exitCode = answer.code;
} else {
  // A reader that stops early (`platformc explain | head -1`) closes the pipe: that ends the output, not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
  const { runAsync } = await import("../dist/platformc.mjs");
  // runAsync: `render` and `build --render` draw diagrams in a browser, which is asynchronous.
  process.exitCode = await runAsync(argv, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    color,
  });
}
