// GitLab (chart gitlab of https://charts.gitlab.io): only what routes need, the webservice Service in front of
// Workhorse. GitLab's other workloads (Sidekiq, Gitaly, GitLab Shell, KAS, the registry) and the flows between
// them are not in the catalog.
import type { Component, Release } from "./types.js";
import { flag, portValue, textValue, trunc } from "./helm.js";

// The webservice subchart's `fullname` (templates/_helpers.tpl of the gitlab chart): always <release>-<chart>,
// without the contains-rule of `helm create`; each entry of `deployments` adds its key, and without entries the
// chart makes one named "default".
const full = (r: Release) => trunc(textValue(r, ["gitlab", "webservice", "fullnameOverride"], "") || `${r.name}-${textValue(r, ["gitlab", "webservice", "nameOverride"], "webservice")}`);
const workhorsePort = (r: Release) => portValue(r, ["gitlab", "webservice", "service", "workhorseInternalPort"], 8181);
const railsPort = (r: Release) => portValue(r, ["gitlab", "webservice", "service", "internalPort"], 8080);

export const gitlab: Component = {
  name: "gitlab",
  charts: [{ repo: "https://charts.gitlab.io", name: "gitlab" }],
  known: { from: "5.9.0", until: "9.4.0" },
  kinds: [],
  release: {
    primary: "webservice",
    workloads: [
      {
        name: "webservice",
        kind: "Deployment",
        enabled: (r) => flag(r, ["gitlab", "webservice", "enabled"], true),
        selector: (r) => ({ app: textValue(r, ["gitlab", "webservice", "nameOverride"], "webservice"), release: r.name, "gitlab.com/webservice-name": "default" }),
        labels: (r) => ({ app: textValue(r, ["gitlab", "webservice", "nameOverride"], "webservice"), release: r.name, heritage: "Helm", "gitlab.com/webservice-name": "default" }),
        ports: (r) => [
          { name: "http-webservice", port: railsPort(r), protocol: "TCP" },
          { name: "http-workhorse", port: workhorsePort(r), protocol: "TCP" },
        ],
      },
    ],
    services: [
      {
        name: (r) => trunc(`${full(r)}-default`),
        workload: "webservice",
        // Workhorse serves the web UI, Git over HTTP and uploads in front of Puma: the port an Ingress targets.
        routes: "http-workhorse",
        ports: (r) => [
          { name: "http-webservice", port: portValue(r, ["gitlab", "webservice", "service", "externalPort"], 8080), targetPort: railsPort(r), protocol: "TCP" },
          { name: "http-workhorse", port: portValue(r, ["gitlab", "webservice", "service", "workhorseExternalPort"], 8181), targetPort: workhorsePort(r), protocol: "TCP" },
        ],
      },
    ],
    flows: [],
  },
  sources: [
    "gitlab-org/charts/gitlab, read in the GitHub mirror nobidev/gitlab-charts at its 9.3.1 snapshot (9.1.2, the seed's version, was not available to read): charts/gitlab/charts/webservice/templates/service.yaml (<fullname>-<deployment>, ports http-webservice externalPort -> http-webservice and http-workhorse workhorseExternalPort -> http-workhorse), _datamodel.tpl (one deployment named default when `deployments` is empty), _helpers.tpl (webservice.fullname.withSuffix, webservice.labels gitlab.com/webservice-name), deployment.yaml (pod labels: gitlab.standardLabels app/release/heritage plus the webservice-name)",
    "charts/gitlab/charts/webservice/values.yaml at the same snapshot: service.externalPort/internalPort 8080, workhorseExternalPort/workhorseInternalPort 8181; templates/_helpers.tpl of the umbrella chart: fullname = <release>-<chart name>",
    "a rendered gitlab chart 5.9.2 (webservice-5.9.2) shows the same Deployment name gitlab-webservice-default and labels app: webservice, release: gitlab, gitlab.com/webservice-name: default",
  ],
};
