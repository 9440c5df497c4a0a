// nodes/<cluster>/README.md of a Talos cluster: the exact commands that turn the patches in this directory
// and a secrets bundle kept elsewhere into running nodes.
import { compileTemplate } from "../contract.js";
import type * as G from "../../src/graph.js";
import { nodeFile } from "../../src/plan/layout.js";
import { bootSections } from "../../src/plan/boot-steps.js";
import { contractOf, endpointURL } from "./contract.js";

const TEMPLATE = `<!-- {{header}} -->
# Talos cluster \`{{cluster}}\`

Talos {{version}} (machine configs follow the {{contract}} contract), Kubernetes {{kubernetes}}, API endpoint {{endpoint}}{{#if vip}} (VIP {{vip}} held by the control-plane nodes){{/if}}.

| node | role | address | install disk | patch |
|---|---|---|---|---|
{{#each nodes}}
| {{name}} | {{role}} | {{address}} | {{disk}} | [{{patch}}]({{patch}}) |
{{/each}}

The files here hold no secrets: [{{clusterPatch}}]({{clusterPatch}}) applies to every node,
[{{controlPlanePatch}}]({{controlPlanePatch}}) to the control-plane nodes, and each node's \`{{nodePatch}}\` to that node.
The cluster's CAs, keys and tokens live in a secrets bundle that stays outside \`out/\`: keep it out of git, or commit it
only encrypted (SOPS).

## 1. The secrets bundle, once

From the repository root:

\`\`\`sh
platformc secrets {{specDir}} --cluster {{cluster}} --out {{cluster}}.secrets.yaml   # or: talosctl gen secrets -o {{cluster}}.secrets.yaml
sops --encrypt --in-place {{cluster}}.secrets.yaml                                   # only to commit it
\`\`\`

## 2. Machine configs

In this directory, with \`SECRETS\` the decrypted bundle and \`CONFIGS\` a directory outside the repository:

\`\`\`sh
talosctl gen config {{cluster}} {{endpoint}} \\
  --with-secrets "$SECRETS" \\
  --talos-version {{contract}} \\
  --kubernetes-version {{kubernetes}} \\
  --with-docs=false --with-examples=false \\
  --config-patch @{{clusterPatch}} \\
  --config-patch-control-plane @{{controlPlanePatch}} \\
  --output-types controlplane,worker,talosconfig \\
  --output "$CONFIGS" --force
{{#each nodes}}
talosctl machineconfig patch "$CONFIGS/{{role}}.yaml" --patch @{{patch}} --output "$CONFIGS/{{name}}.yaml"
{{/each}}
\`\`\`

platformc writes the same node configs in one step (the talosconfig still comes from \`talosctl gen config\`):

\`\`\`sh
platformc build {{specDir}} --secrets "$SECRETS" --out-secrets "$CONFIGS"   # writes $CONFIGS/{{platform}}/{{cluster}}/<node>.yaml
\`\`\`

## 3. Install and bootstrap

Boot each machine from Talos {{version}} media, then:

\`\`\`sh
{{#each nodes}}
talosctl apply-config --insecure --nodes {{address}} --file "$CONFIGS/{{name}}.yaml"
{{/each}}
export TALOSCONFIG="$CONFIGS/talosconfig"
talosctl config endpoint{{#each controlPlanes}} {{this}}{{/each}}
talosctl bootstrap --nodes {{bootstrap}}
talosctl kubeconfig --nodes {{bootstrap}}
\`\`\`
{{meshSection}}{{ciliumSection}}{{dnsSection}}{{gitopsSection}}`;

const render = compileTemplate("talos/readme", TEMPLATE, { noEscape: true, strict: true });

export function talosReadme(g: G.Graph, c: G.ClusterNode, header: string): string {
  const t = c.talos!;
  const cps = c.nodes.filter((n) => n.role === "controlplane");
  const specDir = g.platform.specPath.includes("/") ? g.platform.specPath.slice(0, g.platform.specPath.lastIndexOf("/")) : ".";
  return render({
    header,
    platform: g.platform.name,
    cluster: c.name,
    version: t.version,
    contract: contractOf(t).name,
    kubernetes: t.kubernetesVersion,
    endpoint: endpointURL(c),
    vip: c.apiEndpoint.vip?.text ?? false,
    specDir,
    clusterPatch: nodeFile.talosClusterPatch,
    controlPlanePatch: nodeFile.talosControlPlanePatch,
    nodePatch: nodeFile.talosNodePatch,
    nodes: c.nodes.map((n) => ({ name: n.name, role: n.role, address: n.address.text, disk: n.talos!.installDisk, patch: `${n.name}/${nodeFile.talosNodePatch}` })),
    controlPlanes: cps.map((n) => n.address.text),
    bootstrap: (cps.find((n) => n.etcd) ?? cps[0] ?? c.nodes[0])!.address.text,
    ...bootSections(g, c, 4, "boots"),
  });
}
