/*
 * action_kill.c - the kill switch: disable a flag in one environment and
 * keep its rollout percentage, so that `restore` brings back exactly the
 * stage it had.  A reason is required.
 */
#include "actions/action.h"
#include "core/util.h"

static int
kill_decide(const struct config *cfg, const struct action_args *a,
    const struct flag_state *before, struct flag_target *t, int *usage, char **why)
{
	if (!before->enabled) {
		*why = xasprintf("it is already %s", flag_stage_of(cfg, before->enabled,
		    before->has_rollout, before->rollout, before->other_strategies));
		return -1;
	}
	t->enabled = false;
	t->rollout = RB_UNKNOWN_INT;	/* keep the percentage */
	return 0;
}

const struct action_entry action_kill_entry = {
	.name = "kill",
	.usage = "flag kill FLAG --env ENV --reason TEXT [--source NAME] [--expect STAGE] "
	    "[--dry-run]",
	.needs_stage = 0,
	.needs_reason = 1,
	.decide = kill_decide,
};
