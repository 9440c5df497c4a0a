// Port rules: NodePorts in range and unique per cluster, hostPorts unique per node, LB IP:port unique,
// ingress host+path unique per cluster. Each is one pass with a Map, never pairwise.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { loadBalancerAddresses } from "../plan/addresses.js";
import { inSpecOrder } from "./places.js";

export function checkNodePorts(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const { min, max } = c.nodePortRange;
    const seen = new Map<number, { s: G.ServiceNode; p: G.PortNode }>();
    for (const s of c.services) for (const p of s.ports) {
      if (p.nodePort === undefined) continue;
      if (p.nodePort < min || p.nodePort > max) {
        diags.report("PC0501", locSpan(p.loc, ["nodePort"]), { port: p.nodePort, service: s.id, range: `${min}-${max}`, cluster: c.name }, { help: `pick a NodePort in ${min}-${max}, or widen the cluster's nodePortRange` });
        continue;
      }
      const seenFirst = seen.get(p.nodePort);
      // The same spec port instantiated once per environment collides with itself: say so once, on it.
      if (seenFirst) {
        const [first, second] = inSpecOrder(seenFirst, { s, p }, (x) => locSpan(x.p.loc, ["nodePort"]));
        diags.report("PC0502", locSpan(second.p.loc, ["nodePort"]), { port: p.nodePort, a: first.s.id, b: second.s.id, cluster: c.name }, {
          related: first.p.loc !== second.p.loc ? [{ span: locSpan(first.p.loc, ["nodePort"]), message: "first used here" }] : [],
          help: first.p.loc === second.p.loc ? "a pinned NodePort in a namespace instantiated per environment collides with itself; drop nodePort to let platformc allocate one per environment" : `drop nodePort from one of them and platformc allocates a free one, or pin another port in ${min}-${max}`,
        });
      } else seen.set(p.nodePort, { s, p });
    }
  }
}

export function checkHostPorts(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const seen = new Map<string, { s: G.ServiceNode; p: G.PortNode }>();
    for (const s of c.services) for (const p of s.ports) {
      if (p.hostPort === undefined) continue;
      for (const node of s.eligibleNodes) {
        const key = `${node}|${p.hostPort}|${p.protocol}`;
        const first = seen.get(key);
        if (first && first.s !== s) {
          diags.report("PC0504", locSpan(p.loc, ["hostPort"]), { port: p.hostPort, protocol: p.protocol, node, a: first.s.id, b: s.id }, { related: first.p.loc !== p.loc ? [{ span: locSpan(first.p.loc, ["hostPort"]), message: "first bound here" }] : [], help: "use another hostPort, or keep the two on different nodes with placement" });
          break;
        }
        if (!first) seen.set(key, { s, p });
      }
    }
  }
}

export function checkLoadBalancerPorts(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    if (c.loadBalancer?.type === "servicelb") {
      // ServiceLB binds the port on every node: two services with one LB port clash on all of them.
      const seen = new Map<string, G.ServiceNode>();
      for (const s of c.services) for (const p of s.ports) {
        if (p.expose !== "LoadBalancer") continue;
        const key = `${p.port}/${p.protocol}`;
        const first = seen.get(key);
        if (first && first !== s) diags.report("PC0505", locSpan(p.loc, ["port"]), { ip: "every node address", port: p.port, protocol: p.protocol, a: first.id, b: s.id }, { notes: ["ServiceLB (klipper) binds LoadBalancer ports on every node"], help: "give one of them another port: ServiceLB has no pools, so the two cannot get separate addresses" });
        else seen.set(key, s);
      }
      continue;
    }
    const seen = new Map<string, { s: G.ServiceNode; p: G.PortNode }>();
    for (const s of c.services) for (const p of s.ports) {
      for (const a of loadBalancerAddresses(c, p)) {
        const key = `${a.family}:${a.value}|${p.port}|${p.protocol}`;
        const first = seen.get(key);
        if (first && first.s !== s) diags.report("PC0505", locSpan(p.loc, ["loadBalancerIP"]), { ip: a.text, port: p.port, protocol: p.protocol, a: first.s.id, b: s.id }, { related: first.p.loc !== p.loc ? [{ span: locSpan(first.p.loc), message: "first served here" }] : [], help: "pin another loadBalancerIP (or another port) on one of them, or drop loadBalancerIP and let platformc allocate" });
        else if (!first) seen.set(key, { s, p });
      }
    }
  }
}

export function checkIngressRoutes(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const seen = new Map<string, { s: G.ServiceNode; r: G.IngressRouteNode }>();
    for (const s of c.services) for (const r of s.ingress) {
      const key = `${r.host}${r.path}`;
      const seenFirst = seen.get(key);
      if (seenFirst) {
        const [first, second] = inSpecOrder(seenFirst, { s, r }, (x) => locSpan(x.r.loc, ["host"]));
        diags.report("PC0506", locSpan(second.r.loc, ["host"]), { host: r.host, path: r.path, a: first.s.id, b: second.s.id, cluster: c.name }, { related: first.r.loc !== second.r.loc ? [{ span: locSpan(first.r.loc, ["host"]), message: "first claimed here" }] : [], help: "give one of them another host or path" });
      } else seen.set(key, { s, r });
    }
  }
}
