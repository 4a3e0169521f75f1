#!/bin/sh
# tests/bench.sh BUILDDIR SRCDIR - `make bench`: run each benchmark in turn
# and print what it reports.  Benchmarks are not tests: nothing here fails
# on time.  Add one command per benchmark.
set -e
builddir=${1:-.}
srcdir=${2:-.}
: "$srcdir"

# The Graph pane's layout: 500 nodes and 1,000 edges, median of 9 runs.
"$builddir/tests/bench_graph" 500 1000 9

# Service-graph discovery: 500 services, 2,000 pairs, median of 9 runs.
"$builddir/tests/bench_svcgraph" 500 2000 9

# One poll of every source at scale (thousands of flags), median of 11 runs.
sh "$srcdir/tests/bench_poll.sh" "$builddir"

# The rollout side's CPU per interval while watching 1,000 rollouts,
# against one list of them.
sh "$srcdir/tests/bench_watch.sh" "$builddir"
# At 10,000 flags, 1,000 rollouts, 500 services: RSS and CPU per poll
# cycle, status --json, keypress to frame, each against its target.
sh "$srcdir/tests/bench_scale.sh" "$builddir"

# Keypress to frame after a poll at 10,000 and 20,000 flags, median of 7.
"$builddir/tests/bench_frame" 10000 7
"$builddir/tests/bench_frame" 20000 7

# Bytes an idle dashboard writes to its terminal per minute, each pane.
sh "$srcdir/tests/bench_idle.sh" "$builddir"

# An idle dashboard beside watch -n2 curl on the same flag list: PSS, CPU,
# bytes on the wire and terminal bytes per minute, with their ratios
# (a real Unleash where one is installed; BENCH_SHORT=1 for a short run).
bash "$srcdir/tests/bench_economy.sh" "$builddir" "$srcdir"
