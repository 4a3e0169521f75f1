/*
 * guard_health.c - refuses raising a flag's exposure (a higher stage, or
 * restoring it), or promoting or retrying a rollout, while a service it
 * belongs to is critical, or while the metrics that would say so are
 * stale.  Killing a flag and aborting a rollout are never blocked.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "actions/rollout_action.h"
#include "core/rollout_ref.h"
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

/* 0 when service s is fine; -1 with *why when crit or not known. */
static int
service_check(const struct config *cfg, const struct model *m,
    const struct service_cfg *s, char **why)
{
	const struct service_health *h;
	const struct source_status *st;
	size_t j;

	if ((st = stale_metrics(cfg, m)) != NULL) {
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
	return 0;
}

static int
health_check(const struct guard_ctx *g, char **why)
{
	const struct service_cfg *s;
	size_t i;

	if (!action_raises(g->before, g->target) || g->model == NULL)
		return 0;
	for (i = 0; i < g->cfg->nservices; i++) {
		s = &g->cfg->services[i];
		if (service_has_flag(s, g->a->flag) &&
		    service_check(g->cfg, g->model, s, why) != 0)
			return -1;
	}
	return 0;
}

static int
service_has_rollout(const struct service_cfg *s, const char *source,
    const char *ns, const char *name)
{
	size_t i;

	for (i = 0; i < s->nrollouts; i++) {
		if (rollout_ref_matches_in(s->rollouts[i], source, ns, name))
			return 1;
	}
	return 0;
}

/* Promote and retry put traffic on the new version: judged like a raise. */
static int
health_check_rollout(const struct rollout_guard_ctx *g, char **why)
{
	const struct service_cfg *s;
	size_t i;

	if (!g->decision->guarded || g->model == NULL)
		return 0;
	for (i = 0; i < g->cfg->nservices; i++) {
		s = &g->cfg->services[i];
		if (service_has_rollout(s, g->source, g->namespace, g->name) &&
		    service_check(g->cfg, g->model, s, why) != 0)
			return -1;
	}
	return 0;
}

const struct guard_entry guard_health_entry = {
	.name = "health",
	.check = health_check,
};

const struct rollout_guard_entry guard_health_rollout_entry = {
	.name = "health",
	.check = health_check_rollout,
};
