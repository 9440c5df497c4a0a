// Rancher's system-upgrade-controller (SUC), which upgrades K3s (and the nodes' OS) by running a Job per node for each
// upgrade.cattle.io/v1 Plan. The one Helm chart of it is Rancher's: `system-upgrade-controller` of
// https://charts.rancher.io (github.com/rancher/charts), the chart Rancher itself installs into the clusters it
// manages, hidden in its catalog. Its versions are Rancher's line (105.x for Rancher 2.10, 106.x for 2.11 ...), not
// SUC's: 105.0.0 and 105.0.1 run SUC v0.14.2, 106.0.0 runs v0.15.2, 107.0.0 v0.16.0. The rancher/system-upgrade-controller
// repository publishes no chart, only kubectl manifests (system-upgrade-controller.yaml, crd.yaml) with each release;
// https://releases.rancher.com/server-charts/* carries the Rancher server chart, not this one.
//
// What a spec must know about this chart:
//  - every template writes `namespace: cattle-system` (Deployment, ConfigMap, ServiceAccount, the ClusterRoleBinding's
//    subject) and none reads the release's namespace: whatever namespace the release is installed in, the controller
//    runs in cattle-system, and the install fails where that namespace does not exist. A release belongs in
//    cattle-system, the namespace its Chart.yaml annotates (catalog.cattle.io/namespace).
//  - the controller watches Plans (and creates their Jobs) in its own namespace only, so Plans go to cattle-system too,
//    and the chart's ServiceAccount there is system-upgrade-controller (bound to cluster-admin), not the
//    `system-upgrade` of the upstream manifests that the K3s documentation's example Plans name.
//  - the CRD is in neither the chart nor a -crd chart: the controller creates (or updates) it when it starts.
// Names and labels are fixed: no release name, fullname or nameOverride enters them.
import type { Component } from "./types.js";

const REPO = "https://charts.rancher.io";

// deployment.yaml: the selector, and the pod label the controller reads its own name from
// (SYSTEM_UPGRADE_CONTROLLER_NAME = metadata.labels['upgrade.cattle.io/controller']); the Jobs it creates carry the
// same label with that name, and drains skip pods that carry it ("necessary to avoid drain")
const CONTROLLER = { "upgrade.cattle.io/controller": "system-upgrade-controller" } as const;

// The SUC release each chart version runs (index.yaml appVersion), for the CRD manifest the release publishes.
const APP_VERSION: Record<string, string> = { "105.0.0": "v0.14.2", "105.0.1": "v0.14.2", "106.0.0": "v0.15.2" };

const CHART_INDEX = "rancher/charts index.yaml (the https://charts.rancher.io index) at commit 0003030f";
const CHART_105 = "rancher/charts charts/system-upgrade-controller/105.0.0 on branch dev-v2.10 (commit 0420a47c, PR #4633)";

export const systemUpgradeController: Component = {
  name: "system-upgrade-controller",
  charts: [{ repo: REPO, name: "system-upgrade-controller" }],
  // 105.0.0 was read whole; 106.0.0's templates are in no stored snapshot, and the facts below are those 105.0.0 and
  // the later charts (109.0.2, 110.0.0, 111.0.0) share, on the SUC code of v0.14.2 and v0.15.2
  known: { from: "105.0.0", until: "107.0.0" },
  kinds: [{ group: "upgrade.cattle.io", kind: "Plan", served: [{ range: {}, version: "v1" }] }],
  crds: {
    groups: ["upgrade.cattle.io"],
    // Controller.Start -> registerCRD: wrangler's BatchCreateCRDs of plan.CRD() (upgrade.cattle.io/v1 Plan), which the
    // chart's cluster-admin binding allows; so a release brings the CRD whatever its values, once its pod has started
    byChart: () => true,
    // the crd.yaml SUC attaches to each GitHub release (scripts/package-controller: hack/crdgen.go prints the same
    // plan.CRD()); byChart always holds, so nothing lists it
    bundle: (v) => `https://github.com/rancher/system-upgrade-controller/releases/download/${APP_VERSION[v] ?? v}/crd.yaml`,
  },
  release: {
    primary: "controller",
    workloads: [
      {
        name: "controller",
        kind: "Deployment",
        enabled: () => true,
        selector: () => ({ ...CONTROLLER }),
        // 105.0.0's pod template has only this label; 109.0.2 and later add app.kubernetes.io/name and component
        labels: () => ({ ...CONTROLLER }),
        // main.go: no metrics, health or webhook server; the container declares no port
        ports: () => [],
      },
      // Not a workload here: the upgrade Jobs' pods (pkg/upgrade/job New), in the Plan's namespace, run with
      // hostNetwork (and hostPID, hostIPC): network policies do not select them and their connections (the API server,
      // for cordon and drain) leave from the node's address. Their one fixed label is the controller's selector above;
      // the others (upgrade.cattle.io/plan, node, version) carry the Plan's and node's names.
    ],
    services: [],
    flows: [
      { kind: "to-apiserver", from: "controller", why: "watches Plans, Nodes, Secrets and Jobs in its namespace, creates the upgrade Jobs, labels nodes, records events, and creates the Plan CRD when it starts" },
      // A Plan with spec.channel makes the controller GET that URL (plan.ResolveChannel; the K3s documentation's plans
      // use https://update.k3s.io/v1-release/channels/stable): which host depends on Plans no spec declares, so a spec
      // whose Plans use a channel declares that flow itself; Plans with spec.version need none.
    ],
    // The controller mounts hostPath /etc/ssl, /etc/pki and /etc/ca-certificates (baseline refuses any hostPath); the
    // Jobs it starts in the same namespace (Plans must live there) are privileged by default
    // (SYSTEM_UPGRADE_JOB_PRIVILEGED "true") with hostNetwork, hostPID, hostIPC and hostPath / at /host.
    podSecurity: {
      level: () => "privileged",
      why: "hostPath /etc/ssl, /etc/pki and /etc/ca-certificates (the controller), and privileged upgrade Jobs with hostNetwork, hostPID, hostIPC and hostPath / (one per node and Plan)",
    },
  },
  sources: [
    `${CHART_INDEX}: entries system-upgrade-controller 105.0.0 and 105.0.1 (appVersion v0.14.2, rancher-version >= 2.10.0-0), 106.0.0 (appVersion v0.15.2, created 2025-03-24, rancher-version >= 2.11.0-0, kube-version >= 1.25.0-0 < 1.33.0-0, catalog.cattle.io/namespace cattle-system, hidden), 107.0.0 (v0.16.0), 107.0.1 (v0.16.3), 108.0.0 (v0.17.0); url assets/system-upgrade-controller/system-upgrade-controller-106.0.0.tgz (the tarball is binary and its unpacked charts/system-upgrade-controller/106.0.0 is in no stored snapshot)`,
    `${CHART_105}: Chart.yaml (home github.com/rancher/system-upgrade-controller, catalog.cattle.io/namespace cattle-system), templates/deployment.yaml (Deployment system-upgrade-controller, namespace: cattle-system; selector and pod label upgrade.cattle.io/controller: system-upgrade-controller; serviceAccountName system-upgrade-controller; tolerations operator Exists; container runAsNonRoot, runAsUser/Group 65534, allowPrivilegeEscalation false, drop ALL, seccompProfile RuntimeDefault, no ports; env SYSTEM_UPGRADE_CONTROLLER_NAME from the label, _NAMESPACE from metadata.namespace; hostPath /etc/ssl, /etc/pki, /etc/ca-certificates, emptyDir /tmp), configmap.yaml (system-upgrade-controller-config in cattle-system; SYSTEM_UPGRADE_JOB_PRIVILEGED default "true", SYSTEM_UPGRADE_JOB_KUBECTL_IMAGE from kubectl.image), serviceaccount.yaml (system-upgrade-controller in cattle-system), clusterrolebinding.yaml (system-upgrade-controller -> ClusterRole cluster-admin), values.yaml (global.cattle.systemDefaultRegistry "", systemUpgradeController.image rancher/system-upgrade-controller:v0.14.2, kubectl.image rancher/kubectl:v1.31.1; nothing required); no crds/ and no CRD template`,
    "rancher/charts charts/system-upgrade-controller/109.0.2/templates/deployment.yaml (commit 196bbc9), 110.0.0/templates/deployment.yaml (commit 5166b8a), 111.0.0/templates/configmap.yaml (commit d26898e): still namespace: cattle-system, the same name, selector and hostPath volumes; pod labels add app.kubernetes.io/component controller and app.kubernetes.io/name system-upgrade-controller; 107.0.0/values.yaml (commit efca705): image v0.16.0, kubectl v1.33.1",
    "rancher/system-upgrade-controller at tags v0.14.2 and v0.15.2 (b1a9781): pkg/upgrade/controller.go (Start calls registerCRD: crd.NewFactoryFromClient(...).BatchCreateCRDs(plan.CRD()); the core, batch and upgrade factories watch the controller's namespace only), pkg/upgrade/plan/plan.go (CRD(): GVK upgrade.cattle.io/v1 Plan, plural plans, status subresource; ResolveChannel: an HTTP GET of spec.channel), pkg/apis/upgrade.cattle.io/v1/zz_generated_register.go (Version v1), pkg/apis/upgrade.cattle.io/constants.go (labels upgrade.cattle.io/controller, exclusive, node, plan, version; plan.upgrade.cattle.io/<plan>), pkg/upgrade/job/job.go (New: Job apply-<plan>-on-<node>-with-<hash> in the Plan's namespace, pod labels controller/exclusive/node/plan/version/plan.upgrade.cattle.io/<plan>, HostIPC, HostPID, HostNetwork, hostPath / as host-root, Privileged default true), main.go (no listener), scripts/package-controller (dist/artifacts/crd.yaml from hack/crdgen.go, system-upgrade-controller.yaml from kustomize), .github/workflows/release.yaml (uploads dist/artifacts/* to the GitHub release); no chart in the repository",
    "k3s-io/docs docs/upgrades/automated.md (commit 01f91e0): install with the release's crd.yaml and system-upgrade-controller.yaml; a server-plan (node-role.kubernetes.io/control-plane In true, cordon, concurrency 1) and an agent-plan (control-plane DoesNotExist, prepare rancher/k3s-upgrade args prepare server-plan), image rancher/k3s-upgrade, channel https://update.k3s.io/v1-release/channels/stable or a fixed version; 'The plans must be created in the same namespace where the controller was deployed'; the Jobs run with host IPC, NET and PID, CAP_SYS_BOOT and the host's root at /host",
    "rancher/charts charts/rancher-backup/*/README.md on dev-v2.10 (`helm repo add rancher-chart https://charts.rancher.io`): charts.rancher.io is the Helm repository of rancher/charts",
  ],
};
