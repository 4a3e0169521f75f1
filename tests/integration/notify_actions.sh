#!/bin/bash
# tests/integration/notify_actions.sh TARGET - announcements of `relboard
# flag` to webhooks (config "notify"), against TARGET=real (Unleash 7.5.1)
# or TARGET=sim (relboard-sim): a local receiver gets the announcement with
# its fields; a receiver that never answers and a closed port leave the
# action done (exit 0) with the failure on stderr and in the journal; no
# webhook URL appears in any output or in the journal; bad notify config is
# refused naming the key.
set -euo pipefail
TARGET=${1:?usage: notify_actions.sh real|sim}
. "${srcdir:-.}/tests/integration/lib.sh"
# shellcheck source=tests/integration/flag_target.sh
. "${srcdir:-.}/tests/integration/flag_target.sh"
start_flag_target "$TARGET"

RECEIVER=$srcdir/tests/webhook_receiver.py
PIDS=()
stop_all()
{
	local rc=$? p
	for p in "${PIDS[@]}" ${SIM_PID:-}; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	cleanup
	exit "$rc"
}
trap stop_all EXIT

# receiver NAME MODE: start one; its address in $WORK/NAME.addr.
receiver()
{
	python3 "$RECEIVER" "$2" "$WORK/$1.addr" "$WORK/$1.posts" &
	PIDS+=($!)
	for _ in $(seq 100); do
		[ -s "$WORK/$1.addr" ] && return 0
		sleep 0.1
	done
	echo "FAIL: receiver $1 did not start"; exit 1
}
receiver ok ok
receiver hang hang
receiver other ok
OK_URL="http://$(cat "$WORK/ok.addr")/services/T000/B000/ok-secret-$$"
HANG_URL="http://$(cat "$WORK/hang.addr")/hooks/hang-secret-$$"
OTHER_URL="http://$(cat "$WORK/other.addr")/hooks/rollouts-secret-$$"
# A closed port: bound once to find it, then released.
CLOSED_URL="http://127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')/closed-secret-$$"
HANG_FILE=$WORK/hang.url
(umask 077 && echo "$HANG_URL" >"$HANG_FILE")
export RB_TEST_HOOK_OK=$OK_URL

export XDG_STATE_HOME=$WORK/state
JOURNAL=$XDG_STATE_HOME/relboard/journal.jsonl
SRC="{\"name\": \"flags\", \"kind\": \"unleash\", \"url\": \"$UNLEASH_URL\",
      \"token_file\": \"$UNLEASH_TOKEN_FILE\",
      \"environments\": [\"development\", \"production\"]}"
# config NAME NOTIFY-JSON
config()
{
	printf '{"sources": [%s], "notify": %s}\n' "$SRC" "$2" >"$WORK/$1.json"
}
config good '[{"url_env": "RB_TEST_HOOK_OK", "events": ["flag", "plan"]},
              {"url": "'"$OTHER_URL"'", "events": ["rollout"]}]'
config dead '[{"url_file": "'"$HANG_FILE"'", "timeout_s": 1},
              {"url": "'"$CLOSED_URL"'", "events": ["flag"]}]'

# rb WANT CONFIG ARGS...: relboard flag ARGS with CONFIG, expect the exit.
rb()
{
	local want=$1 cfg=$2 rc=0
	shift 2
	"$RELBOARD" flag "$@" --config "$WORK/$cfg.json" >"$WORK/out" 2>"$WORK/err" || rc=$?
	cat "$WORK/out" "$WORK/err" >>"$WORK/all-output"
	if [ "$rc" != "$want" ]; then
		echo "FAIL: relboard flag $* ($cfg): exit $rc, want $want"
		cat "$WORK/out" "$WORK/err"
		exit 1
	fi
	echo "ok - flag $* ($cfg) -> $rc: $(head -n 1 "$WORK/out" "$WORK/err" | grep -v '^==' | head -n 2 | tr '\n' ' ')"
}

# A done action over SSH: the receiver gets one announcement; the webhook
# for rollouts only gets nothing.
SSH_CONNECTION="10.0.0.5 52311 10.0.0.1 22" rb 0 good stage new-checkout early \
    --env production --expect canary --reason "step up"
[ ! -s "$WORK/err" ] || { echo "FAIL: stderr not empty:"; cat "$WORK/err"; exit 1; }
python3 - "$WORK/ok.posts" "$(id -un)" "$(hostname)" <<'PY'
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1])]
assert len(posts) == 1, posts
p = posts[0]
assert p["path"].startswith("/services/T000/B000/ok-secret-"), p["path"]
assert p["content_type"] == "application/json", p
b = p["body"]
want = {"event": "flag", "user": sys.argv[2], "host": sys.argv[3],
        "ssh_origin": "10.0.0.5", "source": "flags", "flag": "new-checkout",
        "action": "stage", "environment": "production",
        "before": "canary (5%)", "after": "early (20%)", "reason": "step up",
        "result": "done"}
for k, v in want.items():
    assert b.get(k) == v, (k, b.get(k), v)
text = "%s@%s (from 10.0.0.5) moved new-checkout in production: canary (5%%) -> early (20%%) (verified) \u2014 reason: step up" % (sys.argv[2], sys.argv[3])
assert b["text"] == text, (b["text"], text)
print("ok - the receiver got: " + b["text"])
PY
[ ! -s "$WORK/other.posts" ] || { echo "FAIL: the rollout-only webhook got a flag announcement"; exit 1; }
echo "ok - the webhook for rollouts only got nothing"

# A refused action is announced too, saying why.
rb 4 good stage new-checkout half --env production --expect canary
python3 - "$WORK/ok.posts" <<'PY'
import json, sys
b = [json.loads(l) for l in open(sys.argv[1])][-1]["body"]
assert b["result"] == "refused" and "tried to stage new-checkout in production: at early (20%) (refused: new-checkout in production changed" in b["text"], b
assert b["before"] == "early (20%)", b
print("ok - refused, announced: " + b["text"])
PY

# Dead receivers: one never answers (timeout 1 s), one port is closed.  The
# action is done, exit 0; each failure is on stderr and journaled.
rb 0 dead stage new-checkout half --env production --reason "dead hooks"
grep -q "half (50%), verified" "$WORK/out"
grep -q "announcement failed (journaled)" "$WORK/err"
grep -q "notify\[0\] (url_file $HANG_FILE): not delivered: timed out" "$WORK/err"
grep -q "notify\[1\] (url): not delivered: connection refused" "$WORK/err"
[ "$(wc -l <"$WORK/hang.posts")" = 1 ] || { echo "FAIL: the hanging receiver got no POST"; exit 1; }
unleash_api GET "/api/admin/projects/default/features/new-checkout" >"$WORK/flag.json"
python3 - "$WORK/flag.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
env = [e for e in d["environments"] if e["name"] == "production"][0]
roll = [s["parameters"]["rollout"] for s in env["strategies"] if s["name"] == "flexibleRollout"]
assert env["enabled"] and roll == ["50"], (env["enabled"], roll)
print("ok - the service holds half (50%)")
PY
python3 - "$JOURNAL" "$HANG_FILE" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
notes = [r for r in rows if r.get("kind") == "notify"]
assert len(notes) == 2, notes
hooks = sorted(r["webhook"] for r in notes)
assert hooks == ["notify[0] (url_file %s)" % sys.argv[2], "notify[1] (url)"], hooks
for r in notes:
    assert r["result"] == "failed" and r["event"] == "flag", r
    assert r["flag"] == "new-checkout" and r["environment"] == "production", r
    assert r["action"] == "stage" and r["error"].startswith("not delivered: "), r
act = [r for r in rows if "kind" not in r and r["reason"] == "dead hooks"]
assert len(act) == 1 and act[0]["result"] == "done", act
print("ok - journal: the action done, two notify failures")
PY

# A dry run announces nothing.
n=$(wc -l <"$WORK/ok.posts")
rb 0 good kill new-checkout --env production --reason "just looking" --dry-run
[ "$(wc -l <"$WORK/ok.posts")" = "$n" ] || { echo "FAIL: a dry run was announced"; exit 1; }
echo "ok - a dry run is not announced"

# Bad notify config: refused (2), naming the key, never the URL.
config twice '[{"url": "'"$OK_URL"'", "url_env": "RB_TEST_HOOK_OK"}]'
rb 2 twice stage new-checkout half --env production
grep -q "notify\[0\]: give exactly one of url, url_env and url_file" "$WORK/err"
config unset '[{"url_env": "RB_TEST_NO_SUCH_VAR"}]'
rb 2 unset stage new-checkout half --env production
grep -q "notify\[0\].url_env: environment variable RB_TEST_NO_SUCH_VAR is not set" "$WORK/err"
chmod 644 "$HANG_FILE"
rb 2 dead stage new-checkout half --env production
grep -q "notify\[0\].url_file: $HANG_FILE is readable by others (mode 644)" "$WORK/err"
chmod 600 "$HANG_FILE"
config kind '[{"url": "'"$OK_URL"'", "events": ["deploy"]}]'
rb 2 kind stage new-checkout half --env production
grep -q "notify\[0\].events\[0\]: unknown event kind (known: flag, rollout, plan)" "$WORK/err"
config scheme '[{"url": "ftp://example.com/x-secret-'$$'"}]'
rb 2 scheme stage new-checkout half --env production
grep -q "notify\[0\]: the webhook URL must start with http:// or https://" "$WORK/err"

# No URL anywhere: outputs and journal.
for u in "$OK_URL" "$HANG_URL" "$OTHER_URL" "$CLOSED_URL" "x-secret-$$" "secret-$$"; do
	if grep -qF -e "$u" "$WORK/all-output" "$JOURNAL"; then
		echo "FAIL: a webhook URL ($u) appears in the output or journal"
		exit 1
	fi
done
echo "ok - no webhook URL in any output or in the journal"
echo "PASS: notify_actions $TARGET"
