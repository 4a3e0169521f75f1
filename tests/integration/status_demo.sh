#!/bin/bash
# tests/integration/status_demo.sh - `relboard status --json --demo` end to
# end against the embedded simulator, the exit codes, a source on a closed
# port, configuration errors (exit 2) and global options after the command.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

rc=0
"$RELBOARD" status --json --demo >"$WORK/demo.json" 2>"$WORK/err.txt" || rc=$?
cat "$WORK/err.txt"
[ "$rc" = 0 ] || { echo "FAIL: demo exit $rc"; exit 1; }
check "$WORK/demo.json" '
set(d) >= {"generated_at", "sources", "rollouts", "flags", "services", "graph"}
len(d["sources"]) >= 3 and all(s["state"] == "ok" for s in d["sources"])
all(s["error"] is None and s["last_ok_age_s"] >= 0 for s in d["sources"])
len(d["rollouts"]) >= 3 and len(d["flags"]) >= 8 and len(d["services"]) >= 3
len(d["graph"]["edges"]) >= 1
d["generated_at"].endswith("Z") and len(d["generated_at"]) == 20
set(d["rollouts"][0]) >= {"source", "namespace", "name", "kind", "strategy", "status", "message", "step", "set_weight", "actual_weight", "replicas", "images"}
{r["status"] for r in d["rollouts"]} <= {"Healthy", "Progressing", "Paused", "Degraded"}
any(r["kind"] == "Deployment" and r["strategy"] == "RollingUpdate" and r["step"] is None and r["set_weight"] is None and r["images"] for r in d["rollouts"])
any(r["kind"] == "Rollout" and r["status"] == "Paused" and r["step"]["count"] > 0 for r in d["rollouts"])
set(d["flags"][0]) >= {"source", "project", "name", "type", "environments", "depends_on"}
set(d["flags"][0]["environments"][0]) >= {"name", "enabled", "stage", "rollout", "killed"}
{e["name"] for f in d["flags"] for e in f["environments"]} == {"development", "production"}
set(d["services"][0]) >= {"source", "service", "version", "request_rate", "error_ratio", "latency_p99_s", "health"}
{s["health"] for s in d["services"]} <= {"ok", "warn", "crit", "unknown"}
any(f["depends_on"] for f in d["flags"])
set(d["graph"]["edges"][0]) == {"from", "to", "kind", "origin", "request_rate", "error_ratio", "health"}
any(e["origin"] == "both" and e["from"] == "service:payments" and e["to"] == "service:checkout" and e["request_rate"] > 0 and e["error_ratio"] >= 0 for e in d["graph"]["edges"])
any(e["origin"] == "traffic" and e["from"] == "service:checkout" and e["to"] == "service:frontend" for e in d["graph"]["edges"])
any(e["origin"] == "config" and e["from"] == "service:ledger" and e["request_rate"] == 0 for e in d["graph"]["edges"])
'

# Global options after the command are the same as before it.
rc=0
"$RELBOARD" --demo status --json >"$WORK/demo2.json" || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: --demo before the command: exit $rc"; exit 1; }
echo "ok - global options before or after the command"

# One source on a closed port: JSON still printed, that source is an error, exit 3.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cat >"$WORK/closed.json" <<JSON
{"sources": [{"name": "flags", "kind": "unleash", "url": "http://127.0.0.1:$port",
              "interval_s": 1, "timeout_s": 3}]}
JSON
rc=0
"$RELBOARD" status --json --config "$WORK/closed.json" >"$WORK/closed.out" || rc=$?
[ "$rc" = 3 ] || { echo "FAIL: closed port: exit $rc, want 3"; exit 1; }
check "$WORK/closed.out" '
d["sources"][0]["state"] == "error"
"refused" in d["sources"][0]["error"] and "\n" not in d["sources"][0]["error"]
d["sources"][0]["last_ok_age_s"] is None
d["flags"] == []
'

# Configuration errors name the file and key and exit 2.
expect_usage()
{
	local want=$1 rc=0
	shift
	"$RELBOARD" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || rc=$?
	if [ "$rc" != 2 ] || ! grep -qF -- "$want" "$WORK/err.txt"; then
		echo "FAIL: relboard $*: exit $rc, stderr: $(cat "$WORK/err.txt")"
		exit 1
	fi
	echo "ok - relboard $* -> 2: $(head -n 1 "$WORK/err.txt")"
}
echo '{"sources": [{"name": "a", "kind": "unleash", "url": "http://x", "intervall_s": 5}]}' >"$WORK/typo.json"
expect_usage "sources[0].intervall_s" status --json --config "$WORK/typo.json"
echo '{"sources": [' >"$WORK/broken.json"
expect_usage "broken.json:2" status --json --config "$WORK/broken.json"
expect_usage "cannot read configuration" status --json --config "$WORK/none.json"
expect_usage "unknown option --jsn" status --jsn
expect_usage "unknown command" stauts --json
expect_usage "--at" status --json --demo --at yesterday
"$RELBOARD" --version | grep -q '^relboard [0-9]' && echo "ok - --version"
"$RELBOARD" --help | grep -q 'status --json' && echo "ok - --help"
echo "PASS: status_demo"
