// Release versions as components and charts write them ("1.17.6", "v1.18.0", "1.19.0-rc.1"): compared by their
// numeric major.minor.patch; a pre-release suffix sorts before its release, as in semver.

/** [major, minor, patch, isRelease], or undefined when the text does not start with a number. */
function parts(v: string): [number, number, number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-\S+)?/.exec(v.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), m[4] ? 0 : 1];
}

/** Negative, zero or positive as a < b, a = b, a > b; undefined when either is not a version. */
export function compareVersions(a: string, b: string): number | undefined {
  const x = parts(a);
  const y = parts(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** Whether `v` lies in [from, until): both bounds optional. A text that is no version lies in no bounded range. */
export function inRange(v: string, range: { from?: string; until?: string }): boolean {
  if (range.from !== undefined && !((compareVersions(v, range.from) ?? -1) >= 0)) return false;
  if (range.until !== undefined && !((compareVersions(v, range.until) ?? 1) < 0)) return false;
  return true;
}
