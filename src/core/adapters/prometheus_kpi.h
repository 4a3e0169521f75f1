/*
 * prometheus_kpi.h - per-flag KPIs for the prometheus adapter: every KPI
 * the source evaluates, in every environment, asked in one instant query
 * whose series are told apart by the labels rb_kpi and rb_env, parsed into
 * the part's KPI values.
 */
#ifndef RB_PROMETHEUS_KPI_H
#define RB_PROMETHEUS_KPI_H

#include <stddef.h>

#include "core/adapter.h"

/* The KPI query evaluated at t into reqs[0]: returns 1, or 0 when none. */
size_t	prom_kpi_plan(const struct poll_ctx *, struct request_desc *reqs,
	    double t);
/* Whether the source evaluates any KPI (a poll then has its query). */
int	prom_kpi_any(const struct poll_ctx *);
/* The one PromQL query of the source's KPIs (allocated), or NULL. */
char	*prom_kpi_query(const struct poll_ctx *);
/*
 * Parse its answer into part->kpis, one value per KPI and environment.
 * A failed query or a KPI without exactly one series leaves the value
 * unknown with the reason, and never fails the poll: the answer's trouble
 * becomes the part's warning.
 */
void	prom_kpi_parse(const struct poll_ctx *, const struct response *,
	    struct model_part *);

#endif
