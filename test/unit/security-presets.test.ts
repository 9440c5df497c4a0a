// Security presets (issue 13): a named relaxation of the restrictive default security context, for images that
// cannot run non-root with a read-only root; and a warning (PC1010) when a well-known image that needs one runs
// with the defaults. What each image needs is read here from its entrypoint, not from src/catalog:
//  - docker-library/postgres 17/bookworm (Dockerfile: useradd --uid=999 postgres and no USER; docker-entrypoint.sh:
//    chowns $PGDATA and /var/run/postgresql as root, then exec gosu postgres; the socket dir is in the image);
//  - MariaDB/mariadb-docker 11.4/docker-entrypoint.sh: as root, exec gosu mysql;
//  - nextcloud/docker 31/apache/entrypoint.sh: as root, rsync --chown into /var/www/html and Apache as www-data.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileObject, type Compiled } from "../support/compile.js";
import { baseSpec } from "../support/base.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";

const rendered = (r: Compiled) => r.diagnostics.map((d) => renderDiagnostic(d, { color: false }));

/** The pod's container security context of the workload platformc writes for a service. */
function containerSecurity(r: Compiled, kind: string, name: string): Record<string, any> {
  const objs = (r.files ?? []).flatMap((f) => YAML.parseAllDocuments(f.content).map((d) => d.toJS() as Record<string, any>)).filter((o) => o?.kind === kind && o.metadata?.name === name);
  expect(objs, `${kind}/${name}`).toHaveLength(1);
  const pod = objs[0]!.spec.template.spec;
  return { ...(pod.securityContext ?? {}), ...(pod.containers[0].securityContext ?? {}) };
}

/** The base spec's postgres statefulset (test/golden/spec/lab: services db, namespace data) with its security replaced. */
function db(security: unknown, image = "postgres:16", podSecurity?: string): any {
  const s = baseSpec();
  const svc = s.services.find((x: any) => x.name === "db");
  svc.image = image;
  if (security === undefined) delete svc.security;
  else svc.security = security;
  if (podSecurity) s.namespaces.find((n: any) => n.name === "data").podSecurity = podSecurity;
  return s;
}

describe("presets set the security context, and a field the spec sets still wins", () => {
  it("runs-as-root: root allowed and a writable root filesystem", () => {
    const r = compileObject(db({ preset: "runs-as-root" }, "postgres:16", "baseline"));
    expect(rendered(r)).toEqual([]);
    const sec = containerSecurity(r, "StatefulSet", "db");
    expect(sec.runAsNonRoot).not.toBe(true);
    expect(sec.readOnlyRootFilesystem).toBe(false);
    // the rest of the restrictive defaults stay
    expect(sec.allowPrivilegeEscalation).toBe(false);
    expect(sec.capabilities?.drop).toEqual(["ALL"]);
  });

  it("writable-root: still non-root, only the filesystem writable", () => {
    const r = compileObject(db({ preset: "writable-root", runAsUser: 999 }));
    expect(rendered(r)).toEqual([]);
    const sec = containerSecurity(r, "StatefulSet", "db");
    expect(sec.runAsNonRoot).toBe(true);
    expect(sec.runAsUser).toBe(999);
    expect(sec.readOnlyRootFilesystem).toBe(false);
  });

  it("an explicit field overrides the preset", () => {
    const r = compileObject(db({ preset: "runs-as-root", readOnlyRootFilesystem: true }, "registry.example.com/tool:1", "baseline"));
    expect(rendered(r)).toEqual([]);
    const sec = containerSecurity(r, "StatefulSet", "db");
    expect(sec.readOnlyRootFilesystem).toBe(true);
    expect(sec.runAsNonRoot).not.toBe(true);
  });

  it("runs-as-root in a restricted namespace is refused by its Pod Security Standard (PC1003), as the help warns", () => {
    expect(compileObject(db({ preset: "runs-as-root" })).errors).toEqual(["PC1003"]);
  });

  it("an unknown preset is a schema error", () => {
    expect(compileObject(db({ preset: "root" })).errors[0]).toMatch(/^PC02/);
  });
});

describe("PC1010: a well-known image that needs root or a writable root, with the defaults", () => {
  for (const image of ["postgres:16", "docker.io/library/postgres:17.2", "postgres@sha256:" + "a".repeat(64), "mariadb:11.4", "nextcloud:31-apache"]) {
    it(`${image}: warned at the image, with the preset as the fix`, () => {
      const r = compileObject(db(undefined, image));
      expect(r.codes).toEqual(["PC1010"]);
      const d = r.diagnostics[0]!;
      expect(d.severity).toBe("warning");
      expect(d.span!.file.text.slice(d.span!.start, d.span!.end)).toBe(image);
      expect(d.help).toContain("security.preset: runs-as-root and podSecurity: baseline on namespace `data`");
      expect(d.message).toContain("runAsNonRoot and a read-only root filesystem");
    });
  }

  it("postgres: running it as its own user (999) leaves only the filesystem to fix", () => {
    const r = compileObject(db({ runAsUser: 999 }));
    expect(r.codes).toEqual(["PC1010"]);
    expect(r.diagnostics[0]!.message).toContain("with a read-only root filesystem");
    expect(r.diagnostics[0]!.help).toBe("set security.preset: writable-root");
  });

  it("no warning once the preset (or the fields) allow what the image needs", () => {
    expect(compileObject(db({ preset: "runs-as-root" }, "postgres:16", "baseline")).codes).toEqual([]);
    expect(compileObject(db({ preset: "writable-root", runAsUser: 999 })).codes).toEqual([]);
    expect(compileObject(db({ runAsNonRoot: false, readOnlyRootFilesystem: false }, "mariadb:11.4", "baseline")).codes).toEqual([]);
  });

  it("images it does not know, and look-alikes, are not warned about", () => {
    for (const image of ["ghcr.io/cloudnative-pg/postgresql:16.9", "registry.example.com/postgres-exporter:1", "bitnami/postgresql:16"]) {
      expect(compileObject(db(undefined, image)).codes, image).toEqual([]);
    }
  });
});
