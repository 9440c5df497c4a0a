// Schema errors name the entity a bad field belongs to (`service main/apps/web`), not its list index
// (`services[2]`): the index is what the parser sees, the name is what the user wrote and searches for.
import type { Path } from "../source.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/** The list keys whose items are named entities, with the word a message uses for one. */
const KINDS: Record<string, string> = {
  clusters: "cluster",
  nodes: "node",
  namespaces: "namespace",
  services: "service",
  externals: "external",
  networks: "network",
  environments: "environment",
  zones: "zone",
  pools: "pool",
  layers: "layer",
};

/** The cluster a service lands in, as lowering will decide it; undefined when the spec leaves it open. */
function serviceCluster(data: Obj, s: Obj): string | undefined {
  const explicit = str(s.cluster);
  if (explicit) return explicit;
  const ns = Array.isArray(data.namespaces) ? data.namespaces.find((n) => isObj(n) && n.name === s.namespace) : undefined;
  if (isObj(ns) && str(ns.cluster)) return str(ns.cluster);
  const clusters = Array.isArray(data.clusters) ? data.clusters : [];
  return clusters.length === 1 && isObj(clusters[0]) ? str(clusters[0].name) : undefined;
}

function label(data: Obj, kind: string, item: Obj, name: string): string {
  if (kind !== "service") return `${kind} \`${name}\``;
  const ns = str(item.namespace);
  const cluster = serviceCluster(data, item);
  return `service \`${[cluster, ns, name].filter(Boolean).join("/")}\``;
}

export interface Owned {
  /** the named entities the path runs through, innermost first ("node `cp1` of cluster `main`") */
  owner?: string;
  /** the path below the innermost named entity */
  rest: Path;
}

export function ownerOf(data: unknown, path: Path): Owned {
  const owners: string[] = [];
  let rest: Path = path;
  let cur: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const parent = cur;
    cur = Array.isArray(cur) && typeof seg === "number" ? cur[seg] : isObj(cur) && typeof seg === "string" ? cur[seg] : undefined;
    const key = path[i - 1];
    if (typeof seg !== "number" || typeof key !== "string" || !Array.isArray(parent) || !isObj(cur)) continue;
    const kind = KINDS[key];
    const name = str(cur.name);
    if (!kind || !name || !isObj(data)) continue;
    owners.unshift(label(data, kind, cur, name));
    rest = path.slice(i + 1);
  }
  return owners.length ? { owner: owners.join(" of "), rest } : { rest };
}
