// external-dns (chart external-dns of https://kubernetes-sigs.github.io/external-dns/): one Deployment that watches
// its sources (the DNSEndpoints platformc writes, with `sources: [crd]`) and writes records at the provider's API.
// The provider's address is the spec's to declare (an external endpoint); the API server is the chart's own need.
import type { Component, Release } from "./types.js";
import { flag, fullname, portValue, textValue, trunc, valueAt } from "./helm.js";
import { compareVersions } from "../lib/version.js";

// external-dns.name: nameOverride, else the chart's name.
const name = (r: Release) => trunc(textValue(r, ["nameOverride"], "external-dns"));
const selector = (r: Release) => ({ "app.kubernetes.io/name": name(r), "app.kubernetes.io/instance": r.name });
const webhook = (r: Release) => textValue(r, ["provider", "name"], "") === "webhook" || textValue(r, ["provider"], "") === "webhook";

export const externalDns: Component = {
  name: "external-dns",
  charts: [{ repo: "https://kubernetes-sigs.github.io/external-dns/", name: "external-dns" }],
  // chart versions (external-dns 0.15.0-0.19.0)
  known: { from: "1.15.0", until: "1.20.0" },
  kinds: [{ group: "externaldns.k8s.io", kind: "DNSEndpoint", served: [{ range: {}, version: "v1alpha1" }] }],
  crds: {
    groups: ["externaldns.k8s.io"],
    // the DNSEndpoint CRD sits in the chart's crds/, which Helm installs on install whatever the values
    byChart: () => true,
    // the chart's own copy at its tag; 1.17.0 renamed the file
    bundle: (v) => {
      const chart = v.replace(/^v/, "");
      const file = (compareVersions(chart, "1.17.0") ?? 0) >= 0 ? "dnsendpoints.externaldns.k8s.io.yaml" : "dnsendpoint.yaml";
      return `https://raw.githubusercontent.com/kubernetes-sigs/external-dns/external-dns-helm-chart-${chart}/charts/external-dns/crds/${file}`;
    },
  },
  release: {
    // docs/tutorials/cloudflare.md: the provider authenticates with CF_API_TOKEN (or CF_API_KEY with CF_API_EMAIL)
    // from the container's environment, which the chart's `env` list sets; without it every sync fails
    missing: (r) => {
      const provider = textValue(r, ["provider", "name"], textValue(r, ["provider"], ""));
      if (provider !== "cloudflare") return [];
      const env = valueAt(r.values, ["env"]);
      const names = Array.isArray(env) ? env.map((e) => valueAt(e, ["name"])) : [];
      if (names.includes("CF_API_TOKEN") || (names.includes("CF_API_KEY") && names.includes("CF_API_EMAIL"))) return [];
      return [{ path: ["env"], why: "the cloudflare provider reads its API token from CF_API_TOKEN", example: "[{ name: CF_API_TOKEN, valueFrom: { secretKeyRef: { name: cloudflare-api-token, key: api-token } } }]" }];
    },
    primary: "external-dns",
    workloads: [
      {
        name: "external-dns",
        kind: "Deployment",
        enabled: () => true,
        selector,
        // the pod template carries the selector labels and podLabels only
        labels: selector,
        ports: (r) => [
          { name: "http", port: 7979, protocol: "TCP" },
          ...(webhook(r) ? [{ name: "http-webhook", port: 8080, protocol: "TCP" as const }] : []),
        ],
      },
    ],
    services: [
      {
        name: (r) => fullname(r, name(r)),
        workload: "external-dns",
        ports: (r) => [{ name: "http", port: portValue(r, ["service", "port"], 7979), targetPort: 7979, protocol: "TCP" }],
      },
    ],
    flows: [{ kind: "to-apiserver", from: "external-dns", why: "watches its sources (DNSEndpoints, Services, Ingresses) and updates DNSEndpoint status" }],
  },
  sources: [
    "kubernetes-sigs/external-dns docs/tutorials/cloudflare.md (v0.18): the provider reads CF_API_TOKEN, or CF_API_KEY and CF_API_EMAIL, from the environment; the chart's values.yaml `env` list (charts/external-dns at external-dns-helm-chart-1.18.0) sets the container's environment",
    "kubernetes-sigs/external-dns charts/external-dns at external-dns-helm-chart-1.18.0 (the seed's version, app 0.18.0), compared with 1.15.0, 1.16.0, 1.17.0 and 1.19.0: templates/_helpers.tpl (external-dns.name, external-dns.fullname, selectorLabels = name + instance), deployment.yaml (pod labels: selectorLabels and podLabels; container port http 7979, http-webhook 8080 beside the webhook provider), service.yaml (<fullname>, http service.port 7979 -> http)",
    "charts/external-dns/crds/dnsendpoints.externaldns.k8s.io.yaml (1.17.0+; crds/dnsendpoint.yaml before): DNSEndpoint, group externaldns.k8s.io, v1alpha1 only; in crds/, so Helm installs it on every install with no values switch",
    "templates/clusterrole.yaml at 1.18.0: get/watch/list on the sources' kinds and dnsendpoints, update on dnsendpoints/status (the API server flow)",
  ],
};

/**
 * Repositories of external-dns's image (as catalog/images.ts imageRepository writes them): the upstream one of
 * registry.k8s.io and Bitnami's. A workload of one of these is external-dns whatever the spec calls it.
 */
export const EXTERNAL_DNS_IMAGES: readonly string[] = ["external-dns/external-dns", "bitnami/external-dns", "bitnamilegacy/external-dns"];

/**
 * What a release's values say about the names it manages: domainFilters (--domain-filter: the domain and its
 * subdomains; none means every domain) and namespaced (--namespace=<release namespace>: it reads sources in its own
 * namespace only). Both are values.yaml keys of the chart at 1.15.0-1.19.0.
 */
export function externalDnsScope(values: unknown): { domainFilters: string[]; namespaced: boolean } {
  const raw = valueAt(values, ["domainFilters"]);
  const domainFilters = Array.isArray(raw) ? raw.filter((d): d is string => typeof d === "string" && d !== "").map((d) => d.toLowerCase().replace(/\.$/, "")) : [];
  return { domainFilters, namespaced: flag({ name: "", values }, ["namespaced"], false) };
}
