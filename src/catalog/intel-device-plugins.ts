// Intel's device plugins (charts of https://intel.github.io/helm-charts, sources in intel/helm-charts, which tags none
// of them: the commit named in `sources` is the one that set the version). Two charts, two entries:
//  - intel-device-plugins-operator: the operator Deployment, its CRDs (deviceplugin.intel.com, fpga.intel.com) and its
//    validating and mutating webhooks. The API server calls the webhooks for every device plugin object and, through
//    the FPGA and SGX pod mutators the chart always registers (failurePolicy Ignore), for every pod created in the
//    cluster: unreachable, they only slow each pod creation by the webhook timeout. The webhooks' serving certificate
//    is a cert-manager Certificate from a self-signed Issuer the chart creates, so cert-manager comes first.
//  - intel-device-plugins-gpu: no workload of its own, one cluster-scoped GpuDevicePlugin object (and, with
//    nodeFeatureRule, two NodeFeatureRules for Node Feature Discovery). The operator turns the object into the
//    DaemonSet intel-gpu-plugin-<values.name> in the operator's own namespace (DEVICEPLUGIN_NAMESPACE, whatever the GPU
//    release's namespace), whose pods advertise gpu.intel.com/i915 to the kubelet over its device-plugin socket. This
//    entry models those pods as the GPU release's, so the release belongs in the operator's namespace.
// The GPU chart's defaults assume Node Feature Discovery: nodeSelector intel.feature.node.kubernetes.io/gpu: "true",
// a label only NFD's master sets from the chart's NodeFeatureRule, and nodeFeatureRule: true, whose
// nfd.k8s-sigs.io/v1alpha1 objects fail the install without NFD's CRDs. Without NFD a release sets nodeFeatureRule:
// false and a nodeSelector the GPU nodes carry (the kubelet may not set that label on itself: NodeRestriction refuses
// *.kubernetes.io prefixes, PC1105).
import type { ChartWorkload, Component, Release } from "./types.js";
import { flag } from "./helm.js";

const REPO = "https://intel.github.io/helm-charts";

// intel/helm-charts commit 2001561 ("plugins: update to 0.32.1"), the charts' 0.32.1 in the repository's index.yaml
const CHARTS_AT = "intel/helm-charts at commit 20015618f4b7c312f5df9c1929a82042b04f25be (\"plugins: update to 0.32.1\"; the charts are untagged; gh-pages index.yaml lists intel-device-plugins-operator-0.32.1 and intel-device-plugins-gpu-0.32.1, created 2025-05-14)";
const SOURCE_AT = "intel/intel-device-plugins-for-kubernetes at tag v0.32.1 (commit 5d3e58d)";

// templates/operator.yaml: the Deployment inteldeviceplugins-controller-manager selects, and labels its pods with,
// only control-plane: controller-manager; the names are fixed (no release name, no nameOverride)
const OPERATOR = { "control-plane": "controller-manager" } as const;
const WEBHOOK_PORT = 9443;

// deployments/gpu_plugin/base/intel-gpu-plugin.yaml, which the operator embeds (deployments/daemonsets.go) and
// pkg/controllers/gpu/controller.go NewDaemonSet renames, re-namespaces and re-selects nodes for, never relabels
const GPU_PLUGIN = { app: "intel-gpu-plugin" } as const;

const deviceplugin = ["DlbDevicePlugin", "DsaDevicePlugin", "FpgaDevicePlugin", "GpuDevicePlugin", "IaaDevicePlugin", "QatDevicePlugin", "SgxDevicePlugin"];

export const intelDevicePlugins: Component = {
  name: "intel-device-plugins-operator",
  charts: [{ repo: REPO, name: "intel-device-plugins-operator" }],
  // 0.32.0 and 0.32.1 differ only in Chart.yaml; the next chart is 0.34.0 (which adds the NPU plugin's CRD and webhooks)
  known: { from: "0.32.0", until: "0.33.0" },
  kinds: [
    ...deviceplugin.map((kind) => ({ group: "deviceplugin.intel.com", kind, served: [{ range: {}, version: "v1" }] })),
    ...["AcceleratorFunction", "FpgaRegion"].map((kind) => ({ group: "fpga.intel.com", kind, served: [{ range: {}, version: "v2" }] })),
  ],
  crds: {
    groups: ["deviceplugin.intel.com", "fpga.intel.com"],
    // the chart's crds/, which Helm installs on install whatever the values (and, its README says, never upgrades)
    byChart: () => true,
    // deployments/operator/crd at the operator's tag (the chart's appVersion is its version): a Kustomize root of the
    // same nine CRDs, its webhook and CA-injection patches commented out; byChart always holds, so nothing lists it
    bundle: (v) => `https://github.com/intel/intel-device-plugins-for-kubernetes//deployments/operator/crd?ref=v${v.replace(/^v/, "")}`,
  },
  release: {
    primary: "controller-manager",
    workloads: [
      {
        name: "controller-manager",
        kind: "Deployment",
        enabled: () => true,
        selector: () => ({ ...OPERATOR }),
        labels: () => ({ ...OPERATOR }),
        // The metrics endpoint (--metrics-bind-address=:8443, --metrics-secure) has no container port, and the chart's
        // inteldeviceplugins-controller-manager-metrics-service targets the port name `https`, which no container port
        // has: that Service gets no endpoints, so it is left out. 8081 is the kubelet's health probes.
        ports: () => [{ name: "webhook-server", port: WEBHOOK_PORT, protocol: "TCP" }],
      },
    ],
    services: [
      {
        // inteldeviceplugins-webhook-service: an unnamed port 443 -> 9443, which every webhook configuration names
        name: () => "inteldeviceplugins-webhook-service",
        workload: "controller-manager",
        ports: () => [{ name: "webhook-server", port: 443, targetPort: WEBHOOK_PORT, protocol: "TCP" }],
      },
    ],
    flows: [
      {
        kind: "from-apiserver",
        to: "controller-manager",
        port: "webhook-server",
        why: "the API server calls the operator's validating and mutating webhooks for every device plugin object (failurePolicy Fail) and its FPGA and SGX pod mutators for every pod created (failurePolicy Ignore)",
      },
      { kind: "to-apiserver", from: "controller-manager", why: "reconciles the device plugin objects into DaemonSets, ServiceAccounts and ClusterRoleBindings, lists pods and nodes, and holds its leader-election lease" },
    ],
    // No podSecurity: the manager runs as 65532, non-root, no privilege escalation, ALL dropped, RuntimeDefault
    // seccomp, and mounts only its certificate Secret (restricted as it is).
  },
  requires: [
    {
      component: "cert-manager",
      why: "its templates create a cert-manager.io/v1 Certificate (inteldeviceplugins-serving-cert, Secret webhook-server-cert, which the manager mounts) and a self-signed Issuer, kinds of cert-manager's CRDs; the webhook configurations get their CA from cert-manager's CA injector",
    },
  ],
  sources: [
    `${CHARTS_AT}: charts/device-plugin-operator/Chart.yaml (name intel-device-plugins-operator, version and appVersion 0.32.1); templates/operator.yaml (Deployment inteldeviceplugins-controller-manager, selector and pod labels control-plane: controller-manager; container manager, args --metrics-bind-address=:8443 --metrics-secure --health-probe-bind-address=:8081 --leader-elect and one --devices per true manager.devices key; env DEVICEPLUGIN_NAMESPACE = the pod's namespace; container port webhook-server 9443; securityContext runAsUser/runAsGroup 65532, runAsNonRoot, allowPrivilegeEscalation false, drop ALL, readOnlyRootFilesystem, seccompProfile RuntimeDefault; volume cert = Secret webhook-server-cert at /tmp/k8s-webhook-server/serving-certs; nodeSelector from values, kubernetes.io/arch: amd64; serviceAccountName default), Services inteldeviceplugins-webhook-service (443 -> 9443, selector control-plane: controller-manager) and inteldeviceplugins-controller-manager-metrics-service (https 8443 -> targetPort https, a name no container port has), cert-manager.io/v1 Certificate inteldeviceplugins-serving-cert (dnsNames inteldeviceplugins-webhook-service.<ns>.svc[.cluster.local], secretName webhook-server-cert) and Issuer inteldeviceplugins-selfsigned-issuer (selfSigned), MutatingWebhookConfiguration (m<kind>deviceplugin.kb.io for the seven deviceplugin.intel.com kinds, failurePolicy Fail; fpga.mutator.webhooks.intel.com /pods and sgx.mutator.webhooks.intel.com /mutate--v1-pod on pod CREATE, failurePolicy Ignore) and ValidatingWebhookConfiguration (v<kind>deviceplugin.kb.io, failurePolicy Fail), both cert-manager.io/inject-ca-from <ns>/inteldeviceplugins-serving-cert and rendered whatever manager.devices says; ClusterRole inteldeviceplugins-manager-role (daemonsets, serviceaccounts, clusterrolebindings, pods, nodes/proxy, leases, the device plugin kinds)`,
    `${CHARTS_AT}: charts/device-plugin-operator/crds/: deviceplugin.intel.com Dlb/Dsa/Fpga/Gpu/Iaa/Qat/SgxDevicePlugin, v1 only, served and stored, scope Cluster; fpga.intel.com AcceleratorFunction and FpgaRegion, v2, Namespaced; README.md (prerequisites cert-manager, NFD optional; CRDs installed with the chart, not upgraded); compared with commit aced5c8 (0.32.0): only Chart.yaml differs`,
    `${SOURCE_AT}: cmd/operator/main.go (devices default to all of dsa, dlb, fpga, gpu, iaa, qat, sgx; the webhook server on controller-runtime's default 9443; DaemonSets go to DEVICEPLUGIN_NAMESPACE, else --deviceplugin-namespace kube-system), deployments/operator/crd/kustomization.yaml (the nine CRDs of bases/, patches commented out)`,
  ],
};

// The plugin's pods as the operator makes them: the same labels with or without the resource manager, which adds the
// pod-resources socket, the kubelet's certificate and an API client (a workload of its own, for its flows).
const gpuPlugin = (name: string, enabled: (r: Release) => boolean): ChartWorkload => ({
  name,
  kind: "DaemonSet",
  enabled,
  selector: () => ({ ...GPU_PLUGIN }),
  labels: () => ({ ...GPU_PLUGIN }),
  // no network port: the plugin registers with the kubelet over /var/lib/kubelet/device-plugins/kubelet.sock
  ports: () => [],
});
const resourceManager = (r: Release) => flag(r, ["resourceManager"], false);

export const intelGpuPlugin: Component = {
  name: "intel-device-plugins-gpu",
  charts: [{ repo: REPO, name: "intel-device-plugins-gpu" }],
  known: { from: "0.32.0", until: "0.33.0" },
  // its GpuDevicePlugin is the operator's kind (intelDevicePlugins.kinds); NodeFeatureRule is NFD's
  kinds: [],
  release: {
    primary: "gpu-plugin",
    workloads: [gpuPlugin("gpu-plugin", (r) => !resourceManager(r)), gpuPlugin("gpu-plugin-resource-manager", resourceManager)],
    services: [],
    flows: [
      { kind: "to-apiserver", from: "gpu-plugin-resource-manager", why: "the resource manager lists the pods of its node (gpu-manager-sa, ClusterRole inteldeviceplugins-gpu-manager-role) to place fractional GPU requests" },
      {
        kind: "to-nodes",
        from: "gpu-plugin-resource-manager",
        ports: [{ port: 10250, protocol: "TCP" }],
        enabled: resourceManager,
        why: "the resource manager reads the pods of its node from the kubelet's API (https://<host IP>:10250/pods)",
      },
    ],
    // Baseline refuses every hostPath volume.
    podSecurity: {
      level: () => "privileged",
      why: "hostPath /dev/dri, /sys/class/drm, /var/lib/kubelet/device-plugins and /var/run/cdi (the operator's intel-gpu-plugin DaemonSet)",
    },
  },
  requires: [
    {
      component: "intel-device-plugins-operator",
      why: "its templates create a GpuDevicePlugin, a kind of the operator chart's CRDs, which the operator's webhooks admit (failurePolicy Fail) and the operator turns into the plugin's DaemonSet",
    },
  ],
  sources: [
    `${CHARTS_AT}: charts/gpu-device-plugin/Chart.yaml (name intel-device-plugins-gpu, version and appVersion 0.32.1); values.yaml (name gpudeviceplugin-sample, image intel/intel-gpu-plugin, initImage.enable false, sharedDevNum 1, logLevel 2, resourceManager false, enableMonitoring true, allocationPolicy none, nodeSelector intel.feature.node.kubernetes.io/gpu: 'true', tolerations [], nodeFeatureRule true); templates/gpu.yaml (deviceplugin.intel.com/v1 GpuDevicePlugin <name> with image, logLevel, sharedDevNum, resourceManager, enableMonitoring, preferredAllocationPolicy, nodeSelector, tolerations from the values; with nodeFeatureRule, nfd.k8s-sigs.io/v1alpha1 NodeFeatureRules intel-dp-gpu-device (label intel.feature.node.kubernetes.io/gpu: \"true\" for PCI vendor 8086 class 0300/0380 with the i915 or xe module) and intel-gpu-platform-labeling); compared with commit aced5c8 (0.32.0): tolerations [] instead of an empty key`,
    `${SOURCE_AT}: deployments/gpu_plugin/base/intel-gpu-plugin.yaml (DaemonSet intel-gpu-plugin, selector and pod labels app: intel-gpu-plugin; container intel-gpu-plugin with readOnlyRootFilesystem, no privilege escalation, drop ALL, RuntimeDefault seccomp; hostPath volumes /dev/dri, /sys/class/drm, /var/lib/kubelet/device-plugins, /var/run/cdi; nodeSelector kubernetes.io/arch: amd64), deployments/daemonsets.go (embeds it), pkg/controllers/gpu/controller.go (NewDaemonSet: name intel-gpu-plugin-<CR name>, namespace the operator's, the CR's nodeSelector when not empty, else the base's; with resourceManager serviceAccount gpu-manager-sa and hostPaths /var/lib/kubelet/pod-resources, /var/lib/kubelet/pki/kubelet.crt, /etc/kubernetes/node-feature-discovery/features.d/, /sys/devices), pkg/controllers/reconciler.go (SuffixedName base-suffix)`,
    `${SOURCE_AT}: pkg/apis/deviceplugin/v1/gpudeviceplugin_webhook.go (allocation policy and resourceManager only with sharedDevNum > 1; all GPU objects with or without resource management), gpudeviceplugin_types.go (sharedDevNum minimum 1; preferredAllocationPolicy balanced, packed or none), cmd/gpu_plugin/gpu_plugin.go (resource gpu.intel.com/i915), cmd/gpu_plugin/rm/gpu_plugin_resource_manager.go (in-cluster client listing pods; kubelet https://<host IP>:10250/pods)`,
  ],
};
