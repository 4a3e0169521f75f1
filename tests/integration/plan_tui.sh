#!/bin/bash
# tests/integration/plan_tui.sh - release plans on the dashboard against
# relboard-sim in tmux: the Flags pane's detail line of a flag with a plan
# says the plan's step, the next stage and when, and what blocks it (a
# hold; the services gate once checkout goes crit; someone else's change).
# The demo has a plan in progress, on its dashboard and in status --json.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-plan-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

# Scenario time runs 20 times faster: checkout's canary is crit after 150 s of it.
start_sim --speed 20
export XDG_CONFIG_HOME=$WORK/xdg
PLANS=$XDG_CONFIG_HOME/relboard/plans
mkdir -p "$PLANS"
# legacy-cart-api is off in production; checkout-upsell at 0 %; new-checkout
# at canary, which no plan moved.
cat >"$PLANS/cart.json" <<'JSON'
{"name": "cart-retire", "flag": "legacy-cart-api", "environment": "production",
 "steps": [{"stage": "canary", "hold_s": 3600}, {"stage": "ga"}]}
JSON
cat >"$PLANS/upsell.json" <<'JSON'
{"name": "upsell", "flag": "checkout-upsell", "environment": "production",
 "steps": [{"stage": "canary"}, {"stage": "ga"}], "gates": {"services": "ok"}}
JSON
cat >"$PLANS/checkout.json" <<'JSON'
{"name": "checkout-redesign", "flag": "new-checkout", "environment": "production",
 "steps": [{"stage": "canary"}, {"stage": "ga"}]}
JSON

# Step 1 of cart-retire, then the plan stops (SIGTERM) in its hold.
"$RELBOARD" plan run "$PLANS/cart.json" --config "$WORK/config.json" >"$WORK/run.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
	grep -q "holding canary until" "$WORK/run.out" && break
	sleep 0.1
done
grep -q "holding canary until" "$WORK/run.out" || { cat "$WORK/run.out"; fail "plan run did not reach its hold"; }
kill -TERM "$pid"
wait "$pid" || true

tm new-session -d -s rb -x 80 -y 24 \
    "LC_ALL=C.UTF-8 '$RELBOARD' --config '$WORK/config.json'; sleep 30"
wait_for "metrics ok"
keys 2
wait_for "FLAG"
select_row "legacy-cart-api"
wait_joined "plan cart-retire in production 1/2 canary, next ga in "
wait_joined "m (hold); development off;"
echo "ok - a plan in its hold: step, next stage and when"

select_row "checkout-upsell"
wait_joined "plan upsell in production 0/2 not started, next canary now"
wait_joined "plan upsell in production 0/2 not started, next canary now (gate services crit)" 60
echo "ok - a failing gate blocks the next step, and says which"

select_row "new-checkout"
wait_joined "plan checkout-redesign in production STOPPED: changed by someone else"
echo "ok - a flag changed by someone else stops the plan"
keys q

# The demo has a plan in progress: in status --json and on its dashboard.
"$RELBOARD" --demo status --json >"$WORK/demo.json"
check "$WORK/demo.json" '
len(d["plans"]) == 1
{k: d["plans"][0][k] for k in ("name", "flag", "environment", "step", "steps", "next_stage")} == {"name": "checkout-redesign", "flag": "new-checkout", "environment": "production", "step": 1, "steps": 3, "next_stage": "early"}
d["plans"][0]["blocked_by"] in ("hold", "gate:services") and d["plans"][0]["next_at"].endswith("Z")
'
tm kill-session -t rb
tm new-session -d -s rb -x 80 -y 24 "LC_ALL=C.UTF-8 '$RELBOARD' --demo; sleep 30"
wait_for "metrics ok"
keys 2
wait_for "FLAG"
select_row "new-checkout"
wait_joined "plan checkout-redesign in production 1/3 canary, next early in "
echo "ok - the demo shows its plan in progress"
keys q
echo "PASS: plan_tui"
