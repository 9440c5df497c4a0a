// command and args replace the image's ENTRYPOINT and CMD (Kubernetes container command/args): an image such as
// MinIO's does nothing useful without `server /data`, and Jaeger's agent reports nowhere without its collector flag.
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { baseSpec } from "../support/base.js";
import { compileObject } from "../support/compile.js";

function container(spec: any, service: string) {
  const r = compileObject(spec);
  expect(r.errors).toEqual([]);
  const s = r.graph!.clusters.flatMap((c) => c.services).find((x) => x.name === service)!;
  const file = r.files!.find((f) => f.path.endsWith(`/namespaces/${s.namespace}/${service}.yaml`))!;
  const workload = YAML.parseAllDocuments(file.content).map((d) => d.toJS()).find((o) => ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind));
  return workload.spec.template.spec.containers[0];
}

describe("service command and args", () => {
  it("reach the container as given, in order", () => {
    const spec = baseSpec();
    const db = spec.services.find((s: any) => s.name === "db");
    db.command = ["docker-entrypoint.sh"];
    db.args = ["postgres", "-c", "max_connections=200"];
    const ctr = container(spec, "db");
    expect(ctr.command).toEqual(["docker-entrypoint.sh"]);
    expect(ctr.args).toEqual(["postgres", "-c", "max_connections=200"]);
  });

  it("are left to the image when the spec gives none", () => {
    const ctr = container(baseSpec(), "db");
    expect(ctr.command).toBeUndefined();
    expect(ctr.args).toBeUndefined();
  });
});
