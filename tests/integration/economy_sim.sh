#!/bin/bash
# tests/integration/economy_sim.sh - the dashboard against relboard-sim in
# tmux, counted by the simulator's request log: after the first poll, an
# idle Unleash source costs one probe per poll, answered 304; a flag turned
# off through the Admin API by someone else moves the probe (200), a full
# poll follows at once, and by the end of that poll the Flags pane shows
# the flag killed in production.  The Prometheus source asks for the trend's
# range once (a minute has not passed) and for each health metric once
# per poll.  Counted by polls, never by time.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-economy-sim-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

start_sim --request-log "$WORK/requests.log"
PROBE='GET /api/admin/search/events?project=IS:default&limit=1'
LOG=$WORK/requests.log
probes() { grep -cF -- "$PROBE" "$LOG" || true; }
wait_probes()
{
	local i
	for i in $(seq 300); do
		[ "$(probes)" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "only $(probes) probes, want $1"
}
# unleash_requests FROM: the log's Unleash lines from line FROM on.
# Exposure reads (client metrics, their own budget) are left out.
unleash_requests() { tail -n +"$1" "$LOG" | grep -E ' /api/(admin|client)/' | grep -vF '/client-metrics/' || true; }

start "XDG_STATE_HOME='$WORK/state' '$RELBOARD' --config '$WORK/config.json'" 100 30
wait_for "flags ok"
keys 2
wait_for "new-checkout"
wait_probes 4

unleash_requests 1 | python3 -c '
import sys
probe = sys.argv[1]
lines = sys.stdin.read().splitlines()
assert lines[0] == probe + " 200", lines[0]
assert len(lines[1:5]) == 4 and probe not in " ".join(lines[1:5]), lines[:5]
rest = lines[5:]
assert len(rest) >= 3 and all(l == probe + " 304" for l in rest), rest
print("ok - after the first poll, one probe per poll, each 304 (%d polls)" % len(rest))' "$PROBE"

python3 - "$LOG" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
ranges = [l for l in lines if l.startswith("GET /api/v1/query_range?")]
rates = [l for l in lines if l.startswith("GET /api/v1/query?query=sum%20by%20%28service%2Cversion%29%28rate")]
assert len(rates) >= 3, rates
assert len(ranges) <= 2 and len(ranges) < len(rates), (len(ranges), len(rates))
print("ok - %d polls of the metrics asked for the trend's range %d time(s)" % (len(rates), len(ranges)))
PY

select_row "new-checkout"
screen | grep -F ">new-checkout" | grep -qF "canary 5%" || fail "new-checkout is not at canary in production"
port=$(sed -n '1s/.*://p' "$WORK/sim.out")
mark=$(($(wc -l <"$LOG") + 1))
curl -sS -X POST -o /dev/null \
    "http://127.0.0.1:$port/api/admin/projects/default/features/new-checkout/environments/production/off"
# The next probe says it moved, and the poll reads the flags at once.
for _ in $(seq 300); do
	# grep reads all (no -q): an early exit would fail tail (pipefail).
	tail -n +"$mark" "$LOG" | grep -F -- "$PROBE 200" >/dev/null && break
	sleep 0.1
done
tail -n +"$mark" "$LOG" | grep -F -- "$PROBE 200" >/dev/null ||
    fail "no probe saw the write; the requests since: $(tail -n +"$mark" "$LOG" | grep -vF /client-metrics/ | tail -n 12)"
n=$(probes)
wait_probes $((n + 1))
unleash_requests "$mark" | python3 -c '
import sys
probe = sys.argv[1]
lines = [l for l in sys.stdin.read().splitlines() if not l.startswith("POST ")]
moved = lines.index(probe + " 200")
assert all(l == probe + " 304" for l in lines[:moved]), lines
full = lines[moved + 1:moved + 5]
assert len(full) == 4 and not any(l.startswith(probe) for l in full), lines
print("ok - the probe that saw the write was followed by a full poll")' "$PROBE"
screen | grep -F ">new-checkout" | grep -qF "KILLED 5%" ||
    fail "new-checkout is not shown killed in production after the poll"
echo "ok - the Flags pane shows the change after the poll that saw it"
keys q
wait_exit
