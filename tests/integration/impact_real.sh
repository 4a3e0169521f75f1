#!/bin/bash
# tests/integration/impact_real.sh - feature impact against the real
# services: exposures that SDKs post to a real Unleash 7.5.1 through its
# client API (with a client token) come back as counts in
# `relboard status --json`, and per-flag KPIs evaluated by a real
# Prometheus 2.42 backfilled with tests/fixtures/prometheus/kpi.om give
# exact values and health at a fixed --at.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

start_service unleash "$WORK/unleash"
start_service prometheus "$WORK/prom" "$srcdir/tests/fixtures/prometheus/kpi.om"

P=/api/admin/projects/default/features
for f in new-checkout quiet-flag; do
	unleash_api POST "$P" "{\"name\":\"$f\",\"type\":\"release\"}" >/dev/null
done

# A client token per environment (Unleash takes the environment from the
# token); secrets stay in files of mode 0600 and go through headers.
client_token()
{
	unleash_api POST /api/admin/api-tokens \
	    "{\"tokenName\":\"sdk-$1\",\"type\":\"client\",\"environment\":\"$1\",\"projects\":[\"*\"]}" |
	    python3 -c 'import json, sys; print("Authorization: " + json.load(sys.stdin)["secret"])' \
	    >"$WORK/client-$1.hdr"
}
(umask 077 && client_token production && client_token development)

# post_metrics ENV APP YES NO: one SDK bucket for new-checkout, this hour.
post_metrics()
{
	local now
	now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
	curl -sS --fail-with-body -H @"$WORK/client-$1.hdr" \
	    -H 'Content-Type: application/json' --data \
	    "{\"appName\":\"$2\",\"instanceId\":\"$2-1\",\"environment\":\"$1\",\"bucket\":{\"start\":\"$now\",\"stop\":\"$now\",\"toggles\":{\"new-checkout\":{\"yes\":$3,\"no\":$4}}}}" \
	    "$UNLEASH_URL/api/client/metrics" >/dev/null
}
# Unleash counts by the hour: keep clear of an hour's last 90 seconds, so
# that every post and read below fall into the same hourly bucket.
while [ "$(date -u +%M%S)" -ge 5830 ]; do sleep 1; done
post_metrics production checkout 30 70
post_metrics production web 5 1
post_metrics development web 4 2

cat >"$WORK/config.json" <<JSON
{
  "sources": [
    {"name": "flags", "kind": "unleash", "url": "$UNLEASH_URL",
     "token_file": "$UNLEASH_TOKEN_FILE",
     "environments": ["development", "production"]},
    {"name": "metrics", "kind": "prometheus", "url": "$PROM_URL",
     "service_graph": false}
  ],
  "kpis": [
    {"name": "adoption", "flag": "new-checkout",
     "query": "avg(feature_adoption_ratio{flag=\"{flag}\",env=\"{env}\"})",
     "good_above": 0.2},
    {"name": "tickets", "flag": "new-checkout",
     "query": "sum(rate(support_tickets_total{feature=\"{flag}\",env=\"{env}\"}[5m])) * 3600",
     "bad_above": 5, "environments": ["production", "development", "staging"]}
  ]
}
JSON

# Unleash aggregates posted metrics every few seconds: poll with a deadline.
status() {
	"$RELBOARD" status --json --config "$WORK/config.json" --at 1795001800 \
	    >"$WORK/out.json" 2>"$WORK/err.txt"
}
deadline=$((SECONDS + 60))
until status && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = [x for f in d["flags"] if f["name"] == "new-checkout" for x in f["environments"] if x["name"] == "production"]
sys.exit(0 if e and e[0]["exposures"] and e[0]["exposures"]["yes"] > 0 else 1)' "$WORK/out.json"; do
	[ $SECONDS -lt $deadline ] || { echo "FAIL: no exposures within 60 s"; cat "$WORK/err.txt" "$WORK/out.json"; exit 1; }
	sleep 1
done
cat "$WORK/err.txt"
check "$WORK/out.json" '
env("new-checkout", "production")["exposures"] == {"yes": 35, "no": 71, "window_s": 3600}
env("new-checkout", "development")["exposures"] == {"yes": 4, "no": 2, "window_s": 3600}
env("quiet-flag", "production")["exposures"] == {"yes": 0, "no": 0, "window_s": 3600}
source("flags")["state"] == "ok" and source("metrics")["state"] == "ok"
source("metrics")["warning"] is None
len(d["kpis"]) == 5
{"name": "adoption", "flag": "new-checkout", "environment": "production", "value": 0.35, "health": "ok", "error": None} in d["kpis"]
{"name": "adoption", "flag": "new-checkout", "environment": "development", "value": 0.1, "health": "warn", "error": None} in d["kpis"]
{"name": "tickets", "flag": "new-checkout", "environment": "production", "value": 12.0, "health": "crit", "error": None} in d["kpis"]
{"name": "tickets", "flag": "new-checkout", "environment": "development", "value": 0.0, "health": "ok", "error": None} in d["kpis"]
{"name": "tickets", "flag": "new-checkout", "environment": "staging", "value": None, "health": "unknown", "error": "no data"} in d["kpis"]
'

# More exposures later in the hour add up.
post_metrics production checkout 10 0
deadline=$((SECONDS + 60))
until status && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = [x for f in d["flags"] if f["name"] == "new-checkout" for x in f["environments"] if x["name"] == "production"]
sys.exit(0 if e[0]["exposures"]["yes"] == 45 else 1)' "$WORK/out.json"; do
	[ $SECONDS -lt $deadline ] || { echo "FAIL: exposures did not reach 45"; cat "$WORK/out.json"; exit 1; }
	sleep 1
done
echo "ok - later exposures add up: production yes 45"

# A KPI query Prometheus refuses: KPIs unknown with its reason, the
# source still ok (service health is unaffected), exit 0.
python3 - "$WORK/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["kpis"][0]["query"] = "sum(rate(x[5m]) ,)"
json.dump(c, open(sys.argv[1], "w"))
PY
status
check "$WORK/out.json" '
source("metrics")["state"] == "ok"
"parse error" in source("metrics")["warning"]
all(k["value"] is None and k["health"] == "unknown" and "parse error" in k["error"] for k in d["kpis"])
'

# The client tokens and the admin token never show.
for f in "$WORK/out.json" "$WORK/err.txt"; do
	for t in "$(cat "$UNLEASH_TOKEN_FILE")" "$(sed 's/^Authorization: //' "$WORK/client-production.hdr")"; do
		if grep -qF -e "$t" "$f"; then echo "FAIL: a token appears in $f"; exit 1; fi
	done
done
echo "PASS: impact_real"
