/*
 * guard_health.c - refuses raising a flag's exposure (a higher stage, or
 * restoring it) while a service it belongs to is critical, or while the
 * metrics that would say so are stale.  Killing is never blocked.  The
 * judgement is the core's (flag_services_health), which release plans'
 * "services" gate shares.
 */
#include <stdlib.h>

#include "actions/action.h"
#include "core/plan.h"

static int
health_check(const struct guard_ctx *g, char **why)
{
	if (!action_raises(g->before, g->target) || g->model == NULL)
		return 0;
	if (flag_services_health(g->cfg, g->model, g->a->flag, why) == HEALTH_OK)
		return 0;
	return -1;
}

const struct guard_entry guard_health_entry = {
	.name = "health",
	.check = health_check,
};
