// The one list of generators. Adding a target = one folder beside this file and one line here.
import type { Generator } from "../src/generator.js";
import { inventory } from "./inventory/index.js";

export const GENERATORS: readonly Generator[] = [inventory];
