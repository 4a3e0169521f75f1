#!/bin/bash
# tests/integration/impact_tui.sh - feature impact on the dashboard against
# relboard-sim in tmux: the Flags pane shows each flag's worst KPI beside
# its service's health ("the code is healthy, the feature is not" on one
# line), exposures this hour with their hourly trend, the detail line has
# every KPI and the counts, and at 60 columns EXPOSED goes before the
# layout breaks.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-impact-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

# row NAME: the screen line of flag NAME (selected or not).
row() { screen | grep -E -- "^[ >]$1 " || true; }
# wait_row NAME REGEX: until NAME's line matches REGEX.
wait_row()
{
	local i
	for i in $(seq 100); do
		row "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	fail "the row of $1 never matched: $2"
}

start_sim
start "LC_ALL=C.UTF-8 XDG_STATE_HOME='$WORK/state' '$RELBOARD' --config '$WORK/config.json'"
wait_for "flags ok"
keys 2
wait_for "KPI"
wait_for "EXPOSED"
# search is healthy; its ranking flag's support tickets are over the limit.
wait_row search-ranking-v3 "✔ ok +✖ 9 tickets"
wait_row beta-banner "✔ ok +▲ 0.08 adop"
wait_row new-checkout "✔ 0.31 adop"
# Exposed (yes) this hour in production, and the hourly trend after it:
# killed in production, fraud-rules-2025 exposes nobody; dark-mode (ga)
# exposes some; a flag without a strategy and off is dim zero.
wait_row fraud-rules-2025 "KILLED 20% +0 ▁+"
wait_row dark-mode "ga 100% +[1-9][0-9]* [^ ]+"
echo "ok - KPI beside SVC, EXPOSED with its trend at 80x24"

# The detail line: the KPIs and exposures, the chosen environment first.
select_row search-ranking-v3
screen() { tm capture-pane -t rb -p -J; }
wait_for "KPI tickets 9 crit in production"
wait_for "crit in production; exposed this"
wait_for "production early 20%; KPI tickets"
screen() { tm capture-pane -t rb -p; }
echo "ok - the detail line names each KPI and the exposures"

# Narrow: EXPOSED goes, the chosen environment and KPI stay, nothing wraps.
tm resize-window -t rb -x 60 -y 24
wait_gone "EXPOSED"
wait_for "[production]"
wait_row search-ranking-v3 "✖ 9 tick"
if screen | python3 -c '
import sys
sys.stdin.reconfigure(encoding="utf-8")
sys.exit(not any(len(l.rstrip("\n")) > 60 for l in sys.stdin))'; then
	fail "a line is longer than 60 columns"
fi
echo "ok - at 60 columns EXPOSED is left out first"

keys q
wait_exit
grep -qx "exit=0" "$WORK/exit" || fail "exit status $(cat "$WORK/exit")"
echo "PASS: impact_tui"
