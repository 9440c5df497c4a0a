// Secrets the way users keep them. platformc only ever references a Secret the user owns (env secretKeyRef, Helm
// valuesFrom), asks external-secrets to make one from the user's store, or places a file the user already encrypted
// with SOPS; no plaintext secret value reaches out/, which is committed. Argo CD has neither valuesFrom nor
// decryption, so those are errors there rather than objects that would never work.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Loc, Path } from "../source.js";
import { type Ctx, uniqueNames } from "./context.js";
import { componentOfChart } from "../catalog/index.js";
import { envSecretName } from "../plan/external-secrets.js";
import { isMap, sopsDocuments, sopsProblem } from "../lib/sops.js";
import { specRelative } from "../lib/paths.js";

// Whole words of the name (split at _ - .), or their endings: APIKEY and AUTH_TOKEN count, KEYCLOAK_URL does not.
const SECRET_WORDS = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY"];

export function looksSecret(name: string): boolean {
  return name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .some((w) => SECRET_WORDS.some((x) => w.endsWith(x)));
}

/** The env of a service or an environment override, with a warning for each plain value named like a secret. */
export function lowerEnv(ctx: Ctx, env: Record<string, S.EnvValue> | undefined, p: Path, service: string): Record<string, G.EnvValue> {
  const out: Record<string, G.EnvValue> = {};
  for (const name of Object.keys(env ?? {}).sort()) {
    const v = env![name]!;
    if (typeof v === "string") {
      if (v !== "" && looksSecret(name)) {
        ctx.diags.report("PC0708", locSpan(ctx.at([...p, name])), { name, service }, {
          help: `keep the value in a Secret of the namespace and write ${name}: { secretKeyRef: { name: <secret>, key: <key> } }`,
        });
      }
      out[name] = v;
    } else if ("secretKeyRef" in v) out[name] = { secretKeyRef: { name: v.secretKeyRef.name, key: v.secretKeyRef.key } };
    else if ("configMapKeyRef" in v) out[name] = { configMapKeyRef: { name: v.configMapKeyRef.name, key: v.configMapKeyRef.key } };
    else out[name] = { externalSecret: remoteRef(v.externalSecret) };
  }
  return out;
}

function remoteRef(r: { store: string; key: string; property?: string }): G.RemoteRef {
  return { store: r.store, key: r.key, ...(r.property !== undefined ? { property: r.property } : {}) };
}

export function lowerExternalSecrets(ctx: Ctx, ns: S.Namespace, p: Path): G.ExternalSecretNode[] {
  const list = ns.externalSecrets ?? [];
  uniqueNames(ctx, list.map((x, i) => ({ name: x.name, path: [...p, "externalSecrets", i, "name"] })), "ExternalSecret", ` in namespace \`${ns.name}\``);
  return list.map((x, i) => ({
    name: x.name,
    store: x.store,
    refreshInterval: x.refreshInterval ?? "1h",
    data: x.data.map((d) => ({ secretKey: d.secretKey, key: d.key, ...(d.property !== undefined ? { property: d.property } : {}) })),
    loc: ctx.at([...p, "externalSecrets", i]),
  }));
}

/**
 * ExternalSecrets need the operator in their cluster (its CRDs, its controller), and the one platformc writes for a
 * service's env (<service>-env, see src/plan/external-secrets.ts) must not take a name the namespace gives another.
 */
export function checkExternalSecretUses(ctx: Ctx, clusters: G.ClusterNode[]): void {
  const seen = new Set<string>();
  const once = (loc: Loc, sub: Path) => {
    const key = JSON.stringify([...loc.path, ...sub]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const c of clusters) {
    const runs = c.services.some((s) => s.kind === "helm" && s.chart && componentOfChart(s.chart)?.name === "external-secrets");
    const help = `add a helm service with chart external-secrets (repo https://charts.external-secrets.io) to cluster \`${c.name}\`, or keep the value in a Secret and use secretKeyRef`;
    for (const ns of c.namespaces) {
      if (!runs && ns.externalSecrets.length && once(ns.loc, ["externalSecrets"])) {
        ctx.diags.report("PC0712", locSpan(ns.loc, ["externalSecrets"], "key"), { what: `the ExternalSecrets of namespace \`${ns.base}\``, cluster: c.name }, { help });
      }
    }
    for (const s of c.services) {
      const names = Object.entries(s.env).filter(([, v]) => typeof v === "object" && "externalSecret" in v).map(([n]) => n);
      if (!names.length) continue;
      if (!runs && once(s.loc, ["env", names[0]!])) ctx.diags.report("PC0712", locSpan(s.loc, ["env", names[0]!]), { what: `env \`${names[0]}\` of service \`${s.name}\``, cluster: c.name }, { help });
      const ns = c.namespaces.find((n) => n.name === s.namespace);
      const taken = ns?.externalSecrets.find((x) => x.name === envSecretName(s));
      if (taken && once(taken.loc, ["name"])) {
        ctx.diags.report("PC0302", locSpan(taken.loc, ["name"]), { kind: "ExternalSecret", name: taken.name, scope: ` in namespace \`${s.namespace}\`` }, {
          related: [{ span: locSpan(s.loc, ["env", names[0]!]), message: `platformc writes ${envSecretName(s)} for the env of service \`${s.name}\`` }],
          help: "rename the namespace's ExternalSecret",
        });
      }
    }
  }
}

export function lowerValuesFrom(ctx: Ctx, s: S.Service, p: Path, cluster: G.ClusterNode): G.ValuesFrom[] {
  const list = s.chart?.valuesFrom ?? [];
  if (list.length && cluster.gitops?.tool === "argocd") {
    ctx.diags.report("PC0709", locSpan(ctx.at([...p, "chart", "valuesFrom"]), [], "key"), { what: `chart.valuesFrom of service \`${s.name}\``, reason: `cluster \`${cluster.name}\` runs Argo CD, whose Helm source takes no values from Secrets` }, {
      help: "put non-secret values under chart.values, and have the chart read its secrets from a Secret that external-secrets (or a plugin such as helm-secrets) creates",
    });
    return [];
  }
  return list.map((v) => ({ kind: v.kind ?? "Secret", name: v.name, ...(v.valuesKey !== undefined ? { valuesKey: v.valuesKey } : {}), ...(v.targetPath !== undefined ? { targetPath: v.targetPath } : {}) }));
}

export function lowerDecryption(ctx: Ctx, g: S.Gitops, p: Path, cluster: string): { provider: "sops"; secretRef: string } | undefined {
  if (!g.decryption) return undefined;
  if (g.tool === "argocd") {
    ctx.diags.report("PC0709", locSpan(ctx.at([...p, "gitops", "decryption"]), [], "key"), { what: "gitops.decryption", reason: `cluster \`${cluster}\` runs Argo CD, which does not decrypt SOPS` }, {
      help: "drop gitops.decryption and keep secrets in an external store with external-secrets, or install a config management plugin (KSOPS) yourself",
    });
    return undefined;
  }
  return { provider: g.decryption.provider, secretRef: g.decryption.secretRef ?? "sops-age" };
}

/**
 * The SOPS-encrypted files a namespace lists, read through the driver. Every problem is reported against the
 * entry that names the file; a file that is reported is not placed.
 */
export function lowerNamespaceSecrets(ctx: Ctx, ns: S.Namespace, p: Path, cluster: G.ClusterNode): G.SecretFile[] {
  const list = ns.secrets ?? [];
  if (list.length === 0) return [];
  const at = [...p, "secrets"];
  const fail = (i: number | undefined, file: string, reason: string, help: string) =>
    ctx.diags.report("PC0711", locSpan(ctx.at(i === undefined ? at : [...at, i]), [], i === undefined ? "key" : "value"), { file, reason }, { help });
  if (cluster.gitops?.tool === "argocd") {
    ctx.diags.report("PC0709", locSpan(ctx.at(at), [], "key"), { what: `the SOPS-encrypted secrets of namespace \`${ns.name}\``, reason: `cluster \`${cluster.name}\` runs Argo CD, which does not decrypt SOPS` }, {
      help: "keep these secrets in an external store and let external-secrets create them, or install a config management plugin (KSOPS) yourself",
    });
    return [];
  }
  if ((ns.environments ?? []).length) {
    fail(undefined, list[0]!, "the namespace is instantiated per environment, and one encrypted file names one namespace", "declare a namespace per environment for its secrets, or create them outside platformc");
    return [];
  }
  if (!cluster.gitops?.decryption) {
    fail(undefined, list[0]!, `cluster \`${cluster.name}\` does not decrypt SOPS files`, `add decryption: { provider: sops, secretRef: sops-age } to the gitops of cluster \`${cluster.name}\` (Flux), and create that Secret in flux-system with your age key`);
    return [];
  }
  const out: G.SecretFile[] = [];
  const seen = new Map<string, number>();
  list.forEach((source, i) => {
    const rel = specRelative(source);
    if (!rel.ok) return fail(i, source, rel.reason, "write a path relative to the spec's directory, e.g. secrets/app.sops.yaml");
    const file = rel.path.slice(rel.path.lastIndexOf("/") + 1);
    if (!/\.ya?ml$/.test(file)) return fail(i, source, "it is not a .yaml or .yml file", "Kustomize lists YAML manifests: encrypt the Secret manifest itself with sops");
    const first = seen.get(file);
    if (first !== undefined) {
      ctx.diags.report("PC0302", locSpan(ctx.at([...at, i])), { kind: "secret file", name: file, scope: ` in namespace \`${ns.name}\`` }, {
        related: [{ span: locSpan(ctx.at([...at, first])), message: "first listed here" }],
        help: "rename one of the two files: both land in the namespace's root under their file name",
      });
      return;
    }
    seen.set(file, i);
    const read = ctx.opts.readFile ? ctx.opts.readFile(rel.path) : { ok: false as const, reason: "this compile reads no files" };
    if (!read.ok) return fail(i, source, read.reason, "check the path: it is relative to the directory of platform.yaml");
    const plain = sopsProblem(read.text);
    if (plain) {
      ctx.diags.report("PC0710", locSpan(ctx.at([...at, i])), { file: source, reason: plain }, { help: `encrypt it: sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place ${source}` });
      return;
    }
    const misplaced = wrongNamespace(read.text, ns.name);
    if (misplaced) return fail(i, source, misplaced, `set metadata.namespace: ${ns.name} before encrypting (SOPS leaves metadata in clear)`);
    out.push({ source, file, content: read.text, loc: ctx.at([...at, i]) });
  });
  return out;
}


// A namespace root sets no namespace on what it lists (Flux would apply such an object in `default`), and the file
// cannot be rewritten without breaking its SOPS MAC, so each object must already name the namespace.
function wrongNamespace(text: string, ns: string): string | undefined {
  const r = sopsDocuments(text);
  if ("error" in r) return r.error;
  for (const d of r.docs) {
    if (!isMap(d)) continue;
    const meta = isMap(d.metadata) ? d.metadata : {};
    if (typeof d.kind !== "string" || typeof meta.name !== "string") return "a document is not a Kubernetes object (kind and metadata.name)";
    if (meta.namespace !== ns) return meta.namespace === undefined ? `${d.kind} \`${meta.name}\` sets no metadata.namespace` : `${d.kind} \`${meta.name}\` is in namespace \`${String(meta.namespace)}\`, not \`${ns}\``;
  }
  return undefined;
}
