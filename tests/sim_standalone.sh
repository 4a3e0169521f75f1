#!/bin/sh
# sim_standalone.sh - relboard-sim as scripts use it: start it on an
# ephemeral port, read the port from its first line, ask it over HTTP,
# stop it with SIGTERM and SIGINT and expect a clean exit.
set -u

SIM=${RELBOARD_SIM:-./src/relboard-sim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# One HTTP/1.0 request with bash's /dev/tcp; prints the whole answer.  The
# header (it may carry a token) goes through the environment, not argv.
http() {	# port path [header]
	RB_HEADER="${3:+$3
}" bash -c 'exec 3<>/dev/tcp/127.0.0.1/$1 &&
	    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n%s\r\n" "$2" "$RB_HEADER" >&3 &&
	    cat <&3' sh "$1" "$2" | tr -d '\r'
}

start() {	# args...
	"$SIM" --port 0 "$@" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	i=0
	# The whole line, newline and all: it may be read while written.
	while ! { grep -q '^listening on 127\.0\.0\.1:[0-9][0-9]*$' "$tmp/out" &&
	    [ "$(tail -c 1 "$tmp/out" | od -An -tx1 | tr -d ' ')" = 0a ]; } \
	    2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 400 ] && fail "no 'listening on' line: $(cat "$tmp/err")"
		sleep 0.05
	done
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/out")
	[ -n "$port" ] || fail "bad first line: $(head -1 "$tmp/out")"
}

stop() {	# signal
	kill -"$1" "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "did not exit on SIG$1"
		sleep 0.05
	done
	wait "$pid"
	rc=$?
	[ $rc -eq 0 ] || fail "exit status $rc after SIG$1"
}

passed=0
start --flags 100 --rollouts 10 --services 10 --speed 10
http "$port" /health | grep -q '"health":"GOOD"' || fail "/health"
http "$port" /api/admin/projects/default/features |
    grep -q 'gen-flag-00099' || fail "generated flags"
http "$port" /api/v1/no-such-path | grep -q '^404 page not found' ||
    fail "plain 404"
stop TERM
passed=$((passed + 1))

echo "s3cret-token" >"$tmp/token"
chmod 600 "$tmp/token"
start --token-file "$tmp/token"
http "$port" /api/admin/projects | grep -q '^HTTP/1.[01] 401' ||
    fail "no token must be 401"
http "$port" /api/admin/projects "Authorization: s3cret-token" |
    grep -q '^HTTP/1.[01] 200' || fail "token must be 200"
http "$port" /apis/apps/v1/namespaces/shop/deployments \
    "Authorization: Bearer s3cret-token" | grep -q 'DeploymentList' ||
    fail "bearer token"
grep -q s3cret "$tmp/out" "$tmp/err" && fail "token printed"
stop INT
passed=$((passed + 1))

"$SIM" --no-such-option >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad option must exit 2"
passed=$((passed + 1))

echo "$passed passed, 0 failed"
