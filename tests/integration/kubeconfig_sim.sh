#!/bin/bash
# tests/integration/kubeconfig_sim.sh - an argo-rollouts source configured
# only through a kubeconfig, end to end: relboard-sim (asking for a bearer
# token) behind an HTTPS front that asks for a client certificate
# (tests/tlsproxy.py --client-ca).  The kubeconfig (found through
# KUBECONFIG) carries the CA inline, the client certificate as files or
# inline, and an exec plugin (tests/fixtures/kubeconfig/plugin.sh) that
# prints the token.  `relboard status --json` and `relboard check` see the
# rollouts; a stale token is renewed after a 401 by running the plugin
# again; a failing plugin, a missing client certificate and a wrong
# tls-server-name fail with reasons; no token reaches the output.
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

TLS=$srcdir/tests/fixtures/tls
FX=$srcdir/tests/fixtures/kubeconfig
SIM_PID= PROXY_PID=
stop_all()
{
	for p in $PROXY_PID $SIM_PID; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}
trap 'stop_all; cleanup' EXIT

# wait_line FILE REGEX: until the file has such a line (10 s).
wait_line()
{
	for _ in $(seq 100); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "FAIL: no \"$2\" in $1"; cat "$1"; exit 1
}

printf 'plugin-token-0004\n' >"$WORK/sim-token"
"$top_builddir/src/relboard-sim" --port 0 --token-file "$WORK/sim-token" >"$WORK/sim.out" 2>&1 &
SIM_PID=$!
wait_line "$WORK/sim.out" '^listening on '
URL=http://$(sed -n 's/^listening on //p' "$WORK/sim.out")
python3 "$srcdir/tests/tlsproxy.py" --client-ca "$TLS/client-ca.pem" \
    "$TLS/server.pem" "$TLS/server.key" "$URL" >"$WORK/proxy.out" 2>&1 &
PROXY_PID=$!
wait_line "$WORK/proxy.out" '^listening on '
HTTPS=https://127.0.0.1:$(sed -n 's/^listening on //p' "$WORK/proxy.out")

# The kubeconfig, with files beside it given by relative paths.
mkdir -p "$WORK/kube/certs"
cp "$TLS/client.pem" "$TLS/client.key" "$WORK/kube/certs/"
cp "$FX/plugin.sh" "$WORK/kube/"
b64() { base64 -w0 "$1"; }
exec_user()
{
	cat <<YAML
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin.sh
      provideClusterInfo: true
      installHint: see the relboard tests
YAML
}
{
	cat <<YAML
apiVersion: v1
kind: Config
current-context: files
clusters:
- name: sim
  cluster:
    server: $HTTPS
    certificate-authority-data: $(b64 "$TLS/ca.pem")
- name: sim-as-localhost
  cluster:
    server: $HTTPS
    certificate-authority-data: $(b64 "$TLS/ca.pem")
    tls-server-name: localhost
- name: sim-as-other
  cluster:
    server: $HTTPS
    certificate-authority-data: $(b64 "$TLS/ca.pem")
    tls-server-name: other.example.test
users:
- name: files
  user:
    client-certificate: certs/client.pem
    client-key: certs/client.key
YAML
	exec_user
	cat <<YAML
- name: inline
  user:
    client-certificate-data: $(b64 "$TLS/client.pem")
    client-key-data: $(b64 "$TLS/client.key")
YAML
	exec_user
	echo "- name: nocert"
	echo "  user:"
	exec_user
	cat <<YAML
contexts:
- {name: files, context: {cluster: sim, user: files, namespace: shop}}
- {name: inline, context: {cluster: sim, user: inline, namespace: shop}}
- {name: nocert, context: {cluster: sim, user: nocert, namespace: shop}}
- {name: as-localhost, context: {cluster: sim-as-localhost, user: inline, namespace: shop}}
- {name: as-other, context: {cluster: sim-as-other, user: inline, namespace: shop}}
YAML
} >"$WORK/kube/config"
export KUBECONFIG=$WORK/kube/config

# config [CONTEXT]: one argo-rollouts source, no url, no token.
config()
{
	printf '{"sources": [{"name": "k8s", "kind": "argo-rollouts", "deployments": true%s}]}\n' \
	    "${1:+, \"context\": \"$1\"}" >"$WORK/config.json"
}

# status WANT-EXIT: relboard status --json; out and err in $WORK.
status()
{
	local rc=0
	"$RELBOARD" status --json --config "$WORK/config.json" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" != "$1" ]; then
		echo "FAIL: status exit $rc, want $1"; cat "$WORK/out" "$WORK/err"; exit 1
	fi
	if grep -q "plugin-token-0004\|stale-token-0005" "$WORK/out" "$WORK/err"; then
		echo "FAIL: a token in the output"; exit 1
	fi
}

# source_is STATE: the one source's state, and rollouts seen when ok.
source_is()
{
	python3 - "$WORK/out" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["sources"][0]
assert s["state"] == sys.argv[2], s
if sys.argv[2] == "ok":
    ro = [r for r in d["rollouts"] if r["source"] == "k8s"]
    assert ro and all(r["namespace"] == "shop" for r in ro), d["rollouts"]
PY
}

config
status 0
source_is ok
grep -qxF "relboard: source k8s: test plugin: run 1" "$WORK/err" || { echo "FAIL: no plugin note"; cat "$WORK/err"; exit 1; }
echo "ok - current-context: client certificate files and an exec plugin's token"

config inline
status 0
source_is ok
echo "ok - inline client certificate"

config nocert
status 3
source_is error
# The front's alert, or (when it closes with our request unread) a reset.
grep -qE '"error": "(TLS: the server asks for a client certificate|connection reset by the server)"' "$WORK/out" ||
    { echo "FAIL: no TLS error"; cat "$WORK/out"; exit 1; }
echo "ok - no client certificate: the handshake fails"

# The plugin's client certificate and key instead (and so no token): the
# front takes the certificate, and the simulator refuses the request.
PLUGIN_CERT=$TLS/client.pem PLUGIN_KEY=$TLS/client.key status 3
grep -q '"error": "401 ' "$WORK/out" || { echo "FAIL: the plugin's certificate was not used"; cat "$WORK/out"; exit 1; }
echo "ok - the plugin's client certificate passes the handshake"

config as-localhost
status 0
source_is ok
config as-other
status 3
grep -q 'not for this host name' "$WORK/out" || { echo "FAIL: tls-server-name not used"; cat "$WORK/out"; exit 1; }
echo "ok - tls-server-name is the name verified"

# A token the cluster no longer takes: one 401, the plugin runs again,
# the request goes once more.
config files
PLUGIN_STALE_TOKEN=stale-token-0005 PLUGIN_COUNT_FILE=$WORK/count status 0
source_is ok
[ "$(cat "$WORK/count")" = 2 ] || { echo "FAIL: plugin ran $(cat "$WORK/count") times"; exit 1; }
grep -qxF "relboard: source k8s: test plugin: run 2" "$WORK/err" || { echo "FAIL: no second run"; cat "$WORK/err"; exit 1; }
echo "ok - a refused token is renewed after a 401"

# Always refused: the plugin runs twice, then the source fails with 401.
printf 'another-token\n' >"$WORK/plugin-token"
rm -f "$WORK/count"
PLUGIN_TOKEN_FILE=$WORK/plugin-token PLUGIN_COUNT_FILE=$WORK/count status 3
source_is error
[ "$(cat "$WORK/count")" = 2 ] || { echo "FAIL: plugin ran $(cat "$WORK/count") times"; exit 1; }
echo "ok - a token refused again is not retried for ever"

# What the plugin was given.
PLUGIN_INFO_FILE=$WORK/info status 0
python3 - "$WORK/info" "$HTTPS" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "ExecCredential", d
assert d["apiVersion"] == "client.authentication.k8s.io/v1", d
assert d["spec"]["interactive"] is False, d
assert d["spec"]["cluster"]["server"] == sys.argv[2], d
assert d["spec"]["cluster"]["certificate-authority-data"], d
PY
echo "ok - KUBERNETES_EXEC_INFO with the cluster"

PLUGIN_FAIL=1 status 3
python3 - "$WORK/out" "$WORK/kube/plugin.sh" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["sources"][0]["error"]
want = ("exec plugin %s: exited with status 1: test plugin: no credentials "
        "for you (see the relboard tests)" % sys.argv[2])
assert e == want, (e, want)
PY
echo "ok - a failing plugin: its exit and stderr line"

# relboard check: context, auth method and TLS, never the token.
config
rc=0
"$RELBOARD" check --config "$WORK/config.json" >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: check exit $rc"; cat "$WORK/out" "$WORK/err"; exit 1; }
for line in \
    "  endpoint: $HTTPS" \
    "  context:  files (cluster sim, namespace shop; from KUBECONFIG $WORK/kube/config)" \
    "  auth:     exec plugin plugin.sh (kubeconfig user files, client.authentication.k8s.io/v1) and client certificate $WORK/kube/certs/client.pem (kubeconfig user files)" \
    "  tls:      verified against certificate-authority-data (kubeconfig)" \
    "  version:  v1.29.4" \
    "  result:   ok"; do
	grep -qxF -- "$line" "$WORK/out" || { echo "FAIL: no line \"$line\""; cat "$WORK/out"; exit 1; }
done
! grep -q "plugin-token-0004" "$WORK/out" "$WORK/err" || { echo "FAIL: token shown"; exit 1; }
echo "ok - relboard check names the context, the plugin and the certificate"
