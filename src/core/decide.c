/*
 * decide.c - what a flag action would do: move to a stage (named, next or
 * previous), kill (disable and keep the percentage, so a restore brings back
 * exactly the stage it had) or restore (enable again at the kept
 * percentage).  One table of deciders; the action run and the dashboard's
 * confirmation both call flag_decide(), so what the dialog shows is what
 * the action does.
 */
#include <stdlib.h>
#include <string.h>

#include "core/decide.h"
#include "core/util.h"

struct decider {
	const char	*action;
	enum decide_result (*decide)(const struct config *, const char *stage,
			    const struct flag_state *, struct decision *);
};

static const char *
stage_now(const struct config *cfg, const struct flag_state *s)
{
	return flag_stage_of(cfg, s->enabled, s->has_rollout, s->rollout,
	    s->other_strategies);
}

char *
flag_state_describe(const struct config *cfg, const struct flag_state *st)
{
	const char *stage = stage_now(cfg, st);

	if (strcmp(stage, "killed") == 0)
		return xasprintf("killed (kept at %s, %d%%)",
		    stage_for_percent(cfg, st->rollout), st->rollout);
	if (!st->enabled)
		return xstrdup("off");
	if (!st->has_rollout)
		return xasprintf("%s (%s)", stage, st->other_strategies ?
		    "other strategies" : "on, no strategy");
	if (st->rollout == RB_UNKNOWN_INT)
		return xstrdup("custom (invalid percentage)");
	return xasprintf("%s (%d%%)", stage, st->rollout);
}

void
flag_state_preview(const struct flag_state *before, const struct flag_target *t,
    struct flag_state *out)
{
	memset(out, 0, sizeof *out);
	out->enabled = t->enabled;
	out->has_rollout = before->has_rollout;
	out->rollout = before->rollout;
	out->other_strategies = before->other_strategies;
	if (t->rollout != RB_UNKNOWN_INT) {
		out->has_rollout = true;
		out->rollout = t->rollout;
	}
}

void
flag_state_of_env(const struct flag_env *e, struct flag_state *out)
{
	memset(out, 0, sizeof *out);
	out->enabled = e->enabled;
	out->has_rollout = e->has_rollout;
	out->rollout = e->rollout;
	out->other_strategies = e->other_strategies;
}

bool
decide_env_protected(const struct config *cfg, const char *env,
    const char *env_type)
{
	size_t i;

	if (env_type != NULL && strcmp(env_type, "production") == 0)
		return true;
	for (i = 0; env != NULL && i < cfg->nprotected_envs; i++) {
		if (strcmp(cfg->protected_envs[i], env) == 0)
			return true;
	}
	return false;
}

static enum decide_result
decide_stage(const struct config *cfg, const char *stage,
    const struct flag_state *before, struct decision *d)
{
	const struct stage *st;
	const char *now = stage_now(cfg, before);
	int dir, pct;
	char *list;

	if (stage == NULL || *stage == '\0') {
		list = stage_list(cfg);
		d->why = xasprintf("which stage? (stages: %s, or next, previous)",
		    list);
		free(list);
		return DECIDE_USAGE;
	}
	if (strcmp(stage, "next") == 0 || strcmp(stage, "previous") == 0) {
		dir = strcmp(stage, "next") == 0 ? 1 : -1;
		if (strcmp(now, "killed") == 0) {
			d->why = xstrdup("it is killed: restore it first");
			return DECIDE_REFUSED;
		}
		if (before->has_rollout && before->rollout == RB_UNKNOWN_INT) {
			d->why = xstrdup("its rollout percentage is not a number "
			    "0-100; name the stage to set");
			return DECIDE_REFUSED;
		}
		pct = !before->enabled ? 0 : before->has_rollout ?
		    before->rollout : 100;
		if ((st = stage_step(cfg, pct, dir)) == NULL) {
			d->why = xasprintf("it is already at the %s stage (%s)",
			    dir > 0 ? "last" : "first", now);
			return DECIDE_REFUSED;
		}
	} else if ((st = stage_find(cfg, stage)) == NULL) {
		list = stage_list(cfg);
		d->why = xasprintf("unknown stage \"%s\" (stages: %s)", stage,
		    list);
		free(list);
		return DECIDE_USAGE;
	}
	d->stage = st->name;
	d->target.enabled = st->percent > 0;
	d->target.rollout = st->percent;
	if (st->percent == 0 && !before->has_rollout)
		d->target.rollout = RB_UNKNOWN_INT;	/* nothing to zero */
	return DECIDE_OK;
}

static enum decide_result
decide_kill(const struct config *cfg, const char *stage,
    const struct flag_state *before, struct decision *d)
{
	if (!before->enabled) {
		d->why = xasprintf("it is already %s", stage_now(cfg, before));
		return DECIDE_REFUSED;
	}
	d->target.enabled = false;
	d->target.rollout = RB_UNKNOWN_INT;	/* keep the percentage */
	d->needs_name = true;
	d->needs_reason = true;
	return DECIDE_OK;
}

static enum decide_result
decide_restore(const struct config *cfg, const char *stage,
    const struct flag_state *before, struct decision *d)
{
	const char *now = stage_now(cfg, before);

	if (strcmp(now, "killed") != 0) {
		d->why = xasprintf("it is not killed (it is %s)", now);
		return DECIDE_REFUSED;
	}
	d->target.enabled = true;
	d->target.rollout = before->rollout;
	return DECIDE_OK;
}

static const struct decider deciders[] = {
	{ "stage", decide_stage },
	{ "kill", decide_kill },
	{ "restore", decide_restore },
};

enum decide_result
flag_decide(const struct config *cfg, const char *action, const char *stage,
    const struct flag_state *before, bool env_protected, struct decision *d)
{
	const struct decider *dc = NULL;
	struct flag_state after;
	size_t i;

	memset(d, 0, sizeof *d);
	d->target.rollout = RB_UNKNOWN_INT;
	for (i = 0; action != NULL && i < sizeof deciders / sizeof deciders[0];
	    i++) {
		if (strcmp(deciders[i].action, action) == 0)
			dc = &deciders[i];
	}
	d->before = flag_state_describe(cfg, before);
	if (dc == NULL) {
		d->why = xasprintf("unknown action \"%s\" (actions: stage, kill, "
		    "restore)", action != NULL ? action : "");
		return d->result = DECIDE_USAGE;
	}
	if ((d->result = dc->decide(cfg, stage, before, d)) != DECIDE_OK)
		return d->result;
	if (flag_state_matches(before, &d->target)) {
		d->why = xasprintf("it is already %s; nothing to change",
		    d->before);
		return d->result = DECIDE_NOTHING;
	}
	flag_state_preview(before, &d->target, &after);
	d->after = flag_state_describe(cfg, &after);
	/* Off for everyone in a protected environment is a kill in effect. */
	if (before->enabled && !d->target.enabled && env_protected &&
	    strcmp(action, "kill") != 0) {
		d->protected_off = true;
		d->needs_name = true;
		d->needs_reason = true;
	}
	return DECIDE_OK;
}

void
decision_free(struct decision *d)
{
	free(d->why);
	free(d->before);
	free(d->after);
	memset(d, 0, sizeof *d);
}
