/*
 * kpi.c - per-flag KPIs in the model: a value judged by its threshold,
 * the values a prometheus source's poll brings (kept grouped by flag and
 * environment in the order the config lists them), and the health of a
 * flag's KPIs in an environment.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kpi.h"
#include "core/util.h"

enum health
kpi_health_of_value(const struct kpi_cfg *k, double value)
{
	if (!isfinite(value))
		return HEALTH_UNKNOWN;
	if (k->bad)
		return value > k->threshold ? HEALTH_CRIT : HEALTH_OK;
	return value > k->threshold ? HEALTH_OK : HEALTH_WARN;
}

/* How bad a health is for a gate: ok < unknown < warn < crit. */
static int
badness(enum health h)
{
	switch (h) {
	case HEALTH_OK:
		return 0;
	case HEALTH_UNKNOWN:
		return 1;
	case HEALTH_WARN:
		return 2;
	default:
		return 3;
	}
}

enum health
kpi_health_count(const struct model *m, const char *flag, const char *env,
    size_t *count)
{
	enum health worst = HEALTH_OK;
	size_t i, n = 0;

	for (i = 0; i < m->nkpis; i++) {
		const struct kpi_value *v = &m->kpis[i];

		if (strcmp(v->flag, flag) != 0 || strcmp(v->env, env) != 0)
			continue;
		n++;
		if (badness(v->health) > badness(worst))
			worst = v->health;
	}
	if (count != NULL)
		*count = n;
	return worst;
}

enum health
kpi_health_of_flag(const struct model *m, const char *flag, const char *env)
{
	return kpi_health_count(m, flag, env, NULL);
}

struct kpi_value *
part_add_kpi(struct model_part *p)
{
	struct kpi_value *v = ARRAY_PUSH(p->kpis, p->nkpis, p->kpis_cap);

	memset(v, 0, sizeof *v);
	v->value = NAN;
	return v;
}

static void
kpi_value_free(struct kpi_value *v)
{
	free(v->source);
	free(v->name);
	free(v->flag);
	free(v->env);
	free(v->error);
}

void
model_kpis_apply(struct model *m, const char *source, struct model_part *p)
{
	size_t i, j = 0;

	for (i = 0; i < m->nkpis; i++) {
		if (strcmp(m->kpis[i].source, source) == 0)
			kpi_value_free(&m->kpis[i]);
		else
			m->kpis[j++] = m->kpis[i];
	}
	m->nkpis = j;
	for (i = 0; i < p->nkpis; i++)
		*ARRAY_PUSH(m->kpis, m->nkpis, m->kpis_cap) = p->kpis[i];
	p->nkpis = 0;
}

void
kpi_values_free(struct kpi_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		kpi_value_free(&v[i]);
	free(v);
}
