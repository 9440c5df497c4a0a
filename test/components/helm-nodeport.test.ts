// A NodePort the spec gives a Helm service must exist: the charts' own Services are ClusterIP by default (argo-cd
// 8.1.3 server.service.type, grafana 9.2.10 service.type), so todoapp's Argo CD on 32012 and Grafana on 30300 reached
// nothing. platformc writes a NodePort Service of its own beside the release, selecting the chart's pods behind the
// port (the catalog's labels) on their container port.
import { describe, expect, it } from "vitest";
import { build, docs, seedSpec, service } from "./world.js";

describe("todoapp: the NodePorts of Helm services reach the charts' pods", () => {
  const b = build(seedSpec("todoapp"));
  const nodePort = (name: string) => {
    const s = service(b, name);
    return docs(b, `clusters/${s.cluster}/namespaces/${s.namespace}/${name}.yaml`).find((d) => d.kind === "Service" && d.metadata.name === `${name}-nodeport`);
  };

  it("Argo CD: 32012 -> argocd-server's 8080", () => {
    const svc = nodePort("argocd")!;
    expect(svc.spec.type).toBe("NodePort");
    expect(svc.spec.selector).toEqual({ "app.kubernetes.io/name": "argocd-server", "app.kubernetes.io/instance": "argocd" });
    expect(svc.spec.ports).toEqual([{ name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 32012 }]);
  });

  it("Grafana: 30300 -> the grafana pods' 3000", () => {
    const svc = nodePort("grafana")!;
    expect(svc.spec.selector).toEqual({ "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "grafana" });
    expect(svc.spec.ports).toEqual([{ name: "http", port: 80, targetPort: 3000, protocol: "TCP", nodePort: 30300 }]);
  });

  it("a Helm service without a NodePort gets none", () => {
    expect(nodePort("loki")).toBeUndefined();
  });
});
