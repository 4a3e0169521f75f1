# shellcheck shell=bash
# tests/services/lib.sh - shell helpers shared by the scripts that start and
# stop the real services (Unleash, Prometheus) used by relboard's
# integration tests.  Sourced, never run; bash only.

# svc_die MESSAGE [STATUS]: print MESSAGE on stderr and exit (default 1).
svc_die()
{
	printf '%s: %s\n' "${0##*/}" "$1" >&2
	exit "${2:-1}"
}

# svc_skip MESSAGE: a required program is missing; exit 77 ("skip").
svc_skip()
{
	svc_die "$1 (skipping)" 77
}

# svc_free_port: print a TCP port that is free on 127.0.0.1 right now.
svc_free_port()
{
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
		return
	fi
	# Fallback: probe random high ports until one refuses a connection.
	local port i
	for i in $(seq 1 200); do
		port=$((20000 + (RANDOM * 32768 + RANDOM + i) % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	return 1
}

# svc_http_status URL: print the HTTP status of GET URL (000 if none).
svc_http_status()
{
	curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true
}

# svc_wait_http URL PID SECONDS: poll URL until it answers 200; fail early if
# process PID has gone away or after SECONDS.
svc_wait_http()
{
	local url=$1 pid=$2 limit=$3 start
	start=$SECONDS
	while [ $((SECONDS - start)) -lt "$limit" ]; do
		if [ "$(svc_http_status "$url")" = 200 ]; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.2
	done
	return 1
}

# svc_random_hex BYTES: print BYTES random bytes as hex.
svc_random_hex()
{
	od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# svc_pid_matches PID WORD: true when PID is alive and its command line
# contains WORD (guards against killing a recycled PID).
svc_pid_matches()
{
	local pid=$1 word=$2
	[ -n "$pid" ] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$word"
}

# svc_stop_pid PIDFILE WORD: stop the process recorded in PIDFILE (TERM, then
# KILL after 10 s) if it is still ours; remove PIDFILE.  Safe to repeat.
svc_stop_pid()
{
	local pidfile=$1 word=$2 pid i
	[ -f "$pidfile" ] || return 0
	pid=$(cat "$pidfile")
	if svc_pid_matches "$pid" "$word"; then
		kill -TERM "$pid" 2>/dev/null || true
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL "$pid" 2>/dev/null || true
		fi
		# Reap it if it is our child; harmless otherwise.
		wait "$pid" 2>/dev/null || true
		: "$i"
	fi
	rm -f "$pidfile"
}
