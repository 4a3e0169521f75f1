# tests/integration/flag_target.sh - the flag service of a test run:
# start_flag_target real starts Unleash 7.5.1 and makes, through its Admin
# API, the flags of the simulator's scenario that the flag tests use;
# start_flag_target sim starts relboard-sim.  Either way UNLEASH_URL and
# UNLEASH_TOKEN_FILE are set.  Needs lib.sh.
# shellcheck shell=bash

start_flag_target()
{
	local TARGET=$1
	if [ "$TARGET" = real ]; then
		start_service unleash "$WORK/unleash"
		# The simulator's scenario, as far as these checks use it.
		unleash_flag payments-v2
		unleash_rollout payments-v2 production 100
		unleash_toggle payments-v2 production on
		unleash_flag new-checkout
		unleash_rollout new-checkout production 5
		unleash_toggle new-checkout production on
		unleash_rollout new-checkout development 100
		unleash_toggle new-checkout development on
		unleash_flag fraud-rules-2025
		unleash_rollout fraud-rules-2025 production 20
		unleash_toggle fraud-rules-2025 production on
		unleash_toggle fraud-rules-2025 production off
		unleash_flag legacy-cart-api
	else
		UNLEASH_TOKEN_FILE=$WORK/sim.token
		(umask 077 && echo "*:*.sim-secret-$$" >"$UNLEASH_TOKEN_FILE")
		"$top_builddir/src/relboard-sim" --port 0 --token-file "$UNLEASH_TOKEN_FILE" \
		    >"$WORK/sim.out" 2>&1 &
		SIM_PID=$!
		trap 'kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null; cleanup' EXIT
		for _ in $(seq 50); do
			grep -q listening "$WORK/sim.out" && break
			sleep 0.1
		done
		UNLEASH_URL=http://$(sed -n 's/^listening on //p' "$WORK/sim.out")
	fi
}
