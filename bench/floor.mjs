// The "floor": the least any compiler of this output could spend producing it in Node with the yaml
// package, i.e. serialising the same objects and writing the same number of files. platformc's cold build
// is compared against it.
//
//   node bench/floor.mjs <platform-out-dir> <scratch-dir>
//
// Reading and parsing platformc's output recreates the objects a generator would hold; that is preparation,
// not work platformc would skip, so it happens before the clock starts. In-process timing is used for the
// same reason: the preparation and Node's start-up must both stay out of the number. Prints the elapsed
// seconds on stdout (one number), notes on stderr.
import { readdirSync, readFileSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";

const MANIFEST = ".platformc-manifest";

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  process.stderr.write("usage: node bench/floor.mjs <platform-out-dir> <scratch-dir>\n");
  process.exit(2);
}

function walk(dir, rel, acc) {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) walk(join(dir, d.name), r, acc);
    else if (d.isFile() && !(rel === "" && d.name === MANIFEST)) acc.push(r);
  }
  return acc;
}

const files = [];
let raw = 0;
for (const rel of walk(src, "", [])) {
  const text = readFileSync(join(src, rel), "utf8");
  const docs = YAML.parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  // Zone files, Markdown and the like are not YAML; a generator would hold them as text, so they are
  // written verbatim and cost only the write.
  if (list.length === 0 || list.some((d) => d.errors.length > 0)) {
    files.push({ rel, text });
    raw++;
  } else {
    files.push({ rel, objects: list.map((d) => d.toJS()) });
  }
}
rmSync(dst, { recursive: true, force: true });

const t0 = process.hrtime.bigint();
const made = new Set();
for (const f of files) {
  const slash = f.rel.lastIndexOf("/");
  const dir = slash === -1 ? "" : f.rel.slice(0, slash);
  if (!made.has(dir)) {
    mkdirSync(join(dst, dir), { recursive: true });
    made.add(dir);
  }
  const content = f.objects ? f.objects.map((o) => YAML.stringify(o)).join("---\n") : f.text;
  writeFileSync(join(dst, f.rel), content);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

process.stderr.write(`floor: ${files.length} files (${raw} not YAML, written verbatim)\n`);
process.stdout.write(`${seconds.toFixed(4)}\n`);
