#!/bin/bash
# tests/integration/notify_tui.sh - announcements of the dashboard's flag
# actions against relboard-sim in tmux: a local receiver gets the
# announcement of a stage move made with + and y; with a webhook on a
# closed port the move is still done and verified, the failure shows on the
# message line (naming the webhook by where its URL comes from) and is
# journaled; the URL is never on the screen nor in the journal.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-notify-$$
. "${srcdir:-.}/tests/integration/tmux.sh"

python3 "$srcdir/tests/webhook_receiver.py" ok "$WORK/ok.addr" "$WORK/ok.posts" &
RECEIVER=$!
stop_all()
{
	local rc=$?
	kill "$RECEIVER" 2>/dev/null || true
	wait "$RECEIVER" 2>/dev/null || true
	stop_sim || true
	tmux -L "$S" kill-server 2>/dev/null || true
	cleanup
	exit "$rc"
}
trap stop_all EXIT
for _ in $(seq 100); do
	[ -s "$WORK/ok.addr" ] && break
	sleep 0.1
done
(umask 077
 echo "http://$(cat "$WORK/ok.addr")/hooks/tui-secret-$$" >"$WORK/ok.url"
 echo "http://127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')/dead-secret-$$" >"$WORK/dead.url")

start_sim
# with_hook URLFILE: the sim's config with one webhook for flag actions.
with_hook()
{
	python3 - "$WORK/config.json" "$1" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["notify"] = [{"url_file": sys.argv[2], "events": ["flag"], "timeout_s": 2}]
json.dump(c, open(sys.argv[1], "w"))
PY
}

# raise_new_checkout: start the dashboard, move new-checkout up a stage.
raise_new_checkout()
{
	start "LC_ALL=C.UTF-8 '$RELBOARD' --config '$WORK/config.json'" 100 30
	wait_for "flags ok"
	keys 2
	wait_for "new-checkout"
	select_row new-checkout
	keys +
	wait_for "Press y to apply"
	keys y
}

with_hook "$WORK/ok.url"
raise_new_checkout
wait_for "done: new-checkout in production: canary (5%) -> early (20%), verified"
# Quitting at once still lets the announcement go.
keys q
wait_exit
python3 - "$WORK/ok.posts" <<'PY'
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1])]
assert len(posts) == 1, posts
b = posts[0]["body"]
for k, v in {"event": "flag", "flag": "new-checkout", "environment": "production",
             "action": "stage", "before": "canary (5%)", "after": "early (20%)",
             "result": "done", "source": "flags"}.items():
    assert b[k] == v, (k, b[k], v)
assert "moved new-checkout in production: canary (5%) -> early (20%) (verified)" in b["text"], b["text"]
print("ok - the dashboard's stage move was announced: " + b["text"])
PY

# A webhook on a closed port: the move is done; the failure is said.
with_hook "$WORK/dead.url"
raise_new_checkout
# (a long message takes two lines, cut anywhere: the rest is in the journal)
wait_for "! announcement failed (journaled): notify[0] (url_file $WORK/"
grep -q '"result":"done"' "$WORK/journal.jsonl" || fail "the action is not journaled done"
python3 - "$WORK/journal.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
acts = [r for r in rows if "kind" not in r]
assert [r["result"] for r in acts] == ["done", "done"], acts
assert acts[1]["before"] == "early (20%)" and acts[1]["after"] == "half (50%)", acts[1]
notes = [r for r in rows if r.get("kind") == "notify"]
assert len(notes) == 1 and notes[0]["result"] == "failed", notes
assert notes[0]["error"] == "not delivered: connection refused", notes
print("ok - the move is done and journaled; the announcement's failure too")
PY
if screen | grep -qF -e "secret-$$" || grep -qF -e "secret-$$" "$WORK/journal.jsonl"; then
	fail "a webhook URL is on the screen or in the journal"
fi
keys J
wait_for "Journal: 2 recent actions on new-checkout"
wait_for "announce stage new-checkout in production"
keys Escape
wait_gone "Journal: 2 recent"
keys q
wait_exit
grep -q "exit=0" "$WORK/exit" || fail "exit: $(cat "$WORK/exit")"
echo "ok - the failure shows on the message line and in the journal view; no URL anywhere"
echo "PASS: notify_tui"
