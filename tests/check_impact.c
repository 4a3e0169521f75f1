/*
 * check_impact.c - unit tests of feature impact: exposures parsed from a
 * real Unleash 7.5.1's client metrics (tests/fixtures/unleash-metrics),
 * which flags are read next, per-flag KPIs from a real Prometheus 2.42's
 * answer to relboard's KPI query (tests/fixtures/prometheus/kpi-*.json,
 * over kpi.om), their config keys and health, and status --json.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core/adapters/unleash_metrics.h"
#include "core/exposure.h"
#include "core/kpi.h"
#include "core/status_json.h"
#include "core/util.h"
#include "testutil.h"

#define AT 1795001800.0		/* inside kpi.om's window */

static const struct exposure *
env_in(const struct exposure *e, size_t n, const char *env)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(e[i].env, env) == 0)
			return &e[i];
	}
	ck_abort_msg("no environment %s", env);
	return NULL;
}

START_TEST(metrics_parse_real_answer)
{
	struct response r;
	struct exposure *e;
	const struct exposure *p, *d;
	size_t n, i;
	char *cause = NULL;

	response_from(&r, "unleash-metrics/raw-new-checkout.json", 200);
	ck_assert_int_eq(unleash_metrics_parse(&r, &e, &n, &cause), 0);
	ck_assert_uint_eq(n, 2);
	p = env_in(e, n, "production");
	d = env_in(e, n, "development");
	/* checkout 30/70 + web 5/1 in the 22:00 hour. */
	ck_assert_int_eq(p->yes, 35);
	ck_assert_int_eq(p->no, 71);
	ck_assert_int_eq(p->window_s, 3600);
	ck_assert_int_eq(d->yes, 4);
	ck_assert_int_eq(d->no, 2);
	/* Exposed per hour: 20:00 1, 21:00 3, 22:00 35; 15:00.. 19:00 none. */
	ck_assert_uint_eq(p->ntrend, EXPO_HOURS);
	ck_assert(p->trend[EXPO_HOURS - 1] == 35);
	ck_assert(p->trend[EXPO_HOURS - 2] == 3);
	ck_assert(p->trend[EXPO_HOURS - 3] == 1);
	for (i = 0; i < EXPO_HOURS - 3; i++)
		ck_assert(p->trend[i] == 0);
	ck_assert(d->trend[EXPO_HOURS - 1] == 4);
	exposure_free(e, n);
	response_release(&r);

	response_from(&r, "unleash-metrics/raw-quiet-flag.json", 200);
	ck_assert_int_eq(unleash_metrics_parse(&r, &e, &n, &cause), 0);
	ck_assert_uint_eq(n, 0);
	exposure_free(e, n);
	response_release(&r);
}
END_TEST

START_TEST(metrics_parse_errors)
{
	static const struct { const char *body; const char *want; } bad[] = {
		{ "{", "client metrics: invalid JSON" },
		{ "{\"lastHourUsage\":[]}", "client metrics: answer has no data list" },
		{ "{\"data\":[{\"environment\":\"production\",\"yes\":1,\"no\":2}]}",
		  "client metrics: row 0 needs an environment, an RFC 3339" },
		{ "{\"data\":[{\"environment\":\"p\",\"timestamp\":"
		  "\"2026-11-30T22:00:00.000Z\",\"yes\":-1,\"no\":2}]}", "row 0" },
		{ "{\"data\":[{\"environment\":\"p\",\"timestamp\":"
		  "\"yesterday\",\"yes\":1,\"no\":2}]}", "row 0" },
		{ "{\"data\":[{\"environment\":\"p\",\"timestamp\":"
		  "\"2026-11-30T22:00:00.000Z\",\"yes\":\"1\",\"no\":2}]}", "row 0" },
	};
	struct response r;
	struct exposure *e;
	size_t n, i;
	char *cause;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&r, 0, sizeof r);
		r.status = 200;
		r.body = bad[i].body;
		r.len = strlen(bad[i].body);
		cause = NULL;
		ck_assert_int_eq(unleash_metrics_parse(&r, &e, &n, &cause), -1);
		ck_assert_msg(strstr(cause, bad[i].want) != NULL, "%s", cause);
		ck_assert_ptr_null(e);
		free(cause);
	}
	response_from(&r, "unleash-metrics/error-401.json", 401);
	cause = NULL;
	ck_assert_int_eq(unleash_metrics_parse(&r, &e, &n, &cause), -1);
	ck_assert_str_eq(cause, "client metrics: HTTP 401 unauthorized (check "
	    "the token): You must log in to use Unleash.");
	free(cause);
	response_release(&r);
}
END_TEST

START_TEST(metrics_request)
{
	struct request_desc rd;

	unleash_metrics_request("new checkout/x", &rd);
	ck_assert_str_eq(rd.method, "GET");
	ck_assert_str_eq(rd.path, "/api/admin/client-metrics/features/"
	    "new%20checkout%2Fx/raw?hoursBack=8");
	request_desc_free(&rd);
}
END_TEST

/* A model with flags a, b, c, d of source "flags" in production. */
static void
four_flags(struct model *m)
{
	static const char *const names[] = { "a", "b", "c", "d" };
	struct model_part part;
	size_t i;

	model_init(m);
	model_add_source(m, "flags", "unleash");
	memset(&part, 0, sizeof part);
	for (i = 0; i < 4; i++) {
		struct flag *f = part_add_flag(&part);

		f->source = xstrdup("flags");
		f->name = xstrdup(names[i]);
		flag_add_env(f)->name = xstrdup("production");
	}
	model_apply(m, "flags", &part);
}

static void
store_one(struct model *m, const char *flag, long long yes, double now)
{
	struct exposure *e = xcalloc(1, sizeof *e);

	e->env = xstrdup("production");
	e->yes = yes;
	e->no = 1;
	e->window_s = EXPO_WINDOW_S;
	exposure_store(m, "flags", flag, &e, 1, NULL, now);
	ck_assert_ptr_null(e);
}

START_TEST(pick_wanted_first_then_rest_rarely)
{
	struct model m;
	const char *out[8];
	const struct exposure *x;
	size_t n;
	unsigned gen;
	double now = 1000;

	four_flags(&m);
	ck_assert_ptr_null(exposure_find(&m, "flags", "c", "production"));
	/* c is on screen: it comes first, then the never-read ones. */
	exposure_want(&m, "flags", "c", now);
	ck_assert(!exposure_any(&m));
	n = exposure_pick(&m, "flags", 2, false, now, out);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(out[0], "c");
	ck_assert_str_eq(out[1], "a");
	gen = m.generation;
	store_one(&m, "c", 7, now);
	ck_assert(exposure_any(&m));
	/* Only the first read changes the model (the pane gains EXPOSED). */
	ck_assert_uint_eq(m.generation, gen + 1);
	store_one(&m, "a", 3, now);
	ck_assert_uint_eq(m.generation, gen + 1);
	/* The rest next; read ones are not due yet. */
	n = exposure_pick(&m, "flags", 8, false, now + 1, out);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(out[0], "b");
	ck_assert_str_eq(out[1], "d");
	store_one(&m, "b", 0, now + 1);
	store_one(&m, "d", 0, now + 1);
	ck_assert_uint_eq(exposure_pick(&m, "flags", 8, false, now + 2, out), 0);
	/* A wanted flag is due again after EXPO_WANTED_S, the rest later. */
	n = exposure_pick(&m, "flags", 8, false, now + EXPO_WANTED_S, out);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(out[0], "c");
	/* A want lapses unless renewed. */
	n = exposure_pick(&m, "flags", 8, false, now + EXPO_WANT_HOLD_S + 1, out);
	ck_assert_uint_eq(n, 0);
	n = exposure_pick(&m, "flags", 8, false, now + EXPO_REST_S + 1, out);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(out[0], "a");	/* read longest ago first */
	ck_assert_uint_eq(exposure_pick(&m, "flags", 3, false,
	    now + EXPO_REST_S + 1, out), 3);
	/* One round of status --json: every flag, whatever was read. */
	ck_assert_uint_eq(exposure_pick(&m, "flags", 0, true, now + 2, out), 4);
	ck_assert_uint_eq(exposure_pick(&m, "other", 8, true, now, out), 0);

	x = exposure_find(&m, "flags", "c", "production");
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->yes, 7);
	/* Read, but no SDK reported it in staging: none, not unknown. */
	x = exposure_find(&m, "flags", "c", "staging");
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->yes, 0);
	ck_assert_int_eq(x->window_s, 3600);
	/* A failed read keeps the counts. */
	exposure_store(&m, "flags", "c", NULL, 0, "client metrics: HTTP 500", now + 3);
	ck_assert_int_eq(exposure_find(&m, "flags", "c", "production")->yes, 7);
	ck_assert_str_eq(exposure_error(&m, "flags", "c"), "client metrics: HTTP 500");
	ck_assert_ptr_null(exposure_error(&m, "flags", "a"));
	model_free(&m);
}
END_TEST

static char *
kpi_config(const char *kpis)
{
	return xasprintf("{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\","
	    "\"url\":\"http://u\",\"environments\":[\"development\",\"production\"]},"
	    "{\"name\":\"metrics\",\"kind\":\"prometheus\",\"url\":\"http://p\","
	    "\"service_graph\":[]}],\"kpis\":%s}", kpis);
}

/* The KPIs tests/fixtures/prometheus/kpi-vector.json answers. */
static const char fixture_kpis[] = "["
    "{\"name\":\"adoption\",\"flag\":\"new-checkout\",\"query\":"
    "\"avg(feature_adoption_ratio{flag=\\\"{flag}\\\",env=\\\"{env}\\\"})\","
    "\"good_above\":0.2},"
    "{\"name\":\"tickets\",\"flag\":\"new-checkout\",\"query\":"
    "\"sum(rate(support_tickets_total{feature=\\\"{flag}\\\",env=\\\"{env}\\\"}[5m])) * 3600\","
    "\"bad_above\":5,\"environments\":[\"production\",\"development\",\"staging\"]},"
    "{\"name\":\"multi\",\"flag\":\"quiet-flag\",\"query\":\"feature_adoption_ratio\","
    "\"good_above\":0.2,\"environments\":[\"production\"]}]";

static void
config_fails(const char *kpis, const char *want)
{
	struct config cfg;
	char *cause = NULL, *j = kpi_config(kpis);

	ck_assert_int_eq(config_parse(&cfg, "c.json", j, &cause), -1);
	ck_assert_msg(strstr(cause, want) != NULL, "%s (want %s)", cause, want);
	free(cause);
	free(j);
}

START_TEST(kpi_config_keys)
{
	struct config cfg;
	char *j = kpi_config(fixture_kpis), *cause = NULL;

	config_from(&cfg, j);
	free(j);
	ck_assert_uint_eq(cfg.nkpis, 3);
	ck_assert_str_eq(cfg.kpis[0].source, "metrics");
	ck_assert(!cfg.kpis[0].bad && cfg.kpis[0].threshold == 0.2);
	/* {env} values default to the unleash sources' environments. */
	ck_assert_uint_eq(cfg.kpis[0].nenvs, 2);
	ck_assert_str_eq(cfg.kpis[0].envs[1], "production");
	ck_assert(cfg.kpis[1].bad && cfg.kpis[1].threshold == 5);
	ck_assert_uint_eq(cfg.kpis[1].nenvs, 3);
	config_free(&cfg);

	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\"}]",
	    "c.json: kpis[0]: needs good_above or bad_above (the threshold)");
	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\","
	    "\"good_above\":1,\"bad_above\":2}]",
	    "c.json: kpis[0]: has both good_above and bad_above; give exactly one");
	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\","
	    "\"good_above\":\"high\"}]", "c.json: kpis[0].good_above: must be a number");
	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"good_above\":1}]",
	    "c.json: kpis[0].query: is required");
	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\","
	    "\"good_above\":1,\"treshold\":2}]", "c.json: kpis[0].treshold: unknown key");
	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\","
	    "\"good_above\":1,\"source\":\"flags\"}]",
	    "c.json: kpis[0].source: \"flags\" is not a prometheus source");
	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\","
	    "\"good_above\":1,\"environments\":[]}]",
	    "c.json: kpis[0].environments: must be a non-empty array of strings");
	config_fails("[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\",\"good_above\":1},"
	    "{\"name\":\"a\",\"flag\":\"f\",\"query\":\"r\",\"bad_above\":1}]",
	    "c.json: kpis[1].name: this flag already has a KPI of that name");
	config_fails("{}", "c.json: kpis: must be an array of KPIs");
	ck_assert_int_eq(config_parse(&cfg, "c.json", "{\"sources\":[{\"name\":"
	    "\"flags\",\"kind\":\"unleash\",\"url\":\"http://u\"}],\"kpis\":"
	    "[{\"name\":\"a\",\"flag\":\"f\",\"query\":\"q\",\"good_above\":1}]}",
	    &cause), -1);
	ck_assert_str_eq(cause, "c.json: kpis[0]: KPIs need a source of kind "
	    "prometheus to evaluate them");
	free(cause);
}
END_TEST

/* Poll "metrics" with the health answers empty and `kpi` for the KPIs. */
static void
poll_kpis(struct config *cfg, struct model *m, const char *kpi, long status)
{
	const struct adapter_entry *ad = adapter_find("prometheus");
	struct request_desc reqs[RB_MAX_REQUESTS];
	struct response resp[RB_MAX_REQUESTS];
	struct poll_ctx ctx = { &cfg->sources[1], cfg, AT };
	struct model_part part;
	char *cause = NULL;
	size_t n, i;

	memset(reqs, 0, sizeof reqs);
	n = ad->plan(&ctx, reqs);
	ck_assert_uint_eq(n, 5);	/* 4 health, 1 KPI, no graph */
	ck_assert(strstr(reqs[4].path, "/api/v1/query?query=label_replace"
	    "%28label_replace%28%28avg%28feature_adoption_ratio%7Bflag%3D%22"
	    "new-checkout%22%2Cenv%3D%22development%22%7D%29%29%2C%20%22rb_kpi"
	    "%22%2C%20%220%22") == reqs[4].path);
	ck_assert(strstr(reqs[4].path, "&time=1795001800.000") != NULL);
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
	for (i = 0; i < 3; i++)
		response_from(&resp[i], "prometheus/empty.json", 200);
	response_from(&resp[3], "prometheus/empty.json", 200);
	free((char *)resp[3].body);
	resp[3].body = xstrdup("{\"status\":\"success\",\"data\":"
	    "{\"resultType\":\"matrix\",\"result\":[]}}");
	resp[3].len = strlen(resp[3].body);
	response_from(&resp[4], kpi, status);
	memset(&part, 0, sizeof part);
	/* KPI trouble never fails the poll: service health still counts. */
	ck_assert_int_eq(ad->parse(&ctx, resp, 5, &part, &cause), 0);
	model_apply(m, "metrics", &part);
	for (i = 0; i < 5; i++)
		response_release(&resp[i]);
}

static const struct kpi_value *
kpi_at(const struct model *m, const char *name, const char *flag, const char *env)
{
	size_t i;

	for (i = 0; i < m->nkpis; i++) {
		if (strcmp(m->kpis[i].name, name) == 0 &&
		    strcmp(m->kpis[i].flag, flag) == 0 &&
		    strcmp(m->kpis[i].env, env) == 0)
			return &m->kpis[i];
	}
	ck_abort_msg("no KPI %s %s %s", name, flag, env);
	return NULL;
}

START_TEST(kpi_values_and_health)
{
	struct config cfg;
	struct model m;
	char *j = kpi_config(fixture_kpis);
	const struct kpi_value *v;
	size_t n;

	config_from(&cfg, j);
	free(j);
	model_init(&m);
	model_add_source(&m, "metrics", "prometheus");
	poll_kpis(&cfg, &m, "prometheus/kpi-vector.json", 200);
	ck_assert_uint_eq(m.nkpis, 6);
	v = kpi_at(&m, "adoption", "new-checkout", "production");
	ck_assert(v->value == 0.35 && v->health == HEALTH_OK);
	v = kpi_at(&m, "adoption", "new-checkout", "development");
	ck_assert(v->value == 0.1 && v->health == HEALTH_WARN);
	v = kpi_at(&m, "tickets", "new-checkout", "production");
	ck_assert(v->value == 12 && v->health == HEALTH_CRIT);
	v = kpi_at(&m, "tickets", "new-checkout", "development");
	ck_assert(v->value == 0 && v->health == HEALTH_OK);
	v = kpi_at(&m, "tickets", "new-checkout", "staging");
	ck_assert(isnan(v->value) && v->health == HEALTH_UNKNOWN);
	ck_assert_str_eq(v->error, "no data");
	v = kpi_at(&m, "multi", "quiet-flag", "production");
	ck_assert(isnan(v->value) && v->health == HEALTH_UNKNOWN);
	ck_assert_str_eq(v->error, "the query gave 2 series; a KPI needs one");

	/* What a release plan's gate asks. */
	ck_assert_int_eq(kpi_health_of_flag(&m, "new-checkout", "production"),
	    HEALTH_CRIT);
	ck_assert_int_eq(kpi_health_of_flag(&m, "new-checkout", "development"),
	    HEALTH_WARN);
	ck_assert_int_eq(kpi_health_of_flag(&m, "new-checkout", "staging"),
	    HEALTH_UNKNOWN);
	ck_assert_int_eq(kpi_health_count(&m, "dark-mode", "production", &n),
	    HEALTH_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(kpi_health_count(&m, "new-checkout", "production", &n),
	    HEALTH_CRIT);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_null(m.sources[0].warning);

	/* A failed KPI query: every KPI unknown with Prometheus' reason. */
	poll_kpis(&cfg, &m, "prometheus/kpi-error-400.json", 400);
	ck_assert_uint_eq(m.nkpis, 6);
	v = kpi_at(&m, "adoption", "new-checkout", "production");
	ck_assert(isnan(v->value) && v->health == HEALTH_UNKNOWN);
	ck_assert_str_eq(v->error, "KPI query: invalid parameter \"query\": "
	    "1:47: parse error: unexpected \",\"");
	ck_assert_str_eq(m.sources[0].warning, v->error);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(kpi_health_by_threshold)
{
	struct kpi_cfg good = { .threshold = 0.2 }, bad = { .bad = true,
	    .threshold = 5 };

	ck_assert_int_eq(kpi_health_of_value(&good, 0.21), HEALTH_OK);
	ck_assert_int_eq(kpi_health_of_value(&good, 0.2), HEALTH_WARN);
	ck_assert_int_eq(kpi_health_of_value(&good, NAN), HEALTH_UNKNOWN);
	ck_assert_int_eq(kpi_health_of_value(&bad, 5), HEALTH_OK);
	ck_assert_int_eq(kpi_health_of_value(&bad, 5.5), HEALTH_CRIT);
	ck_assert_int_eq(kpi_health_of_value(&bad, INFINITY), HEALTH_UNKNOWN);
}
END_TEST

START_TEST(status_json_impact)
{
	struct config cfg;
	struct model m;
	char *j = kpi_config(fixture_kpis);
	json_t *doc, *flags, *envs, *k;

	config_from(&cfg, j);
	free(j);
	four_flags(&m);
	model_add_source(&m, "metrics", "prometheus");
	poll_kpis(&cfg, &m, "prometheus/kpi-vector.json", 200);
	store_one(&m, "b", 42, 5);
	doc = status_json(&m, &cfg, AT, 10);
	flags = json_object_get(doc, "flags");
	envs = json_object_get(json_array_get(flags, 0), "environments");
	ck_assert(json_is_null(json_object_get(json_array_get(envs, 0),
	    "exposures")));
	envs = json_object_get(json_array_get(flags, 1), "environments");
	j = json_dumps(json_object_get(json_array_get(envs, 0), "exposures"),
	    JSON_PRESERVE_ORDER | JSON_COMPACT);
	ck_assert_str_eq(j, "{\"yes\":42,\"no\":1,\"window_s\":3600}");
	free(j);
	k = json_object_get(doc, "kpis");
	ck_assert_uint_eq(json_array_size(k), 6);
	j = json_dumps(json_array_get(k, 1), JSON_PRESERVE_ORDER | JSON_COMPACT |
	    JSON_REAL_PRECISION(10));
	ck_assert_str_eq(j, "{\"name\":\"adoption\",\"flag\":\"new-checkout\","
	    "\"environment\":\"production\",\"value\":0.35,\"health\":\"ok\","
	    "\"error\":null}");
	free(j);
	j = json_dumps(json_array_get(k, 4), JSON_PRESERVE_ORDER | JSON_COMPACT);
	ck_assert_str_eq(j, "{\"name\":\"tickets\",\"flag\":\"new-checkout\","
	    "\"environment\":\"staging\",\"value\":null,\"health\":\"unknown\","
	    "\"error\":\"no data\"}");
	free(j);
	json_decref(doc);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

static Suite *
impact_suite(void)
{
	Suite	*s = suite_create("impact");
	TCase	*tc = tcase_create("impact");

	tcase_add_test(tc, metrics_parse_real_answer);
	tcase_add_test(tc, metrics_parse_errors);
	tcase_add_test(tc, metrics_request);
	tcase_add_test(tc, pick_wanted_first_then_rest_rarely);
	tcase_add_test(tc, kpi_config_keys);
	tcase_add_test(tc, kpi_values_and_health);
	tcase_add_test(tc, kpi_health_by_threshold);
	tcase_add_test(tc, status_json_impact);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(impact_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
