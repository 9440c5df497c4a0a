// The naming rules Helm charts' _helpers.tpl share, and reading the spec's chart values, for the catalog's facts.
import type { ContainerResources, Quantities, Release } from "./types.js";

/** values.a.b.c, or undefined when any step is missing or not a mapping */
export function valueAt(values: unknown, path: readonly string[]): unknown {
  let v: unknown = values;
  for (const k of path) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A boolean value the chart reads, with the chart's default when the spec leaves it unset. */
export function flag(r: Release, path: readonly string[], byDefault: boolean): boolean {
  const v = valueAt(r.values, path);
  return typeof v === "boolean" ? v : byDefault;
}

/** A port number the chart reads, with the chart's default when the spec leaves it unset or sets no number. */
export function portValue(r: Release, path: readonly string[], byDefault: number): number {
  const v = valueAt(r.values, path);
  return typeof v === "number" && Number.isInteger(v) && v > 0 && v < 65536 ? v : byDefault;
}

/** A string value the chart reads; "" counts as unset, as in the templates' `default`. */
export function textValue(r: Release, path: readonly string[], byDefault: string): string {
  const v = valueAt(r.values, path);
  return typeof v === "string" && v !== "" ? v : byDefault;
}

/** Helm's `trunc n | trimSuffix "-"`. */
export function trunc(s: string, n = 63): string {
  const t = s.slice(0, n);
  return t.endsWith("-") ? t.slice(0, -1) : t;
}

/**
 * The `<chart>.fullname` of `helm create`, which cert-manager, argo-cd and authentik keep: fullnameOverride, else
 * the release name when it contains the chart's name, else `<release>-<name>`; truncated to 63.
 */
export function fullname(r: Release, name: string): string {
  const override = textValue(r, ["fullnameOverride"], "");
  if (override) return trunc(override);
  return trunc(r.name.includes(name) ? r.name : `${r.name}-${name}`);
}

/**
 * The object at `key` of the values (a Service template of an operator's resource) with `annotations` merged into
 * its metadata.annotations, everything else of it kept.
 */
export function annotatedAt(r: Release, key: string, annotations: Record<string, string>): Record<string, unknown> {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const base = obj(valueAt(r.values, [key]));
  const meta = obj(base.metadata);
  return { ...base, metadata: { ...meta, annotations: { ...obj(meta.annotations), ...annotations } } };
}

/** The string entries of a labels map in the values (podLabels, commonLabels ...); anything else there is ignored. */
export function labelsAt(r: Release, path: readonly string[]): Record<string, string> {
  const v = valueAt(r.values, path);
  const out: Record<string, string> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

/**
 * Whether a container's securityContext, over its pod's, meets the Pod Security Standard `restricted`: non-root
 * (and not uid 0), a RuntimeDefault or Localhost seccomp profile, no privilege escalation, not privileged, ALL dropped.
 */
export function meetsRestricted(pod: Record<string, unknown>, c: Record<string, unknown>): boolean {
  const profile = (x: Record<string, unknown>) => ["RuntimeDefault", "Localhost"].includes(String(valueAt(x, ["seccompProfile", "type"])));
  const drop = valueAt(c, ["capabilities", "drop"]);
  const user = c.runAsUser ?? pod.runAsUser;
  const nonRoot = c.runAsNonRoot === true || (pod.runAsNonRoot === true && c.runAsNonRoot !== false);
  return nonRoot && user !== 0 && (profile(c) || profile(pod)) && c.allowPrivilegeEscalation === false && c.privileged !== true && Array.isArray(drop) && drop.includes("ALL");
}

/**
 * corev1.ResourceRequirements at path of v: its cpu and memory quantities, nothing else (the capacity facts of the
 * operators' resources read it)
 */
export function resourcesAt(v: unknown, path: readonly string[]): ContainerResources {
  const pick = (x: unknown): Quantities | undefined => {
    const q: Quantities = {};
    for (const k of ["cpu", "memory"] as const) {
      const n = valueAt(x, [k]);
      if (typeof n === "string" || typeof n === "number") q[k] = n;
    }
    return Object.keys(q).length ? q : undefined;
  };
  const requests = pick(valueAt(v, [...path, "requests"]));
  const limits = pick(valueAt(v, [...path, "limits"]));
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}
