// inventory.yaml: the resolved platform as data — every node with its pod CIDR, every service with its
// ports, NodePorts and LoadBalancer IPs, every flow. It is what the allocator decided, in one reviewable
// file, and the machine-readable source for tools that do not want to re-run platformc.
import type { Generator } from "../contract.js";
import type * as G from "../../src/graph.js";
import { toYamlStream } from "../../src/lib/yaml-writer.js";
import { hasServiceName } from "../../src/plan/names.js";

function port(p: G.PortNode): Record<string, unknown> {
  return {
    name: p.name,
    port: p.port,
    targetPort: p.targetPort,
    protocol: p.protocol,
    expose: p.expose,
    nodePort: p.nodePort,
    nodePortAllocated: p.nodePort !== undefined ? p.nodePortAllocated : undefined,
    loadBalancerIP: p.loadBalancerIP?.text,
    loadBalancerIPAllocated: p.loadBalancerIP ? p.loadBalancerIPAllocated : undefined,
    pool: p.pool,
    hostPort: p.hostPort,
  };
}

function flow(f: G.FlowEdge): Record<string, unknown> {
  const t = f.target;
  switch (t.kind) {
    case "service":
      return { to: t.id, port: t.port, protocol: t.protocol, label: f.label };
    case "external":
      return { to: `external:${t.name}`, address: t.addressText, port: t.port, protocol: t.protocol, label: f.label };
    case "apiserver":
      return { to: "kubernetes-api", addresses: t.addresses.map((a) => a.text), port: t.port, protocol: t.protocol, label: f.label };
  }
}

export const inventory: Generator = {
  name: "inventory",
  description: "inventory.yaml: the resolved and allocated platform (pod CIDRs, NodePorts, LB IPs, flows)",
  generate(g, ctx) {
    const doc = {
      platform: g.platform.name,
      domain: g.platform.domain,
      clusters: g.clusters.map((c) => ({
        name: c.name,
        distribution: c.distribution,
        version: c.version,
        cni: c.cni.name,
        podCIDR: c.podCIDR.text,
        serviceCIDR: c.serviceCIDR.text,
        clusterDomain: c.clusterDomain,
        apiEndpoint: `${c.apiEndpoint.host}:${c.apiEndpoint.port}`,
        mesh: c.mesh ? { name: c.mesh.name, id: c.mesh.id, idAllocated: c.mesh.idAllocated } : undefined,
        layers: c.layerOrder,
        nodes: c.nodes.map((n) => ({
          name: n.name,
          role: n.role,
          address: n.address.text,
          addresses: n.addresses.length ? n.addresses.map((a) => a.address.text) : undefined,
          podCIDR: n.podCIDR?.text,
        })),
        namespaces: c.namespaces.map((ns) => ({ name: ns.name, environment: ns.environment, layer: ns.layer, podSecurity: ns.podSecurity })),
        services: c.services.map((s) => ({
          id: s.id,
          kind: s.kind,
          replicas: s.kind === "daemonset" || s.kind === "cronjob" || s.kind === "job" ? undefined : s.replicas,
          schedule: s.job?.schedule,
          dns: hasServiceName(s) ? `${s.name}.${s.namespace}.svc.${c.clusterDomain}` : undefined,
          ports: s.ports.length ? s.ports.map(port) : undefined,
          flows: s.flows.length ? s.flows.map(flow) : undefined,
          ingress: s.ingress.length ? s.ingress.map((r) => `${r.tls ? "https" : "http"}://${r.host}${r.path}`) : undefined,
        })),
      })),
    };
    return [{ path: "inventory.yaml", content: toYamlStream([doc], ctx.header) }];
  },
};
