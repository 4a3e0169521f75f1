#!/bin/bash
# tests/integration/notify_kinds_sim.sh - the other kinds of announcement
# against relboard-sim: `relboard rollout promote` is announced to the
# webhooks that take "rollout" events (and not to those that do not), and
# `relboard plan run` announces each step as a "plan" event naming the plan.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-notify-kinds-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

RECEIVER=$srcdir/tests/webhook_receiver.py
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; stop_sim; cleanup' EXIT

# receiver NAME: one that takes every POST; its address in $WORK/NAME.addr.
receiver()
{
	python3 "$RECEIVER" ok "$WORK/$1.addr" "$WORK/$1.posts" &
	PIDS+=($!)
	for _ in $(seq 100); do
		[ -s "$WORK/$1.addr" ] && return 0
		sleep 0.1
	done
	echo "FAIL: receiver $1 did not start"; exit 1
}
receiver rollouts
receiver plans
touch "$WORK/rollouts.posts" "$WORK/plans.posts"

start_sim
python3 - "$WORK/config.json" "$(cat "$WORK/rollouts.addr")" "$(cat "$WORK/plans.addr")" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["notify"] = [{"url": "http://%s/rollouts" % sys.argv[2], "events": ["rollout"]},
               {"url": "http://%s/plans" % sys.argv[3], "events": ["plan"]}]
json.dump(c, open(sys.argv[1], "w"))
PY
export XDG_STATE_HOME=$WORK/state

# A rollout action: the rollout webhook gets it, the plan webhook does not.
rc=0
"$RELBOARD" rollout promote shop/payments --reason "canary looks good" \
    --config "$WORK/config.json" >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: rollout promote exit $rc"; cat "$WORK/out" "$WORK/err"; exit 1; }
python3 - "$WORK/rollouts.posts" "$WORK/plans.posts" <<'PY'
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1])]
assert len(posts) == 1, posts
b = posts[0]["body"]
want = {"event": "rollout", "rollout": "shop/payments", "action": "promote",
        "reason": "canary looks good", "result": "done"}
for k, v in want.items():
    assert b.get(k) == v, (k, b.get(k), v)
assert "shop/payments" in b["text"] and b["before"] and b["after"], b
assert open(sys.argv[2]).read() == "", "the plan webhook got a rollout event"
print("ok - rollout promote announced: " + b["text"])
PY

# A one-step plan: new-checkout in production from canary to early.
cat >"$WORK/plan.json" <<'JSON'
{"name": "step-up", "flag": "new-checkout", "environment": "production",
 "steps": [{"stage": "early"}], "gates": {"services": "ok"}}
JSON
rc=0
"$RELBOARD" plan run "$WORK/plan.json" --config "$WORK/config.json" \
    >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: plan run exit $rc"; cat "$WORK/out" "$WORK/err"; exit 1; }
python3 - "$WORK/plans.posts" "$WORK/rollouts.posts" <<'PY'
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1])]
assert len(posts) == 1, posts
b = posts[0]["body"]
want = {"event": "plan", "plan": "step-up", "flag": "new-checkout",
        "environment": "production", "action": "stage",
        "reason": "plan step-up step 1/1", "result": "done",
        "before": "canary (5%)", "after": "early (20%)"}
for k, v in want.items():
    assert b.get(k) == v, (k, b.get(k), v)
assert len(open(sys.argv[2]).readlines()) == 1, "the rollout webhook got a plan event"
print("ok - the plan's step announced: " + b["text"])
PY
echo "PASS: notify_kinds_sim"
