#!/bin/sh
# tests/bench_watch.sh BUILDDIR - the rollout side's CPU at scale:
# relboard-sim with 10,000 flags, 1,000 rollouts and 500 services, and
# tests/bench_watch reading only its argo-rollouts source - first a list
# per poll (as every poll did before the watch), then one list and the
# watch.  Beside it, how many of the 1,000 Rollouts the sim changes per
# interval (counted on a watch of our own).  A benchmark, never a test.
builddir=${1:-.}
secs=${BENCH_WATCH_SECONDS:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/relboard-bench-watch.XXXXXX")
"$builddir/src/relboard-sim" --port 0 --flags 10000 --rollouts 1000 \
    --services 500 --print-config >"$work/sim.out" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -rf "$work"' EXIT INT TERM
i=0
while ! grep -q '^}' "$work/sim.out" 2>/dev/null && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
url=$(sed 1d "$work/sim.out" | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["sources"] = [s for s in c["sources"] if s["kind"] == "argo-rollouts"]
c.pop("kpis", None)	# they need the metrics source
json.dump(c, open(sys.argv[1], "w"))
s = c["sources"][0]
print("%s/apis/argoproj.io/v1alpha1/namespaces/%s/rollouts" % (s["url"], s["namespace"]))' \
    "$work/config.json")
# The bench lists for a while first; count over its watching time.
(sleep 10
rv=$(curl -s "$url?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])')
curl -sN --max-time "$secs" "$url?watch=1&resourceVersion=$rv" \
    >"$work/events" 2>/dev/null) &
counter=$!
"$builddir/tests/bench_watch" "$work/config.json" "$secs"
wait $counter 2>/dev/null
n=$(grep -c '"type":"MODIFIED"' "$work/events" || true)
python3 -c 'import sys; n, s = int(sys.argv[1]), float(sys.argv[2]); print("  the sim changed %.1f Rollouts per 2 s interval (%.1f%% of 1,000)" % (n * 2 / s, n * 2 / s / 10))' "$n" "$secs"
