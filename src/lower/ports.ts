// Lowers a service's ports: default names, duplicate numbers and names, and fields that need a given expose.
// Lowered once per spec service; each instance copies them, because allocation writes into ports.
import type * as S from "../validate/spec-types.generated.js";
import type * as G from "../graph.js";
import { locSpan } from "../diagnostics/diagnostic.js";
import type { Path } from "../source.js";
import { type Ctx, address } from "./context.js";

export function lowerPorts(ctx: Ctx, s: S.Service, p: Path): G.PortNode[] {
  const ports: G.PortNode[] = [];
  const byNumber = new Map<string, number>();
  const byName = new Map<string, number>();
  (s.ports ?? []).forEach((port, k) => {
    const pp: Path = [...p, "ports", k];
    const protocol = port.protocol ?? "TCP";
    const expose = port.expose ?? "ClusterIP";
    const name = port.name ?? defaultPortName(port.appProtocol, protocol, port.port, byName);
    const numKey = `${port.port}/${protocol}`;
    // A repeat stays out of the graph, so the checks do not report its NodePort or address a second time.
    let repeat = false;
    if (byNumber.has(numKey)) {
      repeat = true;
      ctx.diags.report("PC0503", locSpan(ctx.at([...pp, "port"])), { service: s.name, what: "port", value: numKey }, { related: [{ span: locSpan(ctx.at([...p, "ports", byNumber.get(numKey)!, "port"])), message: "first here" }], help: `give each port its own number, or drop the repeat` });
    } else byNumber.set(numKey, k);
    if (byName.has(name)) {
      repeat = true;
      ctx.diags.report("PC0503", locSpan(ctx.at([...pp, port.name ? "name" : "port"])), { service: s.name, what: "port name", value: name }, { related: [{ span: locSpan(ctx.at([...p, "ports", byName.get(name)!])), message: "first here" }], help: port.name ? "give each port its own name" : "name this port (name:), the default name is taken" });
    } else byName.set(name, k);
    if (repeat) return;
    if (name.length > 15 || !/[a-z]/.test(name)) {
      ctx.diags.report("PC0206", locSpan(ctx.at([...pp, "name"])), { field: "port name", problem: `\`${name}\` must be at most 15 characters and contain a letter (Kubernetes IANA_SVC_NAME)` });
    }
    if (port.nodePort !== undefined && expose === "ClusterIP") ctx.diags.report("PC0507", locSpan(ctx.at([...pp, "nodePort"]), [], "key"), { field: "nodePort", port: port.port, service: s.name, expose }, { help: "add expose: NodePort" });
    for (const f of ["loadBalancerIP", "pool"] as const) {
      if (port[f] !== undefined && expose !== "LoadBalancer") ctx.diags.report("PC0507", locSpan(ctx.at([...pp, f]), [], "key"), { field: f, port: port.port, service: s.name, expose }, { help: "add expose: LoadBalancer" });
    }
    let lbIP: G.Address | undefined;
    if (port.loadBalancerIP) lbIP = address(ctx, port.loadBalancerIP, [...pp, "loadBalancerIP"], "address");
    const node: G.PortNode = {
      name,
      port: port.port,
      targetPort: port.targetPort ?? port.port,
      protocol,
      expose,
      nodePortAllocated: false,
      loadBalancerIPAllocated: false,
      metrics: port.metrics ?? false,
      loc: ctx.at(pp),
    };
    if (port.appProtocol) node.appProtocol = port.appProtocol;
    if (port.nodePort !== undefined) node.nodePort = port.nodePort;
    if (lbIP) node.loadBalancerIP = lbIP;
    if (port.pool) node.pool = port.pool;
    if (port.hostPort !== undefined) node.hostPort = port.hostPort;
    ports.push(node);
  });
  return ports;
}

function defaultPortName(appProtocol: string | undefined, protocol: string, port: number, taken: Map<string, number>): string {
  const ap = appProtocol?.toLowerCase();
  if (ap && /^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$/.test(ap) && !taken.has(ap)) return ap;
  return `${protocol.toLowerCase()}-${port}`;
}
