#!/bin/bash
# tests/integration/kubeconfig_kubectl.sh - relboard resolves kubeconfig
# contexts as kubectl does: for each context of tests/fixtures/kubeconfig,
# merged through KUBECONFIG in both orders, and for the current context,
# compares tests/kubeconfig_dump with `kubectl config view --minify
# --flatten -o json --context X` (server, CA, TLS settings, proxy, token,
# tokenFile, client certificate and key, exec plugin, namespace).  Skips
# when kubectl is not installed (Debian: kubernetes-client).
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl is not installed"; exit 77; }
FX=$(cd "$srcdir/tests/fixtures/kubeconfig" && pwd)
DUMP=$top_builddir/tests/kubeconfig_dump

compare()
{
	local ctx=$1 args=()
	[ -z "$ctx" ] || args=(--context "$ctx")
	"$DUMP" ${ctx:+"$ctx"} >"$WORK/ours.json"
	# kubectl may run an exec plugin to show a config; its stderr is not ours.
	kubectl config view --minify --flatten -o json "${args[@]}" >"$WORK/kubectl.json" 2>/dev/null
	python3 - "$WORK/ours.json" "$WORK/kubectl.json" "$FX" <<'PY'
import base64, json, os, sys
ours = json.load(open(sys.argv[1]))
k = json.load(open(sys.argv[2]))
fx = sys.argv[3]
def path(p):
    return os.path.normpath(os.path.join(fx, p))
ctx = k["contexts"][0]
assert ours["context"]["name"] == k["current-context"] == ctx["name"], (ours, k)
for key in ("cluster", "user", "namespace"):
    assert ours["context"].get(key) == ctx["context"].get(key), key
cl = k["clusters"][0]["cluster"]
want = {"server": cl["server"]}
for key in ("tls-server-name", "proxy-url", "insecure-skip-tls-verify"):
    if key in cl:
        want[key] = cl[key]
if "certificate-authority-data" in cl:
    want["certificate-authority-data"] = base64.b64decode(cl["certificate-authority-data"]).decode()
assert ours["cluster"] == want, (ours["cluster"], want)
u = k["users"][0]["user"] if k.get("users") else {}
want = {}
for key in ("client-certificate-data", "client-key-data"):
    if key in u:
        want[key] = base64.b64decode(u[key]).decode()
if "token" in u:
    want["token"] = u["token"]
if "tokenFile" in u:
    want["tokenFile"] = path(u["tokenFile"])
if "exec" in u:
    x = u["exec"]
    cmd = x["command"] if "/" not in x["command"] else path(x["command"])
    want["exec"] = {"command": cmd, "apiVersion": x["apiVersion"],
                    "args": x.get("args") or [], "env": x.get("env") or [],
                    "provideClusterInfo": x.get("provideClusterInfo", False)}
assert ours["user"] == want, (ours["user"], want)
PY
	echo "ok - KUBECONFIG=${KUBECONFIG//$FX\//}: context ${ctx:-(current)}"
}

for order in "$FX/a.yaml:$FX/b.yaml" "$FX/b.yaml:$FX/a.yaml"; do
	export KUBECONFIG=$order
	compare ""
	for ctx in prod staging lab-carol lab-dave prod-exec extra; do
		compare "$ctx"
	done
done
