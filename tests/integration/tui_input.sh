#!/bin/bash
# tests/integration/tui_input.sh - nothing reaches a flag by accident: the
# dashboard against relboard-sim in tmux.  Plain and bracketed pastes that
# hold stage keys and y write nothing; escape sequences relboard does not
# know open nothing; a move to off in a production-type or protected
# environment asks for the typed name and a reason; the force dialog stays
# up and keeps the keys whatever is pressed, and Esc closes it; a verified
# change shows on its row the moment the outcome does; the help lists every
# binding of every pane; the demo leaves the user's state folder alone.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-input-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

# Protect development too (production is protected by its type).
start_sim
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
c["protected_environments"] = ["development"]
json.dump(c, open(sys.argv[1], "w"))' "$WORK/config.json"

# flags_now: every flag state the simulator serves, as one line each.
flags_now()
{
	local rc=0
	"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/now.json" || rc=$?
	[ "$rc" = 0 ] || { echo "FAIL: status --json exit $rc"; exit 1; }
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in sorted(d["flags"], key=lambda f: f["name"]):
    for e in f["environments"]:
        print(f["name"], e["name"], e["enabled"], e["rollout"], e["stage"])' "$WORK/now.json"
}
flags_now >"$WORK/before"
grep -q "^new-checkout production True 5 canary$" "$WORK/before" ||
    { echo "FAIL: unexpected start state"; cat "$WORK/before"; exit 1; }
unchanged()
{
	flags_now >"$WORK/after"
	diff -u "$WORK/before" "$WORK/after" || { echo "FAIL: $1 changed a flag"; exit 1; }
	[ ! -s "$WORK/journal.jsonl" ] || { echo "FAIL: $1 journaled"; cat "$WORK/journal.jsonl"; exit 1; }
}

# Every run: UTF-8, and a state folder in the work folder.
ENVS="LC_ALL=C.UTF-8 XDG_STATE_HOME='$WORK/state'"
start "$ENVS '$RELBOARD' --config '$WORK/config.json'"
wait_for "flags ok"
keys 2
wait_for "[production]"
# Select new-checkout (canary 5% in production).
select_row new-checkout

# 1. A plain paste: the first key that opens a dialog (a for acknowledge)
# opens it, and what follows is discarded; so with - first.
keys -l "fraud-rules-2025 payments"
wait_for "acknowledge, note:"
# A marker typed now shows alone in the note: all before it was handled.
keys -l "zq"
wait_for "acknowledge, note: zq"
screen | grep -qE "Type the flag's name|Change stage " && fail "a paste reached a flag dialog"
screen | grep -q "acknowledge, note: .*[a-y].*zq" && fail "the paste typed into the note"
keys Escape
wait_gone "acknowledge, note:"
keys -l -- "-y payments-v2 +y"
wait_for "Type the flag's name (new-checkout)"
screen | grep -qF "[production]" || fail "the paste switched the environment"
keys Escape
wait_gone "Type the flag's name"
unchanged "a plain paste"
echo "ok - a plain paste opens at most a dialog, and discards the rest"

# 2. The same as a bracketed paste, with stage keys and y in it.
tm set-buffer -b p -- "-y+y fraud-rules-2025 payments"
tm paste-buffer -p -b p -t rb
wait_for "pasted text ignored"
screen | grep -qE "Change stage |Turn OFF|KILL flag" && fail "a paste opened a dialog"
unchanged "a bracketed paste"
echo "ok - a bracketed paste is dropped with a notice"

# 3. Escape sequences relboard does not know, then y: nothing opens.
select_row beta-banner
for seq in $'\e[99~y' $'\e[1;5A' $'\e[2;5~' $'\eOz' $'\e]52;c;eWVz\a' $'\e-' $'\e[' '[' ']' '~' 'O'; do
	keys -l "$seq"
done
keys -l "y"
settle
screen | grep -qE "Change stage |Turn OFF|KILL flag|Set stage " && fail "a sequence opened a dialog"
screen | grep -qF ">beta-banner" || fail "a sequence moved the selection"
unchanged "escape sequences"
echo "ok - unknown escape sequences, [ ] ~ O and Alt keys open nothing"

# 4. Off in production asks for the name and a reason, and then writes.
select_row new-checkout
keys -
wait_for "Type the flag's name (new-checkout) to turn it off"
screen | grep -qF "canary (5%) → off" || screen | grep -qF "canary (5%) -> off" ||
    fail "no before -> after"
keys -l "new-checkout"
keys Enter
wait_for "Reason (required)"
keys Enter
wait_for "a reason is required"
keys Escape
wait_for "cancelled: nothing changed"
unchanged "a cancelled move to off"
echo "ok - off in production asks for the typed name and a reason"

# ... and in a protected_environments one: set a stage from the list.
keys e
wait_for "[development]"
keys s
wait_for "Stage (Up/Down"
for _ in 1 2 3 4 5 6; do keys k; done
keys Enter
wait_for "Type the flag's name (new-checkout) to turn it off"
keys Escape
wait_gone "Type the flag's name"
unchanged "a cancelled move to off in development"
keys e
wait_for "[production]"
echo "ok - protected_environments asks the same"

# 5. A verified change shows on its row with the outcome.
keys +
wait_for "Press y to apply"
keys y
wait_for "verified"
screen | grep -q ">new-checkout .*early 20%" || fail "the row shows the old state beside verified"
flags_now >"$WORK/now"
grep -q "^new-checkout production True 20 early$" "$WORK/now" || { echo "FAIL: not written"; exit 1; }
echo "ok - the row shows the read-back state the moment it says verified"

# 6. The force dialog: a parent guard refuses raising ledger-batch-writes.
select_row ledger-batch-wri
keys +
wait_for "Press y to apply"
keys y
wait_for "Refused by a guard"
wait_for "Type a reason to override"
keys Tab
keys 1
keys -l $'\e[Z'
# A marker typed now shows in the field: all before it was handled.
keys -l "zq"
wait_for "zq"
screen | grep -qF "[2 Flags" || fail "a key behind the force dialog switched panes"
screen | grep -qF "Refused by a guard" || fail "the force dialog went away"
keys Escape
wait_gone "Refused by a guard"
flags_now >"$WORK/now"
grep -q "^ledger-batch-writes production True 50 half$" "$WORK/now" || { echo "FAIL: ledger moved"; exit 1; }
echo "ok - the force dialog keeps the keys until Esc closes it"

keys q
wait_exit
grep -qx "exit=0" "$WORK/exit" || fail "relboard did not exit 0"

# 7. The help lists every binding of every pane (generated from the tables).
"$top_builddir/tests/check_keys" --help-lines >"$WORK/help-lines"
start "$ENVS LC_ALL=C '$RELBOARD' --config '$WORK/config.json'" 100 70
wait_for "flags ok"
for pane in 1 2 3 4; do
	keys "$pane"
	keys '?'
	wait_for "relboard help"
	screen >"$WORK/help-$pane"
	grep "^$pane	" "$WORK/help-lines" | cut -f2- | while IFS= read -r line; do
		want=$(printf '%s' "$line" | cut -c1-50 | sed 's/ *$//')
		grep -qF -- "$want" "$WORK/help-$pane" ||
		    { echo "FAIL: pane $pane help lacks: $want"; cat "$WORK/help-$pane"; exit 1; }
	done
	keys Escape
	wait_gone "relboard help"
done
echo "ok - the help of each pane lists every binding"
keys q
wait_exit

# 8. The demo keeps to itself: nothing in the state folder or HOME changes.
mkdir -p "$WORK/home"
start "$ENVS HOME='$WORK/home' '$RELBOARD' --demo"
wait_for "flags ok"
keys 2
wait_for "new-checkout"
select_row new-checkout
keys +
wait_for "Press y to apply"
keys y
wait_for "verified"
keys J
# This action, and the first step of the demo's release plan.
wait_for "Journal: 2 recent actions"
wait_for "reason: plan checkout-redesign step 1/3"
keys Escape
wait_gone "Journal: 2 recent actions"
keys q
wait_exit
grep -qx "exit=0" "$WORK/exit" || fail "the demo did not exit 0"
[ ! -e "$WORK/state" ] || { echo "FAIL: the demo wrote under XDG_STATE_HOME"; find "$WORK/state"; exit 1; }
[ -z "$(ls -A "$WORK/home")" ] || { echo "FAIL: the demo wrote under HOME"; find "$WORK/home"; exit 1; }
echo "ok - the demo journals to a temporary file and leaves the state folder alone"
echo "PASS: tui_input"
