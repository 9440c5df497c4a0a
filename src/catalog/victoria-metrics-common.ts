// The naming helpers of VictoriaMetrics' library chart victoria-metrics-common (0.0.42, which the operator 0.50.x
// and victoria-logs-single 0.11.x charts lock), shared by their catalog entries.
import type { Release } from "./types.js";
import { textValue, trunc } from "./helm.js";

/** vm.name: nameOverride, else global.nameOverride, else the chart's name */
export function vmName(r: Release, chart: string): string {
  return trunc(textValue(r, ["nameOverride"], textValue(r, ["global", "nameOverride"], chart)));
}

/** vm.fullname: fullnameOverride, global.fullnameOverride, else the release when it contains the name, else <release>-<name> */
export function vmFullname(r: Release, chart: string): string {
  const o = textValue(r, ["fullnameOverride"], textValue(r, ["global", "fullnameOverride"], ""));
  if (o) return trunc(o);
  const n = textValue(r, ["nameOverride"], chart);
  return trunc(r.name.includes(n) ? r.name : `${r.name}-${n}`);
}
