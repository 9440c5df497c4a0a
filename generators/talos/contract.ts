// What differs between Talos config contracts (siderolabs/talos pkg/machinery/config/contract.go), for the
// releases platformc writes: v1.8 to v1.13. Each flag names the release that changed it.
import type * as G from "../../src/graph.js";

interface Contract {
  /** "v1.13": the talosctl gen config --talos-version value */
  name: string;
  /** up to v1.11 the network lives in machine.network; from v1.12 in HostnameConfig, LinkConfig ... documents */
  multidocNetwork: boolean;
  /** v1.12 still writes an empty machine.network; v1.13 has none */
  emptyMachineNetwork: boolean;
  /** features.rbac, stableHostname, apidCheckExtKeyUsage and apiServer.disablePodSecurityPolicy: hidden from v1.12 */
  legacyFeatures: boolean;
  /** up to v1.11 gen config puts the endpoint's host into apiServer.certSANs */
  sansFromEndpoint: boolean;
  /** install.grubUseUKICmdline, from v1.12 */
  grubUseUKICmdline: boolean;
}

export function contractOf(t: G.TalosSettings): Contract {
  const m = t.contract.minor;
  return {
    name: `v${t.contract.major}.${m}`,
    multidocNetwork: m > 11,
    emptyMachineNetwork: m <= 12,
    legacyFeatures: m <= 11,
    sansFromEndpoint: m <= 11,
    grubUseUKICmdline: m > 11,
  };
}

/** The URL talosctl gen config takes and writes as cluster.controlPlane.endpoint. */
export function endpointURL(c: G.ClusterNode): string {
  const host = c.apiEndpoint.host.includes(":") ? `[${c.apiEndpoint.host}]` : c.apiEndpoint.host;
  return `https://${host}:${c.apiEndpoint.port}`;
}
