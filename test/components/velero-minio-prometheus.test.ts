// The todoapp seed's backup and metrics releases (issue 12 catalog extension): Velero 10.0.8 and MinIO 5.4.0 in
// `backup`, Prometheus 27.20.0 with its four default subcharts in `monitoring`. The chart values platformc writes must
// make the releases come up (MinIO as one small server, Velero without its broken CRD hook Job) and meet the
// restricted Pod Security Standard where the charts allow it; the policies must let each chart's own pods, labelled
// as the templates label them, make the connections the charts make.
import { describe, expect, it } from "vitest";
import { World, build, docs, seedSpec, service, type Built } from "./world.js";
import { compileObject } from "../support/compile.js";
import type { Endpoint } from "../support/netpol-eval.js";

const root = "clusters/k3s/namespaces";

/** The Helm values of the Argo CD Application that installs a release. */
function values(b: Built, ns: string, release: string): Record<string, any> {
  const app = docs(b, `${root}/${ns}/${release}.yaml`).find((d) => d.kind === "Application");
  expect(app, `${ns}/${release} Application`).toBeDefined();
  return app!.spec.source.helm.valuesObject ?? {};
}

const nodeOf = (w: World, cluster: string, i: number): Endpoint => {
  const n = w.cluster(cluster).nodes[i]!;
  return { kind: "node", id: `${cluster}/node@${n.address.text}`, cluster, ip: n.address.text };
};

// What the restricted profile checks on every container, and on the pod or each container (Pod Security Standards).
function expectRestrictedContainer(ctx: Record<string, any> | undefined, what: string): void {
  expect(ctx?.allowPrivilegeEscalation, `${what}: allowPrivilegeEscalation`).toBe(false);
  expect(ctx?.capabilities?.drop, `${what}: capabilities.drop`).toEqual(["ALL"]);
}
function expectRestrictedPod(ctx: Record<string, any> | undefined, what: string): void {
  expect(ctx?.runAsNonRoot, `${what}: runAsNonRoot`).toBe(true);
  expect(ctx?.seccompProfile, `${what}: seccompProfile`).toEqual({ type: "RuntimeDefault" });
}

describe("todoapp: Velero", () => {
  const b = build(seedSpec("todoapp"));
  const v = values(b, "backup", "velero");

  it("switches the upgrade-crds hook Job off: its image docker.io/bitnami/kubectl:<cluster minor> is no longer published", () => {
    // charts/velero 10.0.8 values.yaml: upgradeCRDs true, kubectl.image.repository docker.io/bitnami/kubectl, no tag;
    // templates/upgrade-crds/upgrade-crds.yaml is a pre-install hook, so a failed pull blocks every sync. The CRDs
    // still come from the chart's crds/ directory.
    expect(v.upgradeCRDs).toBe(false);
  });

  it("runs the server restricted: the image's user cnb is uid 1002, which runAsNonRoot needs spelled out", () => {
    // velero v1.16.1 Dockerfile: FROM paketobuildpacks/run-jammy-tiny:0.2.60, USER cnb:cnb (stack.toml: run uid 1002)
    expectRestrictedPod(v.podSecurityContext, "podSecurityContext");
    expect(v.podSecurityContext.runAsUser).toBe(1002);
    expectRestrictedContainer(v.containerSecurityContext, "containerSecurityContext");
  });

  it("with nameOverride and no selector, the server's pods (as deployment.yaml labels them) still reach the API server", () => {
    // deployment.yaml: pod labels name: velero, app.kubernetes.io/name: <nameOverride>, instance, managed-by
    const spec = seedSpec("todoapp");
    const s = spec.services.find((x: any) => x.name === "velero");
    delete s.selector;
    s.chart.values = { nameOverride: "backups" };
    const built = build(spec);
    const w = new World(built);
    const c = service(built, "velero");
    const pod = w.pod(c.cluster, c.namespace, { name: "velero", "app.kubernetes.io/name": "backups", "app.kubernetes.io/instance": "velero", "app.kubernetes.io/managed-by": "Helm" }, [{ name: "http-monitoring", port: 8085 }]);
    w.expectAllowed(pod, w.apiServer(c.cluster), [["TCP", w.cluster(c.cluster).apiEndpoint.port]], "velero -> kube-apiserver");
    // the spec's flow to minio's s3 port; helm/minio deployment.yaml labels its pods app: minio, release: minio
    w.expectAllowed(pod, w.pod(c.cluster, c.namespace, { app: "minio", release: "minio" }, [{ name: "http", port: 9000 }]), [["TCP", 9000]], "velero -> minio (S3)");
  });
  it("node-agent (deployNodeAgent) reaches the API server and the object store, also when the selector names the server only", () => {
    // node-agent-daemonset.yaml: pod labels name: node-agent, role: node-agent, app.kubernetes.io/name, instance,
    // managed-by; it uploads file-system backups to the BackupStorageLocation itself
    const spec = seedSpec("todoapp");
    const s = spec.services.find((x: any) => x.name === "velero");
    s.selector = { name: "velero" };
    s.chart.values = { deployNodeAgent: true };
    // node-agent's hostPath volumes need pod security privileged (see the PC1003 tests below)
    spec.namespaces.find((n: any) => n.name === "backup").podSecurity = "privileged";
    const built = build(spec);
    const w = new World(built);
    const c = service(built, "velero");
    const agent = w.pod(c.cluster, c.namespace, { name: "node-agent", role: "node-agent", "app.kubernetes.io/name": "velero", "app.kubernetes.io/instance": "velero", "app.kubernetes.io/managed-by": "Helm" });
    w.expectAllowed(agent, w.apiServer(c.cluster), [["TCP", w.cluster(c.cluster).apiEndpoint.port]], "node-agent -> kube-apiserver");
    w.expectAllowed(agent, w.pod(c.cluster, c.namespace, { app: "minio", release: "minio" }, [{ name: "http", port: 9000 }]), [["TCP", 9000]], "node-agent -> minio (S3)");
  });
});

describe("todoapp: MinIO", () => {
  const b = build(seedSpec("todoapp"));
  const v = values(b, "backup", "minio");
  const w = new World(b);
  const s = service(b, "minio");
  // deployment.yaml (mode standalone): pod labels app: minio, release: minio; ports http 9000, http-console 9001
  const server = w.pod(s.cluster, s.namespace, { app: "minio", release: "minio" }, [{ name: "http", port: 9000 }, { name: "http-console", port: 9001 }]);

  it("comes up as one small server instead of the chart's 16 distributed peers asking 16Gi each", () => {
    // helm/minio 5.4.0 values.yaml: mode distributed, replicas 16, resources.requests.memory 16Gi; README: the
    // minimal install sets mode=standalone, replicas=1, resources.requests.memory=512Mi
    expect(v.mode).toBe("standalone");
    expect(v.replicas).toBe(1);
    expect(v.resources?.requests?.memory).toBe("512Mi");
  });

  it("its server and post-install Job meet restricted", () => {
    // deployment.yaml renders securityContext (less enabled) and containerSecurityContext; post-job.yaml renders
    // postJob.securityContext with enabled, and each mc container's <job>.containerSecurityContext with
    // <job>.securityContext.enabled. The chart's runAsUser 1000 stays under runAsNonRoot.
    expectRestrictedPod(v.securityContext, "securityContext");
    expectRestrictedContainer(v.containerSecurityContext, "containerSecurityContext");
    expect(v.postJob?.securityContext?.enabled).toBe(true);
    expectRestrictedPod(v.postJob.securityContext, "postJob.securityContext");
    for (const job of ["makePolicyJob", "makeBucketJob", "makeUserJob", "customCommandJob", "makeServiceAccountJob"]) {
      expect(v[job]?.securityContext?.enabled, job).toBe(true);
      expectRestrictedContainer(v[job].containerSecurityContext, job);
    }
  });

  it("the post-install Job's mc reaches the server on 9000 (values.yaml's default user makes the Job render)", () => {
    // post-job.yaml: pod labels app: minio-job, release; MINIO_ENDPOINT minio, MINIO_PORT service.port 9000
    const job = w.pod(s.cluster, s.namespace, { app: "minio-job", release: "minio" });
    w.expectAllowed(job, server, [["TCP", 9000]], "minio post-job -> minio");
  });

  it("and nothing else of the namespace does: the Job's pods are not Velero's", () => {
    const other = w.pod(s.cluster, s.namespace, { app: "something-else" });
    expect(w.allowed(other, server).has("TCP", 9000)).toBe(false);
  });

  it("a route to the console goes to the chart's Service minio-console on 9001", () => {
    // console-service.yaml: <fullname>-console, port consoleService.port 9001 -> minioConsolePort
    const spec = seedSpec("todoapp");
    spec.services.find((x: any) => x.name === "minio").ingress = [{ host: "minio-console.example.test", port: "console" }];
    const built = build(spec);
    const route = docs(built, `${root}/backup/minio.yaml`).find((d) => d.kind === "IngressRoute");
    expect(route, "IngressRoute").toBeDefined();
    expect(route!.spec.routes[0].services).toEqual([{ name: "minio-console", port: 9001 }]);
  });
});

describe("todoapp: Prometheus and its subcharts", () => {
  const b = build(seedSpec("todoapp"));
  const v = values(b, "monitoring", "prometheus");
  const w = new World(b);
  const s = service(b, "prometheus");
  const at = (labels: Record<string, string>, ports: Array<{ name?: string; port: number }> = []) => w.pod(s.cluster, s.namespace, labels, ports);
  // The subcharts render in the parent release: instance prometheus, their own charts' names (selectorLabels).
  const sub = (n: string) => ({ "app.kubernetes.io/name": n, "app.kubernetes.io/instance": "prometheus" });
  // charts/prometheus _helpers.tpl server.labels: component server, name prometheus, instance, part-of
  const server = at({ "app.kubernetes.io/component": "server", "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/instance": "prometheus", "app.kubernetes.io/part-of": "prometheus" }, [{ port: 9090 }, { name: "metrics", port: 8080 }]);
  // alertmanager-1.20.1 statefulset.yaml: http 9093
  const alertmanager = at(sub("alertmanager"), [{ name: "http", port: 9093 }]);
  // kube-state-metrics-5.33.2: labels add managed-by, component metrics, part-of; http 8080
  const ksm = at({ ...sub("kube-state-metrics"), "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/component": "metrics", "app.kubernetes.io/part-of": "kube-state-metrics" }, [{ name: "http", port: 8080 }]);
  // prometheus-pushgateway-3.3.0: metrics 9091
  const pushgateway = at({ ...sub("prometheus-pushgateway"), "app.kubernetes.io/managed-by": "Helm" }, [{ name: "metrics", port: 9091 }]);
  const api = w.apiServer(s.cluster);
  const apiPort = w.cluster(s.cluster).apiEndpoint.port;

  it("the server sends alerts to the release's Alertmanager on 9093 (cm.yaml: pods of the release on container port 9093)", () => {
    w.expectAllowed(server, alertmanager, [["TCP", 9093]], "prometheus-server -> alertmanager");
  });

  it("the server scrapes kube-state-metrics (8080) and the Pushgateway (9091), whose Services carry the scrape and probe annotations", () => {
    w.expectAllowed(server, ksm, [["TCP", 8080]], "prometheus-server -> kube-state-metrics");
    w.expectAllowed(server, pushgateway, [["TCP", 9091]], "prometheus-server -> pushgateway");
  });

  it("the server scrapes node-exporter at every node's address on 9100 (hostNetwork: true)", () => {
    for (const i of [0, 1, 2]) w.expectAllowed(server, nodeOf(w, s.cluster, i), [["TCP", 9100]], `prometheus-server -> node ${i}`);
    expect(w.allowed(server, nodeOf(w, s.cluster, 1)).has("TCP", 10250)).toBe(false);
  });

  it("the server and kube-state-metrics reach the API server (discovery, the kubelets through its node proxy; list and watch)", () => {
    w.expectAllowed(server, api, [["TCP", apiPort]], "prometheus-server -> kube-apiserver");
    w.expectAllowed(ksm, api, [["TCP", apiPort]], "kube-state-metrics -> kube-apiserver");
  });

  it("Grafana, a client of the server only, does not reach Alertmanager or kube-state-metrics", () => {
    // the spec's selector app.kubernetes.io/name: grafana (the grafana chart's selectorLabels add the instance)
    const grafana = at({ "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "grafana" });
    w.expectAllowed(grafana, server, [["TCP", 9090]], "grafana -> prometheus-server");
    expect(w.allowed(grafana, alertmanager).has("TCP", 9093)).toBe(false);
    expect(w.allowed(grafana, ksm).has("TCP", 8080)).toBe(false);
  });

  it("the server, Alertmanager and the Pushgateway run restricted (kube-state-metrics already does)", () => {
    // values.yaml server.securityContext and alertmanager.podSecurityContext run as 65534 with runAsNonRoot;
    // prometheus-pushgateway 3.3.0 values.yaml securityContext likewise; containerSecurityContexts are empty
    expect(v.server?.securityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expectRestrictedContainer(v.server?.containerSecurityContext, "server.containerSecurityContext");
    expectRestrictedContainer(v.configmapReload?.prometheus?.containerSecurityContext, "configmapReload.prometheus.containerSecurityContext");
    expect(v.alertmanager?.podSecurityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expectRestrictedContainer(v.alertmanager?.securityContext, "alertmanager.securityContext");
    expect(v["prometheus-pushgateway"]?.securityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expectRestrictedContainer(v["prometheus-pushgateway"]?.containerSecurityContext, "prometheus-pushgateway.containerSecurityContext");
  });
});

describe("todoapp: the pod security the releases need (PC1003)", () => {
  /** The todoapp seed with a namespace's pod security and a release's chart values changed. */
  function compiled(ns: string, level: string, release: string, values: Record<string, unknown>) {
    const spec = seedSpec("todoapp");
    spec.namespaces.find((n: any) => n.name === ns).podSecurity = level;
    const s = spec.services.find((x: any) => x.name === release);
    s.chart.values = { ...(s.chart.values ?? {}), ...values };
    return compileObject(spec);
  }
  const pc1003 = (r: ReturnType<typeof compileObject>, service: string) => r.diagnostics.filter((d) => d.code === "PC1003" && d.message.includes(service));

  it("Velero, MinIO run in a restricted namespace with platformc's values", () => {
    expect(pc1003(compiled("backup", "restricted", "velero", {}), "backup/velero")).toEqual([]);
    expect(pc1003(compiled("backup", "restricted", "minio", {}), "backup/minio")).toEqual([]);
  });

  it("Prometheus without node-exporter runs restricted; with it (the default), it needs privileged", () => {
    expect(pc1003(compiled("monitoring", "restricted", "prometheus", { "prometheus-node-exporter": { enabled: false } }), "monitoring/prometheus")).toEqual([]);
    // prometheus-node-exporter 4.46.1 values.yaml: hostNetwork, hostPID, hostRootFsMount
    expect(pc1003(compiled("monitoring", "baseline", "prometheus", {}), "monitoring/prometheus")).toHaveLength(1);
  });

  it("Velero's node-agent needs privileged; a plugin init container without a securityContext, baseline", () => {
    // node-agent-daemonset.yaml: hostPath /var/lib/kubelet/pods and /plugins; nodeAgent.podSecurityContext.runAsUser 0
    expect(pc1003(compiled("backup", "baseline", "velero", { deployNodeAgent: true }), "backup/velero")).toHaveLength(1);
    // deployment.yaml renders initContainers as the values give them
    const plugin = { name: "velero-plugin-for-aws", image: "velero/velero-plugin-for-aws:v1.12.1", volumeMounts: [{ mountPath: "/target", name: "plugins" }] };
    expect(pc1003(compiled("backup", "restricted", "velero", { initContainers: [plugin] }), "backup/velero")).toHaveLength(1);
    const restrictedPlugin = { ...plugin, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } };
    expect(pc1003(compiled("backup", "restricted", "velero", { initContainers: [restrictedPlugin] }), "backup/velero")).toEqual([]);
  });

  it("MinIO without persistence loses its securityContexts (the chart renders them only with persistence.enabled)", () => {
    expect(pc1003(compiled("backup", "restricted", "minio", { persistence: { enabled: false } }), "backup/minio")).toHaveLength(1);
  });
});
