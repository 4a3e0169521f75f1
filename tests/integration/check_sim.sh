#!/bin/bash
# tests/integration/check_sim.sh - `relboard check` against relboard-sim:
# healthy sources (endpoint, auth, TLS, version, result; exit 0), then
# broken ones: nothing listening (connection refused), a token file the
# service refuses (401 naming the file, never the token) and a service that
# fails (500); each exits 3.  TLS through an HTTPS front
# (tests/tlsproxy.py): verified against ca_file, another CA's certificate
# and the system's CAs (hints), no verification.  A bad configuration
# exits 2.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

SIM_PID=
stop_sim() { if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi; SIM_PID=; }
trap 'stop_sim; cleanup' EXIT

# start_sim ARGS...: relboard-sim; its config in $WORK/config.json.
start_sim()
{
	stop_sim
	"$top_builddir/src/relboard-sim" --port 0 --print-config "$@" >"$WORK/sim.out" 2>&1 &
	SIM_PID=$!
	for _ in $(seq 100); do
		grep -q '^}' "$WORK/sim.out" && break
		sleep 0.1
	done
	sed 1d "$WORK/sim.out" >"$WORK/config.json"
	URL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sources"][0]["url"])' "$WORK/config.json")
}

# run_check WANT-EXIT: relboard check; its output in $WORK/out.
run_check()
{
	local rc=0
	"$RELBOARD" check --config "${2:-$WORK/config.json}" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" != "$1" ]; then
		echo "FAIL: exit $rc, want $1"; cat "$WORK/out" "$WORK/err"; exit 1
	fi
}

# has LINE: the output has exactly this line.
has()
{
	if ! grep -qxF -- "$1" "$WORK/out"; then
		echo "FAIL: no line \"$1\" in:"; cat "$WORK/out"; exit 1
	fi
	echo "ok - $1"
}

# The block of one source in the output (from its header to the blank line).
block()
{
	awk -v h="source $1 " 'index($0, h) == 1 { p = 1 } p && $0 == "" { exit } p' "$WORK/out"
}

# Healthy.
start_sim
run_check 0
has "source flags (unleash)"
has "source metrics (prometheus)"
has "source k8s (argo-rollouts)"
has "  endpoint: $URL"
has "  auth:     none"
has "  tls:      none (plain http)"
has "  version:  7.5.1"
has "  version:  2.42.0+ds"
has "  version:  v1.29.4"
[ "$(grep -cxF "  result:   ok" "$WORK/out")" = 3 ] || { echo "FAIL: not 3 ok"; cat "$WORK/out"; exit 1; }
grep -qE '^  latency:  [0-9]+ ms \(4 requests\)$' "$WORK/out" || { echo "FAIL: no latency"; exit 1; }
has "all 3 sources answered"
echo "ok - healthy: exit 0"

# --demo: the embedded simulator checks out too.
"$RELBOARD" --demo check >"$WORK/out" 2>"$WORK/err" || { echo "FAIL: --demo check"; cat "$WORK/out" "$WORK/err"; exit 1; }
has "all 3 sources answered"

# Nothing listens any more: connection refused, with a hint.
stop_sim
run_check 3
has "  error:    connection refused: is the service running at $URL?"
has "  version:  unknown (no answer to GET /version)"
has "  latency:  -"
has "3 of 3 sources did not answer"

# A token the service refuses: 401 names the token file, never the token.
umask 077
printf 'sim-token-right-%s\n' "$$" >"$WORK/token"
printf 'sim-token-wrong-%s\n' "$$" >"$WORK/wrong"
start_sim --token-file "$WORK/token"
python3 - "$WORK/config.json" "$WORK/wrong" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for s in c["sources"]:
    s["token_file"] = sys.argv[2]
json.dump(c, open(sys.argv[1], "w"))
PY
run_check 3
has "  auth:     token from file $WORK/wrong"
has "  error:    401: the token for source flags was refused; token_file is $WORK/wrong"
has "  error:    401: the token for source k8s was refused; token_file is $WORK/wrong"
has "  version:  unknown (GET /api/admin/ui-config answered 401)"
# Prometheus takes no token: it still answers.
block metrics >"$WORK/metrics"
grep -qxF "  result:   ok" "$WORK/metrics" || { echo "FAIL: metrics"; cat "$WORK/out"; exit 1; }
has "2 of 3 sources did not answer"
if grep -qF "sim-token-" "$WORK/out" "$WORK/err"; then
	echo "FAIL: a token was printed"; exit 1
fi
echo "ok - no token in the output"
# The right token: all answer.
python3 - "$WORK/config.json" "$WORK/token" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for s in c["sources"]:
    s["token_file"] = sys.argv[2]
json.dump(c, open(sys.argv[1], "w"))
PY
run_check 0
has "  auth:     token from file $WORK/token"
has "all 3 sources answered"

# Every request fails with a 500.
start_sim --error-rate 100
run_check 3
has "  error:    the service failed: HTTP 500: simulated failure (see its log)"
has "  version:  unknown (GET /version answered 500)"
has "3 of 3 sources did not answer"

# TLS, through an HTTPS front for the simulator: the CA that signed the
# certificate, another CA, the system's CAs, and no verification.
start_sim
TLS=$srcdir/tests/fixtures/tls
python3 "$srcdir/tests/tlsproxy.py" "$TLS/server.pem" "$TLS/server.key" "$URL" >"$WORK/proxy.out" 2>&1 &
PROXY_PID=$!
trap 'kill "$PROXY_PID" 2>/dev/null || true; stop_sim; cleanup' EXIT
for _ in $(seq 100); do
	grep -q "^listening on" "$WORK/proxy.out" 2>/dev/null && break
	sleep 0.1
done
HTTPS=https://127.0.0.1:$(sed -n 's/^listening on //p' "$WORK/proxy.out")
# tls_config EXTRA-KEYS: one argo-rollouts source behind the front.
tls_config()
{
	printf '{"sources": [{"name": "k8s", "kind": "argo-rollouts", "url": "%s", "namespace": "shop", "deployments": true%s}]}\n' \
	    "$HTTPS" "$1" >"$WORK/tls.json"
}
tls_config ", \"ca_file\": \"$TLS/ca.pem\""
run_check 0 "$WORK/tls.json"
has "  endpoint: $HTTPS"
has "  tls:      verified against ca_file $TLS/ca.pem"
has "  version:  v1.29.4"
has "  result:   ok"
tls_config ", \"ca_file\": \"$TLS/other-ca.pem\""
run_check 3 "$WORK/tls.json"
grep -qE "^  error:    .*: is ca_file $TLS/other-ca.pem the CA that signed the server's certificate, and is the host name in url $HTTPS on it\?$" "$WORK/out" ||
    { echo "FAIL: no ca_file hint"; cat "$WORK/out"; exit 1; }
echo "ok - a certificate another CA signed: the hint names ca_file"
tls_config ""
run_check 3 "$WORK/tls.json"
has "  tls:      verified against the system's CAs"
grep -qE "^  error:    .*: the system's CAs do not trust the server's certificate; set ca_file to the CA that signed it$" "$WORK/out" ||
    { echo "FAIL: no system CA hint"; cat "$WORK/out"; exit 1; }
echo "ok - an untrusted certificate: the hint says to set ca_file"
tls_config ', "insecure_skip_tls_verify": true'
run_check 0 "$WORK/tls.json"
has "  tls:      insecure: the certificate is not verified (insecure_skip_tls_verify)"
grep -q "warning: source k8s sets insecure_skip_tls_verify" "$WORK/err" ||
    { echo "FAIL: no warning"; cat "$WORK/err"; exit 1; }
kill "$PROXY_PID" 2>/dev/null || true

# A configuration error is a usage error.
echo '{"sources": [{"name": "x", "kind": "unleash"}]}' >"$WORK/bad.json"
run_check 2 "$WORK/bad.json"
grep -q "url" "$WORK/err" || { echo "FAIL: config error does not name the key"; cat "$WORK/err"; exit 1; }
echo "ok - a configuration error exits 2"
echo "PASS: check_sim"
