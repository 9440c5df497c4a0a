// The values of a Helm release as platformc writes them: the spec's chart values, laid over what platformc must
// set for a component it knows to work in this cluster (the Cilium release, a CoreDNS that replaces the
// distribution's). Every installer of a release takes its values from here.
import type * as G from "../graph.js";
import { isRecord, overlayValues } from "../lib/values.js";
import { ciliumRelease, ciliumReleaseValues } from "./cilium.js";
import { replacementDNS, replacementDNSValues } from "./cluster-dns.js";
import { argoCdRelease, argoCdReleaseValues } from "./argocd.js";
import { clientAddressValues } from "./exposure.js";
import { withCatalogDefaults } from "./components.js";
import { fluentBitOutputValues, grafanaDatasourceValues, logClientValues, openWebuiOllamaValues } from "./log-clients.js";

export function chartValues(g: G.Graph, c: G.ClusterNode, s: G.ServiceNode): unknown {
  if (ciliumRelease(c) === s) return ciliumReleaseValues(g, c);
  if (argoCdRelease(c) === s) return argoCdReleaseValues(c);
  const spec = withCatalogDefaults(s, c);
  if (replacementDNS(c) === s) return isRecord(spec) ? overlayValues(replacementDNSValues(c), spec) : replacementDNSValues(c);
  const local = clientAddressValues(g, c, s) ?? logClientValues(c, s) ?? fluentBitOutputValues(g, c, s) ?? grafanaDatasourceValues(c, s) ?? openWebuiOllamaValues(c, s);
  if (local) return isRecord(spec) ? overlayValues(local, spec) : local;
  return spec;
}
