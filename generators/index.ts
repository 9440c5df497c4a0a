// The one list of generators. Adding a target = one folder beside this file and one line here.
import type { Generator } from "./contract.js";
import { inventory } from "./inventory/index.js";
import { docs } from "./docs/index.js";
import { netpol } from "./netpol/index.js";
import { dns } from "./dns/index.js";
import { discovery } from "./discovery/index.js";
import { kustomize } from "./kustomize/index.js";
import { gitops } from "./gitops/index.js";
import { talos } from "./talos/index.js";
import { k3s } from "./k3s/index.js";
import { cilium } from "./cilium/index.js";

export const GENERATORS: readonly Generator[] = [inventory, netpol, docs, dns, discovery, kustomize, gitops, talos, k3s, cilium];
