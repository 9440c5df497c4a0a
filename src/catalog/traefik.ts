// Traefik from its own Helm chart (chart traefik of https://traefik.github.io/charts): one Deployment (or DaemonSet)
// serving every entry point, and the chart's CRDs. K3s's bundled Traefik is a `bundled` service with no chart: its
// pods are the distribution's and platformc leaves them open, so nothing here applies to it.
import type { ChartPort, Component, Release } from "./types.js";
import { fullname, portValue, textValue, trunc, valueAt } from "./helm.js";

// traefik.name: nameOverride, else the chart's name.
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "traefik"));

// traefik.instance-name: instanceLabelOverride, else <release>-<namespace> (namespaceOverride wins over the release's).
function instance(r: Release): string | undefined {
  const o = textValue(r, ["instanceLabelOverride"], "");
  if (o) return trunc(o);
  const ns = textValue(r, ["namespaceOverride"], "") || r.namespace;
  return ns === undefined ? undefined : trunc(`${r.name}-${ns}`);
}

/** The entry points' container ports: ports.<name>.port, unless the spec's values remove the entry point. */
function entryPoints(r: Release): ChartPort[] {
  const defaults: Array<[string, number]> = [["traefik", 8080], ["web", 8000], ["websecure", 8443], ["metrics", 9100]];
  const out: ChartPort[] = [];
  for (const [key, port] of defaults) {
    if (valueAt(r.values, ["ports", key]) === null) continue;
    const udp = valueAt(r.values, ["ports", key, "protocol"]) === "UDP";
    out.push({ name: key, port: portValue(r, ["ports", key, "containerPort"], portValue(r, ["ports", key, "port"], port)), protocol: udp ? "UDP" : "TCP" });
  }
  return out;
}

const container = (r: Release, key: string) => entryPoints(r).find((p) => p.name === key);

export const traefik: Component = {
  name: "traefik",
  charts: [
    { repo: "https://traefik.github.io/charts", name: "traefik" },
    { repo: "oci://ghcr.io/traefik/helm", name: "traefik" },
  ],
  // chart versions (Traefik v3.3-v3.5)
  known: { from: "34.0.0", until: "38.0.0" },
  kinds: [
    ...["IngressRoute", "IngressRouteTCP", "IngressRouteUDP", "Middleware", "MiddlewareTCP", "ServersTransport", "ServersTransportTCP", "TLSOption", "TLSStore", "TraefikService"].map((kind) => ({
      group: "traefik.io",
      kind,
      served: [{ range: {}, version: "v1alpha1" }],
    })),
  ],
  crds: {
    // crds/ holds Traefik's own, Traefik Hub's and the Gateway API's standard channel (v1.2.1 at 36.3.0)
    groups: ["gateway.networking.k8s.io", "hub.traefik.io", "traefik.io"],
    // Helm installs a chart's crds/ directory on install whatever the values (Flux: install.crds, Argo CD: --include-crds)
    byChart: () => true,
    // the chart's crds/ is a Kustomize root of its own (crds/kustomization.yaml); tags are v<chart version>
    bundle: (v) => `https://github.com/traefik/traefik-helm-chart//traefik/crds?ref=v${v.replace(/^v/, "")}`,
  },
  release: {
    primary: "traefik",
    workloads: [
      {
        name: "traefik",
        // deployment.kind: DaemonSet runs the same pods, labelled alike
        kind: "Deployment",
        enabled: () => true,
        // traefik.labelselector is name and instance; the instance needs the namespace, so the selector keeps the name
        selector: (r) => ({ "app.kubernetes.io/name": name(r) }),
        labels: (r) => {
          const i = instance(r);
          return { "app.kubernetes.io/name": name(r), ...(i ? { "app.kubernetes.io/instance": i } : {}), "app.kubernetes.io/managed-by": "Helm" };
        },
        ports: entryPoints,
      },
    ],
    services: [
      {
        // traefik.service-name for the "default" Service: the fullname
        name: (r) => fullname(r, name(r)),
        workload: "traefik",
        ports: (r) => {
          const out = [];
          for (const [key, exposed] of [["web", 80], ["websecure", 443]] as const) {
            const c = container(r, key);
            if (c) out.push({ name: key, port: portValue(r, ["ports", key, "exposedPort"], exposed), targetPort: c.port, protocol: c.protocol });
          }
          return out;
        },
      },
    ],
    flows: [{ kind: "to-apiserver", from: "traefik", why: "the kubernetesCRD and kubernetesIngress providers watch routes, Services, EndpointSlices and Secrets" }],
  },
  sources: [
    "traefik/traefik-helm-chart traefik/ at v36.3.0 (the seed's version, Traefik v3.4.3), compared with v34.0.0, v35.0.0, v36.0.0 and v37.0.0: templates/_helpers.tpl (traefik.name, traefik.fullname, traefik.instance-name = <release>-<namespace> unless instanceLabelOverride, traefik.labelselector = name + instance, traefik.labels adds managed-by), _podtemplate.tpl (pod labels traefik.labels; one container port per entry of `ports`, named after it), _service.tpl and service.yaml (the default Service is named the fullname; exposed ports web 80 -> web, websecure 443 -> websecure)",
    "values.yaml at the same tags: ports traefik 8080, web 8000 (exposedPort 80), websecure 8443 (exposedPort 443), metrics 9100; deployment.kind Deployment",
    "crds/ at v34.0.0-v37.0.0: traefik.io_*.yaml (IngressRoute, IngressRouteTCP, IngressRouteUDP, Middleware, MiddlewareTCP, ServersTransport, ServersTransportTCP, TLSOption, TLSStore, TraefikService, all v1alpha1), hub.traefik.io_*.yaml, gateway-standard-install.yaml (Gateway API v1.2.1 at v36.3.0) and crds/kustomization.yaml listing them",
    "templates/rbac/clusterrole.yaml at v36.3.0: get/list/watch on Services, EndpointSlices, Secrets, Ingresses and the traefik.io resources (the API server flow)",
  ],
};

/**
 * K3s installs its Traefik from a Helm chart it owns: a HelmChart `traefik` in kube-system (with `traefik-crd`), whose
 * values a HelmChartConfig of the same name and namespace extends ("Customizing Packaged Components with
 * HelmChartConfig", docs.k3s.io/helm; HelmChartConfig helm.cattle.io/v1, spec.valuesContent). The other packaged
 * components (CoreDNS, local-path-provisioner, metrics-server, ServiceLB) are plain manifests: nothing takes values.
 */
export const K3S_PACKAGED_CHART = { namespace: "kube-system", name: "traefik" } as const;

/**
 * The container port of the web entry point of K3s's packaged Traefik: K3s's manifests/traefik.yaml installs the
 * upstream chart (static/charts/traefik-<version>+up<version>.tgz) with valuesContent that sets no ports, so the chart's
 * ports.web.port 8000 (exposedPort 80) holds; what reaches the Service's port 80 from inside the cluster arrives there.
 */
export const K3S_PACKAGED_WEB_PORT = 8000;
