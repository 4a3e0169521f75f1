/*
 * check_poller.c - the poller over real HTTP: relboard-sim's server in the
 * test's own event loop, polled through net/ and the adapters into the
 * model.  Covers a full round, ETag revalidation, and a source that goes
 * away (stale, older data kept) and one that never answered (error).
 * Back-off: against a stand-in Kubernetes API whose answers the test sets
 * (429, 5xx, 401/403, Retry-After), the time between polls grows, the
 * source's retry_at says when the next try is, Retry-After is honoured, a
 * manual refresh still polls at once and a good poll brings back the
 * interval.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "core/exposure.h"
#include "sim/sim.h"

struct env {
	struct event_base *base;
	struct sim	*sim;
	struct config	 cfg;
	struct model	 model;
	struct poller	*poller;
};

static void
env_start(struct env *e)
{
	struct sim_opts so;
	char *text, *cause = NULL;

	memset(e, 0, sizeof *e);
	net_global_init();
	e->base = event_base_new();
	memset(&so, 0, sizeof so);
	so.speed = 1;
	so.quiet = 1;
	e->sim = sim_start(e->base, &so, &cause);
	ck_assert_msg(e->sim != NULL, "%s", cause);
	text = sim_demo_config(e->sim);
	ck_assert_msg(config_parse(&e->cfg, "(demo)", text, &cause) == 0, "%s", cause);
	free(text);
	model_init(&e->model);
	e->poller = poller_new(e->base, &e->cfg, &e->model, &cause);
	ck_assert_msg(e->poller != NULL, "%s", cause);
}

/*
 * A simulator with options `so` and a config of its Unleash alone (source
 * "flags", polled every 30 s), with `extra` keys added to the source.
 */
static void
env_start_flags(struct env *e, struct sim_opts *so, const char *extra)
{
	char *text, *cause = NULL;

	memset(e, 0, sizeof *e);
	net_global_init();
	e->base = event_base_new();
	so->speed = 1;
	so->quiet = 1;
	e->sim = sim_start(e->base, so, &cause);
	ck_assert_msg(e->sim != NULL, "%s", cause);
	text = xasprintf("{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\","
	    "\"url\":\"http://127.0.0.1:%d\",\"interval_s\":30%s}]}",
	    sim_port(e->sim), extra);
	ck_assert_msg(config_parse(&e->cfg, "t.json", text, &cause) == 0, "%s", cause);
	free(text);
	model_init(&e->model);
	e->poller = poller_new(e->base, &e->cfg, &e->model, &cause);
	ck_assert_msg(e->poller != NULL, "%s", cause);
}

static void
env_stop(struct env *e)
{
	poller_free(e->poller);
	if (e->sim != NULL)
		sim_free(e->sim);
	model_free(&e->model);
	config_free(&e->cfg);
	event_base_free(e->base);
	net_global_cleanup();
}

START_TEST(round_fills_model)
{
	struct env e;
	size_t i;
	unsigned gen;

	env_start(&e);
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	ck_assert_uint_eq(e.model.nsources, 3);
	for (i = 0; i < e.model.nsources; i++) {
		ck_assert_int_eq(e.model.sources[i].state, SOURCE_OK);
		ck_assert_ptr_null(e.model.sources[i].error);
	}
	ck_assert_uint_ge(e.model.nflags, 8);
	ck_assert_uint_ge(e.model.nrollouts, 3);
	ck_assert_uint_ge(e.model.nservices, 3);
	ck_assert_uint_ge(e.model.nedges, 1);

	/* A second round: unchanged flag listings come back as 304s and
	 * the model still holds every flag. */
	gen = e.model.generation;
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	ck_assert_uint_gt(e.model.generation, gen);
	ck_assert_uint_ge(e.model.nflags, 8);
	ck_assert_ptr_nonnull(model_find_flag(&e.model, "flags", e.model.flags[0].name));
	env_stop(&e);
}
END_TEST

START_TEST(source_goes_stale)
{
	struct env e;
	struct source_status *s;
	size_t nflags;

	env_start(&e);
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	nflags = e.model.nflags;
	sim_free(e.sim);	/* every service goes away */
	e.sim = NULL;
	ck_assert_int_eq(poller_run_once(e.poller), 3);
	s = model_find_source(&e.model, "flags");
	ck_assert_int_eq(s->state, SOURCE_STALE);
	ck_assert_msg(strstr(s->error, "refused") != NULL, "%s", s->error);
	ck_assert_double_gt(s->last_ok, 0);
	ck_assert_uint_eq(e.model.nflags, nflags);	/* older data kept */
	env_stop(&e);
}
END_TEST

START_TEST(never_answered_is_error)
{
	struct event_base *base;
	struct config cfg;
	struct model m;
	struct poller *p;
	char *cause = NULL;
	struct source_status *s;

	net_global_init();
	base = event_base_new();
	/* Port 9 (discard) on loopback: nothing listens there in tests. */
	ck_assert_int_eq(config_parse(&cfg, "t.json", "{\"sources\":[{\"name\":\"k8s\","
	    "\"kind\":\"argo-rollouts\",\"url\":\"http://127.0.0.1:9\","
	    "\"namespace\":\"shop\",\"timeout_s\":2}]}", &cause), 0);
	model_init(&m);
	p = poller_new(base, &cfg, &m, &cause);
	ck_assert_int_eq(poller_run_once(p), 1);
	s = model_find_source(&m, "k8s");
	ck_assert_int_eq(s->state, SOURCE_ERROR);
	ck_assert_ptr_nonnull(s->error);
	ck_assert_double_eq(s->last_ok, 0);
	poller_free(p);
	model_free(&m);
	config_free(&cfg);
	event_base_free(base);
	net_global_cleanup();
}
END_TEST

static void
stop_loop(evutil_socket_t fd, short what, void *arg)
{
	event_base_loopbreak(arg);
}

/*
 * A refresh asked for while a poll is running (as after a flag action) is
 * not dropped: another poll follows at once, not an interval later.
 */
START_TEST(refresh_during_a_poll_polls_again)
{
	struct env e;
	struct sim_opts so;
	struct event *stop;
	struct timeval tv = { 2, 0 };
	struct source_status *s;

	memset(&so, 0, sizeof so);
	so.latency_ms = 300;
	env_start_flags(&e, &so, "");

	poller_start(e.poller);
	poller_refresh(e.poller, "flags");	/* while the first poll runs */
	stop = evtimer_new(e.base, stop_loop, e.base);
	evtimer_add(stop, &tv);
	event_base_dispatch(e.base);
	event_free(stop);
	s = model_find_source(&e.model, "flags");
	ck_assert_int_eq(s->state, SOURCE_OK);
	ck_assert_uint_eq(s->polls, 2);
	env_stop(&e);
}
END_TEST

START_TEST(backoff_formula)
{
	unsigned	i;
	double		hi = 0;

	/* The first failure waits one to two intervals. */
	ck_assert_double_eq(poller_backoff_s(5, 1, 0), 5);
	ck_assert_double_lt(poller_backoff_s(5, 1, 0.9999), 10);
	ck_assert_double_ge(poller_backoff_s(5, 1, 0.9999), 9.99);
	ck_assert_double_eq(poller_backoff_s(5, 2, 0), 10);
	ck_assert_double_eq(poller_backoff_s(5, 3, 0.5), 30);
	/* Then it doubles up to the cap, with jitter from half of it to all. */
	for (i = 1; i < 100; i++) {
		double	lo = poller_backoff_s(5, i, 0);
		double	top = poller_backoff_s(5, i, 0.999999);

		ck_assert_double_ge(lo, hi / 2);
		ck_assert_double_le(top, POLLER_BACKOFF_MAX_S);
		ck_assert_double_ge(top, lo);
		hi = top;
	}
	ck_assert_double_eq(poller_backoff_s(5, 7, 0), 150);
	ck_assert_double_eq(poller_backoff_s(5, 1000, 0), 150);
	ck_assert_double_le(poller_backoff_s(5, 1000, 0.999999), 300);
	ck_assert_double_ge(poller_backoff_s(5, 1000, 0.999999), 299.9);
	/* An interval above the cap is the cap. */
	ck_assert_double_eq(poller_backoff_s(600, 3, 0), 300);
	ck_assert_double_eq(poller_backoff_s(600, 3, 0.5), 450);
	/* A share out of range counts as 0. */
	ck_assert_double_eq(poller_backoff_s(5, 1, 1.0), 5);
	ck_assert_double_eq(poller_backoff_s(5, 1, -1), 5);
}
END_TEST

/*
 * A stand-in Kubernetes API: every answer has the status (and Retry-After)
 * the test sets; its body is an empty list.  The time of each poll (its
 * Rollout list request) is kept.
 */
#define MAX_POLLS	16

struct stand_in {
	struct event_base *base;
	struct evhttp	*http;
	int		 port;
	int		 status;
	const char	*retry_after;	/* NULL: none */
	unsigned	 polls;
	double		 at[MAX_POLLS];
	unsigned	 stop_polls;	/* break the loop when polls reach it */
	unsigned	 changes;	/* poller change callbacks */
	unsigned	 stop_changes;	/* break the loop when changes reach it */
	int		 expired;
};

static void
stand_in_cb(struct evhttp_request *req, void *arg)
{
	struct stand_in	*si = arg;
	struct evbuffer	*out = evbuffer_new();
	struct evkeyvalq *oh = evhttp_request_get_output_headers(req);

	if (strstr(evhttp_request_get_uri(req), "/rollouts") != NULL) {
		if (si->polls < MAX_POLLS)
			si->at[si->polls] = now_mono();
		si->polls++;
	}
	if (si->retry_after != NULL)
		evhttp_add_header(oh, "Retry-After", si->retry_after);
	evhttp_add_header(oh, "Content-Type", "application/json");
	/* An empty list of the kind asked for, as Kubernetes answers it. */
	if (strstr(evhttp_request_get_uri(req), "/rollouts") != NULL)
		evbuffer_add_printf(out, "{\"kind\":\"RolloutList\","
		    "\"apiVersion\":\"argoproj.io/v1alpha1\",\"items\":[]}");
	else if (strstr(evhttp_request_get_uri(req), "/deployments") != NULL)
		evbuffer_add_printf(out, "{\"kind\":\"DeploymentList\","
		    "\"apiVersion\":\"apps/v1\",\"items\":[]}");
	else
		evbuffer_add_printf(out, "{\"kind\":\"ReplicaSetList\","
		    "\"apiVersion\":\"apps/v1\",\"items\":[]}");
	evhttp_send_reply(req, si->status, "X", out);
	evbuffer_free(out);
	if (si->stop_polls != 0 && si->polls >= si->stop_polls)
		event_base_loopbreak(si->base);
}

static void
stand_in_changed(void *arg)
{
	struct stand_in	*si = arg;

	si->changes++;
	if (si->stop_changes != 0 && si->changes >= si->stop_changes)
		event_base_loopbreak(si->base);
}

static void
stand_in_watchdog(evutil_socket_t fd, short what, void *arg)
{
	struct stand_in	*si = arg;

	si->expired = 1;
	event_base_loopbreak(si->base);
}

/*
 * Run the loop until the stand-in has seen `polls` polls, or the poller
 * has finished `changes` (0: that one does not stop it).
 */
static void
stand_in_run(struct stand_in *si, unsigned polls, unsigned changes,
    int seconds)
{
	struct event	*wd = evtimer_new(si->base, stand_in_watchdog, si);
	struct timeval	 tv = { seconds, 0 };

	si->stop_polls = polls;
	si->stop_changes = changes;
	si->expired = 0;
	if ((polls == 0 || si->polls < polls) &&
	    (changes == 0 || si->changes < changes)) {
		evtimer_add(wd, &tv);
		event_base_dispatch(si->base);
	}
	event_free(wd);
	ck_assert_msg(!si->expired, "not %u polls or %u changes in %d s "
	    "(%u, %u)", polls, changes, seconds, si->polls, si->changes);
}

struct bo_env {
	struct stand_in	 si;
	struct config	 cfg;
	struct model	 model;
	struct poller	*poller;
};

static void
bo_start(struct bo_env *e, int status, const char *retry_after,
    const char *interval)
{
	struct evhttp_bound_socket *bs;
	struct sockaddr_in sin;
	socklen_t sl = sizeof sin;
	char *text, *cause = NULL;

	memset(e, 0, sizeof *e);
	net_global_init();
	e->si.base = event_base_new();
	e->si.status = status;
	e->si.retry_after = retry_after;
	e->si.http = evhttp_new(e->si.base);
	evhttp_set_gencb(e->si.http, stand_in_cb, &e->si);
	bs = evhttp_bind_socket_with_handle(e->si.http, "127.0.0.1", 0);
	ck_assert_ptr_nonnull(bs);
	ck_assert_int_eq(getsockname(evhttp_bound_socket_get_fd(bs),
	    (struct sockaddr *)&sin, &sl), 0);
	e->si.port = ntohs(sin.sin_port);
	text = xasprintf("{\"sources\":[{\"name\":\"k8s\",\"kind\":"
	    "\"argo-rollouts\",\"url\":\"http://127.0.0.1:%d\",\"namespace\":"
	    "\"shop\",\"interval_s\":%s,\"timeout_s\":5}]}", e->si.port,
	    interval);
	ck_assert_msg(config_parse(&e->cfg, "t.json", text, &cause) == 0, "%s",
	    cause);
	free(text);
	model_init(&e->model);
	e->poller = poller_new(e->si.base, &e->cfg, &e->model, &cause);
	ck_assert_msg(e->poller != NULL, "%s", cause);
	poller_set_change_cb(e->poller, stand_in_changed, &e->si);
}

static void
bo_stop(struct bo_env *e)
{
	poller_free(e->poller);
	if (e->si.http != NULL)
		evhttp_free(e->si.http);
	model_free(&e->model);
	config_free(&e->cfg);
	event_base_free(e->si.base);
	net_global_cleanup();
}

/* The first failed poll of each kind that backs off: one to two intervals. */
START_TEST(backoff_after_failure)
{
	static const int statuses[] = { 429, 500, 502, 503, 401, 403, 0 };
	struct bo_env	e;
	struct source_status *s;
	double		w;
	size_t		i;

	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		bo_start(&e, statuses[i] ? statuses[i] : 200, NULL, "5");
		if (statuses[i] == 0) {
			/* No answer at all: nothing listens there now. */
			evhttp_free(e.si.http);
			e.si.http = NULL;
		}
		poller_start(e.poller);
		stand_in_run(&e.si, 0, 1, 10);
		s = model_find_source(&e.model, "k8s");
		ck_assert_int_eq(s->state, SOURCE_ERROR);
		ck_assert_double_gt(s->retry_at, 0);
		w = s->retry_at - s->last_try;
		ck_assert_msg(w >= 5 && w < 10, "status %d: next try in %g s",
		    statuses[i], w);
		bo_stop(&e);
	}

	/* A 404 is not the service in trouble: the interval stays. */
	bo_start(&e, 404, NULL, "5");
	poller_start(e.poller);
	stand_in_run(&e.si, 0, 1, 10);
	s = model_find_source(&e.model, "k8s");
	ck_assert_int_eq(s->state, SOURCE_ERROR);
	ck_assert_double_eq(s->retry_at, 0);
	bo_stop(&e);
}
END_TEST

/*
 * Polls of a failing source come further and further apart; Retry-After
 * says how long exactly; a manual refresh polls at once all the same, and
 * a good poll brings back the interval.
 */
START_TEST(backoff_grows_then_resets)
{
	struct bo_env	 e;
	struct source_status *s;
	unsigned	 i;
	double		 gap, lo;

	bo_start(&e, 503, NULL, "0.1");
	poller_start(e.poller);
	stand_in_run(&e.si, 5, 0, 20);
	for (i = 1; i < 5; i++) {
		/* After failure i the wait is 0.1 s x 2^i, jittered to half. */
		gap = e.si.at[i] - e.si.at[i - 1];
		lo = 0.1 * (double)(1u << i) / 2;
		ck_assert_msg(gap >= lo * 0.95, "poll %u came %g s after the "
		    "one before, not %g s", i + 1, gap, lo);
	}

	/* The next answer asks for 100 s. */
	stand_in_run(&e.si, 0, 5, 10);	/* the fifth poll is in */
	e.si.status = 429;
	e.si.retry_after = "100";
	stand_in_run(&e.si, 6, 0, 20);
	stand_in_run(&e.si, 0, 6, 10);
	s = model_find_source(&e.model, "k8s");
	ck_assert_int_eq(s->state, SOURCE_ERROR);
	ck_assert_double_eq_tol(s->retry_at - s->last_try, 100, 1e-6);

	/* `r`: polls at once, though the back-off has 100 s to go. */
	e.si.status = 200;
	e.si.retry_after = NULL;
	poller_refresh(e.poller, "k8s");
	stand_in_run(&e.si, 7, 0, 5);
	stand_in_run(&e.si, 0, 7, 5);
	ck_assert_int_eq(s->state, SOURCE_OK);
	ck_assert_double_eq(s->retry_at, 0);
	/* And then every interval again (not 100 s, not a back-off). */
	stand_in_run(&e.si, 10, 0, 5);
	ck_assert_int_eq(s->state, SOURCE_OK);
	ck_assert_double_eq(s->retry_at, 0);
	bo_stop(&e);
}
END_TEST

/* Retry-After on a good answer and on a failure: no poll before it. */
START_TEST(retry_after_delays_next_poll)
{
	struct bo_env	 e;
	struct source_status *s;
	double		 gap;

	bo_start(&e, 200, "1", "0.1");
	poller_start(e.poller);
	stand_in_run(&e.si, 0, 1, 10);
	s = model_find_source(&e.model, "k8s");
	ck_assert_int_eq(s->state, SOURCE_OK);
	ck_assert_double_eq_tol(s->retry_at - s->last_try, 1, 1e-6);
	e.si.status = 503;
	stand_in_run(&e.si, 2, 0, 10);
	gap = e.si.at[1] - e.si.at[0];
	ck_assert_msg(gap >= 0.95, "polled again after %g s", gap);
	stand_in_run(&e.si, 3, 0, 10);
	gap = e.si.at[2] - e.si.at[1];
	ck_assert_msg(gap >= 0.95, "polled again after %g s", gap);
	ck_assert_int_eq(s->state, SOURCE_STALE);
	ck_assert_double_eq_tol(s->retry_at - s->last_try, 1, 1e-6);
	bo_stop(&e);
}
END_TEST

/* `relboard status` polls once: nothing to back off from. */
START_TEST(one_round_does_not_back_off)
{
	struct bo_env	 e;
	struct source_status *s;

	bo_start(&e, 429, "30", "5");
	ck_assert_int_eq(poller_run_once(e.poller), 1);
	s = model_find_source(&e.model, "k8s");
	ck_assert_int_eq(s->state, SOURCE_ERROR);
	ck_assert_double_eq(s->retry_at, 0);
	ck_assert_uint_eq(e.si.polls, 1);
	bo_stop(&e);
}
END_TEST

/*
 * Exposures are not read one request per flag per poll: of 209 flags,
 * a round reads exposures_per_poll of them, a wanted one first, and the
 * next round waits for the source's interval.
 */
struct expo_watch {
	struct model	*m;
	struct event_base *base;
	double		 deadline;
	size_t		 known;
};

static size_t
known_exposures(const struct model *m)
{
	return m->exposures != NULL ? m->exposures->nknown : 0;
}

static void
watch_expo(evutil_socket_t fd, short what, void *arg)
{
	struct expo_watch *w = arg;

	w->known = known_exposures(w->m);
	if (w->known >= 5 || now_mono() > w->deadline)
		event_base_loopbreak(w->base);
}

START_TEST(exposures_a_few_a_poll)
{
	struct env e;
	struct sim_opts so;
	struct expo_watch w;
	struct event *tick;
	struct timeval tv = { 0, 20000 };
	const struct exposure *x;
	const char *last;

	memset(&so, 0, sizeof so);
	so.nflags = 200;
	env_start_flags(&e, &so, ",\"exposures_per_poll\":5");
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	ck_assert_uint_eq(e.model.nflags, 209);
	/* On screen, say: read in the first round although it sorts last. */
	last = e.model.flags[e.model.nflags - 1].name;
	exposure_want(&e.model, "flags", last, now_mono());

	poller_start(e.poller);
	w.m = &e.model;
	w.base = e.base;
	w.deadline = now_mono() + 20;
	w.known = 0;
	tick = event_new(e.base, -1, EV_PERSIST, watch_expo, &w);
	evtimer_add(tick, &tv);
	event_base_dispatch(e.base);
	event_free(tick);
	ck_assert_uint_eq(w.known, 5);
	last = e.model.flags[e.model.nflags - 1].name;
	x = exposure_find(&e.model, "flags", last, "production");
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->window_s, 3600);
	env_stop(&e);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("poller");
	TCase *tc = tcase_create("sim");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, round_fills_model);
	tcase_add_test(tc, source_goes_stale);
	tcase_add_test(tc, never_answered_is_error);
	tcase_add_test(tc, refresh_during_a_poll_polls_again);
	suite_add_tcase(s, tc);
	tc = tcase_create("backoff");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, backoff_formula);
	tcase_add_test(tc, backoff_after_failure);
	tcase_add_test(tc, backoff_grows_then_resets);
	tcase_add_test(tc, retry_after_delays_next_poll);
	tcase_add_test(tc, one_round_does_not_back_off);
	tcase_add_test(tc, exposures_a_few_a_poll);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
