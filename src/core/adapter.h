/*
 * adapter.h - the adapter table.  An adapter turns one kind of service into
 * model items without doing any I/O itself: plan() describes the requests a
 * poll needs, parse() turns their response bodies into a model_part.  The
 * poller sends the requests through net/ and hands back the answers, so
 * adapters are tested on fixture files alone.  Adding a service kind is
 * adding one file and one row in adapters.c.
 */
#ifndef RB_ADAPTER_H
#define RB_ADAPTER_H

#include <stddef.h>

#include "core/config.h"
#include "core/model.h"

#define RB_MAX_REQUESTS 9	/* prometheus: 4 health, 1 KPI, 4 graph */

/* One HTTP request of a poll; the poller adds the base URL and credentials. */
struct request_desc {
	char		*method;	/* "GET", "POST", "PATCH" */
	char		*path;		/* path and query, already escaped */
	char		*body;		/* JSON body or NULL */
	char		*content_type;	/* for body, NULL = application/json */
	/*
	 * The answer to this very path does not change (a range query over
	 * past times): the poller asks once, and while the path stays the
	 * same hands the adapter `reused` answers instead.
	 */
	int		 reuse;
};

/* The answer to one request. */
struct response {
	long		 status;	/* HTTP status; 0 when no answer arrived */
	const char	*body;
	size_t		 len;
	const char	*error;		/* transport error text when status is 0 */
	/*
	 * A reuse request asked before: status 200 and no body.  The model
	 * holds what its answer said, and the adapter keeps it (for the
	 * trend: model_part.keep_trends).
	 */
	int		 reused;
};

struct poll_ctx {
	const struct source_cfg *src;
	const struct config *cfg;
	double		 at;		/* evaluation time (unix s) or 0 for now */
};

struct flag_state;
struct flag_target;
struct model_rollout_delta;

/* What one line of a watch stream was (adapter_watch.event). */
enum watch_event {
	WATCH_APPLIED,		/* an object was added, changed or deleted */
	WATCH_BOOKMARK,		/* only the resourceVersion moved on */
	WATCH_GONE,		/* 410: the version is too old; list again */
	WATCH_FAILED,		/* any other ERROR event: *cause */
	WATCH_BAD,		/* not a watch event of this stream: *cause */
};

/*
 * A kind that lists once and then watches (the Kubernetes API), as
 * informers do.  The store keeps the listed objects; each event changes
 * one of them and yields the rows that changed.  Pure, like the rest.
 */
struct adapter_watch {
	void		*(*store_new)(void);
	void		 (*store_free)(void *store);
	/* parse() that also fills the store; on failure the store is kept. */
	int		 (*list)(void *store, const struct poll_ctx *,
			    const struct response *resp, size_t n,
			    struct model_part *part, char **cause);
	/*
	 * The streaming requests (one per list, from its last
	 * resourceVersion, asking the server to end each after timeout_s).
	 * Returns how many.
	 */
	size_t		 (*plan)(void *store, const struct poll_ctx *,
			    long timeout_s, struct request_desc *reqs);
	/* One line of stream `which` (as plan() ordered them). */
	enum watch_event (*event)(void *store, const struct poll_ctx *,
			    size_t which, const char *line, size_t len,
			    struct model_rollout_delta *, char **cause);
};

struct adapter_entry {
	const char	*name;		/* the config's "kind" */
	const char	*auth_scheme;	/* "" = raw token, "Bearer " ... */
	/* Fill reqs (at most RB_MAX_REQUESTS); return how many. */
	size_t		(*plan)(const struct poll_ctx *, struct request_desc *reqs);
	/*
	 * Parse the answers to plan()'s requests (same order) into part.
	 * Return 0, or -1 with *cause a one-line reason.
	 */
	int		(*parse)(const struct poll_ctx *, const struct response *resp,
			    size_t n, struct model_part *part, char **cause);
	/*
	 * Optional (NULL: every poll sends plan()'s requests).  One small
	 * conditional request whose answer changes whenever anything the
	 * source shows moved: a 304, or the same body as last time, means
	 * nothing did, and the poll ends there.  plan()'s requests follow
	 * when it moved, on the first poll and after a refresh, once more
	 * on the poll after a move (a service may serve the older state for
	 * a moment), and at least every full_every_s.
	 */
	void		(*plan_probe)(const struct poll_ctx *, struct request_desc *);
	double		 full_every_s;

	/* Flag writes; NULL for kinds without flags. */
	/* The request that reads one flag with everything actions need. */
	void		(*read_flag)(const struct source_cfg *, const char *flag,
			    struct request_desc *req);
	/*
	 * Parse that answer for one environment.  Returns 0; -1 with *cause
	 * on failure, setting *missing when the flag or environment does not
	 * exist (a usage error rather than a failure).
	 */
	int		(*parse_flag)(const struct source_cfg *, const char *flag,
			    const char *env, const struct response *,
			    struct flag_state *, int *missing, char **cause);
	/*
	 * The writes that take `before` to `target`, in order, each
	 * compare-and-set where the service allows it.  Returns how many.
	 */
	size_t		(*plan_write)(const struct source_cfg *, const char *flag,
			    const char *env, const struct flag_state *before,
			    const struct flag_target *target, struct request_desc *reqs);
	/* How a write's answer turned out. */
	int		(*write_outcome)(const struct response *);

	/* A flag's change history (the journal view); NULL where there is none. */
	void		(*read_events)(const struct source_cfg *, const char *flag,
			    struct request_desc *req);
	/*
	 * Its answer into *events (newest first, *n of them, each with its
	 * source, flag and what changed).  Returns 0, or -1 with *cause.
	 */
	int		(*parse_events)(const struct source_cfg *, const char *flag,
			    const struct response *, struct flag_event **events,
			    size_t *n, char **cause);
	/* List once, then watch; NULL for kinds that are polled. */
	const struct adapter_watch *watch;
};

extern const struct adapter_entry *adapter_table[];

const struct adapter_entry *adapter_find(const char *kind);
void	request_desc_free(struct request_desc *);
/* A one-line reason for a non-2xx answer, from the body where it says one. */
char	*response_error(const struct response *);
/* Percent-encode s for a URL query value. */
char	*url_escape(const char *s);

#endif
