// Synthetic platform.yaml of any size for the benchmark. The spec has to validate with no errors and no
// warnings, otherwise the benchmark would time diagnostics rendering instead of compilation, so every
// quantity below is chosen to stay clear of a check:
//  - 3 control-plane nodes: an odd etcd quorum that tolerates a failure (PC0701);
//  - node capacity far above the summed requests (PC0703);
//  - node addresses, gateway and the MetalLB pool all inside the declared LAN, the pool clear of nodes
//    (PC0403, PC0404), and the LAN clear of the default pod/service CIDRs 10.42/16 and 10.43/16 (PC0401);
//  - NodePorts allocated, about n/100 of them, far below the 2768 the default range holds (PC0802);
//  - ingress hosts unique and inside the one DNS zone (PC0506, PC0604).
// Text is written by hand rather than with the yaml package so the file looks like one a person writes
// (block style, flow style for small maps) and so that generation stays negligible next to the build.

/** mulberry32: tiny, fast and good enough to make the spec look irregular while staying reproducible. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAN = { cidr: "192.168.0.0/16", gateway: "192.168.0.1", ns: "192.168.0.2" };
// A /20 well above the node addresses (which start at 192.168.0.10); 4094 usable addresses.
const POOL = "192.168.16.0/20";
const TRAEFIK_IP = "192.168.16.10";
const CPU = ["50m", "100m", "200m", "250m", "500m"];
const MEMORY = ["64Mi", "128Mi", "256Mi", "512Mi"];
const LABELS = ["SQL", "REST", "gRPC", "events", "cache"];

function ipv4(n) {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * The text of a valid platform.yaml with `nServices` services and proportionate nodes, namespaces and
 * flows. Same input, same bytes.
 */
export function synthPlatform(nServices, { name = `bench-${nServices}`, seed = 20240611 } = {}) {
  const n = Math.max(1, Math.floor(nServices));
  const rand = prng(seed ^ n);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const domain = `${name}.example.test`;

  const nodeCount = Math.max(3, Math.ceil(n / 50));
  // The default /16 pod CIDR holds 256 node /24s; beyond that, smaller per-node blocks keep PC0405 away.
  const nodeMaskSize = nodeCount <= 256 ? 24 : nodeCount <= 1024 ? 26 : 28;
  const nsCount = Math.max(1, Math.ceil(n / 20));
  const width = Math.max(5, String(n - 1).length);
  const svcName = (i) => `svc-${String(i).padStart(width, "0")}`;
  const nsWidth = Math.max(3, String(nsCount - 1).length);
  const nsName = (k) => `ns-${String(k).padStart(nsWidth, "0")}`;
  const nsOf = (i) => Math.floor(i / 20);
  // Offsets that put one NodePort and one LoadBalancer service into even the smallest sizes.
  const isNodePort = (i) => i % 100 === 7;
  const isLoadBalancer = (i) => i % 200 === 3;
  const hasMetrics = (i) => i % 3 === 0;

  const lines = [];
  const out = (s) => lines.push(s);

  out(`# Synthetic benchmark platform: ${n} services, ${nodeCount} nodes, ${nsCount} namespace${nsCount === 1 ? "" : "s"} (bench/synth.mjs).`);
  out("apiVersion: platformc.dev/v1alpha1");
  out("platform:");
  out(`  name: ${name}`);
  out(`  domain: ${domain}`);
  out(`  description: Synthetic platform with ${n} services for the platformc benchmark.`);
  out("");
  out("networks:");
  out("  - name: lan");
  out(`    cidr: ${LAN.cidr}`);
  out(`    gateway: ${LAN.gateway}`);
  out(`    nameservers: [${LAN.gateway}]`);
  out("");
  out("clusters:");
  out("  - name: main");
  out("    distribution: k3s");
  out("    version: v1.31.4+k3s1");
  if (nodeMaskSize !== 24) out(`    nodeMaskSize: ${nodeMaskSize}`);
  out("    loadBalancer:");
  out("      type: metallb");
  out("      mode: l2");
  out("      pools:");
  out("        - name: default");
  out(`          addresses: [${POOL}]`);
  out("    ingress:");
  out("      type: traefik");
  out("      service: kube-system/traefik");
  out("    gitops:");
  out("      tool: flux");
  out(`      repo: https://git.example.test/${name}/infra`);
  out("      layers:");
  out("        - name: infrastructure");
  out("          installsCRDs: true");
  out("        - name: apps");
  out("          dependsOn: [infrastructure]");
  out("    nodes:");
  const base = (192 << 24) | (168 << 16);
  for (let k = 0; k < nodeCount; k++) {
    const cp = k < 3;
    out(`      - name: ${cp ? `cp-${k + 1}` : `worker-${String(k - 2).padStart(3, "0")}`}`);
    out(`        role: ${cp ? "controlplane" : "worker"}`);
    out(`        address: ${ipv4((base + 10 + k) >>> 0)}`);
    out("        interface: eth0");
    out(`        capacity: { cpu: 256, memory: 1024Gi }`);
  }
  out("");
  out("namespaces:");
  out("  - name: kube-system");
  out("    purpose: K3s system components");
  out("    podSecurity: privileged");
  out("    layer: infrastructure");
  for (let k = 0; k < nsCount; k++) {
    out(`  - name: ${nsName(k)}`);
    out(`    purpose: Synthetic namespace ${k}`);
  }
  out("");
  out("services:");
  out("  - name: traefik");
  out("    namespace: kube-system");
  out("    kind: bundled");
  out("    ports:");
  out(`      - { name: web, port: 80, expose: LoadBalancer, loadBalancerIP: ${TRAEFIK_IP} }`);
  out(`      - { name: websecure, port: 443, expose: LoadBalancer, loadBalancerIP: ${TRAEFIK_IP} }`);
  for (let i = 0; i < n; i++) {
    const ns = nsOf(i);
    out(`  - name: ${svcName(i)}`);
    out(`    namespace: ${nsName(ns)}`);
    out(`    image: registry.example.test/bench/app-${i % 37}:1.${i % 7}.${i % 3}`);
    out(`    replicas: ${1 + Math.floor(rand() * 3)}`);
    out("    resources:");
    out(`      requests: { cpu: ${pick(CPU)}, memory: ${pick(MEMORY)} }`);
    out("    ports:");
    const expose = isNodePort(i) ? ", expose: NodePort" : isLoadBalancer(i) ? ", expose: LoadBalancer" : "";
    out(`      - { name: http, port: 8080${expose} }`);
    if (hasMetrics(i)) out("      - { name: metrics, port: 9090, metrics: true }");
    if (i % 4 === 1) out(`    env: { LOG_LEVEL: info, SERVICE_INDEX: "${i}" }`);
    const flows = flowTargets(i, n, nsCount, nsOf, rand);
    if (flows.length) {
      out("    flows:");
      for (const t of flows) {
        const to = nsOf(t) === ns ? svcName(t) : `${nsName(nsOf(t))}/${svcName(t)}`;
        out(`      - { to: ${to}, port: http, label: ${pick(LABELS)} }`);
      }
    }
    if (i % 10 === 0) {
      out("    ingress:");
      out(`      - { host: ${svcName(i)}, port: http }`);
    }
  }
  out("");
  out("dns:");
  out("  zones:");
  out(`    - name: ${domain}`);
  out("      records:");
  out(`        - { name: ns1, type: A, values: [${LAN.ns}] }`);
  return lines.join("\n") + "\n";
}

/** 1-2 distinct other services in the same or a neighbouring namespace. */
function flowTargets(i, n, nsCount, nsOf, rand) {
  if (n < 2) return [];
  const want = rand() < 0.5 ? 1 : 2;
  const targets = new Set();
  for (let tries = 0; targets.size < want && tries < 20; tries++) {
    const ns = Math.min(nsCount - 1, Math.max(0, nsOf(i) + Math.floor(rand() * 3) - 1));
    const lo = ns * 20;
    const hi = Math.min(n, lo + 20);
    const t = lo + Math.floor(rand() * (hi - lo));
    if (t !== i) targets.add(t);
  }
  return [...targets].sort((a, b) => a - b);
}
