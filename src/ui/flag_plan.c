/*
 * flag_plan.c - previews of flag actions for the confirmation dialog.  The
 * decisions mirror the actions' own (src/actions/action_*.c), so that an
 * action the dialog offers is one the action layer accepts unless the flag
 * changed meanwhile.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/flag_plan.h"

const char *
plan_default_env(const char *const *envs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (envs[i] != NULL && strcmp(envs[i], "production") == 0)
			return envs[i];
	}
	return n > 0 ? envs[0] : NULL;
}

static char *
describe(const struct config *cfg, bool enabled, bool has_rollout, int rollout,
    int other)
{
	const char	*stage;

	stage = flag_stage_of(cfg, enabled, has_rollout, rollout, other);
	if (strcmp(stage, "killed") == 0)
		return xasprintf("killed (kept at %s, %d%%)",
		    stage_for_percent(cfg, rollout), rollout);
	if (!enabled)
		return xstrdup("off");
	if (!has_rollout)
		return xasprintf("%s (%s)", stage, other ?
		    "other strategies" : "on, no strategy");
	if (rollout == RB_UNKNOWN_INT)
		return xstrdup("custom (invalid percentage)");
	return xasprintf("%s (%d%%)", stage, rollout);
}

char *
plan_describe(const struct config *cfg, const struct flag_env *e)
{
	return describe(cfg, e->enabled, e->has_rollout, e->rollout,
	    e->other_strategies);
}

static int
preview_stage(const struct config *cfg, const struct flag_env *e,
    const char *now, const char *name, struct plan *p, char **why)
{
	const struct stage	*st;
	int			 dir, pct, has_rollout;

	if (strcmp(name, "next") == 0 || strcmp(name, "previous") == 0) {
		dir = strcmp(name, "next") == 0 ? 1 : -1;
		if (strcmp(now, "killed") == 0) {
			*why = xstrdup("it is killed: restore it first");
			return -1;
		}
		if (e->has_rollout && e->rollout == RB_UNKNOWN_INT) {
			*why = xstrdup("its rollout percentage is not a number "
			    "0-100; name the stage to set");
			return -1;
		}
		pct = !e->enabled ? 0 : e->has_rollout ? e->rollout : 100;
		if ((st = stage_step(cfg, pct, dir)) == NULL) {
			*why = xasprintf("it is already at the %s stage (%s)",
			    dir > 0 ? "last" : "first", now);
			return -1;
		}
	} else if ((st = stage_find(cfg, name)) == NULL) {
		*why = xasprintf("unknown stage \"%s\"", name);
		return -1;
	} else if (strcmp(now, name) == 0) {
		*why = xasprintf("it is already at %s", name);
		return -1;
	}
	has_rollout = e->has_rollout || st->percent > 0;
	p->stage = st->name;
	p->after = describe(cfg, st->percent > 0, has_rollout,
	    has_rollout ? st->percent : e->rollout, e->other_strategies);
	return 0;
}

int
plan_preview(const struct config *cfg, const struct flag_env *e,
    const char *action, const char *stage, struct plan *p, char **why)
{
	const char	*now;

	memset(p, 0, sizeof *p);
	now = flag_stage_of(cfg, e->enabled, e->has_rollout, e->rollout,
	    e->other_strategies);
	if (strcmp(action, "stage") == 0) {
		if (stage == NULL || preview_stage(cfg, e, now, stage, p,
		    why) != 0) {
			if (stage == NULL)
				*why = xstrdup("which stage?");
			return -1;
		}
	} else if (strcmp(action, "kill") == 0) {
		if (!e->enabled) {
			*why = xasprintf("it is already %s", now);
			return -1;
		}
		p->after = describe(cfg, false, e->has_rollout, e->rollout,
		    e->other_strategies);
	} else if (strcmp(action, "restore") == 0) {
		if (strcmp(now, "killed") != 0) {
			*why = xasprintf("it is not killed (it is %s)", now);
			return -1;
		}
		p->after = describe(cfg, true, e->has_rollout, e->rollout,
		    e->other_strategies);
	} else {
		*why = xasprintf("unknown action \"%s\"", action);
		return -1;
	}
	p->before = plan_describe(cfg, e);
	return 0;
}

void
plan_free(struct plan *p)
{
	free(p->before);
	free(p->after);
	memset(p, 0, sizeof *p);
}

size_t
plan_dependents(const struct model *m, const struct flag *parent,
    const char *env, struct plan_dep *out, size_t max)
{
	const struct flag	*f;
	size_t			 i, k, n = 0;

	for (i = 0; i < m->nflags; i++) {
		f = &m->flags[i];
		if (f == parent || !streq(f->source, parent->source))
			continue;
		for (k = 0; k < f->ndeps; k++) {
			if (f->deps[k].flag == NULL ||
			    !streq(f->deps[k].flag, parent->name))
				continue;
			if (n < max) {
				out[n].flag = f;
				out[n].env = env != NULL ? flag_find_env(f, env) :
				    NULL;
				out[n].wants_enabled = f->deps[k].enabled;
			}
			n++;
			break;
		}
	}
	return n;
}

size_t
plan_services(const struct model *m, const struct config *cfg,
    const char *flag, struct plan_svc *out, size_t max)
{
	const struct service_cfg	*s;
	size_t				 i, j, n = 0, rows;
	int				 owns;

	for (i = 0; i < cfg->nservices; i++) {
		s = &cfg->services[i];
		owns = 0;
		for (j = 0; j < s->nflags && !owns; j++)
			owns = strcmp(s->flags[j], flag) == 0;
		if (!owns)
			continue;
		rows = 0;
		for (j = 0; j < m->nservices; j++) {
			if (!streq(m->services[j].service, s->name))
				continue;
			if (n < max) {
				out[n].cfg = s;
				out[n].row = &m->services[j];
			}
			n++;
			rows++;
		}
		if (rows == 0) {
			if (n < max) {
				out[n].cfg = s;
				out[n].row = NULL;
			}
			n++;
		}
	}
	return n;
}
