// Environment overlays. The services of an environment-expanded namespace are rendered once, into a base, and
// each instance's root patches the base into exactly what rendering the instance directly would give (the
// conformance test holds kubectl kustomize to that). Replica counts and image tags use Kustomize's own
// `replicas` and `images` fields, the namespace its NamespaceTransformer; whatever else differs (env values,
// hostnames, allocated NodePorts and addresses) becomes a JSON patch of just the fields that differ.
import type { K8sObject } from "./names.js";

export interface Overlay {
  replicas: Array<{ name: string; count: number }>;
  images: Array<{ name: string; newTag: string }>;
  patches: Array<{ target: Record<string, string>; patch: string }>;
}

type Op = { op: "add" | "replace"; path: string; value: unknown } | { op: "remove"; path: string };

const SCALABLE = new Set(["Deployment", "StatefulSet"]);

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

function pointer(path: string[]): string {
  return path.map((p) => "/" + p.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** JSON Patch operations that turn `a` into `b`. Arrays of changed length are replaced whole: indices stay valid. */
export function diff(a: unknown, b: unknown, path: string[] = [], ops: Op[] = []): Op[] {
  if (equal(a, b)) return ops;
  if (isObj(a) && isObj(b)) {
    // Own keys only: a key such as "constructor" must not find Object.prototype's.
    const has = (o: Record<string, unknown>, k: string) => Object.hasOwn(o, k) && o[k] !== undefined;
    for (const k of Object.keys(a)) if (has(a, k) && !has(b, k)) ops.push({ op: "remove", path: pointer([...path, k]) });
    for (const k of Object.keys(b)) {
      if (!has(b, k)) continue;
      if (!has(a, k)) ops.push({ op: "add", path: pointer([...path, k]), value: b[k] });
      else diff(a[k], b[k], [...path, k], ops);
    }
    return ops;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) diff(a[i], b[i], [...path, String(i)], ops);
    return ops;
  }
  ops.push({ op: "replace", path: pointer(path), value: b });
  return ops;
}

function imageName(image: string): { name: string; tag?: string; digest: boolean } {
  const at = image.indexOf("@");
  const base = at >= 0 ? image.slice(0, at) : image;
  const slash = base.lastIndexOf("/");
  const colon = base.lastIndexOf(":");
  return colon > slash ? { name: base.slice(0, colon), tag: base.slice(colon + 1), digest: at >= 0 } : { name: base, digest: at >= 0 };
}

function containersOf(o: K8sObject): Array<Record<string, unknown>> {
  const spec = o.spec as Record<string, unknown> | undefined;
  const tpl = spec?.template as Record<string, unknown> | undefined;
  const pod = tpl?.spec as Record<string, unknown> | undefined;
  return Array.isArray(pod?.containers) ? (pod!.containers as Array<Record<string, unknown>>) : [];
}

function target(o: K8sObject): Record<string, string> {
  const slash = o.apiVersion.indexOf("/");
  const group = slash >= 0 ? o.apiVersion.slice(0, slash) : "";
  const version = slash >= 0 ? o.apiVersion.slice(slash + 1) : o.apiVersion;
  return { ...(group ? { group } : {}), version, kind: o.kind, name: o.metadata.name };
}

/** Objects of one service in the base and in an instance, both with the instance's own namespace removed. */
export interface ServicePair {
  base: K8sObject[];
  instance: K8sObject[];
}

/**
 * The overlay for one instance. Objects pair up by kind and position among the service's objects of that
 * kind; the base holds every object some instance has (see pickBase), so an instance only ever lacks one,
 * which a delete patch removes.
 */
export function overlayFor(pairs: ServicePair[]): Overlay {
  const replicas: Overlay["replicas"] = [];
  const patches: Overlay["patches"] = [];
  const imageEdits: Array<{ object: K8sObject; container: number; from: string; to: string }> = [];
  const opsByObject = new Map<K8sObject, Op[]>();
  const allBase: K8sObject[] = [];
  for (const { base, instance } of pairs) {
    allBase.push(...base);
    const pool = new Map<string, K8sObject[]>();
    for (const o of instance) {
      const k = `${o.apiVersion}/${o.kind}`;
      pool.set(k, [...(pool.get(k) ?? []), o]);
    }
    for (const b of base) {
      const k = `${b.apiVersion}/${b.kind}`;
      const i = pool.get(k)?.shift();
      if (!i) {
        patches.push({ target: target(b), patch: JSON.stringify({ $patch: "delete", apiVersion: b.apiVersion, kind: b.kind, metadata: { name: b.metadata.name } }) + "\n" });
        continue;
      }
      let ops = diff(b, i);
      if (SCALABLE.has(b.kind)) {
        const r = ops.find((o) => o.path === "/spec/replicas" && o.op === "replace");
        if (r && r.op === "replace" && typeof r.value === "number" && (i.metadata.name === b.metadata.name)) {
          replicas.push({ name: b.metadata.name, count: r.value });
          ops = ops.filter((o) => o !== r);
        }
      }
      const bc = containersOf(b);
      const ic = containersOf(i);
      ops = ops.filter((o) => {
        const m = /^\/spec\/template\/spec\/containers\/(\d+)\/image$/.exec(o.path);
        if (!m || o.op !== "replace") return true;
        const n = Number(m[1]);
        imageEdits.push({ object: b, container: n, from: String(bc[n]?.image), to: String(ic[n]?.image) });
        return false;
      });
      opsByObject.set(b, ops);
    }
    for (const rest of pool.values()) if (rest.length) throw new Error(`overlay: the base lacks ${rest[0]!.kind} ${rest[0]!.metadata.name}`);
  }
  // Kustomize's images field rewrites every container of a name, so it fits only when all of them change alike.
  const images: Overlay["images"] = [];
  const byName = new Map<string, typeof imageEdits>();
  for (const e of imageEdits) {
    const n = imageName(e.from).name;
    byName.set(n, [...(byName.get(n) ?? []), e]);
  }
  for (const [name, edits] of byName) {
    const to = imageName(edits[0]!.to);
    const occurrences = allBase.reduce((sum, o) => sum + containersOf(o).filter((c) => imageName(String(c.image)).name === name).length, 0);
    const uniform =
      to.name === name &&
      to.tag !== undefined &&
      !to.digest &&
      edits.every((e) => e.to === edits[0]!.to && !imageName(e.from).digest) &&
      occurrences === edits.length;
    if (uniform) images.push({ name, newTag: to.tag! });
    else for (const e of edits) opsByObject.get(e.object)!.push({ op: "replace", path: `/spec/template/spec/containers/${e.container}/image`, value: e.to });
  }
  for (const [o, ops] of opsByObject) if (ops.length) patches.push({ target: target(o), patch: opsText(ops) });
  return {
    replicas: replicas.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    images: images.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    patches,
  };
}

// Patches are written as JSON text: exact for every value, and Kustomize reads a JSON array as a JSON 6902 patch.
function opsText(ops: Op[]): string {
  return ops.map((o) => JSON.stringify(o)).join(",\n").replace(/^/, "[\n").concat("\n]\n");
}
