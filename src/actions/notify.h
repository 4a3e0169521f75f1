/*
 * notify.h - announcements: after an action's outcome (a flag action, a
 * rollout action, a plan's step), relboard POSTs the event as JSON to each
 * configured webhook (config "notify") whose events include its kind, in
 * the background, each with its own timeout, through the one net layer.
 * A failing webhook never changes the action's outcome: the failure is
 * journaled (a record of kind "notify") and reported through the callback.
 * The URL is a secret: a webhook is named by where its URL came from,
 * "notify[0] (url_env SLACK_URL)".
 */
#ifndef RB_NOTIFY_H
#define RB_NOTIFY_H

#include <stddef.h>

#include "core/config.h"
#include "core/notify_body.h"

struct net;
struct action_args;
struct action_outcome;
struct rollout_action_args;
struct rollout_outcome;

/*
 * Called once, when every webhook has answered or timed out: `failures`
 * is NULL when all took the announcement, else one line naming each
 * webhook that did not and why (already journaled).
 */
typedef void (*notify_cb)(const char *failures, void *arg);

/*
 * Announce ev (its user, host, SSH origin and time are filled in when
 * NULL or 0).  Returns how many webhooks it goes to; when 0, cb is never
 * called.  Otherwise cb is called exactly once, possibly before this
 * returns.  cfg must outlive the announcement.  Rollout actions and plan
 * steps call this with kind NOTIFY_ROLLOUT or NOTIFY_PLAN.
 */
size_t	notify_announce(struct net *, const struct config *,
	    const struct notify_event *ev, notify_cb cb, void *arg);

/*
 * The event of a flag action's outcome (NOTIFY_FLAG, its strings borrowed
 * from a and o); -1 for a dry run or a usage error: nothing to announce.
 */
int	notify_flag_event(const struct action_args *,
	    const struct action_outcome *, struct notify_event *);
/*
 * Announce a flag action's outcome; a dry run or a usage error announces
 * nothing (returns 0).
 */
size_t	notify_flag_outcome(struct net *, const struct config *,
	    const struct action_args *, const struct action_outcome *,
	    notify_cb cb, void *arg);

/*
 * The same for a rollout action's outcome (NOTIFY_ROLLOUT): the subject
 * "NAMESPACE/NAME" is written in subject[len]; the other strings are
 * borrowed from a and o.
 */
int	notify_rollout_event(const struct rollout_action_args *,
	    const struct rollout_outcome *, char *subject, size_t len,
	    struct notify_event *);
size_t	notify_rollout_outcome(struct net *, const struct config *,
	    const struct rollout_action_args *, const struct rollout_outcome *,
	    notify_cb cb, void *arg);

/*
 * Announcements on their way, in this process: the dashboard lets them
 * finish (each within its timeout) before it cancels what is left.
 */
size_t	notify_in_flight(void);

#endif
