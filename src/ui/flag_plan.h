/*
 * flag_plan.h - what the dashboard shows around a flag action's decision
 * before it runs: the environment it applies to by default, the flags that
 * depend on the flag and the services it belongs to (and those a rollout
 * belongs to, for a rollout action).  Worked out from the
 * model alone; curses-free.
 */
#ifndef RB_UI_FLAG_PLAN_H
#define RB_UI_FLAG_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "core/model.h"

struct plan_dep {
	const struct flag *flag;	/* a flag that needs the parent */
	const struct flag_env *env;	/* its state in the environment, or NULL */
	bool		 wants_enabled;	/* the parent state it requires */
};

struct plan_svc {
	const struct service_cfg *cfg;
	const struct service_health *row; /* NULL: no metrics for it */
};

/* "production" when listed, else the first environment; NULL if none. */
const char *plan_default_env(const char *const *envs, size_t n);

/*
 * Flags of the same source that name `parent` in their dependencies, with
 * their state in `env`.  Fills up to `max` and returns how many there are.
 */
size_t	plan_dependents(const struct model *, const struct flag *parent,
	    const char *env, struct plan_dep *out, size_t max);

/*
 * Services the configuration gives the flag, one entry per version the
 * model has metrics for (or one with row NULL).  Fills up to `max` and
 * returns how many there are.
 */
size_t	plan_services(const struct model *, const struct config *,
	    const char *flag, struct plan_svc *out, size_t max);

/* The same for the services whose `rollouts` list rollout r. */
size_t	plan_rollout_services(const struct model *, const struct config *,
	    const struct rollout *r, struct plan_svc *out, size_t max);

#endif
