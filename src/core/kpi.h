/*
 * kpi.h - per-flag KPIs in the model: judging a value by its configured
 * threshold, replacing a source's values after a poll, and the health of
 * a flag's KPIs in an environment (what release-plan gates ask).
 */
#ifndef RB_KPI_H
#define RB_KPI_H

#include "core/config.h"
#include "core/model.h"

/*
 * A value's health by its KPI's threshold: good_above gives ok above it
 * and warn at or below (the feature misses its goal); bad_above gives crit
 * above it (the feature does harm) and ok at or below; NaN is unknown.
 */
enum health kpi_health_of_value(const struct kpi_cfg *, double value);

/*
 * The worst health of a flag's KPIs in an environment, crit before warn
 * before unknown before ok; HEALTH_OK when the flag has no KPI there
 * (nothing to hold on).  *count (may be NULL) gets how many there are.
 */
enum health kpi_health_of_flag(const struct model *, const char *flag,
	    const char *env);
enum health kpi_health_count(const struct model *, const char *flag,
	    const char *env, size_t *count);

struct kpi_value *part_add_kpi(struct model_part *);
/* model_apply(): the source's old values go, the part's come in. */
void	model_kpis_apply(struct model *, const char *source, struct model_part *);
void	kpi_values_free(struct kpi_value *, size_t);

#endif
