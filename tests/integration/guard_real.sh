#!/bin/bash
# tests/integration/guard_real.sh - the health guard of `relboard flag`
# against a real Unleash 7.5.1 and a real Prometheus 2.42.  Prometheus is
# backfilled with the release of tests/fixtures/prometheus shifted to end
# 10 minutes from now (gen-release.py --end), so that at "now" checkout v2
# is crit (8 % errors).  Raising new-checkout, which checkout owns, is
# refused and nothing is written; --force --reason goes through and is
# journaled; killing is never blocked; a metrics source that does not
# answer also refuses raising, naming the source.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

FIX=$srcdir/tests/fixtures/prometheus
python3 "$FIX/gen-release.py" --end now+600 >"$WORK/recent.om"
start_service prometheus "$WORK/prom" "$WORK/recent.om"
start_service unleash "$WORK/unleash"

P=/api/admin/projects/default/features
unleash_api POST "$P" '{"name":"new-checkout","type":"release"}' >/dev/null
unleash_api POST "$P/new-checkout/environments/production/strategies" \
    '{"name":"flexibleRollout","constraints":[],"parameters":{"rollout":"5","stickiness":"default","groupId":"new-checkout"}}' >/dev/null
unleash_api POST "$P/new-checkout/environments/production/on" >/dev/null

export XDG_STATE_HOME=$WORK/state
JOURNAL=$XDG_STATE_HOME/relboard/journal.jsonl

# config FILE PROM_URL: checkout owns new-checkout; metrics from PROM_URL.
config()
{
	cat >"$1" <<JSON
{
  "sources": [
    {"name": "flags", "kind": "unleash", "url": "$UNLEASH_URL",
     "token_file": "$UNLEASH_TOKEN_FILE", "environments": ["production"]},
    {"name": "metrics", "kind": "prometheus", "url": "$2", "timeout_s": 5}
  ],
  "services": [
    {"name": "checkout", "flags": ["new-checkout"]},
    {"name": "search"}
  ]
}
JSON
}
config "$WORK/config.json" "$PROM_URL"

# A loopback port nothing listens on.
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
config "$WORK/stale.json" "http://127.0.0.1:$closed"

# rb WANT_EXIT CONFIG ARGS...: run relboard flag ARGS, expect the exit status.
rb()
{
	local want=$1 cfg=$2 rc=0
	shift 2
	"$RELBOARD" flag "$@" --config "$cfg" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: relboard flag $*: exit $rc, want $want"
		cat "$WORK/out" "$WORK/err"
		exit 1
	fi
	echo "ok - flag $* -> $rc: $(cat "$WORK/out" "$WORK/err" | head -n 1)"
}

# server ENABLED ROLLOUT: new-checkout in production, via the Admin API.
server()
{
	unleash_api GET "$P/new-checkout" >"$WORK/flag.json"
	python3 - "$WORK/flag.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
env = [e for e in d["environments"] if e["name"] == "production"][0]
roll = [s["parameters"].get("rollout") for s in env.get("strategies", [])
        if s["name"] == "flexibleRollout"]
got = (str(env["enabled"]).lower(), roll[0] if roll else "none")
if got != (sys.argv[2], sys.argv[3]):
    print("FAIL: server has enabled=%s rollout=%s, want enabled=%s rollout=%s"
          % (got + (sys.argv[2], sys.argv[3])))
    sys.exit(1)
print("ok - server: enabled=%s rollout=%s" % got)
PY
}

# last_journal PYTHON-EXPRESSIONS: assertions on the journal's last line.
last_journal()
{
	tail -n 1 "$JOURNAL" >"$WORK/last.json"
	check "$WORK/last.json" "$1"
}

# Prometheus answers "now" from the shifted data: checkout v2 is crit.
"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/status.json"
check "$WORK/status.json" '
source("metrics")["state"] == "ok"
svc("checkout", "v2")["health"] == "crit"
abs(svc("checkout", "v2")["error_ratio"] - 0.08) < 1e-9
svc("checkout", "v1")["health"] == "ok"
'

# Raising while checkout is crit: refused, nothing written, journaled.
server true 5
rb 4 "$WORK/config.json" stage new-checkout next --env production
grep -q "checkout v2 is crit" "$WORK/err"
grep -q -- "--force --reason" "$WORK/err"
server true 5
last_journal '
d["result"] == "refused" and d["forced"] is False
d["flag"] == "new-checkout" and d["environment"] == "production"
'
# --force alone is not enough.
rb 2 "$WORK/config.json" stage new-checkout next --env production --force
server true 5

# Metrics that do not answer: the health is not known, raising is refused.
rb 4 "$WORK/stale.json" stage new-checkout next --env production
grep -q "metrics source metrics" "$WORK/err"
grep -q "health of checkout is not known" "$WORK/err"
server true 5

# Overridden with a reason: done, verified, journaled as forced.
reason="v2 errors come from one bad host, drained"
rb 0 "$WORK/config.json" stage new-checkout next --env production \
    --force --reason "$reason"
server true 20
last_journal "
d['result'] == 'done' and d['forced'] is True
d['reason'] == '$reason'
'checkout v2 is crit' in d['overridden']
"

# Killing is never blocked, not by crit and not by stale metrics.
rb 0 "$WORK/config.json" kill new-checkout --env production --reason "crit canary"
server false 20
last_journal "d['result'] == 'done' and d['forced'] is False"
# Restoring raises exposure again: refused while crit, unless forced.
rb 4 "$WORK/config.json" restore new-checkout --env production
server false 20
rb 0 "$WORK/config.json" restore new-checkout --env production --force \
    --reason "$reason"
server true 20
rb 0 "$WORK/stale.json" kill new-checkout --env production --reason "no metrics"
server false 20

# Lowering is never blocked either.
rb 0 "$WORK/config.json" restore new-checkout --env production --force \
    --reason "$reason"
rb 0 "$WORK/config.json" stage new-checkout previous --env production
server true 5
echo "PASS: guard_real"
