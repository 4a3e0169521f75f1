#!/bin/bash
# tests/integration/flag_actions.sh TARGET - `relboard flag` end to end, the
# same checks against TARGET=real (Unleash 7.5.1 on PostgreSQL, flags made
# through its Admin API to match the simulator's scenario) and TARGET=sim
# (relboard-sim).  The server's state is checked through the Admin API after
# every action.
set -euo pipefail
TARGET=${1:?usage: flag_actions.sh real|sim}
. "${srcdir:-.}/tests/integration/lib.sh"

if [ "$TARGET" = real ]; then
	start_service unleash "$WORK/unleash"
	P=/api/admin/projects/default/features
	mkflag() { unleash_api POST "$P" "{\"name\":\"$1\",\"type\":\"release\"}" >/dev/null; }
	rollout() {
		unleash_api POST "$P/$1/environments/$2/strategies" \
		    "{\"name\":\"flexibleRollout\",\"constraints\":[],\"parameters\":{\"rollout\":\"$3\",\"stickiness\":\"default\",\"groupId\":\"$1\"}}" >/dev/null
	}
	toggle() { unleash_api POST "$P/$1/environments/$2/$3" >/dev/null; }
	# The simulator's scenario, as far as these checks use it.
	mkflag payments-v2
	rollout payments-v2 production 100
	toggle payments-v2 production on
	mkflag new-checkout
	rollout new-checkout production 5
	toggle new-checkout production on
	rollout new-checkout development 100
	toggle new-checkout development on
	mkflag fraud-rules-2025
	rollout fraud-rules-2025 production 20
	toggle fraud-rules-2025 production on
	toggle fraud-rules-2025 production off
	mkflag legacy-cart-api
else
	UNLEASH_TOKEN_FILE=$WORK/sim.token
	(umask 077 && echo "*:*.sim-secret-$$" >"$UNLEASH_TOKEN_FILE")
	"$top_builddir/src/relboard-sim" --port 0 --token-file "$UNLEASH_TOKEN_FILE" \
	    >"$WORK/sim.out" 2>&1 &
	SIM_PID=$!
	trap 'kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null; cleanup' EXIT
	for _ in $(seq 50); do
		grep -q listening "$WORK/sim.out" && break
		sleep 0.1
	done
	UNLEASH_URL=http://$(sed -n 's/^listening on //p' "$WORK/sim.out")
fi

export XDG_STATE_HOME=$WORK/state
JOURNAL=$XDG_STATE_HOME/relboard/journal.jsonl
cat >"$WORK/config.json" <<JSON
{"sources": [{"name": "flags", "kind": "unleash", "url": "$UNLEASH_URL",
              "token_file": "$UNLEASH_TOKEN_FILE",
              "environments": ["development", "production"]}]}
JSON
attempts=0

# rb WANT_EXIT ARGS...: run relboard flag ARGS, expect the exit status.
rb()
{
	local want=$1 rc=0
	shift
	attempts=$((attempts + 1))
	"$RELBOARD" flag "$@" --config "$WORK/config.json" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: relboard flag $*: exit $rc, want $want"
		cat "$WORK/out" "$WORK/err"
		exit 1
	fi
	echo "ok - flag $* -> $rc: $(cat "$WORK/out" "$WORK/err" | head -n 1)"
}

# server FLAG ENV ENABLED ROLLOUT: the server's own view (lib.sh).
server() { unleash_flag_is "$@"; }

# Every stage up, one at a time, then down to off and up again.
server new-checkout production true 5
rb 0 stage new-checkout next --env production --expect canary
server new-checkout production true 20
rb 0 stage new-checkout half --env production --expect early --reason "step up"
server new-checkout production true 50
rb 0 stage new-checkout next --env production
server new-checkout production true 100
rb 4 stage new-checkout next --env production
grep -q "already at the last stage" "$WORK/err"
server new-checkout production true 100
for want in 50 20 5; do
	rb 0 stage new-checkout previous --env production
	server new-checkout production true "$want"
done
# Off for everyone in production is a kill in effect: it needs a reason.
rb 2 stage new-checkout off --env production
grep -q "protected environment: like a kill, it needs --reason" "$WORK/err"
server new-checkout production true 5
rb 0 stage new-checkout off --env production --reason "rollback"
server new-checkout production false 0
rb 0 stage new-checkout canary --env production --expect off
server new-checkout production true 5

# A stage it already has: nothing is written, still verified.
rb 0 stage new-checkout canary --env production
grep -q "already" "$WORK/out"

# Compare-and-set: the operator saw early, the service says canary.
rb 4 stage new-checkout half --env production --expect early
grep -q "it is now canary (5%), not early; nothing written" "$WORK/err"
server new-checkout production true 5

# Compare-and-set at the service: a write planned from a stale read is
# refused by the service itself and changes nothing.
"$top_builddir/tests/cas_check" "$UNLEASH_URL" "$UNLEASH_TOKEN_FILE" new-checkout production
server new-checkout production true 5

# Kill keeps the percentage; restore brings back exactly that stage.
rb 2 kill new-checkout --env production
rb 0 kill new-checkout --env production --reason "error spike" --dry-run
grep -q "nothing written" "$WORK/out"
server new-checkout production true 5
rb 0 kill new-checkout --env production --reason "error spike"
server new-checkout production false 5
rb 4 kill new-checkout --env production --reason "again"
rb 4 stage new-checkout next --env production
grep -q "restore it first" "$WORK/err"
rb 0 restore new-checkout --env production --expect killed
server new-checkout production true 5
rb 4 restore new-checkout --env production
rb 0 restore fraud-rules-2025 --env production
server fraud-rules-2025 production true 20

# A flag with no rollout strategy gets one.
server legacy-cart-api production false none
rb 0 stage legacy-cart-api canary --env production
server legacy-cart-api production true 5

# Read-only refuses at the action layer; nothing changes.
rb 4 stage new-checkout ga --env production --readonly
grep -q "read-only" "$WORK/err"
server new-checkout production true 5

# Usage errors: unknown flag, environment, stage.
rb 2 stage no-such-flag ga --env production
grep -q 'no flag named "no-such-flag"' "$WORK/err"
rb 2 stage new-checkout ga --env staging
grep -q 'no environment "staging"' "$WORK/err"
rb 2 stage new-checkout beta --env production
grep -q "stages: off, canary, early, half, ga" "$WORK/err"
server new-checkout production true 5

# A wrong token: failed (5), says 401, never prints a token.
bad=$WORK/bad.token
(umask 077 && echo "*:*.wrong-secret-$$" >"$bad")
sed "s|$UNLEASH_TOKEN_FILE|$bad|" "$WORK/config.json" >"$WORK/bad.json"
rc=0
"$RELBOARD" flag stage new-checkout ga --env production --config "$WORK/bad.json" \
    >"$WORK/out" 2>"$WORK/err" || rc=$?
attempts=$((attempts + 1))
[ "$rc" = 5 ] || { echo "FAIL: wrong token: exit $rc, want 5"; cat "$WORK/err"; exit 1; }
grep -qi "401" "$WORK/err" && grep -qi "unauthorized" "$WORK/err"
echo "ok - wrong token -> 5: $(head -n 1 "$WORK/err")"
server new-checkout production true 5

# The journal: one line per attempt, mode 0600, never a token.
[ "$(stat -c %a "$JOURNAL")" = 600 ] || { echo "FAIL: journal mode"; exit 1; }
lines=$(wc -l <"$JOURNAL")
[ "$lines" = "$attempts" ] || { echo "FAIL: $lines journal lines for $attempts attempts"; exit 1; }
if grep -qF -e "$(cat "$UNLEASH_TOKEN_FILE")" -e "wrong-secret" "$JOURNAL" "$WORK/out" "$WORK/err"; then
	echo "FAIL: a token appears in the journal or output"; exit 1
fi
python3 - "$JOURNAL" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
keys = {"time", "user", "ssh_origin", "source", "flag", "environment", "before",
        "after", "reason", "result", "error"}
assert all(keys <= set(r) for r in rows), "journal fields"
results = [r["result"] for r in rows]
for want in ("done", "refused", "failed", "usage", "dry-run"):
    assert want in results, "no %s line" % want
kill = [r for r in rows if r["action"] == "kill" and r["result"] == "done"][0]
assert kill["reason"] == "error spike" and kill["before"] == "canary (5%)", kill
assert kill["after"] == "killed (kept at canary, 5%)", kill
print("ok - journal: %d lines, fields and results as expected" % len(rows))
PY
echo "PASS: flag_actions $TARGET"
