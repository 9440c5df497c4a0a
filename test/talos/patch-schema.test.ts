// Talos patches are checked at build time against the Talos config schema of the cluster's release (PC1125):
// an unknown key with the nearest known one, a wrong type, a value outside an enum, an unknown kind, each at its
// place in the spec; valid patches (v1alpha1 and other kinds) pass and reach the node configs. The validator
// scripts/build.mjs compiles ahead of time and the one compiled at run time must say the same.
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import { compileObject, compileText, type Compiled } from "../support/compile.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { positionOf } from "../../src/source.js";
import { mixedTalosSpec, talosValidator, withEscapePatches } from "./support.js";
import { seedSpec } from "../components/world.js";
import {
  TALOS_SCHEMAS,
  talosDocumentProblems,
  talosSchemaFor,
  talosStandaloneModule,
  talosValidatorFile,
  talosValidators,
  type TalosValidators,
} from "../../src/validate/talos-schema.js";

const repo = join(import.meta.dirname, "..", "..");
const shipped = join(repo, "schema", "talos");
const rendered = (r: Compiled) => r.diagnostics.map((d) => renderDiagnostic(d, { color: false }));
const pc1125 = (r: Compiled) => r.diagnostics.filter((d) => d.code === "PC1125");
const spanned = (r: Compiled) => pc1125(r).map((d) => d.span!.file.text.slice(d.span!.start, d.span!.end));
const docs = (text: string) => YAML.parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>);
const file = (r: Compiled, path: string) => r.files!.find((f) => f.path === path)!.content;

function withAll(version: string, all: unknown[]): any {
  const s = mixedTalosSpec(version);
  s.clusters[0].talos = { patches: { all } };
  return s;
}

describe("PC1125: a Talos patch the schema of the cluster's release refuses", () => {
  it("an unknown key: at the key, with the known key it is closest to, and the schema named", () => {
    const text = YAML.stringify(withAll("v1.13.2", [{ machine: { kubelet: { extraArg: { "max-pods": "64" } } } }]));
    const r = compileText(text);
    expect(r.errors).toEqual(["PC1125"]);
    const [d] = pc1125(r);
    expect(d!.message).toBe("talos.patches.all of cluster `lab`: `machine.kubelet` has no field `extraArg`");
    expect(d!.help).toBe("did you mean `extraArgs`?");
    expect(d!.notes.join()).toContain("Talos v1.13 config schema (siderolabs/talos v1.13.9), the one of this cluster's Talos v1.13.2");
    // file:line:col of the key itself
    const at = text.indexOf("extraArg:");
    const { line, col } = positionOf(d!.span!.file, at);
    expect(rendered(r)[0]).toContain(`--> spec/test/platform.yaml:${line}:${col}`);
    expect(spanned(r)).toEqual(["extraArg"]);
  });

  it("a wrong type, at the value, and every problem of one patch; the patch is not emitted", () => {
    const r = compileObject(withAll("v1.13.2", [{ machine: { install: { wipe: "yes" }, kubelet: { extraArg: {} }, sysctls: { "vm.swappiness": ["1"] } } }]));
    expect(r.errors).toEqual(["PC1125", "PC1125", "PC1125"]);
    const messages = pc1125(r).map((d) => d.message).sort();
    expect(messages).toEqual([
      "talos.patches.all of cluster `lab`: `machine.install.wipe` must be a boolean, not the string \"yes\"",
      "talos.patches.all of cluster `lab`: `machine.kubelet` has no field `extraArg`",
      "talos.patches.all of cluster `lab`: `machine.sysctls.vm.swappiness` must be a string, not a list",
    ]);
    expect(spanned(r).sort()).toEqual(["- \"1\"", "extraArg", "yes"]);
    expect(pc1125(r).find((d) => d.message.includes("wipe"))!.help).toBe("write `true` or `false`, unquoted");
    expect(r.graph?.clusters[0]?.talos?.patches.all ?? []).toEqual([]);
  });

  it("a value outside an enum, inside a list, with the allowed value it is closest to", () => {
    const r = compileObject(withAll("v1.13.2", [{ machine: { files: [{ content: "x", path: "/var/etc/x", permissions: 420, op: "apend" }] } }]));
    expect(r.errors).toEqual(["PC1125"]);
    const [d] = pc1125(r);
    expect(d!.message).toBe('talos.patches.all of cluster `lab`: `machine.files[0].op` must be one of "create", "append", "overwrite", not the string "apend"');
    expect(d!.help).toBe("did you mean `append`?");
    expect(spanned(r)).toEqual(["apend"]);
  });

  it("a kind the release does not have, at the kind; and a node's own patch, under its own name", () => {
    const s = mixedTalosSpec("v1.13.2");
    s.clusters[0].nodes[3].talosPatches = [{ apiVersion: "v1alpha1", kind: "UserVolumeConfg", name: "data" }];
    const r = compileObject(s);
    expect(r.errors).toEqual(["PC1125"]);
    const [d] = pc1125(r);
    expect(d!.message).toBe("talosPatches of node `w1`: kind `UserVolumeConfg` is not a Talos v1.13 config document");
    expect(d!.help).toBe("did you mean `UserVolumeConfig`?");
    expect(spanned(r)).toEqual(["UserVolumeConfg"]);
    // LinkConfig came with v1.12: the v1.11 schema of a v1.10 cluster has no such document
    const old = compileObject(withAll("v1.10.6", [{ apiVersion: "v1alpha1", kind: "LinkConfig", name: "enp2s0", mtu: 9000 }]));
    expect(old.errors).toEqual(["PC1125"]);
    expect(pc1125(old)[0]!.message).toContain("kind `LinkConfig` is not a Talos v1.11 config document");
    expect(pc1125(old)[0]!.notes.join()).toContain("the nearest to this cluster's Talos v1.10.6 of those platformc ships (v1.11, v1.13)");
  });

  it("what PC1123 refuses is not reported again, though the release's schema has no such field or kind", () => {
    // v1.13 has no machine.network at all, v1.11 no HostnameConfig document
    const r = compileObject(withAll("v1.13.2", [{ machine: { network: { interfaces: [{ interface: "eno1", dhcp: true }] }, kubelet: { extraArg: {} } } }]));
    expect(r.errors).toEqual(["PC1123", "PC1125"]);
    expect(spanned(r)).toEqual(["extraArg"]);
    const old = compileObject(withAll("v1.11.6", [{ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "x", auto: "off" }]));
    expect(old.errors).toEqual(["PC1123"]);
  });

  it("a document of another kind is checked against its own definition, apiVersion included", () => {
    const r = compileObject(withAll("v1.13.2", [
      { apiVersion: "v1alpha1", kind: "UserVolumeConfig", name: "data", provisioning: { diskSelector: { match: "disk.transport == 'nvme'" }, minsize: "100GB" } },
      { apiVersion: "v1alpha2", kind: "VolumeConfig", name: "EPHEMERAL" },
      { kind: "ExtensionServiceConfig", name: "tailscale" },
    ]));
    expect(pc1125(r).map((d) => d.message.replace(/^[^:]*: /, "")).sort()).toEqual([
      "`apiVersion` must be \"v1alpha1\", not the string \"v1alpha2\"",
      "`provisioning` has no field `minsize`",
      "a `kind: ExtensionServiceConfig` document has no `apiVersion`",
    ]);
    expect(pc1125(r).find((d) => d.message.includes("minsize"))!.help).toBe("did you mean `minSize`?");
  });
});

describe("valid patches pass and reach the configs", () => {
  const volume = { apiVersion: "v1alpha1", kind: "UserVolumeConfig", name: "data", provisioning: { diskSelector: { match: "disk.transport == 'nvme'" }, minSize: "100GB", grow: true }, filesystem: { type: "xfs" } };
  const extension = { apiVersion: "v1alpha1", kind: "ExtensionServiceConfig", name: "tailscale", environment: ["TS_AUTHKEY=tskey-auth-x"] };

  it("documents of other kinds (v1.13): emitted whole into the cluster patch", () => {
    const r = compileObject(withAll("v1.13.2", [volume, extension, { machine: { sysctls: { "vm.max_map_count": "262144" } } }]));
    expect(r.errors).toEqual([]);
    const out = docs(file(r, "nodes/lab/cluster-patch.yaml"));
    expect(out.find((d) => d.kind === "UserVolumeConfig")).toEqual(volume);
    expect(out.find((d) => d.kind === "ExtensionServiceConfig")).toEqual(extension);
    // what the build let through, the Talos schema accepts too (the test's own loading of it, required fields and all)
    for (const d of out) expect(talosValidator("v1.13")(d)).toEqual([]);
  });

  it("a patch is partial: fields it leaves out are not required (a bond patch that only changes the MTU)", () => {
    const r = compileObject(withAll("v1.13.2", [{ apiVersion: "v1alpha1", kind: "BondConfig", name: "bond0", mtu: 9000 }]));
    expect(r.errors).toEqual([]);
    expect(talosValidator("v1.13")(docs(file(r, "nodes/lab/cluster-patch.yaml")).find((d) => d.kind === "BondConfig")!).join()).toContain("required");
  });

  it("what Talos reads as it means: a number or boolean in a string field, null, and `$patch: delete`", () => {
    const r = compileObject(withAll("v1.13.2", [{ machine: { sysctls: { "vm.max_map_count": 262144, "net.ipv4.ip_forward": true }, kubelet: { extraArgs: { "max-pods": 200 }, extraConfig: null }, features: { hostDNS: { $patch: "delete" } } } }]));
    expect(r.errors).toEqual([]);
    expect(docs(file(r, "nodes/lab/cluster-patch.yaml"))[0]!.machine.sysctls["vm.max_map_count"]).toBe(262144);
    // a pattern still applies to the string a number becomes: Talos reads `30` as "30", not a duration
    const time = (bootTimeout: unknown) => compileObject(withAll("v1.13.2", [{ apiVersion: "v1alpha1", kind: "TimeSyncConfig", bootTimeout }]));
    expect(time("30s").errors).toEqual([]);
    const bad = time(30);
    expect(bad.errors).toEqual(["PC1125"]);
    expect(pc1125(bad)[0]!.message).toContain("`bootTimeout` must match `^[-+]?");
    expect(pc1125(bad)[0]!.message).toContain('not the string "30"');
  });

  it("every seed platform still compiles without a PC1125, and the Talos seed with typical patches for its release", () => {
    for (const name of readdirSync(join(repo, "spec"))) {
      const r = compileObject(seedSpec(name));
      expect(r.errors, name).toEqual([]);
      expect(r.codes.filter((c) => c === "PC1125"), name).toEqual([]);
    }
    const s = seedSpec("monosense"); // Talos v1.10.6: checked against the v1.11 schema
    const before = compileObject(s).codes;
    for (const c of s.clusters) {
      c.talos = {
        patches: {
          all: [{ machine: { kubelet: { extraArgs: { "rotate-server-certificates": "true" } }, sysctls: { "fs.inotify.max_user_watches": "1048576" }, features: { hostDNS: { enabled: true, forwardKubeDNSToHost: false } } } }],
          controlplane: [{ cluster: { allowSchedulingOnControlPlanes: true, proxy: { disabled: true }, coreDNS: { disabled: true } } }],
        },
      };
      c.nodes[0].talosPatches = [{ machine: { install: { wipe: false } } }, { apiVersion: "v1alpha1", kind: "UserVolumeConfig", name: "local-path", provisioning: { diskSelector: { match: "!system_disk" }, minSize: "50GB" } }];
    }
    const r = compileObject(s);
    expect(r.codes).toEqual(before);
    expect(docs(file(r, "nodes/infra/controlplane-patch.yaml"))[0]!.cluster.proxy).toEqual({ disabled: true });
  });

  it("the escape-hatch fixtures of both shipped releases pass", () => {
    for (const version of ["v1.13.2", "v1.11.6", "v1.12.3"]) {
      expect(compileObject(withEscapePatches(version)).errors, version).toEqual([]);
    }
  });
});

describe("the schemas: which release, where they come from, compiled ahead of time or not", () => {
  it("a contract gets the schema of its minor, else the nearest, the newer on a tie", () => {
    const pick = (minor: number) => talosSchemaFor({ major: 1, minor });
    expect([8, 9, 10, 11, 12, 13].map((m) => `${pick(m).schema.name}${pick(m).exact ? "" : "~"}`)).toEqual(["v1.11~", "v1.11~", "v1.11~", "v1.11", "v1.13~", "v1.13"]);
  });

  it("the shipped copies are the files the provenance table names, unchanged", () => {
    const readme = readFileSync(join(shipped, "README.md"), "utf8");
    for (const s of TALOS_SCHEMAS) {
      const sha = createHash("sha256").update(readFileSync(join(shipped, s.file))).digest("hex");
      expect(readme, s.file).toMatch(new RegExp("`" + s.file.replace(/\./g, "\\.") + "`.*" + s.release.replace(/\./g, "\\.") + ".*" + sha));
    }
    expect(readme).toContain("MPL-2.0");
  });

  const corpus: Array<Record<string, unknown>> = [
    { machine: { kubelet: { extraArg: {} }, install: { wipe: "yes" } } },
    { machine: { files: [{ op: "apend", permissions: "0644" }] }, cluster: { network: { cni: { name: "cilum" } } } },
    { machine: { sysctls: { a: 1 }, features: { hostDNS: { $patch: "delete" } } } },
    { version: "v1alpha2", machin: {} },
    { apiVersion: "v1alpha1", kind: "UserVolumeConfig", name: "x", provisioning: { minsize: "1GB", grow: "yes" } },
    { apiVersion: "v1alpha1", kind: "VolumeConfg" },
    { apiVersion: "v1alpha1", kind: "ExtensionServiceConfig", name: "t", environment: ["A=b"] },
    { apiVersion: "v1alpha1", kind: "LinkConfig", name: "eth0", mtu: "big" },
    { apiVersion: "v1alpha1", kind: "EthernetConfig", rings: { rx: 256 } },
  ];

  const scratch = mkdtempSync(join(tmpdir(), "platformc-talos-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  for (const release of TALOS_SCHEMAS) {
    it(`${release.name}: the standalone validator scripts/build.mjs writes and the one compiled at run time agree`, () => {
      const module = join(scratch, `talos-validator.${release.name}.cjs`);
      writeFileSync(module, talosStandaloneModule(release));
      const ahead = talosValidators(release, { module })!;
      const runtime = talosValidators(release, "runtime")!;
      expect(ahead.origin).toBe("precompiled");
      expect(runtime.origin).toBe("runtime");
      const problems = (v: TalosValidators) => corpus.map((d) => talosDocumentProblems(v, d));
      const a = problems(ahead);
      expect(a).toEqual(problems(runtime));
      // the corpus is not trivially agreed on: all but the lenient sysctl and the ExtensionServiceConfig have problems
      expect(a.map((p) => p.length > 0)).toEqual([true, true, false, true, true, true, false, true, false]);
      // dist/'s copy, when the build has written a current one, says the same
      const dist = talosValidators(release, "precompiled");
      if (dist) {
        expect(dist.prepared, "dist/ is stale: npm run build").toEqual(runtime.prepared);
        expect(problems(dist)).toEqual(a);
      }
      expect(talosValidatorFile(release)).toBe(join(repo, "dist", `talos-validator.${release.name}.cjs`));
    });
  }

  it("a precompiled validator of another schema is not used", () => {
    const release = TALOS_SCHEMAS[0]!;
    const module = join(scratch, "stale.cjs");
    writeFileSync(module, talosStandaloneModule(release).replace(/module\.exports\.schemaHash = "[0-9a-f]+"/, 'module.exports.schemaHash = "0"'));
    expect(talosValidators(release, { module })).toBeUndefined();
  });
});
