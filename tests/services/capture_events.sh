#!/bin/bash
# tests/services/capture_events.sh - record a flag's history in the event
# log of a real Unleash 7.5.1 as fixtures for the journal view's parser.
#
#   capture_events.sh [WORKDIR]
#
# Starts Unleash (unleash.sh) in WORKDIR (default: a temporary folder) and
# builds the history of flag "checkout-redesign" in two hands: the admin
# token (createdBy "admin") and a user, maria@example.com, signed in with a
# password (createdBy her e-mail) - a change made by someone else.  Writes
# tests/fixtures/unleash-events/ (FIXTURES_DIR overrides tests/fixtures)
# with an index.txt "FILE STATUS METHOD PATH".  Neither the token nor the
# password is written to a fixture or put on a command line.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FIXTURES_DIR:-$top/tests/fixtures}/unleash-events
work=${1:-}
own_work=
if [ -z "$work" ]; then
	work=$(mktemp -d /tmp/relboard-capture.XXXXXX)
	own_work=yes
fi
mkdir -p "$work" "$out"
work=$(cd "$work" && pwd)
cleanup()
{
	"$here/unleash.sh" stop "$work/unleash" || true
	rm -f "$work/auth-header" "$work/cookies" "$work/login"
	[ -z "$own_work" ] || rm -rf "$work"
}
trap cleanup EXIT
"$here/unleash.sh" start "$work/unleash"
# shellcheck source=/dev/null
. "$work/unleash/env"
hdr=$work/auth-header
(umask 077; printf 'Authorization: %s\n' "$(cat "$UNLEASH_TOKEN_FILE")" >"$hdr")
: >"$out/index.txt"

# as WHO METHOD PATH [JSON]: WHO is admin (the token) or maria (her session).
as()
{
	local who=$1 method=$2 path=$3 auth
	shift 3
	if [ "$who" = admin ]; then auth=(-H @"$hdr"); else auth=(-b "$work/cookies"); fi
	curl -sS --fail-with-body -X "$method" "${auth[@]}" \
	    -H 'Content-Type: application/json' ${1:+--data "$1"} \
	    "$UNLEASH_URL$path" >"$work/last"
}
# save FILE PATH [HEADER-FILE]: GET PATH into FILE (indented), note it.
save()
{
	local code
	code=$(curl -sS -o "$work/body" -w '%{http_code}' -H @"${3:-$hdr}" "$UNLEASH_URL$2")
	python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=2, ensure_ascii=False))' \
	    "$work/body" >"$out/$1"
	echo "$1 $code GET $2" >>"$out/index.txt"
}

P=/api/admin/projects/default/features
F=checkout-redesign
as admin POST "$P" "{\"name\":\"$F\",\"type\":\"release\"}"
as admin POST "$P/$F/environments/production/strategies" \
    "{\"name\":\"flexibleRollout\",\"constraints\":[],\"parameters\":{\"rollout\":\"5\",\"stickiness\":\"default\",\"groupId\":\"$F\"}}"
sid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/last")
as admin POST "$P/$F/environments/production/on"
as admin PATCH "$P/$F/environments/production/strategies/$sid" \
    '[{"op":"test","path":"/parameters/rollout","value":"5"},{"op":"replace","path":"/parameters/rollout","value":"20"}]'
# Another flag's events must not show in this one's history.
as admin POST "$P" '{"name":"other-flag","type":"release"}'
as admin POST "$P/other-flag/environments/production/on"

# Someone else: a user with a password, signed in (a session cookie).
as admin POST /api/admin/user-admin \
    '{"email":"maria@example.com","name":"Maria","rootRole":1,"sendEmail":false}'
uid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/last")
pass="Capture-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')-9!"
(umask 077; printf '{"password":"%s"}' "$pass" >"$work/login")
curl -sS --fail-with-body -H @"$hdr" -H 'Content-Type: application/json' \
    --data @"$work/login" "$UNLEASH_URL/api/admin/user-admin/$uid/change-password" >/dev/null
(umask 077; printf '{"username":"maria@example.com","password":"%s"}' "$pass" >"$work/login")
curl -sS --fail-with-body -c "$work/cookies" -H 'Content-Type: application/json' \
    --data @"$work/login" "$UNLEASH_URL/auth/simple/login" >/dev/null
as maria PATCH "$P/$F/environments/production/strategies/$sid" \
    '[{"op":"replace","path":"/parameters/rollout","value":"50"}]'
as maria POST "$P/$F/environments/production/off"
as maria POST "$P/$F/environments/development/strategies" \
    "{\"name\":\"default\",\"constraints\":[],\"parameters\":{}}"
as admin POST "$P/$F/environments/production/on"

save flag-events.json "/api/admin/search/events?feature=IS:$F&limit=50"
save flag-events-limit.json "/api/admin/search/events?feature=IS:$F&limit=2"
save flag-events-unknown.json "/api/admin/search/events?feature=IS:no-such-flag&limit=50"
save flag-events-legacy.json "/api/admin/events/$F"
(umask 077; printf 'Authorization: *:*.not-the-token\n' >"$work/bad-header")
save flag-events-401.json "/api/admin/search/events?feature=IS:$F&limit=50" "$work/bad-header"
if grep -rqF -e "$(sed 's/.*\.//' "$UNLEASH_TOKEN_FILE")" -e "$pass" "$out"; then
	echo "capture_events.sh: a secret reached the fixtures" >&2
	exit 1
fi
echo "fixtures written to $out"
