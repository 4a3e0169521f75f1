/*
 * watch.h - a source that lists once and then watches its lists as
 * long-lived streams (adapter_watch, the Kubernetes API), on behalf of the
 * poller: the poller lists and hands the answers here; from then on the
 * streams keep the model up to date until a new list is needed.
 */
#ifndef RB_WATCH_H
#define RB_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/adapter.h"
#include "core/model.h"

struct event_base;
struct net;
struct net_request;
struct watch;

/* How long a stream may stay silent before it counts as dead. */
#define WATCH_IDLE_S		120
/* The server ends each stream after a random time in this range. */
#define WATCH_TIMEOUT_MIN_S	300
#define WATCH_TIMEOUT_MAX_S	600

struct watch_hooks {
	/*
	 * Set up request req to the source as every request to it is
	 * (source_request_fill: URL, credentials, TLS); *url and *auth are
	 * for source_request_release() once it is submitted.
	 */
	void	 (*setup)(void *arg, const struct request_desc *req,
		    struct net_request *nr, char **url, char **auth);
	/* The watch stopped and needs a new list: poll the source now. */
	void	 (*relist)(void *arg);
	/* The model changed. */
	void	 (*changed)(void *arg);
	/* A random share in [0, 1) for back-off jitter. */
	double	 (*jitter)(void *arg);
	void	*arg;
};

struct watch *watch_new(struct event_base *, struct net *, struct model *,
	    const struct poll_ctx *, const struct adapter_watch *,
	    const struct watch_hooks *);
/* The poller's list answers: as adapter parse(), keeping the objects. */
int	watch_list(struct watch *, const struct response *, size_t n,
	    struct model_part *, char **cause);
/*
 * After a good list: open the streams from the listed resourceVersions,
 * after delay seconds (a Retry-After on the list's answers).
 */
void	watch_start(struct watch *, double delay);
/*
 * Started: the poller leaves the source to the watch (which asks for a
 * new list through the relist hook, after its back-off where it backs off).
 */
bool	watch_running(const struct watch *);
/* Every stream is open: the source counts as fresh. */
bool	watch_fresh(const struct watch *);
void	watch_free(struct watch *);

#endif
