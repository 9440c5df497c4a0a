// The spec `platformc init` writes: small, commented, and valid as written (a test builds it).
export function starterSpec(name: string, schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
# A platformc spec: one platform, compiled by \`npx platformc build spec/\` into out/ beside spec/. Every
# field is documented in the schema (\`npx platformc schema\`); editors with the YAML language server complete
# and check it as you type.
apiVersion: platformc.dev/v1alpha1
platform:
  name: ${name}
  domain: home.example.com        # ingress hosts without dots are placed under it

networks:
  - name: lan
    cidr: 192.168.1.0/24
    gateway: 192.168.1.1
    nameservers: [192.168.1.1]

clusters:
  - name: main
    distribution: k3s             # or talos
    version: v1.33.6+k3s1
    # podCIDR 10.42.0.0/16 and serviceCIDR 10.43.0.0/16 are the defaults
    loadBalancer:
      type: metallb
      pools:
        - name: default
          addresses: [192.168.1.200-192.168.1.220]
    ingress:
      type: traefik
      service: kube-system/traefik
    nodes:
      - name: node1
        role: controlplane
        address: 192.168.1.10
        capacity: { cpu: 4, memory: 16Gi }
      - name: node2
        role: worker
        address: 192.168.1.11
        capacity: { cpu: 4, memory: 16Gi }

namespaces:
  - name: kube-system
    podSecurity: privileged
  - name: apps
    purpose: the applications

services:
  - name: traefik
    namespace: kube-system
    kind: bundled                 # shipped by K3s: not emitted, but flows and policies can name it
    ports:
      - { name: web, port: 80, expose: LoadBalancer }
      - { name: websecure, port: 443, expose: LoadBalancer }
  - name: web
    namespace: apps
    image: ghcr.io/example/web:1.0.0
    replicas: 2
    resources:
      requests: { cpu: 100m, memory: 128Mi }
    ports:
      - { name: http, port: 8080 }
    ingress:
      - host: web                 # -> web.home.example.com
    flows:
      - to: api                   # same namespace; port defaults to the target's only port
        label: REST
  - name: api
    namespace: apps
    image: ghcr.io/example/api:1.0.0
    resources:
      requests: { cpu: 200m, memory: 256Mi }
    ports:
      - { name: http, port: 8080 }

dns:
  zones:
    - name: home.example.com

# Warnings you keep on purpose, each with its reason (shown in the docs). Errors cannot be ignored.
ignore:
  - code: PC0701                # \`platformc explain PC0701\`: one etcd member tolerates no failure
    at: cluster:main
    reason: one control-plane node is fine for a lab; add two more for a cluster that survives losing one
`;
}
