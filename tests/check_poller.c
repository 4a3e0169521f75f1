/*
 * check_poller.c - the poller over real HTTP: relboard-sim's server in the
 * test's own event loop, polled through net/ and the adapters into the
 * model.  Covers a full round, ETag revalidation, and a source that goes
 * away (stale, older data kept) and one that never answered (error).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/event.h>

#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
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
	char *text, *cause = NULL;

	memset(&e, 0, sizeof e);
	net_global_init();
	e.base = event_base_new();
	memset(&so, 0, sizeof so);
	so.speed = 1;
	so.quiet = 1;
	so.latency_ms = 300;
	e.sim = sim_start(e.base, &so, &cause);
	ck_assert_msg(e.sim != NULL, "%s", cause);
	text = xasprintf("{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\","
	    "\"url\":\"http://127.0.0.1:%d\",\"interval_s\":30}]}", sim_port(e.sim));
	ck_assert_msg(config_parse(&e.cfg, "t.json", text, &cause) == 0, "%s", cause);
	free(text);
	model_init(&e.model);
	e.poller = poller_new(e.base, &e.cfg, &e.model, &cause);
	ck_assert_msg(e.poller != NULL, "%s", cause);

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
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
