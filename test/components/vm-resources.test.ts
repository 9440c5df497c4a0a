// The VictoriaMetrics operator's VMSingle, VMAgent and VMAlert as managed services: the pods and Services the
// operator v0.60.2 (victoria-metrics-operator chart 0.50.3) makes of each object. Labels, names and ports are written
// here from the operator's code (each test names the file), not taken from src/catalog.
import { describe, expect, it } from "vitest";
import { componentOfResource, resourceSelector, type Component, type Release } from "../../src/catalog/index.js";
import { vmAgent, vmAlert, vmSingle } from "../../src/catalog/vm-resources.js";
import { compileObject } from "../support/compile.js";
import { World, build, docs, seedSpec, service } from "./world.js";

const API = "operator.victoriametrics.com/v1beta1";
const rel = (name: string, values: Record<string, unknown> = {}): Release => ({ name, values, version: "0.50.3" });

/** What the planner sees of a component for a release: enabled workloads, their Services, flows from them. */
function planOf(c: Component, r: Release) {
  const f = c.release!;
  const workloads = f.workloads.filter((w) => w.enabled(r));
  const names = new Set(workloads.map((w) => w.name));
  return {
    workloads: workloads.map((w) => ({ name: w.name, kind: w.kind, selector: w.selector(r), labels: w.labels(r), ports: w.ports(r) })),
    services: f.services.filter((s) => names.has(s.workload)).map((s) => ({ name: s.name(r), workload: s.workload, ports: s.ports(r) })),
    flows: f.flows.filter((x) => !("from" in x) || names.has(x.from)),
  };
}

/** api/operator/v1beta1/<kind>_types.go SelectorLabels at v0.60.2 */
const selectorLabels = (app: string, name: string) => ({
  "app.kubernetes.io/name": app,
  "app.kubernetes.io/instance": name,
  "app.kubernetes.io/component": "monitoring",
  "managed-by": "vm-operator",
});

describe("the catalog finds the entries by group and kind, and knows their operator", () => {
  it("VMSingle, VMAgent and VMAlert of operator.victoriametrics.com are these entries, run by victoria-metrics-operator", () => {
    expect(componentOfResource(API, "VMSingle")).toBe(vmSingle);
    expect(componentOfResource(API, "VMAgent")).toBe(vmAgent);
    expect(componentOfResource(API, "VMAlert")).toBe(vmAlert);
    // the group decides, whatever the version: another group's VMSingle is not this one
    expect(componentOfResource("operator.example.com/v1beta1", "VMSingle")).toBeUndefined();
    for (const c of [vmSingle, vmAgent, vmAlert]) {
      expect(c.resource?.operator).toBe("victoria-metrics-operator");
      expect(c.charts).toEqual([]);
    }
  });

  it("a managed service without a selector gets the operator's selector labels", () => {
    expect(resourceSelector({ apiVersion: API, kind: "VMSingle", spec: {} }, "vmsingle")).toEqual(selectorLabels("vmsingle", "vmsingle"));
    expect(resourceSelector({ apiVersion: API, kind: "VMAgent", spec: { daemonSetMode: true } }, "agents")).toEqual(selectorLabels("vmagent", "agents"));
    expect(resourceSelector({ apiVersion: API, kind: "VMAlert" }, "rules")).toEqual(selectorLabels("vmalert", "rules"));
  });
});

describe("VMSingle", () => {
  // vmsingle.go newDeployForVMSingle / makeSpecForVMSingle / createOrUpdateService; config.go VMSingleDefault.Port 8429
  it("is a Deployment on 8429 behind vmsingle-<name>, which also answers on 8428 (the alias)", () => {
    const p = planOf(vmSingle, rel("vmsingle"));
    expect(p.workloads).toEqual([{ name: "vmsingle", kind: "Deployment", selector: selectorLabels("vmsingle", "vmsingle"), labels: selectorLabels("vmsingle", "vmsingle"), ports: [{ name: "http", port: 8429, protocol: "TCP" }] }]);
    expect(p.services).toEqual([
      {
        name: "vmsingle-vmsingle",
        workload: "vmsingle",
        ports: [
          { name: "http", port: 8429, targetPort: 8429, protocol: "TCP" },
          { name: "http-alias", port: 8428, targetPort: 8429, protocol: "TCP" },
        ],
      },
    ]);
    expect(p.flows).toEqual([]);
  });

  it("spec.port moves both; on 8428 itself there is no alias", () => {
    const custom = planOf(vmSingle, rel("db", { port: "9000" }));
    expect(custom.workloads[0]!.ports).toEqual([{ name: "http", port: 9000, protocol: "TCP" }]);
    expect(custom.services[0]!.ports).toEqual([
      { name: "http", port: 9000, targetPort: 9000, protocol: "TCP" },
      { name: "http-alias", port: 8428, targetPort: 9000, protocol: "TCP" },
    ]);
    expect(planOf(vmSingle, rel("db", { port: "8428" })).services[0]!.ports).toEqual([{ name: "http", port: 8428, targetPort: 8428, protocol: "TCP" }]);
  });

  // build/container.go AppendInsertPorts and build/service.go AppendInsertPortsToService
  it("insertPorts add their TCP and UDP ports to the pod and the Service", () => {
    const p = planOf(vmSingle, rel("db", { insertPorts: { graphitePort: "2003", openTSDBHTTPPort: "4242" } }));
    expect(p.workloads[0]!.ports).toEqual([
      { name: "http", port: 8429, protocol: "TCP" },
      { name: "graphite-tcp", port: 2003, protocol: "TCP" },
      { name: "graphite-udp", port: 2003, protocol: "UDP" },
      { name: "opentsdb-http", port: 4242, protocol: "TCP" },
    ]);
    expect(p.services[0]!.ports.map((x) => `${x.name}:${x.port}/${x.protocol}`)).toEqual(["http:8429/TCP", "http-alias:8428/TCP", "graphite-tcp:2003/TCP", "graphite-udp:2003/UDP", "opentsdb-http:4242/TCP"]);
  });

  // PodLabels: labels.Merge(spec.podMetadata.labels, SelectorLabels): the second map wins
  it("pods carry spec.podMetadata.labels, but never instead of the selector labels", () => {
    const w = planOf(vmSingle, rel("db", { podMetadata: { labels: { team: "obs", "app.kubernetes.io/name": "mine" } } })).workloads[0]!;
    expect(w.labels).toEqual({ team: "obs", ...selectorLabels("vmsingle", "db") });
    expect(w.selector).toEqual(selectorLabels("vmsingle", "db"));
  });
});

describe("VMAgent", () => {
  // vmagent.go newDeploy: daemonSetMode first, then statefulMode, else a Deployment; config.go VMAgentDefault.Port 8429
  it("is a Deployment by default, a StatefulSet with statefulMode, a DaemonSet with daemonSetMode; one Service vmagent-<name>:8429", () => {
    const kinds = (values: Record<string, unknown>) => planOf(vmAgent, rel("agent", values)).workloads.map((w) => w.kind);
    expect(kinds({})).toEqual(["Deployment"]);
    expect(kinds({ statefulMode: true })).toEqual(["StatefulSet"]);
    expect(kinds({ daemonSetMode: true })).toEqual(["DaemonSet"]);
    expect(kinds({ daemonSetMode: true, statefulMode: true })).toEqual(["DaemonSet"]);
    for (const values of [{}, { statefulMode: true }, { daemonSetMode: true }]) {
      const p = planOf(vmAgent, rel("agent", values));
      expect(p.workloads.map((w) => w.selector)).toEqual([selectorLabels("vmagent", "agent")]);
      expect(p.workloads[0]!.ports).toEqual([{ name: "http", port: 8429, protocol: "TCP" }]);
      expect(p.services).toEqual([{ name: "vmagent-agent", workload: p.workloads[0]!.name, ports: [{ name: "http", port: 8429, targetPort: 8429, protocol: "TCP" }] }]);
    }
    expect(planOf(vmAgent, rel("agent", { port: "8430" })).services[0]!.ports).toEqual([{ name: "http", port: 8430, targetPort: 8430, protocol: "TCP" }]);
  });

  // kubernetes_sd_configs in the generated scrape config; the VM config-reloader's --config-secret-name watch
  it("reaches the API server in every mode", () => {
    for (const values of [{}, { statefulMode: true }, { daemonSetMode: true }]) {
      expect(planOf(vmAgent, rel("agent", values)).flows.map((f) => f.kind)).toEqual(["to-apiserver"]);
    }
  });

  // VMAgent.Validate (the operator's webhook) and the CRD's required: [remoteWrite]
  it("needs at least one remoteWrite, each with a url", () => {
    const missing = (values: Record<string, unknown>) => vmAgent.release!.missing!(rel("agent", values)).map((m) => m.path.join("."));
    expect(missing({})).toEqual(["remoteWrite"]);
    expect(missing({ remoteWrite: [] })).toEqual(["remoteWrite"]);
    expect(missing({ remoteWrite: [{ url: "http://vmsingle-db.observability.svc:8429/api/v1/write" }, {}] })).toEqual(["remoteWrite.1.url"]);
    expect(missing({ remoteWrite: [{ url: "http://vmsingle-db.observability.svc:8429/api/v1/write" }] })).toEqual([]);
  });
});

describe("VMAlert", () => {
  // vmalert.go newDeploy / createOrUpdateService; config.go VMAlertDefault.Port 8080
  it("is a Deployment on 8080 behind vmalert-<name>, with no flows of its own", () => {
    const p = planOf(vmAlert, rel("rules"));
    expect(p.workloads).toEqual([{ name: "vmalert", kind: "Deployment", selector: selectorLabels("vmalert", "rules"), labels: selectorLabels("vmalert", "rules"), ports: [{ name: "http", port: 8080, protocol: "TCP" }] }]);
    expect(p.services).toEqual([{ name: "vmalert-rules", workload: "vmalert", ports: [{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }] }]);
    expect(p.flows).toEqual([]);
  });

  // VMAlert.Validate: datasource.url (also the CRD's required), a notifier unless extraArgs notifier.blackhole
  it("needs datasource.url, and a notifier or notifier.blackhole", () => {
    expect(vmAlert.release!.required!.map((q) => q.path.join("."))).toEqual(["datasource.url"]);
    const missing = (values: Record<string, unknown>) => vmAlert.release!.missing!(rel("rules", values)).map((m) => m.path.join("."));
    expect(missing({})).toEqual(["notifier.url"]);
    expect(missing({ notifiers: [] })).toEqual(["notifier.url"]);
    expect(missing({ notifier: { url: "http://vmalertmanager-am.observability.svc:9093" } })).toEqual([]);
    expect(missing({ notifiers: [{ selector: { labelSelector: {} } }] })).toEqual([]);
    expect(missing({ notifierConfigRef: { name: "notifiers", key: "config.yaml" } })).toEqual([]);
    expect(missing({ extraArgs: { "notifier.blackhole": "true" } })).toEqual([]);
  });
});

describe("pod security of the operator's pods", () => {
  // build/security.go: nothing without useStrictSecurity or securityContext (VM_ENABLESTRICTSECURITY defaults to
  // false); the strict defaults are runAsNonRoot 65534, seccomp RuntimeDefault, no escalation, drop ALL
  const level = (c: Component, values: Record<string, unknown>) => c.release!.podSecurity!.level(rel("x", values));

  it("baseline by default, restricted with useStrictSecurity, for all three kinds", () => {
    for (const c of [vmSingle, vmAgent, vmAlert]) {
      expect(level(c, {}), c.name).toBe("baseline");
      expect(level(c, { useStrictSecurity: true }), c.name).toBe("restricted");
      expect(level(c, { useStrictSecurity: false }), c.name).toBe("baseline");
    }
  });

  it("a spec.securityContext replaces the strict defaults: restricted only when it meets restricted", () => {
    const full = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" }, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
    expect(level(vmSingle, { securityContext: full })).toBe("restricted");
    // the operator takes securityContext over useStrictSecurity
    expect(level(vmSingle, { useStrictSecurity: true, securityContext: { runAsNonRoot: true } })).toBe("baseline");
    expect(level(vmAgent, { securityContext: { ...full, privileged: true } })).toBe("privileged");
  });

  it("hostNetwork and hostPath volumes are privileged", () => {
    expect(level(vmAgent, { daemonSetMode: true, hostNetwork: true, useStrictSecurity: true })).toBe("privileged");
    expect(level(vmSingle, { volumes: [{ name: "data", hostPath: { path: "/srv/vm" } }] })).toBe("privileged");
  });
});

/** The monosense seed, whose VMSingle, VMAgents and VMAlert are the operator's objects (kind managed). */
function managedMonosense(): any {
  const spec = seedSpec("monosense");
  const kinds = spec.services.filter((s: any) => s.kind === "managed" && s.resource.apiVersion === API).map((s: any) => `${s.cluster}/${s.name} ${s.resource.kind}`);
  expect(kinds.sort()).toEqual(["apps/vmagent VMAgent", "infra/vmagent VMAgent", "infra/vmalert VMAlert", "infra/vmsingle VMSingle"]);
  return spec;
}

describe("monosense: infra's VMSingle, VMAgent and VMAlert are managed services", () => {
  const b = build(managedMonosense());
  const w = new World(b);
  const api = (cluster: string) => w.cluster(cluster).apiEndpoint.port;
  // the pods as vmsingle.go, vmagent.go and vmalert.go make them: PodLabels, container port http spec.port (8429,
  // 8429, 8080 by default)
  const vmPod = (app: string, name: string, port: number, cluster = "infra") => w.pod(cluster, "observability", selectorLabels(app, name), [{ name: "http", port }]);
  const single = vmPod("vmsingle", "vmsingle", 8429);
  const agent = vmPod("vmagent", "vmagent", 8429);
  const alert = vmPod("vmalert", "vmalert", 8080);

  it("emits the objects, named after the services, with the spec's spec", () => {
    const [doc] = docs(b, "clusters/infra/namespaces/observability/operated/vmagent.yaml");
    expect(doc!.apiVersion).toBe(API);
    expect(doc!.kind).toBe("VMAgent");
    expect(doc!.metadata.name).toBe("vmagent");
    expect(doc!.spec.remoteWrite).toEqual([{ url: "http://vmsingle-vmsingle.observability.svc:8429/api/v1/write" }]);
  });

  it("VMAgent's pods reach VMSingle's on 8429 (the declared remote write) and the API server (discovery)", () => {
    w.expectAllowed(agent, single, [["TCP", 8429]], "vmagent -> vmsingle");
    w.expectAllowed(agent, w.apiServer("infra"), [["TCP", api("infra")]], "vmagent -> kube-apiserver");
  });

  it("VMAlert's pods reach VMSingle's (the declared datasource), and not the API server, which they do not use", () => {
    w.expectAllowed(alert, single, [["TCP", 8429]], "vmalert -> vmsingle");
    expect(w.allowed(alert, w.apiServer("infra")).has("TCP", api("infra"))).toBe(false);
  });

  it("Grafana and apps' VMAgent reach the operator's VMSingle pods", () => {
    w.expectAllowed(w.servicePod(service(b, "grafana")), single, [["TCP", 8429]], "grafana -> vmsingle");
    w.expectAllowed(vmPod("vmagent", "vmagent", 8429, "apps"), single, [["TCP", 8429]], "apps vmagent -> infra vmsingle");
    w.expectAllowed(vmPod("vmagent", "vmagent", 8429, "apps"), w.apiServer("apps"), [["TCP", api("apps")]], "apps vmagent -> apps kube-apiserver");
  });

  // the Service the operator makes is vmsingle-<name>, selected by SelectorLabels, with the 8428 alias
  it("apps' global Service for infra's VMSingle has the operator's Service name, selector and ports", () => {
    const g = docs(b, "clusters/apps/namespaces/observability/global-services.yaml").find((d) => d.metadata.name.startsWith("vmsingle"))!;
    expect(g.metadata.name).toBe("vmsingle-vmsingle");
    expect(g.spec.selector).toEqual(selectorLabels("vmsingle", "vmsingle"));
    expect(g.spec.ports).toEqual([
      { name: "http", port: 8429, targetPort: 8429, protocol: "TCP" },
      { name: "http-alias", port: 8428, targetPort: 8429, protocol: "TCP" },
    ]);
  });

  it("compiles without a warning about them", () => {
    const r = compileObject(managedMonosense());
    expect(r.diagnostics.filter((d) => /vmsingle|vmagent|vmalert/i.test(d.message)).map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it("apps' VMAgent without an operator release in apps is PC1128", () => {
    const spec = managedMonosense();
    spec.services = spec.services.filter((s: any) => !(s.name === "victoria-metrics-operator" && s.cluster === "apps"));
    const r = compileObject(spec);
    expect(r.diagnostics.filter((d) => d.code === "PC1128").map((d) => d.message).join("\n")).toContain("vmagent");
  });

  it("a VMAlert without a datasource url or a notifier is PC1126", () => {
    const spec = managedMonosense();
    spec.services.find((s: any) => s.name === "vmalert").resource.spec = { selectAllByDefault: true };
    const r = compileObject(spec);
    const msgs = r.diagnostics.filter((d) => d.code === "PC1126").map((d) => d.message).join("\n");
    expect(msgs).toContain("datasource.url");
    expect(msgs).toContain("notifier.url");
  });
});
