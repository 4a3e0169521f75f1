/*
 * plan_gate.c - the gates a release plan may set, one entry per gate:
 * "services" (the services the flag belongs to, judged as the health
 * guard judges them) and "kpis" (the flag's KPIs in the environment).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "core/util.h"

struct plan_gate_entry {
	const char	*name;
	enum health	(*eval)(const struct config *, const struct model *,
			    const struct plan *, char **why);
};

static bool
service_has_flag(const struct service_cfg *s, const char *flag)
{
	size_t i;

	for (i = 0; i < s->nflags; i++) {
		if (strcmp(s->flags[i], flag) == 0)
			return true;
	}
	return false;
}

/* A metrics source that is not answering, or NULL. */
static const struct source_status *
stale_metrics(const struct config *cfg, const struct model *m)
{
	const struct source_status *st;
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].kind, "prometheus") != 0)
			continue;
		st = model_find_source((struct model *)m, cfg->sources[i].name);
		if (st != NULL && st->state != SOURCE_OK)
			return st;
	}
	return NULL;
}

enum health
flag_services_health(const struct config *cfg, const struct model *m,
    const char *flag, char **why)
{
	const struct service_cfg *s;
	const struct service_health *h;
	const struct source_status *st;
	size_t i, j;

	for (i = 0; i < cfg->nservices; i++) {
		s = &cfg->services[i];
		if (!service_has_flag(s, flag))
			continue;
		if ((st = stale_metrics(cfg, m)) != NULL) {
			*why = xasprintf("the health of %s is not known: metrics source "
			    "%s is %s (%s)", s->name, st->name,
			    source_state_name(st->state), st->error ? st->error :
			    "no answer yet");
			return HEALTH_UNKNOWN;
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
			return HEALTH_CRIT;
		}
	}
	return HEALTH_OK;
}

enum health
flag_kpis_health(const struct config *cfg, const struct model *m,
    const char *flag, const char *env, char **why)
{
	/* No per-flag KPIs in the configuration: nothing fails. */
	(void)cfg;
	(void)m;
	(void)flag;
	(void)env;
	(void)why;
	return HEALTH_OK;
}

static enum health
gate_services(const struct config *cfg, const struct model *m,
    const struct plan *p, char **why)
{
	return flag_services_health(cfg, m, p->flag, why);
}

static enum health
gate_kpis(const struct config *cfg, const struct model *m,
    const struct plan *p, char **why)
{
	return flag_kpis_health(cfg, m, p->flag, p->env, why);
}

static const struct plan_gate_entry gate_table[PLAN_NGATES] = {
	[PLAN_GATE_SERVICES] = { "services", gate_services },
	[PLAN_GATE_KPIS] = { "kpis", gate_kpis },
};

const char *
plan_gate_name(enum plan_gate g)
{
	return gate_table[g].name;
}

int
plan_gate_find(const char *name)
{
	int g;

	for (g = 0; g < PLAN_NGATES; g++) {
		if (strcmp(gate_table[g].name, name) == 0)
			return g;
	}
	return -1;
}

enum health
plan_gate_eval(enum plan_gate g, const struct config *cfg, const struct model *m,
    const struct plan *p, char **why)
{
	return gate_table[g].eval(cfg, m, p, why);
}
