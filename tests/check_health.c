/*
 * check_health.c - unit tests for the Health pane's curses-free logic:
 * natural version order, the choice of the stable version, canary-minus-
 * stable differences and their judgement, trend directions, the row
 * order (worst service first, versions together) and the delta text.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/canary.h"
#include "core/config.h"
#include "core/model.h"
#include "core/correlate.h"
#include "core/util.h"
#include "ui/health_format.h"

static struct service_health *
add_svc(struct model_part *p, const char *service, const char *version,
    double rate, double err, double p99)
{
	struct service_health *s = part_add_service(p);

	s->source = xstrdup("metrics");
	s->service = xstrdup(service);
	s->version = xstrdup(version);
	s->request_rate = rate;
	s->error_ratio = err;
	s->latency_p99 = p99;
	return s;
}

static void
load(struct model *m, struct config *cfg, const char *json)
{
	char	*cause = NULL;

	if (json == NULL)
		config_defaults(cfg);
	else if (config_parse(cfg, "test.json", json, &cause) != 0)
		ck_abort_msg("config: %s", cause);
	model_init(m);
	model_add_source(m, "metrics", "prometheus");
}

static const struct service_health *
row_svc(const struct model *m, const struct canary_view *cv, size_t i)
{
	ck_assert_uint_lt(i, cv->nrows);
	return &m->services[cv->rows[i].svc];
}

/* The flag-to-service health index answers as flag_service_health(). */
START_TEST(test_flag_svc_index)
{
	static const char *const flags[] = { "a", "b", "c", "none" };
	struct model m;
	struct config cfg;
	struct model_part p;
	struct flag_svc_index x;
	const struct service_cfg *w1, *w2;
	size_t i;

	load(&m, &cfg, "{\"sources\":[{\"name\":\"metrics\",\"kind\":"
	    "\"prometheus\",\"url\":\"http://x\"}],\"services\":["
	    "{\"name\":\"ok\",\"flags\":[\"a\",\"b\"]},"
	    "{\"name\":\"bad\",\"flags\":[\"b\",\"c\"]},"
	    "{\"name\":\"quiet\",\"flags\":[\"c\"]}]}");
	memset(&p, 0, sizeof p);
	add_svc(&p, "ok", "v1", 10, 0.0, 0.1);
	add_svc(&p, "bad", "v1", 10, 0.5, 0.1);
	model_apply(&m, "metrics", &p);
	model_classify(&m, &cfg);
	memset(&x, 0, sizeof x);
	flag_svc_index_build(&x, &m, &cfg);
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		ck_assert_int_eq(flag_svc_index_get(&x, flags[i], &w1),
		    flag_service_health(&m, &cfg, flags[i], &w2));
		ck_assert_ptr_eq(w1, w2);
	}
	ck_assert_int_eq(flag_svc_index_get(&x, "b", &w1), HEALTH_CRIT);
	ck_assert_str_eq(w1->name, "bad");
	flag_svc_index_free(&x);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/* The rollout-to-service index answers as rollout_service_health_in(). */
START_TEST(test_rollout_svc_index)
{
	static const char *const q[][3] = {
		{ "k8s", "shop", "payments" }, { "eu", "shop", "payments" },
		{ "k8s", "shop", "checkout" }, { "k8s", "other", "checkout" },
		{ "k8s", "shop", "search" }, { "eu", "shop", "search" },
		{ "k8s", "shop", "ledger" },
		{ "k8s", "shop", "none" },
	};
	struct model m;
	struct config cfg;
	struct model_part p;
	struct rollout_svc_index x;
	const struct service_cfg *w1, *w2;
	size_t i;

	load(&m, &cfg, "{\"sources\":[{\"name\":\"metrics\",\"kind\":"
	    "\"prometheus\",\"url\":\"http://x\"},{\"name\":\"k8s\","
	    "\"kind\":\"argo-rollouts\",\"url\":\"http://k\",\"namespace\":"
	    "\"shop\"},{\"name\":\"eu\",\"kind\":\"argo-rollouts\",\"url\":"
	    "\"http://e\",\"namespace\":\"shop\"}],\"services\":["
	    "{\"name\":\"ok\",\"rollouts\":[\"k8s/shop/payments\","
	    "\"eu/shop/search\"]},"
	    "{\"name\":\"bad\",\"rollouts\":[\"eu/shop/payments\","
	    "\"k8s/shop/checkout\",\"k8s/shop/ledger\"]},"
	    "{\"name\":\"quiet\",\"rollouts\":[\"k8s/shop/search\"]}]}");
	memset(&p, 0, sizeof p);
	add_svc(&p, "ok", "v1", 10, 0.0, 0.1);
	add_svc(&p, "bad", "v1", 10, 0.5, 0.1);
	model_apply(&m, "metrics", &p);
	model_classify(&m, &cfg);
	memset(&x, 0, sizeof x);
	rollout_svc_index_build(&x, &m, &cfg);
	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		ck_assert_int_eq(rollout_svc_index_get(&x, &cfg, q[i][0], q[i][1],
		    q[i][2], &w1), rollout_service_health_in(&m, &cfg, q[i][0],
		    q[i][1], q[i][2], &w2));
		ck_assert_ptr_eq(w1, w2);
	}
	ck_assert_int_eq(rollout_svc_index_get(&x, &cfg, "eu", "shop",
	    "payments", &w1), HEALTH_CRIT);
	ck_assert_str_eq(w1->name, "bad");
	rollout_svc_index_free(&x);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(test_version_cmp)
{
	ck_assert_int_lt(version_cmp("v1", "v2"), 0);
	ck_assert_int_lt(version_cmp("v2", "v10"), 0);
	ck_assert_int_gt(version_cmp("v10", "v9"), 0);
	ck_assert_int_eq(version_cmp("v007", "v7"), 0);
	ck_assert_int_lt(version_cmp("1.9.3", "1.10.0"), 0);
	ck_assert_int_lt(version_cmp("v10", "v10a"), 0);
	ck_assert_int_lt(version_cmp("abc", "abd"), 0);
	ck_assert_int_eq(version_cmp("v3", "v3"), 0);
	ck_assert_int_lt(version_cmp(NULL, "v1"), 0);
	ck_assert_int_eq(version_cmp(NULL, NULL), 0);
}
END_TEST

START_TEST(test_pick_stable)
{
	struct service_health	 a, b, c;
	const struct service_health *v[3] = { &a, &b, &c };

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&c, 0, sizeof c);
	a.version = "v2";
	b.version = "v1";
	c.version = "v3";
	/* A 5% canary is never stable, whatever its name. */
	a.request_rate = 95;
	b.request_rate = 5;
	c.request_rate = NAN;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 0);
	a.request_rate = 5;
	b.request_rate = 95;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 1);
	/* Stable keeps its role while the canary grows past half... */
	a.request_rate = 52;
	b.request_rate = 48;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 1);
	a.request_rate = 75;
	b.request_rate = 25;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 1);
	/* ...until it has less than a quarter of the canary's traffic. */
	a.request_rate = 90;
	b.request_rate = 10;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 0);
	/* No rate known anywhere: the oldest. */
	a.request_rate = b.request_rate = c.request_rate = NAN;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 1);
	a.request_rate = b.request_rate = c.request_rate = 0;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 1);
	/* An infinite rate wins alone. */
	c.request_rate = INFINITY;
	ck_assert_uint_eq(canary_pick_stable(v, 3), 2);
	ck_assert_uint_eq(canary_pick_stable(v, 1), 0);
}
END_TEST

START_TEST(test_trend_direction)
{
	double	up[] = { 0.003, 0.003, 0.003, 0.01, 0.04, 0.07 };
	double	down[] = { 0.07, 0.06, 0.04, 0.02, 0.01, 0.005 };
	double	flat[] = { 0.002, 0.0025, 0.0018, 0.0022, 0.0021, 0.0019 };
	double	gaps[] = { NAN, NAN, NAN, NAN, 0.01, 0.07 };
	double	gappy[] = { 0.01, NAN, 0.02, NAN, NAN, 0.08 };
	double	old[] = { 0.9, 0.9, 0.9, 0.9, 0.01, 0.01, 0.01, 0.01, 0.01,
		    0.01 };
	double	tiny[] = { 0.0001, 0.0002, 0.0003, 0.0004, 0.0005, 0.0006 };
	double	inf[] = { INFINITY, 0.01, 0.02, 0.03 };

	ck_assert_int_eq(trend_direction(up, 6, 0.0025), TREND_UP);
	ck_assert_int_eq(trend_direction(down, 6, 0.0025), TREND_DOWN);
	/* Noise around a low level is steady. */
	ck_assert_int_eq(trend_direction(flat, 6, 0.0025), TREND_FLAT);
	/* Fewer than three points: cannot tell. */
	ck_assert_int_eq(trend_direction(gaps, 6, 0.0025), TREND_NONE);
	ck_assert_int_eq(trend_direction(up, 2, 0), TREND_NONE);
	ck_assert_int_eq(trend_direction(NULL, 0, 0), TREND_NONE);
	/* Gaps are skipped, the rest still tells. */
	ck_assert_int_eq(trend_direction(gappy, 6, 0.0025), TREND_UP);
	/* Only the last TREND_POINTS count. */
	ck_assert_int_eq(trend_direction(old, 10, 0.0025), TREND_FLAT);
	/* A rise below the floor is steady; without a floor it is a rise. */
	ck_assert_int_eq(trend_direction(tiny, 6, 0.0025), TREND_FLAT);
	ck_assert_int_eq(trend_direction(tiny, 6, 0), TREND_UP);
	/* Infinite points are gaps. */
	ck_assert_int_eq(trend_direction(inf, 4, 0.0025), TREND_UP);
}
END_TEST

START_TEST(test_delta_judge)
{
	ck_assert_int_eq(delta_judge(NAN, 0.01, 0.05), DELTA_UNKNOWN);
	ck_assert_int_eq(delta_judge(0.078, 0.01, 0.05), DELTA_CRIT);
	ck_assert_int_eq(delta_judge(0.05, 0.01, 0.05), DELTA_CRIT);
	ck_assert_int_eq(delta_judge(0.02, 0.01, 0.05), DELTA_WARN);
	ck_assert_int_eq(delta_judge(0.01, 0.01, 0.05), DELTA_WARN);
	ck_assert_int_eq(delta_judge(0.009, 0.01, 0.05), DELTA_SAME);
	ck_assert_int_eq(delta_judge(-0.009, 0.01, 0.05), DELTA_SAME);
	ck_assert_int_eq(delta_judge(-0.02, 0.01, 0.05), DELTA_BETTER);
	ck_assert_int_eq(delta_judge(0.5, 0, 0), DELTA_SAME);
}
END_TEST

/*
 * The backfilled release at T: checkout v1 stable and v2 canary at 8%,
 * payments with an override, search warn, ledger idle.
 */
START_TEST(test_view_release)
{
	struct model		 m;
	struct config		 cfg;
	struct model_part	 p;
	struct canary_view	 cv;
	const struct canary_row	*r;

	load(&m, &cfg, "{\"sources\": [{\"name\": \"metrics\", \"kind\": "
	    "\"prometheus\", \"url\": \"http://127.0.0.1:9\"}], "
	    "\"services\": [{\"name\": \"ledger\"}, "
	    "{\"name\": \"payments\", \"thresholds\": {\"error_ratio_warn\": "
	    "0.002, \"error_ratio_crit\": 0.5}}, {\"name\": \"search\"}, "
	    "{\"name\": \"checkout\"}]}");
	memset(&p, 0, sizeof p);
	add_svc(&p, "checkout", "v2", 25, 0.08, 0.875);
	add_svc(&p, "ledger", "v1", 0, NAN, NAN);
	add_svc(&p, "search", "v1", 50, 0.02, 0.75);
	add_svc(&p, "checkout", "v1", 100, 0.002, 0.375);
	add_svc(&p, "payments", "v1", 40, 0.001, 0.25);
	add_svc(&p, "payments", "v2", 4, 0.004, 0.30);
	model_apply(&m, "metrics", &p);
	model_classify(&m, &cfg);

	memset(&cv, 0, sizeof cv);
	ck_assert(canary_refresh(&cv, &m, &cfg));
	ck_assert(!canary_refresh(&cv, &m, &cfg));
	ck_assert_uint_eq(cv.nrows, 6);

	/* crit first: checkout, stable v1 then canary v2. */
	ck_assert_str_eq(row_svc(&m, &cv, 0)->service, "checkout");
	ck_assert_str_eq(row_svc(&m, &cv, 0)->version, "v1");
	r = &cv.rows[0];
	ck_assert(r->first);
	ck_assert_int_eq(r->role, CANARY_STABLE);
	ck_assert_int_eq(r->worst, HEALTH_CRIT);
	ck_assert(isnan(r->d_err));
	r = &cv.rows[1];
	ck_assert_str_eq(row_svc(&m, &cv, 1)->version, "v2");
	ck_assert(!r->first);
	ck_assert_int_eq(r->role, CANARY_CANARY);
	ck_assert_str_eq(m.services[r->stable].version, "v1");
	ck_assert_double_eq_tol(r->d_err, 0.078, 1e-12);
	ck_assert_double_eq_tol(r->d_p99, 0.5, 1e-12);
	ck_assert_int_eq(r->l_err, DELTA_CRIT);
	ck_assert_int_eq(r->l_p99, DELTA_WARN);

	/* warn next: payments (its own thresholds) before search (config order). */
	ck_assert_str_eq(row_svc(&m, &cv, 2)->service, "payments");
	ck_assert_int_eq(row_svc(&m, &cv, 2)->health, HEALTH_OK);
	ck_assert_int_eq(row_svc(&m, &cv, 3)->health, HEALTH_WARN);
	ck_assert_int_eq(cv.rows[2].worst, HEALTH_WARN);
	ck_assert_int_eq(cv.rows[2].role, CANARY_STABLE);
	ck_assert_int_eq(cv.rows[3].role, CANARY_CANARY);
	/* +0.3pp is worse than payments' own warn of 0.2%. */
	ck_assert_int_eq(cv.rows[3].l_err, DELTA_WARN);
	ck_assert_int_eq(cv.rows[3].l_p99, DELTA_SAME);
	ck_assert_str_eq(row_svc(&m, &cv, 4)->service, "search");
	ck_assert_int_eq(cv.rows[4].role, CANARY_SOLO);
	ck_assert(cv.rows[4].first);

	/* Then the rest in configuration order. */
	ck_assert_str_eq(row_svc(&m, &cv, 5)->service, "ledger");
	ck_assert_int_eq(cv.rows[5].role, CANARY_SOLO);
	ck_assert_int_eq(cv.rows[5].worst, HEALTH_UNKNOWN);

	canary_view_free(&cv);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/* A version without traffic is idle; a finished rollout has no canary. */
START_TEST(test_view_idle_and_order)
{
	struct model		 m;
	struct config		 cfg;
	struct model_part	 p;
	struct canary_view	 cv;
	struct service_health	*s;
	size_t			 i;

	load(&m, &cfg, NULL);
	memset(&p, 0, sizeof p);
	add_svc(&p, "zeta", "v1", 10, 0.001, 0.1);
	add_svc(&p, "api", "v10", 60, 0.001, 0.1);
	add_svc(&p, "api", "v9", 0, NAN, NAN);
	add_svc(&p, "api", "v11", 3, NAN, 0.2);
	add_svc(&p, "api", "v2", 30, 0.002, 0.1);
	s = add_svc(&p, "beta", "v1", 10, 0.001, 0.1);
	for (i = 0; i < 6; i++)
		s->trend[i] = 0.001 + 0.002 * (double)i;
	s->ntrend = 6;
	model_apply(&m, "metrics", &p);
	model_classify(&m, &cfg);

	memset(&cv, 0, sizeof cv);
	canary_refresh(&cv, &m, &cfg);
	ck_assert_uint_eq(cv.nrows, 6);
	/* Neither is in the configuration: by name. */
	ck_assert_str_eq(row_svc(&m, &cv, 0)->service, "api");
	/* v10 is busier, but v2 has over a quarter of it and is older. */
	ck_assert_str_eq(row_svc(&m, &cv, 0)->version, "v2");
	ck_assert_int_eq(cv.rows[0].role, CANARY_STABLE);
	ck_assert_str_eq(row_svc(&m, &cv, 1)->version, "v9");
	ck_assert_int_eq(cv.rows[1].role, CANARY_IDLE);
	ck_assert_str_eq(row_svc(&m, &cv, 2)->version, "v10");
	ck_assert_int_eq(cv.rows[2].role, CANARY_CANARY);
	ck_assert_double_eq_tol(cv.rows[2].d_err, -0.001, 1e-12);
	ck_assert_int_eq(cv.rows[2].l_err, DELTA_SAME);
	ck_assert_str_eq(row_svc(&m, &cv, 3)->version, "v11");
	/* No error ratio on one side: the difference is unknown. */
	ck_assert(isnan(cv.rows[3].d_err));
	ck_assert_int_eq(cv.rows[3].l_err, DELTA_UNKNOWN);
	ck_assert_double_eq_tol(cv.rows[3].d_p99, 0.1, 1e-12);
	ck_assert_str_eq(row_svc(&m, &cv, 4)->service, "beta");
	ck_assert_int_eq(cv.rows[4].trend, TREND_UP);
	ck_assert_str_eq(row_svc(&m, &cv, 5)->service, "zeta");
	ck_assert_int_eq(cv.rows[5].trend, TREND_NONE);

	/* A new poll where zeta goes crit: it moves to the top. */
	memset(&p, 0, sizeof p);
	add_svc(&p, "zeta", "v1", 10, 0.2, 0.1);
	add_svc(&p, "api", "v2", 30, 0.002, 0.1);
	model_apply(&m, "metrics", &p);
	model_classify(&m, &cfg);
	ck_assert(canary_refresh(&cv, &m, &cfg));
	ck_assert_uint_eq(cv.nrows, 2);
	ck_assert_str_eq(row_svc(&m, &cv, 0)->service, "zeta");
	ck_assert_int_eq(cv.rows[0].role, CANARY_SOLO);
	ck_assert_int_eq(cv.rows[1].role, CANARY_SOLO);

	canary_view_free(&cv);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(test_view_empty)
{
	struct model		 m;
	struct canary_view	 cv;

	model_init(&m);
	memset(&cv, 0, sizeof cv);
	canary_refresh(&cv, &m, NULL);
	ck_assert_uint_eq(cv.nrows, 0);
	canary_view_free(&cv);
	canary_view_free(NULL);
	model_free(&m);
}
END_TEST

START_TEST(test_delta_text)
{
	char	buf[32];

	fmt_delta_ratio(buf, sizeof buf, 0.078);
	ck_assert_str_eq(buf, "+7.8pp");
	fmt_delta_ratio(buf, sizeof buf, -0.001);
	ck_assert_str_eq(buf, "-0.1pp");
	fmt_delta_ratio(buf, sizeof buf, 0.0001);
	ck_assert_str_eq(buf, "0pp");
	fmt_delta_ratio(buf, sizeof buf, 0.25);
	ck_assert_str_eq(buf, "+25pp");
	fmt_delta_ratio(buf, sizeof buf, NAN);
	ck_assert_str_eq(buf, "-");
	fmt_delta_ratio(buf, sizeof buf, INFINITY);
	ck_assert_str_eq(buf, "+inf");
	fmt_delta_latency(buf, sizeof buf, 0.5);
	ck_assert_str_eq(buf, "+500ms");
	fmt_delta_latency(buf, sizeof buf, -0.012);
	ck_assert_str_eq(buf, "-12ms");
	fmt_delta_latency(buf, sizeof buf, 1.25);
	ck_assert_str_eq(buf, "+1.2s");
	fmt_delta_latency(buf, sizeof buf, 0.0001);
	ck_assert_str_eq(buf, "0ms");
	fmt_delta_latency(buf, sizeof buf, NAN);
	ck_assert_str_eq(buf, "-");
	ck_assert_str_eq(glyph_trend(TREND_UP, 0), "^");
	ck_assert_str_eq(glyph_trend(TREND_DOWN, 0), "v");
	ck_assert_str_eq(glyph_trend(TREND_UP, 1), "\xe2\x86\x91");
	ck_assert_str_eq(glyph_trend(TREND_FLAT, 1), " ");
	ck_assert_str_eq(trend_name(TREND_UP), "rising");
	ck_assert_str_eq(canary_role_name(CANARY_CANARY), "canary");
}
END_TEST

static Suite *
health_suite(void)
{
	Suite	*s = suite_create("health");
	TCase	*tc = tcase_create("canary");

	tcase_add_test(tc, test_version_cmp);
	tcase_add_test(tc, test_pick_stable);
	tcase_add_test(tc, test_trend_direction);
	tcase_add_test(tc, test_delta_judge);
	tcase_add_test(tc, test_view_release);
	tcase_add_test(tc, test_view_idle_and_order);
	tcase_add_test(tc, test_view_empty);
	tcase_add_test(tc, test_delta_text);
	tcase_add_test(tc, test_flag_svc_index);
	tcase_add_test(tc, test_rollout_svc_index);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(health_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
