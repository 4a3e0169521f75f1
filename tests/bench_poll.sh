#!/bin/sh
# tests/bench_poll.sh BUILDDIR - one full poll at scale: relboard-sim with
# 5,000 extra flags, 1,000 rollouts and 500 services on loopback, then
# `relboard status --json` against it, 11 times; prints the median.
# A benchmark, not a test: nothing fails on time.
set -e
builddir=${1:-.}
work=$(mktemp -d "${TMPDIR:-/tmp}/relboard-bench.XXXXXX")
. "$(dirname "$0")/bench_sim.sh"
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -rf "$work"' EXIT
bench_sim "$builddir" "$work" --flags 5000 --rollouts 1000 --services 500
python3 - "$builddir/src/relboard" "$work/config.json" <<'PY'
import json, statistics, subprocess, sys, time
rb, cfg = sys.argv[1], sys.argv[2]
times, out = [], None
for _ in range(11):
    t = time.perf_counter()
    p = subprocess.run([rb, "status", "--json", "--config", cfg], capture_output=True)
    times.append(time.perf_counter() - t)
    out = p.stdout
d = json.loads(out)
print("poll at scale: %d flags, %d rollouts, %d service rows, %d edges; "
      "status --json median %.0f ms over 11 runs (min %.0f, max %.0f)"
      % (len(d["flags"]), len(d["rollouts"]), len(d["services"]),
         len(d["graph"]["edges"]), statistics.median(times) * 1000,
         min(times) * 1000, max(times) * 1000))
PY
