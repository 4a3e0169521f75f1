/*
 * check_rollout_ref.c - unit tests of several clusters: services[].rollouts
 * entries resolved against the argo-rollouts sources (core/rollout_ref.h,
 * through config_parse), ambiguous ones refused naming both sources, and
 * two sources with the same namespace and rollout names kept apart in the
 * model's graph (ids rollout:SOURCE/NAMESPACE/NAME), node states, service
 * correlation and status --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "core/config.h"
#include "core/correlate.h"
#include "core/graph.h"
#include "core/model.h"
#include "core/rollout_ref.h"
#include "core/status_json.h"
#include "core/util.h"
#include "testutil.h"

/* Two clusters watching "shop", one watching "ops"; SERVICES is spliced in. */
#define SOURCES \
	"{\"sources\": [" \
	"{\"name\": \"eu\", \"kind\": \"argo-rollouts\", \"url\": \"http://a\", \"namespace\": \"shop\"}," \
	"{\"name\": \"us\", \"kind\": \"argo-rollouts\", \"url\": \"http://b\", \"namespace\": \"shop\"}," \
	"{\"name\": \"tools\", \"kind\": \"argo-rollouts\", \"url\": \"http://c\", \"namespace\": \"ops\"}," \
	"{\"name\": \"metrics\", \"kind\": \"prometheus\", \"url\": \"http://d\"}],"

static void
refused(const char *services, const char *words1, const char *words2)
{
	struct config cfg;
	char *text = xasprintf("%s \"services\": [%s]}", SOURCES, services);
	char *cause = NULL;

	ck_assert_int_eq(config_parse(&cfg, "test.json", text, &cause), -1);
	ck_assert_msg(strstr(cause, words1) != NULL && strstr(cause, words2) != NULL,
	    "\"%s\" lacks \"%s\" or \"%s\"", cause, words1, words2);
	ck_assert_msg(strstr(cause, "services[0].rollouts[0]") != NULL,
	    "\"%s\" names no key", cause);
	free(cause);
	free(text);
	config_free(&cfg);
}

START_TEST(resolve)
{
	struct config cfg;

	config_from(&cfg, SOURCES "\"services\": [{\"name\": \"checkout\", "
	    "\"rollouts\": [\"eu/shop/checkout\", \"us/shop/checkout\", "
	    "\"ops/runner\", \"tools/ops/cron\", \"batch/job\"]}]}");
	ck_assert_uint_eq(cfg.services[0].nrollouts, 5);
	ck_assert_str_eq(cfg.services[0].rollouts[0], "eu/shop/checkout");
	ck_assert_str_eq(cfg.services[0].rollouts[1], "us/shop/checkout");
	/* Only one source watches ops: that one. */
	ck_assert_str_eq(cfg.services[0].rollouts[2], "tools/ops/runner");
	ck_assert_str_eq(cfg.services[0].rollouts[3], "tools/ops/cron");
	/* No source watches batch: kept as written (never matches). */
	ck_assert_str_eq(cfg.services[0].rollouts[4], "batch/job");
	config_free(&cfg);
}
END_TEST

START_TEST(one_cluster_short_names)
{
	struct config cfg;

	/* With one cluster, NAMESPACE/NAME and NAME mean it, as before. */
	config_from(&cfg, "{\"sources\": [{\"name\": \"k8s\", \"kind\": "
	    "\"argo-rollouts\", \"url\": \"http://a\", \"namespace\": \"shop\"}],"
	    "\"services\": [{\"name\": \"s\", \"rollouts\": [\"shop/a\", \"b\"]}]}");
	ck_assert_str_eq(cfg.services[0].rollouts[0], "k8s/shop/a");
	ck_assert_str_eq(cfg.services[0].rollouts[1], "k8s/shop/b");
	config_free(&cfg);
	/* No cluster at all: kept. */
	config_from(&cfg, "{\"sources\": [{\"name\": \"m\", \"kind\": "
	    "\"prometheus\", \"url\": \"http://a\"}],"
	    "\"services\": [{\"name\": \"s\", \"rollouts\": [\"shop/a\"]}]}");
	ck_assert_str_eq(cfg.services[0].rollouts[0], "shop/a");
	config_free(&cfg);
}
END_TEST

START_TEST(ambiguous_and_wrong)
{
	refused("{\"name\": \"s\", \"rollouts\": [\"shop/checkout\"]}",
	    "ambiguous", "sources eu and us");
	refused("{\"name\": \"s\", \"rollouts\": [\"checkout\"]}",
	    "ambiguous", "eu and us");
	refused("{\"name\": \"s\", \"rollouts\": [\"asia/shop/checkout\"]}",
	    "no argo-rollouts source named", "asia");
	refused("{\"name\": \"s\", \"rollouts\": [\"metrics/shop/checkout\"]}",
	    "no argo-rollouts source named", "metrics");
	refused("{\"name\": \"s\", \"rollouts\": [\"eu/ops/checkout\"]}",
	    "watches namespace shop", "not ops");
	refused("{\"name\": \"s\", \"rollouts\": [\"a/b/c/d\"]}",
	    "is not SOURCE/NAMESPACE/NAME", "a/b/c/d");
	refused("{\"name\": \"s\", \"rollouts\": [\"shop/\"]}",
	    "is not", "NAME");
}
END_TEST

START_TEST(matches)
{
	ck_assert(rollout_ref_matches_in("eu/shop/a", "eu", "shop", "a"));
	ck_assert(!rollout_ref_matches_in("eu/shop/a", "us", "shop", "a"));
	ck_assert(!rollout_ref_matches_in("eu/shop/a", "eu", "ops", "a"));
	ck_assert(!rollout_ref_matches_in("eu/shop/a", "eu", "shop", "b"));
	ck_assert(!rollout_ref_matches_in("eu/shop/a", NULL, "shop", "a"));
	ck_assert(rollout_ref_matches_in("shop/a", "us", "shop", "a"));
	ck_assert(rollout_ref_matches_in("a", "us", NULL, "a"));
	ck_assert(!rollout_ref_matches_in("shop/a", "us", NULL, "a"));
	/* Without a source: any cluster's. */
	ck_assert(rollout_ref_matches("eu/shop/a", "shop", "a"));
	ck_assert(rollout_ref_matches("shop/a", "shop", "a"));
	ck_assert(!rollout_ref_matches("eu/shop/a", "ops", "a"));
}
END_TEST

static void
add_rollout(struct model *m, const char *source, const char *status)
{
	struct model_part part;
	struct rollout *r;

	memset(&part, 0, sizeof part);
	r = part_add_rollout(&part);
	r->source = xstrdup(source);
	r->namespace = xstrdup("shop");
	r->name = xstrdup("checkout");
	r->kind = xstrdup("Rollout");
	r->status = xstrdup(status);
	model_apply(m, source, &part);
}

static void
add_health(struct model *m, const char *service, const char *version,
    double error_ratio)
{
	struct model_part part;
	struct service_health *s;

	memset(&part, 0, sizeof part);
	s = part_add_service(&part);
	s->source = xstrdup("metrics");
	s->service = xstrdup(service);
	s->version = xstrdup(version);
	s->request_rate = 10;
	s->error_ratio = error_ratio;
	s->latency_p99 = 0.1;
	model_apply(m, "metrics", &part);
}

START_TEST(two_clusters_kept_apart)
{
	struct config cfg;
	struct model m;
	struct graph g;
	const struct service_cfg *svc = NULL;
	json_t *doc, *ro, *edges, *e;
	size_t i, eu, us, found = 0;

	config_from(&cfg, SOURCES "\"services\": ["
	    "{\"name\": \"checkout-eu\", \"rollouts\": [\"eu/shop/checkout\"]},"
	    "{\"name\": \"checkout-us\", \"rollouts\": [\"us/shop/checkout\"]}]}");
	model_init(&m);
	model_add_source(&m, "eu", "argo-rollouts");
	model_add_source(&m, "us", "argo-rollouts");
	model_add_source(&m, "metrics", "prometheus");
	add_rollout(&m, "eu", "Healthy");
	add_rollout(&m, "us", "Degraded");
	/* Both sources' polls apply: neither replaces the other's rollout. */
	ck_assert_uint_eq(m.nrollouts, 2);
	add_health(&m, "checkout-us", "v2", 0.5);
	model_classify(&m, &cfg);
	model_build_graph(&m, &cfg);

	for (i = 0; i < m.nedges; i++) {
		if (strcmp(m.edges[i].from, "service:checkout-eu") == 0)
			ck_assert_str_eq(m.edges[i].to, "rollout:eu/shop/checkout");
		if (strcmp(m.edges[i].from, "service:checkout-us") == 0)
			ck_assert_str_eq(m.edges[i].to, "rollout:us/shop/checkout");
	}
	graph_build(&g, &m, NULL);
	eu = graph_find(&g, "rollout:eu/shop/checkout");
	us = graph_find(&g, "rollout:us/shop/checkout");
	ck_assert(eu != GRAPH_NONE && us != GRAPH_NONE && eu != us);
	ck_assert_str_eq(g.nodes[eu].word, "Healthy");
	ck_assert_str_eq(g.nodes[us].word, "Degraded");
	ck_assert(graph_find(&g, "rollout:shop/checkout") == GRAPH_NONE);
	graph_free(&g);

	/* Only the us rollout belongs to the service in trouble. */
	ck_assert_int_eq(rollout_service_health_in(&m, &cfg, "us", "shop",
	    "checkout", &svc), HEALTH_CRIT);
	ck_assert_str_eq(svc->name, "checkout-us");
	ck_assert_int_eq(rollout_service_health_in(&m, &cfg, "eu", "shop",
	    "checkout", &svc), HEALTH_UNKNOWN);

	doc = status_json(&m, &cfg, 1795000000, 0);
	ro = json_object_get(doc, "rollouts");
	ck_assert_uint_eq(json_array_size(ro), 2);
	for (i = 0; i < 2; i++) {
		json_t *r = json_array_get(ro, i);
		const char *src = json_string_value(json_object_get(r, "source"));
		const char *st = json_string_value(json_object_get(r, "status"));

		ck_assert_str_eq(json_string_value(json_object_get(r, "name")),
		    "checkout");
		ck_assert_msg((strcmp(src, "eu") == 0 && strcmp(st, "Healthy") == 0) ||
		    (strcmp(src, "us") == 0 && strcmp(st, "Degraded") == 0),
		    "%s: %s", src, st);
	}
	edges = json_object_get(json_object_get(doc, "graph"), "edges");
	json_array_foreach(edges, i, e) {
		const char *to = json_string_value(json_object_get(e, "to"));

		if (strncmp(to, "rollout:", 8) == 0) {
			ck_assert_msg(strcmp(to, "rollout:eu/shop/checkout") == 0 ||
			    strcmp(to, "rollout:us/shop/checkout") == 0, "%s", to);
			found++;
		}
	}
	ck_assert_uint_eq(found, 2);
	json_decref(doc);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("rollout_ref");
	TCase	*tc = tcase_create("clusters");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, resolve);
	tcase_add_test(tc, one_cluster_short_names);
	tcase_add_test(tc, ambiguous_and_wrong);
	tcase_add_test(tc, matches);
	tcase_add_test(tc, two_clusters_kept_apart);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
