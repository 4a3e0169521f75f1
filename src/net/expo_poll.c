/*
 * expo_poll.c - reads exposures (Unleash client metrics) without one
 * request per flag per poll.  Each unleash source with exposures_per_poll
 * above 0 gets a timer on its interval; a tick takes the flags
 * exposure_pick() chooses (wanted first, the rest rarely), sends at most
 * EXPO_INFLIGHT requests at a time through net/, and stores each answer
 * with exposure_store().  A failed read keeps the older counts; while
 * the source itself fails or the poller backs off from it, no round runs.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "core/adapter.h"
#include "core/adapters/unleash_metrics.h"
#include "core/exposure.h"
#include "core/util.h"
#include "net/expo_poll.h"
#include "net/net.h"
#include "net/source_request.h"

struct expo_src;

struct expo_req {
	struct expo_src	*es;
	char		*flag;
};

struct expo_src {
	struct expo_poll *ep;
	const struct source_cfg *src;
	struct event	*timer;
	char		**queue;	/* flags still to send */
	size_t		 nqueue, queue_cap, next;
	size_t		 inflight;
};

struct expo_poll {
	struct event_base *base;
	struct net	*net;
	const struct config *cfg;
	struct model	*model;
	struct expo_src	*srcs;
	size_t		 nsrcs;
	int		 once;		/* stop the loop when all are done */
	int		 dispatching;	/* expo_poll_run_once() runs the loop */
	size_t		 busy;		/* sources with work left */
	void		(*change_cb)(void *);
	void		*change_arg;
};

static void send_more(struct expo_src *);

static void
queue_clear(struct expo_src *es)
{
	size_t i;

	for (i = 0; i < es->nqueue; i++)
		free(es->queue[i]);
	es->nqueue = es->next = 0;
}

static void
round_done(struct expo_src *es)
{
	struct expo_poll *ep = es->ep;
	struct timeval tv;
	double w = es->src->interval_s;

	queue_clear(es);
	if (ep->once) {
		if (--ep->busy == 0 && ep->dispatching)
			event_base_loopbreak(ep->base);
		return;
	}
	tv.tv_sec = (time_t)w;
	tv.tv_usec = (suseconds_t)((w - (double)tv.tv_sec) * 1e6);
	evtimer_add(es->timer, &tv);
}

static void
on_answer(const struct net_response *nr, void *arg)
{
	struct expo_req *rq = arg;
	struct expo_src *es = rq->es;
	struct expo_poll *ep = es->ep;
	struct response r = { nr->status, nr->body, nr->len, nr->error, 0 };
	struct exposure *envs = NULL;
	size_t n = 0;
	char *cause = NULL;

	if (nr->fail != NET_FAIL_CANCELLED) {
		if (unleash_metrics_parse(&r, &envs, &n, &cause) == 0) {
			exposure_store(ep->model, es->src->name, rq->flag, &envs, n,
			    NULL, now_mono());
			n = 0;
		} else
			exposure_store(ep->model, es->src->name, rq->flag, NULL, 0,
			    cause, now_mono());
		exposure_free(envs, n);
		free(cause);
		if (ep->change_cb != NULL)
			ep->change_cb(ep->change_arg);
	}
	free(rq->flag);
	free(rq);
	es->inflight--;
	send_more(es);
}

static void
send_more(struct expo_src *es)
{
	struct expo_poll *ep = es->ep;
	struct request_desc rd;
	struct expo_req *rq;

	while (es->inflight < EXPO_INFLIGHT && es->next < es->nqueue) {
		rq = xcalloc(1, sizeof *rq);
		rq->es = es;
		rq->flag = xstrdup(es->queue[es->next++]);
		unleash_metrics_request(rq->flag, &rd);
		es->inflight++;
		if (source_request_submit(ep->net, es->src,
		    adapter_find(es->src->kind)->auth_scheme, &rd, on_answer,
		    rq) != 0) {
			es->inflight--;
			free(rq->flag);
			free(rq);
			es->next = es->nqueue;	/* try again next round */
		}
		request_desc_free(&rd);
	}
	if (es->inflight == 0 && es->next >= es->nqueue)
		round_done(es);
}

/* Start a round: queue the flags to read, send the first of them. */
static void
round_start(struct expo_src *es)
{
	struct expo_poll *ep = es->ep;
	const char **pick = xcalloc(ep->model->nflags + 1, sizeof *pick);
	struct source_status *src;
	size_t i, n;

	queue_clear(es);
	/* While the poller backs off from the source, so do its exposures. */
	src = model_find_source(ep->model, es->src->name);
	if (!ep->once && (src == NULL || src->state != SOURCE_OK ||
	    src->retry_at > 0)) {
		free(pick);
		round_done(es);
		return;
	}
	n = exposure_pick(ep->model, es->src->name,
	    (size_t)es->src->exposures_per_poll, ep->once, now_mono(), pick);
	if (ep->once && n > EXPO_ONCE_MAX)
		n = EXPO_ONCE_MAX;
	for (i = 0; i < n; i++)
		*ARRAY_PUSH(es->queue, es->nqueue, es->queue_cap) = xstrdup(pick[i]);
	free(pick);
	send_more(es);
}

static void
on_timer(evutil_socket_t fd, short ev, void *arg)
{
	struct expo_src *es = arg;

	(void)fd;
	(void)ev;
	if (es->inflight == 0)
		round_start(es);
}

struct expo_poll *
expo_poll_new(struct event_base *base, struct net *net, const struct config *cfg,
    struct model *m)
{
	struct expo_poll *ep = xcalloc(1, sizeof *ep);
	size_t i;

	ep->base = base;
	ep->net = net;
	ep->cfg = cfg;
	ep->model = m;
	ep->srcs = xcalloc(cfg->nsources + 1, sizeof *ep->srcs);
	for (i = 0; i < cfg->nsources; i++) {
		const struct source_cfg *s = &cfg->sources[i];
		struct expo_src *es;

		if (strcmp(s->kind, "unleash") != 0 || s->exposures_per_poll <= 0)
			continue;
		es = &ep->srcs[ep->nsrcs++];
		es->ep = ep;
		es->src = s;
		es->timer = evtimer_new(base, on_timer, es);
	}
	return ep;
}

void
expo_poll_set_change_cb(struct expo_poll *ep, void (*cb)(void *), void *arg)
{
	ep->change_cb = cb;
	ep->change_arg = arg;
}

void
expo_poll_start(struct expo_poll *ep)
{
	/* The flags come with the first poll: look a moment after it. */
	struct timeval tv = { 1, 0 };
	size_t i;

	ep->once = 0;
	for (i = 0; i < ep->nsrcs; i++)
		evtimer_add(ep->srcs[i].timer, &tv);
}

void
expo_poll_run_once(struct expo_poll *ep)
{
	size_t i;

	if (ep->nsrcs == 0)
		return;
	ep->once = 1;
	ep->busy = ep->nsrcs;
	for (i = 0; i < ep->nsrcs; i++)
		round_start(&ep->srcs[i]);
	if (ep->busy > 0) {
		ep->dispatching = 1;
		event_base_dispatch(ep->base);
		ep->dispatching = 0;
	}
	ep->once = 0;
}

void
expo_poll_free(struct expo_poll *ep)
{
	size_t i;

	if (ep == NULL)
		return;
	for (i = 0; i < ep->nsrcs; i++) {
		struct expo_src *es = &ep->srcs[i];

		event_free(es->timer);
		queue_clear(es);
		free(es->queue);
	}
	free(ep->srcs);
	free(ep);
}
