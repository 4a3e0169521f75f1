/*
 * expo_poll.h - reads exposures (Unleash client metrics) a few flags at a
 * time: on each unleash source's interval it asks exposure_pick() for up
 * to exposures_per_poll flags (wanted ones first) and stores the answers
 * in the model.  `relboard status` reads every flag once instead (at most
 * EXPO_ONCE_MAX per source).  The poller owns it.
 */
#ifndef RB_EXPO_POLL_H
#define RB_EXPO_POLL_H

#include "core/config.h"
#include "core/model.h"

#define EXPO_ONCE_MAX	100	/* flags per source read by one round */
#define EXPO_INFLIGHT	8	/* requests in flight per source */

struct event_base;
struct net;
struct expo_poll;

struct expo_poll *expo_poll_new(struct event_base *, struct net *,
		    const struct config *, struct model *);
/* Called after every answer stored in the model. */
void	expo_poll_set_change_cb(struct expo_poll *, void (*)(void *), void *);
/* Read on every unleash source's interval from now on. */
void	expo_poll_start(struct expo_poll *);
/* Read every flag's exposures once (up to EXPO_ONCE_MAX a source); run
 * the loop until all have answered. */
void	expo_poll_run_once(struct expo_poll *);
void	expo_poll_free(struct expo_poll *);

#endif
