// How a cluster's GitOps controller comes to apply its tree, which two generators must agree on: the gitops
// generator writes the objects and the node READMEs (talos, k3s) tell the one-time bootstrap. Flux: `flux bootstrap
// --path=<gitops dir>` commits <gitops dir>/flux-system/ (gotk-components.yaml, gotk-sync.yaml, kustomization.yaml)
// and creates the GitRepository and Kustomization `flux-system`, which reconcile <gitops dir> as a whole; the
// GitRepository reads the repository with the Secret `flux-system` that bootstrap creates. platformc writes no
// kustomization.yaml at <gitops dir>, so kustomize-controller generates one listing every subdirectory that holds a
// kustomization.yaml without descending into it: flux-system/ (Flux upgrades itself) and layers/ (platformc's layer
// Kustomizations). Its Kustomizations read the repository through `flux-system` rather than a GitRepository of their
// own, so there is one source and one set of credentials. Argo CD: the chart installed with the values its own
// Application keeps (src/plan/argocd.ts), then the root Application applied once.
import type * as G from "../graph.js";
import { layout, nodeFile } from "./layout.js";
import { ARGOCD_NAMESPACE, argoCdRelease } from "./argocd.js";
import { FLUX_BOOTSTRAP } from "../catalog/flux.js";

/** What `flux bootstrap` names the GitRepository, the Kustomization, the Secret and their namespace (its defaults). */
export const FLUX_SYSTEM = FLUX_BOOTSTRAP.name;

/** The directory platformc writes the layer Kustomizations into, under the gitops directory (Flux and Argo CD alike). */
export const LAYERS_DIR = "layers";

/** Path of a generated directory inside the Git repository (gitops.path is the cluster tree's). */
export function gitopsRepoPath(c: G.ClusterNode, rel: string): string {
  const base = c.gitops!.path.replace(/^\.?\/+/, "").replace(/\/+$/, "");
  const inCluster = rel.startsWith(`${layout.cluster(c)}/`) ? rel.slice(layout.cluster(c).length + 1) : rel === layout.cluster(c) ? "" : rel;
  return [base, inCluster].filter(Boolean).join("/");
}

/** The `--path` of `flux bootstrap`: the cluster's gitops directory in the repository. */
export function fluxBootstrapPath(c: G.ClusterNode): string {
  return gitopsRepoPath(c, layout.gitops(c));
}

/** The bootstrap command, exactly as the README gives it. */
export function fluxBootstrapCommand(c: G.ClusterNode): string {
  const gi = c.gitops!;
  // Over https bootstrap pushes with GIT_PASSWORD and, with --token-auth, keeps that token in the flux-system Secret;
  // otherwise it sets up an SSH deploy key (agent or --private-key-file).
  const https = /^https?:\/\//.test(gi.repo);
  return `flux bootstrap git --url=${gi.repo} --branch=${gi.branch} --path=${fluxBootstrapPath(c)} --interval=${gi.interval}${https ? " --token-auth" : ""}`;
}

/** nodes/<cluster>/README.md to clusters/<cluster>/gitops, as the README's commands run from its own directory. */
function gitopsFromNodes(c: G.ClusterNode): string {
  const up = layout.nodes(c).split("/").map(() => "..").join("/");
  return `${up}/${layout.gitops(c)}`;
}

function fluxSection(c: G.ClusterNode, step: number): string[] {
  const https = /^https?:\/\//.test(c.gitops!.repo);
  return [
    `## ${step}. GitOps: Flux`,
    "",
    `\`flux bootstrap\` installs Flux, commits \`${fluxBootstrapPath(c)}/${FLUX_SYSTEM}/\` (${FLUX_BOOTSTRAP.files.slice(0, 2).join(", ")},`,
    `${FLUX_BOOTSTRAP.files[2]}) and creates the GitRepository and Kustomization \`${FLUX_SYSTEM}\`, which reconcile`,
    `\`${fluxBootstrapPath(c)}\`: Flux itself and the layer Kustomizations under \`${LAYERS_DIR}/\` (the directory has no`,
    "kustomization.yaml of platformc's, so Flux includes both). Every Kustomization platformc writes reads the repository",
    `through that GitRepository, with the credentials bootstrap keeps in the Secret \`${FLUX_SYSTEM}\`.`,
    "",
    "```sh",
    ...(https ? ["export GIT_PASSWORD=<token>   # may push: bootstrap commits flux-system/; kept in the flux-system Secret"] : []),
    fluxBootstrapCommand(c),
    "```",
    "",
  ];
}

function argoSection(c: G.ClusterNode, step: number): string[] {
  const s = argoCdRelease(c);
  const ch = s?.chart;
  const oci = ch?.repo.startsWith("oci://");
  const release = s?.name ?? "argocd";
  const chartRef = !ch ? "argo/argo-cd" : oci ? `${ch.repo.replace(/\/+$/, "")}/${ch.name}` : `argo/${ch.name}`;
  const repo = ch && !oci ? ch.repo : "https://argoproj.github.io/argo-helm";
  return [
    `## ${step}. GitOps: Argo CD`,
    "",
    `Argo CD first, with [${nodeFile.argocdValues}](${nodeFile.argocdValues}): the values ${s ? `its Application \`helm.${s.namespace}.${s.name}\` keeps once it owns the release` : "of the release"},`,
    "among them the Application health check that makes the sync waves wait for each layer. Then the root Application, once:",
    "",
    "```sh",
    ...(oci ? [] : [`helm repo add argo ${repo}`]),
    `helm install ${release} ${chartRef}${ch?.version ? ` --version ${ch.version}` : ""} --namespace ${s?.namespace ?? ARGOCD_NAMESPACE} --create-namespace --values ${nodeFile.argocdValues}`,
    `kubectl apply -k ${gitopsFromNodes(c)}`,
    "```",
    "",
    ...(s
      ? []
      : ["No service of the spec installs the argo-cd chart, so nothing in git pins or keeps this release; declare it as a", "helm service to have Argo CD manage itself.", ""]),
    "A private repository needs its credentials in a repository Secret in `argocd` (Argo CD's declarative setup) first.",
    "",
  ];
}

/** The section as Markdown (starting with a blank line), or "" when the cluster has no gitops. */
export function gitopsBootstrapSection(c: G.ClusterNode, step: number): string {
  if (!c.gitops) return "";
  return ["", ...(c.gitops.tool === "flux" ? fluxSection(c, step) : argoSection(c, step))].join("\n");
}
