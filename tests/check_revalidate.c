/*
 * check_revalidate.c - how the poller revalidates answers, over real HTTP
 * against a stand-in Unleash whose every path has an ETag of its own that
 * the test moves (captured answers as bodies).  A poll whose answers are
 * all 304s keeps the model's rows as they are.  One where only some paths
 * changed is read whole: from the answers kept within the poller's budget,
 * or, beyond it (a budget of 0 here), by sending the others once more
 * without If-None-Match.  A 304 to a request that sent no ETag fails the
 * poll and says so.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "core/config.h"
#include "core/flag_state.h"
#include "core/model.h"
#include "core/model_pin.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "testutil.h"

enum { P_PROBE, P_LISTING, P_DEV, P_PROD, P_EVENTS, P_COUNT };

static const char *const paths[P_COUNT] = {
	"/api/admin/search/events?project=IS:default&limit=1",
	"/api/admin/projects/default/features",
	"/api/client/features?project=default&environment=development",
	"/api/client/features?project=default&environment=production",
	"/api/admin/search/events?project=IS:default&limit=50",
};

static const char *const bodies[P_COUNT] = {
	"unleash/events.json",
	"unleash/features.json",
	"unleash/client-features.json",
	"unleash/client-features.json",
	"unleash/events.json",
};

#define MAX_SEEN	64

struct seen {
	int		 path;		/* P_*, or -1 */
	int		 status;
	int		 conditional;	/* If-None-Match was sent */
};

struct stand_in {
	struct event_base *base;
	struct evhttp	*http;
	int		 port;
	unsigned	 version[P_COUNT];	/* the ETag of each path */
	int		 always_304;		/* a broken server */
	struct seen	 seen[MAX_SEEN];
	size_t		 nseen;
	unsigned	 changes, stop_changes;
	int		 expired;
};

struct env {
	struct stand_in	 si;
	struct config	 cfg;
	struct model	 model;
	struct poller	*poller;
};

static void
stand_in_cb(struct evhttp_request *req, void *arg)
{
	struct stand_in	*si = arg;
	struct evkeyvalq *oh = evhttp_request_get_output_headers(req);
	const char	*uri = evhttp_request_get_uri(req), *inm;
	struct evbuffer	*out = evbuffer_new();
	char		 etag[32], *body, *at;
	size_t		 len;
	int		 i, status;

	for (i = 0; i < P_COUNT && strcmp(uri, paths[i]) != 0; i++)
		;
	inm = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "If-None-Match");
	if (i == P_COUNT)
		status = 404;
	else {
		snprintf(etag, sizeof etag, "W/\"v%u\"", si->version[i]);
		evhttp_add_header(oh, "ETag", etag);
		status = si->always_304 || (inm != NULL && strcmp(inm, etag) == 0) ?
		    304 : 200;
	}
	if (status == 200) {
		body = fixture(bodies[i], &len);
		/* Development's listing, once moved on: new-checkout at 20%. */
		if (i == P_DEV && si->version[i] > 1 &&
		    (at = strstr(body, "\"rollout\": \"100\"")) != NULL)
			memcpy(at, "\"rollout\":  \"20\"", 16);
		evbuffer_add(out, body, len);
		free(body);
		evhttp_add_header(oh, "Content-Type", "application/json");
	}
	if (si->nseen < MAX_SEEN) {
		si->seen[si->nseen].path = i < P_COUNT ? i : -1;
		si->seen[si->nseen].status = status;
		si->seen[si->nseen].conditional = inm != NULL;
		si->nseen++;
	}
	evhttp_send_reply(req, status, status == 304 ? "Not Modified" : "OK",
	    status == 304 ? NULL : out);
	evbuffer_free(out);
}

static void
on_change(void *arg)
{
	struct stand_in	*si = arg;

	si->changes++;
	if (si->stop_changes != 0 && si->changes >= si->stop_changes)
		event_base_loopbreak(si->base);
}

static void
watchdog(evutil_socket_t fd, short what, void *arg)
{
	struct stand_in	*si = arg;

	si->expired = 1;
	event_base_loopbreak(si->base);
}

/* Run the loop until the poller has finished `changes` polls in all. */
static void
run_until_changes(struct stand_in *si, unsigned changes)
{
	struct event	*wd = evtimer_new(si->base, watchdog, si);
	struct timeval	 tv = { 20, 0 };

	si->stop_changes = changes;
	si->expired = 0;
	if (si->changes < changes) {
		evtimer_add(wd, &tv);
		event_base_dispatch(si->base);
	}
	event_free(wd);
	ck_assert_msg(!si->expired, "not %u polls in 20 s (%u)", changes,
	    si->changes);
}

static void
env_start(struct env *e, size_t keep_max)
{
	struct evhttp_bound_socket *bs;
	struct sockaddr_in sin;
	socklen_t sl = sizeof sin;
	char *text, *cause = NULL;
	int i;

	memset(e, 0, sizeof *e);
	net_global_init();
	e->si.base = event_base_new();
	for (i = 0; i < P_COUNT; i++)
		e->si.version[i] = 1;
	e->si.http = evhttp_new(e->si.base);
	evhttp_set_gencb(e->si.http, stand_in_cb, &e->si);
	bs = evhttp_bind_socket_with_handle(e->si.http, "127.0.0.1", 0);
	ck_assert_ptr_nonnull(bs);
	ck_assert_int_eq(getsockname(evhttp_bound_socket_get_fd(bs),
	    (struct sockaddr *)&sin, &sl), 0);
	e->si.port = ntohs(sin.sin_port);
	/* A long interval: only the first poll and refreshes poll. */
	text = xasprintf("{\"sources\":[{\"name\":\"flags\",\"kind\":"
	    "\"unleash\",\"url\":\"http://127.0.0.1:%d\",\"interval_s\":600,"
	    "\"timeout_s\":5,\"exposures_per_poll\":0}]}", e->si.port);
	ck_assert_msg(config_parse(&e->cfg, "t.json", text, &cause) == 0, "%s",
	    cause);
	free(text);
	model_init(&e->model);
	e->poller = poller_new(e->si.base, &e->cfg, &e->model, &cause);
	ck_assert_msg(e->poller != NULL, "%s", cause);
	poller_set_change_cb(e->poller, on_change, &e->si);
	poller_set_keep_max(e->poller, keep_max);
}

static void
env_stop(struct env *e)
{
	poller_free(e->poller);
	evhttp_free(e->si.http);
	model_free(&e->model);
	config_free(&e->cfg);
	event_base_free(e->si.base);
	net_global_cleanup();
}

/* How many requests for path from seen[from] on had this status. */
static size_t
count(const struct stand_in *si, size_t from, int path, int status,
    int conditional)
{
	size_t i, n = 0;

	for (i = from; i < si->nseen; i++)
		n += si->seen[i].path == path && si->seen[i].status == status &&
		    (conditional < 0 || si->seen[i].conditional == conditional);
	return n;
}

/* new-checkout in development. */
static const struct flag_env *
row(const struct model *m)
{
	const struct flag *f = model_find_flag(m, "flags", "new-checkout");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(flag_find_env(f, "development"));
	return flag_find_env(f, "development");
}

/* Over the budget, nothing kept: the 304s are asked for once more. */
START_TEST(some_changed_asks_the_rest_again)
{
	struct env e;
	struct source_status *s;
	const struct flag_env *before;
	size_t mark;
	int i;

	env_start(&e, 0);
	poller_start(e.poller);
	run_until_changes(&e.si, 1);
	s = model_find_source(&e.model, "flags");
	ck_assert_msg(s->state == SOURCE_OK, "%s", s->error ? s->error : "");
	/* The first poll: the probe, then every path, none conditional. */
	for (i = 0; i < P_COUNT; i++)
		ck_assert_uint_eq(count(&e.si, 0, i, 200, 0), 1);
	ck_assert_uint_eq(e.si.nseen, P_COUNT);

	/* Nothing moved, yet a full poll (a refresh): 304s, the same rows. */
	before = row(&e.model);
	ck_assert_int_eq(before->rollout, 100);
	mark = e.si.nseen;
	poller_refresh(e.poller, "flags");
	run_until_changes(&e.si, 2);
	for (i = 0; i < P_COUNT; i++)
		ck_assert_uint_eq(count(&e.si, mark, i, 304, 1), 1);
	ck_assert_uint_eq(e.si.nseen, mark + P_COUNT);
	ck_assert_ptr_eq(row(&e.model), before);
	ck_assert_int_eq(s->state, SOURCE_OK);
	/* Its second look a moment later: the same. */
	run_until_changes(&e.si, 3);
	ck_assert_ptr_eq(row(&e.model), before);

	/*
	 * Development's listing changes (and so the probe): it comes back
	 * whole, the other three are 304s and are asked once more without
	 * If-None-Match, and the poll is applied whole.
	 */
	e.si.version[P_PROBE]++;
	e.si.version[P_DEV]++;
	mark = e.si.nseen;
	poller_refresh(e.poller, "flags");
	run_until_changes(&e.si, 4);
	ck_assert_uint_eq(count(&e.si, mark, P_PROBE, 200, 1), 1);
	ck_assert_uint_eq(count(&e.si, mark, P_DEV, 200, 1), 1);
	ck_assert_uint_eq(count(&e.si, mark, P_DEV, 200, 0), 0);
	for (i = P_LISTING; i < P_COUNT; i++) {
		if (i == P_DEV)
			continue;
		ck_assert_uint_eq(count(&e.si, mark, i, 304, 1), 1);
		ck_assert_uint_eq(count(&e.si, mark, i, 200, 0), 1);
	}
	ck_assert_uint_eq(e.si.nseen, mark + P_COUNT + 3);
	ck_assert_msg(s->state == SOURCE_OK, "%s", s->error ? s->error : "");
	ck_assert_ptr_ne(row(&e.model), before);
	ck_assert_int_eq(row(&e.model)->rollout, 20);

	/* The ETags of the answers applied revalidate the next poll. */
	before = row(&e.model);
	run_until_changes(&e.si, 5);	/* the second look */
	mark = e.si.nseen - (P_COUNT);
	for (i = P_LISTING; i < P_COUNT; i++)
		ck_assert_uint_eq(count(&e.si, mark, i, 304, 1), 1);
	ck_assert_ptr_eq(row(&e.model), before);
	env_stop(&e);
}
END_TEST

/*
 * Within the budget: a poll where only some paths changed is read with
 * the kept answers of the rest, and costs no request more.
 */
START_TEST(some_changed_read_with_kept)
{
	struct env e;
	struct source_status *s;
	struct flag_state fs;
	const struct flag_env *before;
	size_t mark;
	int i;

	env_start(&e, POLLER_KEEP_MAX);
	poller_start(e.poller);
	run_until_changes(&e.si, 1);
	s = model_find_source(&e.model, "flags");
	ck_assert_msg(s->state == SOURCE_OK, "%s", s->error ? s->error : "");
	before = row(&e.model);
	ck_assert_int_eq(before->rollout, 100);
	e.si.version[P_PROBE]++;
	e.si.version[P_DEV]++;
	mark = e.si.nseen;
	poller_refresh(e.poller, "flags");
	run_until_changes(&e.si, 2);
	ck_assert_uint_eq(count(&e.si, mark, P_DEV, 200, 1), 1);
	for (i = P_LISTING; i < P_COUNT; i++) {
		if (i != P_DEV)
			ck_assert_uint_eq(count(&e.si, mark, i, 304, 1), 1);
	}
	ck_assert_uint_eq(e.si.nseen, mark + P_COUNT);
	ck_assert_msg(s->state == SOURCE_OK, "%s", s->error ? s->error : "");
	ck_assert_int_eq(row(&e.model)->rollout, 20);

	/*
	 * A verified state pinned against the polls, nothing changed: the
	 * kept answers are read again (no request more) and the pin, which
	 * the service agrees with, goes.
	 */
	run_until_changes(&e.si, 3);	/* the second look */
	memset(&fs, 0, sizeof fs);
	fs.enabled = row(&e.model)->enabled;
	fs.has_rollout = row(&e.model)->has_rollout;
	fs.rollout = 20;
	fs.other_strategies = row(&e.model)->other_strategies;
	model_pin_flag(&e.model, &e.cfg, "flags", "new-checkout",
	    "development", &fs, now_mono());
	ck_assert_uint_eq(e.model.npins, 1);
	mark = e.si.nseen;
	poller_refresh(e.poller, "flags");
	run_until_changes(&e.si, 4);
	for (i = 0; i < P_COUNT; i++)
		ck_assert_uint_eq(count(&e.si, mark, i, 304, 1), 1);
	ck_assert_uint_eq(e.si.nseen, mark + P_COUNT);
	ck_assert_uint_eq(e.model.npins, 0);
	ck_assert_int_eq(row(&e.model)->rollout, 20);
	env_stop(&e);
}
END_TEST

START_TEST(a_304_to_no_etag_fails)
{
	struct env e;
	struct source_status *s;

	env_start(&e, POLLER_KEEP_MAX);
	e.si.always_304 = 1;
	poller_start(e.poller);
	run_until_changes(&e.si, 1);
	s = model_find_source(&e.model, "flags");
	ck_assert_int_eq(s->state, SOURCE_ERROR);
	ck_assert_ptr_nonnull(s->error);
	ck_assert_msg(strstr(s->error, "304") != NULL, "%s", s->error);
	ck_assert_uint_eq(e.model.nflags, 0);
	env_stop(&e);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("revalidate");
	TCase *tc = tcase_create("revalidate");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, some_changed_asks_the_rest_again);
	tcase_add_test(tc, some_changed_read_with_kept);
	tcase_add_test(tc, a_304_to_no_etag_fails);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
