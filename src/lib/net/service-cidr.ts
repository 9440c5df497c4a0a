// Addresses a cluster takes from its service CIDR without the spec naming them. kube-apiserver gives the
// `kubernetes` Service the first address (network + 1); K3s and Talos give the cluster DNS Service (CoreDNS)
// the tenth (network + 10: 10.43.0.10 and 10.96.0.10 by default) and tell every kubelet that address. The
// check that the CIDR holds it and the K3s config that writes it ask the same function.
import { nthAddress, type IpRange } from "./ip.js";

/** The cluster DNS address's place in the service CIDR; it lies past the kubernetes Service's (1). */
export const CLUSTER_DNS_INDEX = 10n;

/** The cluster DNS address, or undefined when the service CIDR is too small (or too high) to hold it. */
export function clusterDNSAddress(serviceCIDR: IpRange): bigint | undefined {
  return nthAddress(serviceCIDR, CLUSTER_DNS_INDEX);
}
