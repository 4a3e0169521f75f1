#!/bin/bash
# tests/integration/svcgraph_real.sh - the discovered service graph in
# `relboard status --json --at` against a real Prometheus 2.42 backfilled
# with tests/fixtures/prometheus/graph.om (OpenTelemetry servicegraph,
# Istio and Linkerd traffic): exact rates and error ratios, config and
# traffic merged (both / config / traffic), service_aliases, and a source
# with "service_graph": false.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

start_service prometheus "$WORK/prom" "$srcdir/tests/fixtures/prometheus/graph.om"

cat >"$WORK/config.json" <<JSON
{
  "sources": [{"name": "mesh", "kind": "prometheus", "url": "$PROM_URL"}],
  "services": [
    {"name": "checkout", "depends_on": ["payments", "inventory"]},
    {"name": "payments", "thresholds": {"error_ratio_crit": 0.2}},
    {"name": "inventory"},
    {"name": "ledger-svc"}
  ],
  "service_aliases": {"ledger": "ledger-svc"}
}
JSON

rc=0
"$RELBOARD" status --json --config "$WORK/config.json" --at 1795001800 \
    >"$WORK/out.json" 2>"$WORK/err.txt" || rc=$?
cat "$WORK/err.txt"
[ "$rc" = 0 ] || { echo "FAIL: status exit $rc"; exit 1; }

# edge(callee, caller): the service-dependency edge, as depends_on points.
check "$WORK/out.json" "$(cat <<'PY'
source("mesh")["state"] == "ok"
len([e for e in d["graph"]["edges"] if e["kind"] == "service-dependency"]) == 7
(lambda es: all(e["origin"] is None and e["request_rate"] is None for e in es))([e for e in d["graph"]["edges"] if e["kind"] != "service-dependency"])
[e for e in d["graph"]["edges"] if e["from"] == "service:payments" and e["to"] == "service:checkout"] == [{"from": "service:payments", "to": "service:checkout", "kind": "service-dependency", "origin": "both", "request_rate": 20, "error_ratio": 0.1, "health": "warn"}]
[e for e in d["graph"]["edges"] if e["from"] == "service:inventory"] == [{"from": "service:inventory", "to": "service:checkout", "kind": "service-dependency", "origin": "config", "request_rate": 0, "error_ratio": None, "health": "unknown"}]
[e for e in d["graph"]["edges"] if e["from"] == "service:search"] == [{"from": "service:search", "to": "service:checkout", "kind": "service-dependency", "origin": "traffic", "request_rate": 10, "error_ratio": 0, "health": "ok"}]
[(e["origin"], e["request_rate"], e["error_ratio"], e["health"]) for e in d["graph"]["edges"] if e["from"] == "service:checkout" and e["to"] == "service:frontend"] == [("traffic", 30, 0.02, "warn")]
[(e["origin"], e["request_rate"], e["error_ratio"], e["health"]) for e in d["graph"]["edges"] if e["from"] == "service:frontend" and e["to"] == "service:gateway"] == [("traffic", 4, 0.25, "crit")]
[(e["request_rate"], e["error_ratio"], e["health"]) for e in d["graph"]["edges"] if e["from"] == "service:ledger-svc" and e["to"] == "service:payments"] == [(8, 0.05, "crit")]
[(e["request_rate"], e["error_ratio"]) for e in d["graph"]["edges"] if e["from"] == "service:ledger-svc" and e["to"] == "service:payments-worker"] == [(2, 0)]
not any(e["from"] == "service:ledger" for e in d["graph"]["edges"])
PY
)"

# Switched off: only the configured edges, with neither rate nor ratio.
sed 's|"url": "'"$PROM_URL"'"|&, "service_graph": false|' "$WORK/config.json" \
    >"$WORK/off.json"
"$RELBOARD" status --json --config "$WORK/off.json" --at 1795001800 >"$WORK/off.out"
check "$WORK/off.out" "$(cat <<'PY'
[(e["from"], e["origin"], e["request_rate"]) for e in d["graph"]["edges"] if e["kind"] == "service-dependency"] == [("service:payments", "config", None), ("service:inventory", "config", None)]
PY
)"

# One family only: the Linkerd pairs.
sed 's|"url": "'"$PROM_URL"'"|&, "service_graph": ["linkerd"]|' "$WORK/config.json" \
    >"$WORK/linkerd.json"
"$RELBOARD" status --json --config "$WORK/linkerd.json" --at 1795001800 >"$WORK/linkerd.out"
check "$WORK/linkerd.out" "$(cat <<'PY'
sorted(e["to"] for e in d["graph"]["edges"] if e["origin"] == "traffic") == ["service:payments", "service:payments-worker"]
PY
)"
echo "svcgraph_real: ok"
