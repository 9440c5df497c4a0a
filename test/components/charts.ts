// Pods as charts and operators label them, written from their templates and code (cited), for the tests of
// test/components/ that need the same pod; never taken from src/catalog.
import type { World } from "./world.js";

// prometheus-operator v0.83.0 pkg/prometheus/server/operator.go makeSelectorLabels, server/statefulset.go;
// prometheus = the Prometheus object's name (kube-prometheus-stack 75.15.1 _helpers.tpl prometheus.crname:
// <fullname>-prometheus) and the shard; the container port is spec.portName (http-web in the chart's values) 9090.
export function prometheusPod(w: World, cluster: string, ns: string) {
  const name = "kube-prometheus-stack-prometheus";
  return w.pod(cluster, ns, {
    "app.kubernetes.io/managed-by": "prometheus-operator",
    "app.kubernetes.io/name": "prometheus",
    "app.kubernetes.io/instance": name,
    "operator.prometheus.io/name": name,
    "operator.prometheus.io/shard": "0",
    prometheus: name,
  }, [{ name: "http-web", port: 9090 }, { name: "reloader-web", port: 8080 }]);
}
