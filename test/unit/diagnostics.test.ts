// Every diagnostic code is pinned by at least one fixture here (or by the CLI tests for I/O codes), and
// each fixture asserts the exact code, not merely "some error" — the weakness of cluster-template's tests.
import { describe, expect, it } from "vitest";
import { baseSpec } from "../support/base.js";
import YAML from "yaml";
import { compileObject, compileText, type Compiled } from "../support/compile.js";
import { compileSource } from "../../src/build.js";
import { Diagnostics, sortDiagnostics } from "../../src/diagnostics/diagnostic.js";
import { CODES } from "../../src/diagnostics/codes.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";

type Mut = (s: any) => void;
interface Fixture {
  name: string;
  mutate?: Mut;
  text?: string;
  /** exactly these codes, in order, and nothing else */
  codes: string[];
  /** substrings the rendered output must contain */
  says?: string[];
  /** files beside the spec (relative path -> text), for what a spec reads (a namespace's secrets) */
  files?: Record<string, string>;
}

const svc = (s: any, name: string) => s.services.find((x: any) => x.name === name);
const cluster = (s: any) => s.clusters[0];
/** The base cluster on Talos with Cilium (enforcing its policies) and named links, which Talos needs for static addresses and the VIP. */
const talosify = (s: any) => {
  cluster(s).distribution = "talos";
  cluster(s).cni = { name: "cilium" };
  for (const n of cluster(s).nodes) n.interface = "eth0";
  traefikFromChart(s);
};
/** The base's ingress service as one the platform does not deploy (Cilium's Gateway Service). */
function asBundled(s: any): void {
  const t = svc(s, "traefik");
  t.kind = "bundled";
  delete t.chart;
}
/** Talos ships no Traefik (PC1009): the base's ingress controller from its chart, kube-system left open as Talos needs. */
function traefikFromChart(s: any): void {
  Object.assign(svc(s, "traefik"), { kind: "helm", chart: { repo: "https://traefik.github.io/charts", name: "traefik", version: "36.3.0" } });
  const ks = s.namespaces.find((n: any) => n.name === "kube-system" && (n.cluster ?? cluster(s).name) === cluster(s).name);
  if (ks) ks.defaultDeny = false;
}

/** A second cluster with one service that web flows to; `meshed` puts both into ClusterMesh m on Cilium. */
function secondCluster(s: any, meshed: boolean): void {
  const cilium = meshed ? { cni: { name: "cilium" }, mesh: { name: "m" } } : {};
  Object.assign(cluster(s), cilium);
  s.clusters.push({
    name: "two", distribution: "k3s", podCIDR: "10.50.0.0/16", serviceCIDR: "10.51.0.0/16", ...cilium,
    nodes: [40, 41, 42].map((n, i) => ({ name: `t${i}`, role: "controlplane", address: `192.168.10.${n}` })),
  });
  for (const n of s.namespaces) n.cluster = "main";
  s.namespaces.push({ name: "remote", cluster: "two" });
  s.services.push({ name: "echo", namespace: "remote", cluster: "two", image: "registry.example.com/echo:1.0", ports: [{ name: "http", port: 8080 }] });
  svc(s, "web").flows.push({ to: "two/remote/echo" });
}

const fixtures: Fixture[] = [
  // YAML and file level
  { name: "not YAML", text: "apiVersion: [unclosed\n", codes: ["PC0101"] },
  { name: "empty file", text: "# just a comment\n", codes: ["PC0005"] },
  { name: "two documents", text: "a: 1\n---\nb: 2\n", codes: ["PC0104"] },
  { name: "duplicate key", text: "apiVersion: platformc.dev/v1alpha1\nplatform:\n  name: a\n  name: b\nclusters: []\n", codes: ["PC0102"], says: ["duplicate key `name`", ":4:3"] },
  {
    name: "alias bomb",
    text: ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]", ""].join("\n"),
    codes: ["PC0103"],
  },
  { name: "nesting too deep", text: `a: ${"[".repeat(300)}${"]".repeat(300)}\n`, codes: ["PC0105"], says: ["YAML nested deeper than 256 levels", ":1:259"] },
  // schema
  { name: "wrong type", mutate: (s) => (svc(s, "web").replicas = "2"), codes: ["PC0201"], says: ["must be an integer", 'found the string "2"'] },
  { name: "unknown field with did-you-mean", mutate: (s) => (cluster(s).podCidr = "10.42.0.0/16"), codes: ["PC0202"], says: ["unknown field `podCidr`", "did you mean `podCIDR`?"] },
  { name: "missing field", mutate: (s) => delete cluster(s).distribution, codes: ["PC0203"], says: ["missing required field `distribution`"] },
  { name: "enum with did-you-mean", mutate: (s) => (cluster(s).nodes[0].role = "controlplan"), codes: ["PC0204"], says: ["did you mean `controlplane`?"] },
  { name: "name not DNS-1123", mutate: (s) => (s.platform.name = "../etc"), codes: ["PC0205"], says: ["path separator"] },
  { name: "uppercase name", mutate: (s) => (svc(s, "web").name = "Web"), codes: ["PC0205"], says: ["e.g. `web`"] },
  { name: "bound broken", mutate: (s) => (svc(s, "web").ports[0].port = 70000), codes: ["PC0206"], says: ["at most 65535"] },
  // references
  { name: "unresolved flow target", mutate: (s) => (svc(s, "web").flows[0].to = "apii"), codes: ["PC0301"], says: ["service `apii` not found", "did you mean `api`?"] },
  { name: "unresolved namespace", mutate: (s) => (svc(s, "web").namespace = "app"), codes: ["PC0301"], says: ["did you mean `apps`?"] },
  { name: "unknown layer", mutate: (s) => (s.namespaces[1].layer = "ap"), codes: ["PC0301"] },
  { name: "duplicate service", mutate: (s) => s.services.push({ ...svc(s, "web") }), codes: ["PC0302"], says: ["first declared here"] },
  { name: "node memory without a unit", mutate: (s) => (cluster(s).nodes[0].capacity.memory = 16), codes: ["PC0350"], says: ["is only 16 bytes", "did you mean `16Gi`?"] },
  { name: "ambiguous cluster", mutate: (s) => s.clusters.push({ name: "second", distribution: "k3s", podCIDR: "10.50.0.0/16", serviceCIDR: "10.51.0.0/16", nodes: [{ name: "x1", role: "controlplane", address: "192.168.10.40" }] }), codes: ["PC0303", "PC0303", "PC0303"] },
  { name: "missing flow port", mutate: (s) => delete svc(s, "web").flows[0].port, codes: ["PC0304"], says: ["has several ports and none is named", "8080 (http), 9000 (debug)"] },
  { name: "unknown flow port name", mutate: (s) => (svc(s, "api").flows[0].port = "postgre"), codes: ["PC0304"], says: ["did you mean `postgres`?"] },
  { name: "helm without chart", mutate: (s) => (svc(s, "web").kind = "helm"), codes: ["PC0305"] },
  { name: "bad CIDR with suggestion", mutate: (s) => (cluster(s).podCIDR = "10.42.1.0/16"), codes: ["PC0306"], says: ["host bits", "did you mean 10.42.0.0/16?"] },
  { name: "bad IP", mutate: (s) => (cluster(s).nodes[0].address = "192.168.10.300"), codes: ["PC0306"] },
  { name: "ambiguous environment reference", mutate: (s) => {
      s.environments = [{ name: "prod" }, { name: "staging" }];
      s.namespaces[2].environments = ["prod", "staging"];
    }, codes: ["PC0307"], says: ["data-prod/db or data-staging/db"] },
  { name: "ingress without controller", mutate: (s) => delete cluster(s).ingress, codes: ["PC0308"] },
  { name: "malformed range", mutate: (s) => (cluster(s).nodePortRange = "32767-30000"), codes: ["PC0309"] },
  // the ignore list (test/unit/ignore.test.ts has the scope matching)
  { name: "ignore of an unknown code", mutate: (s) => (s.ignore = [{ code: "PC7010", reason: "r" }]), codes: ["PC0310"], says: ["`PC7010` is not a diagnostic code"] },
  { name: "ignore of an error", mutate: (s) => (s.ignore = [{ code: "PC0401", reason: "r" }]), codes: ["PC0311"], says: ["PC0401 cannot be ignored: it is an error"] },
  { name: "ignore scope that names nothing", mutate: (s) => (s.ignore = [{ code: "PC0701", at: "service:apps/wbe", reason: "r" }]), codes: ["PC0312"], says: ["ignore scope `service:apps/wbe` names no service", "did you mean `service:apps/web`?"] },
  { name: "ignore that silences nothing", mutate: (s) => (s.ignore = [{ code: "PC0701", reason: "r" }]), codes: ["PC0313"], says: ["ignore of PC0701 silences no warning"] },
  // networks
  { name: "pod CIDR overlaps service CIDR", mutate: (s) => { cluster(s).podCIDR = "10.42.0.0/16"; cluster(s).serviceCIDR = "10.42.128.0/17"; }, codes: ["PC0401"], says: ["service CIDR 10.42.128.0/17 of cluster `main` overlaps pod CIDR 10.42.0.0/16"] },
  { name: "pod CIDR overlaps node network", mutate: (s) => (cluster(s).podCIDR = "192.168.0.0/16"), codes: ["PC0401"] },
  { name: "meshed clusters overlap", mutate: (s) => {
      cluster(s).cni = { name: "cilium" };
      cluster(s).mesh = { name: "m", id: 1 };
      s.clusters.push({ name: "two", distribution: "talos", cni: { name: "cilium" }, mesh: { name: "m", id: 2 }, nodes: [{ name: "t1", role: "controlplane", address: "192.168.10.60" }, { name: "t2", role: "controlplane", address: "192.168.10.61" }, { name: "t3", role: "controlplane", address: "192.168.10.62" }] });
      for (const n of s.namespaces) n.cluster = "main";
    }, codes: ["PC0401", "PC0401"], says: ["ClusterMesh `m`"] },
  { name: "gateway outside network", mutate: (s) => (s.networks[0].gateway = "192.168.11.1"), codes: ["PC0402"] },
  { name: "address on no network", mutate: (s) => (cluster(s).nodes[3].addresses[0].address = "10.200.0.1"), codes: ["PC0403"] },
  { name: "pool contains a node", mutate: (s) => (cluster(s).loadBalancer.pools[0].addresses = ["192.168.10.10-192.168.10.30"]), codes: ["PC0404"], says: ["contains the address 192.168.10.11 of node `cp1`"] },
  { name: "pool outside node network in L2", mutate: (s) => (cluster(s).loadBalancer.pools[0].addresses = ["10.99.0.0/28"]), codes: ["PC0404"] },
  { name: "too many nodes for mask", mutate: (s) => { cluster(s).podCIDR = "10.42.0.0/23"; }, codes: ["PC0405"], says: ["room for 2 node CIDRs"] },
  { name: "layer timing on Argo CD", mutate: (s) => { cluster(s).gitops.tool = "argocd"; cluster(s).gitops.layers[0].timeout = "20m"; }, codes: ["PC0902"], says: ["`timeout` of layer `infra` of cluster `main` is a Flux setting"] },
  { name: "two nodes recorded with one pod CIDR", mutate: (s) => { cluster(s).nodes[0].podCIDR = "10.42.3.0/24"; cluster(s).nodes[2].podCIDR = "10.42.3.0/24"; }, codes: ["PC0405"], says: ["pod CIDR 10.42.3.0/24 of node `cp3` is also the pod CIDR of node `cp1`", "recorded here first"] },
  { name: "node pod CIDR of another size than nodeMaskSize", mutate: (s) => { cluster(s).nodes[1].podCIDR = "10.42.4.0/23"; }, codes: ["PC0405"], says: ["is a /23, but the controller manager assigns each node a /24"] },
  { name: "duplicate node address", mutate: (s) => (cluster(s).nodes[1].address = "192.168.10.11"), codes: ["PC0406"] },
  { name: "VIP inside pool", mutate: (s) => (cluster(s).apiEndpoint.vip = "192.168.10.210"), codes: ["PC0407"] },
  { name: "service CIDR without room for the cluster DNS", mutate: (s) => (cluster(s).serviceCIDR = "10.43.0.0/29"), codes: ["PC0408"], says: ["the cluster DNS address 10.43.0.10 (network address + 10) lies outside it", "use at least a /28"] },
  // ports
  { name: "NodePort outside range", mutate: (s) => (svc(s, "api").ports[1].nodePort = 16686), codes: ["PC0501"] },
  { name: "NodePort collision", mutate: (s) => { svc(s, "api").ports[1].nodePort = 30080; svc(s, "web").ports[0].expose = "NodePort"; svc(s, "web").ports[0].nodePort = 30080; }, codes: ["PC0502"] },
  { name: "duplicate port number", mutate: (s) => svc(s, "web").ports.push({ name: "other", port: 8080 }), codes: ["PC0503"] },
  { name: "hostPort collision", mutate: (s) => { s.namespaces[1].podSecurity = "privileged"; svc(s, "web").ports[0].hostPort = 8443; svc(s, "api").ports[0].hostPort = 8443; }, codes: ["PC0504"] },
  { name: "LB ip:port collision", mutate: (s) => { svc(s, "db").ports[0].loadBalancerIP = "192.168.10.205"; svc(s, "db").ports[0].port = 443; svc(s, "traefik").ports[1].loadBalancerIP = "192.168.10.205"; }, codes: ["PC0505"] },
  { name: "ingress route collision", mutate: (s) => (svc(s, "api").ingress = [{ host: "web" }]), codes: ["PC0506"] },
  { name: "nodePort on ClusterIP port", mutate: (s) => (svc(s, "web").ports[0].nodePort = 30001), codes: ["PC0507"] },
  // DNS
  { name: "conflicting A records", mutate: (s) => s.dns.zones[0].records = [{ name: "web", type: "A", values: ["192.168.10.99"] }], codes: ["PC0601"] },
  { name: "CNAME beside data", mutate: (s) => s.dns.zones[0].records = [{ name: "web", type: "CNAME", values: ["other.example.com."] }], codes: ["PC0602"] },
  { name: "record outside zone", mutate: (s) => s.dns.zones[0].records = [{ name: "x.example.org.", type: "A", values: ["192.168.10.99"] }], codes: ["PC0603"] },
  { name: "host in no zone", mutate: (s) => (svc(s, "api").ingress = [{ host: "api.other.org" }]), codes: ["PC0604"] },
  { name: "record in a more specific zone", mutate: (s) => { s.dns.zones.push({ name: "sub.lab.example.com" }); s.dns.zones[0].records = [{ name: "x.sub", type: "TXT", values: ["hi"] }]; }, codes: ["PC0603"], says: ["move the record to zone `sub.lab.example.com`"] },
  { name: "DNS label too long", mutate: (s) => (s.dns.zones[0].records = [{ name: "a".repeat(64), type: "TXT", values: ["x"] }]), codes: ["PC1301"], says: ["64 characters long; a label has at most 63"] },
  { name: "A owner not a host name", mutate: (s) => (s.dns.zones[0].records = [{ name: "my_host", type: "A", values: ["192.168.10.99"] }]), codes: ["PC1301"], says: ["check-names"] },
  { name: "TTL too short", mutate: (s) => (s.dns.zones[0].ttl = 5), codes: ["PC1302"], says: ["zone `lab.example.com` has TTL 5, outside 30..604800 seconds"] },
  { name: "malformed record data", mutate: (s) => (s.dns.zones[0].records = [{ name: "x", type: "MX", values: ["mail.example.com."] }]), codes: ["PC1303"], says: ["`<preference 0-65535> <exchange>`"] },
  { name: "in-zone nameserver without glue", mutate: (s) => (s.dns.zones[0].nameservers = ["ns1.lab.example.com", "ns.example.net"]), codes: ["PC1304"], says: ["{ name: ns1, type: A"] },
  { name: "wildcard without an ingress address", mutate: (s) => { delete cluster(s).ingress; delete svc(s, "web").ingress; s.dns.zones[0].wildcard = true; }, codes: ["PC1305"] },
  { name: "external-dns zone without external-dns", mutate: (s) => Object.assign(s.dns.zones[0], { provider: "external-dns", cluster: "main" }), codes: ["PC1306"] },
  { name: "relative name with dots", mutate: (s) => (s.dns.zones[0].records = [{ name: "x", type: "CNAME", values: ["web.lab.example.com"] }]), codes: ["PC1307"], says: ["completed to `web.lab.example.com.lab.example.com`", "`web.lab.example.com.`"] },
  { name: "CAA in an external-dns zone", mutate: (s) => {
      Object.assign(s.dns.zones[0], { provider: "external-dns", cluster: "main", records: [{ name: "@", type: "CAA", values: ['0 issue "letsencrypt.org"'] }] });
      s.services.push({ name: "external-dns", namespace: "apps", image: "registry.k8s.io/external-dns/external-dns:v0.15.1", ports: [{ name: "http", port: 7979 }] });
    }, codes: ["PC1308"] },
  { name: "ingress host without an address", mutate: (s) => Object.assign(svc(s, "traefik"), { ports: [{ name: "websecure", port: 443 }], placement: { nodeSelector: { ingress: "yes" } } }), codes: ["PC1309"] },
  { name: "MX target without address", mutate: (s) => (s.dns.zones[0].records = [{ name: "@", type: "MX", values: ["10 mail"] }]), codes: ["PC1310"], says: ["MX target mail.lab.example.com has no A or AAAA record"] },
  // control plane and workloads
  { name: "two etcd members", mutate: (s) => cluster(s).nodes.splice(2, 1), codes: ["PC0701"], says: ["two members tolerate no failure"] },
  { name: "no control plane", mutate: (s) => { for (const n of cluster(s).nodes) n.role = "worker"; }, codes: ["PC0702"] },
  { name: "over capacity", mutate: (s) => (svc(s, "web").replicas = 100), codes: ["PC0703"] },
  { name: "replicas outside autoscaling", mutate: (s) => (svc(s, "api").replicas = 9), codes: ["PC0704"] },
  { name: "placement matches nothing", mutate: (s) => (svc(s, "web").placement = { nodeSelector: { disk: "ssd" } }), codes: ["PC0705"] },
  { name: "mesh id clash", mutate: (s) => {
      cluster(s).cni = { name: "cilium" };
      cluster(s).mesh = { name: "m", id: 7 };
      s.clusters.push({ name: "two", distribution: "talos", podCIDR: "10.60.0.0/16", serviceCIDR: "10.61.0.0/16", cni: { name: "cilium" }, mesh: { name: "m", id: 7 }, nodes: [{ name: "t1", role: "controlplane", address: "192.168.10.60" }] });
      for (const n of s.namespaces) n.cluster = "main";
    }, codes: ["PC0706", "PC0701"] },
  { name: "servicelb with pools", mutate: (s) => (cluster(s).loadBalancer.type = "servicelb"), codes: ["PC0707"] },
  // allocation
  { name: "pool exhausted", mutate: (s) => (cluster(s).loadBalancer.pools[0].addresses = ["192.168.10.200"]), codes: ["PC0801"] },
  { name: "NodePort range exhausted", mutate: (s) => { cluster(s).nodePortRange = "30000-30000"; svc(s, "web").ports[0].expose = "NodePort"; }, codes: ["PC0802"] },
  { name: "LoadBalancer without load balancer", mutate: (s) => delete cluster(s).loadBalancer, codes: ["PC0803"] },
  // GitOps
  { name: "layer cycle", mutate: (s) => (cluster(s).gitops.layers[0].dependsOn = ["apps"]), codes: ["PC0901"], says: ["infra -> apps -> infra"] },
  // Kubernetes objects and GitOps order
  { name: "CRD installed by a later layer", mutate: (s) => {
      cluster(s).ingress.certIssuer = "letsencrypt";
      cluster(s).ingress.acme = { email: "ops@example.com" };
      s.services.push({ name: "cert-manager", namespace: "apps", kind: "helm", chart: { repo: "https://charts.jetstack.io", name: "cert-manager", version: "v1.16.2" } });
      svc(s, "db").ingress = [{ host: "db" }];
    }, codes: ["PC1001"], says: ["error[PC1001]: layer `infra` applies cert-manager.io resources (service `data/db`)", "move service `data/db` into layer `apps`", "(adding `apps` to dependsOn of `infra` would be a cycle)"] },
  { name: "service layer before its namespace's", mutate: (s) => (svc(s, "web").layer = "infra"), codes: ["PC1002"], says: ["namespace `apps` is created by layer `apps`"] },
  { name: "relaxation the pod security level refuses", mutate: (s) => (svc(s, "web").security = { runAsNonRoot: false }), codes: ["PC1003"], says: ["runAsNonRoot: false", "set podSecurity: baseline on namespace `apps`"] },
  { name: "forward auth on Gateway API", mutate: (s) => {
      cluster(s).ingress.type = "gateway-api";
      svc(s, "web").ingress[0].auth = "api";
    }, codes: ["PC1004"] },
  { name: "GPU nodes of two vendors", mutate: (s) => {
      cluster(s).nodes.push({ name: "w2", role: "worker", address: "192.168.10.22", capacity: { cpu: 8, memory: "32Gi" }, gpus: [{ vendor: "amd" }] });
      svc(s, "web").placement = { gpu: 1 };
    }, codes: ["PC1005"], says: ["amd, nvidia"] },
  { name: "CRD from no layer the user depends on", mutate: (s) => {
      cluster(s).gitops.layers = [{ name: "crds", installsCRDs: true }, { name: "infra" }, { name: "apps", dependsOn: ["infra"] }];
      cluster(s).ingress.certIssuer = "letsencrypt";
      cluster(s).ingress.acme = { email: "ops@example.com" };
    }, codes: ["PC1006"], says: ["layer `apps` applies cert-manager.io resources (service `apps/web`)", "add one of `crds` to dependsOn of layer `apps`"] },
  { name: "forward auth from another cluster", mutate: (s) => {
      cluster(s).cni = { name: "cilium" };
      cluster(s).mesh = { name: "m", id: 1 };
      s.clusters.push({ name: "two", distribution: "talos", podCIDR: "10.60.0.0/16", serviceCIDR: "10.61.0.0/16", cni: { name: "cilium" }, mesh: { name: "m", id: 2 }, nodes: [{ name: "t1", role: "controlplane", address: "192.168.10.60" }, { name: "t2", role: "controlplane", address: "192.168.10.61" }, { name: "t3", role: "controlplane", address: "192.168.10.62" }] });
      for (const n of s.namespaces) n.cluster = "main";
      s.namespaces.push({ name: "auth", cluster: "two" });
      s.services.push({ name: "authelia", namespace: "auth", cluster: "two", image: "ghcr.io/authelia/authelia:4.38", ports: [{ name: "http", port: 9091 }] });
      svc(s, "web").ingress[0].auth = "two/auth/authelia";
    }, codes: ["PC1008"] },
  { name: "derived object name meets another service's", mutate: (s) => s.services.push({ name: "api-nodeport", namespace: "apps", image: "nginx:1.27", ports: [{ name: "http", port: 8080 }] }), codes: ["PC1007"], says: ["services `api` and `api-nodeport` of namespace `apps` would both create Service `api-nodeport`"] },
  // node configs (Talos, K3s, CNI)
  { name: "Talos older than v1.8", mutate: (s) => { talosify(s); cluster(s).version = "v1.7.6"; }, codes: ["PC1101"], says: ["Talos v1.7.6"] },
  { name: "Talos newer than platformc knows", mutate: (s) => { talosify(s); cluster(s).version = "v1.14.0"; }, codes: ["PC1102"], says: ["v1.13 contract"] },
  { name: "etcd on a worker", mutate: (s) => (cluster(s).nodes[3].etcd = true), codes: ["PC0701", "PC1103"], says: ["node `w1` of cluster `main` is an etcd member"] },
  { name: "Talos VIP without the node's interface", mutate: (s) => { talosify(s); delete cluster(s).nodes[1].interface; }, codes: ["PC1104"], says: ["control-plane node `cp2`"] },
  { name: "node label the kubelet may not set", mutate: (s) => (cluster(s).nodes[3].labels = { "node-role.kubernetes.io/worker": "" }), codes: ["PC1105"], says: ["kubectl label node w1"] },
  { name: "flannel backend on Talos", mutate: (s) => { cluster(s).distribution = "talos"; cluster(s).cni = { flannelBackend: "host-gw" }; for (const n of cluster(s).nodes) n.interface = "eth0"; traefikFromChart(s); for (const ns of s.namespaces) ns.defaultDeny = false; }, codes: ["PC1106"], says: ["Talos runs flannel with VXLAN"] },
  { name: "Cilium L2 without kube-proxy replacement", mutate: (s) => { cluster(s).cni = { name: "cilium" }; cluster(s).loadBalancer.type = "cilium"; }, codes: ["PC1107"] },
  { name: "Cilium cluster name too long", mutate: (s) => { cluster(s).name = "a-cluster-name-longer-than-cilium-allows"; cluster(s).cni = { name: "cilium" }; }, codes: ["PC1108"], says: ["40 characters"] },
  { name: "node on the broadcast address", mutate: (s) => (cluster(s).nodes[3].address = "192.168.10.255"), codes: ["PC1109"], says: ["broadcast address of network `lan`"] },
  { name: "Talos node address on the overlay", mutate: (s) => { talosify(s); cluster(s).nodes[3].address = "100.100.1.50"; }, codes: ["PC1110"] },
  { name: "Talos control plane without etcd", mutate: (s) => { talosify(s); cluster(s).nodes[2].etcd = false; }, codes: ["PC0701", "PC1112"], says: ["`cp3` of Talos cluster `main` cannot leave etcd"] },
  { name: "K3s servers without etcd", mutate: (s) => { for (const n of cluster(s).nodes) n.etcd = false; }, codes: ["PC1113"], says: ["3 K3s servers and none is an etcd member"] },
  {
    name: "a Cilium Gateway whose Service the spec names otherwise",
    mutate: (s) => { talosify(s); asBundled(s); Object.assign(cluster(s).ingress, { type: "gateway-api", className: "public" }); },
    codes: ["PC1115"],
    says: ["Cilium serves Gateway `kube-system/public` through Service `kube-system/cilium-gateway-public`", "rename the bundled service to `cilium-gateway-public`"],
  },
  {
    name: "more TLS hosts than one Gateway has listeners",
    mutate: (s) => {
      talosify(s);
      asBundled(s);
      Object.assign(cluster(s).ingress, { type: "gateway-api", className: "public", service: "kube-system/cilium-gateway-public" });
      svc(s, "traefik").name = "cilium-gateway-public";
      svc(s, "web").ingress = Array.from({ length: 64 }, (_, i) => ({ host: `h${i}` }));
    },
    codes: ["PC1116"],
    says: ["needs 65 listeners, more than the 64 a Gateway holds"],
  },
  { name: "API endpoint address nothing serves", mutate: (s) => { delete cluster(s).apiEndpoint.vip; cluster(s).apiEndpoint.host = "192.168.10.9"; }, codes: ["PC1114"], says: ["API endpoint 192.168.10.9 of cluster `main` is served by nothing"] },
  { name: "pinned LoadBalancer addresses on K3s without a load balancer", mutate: (s) => { delete cluster(s).loadBalancer; svc(s, "db").ports[0].loadBalancerIP = "192.168.10.201"; }, codes: ["PC1117"], says: ["nothing gives the LoadBalancer services of cluster `main` an address", "add loadBalancer: { type: servicelb }"] },
  { name: "a ClusterIssuer nothing writes", mutate: (s) => (cluster(s).ingress.certIssuer = "letsencrypt"), codes: ["PC1118"], says: ["names ClusterIssuer `letsencrypt`", "add acme:"] },
  { name: "a NodePort that keeps its clients' addresses", mutate: (s) => s.externals.push({ name: "laptop", address: "100.100.9.9", flows: [{ to: "apps/api", port: "debug" }] }), codes: ["PC1119"], says: ["of service `apps/api` keeps its clients' addresses", "whichever of"] },
  { name: "Talos static addresses without a gateway", mutate: (s) => { talosify(s); delete s.networks[0].gateway; }, codes: ["PC1111"], says: ["nodes `cp1`, `cp2`, `cp3`, `w1`"] },
  // network policies
  { name: "cross-cluster flow without a mesh", mutate: (s) => secondCluster(s, false), codes: ["PC1201"], says: ["share no ClusterMesh"] },
  // PC1120 too: the flow crosses the mesh, and neither member exposes its clustermesh-apiserver
  { name: "cross-cluster flow in standard policies", mutate: (s) => secondCluster(s, true), codes: ["PC1120", "PC1120", "PC1202"], says: ["10.50.0.0/16"] },
  { name: "selector matches another service's pods", mutate: (s) => { svc(s, "web").selector = { tier: "front" }; svc(s, "api").labels = { tier: "front" }; }, codes: ["PC1203"], says: ["pods of `api` carry every label of the selector of `web`"] },
  { name: "default deny in kube-system", mutate: (s) => s.services.push({ name: "metrics", namespace: "kube-system", image: "registry.example.com/metrics:1.0", ports: [{ name: "https", port: 10250 }] }), codes: ["PC1204"] },
  { name: "flow to a Helm release with the assumed selector", mutate: (s) => {
      // a chart the component catalog does not know
      s.services.push({ name: "whoami", namespace: "apps", kind: "helm", chart: { repo: "https://charts.example.com", name: "whoami", version: "1.0.0" }, ports: [{ name: "http", port: 3000 }] });
      svc(s, "web").flows.push({ to: "whoami" });
    }, codes: ["PC1205"], says: ["app.kubernetes.io/name=whoami"] },
  { name: "command on a helm service", mutate: (s) => { s.services.push({ name: "whoami", namespace: "apps", kind: "helm", chart: { repo: "https://charts.example.com", name: "whoami", version: "1.0.0" }, command: ["/bin/sh"] }); }, codes: ["PC0305"], says: ["command sets the container of an image, and kind is helm (give the chart's values instead)"] },
  { name: "external-dns on Cloudflare without its token", mutate: (s) => { s.services.push({ name: "external-dns", namespace: "apps", kind: "helm", chart: { repo: "https://kubernetes-sigs.github.io/external-dns/", name: "external-dns", version: "1.18.0", values: { provider: { name: "cloudflare" } } } }); }, codes: ["PC1126"], says: ["set no `env`, which chart external-dns 1.18.0 needs: the cloudflare provider reads its API token from CF_API_TOKEN"] },
  { name: "volume on a StorageClass nothing installs", mutate: (s) => { svc(s, "db").storage[0].class = "ceph-block"; }, codes: ["PC1127"], says: ["asks for StorageClass `ceph-block`, which nothing platformc installs in cluster `main` provides"] },
  { name: "catalogued chart without its required values, in a namespace too strict for its pods", mutate: (s) => {
      s.services.push({ name: "runners", namespace: "apps", kind: "helm", chart: { repo: "oci://ghcr.io/actions/actions-runner-controller-charts", name: "gha-runner-scale-set", version: "0.12.1" } });
    }, codes: ["PC1003", "PC1126", "PC1126"], says: ["the values of Helm release `apps/runners` set no `githubConfigUrl`", "pod-security level `restricted` of namespace `apps`"] },
  { name: "managed CNPG Cluster without its operator", mutate: (s) => { Object.assign(svc(s, "db"), { kind: "managed", image: undefined, storage: undefined, resource: { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", spec: { storage: { size: "1Gi" } } } }); }, codes: ["PC1128"], says: ["only cloudnative-pg acts on", "cluster `main` installs no cloudnative-pg"] },
  { name: "managed CNPG Cluster at a version its operator does not serve", mutate: (s) => {
      Object.assign(svc(s, "db"), { kind: "managed", image: undefined, storage: undefined, resource: { apiVersion: "postgresql.cnpg.io/v1beta1", kind: "Cluster", spec: { storage: { size: "1Gi" } } } });
      s.services.push({ name: "cnpg", namespace: "data", kind: "helm", chart: { repo: "https://cloudnative-pg.github.io/charts", name: "cloudnative-pg", version: "0.24.0" } });
    }, codes: ["PC1129"], says: ["writes Cluster at postgresql.cnpg.io/v1beta1", "write apiVersion: postgresql.cnpg.io/v1"] },
  { name: "external source without address", mutate: (s) => s.externals.push({ name: "laptop", flows: [{ to: "apps/web" }] }), codes: ["PC1206"] },
  { name: "bundled Traefik on Talos", mutate: (s) => { cluster(s).distribution = "talos"; cluster(s).cni = { name: "cilium" }; for (const n of cluster(s).nodes) n.interface = "eth0"; }, codes: ["PC1009"], says: ["Talos ships no Traefik"] },
  { name: "Talos with Flannel gets policies", mutate: (s) => { cluster(s).distribution = "talos"; for (const n of cluster(s).nodes) n.interface = "eth0"; traefikFromChart(s); }, codes: ["PC1207"] },
  { name: "flow to the Kubernetes API on a wrong port", mutate: (s) => svc(s, "web").flows.push({ to: "kubernetes-api", port: 8443 }), codes: ["PC1208"], says: ["names port 8443, but the API server listens on 6443"] },
  { name: "flow to the Kubernetes API over UDP", mutate: (s) => svc(s, "web").flows.push({ to: "kubernetes-api", protocol: "UDP" }), codes: ["PC1208"] },
  { name: "flow to the Kubernetes API in NetworkPolicies on Cilium", mutate: (s) => { cluster(s).cni = { name: "cilium" }; svc(s, "web").flows.push({ to: "kubernetes-api", port: 443 }); }, codes: ["PC1209"], says: ["`apps/web` of Cilium cluster `main`"] },
  // secrets (test/components/secrets.test.ts has the rest)
  { name: "plain env value named like a secret", mutate: (s) => (svc(s, "api").env = { API_TOKEN: "hunter2" }), codes: ["PC0708"], says: ["env `API_TOKEN` of service `api` looks like a secret", "secretKeyRef"] },
  { name: "SOPS decryption on Argo CD", mutate: (s) => Object.assign(cluster(s).gitops, { tool: "argocd", decryption: { provider: "sops" } }), codes: ["PC0709"], says: ["gitops.decryption needs Flux"] },
  { name: "plaintext secret file", mutate: (s) => { cluster(s).gitops.decryption = { provider: "sops" }; s.namespaces.find((n: any) => n.name === "apps").secrets = ["s.yaml"]; }, files: { "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: apps }\nstringData: { password: hunter2 }\n" }, codes: ["PC0710"], says: ["has no sops: metadata"] },
  { name: "env from a secret store without external-secrets", mutate: (s) => (svc(s, "api").env = { DB_PASSWORD: { externalSecret: { store: "vault", key: "db" } } }), codes: ["PC0712"], says: ["env `DB_PASSWORD` of service `api` needs external-secrets in cluster `main`"] },
  { name: "secret file on a cluster that does not decrypt", mutate: (s) => (s.namespaces.find((n: any) => n.name === "apps").secrets = ["s.yaml"]), codes: ["PC0711"], says: ["does not decrypt SOPS files"] },
  { name: "external endpoint flow to the Kubernetes API", mutate: (s) => s.externals.push({ name: "laptop", address: "192.168.10.190", flows: [{ to: "kubernetes-api" }] }), codes: ["PC0309"], says: ["outside the platform's policies"] },
  // escape hatches and security presets (issue 13)
  { name: "postgres with the restrictive defaults", mutate: (s) => { delete svc(s, "db").security; }, codes: ["PC1010"], says: ["runs postgres:16", "security.preset: runs-as-root"] },
  { name: "unknown K3s config key", mutate: (s) => { cluster(s).k3s = { extraConfig: { "kubelet-args": ["max-pods=200"] } }; }, codes: ["PC1122"], says: ["did you mean `kubelet-arg`?"] },
  { name: "K3s config key platformc writes", mutate: (s) => { cluster(s).nodes[0].k3sConfig = { "cluster-cidr": "10.99.0.0/16" }; }, codes: ["PC1123"], says: ["which platformc writes from podCIDR"] },
  { name: "extra manifest outside the spec's directory", mutate: (s) => { s.namespaces.find((n: any) => n.name === "apps").manifests = ["../shared/app.yaml"]; }, codes: ["PC1011"], says: ["the path leaves the spec's directory"] },
  { name: "Talos patch on a K3s cluster", mutate: (s) => { cluster(s).talos = { patches: { all: [{ machine: { sysctls: { "vm.max_map_count": "262144" } } }] } }; }, codes: ["PC1124"], says: ["cluster `main` runs K3s"] },
  { name: "Talos patch the Talos schema refuses", mutate: (s) => {
      s.clusters.push({ name: "two", distribution: "talos", podCIDR: "10.60.0.0/16", serviceCIDR: "10.61.0.0/16", talos: { patches: { all: [{ machine: { kubelet: { extraArg: { "max-pods": "200" } } } }] } }, nodes: [{ name: "t1", role: "controlplane", address: "192.168.10.60" }] });
      for (const n of s.namespaces) n.cluster = "main";
    }, codes: ["PC1125"], says: ["talos.patches.all of cluster `two`: `machine.kubelet` has no field `extraArg`", "did you mean `extraArgs`?", "Talos v1.13 config schema"] },
];

describe("the base spec", () => {
  it("compiles without diagnostics", () => {
    const r = compileObject(baseSpec());
    expect(r.diagnostics.map((d) => renderDiagnostic(d, { color: false }))).toEqual([]);
    expect(r.files?.length).toBeGreaterThan(0);
  });
});

describe("diagnostic fixtures", () => {
  for (const f of fixtures) {
    it(`${f.name} -> ${f.codes.join(", ")}`, () => {
      let r;
      if (f.text !== undefined) r = compileText(f.text);
      else {
        const s = baseSpec();
        f.mutate!(s);
        r = f.files ? compileWithFiles(s, f.files) : compileObject(s);
      }
      // Every error, and the warnings the fixture names: after an error the checks still run on the rest of the
      // spec, and their warnings about it are not the fixture's point.
      expect(r.codes.filter((c) => CODES[c as keyof typeof CODES].severity === "error" || f.codes.includes(c))).toEqual(f.codes);
      const text = r.diagnostics.map((d) => renderDiagnostic(d, { color: false })).join("\n");
      for (const s of f.says ?? []) expect(text).toContain(s);
      // every diagnostic points somewhere in the file
      for (const d of r.diagnostics) expect(d.span, `${d.code} has a span`).toBeDefined();
      if (r.errors.length) expect(r.files).toBeUndefined();
    });
  }

  it("covers every code in the table (I/O and command-line codes are covered by the CLI tests)", () => {
    const covered = new Set(fixtures.flatMap((f) => f.codes));
    // PC0001-PC0007: test/unit/cli.test.ts; PC0008 and PC0010-PC0025: test/unit/cli-codes.test.ts, one case per code.
    const cliCodes = ["PC0008", ...Array.from({ length: 16 }, (_, i) => `PC00${String(10 + i)}`)];
    const io = new Set(["PC0001", "PC0002", "PC0003", "PC0004", "PC0006", "PC0007", ...cliCodes]);
    // Codes that need a whole seed-sized platform, covered in test/components/: PC1121 in clustermesh.test.ts,
    // PC1210 and PC1211 in release-workloads.test.ts (and node-flows.test.ts).
    for (const c of ["PC1121", "PC1210", "PC1211"]) io.add(c);
    const missing = Object.keys(CODES).filter((c) => !covered.has(c) && !io.has(c));
    expect(missing).toEqual([]);
  });
});

describe("all problems in one run", () => {
  it("reports several independent schema errors together, sorted by position", () => {
    const s = baseSpec();
    s.platform.nam = "x";
    svc(s, "web").replicas = "2";
    cluster(s).nodes[0].role = "boss";
    const r = compileObject(s);
    expect(r.codes).toEqual(["PC0202", "PC0204", "PC0201"]);
    const lines = r.diagnostics.map((d) => d.span!.start);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });
});

function compileWithFiles(spec: unknown, files: Record<string, string>): Compiled {
  const diags = new Diagnostics();
  const path = "spec/test/platform.yaml";
  const readFile = (rel: string) => (rel in files ? { ok: true as const, text: files[rel]! } : { ok: false as const, reason: "no such file or directory" });
  const r = compileSource({ path, text: YAML.stringify(spec) }, { specPath: path, readFile }, diags);
  const diagnostics = sortDiagnostics(diags.items);
  return { codes: diagnostics.map((d) => d.code), errors: diagnostics.filter((d) => d.severity === "error").map((d) => d.code), diagnostics, ...(r.files ? { files: r.files } : {}) };
}
