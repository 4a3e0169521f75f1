# tests/integration/tmux.sh - driving the dashboard in tmux for the
# integration tests, sourced after lib.sh: a tmux server of the test's own
# ($S), the screen, keys, waiting for a condition (never for a time), and
# relboard-sim started on an ephemeral port with its config in
# $WORK/config.json.  A test sets S before sourcing this.
# shellcheck shell=bash

command -v tmux >/dev/null 2>&1 || { echo "SKIP: no tmux"; exit 77; }

SIM_PID=
stop_sim() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null; SIM_PID=; }
trap 'stop_sim; tmux -L "$S" kill-server 2>/dev/null; cleanup' EXIT

tm() { tmux -L "$S" "$@"; }
screen() { tm capture-pane -t rb -p; }
keys() { tm send-keys -t rb "$@"; }
fail() { echo "FAIL: $*"; screen; exit 1; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never showed: $1"
}

# wait_joined TEXT [SECONDS]: until the screen shows TEXT with its wrapped
# lines joined and runs of blanks as one (a detail line cut in two).
wait_joined()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		tm capture-pane -t rb -p -J | tr -d '\n' | tr -s ' ' | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never showed: $1"
}

# wait_gone TEXT: until the screen no longer shows TEXT.
wait_gone()
{
	local i
	for i in $(seq 100); do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	fail "the screen still shows: $1"
}

# settle: every key sent so far has been handled, and none left a mode
# open that takes keys: help opens behind them (help lists "poll every
# source now") and closes again.
settle()
{
	keys '?'
	wait_for "poll every source now"
	keys Escape
	wait_gone "poll every source now"
}

# wait_exit: until relboard has written its exit status.
wait_exit()
{
	local i
	for i in $(seq 100); do
		[ -s "$WORK/exit" ] && return 0
		sleep 0.1
	done
	fail "relboard did not exit"
}

# select_row NAME: move the selection down from the top until NAME is selected.
# With REGEX (select_row NAME REGEX), until the screen matches it instead:
# for rows whose name is not their first column.
select_row()
{
	local i
	keys -l $'\e[1~'
	for i in $(seq 40); do
		if [ $# -ge 2 ]; then
			screen | grep -qE -- "$2" && return 0
		else
			screen | grep -qF -- ">$1" && return 0
		fi
		keys j
		sleep 0.1
	done
	fail "could not select $1"
}

# start_sim ARGS...: relboard-sim on an ephemeral port; its config, with
# the journal in the work folder, in $WORK/config.json.
start_sim()
{
	"$top_builddir/src/relboard-sim" --port 0 --print-config "$@" \
	    >"$WORK/sim.out" 2>&1 &
	SIM_PID=$!
	for _ in $(seq 100); do
		grep -q '^}' "$WORK/sim.out" 2>/dev/null && break
		sleep 0.1
	done
	sed 1d "$WORK/sim.out" | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["journal"] = sys.argv[1]
json.dump(c, sys.stdout)' "$WORK/journal.jsonl" >"$WORK/config.json"
}

# start COMMAND [COLS [ROWS [TERM]]]: the dashboard in a new tmux server
# (one being killed may still hold its socket); its exit status goes to
# $WORK/exit and the terminal modes before and after to $WORK/stty.*.
RUN=0
start()
{
	tm kill-server 2>/dev/null || true
	RUN=$((RUN + 1))
	S=${S%%.*}.$RUN
	rm -f "$WORK/exit" "$WORK/stty.after"
	tm new-session -d -s rb -x "${2:-80}" -y "${3:-24}" \
	    "stty -a >'$WORK/stty.before'; TERM=${4:-xterm-256color} $1; echo \"exit=\$?\" >'$WORK/exit'; stty -a >'$WORK/stty.after'; sleep 30"
}
