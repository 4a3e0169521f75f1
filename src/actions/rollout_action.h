/*
 * rollout_action.h - rollout actions (promote, promote --full, abort,
 * retry, pause), one implementation behind the CLI and the TUI, run like
 * the flag actions: read the Rollout from its cluster, check it against
 * what the operator saw and against the guards, send the merge patches
 * the decision names (core/rollout_decide.h) as compare-and-set on the
 * resourceVersion read, read it back to verify, and journal every
 * attempt.  Never draws: the outcome comes through a callback.
 */
#ifndef RB_ROLLOUT_ACTION_H
#define RB_ROLLOUT_ACTION_H

#include "actions/action.h"
#include "core/rollout_decide.h"

struct rollout_action_args {
	const char	*action;	/* "promote", "abort", "retry", "pause" */
	bool		 full;		/* promote --full */
	const char	*ref;		/* SOURCE/NS/NAME or NS/NAME */
	const char	*source;	/* --source, or NULL */
	/* What the operator saw (rollout_decide_seen()), or NULL. */
	const char	*expect;
	const char	*reason;
	int		 dry_run;
	int		 readonly;
	const struct model *model;	/* the latest poll, for guards; may be NULL */
};

struct rollout_outcome {
	enum action_status status;
	char		*message;	/* one line for the operator */
	char		*before, *after;	/* may be NULL */
	const char	*source, *namespace, *name;	/* NULL before resolved */
	size_t		 writes_done, writes_total;
	/* The Rollout as read back (only during the callback), or NULL. */
	const struct rollout *after_row;
};

typedef void (*rollout_action_cb)(const struct rollout_outcome *, void *arg);

/* One row per rollout action: its name, usage and whether it needs --full. */
struct rollout_action_entry {
	const char	*name;
	const char	*usage;
	bool		 takes_full;
};

extern const struct rollout_action_entry *rollout_action_table[];
const struct rollout_action_entry *rollout_action_find(const char *name);

/* What a rollout guard sees; a guard refuses a change unsafe right now. */
struct rollout_guard_ctx {
	const struct config *cfg;
	const struct model *model;
	const char	*source, *namespace, *name;
	const struct rollout_decision *decision;
};

struct rollout_guard_entry {
	const char	*name;
	/* 0 to allow; -1 with *why (one line) to refuse. */
	int		(*check)(const struct rollout_guard_ctx *, char **why);
};

extern const struct rollout_guard_entry *rollout_guard_table[];

/* Start an action; cb is called exactly once, as action_start()'s. */
void	rollout_action_start(struct net *, const struct config *,
	    const struct rollout_action_args *, rollout_action_cb, void *arg);

#endif
