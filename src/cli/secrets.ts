// The two ways secrets enter platformc: `platformc secrets` creates a Talos secrets bundle, and
// `platformc build --secrets <bundle> --out-secrets <dir>` renders complete machine configs with one. Both
// keep secrets out of the output tree that gets committed. cli.ts wires these to commands and exit codes.
import fs from "node:fs";
import path from "node:path";
import type { Graph, ClusterNode } from "../graph.js";
import { isInside } from "../lib/paths.js";
import type { CheckReport } from "../../generators/contract.js";
import { errnoText, generateWithSecrets, type PlatformResult } from "../build.js";
import type { Entropy } from "../lib/talos-secrets/entropy.js";
import { bundleToYaml, createTalosBundle, parseTalosBundle, type TalosBundle } from "../lib/talos-secrets/bundle.js";
import { writeNewSecretFile, writeSecretTree } from "./secret-files.js";

type Err = (s: string) => void;

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
export function createSecretsBundle(platforms: readonly PlatformResult[], o: { out: string; cluster?: string; now: Date; entropy: Entropy }, err: Err): number {
  const all = talosClusters(platforms);
  if (all.length === 0) {
    err("error: no Talos cluster in this spec; secrets bundles are for Talos clusters (K3s nodes read a token file)\n");
    return 2;
  }
  let chosen: TalosCluster[] = all;
  if (o.cluster !== undefined) {
    chosen = findCluster(all, o.cluster);
    if (chosen.length === 0) {
      err(`error: no Talos cluster ${o.cluster}; Talos clusters: ${all.map(label).join(", ")}\n`);
      return 2;
    }
  }
  if (chosen.length > 1) {
    err(`error: each Talos cluster needs its own bundle; choose one with --cluster (${chosen.map(label).join(", ")})\n`);
    return 2;
  }
  if (isInside(o.out, "out")) {
    err(`error: ${o.out} is inside out/, which is committed; write the bundle elsewhere\n`);
    return 2;
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
    err(code === "EEXIST" ? `error: ${o.out} already exists; platformc never overwrites a secrets bundle\n` : `error: cannot write ${o.out}: ${errnoText(e)}\n`);
    return 2;
  }
  err(`wrote ${o.out}: secrets bundle of Talos cluster ${label(t)}; encrypt it or keep it out of git\n`);
  return 0;
}

export interface SecretsRequest {
  /** bundles by cluster (<cluster> or <platform>/<cluster>), or under "" when given without a name */
  bundles: Array<{ cluster: string; file: string; bundle: TalosBundle }>;
  outSecrets: string;
}

/** Checks the build's --secrets/--out-secrets options and reads the bundles, before anything is built. */
export function readSecretsRequest(o: { secrets?: string[]; outSecrets?: string; out: string; check?: boolean }, err: Err): { ok: true; request?: SecretsRequest } | { ok: false } {
  if (!o.secrets?.length && o.outSecrets === undefined) return { ok: true };
  if (!o.secrets?.length || o.outSecrets === undefined) {
    err("error: --secrets and --out-secrets go together: the bundle to read and the directory for the complete configs\n");
    return { ok: false };
  }
  if (o.check) {
    err("error: --check compares out/ and writes nothing; it takes no --secrets\n");
    return { ok: false };
  }
  if (isInside(o.outSecrets, o.out)) {
    err(`error: --out-secrets ${o.outSecrets} is inside the output directory ${o.out}, which is committed; choose a directory outside it\n`);
    return { ok: false };
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
      err(`error: cannot read secrets bundle ${file}: ${errnoText(e)}\n`);
      return { ok: false };
    }
    const parsed = parseTalosBundle(text);
    if (!parsed.ok) {
      err(`error: ${file} is not a usable Talos secrets bundle:\n${parsed.problems.map((p) => `  - ${p}\n`).join("")}`);
      return { ok: false };
    }
    bundles.push({ cluster, file, bundle: parsed.bundle });
  }
  return { ok: true, request: { bundles, outSecrets: o.outSecrets } };
}

/** After a clean build: complete machine configs for every Talos cluster that has a bundle. Returns the exit code. */
export function writeTalosConfigs(platforms: readonly PlatformResult[], req: SecretsRequest, err: Err): number {
  const all = talosClusters(platforms);
  const assigned = new Map<TalosCluster, { file: string; bundle: TalosBundle }>();
  for (const b of req.bundles) {
    let targets: TalosCluster[];
    if (b.cluster === "") {
      if (all.length !== 1) {
        err(`error: ${all.length === 0 ? "there is no Talos cluster to use" : "several Talos clusters could use"} ${b.file}; name it: --secrets <cluster>=${b.file}${all.length ? ` (${all.map(label).join(", ")})` : ""}\n`);
        return 2;
      }
      targets = all;
    } else {
      targets = findCluster(all, b.cluster);
      if (targets.length !== 1) {
        err(`error: --secrets ${b.cluster}=${b.file} names ${targets.length ? "several clusters; use <platform>/<cluster>" : "no Talos cluster"}${all.length ? ` (${all.map(label).join(", ")})` : ""}\n`);
        return 2;
      }
    }
    const t = targets[0]!;
    if (assigned.has(t)) {
      err(`error: two bundles for cluster ${label(t)}\n`);
      return 2;
    }
    assigned.set(t, b);
  }
  for (const t of all) if (!assigned.has(t)) err(`note: no secrets bundle for Talos cluster ${label(t)}; its machine configs were not written\n`);
  for (const [t, b] of assigned) {
    try {
      const written = writeSecretTree(req.outSecrets, generateWithSecrets(t.graph, t.report, t.cluster.name, b.bundle));
      err(`${label(t)}: ${written.length} machine configs in ${path.join(req.outSecrets, t.graph.platform.name, t.cluster.name)} (mode 0600; they hold secrets)\n`);
    } catch (e) {
      err(`error: cannot write machine configs to ${req.outSecrets}: ${errnoText(e)}\n`);
      return 2;
    }
  }
  return 0;
}
