#!/bin/bash
# tests/integration/monkey.sh - the dashboard under random input: against
# relboard-sim (with a few faults, so sources also fail and back off), in
# tmux, random bursts of keys (letters, digits, punctuation, arrows, Esc,
# Enter, Tab, function keys, control and Alt keys, raw escape sequences,
# bracketed pastes, stray bytes) and random window sizes, for a bounded
# time and number of bursts.  Then:
#   - nothing was written: the flags (as `relboard status --json` shows
#     them), the simulator's event log and relboard's journal are as before;
#   - relboard is alive and answers keys (help opens and closes);
#   - q quits with status 0, nothing on stderr, and the terminal modes
#     (stty -a in the pane) are as they were before relboard started;
#   - while it ran, its core file size limit was 0.
#
# Keys inside a burst follow each other with no pause; bursts are apart,
# and each is followed by a lone Esc after a pause, so that no dialog is
# left open for the next burst: a key that confirms a write counts only
# when it arrives well after its dialog was drawn, and this test never
# sends one like that.  q, Q and the keys that signal (Ctrl-C, Ctrl-Z,
# Ctrl-\) or stop output (Ctrl-S, Ctrl-Q) are never sent.
#
# The random sequence comes from a seed, printed first; replay a run with
#   MONKEY_SEED=N make check TESTS=tests/integration/monkey.sh
# MONKEY_SECONDS (default 20) and MONKEY_BURSTS (default 150) bound a run.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_or_fail "tmux is not installed"

SEED=${MONKEY_SEED:-20261126}
SECONDS_MAX=${MONKEY_SECONDS:-20}
BURSTS_MAX=${MONKEY_BURSTS:-150}
echo "# monkey: seed $SEED (replay: MONKEY_SEED=$SEED), up to ${SECONDS_MAX}s and $BURSTS_MAX bursts"
RANDOM=$SEED

SIM_PID=
SOCK=relboard-monkey-$$
tm() { tmux -L "$SOCK" "$@"; }
stop_sim() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null; SIM_PID=; }
trap 'tm kill-server 2>/dev/null || true; stop_sim; cleanup' EXIT

fail()
{
	echo "FAIL: $*"
	echo "# replay: MONKEY_SEED=$SEED"
	if [ -s "$WORK/keys.log" ]; then
		echo "# the last bursts sent (seconds since the start):"
		tail -n 8 "$WORK/keys.log"
	fi
	if [ -s "$WORK/stderr" ]; then
		echo "# relboard's stderr:"
		cat "$WORK/stderr"
	fi
	exit 1
}

# The simulator, with a few faults of each kind.
"$top_builddir/src/relboard-sim" --port 0 --print-config --latency-ms 10 \
    --error-rate 3 --drop-rate 2 --throttle-rate 3 --retry-after 2 \
    >"$WORK/sim.out" 2>&1 &
SIM_PID=$!
for _ in $(seq 50); do
	grep -q '^}' "$WORK/sim.out" && break
	sleep 0.1
done
grep -q '^}' "$WORK/sim.out" || fail "relboard-sim did not start: $(cat "$WORK/sim.out")"
URL=http://$(sed -n '1s/^listening on //p' "$WORK/sim.out")
sed 1d "$WORK/sim.out" | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["journal"] = sys.argv[1]
json.dump(c, open(sys.argv[2], "w"), indent=1)' "$WORK/journal.jsonl" "$WORK/config.json"

# What a write would change: every flag's state in every environment (as
# relboard reads it) and the newest event in the service's log.  Faults
# are injected, so ask until one answer is whole.
state()
{
	local i rc
	for i in $(seq 40); do
		rc=0
		"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/st.json" 2>/dev/null || rc=$?
		if [ "$rc" -le 3 ] && curl -sf "$URL/api/admin/search/events" >"$WORK/ev.json" 2>/dev/null &&
		    python3 - "$WORK/st.json" "$WORK/ev.json" >"$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
src = [s for s in d["sources"] if s["name"] == "flags"][0]
if src["state"] != "ok":
    sys.exit(1)
for f in sorted(d["flags"], key=lambda f: f["name"]):
    for e in f["environments"]:
        print(f["name"], e["name"], e["enabled"], e["rollout"], e["killed"], e["stage"])
ev = json.load(open(sys.argv[2]))["events"]
print("newest event", max([e["id"] for e in ev] or [0]), "of", len(ev))
PY
		then
			return 0
		fi
		sleep 0.1
	done
	fail "could not read the flags' state"
}
state "$WORK/before"
[ "$(grep -c . "$WORK/before")" -gt 4 ] || fail "too few flags: $(cat "$WORK/before")"

# The pane: its terminal modes before relboard, relboard (its pid in a
# file: the subshell execs it), its exit status, the modes after.
cat >"$WORK/pane.sh" <<EOF
stty -a >'$WORK/stty.before'
bash -c 'echo \$\$ >"$WORK/pid"; exec "$RELBOARD" --config "$WORK/config.json" 2>"$WORK/stderr"'
echo "exit=\$?" >'$WORK/exit.tmp'
stty -a >'$WORK/stty.after'
mv '$WORK/exit.tmp' '$WORK/exit'
sleep 60
EOF
tm new-session -d -s rb -x 80 -y 24 "bash '$WORK/pane.sh'"

screen() { tm capture-pane -t rb -p; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for()
{
	local i
	for i in $(seq $((${2:-10} * 10))); do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		[ ! -f "$WORK/exit" ] || fail "relboard stopped ($(cat "$WORK/exit")) waiting for: $1"
		sleep 0.1
	done
	screen
	fail "the screen never showed: $1"
}
alive() { [ ! -f "$WORK/exit" ] || fail "relboard stopped: $(cat "$WORK/exit")"; }

wait_for "flags ok"
PID=$(cat "$WORK/pid")
grep -Eq '^Max core file size +0 +0 ' "/proc/$PID/limits" ||
    fail "core dumps are not off: $(grep core "/proc/$PID/limits")"
echo "ok - relboard runs with a core file size limit of 0"

# The monkey's alphabet.  Printable bytes go by hex (tmux would read ";"
# and key names otherwise); never q or Q.
NAMED=(Up Down Left Right Home End PPage NPage Escape Enter Tab BTab BSpace
    DC IC Space F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 M-a M-j M-2 M-Enter
    C-a C-b C-d C-e C-f C-g C-h C-k C-l C-n C-o C-p C-r C-t C-u C-v C-w C-x
    C-y C-Up C-Left S-Up S-Right M-Up)
SEQS=("1b 5b 41" "1b 5b 31 3b 35 43" "1b 5b 35 7e" "1b 4f 50" "1b 5b 31 35 7e"
    "1b 5b 32 34 7e" "1b 5b 4d 20 21 21" "1b 5b 3c 30 3b 31 30 3b 35 4d"
    "1b 5d 30 3b 78 07" "1b 5b 3f 31 30 34 39 68" "1b 5b" "1b 4f" "1b 1b"
    "1b 5b 39 39 39 39 39 39 39 39 39 7e" "1b 5b 31 3b 39 39 39 39 41"
    "c3 a9" "e2 96 88" "ff" "c3" "e2 82" "f0 9f 98 80" "00" "7f" "0d" "0a"
    "09" "1b 5b 49" "1b 5b 4f")

hex_of() { printf '%02x' "'$1"; }
# A printable byte (0x20-0x7e) other than q and Q, in hex.
rand_print()
{
	local b
	while :; do
		b=$((32 + RANDOM % 95))
		[ "$b" != 113 ] && [ "$b" != 81 ] && break
	done
	printf '%02x' "$b"
}

# burst: one tmux call with N random keys.  Its description goes to keys.log.
burst()
{
	local n=$((1 + RANDOM % 12)) i k args=() desc=() h j len
	for i in $(seq "$n"); do
		k=$((RANDOM % 100))
		if [ "$k" -lt 30 ]; then		# a letter
			h=$(hex_of "$(printf '%s' abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ | cut -c$((1 + RANDOM % 50)))")
			args+=(send-keys -t rb -H "$h" \;); desc+=("x$h")
		elif [ "$k" -lt 40 ]; then		# a digit
			h=$(printf '%02x' $((48 + RANDOM % 10)))
			args+=(send-keys -t rb -H "$h" \;); desc+=("x$h")
		elif [ "$k" -lt 55 ]; then		# punctuation and the like
			h=$(rand_print)
			args+=(send-keys -t rb -H "$h" \;); desc+=("x$h")
		elif [ "$k" -lt 80 ]; then		# a named key
			h=${NAMED[$((RANDOM % ${#NAMED[@]}))]}
			args+=(send-keys -t rb "$h" \;); desc+=("$h")
		elif [ "$k" -lt 92 ]; then		# raw bytes
			h=${SEQS[$((RANDOM % ${#SEQS[@]}))]}
			# shellcheck disable=SC2206
			args+=(send-keys -t rb -H $h \;); desc+=("[$h]")
		else					# a bracketed paste
			len=$((1 + RANDOM % 24))
			h="1b 5b 32 30 30 7e"
			for j in $(seq "$len"); do
				h="$h $(rand_print)"
			done
			h="$h 1b 5b 32 30 31 7e"
			# shellcheck disable=SC2206
			args+=(send-keys -t rb -H $h \;); desc+=("paste[$h]")
		fi
	done
	echo "burst $nb at $(since): ${desc[*]}" >>"$WORK/keys.log"
	tm "${args[@]}"
}

pause() { sleep "0.$((2 + RANDOM % 4))"; }	# 0.2 to 0.5 s
T0=${EPOCHREALTIME/[.,]/}
# Seconds since T0, "12.34".
since()
{
	local d=$(( (${EPOCHREALTIME/[.,]/} - T0) / 10000 ))
	printf '%d.%02d' $((d / 100)) $((d % 100))
}

nb=0
nresize=0
start=$(date +%s)
while [ "$nb" -lt "$BURSTS_MAX" ] && [ $(($(date +%s) - start)) -lt "$SECONDS_MAX" ]; do
	nb=$((nb + 1))
	if [ $((RANDOM % 6)) = 0 ]; then
		w=$((10 + RANDOM % 200))
		h=$((3 + RANDOM % 60))
		echo "burst $nb at $(since): resize ${w}x$h" >>"$WORK/keys.log"
		tm resize-window -t rb -x "$w" -y "$h"
		nresize=$((nresize + 1))
	fi
	burst
	pause
	# No dialog stays open into the next burst.
	tm send-keys -t rb Escape
	sleep 0.15
	alive
	if [ -s "$WORK/journal.jsonl" ]; then
		echo "# journal:"
		cat "$WORK/journal.jsonl"
		fail "relboard journaled an action after burst $nb: a write was confirmed by random keys"
	fi
done
echo "ok - $nb bursts of random keys and $nresize resizes in $(($(date +%s) - start)) s; relboard still runs"

# Still answering keys, at a sane size.
tm resize-window -t rb -x 80 -y 24
tm send-keys -t rb Escape
sleep 0.3
tm send-keys -t rb '?'
wait_for "poll every source now"
tm send-keys -t rb Escape
for _ in $(seq 50); do
	screen | grep -qF "poll every source now" || break
	sleep 0.1
done
screen | grep -qF "poll every source now" && fail "help did not close"
echo "ok - relboard answers keys after the run"

# Nothing written.
if [ -s "$WORK/journal.jsonl" ]; then
	echo "# journal:"
	cat "$WORK/journal.jsonl"
	fail "relboard journaled an action: a write was confirmed by random keys"
fi
state "$WORK/after"
if ! diff -u "$WORK/before" "$WORK/after"; then
	fail "the flags changed under random keys"
fi
echo "ok - nothing was written (flags, event log and journal as before)"

# q quits cleanly, and the terminal is as it was.
tm send-keys -t rb q
for _ in $(seq 100); do
	[ -s "$WORK/exit" ] && break
	sleep 0.1
done
[ -s "$WORK/exit" ] || fail "relboard did not quit on q"
grep -qx "exit=0" "$WORK/exit" || fail "relboard exited with $(cat "$WORK/exit")"
[ ! -s "$WORK/stderr" ] || fail "relboard wrote to stderr"
diff -u "$WORK/stty.before" "$WORK/stty.after" || fail "the terminal modes were not restored"
echo "ok - q quits with status 0 and the terminal modes are restored"
echo "PASS: monkey"
