// Where a generator's handlebars templates live: beside its module when the sources run (vitest), and in
// the package's generators/<name>/templates when the compiled or bundled CLI runs from dist/.
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function templateDir(generator: string, moduleUrl: string): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const beside = join(here, "templates");
  // In the bundle every generator shares one module URL, so "beside" only counts in generators/<name>/.
  if (basename(here) === generator && existsSync(beside)) return beside;
  let dir = here;
  for (let i = 0; i < 6; i++) {
    const p = join(dir, "generators", generator, "templates");
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error(`platformc is installed without generators/${generator}/templates`);
}
