#!/bin/bash
# tests/integration/clusters_sim.sh - several clusters: two relboard-sim
# instances as two argo-rollouts sources ("eu", "us") watching the same
# namespace with the same rollout names (us has two more).  status --json
# keeps them apart (rollouts[].source, graph ids rollout:SOURCE/NS/NAME),
# an ambiguous services[].rollouts entry is a configuration error naming
# both sources, relboard check reports both, and the Rollouts pane labels
# rows by cluster (tmux, when installed).
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

S=relboard-clusters-$$
PIDS=()
stop_sims() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap 'stop_sims; tmux -L "$S" kill-server 2>/dev/null; cleanup' EXIT

# start_sim NAME ARGS...: a relboard-sim; its URL in $WORK/NAME.url.
start_sim()
{
	local name=$1
	shift
	"$top_builddir/src/relboard-sim" --port 0 --print-config "$@" >"$WORK/$name.out" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 100); do
		grep -q '^}' "$WORK/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	sed 1d "$WORK/$name.out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["sources"][0]["url"])' >"$WORK/$name.url"
}
start_sim eu
start_sim us --rollouts 2
EU=$(cat "$WORK/eu.url")
US=$(cat "$WORK/us.url")

# config SERVICES-JSON: two clusters and one metrics source.
config()
{
	cat <<JSON
{
  "sources": [
    {"name": "eu", "kind": "argo-rollouts", "url": "$EU", "namespace": "shop", "deployments": true},
    {"name": "us", "kind": "argo-rollouts", "url": "$US", "namespace": "shop", "deployments": true},
    {"name": "metrics", "kind": "prometheus", "url": "$EU"}
  ],
  "services": $1
}
JSON
}

config '[{"name": "checkout", "rollouts": ["eu/shop/checkout", "us/shop/checkout"]},
  {"name": "apps", "rollouts": ["us/shop/app-00000"]}]' >"$WORK/config.json"
rc=0
"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/out.json" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: status exit $rc"; cat "$WORK/err"; exit 1; }
check "$WORK/out.json" '
source("eu")["state"] == "ok" and source("us")["state"] == "ok"
{r["source"] for r in d["rollouts"]} == {"eu", "us"}
len({(r["source"], r["namespace"], r["name"], r["kind"]) for r in d["rollouts"]}) == len(d["rollouts"])
{r["name"] for r in d["rollouts"] if r["source"] == "us"} - {r["name"] for r in d["rollouts"] if r["source"] == "eu"} == {"app-00000", "app-00001"}
{r["name"] for r in d["rollouts"] if r["source"] == "eu"} <= {r["name"] for r in d["rollouts"] if r["source"] == "us"}
len([r for r in d["rollouts"] if r["name"] == "checkout" and r["namespace"] == "shop"]) == 2
("service:checkout", "rollout:eu/shop/checkout", "owns") in [(e["from"], e["to"], e["kind"]) for e in d["graph"]["edges"]]
("service:checkout", "rollout:us/shop/checkout", "owns") in [(e["from"], e["to"], e["kind"]) for e in d["graph"]["edges"]]
("service:apps", "rollout:us/shop/app-00000", "owns") in [(e["from"], e["to"], e["kind"]) for e in d["graph"]["edges"]]
not any(e["to"] == "rollout:shop/checkout" for e in d["graph"]["edges"])
'

# NAMESPACE/NAME that both clusters could mean: a configuration error.
config '[{"name": "checkout", "rollouts": ["shop/checkout"]}]' >"$WORK/ambiguous.json"
rc=0
"$RELBOARD" status --json --config "$WORK/ambiguous.json" >/dev/null 2>"$WORK/err" || rc=$?
[ "$rc" = 2 ] || { echo "FAIL: ambiguous: exit $rc, want 2"; exit 1; }
grep -qF 'services[0].rollouts[0]: "shop/checkout" is ambiguous: sources eu and us both watch namespace shop' "$WORK/err" ||
    { echo "FAIL: ambiguous: $(cat "$WORK/err")"; exit 1; }
echo "ok - an ambiguous NAMESPACE/NAME is a configuration error naming both sources"

# relboard check: both clusters, each with its endpoint and version.
rc=0
"$RELBOARD" check --config "$WORK/config.json" >"$WORK/check" 2>&1 || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: check exit $rc"; cat "$WORK/check"; exit 1; }
grep -qxF "  endpoint: $EU" "$WORK/check" && grep -qxF "  endpoint: $US" "$WORK/check" &&
    grep -qxF "source us (argo-rollouts)" "$WORK/check" &&
    [ "$(grep -cxF "  version:  v1.29.4" "$WORK/check")" = 2 ] ||
    { echo "FAIL: check"; cat "$WORK/check"; exit 1; }
echo "ok - relboard check reports both clusters"

# The Rollouts pane names the cluster on each row.
if command -v tmux >/dev/null 2>&1; then
	tmux -L "$S" new-session -d -s rb -x 120 -y 40 \
	    "LC_ALL=C.UTF-8 XDG_STATE_HOME='$WORK/state' '$RELBOARD' --config '$WORK/config.json'; sleep 30"
	ok=
	for _ in $(seq 100); do
		screen=$(tmux -L "$S" capture-pane -t rb -p)
		if grep -q "CLUSTER" <<<"$screen" &&
		    grep -qE "^.{0,20}(eu) +.*checkout" <<<"$screen" &&
		    grep -qE "^.{0,20}(us) +.*app-00000" <<<"$screen" &&
		    grep -qE "^.{0,20}(us) +.*checkout" <<<"$screen"; then
			ok=1
			break
		fi
		sleep 0.1
	done
	[ -n "$ok" ] || { echo "FAIL: no cluster on the rows"; echo "$screen"; exit 1; }
	tmux -L "$S" send-keys -t rb q
	echo "ok - the Rollouts pane labels rows by cluster"
fi
echo "PASS: clusters_sim"
