#!/bin/bash
# tests/integration/faults_sim.sh - bad answers from every kind of source,
# injected by relboard-sim: a 500, JSON cut in half, an answer above the
# 16 MiB limit, a dropped connection.  `relboard status --json` must name
# the problem per source and exit 3, and the dashboard must keep running
# (sources shown as failing) with a mix of all of them.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

SIM_PID=
stop_sim() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null; SIM_PID=; }
trap 'stop_sim; tmux -L "relboard-faults-$$" kill-server 2>/dev/null; cleanup' EXIT

# start_sim ARGS...: relboard-sim with faults; its config in $WORK/config.json.
start_sim()
{
	stop_sim
	"$top_builddir/src/relboard-sim" --port 0 --print-config "$@" >"$WORK/sim.out" 2>&1 &
	SIM_PID=$!
	for _ in $(seq 50); do
		grep -q '^}' "$WORK/sim.out" && break
		sleep 0.1
	done
	sed 1d "$WORK/sim.out" >"$WORK/config.json"
}

# fault OPTION WORDS: every source fails and its error contains WORDS.
fault()
{
	local rc=0
	start_sim "$1" 100
	"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/out.json" || rc=$?
	[ "$rc" = 3 ] || { echo "FAIL: $1: exit $rc, want 3"; exit 1; }
	check "$WORK/out.json" "
all(s['state'] == 'error' for s in d['sources']) and len(d['sources']) == 3
all('$2' in s['error'] and '\n' not in s['error'] for s in d['sources'])
d['flags'] == [] and d['rollouts'] == [] and d['services'] == []
"
}

fault --error-rate "500"
fault --malformed-rate "JSON"
fault --oversize-rate "larger than 16777216 bytes"
fault --drop-rate "closed the connection without an answer"

# A mix: the dashboard keeps running and shows failing sources for what they are.
if command -v tmux >/dev/null 2>&1; then
	start_sim --error-rate 20 --malformed-rate 20 --drop-rate 20 --latency-ms 50
	S=relboard-faults-$$
	tmux -L "$S" new-session -d -s rb -x 80 -y 24 \
	    "'$RELBOARD' --config '$WORK/config.json'; echo \"exit=\$?\" >'$WORK/exit'; sleep 30"
	# Through the panes until one shows a failing source (30 s at most).
	seen=no
	for i in $(seq 300); do
		[ $((i % 20)) = 0 ] && tmux -L "$S" send-keys -t rb $((i / 20 % 4 + 1))
		screen=$(tmux -L "$S" capture-pane -t rb -p)
		if grep -qE "STALE|ERROR" <<<"$screen"; then
			seen=yes
			break
		fi
		sleep 0.1
	done
	if [ "$seen" != yes ]; then
		echo "FAIL: no failing source on screen"; echo "$screen"; exit 1
	fi
	[ ! -f "$WORK/exit" ] || { echo "FAIL: relboard stopped: $(cat "$WORK/exit")"; exit 1; }
	tmux -L "$S" send-keys -t rb q
	for _ in $(seq 50); do
		[ -s "$WORK/exit" ] && break
		sleep 0.1
	done
	grep -qx "exit=0" "$WORK/exit" || { echo "FAIL: exit after faults: $(cat "$WORK/exit" 2>/dev/null)"; exit 1; }
	echo "ok - the dashboard ran through a mix of faults and quit cleanly"
fi
echo "PASS: faults_sim"
