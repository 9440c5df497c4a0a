// The two ways secrets enter platformc: `platformc secrets` creates a Talos secrets bundle, and
// `platformc build --secrets <bundle> --out-secrets <dir>` renders complete machine configs with one. Both
// keep secrets out of the output tree that gets committed. Each step returns what it did (lines for the user)
// or the coded problem that stopped it; index.ts prints them and chooses the exit code.
import fs from "node:fs";
import path from "node:path";
import type { Graph, ClusterNode } from "../graph.js";
import { isInside } from "../lib/paths.js";
import type { CheckReport } from "../../generators/contract.js";
import { errnoText, generateWithSecrets, type PlatformResult } from "../build.js";
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Entropy } from "../lib/talos-secrets/entropy.js";
import { bundleToYaml, createTalosBundle, parseTalosBundle, type TalosBundle } from "../lib/talos-secrets/bundle.js";
import { writeNewSecretFile, writeSecretTree } from "./secret-files.js";
import { decryptIfSops } from "./sops.js";

/** What a step reports: lines for stderr, and the problem that stopped it, if one did. */
export interface Outcome {
  lines: string[];
  problem?: Diagnostic;
}

const stop = (problem: Diagnostic, lines: string[] = []): Outcome => ({ lines, problem });

interface TalosCluster {
  graph: Graph;
  report: CheckReport;
  cluster: ClusterNode;
}

function talosClusters(platforms: readonly PlatformResult[]): TalosCluster[] {
  return platforms.flatMap((p) => {
    const { graph, report } = p;
    if (!graph || !report) return [];
    return graph.clusters.filter((c) => c.distribution === "talos" && c.talos).map((cluster) => ({ graph, report, cluster }));
  });
}

const label = (t: TalosCluster) => `${t.graph.platform.name}/${t.cluster.name}`;

/** A cluster named as <cluster> or <platform>/<cluster>. */
function findCluster(list: TalosCluster[], name: string): TalosCluster[] {
  return list.filter((t) => t.cluster.name === name || label(t) === name);
}

/** `platformc secrets`: after a clean validation, one new bundle for one Talos cluster. Returns the exit code. */
export function createSecretsBundle(platforms: readonly PlatformResult[], o: { out: string; cluster?: string; now: Date; entropy: Entropy }): Outcome {
  const all = talosClusters(platforms);
  if (all.length === 0) {
    return stop(diag("PC0020", undefined, { which: "in this spec" }, { help: "secrets bundles are for Talos clusters; K3s nodes read a token file (see nodes/<cluster>/README.md)" }));
  }
  let chosen: TalosCluster[] = all;
  if (o.cluster !== undefined) {
    chosen = findCluster(all, o.cluster);
    if (chosen.length === 0) return stop(diag("PC0020", undefined, { which: `named ${o.cluster}` }, { help: `Talos clusters: ${all.map(label).join(", ")}` }));
  }
  if (chosen.length > 1) {
    return stop(diag("PC0021", undefined, { what: "this spec", clusters: chosen.map(label).join(", ") }, { help: "each Talos cluster needs its own bundle; choose one with --cluster <cluster>" }));
  }
  if (isInside(o.out, "out")) {
    return stop(diag("PC0011", undefined, { what: "the secrets bundle", path: o.out, where: "the output directory", dir: "out/" }, { help: "out/ is committed: write the bundle elsewhere" }));
  }
  const t = chosen[0]!;
  const talos = t.cluster.talos!;
  const bundle = createTalosBundle({ contract: talos.contract, now: o.now, entropy: o.entropy });
  const comment = [
    `Talos secrets bundle of cluster ${t.cluster.name} (platform ${t.graph.platform.name}), in the format of talosctl gen secrets.`,
    `Created by platformc secrets for Talos ${talos.version}. It holds the cluster's CA keys and join tokens:`,
    "encrypt it (sops --encrypt --in-place <file>) or keep it out of version control, and never put it in out/.",
  ].join("\n");
  try {
    writeNewSecretFile(o.out, bundleToYaml(bundle, comment));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    return stop(
      code === "EEXIST"
        ? diag("PC0014", undefined, { path: o.out }, { help: "platformc never overwrites a secrets bundle: it may hold the only copy of a cluster's keys" })
        : diag("PC0016", undefined, { what: o.out, reason: errnoText(e) }),
    );
  }
  return { lines: [`wrote ${o.out}: secrets bundle of Talos cluster ${label(t)}; encrypt it or keep it out of git`] };
}

interface SecretsRequest {
  /** bundles by cluster (<cluster> or <platform>/<cluster>), or under "" when given without a name */
  bundles: Array<{ cluster: string; file: string; bundle: TalosBundle }>;
  outSecrets: string;
}

/** Checks the build's --secrets/--out-secrets options and reads the bundles, before anything is built. */
export function readSecretsRequest(o: { secrets?: string[]; outSecrets?: string; out: string; check?: boolean; sops?: string }): { ok: true; request?: SecretsRequest } | { ok: false; problem: Diagnostic } {
  if (!o.secrets?.length && o.outSecrets === undefined) return { ok: true };
  if (!o.secrets?.length || o.outSecrets === undefined) {
    const problem = diag("PC0012", undefined, { first: "--secrets", second: "--out-secrets", problem: "go together" }, { help: "pass both: the bundle to read and the directory for the complete configs" });
    return { ok: false, problem };
  }
  if (o.check) {
    const problem = diag("PC0012", undefined, { first: "--check", second: "--secrets", problem: "cannot be combined" }, { help: "--check compares out/ and writes nothing; run the build with --secrets separately" });
    return { ok: false, problem };
  }
  if (isInside(o.outSecrets, o.out)) {
    const problem = diag("PC0011", undefined, { what: "--out-secrets", path: o.outSecrets, where: "the output directory", dir: o.out }, { help: "the output directory is committed; choose a directory outside it" });
    return { ok: false, problem };
  }
  const bundles: SecretsRequest["bundles"] = [];
  for (const entry of o.secrets) {
    const eq = entry.indexOf("=");
    const cluster = eq > 0 ? entry.slice(0, eq) : "";
    const file = eq > 0 ? entry.slice(eq + 1) : entry;
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      return { ok: false, problem: diag("PC0001", undefined, { what: `secrets bundle ${file}`, reason: errnoText(e) }) };
    }
    // A bundle the user keeps encrypted (as `platformc secrets` advises) is decrypted in memory with their sops.
    const plain = decryptIfSops(file, text, o.sops ?? "sops");
    if (!plain.ok) return { ok: false, problem: plain.problem };
    const parsed = parseTalosBundle(plain.text);
    if (!parsed.ok) {
      const help = "pass the file `talosctl gen secrets` or `platformc secrets` wrote, as it is or SOPS-encrypted";
      return { ok: false, problem: diag("PC0022", undefined, { file }, { notes: parsed.problems, help }) };
    }
    bundles.push({ cluster, file, bundle: parsed.bundle });
  }
  return { ok: true, request: { bundles, outSecrets: o.outSecrets } };
}

/** After a clean build: complete machine configs for every Talos cluster that has a bundle. */
export function writeTalosConfigs(platforms: readonly PlatformResult[], req: SecretsRequest): Outcome {
  const lines: string[] = [];
  const all = talosClusters(platforms);
  const assigned = new Map<TalosCluster, { file: string; bundle: TalosBundle }>();
  for (const b of req.bundles) {
    let targets: TalosCluster[];
    if (b.cluster === "") {
      if (all.length === 0) return stop(diag("PC0020", undefined, { which: `to use ${b.file} with` }, { help: "secrets bundles are for Talos clusters; this spec has none" }));
      if (all.length > 1) {
        return stop(diag("PC0021", undefined, { what: b.file, clusters: all.map(label).join(", ") }, { help: `name the cluster: --secrets <cluster>=${b.file}` }));
      }
      targets = all;
    } else {
      targets = findCluster(all, b.cluster);
      if (targets.length === 0) {
        return stop(diag("PC0020", undefined, { which: `named ${b.cluster}` }, { help: all.length ? `Talos clusters: ${all.map(label).join(", ")}` : "this spec has no Talos cluster" }));
      }
      if (targets.length > 1) {
        return stop(diag("PC0021", undefined, { what: `--secrets ${b.cluster}=${b.file}`, clusters: targets.map(label).join(", ") }, { help: "name it as <platform>/<cluster>" }));
      }
    }
    const t = targets[0]!;
    if (assigned.has(t)) return stop(diag("PC0023", undefined, { cluster: label(t) }, { help: "pass each cluster's bundle once" }));
    assigned.set(t, b);
  }
  for (const t of all) if (!assigned.has(t)) lines.push(`note: no secrets bundle for Talos cluster ${label(t)}; its machine configs were not written`);
  for (const [t, b] of assigned) {
    try {
      const written = writeSecretTree(req.outSecrets, generateWithSecrets(t.graph, t.report, t.cluster.name, b.bundle));
      lines.push(`${label(t)}: ${written.length} machine configs in ${path.join(req.outSecrets, t.graph.platform.name, t.cluster.name)} (mode 0600; they hold secrets)`);
    } catch (e) {
      return stop(diag("PC0016", undefined, { what: `machine configs in ${req.outSecrets}`, reason: errnoText(e) }), lines);
    }
  }
  return { lines };
}
