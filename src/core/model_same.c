/*
 * model_same.c - whether a flag or rollout of a new poll says the same as
 * the one the model has, field by field: what adapters fill in, not what
 * model_classify(), model_effective() or pins derive.  model_apply() keeps
 * an unchanged item as it was, so that a poll changes only the rows of
 * what changed.
 */
#include <string.h>

#include "core/model.h"

/* Both absent, or the same text (an absent one differs from ""). */
static bool
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static bool
env_same(const struct flag_env *a, const struct flag_env *b)
{
	return same(a->name, b->name) && same(a->type, b->type) &&
	    a->enabled == b->enabled && a->has_rollout == b->has_rollout &&
	    a->rollout == b->rollout && same(a->strategy_id, b->strategy_id) &&
	    a->other_strategies == b->other_strategies &&
	    a->unknown == b->unknown && same(a->reason, b->reason);
}

bool
model_same_flag(const struct flag *a, const struct flag *b)
{
	size_t i;

	if (!same(a->source, b->source) || !same(a->project, b->project) ||
	    !same(a->name, b->name) || !same(a->type, b->type) ||
	    a->stale != b->stale || a->deps_unknown != b->deps_unknown ||
	    a->nenvs != b->nenvs || a->ndeps != b->ndeps)
		return false;
	for (i = 0; i < a->nenvs; i++) {
		if (!env_same(&a->envs[i], &b->envs[i]))
			return false;
	}
	for (i = 0; i < a->ndeps; i++) {
		if (!same(a->deps[i].flag, b->deps[i].flag) ||
		    a->deps[i].enabled != b->deps[i].enabled)
			return false;
	}
	return true;
}

static bool
steps_same(const struct rollout *a, const struct rollout *b)
{
	size_t i;

	if (a->nsteps != b->nsteps)
		return false;
	for (i = 0; i < a->nsteps; i++) {
		const struct rollout_step *x = &a->steps[i], *y = &b->steps[i];

		if (x->kind != y->kind || x->weight != y->weight ||
		    !same(x->pause, y->pause) || !same(x->name, y->name) ||
		    !same(x->detail, y->detail))
			return false;
	}
	return true;
}

static bool
images_same(const struct rollout *a, const struct rollout *b)
{
	size_t i;

	if (a->nimages != b->nimages || a->nimage_roles != b->nimage_roles)
		return false;
	for (i = 0; i < a->nimages; i++) {
		if (!same(a->images[i], b->images[i]))
			return false;
	}
	for (i = 0; i < a->nimage_roles; i++) {
		if (!same(a->image_roles[i].image, b->image_roles[i].image) ||
		    !same(a->image_roles[i].roles, b->image_roles[i].roles))
			return false;
	}
	return true;
}

static bool
conditions_same(const struct rollout *a, const struct rollout *b)
{
	size_t i;

	if (a->nconditions != b->nconditions)
		return false;
	for (i = 0; i < a->nconditions; i++) {
		const struct rollout_condition *x = &a->conditions[i];
		const struct rollout_condition *y = &b->conditions[i];

		if (!same(x->type, y->type) || !same(x->status, y->status) ||
		    !same(x->reason, y->reason) ||
		    !same(x->message, y->message) ||
		    !same(x->last_transition, y->last_transition))
			return false;
	}
	return true;
}

static bool
live_same(const struct rollout_live *a, const struct rollout_live *b)
{
	return a->known == b->known &&
	    same(a->resource_version, b->resource_version) &&
	    a->canary == b->canary && a->bluegreen == b->bluegreen &&
	    a->nsteps == b->nsteps && a->step_index == b->step_index &&
	    a->spec_paused == b->spec_paused &&
	    a->npause_conditions == b->npause_conditions &&
	    a->controller_pause == b->controller_pause &&
	    a->abort == b->abort && a->promote_full == b->promote_full &&
	    a->inconclusive == b->inconclusive && a->on_stable == b->on_stable;
}

bool
model_same_rollout(const struct rollout *a, const struct rollout *b)
{
	const struct rollout_replicas *x = &a->replicas, *y = &b->replicas;

	return same(a->source, b->source) &&
	    same(a->namespace, b->namespace) && same(a->name, b->name) &&
	    same(a->kind, b->kind) && same(a->strategy, b->strategy) &&
	    same(a->status, b->status) && same(a->message, b->message) &&
	    a->step_index == b->step_index && a->step_count == b->step_count &&
	    a->set_weight == b->set_weight &&
	    a->actual_weight == b->actual_weight &&
	    x->desired == y->desired && x->current == y->current &&
	    x->updated == y->updated && x->ready == y->ready &&
	    x->available == y->available &&
	    a->waiting_for_human == b->waiting_for_human &&
	    a->since_wall == b->since_wall && live_same(&a->live, &b->live) &&
	    steps_same(a, b) && images_same(a, b) && conditions_same(a, b);
}
