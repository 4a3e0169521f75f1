#!/bin/bash
# tests/integration/journal_events_tui.sh - the journal view of a flag (J
# in the Flags pane) against relboard-sim in tmux: beside relboard's own
# journal it shows the flag's history from the flag service's event log,
# so a change someone else made through the service's API shows, marked
# [unleash] with who made it, as does a teammate's earlier change; a
# change made from the dashboard then shows as [relboard] above them
# (merged by time, newest first); r reads both again.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-journal-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

start_sim
URL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sources"][0]["url"])' "$WORK/config.json")
P=$URL/api/admin/projects/default/features

# Someone else raises new-checkout in production to 20% through the API.
sid=$(curl -sSf "$P/new-checkout" | python3 -c '
import json, sys
d = json.load(sys.stdin)
env = [e for e in d["environments"] if e["name"] == "production"][0]
print([s["id"] for s in env["strategies"] if s["name"] == "flexibleRollout"][0])')
curl -sSf -X PATCH -H 'Content-Type: application/json' \
    --data '[{"op":"replace","path":"/parameters/rollout","value":"20"}]' \
    "$P/new-checkout/environments/production/strategies/$sid" >/dev/null

start "LC_ALL=C.UTF-8 '$RELBOARD' --config '$WORK/config.json'" 100 30
wait_for "flags ok"
keys 2
wait_for "new-checkout"
select_row new-checkout
keys J
wait_for "Journal: 0 recent actions on new-checkout + 7 changes from flags"
wait_for "admin  [unleash] rollout 5% -> 20% in production"
wait_for "maria@example.com  [unleash] rollout 1% -> 5% in production"
screen | grep -qF "from the event log of flags (feature-strategy-update)" || fail "no origin line"
# Newest first: the change just made above maria's of 40 minutes ago.
screen | awk '/rollout 5% -> 20%/ { a = NR } /rollout 1% -> 5%/ { b = NR }
    END { exit !(a && b && a < b) }' || fail "not newest first"
echo "ok - the journal view of new-checkout shows changes made by others, marked [unleash] with who made them"
keys Escape
wait_gone "Journal: 0 recent"

# A change from the dashboard: journaled, and in the service's log too.
keys +
wait_for "Press y to apply"
keys y
wait_for "verified"
keys J
wait_for "Journal: 1 recent action on new-checkout + 8 changes"
wait_for "[relboard] stage half new-checkout in production"
wait_for "admin  [unleash] rollout 20% -> 50% in production"
screen | grep -qF "(feature-strategy-update): the write of the [relboard] action" ||
    fail "the service's record of the dashboard's write is not marked"
screen | awk '/\[relboard\] stage half/ { a = NR } /admin  \[unleash\] rollout 5% -> 20%/ { b = NR }
    END { exit !(a && b && a < b) }' || fail "the dashboard's change is not above the earlier one"
echo "ok - the dashboard's own change shows as [relboard], merged by time above the others"

# r reads the history again: a change made meanwhile appears.
curl -sSf -X POST "$P/new-checkout/environments/development/off" >/dev/null
keys r
wait_for "admin  [unleash] disabled in development"
wait_for "+ 9 changes"
echo "ok - r reads the flag's history again"
keys Escape
wait_gone "Journal: 1 recent"

# J on another pane: the whole local journal, as before.
keys 1
keys J
wait_for "Journal: 1 recent action, newest first"
screen | grep -qF "[unleash]" && fail "the global journal shows service events"
keys Escape
wait_gone "Journal: 1 recent action, newest first"
keys q
wait_exit
grep -q "exit=0" "$WORK/exit" || fail "exit: $(cat "$WORK/exit")"
echo "PASS: journal_events_tui"
