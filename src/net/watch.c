/*
 * watch.c - a source that lists once and then watches (adapter_watch).
 * After the poller's list, one long-lived streaming GET per list goes
 * through net/ (net_stream), set up by the poller's own request setup;
 * each line is handed to the adapter, and the rows it yields are applied
 * to the model (model_rollout_apply) - nothing else is parsed again.
 *
 * A stream the server ends (its timeoutSeconds) or that stays silent for
 * WATCH_IDLE_S is opened again at once from the last resourceVersion.  One
 * that fails (no answer, an HTTP error, an ERROR event) is opened again
 * after the poller's back-off (poller_backoff_s), and the source is marked
 * failed with the reason, as a failed poll would be.  A 410 (an ERROR
 * event with code 410, or an HTTP 410) or a line that is no watch event
 * stops every stream and asks the poller for a new list.  While every
 * stream is open the source counts as fresh (watch_fresh).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "core/model_rollout.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "net/source_request.h"
#include "net/watch.h"

/* Why a stream's line callback ended it. */
enum watch_end { END_NONE, END_GONE, END_FAILED, END_BAD };

struct watch;

struct watch_stream {
	struct watch	*w;
	size_t		 idx;
	struct net_xfer	*x;		/* NULL while closed */
	bool		 open;		/* its 2xx headers are in */
	enum watch_end	 end;
	char		*cause;
	unsigned	 fails;		/* failed or dropped opens in a row */
};

struct watch {
	struct event_base *base;
	struct net	*net;
	struct model	*model;
	struct poll_ctx	 ctx;
	const struct adapter_watch *ops;
	struct watch_hooks hooks;
	void		*store;
	struct watch_stream s[RB_MAX_REQUESTS];
	size_t		 n;
	struct event	*timer;		/* reopen streams, or list again */
	bool		 running;
	bool		 relist;
	double		 due;		/* now_mono() the timer fires, 0 none */
};

static void	on_timer(evutil_socket_t, short, void *);

struct watch *
watch_new(struct event_base *base, struct net *net, struct model *m,
    const struct poll_ctx *ctx, const struct adapter_watch *ops,
    const struct watch_hooks *hooks)
{
	struct watch	*w = xcalloc(1, sizeof *w);
	size_t		 i;

	w->base = base;
	w->net = net;
	w->model = m;
	w->ctx = *ctx;
	w->ops = ops;
	w->hooks = *hooks;
	w->store = ops->store_new();
	w->timer = evtimer_new(base, on_timer, w);
	for (i = 0; i < RB_MAX_REQUESTS; i++) {
		w->s[i].w = w;
		w->s[i].idx = i;
	}
	return w;
}

int
watch_list(struct watch *w, const struct response *resp, size_t n,
    struct model_part *part, char **cause)
{
	return w->ops->list(w->store, &w->ctx, resp, n, part, cause);
}

bool
watch_running(const struct watch *w)
{
	return w->running;	/* until its own timer asks for the list */
}

bool
watch_fresh(const struct watch *w)
{
	size_t	i;

	if (!w->running || w->relist || w->n == 0)
		return false;
	for (i = 0; i < w->n; i++) {
		if (!w->s[i].open)
			return false;
	}
	return true;
}

/* Fire the timer in `wait` seconds, unless it fires sooner already. */
static void
schedule(struct watch *w, double wait)
{
	struct timeval	tv;
	double		now = now_mono();

	if (w->due > 0 && w->due <= now + wait &&
	    evtimer_pending(w->timer, NULL))
		return;
	w->due = now + wait;
	tv.tv_sec = (time_t)wait;
	tv.tv_usec = (suseconds_t)((wait - (double)tv.tv_sec) * 1e6);
	evtimer_add(w->timer, &tv);
}

/* Close every stream without calling back. */
static void
close_all(struct watch *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++) {
		net_stream_cancel(w->net, w->s[i].x);
		w->s[i].x = NULL;
		w->s[i].open = false;
		w->s[i].end = END_NONE;
		w->s[i].fails = 0;
		free(w->s[i].cause);
		w->s[i].cause = NULL;
	}
}

/*
 * Open stream s again after the poller's back-off; with a cause, the
 * source fails as a failed poll would.
 */
static void
failed(struct watch *w, struct watch_stream *s, const char *cause,
    long retry_after)
{
	struct source_status	*st;
	double			 now = now_mono(), interval, wait;

	interval = w->ctx.src->interval_s;
	s->fails++;
	wait = poller_backoff_s(interval, s->fails, w->hooks.jitter(
	    w->hooks.arg));
	if (retry_after >= 0 && (double)retry_after > wait)
		wait = (double)retry_after < POLLER_RETRY_AFTER_MAX_S ?
		    (double)retry_after : POLLER_RETRY_AFTER_MAX_S;
	if (cause != NULL) {
		model_source_failed(w->model, w->ctx.src->name, cause, now);
		if ((st = model_find_source(w->model, w->ctx.src->name)) !=
		    NULL)
			st->retry_at = now + wait;
		w->hooks.changed(w->hooks.arg);
	}
	schedule(w, wait);
}

static int
on_line(const char *line, size_t len, void *arg)
{
	struct watch_stream		*s = arg;
	struct watch			*w = s->w;
	struct model_rollout_delta	 d;
	struct source_status		*st;
	enum watch_event		 ev;
	char				*cause = NULL;

	if (line == NULL) {
		s->open = true;
		s->fails = 0;
		if (watch_fresh(w)) {
			model_source_ok(w->model, w->ctx.src->name,
			    now_mono());
			if ((st = model_find_source(w->model,
			    w->ctx.src->name)) != NULL)
				st->retry_at = 0;	/* not backing off */
			w->hooks.changed(w->hooks.arg);
		}
		return 0;
	}
	memset(&d, 0, sizeof d);
	ev = w->ops->event(w->store, &w->ctx, s->idx, line, len, &d, &cause);
	switch (ev) {
	case WATCH_APPLIED:
		if (model_rollout_apply(w->model, &d) > 0)
			w->hooks.changed(w->hooks.arg);
		return 0;
	case WATCH_BOOKMARK:
		return 0;
	case WATCH_GONE:
		s->end = END_GONE;
		break;
	case WATCH_FAILED:
		s->end = END_FAILED;
		break;
	case WATCH_BAD:
		s->end = END_BAD;
		break;
	}
	model_rollout_delta_free(&d);
	free(s->cause);
	s->cause = cause;
	return 1;
}

/* A one-line reason for an answer that is not 2xx (or no answer). */
static char *
answer_error(const struct net_response *r)
{
	struct response	resp;

	memset(&resp, 0, sizeof resp);
	resp.status = r->status;
	resp.body = r->body;
	resp.len = r->len;
	resp.error = r->error;
	return response_error(&resp);
}

static void
on_done(const struct net_response *r, void *arg)
{
	struct watch_stream	*s = arg;
	struct watch		*w = s->w;
	char			*cause;
	bool			 was_open = s->open;

	s->x = NULL;
	s->open = false;
	if (r->fail == NET_FAIL_CANCELLED && s->end == END_NONE)
		return;		/* relboard is quitting (net_cancel_all) */
	if (s->end == END_GONE || r->status == 410) {
		/* Too old: only a new list can say what is there now. */
		w->relist = true;
		schedule(w, 0);
	} else if (r->status == 401) {
		/*
		 * The credential expired: the poller's list renews it (an
		 * exec plugin runs again), then the watch starts over.
		 */
		w->relist = true;
		cause = answer_error(r);
		failed(w, s, cause, r->retry_after_s);
		free(cause);
	} else if (s->end == END_BAD) {
		/* The stream cannot be trusted: list again, backing off. */
		w->relist = true;
		failed(w, s, s->cause, -1);
	} else if (s->end == END_FAILED)
		failed(w, s, s->cause, -1);
	else if (r->status >= 200 && r->status <= 299)
		schedule(w, 0);		/* the server's timeoutSeconds */
	else if (r->status == 0 && was_open && r->fail == NET_FAIL_TIMEOUT)
		schedule(w, 0);		/* silent too long: open it again */
	else if (r->status == 0 && was_open)
		failed(w, s, NULL, -1);	/* dropped: again, not failed yet */
	else {
		cause = answer_error(r);
		failed(w, s, cause, r->retry_after_s);
		free(cause);
	}
	s->end = END_NONE;
	free(s->cause);
	s->cause = NULL;
}

/* Open every closed stream from its last resourceVersion. */
static void
open_streams(struct watch *w)
{
	struct request_desc	 reqs[RB_MAX_REQUESTS];
	struct net_request	 nr;
	long			 timeout;
	size_t			 i, n;
	char			*url, *auth;

	memset(reqs, 0, sizeof reqs);
	timeout = WATCH_TIMEOUT_MIN_S + (long)(w->hooks.jitter(w->hooks.arg) *
	    (WATCH_TIMEOUT_MAX_S - WATCH_TIMEOUT_MIN_S));
	n = w->ops->plan(w->store, &w->ctx, timeout, reqs);
	w->n = n;
	for (i = 0; i < n; i++) {
		if (w->s[i].x == NULL) {
			w->hooks.setup(w->hooks.arg, &reqs[i], &nr, &url,
			    &auth);
			w->s[i].x = net_stream(w->net, &nr, WATCH_IDLE_S,
			    on_line, on_done, &w->s[i]);
			source_request_release(url, auth);
			if (w->s[i].x == NULL)
				failed(w, &w->s[i], "could not start the "
				    "watch", -1);
		}
	}
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct watch	*w = arg;

	w->due = 0;
	if (w->relist) {
		close_all(w);
		w->running = false;
		w->relist = false;
		w->hooks.relist(w->hooks.arg);
		return;
	}
	if (w->running)
		open_streams(w);
}

void
watch_start(struct watch *w, double delay)
{
	close_all(w);
	evtimer_del(w->timer);
	w->due = 0;
	w->running = true;
	w->relist = false;
	if (delay > 0)
		schedule(w, delay);
	else
		open_streams(w);
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	close_all(w);
	event_free(w->timer);
	w->ops->store_free(w->store);
	free(w);
}
