/*
 * action_abort.c - abort a Rollout's update: all traffic goes back to the
 * stable version.  Never blocked by a guard.
 */
#include "actions/rollout_action.h"

const struct rollout_action_entry action_abort_entry = {
	.name = "abort",
	.usage = "rollout abort [SOURCE/]NS/NAME --reason TEXT [--source NAME] "
	    "[--dry-run]",
	.takes_full = false,
};
