# tests/integration/lib.sh - shared helpers of relboard's integration tests:
# a work folder cleaned on exit, starting the real services (skip with 77
# when they are not installed, unless RELBOARD_REQUIRE_SERVICES=1), calling
# the Unleash Admin API without putting the token on a command line, and
# JSON assertions with python3.
# shellcheck shell=bash

: "${srcdir:=.}"
: "${top_builddir:=.}"
RELBOARD=${RELBOARD:-$top_builddir/src/relboard}
SERVICES=$srcdir/tests/services
WORK=$(mktemp -d "${TMPDIR:-/tmp}/relboard-it.XXXXXX")
STARTED=()

cleanup()
{
	local s
	for s in "${STARTED[@]}"; do
		bash "$SERVICES/${s%%:*}.sh" stop "${s#*:}" >/dev/null 2>&1 || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

skip_or_fail()
{
	if [ "${RELBOARD_REQUIRE_SERVICES:-0}" = 1 ]; then
		echo "FAIL: $1 (RELBOARD_REQUIRE_SERVICES=1)" >&2
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}

# start_service NAME DIR [ARGS...]: start tests/services/NAME.sh; load its env.
start_service()
{
	local name=$1 dir=$2 rc=0
	shift 2
	bash "$SERVICES/$name.sh" start "$dir" "$@" >"$WORK/$name.log" 2>&1 || rc=$?
	if [ "$rc" = 77 ]; then
		skip_or_fail "$name is not installed: $(tail -n 1 "$WORK/$name.log")"
	elif [ "$rc" != 0 ]; then
		echo "FAIL: could not start $name:" >&2
		cat "$WORK/$name.log" >&2
		exit 1
	fi
	STARTED+=("$name:$dir")
	# shellcheck disable=SC1091
	. "$dir/env"
}

# unleash_api METHOD PATH [JSON]: call the Admin API; the token goes through
# a header file, never the command line.  Prints the body; fails on >= 400.
unleash_api()
{
	local hdr=$WORK/unleash.hdr
	if [ ! -f "$hdr" ]; then
		(umask 077 && printf 'Authorization: %s\n' "$(cat "$UNLEASH_TOKEN_FILE")" >"$hdr")
	fi
	if [ $# -ge 3 ]; then
		curl -sS --fail-with-body -X "$1" -H @"$hdr" \
		    -H 'Content-Type: application/json' --data "$3" "$UNLEASH_URL$2"
	else
		curl -sS --fail-with-body -X "$1" -H @"$hdr" "$UNLEASH_URL$2"
	fi
}

# unleash_flag_is FLAG ENV ENABLED ROLLOUT: the flag as the server has it
# (Admin API; ROLLOUT "none" without a flexibleRollout strategy), or FAIL.
unleash_flag_is()
{
	unleash_api GET "/api/admin/projects/default/features/$1" >"$WORK/flag.json"
	python3 - "$WORK/flag.json" "$2" "$3" "$4" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
env = [e for e in d["environments"] if e["name"] == sys.argv[2]][0]
roll = [s["parameters"].get("rollout") for s in env.get("strategies", [])
        if s["name"] == "flexibleRollout"]
got = (str(env["enabled"]).lower(), roll[0] if roll else "none")
want = (sys.argv[3], sys.argv[4])
if got != want:
    print("FAIL: server has %s %s: enabled=%s rollout=%s, want enabled=%s rollout=%s"
          % (d["name"], sys.argv[2], got[0], got[1], want[0], want[1]))
    sys.exit(1)
PY
}

# check FILE PYTHON-EXPRESSIONS: run assertions on the JSON in FILE (as `d`).
check()
{
	python3 - "$1" "$2" <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
def flag(name, src=None):
    for f in d["flags"]:
        if f["name"] == name and (src is None or f["source"] == src):
            return f
    raise AssertionError("flag %s missing" % name)
def env(name, e):
    for x in flag(name)["environments"]:
        if x["name"] == e:
            return x
    raise AssertionError("env %s of %s missing" % (e, name))
def svc(name, version):
    for s in d["services"]:
        if s["service"] == name and s["version"] == version:
            return s
    raise AssertionError("service %s %s missing" % (name, version))
def source(name):
    for s in d["sources"]:
        if s["name"] == name:
            return s
    raise AssertionError("source %s missing" % name)
for n, line in enumerate(sys.argv[2].strip().splitlines(), 1):
    line = line.strip()
    if not line:
        continue
    try:
        ok = eval(line)
    except Exception as e:
        print("FAIL: %s: %r" % (line, e)); sys.exit(1)
    if not ok:
        print("FAIL: %s" % line); sys.exit(1)
    print("ok - %s" % line)
PY
}
