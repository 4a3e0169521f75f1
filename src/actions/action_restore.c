/*
 * action_restore.c - bring a killed flag back: enable it again at exactly
 * the percentage it kept while killed.
 */
#include <string.h>

#include "actions/action.h"
#include "core/util.h"

static int
restore_decide(const struct config *cfg, const struct action_args *a,
    const struct flag_state *before, struct flag_target *t, int *usage, char **why)
{
	const char *now = flag_stage_of(cfg, before->enabled, before->has_rollout,
	    before->rollout, before->other_strategies);

	if (strcmp(now, "killed") != 0) {
		*why = xasprintf("it is not killed (it is %s)", now);
		return -1;
	}
	t->enabled = true;
	t->rollout = before->rollout;
	return 0;
}

const struct action_entry action_restore_entry = {
	.name = "restore",
	.usage = "flag restore FLAG --env ENV [--source NAME] [--expect killed@PCT] "
	    "[--reason TEXT] [--force] [--dry-run]",
	.needs_stage = 0,
	.needs_reason = 0,
	.decide = restore_decide,
};
