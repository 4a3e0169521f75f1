#!/bin/bash
# tests/integration/rollout_tui.sh - rollout actions from the dashboard
# against relboard-sim in tmux: P on payments in the Rollouts pane opens
# the confirmation with the action's own decision and the patch it sends,
# Esc cancels with nothing sent, a rollout that changed while the dialog
# was up is refused, y and a reason promote it, the outcome is on the
# message line and the row shows the state read back; R and A in the
# detail view retry and abort search; the journal view lists them.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-rollout-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

# Scenario time crawls: payments stays where the promote leaves it.
start_sim --speed 0.001 --patch-log "$WORK/patches.jsonl"
URL=http://$(sed -n 's/^listening on //p' "$WORK/sim.out")
phase() {
	curl -sf "$URL/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/$1" |
	    python3 -c 'import json,sys; s=json.load(sys.stdin)["status"]; print(s["phase"], s.get("currentStepIndex"))'
}
# pick NAME: select the rollout row NAME (the status comes before the name).
pick() { select_row "$1" "^>.* $1 "; }
npatches() { [ -e "$WORK/patches.jsonl" ] && wc -l <"$WORK/patches.jsonl" || echo 0; }

start "LC_ALL=C.UTF-8 XDG_STATE_HOME='$WORK/state' '$RELBOARD' --config '$WORK/config.json'" 100 30
wait_for "payments"
pick payments

# The dialog: the decision, the patch, the services' health; Esc cancels.
keys P
wait_for " Promote rollout "
screen | grep -qF "shop/payments: Paused (CanaryPauseStep), step 1/8" || fail "no decision in the dialog"
screen | grep -qF 'PATCH payments/status {"status":{"pauseConditions":null}}' || fail "no patch in the dialog"
screen | grep -qF "Services it belongs to:" || fail "no services in the dialog"
wait_for "Press y to apply"
keys Escape
wait_for "cancelled: nothing changed"
wait_gone " Promote rollout "
[ "$(npatches)" = 0 ] || fail "a cancelled promote sent a patch"
[ "$(phase payments)" = "Paused 1" ] || fail "payments moved on a cancel"
echo "ok - the promote dialog shows the decision and the patch; Esc sends nothing"

# Changed behind the dialog (paused by someone else): refused, not sent.
kpatch() {
	curl -sf -o /dev/null -X PATCH -H 'Content-Type: application/merge-patch+json' \
	    --data "$2" "$URL/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/$1"
}
keys P
wait_for "Press y to apply"
kpatch payments '{"spec":{"paused":true}}'
keys y
wait_for "Reason (required)"
keys -l "canary looks good"
keys Enter
wait_for "nothing written"
screen | grep -qF "shop/payments changed: it is now Paused step 1 paused pause-condition" ||
    fail "the refusal does not say what changed"
[ "$(npatches)" = 1 ] || fail "relboard sent a patch to a rollout that changed"
wait_for "manually paused"
kpatch payments '{"spec":{"paused":false}}'
wait_gone "manually paused"
echo "ok - a rollout that changed behind the dialog is refused, nothing sent"

# y, then a reason (required), then the outcome and the row.
keys P
wait_for "Press y to apply"
keys y
wait_for "Reason (required)"
keys Enter
wait_for "a reason is required"
keys -l "canary looks good"
keys Enter
wait_for "verified"
screen | grep -qF "shop/payments promote: Paused (CanaryPauseStep), step 1/8 -> Progressing" ||
    fail "the outcome is not on the message line"
[ "$(phase payments)" = "Progressing 2" ] || fail "payments was not promoted: $(phase payments)"
[ "$(npatches)" = 3 ] || fail "$(( $(npatches) - 2 )) patches for one promote"
screen | grep -E "^>.*Progressing +payments +2/8" >/dev/null || fail "the row does not show step 2/8"
screen | grep -E "^>.*Paused +payments" >/dev/null && fail "the row still shows Paused beside verified"
echo "ok - y and a reason promote it; the row shows the state read back"

# A in the detail view aborts search (never guarded) after y and a reason.
pick search
keys Enter
wait_for "Rollout shop/search"
keys R
wait_for " Retry rollout "
wait_for "Press y to apply"
keys y
wait_for "Reason (required)"
keys -l "fixed the analysis"
keys Enter
wait_for "shop/search retry:"
wait_for "Rollout shop/search"
keys A
wait_for " ABORT rollout "
screen | grep -qF "An abort is never blocked by a guard." || fail "no abort note"
wait_for "Press y to apply"
keys y
wait_for "Reason (required)"
keys -l "errors again"
keys Enter
wait_for "shop/search abort:"
[ "$(phase search)" = "Degraded 0" ] || fail "search was not aborted: $(phase search)"
echo "ok - retry and abort from the detail view"

# The journal view lists the rollout actions.
keys Escape
wait_gone "Rollout shop/search"
keys J
wait_for "promote rollout k8s/shop/payments"
screen | grep -qF "abort rollout k8s/shop/search" || fail "no abort in the journal view"
keys Escape
wait_gone "Journal:"
keys q
wait_exit
grep -qx "exit=0" "$WORK/exit" || fail "relboard did not exit 0"
echo "PASS: rollout_tui"
