// Flux, the GitOps tool of clusters with gitops.tool flux: installed by `flux bootstrap` (gotk-components.yaml with its
// CRDs), never by a chart of the spec, so no service is this component. What platformc needs from it is the API
// version of each kind it writes (GitRepository, Kustomization, HelmRepository, OCIRepository, HelmRelease) per
// Flux release: an object written at a version the installed Flux does not serve is "no matches for kind".
import type { Component } from "./types.js";

const v1Since = (from: string, before: string) => [
  { range: { until: from }, version: before },
  { range: { from }, version: "v1" },
];

export const flux: Component = {
  name: "flux",
  charts: [],
  known: { from: "2.0.0", until: "2.10.0" },
  kinds: [
    { group: "source.toolkit.fluxcd.io", kind: "GitRepository", served: [{ range: {}, version: "v1" }] },
    { group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization", served: [{ range: {}, version: "v1" }] },
    // flux 2.3 (source-controller v1.3, helm-controller v1.0) promoted the Helm APIs
    { group: "source.toolkit.fluxcd.io", kind: "HelmRepository", served: v1Since("2.3.0", "v1beta2") },
    { group: "source.toolkit.fluxcd.io", kind: "HelmChart", served: v1Since("2.3.0", "v1beta2") },
    {
      group: "helm.toolkit.fluxcd.io",
      kind: "HelmRelease",
      served: [
        { range: { until: "2.3.0" }, version: "v2beta2" },
        { range: { from: "2.3.0" }, version: "v2" },
      ],
    },
    // flux 2.6 (source-controller v1.6) promoted OCIRepository; HelmRelease.chartRef to it needs 2.3 or later
    { group: "source.toolkit.fluxcd.io", kind: "OCIRepository", served: v1Since("2.6.0", "v1beta2") },
  ],
  crds: {
    groups: ["helm.toolkit.fluxcd.io", "image.toolkit.fluxcd.io", "kustomize.toolkit.fluxcd.io", "notification.toolkit.fluxcd.io", "source.toolkit.fluxcd.io"],
    // no chart: `flux bootstrap` applies them with the controllers
    byChart: () => false,
    // manifests/crds of the release tag: a Kustomize root listing each controller's CRD release asset
    bundle: (v) => `https://github.com/fluxcd/flux2//manifests/crds?ref=v${v.replace(/^v/, "")}`,
  },
  sources: [
    "fluxcd/flux2 cmd/flux/create_source_git.go and create_kustomization.go at v2.0.0 and v2.2.0 (source-controller api/v1, kustomize-controller api/v1)",
    "fluxcd/flux2 cmd/flux/create_helmrelease.go and create_source_helm.go at v2.2.0 (helm-controller api/v2beta2, source-controller api/v1beta2) and v2.3.0, v2.5.0, v2.6.0, v2.7.0 (helm-controller api/v2, source-controller api/v1)",
    "fluxcd/flux2 cmd/flux/create_source_oci.go at v2.3.0 and v2.5.0 (sourcev1b2.OCIRepository) and v2.6.0 (sourcev1.OCIRepository); manifests/crds/kustomization.yaml at v2.6.0 (source-controller v1.6.0, kustomize-controller v1.6.0, helm-controller v1.3.0, notification-controller v1.6.0, image-reflector v0.35.0, image-automation v0.41.0 CRD assets)",
  ],
};

// What `flux bootstrap` writes and creates, and how kustomize-controller builds a path without a kustomization.yaml:
// the facts the gitops generator and the node READMEs rely on to hand the cluster's tree to Flux (src/plan/gitops-bootstrap.ts).
export const FLUX_BOOTSTRAP = {
  /** the GitRepository, Kustomization and Secret bootstrap creates, and their namespace (its defaults) */
  name: "flux-system",
  /** what bootstrap commits under <path>/flux-system/ */
  files: ["gotk-components.yaml", "gotk-sync.yaml", "kustomization.yaml"],
  sources: [
    "fluxcd/flux2 v2.6.4 pkg/manifestgen/sync/sync.go: Generate writes <TargetPath>/<namespace>/gotk-sync.yaml with a GitRepository and a Kustomization named options.Name, the GitRepository with secretRef options.Secret, the Kustomization with path ./<TargetPath>, prune true, interval 10m; options.go MakeDefaultOptions: name, namespace and secret flux-system",
    "fluxcd/flux2 v2.6.4 pkg/bootstrap/bootstrap_plain_git.go ReconcileSyncConfig: writes the sync manifest and generates a kustomization.yaml in its directory (pkg/manifestgen/kustomization), beside gotk-components.yaml (install options ManifestFile); cmd/flux/bootstrap_git.go: sync options Name and Namespace are the --namespace (flux-system), Secret --secret-name (default the namespace), URL --url, Branch --branch, TargetPath --path; --token-auth keeps --password/GIT_PASSWORD in the Secret instead of an SSH deploy key",
    "fluxcd/pkg kustomize/kustomize_generator.go (main, 2026): a path with a kustomization.yaml is built as it is; without one, scanManifests lists the path's manifests and each subdirectory holding a kustomization.yaml, without descending into it",
  ],
} as const;
