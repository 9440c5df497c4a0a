// The one writer of out/: the atomic swap (swap.ts), build --check (check.ts with diff.ts), the --only merge
// (only.ts), the manifest (manifest.ts), the path rules all of them share (paths.ts, tree.ts), the lock that keeps
// two builds from writing one out/ at once (lock.ts) and the no-op record that lets an unchanged build skip itself
// (noop.ts).
export type { OutputFile, EmitResult, DriftEntry } from "./types.js";
export { MANIFEST_NAME, validateOutputPaths } from "./paths.js";
export { emitPlatform } from "./swap.js";
export { checkPlatform } from "./check.js";
export { unifiedDiff, DIFF_MAX_CHANGED_LINES } from "./diff.js";
export { mergeOnly } from "./only.js";
export { lockOut, LockBusyError, LOCK_NAME, type OutLock } from "./lock.js";
export { manifestText } from "./manifest.js";
export { readRecord, writeRecord, dropRecord, outMatches, sha256, type NoopRecord, type PlatformRecord, type EmittedPlatform } from "./noop.js";
