#!/bin/bash
# tests/integration/backoff_sim.sh - relboard backs off from a service that
# answers 429 with a Retry-After (relboard-sim --throttle-rate): `status
# --json` names the 429 and exits 3; the dashboard's status line says when
# each source is tried again, as the Retry-After asked, and counts down
# (a poll in between would start it again at 40 s: the sources' interval
# is 2 s); q quits.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

SIM_PID=
SOCK=relboard-backoff-$$
tm() { tmux -L "$SOCK" "$@"; }
stop_sim() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null; SIM_PID=; }
trap 'tm kill-server 2>/dev/null || true; stop_sim; cleanup' EXIT

"$top_builddir/src/relboard-sim" --port 0 --print-config --throttle-rate 100 \
    --retry-after 40 >"$WORK/sim.out" 2>&1 &
SIM_PID=$!
for _ in $(seq 50); do
	grep -q '^}' "$WORK/sim.out" && break
	sleep 0.1
done
sed 1d "$WORK/sim.out" >"$WORK/config.json"

rc=0
"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/out.json" || rc=$?
[ "$rc" = 3 ] || { echo "FAIL: status exit $rc, want 3"; exit 1; }
check "$WORK/out.json" "
all(s['state'] == 'error' and '429' in s['error'] for s in d['sources'])
"

command -v tmux >/dev/null 2>&1 || { echo "SKIP: the dashboard part needs tmux"; echo "PASS: backoff_sim"; exit 0; }
tm new-session -d -s rb -x 120 -y 24 \
    "'$RELBOARD' --config '$WORK/config.json'; echo \"exit=\$?\" >'$WORK/exit'; sleep 30"
screen() { tm capture-pane -t rb -p; }
wait_for()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		if screen | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	echo "FAIL: the screen never showed: $1"
	screen
	exit 1
}

# Every source, 40 s (less the second or two that passed).
wait_for "flags ERROR, retrying in (3[89]|40)s"
line=$(screen | tail -n 1)
for s in flags metrics k8s; do
	grep -qE "$s ERROR, retrying in (3[6-9]|40)s" <<<"$line" ||
	    { echo "FAIL: $s: $line"; exit 1; }
done
echo "ok - the status line says when each source is tried again: $line"

# The count goes down: no source was polled again meanwhile.
wait_for "flags ERROR, retrying in 3[0-6]s" 8
[ ! -f "$WORK/exit" ] || { echo "FAIL: relboard stopped"; exit 1; }
echo "ok - the wait counts down"

tm send-keys -t rb q
for _ in $(seq 50); do
	[ -s "$WORK/exit" ] && break
	sleep 0.1
done
grep -qx "exit=0" "$WORK/exit" || { echo "FAIL: exit: $(cat "$WORK/exit" 2>/dev/null)"; exit 1; }
echo "ok - q quits"
echo "PASS: backoff_sim"
