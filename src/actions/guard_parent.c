/*
 * guard_parent.c - refuses raising a child flag above its parent's stage
 * in the same environment: a child needs its parent (Unleash evaluates the
 * parent first), so exposing it to more traffic than the parent has is a
 * mistake, and a killed or off parent turns the child off anyway.  The
 * parents come from the flag as just read from the service, and so do their
 * stages (the action reads them fresh); a parent that could not be read is
 * judged from the latest poll.  Dependencies that need the parent off are
 * not judged.  Lowering, killing and turning off are never blocked.
 */
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "core/util.h"

/* The parent's exposure in percent, or -1 when it cannot be said. */
static int
parent_percent(const struct flag_env *e)
{
	if (!e->enabled)
		return 0;
	if (e->has_rollout)
		return e->rollout == RB_UNKNOWN_INT ? -1 : e->rollout;
	return e->other_strategies > 0 ? -1 : 100;
}

/* The same for a parent as the service just showed it. */
static int
fresh_percent(const struct flag_state *s)
{
	if (!s->enabled)
		return 0;
	if (s->has_rollout)
		return s->rollout == RB_UNKNOWN_INT ? -1 : s->rollout;
	return s->other_strategies > 0 ? -1 : 100;
}

static int
target_percent(const struct flag_state *before, const struct flag_target *t)
{
	if (t->rollout != RB_UNKNOWN_INT)
		return t->rollout;
	if (before->has_rollout)
		return before->rollout == RB_UNKNOWN_INT ? 100 : before->rollout;
	return 100;
}

static char *
describe(const struct config *cfg, const struct flag_env *e, int pct)
{
	if (e->killed)
		return xasprintf("killed (kept at %d%%)", e->rollout);
	if (pct == 0)
		return xstrdup("off");
	return xasprintf("%s (%d%%)", stage_for_percent(cfg, pct), pct);
}

static int
parent_check(const struct guard_ctx *g, char **why)
{
	const struct flag	*p;
	const struct flag_env	*pe;
	const struct source_status *st;
	const char		*src = g->src != NULL ? g->src->name : NULL;
	size_t			 i;
	int			 want, have;
	char			*was;

	if (!action_raises(g->before, g->target))
		return 0;
	want = target_percent(g->before, g->target);
	for (i = 0; i < g->before->ndeps; i++) {
		const struct flag_dep *d = &g->before->deps[i];

		if (!d->enabled || d->flag == NULL)
			continue;
		if (g->parent_ok != NULL && i < ACTION_MAX_PARENTS && g->parent_ok[i]) {
			have = fresh_percent(&g->parents[i]);
			if (have < 0 || want <= have)
				continue;
			was = flag_state_describe(g->cfg, &g->parents[i]);
			*why = xasprintf("parent %s is %s in %s, so %s cannot go "
			    "above it to %s (%d%%)", d->flag, was, g->a->env,
			    g->a->flag, stage_for_percent(g->cfg, want), want);
			free(was);
			return -1;
		}
		if (g->model == NULL)
			continue;
		p = model_find_flag(g->model, src, d->flag);
		pe = p != NULL ? flag_find_env(p, g->a->env) : NULL;
		if (pe == NULL) {
			st = src != NULL ? model_find_source((struct model *)g->model,
			    src) : NULL;
			if (st == NULL || st->state == SOURCE_OK)
				continue;	/* another project: not judged */
			*why = xasprintf("the stage of parent %s in %s is not known: "
			    "source %s is %s", d->flag, g->a->env, st->name,
			    source_state_name(st->state));
			return -1;
		}
		if ((have = parent_percent(pe)) < 0 || want <= have)
			continue;
		was = describe(g->cfg, pe, have);
		*why = xasprintf("parent %s is %s in %s, so %s cannot go above it "
		    "to %s (%d%%)", d->flag, was, g->a->env, g->a->flag,
		    stage_for_percent(g->cfg, want), want);
		free(was);
		return -1;
	}
	return 0;
}

const struct guard_entry guard_parent_entry = {
	.name = "parent",
	.check = parent_check,
};
