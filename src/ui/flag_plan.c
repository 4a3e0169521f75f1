/*
 * flag_plan.c - the context the confirmation of a flag action shows: the
 * environment it applies to by default, the flags that depend on the flag
 * and the services it belongs to.  What the action itself would do comes
 * from the action's own decision (core/decide.c), not from here.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rollout_ref.h"
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

/* Service s's rows (one per version with metrics, else one NULL). */
static void
add_service(const struct model *m, const struct service_cfg *s,
    struct plan_svc *out, size_t max, size_t *n)
{
	size_t j, rows = 0;

	for (j = 0; j < m->nservices; j++) {
		if (!streq(m->services[j].service, s->name))
			continue;
		if (*n < max) {
			out[*n].cfg = s;
			out[*n].row = &m->services[j];
		}
		(*n)++;
		rows++;
	}
	if (rows == 0) {
		if (*n < max) {
			out[*n].cfg = s;
			out[*n].row = NULL;
		}
		(*n)++;
	}
}

/* Services `owns` says yes to, with their rows. */
static size_t
plan_owners(const struct model *m, const struct config *cfg,
    int (*owns)(const struct service_cfg *, const void *), const void *arg,
    struct plan_svc *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < cfg->nservices; i++) {
		if (owns(&cfg->services[i], arg))
			add_service(m, &cfg->services[i], out, max, &n);
	}
	return n;
}

static int
owns_flag(const struct service_cfg *s, const void *flag)
{
	size_t j;

	for (j = 0; j < s->nflags; j++) {
		if (strcmp(s->flags[j], flag) == 0)
			return 1;
	}
	return 0;
}

static int
owns_rollout(const struct service_cfg *s, const void *arg)
{
	const struct rollout *r = arg;
	size_t j;

	for (j = 0; j < s->nrollouts; j++) {
		if (rollout_ref_matches_in(s->rollouts[j], r->source,
		    r->namespace, r->name))
			return 1;
	}
	return 0;
}

size_t
plan_services(const struct model *m, const struct config *cfg,
    const char *flag, struct plan_svc *out, size_t max)
{
	return plan_owners(m, cfg, owns_flag, flag, out, max);
}

size_t
plan_rollout_services(const struct model *m, const struct config *cfg,
    const struct rollout *r, struct plan_svc *out, size_t max)
{
	return plan_owners(m, cfg, owns_rollout, r, out, max);
}
