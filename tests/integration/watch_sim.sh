#!/bin/bash
# tests/integration/watch_sim.sh - the argo-rollouts source lists once and
# then watches, against relboard-sim (its request log) with the dashboard
# in tmux: the Rollouts pane follows checkout's canary steps as the sim
# moves them, with one list of each resource and then only watch requests;
# a forced 410 (POST /sim/watch/expire) leads to exactly one new list; a
# killed stream (POST /sim/watch/drop) is opened again from the last
# resourceVersion, with no new list, and the pane goes on updating.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-watch-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

LOG=$WORK/requests.log
RO=/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts

# The log has "METHOD URI STATUS" lines (a watch's as its stream starts).
lists() { grep -c "^GET $RO [0-9]*\$" "$LOG" || true; }
rs_lists() { grep -c '^GET /apis/apps/v1/namespaces/shop/replicasets [0-9]*$' "$LOG" || true; }
watches() { grep -c "^GET $RO?watch=1&" "$LOG" || true; }

# until COMMAND succeeds (10 s unless $2), else fail with $1's text.
until_true()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		eval "$1" && return 0
		sleep 0.1
	done
	fail "never true: $1"
}

# checkout's STEP column ("3/8").
step() { screen | awk '/ checkout /{for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/8$/) print $i}'; }

# until checkout's step differs from $1.
step_moves()
{
	local i s
	for i in $(seq 300); do
		s=$(step)
		[ -n "$s" ] && [ "$s" != "$1" ] && return 0
		sleep 0.1
	done
	fail "checkout stayed at step $1"
}

sim_post() { curl -sS --fail -X POST "$K8S_URL$1" >/dev/null; }

start_sim --speed 4 --request-log "$LOG"
K8S_URL=$(python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["sources"]:
    if s["kind"] == "argo-rollouts": print(s["url"])' "$WORK/config.json")
start "$RELBOARD --config $WORK/config.json" 120 30
wait_for checkout
until_true '[ "$(watches)" -ge 1 ]'

# A change in the sim reaches the pane through the watch, not a list.
s1=$(step)
step_moves "$s1"
s2=$(step)
step_moves "$s2"
[ "$(lists)" = 1 ] || fail "$(lists) lists of rollouts before any 410"
[ "$(rs_lists)" = 1 ] || fail "$(rs_lists) lists of replicasets"
[ "$(watches)" = 1 ] || fail "$(watches) watches of rollouts"
grep -q "^GET $RO?watch=1&allowWatchBookmarks=true&timeoutSeconds=[0-9]*&resourceVersion=[0-9]* 200\$" "$LOG" ||
    fail "the watch request: $(grep "$RO?" "$LOG")"

# A 410: exactly one new list, then watching again.
sim_post /sim/watch/expire
until_true '[ "$(lists)" -ge 2 ] && [ "$(watches)" -ge 2 ]'
s3=$(step)
step_moves "$s3"
[ "$(lists)" = 2 ] || fail "$(lists) lists after one 410"
[ "$(rs_lists)" = 2 ] || fail "$(rs_lists) lists of replicasets after one 410"

# A killed stream: opened again from where it was, with no list.
rv=$(grep "^GET $RO?watch=1" "$LOG" | tail -n 1 | sed 's/.*resourceVersion=\([0-9]*\).*/\1/')
sim_post /sim/watch/drop
until_true '[ "$(watches)" -ge 3 ]' 15
again=$(grep "^GET $RO?watch=1" "$LOG" | tail -n 1 | sed 's/.*resourceVersion=\([0-9]*\).*/\1/')
[ "$again" -ge "$rv" ] || fail "reconnected from $again, before $rv"
s4=$(step)
step_moves "$s4"
[ "$(lists)" = 2 ] || fail "a dropped stream led to a list"
if screen | grep -q "STALE: k8s"; then
	fail "a reconnected watch shows as stale"
fi
keys q
wait_exit
grep -q '^exit=0$' "$WORK/exit" || fail "relboard: $(cat "$WORK/exit")"
echo "PASS: one list then watch; one re-list after a 410; a dropped stream reconnects from resourceVersion $again"
