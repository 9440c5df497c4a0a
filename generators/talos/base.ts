// What `talosctl gen config <cluster> <endpoint> --with-secrets <bundle> --talos-version <contract>
// --kubernetes-version <k8s>` writes for one machine type (siderolabs/talos pkg/machinery/config/generate
// init.go and worker.go), so that platformc can render complete configs without talosctl. The deprecated
// `persist` key that talosctl still writes is left out: no schema has it and Talos ignores it.
import type * as G from "../../src/graph.js";
import type { TalosBundle } from "../../src/lib/talos-secrets/bundle.js";
import { contractOf, endpointURL } from "./contract.js";
import type { Doc } from "./patches.js";

const KUBE_PRISM_PORT = 7445;

const POD_SECURITY = {
  name: "PodSecurity",
  configuration: {
    apiVersion: "pod-security.admission.config.k8s.io/v1alpha1",
    defaults: { audit: "restricted", "audit-version": "latest", enforce: "baseline", "enforce-version": "latest", warn: "restricted", "warn-version": "latest" },
    exemptions: { namespaces: ["kube-system"], runtimeClasses: [], usernames: [] },
    kind: "PodSecurityConfiguration",
  },
};

const AUDIT_POLICY = { apiVersion: "audit.k8s.io/v1", kind: "Policy", rules: [{ level: "Metadata" }] };

export function baseConfig(c: G.ClusterNode, role: "controlplane" | "worker", b: TalosBundle): Doc[] {
  const t = c.talos!;
  const contract = contractOf(t);
  const k8s = t.kubernetesVersion;
  const cp = role === "controlplane";
  const features: Doc = {};
  if (contract.legacyFeatures) {
    features.rbac = true;
    features.stableHostname = true;
    features.apidCheckExtKeyUsage = true;
  }
  features.diskQuotaSupport = true;
  features.kubePrism = { enabled: true, port: KUBE_PRISM_PORT };
  features.hostDNS = { enabled: true, forwardKubeDNSToHost: true };
  const install: Doc = { disk: "/dev/sda", image: t.installImage, wipe: false };
  if (contract.grubUseUKICmdline) install.grubUseUKICmdline = true;
  const machine: Doc = {
    type: role,
    token: b.trustdinfo.token,
    ca: cp ? { crt: b.certs.os.crt, key: b.certs.os.key } : { crt: b.certs.os.crt, key: "" },
    certSANs: [],
    kubelet: { image: `ghcr.io/siderolabs/kubelet:v${k8s}`, defaultRuntimeSeccompProfileEnabled: true, disableManifestsDirectory: true },
    ...(contract.emptyMachineNetwork ? { network: {} } : {}),
    install,
    features,
    ...(cp ? { nodeLabels: { "node.kubernetes.io/exclude-from-external-load-balancers": "" } } : {}),
  };
  const network = { dnsDomain: "cluster.local", podSubnets: ["10.244.0.0/16"], serviceSubnets: ["10.96.0.0/12"] };
  const discovery = { enabled: true, registries: { kubernetes: { disabled: true }, service: {} } };
  const encryption = b.secrets.secretboxencryptionsecret ? { secretboxEncryptionSecret: b.secrets.secretboxencryptionsecret } : { aescbcEncryptionSecret: b.secrets.aescbcencryptionsecret };
  const cluster: Doc = cp
    ? {
        id: b.cluster.id,
        secret: b.cluster.secret,
        controlPlane: { endpoint: endpointURL(c) },
        clusterName: c.name,
        network,
        token: b.secrets.bootstraptoken,
        ...encryption,
        ca: { crt: b.certs.k8s.crt, key: b.certs.k8s.key },
        aggregatorCA: { crt: b.certs.k8saggregator.crt, key: b.certs.k8saggregator.key },
        serviceAccount: { key: b.certs.k8sserviceaccount.key },
        apiServer: {
          image: `registry.k8s.io/kube-apiserver:v${k8s}`,
          certSANs: contract.sansFromEndpoint ? [c.apiEndpoint.host] : [],
          ...(contract.legacyFeatures ? { disablePodSecurityPolicy: true } : {}),
          admissionControl: [POD_SECURITY],
          auditPolicy: AUDIT_POLICY,
        },
        controllerManager: { image: `registry.k8s.io/kube-controller-manager:v${k8s}` },
        proxy: { image: `registry.k8s.io/kube-proxy:v${k8s}` },
        scheduler: { image: `registry.k8s.io/kube-scheduler:v${k8s}` },
        discovery,
        etcd: { ca: { crt: b.certs.etcd.crt, key: b.certs.etcd.key } },
        extraManifests: [],
        inlineManifests: [],
      }
    : {
        id: b.cluster.id,
        secret: b.cluster.secret,
        controlPlane: { endpoint: endpointURL(c) },
        clusterName: c.name,
        network,
        token: b.secrets.bootstraptoken,
        ca: { crt: b.certs.k8s.crt, key: "" },
        discovery,
      };
  const docs: Doc[] = [{ version: "v1alpha1", debug: false, machine, cluster }];
  if (contract.multidocNetwork) docs.push({ apiVersion: "v1alpha1", kind: "HostnameConfig", auto: "stable" });
  return docs;
}
