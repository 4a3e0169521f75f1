#!/bin/bash
# tests/integration/svcgraph_tui.sh - the discovered service graph on the
# dashboard against relboard-sim in tmux: once checkout's canary climbs to
# crit, its Health detail line names the failing dependency ("checkout:
# calls to payments fail N%"); in the Graph pane the selected service's
# lines carry each dependency's rate and error ratio, "no traffic" for a
# declared call nobody makes and "undeclared" for a call nobody declared,
# the focused view marks a failing call on the caller's line, and the
# layered drawing writes the error ratio beside the failing call's line.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-svcgraph-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

# The screen with the wrapped detail lines joined.
screen() { tm capture-pane -t rb -p -J; }
wait_for()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		screen | tr -d '\n' | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never showed: $1"
}
wait_re()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		screen | tr -d '\n' | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never matched: $1"
}

# Scenario time runs 20 times faster: the canary is crit after 150 s of it.
start_sim --speed 20

tm new-session -d -s rb -x 120 -y 30 \
    "LC_ALL=C.UTF-8 XDG_STATE_HOME='$WORK/state' '$RELBOARD' --config '$WORK/config.json'; sleep 30"
wait_for "metrics ok"
keys 3
wait_for "HEALTH"
select_row "✔ ok       checkout"
# Crit: 5 % and more (the sim makes it about 10 %).
wait_re "checkout: calls to payments fail ([5-9]\.[0-9]|[1-9][0-9])%" 30
echo "ok - the Health detail line names checkout's failing dependency"

keys v
wait_for "service checkout: health"
wait_re "from service:payments \([0-9.]+/s, fails ([5-9]\.[0-9]|[1-9][0-9])%\)"
echo "ok - the Graph pane shows the rate and error ratio of a dependency"

keys 3
wait_for "HEALTH"
select_row "✔ ok       payments"
keys v
wait_for "service payments: health"
wait_for "from service:ledger (no traffic)"
echo "ok - a declared call without traffic is marked no traffic"
# In the tree below payments, checkout's line marks its failing call.
wait_re "checkout\]  calls fail ([5-9]\.[0-9]|[1-9][0-9])%"
echo "ok - the focused view marks a failing call on its line"

keys 3
wait_for "HEALTH"
select_row "✔ ok       checkout"
keys v
wait_for "service checkout: health"
wait_for "frontend]  (undeclared)"
keys G
wait_for "service frontend: "
wait_for "from service:checkout (undeclared, "
echo "ok - a call no depends_on declares is marked undeclared"

# The layered drawing: the failing call's error ratio beside its line,
# "undeclared" beside the call nobody declared.
keys f
wait_for "f focused view"
wait_re "(│([5-9]\.[0-9]|[1-9][0-9])%|([5-9]\.[0-9]|[1-9][0-9])%│)"
echo "ok - the drawing writes a failing call's error ratio beside its line"
wait_re "(│undeclared|undeclared│)"
echo "ok - the drawing marks the undeclared call"
