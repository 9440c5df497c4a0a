// The no-op rebuild before the CLI loads: bin/platformc.js calls this first, and loads the CLI bundle (commander,
// yaml, ajv, every generator: most of a no-op's time) only when it declines. It does not parse the command line:
// the full CLI, each time it records a no-op of a command (noop.ts, replays), stores that command's exact argv,
// working directory, colour and environment with what a no-op of it prints. This answers only a byte-for-byte
// match, after the same checks the full CLI's no-op path makes (noop.ts inputsMatch and outCurrent), and only while
// the record it was stored with is the one on disk. Any doubt, any error, and it declines.
//
// Bundled on its own (scripts/build.mjs: dist/noop-preflight.mjs) from node built-ins and emit/ and lib/ only.
import path from "node:path";
import { codeIdentityAt, inputsMatch, outCurrent, readRecordFile, readReplay, replayMatch, type NoopKey } from "./noop.js";
import { specsUnder } from "../lib/spec-files.js";

export interface Answer {
  stdout: string;
  stderr: string;
  code: number;
}

export interface PreflightInput {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** whether the CLI would colour its output (bin/platformc.js decides) */
  color: boolean;
  /** dist/build-id.json of the CLI bundle that would otherwise run */
  buildId: string;
}

/** What the full CLI would print for this command, when it is a no-op rebuild already answered once; else undefined. */
export function preflight(input: PreflightInput): Answer | undefined {
  try {
    return answer(input);
  } catch {
    return undefined;
  }
}

function answer({ argv, cwd, env, color, buildId }: PreflightInput): Answer | undefined {
  // As the CLI's noopCache(): the same directory, or no record to answer from.
  const base = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, ".cache") : undefined);
  if (!base) return undefined;
  const cacheDir = path.join(base, "platformc");
  const replay = readReplay(cacheDir, replayMatch(argv, cwd, color, env));
  if (!replay) return undefined;
  const found = readRecordFile<NoopKey>(cacheDir, replay.out);
  if (!found || found.sha256 !== replay.record) return undefined;
  const { key } = found.record;
  // The record's key was computed by the full CLI from this same command line (the replay is bound to it), so
  // only what can have changed since is checked: the code, the specs and what they read, and out/.
  const code = codeIdentityAt(buildId);
  if (key.out !== replay.out || typeof code !== "string" || code !== key.code) return undefined;
  const specs = specsUnder(key.dir);
  if (!specs || !inputsMatch(key, specs, key.out)) return undefined;
  if (!outCurrent(key.out, found.record.platforms)) return undefined;
  return { stdout: replay.stdout, stderr: replay.stderr, code: replay.code };
}
