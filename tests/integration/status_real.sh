#!/bin/bash
# tests/integration/status_real.sh - `relboard status --json` against a real
# Unleash 7.5.1 (flags made through its Admin API) and a real Prometheus 2.42
# (backfilled with tests/fixtures/prometheus/release.om), with exact values.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

start_service unleash "$WORK/unleash"
start_service prometheus "$WORK/prom" "$srcdir/tests/fixtures/prometheus/release.om"

P=/api/admin/projects/default/features
mkflag() { unleash_api POST "$P" "{\"name\":\"$1\",\"type\":\"$2\"}" >/dev/null; }
rollout() {
	unleash_api POST "$P/$1/environments/$2/strategies" \
	    "{\"name\":\"flexibleRollout\",\"constraints\":[],\"parameters\":{\"rollout\":\"$3\",\"stickiness\":\"default\",\"groupId\":\"$1\"}}" >/dev/null
}
toggle() { unleash_api POST "$P/$1/environments/$2/$3" >/dev/null; }

mkflag payments-v2 release
rollout payments-v2 production 100
toggle payments-v2 production on
mkflag new-checkout release
rollout new-checkout production 5
toggle new-checkout production on
rollout new-checkout development 50
toggle new-checkout development on
unleash_api POST "$P/new-checkout/dependencies" \
    '{"feature":"payments-v2","enabled":true,"variants":[]}' >/dev/null
mkflag dark-mode experiment
rollout dark-mode production 20
toggle dark-mode production on
toggle dark-mode production off
mkflag odd-split experiment
rollout odd-split production 33
toggle odd-split production on
mkflag empty-flag permission

cat >"$WORK/config.json" <<JSON
{
  "sources": [
    {"name": "flags", "kind": "unleash", "url": "$UNLEASH_URL",
     "token_file": "$UNLEASH_TOKEN_FILE",
     "environments": ["development", "production"]},
    {"name": "metrics", "kind": "prometheus", "url": "$PROM_URL"}
  ],
  "services": [
    {"name": "checkout", "flags": ["new-checkout"], "depends_on": ["payments", "search"]},
    {"name": "payments", "flags": ["payments-v2"]},
    {"name": "search"},
    {"name": "ledger"}
  ]
}
JSON

rc=0
"$RELBOARD" status --json --config "$WORK/config.json" --at 1795001800 \
    >"$WORK/out.json" 2>"$WORK/err.txt" || rc=$?
cat "$WORK/err.txt"
[ "$rc" = 0 ] || { echo "FAIL: exit $rc"; cat "$WORK/out.json"; exit 1; }
check "$WORK/out.json" '
source("flags")["state"] == "ok" and source("metrics")["state"] == "ok"
len(d["flags"]) == 5
env("new-checkout", "production").items() >= {"name": "production", "enabled": True, "stage": "canary", "rollout": 5, "killed": False}.items()
env("new-checkout", "development")["stage"] == "half"
flag("new-checkout")["depends_on"] == [{"flag": "payments-v2", "enabled": True}]
env("payments-v2", "production")["stage"] == "ga"
env("payments-v2", "development").items() >= {"name": "development", "enabled": False, "stage": "off", "rollout": None, "killed": False}.items()
env("dark-mode", "production").items() >= {"name": "production", "enabled": False, "stage": "killed", "rollout": 20, "killed": True}.items()
env("odd-split", "production")["stage"] == "custom" and env("odd-split", "production")["rollout"] == 33
flag("dark-mode")["type"] == "experiment"
svc("checkout", "v1")["request_rate"] == 100 and svc("checkout", "v1")["error_ratio"] == 0.002
svc("checkout", "v1")["latency_p99_s"] == 0.375 and svc("checkout", "v1")["health"] == "ok"
svc("checkout", "v2")["error_ratio"] == 0.08 and svc("checkout", "v2")["health"] == "crit"
svc("payments", "v1")["latency_p99_s"] == 0.4375 and svc("payments", "v1")["health"] == "ok"
svc("search", "v1")["error_ratio"] == 0.02 and svc("search", "v1")["health"] == "warn"
svc("ledger", "v1")["request_rate"] == 0 and svc("ledger", "v1")["error_ratio"] is None
svc("ledger", "v1")["latency_p99_s"] is None and svc("ledger", "v1")["health"] == "unknown"
any(e.items() >= {"from": "flag:payments-v2", "to": "flag:new-checkout", "kind": "flag-dependency"}.items() for e in d["graph"]["edges"])
any(e.items() >= {"from": "service:payments", "to": "service:checkout", "kind": "service-dependency"}.items() for e in d["graph"]["edges"])
'

# A wrong token: the flags source fails with 401, exit 3, the token never shows.
bad=$WORK/bad.token
(umask 077 && echo "*:*.not-the-right-secret" >"$bad")
sed "s|$UNLEASH_TOKEN_FILE|$bad|" "$WORK/config.json" >"$WORK/bad.json"
rc=0
"$RELBOARD" status --json --config "$WORK/bad.json" --at 1795001800 \
    >"$WORK/out.json" 2>"$WORK/err.txt" || rc=$?
[ "$rc" = 3 ] || { echo "FAIL: wrong token: exit $rc, want 3"; exit 1; }
check "$WORK/out.json" '
source("flags")["state"] == "error" and "401" in source("flags")["error"]
"unauthorized" in source("flags")["error"]
source("metrics")["state"] == "ok"
'
for f in "$WORK/out.json" "$WORK/err.txt"; do
	if grep -qF -e "not-the-right-secret" -e "$(cat "$UNLEASH_TOKEN_FILE")" "$f"; then
		echo "FAIL: a token appears in $f"; exit 1
	fi
done
echo "ok - a wrong token is reported as 401 and never printed"

# relboard check: the real services' versions, then the refused token named.
rc=0
"$RELBOARD" check --config "$WORK/config.json" >"$WORK/check.txt" 2>&1 || rc=$?
cat "$WORK/check.txt"
[ "$rc" = 0 ] || { echo "FAIL: check: exit $rc, want 0"; exit 1; }
grep -qxF "  version:  7.5.1" "$WORK/check.txt" || { echo "FAIL: no Unleash version"; exit 1; }
grep -qE "^  version:  2\.42\.[0-9]+" "$WORK/check.txt" || { echo "FAIL: no Prometheus version"; exit 1; }
grep -qxF "  auth:     token from file $UNLEASH_TOKEN_FILE" "$WORK/check.txt" || { echo "FAIL: auth line"; exit 1; }
grep -qxF "all 2 sources answered" "$WORK/check.txt" || { echo "FAIL: summary"; exit 1; }
rc=0
"$RELBOARD" check --config "$WORK/bad.json" >"$WORK/check.txt" 2>&1 || rc=$?
cat "$WORK/check.txt"
[ "$rc" = 3 ] || { echo "FAIL: check with a wrong token: exit $rc, want 3"; exit 1; }
grep -qxF "  error:    401: the token for source flags was refused; token_file is $bad" \
    "$WORK/check.txt" || { echo "FAIL: no 401 hint"; exit 1; }
if grep -qF -e "not-the-right-secret" -e "$(cat "$UNLEASH_TOKEN_FILE")" "$WORK/check.txt"; then
	echo "FAIL: a token appears in the check"; exit 1
fi
echo "ok - relboard check shows the real versions and names the refused token file"
echo "PASS: status_real"
