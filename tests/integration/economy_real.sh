#!/bin/bash
# tests/integration/economy_real.sh - what the dashboard asks a real Unleash
# 7.5.1 for, counted by a relay between them (tests/countproxy.py): the
# first poll is the probe (the project's newest event) and the full poll
# (project listing, one client listing per environment, recent events);
# then, with nothing changed, each poll is one probe answered 304.  A
# rollout changed through the Admin API by someone else moves the probe
# (200), a full poll follows at once and another on the next poll (the
# client API lags a write by about a second), and by then the screen shows
# the new stage.  Counted by polls, never by time.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_or_fail "tmux is not installed"
start_service unleash "$WORK/unleash"

P=/api/admin/projects/default/features
unleash_api POST "$P" '{"name":"new-checkout","type":"release"}' >/dev/null
sid=$(unleash_api POST "$P/new-checkout/environments/production/strategies" \
    '{"name":"flexibleRollout","constraints":[],"parameters":{"rollout":"5","stickiness":"default","groupId":"new-checkout"}}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
unleash_api POST "$P/new-checkout/environments/production/on" >/dev/null

python3 "$srcdir/tests/countproxy.py" --upstream "${UNLEASH_URL#http://}" \
    --log "$WORK/wire.log" --parent $$ >"$WORK/proxy.out" &
for _ in $(seq 100); do
	grep -q listening "$WORK/proxy.out" 2>/dev/null && break
	sleep 0.1
done
PROXY=http://$(sed -n 's/^listening on //p' "$WORK/proxy.out")

cat >"$WORK/config.json" <<JSON
{"sources": [{"name": "flags", "kind": "unleash", "url": "$PROXY",
              "token_file": "$UNLEASH_TOKEN_FILE", "interval_s": 1,
              "exposures_per_poll": 0}],
 "journal": "$WORK/journal.jsonl"}
JSON

S=relboard-economy-$$
. "${srcdir:-.}/tests/integration/tmux.sh"
PROBE='GET /api/admin/search/events?project=IS:default&limit=1'

# wire: the relay's log as "STATUS REQUEST" lines in request order ("-"
# while unanswered).
wire()
{
	python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
from countproxy import exchanges
for req, status in exchanges(sys.argv[2]):
    print(status or "-", req)' "$srcdir/tests" "$WORK/wire.log"
}
# probes: how many probes have been answered.
probes() { wire | grep -cF -- "$PROBE" || true; }
# wait_probes N: until N probes were sent and every request answered.
wait_probes()
{
	local i
	for i in $(seq 300); do
		[ "$(probes)" -ge "$1" ] && ! wire | grep -q '^- ' && return 0
		sleep 0.1
	done
	fail "only $(probes) probes, want $1"
}

start "'$RELBOARD' --config '$WORK/config.json'"
wait_for "flags ok"
keys 2
wait_for "canary 5%"
wait_probes 6

wire | python3 -c '
import sys
probe = sys.argv[1]
ex = [l.split(" ", 1) for l in sys.stdin.read().splitlines()]
assert ex[0] == ["200", probe], ex[0]
assert sorted(r for _, r in ex[1:5]) == sorted([
    "GET /api/admin/projects/default/features",
    "GET /api/admin/search/events?project=IS:default&limit=50",
    "GET /api/client/features?project=default&environment=development",
    "GET /api/client/features?project=default&environment=production"]), ex[1:5]
rest = ex[5:]
assert len(rest) >= 5 and all(e == ["304", probe] for e in rest), rest
print("ok - first poll: probe + 4 requests; then %d polls of one probe, each 304" % len(rest))' "$PROBE"

# Someone else moves the rollout to 20 %.
mark=$(($(wire | wc -l) + 1))
unleash_api PATCH "$P/new-checkout/environments/production/strategies/$sid" \
    '[{"op":"replace","path":"/parameters/rollout","value":"20"}]' >/dev/null
# The first probe after the write says it moved; two full polls follow.
for _ in $(seq 300); do
	n=$(wire | tail -n +"$mark" | grep -cF 'GET /api/admin/projects/default/features' || true)
	[ "$n" -ge 2 ] && break
	sleep 0.1
done
[ "$n" -ge 2 ] || fail "no two full polls after the write: $(wire | tail -n +"$mark")"
wait_probes $(($(probes) + 1))
screen | grep -qF "early 20%" || fail "the screen does not show the new stage after two full polls"
echo "ok - a change through the Admin API is on screen after the poll that saw it"
wire | tail -n +"$mark" | python3 -c '
import sys
probe = sys.argv[1]
ex = [l.split(" ", 1) for l in sys.stdin.read().splitlines()]
moved = ex.index(["200", probe])
assert all(e == ["304", probe] for e in ex[:moved]), ex
reqs = [r for _, r in ex[moved:]]
# The moved probe and a full poll, then the next probe and its full poll.
assert len(reqs) >= 10 and reqs[5] == probe, reqs
assert probe not in reqs[1:5] + reqs[6:10], reqs
print("ok - the change cost a probe, a full poll and one more full poll")' "$PROBE"
keys q
wait_exit
