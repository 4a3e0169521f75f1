/*
 * poller.h - polls every configured source on its interval through net/,
 * feeds the answers to the source's adapter and applies the result to the
 * model.  The TUI runs it continuously; `relboard status` runs one round.
 */
#ifndef RB_POLLER_H
#define RB_POLLER_H

#include "core/config.h"
#include "core/model.h"

struct event_base;
struct poller;

typedef void (*poller_change_cb)(void *arg);

struct poller *poller_new(struct event_base *, const struct config *, struct model *,
		    char **cause);
/* Called after every poll that changed the model or a source's state. */
void	poller_set_change_cb(struct poller *, poller_change_cb, void *);
/* Evaluation time for metrics (unix s), 0 = now. */
void	poller_set_at(struct poller *, double at);
/* Start polling every source now and then on its interval. */
void	poller_start(struct poller *);
/* Poll every source once; run the loop until all have answered. */
int	poller_run_once(struct poller *);
/* Poll one source (NULL: all) now, and once more soon after (e.g. after an action). */
void	poller_refresh(struct poller *, const char *source);
struct net *poller_net(struct poller *);
void	poller_free(struct poller *);

#endif
