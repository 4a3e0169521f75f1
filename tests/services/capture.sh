#!/bin/bash
# tests/services/capture.sh - record answers of the real Unleash and
# Prometheus servers as fixture files for relboard's adapter and simulator
# tests.
#
#   capture.sh [WORKDIR]
#
# Starts both services (unleash.sh, prometheus.sh) in WORKDIR (default: a
# temporary folder), creates a small release in Unleash through its Admin
# API, queries the backfilled Prometheus at fixed times, and writes the
# answers to tests/fixtures/unleash/ and tests/fixtures/prometheus/
# (FIXTURES_DIR overrides tests/fixtures).  Each folder gets an index.txt:
# "FILE STATUS METHOD PATH" for every request saved.  The admin token is
# sent from a header file and never written to a fixture.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
fixtures=${FIXTURES_DIR:-$top/tests/fixtures}
udir=$fixtures/unleash
pdir=$fixtures/prometheus

work=${1:-}
own_work=
if [ -z "$work" ]; then
	work=$(mktemp -d /tmp/relboard-capture.XXXXXX)
	chmod 0755 "$work"
	own_work=yes
fi
mkdir -p "$work" "$udir" "$pdir"
work=$(cd "$work" && pwd)

cleanup()
{
	"$here/unleash.sh" stop "$work/unleash" || true
	"$here/prometheus.sh" stop "$work/prometheus" || true
	rm -f "$work/auth-header" "$work/body"
	if [ -n "$own_work" ]; then
		rm -rf "$work"
	fi
}
trap cleanup EXIT

"$here/unleash.sh" start "$work/unleash"
"$here/prometheus.sh" start "$work/prometheus" "$pdir/release.om"
# shellcheck source=/dev/null
. "$work/unleash/env"
# shellcheck source=/dev/null
. "$work/prometheus/env"

# The token goes into a header file (0600) read by curl, not into argv.
hdr=$work/auth-header
( umask 077; printf 'Authorization: %s\n' "$(cat "$UNLEASH_TOKEN_FILE")" >"$hdr" )
secret=$(sed 's/.*\.//' "$UNLEASH_TOKEN_FILE")
body=$work/body
status=
: >"$udir/index.txt"
: >"$pdir/index.txt"

# pretty IN OUT: indent a JSON body (field names, order and value types are
# kept); anything else is copied as it is.
pretty()
{
	python3 - "$1" "$2" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
try:
    doc = json.loads(raw)
except ValueError:
    open(sys.argv[2], "wb").write(raw)
else:
    with open(sys.argv[2], "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
PY
}

# ucall FILE AUTH METHOD PATH [BODY]: one Unleash request.  AUTH is "admin",
# "none" or "bad".  FILE "-" keeps nothing; the status lands in $status.
ucall()
{
	local file=$1 auth=$2 method=$3 path=$4 data=${5:-}
	local args=(-s -o "$body" -w '%{http_code}' -X "$method")
	case $auth in
	admin)	args+=(-H "@$hdr") ;;
	bad)	args+=(-H 'Authorization: *:*.not-a-valid-token') ;;
	esac
	if [ -n "$data" ]; then
		args+=(-H 'Content-Type: application/json' --data-binary "$data")
	fi
	status=$(curl "${args[@]}" "$UNLEASH_URL$path")
	if [ "$file" != - ]; then
		pretty "$body" "$udir/$file"
		printf '%s %s %s %s\n' "$file" "$status" "$method" "$path" \
		    >>"$udir/index.txt"
	fi
}

# expect WANT: stop when the last request did not answer WANT.
expect()
{
	if [ "$status" != "$1" ]; then
		echo "capture: expected $1, got $status:" >&2
		cat "$body" >&2
		echo >&2
		exit 1
	fi
}

P=/api/admin/projects/default/features

# --- Unleash: build a small release -------------------------------------
ucall health.json none GET /health; expect 200
ucall projects.json admin GET /api/admin/projects; expect 200
ucall environments.json admin GET /api/admin/environments; expect 200
ucall strategies.json admin GET /api/admin/strategies; expect 200
for env in development production; do
	ucall - admin POST /api/admin/projects/default/environments \
	    "{\"environment\":\"$env\"}"
	# 409 NameExistsError: already enabled for the default project.
	[ "$status" = 200 ] || [ "$status" = 409 ] || expect 200
done
ucall project-env-exists.json admin POST \
    /api/admin/projects/default/environments '{"environment":"production"}'

ucall flag-created.json admin POST "$P" \
    '{"name":"payments-v2","type":"release","description":"New payments backend"}'
expect 201
ucall - admin POST "$P" \
    '{"name":"new-checkout","type":"release","description":"New checkout flow"}'
expect 201
ucall - admin POST "$P" \
    '{"name":"legacy-banner","type":"kill-switch","description":"Banner on the old site"}'
expect 201
ucall - admin POST "$P" \
    '{"name":"beta-search","type":"experiment","description":"Search for beta users"}'
expect 201

# payments-v2: on in production with no strategy (Unleash adds a 100 %
# flexibleRollout by itself).
ucall toggle-on-no-strategy.json admin POST \
    "$P/payments-v2/environments/production/on"
expect 200

ucall strategy-created.json admin POST \
    "$P/new-checkout/environments/production/strategies" \
    '{"name":"flexibleRollout","constraints":[],"parameters":{"rollout":"5","stickiness":"default","groupId":"new-checkout"}}'
expect 200
sid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' \
    "$udir/strategy-created.json")
ucall toggle-on.json admin POST "$P/new-checkout/environments/production/on"
expect 200
ucall - admin POST "$P/new-checkout/environments/development/strategies" \
    '{"name":"flexibleRollout","constraints":[],"parameters":{"rollout":"100","stickiness":"default","groupId":"new-checkout"}}'
expect 200
ucall - admin POST "$P/new-checkout/environments/development/on"
expect 200

ucall - admin POST "$P/beta-search/environments/production/strategies" \
    '{"name":"remoteAddress","constraints":[],"parameters":{"IPs":"10.0.0.1,10.0.0.2"}}'
expect 200
ucall - admin POST "$P/beta-search/environments/development/strategies" \
    '{"name":"default","constraints":[],"parameters":{}}'
expect 200
ucall - admin POST "$P/beta-search/environments/production/on"
expect 200

ucall feature-with-strategy.json admin GET "$P/new-checkout"; expect 200
ucall feature-other-strategy.json admin GET "$P/beta-search"; expect 200
ucall feature-no-strategy.json admin GET "$P/legacy-banner"; expect 200

ucall dependency-added.json admin POST "$P/new-checkout/dependencies" \
    '{"feature":"payments-v2","enabled":true,"variants":[]}'
expect 200
ucall feature-with-dependency.json admin GET "$P/new-checkout"; expect 200
ucall feature-parent.json admin GET "$P/payments-v2"; expect 200

# Compare-and-set: a passing test op, then one that fails.
ucall strategy-patched.json admin PATCH \
    "$P/new-checkout/environments/production/strategies/$sid" \
    '[{"op":"test","path":"/parameters/rollout","value":"5"},{"op":"replace","path":"/parameters/rollout","value":"20"}]'
expect 200
ucall patch-test-failed.json admin PATCH \
    "$P/new-checkout/environments/production/strategies/$sid" \
    '[{"op":"test","path":"/parameters/rollout","value":"5"},{"op":"replace","path":"/parameters/rollout","value":"50"}]'
echo "$status" >"$udir/patch-test-failed.status"
ucall strategy-after-failed-patch.json admin GET \
    "$P/new-checkout/environments/production/strategies/$sid"
expect 200

# Kill and restore; then the same again (repeating is harmless).
ucall toggle-off.json admin POST "$P/new-checkout/environments/production/off"
expect 200
ucall toggle-off-again.json admin POST "$P/new-checkout/environments/production/off"
expect 200
ucall feature-killed.json admin GET "$P/new-checkout"; expect 200
ucall - admin POST "$P/new-checkout/environments/production/on"; expect 200

ucall features.json admin GET "$P"; expect 200
ucall client-features.json admin GET /api/client/features; expect 200
ucall client-features-env-param.json admin GET \
    '/api/client/features?environment=production'
expect 200
ucall features-batch-export.json admin POST /api/admin/features-batch/export \
    '{"features":["new-checkout","payments-v2","legacy-banner","beta-search"],"environment":"production"}'
expect 200
ucall events.json admin GET \
    "/api/admin/search/events?feature=IS:new-checkout&limit=10"
expect 200
ucall usage-metrics.json admin GET \
    /api/admin/client-metrics/features/new-checkout
expect 200

# Errors.
ucall error-401.json bad GET /api/admin/projects; expect 401
ucall error-401-missing.json none GET /api/admin/projects; expect 401
ucall error-404-flag.json admin GET "$P/no-such-flag"; expect 404
ucall error-404-strategy.json admin PATCH \
    "$P/new-checkout/environments/production/strategies/00000000-0000-0000-0000-000000000000" \
    '[{"op":"replace","path":"/parameters/rollout","value":"20"}]'
ucall error-400-baddata.json admin POST "$P" \
    '{"name":"bad name!","type":"release"}'
expect 400
ucall error-400-baddata-schema.json admin POST \
    "$P/new-checkout/environments/production/strategies" \
    '{"name":"flexibleRollout","constraints":"none"}'
expect 400
ucall error-403-dependency-cycle.json admin POST \
    "$P/payments-v2/dependencies" \
    '{"feature":"new-checkout","enabled":true,"variants":[]}'
expect 403
ucall error-409-flag-exists.json admin POST "$P" \
    '{"name":"new-checkout","type":"release"}'
expect 409

# ETag and 304.
{
	echo "# GET $P (first request)"
	curl -s -D - -o /dev/null -H "@$hdr" "$UNLEASH_URL$P" | tr -d '\r'
	etag=$(curl -s -D - -o /dev/null -H "@$hdr" "$UNLEASH_URL$P" |
	    tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
	echo "# GET $P with If-None-Match: $etag"
	rm -f "$body"
	curl -s -D - -o "$body" -H "@$hdr" -H "If-None-Match: $etag" \
	    "$UNLEASH_URL$P" | tr -d '\r'
	echo "# body length of the 304 answer: $( { [ -f "$body" ] && wc -c <"$body"; } || echo 0)"
} >"$udir/etag-headers.txt"

# --- Prometheus ---------------------------------------------------------
T=1795001800
S=1795000000
E=1795002400
RATE='sum by (service,version)(rate(http_requests_total[1m]))'
ERR='sum by (service,version)(rate(http_requests_total{code=~"5.."}[1m])) / sum by (service,version)(rate(http_requests_total[1m]))'
P99='histogram_quantile(0.99, sum by (service,version,le)(rate(http_request_duration_seconds_bucket[1m])))'

# pcall FILE WANT PATH NAME=VALUE...: one Prometheus GET.
pcall()
{
	local file=$1 want=$2 path=$3 a args=(-s -G -o "$body" -w '%{http_code}')
	shift 3
	for a in "$@"; do
		args+=(--data-urlencode "$a")
	done
	status=$(curl "${args[@]}" "$PROM_URL$path")
	expect "$want"
	pretty "$body" "$pdir/$file"
	{
		printf '%s %s GET %s' "$file" "$status" "$path"
		printf ' %q' "$@"
		echo
	} >>"$pdir/index.txt"
}

pcall vector-rate.json 200 /api/v1/query "query=$RATE" "time=$T"
pcall vector-error-ratio.json 200 /api/v1/query "query=$ERR" "time=$T"
pcall vector-p99.json 200 /api/v1/query "query=$P99" "time=$T"
pcall vector-fractional-time.json 200 /api/v1/query "query=$RATE" \
    "time=$T.5"
pcall matrix-error-ratio.json 200 /api/v1/query_range "query=$ERR" \
    "start=$S" "end=$E" "step=60"
pcall scalar.json 200 /api/v1/query \
    "query=scalar(sum(rate(http_requests_total[1m])))" "time=$T"
pcall empty.json 200 /api/v1/query \
    'query=http_requests_total{service="no-such-service"}' "time=$T"
pcall inf.json 200 /api/v1/query "query=($RATE - 60) / 0" "time=$T"
pcall scalar-neg-inf.json 200 /api/v1/query 'query=-1/0' "time=$T"
pcall error-400.json 400 /api/v1/query 'query=sum(' "time=$T"
pcall error-400-time.json 400 /api/v1/query 'query=up' 'time=abc'
pcall error-400-resolution.json 400 /api/v1/query_range 'query=up' \
    "start=$S" "end=$E" 'step=0.1'
pcall error-422.json 422 /api/v1/query \
    'query=http_requests_total{service="checkout"} - ignoring(code) http_requests_total{service="checkout"}' \
    "time=$T"
curl -s -i "$PROM_URL/api/v1/no-such-path" | tr -d '\r' |
    grep -v '^Date:' >"$pdir/404.txt"
printf '404.txt 404 GET /api/v1/no-such-path (status line and headers kept, Date removed)\n' \
    >>"$pdir/index.txt"

# Nothing saved may carry the token.
if grep -rqF -- "$secret" "$udir" "$pdir"; then
	echo "capture: the admin token leaked into a fixture" >&2
	exit 1
fi
echo "capture: fixtures written to $udir and $pdir"
