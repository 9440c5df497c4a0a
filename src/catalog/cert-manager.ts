// cert-manager (chart cert-manager of https://charts.jetstack.io): the controller, the admission webhook, the CA
// injector and the post-install startupapicheck Job. Every Certificate passes the webhook, so a policy that admits
// only the controller rejects them all; the other three talk to the API server too.
import type { Component, Release } from "./types.js";
import { flag, fullname, portValue, textValue, trunc } from "./helm.js";

// cert-manager.name: the chart name unless nameOverride; the webhook, cainjector and startupapicheck names are
// fixed ("to maintain compatibility with the v0.9 deployment selector", _helpers.tpl).
const name = (r: Release) => textValue(r, ["nameOverride"], "cert-manager");
const full = (r: Release) => fullname(r, name(r));

function labels(app: string, component: string) {
  return (r: Release) => ({
    app,
    "app.kubernetes.io/name": app,
    "app.kubernetes.io/instance": r.name,
    "app.kubernetes.io/component": component,
    // the "labels" helper adds managed-by only while `creator` is "helm", its default
    ...(textValue(r, ["creator"], "helm") === "helm" ? { "app.kubernetes.io/managed-by": "Helm" } : {}),
  });
}

function selector(app: string, component: string) {
  return (r: Release) => ({ "app.kubernetes.io/name": app, "app.kubernetes.io/instance": r.name, "app.kubernetes.io/component": component });
}

// webhook.securePort; webhook.config.securePort wins when set, which the catalog does not read.
const webhookPort = (r: Release) => portValue(r, ["webhook", "securePort"], 10250);

export const certManager: Component = {
  name: "cert-manager",
  charts: [{ repo: "https://charts.jetstack.io", name: "cert-manager" }],
  known: { from: "1.16.0", until: "1.20.0" },
  kinds: [
    ...["Certificate", "CertificateRequest", "Issuer", "ClusterIssuer"].map((kind) => ({ group: "cert-manager.io", kind, served: [{ range: {}, version: "v1" }] })),
    ...["Order", "Challenge"].map((kind) => ({ group: "acme.cert-manager.io", kind, served: [{ range: {}, version: "v1" }] })),
  ],
  crds: {
    groups: ["acme.cert-manager.io", "cert-manager.io"],
    // templates/crd-*.yaml render under `if or .Values.crds.enabled .Values.installCRDs`; both default to false
    byChart: (r) => flag(r, ["crds", "enabled"], false) || flag(r, ["installCRDs"], false),
    // the release asset `kubectl apply -f` installs; tags carry the v the chart versions carry too
    bundle: (v) => `https://github.com/cert-manager/cert-manager/releases/download/v${v.replace(/^v/, "")}/cert-manager.crds.yaml`,
  },
  release: {
    primary: "controller",
    workloads: [
      {
        name: "controller",
        kind: "Deployment",
        enabled: () => true,
        selector: (r) => selector(name(r), "controller")(r),
        labels: (r) => labels(name(r), "controller")(r),
        ports: () => [
          { name: "http-metrics", port: 9402, protocol: "TCP" },
          { name: "http-healthz", port: 9403, protocol: "TCP" },
        ],
      },
      {
        name: "webhook",
        kind: "Deployment",
        enabled: () => true,
        selector: selector("webhook", "webhook"),
        labels: labels("webhook", "webhook"),
        ports: (r) => [
          { name: "https", port: webhookPort(r), protocol: "TCP" },
          { name: "http-metrics", port: 9402, protocol: "TCP" },
        ],
      },
      {
        name: "cainjector",
        kind: "Deployment",
        enabled: (r) => flag(r, ["cainjector", "enabled"], true),
        selector: selector("cainjector", "cainjector"),
        labels: labels("cainjector", "cainjector"),
        ports: () => [{ name: "http-metrics", port: 9402, protocol: "TCP" }],
      },
      {
        name: "startupapicheck",
        kind: "Job",
        enabled: (r) => flag(r, ["startupapicheck", "enabled"], true),
        selector: selector("startupapicheck", "startupapicheck"),
        labels: labels("startupapicheck", "startupapicheck"),
        ports: () => [],
      },
    ],
    services: [
      {
        // webhook.fullname: the fullname cut to 55, then -webhook
        name: (r) => trunc(`${trunc(full(r), 55)}-webhook`),
        workload: "webhook",
        ports: (r) => [{ name: "https", port: 443, targetPort: webhookPort(r), protocol: "TCP" }],
      },
    ],
    flows: [
      { kind: "from-apiserver", to: "webhook", port: "https", why: "the API server calls the validating and mutating webhooks for every cert-manager resource" },
      { kind: "to-apiserver", from: "controller", why: "the controller watches and writes certificates, orders, challenges and Secrets" },
      { kind: "to-apiserver", from: "webhook", why: "the webhook keeps its serving CA in a Secret and creates SubjectAccessReviews" },
      { kind: "to-apiserver", from: "cainjector", why: "the CA injector patches webhook configurations and CRDs" },
      { kind: "to-apiserver", from: "startupapicheck", why: "the post-install Job waits until the API accepts a dry-run Certificate" },
      { kind: "to-internet", from: "controller", ports: [{ port: 443, protocol: "TCP" }], when: "acme", why: "the ACME server's API (and the DNS provider's API for DNS-01)" },
      {
        kind: "to-internet",
        from: "controller",
        ports: [
          { port: 53, protocol: "UDP" },
          { port: 53, protocol: "TCP" },
        ],
        when: "acme-dns01",
        why: "the DNS-01 self-check asks the zone's authoritative nameservers directly (dns01RecursiveNameserversOnly is false by default)",
      },
      { kind: "to-internet", from: "controller", ports: [{ port: 80, protocol: "TCP" }], when: "acme-http01", why: "the HTTP-01 self-check fetches the challenge from the host's public address" },
    ],
  },
  sources: [
    "cert-manager/cert-manager deploy/charts/cert-manager at v1.16.2, v1.17.2, v1.18.2 and v1.19.0 (the seeds' versions and the newest): templates/_helpers.tpl (cert-manager.name, cert-manager.fullname, webhook.fullname cut to 55, fixed webhook/cainjector/startupapicheck names, the labels helper), deployment.yaml, webhook-deployment.yaml, cainjector-deployment.yaml, startupapicheck-job.yaml (pod labels and selectors, container ports), webhook-service.yaml (port 443 -> https), webhook-validating-webhook.yaml and webhook-mutating-webhook.yaml (the API server calls the Service), webhook-rbac.yaml (Secrets, SubjectAccessReviews)",
    "values.yaml at the same tags: webhook.securePort 10250, cainjector.enabled true, startupapicheck.enabled true (helm.sh/hook post-install), creator helm; webhook.networkPolicy's default ingress is from 0.0.0.0/0, the chart's own acknowledgement that the API server's source address is not predictable",
    "deploy/charts/cert-manager/templates/crd-cert-manager.io_*.yaml and crd-acme.cert-manager.io_*.yaml at v1.16.2-v1.19.0: rendered only `if or .Values.crds.enabled .Values.installCRDs`, both false in values.yaml; every kind served at v1 (cert-manager.io/v1 and acme.cert-manager.io/v1 since 1.0)",
    "https://cert-manager.io/docs/installation/helm/ (\"Option 1: installing CRDs with kubectl\": the release asset https://github.com/cert-manager/cert-manager/releases/download/<version>/cert-manager.crds.yaml)",
    "cert-manager/cert-manager pkg/apis/acme/v1/types.go (SolverIdentificationLabelKey = \"acme.cert-manager.io/http01-solver\"), pkg/issuer/acme/http/pod.go (podLabels: that key \"true\" beside the domain and token labels; the pod in the Challenge's namespace, which is the Certificate's) and http.go (acmeSolverListenPort = 8089, the solver Service's port and targetPort) at v1.16-v1.19: HTTP01_SOLVER",
    "cert-manager/cert-manager pkg/issuer/acme/dns/util/wait.go at v1.17.2: recursive nameservers from /etc/resolv.conf (fallback 8.8.8.8:53), then checkAuthoritativeNss queries each authoritative nameserver on port 53 unless --dns01-recursive-nameservers-only",
  ],
};

/**
 * The pods cert-manager's HTTP-01 solver starts for each challenge, in the namespace of the Certificate: the ingress
 * controller delivers the ACME server's request for /.well-known/acme-challenge/<token> to them on this port.
 */
export const HTTP01_SOLVER = { selector: { "acme.cert-manager.io/http01-solver": "true" }, port: 8089, name: "acme-http01-solver" } as const;
