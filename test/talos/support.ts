// Shared by the Talos tests: deterministic entropy, the Talos schemas (schema/talos/) loaded the way
// test/reference/README.md says, and spec fixtures shaped like seed 001 (two Talos clusters, Cilium BGP,
// ClusterMesh) and a mixed cluster that exercises workers, taints, VLANs and extra addresses.
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import type { Entropy } from "../../src/lib/talos-secrets/entropy.js";

export const REFERENCE = process.env.PLATFORMC_REFERENCE ?? join(import.meta.dirname, "..", "reference");

let rsa: KeyObject | undefined;

/** SHA-256 in counter mode over a seed: the same bytes on every run. RSA key generation is not seedable, so one key is cached per process (2048 bits: the tests check structure, not strength). */
export function seededEntropy(seed: string): Entropy & { drawn: number } {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const e = {
    drawn: 0,
    bytes(n: number): Uint8Array {
      while (pool.length < n) pool = Buffer.concat([pool, createHash("sha256").update(`${seed}:${counter++}`).digest()]);
      const out = new Uint8Array(pool.subarray(0, n));
      pool = pool.subarray(n);
      e.drawn += n;
      return out;
    },
    rsaPrivateKey(): KeyObject {
      rsa ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
      return rsa;
    },
  };
  return e;
}

export type DocValidator = (doc: Record<string, unknown>) => string[];

const validators = new Map<string, DocValidator>();

/** Validates one Talos config document against the $defs entry its version/kind selects, as the reference README advises. */
export function talosValidator(version: "v1.11" | "v1.13"): DocValidator {
  const cached = validators.get(version);
  if (cached) return cached;
  // The copies platformc ships in schema/talos/ (provenance in its README), unless $PLATFORMC_REFERENCE has its own.
  const name = `talos-config.${version}.schema.json`;
  const own = join(REFERENCE, name);
  const schema = JSON.parse(readFileSync(existsSync(own) ? own : join(import.meta.dirname, "..", "..", "schema", "talos", name), "utf8"));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajvFormats.default(ajv);
  ajv.addSchema(schema);
  const byKind = new Map<string, string>();
  for (const [name, def] of Object.entries(schema.$defs as Record<string, { properties?: { kind?: { enum?: string[] } } }>)) {
    const kind = def.properties?.kind?.enum?.[0];
    if (kind) byKind.set(kind, name);
  }
  const v: DocValidator = (doc) => {
    const def = doc.kind === undefined ? "v1alpha1.Config" : byKind.get(String(doc.kind));
    if (!def) return [`no schema for kind ${String(doc.kind)}`];
    const validate = ajv.getSchema(`${schema.$id}#/$defs/${def}`)!;
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) => `${def}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  };
  validators.set(version, v);
  return v;
}

/** Seed 001: two three-node Talos clusters (all control plane) on one LAN, Cilium with BGP to the router, one ClusterMesh. */
export function seed001Spec(version = "v1.13.9"): any {
  const nodes = (prefix: string, first: number) =>
    [0, 1, 2].map((i) => ({ name: `${prefix}-cp${i + 1}`, role: "controlplane", address: `10.25.11.${first + i}`, interface: "enp1s0", installDisk: "/dev/nvme0n1" }));
  const cluster = (name: string, pod: string, svc: string, vip: string, pool: string, id: number, first: number) => ({
    name,
    distribution: "talos",
    version,
    podCIDR: pod,
    serviceCIDR: svc,
    cni: { name: "cilium", version: "1.18.2", kubeProxyReplacement: true, hubble: true, policy: "cilium" },
    apiEndpoint: { vip },
    loadBalancer: { type: "cilium", mode: "bgp", pools: [{ name: "default", addresses: [pool] }] },
    bgp: { asn: 64513, peers: [{ name: "srx320", address: "10.25.11.1", asn: 64512 }] },
    mesh: { name: "monosense", id },
    nodes: nodes(name, first),
  });
  return {
    apiVersion: "platformc.dev/v1alpha1",
    platform: { name: "monosense", domain: "monosense.io" },
    networks: [{ name: "lan", cidr: "10.25.11.0/24", gateway: "10.25.11.1", nameservers: ["10.25.11.1", "1.1.1.1"] }],
    clusters: [
      cluster("infra", "10.244.0.0/16", "10.245.0.0/16", "10.25.11.10", "10.25.11.200-10.25.11.249", 1, 11),
      cluster("apps", "10.246.0.0/16", "10.247.0.0/16", "10.25.11.20", "10.25.11.100-10.25.11.199", 2, 14),
    ],
    namespaces: [
      { name: "kube-system", cluster: "infra", podSecurity: "privileged" },
      { name: "kube-system", cluster: "apps", podSecurity: "privileged" },
    ],
  };
}

/** One Talos cluster with flannel, workers, labels, taints, a VLAN, a storage NIC and a Tailscale address. */
export function mixedTalosSpec(version: string): any {
  return {
    apiVersion: "platformc.dev/v1alpha1",
    platform: { name: "mixed", domain: "mixed.example.com" },
    networks: [
      { name: "lan", cidr: "192.168.20.0/24", gateway: "192.168.20.1", nameservers: ["192.168.20.1"] },
      { name: "storage", kind: "vlan", vlan: 30, cidr: "10.30.0.0/24" },
      { name: "tailnet", kind: "overlay", cidr: "100.64.0.0/10" },
    ],
    clusters: [
      {
        name: "lab",
        distribution: "talos",
        version,
        nodeMaskSize: 25,
        nodePortRange: "30000-31000",
        apiEndpoint: { vip: "192.168.20.5", extraSANs: ["k8s.mixed.example.com"] },
        loadBalancer: { type: "metallb", pools: [{ name: "default", addresses: ["192.168.20.200-192.168.20.220"] }] },
        nodes: [
          { name: "cp1", role: "controlplane", address: "192.168.20.11", interface: "eno1", taints: [{ key: "dedicated", value: "control", effect: "NoSchedule" }] },
          { name: "cp2", role: "controlplane", address: "192.168.20.12", interface: "eno1" },
          { name: "cp3", role: "controlplane", address: "192.168.20.13", interface: "eno1" },
          {
            name: "w1",
            role: "worker",
            address: "192.168.20.21",
            interface: "enp2s0",
            installDisk: "/dev/nvme0n1",
            installImage: "factory.talos.dev/installer/0123abcd:" + version,
            labels: { "example.com/gpu": "true", "node.kubernetes.io/role-gpu": "" },
            taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }],
            addresses: [
              { address: "10.30.0.21", interface: "enp2s0" },
              { address: "100.100.7.21", interface: "tailscale0" },
            ],
            gpus: [{ vendor: "nvidia" }],
          },
          { name: "w2", role: "worker", address: "192.168.20.22" },
        ],
      },
    ],
    namespaces: [{ name: "kube-system", podSecurity: "privileged" }],
  };
}

/** mixedTalosSpec with a Talos patch of each kind the escape hatches take: cluster-wide, per role and per node. */
export function withEscapePatches(version: string): any {
  const s = mixedTalosSpec(version);
  s.clusters[0].talos = {
    patches: {
      all: [{ machine: { sysctls: { "vm.max_map_count": "262144" } } }],
      controlplane: [{ cluster: { apiServer: { extraArgs: { "audit-log-maxage": "30" } } } }],
      worker: [{ machine: { kubelet: { extraArgs: { "max-pods": "200" } } } }],
    },
  };
  s.clusters[0].nodes.find((n: any) => n.name === "w1").talosPatches = [{ machine: { kubelet: { extraArgs: { "max-pods": "64" } }, udev: { rules: ['SUBSYSTEM=="drm", MODE="0666"'] } } }];
  return s;
}
