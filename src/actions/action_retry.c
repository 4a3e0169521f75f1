/*
 * action_retry.c - retry an aborted Rollout: the update starts again, so
 * it is guarded by service health like a promote.
 */
#include "actions/rollout_action.h"

const struct rollout_action_entry action_retry_entry = {
	.name = "retry",
	.usage = "rollout retry [SOURCE/]NS/NAME --reason TEXT [--source NAME] "
	    "[--dry-run]",
	.takes_full = false,
};
