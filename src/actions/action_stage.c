/*
 * action_stage.c - move a flag to a named rollout stage, or to the next or
 * previous one.  Sets the percentage of the rollout strategy relboard
 * manages (creating it if missing) and enables the environment; `off`
 * disables it and sets the percentage to 0.
 */
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "core/util.h"

static int
stage_decide(const struct config *cfg, const struct action_args *a,
    const struct flag_state *before, struct flag_target *t, int *usage, char **why)
{
	const struct stage *st;
	const char *now;
	int dir, pct;
	char *list;

	now = flag_stage_of(cfg, before->enabled, before->has_rollout, before->rollout,
	    before->other_strategies);
	if (strcmp(a->stage, "next") == 0 || strcmp(a->stage, "previous") == 0) {
		dir = strcmp(a->stage, "next") == 0 ? 1 : -1;
		if (strcmp(now, "killed") == 0) {
			*why = xstrdup("it is killed: restore it first");
			return -1;
		}
		if (before->has_rollout && before->rollout == RB_UNKNOWN_INT) {
			*why = xstrdup("its rollout percentage is not a number 0-100; "
			    "name the stage to set");
			return -1;
		}
		pct = !before->enabled ? 0 : before->has_rollout ? before->rollout : 100;
		if ((st = stage_step(cfg, pct, dir)) == NULL) {
			*why = xasprintf("it is already at the %s stage", dir > 0 ?
			    "last" : "first");
			return -1;
		}
	} else if ((st = stage_find(cfg, a->stage)) == NULL) {
		list = stage_list(cfg);
		*usage = 1;
		*why = xasprintf("unknown stage \"%s\" (stages: %s)", a->stage, list);
		free(list);
		return -1;
	}
	t->enabled = st->percent > 0;
	t->rollout = st->percent;
	if (st->percent == 0 && !before->has_rollout)
		t->rollout = RB_UNKNOWN_INT;	/* nothing to zero */
	return 0;
}

const struct action_entry action_stage_entry = {
	.name = "stage",
	.usage = "flag stage FLAG STAGE --env ENV [--source NAME] [--expect STAGE[@PCT]] "
	    "[--reason TEXT] [--force] [--dry-run]",
	.needs_stage = 1,
	.needs_reason = 0,
	.decide = stage_decide,
};
