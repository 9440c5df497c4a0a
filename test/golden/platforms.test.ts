// The test platforms (test/golden/spec/<name>/platform.yaml; tests load them as baseSpec(), argoSpec() and
// gatewaySpec()) and the committed trees they compile to (test/golden/out/<name>/), checked like out/
// (test/support/snapshots.ts). Regenerate with `UPDATE_SNAPSHOTS=1 npx vitest run test/golden` and review the diff.
import { expect, it } from "vitest";
import { join } from "node:path";
import { describeSnapshots } from "../support/snapshots.js";

describeSnapshots("golden: test/golden/out/ matches test/golden/spec/", join(import.meta.dirname, "spec"), join(import.meta.dirname, "out"), (check) => {
  it("the test platforms keep their one warning", () => {
    // argo runs node-exporter in kube-system, which gets the default deny of every namespace
    expect(check.diagnostics.map((d) => `${d.severity} ${d.code} ${d.span?.file.path ?? ""}`)).toEqual(["warning PC1204 test/golden/spec/argo/platform.yaml"]);
  });
});
