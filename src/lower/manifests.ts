// Extra manifests of a namespace (namespaces[].manifests): Kubernetes objects platformc does not model, read
// through the driver (LowerOptions.readFile, src/build.ts specFileReader, shared with the SOPS secrets) and
// placed in the namespace's root. They are checked here because only here is the spec entry known: each object
// must be one Kubernetes accepts, and it must land in this namespace. A namespace root sets no namespace on what
// it lists, so an object that names none gets this one filled in (comments and layout kept); otherwise GitOps
// would apply it in `default`.
import YAML from "yaml";
import type * as G from "../graph.js";
import { locSpan, type Span } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import type { Ctx } from "./context.js";
import { specRelative } from "../lib/paths.js";

// Kinds of the Kubernetes API and of the components platformc installs that are not namespaced; any other kind
// is taken to be namespaced (a custom resource platformc does not know is, almost always).
const CLUSTER_SCOPED = new Set([
  "APIService", "CSIDriver", "CSINode", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding", "ComponentStatus",
  "CustomResourceDefinition", "FlowSchema", "IngressClass", "MutatingWebhookConfiguration", "Node", "PersistentVolume",
  "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass", "StorageClass", "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "VolumeAttachment",
  // cert-manager, Gateway API, Cilium, MetalLB-free
  "ClusterIssuer", "GatewayClass", "CiliumClusterwideNetworkPolicy", "CiliumLoadBalancerIPPool", "CiliumBGPClusterConfig",
  "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "CiliumL2AnnouncementPolicy", "CiliumNode", "CiliumIdentity",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);


interface Problem {
  reason: string;
  help: string;
  /** where in the manifest file, when the problem is in it */
  at?: [number, number];
}

type Parsed = { ok: true; docs: YAML.Document[] } | { ok: false; problem: Problem };

function parse(text: string): Parsed {
  let docs: YAML.Document[];
  try {
    docs = YAML.parseAllDocuments(text, { prettyErrors: false }) as YAML.Document[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (e) {
    return { ok: false, problem: { reason: `it is not YAML (${e instanceof Error ? e.message : String(e)})`, help: "fix the YAML" } };
  }
  for (const d of docs) {
    const err = d.errors[0];
    if (err) return { ok: false, problem: { reason: `it is not YAML (${err.message.split("\n")[0]})`, help: "fix the YAML", at: [err.pos[0], err.pos[1]] } };
  }
  return { ok: true, docs: docs.filter((d) => d.contents !== null) };
}

function range(node: unknown): [number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** The objects of one file for the namespace `ns`, the text to write, or the first problem. */
function objectsOf(text: string, ns: string, several: boolean): { ok: true; content: string; objects: G.ManifestFile["objects"] } | { ok: false; problem: Problem } {
  const parsed = parse(text);
  if (!parsed.ok) return parsed;
  if (parsed.docs.length === 0) return { ok: false, problem: { reason: "it holds no object", help: "list a file with at least one Kubernetes object, or drop the entry" } };
  const objects: G.ManifestFile["objects"] = [];
  let filled = false;
  for (const [n, doc] of parsed.docs.entries()) {
    const which = parsed.docs.length > 1 ? `document ${n + 1}` : "the document";
    const at = range(doc.contents);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { ok: false, problem: { reason: `${which} cannot be read (${e instanceof Error ? e.message : String(e)})`, help: "write it without alias expansion bombs", ...(at ? { at } : {}) } };
    }
    if (!isMap(data)) return { ok: false, problem: { reason: `${which} is not a mapping`, help: "each document must be one Kubernetes object", ...(at ? { at } : {}) } };
    const meta = isMap(data.metadata) ? data.metadata : undefined;
    const missing = [typeof data.apiVersion === "string" && data.apiVersion ? "" : "apiVersion", typeof data.kind === "string" && data.kind ? "" : "kind", typeof meta?.name === "string" && meta.name ? "" : "metadata.name"].filter(Boolean);
    if (missing.length) return { ok: false, problem: { reason: `${which} has no ${missing.join(", ")}`, help: "every object needs apiVersion, kind and metadata.name", ...(at ? { at } : {}) } };
    const kind = data.kind as string;
    const name = meta!.name as string;
    if (kind === "Namespace") return { ok: false, problem: { reason: `${which} is a Namespace, which platformc writes itself`, help: "declare namespaces under namespaces: in the spec", ...(at ? { at } : {}) } };
    const obj: G.ManifestFile["objects"][number] = { apiVersion: data.apiVersion as string, kind, name };
    if (!isClusterScoped(kind)) {
      const declared = meta!.namespace;
      const nsAt = range(doc.getIn(["metadata", "namespace"], true)) ?? at;
      if (declared !== undefined && declared !== ns) {
        const reason = several && declared !== null ? `${kind} \`${name}\` names namespace \`${String(declared)}\`, and this namespace is instantiated once per environment` : `${kind} \`${name}\` is in namespace \`${String(declared)}\`, not \`${ns}\``;
        return { ok: false, problem: { reason, help: `leave metadata.namespace out: platformc fills in \`${ns}\``, ...(nsAt ? { at: nsAt } : {}) } };
      }
      if (declared === undefined) {
        doc.setIn(["metadata", "namespace"], ns);
        filled = true;
      }
      obj.namespace = ns;
    }
    objects.push(obj);
  }
  const content = filled ? parsed.docs.map((d, i) => (i > 0 && !d.directives?.docStart ? `---\n${d.toString()}` : d.toString())).join("") : text;
  return { ok: true, content, objects };
}

export interface ManifestSource {
  source: string;
  file: string;
  text: string;
  /** the file as diagnostics show it */
  shown: string;
  index: number;
}

/**
 * Reads the files a namespace lists, once for all its instances; problems with the list itself (paths, names,
 * reading) are reported here against the entry.
 */
export function readManifests(ctx: Ctx, list: string[] | undefined, p: Path, ns: string): ManifestSource[] {
  const at: Path = [...p, "manifests"];
  const out: ManifestSource[] = [];
  const seen = new Map<string, number>();
  const dir = ctx.spec.source.path.includes("/") ? ctx.spec.source.path.slice(0, ctx.spec.source.path.lastIndexOf("/") + 1) : "";
  (list ?? []).forEach((source, i) => {
    const fail = (reason: string, help: string) => ctx.diags.report("PC1011", locSpan(ctx.at([...at, i])), { file: source, namespace: ns, reason }, { help });
    const rel = specRelative(source);
    if (!rel.ok) return fail(rel.reason, "write a path relative to the spec's directory, e.g. manifests/app.yaml");
    const file = rel.path.slice(rel.path.lastIndexOf("/") + 1);
    if (!/\.ya?ml$/.test(file)) return fail("it is not a .yaml or .yml file", "Kustomize lists YAML manifests: name the file <something>.yaml");
    const first = seen.get(file);
    if (first !== undefined) {
      ctx.diags.report("PC0302", locSpan(ctx.at([...at, i])), { kind: "manifest file", name: file, scope: ` in namespace \`${ns}\`` }, {
        related: [{ span: locSpan(ctx.at([...at, first])), message: "first listed here" }],
        help: "rename one of the two files: both land in the namespace's root under their file name",
      });
      return;
    }
    seen.set(file, i);
    const read = ctx.opts.readFile ? ctx.opts.readFile(rel.path) : { ok: false as const, reason: "this compile reads no files" };
    if (!read.ok) return fail(read.reason, "check the path: it is relative to the directory of platform.yaml");
    out.push({ source, file, text: read.text, shown: `${dir}${rel.path}`, index: i });
  });
  return out;
}

/** The files of one instance `name` of the namespace; `several` when the namespace has more than one instance. */
export function manifestsFor(ctx: Ctx, sources: ManifestSource[], p: Path, name: string, several: boolean, reported: Set<number>): G.ManifestFile[] {
  const out: G.ManifestFile[] = [];
  for (const m of sources) {
    const r = objectsOf(m.text, name, several);
    const loc = ctx.at([...p, "manifests", m.index]);
    if (!r.ok) {
      if (reported.has(m.index)) continue;
      reported.add(m.index);
      const inFile: Span | undefined = r.problem.at ? { file: { path: m.shown, text: m.text }, start: r.problem.at[0], end: Math.max(r.problem.at[1], r.problem.at[0]) } : undefined;
      ctx.diags.report("PC1011", locSpan(loc), { file: m.source, namespace: name, reason: r.problem.reason }, { help: r.problem.help, related: [{ span: inFile, message: "here" }] });
      continue;
    }
    out.push({ source: m.source, file: m.file, content: r.content, objects: r.objects, loc });
  }
  return out;
}
