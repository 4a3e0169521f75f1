/*
 * poller.c - polls every configured source on its interval.  For each poll
 * it asks the source's adapter for the requests it needs, sends them through
 * net/ (revalidating with ETags, so an unchanged answer costs a 304), hands
 * the answers back to the adapter, and applies the result to the model or
 * marks the source stale with the reason.  Where the adapter has a probe
 * (one conditional request that tells whether anything moved), a poll
 * sends only it while nothing did, and keeps the model as it is.
 *
 * A poll whose every answer is a 304 is what the model already holds and
 * is not parsed again.  When only some are, the adapter needs every body:
 * the answers a source's model was built from are kept while they add up
 * to at most POLLER_KEEP_MAX bytes (a few thousand flags), and beyond that
 * only their ETags are, and the 304s' requests are sent once more without
 * them.  So is every request while a verified flag state is pinned
 * against the polls (model_pin.h) and nothing was kept: the pin must be
 * checked against what the service says.  An answer that never
 * changes (request_desc.reuse) is asked for once per path; the adapter
 * then gets it as `reused` and keeps what the model has of it.
 *
 * A source that fails with no answer, 429, 5xx, 401 or 403 is polled less
 * and less often (exponential back-off with jitter, see poller.h), and a
 * Retry-After is honoured; a good poll brings back the interval.
 *
 * A source whose credential comes from a kubeconfig exec plugin sends its
 * requests once the plugin has given one (net/kubeauth.h), without holding
 * up the loop; after a 401 the plugin runs again once per poll and each
 * refused request is sent once more.  A plugin that fails fails the poll.
 *
 * A kind that watches (adapter_watch: the Kubernetes API) is polled -
 * listed - only until a list succeeds; then watch.c keeps it up to date
 * through streams built by source_request like every other request, and
 * the source's turn each interval only stamps it fresh while every
 * stream is open.  `relboard status` (poller_run_once) lists and never
 * watches.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>		/* malloc_trim() */
#endif

#include <event2/event.h>

#include "core/adapter.h"
#include "core/model_pin.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/kubeauth.h"
#include "net/expo_poll.h"
#include "net/net.h"
#include "net/poller.h"
#include "net/source_request.h"
#include "net/watch.h"

#define POLL_SETTLE_S	1.5	/* second look after a refresh */

struct poller;

struct answer {
	long		 status;
	char		*body;
	size_t		 len;
	char		*error;
	char		*etag;		/* of a 200, cached once it is applied */
	int		 reused;	/* a reuse request asked before */
};

/*
 * The answer to a path the model holds: its ETag and, within the budget,
 * its body; for a request that reuses its answer, only that it was
 * applied.  The probe's last answer (small) is kept the same way.
 */
struct cache {
	char		*path;
	char		*etag;
	char		*body;		/* NULL: not kept */
	size_t		 len;
};

struct src_poll;

struct req_ref {
	struct src_poll	*sp;
	size_t		 idx;
};

struct src_poll {
	struct poller	*p;
	const struct source_cfg *src;
	const struct adapter_entry *ad;
	struct event	*timer;
	size_t		 inflight;
	struct request_desc reqs[RB_MAX_REQUESTS];
	size_t		 nreqs;
	struct answer	 ans[RB_MAX_REQUESTS];
	struct req_ref	 refs[RB_MAX_REQUESTS];
	struct cache	 cache[RB_MAX_REQUESTS];
	int		 retried[RB_MAX_REQUESTS];	/* after a 401 */
	int		 fresh[RB_MAX_REQUESTS];	/* sent without ETag */
	int		 renewed;	/* this poll ran the plugin after a 401 */
	struct kubeauth_run *run;	/* the exec plugin is running */
	int		 await[RB_MAX_REQUESTS];	/* sent when it ends */
	int		 again;		/* asked for while a poll was running */
	int		 settle;	/* poll once more soon after a refresh */
	unsigned	 fails;		/* failed polls in a row that back off */
	int		 trouble;	/* this poll had an answer that backs off */
	long		 retry_after;	/* largest Retry-After of this poll, -1 */
	/* The adapter's probe (plan_probe) and what it last answered. */
	struct request_desc probe;
	struct req_ref	 probe_ref;
	struct cache	 probe_seen;
	int		 probe_off;	/* the service does not know it */
	int		 full_left;	/* so many next polls are full ones */
	double		 last_full;	/* a good full poll; 0 = none yet */
	struct watch	*watch;		/* lists once, then watches; or NULL */
};

struct poller {
	struct event_base *base;
	const struct config *cfg;
	struct model	*model;
	struct net	*net;
	struct src_poll	*polls;
	size_t		 npolls;
	double		 at;
	int		 once;		/* stop the loop when all have answered */
	size_t		 keep_max;	/* bytes of answers kept per source */
	size_t		 once_left;
	poller_change_cb change_cb;
	void		*change_arg;
	poller_note_cb	 note_cb;
	void		*note_arg;
	uint64_t	 rng;		/* jitter */
	struct expo_poll *expo;		/* exposures, a few flags a poll */
};

static void poll_source(struct src_poll *);
static void submit_one(struct src_poll *, size_t);
static void finish(struct src_poll *);
static void reschedule(struct src_poll *, double);

static void
finish_one(struct src_poll *sp)
{
	if (--sp->inflight == 0)
		finish(sp);
}

/* A plugin's stderr line: the note callback, else stderr. */
static void
note(struct poller *p, char *text)
{
	if (text == NULL)
		return;
	if (p->note_cb != NULL)
		p->note_cb(text, p->note_arg);
	else
		sanitize_eprintf("relboard: %s", text);
	free(text);
}

/*
 * The exec plugin ended: send the requests that waited for it, or fail
 * them with its reason.
 */
static void
on_cred(const char *text, const char *cause, void *arg)
{
	struct src_poll *sp = arg;
	struct answer *a;
	size_t i;

	sp->run = NULL;
	if (text != NULL)
		note(sp->p, xstrdup(text));
	for (i = 0; i < RB_MAX_REQUESTS; i++) {
		if (!sp->await[i])
			continue;
		sp->await[i] = 0;
		if (cause == NULL) {
			submit_one(sp, i);
			continue;
		}
		a = &sp->ans[i];
		a->status = 0;
		free(a->error);
		a->error = xstrdup(cause);
		sp->trouble = 1;	/* back off, as from no answer */
		finish_one(sp);
	}
}

/*
 * Run the source's exec plugin (force: even if its credential looks
 * good) with request idx waiting for it; a plugin already running takes
 * it along.  0, or -1 with *cause.
 */
static int
await_cred(struct src_poll *sp, size_t idx, int force, char **cause)
{
	if (sp->run == NULL) {
		switch (kubeauth_refresh_start(sp->src, force, sp->p->base,
		    on_cred, sp, &sp->run, cause)) {
		case -1:
			return -1;
		case 0:
			submit_one(sp, idx);
			return 0;
		}
	}
	sp->await[idx] = 1;
	return 0;
}

/*
 * A 401 from a source whose credential comes from an exec plugin: run
 * the plugin again (once per poll) and send the request once more.
 * Returns whether it is sent again.
 */
static int
renew(struct src_poll *sp, size_t idx, struct answer *a)
{
	char *cause = NULL;

	if (!kubeauth_has_plugin(sp->src) || sp->retried[idx])
		return 0;
	sp->retried[idx] = 1;
	if (!sp->renewed || sp->run != NULL) {
		if (await_cred(sp, idx, !sp->renewed, &cause) != 0) {
			a->error = cause;	/* the poll fails with this */
			return 0;
		}
		sp->renewed = 1;
		return 1;
	}
	submit_one(sp, idx);
	return 1;
}

double
poller_backoff_s(double interval_s, unsigned failures, double share)
{
	double	cap = interval_s > POLLER_BACKOFF_MAX_S ? interval_s :
		    POLLER_BACKOFF_MAX_S;
	double	d;

	if (failures > 30)
		failures = 30;
	d = ldexp(interval_s, (int)failures);
	if (d > cap)
		d = cap;
	if (!(share >= 0 && share < 1))
		share = 0;
	return (d / 2 + share * d / 2);
}

/* A share in [0, 1) for jitter (xorshift64*). */
static double
jitter_share(struct poller *p)
{
	p->rng ^= p->rng >> 12;
	p->rng ^= p->rng << 25;
	p->rng ^= p->rng >> 27;
	return ((double)((p->rng * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0);
}

/* Does an answer with this status (0: none) make the poller back off? */
static int
backs_off(long status)
{
	return (status == 0 || status == 429 || status == 401 ||
	    status == 403 || (status >= 500 && status <= 599));
}

/*
 * Seconds until the next poll of a source whose poll finished at `now`,
 * and when that is in its status while backing off.
 */
static double
next_wait(struct src_poll *sp, double now)
{
	struct poller		*p = sp->p;
	struct source_status	*s = model_find_source(p->model, sp->src->name);
	double			 interval = sp->src->interval_s, wait = interval;
	int			 backoff = 0, ok;

	/* Good: model_source_ok() stamped this poll's time. */
	ok = s != NULL && s->state == SOURCE_OK && s->last_ok == now;

	if (ok)
		sp->fails = 0;
	else if (sp->trouble) {
		sp->fails++;
		wait = poller_backoff_s(interval, sp->fails, jitter_share(p));
		backoff = 1;
	}
	if (sp->retry_after >= 0) {
		/* The server says when: that, not our guess. */
		wait = (double)sp->retry_after;
		if (wait > POLLER_RETRY_AFTER_MAX_S)
			wait = POLLER_RETRY_AFTER_MAX_S;
		if (wait < interval)
			wait = interval;
		backoff = backoff || wait > interval;
	}
	/*
	 * After a refresh (a flag action, `r`), look again soon: Unleash's
	 * client API can serve the previous state for about a second after
	 * a write.
	 */
	if (!backoff && sp->settle && wait > POLL_SETTLE_S)
		wait = POLL_SETTLE_S;
	sp->settle = 0;
	/* A refresh asked for while this poll ran polls again at once. */
	if (sp->again)
		wait = 0;
	if (s != NULL)
		s->retry_at = backoff && !p->once && wait > 0 ? now + wait : 0;
	return (wait);
}

static void
answers_clear(struct src_poll *sp)
{
	size_t i;

	for (i = 0; i < sp->nreqs; i++) {
		free(sp->ans[i].body);
		free(sp->ans[i].error);
		free(sp->ans[i].etag);
		memset(&sp->ans[i], 0, sizeof sp->ans[i]);
		request_desc_free(&sp->reqs[i]);
	}
	sp->nreqs = 0;
}

static void
cache_clear(struct cache *c)
{
	free(c->path);
	free(c->etag);
	free(c->body);
	memset(c, 0, sizeof *c);
}

/*
 * The model now holds what this poll's answers say: their ETags may
 * revalidate it next time, and an answer that never changes need not be
 * asked for again.  Called after the answers were parsed and applied.
 */
static void
cache_commit(struct src_poll *sp)
{
	struct answer	*a;
	struct cache	*c;
	size_t		 i, kept = 0;

	for (i = 0; i < sp->nreqs; i++) {
		a = &sp->ans[i];
		c = &sp->cache[i];
		if (a->status == 304 || a->reused) {
			kept += c->len;	/* revalidated, or reused: kept */
			continue;
		}
		cache_clear(c);
		if (a->status != 200 || (a->etag == NULL && !sp->reqs[i].reuse))
			continue;
		c->path = xstrdup(sp->reqs[i].path);
		c->etag = a->etag;
		a->etag = NULL;
		if (c->etag != NULL && a->body != NULL) {
			c->body = a->body;
			c->len = a->len;
			a->body = NULL;
			kept += c->len;
		}
	}
	for (; i < RB_MAX_REQUESTS; i++)
		cache_clear(&sp->cache[i]);
	/* Over the budget: the ETags alone. */
	for (i = 0; kept > sp->p->keep_max && i < RB_MAX_REQUESTS; i++) {
		free(sp->cache[i].body);
		sp->cache[i].body = NULL;
		sp->cache[i].len = 0;
	}
}

/* A 304 whose body was kept: it stands in for the answer. */
static int
kept_body(const struct src_poll *sp, size_t i)
{
	return sp->ans[i].status == 304 && sp->cache[i].body != NULL;
}

/*
 * Some answers were 304s and the adapter needs every body: send those
 * requests whose bodies were not kept again without their ETags.
 * Returns 0, or -1 when there were none to send.
 */
static int
ask_again(struct src_poll *sp)
{
	size_t	 i, n = 0;

	for (i = 0; i < sp->nreqs; i++)
		n += sp->ans[i].status == 304 && !kept_body(sp, i);
	if (n == 0)
		return -1;
	sp->inflight = n;
	for (i = 0; i < sp->nreqs; i++) {
		if (sp->ans[i].status != 304 || kept_body(sp, i))
			continue;
		memset(&sp->ans[i], 0, sizeof sp->ans[i]);
		sp->fresh[i] = 1;
		submit_one(sp, i);
	}
	return 0;
}

static void
finish(struct src_poll *sp)
{
	struct poller *p = sp->p;
	struct response resp[RB_MAX_REQUESTS];
	struct model_part part;
	struct poll_ctx ctx = { sp->src, p->cfg, p->at };
	char *cause = NULL;
	size_t i, unchanged = 0;
	double now = now_mono();
	int watching = sp->watch != NULL && !p->once;

	memset(&part, 0, sizeof part);
	for (i = 0; i < sp->nreqs; i++) {
		if (sp->ans[i].status == 0) {
			sp->last_full = 0;
			model_source_failed(p->model, sp->src->name,
			    sp->ans[i].error ? sp->ans[i].error : "no answer", now);
			goto done;
		}
		unchanged += sp->ans[i].status == 304;
		resp[i].status = sp->ans[i].status;
		resp[i].body = sp->ans[i].body != NULL ? sp->ans[i].body : "";
		resp[i].len = sp->ans[i].len;
		resp[i].error = NULL;
		resp[i].reused = sp->ans[i].reused;
		if (kept_body(sp, i)) {
			/* The kept body, lent for the parse. */
			resp[i].status = 200;
			resp[i].body = sp->cache[i].body;
			resp[i].len = sp->cache[i].len;
		}
	}
	/*
	 * Every answer is what the model holds: nothing to parse.  A pinned
	 * state, a watch (its store starts from the list) or an answer that
	 * did change needs the bodies of the others too.
	 */
	if (unchanged > 0 && unchanged == sp->nreqs && !watching &&
	    p->model->npins == 0) {
		model_source_ok(p->model, sp->src->name, now);
		sp->last_full = now;
		goto done;
	}
	if (unchanged > 0 && ask_again(sp) == 0)
		return;
	if ((watching ? watch_list(sp->watch, resp, sp->nreqs, &part, &cause) :
	    sp->ad->parse(&ctx, resp, sp->nreqs, &part, &cause)) != 0) {
		sp->last_full = 0;
		model_source_failed(p->model, sp->src->name, cause, now);
		free(cause);
		model_part_free(&part);
		goto done;
	}
	cache_commit(sp);
	answers_clear(sp);	/* the bodies go before the model grows */
	if (watching)
		watch_start(sp->watch, sp->retry_after < 0 ? 0 :
		    sp->retry_after < POLLER_RETRY_AFTER_MAX_S ?
		    (double)sp->retry_after : POLLER_RETRY_AFTER_MAX_S);
	model_apply(p->model, sp->src->name, &part);
	model_source_ok(p->model, sp->src->name, now);
	sp->last_full = now;
	model_pins_apply(p->model, now);
	model_classify(p->model, p->cfg);
	model_build_graph(p->model, p->cfg);
	model_effective(p->model);
done:
	answers_clear(sp);
#ifdef __GLIBC__
	/* What the answers' trees and the old items took goes back. */
	malloc_trim(0);
#endif
	reschedule(sp, now);
}

/* After a poll: arm the timer for the next one and tell the watcher. */
static void
reschedule(struct src_poll *sp, double now)
{
	struct poller *p = sp->p;
	double wait;

	/*
	 * A refresh asked for while this poll ran (after a flag action, say)
	 * may want what this poll started too early to see: it polls again
	 * at once (next_wait() says 0).
	 */
	wait = next_wait(sp, now);
	sp->again = 0;
	if (p->once) {
		if (--p->once_left == 0)
			event_base_loopbreak(p->base);
	} else {
		struct timeval tv;

		tv.tv_sec = (time_t)wait;
		tv.tv_usec = (suseconds_t)((wait - (double)tv.tv_sec) * 1e6);
		evtimer_add(sp->timer, &tv);
	}
	if (p->change_cb != NULL)
		p->change_cb(p->change_arg);
}

static void
on_answer(const struct net_response *r, void *arg)
{
	struct req_ref *ref = arg;
	struct src_poll *sp = ref->sp;
	struct answer *a = &sp->ans[ref->idx];
	struct cache *c = &sp->cache[ref->idx];

	if (r->status == 401 && renew(sp, ref->idx, a))
		return;
	if (a->error != NULL) {
		a->status = 0;	/* the plugin failed: that is the reason */
		sp->trouble = 1;
		finish_one(sp);
		return;
	}
	if (r->retry_after_s > sp->retry_after)
		sp->retry_after = r->retry_after_s;
	if (backs_off(r->status))
		sp->trouble = 1;
	a->status = r->status;
	if (r->status == 304 && (sp->fresh[ref->idx] || c->etag == NULL ||
	    !streq(c->path, sp->reqs[ref->idx].path)))
		a->status = 0;	/* no ETag was sent: a 304 says nothing */
	else if (r->status != 304) {
		if ((a->body = net_take_body(r)) == NULL)
			a->body = xstrndup(r->body ? r->body : "", r->len);
		a->len = r->len;
		if (r->status == 200 && r->etag != NULL)
			a->etag = xstrdup(r->etag);
	}
	if (a->status == 0)
		a->error = xstrdup(r->status == 304 ? "a 304 answer to a "
		    "request that sent no ETag" : r->error ? r->error :
		    "no answer");
	finish_one(sp);
}

/*
 * A watching source's turn: no poll, only its freshness, which the open
 * streams vouch for (a broken watch grows late, or failed as it reports).
 */
static void
watch_turn(struct src_poll *sp)
{
	struct poller *p = sp->p;
	struct timeval tv;

	evtimer_del(sp->timer);
	if (watch_fresh(sp->watch)) {
		model_source_ok(p->model, sp->src->name, now_mono());
		if (p->change_cb != NULL)
			p->change_cb(p->change_arg);
	}
	tv.tv_sec = (time_t)sp->src->interval_s;
	tv.tv_usec = (suseconds_t)((sp->src->interval_s -
	    (double)tv.tv_sec) * 1e6);
	evtimer_add(sp->timer, &tv);
}

/* A full poll: every request of the adapter's plan. */
static void
poll_full(struct src_poll *sp)
{
	struct poller *p = sp->p;
	struct poll_ctx ctx = { sp->src, p->cfg, p->at };
	struct net_response fake;
	size_t i, n;
	char *cause = NULL;

	memset(sp->reqs, 0, sizeof sp->reqs);
	n = sp->ad->plan(&ctx, sp->reqs);
	sp->nreqs = n;
	sp->inflight = n;
	if (n == 0) {
		finish(sp);
		return;
	}
	memset(sp->retried, 0, sizeof sp->retried);
	memset(sp->fresh, 0, sizeof sp->fresh);
	sp->renewed = 0;
	for (i = 0; i < n; i++) {
		if (await_cred(sp, i, 0, &cause) != 0)
			break;
	}
	if (i < n) {
		/* The plugin cannot start: every request fails with why. */
		memset(&fake, 0, sizeof fake);
		fake.error = cause;
		fake.fail = NET_FAIL_OTHER;
		fake.retry_after_s = -1;
		for (i = 0; i < n; i++) {
			sp->refs[i].sp = sp;
			sp->refs[i].idx = i;
			on_answer(&fake, &sp->refs[i]);
		}
		free(cause);
	}
}

/*
 * Send one request of a source with its current credentials; its answer
 * goes to cb with ref.  plain: a small answer is expected (a probe).
 */
static void
submit(struct src_poll *sp, const struct request_desc *d, const char *etag,
    int plain, net_cb cb, struct req_ref *ref)
{
	struct net_request nr;
	char *url, *auth;

	source_request_fill(&nr, sp->src, sp->ad->auth_scheme, d, &url, &auth);
	nr.if_none_match = etag;
	nr.plain = plain;
	if (net_submit(sp->p->net, &nr, cb, ref) != 0) {
		struct net_response fake;

		memset(&fake, 0, sizeof fake);
		fake.error = "could not start the request";
		fake.fail = NET_FAIL_OTHER;
		fake.retry_after_s = -1;
		cb(&fake, ref);
	}
	source_request_release(url, auth);
}

/* Send request i of the poll (or answer it from the cache: reuse). */
static void
submit_one(struct src_poll *sp, size_t i)
{
	struct cache *c = &sp->cache[i];

	sp->refs[i].sp = sp;
	sp->refs[i].idx = i;
	if (sp->reqs[i].reuse && c->path != NULL &&
	    streq(c->path, sp->reqs[i].path)) {
		/* Asked before: the model has what it said. */
		sp->ans[i].status = 200;
		sp->ans[i].reused = 1;
		finish_one(sp);
		return;
	}
	submit(sp, &sp->reqs[i], !sp->fresh[i] && streq(c->path,
	    sp->reqs[i].path) ? c->etag : NULL, 0, on_answer, &sp->refs[i]);
}

/*
 * The probe's answer: nothing moved (a 304, or the body seen last time)
 * ends the poll with the model kept; a move, a first or forced poll, a
 * full poll due, or an answer that is no use go on to a full poll.
 */
static void
on_probe(const struct net_response *r, void *arg)
{
	struct req_ref *ref = arg;
	struct src_poll *sp = ref->sp;
	struct cache *c = &sp->probe_seen;
	const char *path = sp->probe.path;
	double now = now_mono();
	int known = c->path != NULL && streq(c->path, path);
	int moved = 0, useless = 0;

	sp->inflight = 0;
	if (r->retry_after_s > sp->retry_after)
		sp->retry_after = r->retry_after_s;
	if (r->status == 304 && known)
		;
	else if (r->status == 200) {
		moved = !known || c->len != r->len ||
		    memcmp(c->body, r->body ? r->body : "", r->len) != 0;
		cache_clear(c);
		c->path = xstrdup(path);
		c->etag = r->etag != NULL ? xstrdup(r->etag) : NULL;
		c->body = xstrndup(r->body ? r->body : "", r->len);
		c->len = r->len;
	} else {
		/* No use: the full poll says what went wrong, and backs off. */
		useless = 1;
		if (r->status >= 400 && r->status < 500 && !backs_off(r->status))
			sp->probe_off = 1;	/* e.g. a 404: full polls only */
	}
	request_desc_free(&sp->probe);
	if (!moved && !useless && sp->full_left == 0 && sp->last_full > 0 &&
	    now - sp->last_full < sp->ad->full_every_s) {
		model_source_ok(sp->p->model, sp->src->name, now);
		reschedule(sp, now);
		return;
	}
	/*
	 * A full poll.  When something moved since the last one, the next
	 * poll (soon) reads everything again, past any moment in which the
	 * service still serves the older state.
	 */
	if (sp->full_left > 0)
		sp->full_left--;
	if (moved && sp->last_full > 0) {
		sp->full_left = sp->full_left > 0 ? sp->full_left : 1;
		sp->settle = 1;
	}
	poll_full(sp);
}

static void
poll_source(struct src_poll *sp)
{
	struct poll_ctx ctx = { sp->src, sp->p->cfg, sp->p->at };
	struct cache *c = &sp->probe_seen;

	if (sp->inflight > 0) {
		sp->again = 1;	/* the running poll is followed by another */
		return;
	}
	if (sp->watch != NULL && !sp->p->once && watch_running(sp->watch)) {
		watch_turn(sp);
		return;
	}
	evtimer_del(sp->timer);
	sp->trouble = 0;
	sp->retry_after = -1;
	/* One round (`relboard status`) has nothing to compare with. */
	if (sp->ad->plan_probe == NULL || sp->probe_off || sp->p->once) {
		poll_full(sp);
		return;
	}
	/* The probe goes first, so that no move slips in before it. */
	memset(&sp->probe, 0, sizeof sp->probe);
	sp->ad->plan_probe(&ctx, &sp->probe);
	sp->inflight = 1;
	sp->probe_ref.sp = sp;
	sp->probe_ref.idx = 0;
	submit(sp, &sp->probe, streq(c->path, sp->probe.path) ? c->etag : NULL,
	    1, on_probe, &sp->probe_ref);
}

static void
on_timer(evutil_socket_t fd, short ev, void *arg)
{
	poll_source(arg);
}

/* The watch's hooks (watch.h). */
static void
hook_setup(void *arg, const struct request_desc *d, struct net_request *nr,
    char **url, char **auth)
{
	struct src_poll *sp = arg;

	source_request_fill(nr, sp->src, sp->ad->auth_scheme, d, url, auth);
}

static void
hook_relist(void *arg)
{
	poll_source(arg);
}

static void
hook_changed(void *arg)
{
	struct src_poll *sp = arg;

	if (sp->p->change_cb != NULL)
		sp->p->change_cb(sp->p->change_arg);
}

static double
hook_jitter(void *arg)
{
	return jitter_share(((struct src_poll *)arg)->p);
}

struct poller *
poller_new(struct event_base *base, const struct config *cfg, struct model *m,
    char **cause)
{
	struct poller *p = xcalloc(1, sizeof *p);
	size_t i;

	p->base = base;
	p->cfg = cfg;
	p->model = m;
	p->keep_max = POLLER_KEEP_MAX;
	p->rng = ((uint64_t)(now_wall() * 1e6) ^ ((uint64_t)getpid() << 32) ^
	    (uint64_t)(uintptr_t)p) | 1;
	if ((p->net = net_new(base, cause)) == NULL) {
		free(p);
		return NULL;
	}
	p->expo = expo_poll_new(base, p->net, cfg, m);
	p->polls = xcalloc(cfg->nsources, sizeof *p->polls);
	p->npolls = cfg->nsources;
	for (i = 0; i < cfg->nsources; i++) {
		struct src_poll *sp = &p->polls[i];

		sp->p = p;
		sp->src = &cfg->sources[i];
		sp->ad = adapter_find(sp->src->kind);
		sp->timer = evtimer_new(base, on_timer, sp);
		model_add_source(m, sp->src->name, sp->src->kind);
		if (sp->ad->watch != NULL) {
			struct poll_ctx ctx = { sp->src, cfg, 0 };
			struct watch_hooks h = { hook_setup, hook_relist,
			    hook_changed, hook_jitter, sp };

			sp->watch = watch_new(base, p->net, m, &ctx,
			    sp->ad->watch, &h);
		}
	}
	return p;
}

void
poller_set_change_cb(struct poller *p, poller_change_cb cb, void *arg)
{
	p->change_cb = cb;
	p->change_arg = arg;
	expo_poll_set_change_cb(p->expo, cb, arg);
}

void
poller_set_note_cb(struct poller *p, poller_note_cb cb, void *arg)
{
	p->note_cb = cb;
	p->note_arg = arg;
}

void
poller_set_keep_max(struct poller *p, size_t bytes)
{
	p->keep_max = bytes;
}

void
poller_set_at(struct poller *p, double at)
{
	p->at = at;
}

void
poller_start(struct poller *p)
{
	size_t i;

	p->once = 0;
	for (i = 0; i < p->npolls; i++)
		poll_source(&p->polls[i]);
	expo_poll_start(p->expo);
}

int
poller_run_once(struct poller *p)
{
	size_t i;
	int failed = 0;

	p->once = 1;
	p->once_left = p->npolls;
	for (i = 0; i < p->npolls; i++)
		poll_source(&p->polls[i]);
	if (p->once_left > 0)
		event_base_dispatch(p->base);
	for (i = 0; i < p->npolls; i++) {
		struct source_status *s = model_find_source(p->model,
		    p->polls[i].src->name);

		if (s == NULL || s->state != SOURCE_OK)
			failed++;
	}
	return failed;
}

void
poller_refresh(struct poller *p, const char *source)
{
	size_t i;

	for (i = 0; i < p->npolls; i++) {
		if (source == NULL || strcmp(p->polls[i].src->name, source) == 0) {
			p->polls[i].settle = 1;
			p->polls[i].full_left = 2;	/* this and the second look */
			poll_source(&p->polls[i]);
		}
	}
}

void
poller_exposures_once(struct poller *p)
{
	expo_poll_run_once(p->expo);
}

struct net *
poller_net(struct poller *p)
{
	return p->net;
}

void
poller_free(struct poller *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	for (i = 0; i < p->npolls; i++)
		watch_free(p->polls[i].watch);
	net_free(p->net);
	expo_poll_free(p->expo);
	for (i = 0; i < p->npolls; i++) {
		struct src_poll *sp = &p->polls[i];

		answers_clear(sp);
		event_free(sp->timer);
		kubeauth_cancel(sp->run);
		for (j = 0; j < RB_MAX_REQUESTS; j++)
			cache_clear(&sp->cache[j]);
		cache_clear(&sp->probe_seen);
		request_desc_free(&sp->probe);
	}
	free(p->polls);
	free(p);
}
