// fast-check arbitraries for platforms that are valid by construction: every name, address and port is
// derived from indices, so shrinking stays readable and the generator never needs to filter.
import fc from "fast-check";

export interface Plan {
  clusters: Array<{
    workers: number;
    namespaces: number;
    services: Array<{
      ns: number;
      kind: "deployment" | "statefulset" | "daemonset";
      replicas: number;
      ports: Array<{ port: number; expose: "ClusterIP" | "NodePort" | "LoadBalancer"; pinNodePort: boolean }>;
      flows: Array<{ target: number; port: number }>;
      ingress: boolean;
    }>;
  }>;
}

const portNumbers = [80, 443, 3000, 5432, 6379, 8080, 9000, 9090];

const servicePlan = fc.record({
  ns: fc.nat(3),
  kind: fc.constantFrom("deployment" as const, "statefulset" as const, "daemonset" as const),
  replicas: fc.integer({ min: 1, max: 3 }),
  ports: fc.uniqueArray(
    fc.record({
      port: fc.constantFrom(...portNumbers),
      expose: fc.constantFrom("ClusterIP" as const, "ClusterIP" as const, "NodePort" as const, "LoadBalancer" as const),
      pinNodePort: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3, selector: (p) => p.port },
  ),
  flows: fc.array(fc.record({ target: fc.nat(20), port: fc.nat(2) }), { maxLength: 3 }),
  ingress: fc.boolean(),
});

export const planArb: fc.Arbitrary<Plan> = fc.record({
  clusters: fc.array(
    fc.record({
      workers: fc.nat(3),
      namespaces: fc.integer({ min: 1, max: 4 }),
      services: fc.array(servicePlan, { maxLength: 12 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

/** The spec object for a plan. Pinned NodePorts are unique across the platform by construction. */
export function specFromPlan(plan: Plan): any {
  const meshed = plan.clusters.length > 1;
  let pinned = 30100;
  const clusters: any[] = [];
  const namespaces: any[] = [];
  const services: any[] = [];
  plan.clusters.forEach((c, i) => {
    const cname = `c${i}`;
    const nodes = [];
    for (let j = 0; j < 3 + c.workers; j++) {
      nodes.push({ name: `${cname}-n${j}`, role: j < 3 ? "controlplane" : "worker", address: `192.168.${i * 10 + 1}.${10 + j}` });
    }
    clusters.push({
      name: cname,
      distribution: i === 0 ? "k3s" : "talos",
      podCIDR: `10.${40 + i * 4}.0.0/16`,
      serviceCIDR: `10.${41 + i * 4}.0.0/16`,
      ...(meshed ? { cni: { name: "cilium" }, mesh: { name: "mesh" } } : {}),
      loadBalancer: { type: "metallb", pools: [{ name: "default", addresses: [`192.168.${i * 10 + 5}.0/24`] }] },
      ingress: { type: "traefik", service: "kube-system/traefik" },
      nodes,
    });
    // Traefik's chart on Talos puts a service platformc deploys in kube-system; its default deny would cut off Talos's own pods
    namespaces.push({ name: "kube-system", cluster: cname, podSecurity: "privileged", ...(i === 0 ? {} : { defaultDeny: false }) });
    services.push({
      name: "traefik",
      namespace: "kube-system",
      cluster: cname,
      // K3s ships Traefik; on Talos it comes from its chart (PC1009)
      ...(i === 0 ? { kind: "bundled" } : { kind: "helm", chart: { repo: "https://traefik.github.io/charts", name: "traefik", version: "34.4.1" } }),
      ports: [
        { name: "web", port: 80, expose: "LoadBalancer" },
        { name: "websecure", port: 443, expose: "LoadBalancer" },
      ],
    });
    for (let k = 0; k < c.namespaces; k++) namespaces.push({ name: `ns${k}`, cluster: cname });
    c.services.forEach((s, m) => {
      const ns = `ns${s.ns % c.namespaces}`;
      const ports = s.ports.map((p) => ({
        name: `p${p.port}`,
        port: p.port,
        expose: p.expose,
        ...(p.expose === "NodePort" && p.pinNodePort ? { nodePort: pinned++ } : {}),
      }));
      const svc: any = {
        name: `s${m}`,
        namespace: ns,
        cluster: cname,
        kind: s.kind,
        image: `registry.example.com/s${m}:1.0`,
        ...(s.kind === "daemonset" ? {} : { replicas: s.replicas }),
        ports,
      };
      if (s.ingress) svc.ingress = [{ host: `s${m}-${cname}`, port: ports[0]!.name }];
      const flows = [];
      for (const f of s.flows) {
        const t = c.services[f.target % c.services.length];
        if (!t) continue;
        const tIndex = f.target % c.services.length;
        const tp = t.ports[f.port % t.ports.length]!;
        flows.push({ to: `${cname}/ns${t.ns % c.namespaces}/s${tIndex}`, port: tp.port });
      }
      if (flows.length) svc.flows = flows;
      services.push(svc);
    });
  });
  return {
    apiVersion: "platformc.dev/v1alpha1",
    platform: { name: "prop", domain: "prop.example.com" },
    networks: [{ name: "lan", cidr: "192.168.0.0/16" }],
    clusters,
    namespaces,
    services,
    dns: { zones: [{ name: "prop.example.com" }] },
  };
}

/** Returns a copy with every mapping's keys in a random order (lists keep theirs: order is meaning). */
export function shuffleKeys(v: unknown, rand: () => number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, rand));
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = shuffleKeys((v as Record<string, unknown>)[k], rand);
    return out;
  }
  return v;
}
