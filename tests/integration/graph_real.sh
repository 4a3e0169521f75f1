#!/bin/bash
# tests/integration/graph_real.sh - the dependency graph against a real
# Unleash 7.5.1: parent/child flags made through its Admin API (Unleash
# allows one level: a parent has no parent), then status --json shows who
# is blocked, `flag kill PARENT --dry-run` lists exactly the flags that
# would change and writes nothing, and staging a child above its parent is
# refused (exit 4, nothing written) unless forced with a reason.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

start_service unleash "$WORK/unleash"
P=/api/admin/projects/default/features
mkflag() { unleash_api POST "$P" "{\"name\":\"$1\",\"type\":\"release\"}" >/dev/null; }
rollout() {
	unleash_api POST "$P/$1/environments/$2/strategies" \
	    "{\"name\":\"flexibleRollout\",\"constraints\":[],\"parameters\":{\"rollout\":\"$3\",\"stickiness\":\"default\",\"groupId\":\"$1\"}}" >/dev/null
}
toggle() { unleash_api POST "$P/$1/environments/$2/$3" >/dev/null; }
needs() {
	unleash_api POST "$P/$1/dependencies" \
	    "{\"feature\":\"$2\",\"enabled\":$3,\"variants\":[]}" >/dev/null
}

# payments-v2 (100%) <- new-checkout (5%), fraud-rules (20%): need it on;
# legacy-payments (100%) needs it off; dark-mode stands alone.
for f in payments-v2 new-checkout fraud-rules legacy-payments dark-mode; do
	mkflag "$f"
done
rollout payments-v2 production 100
toggle payments-v2 production on
rollout new-checkout production 5
toggle new-checkout production on
rollout fraud-rules production 20
toggle fraud-rules production on
rollout legacy-payments production 100
toggle legacy-payments production on
rollout dark-mode production 100
toggle dark-mode production on
needs new-checkout payments-v2 true
needs fraud-rules payments-v2 true
needs legacy-payments payments-v2 false
# One level only: a parent cannot get a parent.
if needs payments-v2 dark-mode true 2>/dev/null; then
	echo "FAIL: Unleash accepted a second level of dependency"
	exit 1
fi

export XDG_STATE_HOME=$WORK/state
cat >"$WORK/config.json" <<JSON
{"sources": [{"name": "flags", "kind": "unleash", "url": "$UNLEASH_URL",
              "token_file": "$UNLEASH_TOKEN_FILE",
              "environments": ["development", "production"]}],
 "services": [{"name": "payments", "flags": ["payments-v2", "fraud-rules"]},
              {"name": "checkout", "flags": ["new-checkout"],
               "depends_on": ["payments"]}]}
JSON

status() {
	"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/status.json"
}

# status_until EXPR: Unleash's client API serves a cached view for a
# moment after a change; poll until the change shows (10 s at most).
status_until() {
	local i
	for i in $(seq 20); do
		status
		python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
e = {(f["name"], x["name"]): x for f in d["flags"] for x in f["environments"]}
sys.exit(0 if eval(sys.argv[2]) else 1)' "$WORK/status.json" "$1" && return 0
		sleep 0.5
	done
	echo "FAIL: never saw $1"
	python3 -m json.tool "$WORK/status.json" | head -60
	exit 1
}

# The server's view of every flag in production: enabled and rollout.
snapshot() {
	local f
	for f in payments-v2 new-checkout fraud-rules legacy-payments dark-mode; do
		unleash_api GET "$P/$f" | python3 -c '
import json, sys
d = json.load(sys.stdin)
e = [x for x in d["environments"] if x["name"] == "production"][0]
r = [s["parameters"].get("rollout") for s in e.get("strategies", [])]
print(d["name"], e["enabled"], r)'
	done
}

rb() {
	local want=$1 rc=0
	shift
	"$RELBOARD" flag "$@" --config "$WORK/config.json" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: relboard flag $*: exit $rc, want $want"
		cat "$WORK/out" "$WORK/err"
		exit 1
	fi
	echo "ok - flag $* -> $rc: $(cat "$WORK/out" "$WORK/err" | head -n 1)"
}

# All on: nothing blocked except the flag that needs the parent off.
status
check "$WORK/status.json" '
env("new-checkout", "production")["blocked_by"] is None
env("fraud-rules", "production")["blocked_by"] is None
env("legacy-payments", "production")["blocked_by"] == "payments-v2"
env("dark-mode", "production")["blocked_by"] is None
any(e.items() >= {"from": "flag:payments-v2", "to": "flag:new-checkout", "kind": "flag-dependency"}.items() for e in d["graph"]["edges"])
any(e.items() >= {"from": "service:payments", "to": "service:checkout", "kind": "service-dependency"}.items() for e in d["graph"]["edges"])
any(e.items() >= {"from": "service:checkout", "to": "flag:new-checkout", "kind": "owns"}.items() for e in d["graph"]["edges"])
d["graph"]["cycles"] == []
'

# Kill impact, dry run: exactly the dependent flags; nothing written.
snapshot >"$WORK/before"
rb 0 kill payments-v2 --env production --reason x --dry-run
python3 - "$WORK/out" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
def names(label):
    m = re.search(label + r": ([a-z0-9, -]+?)(;| \(|$)", out)
    return set(m.group(1).split(", ")) if m else set()
off, on = names("also turns off"), names("also turns on")
assert off == {"new-checkout", "fraud-rules"}, off
assert on == {"legacy-payments"}, on
assert "dark-mode" not in out and "nothing written" in out, out
print("ok - dry-run lists exactly new-checkout, fraud-rules (off), legacy-payments (on)")
PY
snapshot >"$WORK/after"
cmp "$WORK/before" "$WORK/after"
echo "ok - the server is unchanged after --dry-run"

# The parent off: its children are blocked, the inverted one is not.
toggle payments-v2 production off
status_until 'e[("payments-v2", "production")]["enabled"] is False'
check "$WORK/status.json" '
env("payments-v2", "production")["killed"] is True
env("new-checkout", "production")["blocked_by"] == "payments-v2"
env("fraud-rules", "production")["blocked_by"] == "payments-v2"
env("legacy-payments", "production")["blocked_by"] is None
env("new-checkout", "development")["blocked_by"] is None
'

# Staging a child above its parent: refused, nothing written...
rb 4 stage new-checkout early --env production
grep -q "parent payments-v2 is killed" "$WORK/err"
toggle payments-v2 production on
rb 0 stage payments-v2 canary --env production
status_until 'e[("payments-v2", "production")]["stage"] == "canary"'
rb 4 stage new-checkout half --env production
grep -q "parent payments-v2 is canary (5%) in production" "$WORK/err"
snapshot >"$WORK/after"
grep -q "^new-checkout True \['5'\]$" "$WORK/after"
# ...up to the parent's stage is fine, and --force --reason goes past it.
rb 0 stage new-checkout canary --env production
rb 2 stage new-checkout half --env production --force
rb 0 stage new-checkout half --env production --force --reason "parent lags on purpose"
snapshot >"$WORK/after"
grep -q "^new-checkout True \['50'\]$" "$WORK/after"
grep -q '"forced":true' "$XDG_STATE_HOME/relboard/journal.jsonl"
echo "PASS"
