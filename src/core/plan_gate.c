/*
 * plan_gate.c - the gates a release plan may set, one entry per gate:
 * "services" (the services the flag belongs to, judged as the health
 * guard judges them: svc_health.c) and "kpis" (the flag's KPIs in the environment).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kpi.h"
#include "core/plan.h"
#include "core/svc_health.h"
#include "core/util.h"

struct plan_gate_entry {
	const char	*name;
	enum health	(*eval)(const struct config *, const struct model *,
			    const struct plan *, char **why);
};

enum health
flag_kpis_health(const struct config *cfg, const struct model *m,
    const char *flag, const char *env, char **why)
{
	const struct kpi_value *v;
	enum health h;
	size_t i;

	(void)cfg;
	h = kpi_health_of_flag(m, flag, env);
	if (h == HEALTH_OK || h == HEALTH_WARN)
		return h;
	/* Name the first KPI that is as bad as the worst. */
	for (i = 0; i < m->nkpis; i++) {
		v = &m->kpis[i];
		if (strcmp(v->flag, flag) != 0 || strcmp(v->env, env) != 0 ||
		    v->health != h)
			continue;
		if (h == HEALTH_CRIT)
			*why = xasprintf("KPI %s is crit: %g", v->name, v->value);
		else
			*why = xasprintf("KPI %s is not known: %s", v->name,
			    v->error ? v->error : "no value yet");
		break;
	}
	return h;
}

static enum health
gate_services(const struct config *cfg, const struct model *m,
    const struct plan *p, char **why)
{
	return svc_health_of_flag(cfg, m, p->flag, why);
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
