/*
 * flag_state.h - one flag in one environment exactly as its service shows
 * it, as the flag actions read it before and after writing; and the state
 * an action wants it to reach.  Pure data, filled by an adapter.
 */
#ifndef RB_FLAG_STATE_H
#define RB_FLAG_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"

struct flag_state {
	bool		 enabled;
	bool		 has_rollout;	/* a flexibleRollout strategy exists */
	int		 rollout;	/* its percentage, RB_UNKNOWN_INT if not 0..100 */
	char		*rollout_json;	/* the stored value as JSON, for compare-and-set */
	char		*strategy_id;
	int		 other_strategies;
	char		**children;	/* flags that name this one as parent */
	size_t		 nchildren;
	struct flag_dep	*deps;		/* its own parents */
	size_t		 ndeps;
	char		*env_type;	/* the environment's type ("production") */
	char		**envs;		/* every environment the flag has */
	size_t		 nenvs;
};

/* What an action wants: enabled or not, at a percentage (or unchanged). */
struct flag_target {
	bool		 enabled;
	int		 rollout;	/* RB_UNKNOWN_INT = leave as it is */
};

enum write_outcome {
	WRITE_OK,
	WRITE_CONFLICT,		/* the compare-and-set test failed: nothing written */
	WRITE_FAILED,
};

void	flag_state_free(struct flag_state *);
/* True when the state shows the target. */
bool	flag_state_matches(const struct flag_state *, const struct flag_target *);

#endif
