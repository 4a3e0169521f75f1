/*
 * svc_health.h - how the guards and release plans judge the services a
 * flag or a rollout belongs to: crit when one is crit, unknown while a
 * metrics source is not answering, else ok.
 */
#ifndef RELBOARD_SVC_HEALTH_H
#define RELBOARD_SVC_HEALTH_H

#include "core/config.h"
#include "core/model.h"

/* One configured service; *why (allocated) names the problem. */
enum health svc_health_of(const struct config *, const struct model *,
	    const struct service_cfg *, char **why);
/* The worst of the services whose flags list flag (ok when none does). */
enum health svc_health_of_flag(const struct config *, const struct model *,
	    const char *flag, char **why);
/* The same for the services whose rollouts name SOURCE/NAMESPACE/NAME. */
enum health svc_health_of_rollout(const struct config *, const struct model *,
	    const char *source, const char *ns, const char *name, char **why);

#endif
