#!/bin/bash
# tests/integration/rollout_sim.sh - `relboard rollout` against relboard-sim:
# each action's requests (method, path, Content-Type, merge patch) compared
# with what the kubectl-argo-rollouts plugin sends
# (tests/fixtures/rollout-patches), the Rollout's state read through the
# Kubernetes API after each, the health guard on promote, abort never
# guarded, --dry-run and --readonly sending nothing, compare-and-set, and
# the journal.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"
FIX=$srcdir/tests/fixtures/rollout-patches

# Scenario time crawls: the rollouts stay where the actions leave them.
"$top_builddir/src/relboard-sim" --port 0 --speed 0.001 --print-config \
    --patch-log "$WORK/patches.jsonl" >"$WORK/sim.out" 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do
	grep -q '^}' "$WORK/sim.out" 2>/dev/null && break
	sleep 0.1
done
URL=http://$(sed -n 's/^listening on //p' "$WORK/sim.out")
export XDG_STATE_HOME=$WORK/state
JOURNAL=$XDG_STATE_HOME/relboard/journal.jsonl
sed 1d "$WORK/sim.out" >"$WORK/config.json"
# The same, with payments' error budget so small that it is crit.
python3 - "$WORK/config.json" "$WORK/crit.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for s in c["services"]:
    if s["name"] in ("payments", "search"):
        s["thresholds"] = {"error_ratio_warn": 0.0000001, "error_ratio_crit": 0.0000002}
json.dump(c, open(sys.argv[2], "w"))
PY
attempts=0

# rb WANT_EXIT ARGS...: run relboard ARGS, expect the exit status.
rb()
{
	local want=$1 rc=0
	shift
	attempts=$((attempts + 1))
	"$RELBOARD" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: relboard $*: exit $rc, want $want"
		cat "$WORK/out" "$WORK/err"
		exit 1
	fi
	echo "ok - $* -> $rc: $(cat "$WORK/out" "$WORK/err" | head -n 1)"
}

# sent FIXTURE: the patches logged since the last call are the fixture's.
seen=0
sent()
{
	python3 - "$WORK/patches.jsonl" "$seen" "$FIX/$1" <<'PY'
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])] if sys.argv[2] != "x" else []
got = log[int(sys.argv[2]):]
want = json.load(open(sys.argv[3]))
assert len(got) == len(want), "%d requests, want %d: %s" % (len(got), len(want), got)
for g, w in zip(got, want):
    rv = g["body"].pop("metadata")["resourceVersion"]
    assert isinstance(rv, str) and rv.isdigit(), g
    assert g == w, "sent %s\nwant %s" % (g, w)
PY
	seen=$(wc -l <"$WORK/patches.jsonl")
	echo "ok - the requests are the plugin's ($1)"
}
nothing_sent()
{
	local now=0
	[ -e "$WORK/patches.jsonl" ] && now=$(wc -l <"$WORK/patches.jsonl")
	[ "$now" = "$seen" ] || { echo "FAIL: $1 sent a patch"; tail -n 1 "$WORK/patches.jsonl"; exit 1; }
}

# rollout NAME: "status message step spec.paused abort" via the Kubernetes API.
rollout()
{
	curl -sf "$URL/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/$1" |
	    python3 -c '
import json, sys
r = json.load(sys.stdin)
s = r["status"]
print(s["phase"], s.get("currentStepIndex"), bool(r["spec"].get("paused")),
      bool(s.get("abort")), len(s.get("pauseConditions") or []), bool(s.get("promoteFull")))'
}
expect()
{
	local got
	got=$(rollout "$1")
	[ "$got" = "$2" ] || { echo "FAIL: $1 is \"$got\", want \"$2\""; exit 1; }
}

C="--config $WORK/config.json"
expect payments "Paused 1 False False 1 False"

# Nothing is sent by a dry run, a read-only run or a refused one.
rb 0 rollout promote shop/payments --reason "canary looks good" --dry-run $C
grep -q 'PATCH payments/status {"status":{"pauseConditions":null}}' "$WORK/out"
grep -q "nothing written" "$WORK/out"
rb 4 --readonly rollout promote shop/payments --reason r $C
grep -q "read-only" "$WORK/err"
rb 4 rollout promote shop/payments --reason "error spike?" --config "$WORK/crit.json"
grep -q "refused: promote shop/payments refused: service payments .*is crit" "$WORK/err"
rb 4 rollout retry shop/payments --reason r $C
grep -q "it is not aborted" "$WORK/err"
nothing_sent "dry run, read-only, a guard and a refusal"
expect payments "Paused 1 False False 1 False"

# Usage: no reason, --full on abort, unknown rollout, unknown action.
rb 2 rollout promote shop/payments $C
grep -q "needs --reason TEXT" "$WORK/err"
rb 2 rollout abort shop/payments --full --reason r $C
attempts=$((attempts - 1))	# refused by the command line: no action ran
rb 2 rollout promote shop/nope --reason r $C
grep -q "no rollout shop/nope in source k8s" "$WORK/err"
rb 2 rollout promote other/payments --reason r $C
rb 2 rollout resume shop/payments --reason r $C
attempts=$((attempts - 1))
nothing_sent "usage errors"

# promote: past the indefinite pause.
rb 0 rollout promote shop/payments --reason "canary looks good" $C
grep -q "verified" "$WORK/out"
sent promote-paused.json
expect payments "Progressing 2 False False 0 False"

# pause, then promote (unpause and move past the step), then --full.
rb 0 rollout pause k8s/shop/payments --reason "hold for the batch job" $C
sent pause.json
expect payments "Paused 2 True False 0 False"
rb 0 rollout pause shop/payments --reason again $C
grep -q "already paused" "$WORK/out"
nothing_sent "pausing a paused rollout"
rb 0 rollout promote shop/payments --source k8s --reason "batch done" $C
sent promote-spec-paused.json
expect payments "Paused 3 False False 1 False"
rb 0 rollout promote shop/payments --full --reason "ship it" $C
sent promote-full.json
expect payments "Healthy 8 False False 0 False"
rb 0 rollout promote shop/payments --full --reason again $C
grep -q "nothing to change" "$WORK/out"
nothing_sent "promoting a promoted rollout"

# retry and abort; abort is never blocked, even on crit.
rb 4 rollout retry shop/search --reason "fixed" --config "$WORK/crit.json"
grep -q "is crit" "$WORK/err"
rb 0 rollout retry shop/search --reason "fixed" $C
sent retry.json
expect search "Progressing 0 False False 0 False"
rb 0 rollout abort shop/search --reason "errors again" --config "$WORK/crit.json"
sent abort.json
expect search "Degraded 0 False True 0 False"

# Compare-and-set: a patch made on an old resourceVersion changes nothing.
rv=$(curl -sf "$URL/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/search" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])')
code=$(curl -s -o "$WORK/conflict.json" -w '%{http_code}' -X PATCH \
    -H 'Content-Type: application/merge-patch+json' \
    --data "{\"status\":{\"abort\":false},\"metadata\":{\"resourceVersion\":\"$((rv - 1))\"}}" \
    "$URL/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/search/status")
[ "$code" = 409 ] || { echo "FAIL: stale patch answered $code"; exit 1; }
grep -q '"reason":"Conflict"' "$WORK/conflict.json"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Content-Type: application/json' \
    --data '{"status":{"abort":false}}' \
    "$URL/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/search/status")
[ "$code" = 415 ] || { echo "FAIL: a JSON (not merge) patch answered $code"; exit 1; }
seen=$(wc -l <"$WORK/patches.jsonl")
expect search "Degraded 0 False True 0 False"
echo "ok - stale resourceVersion: 409, nothing changed; wrong media type: 415"

# The journal: one line per attempt, with the rollout and the outcome.
python3 - "$JOURNAL" "$attempts" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == int(sys.argv[2]), "%d journal lines for %s attempts" % (len(rows), sys.argv[2])
keys = {"time", "user", "ssh_origin", "action", "source", "rollout", "full",
        "before", "after", "reason", "result", "error"}
assert all(keys <= set(r) for r in rows), "journal fields"
results = {r["result"] for r in rows}
assert {"done", "refused", "usage", "dry-run"} <= results, results
p = [r for r in rows if r["action"] == "promote" and r["result"] == "done"][0]
assert p["rollout"] == "shop/payments" and p["source"] == "k8s", p
assert p["reason"] == "canary looks good", p
assert p["before"] == "Paused (CanaryPauseStep), step 1/8", p
assert p["after"].startswith("Progressing"), p
f = [r for r in rows if r["full"] and r["result"] == "done"][0]
assert f["after"].startswith("Healthy"), f
a = [r for r in rows if r["action"] == "abort" and r["result"] == "done"][0]
assert a["after"].startswith("Degraded (RolloutAborted"), a
print("ok - journal: %d lines, fields and results as expected" % len(rows))
PY

# --demo: the embedded simulator takes the same patches.
mkdir -p "$WORK/home"
rc=0
HOME=$WORK/home "$RELBOARD" --demo rollout promote shop/payments --reason "demo" \
    >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] && grep -q "shop/payments promote: Paused (CanaryPauseStep), step 1/8 -> Progressing" "$WORK/out" ||
    { echo "FAIL: --demo rollout promote: exit $rc"; cat "$WORK/out" "$WORK/err"; exit 1; }
echo "ok - --demo rollout promote shop/payments"
echo "PASS: rollout_sim"
