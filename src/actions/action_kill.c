/*
 * action_kill.c - the kill switch: disable a flag in one environment and
 * keep its rollout percentage, so that `restore` brings back exactly the
 * stage it had.  A reason is required.
 */
#include "actions/action.h"

const struct action_entry action_kill_entry = {
	.name = "kill",
	.usage = "flag kill FLAG --env ENV --reason TEXT [--source NAME] [--expect STAGE] "
	    "[--dry-run]",
	.needs_stage = 0,
	.needs_reason = 1,
};
