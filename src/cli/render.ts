// Renders Mermaid diagrams to SVG with @mermaid-js/mermaid-cli in a system Chromium: one browser for all
// diagrams (a Chromium start costs more than a diagram), a fresh page per diagram (mermaid-cli's own
// renderMermaid). SVGs are not part of the generated output: their bytes depend on the browser and its
// fonts, so they are drawn on demand beside the .mmd files and never compared by `build --check`.
//
// mermaid-cli and puppeteer are imported lazily: every other command starts without them, and a missing
// install is a clear error instead of a crash at start-up. They are an optional peer dependency of platformc
// (package.json), not a dependency: npm installs optionalDependencies too, and puppeteer's install downloads a
// browser of some hundred megabytes; most users never render.
import { findFiles } from "../lib/walk.js";
import { readFileSync, writeFileSync, renameSync, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname, basename } from "node:path";
import { pathToFileURL } from "node:url";

/** What the CLI decides from the environment and passes in; this module reads no environment itself. */
interface BrowserOptions {
  executablePath: string;
}

/** Flags for a headless Chromium that must not phone home, update itself or need a sandbox (containers, CI). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
] as const;

/** The Chromium to use: the first of the candidates that exists (PUPPETEER_EXECUTABLE_PATH, then system paths). */
export function findChromium(explicit: string | undefined, pathEnv = ""): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  const names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
  const dirs = [...pathEnv.split(":").filter(Boolean), "/usr/bin", "/usr/local/bin", "/snap/bin"];
  for (const d of dirs) for (const n of names) if (existsSync(join(d, n))) return join(d, n);
  return undefined;
}

interface Browser {
  close(): Promise<void>;
}

interface MermaidCli {
  renderMermaid(browser: Browser, definition: string, format: "svg", opts?: { svgId?: string; backgroundColor?: string }): Promise<{ data: Uint8Array }>;
}

interface Puppeteer {
  launch(opts: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
}

// Specifiers in variables: neither package is needed to compile platformc, only to render.
const MERMAID_CLI = "@mermaid-js/mermaid-cli";
const PUPPETEER = "puppeteer";

/** How to add the renderer to a project that installed platformc without it (PC0018's help). */
export const INSTALL_RENDERER_HELP =
  "add it to your project with `PUPPETEER_SKIP_DOWNLOAD=1 npm install --save-dev @mermaid-js/mermaid-cli` " +
  "(it brings puppeteer; the variable keeps puppeteer from downloading a browser), then use a system Chromium " +
  "(Debian: apt-get install chromium), found on the PATH, named by PUPPETEER_EXECUTABLE_PATH or passed as --browser <path>";

/** Why mermaid-cli cannot be loaded from where platformc is installed, or undefined when it resolves. */
export function missingRenderer(): string | undefined {
  try {
    createRequire(import.meta.url).resolve(MERMAID_CLI);
    return undefined;
  } catch {
    return `${MERMAID_CLI} is not installed (platformc does not install it: it is an optional peer dependency)`;
  }
}

async function loadMermaidCli(): Promise<{ cli: MermaidCli; puppeteer: Puppeteer }> {
  const cli = (await import(MERMAID_CLI)) as MermaidCli;
  let mod: { default?: Puppeteer } & Partial<Puppeteer>;
  try {
    mod = (await import(PUPPETEER)) as typeof mod;
  } catch {
    // puppeteer is mermaid-cli's peer dependency and may sit below it rather than beside platformc.
    const req = createRequire(import.meta.resolve(MERMAID_CLI));
    mod = (await import(pathToFileURL(req.resolve(PUPPETEER)).href)) as typeof mod;
  }
  const puppeteer = mod.default ?? (mod as Puppeteer);
  return { cli, puppeteer };
}

/** Why rendering cannot start (no browser, no mermaid-cli): a setup problem, not a diagram problem. */
export class RenderSetupError extends Error {}

export interface Renderer {
  /** SVG text of one diagram; rejects with Mermaid's parse or render error. */
  render(definition: string, svgId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function openRenderer(opts: BrowserOptions): Promise<Renderer> {
  // The browser comes from the system; puppeteer must never try to fetch one.
  process.env.PUPPETEER_SKIP_DOWNLOAD ??= "1";
  let loaded;
  try {
    loaded = await loadMermaidCli();
  } catch (e) {
    throw new RenderSetupError(`@mermaid-js/mermaid-cli (with puppeteer) is not installed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let browser: Browser;
  try {
    browser = await loaded.puppeteer.launch({ executablePath: opts.executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (e) {
    throw new RenderSetupError(`cannot start Chromium at ${opts.executablePath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    async render(definition, svgId) {
      const { data } = await loaded.cli.renderMermaid(browser, definition, "svg", { ...(svgId ? { svgId } : {}), backgroundColor: "white" });
      const svg = Buffer.from(data).toString("utf8");
      // Mermaid draws some failures as an "error" diagram instead of throwing.
      if (/aria-roledescription="error"/.test(svg)) throw new Error("Mermaid drew an error diagram (syntax error)");
      return svg;
    },
    async close() {
      await browser.close();
    },
  };
}

/** Every .mmd file under `dir` (a platform's docs/, a platform, or the whole out/), sorted. */
export function findDiagrams(dir: string): string[] {
  return findFiles(dir, (name) => name.endsWith(".mmd"), 8);
}

interface RenderReport {
  written: string[];
  unchanged: string[];
  failed: Array<{ file: string; error: string }>;
}

/** A stable SVG id per file, so several SVGs inlined into one page keep their styles apart. */
function svgIdFor(file: string): string {
  return `platformc-${basename(file, ".mmd").replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/**
 * Renders each file to <name>.svg beside it, one diagram at a time (two cores; pages are heavy), in one
 * browser. An SVG is replaced atomically and only when its bytes change.
 */
export async function renderFiles(files: readonly string[], opts: BrowserOptions): Promise<RenderReport> {
  const report: RenderReport = { written: [], unchanged: [], failed: [] };
  if (files.length === 0) return report;
  const r = await openRenderer(opts);
  try {
    for (const file of files) {
      const target = join(dirname(file), `${basename(file, ".mmd")}.svg`);
      try {
        const svg = await r.render(readFileSync(file, "utf8"), svgIdFor(file));
        if (existsSync(target) && readFileSync(target, "utf8") === svg) {
          report.unchanged.push(target);
          continue;
        }
        const tmp = `${target}.tmp-${process.pid}`;
        writeFileSync(tmp, svg);
        renameSync(tmp, target);
        report.written.push(target);
      } catch (e) {
        report.failed.push({ file, error: e instanceof Error ? e.message : String(e) });
      }
    }
  } finally {
    await r.close();
  }
  return report;
}
