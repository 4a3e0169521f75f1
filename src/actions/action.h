/*
 * action.h - flag actions (stage, kill, restore), one implementation behind
 * the CLI and the TUI.  An action reads the flag from its service, checks it
 * against what the operator saw and against the guards, writes the change
 * as compare-and-set, reads the flag back to verify it, and journals every
 * attempt.  Actions never draw: they report an outcome through a callback.
 */
#ifndef RB_ACTION_H
#define RB_ACTION_H

#include "core/config.h"
#include "core/decide.h"
#include "core/flag_state.h"

struct net;
struct action_run;

enum action_status {
	ACTION_DONE,		/* written and verified (or nothing to do) */
	ACTION_DRY_RUN,		/* planned only, nothing written */
	ACTION_REFUSED,		/* conflict, guard, read-only: nothing written */
	ACTION_FAILED,
	ACTION_UNKNOWN,		/* sent, but the outcome could not be read back */
	ACTION_USAGE,		/* unknown flag, environment or stage */
};

struct action_args {
	const char	*action;	/* "stage", "kill", "restore" */
	const char	*source;	/* NULL: the only flag source */
	const char	*flag;
	const char	*env;
	const char	*stage;		/* stage: a stage name, "next" or "previous" */
	const char	*expect;	/* the stage the operator saw, or NULL */
	const char	*reason;
	int		 dry_run;
	int		 force;		/* go past guards (needs a reason) */
	int		 readonly;
	const struct model *model;	/* the latest poll, for guards; may be NULL */
};

struct action_outcome {
	enum action_status status;
	char		*message;	/* one line for the operator */
	char		*before;	/* "canary (5%)", NULL when unknown */
	char		*after;
	/* REFUSED by a guard: force with a reason goes past it. */
	bool		 overridable;
	/* Writes that went through, of those planned (0 of 0: none sent). */
	size_t		 writes_done, writes_total;
	/* The state read back from the service (enabled and rollout only). */
	bool		 have_after;
	struct flag_state after_state;
};

/* "done", "dry-run", "refused", "failed", "unknown", "usage". */
const char *action_status_word(enum action_status);
/*
 * The journal could not take an attempt (jerr, taken over; NULL: it
 * could): say so in *message, and a done action is failed.
 */
void	action_journal_failed(char *jerr, char **message, enum action_status *);

typedef void (*action_cb)(const struct action_outcome *, void *arg);

/*
 * One row per flag action: its name and usage.  What an action does to a
 * flag's state is decided in the core library (core/decide.h), the same
 * decision the dashboard's confirmation shows.
 */
struct action_entry {
	const char	*name;
	const char	*usage;
	int		 needs_stage;
	int		 needs_reason;
};

/* What a guard sees; a guard refuses a change that is unsafe right now. */
#define ACTION_MAX_PARENTS 8	/* parents read fresh before a raise */

struct guard_ctx {
	const struct config *cfg;
	const struct model *model;
	const struct action_args *a;
	const struct source_cfg *src;
	const struct flag_state *before;
	const struct flag_target *target;
	/*
	 * Parents (before->deps[i], i < ACTION_MAX_PARENTS) as just read from
	 * the service, where parent_ok[i]; others only in the model.
	 */
	const struct flag_state *parents;
	const bool	*parent_ok;
};

struct guard_entry {
	const char	*name;
	/* 0 to allow; -1 with *why (one line) to refuse. */
	int		(*check)(const struct guard_ctx *, char **why);
};

extern const struct guard_entry *guard_table[];
/* True when the change raises the flag's exposure (more traffic on it). */
bool	action_raises(const struct flag_state *, const struct flag_target *);

extern const struct action_entry *action_table[];
const struct action_entry *action_find(const char *name);

/*
 * Start an action; cb is called exactly once (possibly before this returns,
 * for errors found without the network).  The run frees itself after the
 * callback.  `cfg` and `net` must outlive it.
 */
void	action_start(struct net *, const struct config *, const struct action_args *,
	    action_cb, void *arg);

#endif
