#!/bin/bash
# tests/integration/tui_nav.sh - finding your way at 80x24 against
# relboard-sim in tmux: the / filter narrows and clears; the : command line
# jumps to panes and opens the same confirmations as the keys without
# writing; the Flags pane puts trouble first; a terminal without cursor
# addressing gets exit 2; SIGINT and SIGTERM leave with 130 and 143 and the
# terminal restored.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-nav-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

start_sim

start "LC_ALL=C.UTF-8 XDG_STATE_HOME='$WORK/state' '$RELBOARD' --config '$WORK/config.json'"
wait_for "flags ok"
keys 2
wait_for "[production]"

# Trouble first: killed, blocked, a warn/crit service, a stage in progress.
rows=$(screen | sed -n '3,11p' | cut -c2-20 | sed 's/ *$//')
want=$'fraud-rules-2025\nledger-batch-wri'
[ "$(printf '%s\n' "$rows" | head -2 | cut -c1-16)" = "$want" ] ||
    fail "killed and blocked flags are not first: $rows"
printf '%s\n' "$rows" | tail -3 | grep -q "payments-v2" ||
    fail "a calm flag is not last: $rows"
keys '>'
wait_for "Flags: by name"
[ "$(screen | sed -n 3p | cut -c2-12)" = "beta-banner" ] || fail "> did not sort by name"
keys '>'
wait_for "Flags: trouble first"
echo "ok - the Flags pane puts trouble first; > sorts by name and back"

# The filter narrows as it is typed, Enter keeps it, Esc clears it.
keys /
keys -l "check"
wait_for "2 matches"
screen | grep -q "fraud-rules" && fail "the filter did not narrow"
keys Enter
wait_for "/check 1/2 of 9"
keys Escape
wait_gone "/check"
wait_for "fraud-rules-2025"
keys /
keys -l '!checkout'
wait_for "7 matches"
screen | grep -qF "new-checkout" && fail "!checkout kept new-checkout"
screen | grep -qF "dark-mode" || fail "!checkout dropped dark-mode"
keys Escape
wait_gone "Enter keeps"
echo "ok - the filter narrows, inverts, keeps and clears"

# The command line: jump to panes, open confirmations, never write.
keys :
keys -l "health"
keys Enter
wait_for "[3 Health"
keys :
keys -l "fla"
keys Tab
keys Enter
wait_for "[2 Flags"
keys :
keys -l "stage new-ch"
keys Tab
keys -l "ga"
keys Enter
wait_for "Change stage"
wait_for "canary (5%)"
wait_for "Press y to apply"
keys Escape
wait_for "cancelled: nothing changed"
keys :
keys -l "kill new-checkout"
keys Enter
wait_for "Type the flag's name (new-checkout) to kill it"
keys Escape
wait_gone "KILL flag"
keys :
keys -l "bogus"
keys Enter
wait_for "unknown command :bogus"
[ ! -s "$WORK/journal.jsonl" ] || fail "a command wrote: $(cat "$WORK/journal.jsonl")"
echo "ok - : jumps to panes and opens confirmations without writing"

# The Graph pane at 80x24: the focused view of the payments service lists
# everything that depends on it, transitively, one per line.
keys 3
wait_for "[3 Health"
keys /
keys -l "payments"
keys Enter
wait_for "/payments"
keys v
wait_for "service:payments  env production"
for want in "checkout-upsell" "ledger-batch-writes" "shop/payments" "new-checkout"; do
	screen | grep -qF -- "$want" || fail "the focused view lacks $want"
done
# (The tree's lines; the selected line's story below may be cut.)
screen | head -n 20 | grep -q '…' && fail "a line of the focused view is cut"
keys 3
wait_for "[3 Health"
keys Escape
wait_gone "/payments"
keys 2
wait_for "[2 Flags"
echo "ok - the focused graph view lists the transitive dependents within 80 columns"

# y copies the selected name, o shows and copies the flag's page (OSC 52).
tm set-option -g set-clipboard on
select_row new-checkout
keys y
wait_for "copied new-checkout"
[ "$(tm show-buffer)" = "new-checkout" ] || fail "the clipboard has: $(tm show-buffer)"
keys o
wait_for "/projects/default/features/new-checkout"
tm show-buffer | grep -q "^http://127.0.0.1:[0-9]*/projects/default/features/new-checkout$" ||
    fail "the clipboard has: $(tm show-buffer)"
echo "ok - y copies the name and o the flag's page, through the terminal"

# Acknowledge: the blocked flag stops lighting the tab, across a restart,
# until its state changes.
wait_for "2 Flags!2"
select_row ledger-batch-wri
keys a
wait_for "acknowledge, note:"
keys -l "waiting for the fraud rules"
keys Enter
wait_for "acknowledged until its state changes"
wait_for "2 Flags!1"
wait_for "ACK by"
grep -q '"action": *"ack"' "$WORK/journal.jsonl" || fail "the acknowledgement was not journaled"
: >"$WORK/journal.jsonl"
echo "ok - an acknowledgement takes a note, is journaled and dims the row"

# The order chosen is kept for the next run.
keys '>'
wait_for "Flags: by name"

# SIGTERM: 143, and the terminal as it was.
# Only this test's relboard: the child of the pane's shell.
pkill -TERM -P "$(tm display -p -t rb '#{pane_pid}')" -x relboard
wait_exit
grep -qx "exit=143" "$WORK/exit" || fail "SIGTERM: $(cat "$WORK/exit")"
for _ in $(seq 50); do [ -s "$WORK/stty.after" ] && break; sleep 0.1; done
diff "$WORK/stty.before" "$WORK/stty.after" || fail "the terminal was not restored"
echo "ok - SIGTERM exits 143 with the terminal restored"

start "XDG_STATE_HOME='$WORK/state' '$RELBOARD' --config '$WORK/config.json'"
wait_for "flags ok"
wait_for "2 Flags!1"
echo "ok - the acknowledgement is still there after a restart"
keys 2
wait_for "[2 Flags"
[ "$(screen | sed -n 3p | cut -c2-12)" = "beta-banner" ] || fail "the order by name was not kept"
echo "ok - the order chosen is kept across a restart"
"$RELBOARD" flag stage ledger-batch-writes ga --env production --force \
    --reason "test" --config "$WORK/config.json" >/dev/null
wait_for "2 Flags!2"
echo "ok - it lapses when the flag's state changes"
keys C-c
wait_exit
grep -qx "exit=130" "$WORK/exit" || fail "Ctrl-C: $(cat "$WORK/exit")"
echo "ok - Ctrl-C exits 130"

start "'$RELBOARD' --config '$WORK/config.json' 2>'$WORK/err'" 80 24 dumb
wait_exit
grep -qx "exit=2" "$WORK/exit" || fail "TERM=dumb: $(cat "$WORK/exit")"
grep -q "status --json" "$WORK/err" || fail "TERM=dumb: no pointer to status --json"
echo "ok - TERM=dumb exits 2 and points to status --json"
echo "PASS: tui_nav"
