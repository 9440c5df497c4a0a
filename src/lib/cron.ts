// CronJob schedules as the Kubernetes API server reads them, so that a schedule it would refuse is a located error
// here rather than a CronJob that never applies. kubernetes/kubernetes pkg/apis/batch/validation/validation.go
// (validateScheduleFormat, validateTimeZone) parses with robfig/cron v3 cron.ParseStandard, whose rules
// (parser.go: getRange, parseIntOrName, mustParseInt, parseDescriptor; spec.go: the bounds) are mirrored below,
// messages included.

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

// spec.go: minutes, hours, dom, months, dow (0-6: 7 is not Sunday here)
const FIELDS: ReadonlyArray<{ name: string; bounds: Bounds }> = [
  { name: "minute", bounds: { min: 0, max: 59 } },
  { name: "hour", bounds: { min: 0, max: 23 } },
  { name: "day of month", bounds: { min: 1, max: 31 } },
  { name: "month", bounds: { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) } },
  { name: "day of week", bounds: { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) } },
];

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
// Go's time.ParseDuration, for @every: one or more decimal numbers with a unit each
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/** Why the API server would refuse this CronJob schedule, or undefined when it accepts it. */
export function scheduleProblem(schedule: string): string | undefined {
  // validateScheduleFormat: any "TZ" at all (TZ=, CRON_TZ=) is refused on create
  if (schedule.includes("TZ")) return "cannot use TZ or CRON_TZ in schedule, use job.timeZone instead";
  if (schedule.trim() === "") return "empty spec string";
  if (schedule.startsWith("@")) {
    if (DESCRIPTORS.has(schedule)) return undefined;
    if (schedule.startsWith("@every ")) {
      const d = schedule.slice("@every ".length);
      return GO_DURATION.test(d) ? undefined : `failed to parse duration ${schedule}: time: invalid duration "${d}"`;
    }
    return `unrecognized descriptor: ${schedule}`;
  }
  const fields = schedule.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i]!.split(",")) {
      const problem = rangeProblem(expr, FIELDS[i]!.bounds);
      if (problem) return `${FIELDS[i]!.name}: ${problem}`;
    }
  }
  return undefined;
}

function rangeProblem(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = r.min;
    end = r.max;
  } else {
    const s = intOrName(lowAndHigh[0]!, r.names);
    if (typeof s === "string") return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1]!, r.names);
      if (typeof e === "string") return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = parseInt10(rangeAndStep[1]!);
    if (typeof st === "string") return st;
    step = st;
    // "N/step" means from N to the field's end
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function intOrName(expr: string, names: Record<string, number> | undefined): number | string {
  const named = names?.[expr.toLowerCase()];
  return named ?? parseInt10(expr);
}

// strconv.Atoi: an optional sign and decimal digits; then mustParseInt refuses negatives
function parseInt10(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number(expr);
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

/**
 * Why the API server would refuse this time zone, or undefined. validateTimeZone checks IANA naming (each part of
 * [A-Za-z.-_0-9+]{1,14}, not "." or "..", not starting with "-"), refuses "Local", and loads the zone from the Go
 * time zone database; Node's ICU database, which knows the same IANA names and aliases, stands in for the last.
 */
export function timeZoneProblem(tz: string): string | undefined {
  if (tz === "") return "timeZone must be nil or non-empty string";
  for (const part of tz.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) return `unknown time zone ${tz}`;
  }
  if (tz.toLowerCase() === "local") return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    return `unknown time zone ${tz}`;
  }
  return undefined;
}
