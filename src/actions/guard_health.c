/*
 * guard_health.c - refuses raising a flag's exposure (a higher stage, or
 * restoring it) while a service it belongs to is critical, or while the
 * metrics that would say so are stale.  Killing is never blocked.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "core/util.h"

static int
service_has_flag(const struct service_cfg *s, const char *flag)
{
	size_t i;

	for (i = 0; i < s->nflags; i++) {
		if (strcmp(s->flags[i], flag) == 0)
			return 1;
	}
	return 0;
}

/* A metrics source that is not answering, or NULL. */
static const struct source_status *
stale_metrics(const struct config *cfg, const struct model *m)
{
	size_t i;
	const struct source_status *st;

	for (i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].kind, "prometheus") != 0)
			continue;
		st = model_find_source((struct model *)m, cfg->sources[i].name);
		if (st != NULL && st->state != SOURCE_OK)
			return st;
	}
	return NULL;
}

static int
health_check(const struct guard_ctx *g, char **why)
{
	const struct model *m = g->model;
	const struct service_cfg *s;
	const struct service_health *h;
	const struct source_status *st;
	size_t i, j;

	if (!action_raises(g->before, g->target) || m == NULL)
		return 0;
	for (i = 0; i < g->cfg->nservices; i++) {
		s = &g->cfg->services[i];
		if (!service_has_flag(s, g->a->flag))
			continue;
		if ((st = stale_metrics(g->cfg, m)) != NULL) {
			*why = xasprintf("the health of %s is not known: metrics source "
			    "%s is %s (%s)", s->name, st->name,
			    source_state_name(st->state), st->error ? st->error :
			    "no answer yet");
			return -1;
		}
		for (j = 0; j < m->nservices; j++) {
			h = &m->services[j];
			if (!streq(h->service, s->name) || h->health != HEALTH_CRIT)
				continue;
			*why = xasprintf("service %s%s%s is crit: error ratio %.2f%%, "
			    "p99 %.0f ms", s->name, h->version ? " " : "",
			    h->version ? h->version : "", isnan(h->error_ratio) ? 0 :
			    h->error_ratio * 100, isnan(h->latency_p99) ? 0 :
			    h->latency_p99 * 1000);
			return -1;
		}
	}
	return 0;
}

const struct guard_entry guard_health_entry = {
	.name = "health",
	.check = health_check,
};
