// Cilium's Gateway API: the Gateway platformc writes must be the one the spec's ingress service stands for, and must
// fit in one Gateway object.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { CILIUM_GATEWAY } from "../catalog/cilium.js";
import { MAX_GATEWAY_LISTENERS, ciliumGateway, gatewayListeners } from "../plan/cilium.js";

/** PC1115, PC1116: the Service Cilium creates is the spec's ingress service, and the listeners fit one Gateway. */
export function checkCiliumGateway(g: G.Graph, diags: Diagnostics): void {
  for (const c of g.clusters) {
    const gw = ciliumGateway(c);
    if (!gw) continue;
    if (gw.service.name !== gw.serviceName || gw.serviceName.length > CILIUM_GATEWAY.maxServiceName) {
      const room = CILIUM_GATEWAY.maxServiceName - CILIUM_GATEWAY.servicePrefix.length;
      const suffix = gw.service.name.startsWith(CILIUM_GATEWAY.servicePrefix) ? gw.service.name.slice(CILIUM_GATEWAY.servicePrefix.length) : "";
      const help =
        gw.serviceName.length > CILIUM_GATEWAY.maxServiceName
          ? `Cilium shortens names over ${CILIUM_GATEWAY.maxServiceName} characters with a hash: give ingress.className at most ${room} characters`
          : suffix
            ? `set ingress.className: ${suffix} (the Gateway Cilium serves as \`${gw.service.name}\`), or rename the service to \`${gw.serviceName}\``
            : `rename the bundled service to \`${gw.serviceName}\` and set ingress.service: ${gw.namespace}/${gw.serviceName}`;
      diags.report(
        "PC1115",
        locSpan(c.loc, ["ingress", "service"]),
        { cluster: c.name, service: `${gw.namespace}/${gw.service.name}`, gateway: `${gw.namespace}/${gw.name}`, expected: `${gw.namespace}/${gw.serviceName}` },
        { related: [{ span: locSpan(gw.service.loc, ["name"]), message: "the bundled service" }], help },
      );
    }
    const count = gatewayListeners(c).length;
    if (count > MAX_GATEWAY_LISTENERS) {
      diags.report(
        "PC1116",
        locSpan(c.loc, ["ingress"], "key"),
        { gateway: `${gw.namespace}/${gw.name}`, cluster: c.name, count, max: MAX_GATEWAY_LISTENERS },
        { help: `serve at most ${MAX_GATEWAY_LISTENERS - 1} hostnames with tls on this cluster (set tls: false on the others), or move some services to another cluster` },
      );
    }
  }
}
