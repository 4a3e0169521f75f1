/*
 * actions.c - the action tables: one row per flag action, one per rollout
 * action, and their guards.
 */
#include <string.h>

#include "actions/action.h"
#include "actions/rollout_action.h"

extern const struct action_entry action_stage_entry;
extern const struct action_entry action_kill_entry;
extern const struct action_entry action_restore_entry;

const struct action_entry *action_table[] = {
	&action_stage_entry,
	&action_kill_entry,
	&action_restore_entry,
	NULL
};

extern const struct guard_entry guard_health_entry;
extern const struct guard_entry guard_parent_entry;

const struct guard_entry *guard_table[] = {
	&guard_health_entry,
	&guard_parent_entry,
	NULL
};

bool
action_raises(const struct flag_state *before, const struct flag_target *t)
{
	int was, will;

	if (!t->enabled)
		return false;
	if (!before->enabled)
		return true;
	was = before->has_rollout ? before->rollout : 100;
	will = t->rollout != RB_UNKNOWN_INT ? t->rollout : was;
	return will > was;
}

const struct action_entry *
action_find(const char *name)
{
	size_t i;

	for (i = 0; action_table[i] != NULL; i++) {
		if (strcmp(action_table[i]->name, name) == 0)
			return action_table[i];
	}
	return NULL;
}

extern const struct rollout_action_entry action_promote_entry;
extern const struct rollout_action_entry action_abort_entry;
extern const struct rollout_action_entry action_retry_entry;
extern const struct rollout_action_entry action_pause_entry;

const struct rollout_action_entry *rollout_action_table[] = {
	&action_promote_entry,
	&action_abort_entry,
	&action_retry_entry,
	&action_pause_entry,
	NULL
};

extern const struct rollout_guard_entry guard_health_rollout_entry;

const struct rollout_guard_entry *rollout_guard_table[] = {
	&guard_health_rollout_entry,
	NULL
};

const struct rollout_action_entry *
rollout_action_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && rollout_action_table[i] != NULL; i++) {
		if (strcmp(rollout_action_table[i]->name, name) == 0)
			return rollout_action_table[i];
	}
	return NULL;
}
