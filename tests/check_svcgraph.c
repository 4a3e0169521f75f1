/*
 * check_svcgraph.c - unit tests of the service graph discovered from
 * traffic metrics: the prometheus adapter's family queries, their answers
 * from a real Prometheus 2.42 (tests/fixtures/prometheus/graph-*.json,
 * backfilled from graph.om) turned into exact rates and error ratios, the
 * merge with depends_on (both, config, traffic; "no traffic" and
 * "undeclared"), service_aliases, callee thresholds, and the config keys.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/config.h"
#include "core/model.h"
#include "core/status_json.h"
#include "core/util.h"
#include "testutil.h"

#define AT 1795001800

static char *
prom_config(const char *extra)
{
	return xasprintf("{\"sources\":[{\"name\":\"mesh\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"%s}]}", extra);
}

/* Parse fixture answers (after the 4 health answers) into a model. */
static int
parse_graph(struct config *cfg, struct model *m, const char *const *files,
    const long *status, size_t nfiles, char **cause)
{
	const struct adapter_entry *ad = adapter_find("prometheus");
	struct response resp[RB_MAX_REQUESTS];
	struct model_part part;
	struct poll_ctx ctx = { &cfg->sources[0], cfg, AT };
	size_t i;
	int rc;

	response_from(&resp[0], "prometheus/empty.json", 200);
	response_from(&resp[1], "prometheus/empty.json", 200);
	response_from(&resp[2], "prometheus/empty.json", 200);
	response_from(&resp[3], "prometheus/empty.json", 200);
	/* empty.json is a vector; the trend wants a matrix. */
	free((char *)resp[3].body);
	resp[3].body = xstrdup("{\"status\":\"success\",\"data\":"
	    "{\"resultType\":\"matrix\",\"result\":[]}}");
	resp[3].len = strlen(resp[3].body);
	for (i = 0; i < nfiles; i++)
		response_from(&resp[4 + i], files[i], status ? status[i] : 200);
	memset(&part, 0, sizeof part);
	rc = ad->parse(&ctx, resp, 4 + nfiles, &part, cause);
	model_init(m);
	model_add_source(m, "mesh", "prometheus");
	if (rc == 0) {
		model_apply(m, "mesh", &part);
		model_source_ok(m, "mesh", 1);
	} else
		model_part_free(&part);
	for (i = 0; i < 4 + nfiles; i++)
		response_release(&resp[i]);
	return rc;
}

static const struct traffic_edge *
pair(const struct model *m, const char *caller, const char *callee)
{
	size_t i;

	for (i = 0; i < m->ntraffic; i++) {
		if (streq(m->traffic[i].caller, caller) &&
		    streq(m->traffic[i].callee, callee))
			return &m->traffic[i];
	}
	ck_abort_msg("pair %s -> %s missing", caller, callee);
	return NULL;
}

static const struct edge *
edge(const struct model *m, const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < m->nedges; i++) {
		if (streq(m->edges[i].from, from) && streq(m->edges[i].to, to) &&
		    streq(m->edges[i].kind, "service-dependency"))
			return &m->edges[i];
	}
	return NULL;
}

static size_t
count_service_edges(const struct model *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nedges; i++)
		n += streq(m->edges[i].kind, "service-dependency");
	return n;
}

/* The query of request i, decoded from its URL. */
static int
has_query(const struct request_desc *r, const char *escaped_part)
{
	return strstr(r->path, escaped_part) != NULL;
}

START_TEST(plan_per_family)
{
	const struct adapter_entry *ad = adapter_find("prometheus");
	struct request_desc reqs[RB_MAX_REQUESTS];
	struct poll_ctx ctx;
	struct config cfg;
	char *j;
	size_t i, n;

	/* By default: the 4 health queries and otel, istio, linkerd. */
	j = prom_config("");
	config_from(&cfg, j);
	free(j);
	ck_assert_uint_eq(cfg.sources[0].service_graph, SG_OTEL | SG_ISTIO | SG_LINKERD);
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	ctx.at = AT;
	memset(reqs, 0, sizeof reqs);
	n = ad->plan(&ctx, reqs);
	ck_assert_uint_eq(n, 7);
	ck_assert(has_query(&reqs[4], "traces_service_graph_request_total%5B1m%5D"));
	ck_assert(has_query(&reqs[4], "traces_service_graph_request_failed_total"));
	ck_assert(has_query(&reqs[5], "istio_requests_total%7Breporter%3D~%22source%7Cdestination%22"));
	ck_assert(has_query(&reqs[5], "response_code%3D~%225..%22"));
	ck_assert(has_query(&reqs[6], "classification%3D%22failure%22"));
	for (i = 4; i < n; i++) {
		ck_assert_msg(strncmp(reqs[i].path, "/api/v1/query?query=label_replace", 33) == 0,
		    "%s", reqs[i].path);
		ck_assert(has_query(&reqs[i], "&time=1795001800.000"));
	}
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
	config_free(&cfg);

	/* Switched off. */
	j = prom_config(",\"service_graph\":false");
	config_from(&cfg, j);
	free(j);
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	n = ad->plan(&ctx, reqs);
	ck_assert_uint_eq(n, 4);
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
	config_free(&cfg);

	/* The custom family alone, its {window} filled, no errors query. */
	j = prom_config(",\"service_graph\":[\"custom\"],\"service_graph_queries\":"
	    "{\"rate\":\"sum by (a,b)(rate(calls_total[{window}]))\","
	    "\"caller\":\"a\",\"callee\":\"b\"}");
	config_from(&cfg, j);
	free(j);
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	n = ad->plan(&ctx, reqs);
	ck_assert_uint_eq(n, 5);
	ck_assert(has_query(&reqs[4], "calls_total%5B1m%5D"));
	ck_assert(!has_query(&reqs[4], "failed"));
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
	config_free(&cfg);

	/* service_graph_queries alone adds custom to the defaults. */
	j = prom_config(",\"service_graph_queries\":{\"rate\":\"r\","
	    "\"errors\":\"e\",\"caller\":\"a\",\"callee\":\"b\"}");
	config_from(&cfg, j);
	free(j);
	ck_assert_uint_eq(cfg.sources[0].service_graph,
	    SG_OTEL | SG_ISTIO | SG_LINKERD | SG_CUSTOM);
	config_free(&cfg);
}
END_TEST

START_TEST(parse_families_exact)
{
	static const char *const files[] = {
		"prometheus/graph-otel.json", "prometheus/graph-istio.json",
		"prometheus/graph-linkerd.json",
	};
	struct config cfg;
	struct model m;
	const struct traffic_edge *t;
	char *j, *cause = NULL;

	j = prom_config("");
	config_from(&cfg, j);
	free(j);
	ck_assert_msg(parse_graph(&cfg, &m, files, NULL, 3, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(m.ntraffic, 6);
	ck_assert(m.sources[0].service_graph);

	/* OpenTelemetry: 20 req/s with 2 failed; 10 req/s, no failure series. */
	t = pair(&m, "checkout", "payments");
	ck_assert_str_eq(t->source, "mesh");
	ck_assert_double_eq(t->request_rate, 20);
	ck_assert_double_eq(t->error_ratio, 0.1);
	t = pair(&m, "checkout", "search");
	ck_assert_double_eq(t->request_rate, 10);
	ck_assert_double_eq(t->error_ratio, 0);
	/*
	 * Istio: the source's report (30 req/s, 0.6 5xx) wins over the
	 * destination's (29, none); gateway has only the destination's.
	 */
	t = pair(&m, "frontend", "checkout");
	ck_assert_double_eq(t->request_rate, 30);
	ck_assert_double_eq(t->error_ratio, 0.6 / 30);
	ck_assert_double_eq_tol(t->error_ratio, 0.02, 1e-15);
	t = pair(&m, "gateway", "frontend");
	ck_assert_double_eq(t->request_rate, 4);
	ck_assert_double_eq(t->error_ratio, 0.25);
	/* Linkerd: failures classified; the inbound series has no pair. */
	t = pair(&m, "payments", "ledger");
	ck_assert_double_eq(t->request_rate, 8);
	ck_assert_double_eq(t->error_ratio, 0.05);
	t = pair(&m, "payments-worker", "ledger");
	ck_assert_double_eq(t->request_rate, 2);
	ck_assert_double_eq(t->error_ratio, 0);
	model_free(&m);
	config_free(&cfg);

	/* Custom labels, a rate query only: error ratio 0. */
	j = prom_config(",\"service_graph\":[\"custom\"],\"service_graph_queries\":"
	    "{\"rate\":\"r\",\"caller\":\"source_workload\","
	    "\"callee\":\"destination_workload\"}");
	config_from(&cfg, j);
	free(j);
	ck_assert_msg(parse_graph(&cfg, &m, files, NULL, 0, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(m.ntraffic, 0);	/* no answer, no pairs */
	model_free(&m);
	{
		static const char *const custom[] = { "prometheus/graph-custom.json" };

		ck_assert_msg(parse_graph(&cfg, &m, custom, NULL, 1, &cause) == 0,
		    "%s", cause);
	}
	ck_assert_uint_eq(m.ntraffic, 2);
	t = pair(&m, "frontend", "checkout");
	ck_assert_double_eq(t->request_rate, 29);
	ck_assert_double_eq(t->error_ratio, 0);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(parse_errors_name_the_family)
{
	static const char *const files[] = {
		"prometheus/graph-otel.json", "prometheus/error-400.json",
	};
	static const long status[] = { 200, 400 };
	static const char *const matrix[] = { "prometheus/matrix-error-ratio.json" };
	struct config cfg;
	struct model m;
	char *j, *cause = NULL;

	j = prom_config("");
	config_from(&cfg, j);
	free(j);
	ck_assert_int_eq(parse_graph(&cfg, &m, files, status, 2, &cause), -1);
	ck_assert_msg(strncmp(cause, "service graph query (istio): ", 29) == 0, "%s", cause);
	ck_assert_msg(strstr(cause, "parse error") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	model_free(&m);
	ck_assert_int_eq(parse_graph(&cfg, &m, matrix, NULL, 1, &cause), -1);
	ck_assert_msg(strstr(cause, "service graph query (otel): expected a vector, got a matrix")
	    == cause, "%s", cause);
	free(cause);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/* A model with traffic pairs from source "mesh" and the given config. */
static void
traffic_model(struct model *m, int discovered)
{
	struct model_part part;
	struct traffic_edge *t;
	static const struct {
		const char *caller, *callee;
		double rate, ratio;
	} pairs[] = {
		{ "checkout", "payments", 20, 0.1 },
		{ "checkout", "search", 10, 0 },
		{ "frontend", "checkout", 30, 0.02 },
		{ "payments", "ledger", 8, 0.05 },
		{ "payments", "idle", 0, NAN },		/* no calls in the window */
		{ "checkout", "checkout", 5, 0 },	/* a self-call */
		{ "checkout-v2", "payments", 99, 0.9 },	/* an alias of a pair seen */
	};
	size_t i;

	model_init(m);
	model_add_source(m, "mesh", "prometheus");
	memset(&part, 0, sizeof part);
	for (i = 0; discovered && i < sizeof pairs / sizeof pairs[0]; i++) {
		t = part_add_traffic(&part);
		t->source = xstrdup("mesh");
		t->caller = xstrdup(pairs[i].caller);
		t->callee = xstrdup(pairs[i].callee);
		t->request_rate = pairs[i].rate;
		t->error_ratio = pairs[i].ratio;
	}
	part.service_graph = discovered;
	model_apply(m, "mesh", &part);
	model_source_ok(m, "mesh", 1);
}

START_TEST(merge_config_and_traffic)
{
	struct config cfg;
	struct model m;
	const struct edge *e;

	config_from(&cfg, "{\"sources\":[{\"name\":\"mesh\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}],\"services\":["
	    "{\"name\":\"checkout\",\"depends_on\":[\"payments\",\"inventory\"],"
	    "\"flags\":[\"new-checkout\"]},"
	    "{\"name\":\"payments\",\"thresholds\":{\"error_ratio_crit\":0.2}},"
	    "{\"name\":\"inventory\"},{\"name\":\"ledger-svc\"}],"
	    "\"service_aliases\":{\"ledger\":\"ledger-svc\",\"checkout-v2\":\"checkout\"}}");
	traffic_model(&m, 1);
	model_build_graph(&m, &cfg);
	ck_assert_uint_eq(count_service_edges(&m), 5);

	/* Declared and seen: both, judged by the callee's thresholds. */
	e = edge(&m, "service:payments", "service:checkout");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->origin, EDGE_BOTH);
	ck_assert_str_eq(edge_origin_name(e->origin), "both");
	ck_assert_double_eq(e->request_rate, 20);	/* the first pair wins */
	ck_assert_double_eq(e->error_ratio, 0.1);
	ck_assert_int_eq(e->health, HEALTH_WARN);	/* crit only at 0.2 */
	ck_assert_ptr_null(edge_mark(e));
	/* Declared, no traffic. */
	e = edge(&m, "service:inventory", "service:checkout");
	ck_assert_int_eq(e->origin, EDGE_CONFIG);
	ck_assert_double_eq(e->request_rate, 0);
	ck_assert(isnan(e->error_ratio));
	ck_assert_int_eq(e->health, HEALTH_UNKNOWN);
	ck_assert_str_eq(edge_mark(e), "no traffic");
	/* Seen, undeclared: after the configured edges, in traffic order. */
	e = edge(&m, "service:search", "service:checkout");
	ck_assert_int_eq(e->origin, EDGE_TRAFFIC);
	ck_assert_str_eq(edge_mark(e), "undeclared");
	ck_assert_double_eq(e->error_ratio, 0);
	ck_assert_int_eq(e->health, HEALTH_OK);
	/* An unknown caller is still a node: frontend. */
	e = edge(&m, "service:checkout", "service:frontend");
	ck_assert_int_eq(e->health, HEALTH_WARN);
	/* An alias: ledger in metrics is ledger-svc; crit at the default 5 %. */
	e = edge(&m, "service:ledger-svc", "service:payments");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->health, HEALTH_CRIT);
	ck_assert_ptr_null(edge(&m, "service:ledger", "service:payments"));
	/* The worst failing dependency of a caller, for its detail line. */
	e = model_worst_dependency(&m, "payments");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->from, "service:ledger-svc");
	e = model_worst_dependency(&m, "checkout");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->from, "service:payments");	/* 10 %, warn */
	e = model_worst_dependency(&m, "frontend");	/* 2 %: warn */
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->from, "service:checkout");
	ck_assert_ptr_null(model_worst_dependency(&m, "search"));	/* calls none */
	ck_assert_ptr_null(model_worst_dependency(&m, "inventory"));
	ck_assert_ptr_eq(model_find_edge(&m, "service:search", "service:checkout",
	    "service-dependency"), edge(&m, "service:search", "service:checkout"));
	ck_assert_ptr_null(model_find_edge(&m, "service:search", "service:checkout",
	    "owns"));
	/* No calls in the window and self-calls make no edge. */
	ck_assert_ptr_null(edge(&m, "service:idle", "service:payments"));
	ck_assert_ptr_null(edge(&m, "service:checkout", "service:checkout"));
	/* Owns edges carry no origin. */
	{
		size_t i, owns = 0;

		for (i = 0; i < m.nedges; i++) {
			if (streq(m.edges[i].kind, "owns")) {
				ck_assert_int_eq(m.edges[i].origin, EDGE_ORIGIN_NONE);
				ck_assert_ptr_null(edge_origin_name(m.edges[i].origin));
				owns++;
			}
		}
		ck_assert_uint_eq(owns, 1);
	}
	model_free(&m);

	/* Nothing discovers: configured edges only, rate unknown, no mark. */
	traffic_model(&m, 0);
	model_build_graph(&m, &cfg);
	ck_assert_uint_eq(count_service_edges(&m), 2);
	e = edge(&m, "service:inventory", "service:checkout");
	ck_assert_int_eq(e->origin, EDGE_CONFIG);
	ck_assert(isnan(e->request_rate));
	ck_assert_ptr_null(edge_mark(e));
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(rates_move_without_relayout)
{
	struct config cfg;
	struct model m;
	struct model_part part;
	struct traffic_edge *t;
	unsigned long gen;
	unsigned g;
	const struct edge *e;

	config_from(&cfg, "{\"sources\":[{\"name\":\"mesh\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}],\"services\":[{\"name\":\"checkout\","
	    "\"depends_on\":[\"payments\"]},{\"name\":\"payments\"}]}");
	traffic_model(&m, 1);
	model_build_graph(&m, &cfg);
	gen = m.graph_gen;
	g = m.generation;
	model_build_graph(&m, &cfg);
	ck_assert_uint_eq(m.generation, g);	/* nothing moved */

	memset(&part, 0, sizeof part);
	t = part_add_traffic(&part);
	t->source = xstrdup("mesh");
	t->caller = xstrdup("checkout");
	t->callee = xstrdup("payments");
	t->request_rate = 25;
	t->error_ratio = 0.5;
	part.service_graph = true;
	model_apply(&m, "mesh", &part);
	/* The same pairs minus the undeclared ones: the graph changes. */
	model_build_graph(&m, &cfg);
	ck_assert_uint_ne(m.graph_gen, gen);
	gen = m.graph_gen;
	e = edge(&m, "service:payments", "service:checkout");
	ck_assert_double_eq(e->request_rate, 25);

	memset(&part, 0, sizeof part);
	t = part_add_traffic(&part);
	t->source = xstrdup("mesh");
	t->caller = xstrdup("checkout");
	t->callee = xstrdup("payments");
	t->request_rate = 30;
	t->error_ratio = 0;
	part.service_graph = true;
	model_apply(&m, "mesh", &part);
	g = m.generation;
	model_build_graph(&m, &cfg);
	ck_assert_uint_eq(m.graph_gen, gen);	/* same edges: no relayout */
	ck_assert_uint_ne(m.generation, g);
	e = edge(&m, "service:payments", "service:checkout");
	ck_assert_double_eq(e->request_rate, 30);
	ck_assert_int_eq(e->health, HEALTH_OK);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(status_json_edges)
{
	struct config cfg;
	struct model m;
	json_t *root, *edges, *e;
	size_t i, seen = 0;

	config_from(&cfg, "{\"sources\":[{\"name\":\"mesh\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}],\"services\":[{\"name\":\"checkout\","
	    "\"depends_on\":[\"payments\",\"inventory\"],\"flags\":[\"f\"]},"
	    "{\"name\":\"payments\"},{\"name\":\"inventory\"}]}");
	traffic_model(&m, 1);
	model_build_graph(&m, &cfg);
	root = status_json(&m, &cfg, AT, 2);
	edges = json_object_get(json_object_get(root, "graph"), "edges");
	json_array_foreach(edges, i, e) {
		const char *from = json_string_value(json_object_get(e, "from"));
		const char *kind = json_string_value(json_object_get(e, "kind"));

		if (strcmp(kind, "owns") == 0) {
			ck_assert(json_is_null(json_object_get(e, "origin")));
			ck_assert(json_is_null(json_object_get(e, "request_rate")));
			ck_assert(json_is_null(json_object_get(e, "error_ratio")));
			seen++;
		} else if (strcmp(from, "service:payments") == 0 &&
		    streq(json_string_value(json_object_get(e, "to")),
		    "service:checkout")) {
			ck_assert_str_eq(json_string_value(json_object_get(e, "origin")), "both");
			ck_assert_double_eq(json_real_value(json_object_get(e, "request_rate")), 20);
			ck_assert_double_eq(json_real_value(json_object_get(e, "error_ratio")), 0.1);
			ck_assert_str_eq(json_string_value(json_object_get(e, "health")), "crit");
			seen++;
		} else if (strcmp(from, "service:inventory") == 0) {
			ck_assert_str_eq(json_string_value(json_object_get(e, "origin")), "config");
			ck_assert_double_eq(json_real_value(json_object_get(e, "request_rate")), 0);
			ck_assert(json_is_null(json_object_get(e, "error_ratio")));
			seen++;
		} else if (strcmp(from, "service:search") == 0) {
			ck_assert_str_eq(json_string_value(json_object_get(e, "origin")), "traffic");
			ck_assert_double_eq(json_real_value(json_object_get(e, "error_ratio")), 0);
			seen++;
		}
	}
	ck_assert_uint_eq(seen, 4);
	json_decref(root);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

static void
config_fails(const char *json, const char *want)
{
	struct config cfg;
	char *cause = NULL;

	ck_assert_int_eq(config_parse(&cfg, "c.json", json, &cause), -1);
	ck_assert_msg(strstr(cause, want) != NULL, "%s (want %s)", cause, want);
	free(cause);
}

START_TEST(config_keys)
{
	char *j;

	j = prom_config(",\"service_graph\":\"yes\"");
	config_fails(j, "c.json: sources[0].service_graph: must be true, false or a list");
	free(j);
	j = prom_config(",\"service_graph\":[\"otel\",\"zipkin\"]");
	config_fails(j, "sources[0].service_graph: unknown family");
	free(j);
	j = prom_config(",\"service_graph\":[\"custom\"]");
	config_fails(j, "sources[0].service_graph: custom needs service_graph_queries");
	free(j);
	j = prom_config(",\"service_graph_queries\":{\"rate\":\"r\",\"caller\":\"a\"}");
	config_fails(j, "sources[0].service_graph_queries.callee: is required");
	free(j);
	j = prom_config(",\"service_graph_queries\":{\"rate\":\"r\",\"caller\":\"a\","
	    "\"callee\":\"b\",\"labels\":1}");
	config_fails(j, "sources[0].service_graph_queries.labels: unknown key");
	free(j);
	config_fails("{\"sources\":[{\"name\":\"f\",\"kind\":\"unleash\",\"url\":"
	    "\"http://x\",\"service_graph\":false}]}",
	    "sources[0].service_graph: unknown key for a source of kind \"unleash\"");
	j = xasprintf("{\"sources\":[{\"name\":\"m\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}],\"service_aliases\":{\"a\":3}}");
	config_fails(j, "c.json: service_aliases.a: must be a non-empty string");
	free(j);
	config_fails("{\"sources\":[{\"name\":\"m\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}],\"service_aliases\":[]}",
	    "c.json: service_aliases: must be an object");
}
END_TEST

static Suite *
svcgraph_suite(void)
{
	Suite	*s = suite_create("svcgraph");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, plan_per_family);
	tcase_add_test(tc, parse_families_exact);
	tcase_add_test(tc, parse_errors_name_the_family);
	tcase_add_test(tc, merge_config_and_traffic);
	tcase_add_test(tc, rates_move_without_relayout);
	tcase_add_test(tc, status_json_edges);
	tcase_add_test(tc, config_keys);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(svcgraph_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
