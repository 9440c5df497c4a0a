// Images the catalog knows cannot start the restrictive way (src/catalog/images.ts): a service that runs one
// with the defaults would be refused by the kubelet (a root image under runAsNonRoot) or crash in its
// entrypoint (a read-only root), so the spec is told which preset fits before anything is applied.
import type * as G from "../graph.js";
import { locSpan, type Diagnostics } from "../diagnostics/diagnostic.js";
import { imageNeeds } from "../catalog/images.js";
import { once } from "./once.js";

export function checkImageSecurity(g: G.Graph, diags: Diagnostics): void {
  const first = once();
  for (const c of g.clusters) {
    for (const s of c.services) {
      if (!s.image || s.kind === "helm" || s.kind === "bundled") continue;
      const needs = imageNeeds(s.image);
      if (!needs) continue;
      const sec = s.security;
      // Started as a non-root user of its own choosing, the entrypoint skips its root steps and needs only a writable root.
      const asUser = sec.runAsUser !== undefined && sec.runAsUser !== 0;
      const root = needs.needs === "runs-as-root" && !asUser && sec.runAsNonRoot;
      if (!(root || sec.readOnlyRootFilesystem) || !first(s.loc, needs.needs)) continue;
      const settings = [root ? "runAsNonRoot" : "", sec.readOnlyRootFilesystem ? "a read-only root filesystem" : ""].filter(Boolean).join(" and ");
      const ns = c.namespaces.find((n) => n.name === s.namespace);
      const baseline = ns?.podSecurity === "restricted" ? ` and podSecurity: baseline on namespace \`${s.baseNamespace}\`` : "";
      const help =
        needs.needs === "writable-root" || asUser ? "set security.preset: writable-root"
        : `set security.preset: runs-as-root${baseline}${needs.uid !== undefined ? `, or run it as its own user: runAsUser: ${needs.uid} with preset: writable-root` : ""}`;
      diags.report("PC1010", locSpan(s.loc, ["image"]), { service: `${s.baseNamespace}/${s.name}`, image: s.image, why: needs.why, settings }, { help });
    }
  }
}
