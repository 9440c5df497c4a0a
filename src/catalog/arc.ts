// GitHub Actions Runner Controller, scale-set mode (charts gha-runner-scale-set-controller and gha-runner-scale-set of
// oci://ghcr.io/actions/actions-runner-controller-charts). The controller chart runs one Deployment and ships the
// actions.github.com CRDs; it serves no webhook and creates no Service. Each runner set release renders only an
// AutoscalingRunnerSet (and RBAC): the controller turns it into a listener pod in the controller's own namespace, which
// long-polls GitHub for jobs, and ephemeral runner pods in the runner set's namespace. Neither kind of pod is in a
// chart's templates, so their labels come from the controller's resource builder, not from Helm.
import type { ChartPort, Component, Release } from "./types.js";
import { fullname, textValue, trunc, valueAt } from "./helm.js";
import { isRecord } from "../lib/values.js";

const REPO = "oci://ghcr.io/actions/actions-runner-controller-charts";
const TAG = (v: string) => `gha-runner-scale-set-${v.replace(/^v/, "")}`;

const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
};

// namespaceOverride moves every object of either chart (0.11.0 on); before it, or unset, the release's namespace.
const namespaceLabel = (r: Release, key: string): Record<string, string> => {
  const ns = textValue(r, ["namespaceOverride"], r.namespace ?? "");
  return ns ? { [key]: ns } : {};
};

// The restricted Pod Security Standard's container half; the pod half is RESTRICTED_POD.
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

// ── the controller chart ──────────────────────────────────────────────────────────────────────────────────────

// gha-runner-scale-set-controller.name: nameOverride, else gha-base-name "gha-rs-controller"; fullname the
// helm-create rule over that name.
const controllerName = (r: Release) => trunc(textValue(r, ["nameOverride"], "gha-rs-controller"));
const controllerFull = (r: Release) => fullname(r, textValue(r, ["nameOverride"], "gha-rs-controller"));

const controllerSelector = (r: Release) => ({ "app.kubernetes.io/name": controllerName(r), "app.kubernetes.io/instance": r.name });

/**
 * The service account a runner set's manager RoleBinding must name: gha-runner-scale-set looks it up with `lookup` on
 * the cluster's Deployments (labels actions.github.com/controller-service-account-*), which `helm template` (Argo CD)
 * answers with nothing, so the runner set fails to render unless its controllerServiceAccount value says it.
 */
export function arcControllerServiceAccount(controller: Release): { namespace: string; name: string } | undefined {
  const namespace = textValue(controller, ["namespaceOverride"], controller.namespace ?? "");
  const create = valueAt(controller.values, ["serviceAccount", "create"]) !== false;
  const name = textValue(controller, ["serviceAccount", "name"], create ? controllerFull(controller) : "");
  return namespace && name ? { namespace, name } : undefined;
}

// deployment.yaml: `containerPort: {{ regexReplaceAll ":([0-9]+)" .controllerManagerAddr "${1}" }}` under
// `with .Values.metrics`; the listener's port is net.SplitHostPort of --listener-metrics-addr (resourcebuilder.go).
function controllerMetrics(r: Release): ChartPort[] {
  const addr = valueAt(r.values, ["metrics", "controllerManagerAddr"]);
  const port = typeof addr === "string" ? addr.replace(/:([0-9]+)/g, "$1") : "";
  return /^[0-9]+$/.test(port) && Number(port) > 0 && Number(port) < 65536 ? [{ name: "metrics", port: Number(port), protocol: "TCP" }] : [];
}

function listenerMetrics(r: Release): ChartPort[] {
  if (!isRecord(valueAt(r.values, ["metrics"]))) return [];
  const addr = valueAt(r.values, ["metrics", "listenerAddr"]);
  const m = typeof addr === "string" ? /:([0-9]+)$/.exec(addr) : null;
  const port = m ? Number(m[1]) : 0;
  return port > 0 && port < 65536 ? [{ name: "metrics", port, protocol: "TCP" }] : [];
}

// The listener pod's labels that hold for every runner set: newAutoScalingListener overwrites these two on the
// AutoscalingRunnerSet's labels, which name the runner set (scale-set-name), not the controller.
const LISTENER = { "app.kubernetes.io/component": "runner-scale-set-listener", "app.kubernetes.io/part-of": "gha-runner-scale-set" };

export const arcController: Component = {
  name: "arc-controller",
  charts: [{ repo: REPO, name: "gha-runner-scale-set-controller" }],
  known: { from: "0.9.0", until: "0.13.0" },
  kinds: ["AutoscalingRunnerSet", "EphemeralRunnerSet", "EphemeralRunner", "AutoscalingListener"].map((kind) => ({
    group: "actions.github.com",
    kind,
    served: [{ range: {}, version: "v1alpha1" }],
  })),
  crds: {
    groups: ["actions.github.com"],
    // the chart's crds/ directory, which Helm installs on install whatever the values
    byChart: () => true,
    // config/crd at the release's tag: a Kustomize root of the same four CRDs, with the legacy actions.summerwind.dev
    // ones of the older runner controller beside them
    bundle: (v) => `https://github.com/actions/actions-runner-controller//config/crd?ref=${TAG(v)}`,
  },
  release: {
    primary: "controller",
    workloads: [
      {
        name: "controller",
        kind: "Deployment",
        enabled: () => true,
        selector: controllerSelector,
        // the pod template: part-of, component, version (the chart's), selectorLabels (with the namespace), podLabels
        labels: (r) => ({
          ...strings(valueAt(r.values, ["podLabels"])),
          ...controllerSelector(r),
          ...namespaceLabel(r, "app.kubernetes.io/namespace"),
          "app.kubernetes.io/part-of": "gha-rs-controller",
          "app.kubernetes.io/component": "controller-manager",
        }),
        ports: controllerMetrics,
      },
      {
        // A bare Pod per runner set (owned by its AutoscalingListener), in the controller's namespace; Deployment is
        // the nearest kind the catalog has.
        name: "listener",
        kind: "Deployment",
        enabled: () => true,
        selector: () => ({ ...LISTENER }),
        labels: () => ({ ...LISTENER }),
        ports: listenerMetrics,
      },
    ],
    services: [],
    flows: [
      { kind: "to-apiserver", from: "controller", why: "the controller reconciles the runner sets, listeners and ephemeral runners and creates their pods" },
      { kind: "to-apiserver", from: "listener", why: "the listener patches its EphemeralRunnerSet's replicas and the EphemeralRunners of assigned jobs" },
      {
        kind: "to-internet",
        from: "controller",
        ports: [{ port: 443, protocol: "TCP" }],
        when: "always",
        why: "the controller registers each runner scale set with GitHub, fetches each runner's JIT configuration and removes finished runners",
      },
      {
        kind: "to-internet",
        from: "listener",
        ports: [{ port: 443, protocol: "TCP" }],
        when: "always",
        why: "the listener long-polls its scale set's message queue at GitHub for jobs",
      },
    ],
    // The chart leaves podSecurityContext and securityContext empty; its image runs as 65532 (distroless nonroot).
    defaults: () => ({ podSecurityContext: { ...RESTRICTED_POD }, securityContext: { ...RESTRICTED_CONTAINER } }),
  },
  sources: [
    "actions/actions-runner-controller charts/gha-runner-scale-set-controller at tags gha-runner-scale-set-0.9.3 and gha-runner-scale-set-0.12.1: templates/_helpers.tpl (gha-base-name gha-rs-controller, name = nameOverride or it, fullname = fullnameOverride, else the release when it contains the name, else <release>-<name>; selectorLabels name, namespace (namespaceOverride from 0.11.0, else the release's), instance; serviceAccountName = serviceAccount.name or the fullname), templates/deployment.yaml (pod labels part-of gha-rs-controller, component controller-manager, version, selectorLabels, podLabels; Deployment labels actions.github.com/controller-service-account-namespace/-name; args --auto-scaling-runner-set-only; container port metrics only `with .Values.metrics`; securityContext only from podSecurityContext/securityContext), values.yaml (podSecurityContext {} and securityContext {}, metrics commented out, serviceAccount.create true); no Service, webhook configuration or NetworkPolicy template",
    "the same chart's crds/: actions.github.com_autoscalinglisteners, _autoscalingrunnersets, _ephemeralrunners, _ephemeralrunnersets, each v1alpha1 served and stored, namespaced; config/crd/kustomization.yaml at the same tags lists them with the five actions.summerwind.dev CRDs",
    "deployment.yaml, _helpers.tpl and resourcebuilder.go compared at gha-runner-scale-set-0.9.0, 0.10.1, 0.11.0, 0.13.0: the same names and labels (0.11.0 adds namespaceOverride)",
    "main.go at gha-runner-scale-set-0.12.1 and 0.9.3: with --auto-scaling-runner-set-only only the AutoscalingRunnerSet, EphemeralRunner, EphemeralRunnerSet and AutoscalingListener reconcilers run; the admission webhooks are the legacy (summerwind) mode's only; the listener image is the controller's (CONTROLLER_MANAGER_CONTAINER_IMAGE)",
    "controllers/actions.github.com at the same tags: autoscalingrunnerset_controller.go (the AutoscalingListener in r.ControllerNamespace; GetRunnerScaleSet/CreateRunnerScaleSet/DeleteRunnerScaleSet at GitHub), ephemeralrunner_controller.go (GenerateJitRunnerConfig, RemoveRunner), resourcebuilder.go (newAutoScalingListener: the runner set's labels with part-of gha-runner-scale-set and component runner-scale-set-listener over them; newScaleSetListenerPod: no securityContext, metrics container port from the listener metrics address; mergeListenerPodWithTemplate takes the listenerTemplate's pod securityContext and the listener container's), autoscalinglistener_controller.go (no metrics port with --listener-metrics-addr=0, the chart's default)",
    "cmd/ghalistener at gha-runner-scale-set-0.12.1: worker/worker.go (rest.InClusterConfig, merge patches of the EphemeralRunnerSet), listener/listener.go (GetMessage on the scale set's message queue)",
    "Dockerfile at both tags: FROM gcr.io/distroless/static:nonroot, USER 65532:65532",
  ],
};

// ── the runner set chart ──────────────────────────────────────────────────────────────────────────────────────

// gha-runner-scale-set.scale-set-name: runnerScaleSetName, else the release; the AutoscalingRunnerSet's name.
const scaleSetName = (r: Release) => textValue(r, ["runnerScaleSetName"], r.name);
const mode = (r: Release) => textValue(r, ["containerMode", "type"], "");

/**
 * The runner pod's labels (resourcebuilder.go): the AutoscalingRunnerSet's (the chart's labels, resourceMeta and
 * selector labels), overwritten by the EphemeralRunnerSet's part-of / component / scale-set name and namespace, the
 * component set to runner for the EphemeralRunner, then the pod template's own labels and actions-ephemeral-runner.
 */
function runnerLabels(r: Release): Record<string, string> {
  const name = scaleSetName(r);
  return {
    ...strings(valueAt(r.values, ["labels"])),
    ...strings(valueAt(r.values, ["resourceMeta", "autoscalingRunnerSet", "labels"])),
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": name,
    "app.kubernetes.io/managed-by": "Helm",
    ...namespaceLabel(r, "actions.github.com/scale-set-namespace"),
    "app.kubernetes.io/part-of": "gha-runner-scale-set",
    "app.kubernetes.io/component": "runner",
    "actions.github.com/scale-set-name": name,
    ...strings(valueAt(r.values, ["template", "metadata", "labels"])),
    "actions-ephemeral-runner": "True",
  };
}

const RUNNER_KEYS = ["app.kubernetes.io/component", "app.kubernetes.io/part-of", "actions.github.com/scale-set-name"] as const;

function runnerSelector(r: Release): Record<string, string> {
  const labels = runnerLabels(r);
  return Object.fromEntries(RUNNER_KEYS.map((k) => [k, labels[k]!]));
}

/**
 * Values that make the listener of a runner set meet `restricted` where the spec leaves it to the chart (through
 * listenerTemplate, merged into the controller's pod). The runner pods are left as the chart makes them: the image gives
 * its user passwordless sudo, which allowPrivilegeEscalation: false (restricted) would break for every workflow that uses
 * it, so they need `baseline` (podSecurity below) unless the spec writes restricted runner containers itself.
 */
function runnerSetDefaults(r: Release): Record<string, unknown> {
  if (valueAt(r.values, ["listenerTemplate", "spec", "containers"]) !== undefined) return {};
  // mergeListenerPodWithTemplate takes the template's grace period even when unset; 60 is newScaleSetListenerPod's
  return { listenerTemplate: { spec: { securityContext: { ...RESTRICTED_POD }, terminationGracePeriodSeconds: 60, containers: [{ name: "listener", securityContext: { ...RESTRICTED_CONTAINER } }] } } };
}

/**
 * The Pod Security level a runner set's pods need with these values: dind runs a privileged dockerd; kubernetes mode's container hooks create job pods from the workflow's
 * container with no securityContext; runner containers the spec writes itself are restricted only if it says so.
 */
export function arcRunnerSetPodSecurity(r: Release): "restricted" | "baseline" | "privileged" {
  if (mode(r) === "dind") return "privileged";
  if (mode(r) === "kubernetes") return "baseline";
  const pod = valueAt(r.values, ["template", "spec", "securityContext"]);
  const containers = valueAt(r.values, ["template", "spec", "containers"]);
  const podOk = isRecord(pod) && pod.runAsNonRoot === true && valueAt(pod, ["seccompProfile", "type"]) === "RuntimeDefault";
  const containerOk = (c: unknown) => {
    const sc = valueAt(c, ["securityContext"]);
    const drop = valueAt(sc, ["capabilities", "drop"]);
    return isRecord(sc) && sc.allowPrivilegeEscalation === false && sc.privileged !== true && Array.isArray(drop) && drop.includes("ALL");
  };
  return podOk && Array.isArray(containers) && containers.every(containerOk) ? "restricted" : "baseline";
}

const runnerWorkload = (name: string, enabled: (r: Release) => boolean) => ({
  name,
  kind: "Deployment" as const,
  enabled,
  selector: runnerSelector,
  labels: runnerLabels,
  ports: (): ChartPort[] => [],
});

export const arcRunnerSet: Component = {
  name: "arc-runner-set",
  charts: [{ repo: REPO, name: "gha-runner-scale-set" }],
  known: { from: "0.9.0", until: "0.13.0" },
  // its AutoscalingRunnerSet is the controller's kind (arcController.kinds)
  kinds: [],
  release: {
    primary: "runner",
    // Ephemeral Pods (one per EphemeralRunner), Deployment being the nearest kind the catalog has. Kubernetes mode is a
    // workload of its own because only there the runner talks to the API server, and a flow holds for a workload.
    workloads: [runnerWorkload("runner", (r) => mode(r) !== "kubernetes"), runnerWorkload("kubernetes-mode-runner", (r) => mode(r) === "kubernetes")],
    services: [],
    flows: [
      ...["runner", "kubernetes-mode-runner"].map((from) => ({
        kind: "to-internet" as const,
        from,
        ports: [{ port: 443, protocol: "TCP" as const }],
        when: "always" as const,
        why: "the runner connects to GitHub with its JIT configuration, takes the job and reports its steps",
      })),
      { kind: "to-apiserver", from: "kubernetes-mode-runner", why: "kubernetes mode's container hooks create the job's pod, exec into it and read its logs (the chart's kube-mode Role)" },
    ],
    defaults: runnerSetDefaults,
    // templates/_helpers.tpl and autoscalingrunnerset.yaml: `fail` without them ("githubConfigUrl"/"githubConfigSecret")
    required: [
      { path: ["githubConfigUrl"], why: "the repository, organization or enterprise the runners register with", example: "https://github.com/<org>/<repo>" },
      { path: ["githubConfigSecret"], why: "the Secret (or inline values) with the GitHub App or token the listener authenticates with", example: "<secret name in the release's namespace>" },
    ],
    podSecurity: {
      level: arcRunnerSetPodSecurity,
      why: "runner pods with the chart's empty securityContext (the image's passwordless sudo needs privilege escalation; dind runs a privileged dockerd)",
    },
  },
  requires: [{ component: "arc-controller", why: "its templates create an AutoscalingRunnerSet, a kind of the controller chart's CRDs" }],
  sources: [
    "actions/actions-runner-controller charts/gha-runner-scale-set at tags gha-runner-scale-set-0.9.3 and gha-runner-scale-set-0.12.1: templates/_helpers.tpl (scale-set-name = runnerScaleSetName or the release; labels: selectorLabels name and instance = the scale set name, managed-by, part-of gha-rs, scale-set-name, scale-set-namespace; managerServiceAccountName/Namespace: controllerServiceAccount.name/namespace, else `lookup` of Deployments labelled part-of gha-rs-controller, failing when none is found; dind-container privileged: true), templates/autoscalingrunnerset.yaml (labels from .Values.labels, resourceMeta.autoscalingRunnerSet.labels (0.12.1) and the chart's; githubConfigUrl `required`; template.spec passed through; listenerTemplate passed through), templates/githubsecret.yaml (fails unless githubConfigSecret names a Secret or carries github_token or a GitHub App), templates/kube_mode_role.yaml (pods, pods/exec, pods/log, jobs, secrets for the runner in kubernetes mode), values.yaml (githubConfigUrl \"\", githubConfigSecret.github_token \"\", template.spec.containers: runner, ghcr.io/actions/actions-runner:latest, /home/runner/run.sh, no securityContext)",
    "controllers/actions.github.com/resourcebuilder.go at the same tags: newEphemeralRunnerSet (the AutoscalingRunnerSet's labels with part-of gha-runner-scale-set, component runner-set, scale-set-name and -namespace over them, plus enterprise/organization/repository from githubConfigUrl), newEphemeralRunner (component runner), newEphemeralRunnerPod (plus the pod template's labels, actions-ephemeral-runner: True, pod-template-hash), mergeLabels (the controller's excludeLabelPropagationPrefixes drop labels of either map)",
    "actions/runner images/Dockerfile (commit 00242473): adduser --uid 1001 runner, group docker 123, passwordless sudo for the sudo group, USER runner (a name, so runAsNonRoot needs runAsUser)",
    "actions/actions-runner-controller pull request #2435 (docs/preview/gha-runner-scale-set-controller/README.md troubleshooting): kubernetes mode's work volume needs template.spec.securityContext.fsGroup: 123",
  ],
};
