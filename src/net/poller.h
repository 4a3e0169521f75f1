/*
 * poller.h - polls every configured source on its interval through net/,
 * feeds the answers to the source's adapter and applies the result to the
 * model.  The TUI runs it continuously, backing off from a source that
 * fails; `relboard status` runs one round.  Where the adapter has a probe
 * (adapter.h: plan_probe), a continuous poll sends only it while nothing
 * moved; a refresh reads everything, twice.
 */
#ifndef RB_POLLER_H
#define RB_POLLER_H

#include <stddef.h>

#include "core/config.h"
#include "core/model.h"

struct event_base;
struct poller;

typedef void (*poller_change_cb)(void *arg);

struct poller *poller_new(struct event_base *, const struct config *, struct model *,
		    char **cause);
/* Called after every poll that changed the model or a source's state. */
void	poller_set_change_cb(struct poller *, poller_change_cb, void *);
/*
 * A line a source's exec plugin wrote on stderr (made safe): shown on the
 * dashboard's message line.  Without a callback it goes to stderr.
 */
typedef void (*poller_note_cb)(const char *text, void *arg);
void	poller_set_note_cb(struct poller *, poller_note_cb, void *);
/* Evaluation time for metrics (unix s), 0 = now. */
void	poller_set_at(struct poller *, double at);
/* Answers kept per source for revalidation (POLLER_KEEP_MAX bytes). */
void	poller_set_keep_max(struct poller *, size_t bytes);
/* Start polling every source now and then on its interval. */
void	poller_start(struct poller *);
/* Poll every source once; run the loop until all have answered. */
int	poller_run_once(struct poller *);
/*
 * Read every flag's exposures once (expo_poll.h), after poller_run_once()
 * brought the flags.
 */
void	poller_exposures_once(struct poller *);
/*
 * Poll one source (NULL: all) now, and once more soon after (e.g. after an
 * action), both in full (not just the probe).
 */
void	poller_refresh(struct poller *, const char *source);
struct net *poller_net(struct poller *);

/*
 * Back-off.  After a poll that failed with no answer, 429, 5xx, 401 or 403
 * the next one waits poller_backoff_s(interval, failures in a row, a
 * random share in [0, 1)): the interval doubled per failure, at most
 * POLLER_BACKOFF_MAX_S (or the interval, if longer), with jitter from its
 * half to all of it.  A Retry-After on any answer is honoured instead (at
 * least the interval, at most POLLER_RETRY_AFTER_MAX_S).  A good poll
 * brings back the interval.  The source's status says when the next try
 * is (retry_at); poller_refresh() still polls at once.
 */
#define POLLER_BACKOFF_MAX_S		300.0
#define POLLER_RETRY_AFTER_MAX_S	3600.0
/*
 * The answers a source's model was built from are kept for revalidation
 * while they add up to at most this many bytes (an Unleash project of a
 * few thousand flags); beyond it, only their ETags.
 */
#define POLLER_KEEP_MAX			(4u << 20)
double	poller_backoff_s(double interval_s, unsigned failures, double share);
void	poller_free(struct poller *);

#endif
