/*
 * flag_state.c - freeing and comparing the flag states actions work on.
 */
#include <stdlib.h>
#include <string.h>

#include "core/flag_state.h"

void
flag_state_free(struct flag_state *st)
{
	size_t i;

	free(st->rollout_json);
	free(st->strategy_id);
	free(st->env_type);
	for (i = 0; i < st->nchildren; i++)
		free(st->children[i]);
	free(st->children);
	for (i = 0; i < st->ndeps; i++)
		free(st->deps[i].flag);
	free(st->deps);
	for (i = 0; i < st->nenvs; i++)
		free(st->envs[i]);
	free(st->envs);
	memset(st, 0, sizeof *st);
}

bool
flag_state_matches(const struct flag_state *st, const struct flag_target *t)
{
	if (st->enabled != t->enabled)
		return false;
	if (t->rollout == RB_UNKNOWN_INT)
		return true;
	return st->has_rollout && st->rollout == t->rollout;
}
