// nodes/<cluster>/README.md of a K3s cluster: where each config.yaml goes, the join token, and the install
// order (the server that starts etcd first, then the other servers one at a time, then the agents).
import { compileTemplate } from "../contract.js";
import type * as G from "../../src/graph.js";
import { nodeFile } from "../../src/plan/layout.js";
import { bootSections } from "../../src/plan/boot-steps.js";
import { initServer, serverURL, TOKEN_FILE } from "./config.js";

const TEMPLATE = `<!-- {{header}} -->
# K3s cluster \`{{cluster}}\`

K3s {{version}}, API endpoint {{endpoint}}{{#if vip}} (VIP {{vip}}: K3s does not hold it itself; run kube-vip or keepalived on the servers){{/if}}.

| node | role | address | config |
|---|---|---|---|
{{#each nodes}}
| {{name}} | {{role}} | {{address}} | [{{config}}]({{config}}) |
{{/each}}

Each \`config.yaml\` is that node's \`/etc/rancher/k3s/config.yaml\`. None holds the join token: every node reads it
from \`{{tokenFile}}\`, which you create once and keep out of git.

## 1. The join token, once

Outside the repository, e.g. \`TOKEN=~/.secrets/{{cluster}}.token\`:

\`\`\`sh
(umask 077 && openssl rand -hex 32 > "$TOKEN")
\`\`\`

## 2. Install, in this order

In this directory, with \`TOKEN\` set as above:

\`\`\`sh
{{#each nodes}}
# {{name}} ({{role}}{{#if init}}, starts the embedded etcd cluster{{/if}})
ssh root@{{address}} 'install -d -m 0700 /etc/rancher/k3s'
scp "$TOKEN" root@{{address}}:{{../tokenFile}}
scp {{config}} root@{{address}}:/etc/rancher/k3s/config.yaml
ssh root@{{address}} 'chmod 0600 {{../tokenFile}} /etc/rancher/k3s/config.yaml && curl -sfL https://get.k3s.io | {{#if ../version}}INSTALL_K3S_VERSION={{../version}} {{/if}}sh -s - {{command}}'
{{/each}}
\`\`\`

Wait for each server to be Ready (\`kubectl get nodes\`) before installing the next one. The kubeconfig is
\`/etc/rancher/k3s/k3s.yaml\` on any server; point its \`server:\` at {{endpoint}}.
{{meshSection}}{{ciliumSection}}{{dnsSection}}{{gitopsSection}}`;

const render = compileTemplate("k3s/readme", TEMPLATE, { noEscape: true, strict: true });

export function k3sReadme(g: G.Graph, c: G.ClusterNode, header: string): string {
  const init = initServer(c);
  // The server that starts etcd goes first, the other servers next, the agents last; spec order within each.
  const rank = (n: G.NodeNode) => (n === init ? 0 : n.role === "controlplane" ? 1 : 2);
  const ordered = [...c.nodes].sort((a, b) => rank(a) - rank(b));
  return render({
    header,
    cluster: c.name,
    version: c.version ?? false,
    endpoint: serverURL(c),
    vip: c.apiEndpoint.vip?.text ?? false,
    tokenFile: TOKEN_FILE,
    nodes: ordered.map((n) => ({
      name: n.name,
      role: n.role,
      address: n.address.text,
      config: `${n.name}/${nodeFile.k3sConfig}`,
      init: n === init,
      command: n.role === "controlplane" ? "server" : "agent",
    })),
    ...bootSections(g, c, 3, "starts"),
  });
}
