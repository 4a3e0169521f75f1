#!/bin/bash
# tests/services/unleash.sh - start and stop a private Unleash 7.5.1 server
# (with its own PostgreSQL cluster) for relboard's integration tests.
#
#   unleash.sh start DIR   create DIR, start PostgreSQL and Unleash on free
#                          loopback ports, write DIR/env (UNLEASH_URL,
#                          UNLEASH_TOKEN_FILE) and DIR/token (mode 0600)
#   unleash.sh stop DIR    stop both; safe to call more than once
#
# Exits 77 when Node, unleash-server or PostgreSQL are not installed.
# UNLEASH_HOME names the folder holding node_modules/unleash-server
# (default /opt/unleash-7.5.1); PG_BINDIR the PostgreSQL programs.
# The admin token is never printed nor put on a command line.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/services/lib.sh
. "$here/lib.sh"

UNLEASH_HOME=${UNLEASH_HOME:-/opt/unleash-7.5.1}
START_LIMIT=${UNLEASH_START_LIMIT:-60}

usage()
{
	echo "usage: ${0##*/} start|stop DIR" >&2
	exit 2
}

find_pg_bindir()
{
	local d
	if [ -n "${PG_BINDIR:-}" ]; then
		echo "$PG_BINDIR"
		return
	fi
	for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return
		fi
	done
	d=$(command -v initdb 2>/dev/null || true)
	[ -n "$d" ] && dirname "$d"
	return 0
}

# as_pg CMD...: run a PostgreSQL program as the cluster owner.
as_pg()
{
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_dir DIR: the folder holding the cluster of DIR (see start).
pg_dir()
{
	if [ -f "$1/pgdir" ]; then
		cat "$1/pgdir"
	else
		echo "$1/pg"
	fi
}

stop()
{
	local dir=$1 pg bindir
	[ -d "$dir" ] || return 0
	svc_stop_pid "$dir/unleash.pid" unleash.mjs
	pg=$(pg_dir "$dir")
	bindir=$(find_pg_bindir)
	if [ -f "$pg/data/postmaster.pid" ] && [ -n "$bindir" ]; then
		as_pg "$bindir/pg_ctl" -D "$pg/data" -m fast -w -t 30 stop \
		    >/dev/null 2>&1 || true
	fi
	if [ -f "$dir/pgdir" ]; then
		rm -rf "$pg"
		rm -f "$dir/pgdir"
	fi
	if [ -f "$dir/pgsock" ]; then
		rm -rf "$(cat "$dir/pgsock")"
		rm -f "$dir/pgsock"
	fi
	rm -f "$dir/env"
}

start()
{
	local dir=$1 bindir pg sock pgport port password secret pid

	command -v node >/dev/null 2>&1 || svc_skip "node is not installed"
	[ -f "$UNLEASH_HOME/node_modules/unleash-server/package.json" ] ||
	    svc_skip "unleash-server is not installed in $UNLEASH_HOME"
	bindir=$(find_pg_bindir)
	if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
		svc_skip "PostgreSQL (initdb) is not installed"
	fi
	command -v curl >/dev/null 2>&1 || svc_skip "curl is not installed"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 ||
		    svc_skip "running as root but there is no postgres user"
	fi

	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if svc_pid_matches "$(cat "$dir/unleash.pid" 2>/dev/null || true)" \
	    unleash.mjs; then
		svc_die "Unleash is already running in $dir"
	fi
	stop "$dir"
	cleanup_dir=$dir
	trap 'stop "$cleanup_dir"' EXIT

	# The cluster must be reachable by user postgres; when DIR sits under
	# a private folder, keep it in a temporary folder of its own.
	pg=$dir/pg
	rm -rf "$pg"
	mkdir -p "$pg"
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$pg"
		if ! runuser -u postgres -- test -w "$pg"; then
			rmdir "$pg"
			pg=$(mktemp -d /tmp/relboard-pg.XXXXXX)
			chown postgres: "$pg"
			chmod 0700 "$pg"
			echo "$pg" >"$dir/pgdir"
		fi
	fi
	# Unix socket paths are limited to ~107 bytes: keep it short.
	sock=$(mktemp -d /tmp/relboard-pgsock.XXXXXX)
	echo "$sock" >"$dir/pgsock"
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$sock"
	fi

	as_pg "$bindir/initdb" -D "$pg/data" -U postgres --auth-local=trust \
	    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
	    >"$dir/initdb.log" 2>&1 ||
	    { cat "$dir/initdb.log" >&2; svc_die "initdb failed"; }

	pgport=$(svc_free_port) || svc_die "no free port"
	as_pg "$bindir/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 60 \
	    -o "-c listen_addresses=127.0.0.1 -p $pgport -k $sock" \
	    start >/dev/null 2>&1 ||
	    { cat "$pg/postgres.log" >&2 || true; svc_die "PostgreSQL did not start"; }

	# Secrets go to files (mode 0600) and through stdin, never argv.
	password=$(svc_random_hex 16)
	secret=$(svc_random_hex 24)
	umask 077
	printf '*:*.%s\n' "$secret" >"$dir/token"
	printf '{"host":"127.0.0.1","port":%d,"user":"unleash","password":"%s","database":"unleash"}\n' \
	    "$pgport" "$password" >"$dir/db.json"
	umask 022
	printf "CREATE ROLE unleash LOGIN PASSWORD '%s';\nCREATE DATABASE unleash OWNER unleash;\n" \
	    "$password" |
	    as_pg "$bindir/psql" -q -X -v ON_ERROR_STOP=1 -h "$sock" \
	    -p "$pgport" -U postgres -d postgres >/dev/null ||
	    svc_die "could not create the Unleash database"

	ln -sfn "$UNLEASH_HOME/node_modules" "$dir/node_modules"
	cat >"$dir/unleash.mjs" <<'JS'
// Starts Unleash for relboard's tests; settings come from files in this folder.
import { readFileSync } from 'node:fs';
import { start } from 'unleash-server';

const dir = process.env.RB_UNLEASH_DIR;
const db = JSON.parse(readFileSync(`${dir}/db.json`, 'utf8'));
const token = readFileSync(`${dir}/token`, 'utf8').trim();

await start({
	db: { ...db, ssl: false },
	server: { host: '127.0.0.1', port: Number(process.env.RB_UNLEASH_PORT) },
	authentication: {
		initApiTokens: [{ environment: '*', project: '*', secret: token,
		    type: 'admin', tokenName: 'admin' }],
	},
	logLevel: 'warn',
});
JS

	port=$(svc_free_port) || svc_die "no free port"
	cd "$dir"
	RB_UNLEASH_DIR=$dir RB_UNLEASH_PORT=$port NODE_ENV=production \
	    SEND_TELEMETRY=false CHECK_VERSION=false \
	    node unleash.mjs </dev/null >"$dir/unleash.log" 2>&1 &
	pid=$!
	echo "$pid" >"$dir/unleash.pid"

	if ! svc_wait_http "http://127.0.0.1:$port/health" "$pid" "$START_LIMIT"; then
		tail -n 30 "$dir/unleash.log" >&2 || true
		svc_die "Unleash did not become healthy within ${START_LIMIT}s"
	fi

	printf 'UNLEASH_URL=http://127.0.0.1:%d\nUNLEASH_TOKEN_FILE=%s/token\n' \
	    "$port" "$dir" >"$dir/env"
	trap - EXIT
}

[ $# -eq 2 ] || usage
case $1 in
start)	start "$2" ;;
stop)	stop "$2" ;;
*)	usage ;;
esac
