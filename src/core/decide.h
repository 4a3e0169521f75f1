/*
 * decide.h - the one decision behind every flag action: from the state a
 * flag is in (as read from its service, or as the latest poll shows it) and
 * what the operator asked for, what the action would do.  The action run
 * (src/actions) acts on it; the dashboard's confirmation shows it.  Pure:
 * no I/O, no curses.
 */
#ifndef RB_DECIDE_H
#define RB_DECIDE_H

#include <stdbool.h>

#include "core/config.h"
#include "core/flag_state.h"

enum decide_result {
	DECIDE_OK,		/* target filled: this is what would change */
	DECIDE_NOTHING,		/* it is there already: nothing to write */
	DECIDE_REFUSED,		/* not for this state (already off, not killed) */
	DECIDE_USAGE,		/* unknown action or stage */
};

struct decision {
	enum decide_result result;
	struct flag_target target;
	const char	*stage;		/* stage actions: the target (config's) */
	char		*why;		/* REFUSED, USAGE, NOTHING: one line */
	char		*before;	/* "canary (5%)" */
	char		*after;		/* the state it would reach; NULL unless OK */
	bool		 needs_name;	/* the flag's name must be typed */
	bool		 needs_reason;	/* a reason is required */
	bool		 protected_off;	/* to off in a protected environment */
};

/*
 * Whether moving a flag to off in `env` is guarded like a kill: an
 * environment Unleash gives the type "production", or one the configuration
 * lists in protected_environments.  env_type may be NULL.
 */
bool	decide_env_protected(const struct config *, const char *env,
	    const char *env_type);

/*
 * Decide action "stage" (stage: a stage name, "next" or "previous"),
 * "kill" or "restore" for a flag in `before`.  Fills *d (free it with
 * decision_free) and returns d->result.
 */
enum decide_result flag_decide(const struct config *, const char *action,
	    const char *stage, const struct flag_state *before,
	    bool env_protected, struct decision *d);
void	decision_free(struct decision *);

/* "canary (5%)", "killed (kept at early, 20%)", "off" for a state. */
char	*flag_state_describe(const struct config *, const struct flag_state *);

/* The state `before` would be in with `target` reached (shares no strings). */
void	flag_state_preview(const struct flag_state *before,
	    const struct flag_target *, struct flag_state *out);

/*
 * The state of a flag in one environment as the latest poll shows it, in
 * the shape the decisions take (borrows nothing, owns nothing: deps,
 * strings and children are left empty).
 */
void	flag_state_of_env(const struct flag_env *, struct flag_state *out);

#endif
