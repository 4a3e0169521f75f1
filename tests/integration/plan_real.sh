#!/bin/bash
# tests/integration/plan_real.sh - `relboard plan` against a real Unleash
# 7.5.1 (and, for the services gate, a real Prometheus 2.42 backfilled so
# that checkout v2 is crit now, as guard_real.sh does).  plan check names
# every error of bad plans; a plan with holds of seconds goes from off to
# canary, early and ga, each step journaled and held; killed (SIGKILL)
# mid-hold it resumes without redoing its step; a change made through the
# Admin API during a hold stops it with exit 4; a failing gate holds it
# (nothing written) and on_crit kill kills the flag.  Every wait polls the
# journal, the output or the service, with a deadline.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

FIX=$srcdir/tests/fixtures/prometheus
python3 "$FIX/gen-release.py" --end now+600 >"$WORK/recent.om"
start_service unleash "$WORK/unleash"
start_service prometheus "$WORK/prom" "$WORK/recent.om"

P=/api/admin/projects/default/features
for f in plan-a plan-r plan-x plan-g plan-k; do
	unleash_api POST "$P" "{\"name\":\"$f\",\"type\":\"release\"}" >/dev/null
done

export XDG_STATE_HOME=$WORK/state
export XDG_CONFIG_HOME=$WORK/xdg
JOURNAL=$XDG_STATE_HOME/relboard/journal.jsonl
# config FILE [PROM_URL]: the flags; with metrics, checkout owns plan-g and plan-k.
config()
{
	local metrics=""
	[ $# -gt 1 ] && metrics=",{\"name\": \"metrics\", \"kind\": \"prometheus\", \"url\": \"$2\", \"interval_s\": 1}"
	cat >"$1" <<JSON
{"sources": [{"name": "flags", "kind": "unleash", "url": "$UNLEASH_URL",
              "token_file": "$UNLEASH_TOKEN_FILE", "interval_s": 1,
              "environments": ["development", "production"]}$metrics],
 "services": [{"name": "checkout", "flags": ["plan-g", "plan-k"]}]}
JSON
}
config "$WORK/config.json"
config "$WORK/gate.json" "$PROM_URL"

# plan FILE NAME FLAG STEPS [EXTRA]: write a plan file.
plan()
{
	printf '{"name": "%s", "source": "flags", "flag": "%s", "environment": "production", "steps": %s%s}\n' \
	    "$2" "$3" "$4" "${5:-}" >"$WORK/$1"
}

# rb WANT_EXIT ARGS...: run relboard plan ARGS, expect the exit status.
rb()
{
	local want=$1 rc=0
	shift
	"$RELBOARD" plan "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: relboard plan $*: exit $rc, want $want"
		cat "$WORK/out" "$WORK/err"
		exit 1
	fi
	echo "ok - plan $* -> $rc"
}

# server FLAG ENABLED ROLLOUT: the flag in production, via the Admin API.
server()
{
	unleash_flag_is "$1" production "$2" "$3"
	echo "ok - server: $1 enabled=$2 rollout=$3"
}

# marks NAME: the journal's done entries of plan NAME, "K/N EPOCH" a line.
marks()
{
	python3 - "$JOURNAL" "$1" <<'PY'
import json, sys, datetime
for line in open(sys.argv[1]) if __import__("os").path.exists(sys.argv[1]) else []:
    e = json.loads(line)
    r = e.get("reason") or ""
    if e["action"] == "stage" and e["result"] == "done" and r.startswith("plan %s step " % sys.argv[2]):
        t = datetime.datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%SZ")
        print(r.split()[-1], int(t.replace(tzinfo=datetime.timezone.utc).timestamp()))
PY
}

# wait_until SECONDS COMMAND...: poll until COMMAND succeeds.
wait_until()
{
	local i n=$(($1 * 10))
	shift
	for i in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	echo "FAIL: never true within the deadline: $*"
	exit 1
}
has_mark() { marks "$1" | grep -q "^$2 "; }
said() { grep -q -- "$2" "$1"; }
gone() { ! kill -0 "$1" 2>/dev/null; }

# --- plan check: every error of a bad plan, exit 2 -----------------------
plan bad.json "bad name" no-such-flag '[{"stage": "early", "hold_s": -5}, {"stage": "canary", "not_before": "2026-13-01T00:00:00Z"}, {"stage": "warp"}]' \
    ', "gates": {"services": "ok", "moon": "ok"}, "on_crit": "explode", "colour": 1'
rb 2 check "$WORK/bad.json" --config "$WORK/config.json"
for want in 'unknown key "colour"' '"name" must be 1 to 64' \
    'step 1: "hold_s" must be a number' 'step 2: "not_before"' \
    'unknown gate "moon"' '"on_crit" must be "hold" or "kill"' \
    'step 2: canary (5%) is not above early (20%)' \
    'step 3: unknown stage "warp"' 'unknown flag "no-such-flag" in source flags' \
    '9 errors'; do
	grep -qF -- "$want" "$WORK/err" || { echo "FAIL: plan check lacks: $want"; cat "$WORK/err"; exit 1; }
done
echo "ok - plan check lists every error"
plan env.json e plan-a '[{"stage": "ga"}]'
sed -i 's/"production"/"staging"/' "$WORK/env.json"
rb 2 check "$WORK/env.json" --config "$WORK/config.json"
grep -qF 'unknown environment "staging" for flag plan-a' "$WORK/err"
printf '{"name": "s", "source": "metrics", "flag": "plan-a", "environment": "production", "steps": [{"stage": "ga"}]}' >"$WORK/src.json"
rb 2 check "$WORK/src.json" --config "$WORK/config.json"
grep -qF 'unknown source "metrics"' "$WORK/err"
echo '{"name": "x",' >"$WORK/json.json"
rb 2 check "$WORK/json.json" --config "$WORK/config.json"
grep -qF 'not JSON' "$WORK/err"
rb 2 check "$WORK/none.json" --config "$WORK/config.json"
grep -qF 'none.json: No such file' "$WORK/err"
rb 2 check "$WORK/bad.json" --config "$WORK/config.json" --dry-run
grep -qF -- '--dry-run is an option of "relboard plan run"' "$WORK/err"
[ ! -e "$JOURNAL" ] || { echo "FAIL: plan check wrote the journal"; exit 1; }

# --- off -> canary -> early -> ga, each step held -------------------------
plan a.json rel-a plan-a '[{"stage": "canary", "hold_s": 2}, {"stage": "early", "hold_s": 2}, {"stage": "ga"}]' \
    ', "gates": {"services": "ok", "kpis": "ok"}'
rb 0 check "$WORK/a.json" --config "$WORK/config.json"
rb 0 run "$WORK/a.json" --dry-run --config "$WORK/config.json"
grep -q "^step 1/3: canary (5%) at .* at the earliest, hold 2s" "$WORK/out"
grep -q "^step 3/3: ga (100%)" "$WORK/out"
server plan-a false none
rb 0 run "$WORK/a.json" --config "$WORK/config.json"
server plan-a true 100
grep -q "plan rel-a: done: plan-a in production is at ga (step 3/3)" "$WORK/out"
marks rel-a >"$WORK/marks"
python3 - "$WORK/marks" <<'PY'
import sys
m = [l.split() for l in open(sys.argv[1])]
assert [k for k, _ in m] == ["1/3", "2/3", "3/3"], m
t = [int(x) for _, x in m]
# Held: each step at least hold_s after the one before (whole seconds).
assert t[1] - t[0] >= 2 and t[2] - t[1] >= 2, t
print("ok - journal: steps 1/3, 2/3, 3/3, each held 2 s")
PY
grep -q '"before":"off","after":"canary (5%)"' "$JOURNAL"
# Run again: already done, nothing written.
lines=$(wc -l <"$JOURNAL")
rb 0 run "$WORK/a.json" --config "$WORK/config.json"
[ "$(wc -l <"$JOURNAL")" = "$lines" ] || { echo "FAIL: a done plan wrote again"; exit 1; }

# --- SIGKILL mid-hold, then resume: step 1 is not redone -------------------
plan r.json rel-r plan-r '[{"stage": "canary", "hold_s": 4}, {"stage": "early", "hold_s": 1}, {"stage": "ga"}]'
"$RELBOARD" plan run "$WORK/r.json" --config "$WORK/config.json" >"$WORK/r1.out" 2>&1 &
pid=$!
wait_until 20 has_mark rel-r 1/3
wait_until 10 said "$WORK/r1.out" "holding canary until"
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
server plan-r true 5
rb 0 run "$WORK/r.json" --config "$WORK/config.json"
server plan-r true 100
marks rel-r >"$WORK/marks"
python3 - "$WORK/marks" <<'PY'
import sys
m = [l.split() for l in open(sys.argv[1])]
assert [k for k, _ in m] == ["1/3", "2/3", "3/3"], m
t = [int(x) for _, x in m]
assert t[1] - t[0] >= 4, t
print("ok - resumed after SIGKILL: step 1/3 once, the hold kept from the journal")
PY

# --- someone else changes the flag during a hold: exit 4 -------------------
plan x.json rel-x plan-x '[{"stage": "canary", "hold_s": 600}, {"stage": "ga"}]'
"$RELBOARD" plan run "$WORK/x.json" --config "$WORK/config.json" >"$WORK/x.out" 2>"$WORK/x.err" &
pid=$!
wait_until 20 has_mark rel-x 1/2
unleash_api POST "$P/plan-x/environments/production/off" >/dev/null
wait_until 20 gone "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" = 4 ] || { echo "FAIL: conflict: exit $rc, want 4"; cat "$WORK/x.out" "$WORK/x.err"; exit 1; }
grep -q "plan rel-x stopped: plan-x in production is killed (kept at canary, 5%), but plan rel-x left it at canary (step 1/2): it was changed by someone else" "$WORK/x.err"
server plan-x false 5
echo "ok - a change through the Admin API stops the plan with exit 4"
# Run again: it still refuses, nothing written.
rb 4 run "$WORK/x.json" --config "$WORK/config.json"
server plan-x false 5

# --- a failing gate holds it; SIGTERM ends it cleanly ----------------------
"$RELBOARD" status --json --config "$WORK/gate.json" >"$WORK/status.json" || true
check "$WORK/status.json" 'svc("checkout", "v2")["health"] == "crit"'
plan g.json rel-g plan-g '[{"stage": "canary"}, {"stage": "ga"}]' ', "gates": {"services": "ok"}'
"$RELBOARD" plan run "$WORK/g.json" --config "$WORK/gate.json" >"$WORK/g.out" 2>"$WORK/g.err" &
pid=$!
wait_until 20 said "$WORK/g.out" "step 0/2: waiting: gate services fails: service checkout v2 is crit"
grep -q "looking again at 20" "$WORK/g.out"
server plan-g false none
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" = 143 ] || { echo "FAIL: SIGTERM: exit $rc, want 143"; exit 1; }
grep -q "plan rel-g interrupted; run it again to resume" "$WORK/g.err"
server plan-g false none
! has_mark rel-g 1/2 || { echo "FAIL: a failing gate let a step through"; exit 1; }
echo "ok - a failing gate holds the plan, nothing written"

# --- no gate, but the health guard refuses: journaled once, tried later ---
plan gg.json rel-gg plan-g '[{"stage": "canary"}]'
"$RELBOARD" plan run "$WORK/gg.json" --config "$WORK/gate.json" >"$WORK/gg.out" 2>&1 &
pid=$!
wait_until 20 said "$WORK/gg.out" "waiting: stage plan-g in production refused: service checkout v2 is crit.*; trying again at 20"
server plan-g false none
kill -TERM "$pid"
wait "$pid" || true
n=$(grep -c '"reason":"plan rel-gg step 1/1","forced":false,"overridden":null,"result":"refused"' "$JOURNAL")
[ "$n" = 1 ] || { echo "FAIL: $n refusals journaled, want 1"; exit 1; }
echo "ok - a guard's refusal holds the plan, journaled once"

# --- on_crit kill: at step 1 with the gate crit, the flag is killed -------
plan k.json rel-k plan-k '[{"stage": "canary", "hold_s": 600}, {"stage": "ga"}]' ', "gates": {"services": "ok"}'
"$RELBOARD" plan run "$WORK/k.json" --config "$WORK/config.json" >"$WORK/k1.out" 2>&1 &
pid=$!
wait_until 20 has_mark rel-k 1/2
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" = 130 ] || { echo "FAIL: SIGINT: exit $rc, want 130"; exit 1; }
server plan-k true 5
plan k.json rel-k plan-k '[{"stage": "canary", "hold_s": 600}, {"stage": "ga"}]' ', "gates": {"services": "ok"}, "on_crit": "kill"'
rb 4 run "$WORK/k.json" --config "$WORK/gate.json"
grep -q "gate services is crit: service checkout v2 is crit" "$WORK/out"
grep -q "plan rel-k stopped: the flag was killed" "$WORK/err"
server plan-k false 5
tail -n 1 "$JOURNAL" >"$WORK/last.json"
check "$WORK/last.json" '
d["action"] == "kill" and d["result"] == "done" and d["flag"] == "plan-k"
d["reason"].startswith("plan rel-k: at step 1/2 gate services is crit")
'

# --- status --json: the plans of the plans folder -------------------------
mkdir -p "$XDG_CONFIG_HOME/relboard/plans"
cp "$WORK/r.json" "$XDG_CONFIG_HOME/relboard/plans/r.json"
plan h.json rel-h plan-g '[{"stage": "canary", "hold_s": 600}, {"stage": "ga"}]'
cp "$WORK/h.json" "$XDG_CONFIG_HOME/relboard/plans/h.json"
cp "$WORK/x.json" "$XDG_CONFIG_HOME/relboard/plans/x.json"
"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/status.json"
check "$WORK/status.json" '
[p["name"] for p in d["plans"]] == ["rel-h", "rel-r", "rel-x"]
d["plans"][0]["step"] == 0 and d["plans"][0]["next_stage"] == "canary" and d["plans"][0]["blocked_by"] is None
d["plans"][1] == {"name": "rel-r", "file": d["plans"][1]["file"], "flag": "plan-r", "environment": "production", "steps": 3, "step": 3, "next_stage": None, "next_at": None, "blocked_by": None, "reason": None}
d["plans"][2]["step"] is None and d["plans"][2]["blocked_by"] == "conflict"
"changed by someone else" in d["plans"][2]["reason"]
'
echo "PASS: plan_real"
