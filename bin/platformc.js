#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { runAsync } from "../dist/src/cli.js";

const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
// runAsync: `render` and `build --render` draw diagrams in a browser, which is asynchronous.
const code = await runAsync(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  color,
});
process.exitCode = code;
