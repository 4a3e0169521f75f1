# tests/bench_sim.sh - sourced by the benchmarks that poll relboard-sim:
# bench_sim BUILDDIR WORK SIM-ARGS... starts it on a free loopback port
# (its pid in $sim) and writes the configuration it prints to
# WORK/config.json once it is all there (up to 30 s).
bench_sim() {
	_b=$1 _w=$2
	shift 2
	"$_b/src/relboard-sim" --port 0 --print-config "$@" >"$_w/sim.out" 2>&1 &
	sim=$!
	_i=0
	# The first line says where it listens; the configuration follows.
	while ! grep -q '^}' "$_w/sim.out" && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	sed 1d "$_w/sim.out" >"$_w/config.json"
}
