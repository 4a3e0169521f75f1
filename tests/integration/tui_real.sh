#!/bin/bash
# tests/integration/tui_real.sh - the dashboard driven through tmux, as a
# person would, against a real Unleash 7.5.1: select a flag, stage it up and
# confirm, kill it (typing its name and a reason), restore it; after each,
# the server shows the new state (checked through the Admin API) and so does
# the screen within 3 s, though the poll interval is 5 s (a refresh after an
# action looks again soon: Unleash's client API lags a write by about a
# second).  Then quit: the program exits 0.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_or_fail "tmux is not installed"
start_service unleash "$WORK/unleash"

P=/api/admin/projects/default/features
unleash_api POST "$P" '{"name":"alpha-flag","type":"release"}' >/dev/null
unleash_api POST "$P" '{"name":"new-checkout","type":"release"}' >/dev/null
unleash_api POST "$P/new-checkout/environments/production/strategies" \
    '{"name":"flexibleRollout","constraints":[],"parameters":{"rollout":"5","stickiness":"default","groupId":"new-checkout"}}' >/dev/null
unleash_api POST "$P/new-checkout/environments/production/on" >/dev/null

cat >"$WORK/config.json" <<JSON
{"sources": [{"name": "flags", "kind": "unleash", "url": "$UNLEASH_URL",
              "token_file": "$UNLEASH_TOKEN_FILE", "interval_s": 5,
              "environments": ["production"]}],
 "journal": "$WORK/journal.jsonl"}
JSON

SOCK=relboard-test-$$
tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null || true; cleanup' EXIT
tm new-session -d -s rb -x 80 -y 24 \
    "'$RELBOARD' --config '$WORK/config.json'; echo \"exit=\$?\" >'$WORK/exit'; sleep 30"

screen() { tm capture-pane -t rb -p; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	echo "FAIL: the screen never showed: $1"
	screen
	exit 1
}
keys() { tm send-keys -t rb "$@"; }

# server ENABLED ROLLOUT: new-checkout in production, as Unleash has it.
server()
{
	local i got
	for i in $(seq 30); do
		got=$(unleash_api GET "$P/new-checkout" | python3 -c '
import json, sys
e = [x for x in json.load(sys.stdin)["environments"] if x["name"] == "production"][0]
r = [s["parameters"]["rollout"] for s in e["strategies"] if s["name"] == "flexibleRollout"]
print(str(e["enabled"]).lower(), r[0] if r else "none")')
		[ "$got" = "$1 $2" ] && return 0
		sleep 0.1
	done
	echo "FAIL: server shows $got, want $1 $2"
	exit 1
}

wait_for "flags ok"
keys 2
wait_for "new-checkout"
# Select new-checkout with the filter.
keys /
keys -l "new-checkout"
keys Enter
wait_for ">new-checkout"
wait_for "canary 5%"

# Stage up: the dialog shows before -> after, y applies.
keys +
wait_for "Press y"
screen | grep -q "canary (5%) .* early (20%)" || { echo "FAIL: no before -> after"; screen; exit 1; }
keys y
wait_for "done: new-checkout in production: canary (5%) -> early (20%), verified"
server true 20
wait_for "early 20%" 3
echo "ok - staged up from the dashboard; the server shows 20%"

# Kill: the flag's name must be typed exactly, then a reason.
keys K
wait_for "Type the flag's name"
keys -l "new-checkuot"
keys Enter
wait_for "that is not the flag's name"
server true 20
keys C-u
keys -l "new-checkout"
keys Enter
wait_for "Reason ("
keys -l "error spike at 3am"
keys Enter
wait_for "done: new-checkout in production: early (20%) -> killed"
server false 20
wait_for "KILLED 20%" 3
echo "ok - killed from the dashboard after typing its name and a reason"

# Restore brings back exactly the stage it had.
keys R
wait_for "Press y"
keys y
wait_for "Reason ("
keys Enter
wait_for "done: new-checkout in production: killed (kept at early"
server true 20
echo "ok - restored from the dashboard at the stage it had"

# The journal view lists the three actions.
keys J
wait_for "restore"
screen | grep -q "kill" || { echo "FAIL: journal view"; screen; exit 1; }
keys Escape
for _ in $(seq 50); do
	screen | grep -q "Journal:" || break
	sleep 0.1
done
[ "$(wc -l <"$WORK/journal.jsonl")" = 3 ] || { echo "FAIL: journal lines"; exit 1; }
echo "ok - the journal view and file hold the three actions"

keys q
for _ in $(seq 50); do
	[ -s "$WORK/exit" ] && break
	sleep 0.1
done
grep -qx "exit=0" "$WORK/exit" || { echo "FAIL: relboard did not exit 0"; exit 1; }
echo "ok - q quits with status 0"
echo "PASS: tui_real"
