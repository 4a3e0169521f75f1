/*
 * action_promote.c - promote a paused or stepping Rollout past its pause or
 * current step, or with --full to its new version at once (steps, pauses
 * and analysis skipped).  Guarded by the health of the services that list
 * the rollout, like raising a flag.
 */
#include "actions/rollout_action.h"

const struct rollout_action_entry action_promote_entry = {
	.name = "promote",
	.usage = "rollout promote [SOURCE/]NS/NAME [--full] --reason TEXT "
	    "[--source NAME] [--dry-run]",
	.takes_full = true,
};
