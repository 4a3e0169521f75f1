#!/bin/bash
# tests/services/prometheus.sh - start and stop a private Prometheus for
# relboard's integration tests, optionally backfilled with fixed data.
#
#   prometheus.sh start DIR [OPENMETRICS_FILE]
#       backfill FILE into DIR/data (promtool), start Prometheus on a free
#       loopback port, wait for /-/ready, write DIR/env (PROM_URL)
#   prometheus.sh stop DIR      safe to call more than once
#
# Exits 77 when prometheus or promtool are not installed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/services/lib.sh
. "$here/lib.sh"

START_LIMIT=${PROM_START_LIMIT:-60}

usage()
{
	echo "usage: ${0##*/} start DIR [OPENMETRICS_FILE] | stop DIR" >&2
	exit 2
}

stop()
{
	local dir=$1
	[ -d "$dir" ] || return 0
	svc_stop_pid "$dir/prometheus.pid" prometheus
	rm -f "$dir/env"
}

start()
{
	local dir=$1 file=${2:-} port pid

	command -v prometheus >/dev/null 2>&1 ||
	    svc_skip "prometheus is not installed"
	command -v curl >/dev/null 2>&1 || svc_skip "curl is not installed"
	if [ -n "$file" ]; then
		command -v promtool >/dev/null 2>&1 ||
		    svc_skip "promtool is not installed"
		[ -r "$file" ] || svc_die "cannot read $file"
		file=$(cd "$(dirname "$file")" && pwd)/${file##*/}
	fi

	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if svc_pid_matches "$(cat "$dir/prometheus.pid" 2>/dev/null || true)" \
	    prometheus; then
		svc_die "Prometheus is already running in $dir"
	fi
	stop "$dir"
	cleanup_dir=$dir
	trap 'stop "$cleanup_dir"' EXIT

	rm -rf "$dir/data"
	mkdir -p "$dir/data"
	if [ -n "$file" ]; then
		promtool tsdb create-blocks-from openmetrics "$file" \
		    "$dir/data" >"$dir/backfill.log" 2>&1 ||
		    { cat "$dir/backfill.log" >&2; svc_die "backfill failed"; }
	fi
	# No scrape targets: the data is the backfilled one only.
	printf 'global:\n  scrape_interval: 15s\n' >"$dir/prometheus.yml"

	port=$(svc_free_port) || svc_die "no free port"
	cd "$dir"
	prometheus --config.file="$dir/prometheus.yml" \
	    --storage.tsdb.path="$dir/data" \
	    --storage.tsdb.retention.time=100y \
	    --web.listen-address="127.0.0.1:$port" \
	    </dev/null >"$dir/prometheus.log" 2>&1 &
	pid=$!
	echo "$pid" >"$dir/prometheus.pid"

	if ! svc_wait_http "http://127.0.0.1:$port/-/ready" "$pid" "$START_LIMIT"; then
		tail -n 30 "$dir/prometheus.log" >&2 || true
		svc_die "Prometheus did not become ready within ${START_LIMIT}s"
	fi
	printf 'PROM_URL=http://127.0.0.1:%d\n' "$port" >"$dir/env"
	trap - EXIT
}

case ${1:-} in
start)	[ $# -eq 2 ] || [ $# -eq 3 ] || usage; start "$2" "${3:-}" ;;
stop)	[ $# -eq 2 ] || usage; stop "$2" ;;
*)	usage ;;
esac
