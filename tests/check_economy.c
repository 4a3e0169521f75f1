/*
 * check_economy.c - how few requests a poll sends, over real HTTP against
 * relboard-sim's server in the test's own event loop, counted from the
 * simulator's request log.  Unleash: with nothing changed a poll is one
 * probe answered 304; a change made through the Admin API by someone else
 * is in the model after the very next poll.  Prometheus: the trend's range
 * query is sent once per minute of evaluation time (a fake clock:
 * poller_set_at), its newest point is each poll's error ratio, and only
 * the configured services are asked for.  Answers are not kept: a full
 * poll answered by 304s alone is not parsed again, but is read whole
 * while a verified state is pinned (check_revalidate.c has a poll where
 * only some answers changed).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "core/config.h"
#include "core/flag_state.h"
#include "core/model.h"
#include "core/model_pin.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "sim/sim.h"

#define PROBE	"GET /api/admin/search/events?project=IS:default&limit=1 "

struct env {
	struct event_base *base;
	struct sim	*sim;
	struct config	 cfg;
	struct model	 model;
	struct poller	*poller;
	char		 log[64];
};

/*
 * The simulator with a request log, and a poller over `sources` (PORT in
 * them is the simulator's) and the rest of a config.
 */
static void
env_start(struct env *e, const char *sources, const char *rest)
{
	struct sim_opts so;
	char *text, *port, *cause = NULL;
	const char *at;
	int fd;

	memset(e, 0, sizeof *e);
	net_global_init();
	e->base = event_base_new();
	snprintf(e->log, sizeof e->log, "/tmp/check_economy.XXXXXX");
	fd = mkstemp(e->log);
	ck_assert_int_ge(fd, 0);
	close(fd);
	memset(&so, 0, sizeof so);
	so.speed = 1;
	so.quiet = 1;
	so.request_log = e->log;
	e->sim = sim_start(e->base, &so, &cause);
	ck_assert_msg(e->sim != NULL, "%s", cause);
	port = xasprintf("%d", sim_port(e->sim));
	at = strstr(sources, "PORT");
	ck_assert_ptr_nonnull(at);
	text = xasprintf("{\"sources\":[%.*s%s%s]%s}", (int)(at - sources),
	    sources, port, at + 4, rest);
	free(port);
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
	sim_free(e->sim);
	model_free(&e->model);
	config_free(&e->cfg);
	event_base_free(e->base);
	net_global_cleanup();
	unlink(e->log);
}

/* The request log's lines, NULL-terminated (free with lines_free). */
static char **
log_lines(const struct env *e, size_t *n)
{
	char *text, *p, *nl, **v = NULL;
	size_t len, cap = 0;
	char *cause = NULL;

	*n = 0;
	text = read_file(e->log, &len, &cause);
	ck_assert_msg(text != NULL, "%s", cause);
	for (p = text; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		*ARRAY_PUSH(v, *n, cap) = xstrndup(p, (size_t)(nl - p));
	*ARRAY_PUSH(v, *n, cap) = NULL;
	(*n)--;
	free(text);
	return v;
}

static void
lines_free(char **v)
{
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static size_t
count_prefix(char **v, size_t from, size_t to, const char *prefix)
{
	size_t i, c = 0;

	for (i = from; i < to; i++)
		c += strncmp(v[i], prefix, strlen(prefix)) == 0;
	return c;
}

/* Run the loop until the log holds `want` probes (deadline 20 s). */
static void
run_until_probes(struct env *e, size_t want)
{
	double end = now_mono() + 20;
	char **v;
	size_t n, got = 0;

	while (now_mono() < end) {
		event_base_loop(e->base, EVLOOP_ONCE);
		v = log_lines(e, &n);
		got = count_prefix(v, 0, n, PROBE);
		lines_free(v);
		if (got >= want && net_pending(poller_net(e->poller)) == 0)
			return;
	}
	ck_abort_msg("only %zu probes in 20 s", got);
}

static void
on_write(const struct net_response *r, void *arg)
{
	*(long *)arg = r->status;
}

static const struct flag_env *
prod(const struct model *m)
{
	const struct flag *f = model_find_flag(m, "flags", "new-checkout");

	ck_assert_ptr_nonnull(f);
	return flag_find_env(f, "production");
}

START_TEST(unleash_probe_per_poll)
{
	struct env e;
	struct net_request nr;
	struct source_status *s;
	char **v, *url;
	size_t n, i, first, polls;
	long status = -1;
	double end;

	env_start(&e, "{\"name\":\"flags\",\"kind\":\"unleash\",\"url\":"
	    "\"http://127.0.0.1:PORT\",\"interval_s\":0.2,"
	    "\"exposures_per_poll\":0}", "");
	poller_start(e.poller);
	run_until_probes(&e, 6);
	v = log_lines(&e, &n);
	/* The first poll: the probe, then the full poll (4 requests). */
	ck_assert_msg(strncmp(v[0], PROBE, strlen(PROBE)) == 0, "%s", v[0]);
	ck_assert_str_eq(v[0] + strlen(PROBE), "200");
	ck_assert_uint_eq(count_prefix(v, 1, 5, "GET /api/"), 4);
	/* Then, with nothing changed, one probe per poll, each a 304. */
	for (i = 5; i < n; i++) {
		ck_assert_msg(strncmp(v[i], PROBE, strlen(PROBE)) == 0, "%s", v[i]);
		ck_assert_str_eq(v[i] + strlen(PROBE), "304");
	}
	first = n;
	lines_free(v);
	ck_assert_int_eq(prod(&e.model)->enabled, 1);

	/* Someone else turns new-checkout off in production. */
	memset(&nr, 0, sizeof nr);
	url = xasprintf("http://127.0.0.1:%d/api/admin/projects/default/features/"
	    "new-checkout/environments/production/off", sim_port(e.sim));
	nr.method = "POST";
	nr.url = url;
	ck_assert_int_eq(net_submit(poller_net(e.poller), &nr, on_write, &status), 0);
	free(url);
	end = now_mono() + 10;
	while (status == -1 && now_mono() < end)
		event_base_loop(e.base, EVLOOP_ONCE);
	ck_assert_int_eq(status, 200);
	s = model_find_source(&e.model, "flags");
	polls = s->polls;
	/*
	 * The next poll shows it (a probe sent before the write may still
	 * end one poll that does not).
	 */
	while (prod(&e.model)->enabled && s->polls <= polls + 2 &&
	    now_mono() < end)
		event_base_loop(e.base, EVLOOP_ONCE);
	ck_assert_int_eq(prod(&e.model)->enabled, 0);
	ck_assert_uint_le(s->polls, polls + 2);

	/* What it cost: a probe answered 200, and the full poll. */
	v = log_lines(&e, &n);
	for (i = first; i < n && strncmp(v[i], "POST ", 5) != 0; i++)
		;
	ck_assert_uint_lt(i, n);
	for (i++; i < n && strcmp(v[i], PROBE "304") == 0; i++)
		;	/* a probe sent before the write */
	ck_assert_uint_lt(i, n);
	ck_assert_str_eq(v[i], PROBE "200");
	ck_assert_uint_ge(n, i + 5);
	ck_assert_uint_eq(count_prefix(v, i + 1, i + 5, "GET /api/"), 4);
	lines_free(v);
	env_stop(&e);
}
END_TEST

static size_t
count_after(struct env *e, const char *prefix)
{
	char **v;
	size_t n, c;

	v = log_lines(e, &n);
	c = count_prefix(v, 0, n, prefix);
	lines_free(v);
	return c;
}

START_TEST(prometheus_trend_once_a_minute)
{
	struct env e;
	const struct service_health *h;
	double t0 = floor(now_wall() / 60) * 60 - 300 + 5;
	double first[RB_TREND_MAX];
	char *name;
	size_t i, k;

	env_start(&e, "{\"name\":\"metrics\",\"kind\":\"prometheus\",\"url\":"
	    "\"http://127.0.0.1:PORT\",\"service_graph\":false}",
	    ",\"services\":[{\"name\":\"checkout\"},{\"name\":\"payments\"}]");
	poller_set_at(e.poller, t0);
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	ck_assert_uint_eq(count_after(&e, "GET /api/v1/query_range?"), 1);
	ck_assert_uint_eq(count_after(&e, "GET /api/v1/query?"), 3);
	ck_assert_uint_gt(e.model.nservices, 0);
	memcpy(first, e.model.services[0].trend, sizeof first);
	name = xasprintf("%s %s", e.model.services[0].service,
	    e.model.services[0].version ? e.model.services[0].version : "");
	/* Later in the same minute: instant queries only. */
	poller_set_at(e.poller, t0 + 20);
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	/* The range as the first poll read it, but for its newest point. */
	for (i = 0; i < e.model.nservices; i++) {
		char *id;

		h = &e.model.services[i];
		id = xasprintf("%s %s", h->service, h->version ? h->version : "");
		if (!streq(id, name)) {
			free(id);
			continue;
		}
		free(id);
		for (k = 0; k + 1 < RB_TREND_MAX; k++)
			ck_assert_msg(h->trend[k] == first[k] ||
			    (isnan(h->trend[k]) && isnan(first[k])), "%s %s %zu: %g %g",
			    h->service, h->version, k, h->trend[k], first[k]);
	}
	free(name);
	poller_set_at(e.poller, t0 + 50);
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	ck_assert_uint_eq(count_after(&e, "GET /api/v1/query_range?"), 1);
	ck_assert_uint_eq(count_after(&e, "GET /api/v1/query?"), 9);
	/* The trend still ends with this poll's own error ratio. */
	ck_assert_uint_gt(e.model.nservices, 0);
	for (i = 0; i < e.model.nservices; i++) {
		h = &e.model.services[i];
		ck_assert_uint_eq(h->ntrend, RB_TREND_MAX);
		ck_assert(h->trend[RB_TREND_MAX - 1] == h->error_ratio ||
		    (isnan(h->trend[RB_TREND_MAX - 1]) && isnan(h->error_ratio)));
		/* Only the configured services were asked for. */
		ck_assert_msg(streq(h->service, "checkout") ||
		    streq(h->service, "payments"), "%s", h->service);
	}
	/* The next minute: the range once more. */
	poller_set_at(e.poller, t0 + 60);
	ck_assert_int_eq(poller_run_once(e.poller), 0);
	ck_assert_uint_eq(count_after(&e, "GET /api/v1/query_range?"), 2);
	env_stop(&e);
}
END_TEST

#define LISTING	"GET /api/admin/projects/default/features "
#define DEV	"GET /api/client/features?project=default&environment=development "
#define PRODN	"GET /api/client/features?project=default&environment=production "

/* Run the loop until the log has `want` lines starting with prefix. */
static void
run_until_logged(struct env *e, const char *prefix, size_t want)
{
	double end = now_mono() + 20;

	while (count_after(e, prefix) < want && now_mono() < end)
		event_base_loop(e->base, EVLOOP_ONCE);
	ck_assert_uint_ge(count_after(e, prefix), want);
	while (net_pending(poller_net(e->poller)) > 0 && now_mono() < end)
		event_base_loop(e->base, EVLOOP_ONCE);
}

/* Turn new-checkout on or off in production as someone else would. */
static void
admin_switch(struct env *e, const char *onoff)
{
	struct net_request nr;
	char *url;
	long status = -1;
	double end = now_mono() + 10;

	memset(&nr, 0, sizeof nr);
	url = xasprintf("http://127.0.0.1:%d/api/admin/projects/default/features/"
	    "new-checkout/environments/production/%s", sim_port(e->sim), onoff);
	nr.method = "POST";
	nr.url = url;
	ck_assert_int_eq(net_submit(poller_net(e->poller), &nr, on_write,
	    &status), 0);
	free(url);
	while (status == -1 && now_mono() < end)
		event_base_loop(e->base, EVLOOP_ONCE);
	ck_assert_int_eq(status, 200);
}

START_TEST(unleash_answers_not_kept)
{
	struct env e;
	struct source_status *s;
	struct flag_state fs;
	const struct flag_env *row;
	unsigned polls;

	/*
	 * Long intervals: only the refreshes below poll, each a full poll
	 * and, 1.5 s later, a second look (two probes).
	 */
	env_start(&e, "{\"name\":\"flags\",\"kind\":\"unleash\",\"url\":"
	    "\"http://127.0.0.1:PORT\",\"interval_s\":600,"
	    "\"exposures_per_poll\":0}", "");
	poller_set_keep_max(e.poller, 0);	/* as beyond a few thousand flags */
	poller_start(e.poller);
	run_until_logged(&e, PRODN "200", 1);
	s = model_find_source(&e.model, "flags");
	ck_assert_int_eq(s->state, SOURCE_OK);
	ck_assert_int_eq(prod(&e.model)->enabled, 1);

	/*
	 * Full polls with nothing changed: 304s, and the rows as they were
	 * (a parse would have built new ones).
	 */
	row = prod(&e.model);
	polls = s->polls;
	poller_refresh(e.poller, "flags");
	run_until_logged(&e, PROBE, 3);
	ck_assert_uint_eq(count_after(&e, LISTING "304"), 2);
	ck_assert_uint_eq(count_after(&e, DEV "304"), 2);
	ck_assert_uint_eq(count_after(&e, PRODN "304"), 2);
	ck_assert_uint_eq(count_after(&e, LISTING "200"), 1);
	ck_assert_ptr_eq(prod(&e.model), row);
	ck_assert_uint_eq(s->polls, polls + 2);
	ck_assert_int_eq(s->state, SOURCE_OK);

	/*
	 * Production changes: every listing comes back changed (as from
	 * Unleash, whose answers carry the instance's revision), and the
	 * model has it; the second look is all 304s again.
	 */
	admin_switch(&e, "off");
	poller_refresh(e.poller, "flags");
	run_until_logged(&e, PROBE, 5);
	ck_assert_uint_eq(count_after(&e, PRODN "200"), 2);
	ck_assert_uint_eq(count_after(&e, LISTING "200"), 2);
	ck_assert_uint_eq(count_after(&e, DEV "200"), 2);
	ck_assert_uint_eq(count_after(&e, DEV "304"), 3);
	ck_assert_int_eq(prod(&e.model)->enabled, 0);
	ck_assert_ptr_ne(prod(&e.model), row);
	ck_assert_int_eq(s->state, SOURCE_OK);

	/*
	 * A verified state pinned against the polls: a full poll answered
	 * by 304s is asked again whole, so that the pin is held to what the
	 * service says (here it agrees, and the pin goes).
	 */
	memset(&fs, 0, sizeof fs);
	fs.enabled = 0;
	fs.has_rollout = prod(&e.model)->has_rollout;
	fs.rollout = prod(&e.model)->rollout;
	fs.other_strategies = prod(&e.model)->other_strategies;
	model_pin_flag(&e.model, &e.cfg, "flags", "new-checkout",
	    "production", &fs, now_mono());
	ck_assert_uint_eq(e.model.npins, 1);
	poller_refresh(e.poller, "flags");
	run_until_logged(&e, PROBE, 7);
	ck_assert_uint_eq(count_after(&e, LISTING "200"), 3);
	ck_assert_uint_eq(count_after(&e, PRODN "200"), 3);
	ck_assert_uint_eq(count_after(&e, DEV "200"), 3);
	ck_assert_int_eq(prod(&e.model)->enabled, 0);
	ck_assert_uint_eq(e.model.npins, 0);
	env_stop(&e);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("economy");
	TCase *tc = tcase_create("economy");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, unleash_probe_per_poll);
	tcase_add_test(tc, prometheus_trend_once_a_minute);
	tcase_add_test(tc, unleash_answers_not_kept);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
