#!/bin/sh
# tests/bench_idle.sh BUILDDIR - what the demo dashboard sends to its
# terminal: relboard --demo at 80x24 in tmux, each pane in turn, the bytes
# written over SECONDS (default 30) scaled to a minute.  The demo's release
# day moves (rollouts step, metrics change every poll), so these panes are
# not idle; the idle figure, against its 1.5 KB target, is
# bench_economy.sh's.  Needs tmux; a benchmark, never a test.
builddir=${1:-.}
secs=${BENCH_IDLE_SECONDS:-30}
command -v tmux >/dev/null 2>&1 || { echo "idle terminal bytes: no tmux, skipped"; exit 0; }
sock=relboard-bench-idle-$$
out=$(mktemp)
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -f "$out"' EXIT INT TERM
tmux -L "$sock" new-session -d -x 80 -y 24 -s b "'$builddir/src/relboard' --demo"
sleep 3
echo "demo dashboard (its release day moves: not idle), 80x24, terminal bytes per minute (over ${secs}s each):"
for pane in 1 2 3 4; do
	tmux -L "$sock" send-keys -t b "$pane"
	sleep 2
	: >"$out"
	tmux -L "$sock" pipe-pane -t b -o "cat >>'$out'"
	sleep "$secs"
	tmux -L "$sock" pipe-pane -t b
	n=$(wc -c <"$out")
	echo "  pane $pane: $((n * 60 / secs)) bytes/min"
done
