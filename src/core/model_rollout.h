/*
 * model_rollout.h - a change to some of a source's rollouts (a watch
 * event's worth), applied to the model without touching the others.
 */
#ifndef RB_MODEL_ROLLOUT_H
#define RB_MODEL_ROLLOUT_H

#include "core/model.h"

struct model_rollout_delta {
	/* New or changed rows (rollouts only), as an adapter builds them. */
	struct model_part put;
	/* Rows that went: only source, namespace, name and kind are set. */
	struct rollout	*gone;
	size_t		 ngone, gone_cap;
};

/* A row that went; the strings are copied. */
void	model_rollout_gone(struct model_rollout_delta *, const char *source,
	    const char *namespace, const char *name, const char *kind);
/*
 * Replace or add each put row, drop each gone one (the delta is emptied).
 * A row keeps since while its status stays.  Returns how many rows changed.
 */
size_t	model_rollout_apply(struct model *, struct model_rollout_delta *);
void	model_rollout_delta_free(struct model_rollout_delta *);

#endif
