// The floors: the least any compiler of this output could spend producing it in Node, i.e. serialising the same
// Kubernetes objects and writing them one file each as platformc lays them out; and a peer, cdk8s, doing the same.
// platformc's cold build is compared against each.
//
//   node --expose-gc bench/floor.mjs <platform-out-dir> <scratch-dir> [json] [yaml] [cdk8s]   (default: all three)
//
//   json   JSON.stringify of each object, the objects of one file joined as platformc joins documents
//   yaml   YAML.stringify (the `yaml` package) of each object
//   cdk8s  one cdk8s App, one Chart per file, one ApiObject per object, then app.synth() (cdk8s' own YAML)
//
// Reading and parsing platformc's output recreates the objects a generator would hold; that is preparation,
// not work platformc would skip, so it happens before the clock starts, and every kind starts from the same
// objects (the very same, in one process, one kind after another into its own scratch directory). In-process timing
// is used for the same reason: the preparation and Node's start-up must both stay out of the number. Files that are
// not YAML (zone files, Markdown) are written verbatim by every kind. Prints "<kind> <seconds>" lines on stdout,
// notes on stderr.
import { readdirSync, readFileSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";

const MANIFEST = ".platformc-manifest";
const KINDS = ["json", "yaml", "cdk8s"];

const [src, scratch, ...asked] = process.argv.slice(2);
const kinds = asked.length ? asked : KINDS;
if (!src || !scratch || kinds.some((k) => !KINDS.includes(k))) {
  process.stderr.write(`usage: node bench/floor.mjs <platform-out-dir> <scratch-dir> [${KINDS.join("|")} ...]\n`);
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
let objects = 0;
for (const rel of walk(src, "", [])) {
  const text = readFileSync(join(src, rel), "utf8");
  const docs = /\.ya?ml$/.test(rel) ? YAML.parseAllDocuments(text) : [];
  const list = Array.isArray(docs) ? docs : [];
  const objs = list.length > 0 && list.every((d) => d.errors.length === 0) ? list.map((d) => d.toJS()).filter((o) => o !== null) : [];
  // Only Kubernetes objects count as objects (cdk8s can only hold those); other YAML (Talos, K3s configs) and
  // non-YAML files are written as they are by every kind.
  if (objs.length > 0 && objs.every((o) => typeof o === "object" && typeof o.apiVersion === "string" && typeof o.kind === "string")) {
    files.push({ rel, objects: objs });
    objects += objs.length;
  } else {
    files.push({ rel, text });
    raw++;
  }
}
// Loaded before any clock starts, like platformc's own modules are before its work begins.
const cdk8s = kinds.includes("cdk8s") ? await import("cdk8s") : undefined;
process.stderr.write(`floor: ${files.length} files, ${objects} Kubernetes objects (${raw} files written verbatim)\n`);
// How long the preparation took, so that a runner that kills a slow kind knows a lower bound of its time.
process.stdout.write(`prepared ${(performance.now() / 1000).toFixed(4)}\n`);

for (const kind of kinds) {
  const dst = join(scratch, kind);
  rmSync(dst, { recursive: true, force: true });
  mkdirSync(dst, { recursive: true });
  globalThis.gc?.();
  const seconds = measure(kind, dst);
  process.stdout.write(`${kind} ${seconds.toFixed(4)}\n`);
  rmSync(dst, { recursive: true, force: true });
}

function measure(kind, dst) {
  const t0 = process.hrtime.bigint();
  if (kind === "cdk8s") {
    const { App, Chart, ApiObject } = cdk8s;
    const app = new App({ outdir: dst });
    files.forEach((f, i) => {
      if (!f.objects) return;
      const chart = new Chart(app, `f${i}`, { disableResourceNameHashes: true });
      f.objects.forEach((o, j) => new ApiObject(chart, `o${j}`, o));
    });
    app.synth();
    // The files cdk8s cannot hold are still part of the tree.
    writeTree(dst, files.filter((f) => !f.objects), () => "");
  } else {
    const one = kind === "json" ? (o) => JSON.stringify(o, null, 2) + "\n" : (o) => YAML.stringify(o);
    writeTree(dst, files, (f) => f.objects.map(one).join("---\n"));
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function writeTree(dst, list, content) {
  const made = new Set();
  for (const f of list) {
    const slash = f.rel.lastIndexOf("/");
    const dir = slash === -1 ? "" : f.rel.slice(0, slash);
    if (!made.has(dir)) {
      mkdirSync(join(dst, dir), { recursive: true });
      made.add(dir);
    }
    writeFileSync(join(dst, f.rel), f.objects ? content(f) : f.text);
  }
}
