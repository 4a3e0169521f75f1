#!/bin/bash
# tests/integration/prom_grouped_real.sh - against a real Prometheus 2.42
# backfilled with tests/fixtures/prometheus/release.om: relboard's grouped
# health queries, limited to the configured services by one regex matcher,
# give each service and version exactly the values that one query per
# service gives, and leave out the services nobody configured.  The relay
# in front (tests/countproxy.py) shows one query per metric and one range
# query for the trend.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

start_service prometheus "$WORK/prom" "$srcdir/tests/fixtures/prometheus/release.om"
AT=1795001800

python3 "$srcdir/tests/countproxy.py" --upstream "${PROM_URL#http://}" \
    --log "$WORK/wire.log" --parent $$ >"$WORK/proxy.out" &
for _ in $(seq 100); do
	grep -q listening "$WORK/proxy.out" 2>/dev/null && break
	sleep 0.1
done
PROXY=http://$(sed -n 's/^listening on //p' "$WORK/proxy.out")

cat >"$WORK/config.json" <<JSON
{"sources": [{"name": "metrics", "kind": "prometheus", "url": "$PROXY",
              "service_graph": false}],
 "services": [{"name": "checkout"}, {"name": "payments"}, {"name": "ledger"}]}
JSON
rc=0
"$RELBOARD" status --json --config "$WORK/config.json" --at "$AT" \
    >"$WORK/out.json" 2>"$WORK/err.txt" || rc=$?
cat "$WORK/err.txt"
[ "$rc" = 0 ] || { echo "FAIL: exit $rc"; cat "$WORK/out.json"; exit 1; }

# One query per service and metric, straight to Prometheus.
python3 - "$WORK/out.json" "$PROM_URL" "$AT" <<'PY'
import json, math, sys, urllib.parse, urllib.request
d = json.load(open(sys.argv[1]))
url, at = sys.argv[2], sys.argv[3]
per_service = {
    "request_rate": 'sum by (service,version)(rate(http_requests_total{service="%s"}[1m]))',
    "error_ratio": 'sum by (service,version)(rate(http_requests_total{service="%s",code=~"5.."}[1m]))'
                   ' / sum by (service,version)(rate(http_requests_total{service="%s"}[1m]))',
    "latency_p99_s": 'histogram_quantile(0.99, sum by (service,version,le)'
                     '(rate(http_request_duration_seconds_bucket{service="%s"}[1m])))',
}
def query(q):
    u = "%s/api/v1/query?%s" % (url, urllib.parse.urlencode({"query": q, "time": at}))
    return json.load(urllib.request.urlopen(u))["data"]["result"]
got = {(s["service"], s["version"]): s for s in d["services"]}
assert {k[0] for k in got} == {"checkout", "payments", "ledger"}, sorted(got)
compared = 0
for svc in ("checkout", "payments", "ledger"):
    for field, q in per_service.items():
        for r in query(q.replace("%s", svc)):
            key = (r["metric"]["service"], r["metric"]["version"])
            want = float(r["value"][1])
            have = got[key][field]
            if math.isnan(want):
                assert have is None, (key, field, have)
            else:
                assert have is not None and abs(have - want) <= 1e-12 * max(1, abs(want)), (key, field, have, want)
            compared += 1
# ledger has no 5xx series: per service its ratio is an empty answer, and
# relboard's grouped query says 0 where there is traffic, else no data.
assert got[("ledger", "v1")]["error_ratio"] is None
assert compared >= 12, compared
print("ok - %d values of the grouped queries equal the per-service queries'" % compared)
PY

python3 - "$srcdir/tests" "$WORK/wire.log" <<'PY'
import sys, urllib.parse
sys.path.insert(0, sys.argv[1])
from countproxy import exchanges
ex = exchanges(sys.argv[2])
qs = [urllib.parse.unquote(r.split(" ", 1)[1]) for r, st in ex]
assert all(st == "200" for _, st in ex), ex
assert len([q for q in qs if q.startswith("/api/v1/query?")]) == 3, qs
assert len([q for q in qs if q.startswith("/api/v1/query_range?")]) == 1, qs
assert all('service=~"checkout|payments|ledger"' in q for q in qs), qs
print("ok - one query per metric and one range query, each for the configured services only")
PY
