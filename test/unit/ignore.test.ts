// The spec's `ignore` (issue 13): which warnings an entry silences (its code, and its scope by the place of the
// warning in the spec), that errors never are, what the docs say about the silenced ones, the diagnostics of
// entries that are wrong or stale, and --quiet on the command line.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";
import { compileObject, type Compiled } from "../support/compile.js";
import { cleanupTempDirs, cli, tempDir, writeSpec } from "../support/cli-harness.js";
import { Diagnostics, diag, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { parseSpec } from "../../src/parse/index.js";
import { validateSpec } from "../../src/validate/index.js";
import { lower } from "../../src/lower/index.js";
import { applyIgnores, readIgnores } from "../../src/lower/ignore.js";
import { CODES } from "../../src/diagnostics/codes.js";

afterAll(cleanupTempDirs);

const REASON = "kept on purpose for this test";

/** The base platform with two etcd members (PC0701 on the cluster's `nodes`) and two Helm releases whose pods are matched by an assumed label (PC1205 on each). */
function warned(): any {
  const s = baseSpec();
  s.clusters[0].nodes.splice(2, 1);
  const release = (name: string, namespace: string) => ({ name, namespace, kind: "helm", chart: { repo: "https://charts.example.com", name, version: "1.0.0" }, flows: [{ to: "apps/api", port: "http" }] });
  s.services.push(release("runner", "apps"), release("backup", "data"));
  return s;
}

const warnings = (r: Compiled) => r.diagnostics.filter((d) => d.severity === "warning");
const rendered = (r: Compiled) => r.diagnostics.map((d) => renderDiagnostic(d, { color: false })).join("\n");
const silenced = (r: Compiled) => (r.report?.ignored ?? []).map((w) => `${w.code} ${w.message.match(/`([^`]+)`/)?.[1]}`).sort();
const docs = (r: Compiled) => r.files!.find((f) => f.path === "docs/ARCHITECTURE.md")!.content;

describe("what the test platform warns about", () => {
  it("without an ignore list: PC0701 on the cluster and PC1205 on each release", () => {
    const r = compileObject(warned());
    expect(r.errors).toEqual([]);
    expect(warnings(r).map((d) => d.code).sort()).toEqual(["PC0701", "PC1205", "PC1205"]);
    expect(r.report?.ignored).toEqual([]);
  });
});

describe("an entry silences the warnings of its code inside its scope", () => {
  const cases: Array<{ at?: string; code: string; silenced: string[]; stands: string[] }> = [
    { code: "PC1205", silenced: ["PC1205 backup", "PC1205 runner"], stands: ["PC0701"] },
    { at: "cluster:main", code: "PC1205", silenced: ["PC1205 backup", "PC1205 runner"], stands: ["PC0701"] },
    { at: "cluster:main", code: "PC0701", silenced: ["PC0701 main"], stands: ["PC1205", "PC1205"] },
    { at: "namespace:apps", code: "PC1205", silenced: ["PC1205 runner"], stands: ["PC0701", "PC1205"] },
    { at: "namespace:main/data", code: "PC1205", silenced: ["PC1205 backup"], stands: ["PC0701", "PC1205"] },
    { at: "service:apps/runner", code: "PC1205", silenced: ["PC1205 runner"], stands: ["PC0701", "PC1205"] },
    { at: "service:main/data/backup", code: "PC1205", silenced: ["PC1205 backup"], stands: ["PC0701", "PC1205"] },
  ];
  for (const c of cases) {
    it(`${c.code} at ${c.at ?? "(anywhere)"}`, () => {
      const s = warned();
      s.ignore = [{ code: c.code, reason: REASON, ...(c.at ? { at: c.at } : {}) }];
      const r = compileObject(s);
      expect(warnings(r).map((d) => d.code).sort(), rendered(r)).toEqual(c.stands);
      expect(silenced(r)).toEqual(c.silenced);
      for (const w of r.report!.ignored!) {
        expect(w.reason).toBe(REASON);
        expect(w.location).toMatch(/^spec\/test\/platform\.yaml:\d+:\d+$/);
      }
    });
  }

  it("a scope that holds the place of another code's warning, or a neighbour's, silences nothing and says where its code fires", () => {
    const s = warned();
    // PC0701 points at the cluster's `nodes`, which no node holds; namespace apps does not hold data/backup.
    s.ignore = [
      { code: "PC0701", at: "node:cp1", reason: REASON },
      { code: "PC1205", at: "namespace:kube-system", reason: REASON },
    ];
    const r = compileObject(s);
    expect(r.errors).toEqual([]);
    expect(warnings(r).map((d) => d.code).sort()).toEqual(["PC0313", "PC0313", "PC0701", "PC1205", "PC1205"]);
    const stale = r.diagnostics.filter((d) => d.code === "PC0313");
    expect(stale.map((d) => d.message)).toEqual(["ignore of PC0701 at `node:cp1` silences no warning", "ignore of PC1205 at `namespace:kube-system` silences no warning"]);
    expect(stale[0]!.related.map((x) => x.message)).toEqual(["PC0701 fires here, outside `node:cp1`"]);
    expect(stale[1]!.related).toHaveLength(2);
  });

  it("the docs list the silenced warnings with the reason, apart from the warnings that stand", () => {
    const s = warned();
    s.ignore = [{ code: "PC1205", at: "service:apps/runner", reason: "the runner chart's labels are `app=runner`, checked by hand" }];
    const md = docs(compileObject(s));
    const checks = md.slice(md.indexOf("## Checks"));
    const stand = checks.slice(checks.indexOf("Warnings that stand:"), checks.indexOf("Warnings ignored, with the reason"));
    const ignored = checks.slice(checks.indexOf("Warnings ignored, with the reason"));
    expect(stand).toContain("**PC1205** pods of Helm release `backup`");
    expect(stand).not.toContain("`runner`");
    expect(ignored).toMatch(/- \*\*PC1205\*\* pods of Helm release `runner` .*\(`spec\/test\/platform\.yaml:\d+:\d+`\). Reason: the runner chart's labels are `app=runner`, checked by hand\n/);
  });

  it("when every warning is silenced, none stands", () => {
    const s = warned();
    s.ignore = [{ code: "PC1205", reason: REASON }, { code: "PC0701", at: "cluster:main", reason: REASON }];
    const r = compileObject(s);
    expect(r.diagnostics).toEqual([]);
    expect(docs(r)).toContain("\nNo warning stands.\n");
    expect(docs(r)).not.toContain("Warnings that stand");
  });
});

describe("errors are not ignorable", () => {
  it("an entry naming an error's code is itself an error, and the error stands", () => {
    const s = baseSpec();
    s.clusters[0].podCIDR = "10.42.0.0/16";
    s.clusters[0].serviceCIDR = "10.42.128.0/17";
    s.ignore = [{ code: "PC0401", reason: REASON }];
    const r = compileObject(s);
    expect(r.codes).toEqual(["PC0401", "PC0311"]);
    expect(r.files).toBeUndefined();
    expect(rendered(r)).toContain("help: errors cannot be silenced");
  });

  it("nor are the codes that report the ignore list", () => {
    const s = baseSpec();
    s.ignore = [{ code: "PC0313", reason: REASON }];
    const r = compileObject(s);
    expect(r.codes).toEqual(["PC0311"]);
    expect(rendered(r)).toContain("PC0313 cannot be ignored: it reports the ignore list itself");
  });

  it("a diagnostic reported as an error under a warning's code is never silenced", () => {
    const text = YAML.stringify({ ...baseSpec(), ignore: [{ code: "PC0701", reason: REASON }] });
    const d = new Diagnostics();
    const spec = parseSpec({ path: "spec/test/platform.yaml", text }, d)!;
    expect(validateSpec(spec, d)).toBe(true);
    const graph = lower(spec, { specPath: "spec/test/platform.yaml", outPath: "out" }, d);
    const rules = readIgnores(spec, graph, d, true);
    const asError = diag("PC0701", undefined, { cluster: "main", count: 1, plural: "", consequence: "x" }, { severity: "error" });
    const noSpan = diag("PC0701", undefined, { cluster: "main", count: 1, plural: "", consequence: "x" });
    const { kept, silenced: gone } = applyIgnores(rules, [asError, noSpan], spec);
    expect(kept).toEqual([asError]);
    expect(gone.map((g) => g.diagnostic)).toEqual([noSpan]);
  });
});

describe("warnings without a location", () => {
  function rulesFor(entry: object): { spec: ReturnType<typeof parseSpec>; rules: ReturnType<typeof readIgnores> } {
    const text = YAML.stringify({ ...baseSpec(), ignore: [entry] });
    const d = new Diagnostics();
    const spec = parseSpec({ path: "spec/test/platform.yaml", text }, d)!;
    validateSpec(spec, d);
    return { spec, rules: readIgnores(spec, lower(spec, { specPath: "spec/test/platform.yaml", outPath: "out" }, d), d, true) };
  }
  const noSpan: Diagnostic = diag("PC0701", undefined, { cluster: "main", count: 1, plural: "", consequence: "x" });

  it("are matched by code by an entry without `at`", () => {
    const { spec, rules } = rulesFor({ code: "PC0701", reason: REASON });
    expect(applyIgnores(rules, [noSpan], spec!).kept).toEqual([]);
  });

  it("are never matched by an entry with `at`, however wide", () => {
    const { spec, rules } = rulesFor({ code: "PC0701", at: "cluster:main", reason: REASON });
    expect(applyIgnores(rules, [noSpan], spec!).kept).toEqual([noSpan]);
  });
});

describe("entries that are wrong", () => {
  const compileWith = (entry: object, mutate: (s: any) => void = () => {}) => {
    const s = warned();
    mutate(s);
    s.ignore = [entry];
    return compileObject(s);
  };

  it("an unknown code, with the nearest warning code", () => {
    const r = compileWith({ code: "PC1250", reason: REASON });
    expect(r.errors).toEqual(["PC0310"]);
    expect(rendered(r)).toContain("`PC1250` is not a diagnostic code of platformc");
    const hint = rendered(r).match(/did you mean `(PC\d{4})`\?/)?.[1];
    expect(hint && CODES[hint as keyof typeof CODES].severity).toBe("warning");
  });

  it("a malformed scope, with the forms a scope takes", () => {
    for (const at of ["svc:apps/runner", "apps/runner", "service:runner", "cluster:main/x", "namespace:"]) {
      const r = compileWith({ code: "PC1205", at, reason: REASON });
      expect(r.errors, at).toEqual(["PC0312"]);
      expect(rendered(r), at).toMatch(/ignore scope `[^`]+` is not a (\w+ )?scope/);
      expect(rendered(r), at).toContain("help: ");
    }
  });

  it("a scope naming nothing the spec declares, with a did-you-mean", () => {
    for (const [at, hint] of [["cluster:mian", "cluster:main"], ["service:apps/runer", "service:apps/runner"], ["namespace:dta", "namespace:main/data"], ["external:nsa", "external:nas"], ["zone:lab.example.org", "zone:lab.example.com"], ["node:mian/cp1", "node:main/cp1"]] as const) {
      const r = compileWith({ code: "PC1205", at, reason: REASON });
      expect(r.errors, at).toEqual(["PC0312"]);
      expect(rendered(r), at).toContain(`did you mean \`${hint}\`?`);
    }
  });

  it("a scope that names a namespace of two clusters without its cluster is ambiguous", () => {
    const r = compileWith({ code: "PC1205", at: "namespace:apps", reason: REASON }, (s) => {
      s.clusters.push({ name: "two", distribution: "k3s", podCIDR: "10.50.0.0/16", serviceCIDR: "10.51.0.0/16", nodes: [40, 41, 42].map((n, i) => ({ name: `t${i}`, role: "controlplane", address: `192.168.10.${n}` })) });
      for (const n of [...s.namespaces, ...s.services]) n.cluster = "main";
      s.namespaces.push({ name: "apps", cluster: "two" });
    });
    expect(r.errors).toEqual(["PC0307"]);
    expect(rendered(r)).toContain("namespace:main/apps or namespace:two/apps");
  });

  it("a blank reason is refused by the schema", () => {
    const r = compileWith({ code: "PC1205", reason: "  " });
    expect(r.errors).toEqual(["PC0206"]);
  });

  it("when lowering fails, a scope it could not resolve is not reported, nor an entry that silenced nothing", () => {
    const r = compileWith({ code: "PC1205", at: "service:apps/ghost", reason: REASON }, (s) => s.services.push({ name: "lost", namespace: "nowhere", image: "x:1" }));
    expect(r.errors).toEqual(["PC0301"]);
    expect(r.codes.filter((c) => /^PC031[0-3]$/.test(c))).toEqual([]);
  });
});

describe("the command line", () => {
  function project(spec: unknown): string {
    const root = tempDir("platformc-ignore-");
    writeSpec(root, "lab", spec);
    return root;
  }

  it("--quiet prints errors and the summary line, not warnings; the docs still list them", () => {
    const spec = warned();
    const root = project(spec);
    const loud = cli(["validate", path.join(root, "spec")]);
    expect(loud.code).toBe(0);
    expect(loud.err).toContain("warning[PC0701]");
    const quiet = cli(["validate", "--quiet", path.join(root, "spec")]);
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe("3 warnings (warnings not shown: --quiet)\n");
    const out = path.join(root, "out");
    const built = cli(["build", "--quiet", path.join(root, "spec"), "--out", out]);
    expect(built.code).toBe(0);
    expect(built.err).toBe("3 warnings (warnings not shown: --quiet)\n");
    const md = fs.readFileSync(path.join(out, spec.platform.name, "docs", "ARCHITECTURE.md"), "utf8");
    expect(md).toContain("Warnings that stand:");
    expect(md).toContain("**PC0701** cluster `main` has 2 etcd members");
  });

  it("--quiet still prints every error; --format json lists the errors only", () => {
    const s = warned();
    s.clusters[0].serviceCIDR = "10.42.128.0/17";
    s.clusters[0].podCIDR = "10.42.0.0/16";
    const root = project(s);
    const r = cli(["build", "--quiet", path.join(root, "spec"), "--out", path.join(root, "out")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[PC0401]");
    expect(r.err).not.toContain("warning[");
    expect(r.err).toMatch(/\n1 error, \d+ warnings? \(warnings not shown: --quiet\)\n$/);
    const j = cli(["validate", "--quiet", "--format", "json", path.join(root, "spec")]);
    expect((JSON.parse(j.out) as { diagnostics: Array<{ severity: string }> }).diagnostics.map((d) => d.severity)).toEqual(["error"]);
  });

  it("--help documents --quiet on build and validate", () => {
    for (const cmd of ["build", "validate"]) expect(cli([cmd, "--help"]).out).toMatch(/-q, --quiet\s+print errors and the summary line only/);
  });

  it("silenced warnings are not printed or counted", () => {
    const s = warned();
    s.ignore = [{ code: "PC1205", reason: REASON }];
    const r = cli(["validate", path.join(project(s), "spec")]);
    expect(r.err).not.toContain("PC1205");
    expect(r.err).toContain("\n1 warning\n");
  });

  it("the init starter builds with no warning, its etcd warning ignored with a reason the docs show", () => {
    const root = tempDir("platformc-starter-");
    expect(cli(["init", path.join(root, "spec", "home")]).code).toBe(0);
    const out = path.join(root, "out");
    const r = cli(["build", path.join(root, "spec"), "--out", out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/warning/);
    const md = fs.readFileSync(path.join(out, "home", "docs", "ARCHITECTURE.md"), "utf8");
    expect(md).toMatch(/- \*\*PC0701\*\* cluster `main` has 1 etcd member.*Reason: one control-plane node is fine for a lab/);
  });

  it("the seeds print no warning", () => {
    const r = cli(["validate", path.join(import.meta.dirname, "..", "..", "spec")]);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain("warning");
  });
});
