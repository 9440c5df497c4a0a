// Every diagnostic platformc can print, in one table. A code is stable once released: tests pin codes,
// users grep for them and `platformc explain` looks them up. Messages are templates: `{name}` is filled
// from the arguments the reporting phase passes, so the wording lives here and nowhere else.

export type Severity = "error" | "warning";

export interface CodeInfo {
  severity: Severity;
  /** lowercase, no final period (rustc style) */
  message: string;
  /** one line: what the rule is and why it exists */
  summary: string;
  /** a few lines for `platformc explain` */
  explanation: string;
}

export const CODES = {
  // ── input and I/O (exit 2) ───────────────────────────────────────────────────────────────────────
  PC0001: {
    severity: "error",
    message: "cannot read {what}: {reason}",
    summary: "A spec file or directory could not be read.",
    explanation: "platformc could not open the path it was given. Check that it exists and is readable.",
  },
  PC0002: {
    severity: "error",
    message: "no platform.yaml found under {dir}",
    summary: "The directory given to build/validate holds no platform.yaml.",
    explanation:
      "platformc looks for files named platform.yaml in the directory and its subdirectories (spec/<platform>/platform.yaml).\nCreate one with `platformc init <dir>`.",
  },
  PC0003: {
    severity: "error",
    message: "file is {size} bytes, over the {limit}-byte limit",
    summary: "A spec file is larger than platformc accepts.",
    explanation:
      "Spec files are bounded so that a wrong path (a disk image, a log) cannot exhaust memory.\nRaise the limit with --max-file-size if the spec really is that large.",
  },
  PC0004: {
    severity: "error",
    message: "file is not UTF-8 text ({reason})",
    summary: "A spec file holds binary data.",
    explanation: "platform.yaml must be UTF-8 text. A NUL byte or an invalid UTF-8 sequence means it is not.",
  },
  PC0005: {
    severity: "error",
    message: "file is empty",
    summary: "A spec file holds no YAML document.",
    explanation: "platform.yaml has no content besides whitespace and comments. Run `platformc init <dir>` for a starter spec.",
  },
  PC0006: {
    severity: "error",
    message: "platform name \"{name}\" is used by {other} too",
    summary: "Two spec files declare the same platform name.",
    explanation: "Each platform builds into out/<platform.name>/, so two specs with the same name would overwrite each other.",
  },

  PC0007: {
    severity: "error",
    message: "cannot write {what}: {reason}",
    summary: "The output directory could not be written.",
    explanation:
      "platformc could not create or replace files under the output directory: a path that should be a directory is a\nfile, a file of yours stands where generated output must go, or permissions forbid it. Nothing was half-written:\neach out/<platform>/ is swapped in whole or not at all.",
  },

  // ── YAML ─────────────────────────────────────────────────────────────────────────────────────────
  PC0101: {
    severity: "error",
    message: "invalid YAML: {reason}",
    summary: "The file is not well-formed YAML.",
    explanation: "The YAML parser rejected the file. The span points at where it gave up; the mistake is often just before it.",
  },
  PC0102: {
    severity: "error",
    message: "duplicate key `{key}`",
    summary: "A mapping has the same key twice.",
    explanation: "YAML parsers disagree on which of two equal keys wins, so platformc rejects them instead of guessing.",
  },
  PC0103: {
    severity: "error",
    message: "YAML aliases expand too far ({reason})",
    summary: "Aliases expand beyond the bound platformc allows (an alias bomb).",
    explanation:
      "Anchors and aliases (&a / *a) may be used, but their total expansion is bounded so that a few lines of YAML cannot\nexpand into gigabytes (the 'billion laughs' attack). Write the repeated parts out, or use fewer nested aliases.",
  },
  PC0104: {
    severity: "error",
    message: "platform.yaml must hold one YAML document, found {count}",
    summary: "A spec file holds several YAML documents (---).",
    explanation: "One platform.yaml describes one platform. Put other platforms in their own directory.",
  },

  // ── shape (JSON Schema) ──────────────────────────────────────────────────────────────────────────
  PC0201: {
    severity: "error",
    message: "`{field}` must be {expected}, found {found}",
    summary: "A value has the wrong type.",
    explanation: "The schema (platformc schema) fixes the type of every field.",
  },
  PC0202: {
    severity: "error",
    message: "unknown field `{field}` in {where}",
    summary: "A field the spec language does not have.",
    explanation:
      "Unknown fields are rejected rather than ignored, so that a typo cannot silently drop a setting.\nThe help line suggests the closest known field; `platformc schema` lists them all.",
  },
  PC0203: {
    severity: "error",
    message: "missing required field `{field}` in {where}",
    summary: "A required field is absent.",
    explanation: "The field has no sensible default and must be given.",
  },
  PC0204: {
    severity: "error",
    message: "`{field}` must be one of {allowed}, found {found}",
    summary: "A value is not one of the allowed choices.",
    explanation: "The field takes one of a fixed set of values.",
  },
  PC0205: {
    severity: "error",
    message: "`{value}` is not a valid name: {reason}",
    summary: "A name is not a DNS-1123 label.",
    explanation:
      "Names become Kubernetes object names, DNS labels and output paths, so they must be DNS-1123 labels: lowercase\nletters, digits and '-', starting and ending with a letter or digit, at most 63 characters. This also keeps\n'/' and '..' out of output paths.",
  },
  PC0206: {
    severity: "error",
    message: "`{field}` {problem}",
    summary: "A value breaks a bound or pattern of the schema.",
    explanation: "The value is of the right type but outside what the field allows (a range, a length, a pattern).",
  },

  // ── references and lowering ──────────────────────────────────────────────────────────────────────
  PC0301: {
    severity: "error",
    message: "{kind} `{name}` not found",
    summary: "A reference names something the spec does not declare.",
    explanation: "Every reference (namespace, service, cluster, layer, pool, network, external endpoint) must resolve.",
  },
  PC0302: {
    severity: "error",
    message: "{kind} `{name}` is declared twice{scope}",
    summary: "Two things of one kind share a name in one scope.",
    explanation: "Names identify objects; two with one name would produce colliding Kubernetes objects or files.",
  },
  PC0303: {
    severity: "error",
    message: "{what} does not say which cluster it belongs to",
    summary: "A reference is ambiguous because the platform has several clusters.",
    explanation: "With more than one cluster, namespaces must name their cluster (cluster: <name>).",
  },
  PC0304: {
    severity: "error",
    message: "{target} {problem}",
    summary: "A flow or route names a port its target does not have, or does not name one when the target has several.",
    explanation: "Flows and ingress routes open exactly one port. Name it by number or by port name.",
  },
  PC0305: {
    severity: "error",
    message: "{problem}",
    summary: "A service's workload settings contradict each other.",
    explanation:
      "kind helm needs a chart; other kinds take an image and no chart; a bundled service is shipped by the distribution and\ntakes neither.",
  },
  PC0306: {
    severity: "error",
    message: "`{value}` is not a valid {what}: {reason}",
    summary: "An IP address, CIDR or range does not parse, or has host bits set.",
    explanation: "Addresses are IPv4 or IPv6 in their usual text form; CIDRs must have no host bits set.",
  },
  PC0307: {
    severity: "error",
    message: "reference `{ref}` to {kind} is ambiguous: {reason}",
    summary: "A reference matches several things.",
    explanation:
      "A namespace instantiated per environment (archives -> archives-prod, archives-staging) must be named by its instance\nfrom outside it. Inside it, the base name resolves to the same environment.",
  },
  PC0308: {
    severity: "error",
    message: "service `{service}` has ingress routes but cluster `{cluster}` has no ingress controller",
    summary: "Ingress routes need the cluster to declare its ingress controller.",
    explanation: "Add ingress: {type, service} to the cluster, naming the controller's service in the spec.",
  },
  PC0309: {
    severity: "error",
    message: "{problem}",
    summary: "A field's value is malformed in a way the schema cannot express.",
    explanation: "For example a range whose start is above its end.",
  },

  // ── networks ─────────────────────────────────────────────────────────────────────────────────────
  PC0401: {
    severity: "error",
    message: "{a} overlaps {b}",
    summary: "Two networks that must be disjoint overlap.",
    explanation:
      "Pod CIDRs, service CIDRs, node networks, load-balancer pools, overlay ranges and external endpoints must not overlap,\nwithin a cluster and across the clusters of one platform: routing would send packets to the wrong place, and Cilium\nClusterMesh requires disjoint pod and service CIDRs.",
  },
  PC0402: {
    severity: "error",
    message: "{what} {address} is outside {network} {cidr}",
    summary: "An address lies outside the network it claims.",
    explanation: "A node address, gateway or pinned IP must lie inside the CIDR of the network it is declared on.",
  },
  PC0403: {
    severity: "warning",
    message: "{what} {address} is on no declared network",
    summary: "An address is not inside any network of the spec.",
    explanation:
      "Declare the node network under networks: so that platformc can check that pools, VIPs and node addresses agree.",
  },
  PC0404: {
    severity: "error",
    message: "load-balancer pool `{pool}` of cluster `{cluster}` is {problem}",
    summary: "A load-balancer pool is not reachable or clashes with node addresses.",
    explanation:
      "In L2 mode pool addresses are announced by ARP/NDP, so they must be inside a node network. In BGP mode they are\nrouted and may lie anywhere. A pool must never contain a node address or the API VIP.",
  },
  PC0405: {
    severity: "error",
    message: "{problem}",
    summary: "Per-node pod CIDRs do not fit the cluster's pod CIDR.",
    explanation: "Each node gets a /nodeMaskSize out of podCIDR: the mask must be longer than podCIDR's and leave room for every node.",
  },
  PC0406: {
    severity: "error",
    message: "address {address} is used by {a} and by {b}",
    summary: "Two things claim the same IP address.",
    explanation: "Node addresses, VIPs, external endpoints and pinned load-balancer IPs must be unique.",
  },
  PC0407: {
    severity: "error",
    message: "API VIP {vip} of cluster `{cluster}` {problem}",
    summary: "The API VIP collides with a node address or a pool.",
    explanation: "The VIP floats between control-plane nodes: it must be a free address on their network.",
  },

  // ── ports ────────────────────────────────────────────────────────────────────────────────────────
  PC0501: {
    severity: "error",
    message: "NodePort {port} of `{service}` is outside the NodePort range {range} of cluster `{cluster}`",
    summary: "A NodePort lies outside the cluster's NodePort range.",
    explanation:
      "kube-apiserver rejects NodePorts outside --service-node-port-range (default 30000-32767). Pick one inside it, or\nwiden nodePortRange on the cluster.",
  },
  PC0502: {
    severity: "error",
    message: "NodePort {port} is used by `{a}` and by `{b}` in cluster `{cluster}`",
    summary: "Two services use the same NodePort in one cluster.",
    explanation: "A NodePort opens on every node of the cluster, so it can belong to one service only.",
  },
  PC0503: {
    severity: "error",
    message: "service `{service}` has {what} {value} twice",
    summary: "A service lists the same port number or port name twice.",
    explanation: "Port numbers (per protocol) and port names must be unique within a service.",
  },
  PC0504: {
    severity: "error",
    message: "hostPort {port}/{protocol} on node `{node}` is used by `{a}` and by `{b}`",
    summary: "Two workloads bind the same hostPort on one node.",
    explanation: "A hostPort binds the node's address: two pods on one node cannot share it.",
  },
  PC0505: {
    severity: "error",
    message: "{ip}:{port}/{protocol} is served by `{a}` and by `{b}`",
    summary: "Two LoadBalancer services share an address and port.",
    explanation: "Services may share a LoadBalancer IP only on different ports.",
  },
  PC0506: {
    severity: "error",
    message: "ingress route {host}{path} is claimed by `{a}` and by `{b}` in cluster `{cluster}`",
    summary: "Two ingress routes have the same host and path in one cluster.",
    explanation: "The ingress controller would pick one of them at random.",
  },
  PC0507: {
    severity: "error",
    message: "{field} is set on port {port} of `{service}`, but the port is exposed as {expose}",
    summary: "A port pins a NodePort or LoadBalancer IP that its exposure does not use.",
    explanation: "nodePort needs expose: NodePort (or LoadBalancer); loadBalancerIP and pool need expose: LoadBalancer.",
  },

  // ── DNS ──────────────────────────────────────────────────────────────────────────────────────────
  PC0601: {
    severity: "error",
    message: "{name} {type} in zone `{zone}` is defined by {a} and by {b}",
    summary: "One DNS name and type is defined twice with different data.",
    explanation: "Within a zone each name and type has one set of records; two sources defining it would fight.",
  },
  PC0602: {
    severity: "error",
    message: "CNAME {name} in zone `{zone}` shares its name with {other}",
    summary: "A CNAME sits beside other data at the same name.",
    explanation: "RFC 1034: a name with a CNAME may have no other records.",
  },
  PC0603: {
    severity: "error",
    message: "record name {name} is outside zone `{zone}`",
    summary: "A record's name does not end in its zone.",
    explanation: "Fully qualified record names must end in the zone's name.",
  },
  PC0604: {
    severity: "warning",
    message: "ingress host {host} of `{service}` is in no DNS zone of the spec",
    summary: "An ingress hostname is not covered by any zone.",
    explanation: "Nothing platformc emits will resolve this host. Add a zone for it, or ignore this if DNS is managed elsewhere.",
  },

  // ── control plane, capacity, workloads ───────────────────────────────────────────────────────────
  PC0701: {
    severity: "warning",
    message: "cluster `{cluster}` has {count} etcd member{plural}: {consequence}",
    summary: "The etcd member count gives poor or no fault tolerance.",
    explanation:
      "etcd needs a majority (quorum) of members: n members tolerate floor((n-1)/2) failures. 1 tolerates none, 2 tolerate\nnone either (and fail twice as often as 1), 3 tolerate one, 4 still only one. Use an odd number, 3 or more.",
  },
  PC0702: {
    severity: "error",
    message: "cluster `{cluster}` has no control-plane node",
    summary: "A cluster has no node with role controlplane.",
    explanation: "Every cluster needs at least one control-plane node to run the API server.",
  },
  PC0703: {
    severity: "warning",
    message: "{resource} requests in cluster `{cluster}` are {percent}% of what {nodes} provide",
    summary: "Summed resource requests exceed node capacity.",
    explanation:
      "The requests of all replicas that may run on a set of nodes exceed those nodes' declared capacity, so some pods\nwill stay Pending. Add capacity, lower requests or replicas, or widen placement.",
  },
  PC0704: {
    severity: "error",
    message: "service `{service}`: {problem}",
    summary: "Replicas and autoscaling bounds contradict each other.",
    explanation: "autoscaling.min must not exceed max, and a fixed replica count must lie between them.",
  },
  PC0705: {
    severity: "error",
    message: "service `{service}` can run on no node: {reason}",
    summary: "A service's placement matches no node of its cluster.",
    explanation: "Node selectors, node lists and GPU requests must match at least one node, or the pods stay Pending forever.",
  },
  PC0706: {
    severity: "error",
    message: "clusters `{a}` and `{b}` in mesh `{mesh}` share {what} {value}",
    summary: "Two clusters of one ClusterMesh share a cluster id or name.",
    explanation: "Cilium ClusterMesh identifies clusters by cluster.name and cluster.id; both must be unique in the mesh.",
  },
  PC0707: {
    severity: "warning",
    message: "{problem}",
    summary: "A setting is ignored by the load-balancer implementation.",
    explanation: "ServiceLB answers on node addresses and has no pools; MetalLB and Cilium need pools for LoadBalancer services.",
  },

  // ── allocation ───────────────────────────────────────────────────────────────────────────────────
  PC0801: {
    severity: "error",
    message: "no address left for `{service}` in {pool}",
    summary: "A load-balancer pool has no free address for a service that needs one.",
    explanation: "Every LoadBalancer service needs an address. Add addresses to the pool or pin some services to shared IPs.",
  },
  PC0802: {
    severity: "error",
    message: "no NodePort left for `{service}` in range {range} of cluster `{cluster}`",
    summary: "The NodePort range is exhausted.",
    explanation: "Widen nodePortRange or expose fewer ports as NodePort.",
  },
  PC0803: {
    severity: "error",
    message: "service `{service}` is exposed as LoadBalancer but cluster `{cluster}` {reason}",
    summary: "A LoadBalancer service has nowhere to get an address.",
    explanation: "Declare loadBalancer on the cluster with a pool (metallb, cilium) or use servicelb.",
  },

  // ── GitOps ───────────────────────────────────────────────────────────────────────────────────────
  PC0901: {
    severity: "error",
    message: "GitOps layers of cluster `{cluster}` form a cycle: {cycle}",
    summary: "Layer dependencies are circular.",
    explanation: "Flux Kustomizations and Argo sync waves need an order; a cycle has none. Break one dependsOn.",
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(s: string): s is Code {
  return Object.prototype.hasOwnProperty.call(CODES, s);
}
