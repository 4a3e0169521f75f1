/*
 * rollout_decide.h - the one decision behind every rollout action
 * (promote, promote --full, abort, retry, pause): from a Rollout as read
 * from its cluster (or as the latest poll shows it), the merge patches the
 * kubectl-argo-rollouts plugin sends, to which object (the Rollout or its
 * status subresource), and how to tell from a read-back that the change
 * took.  The action run (src/actions) sends them; the dashboard's
 * confirmation shows the same decision.  Pure: no I/O, no curses.
 */
#ifndef RB_ROLLOUT_DECIDE_H
#define RB_ROLLOUT_DECIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/decide.h"
#include "core/model.h"

enum rollout_verb {
	RV_PROMOTE,
	RV_PROMOTE_FULL,
	RV_ABORT,
	RV_RETRY,
	RV_PAUSE,
};

/*
 * One merge patch (application/merge-patch+json) in the plugin's words.
 * to_status: for the status subresource; `fallback` then goes to the
 * Rollout itself when the cluster has no status subresource (404) and
 * stands in for every patch after it, as the plugin does.
 */
struct rollout_patch {
	bool		 to_status;
	char		*body;
	char		*fallback;	/* NULL: none */
};

#define ROLLOUT_MAX_PATCHES 2

struct rollout_decision {
	enum decide_result result;
	enum rollout_verb verb;
	char		*why;		/* REFUSED, USAGE, NOTHING: one line */
	char		*before;	/* "Paused (CanaryPauseStep), step 1/8" */
	char		*after;		/* what it should become; NULL unless OK */
	struct rollout_patch patches[ROLLOUT_MAX_PATCHES];
	size_t		 npatches;
	int		 step_to;	/* the step a patch sets, or -1 */
	bool		 guarded;	/* puts more traffic on the new version */
};

/*
 * The verb of action `name` ("promote", "abort", "retry", "pause"), with
 * --full for promote.  0, or -1 when the name is unknown or --full is
 * given to another action.
 */
int	rollout_decide_verb(const char *name, bool full, enum rollout_verb *);
/* The action's name ("promote --full" for RV_PROMOTE_FULL). */
const char *rollout_decide_verb_name(enum rollout_verb);
/*
 * What `verb` would do to rollout `r` (its `live` part must be known);
 * fills *d (free with rollout_decide_free) and returns d->result.
 */
enum decide_result rollout_decide(enum rollout_verb, const struct rollout *r,
	    struct rollout_decision *d);
void	rollout_decide_free(struct rollout_decision *);
/* Whether the read-back `after` shows the decision took effect. */
bool	rollout_decide_verify(const struct rollout_decision *,
	    const struct rollout *before, const struct rollout *after);
/*
 * The state a decision depends on, as the operator saw it ("Paused step 1
 * pause-condition"): an action refuses when the Rollout read fresh differs.
 */
char	*rollout_decide_seen(const struct rollout *);
/* "Paused (CanaryPauseStep), step 1/8", "Healthy", "Degraded (...)". */
char	*rollout_decide_describe(const struct rollout *);

#endif
