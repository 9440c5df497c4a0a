// The semantic rules, one plain function each, run in this order on the allocated graph. Adding a rule is
// one function and one line here.
import type * as G from "../graph.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { checkOverlaps, checkAddresses, checkPoolsAndVIPs, checkPinnedLoadBalancerIPs, checkServiceCIDRs } from "./networks.js";
import { checkNodePorts, checkHostPorts, checkLoadBalancerPorts, checkIngressRoutes } from "./ports.js";
import { checkDns } from "./dns.js";
import { checkApiEndpointServed, checkControlPlane, checkCapacity, checkMesh, checkLoadBalancerConfig } from "./cluster.js";
import { checkLayerOrder, checkPodSecurity, checkForwardAuth, checkGpuVendors, checkObjectNames, checkBundledIngress } from "./kubernetes.js";
import { checkApiServerFlows, checkCrossClusterFlows, checkSelectorOverlap, checkSystemNamespaceDeny, checkHelmSelectors, checkExternalSources, checkExternalTargets, checkPolicyEnforcement } from "./netpol.js";
import { checkCiliumGateway } from "./gateway.js";
import { checkReleaseGaps, checkReleaseSelectors } from "./releases.js";
import { checkClusterMeshExposed, checkGlobalServices } from "./clustermesh.js";
import { checkLoadBalancerInstalled, checkIssuerDefined, checkClientAddressPorts, checkReleasePodSecurity, checkRequiredValues, checkStorageClasses, checkManagedResources } from "./installers.js";
import { checkImageSecurity } from "./images.js";
import { checkTalosVersions, checkInstallDisks, checkEtcdMembers, checkTalosVIP, checkNodeLabels, checkFlannelSettings, checkCiliumSettings, checkNodeAddresses } from "./nodes.js";

export interface Check {
  name: string;
  description: string;
  run(g: G.Graph, diags: Diagnostics): void;
}

export const CHECKS: readonly Check[] = [
  // Also the service CIDR's room for the cluster DNS address: one more line here would change every platform's docs.
  { name: "cidr-overlap", description: "pod, service, node, pool, overlay and external ranges that must be disjoint are disjoint", run: (g, d) => {
    checkOverlaps(g, d);
    checkServiceCIDRs(g, d);
  } },
  { name: "unique-addresses", description: "node addresses, VIPs and gateways are unique", run: checkAddresses },
  { name: "pools-and-vips", description: "load-balancer pools and API VIPs sit on the node network and clear of node addresses", run: checkPoolsAndVIPs },
  { name: "pinned-lb-ips", description: "pinned LoadBalancer IPs lie in a pool", run: checkPinnedLoadBalancerIPs },
  { name: "nodeports", description: "NodePorts lie in the cluster's range and are unique per cluster", run: checkNodePorts },
  { name: "hostports", description: "hostPorts are unique per node", run: checkHostPorts },
  { name: "lb-ports", description: "LoadBalancer address and port pairs are unique", run: checkLoadBalancerPorts },
  { name: "ingress-routes", description: "ingress host and path pairs are unique per cluster", run: checkIngressRoutes },
  { name: "dns", description: "DNS records are well-formed and in their zone, one set of data per name and type, CNAMEs alone, names and TTLs in bounds, in-zone nameservers with glue, wildcards and external-dns zones resolvable", run: checkDns },
  { name: "control-plane", description: "every cluster has a control plane and an etcd quorum that tolerates failures", run: checkControlPlane },
  { name: "capacity", description: "resource requests fit the nodes that may run them", run: checkCapacity },
  { name: "mesh", description: "ClusterMesh members have unique ids and run Cilium", run: checkMesh },
  { name: "load-balancer", description: "load-balancer settings suit the implementation", run: checkLoadBalancerConfig },
  { name: "lb-installed", description: "LoadBalancer services have an implementation, and the pod security of its namespace admits MetalLB's speaker or K3s's svclb pods", run: checkLoadBalancerInstalled },
  { name: "release-pod-security", description: "the pod security of a namespace admits the pods of the catalogued charts installed in it", run: checkReleasePodSecurity },
  { name: "required-values", description: "every value a catalogued chart cannot do without is set", run: checkRequiredValues },
  { name: "managed-resources", description: "every managed service's custom resource has its operator in the cluster, at an API version that operator serves", run: checkManagedResources },
  { name: "storage-classes", description: "every StorageClass a volume names is created by the distribution or a catalogued chart of its cluster", run: checkStorageClasses },
  { name: "cert-issuer", description: "the ClusterIssuer TLS hosts name is one platformc writes", run: checkIssuerDefined },
  { name: "client-address", description: "NodePorts that keep their clients' addresses say which nodes answer", run: checkClientAddressPorts },
  { name: "layer-order", description: "every GitOps layer depends on the layers that install the CRDs it uses and create its namespaces", run: checkLayerOrder },
  { name: "pod-security", description: "workload security settings pass their namespace's Pod Security Standard", run: checkPodSecurity },
  { name: "image-security", description: "well-known images that need root or a writable root filesystem get a security preset that allows it", run: checkImageSecurity },
  { name: "bundled-ingress", description: "a bundled Traefik runs on a distribution that ships one", run: checkBundledIngress },
  { name: "forward-auth", description: "routes with forward auth are on a controller that supports it", run: checkForwardAuth },
  { name: "gpu-vendors", description: "a GPU service's nodes have GPUs of one vendor", run: checkGpuVendors },
  { name: "object-names", description: "no two services of a namespace give a Kubernetes object the same name", run: checkObjectNames },
  { name: "talos-version", description: "Talos releases are ones platformc writes machine configs for, and Talos-only node settings sit on Talos nodes", run: (g, d) => {
    checkTalosVersions(g, d);
    checkInstallDisks(g, d);
  } },
  { name: "etcd-members", description: "etcd members are control-plane nodes", run: checkEtcdMembers },
  { name: "talos-vip", description: "Talos control-plane nodes name the link that holds the API VIP", run: checkTalosVIP },
  { name: "api-endpoint", description: "an API endpoint given as an address is a control-plane node's or the VIP", run: checkApiEndpointServed },
  { name: "node-labels", description: "node labels are ones a node may set on itself (kubelet NodeRestriction)", run: checkNodeLabels },
  { name: "flannel", description: "flannel settings are ones the distribution applies", run: checkFlannelSettings },
  { name: "cilium", description: "Cilium settings are ones Cilium accepts (L2 announcements, cluster name)", run: checkCiliumSettings },
  { name: "cilium-gateway", description: "a Cilium Gateway's Service is the spec's ingress service, and its listeners fit one Gateway", run: checkCiliumGateway },
  { name: "node-addresses", description: "node addresses are host addresses, and Talos nodes get a LAN address and a default route", run: checkNodeAddresses },
  { name: "cross-cluster-flows", description: "flows between clusters run inside one ClusterMesh and are exact in its policies", run: checkCrossClusterFlows },
  { name: "clustermesh-exposed", description: "every ClusterMesh member exposes its clustermesh-apiserver to the others", run: checkClusterMeshExposed },
  { name: "global-services", description: "the target of every cross-cluster flow can be made a global Service in both clusters", run: checkGlobalServices },
  { name: "apiserver-flows", description: "flows to the Kubernetes API on Cilium clusters are allowed by a CiliumNetworkPolicy", run: checkApiServerFlows },
  { name: "selector-overlap", description: "no service's pods match another service's selector in the same namespace", run: checkSelectorOverlap },
  { name: "system-namespace-deny", description: "kube-system is not default-denied behind the distribution's back", run: checkSystemNamespaceDeny },
  { name: "helm-selectors", description: "flows to and from Helm releases match pods by labels the spec states", run: checkHelmSelectors },
  { name: "release-workloads", description: "a catalogued Helm release's selector picks pods its chart runs, and what its workloads need that no policy can say is named", run: (g, d) => {
    checkReleaseSelectors(g, d);
    checkReleaseGaps(g, d);
  } },
  { name: "external-sources", description: "external endpoints have an address wherever a network policy names them: flows into the platform, and flows out of namespaces with policies", run: (g, d) => {
    checkExternalSources(g, d);
    checkExternalTargets(g, d);
  } },
  { name: "policy-enforcement", description: "clusters that get network policies run a CNI that enforces them", run: checkPolicyEnforcement },
];

/**
 * Runs every check. After lowering errors the graph may break invariants the checks rely on (two clusters of one
 * name, a reference left out), so then each check runs on its own: one that fails on the graph is left out of this
 * run rather than ending it, and its problems show once the lowering errors are fixed. A complete graph gets no
 * such leniency: a check that throws on it is a bug, and surfaces as one.
 */
export function runChecks(g: G.Graph, diags: Diagnostics, afterErrors = false): string[] {
  if (!afterErrors) {
    for (const c of CHECKS) c.run(g, diags);
    return CHECKS.map((c) => c.name);
  }
  const ran: string[] = [];
  for (const c of CHECKS) {
    const own = diags.fork();
    try {
      c.run(g, own);
    } catch {
      continue;
    }
    for (const d of own.items) diags.items.push(d);
    ran.push(c.name);
  }
  return ran;
}
