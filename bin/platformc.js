#!/usr/bin/env node
// Entry point: the CLI bundled into one module by scripts/build.mjs (run by `npm ci` through prepare).
import { runAsync } from "../dist/platformc.mjs";

// A reader that stops early (`platformc explain | head -1`) closes the pipe: that ends the output, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
}

const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
// runAsync: `render` and `build --render` draw diagrams in a browser, which is asynchronous.
const code = await runAsync(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  color,
});
process.exitCode = code;
