/*
 * action_pause.c - pause a Rollout (spec.paused) where it stands.
 */
#include "actions/rollout_action.h"

const struct rollout_action_entry action_pause_entry = {
	.name = "pause",
	.usage = "rollout pause [SOURCE/]NS/NAME --reason TEXT [--source NAME] "
	    "[--dry-run]",
	.takes_full = false,
};
