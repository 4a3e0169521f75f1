/*
 * guard_health.c - refuses raising a flag's exposure (a higher stage, or
 * restoring it), or promoting or retrying a rollout, while a service it
 * belongs to is critical, or while the metrics that would say so are
 * stale.  Killing a flag and aborting a rollout are never blocked.  The
 * judgement is the core's (svc_health.c), which release plans' "services"
 * gate shares.
 */
#include <stdlib.h>

#include "actions/action.h"
#include "actions/rollout_action.h"
#include "core/svc_health.h"

static int
health_check(const struct guard_ctx *g, char **why)
{
	if (!action_raises(g->before, g->target) || g->model == NULL)
		return 0;
	if (svc_health_of_flag(g->cfg, g->model, g->a->flag, why) == HEALTH_OK)
		return 0;
	return -1;
}

/* Promote and retry put traffic on the new version: judged like a raise. */
static int
health_check_rollout(const struct rollout_guard_ctx *g, char **why)
{
	if (!g->decision->guarded || g->model == NULL)
		return 0;
	if (svc_health_of_rollout(g->cfg, g->model, g->source, g->namespace,
	    g->name, why) == HEALTH_OK)
		return 0;
	return -1;
}

const struct guard_entry guard_health_entry = {
	.name = "health",
	.check = health_check,
};

const struct rollout_guard_entry guard_health_rollout_entry = {
	.name = "health",
	.check = health_check_rollout,
};
