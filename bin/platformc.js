#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { run } from "../dist/src/cli.js";

const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
const code = run(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  color,
});
process.exitCode = code;
