#!/bin/sh
# net_insecure.sh - a source that sets insecure_skip_tls_verify makes
# relboard warn on stderr, naming the source; one that does not stays quiet.
set -u

RELBOARD=${RELBOARD:-./src/relboard}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Nothing listens on port 9 of loopback: the poll fails fast, that is fine.
cat >"$tmp/insecure.json" <<JSON
{"sources": [{"name": "k8s", "kind": "argo-rollouts",
  "url": "https://127.0.0.1:9", "namespace": "shop",
  "insecure_skip_tls_verify": true, "timeout_s": 2}]}
JSON
"$RELBOARD" status --json --config "$tmp/insecure.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 3 ] || fail "exit $rc, want 3 (the source cannot answer)"
grep -q "warning: source k8s sets insecure_skip_tls_verify" "$tmp/err" ||
	fail "no warning on stderr: $(cat "$tmp/err")"
echo "ok - insecure_skip_tls_verify warns: $(head -n 1 "$tmp/err")"

sed 's/"insecure_skip_tls_verify": true, //' "$tmp/insecure.json" >"$tmp/secure.json"
"$RELBOARD" status --json --config "$tmp/secure.json" >"$tmp/out" 2>"$tmp/err"
grep -q "insecure_skip_tls_verify" "$tmp/err" &&
	fail "warning without insecure_skip_tls_verify: $(cat "$tmp/err")"
echo "ok - no warning when TLS is verified"
echo "PASS: net_insecure"
