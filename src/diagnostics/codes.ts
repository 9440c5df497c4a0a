// Every diagnostic platformc can print, in one table. A code is stable once released: tests pin codes,
// users grep for them and `platformc explain` looks them up. Messages are templates: `{name}` is filled
// from the arguments the reporting phase passes, so the wording lives here and nowhere else.

export type Severity = "error" | "warning";

interface CodeInfo {
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
  PC0008: {
    severity: "error",
    message: "another platformc build ({holder}) is using {out}",
    summary: "Another build holds the output directory's lock, and did not finish within the wait.",
    explanation:
      "A build (and build --check) takes the lock file <out>/.platformc-lock for as long as it writes or compares out/, so\ntwo builds never mix their trees. A build waits for the holder to finish (30 s; PLATFORMC_LOCK_WAIT=<seconds>\nchanges that, 0 fails at once). A lock whose build was killed is broken automatically when that process is gone;\nonly a lock held from another host, or one that is not readable, has to be removed by hand when no build runs.",
  },

  // ── the command line: usage and files outside out/ (exit 2; PC0019 exit 1) ──────────────────────
  PC0010: {
    severity: "error",
    message: "unknown generator {names}",
    summary: "--only names a generator that does not exist.",
    explanation: "--only takes generator names, comma-separated or repeated. `platformc generators` lists them.",
  },
  PC0011: {
    severity: "error",
    message: "{what} {path} is inside {where} {dir}",
    summary: "An output directory lies where it must not: inside the specs, or a secret inside the committed output.",
    explanation:
      "The output of a build must not land inside the spec directory (the next build would read it), and files that hold\nsecrets (a Talos secrets bundle, complete machine configs) must not land inside out/, which is committed.",
  },
  PC0012: {
    severity: "error",
    message: "{first} and {second} {problem}",
    summary: "Two command-line options were given that cannot be used like this together.",
    explanation: "Some options need each other (--secrets and --out-secrets) and some exclude each other (--check writes nothing).",
  },
  PC0013: {
    severity: "error",
    message: "unknown code {code}",
    summary: "`platformc explain` was given a code that is not in the table.",
    explanation: "Codes look like PC0401. `platformc explain` without an argument lists every code.",
  },
  PC0014: {
    severity: "error",
    message: "{path} already exists",
    summary: "A command that creates a file refuses to overwrite one.",
    explanation: "`platformc init` never overwrites a spec and `platformc secrets` never overwrites a secrets bundle: either\ncould hold work or keys that exist nowhere else. Move the file away or choose another path.",
  },
  PC0015: {
    severity: "error",
    message: "platform name {name} is not a DNS-1123 label",
    summary: "`platformc init` derived or was given a platform name that cannot be used.",
    explanation: "A platform name becomes a directory under out/ and part of Kubernetes names: 1-63 characters of a-z, 0-9 and '-',\nstarting and ending with a letter or digit.",
  },
  PC0016: {
    severity: "error",
    message: "cannot write {what}: {reason}",
    summary: "A file outside the output directory (a starter spec, a secrets bundle, machine configs) could not be written.",
    explanation: "platformc could not create the file or directory it was asked to. Check the path and its permissions.",
  },
  PC0017: {
    severity: "error",
    message: "invalid value {value} for {option}: {reason}",
    summary: "A command-line option got a value it does not take.",
    explanation: "The option's help (`platformc <command> --help`) says what it takes.",
  },
  PC0018: {
    severity: "error",
    message: "cannot render: {reason}",
    summary: "Rendering diagrams needs Chromium and mermaid-cli, and one of them is missing.",
    explanation:
      "`platformc render` and `build --render` draw the Mermaid diagrams in a headless Chromium with @mermaid-js/mermaid-cli.\nplatformc does not install mermaid-cli (an optional peer dependency: it brings puppeteer and its browser download);\nadd it with `PUPPETEER_SKIP_DOWNLOAD=1 npm install --save-dev @mermaid-js/mermaid-cli`. Install Chromium (Debian:\napt-get install chromium), or pass --browser <path> or set PUPPETEER_EXECUTABLE_PATH.",
  },
  PC0019: {
    severity: "error",
    message: "diagram {file} did not render: {reason}",
    summary: "Mermaid rejected a diagram, or the browser failed while drawing it.",
    explanation: "The other diagrams were still drawn. A diagram platformc generated that Mermaid rejects is a bug in platformc.",
  },
  PC0020: {
    severity: "error",
    message: "no Talos cluster {which}",
    summary: "A secrets command names no Talos cluster, or one that does not exist.",
    explanation: "Secrets bundles are for Talos clusters (K3s nodes read a token file instead). Name a cluster as <cluster> or\n<platform>/<cluster>; the help lists the ones the spec declares.",
  },
  PC0021: {
    severity: "error",
    message: "{what} fits several Talos clusters: {clusters}",
    summary: "A secrets bundle or request does not say which Talos cluster it is for.",
    explanation: "Each Talos cluster has its own secrets bundle. Choose one with --cluster, or name it in --secrets <cluster>=<file>.",
  },
  PC0022: {
    severity: "error",
    message: "{file} is not a usable Talos secrets bundle",
    summary: "A file given to --secrets is not a complete Talos secrets bundle.",
    explanation: "The file must be in the format of `talosctl gen secrets` (or `platformc secrets`), decrypted. The notes say what is wrong.",
  },
  PC0023: {
    severity: "error",
    message: "two secrets bundles for Talos cluster {cluster}",
    summary: "--secrets names two bundles for one cluster.",
    explanation: "A cluster has exactly one secrets bundle; pass each cluster's bundle once.",
  },
  PC0024: {
    severity: "error",
    message: "{file} is SOPS-encrypted and `{sops}` is not installed",
    summary: "A SOPS-encrypted secrets bundle was given and the sops binary cannot be run.",
    explanation:
      "platformc decrypts a SOPS-encrypted --secrets bundle with `sops --decrypt`, in memory, and never holds keys itself.\nInstall sops (with access to the key: SOPS_AGE_KEY_FILE for age), set PLATFORMC_SOPS to the binary's path, or\npass the bundle decrypted.",
  },
  PC0025: {
    severity: "error",
    message: "sops could not decrypt {file}: {reason}",
    summary: "`sops --decrypt` failed on a SOPS-encrypted secrets bundle.",
    explanation: "sops ran but did not decrypt the bundle, most often because it found no key the file was encrypted for.\nIts last line of output is shown.",
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
  PC0105: {
    severity: "error",
    message: "YAML nested deeper than {limit} levels",
    summary: "Collections (mappings, lists, flow brackets) are nested deeper than platformc reads.",
    explanation:
      "Nesting is bounded so that no file can exhaust the stack of the YAML parser or of the phases after it (Helm\nvalues are passed through as they are). The span points at the collection that opens the first level too many.\nReal specs, Helm values included, nest about ten levels; flatten the structure below the limit.",
  },

  // ── shape (JSON Schema) ──────────────────────────────────────────────────────────────────────────
  PC0201: {
    severity: "error",
    message: "{field} must be {expected}, found {found}",
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
    message: "{field} must be one of {allowed}, found {found}",
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
    message: "{field} {problem}",
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
      "kind helm needs a chart; other kinds take an image and no chart; a bundled service is shipped by the distribution and\ntakes neither. command and args replace the image's entrypoint and arguments, so they need an image too.",
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
    explanation:
      "For example a range whose start is above its end, or a flow to an external endpoint without address: from a namespace\nthat gets network policies, whose egress rule can only name the endpoint by its addresses (a hostname alone is enough\nwhere no policy restricts the flow's source).",
  },
  PC0310: {
    severity: "error",
    message: "`{code}` is not a diagnostic code of platformc",
    summary: "An ignore entry names a code platformc does not have.",
    explanation: "ignore[].code must be one of the codes `platformc explain` lists; a misspelt code would silence nothing.",
  },
  PC0311: {
    severity: "error",
    message: "{code} cannot be ignored: {reason}",
    summary: "An ignore entry names an error, or a code that reports the ignore list itself.",
    explanation:
      "Only warnings can be ignored: an error means the output would be wrong or would not come up, so it must be fixed.\nThe codes that report ignore entries (PC0310-PC0313) cannot be ignored either: fix or remove the entry.",
  },
  PC0312: {
    severity: "error",
    message: "ignore scope `{at}` {problem}",
    summary: "An ignore entry's `at:` is malformed or names nothing the spec declares.",
    explanation:
      "`at:` is one of cluster:<cluster>, node:[<cluster>/]<node>, namespace:[<cluster>/]<namespace>,\nservice:[<cluster>/]<namespace>/<service>, external:<name> or zone:<name>, naming something the spec declares.",
  },
  PC0313: {
    severity: "warning",
    message: "ignore of {code}{scope} silences no warning",
    summary: "An ignore entry matches no warning of this build.",
    explanation:
      "The warning it was written for no longer fires (the spec or platformc changed), or fires outside its `at:`.\nRemove the entry, or correct its code or scope, so that the ignore list says only what is true.",
  },
  PC0350: {
    severity: "error",
    message: "{what} `{value}` is only {amount}",
    summary: "A memory quantity too small for what it sizes, usually a missing unit suffix.",
    explanation:
      "A Kubernetes quantity without a suffix counts bytes: `memory: 16` is sixteen bytes, not 16 GiB. platformc refuses node\nmemory below 256Mi and requests, limits and volume sizes below 1Mi; write the unit (Mi, Gi).",
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
    summary: "Per-node pod CIDRs do not fit the cluster's pod CIDR, or two nodes record one.",
    explanation:
      "Each node is assigned a /nodeMaskSize out of podCIDR as it joins: the mask must be longer than podCIDR's and leave room for every node.\nA node's recorded podCIDR must be one such block, inside podCIDR, and no other node's.",
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
  PC0408: {
    severity: "error",
    message: "service CIDR {cidr} of cluster `{cluster}` is too small: the cluster DNS address {where}",
    summary: "A service CIDR has no room for the addresses Kubernetes takes from it.",
    explanation:
      "The kubernetes Service gets the first address of the service CIDR (network + 1) and CoreDNS, the cluster DNS, the\ntenth (network + 10: 10.43.0.10 on K3s, 10.96.0.10 on Talos), which every kubelet is told. A service CIDR must hold\nboth, and more for the services themselves: at least a /28 (IPv6: /124), usually a /16 (IPv6: /112).",
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
    explanation:
      "Fully qualified record names must end in the zone's name, and not lie in a more specific zone the spec also\ndeclares: a server answers for a name from the most specific zone it holds.",
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
  PC0708: {
    severity: "warning",
    message: "env `{name}` of service `{service}` looks like a secret but is a plain value",
    summary: "A plain env value whose name says it is a secret (PASSWORD, SECRET, TOKEN, KEY).",
    explanation:
      "A plain value is written into the Deployment in out/, which is committed to git. Keep the value in a Secret of the\nnamespace (kubectl, a SOPS-encrypted file under the namespace's secrets, external-secrets) and reference it:\nenv: { NAME: { secretKeyRef: { name: <secret>, key: <key> } } }. platformc never writes the Secret.",
  },
  PC0709: {
    severity: "error",
    message: "{what} needs Flux: {reason}",
    summary: "A secrets feature that only Flux provides is used on an Argo CD cluster.",
    explanation:
      "chart.valuesFrom is Flux's HelmRelease spec.valuesFrom and gitops.decryption (with a namespace's secrets) is Flux's\nKustomization spec.decryption; Argo CD has neither. On Argo CD keep secrets out of git with external-secrets, or\ndecrypt with a config management plugin (e.g. helm-secrets, KSOPS) that platformc does not configure.",
  },
  PC0710: {
    severity: "error",
    message: "secret file `{file}` is not SOPS-encrypted: {reason}",
    summary: "A file under a namespace's secrets holds plaintext.",
    explanation:
      "platformc copies these files into out/, which is committed, so each must be a SOPS-encrypted manifest: a top-level\nsops: metadata key and every value under data and stringData of the form ENC[...]. Encrypt it with\nsops --encrypt --encrypted-regex '^(data|stringData)$' --in-place <file>.",
  },
  PC0711: {
    severity: "error",
    message: "secret file `{file}` cannot be used: {reason}",
    summary: "A file under a namespace's secrets cannot be read or placed.",
    explanation:
      "Paths are relative to the spec's directory and stay inside it; the file must be readable UTF-8 text, its name unique\nin the namespace, and the cluster must decrypt it (Flux with gitops.decryption). An environment-expanded namespace\ntakes no secrets: one encrypted file cannot name a different namespace per instance.",
  },
  PC0712: {
    severity: "error",
    message: "{what} needs external-secrets in cluster `{cluster}`",
    summary: "An ExternalSecret is asked for in a cluster that runs no external-secrets release.",
    explanation:
      "env externalSecret values and a namespace's externalSecrets become ExternalSecret objects, which only the External\nSecrets Operator (chart external-secrets) defines and acts on. Add that release to the cluster (and a\nClusterSecretStore of yours), or keep the value in a Secret and reference it with secretKeyRef.",
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
  PC0902: {
    severity: "error",
    message: "`{field}` of layer `{layer}` of cluster `{cluster}` is a Flux setting, and the cluster's GitOps tool is Argo CD",
    summary: "A layer's interval, retryInterval or timeout on an Argo CD cluster.",
    explanation:
      "Flux Kustomizations take an interval, retry interval and timeout each. Argo CD reconciles every Application on one\ncontroller-wide period (timeout.reconciliation in argocd-cm) and has no per-Application health timeout: remove the field.",
  },

  // ── Kubernetes objects and GitOps order (PC10xx) ────────────────────────────────────────────────
  PC1001: {
    severity: "warning",
    message: "layer `{layer}` applies {group} resources ({user}), but the layer installing them, `{providerLayer}` ({provider}), is not among its dependencies",
    summary: "A layer uses a CRD that a layer it does not depend on installs.",
    explanation:
      "GitOps applies a layer only after the layers it dependsOn are ready. A custom resource applied before its CRD exists\nfails until the other layer happens to finish first. Within one layer platformc orders the roots itself (the root that\ninstalls a CRD before the roots that use it); across layers the declared dependsOn must say it.\nFlux and Argo CD retry a failed apply (platformc sets both to), so when the installing layer runs anyway the layer\nconverges late: a warning. It is an error when it never would: the installing layer depends on this one (adding it\nto dependsOn would be a cycle), or, with Argo CD, the installing layer's sync wave comes later, since a wave waits\nfor the earlier ones to be healthy.",
  },
  PC1002: {
    severity: "error",
    message: "service `{service}` is in layer `{layer}`, but its namespace `{namespace}` is created by layer `{nsLayer}`, which `{layer}` does not depend on",
    summary: "A service sits in a layer that can run before the layer that creates its namespace.",
    explanation:
      "A service in another layer than its namespace gets a Kustomize root of its own, applied with that layer. The Namespace\nobject belongs to the namespace's layer, so the service's layer must depend on it.",
  },
  PC1003: {
    severity: "error",
    message: "service `{service}` sets {what}, which pod-security level `{level}` of namespace `{namespace}` does not admit",
    summary: "A workload's security settings break its namespace's Pod Security Standard.",
    explanation:
      "Namespaces enforce a Pod Security Standard (restricted by default). The API server refuses pods that break it, so the\nworkload would never start: restricted needs non-root pods without privilege escalation or added capabilities other\nthan NET_BIND_SERVICE; baseline forbids privileged pods, host networking, hostPorts and most capabilities.",
  },
  PC1004: {
    severity: "error",
    message: "route {host} of service `{service}` asks for forward auth, which Gateway API routes of cluster `{cluster}` cannot express",
    summary: "Forward auth on a cluster whose ingress is Gateway API.",
    explanation:
      "The standard Gateway API HTTPRoute has no external-auth filter, so the route would be served without authentication.\nTraefik (forwardAuth middleware) and ingress-nginx (auth-url) support it.",
  },
  PC1005: {
    severity: "error",
    message: "service `{service}` asks for GPUs, and the nodes it may run on have GPUs of several vendors ({vendors})",
    summary: "A GPU request whose nodes mix GPU vendors.",
    explanation:
      "Each vendor's device plugin advertises its own resource (nvidia.com/gpu, amd.com/gpu, gpu.intel.com/i915); a pod asks\nfor one of them. Restrict the service to nodes of one vendor.",
  },
  PC1006: {
    severity: "warning",
    message: "layer `{layer}` applies {group} resources ({user}), but depends on no layer that installs CRDs ({crdLayers})",
    summary: "A layer uses a CRD no service of the spec installs, and depends on none of the layers marked installsCRDs.",
    explanation:
      "No service of the spec is known to install this CRD, so it comes from what a layer marked installsCRDs applies or\nfrom outside the spec. A layer that depends on none of the installsCRDs layers may be applied before the CRD exists.\nCRDs the distribution or CNI ships (K3s's Traefik, Cilium) are exempt.",
  },  PC1007: {
    severity: "error",
    message: "services `{a}` and `{b}` of namespace `{namespace}` would both create {kind} `{name}`",
    summary: "Two services' Kubernetes objects would share a name.",
    explanation:
      "Some objects are named after their service with a suffix: <service>-nodeport and <service>-lb Services, <service>-headless\nfor a statefulset, <service>-<volume> claims, <service>-http and <service>-auth-<provider> routes. Such a name can be\nanother service's own name; one object would overwrite the other. Rename one of the services (or the volume).",
  },  PC1008: {
    severity: "error",
    message: "route {host} of service `{service}` asks for forward auth from `{provider}`, which runs in another cluster",
    summary: "A forward-auth provider in another cluster than the route.",
    explanation:
      "The ingress controller calls the forward-auth provider for every request at its in-cluster address, which exists only\nin the provider's own cluster. Run an auth provider (or an outpost of it) in the route's cluster.",
  },
  PC1009: {
    severity: "error",
    message: "cluster `{cluster}` routes through Traefik (`{service}`, kind bundled), but {distribution} ships no Traefik",
    summary: "A bundled Traefik on a distribution that does not bundle one.",
    explanation:
      "kind: bundled means the distribution runs the service. K3s ships Traefik (unless disabled); Talos ships none, so\nthe IngressRoutes and Middlewares platformc writes would be \"no matches for kind\" and no route would be served.\nInstall Traefik from its chart (kind: helm, chart traefik of https://traefik.github.io/charts), which also installs\nits CRDs, or route through another ingress type.",
  },




  PC1010: {
    severity: "warning",
    message: "service `{service}` runs {image}, which {why}, with {settings}",
    summary: "A well-known image that needs root or a writable root filesystem runs with the restrictive defaults.",
    explanation:
      "platformc runs containers non-root with a read-only root filesystem unless the service's security says otherwise.\nSome well-known images cannot start that way: their entrypoint starts as root, prepares its directories and then\ndrops to its own user (postgres, mariadb), or writes configuration outside its volumes (nextcloud). The kubelet\nrefuses a root image under runAsNonRoot, and a read-only root breaks the entrypoint. Set security.preset: runs-as-root\n(with podSecurity baseline on the namespace) or writable-root, as the message says; src/catalog/images.ts lists the\nimages and why.",
  },

  PC1011: {
    severity: "error",
    message: "manifest `{file}` of namespace `{namespace}` cannot be placed: {reason}",
    summary: "An extra manifest of a namespace is unreadable, not Kubernetes objects, or meant for another namespace.",
    explanation:
      "namespaces[].manifests lists YAML files (relative to the spec's directory) that platformc copies into the namespace's\nKustomize root. Each document must be a Kubernetes object with apiVersion, kind and metadata.name; GitOps applies the\nroot with the namespace, so a namespaced object must name no namespace (platformc fills in this one) or this one. A\nNamespace object is refused: platformc writes it from the spec.",
  },

  // ── node configs: Talos, K3s, CNI (PC11xx) ──────────────────────────────────────────────────────
  PC1101: {
    severity: "error",
    message: "cluster `{cluster}` declares Talos {version}; platformc writes machine configs for Talos {oldest} and newer",
    summary: "The cluster's Talos release is older than platformc can write configs for.",
    explanation:
      "platformc writes the machine-config contract of each Talos release from v1.8 on (what `talosctl gen config\n--talos-version` writes). Older releases are out of support upstream: upgrade Talos, then declare the new version.",
  },
  PC1102: {
    severity: "warning",
    message: "cluster `{cluster}` declares Talos {version}, newer than platformc knows; its configs follow the {contract} contract",
    summary: "The cluster's Talos release is newer than platformc knows; configs follow the newest contract it knows.",
    explanation:
      "Talos accepts machine configs written for an older release (the --talos-version contract of talosctl gen config),\nso the configs work, but they use none of the newer release's settings. Without kubernetesVersion the configs name\nthe Kubernetes release the older contract defaults to: set it to the one you run. With it set, what is left are the\nnewer release's own settings, which talos.patches can add.",
  },
  PC1103: {
    severity: "error",
    message: "node `{node}` of cluster `{cluster}` is an etcd member but not a control-plane node",
    summary: "Only control-plane nodes can be etcd members.",
    explanation:
      "K3s agents and Talos workers run no etcd; embedded etcd runs on K3s servers and Talos control-plane nodes only.\nMake the node role: controlplane, or drop etcd: true.",
  },
  PC1104: {
    severity: "error",
    message: "the API VIP {vip} of cluster `{cluster}` needs the interface of control-plane node `{node}`",
    summary: "A Talos VIP is configured on a named link, and a control-plane node names none.",
    explanation:
      "Talos holds the shared API address on one control-plane node's link (Layer2VIPConfig, or machine.network.interfaces[].vip\nbefore v1.12), so every control-plane node must say which interface is on the VIP's network.",
  },
  PC1105: {
    severity: "error",
    message: "node label `{label}` of node `{node}` is one the kubelet may not set on its own node",
    summary: "A node label in the kubernetes.io or k8s.io namespaces that a kubelet may not set.",
    explanation:
      "K3s passes node labels to the kubelet (--node-labels), and Talos workers apply theirs with the node's own credentials;\nthe NodeRestriction admission plugin lets a node set only its hostname, arch, os, instance-type, zone and region labels\nand those under kubelet.kubernetes.io/ and node.kubernetes.io/ in these namespaces (K3s's kubelet refuses to start\notherwise). Use your own prefix (example.com/role), or label the node with kubectl after it joined.",
  },
  PC1106: {
    severity: "warning",
    message: "{problem}",
    summary: "A flannel setting the cluster's distribution cannot apply.",
    explanation:
      "Talos deploys flannel itself with the VXLAN backend and one set of arguments for every node: flannelBackend is a K3s\nsetting, and flannelInterface must be the same on every node of a Talos cluster to become flannel's --iface.",
  },
  PC1107: {
    severity: "error",
    message: "cluster `{cluster}` announces load-balancer addresses by L2 with Cilium, which needs kubeProxyReplacement",
    summary: "Cilium L2 announcements need kube-proxy replacement.",
    explanation: "Cilium answers ARP for LoadBalancer addresses only with kube-proxy replacement enabled. Set cni.kubeProxyReplacement: true, or announce by BGP.",
  },
  PC1108: {
    severity: "error",
    message: "cluster name `{cluster}` is {length} characters long; Cilium allows at most 32 in cluster.name",
    summary: "A Cilium cluster name is longer than Cilium accepts.",
    explanation: "Cilium validates cluster.name (lowercase letters, digits and '-', at most 32 characters) and refuses to start otherwise. Shorten the cluster name.",
  },
  PC1109: {
    severity: "error",
    message: "{what} {address} is the {which} address of network `{network}` ({cidr})",
    summary: "A node address is the network or broadcast address of its subnet.",
    explanation: "The first and last address of an IPv4 subnet (wider than /31) identify the network and reach every host; no host can use them.",
  },
  PC1110: {
    severity: "error",
    message: "the primary address {address} of Talos node `{node}` is on overlay `{network}`",
    summary: "A Talos node's primary address is on an overlay network.",
    explanation:
      "Talos configures the primary address statically on the node's link, and the cluster (kubelet node IP, etcd) runs over it.\nOverlay addresses such as Tailscale's belong to the overlay's own software: list them under addresses and give the node\nits LAN address as address.",
  },
  PC1111: {
    severity: "warning",
    message: "network `{network}` declares no gateway, so Talos {nodes} with static addresses on it get no default route",
    summary: "A Talos node with a static address has no default route.",
    explanation: "Without a default route the node cannot pull images or reach the discovery service. Declare gateway on the network.",
  },
  PC1112: {
    severity: "error",
    message: "control-plane node `{node}` of Talos cluster `{cluster}` cannot leave etcd",
    summary: "A Talos control-plane node declared without etcd.",
    explanation: "Talos runs an etcd member on every control-plane node; there is no control plane without one. Make the node a worker instead.",
  },
  PC1113: {
    severity: "error",
    message: "cluster `{cluster}` runs {count} K3s servers and none is an etcd member",
    summary: "Several K3s servers without embedded etcd have no datastore to share.",
    explanation:
      "A K3s server without etcd keeps the cluster state in a local SQLite file that no other server can join. Several\nservers need embedded etcd (etcd members) or an external datastore, which platformc does not configure.",
  },
  PC1114: {
    severity: "error",
    message: "API endpoint {host} of cluster `{cluster}` is served by nothing",
    summary: "The Kubernetes API address clients and nodes use is no control-plane address and no VIP platformc configures.",
    explanation:
      "Joining nodes, kubeconfigs and Cilium without kube-proxy reach the API at apiEndpoint.host. An IP address there must be\none something answers on: a control-plane node's address, or the VIP Talos holds on the control-plane link\n(apiEndpoint.vip). An address announced some other way (BGP, an external load balancer) cannot be said yet; use a DNS\nname that resolves to the control-plane nodes, or a Talos VIP.",
  },
  PC1115: {
    severity: "error",
    message: "cluster `{cluster}` names `{service}` as its ingress service, but Cilium serves Gateway `{gateway}` through Service `{expected}`",
    summary: "The ingress service of a Cilium Gateway is not the Service Cilium creates for the Gateway.",
    explanation:
      "On a Cilium cluster with ingress type gateway-api and a bundled ingress service, platformc writes the Gateway named\nby ingress.className and Cilium's operator creates its LoadBalancer Service, cilium-gateway-<Gateway name>, in the\nGateway's namespace (longer than 63 characters, the name is shortened with a hash). The spec's service stands for that\nService: its address, DNS records and policies are written for it, so under another name they describe nothing.",
  },
  PC1116: {
    severity: "error",
    message: "the Gateway `{gateway}` of cluster `{cluster}` needs {count} listeners, more than the {max} a Gateway holds",
    summary: "More TLS hostnames on a Cilium Gateway than one Gateway has listeners for.",
    explanation:
      "platformc gives the Gateway one HTTP listener and one HTTPS listener per TLS hostname, each with that host's\ncertificate. Gateway API allows at most 64 listeners per Gateway; the API server rejects a longer list.",
  },
  PC1117: {
    severity: "error",
    message: "nothing gives the LoadBalancer services of cluster `{cluster}` an address: {reason}",
    summary: "A cluster has LoadBalancer services and nothing that gives them addresses.",
    explanation:
      "Kubernetes leaves LoadBalancer Services pending until a load-balancer implementation assigns an address. platformc\ndisables K3s's ServiceLB unless loadBalancer.type is servicelb, and Talos ships none, so a cluster without\nloadBalancer has nothing to assign one; with loadBalancer metallb, platformc installs MetalLB itself unless something\nkeeps it from doing so. Declare loadBalancer (servicelb on K3s, metallb or cilium with pools), or expose the ports\nanother way (NodePort).",
  },
  PC1118: {
    severity: "error",
    message: "cluster `{cluster}` names ClusterIssuer `{issuer}` for its TLS hosts, but nothing the spec describes creates it",
    summary: "ingress.certIssuer names an issuer platformc does not write and the spec cannot say who does.",
    explanation:
      "cert-manager leaves every Certificate that names a missing issuer unready, so no TLS host gets a certificate.\nplatformc writes the ClusterIssuer certIssuer names only with ingress.acme, and the spec has no way to say that\nsomething else creates it. Add ingress.acme (email, and the solver: http01 through the ingress controller, cloudflare\nfor DNS-01), or drop certIssuer to serve TLS with the controller's default certificate.",
  },
  PC1119: {
    severity: "warning",
    message: "NodePort {nodePort} of service `{service}` keeps its clients' addresses (externalTrafficPolicy: Local), so only nodes running its pods answer: {nodes}",
    summary: "A NodePort that admits clients by address answers only on the nodes that run the service's pods.",
    explanation:
      "A NodePort with externalTrafficPolicy Cluster forwards a connection that reaches a node without a pod to another\nnode and masquerades it there, so the pod's network policy sees a node address (or, with Flannel, the node's tunnel\naddress) instead of the client's and refuses it, or admits it without looking at the client. platformc sets Local on\nNodePort and LoadBalancer Services whose policies admit outside clients by address, which keeps the client's address;\nthe price is that a node without a pod drops the connection. Point clients at the nodes that run a pod (placement.nodes\npins them), or run the service as a daemonset.",
  },
  PC1120: {
    severity: "warning",
    message: "cluster `{cluster}` is in ClusterMesh `{mesh}`, but its clustermesh-apiserver is exposed to no other member",
    summary: "A ClusterMesh member whose clustermesh-apiserver the other members cannot reach.",
    explanation:
      "The members of a mesh connect to each other's clustermesh-apiserver (port 2379) to learn the other clusters' nodes,\nidentities and global Services. platformc lists each member's address under clustermesh.config in the other members'\nCilium values, and takes it from the Cilium Helm service's port named clustermesh (or on 2379): exposed as a\nLoadBalancer with an address, or as a NodePort on the control-plane nodes. Without one, no member lists this cluster\nand the mesh stays disconnected from it, so the cross-cluster flows that enter or leave it fail. Checked only for\nmembers such a flow crosses.",
  },
  PC1121: {
    severity: "warning",
    message: "the target `{target}` of the flow from `{from}` cannot be made a global Service: {why}",
    summary: "A cross-cluster flow whose target Service platformc cannot make global in both clusters.",
    explanation:
      "A pod reaches a Service of another ClusterMesh member only through a global Service: a Service of that name and\nnamespace in both clusters, both annotated service.cilium.io/global: \"true\". platformc annotates the target's Service\n(for a Flux Helm release, by a post-render patch) and writes the consuming cluster's one; it cannot when the target is\na Helm release applied by Argo CD (set the annotation through the chart's values), or when the consuming cluster has a\nservice of that name and namespace of its own (Cilium would balance across both).",
  },

  PC1122: {
    severity: "error",
    message: "k3s config key `{key}` {problem}",
    summary: "A K3s config key in extraConfig or k3sConfig that K3s would refuse or ignore.",
    explanation:
      "Keys of /etc/rancher/k3s/config.yaml are the long flags of `k3s server` and `k3s agent` without the dashes, and each\nvalue must have its flag's type (a boolean, an integer, a string, a list of strings, a Go duration such as 5m0s).\n`k3s server` skips keys it does not know with a warning in its log, and `k3s agent` fails on them, so the setting\nwould silently not apply or the node would not join. The flags are those of K3s v1.34 (src/catalog/k3s-flags.ts).",
  },
  PC1123: {
    severity: "error",
    message: "{what} sets `{key}`, which platformc writes from {field}",
    summary: "An escape hatch (K3s extra config, Talos patch) sets something platformc writes from the spec.",
    explanation:
      "extraConfig, k3sConfig and the Talos patches add settings platformc does not model. A setting it writes itself\n(addresses, CIDRs, the join token, the install disk and image, the node's network) must come from the spec, or the\nconfigs would disagree with the policies, DNS records and docs platformc derives from the same field. Set the field\nthe message names instead.",
  },
  PC1124: {
    severity: "error",
    message: "{field} is for {wanted} clusters, and cluster `{cluster}` runs {distribution}",
    summary: "A K3s or Talos setting on a cluster of the other distribution.",
    explanation: "k3s.extraConfig and nodes[].k3sConfig apply to K3s clusters, talos.patches, nodes[].talosPatches and nodes[].installDisk to Talos clusters; on another distribution nothing would read them.",
  },
  PC1125: {
    severity: "error",
    message: "{what}: {problem}",
    summary: "A Talos patch that the Talos config schema of the cluster's release refuses.",
    explanation:
      "talos.patches and nodes[].talosPatches are strategic-merge patches of the machine config talosctl generates, or\nwhole documents of another kind (VolumeConfig, UserVolumeConfig, ExtensionServiceConfig ...). Each is checked against\nthe Talos config JSON Schema of the cluster's release (schema/talos/; the nearest one platformc ships when it has none\nof that release): a field Talos does not know, a value of the wrong type, outside its allowed values or not of its pattern, or a\nkind the release does not have would make `talosctl apply-config` refuse the config. Fields a patch leaves out are\nnot required: the generated config has them. A patch with a problem is left out of the node configs.",
  },
  PC1126: {
    severity: "error",
    message: "the {input} `{service}` {verb} no `{path}`, which {chart} needs: {why}",
    summary: "A catalogued chart's required value is missing from the release's values.",
    explanation:
      "Some charts cannot render or cannot work without a value only the user knows (the GitHub URL a runner set registers\nwith, the account address of an issuer). helm install fails on the chart's own `fail`, or the release installs and\nits pods wait forever. The component catalog (src/catalog) lists these values per chart; set them under chart.values\n(for a managed service's custom resource, under resource.spec).",
  },
  PC1127: {
    severity: "warning",
    message: "volume `{volume}` of service `{service}` asks for StorageClass `{class}`, which nothing platformc installs in cluster `{cluster}` provides",
    summary: "A volume names a StorageClass that no known installer of its cluster creates.",
    explanation:
      "A PersistentVolumeClaim whose StorageClass does not exist stays Pending, and so does every pod that mounts it. platformc\nknows the classes the distribution ships (K3s: local-path) and those the catalogued charts create with their values\n(Rook-Ceph's ceph-block, ceph-filesystem and ceph-bucket, Longhorn's longhorn, OpenEBS's openebs-hostpath ...). Name\none of them, or, when the class comes from something platformc does not know (a manifest, an operator), ignore the\nwarning with the reason.",
  },
  PC1128: {
    severity: "error",
    message: "managed service `{service}` is a {kind}, which only {operator} acts on, and cluster `{cluster}` installs no {operator}",
    summary: "A managed service's custom resource has no operator in its cluster.",
    explanation:
      "A managed service is a custom resource (a CloudNativePG Cluster, a Strimzi Kafka) that an operator turns into pods.\nWithout the operator's release in the same cluster the API server has no such kind and refuses the object, or, with\nonly the CRDs installed, stores it and nothing ever runs. Install the operator as a helm service of the cluster, in\nthe managed service's layer or one it depends on.",
  },
  PC1129: {
    severity: "error",
    message: "managed service `{service}` writes {kind} at {apiVersion}, but {operator} {version} serves it at {served}",
    summary: "A managed service's apiVersion is not the one its installed operator serves.",
    explanation:
      "An operator's CRDs serve each kind at the API versions of its release; an object at any other version is refused\n(\"no matches for kind\"), and the layer that holds it fails to apply. The component catalog knows which version each\noperator release serves (src/catalog); write that one, or pin the operator release that serves the one you wrote.",
  },

  // ── network policies ─────────────────────────────────────────────────────────────────────────────
  PC1201: {
    severity: "error",
    message: "flow from `{from}` to `{to}` crosses from cluster `{a}` to cluster `{b}`, which share no ClusterMesh",
    summary: "A flow between two clusters that are not in one ClusterMesh.",
    explanation:
      "Pods reach a service of another cluster directly only through a Cilium ClusterMesh; without one the traffic leaves\nthrough a LoadBalancer or NodePort address and arrives from a node address, which no network policy can tie to\nthe flow's source. Put both clusters into one mesh, or declare the other cluster's address as an external endpoint.",
  },
  PC1202: {
    severity: "warning",
    message: "cross-cluster flow from `{from}` to `{to}` can only be allowed by pod CIDR in the standard NetworkPolicies of cluster {clusters}",
    summary: "A cross-cluster flow is allowed coarsely because a cluster emits standard NetworkPolicies only.",
    explanation:
      "A NetworkPolicy cannot name a pod of another cluster, so platformc allows the flow by an ipBlock of the other\ncluster's pod CIDR: every pod there is admitted on the port. Cilium also never applies CIDR rules to ClusterMesh\nendpoints, so on a mesh the standard policy may not even allow the flow. With cni.policy cilium or both,\nCiliumNetworkPolicies name the peer by its labels and its cluster (io.cilium.k8s.policy.cluster).",
  },
  PC1203: {
    severity: "error",
    message: "pods of `{a}` carry every label of the selector of `{b}` ({selector}) in namespace `{namespace}`",
    summary: "The selector of one service also matches the pods of another in the same namespace.",
    explanation:
      "Network policies, the workload and the Service of a service select its pods by its selector. When the pods of another\nservice in the namespace carry all of those labels, the workload controllers fight over them, the Service sends\ntraffic to them and the policies apply to them, so the allowed flows are no longer the declared ones. Give each\nservice a selector that tells its pods apart.\nTwo Services in front of one pod set are fine: declare the second as a bundled service whose selector names the\nother's pods (platformc writes no workload or Service for it; the distribution's ingress controller and DNS server\nrun pods of their own, so their selectors still count). That stays an error only in a namespace that gets\nnetwork policies, where a bundled service's pods are left open by an allow-all policy that would open the other\nservice's pods too; there, declare the ports on the one service (each port has its own expose:).",
  },
  PC1204: {
    severity: "warning",
    message: "namespace `kube-system` of cluster `{cluster}` gets a default-deny policy, which also cuts off what {distribution} runs there",
    summary: "A default deny in kube-system isolates the distribution's own components.",
    explanation:
      "kube-system holds components the spec does not declare (metrics-server, the local-path provisioner, kube-proxy\nor the CNI on some setups). A default deny there cuts their traffic, since no declared flow allows it. platformc\nleaves the cluster DNS and bundled services open, but cannot know the rest. Set defaultDeny: false on kube-system.",
  },
  PC1205: {
    severity: "warning",
    message: "pods of Helm release `{service}` are matched for {via} by the assumed label {label}",
    summary: "Network policies match a Helm release's pods by a label the chart may not set.",
    explanation:
      "A service of kind helm without selector: is assumed to label its pods app.kubernetes.io/name: <name>. Charts label\ntheir pods as they like (and one release often runs several workloads), so the policy for the flow may match no\npod at all. Set selector: to the labels of the pods that serve the port.\nThe label reaches the cluster only through network policies (platformc writes no workload or Service for a release),\nso the warning comes once per release, and only where a policy names its pods: the release's own policies (its\nnamespace gets them) or the rules of a policy-restricted service it has a flow or route with. Charts the component\ncatalog knows give their pods' labels themselves and never get it.",
  },
  PC1206: {
    severity: "error",
    message: "external endpoint `{name}` has flows into the platform but no address",
    summary: "An external endpoint without an address opens flows into services.",
    explanation: "A flow from an external endpoint becomes an ingress rule that admits its address (ipBlock). Without address: there is nothing to admit.",
  },
  PC1207: {
    severity: "warning",
    message: "cluster `{cluster}` runs Flannel on Talos, which enforces no NetworkPolicy",
    summary: "Network policies are generated for a cluster whose CNI does not enforce them.",
    explanation:
      "Talos's default Flannel has no network-policy controller (K3s embeds one; Talos does not), so the generated\ndefault-deny and allow policies are stored but have no effect. Use Cilium to enforce them.",
  },
  PC1208: {
    severity: "error",
    message: "a flow to the Kubernetes API of cluster `{cluster}` names port {port}, but the API server listens on {apiPort}",
    summary: "A `to: kubernetes-api` flow names a port other than the API server's or the `kubernetes` Service's.",
    explanation:
      "`to: kubernetes-api` allows egress to the cluster's API server. Pods reach it through the `kubernetes` Service\n(port 443), which kube-proxy or Cilium translates to a control-plane node (or the VIP) on apiEndpoint.port before\negress policy sees the packet, so the policies allow that port. The flow may leave port out, or name apiEndpoint.port\nor 443; the protocol is TCP.",
  },
  PC1209: {
    severity: "warning",
    message: "service `{service}` of Cilium cluster `{cluster}` reaches the Kubernetes API only through standard NetworkPolicies, whose ipBlocks Cilium does not apply to nodes",
    summary: "A `to: kubernetes-api` flow on a Cilium cluster that emits NetworkPolicies only.",
    explanation:
      "The standard policy allows the API server by an ipBlock of each control-plane address. Cilium gives node addresses\nthe host, remote-node or kube-apiserver identity and applies CIDR rules only to addresses outside the cluster (unless\npolicy-cidr-match-mode includes nodes), so the flow stays denied. With cni.policy cilium or both, a\nCiliumNetworkPolicy allows it by `toEntities: [kube-apiserver]`.",
  },
  PC1210: {
    severity: "warning",
    message: "the selector of Helm release `{service}` ({selector}) matches no pod the {component} chart runs",
    summary: "A Helm release's selector names labels none of its chart's workloads carries.",
    explanation:
      "The catalog knows which workloads the chart runs and how it labels their pods (src/catalog). The spec's selector\nof the release carries its declared flows and the routes to it, so a selector no workload's pods match makes those\npolicies select nothing. Set selector: to the labels of the workload the flows are for, or leave it out: the chart's\nprimary workload's labels are used.",
  },
  PC1211: {
    severity: "warning",
    message: "release `{service}` needs traffic no network policy can admit, which the default deny of namespace `{namespace}` cuts: {why}",
    summary: "A catalogued component needs connections the generated policies cannot express, in a namespace with a default deny.",
    explanation:
      "Some components need traffic a NetworkPolicy or CiliumNetworkPolicy rule of platformc cannot name. Port ranges, the\nnodes' own addresses and host-network peers are expressible (ipBlocks of each node address, Cilium's host and\nremote-node entities), except on a Cilium cluster that emits NetworkPolicies only: Cilium applies no ipBlock to a\nnode's address, so Prometheus scraping kubelets or CSI node plugins reaching Ceph's mons stay cut there. In a\nnamespace with a default deny that traffic is dropped and the component does not work fully. Set cni.policy: both\n(or cilium), set defaultDeny: false on the namespace, or run the component where such traffic is not needed.",
  },

  // ── DNS records, zone files, external-dns (PC13xx) ───────────────────────────────────────────────
  PC1301: {
    severity: "error",
    message: "{what} `{name}` cannot go into a zone file: {reason}",
    summary: "A DNS name breaks the label (63) or name (253) length limit or the zone-file syntax.",
    explanation:
      "RFC 1035 limits a label to 63 octets and a name to 255 octets on the wire (253 characters written out). Labels hold\nletters, digits, '-' and '_'; `*` only as the first label of an owner name. A/AAAA owners and NS, MX and SRV targets\nmust be host names (no '_'), which BIND enforces for primary zones (check-names).",
  },
  PC1302: {
    severity: "warning",
    message: "{what} has TTL {ttl}, outside {min}..{max} seconds",
    summary: "A zone or record TTL is below 30 seconds or above one week.",
    explanation:
      "TTLs under 30 s defeat caching and multiply queries; resolvers cap TTLs at one week (BIND's max-cache-ttl), so a\nlonger one only delays changes. In an external-dns zone, 0 means the provider's default and is accepted.",
  },
  PC1303: {
    severity: "error",
    message: "{type} {name} has malformed data: {reason}",
    summary: "A record's value does not parse for its type.",
    explanation:
      "Values are written in zone-file presentation form: A an IPv4 and AAAA an IPv6 address, CNAME/NS/PTR one name,\nMX `<preference> <exchange>`, SRV `<priority> <weight> <port> <target>`, CAA `<flags> <tag> \"<value>\"`, TXT plain text\nor quoted strings of at most 255 bytes each. A CNAME has exactly one target; the SOA contact is a mailbox.",
  },
  PC1304: {
    severity: "error",
    message: "nameserver {ns} of zone `{zone}` lies inside the zone but has no A or AAAA record there",
    summary: "An in-zone nameserver has no address record (glue).",
    explanation:
      "A resolver can only reach a nameserver whose name is inside the zone it serves through an address record in that\nzone (glue in the parent). named refuses to load such a zone. Add an A/AAAA record for the nameserver, or list a\nnameserver outside the zone.",
  },
  PC1305: {
    severity: "error",
    message: "zone `{zone}` asks for a wildcard record, but {reason}",
    summary: "A zone's wildcard cannot tell which ingress address to point at.",
    explanation:
      "wildcard: true adds *.<zone> with the ingress address of the cluster serving the zone's hosts. It needs exactly one\nsuch address set: when clusters with different addresses serve hosts in the zone, the zone's `cluster` picks one.",
  },
  PC1306: {
    severity: "error",
    message: "zone `{zone}` is managed by external-dns, but {reason}",
    summary: "An external-dns zone's cluster runs no external-dns that syncs it.",
    explanation:
      "platformc writes the zone's DNSEndpoint objects for the zone's cluster. external-dns is found by what it runs, whatever\nthe service is called: a Helm release of the external-dns chart, or a deployment of its image. With several instances\nthe zone belongs to the first whose chart values' domainFilters cover it, else to the first without domainFilters\n(which manages every domain). The cluster's DNSEndpoints go to the namespace of the instance of its first such zone;\nevery instance that is not namespaced reads them there and keeps the names its domainFilters cover. Without an\ninstance for the zone, or with one that reads only another namespace, nothing would sync its records.",
  },
  PC1307: {
    severity: "warning",
    message: "relative name `{name}` is completed to `{full}`",
    summary: "A relative name in a record probably lacks its final dot.",
    explanation:
      "In zone files a name without a final dot is relative to the zone: `web.example.com` in zone example.com means\nweb.example.com.example.com. platformc warns when a relative name ends in a zone of the spec, the platform's domain\nor a common top-level domain; end fully qualified names with a dot.",
  },
  PC1308: {
    severity: "warning",
    message: "external-dns cannot manage {type} records; zone `{zone}` gets them only in its zone file",
    summary: "An external-dns zone holds a record type external-dns does not manage.",
    explanation:
      "external-dns syncs A, AAAA, CNAME, TXT, SRV, NS, PTR and MX records (each beyond A/AAAA/CNAME only with\n--managed-record-types). Other types are written to the zone file but no DNSEndpoint carries them: create them at the\nprovider by hand.",
  },
  PC1309: {
    severity: "warning",
    message: "ingress host {host} resolves to nothing: the ingress controller of cluster `{cluster}` has no address",
    summary: "An ingress host lies in a zone, but its cluster's ingress controller has no address to point it at.",
    explanation:
      "Ingress hosts get A/AAAA records for the address the ingress controller answers on: its LoadBalancer IP, the\nServiceLB nodes, or the nodes it runs on with host networking. This controller has none, so no record is written.",
  },
  PC1310: {
    severity: "warning",
    message: "{type} target {target} {problem}",
    summary: "An MX, SRV or NS record points at an alias or at a name without an address.",
    explanation:
      "RFC 2181 §10.3: MX, SRV and NS targets must be canonical names with address records, never CNAMEs; mail and service\nclients skip targets they cannot resolve.",
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(s: string): s is Code {
  return Object.prototype.hasOwnProperty.call(CODES, s);
}
