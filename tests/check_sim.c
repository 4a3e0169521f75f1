/*
 * check_sim.c - tests of the release-day simulator over real HTTP: the
 * simulator runs in the test's own event loop and is asked with libevent's
 * HTTP client; answers are compared with the captured answers of the real
 * services (same keys and JSON types at the same places), and the write
 * path, authentication, ETags, Prometheus errors, Kubernetes lists, scale
 * and fault injection are checked.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>

#include "core/adapters/prometheus_graph.h"
#include "core/adapters/prometheus_kpi.h"
#include "core/adapters/unleash_metrics.h"
#include "core/config.h"
#include "core/util.h"
#include "sim/sim.h"
#include "sim/sim_int.h"

#ifndef FIXTURES_DIR
#define FIXTURES_DIR "tests/fixtures"
#endif

#define P "/api/admin/projects/default/features"
#define TOKEN "*:*.sim-test-secret"

static struct event_base	*base;
static struct sim		*sim;

struct resp {
	int	 done;
	int	 code;
	char	*body;
	size_t	 len;
	char	 etag[128];
	char	 ctype[128];
};

static void
resp_free(struct resp *r)
{
	free(r->body);
	r->body = NULL;
}

static void
got(struct evhttp_request *req, void *arg)
{
	struct resp	*r = arg;
	struct evbuffer	*b;
	const char	*h;

	r->done = 1;
	if (req == NULL || evhttp_request_get_response_code(req) == 0) {
		r->code = -1;
		return;
	}
	r->code = evhttp_request_get_response_code(req);
	b = evhttp_request_get_input_buffer(req);
	r->len = evbuffer_get_length(b);
	r->body = malloc(r->len + 1);
	evbuffer_remove(b, r->body, r->len);
	r->body[r->len] = '\0';
	if ((h = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "ETag")) != NULL)
		snprintf(r->etag, sizeof r->etag, "%s", h);
	if ((h = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Content-Type")) != NULL)
		snprintf(r->ctype, sizeof r->ctype, "%s", h);
}

/* One request to a simulator; headers are "Name: value" strings. */
static struct resp
req_to(struct sim *s, enum evhttp_cmd_type m, const char *uri,
    const char *body, const char *h1, const char *h2)
{
	struct resp			 r;
	struct evhttp_connection	*conn;
	struct evhttp_request		*req;
	struct evkeyvalq		*out;
	const char			*hs[2] = { h1, h2 };
	char				 name[64];
	int				 i;

	memset(&r, 0, sizeof r);
	conn = evhttp_connection_base_new(base, NULL, "127.0.0.1",
	    (ev_uint16_t)sim_port(s));
	ck_assert_ptr_nonnull(conn);
	req = evhttp_request_new(got, &r);
	out = evhttp_request_get_output_headers(req);
	evhttp_add_header(out, "Host", "127.0.0.1");
	for (i = 0; i < 2; i++) {
		const char *colon;

		if (hs[i] == NULL)
			continue;
		colon = strchr(hs[i], ':');
		snprintf(name, sizeof name, "%.*s", (int)(colon - hs[i]), hs[i]);
		evhttp_add_header(out, name, colon + 2);
	}
	if (body != NULL) {
		char clen[24];

		/* libevent adds Content-Length only for POST and PUT. */
		snprintf(clen, sizeof clen, "%zu", strlen(body));
		evhttp_add_header(out, "Content-Length", clen);
		evhttp_add_header(out, "Content-Type", "application/json");
		evbuffer_add(evhttp_request_get_output_buffer(req), body,
		    strlen(body));
	}
	ck_assert_int_eq(evhttp_make_request(conn, req, m, uri), 0);
	while (!r.done)
		event_base_loop(base, EVLOOP_ONCE);
	evhttp_connection_free(conn);
	return r;
}

static struct resp
get(const char *uri)
{
	return req_to(sim, EVHTTP_REQ_GET, uri, NULL, NULL, NULL);
}

static json_t *
body_json(const struct resp *r)
{
	json_error_t	 e;
	json_t		*j;

	j = json_loadb(r->body ? r->body : "", r->len, 0, &e);
	ck_assert_msg(j != NULL, "not JSON (%s): %.200s", e.text,
	    r->body ? r->body : "");
	return j;
}

static json_t *
load_fixture(const char *rel)
{
	char		 path[512];
	json_error_t	 e;
	json_t		*j;

	snprintf(path, sizeof path, "%s/%s", FIXTURES_DIR, rel);
	j = json_load_file(path, 0, &e);
	ck_assert_msg(j != NULL, "fixture %s: %s", path, e.text);
	return j;
}

/* Objects whose keys are data, not schema: only their type matters. */
static int
is_map_key(const char *k)
{
	static const char *const maps[] = { "parameters", "labels",
	    "annotations", "matchLabels", "data", "preData", "requests",
	    "limits", NULL };
	int	i;

	for (i = 0; maps[i] != NULL; i++)
		if (strcmp(k, maps[i]) == 0)
			return 1;
	return 0;
}

static int
is_optional_key(const char *k)
{
	static const char *const opt[] = { "selfLink", "args",
	    "currentBackgroundAnalysisRun", "currentBackgroundAnalysisRunStatus",
	    "stableRS", "unavailableReplicas",
	    NULL };
	int	i;

	for (i = 0; opt[i] != NULL; i++)
		if (strcmp(k, opt[i]) == 0)
			return 1;
	return 0;
}

static int
is_number(const json_t *j)
{
	return json_is_integer(j) || json_is_real(j);
}

/*
 * Same shape: the same JSON types at the same places, every key of the
 * reference present (and, when strict, no other key).  null on either side
 * matches anything (the services use null for "none yet").  Each element
 * of an array must match some element of the reference array.
 */
static int
same_shape(json_t *ref, json_t *got_, const char *path, int strict,
    char *why, size_t len)
{
	const char	*k;
	json_t		*v, *e, *f;
	size_t		 i, j;
	char		 sub[512];

	if (json_is_null(ref) || json_is_null(got_))
		return 1;
	if (is_number(ref) && is_number(got_))
		return 1;
	if (json_is_boolean(ref) && json_is_boolean(got_))
		return 1;
	if (json_typeof(ref) != json_typeof(got_)) {
		snprintf(why, len, "%s: type %d, expected %d", path,
		    json_typeof(got_), json_typeof(ref));
		return 0;
	}
	if (json_is_object(ref)) {
		json_object_foreach(ref, k, v) {
			snprintf(sub, sizeof sub, "%s.%s", path, k);
			/* Optional in the captured objects (selfLink went
			 * away in Kubernetes 1.20). */
			if (!strict && is_optional_key(k))
				continue;
			if ((e = json_object_get(got_, k)) == NULL) {
				snprintf(why, len, "%s: missing", sub);
				return 0;
			}
			if (is_map_key(k) && json_is_object(v) &&
			    json_is_object(e))
				continue;
			if (!same_shape(v, e, sub, strict, why, len))
				return 0;
		}
		if (strict) {
			json_object_foreach(got_, k, v) {
				if (json_object_get(ref, k) == NULL) {
					snprintf(why, len, "%s.%s: not in the"
					    " real answer", path, k);
					return 0;
				}
			}
		}
		return 1;
	}
	if (json_is_array(ref) && json_array_size(ref) > 0) {
		json_array_foreach(got_, i, e) {
			int ok = 0;

			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			json_array_foreach(ref, j, f) {
				if (same_shape(f, e, sub, strict, why, len)) {
					ok = 1;
					break;
				}
			}
			if (!ok)
				return 0;
		}
	}
	return 1;
}

static void
assert_shape(const char *fixture_rel, json_t *got_, int strict)
{
	json_t	*ref = load_fixture(fixture_rel);
	char	 why[600] = "";

	ck_assert_msg(same_shape(ref, got_, "$", strict, why, sizeof why),
	    "%s: %s", fixture_rel, why);
	json_decref(ref);
}

/* GET uri, expect status, compare with a fixture; returns the body. */
static json_t *
get_shape(const char *uri, int status, const char *fixture_rel, int strict)
{
	struct resp	 r = get(uri);
	json_t		*j;

	ck_assert_msg(r.code == status, "%s: %d (%.200s)", uri, r.code,
	    r.body ? r.body : "");
	j = body_json(&r);
	if (fixture_rel != NULL)
		assert_shape(fixture_rel, j, strict);
	resp_free(&r);
	return j;
}

static struct sim *
start(const struct sim_opts *o)
{
	struct sim	*s;
	char		*cause = NULL;

	s = sim_start(base, o, &cause);
	ck_assert_msg(s != NULL, "sim_start: %s", cause ? cause : "");
	return s;
}

static void
setup(void)
{
	struct sim_opts	o;

	memset(&o, 0, sizeof o);
	o.speed = 1;
	base = event_base_new();
	sim = start(&o);
}

static void
teardown(void)
{
	sim_free(sim);
	sim = NULL;
	event_base_free(base);
	base = NULL;
}

/* The strategy of flag/env whose name is flexibleRollout. */
static json_t *
rollout_strategy_of(json_t *flag, const char *env)
{
	size_t	 i, j;
	json_t	*e, *s;

	json_array_foreach(json_object_get(flag, "environments"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "name")),
		    env) != 0)
			continue;
		json_array_foreach(json_object_get(e, "strategies"), j, s) {
			if (strcmp(json_string_value(json_object_get(s,
			    "name")), "flexibleRollout") == 0)
				return s;
		}
	}
	return NULL;
}

static int
env_enabled(json_t *flag, const char *env)
{
	size_t	 i;
	json_t	*e;

	json_array_foreach(json_object_get(flag, "environments"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "name")),
		    env) == 0)
			return json_is_true(json_object_get(e, "enabled"));
	}
	return -1;
}

START_TEST(test_unleash_shapes)
{
	json_t	*j, *f;

	json_decref(get_shape("/health", 200, "unleash/health.json", 1));
	json_decref(get_shape("/api/admin/projects", 200,
	    "unleash/projects.json", 1));
	json_decref(get_shape("/api/admin/environments", 200,
	    "unleash/environments.json", 1));

	j = get_shape(P, 200, "unleash/features.json", 1);
	ck_assert_int_ge(json_array_size(json_object_get(j, "features")), 8);
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(j,
	    "features"), 0), "strategies"));
	json_decref(j);

	j = get_shape(P "/new-checkout", 200,
	    "unleash/feature-with-dependency.json", 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "dependencies"), 0), "feature")), "payments-v2");
	f = rollout_strategy_of(j, "production");
	ck_assert_ptr_nonnull(f);
	/* Unleash sends percentages as strings. */
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(f,
	    "parameters"), "rollout")), "5");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j,
	    "children"), 0)), "checkout-upsell");
	json_decref(j);

	json_decref(get_shape(P "/payments-v2", 200,
	    "unleash/feature-parent.json", 1));
	json_decref(get_shape(P "/legacy-cart-api", 200,
	    "unleash/feature-no-strategy.json", 1));
	json_decref(get_shape(P "/beta-banner", 200,
	    "unleash/feature-other-strategy.json", 1));

	/* Killed: disabled in production, rollout kept. */
	j = get_shape(P "/fraud-rules-2025", 200,
	    "unleash/feature-killed.json", 1);
	ck_assert_int_eq(env_enabled(j, "production"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    rollout_strategy_of(j, "production"), "parameters"), "rollout")),
	    "20");
	json_decref(j);

	json_decref(get_shape("/api/client/features", 200,
	    "unleash/client-features.json", 1));
	json_decref(get_shape("/api/client/features?environment=production",
	    200, "unleash/client-features-env-param.json", 1));
	json_decref(get_shape("/api/client/features?project=default&"
	    "environment=production", 200,
	    "unleash-poll/client-production.json", 1));

	json_decref(get_shape(P "/no-such-flag", 404,
	    "unleash/error-404-flag.json", 1));
}
END_TEST

START_TEST(test_client_features_environment)
{
	json_t	*dev, *prod, *f;
	size_t	 i;
	int	 seen = 0;

	dev = get_shape("/api/client/features", 200, NULL, 0);
	prod = get_shape("/api/client/features?environment=production", 200,
	    NULL, 0);
	json_array_foreach(json_object_get(prod, "features"), i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		json_t *s = json_array_get(json_object_get(f, "strategies"), 0);

		ck_assert_ptr_null(json_object_get(s, "id"));
		if (strcmp(name, "new-checkout") == 0) {
			ck_assert_str_eq(json_string_value(json_object_get(
			    json_object_get(s, "parameters"), "rollout")), "5");
			ck_assert_int_eq(json_array_size(json_object_get(f,
			    "dependencies")), 1);
			seen++;
		}
	}
	json_array_foreach(json_object_get(dev, "features"), i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		json_t *s = json_array_get(json_object_get(f, "strategies"), 0);

		if (strcmp(name, "new-checkout") == 0) {
			ck_assert_str_eq(json_string_value(json_object_get(
			    json_object_get(s, "parameters"), "rollout")),
			    "100");
			seen++;
		}
	}
	ck_assert_int_eq(seen, 2);
	json_decref(dev);
	json_decref(prod);
}
END_TEST

static char *
strategy_uri(const char *flag, const char *env, json_t **strategy)
{
	char	*uri = xasprintf(P "/%s", flag);
	json_t	*j = get_shape(uri, 200, NULL, 0), *s;
	char	*out;

	free(uri);
	s = rollout_strategy_of(j, env);
	ck_assert_ptr_nonnull(s);
	out = xasprintf(P "/%s/environments/%s/strategies/%s", flag, env,
	    json_string_value(json_object_get(s, "id")));
	if (strategy != NULL)
		*strategy = json_incref(s);
	json_decref(j);
	return out;
}

static const char *
rollout_value(json_t *strategy)
{
	return json_string_value(json_object_get(json_object_get(strategy,
	    "parameters"), "rollout"));
}

START_TEST(test_patch)
{
	struct resp	 r;
	char		*uri;
	json_t		*j, *s, *ev;
	const char	*msg;

	uri = strategy_uri("new-checkout", "production", NULL);
	r = req_to(sim, EVHTTP_REQ_PATCH, uri,
	    "[{\"op\":\"test\",\"path\":\"/parameters/rollout\",\"value\":\"5\"},"
	    "{\"op\":\"replace\",\"path\":\"/parameters/rollout\","
	    "\"value\":\"20\"}]", NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	j = body_json(&r);
	assert_shape("unleash/strategy-patched.json", j, 1);
	ck_assert_str_eq(rollout_value(j), "20");
	json_decref(j);
	resp_free(&r);

	/* The same compare-and-set again: the test fails, nothing written. */
	r = req_to(sim, EVHTTP_REQ_PATCH, uri,
	    "[{\"op\":\"test\",\"path\":\"/parameters/rollout\",\"value\":\"5\"},"
	    "{\"op\":\"replace\",\"path\":\"/parameters/rollout\","
	    "\"value\":\"50\"}]", NULL, NULL);
	ck_assert_int_eq(r.code, 500);
	j = body_json(&r);
	assert_shape("unleash/patch-test-failed.json", j, 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "name")),
	    "UnknownError");
	msg = json_string_value(json_object_get(j, "message"));
	ck_assert(strncmp(msg, "Test operation failed\nname: "
	    "TEST_OPERATION_FAILED\nindex: 0\n", 51) == 0);
	json_decref(j);
	resp_free(&r);

	j = get_shape(uri, 200, "unleash/strategy-after-failed-patch.json", 1);
	ck_assert_str_eq(rollout_value(j), "20");
	json_decref(j);

	/* Bad bodies. */
	r = req_to(sim, EVHTTP_REQ_PATCH, uri, "{\"op\":1}", NULL, NULL);
	ck_assert_int_eq(r.code, 400);
	resp_free(&r);
	free(uri);
	r = req_to(sim, EVHTTP_REQ_PATCH, P "/new-checkout/environments/"
	    "production/strategies/00000000-0000-0000-0000-000000000000",
	    "[]", NULL, NULL);
	ck_assert_int_eq(r.code, 404);
	j = body_json(&r);
	assert_shape("unleash/error-404-strategy.json", j, 1);
	json_decref(j);
	resp_free(&r);

	/* The write is in the event log, newest first. */
	j = get_shape("/api/admin/search/events?feature=IS:new-checkout"
	    "&limit=10", 200, "unleash/events.json", 1);
	ev = json_array_get(json_object_get(j, "events"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "type")),
	    "feature-strategy-update");
	s = json_object_get(ev, "preData");
	ck_assert_str_eq(rollout_value(s), "5");
	ck_assert_str_eq(rollout_value(json_object_get(ev, "data")), "20");
	/*
	 * Its history: created, strategies added, enabled, raised by
	 * maria@example.com (sim_history.c), then the patch.
	 */
	ck_assert_int_eq(json_integer_value(json_object_get(j, "total")), 7);
	ev = json_array_get(json_object_get(j, "events"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "createdBy")),
	    "maria@example.com");
	json_decref(j);
}
END_TEST

START_TEST(test_on_off_and_create)
{
	struct resp	 r;
	json_t		*j, *s;

	r = req_to(sim, EVHTTP_REQ_POST, P "/new-checkout/environments/"
	    "production/off", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	ck_assert_uint_eq(r.len, 0);
	resp_free(&r);
	r = req_to(sim, EVHTTP_REQ_POST, P "/new-checkout/environments/"
	    "production/off", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);
	j = get_shape(P "/new-checkout", 200, "unleash/feature-killed.json", 1);
	ck_assert_int_eq(env_enabled(j, "production"), 0);
	ck_assert_str_eq(rollout_value(rollout_strategy_of(j, "production")),
	    "5");
	json_decref(j);
	r = req_to(sim, EVHTTP_REQ_POST, P "/new-checkout/environments/"
	    "production/on", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);
	j = get_shape(P "/new-checkout", 200, NULL, 0);
	ck_assert_int_eq(env_enabled(j, "production"), 1);
	json_decref(j);

	/* Turning on a flag without strategies adds a 100% rollout. */
	r = req_to(sim, EVHTTP_REQ_POST, P "/legacy-cart-api/environments/"
	    "development/on", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);
	j = get_shape(P "/legacy-cart-api", 200, NULL, 0);
	ck_assert_str_eq(rollout_value(rollout_strategy_of(j, "development")),
	    "100");
	json_decref(j);

	/* Adding a strategy answers it with its id. */
	r = req_to(sim, EVHTTP_REQ_POST, P "/legacy-cart-api/environments/"
	    "production/strategies", "{\"name\":\"flexibleRollout\","
	    "\"constraints\":[],\"parameters\":{\"rollout\":\"5\","
	    "\"stickiness\":\"default\",\"groupId\":\"legacy-cart-api\"}}",
	    NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	s = body_json(&r);
	assert_shape("unleash/strategy-created.json", s, 1);
	ck_assert_str_eq(rollout_value(s), "5");
	ck_assert(json_string_length(json_object_get(s, "id")) > 0);
	json_decref(s);
	resp_free(&r);

	r = req_to(sim, EVHTTP_REQ_POST, P "/legacy-cart-api/environments/"
	    "production/strategies", "{\"name\":\"flexibleRollout\","
	    "\"constraints\":\"none\"}", NULL, NULL);
	ck_assert_int_eq(r.code, 400);
	s = body_json(&r);
	assert_shape("unleash/error-400-baddata-schema.json", s, 1);
	json_decref(s);
	resp_free(&r);

	r = req_to(sim, EVHTTP_REQ_POST, P "/nope/environments/production/on",
	    NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 404);
	resp_free(&r);
}
END_TEST

START_TEST(test_etag)
{
	struct resp	 r, r2;
	char		 h[200];

	r = get(P);
	ck_assert_int_eq(r.code, 200);
	ck_assert(strncmp(r.etag, "W/\"", 3) == 0);
	snprintf(h, sizeof h, "If-None-Match: %s", r.etag);
	r2 = req_to(sim, EVHTTP_REQ_GET, P, NULL, h, NULL);
	ck_assert_int_eq(r2.code, 304);
	ck_assert_uint_eq(r2.len, 0);
	ck_assert_str_eq(r2.etag, r.etag);
	resp_free(&r2);

	r2 = req_to(sim, EVHTTP_REQ_POST, P "/dark-mode/environments/"
	    "production/off", NULL, NULL, NULL);
	resp_free(&r2);
	r2 = req_to(sim, EVHTTP_REQ_GET, P, NULL, h, NULL);
	ck_assert_int_eq(r2.code, 200);
	ck_assert_str_ne(r2.etag, r.etag);
	resp_free(&r2);
	resp_free(&r);
}
END_TEST

START_TEST(test_auth)
{
	struct sim_opts	 o;
	struct sim	*s;
	struct resp	 r;
	json_t		*j;

	memset(&o, 0, sizeof o);
	o.speed = 1;
	o.token = TOKEN;
	s = start(&o);

	r = req_to(s, EVHTTP_REQ_GET, "/api/admin/projects", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 401);
	j = body_json(&r);
	assert_shape("unleash/error-401-missing.json", j, 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "name")),
	    "AuthenticationRequired");
	json_decref(j);
	resp_free(&r);

	r = req_to(s, EVHTTP_REQ_GET, "/api/admin/projects", NULL,
	    "Authorization: *:*.not-a-valid-token", NULL);
	ck_assert_int_eq(r.code, 401);
	j = body_json(&r);
	assert_shape("unleash/error-401.json", j, 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "name")),
	    "UnauthorizedError");
	json_decref(j);
	resp_free(&r);

	r = req_to(s, EVHTTP_REQ_GET, P, NULL, "Authorization: " TOKEN, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);
	r = req_to(s, EVHTTP_REQ_GET, "/health", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);

	/* Kubernetes wants a bearer token and answers a Status. */
	r = req_to(s, EVHTTP_REQ_GET, "/apis/argoproj.io/v1alpha1/namespaces/"
	    "shop/rollouts", NULL, "Authorization: Bearer wrong", NULL);
	ck_assert_int_eq(r.code, 401);
	j = body_json(&r);
	assert_shape("k8s/errors/401.json", j, 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "kind")),
	    "Status");
	ck_assert_str_eq(json_string_value(json_object_get(j, "reason")),
	    "Unauthorized");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "code")), 401);
	json_decref(j);
	resp_free(&r);
	r = req_to(s, EVHTTP_REQ_GET, "/apis/argoproj.io/v1alpha1/namespaces/"
	    "shop/rollouts", NULL, "Authorization: Bearer " TOKEN, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);

	sim_free(s);
}
END_TEST

static const char *q_rate =
    "sum%20by%20(service%2Cversion)(rate(http_requests_total%5B1m%5D))";
static const char *q_err =
    "sum%20by%20(service%2Cversion)(rate(http_requests_total%7Bcode%3D~"
    "%225..%22%7D%5B1m%5D))%20%2F%20sum%20by%20(service%2Cversion)"
    "(rate(http_requests_total%5B1m%5D))";
static const char *q_p99 =
    "histogram_quantile(0.99%2C%20sum%20by%20(service%2Cversion%2Cle)"
    "(rate(http_request_duration_seconds_bucket%5B1m%5D)))";

/* The value of service/version in an instant vector, NULL if absent. */
static const char *
vector_value(json_t *j, const char *service, const char *version)
{
	size_t	 i;
	json_t	*e, *m;

	json_array_foreach(json_object_get(json_object_get(j, "data"),
	    "result"), i, e) {
		m = json_object_get(e, "metric");
		if (strcmp(json_string_value(json_object_get(m, "service")),
		    service) == 0 && strcmp(json_string_value(json_object_get(m,
		    "version")), version) == 0)
			return json_string_value(json_array_get(json_object_get(e,
			    "value"), 1));
	}
	return NULL;
}

static json_t *
instant(const char *q, double t)
{
	char	*uri = xasprintf("/api/v1/query?query=%s&time=%.3f", q, t);
	json_t	*j = get_shape(uri, 200, NULL, 0);

	free(uri);
	return j;
}

/* The value of a service-graph series (client, server, rb_series), or NAN. */
static double
graph_value(json_t *j, const char *caller_l, const char *caller,
    const char *callee_l, const char *callee, const char *series)
{
	json_t	*res = json_object_get(json_object_get(j, "data"), "result"), *e, *m;
	size_t	 i;

	json_array_foreach(res, i, e) {
		m = json_object_get(e, "metric");
		if (streq(json_string_value(json_object_get(m, caller_l)), caller) &&
		    streq(json_string_value(json_object_get(m, callee_l)), callee) &&
		    streq(json_string_value(json_object_get(m, "rb_series")), series))
			return strtod(json_string_value(json_array_get(
			    json_object_get(e, "value"), 1)), NULL);
	}
	return NAN;
}

/*
 * The service-graph queries relboard sends: checkout's calls to payments
 * (OpenTelemetry) fail as its canary climbs to crit; frontend's calls to
 * checkout come through Istio from both reporters; Linkerd has none.
 */
START_TEST(test_prometheus_graph)
{
	double		 t0 = sim_epoch(sim);
	struct source_cfg src;
	char		*q, *e;
	json_t		*j;
	double		 rate, failed;

	memset(&src, 0, sizeof src);
	q = prom_graph_query(&src, SG_OTEL);
	e = url_escape(q);
	j = instant(e, t0 + 30);
	rate = graph_value(j, "client", "checkout", "server", "payments", "rate");
	failed = graph_value(j, "client", "checkout", "server", "payments", "failed");
	ck_assert(rate > 0 && failed / rate < 0.01);
	ck_assert(graph_value(j, "client", "checkout", "server", "search", "rate") > 0);
	json_decref(j);
	j = instant(e, t0 + 200);
	rate = graph_value(j, "client", "checkout", "server", "payments", "rate");
	failed = graph_value(j, "client", "checkout", "server", "payments", "failed");
	ck_assert_msg(failed / rate > 0.05, "%g / %g", failed, rate);
	json_decref(j);
	free(e);
	free(q);

	q = prom_graph_query(&src, SG_ISTIO);
	e = url_escape(q);
	j = instant(e, t0 + 30);
	ck_assert(json_array_size(json_object_get(json_object_get(j, "data"),
	    "result")) == 4);	/* rate and failed, from both reporters */
	json_decref(j);
	free(e);
	free(q);
	q = prom_graph_query(&src, SG_LINKERD);
	e = url_escape(q);
	j = instant(e, t0 + 30);
	ck_assert(json_array_size(json_object_get(json_object_get(j, "data"),
	    "result")) == 0);
	json_decref(j);
	free(e);
	free(q);
}
END_TEST

START_TEST(test_prometheus)
{
	double		 t0 = sim_epoch(sim);
	json_t		*j;
	const char	*v;
	char		*uri;
	struct resp	 r;

	uri = xasprintf("/api/v1/query?query=%s&time=%.0f", q_rate, t0 + 30);
	j = get_shape(uri, 200, "prometheus/vector-rate.json", 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "data"), "resultType")), "vector");
	ck_assert_ptr_nonnull(vector_value(j, "checkout", "v1"));
	ck_assert_str_eq(vector_value(j, "ledger", "v1"), "0");
	json_decref(j);
	free(uri);

	/* Error ratio: NaN as a string where there is no traffic; the
	 * checkout canary climbs from ok to crit after 90 s. */
	j = instant(q_err, t0 + 30);
	assert_shape("prometheus/vector-error-ratio.json", j, 1);
	ck_assert_str_eq(vector_value(j, "ledger", "v1"), "NaN");
	v = vector_value(j, "checkout", "v2");
	ck_assert_ptr_nonnull(v);
	ck_assert(strtod(v, NULL) < 0.01);
	json_decref(j);
	j = instant(q_err, t0 + 200);
	v = vector_value(j, "checkout", "v2");
	ck_assert_ptr_nonnull(v);
	ck_assert(strtod(v, NULL) > 0.05);
	ck_assert(strtod(vector_value(j, "checkout", "v1"), NULL) < 0.01);
	json_decref(j);

	j = instant(q_p99, t0 + 30);
	assert_shape("prometheus/vector-p99.json", j, 1);
	ck_assert_str_eq(vector_value(j, "ledger", "v1"), "NaN");
	json_decref(j);

	/* The same time gives the same answer. */
	j = instant(q_rate, t0 + 42.5);
	{
		json_t *k = instant(q_rate, t0 + 42.5);

		ck_assert(json_equal(j, k));
		json_decref(k);
	}
	json_decref(j);

	/* Range: matrix, values as strings, times as numbers. */
	uri = xasprintf("/api/v1/query_range?query=%s&start=%.0f&end=%.0f"
	    "&step=15", q_err, t0, t0 + 600);
	j = get_shape(uri, 200, "prometheus/matrix-error-ratio.json", 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "data"), "resultType")), "matrix");
	free(uri);
	json_decref(j);

	/* POST form. */
	{
		struct evhttp_connection *conn;
		struct evhttp_request *req;
		char *form = xasprintf("query=%s&time=%.0f", q_rate, t0);

		memset(&r, 0, sizeof r);
		conn = evhttp_connection_base_new(base, NULL, "127.0.0.1",
		    (ev_uint16_t)sim_port(sim));
		req = evhttp_request_new(got, &r);
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Content-Type", "application/x-www-form-urlencoded");
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Host", "127.0.0.1");
		evbuffer_add(evhttp_request_get_output_buffer(req), form,
		    strlen(form));
		evhttp_make_request(conn, req, EVHTTP_REQ_POST,
		    "/api/v1/query");
		while (!r.done)
			event_base_loop(base, EVLOOP_ONCE);
		evhttp_connection_free(conn);
		free(form);
		ck_assert_int_eq(r.code, 200);
		j = body_json(&r);
		ck_assert_ptr_nonnull(vector_value(j, "search", "v1"));
		json_decref(j);
		resp_free(&r);
	}
}
END_TEST

static void
assert_prom_error(const char *uri, const char *fixture_rel, int same_text)
{
	json_t	*j, *ref;

	j = get_shape(uri, 400, fixture_rel, 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "errorType")),
	    "bad_data");
	if (same_text) {
		ref = load_fixture(fixture_rel);
		ck_assert_str_eq(json_string_value(json_object_get(j, "error")),
		    json_string_value(json_object_get(ref, "error")));
		json_decref(ref);
	}
	json_decref(j);
}

START_TEST(test_prometheus_errors)
{
	struct resp	r;

	assert_prom_error("/api/v1/query?query=sum(",
	    "prometheus/error-400.json", 1);
	assert_prom_error("/api/v1/query?query=up&time=abc",
	    "prometheus/error-400-time.json", 1);
	assert_prom_error("/api/v1/query_range?query=up&start=1795000000"
	    "&end=1795002400&step=0.1", "prometheus/error-400-resolution.json",
	    1);
	assert_prom_error("/api/v1/query?query=something_else",
	    "prometheus/error-400.json", 0);

	r = get("/api/v1/no-such-path");
	ck_assert_int_eq(r.code, 404);
	ck_assert_str_eq(r.body, "404 page not found\n");
	ck_assert(strncmp(r.ctype, "text/plain", 10) == 0);
	resp_free(&r);
}
END_TEST

/* Compare one object with the first item of a captured list. */
static void
assert_item_shape(const char *fixture_rel, json_t *item)
{
	json_t	*ref = load_fixture(fixture_rel);
	char	 why[600] = "";

	ck_assert_msg(same_shape(json_array_get(json_object_get(ref, "items"),
	    0), item, "$", 0, why, sizeof why), "%s: %s", fixture_rel, why);
	json_decref(ref);
}

static void
assert_list(json_t *j, const char *api, const char *kind)
{
	ck_assert_str_eq(json_string_value(json_object_get(j, "apiVersion")),
	    api);
	ck_assert_str_eq(json_string_value(json_object_get(j, "kind")), kind);
	ck_assert(json_is_string(json_object_get(json_object_get(j,
	    "metadata"), "resourceVersion")));
	ck_assert(json_is_array(json_object_get(j, "items")));
}

static json_t *
item_named(json_t *list, const char *name)
{
	size_t	 i;
	json_t	*it;

	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (strcmp(json_string_value(json_object_get(json_object_get(it,
		    "metadata"), "name")), name) == 0)
			return it;
	}
	return NULL;
}

static json_t *
condition_of(json_t *ro, const char *type)
{
	size_t	 i;
	json_t	*c;

	json_array_foreach(json_object_get(json_object_get(ro, "status"),
	    "conditions"), i, c) {
		if (strcmp(json_string_value(json_object_get(c, "type")),
		    type) == 0)
			return c;
	}
	return NULL;
}

START_TEST(test_k8s)
{
	json_t		*j, *ro, *st, *c, *it;
	const char	*msg;
	size_t		 i;

	j = get_shape("/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts",
	    200, NULL, 0);
	assert_list(j, "argoproj.io/v1alpha1", "RolloutList");
	ck_assert_int_eq(json_array_size(json_object_get(j, "items")), 3);

	/* Paused at step 1 of 8 (setWeight 20, pause {}). */
	ro = item_named(j, "payments");
	ck_assert_ptr_nonnull(ro);
	assert_item_shape("k8s/canary-paused/rollouts.json", ro);
	st = json_object_get(ro, "status");
	ck_assert_int_eq(json_integer_value(json_object_get(st,
	    "currentStepIndex")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(json_object_get(
	    json_object_get(json_object_get(ro, "spec"), "strategy"), "canary"),
	    "steps")), 8);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(st, "pauseConditions"), 0), "reason")),
	    "CanaryPauseStep");
	ck_assert(json_is_true(json_object_get(st, "controllerPause")));
	c = condition_of(ro, "Progressing");
	ck_assert_str_eq(json_string_value(json_object_get(c, "reason")),
	    "RolloutPaused");
	ck_assert_str_eq(json_string_value(json_object_get(st, "phase")),
	    "Paused");
	/* observedGeneration is a string equal to metadata.generation. */
	ck_assert_int_eq(atoi(json_string_value(json_object_get(st,
	    "observedGeneration"))), json_integer_value(json_object_get(
	    json_object_get(ro, "metadata"), "generation")));

	/* Aborted: Degraded with the RolloutAborted message. */
	ro = item_named(j, "search");
	assert_item_shape("k8s/canary-aborted/rollouts.json", ro);
	st = json_object_get(ro, "status");
	ck_assert(json_is_true(json_object_get(st, "abort")));
	msg = json_string_value(json_object_get(st, "message"));
	ck_assert(strncmp(msg, "RolloutAborted: ", 16) == 0);
	ck_assert_str_eq(json_string_value(json_object_get(condition_of(ro,
	    "Progressing"), "reason")), "RolloutAborted");
	ck_assert_int_eq(json_integer_value(json_object_get(st,
	    "updatedReplicas")), 0);

	/* The cycling canary uses a traffic router. */
	ro = item_named(j, "checkout");
	assert_item_shape("k8s/canary-traffic-routing/rollouts.json", ro);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(json_object_get(
	    ro, "status"), "canary"), "weights"));
	json_decref(j);

	j = get_shape("/apis/apps/v1/namespaces/shop/replicasets", 200, NULL,
	    0);
	assert_list(j, "apps/v1", "ReplicaSetList");
	json_array_foreach(json_object_get(j, "items"), i, it) {
		/* Kubernetes leaves out zero counts: compare scaled ones. */
		if (json_object_get(json_object_get(json_object_get(it,
		    "metadata"), "labels"), "rollouts-pod-template-hash") &&
		    json_object_get(json_object_get(it, "status"),
		    "availableReplicas"))
			assert_item_shape("k8s/canary-paused/replicasets.json",
			    it);
		json_t *md = json_object_get(it, "metadata");
		json_t *labels = json_object_get(md, "labels");

		ck_assert(json_object_get(labels, "rollouts-pod-template-hash")
		    != NULL || json_object_get(labels, "pod-template-hash") !=
		    NULL);
		ck_assert_int_eq(json_array_size(json_object_get(md,
		    "ownerReferences")), 1);
	}
	json_decref(j);

	j = get_shape("/apis/apps/v1/namespaces/shop/deployments", 200, NULL,
	    0);
	assert_list(j, "apps/v1", "DeploymentList");
	assert_item_shape("k8s/deployments/deployments.json",
	    json_array_get(json_object_get(j, "items"), 0));
	json_decref(j);

	j = get_shape("/apis/argoproj.io/v1alpha1/namespaces/other/rollouts",
	    200, NULL, 0);
	ck_assert_int_eq(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);

	j = get_shape("/apis/example.com/v1/things", 404, NULL, 0);
	ck_assert_str_eq(json_string_value(json_object_get(j, "kind")),
	    "Status");
	json_decref(j);
}
END_TEST

/* The scripted canary moves through its steps with scenario time. */
START_TEST(test_scenario_time)
{
	struct sim_scenario		*sc = sim_scenario(sim);
	struct sim_rollout_state	 st;
	const struct sim_rollout	*ro = &sc->rollouts[0];
	int				 steps_seen[16] = { 0 }, done = 0, n = 0;
	double				 t;

	ck_assert_str_eq(ro->name, "checkout");
	for (t = 0; t < 400; t += 1) {
		scenario_rollout_state(ro, t, &st);
		if (st.done)
			done = 1;
		else if (!steps_seen[st.step]++)
			n++;
	}
	ck_assert_int_eq(n, 8);
	ck_assert(done);
	scenario_rollout_state(&sc->rollouts[1], 1e6, &st);
	ck_assert_int_eq(st.step, 1);
	ck_assert(st.paused);
}
END_TEST

START_TEST(test_demo_config)
{
	char		*text = sim_demo_config(sim), *cause = NULL, url[64];
	struct config	 cfg;
	const struct source_cfg *src;

	memset(&cfg, 0, sizeof cfg);
	ck_assert_msg(config_parse(&cfg, "(demo)", text, &cause) == 0,
	    "demo config: %s", cause ? cause : "");
	snprintf(url, sizeof url, "http://127.0.0.1:%d", sim_port(sim));
	src = config_find_source(&cfg, "flags");
	ck_assert_ptr_nonnull(src);
	ck_assert_str_eq(src->kind, "unleash");
	ck_assert_str_eq(src->url, url);
	ck_assert_str_eq(config_find_source(&cfg, "metrics")->kind,
	    "prometheus");
	ck_assert_str_eq(config_find_source(&cfg, "k8s")->namespace, "shop");
	ck_assert_uint_eq(config_find_service(&cfg, "checkout")->ndepends_on,
	    2);
	ck_assert_ptr_nonnull(config_find_service(&cfg, "ledger"));
	config_free(&cfg);
	free(text);
}
END_TEST

START_TEST(test_scale)
{
	struct sim_opts	 o;
	struct sim	*s;
	struct resp	 r;
	json_t		*j;
	double		 t0 = now_mono();
	char		*uri;

	memset(&o, 0, sizeof o);
	o.speed = 1;
	o.nflags = 5000;
	o.nrollouts = 1000;
	o.nservices = 1000;
	s = start(&o);

	r = req_to(s, EVHTTP_REQ_GET, P, NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	j = body_json(&r);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "features")),
	    5000 + 9);
	json_decref(j);
	resp_free(&r);

	r = req_to(s, EVHTTP_REQ_GET, P "/gen-flag-04321", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);

	r = req_to(s, EVHTTP_REQ_GET, "/apis/argoproj.io/v1alpha1/namespaces/"
	    "shop/rollouts", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	j = body_json(&r);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "items")), 1003);
	json_decref(j);
	resp_free(&r);

	uri = xasprintf("/api/v1/query?query=%s", q_rate);
	r = req_to(s, EVHTTP_REQ_GET, uri, NULL, NULL, NULL);
	free(uri);
	ck_assert_int_eq(r.code, 200);
	j = body_json(&r);
	ck_assert_uint_ge(json_array_size(json_object_get(json_object_get(j,
	    "data"), "result")), 1004);
	json_decref(j);
	resp_free(&r);
	sim_free(s);
	ck_assert_msg(now_mono() - t0 < 20, "scale took %.1f s",
	    now_mono() - t0);
}
END_TEST

/* Kubernetes watches (sim_watch.c), as the API server serves them. */
START_TEST(test_k8s_watch)
{
	static const char ro[] = "/apis/argoproj.io/v1alpha1/namespaces/shop/"
	    "rollouts";
	struct sim_opts	 o;
	struct sim	*s;
	struct resp	 r;
	json_t		*j, *ev, *obj;
	const char	*type, *rvs;
	char		*uri, *line, *next;
	unsigned long	 listed, rv, last = 0;
	size_t		 i, n = 0, modified = 0, bookmarks = 0;

	memset(&o, 0, sizeof o);
	o.speed = 30;		/* checkout moves through its steps */
	s = start(&o);

	r = req_to(s, EVHTTP_REQ_GET, ro, NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	j = body_json(&r);
	listed = strtoul(json_string_value(json_object_get(json_object_get(j,
	    "metadata"), "resourceVersion")), NULL, 10);
	json_array_foreach(json_object_get(j, "items"), i, obj)
		ck_assert_uint_le(strtoul(json_string_value(json_object_get(
		    json_object_get(obj, "metadata"), "resourceVersion")), NULL,
		    10), listed);
	json_decref(j);
	resp_free(&r);

	/* From the list's version: changes only, versions growing. */
	uri = xasprintf("%s?watch=1&allowWatchBookmarks=true&timeoutSeconds=2"
	    "&resourceVersion=%lu", ro, listed);
	r = req_to(s, EVHTTP_REQ_GET, uri, NULL, NULL, NULL);
	free(uri);
	ck_assert_int_eq(r.code, 200);
	ck_assert_str_eq(r.ctype, "application/json");
	for (line = r.body; *line != '\0'; line = next) {
		ck_assert_ptr_nonnull(next = strchr(line, '\n'));
		*next++ = '\0';
		ev = json_loads(line, 0, NULL);
		ck_assert_ptr_nonnull(ev);
		type = json_string_value(json_object_get(ev, "type"));
		obj = json_object_get(ev, "object");
		ck_assert_str_eq(json_string_value(json_object_get(obj, "kind")),
		    "Rollout");
		ck_assert_str_eq(json_string_value(json_object_get(obj,
		    "apiVersion")), "argoproj.io/v1alpha1");
		rvs = json_string_value(json_object_get(json_object_get(obj,
		    "metadata"), "resourceVersion"));
		ck_assert_ptr_nonnull(rvs);
		rv = strtoul(rvs, NULL, 10);
		ck_assert_uint_gt(rv, listed);
		ck_assert_uint_ge(rv, last);
		last = rv;
		if (strcmp(type, "MODIFIED") == 0) {
			modified++;
			ck_assert_str_eq(json_string_value(json_object_get(
			    json_object_get(obj, "metadata"), "name")),
			    "checkout");
		} else {
			ck_assert_str_eq(type, "BOOKMARK");
			bookmarks++;
		}
		n++;
		json_decref(ev);
	}
	ck_assert_uint_ge(modified, 1);
	ck_assert_uint_eq(bookmarks, 1);	/* the last line, before the end */
	resp_free(&r);

	/* No version: every object as ADDED first. */
	r = req_to(s, EVHTTP_REQ_GET, "/apis/apps/v1/namespaces/shop/"
	    "deployments?watch=true&timeoutSeconds=1", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	j = json_loadb(r.body, strcspn(r.body, "\n"), 0, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(j, "type")),
	    "ADDED");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "object"), "kind")), "Deployment");
	json_decref(j);
	resp_free(&r);

	/* Too old: the 410 ERROR event, and the end. */
	uri = xasprintf("%s?watch=1&resourceVersion=%lu", ro, listed - 1000);
	r = req_to(s, EVHTTP_REQ_GET, uri, NULL, NULL, NULL);
	free(uri);
	ck_assert_int_eq(r.code, 200);
	ck_assert_ptr_nonnull(strchr(r.body, '\n'));
	ck_assert_str_eq(strchr(r.body, '\n') + 1, "");
	j = body_json(&r);
	ck_assert_str_eq(json_string_value(json_object_get(j, "type")),
	    "ERROR");
	obj = json_object_get(j, "object");
	ck_assert_str_eq(json_string_value(json_object_get(obj, "kind")),
	    "Status");
	ck_assert_int_eq(json_integer_value(json_object_get(obj, "code")), 410);
	ck_assert_str_eq(json_string_value(json_object_get(obj, "reason")),
	    "Expired");
	json_decref(j);
	resp_free(&r);

	/* A fault: the history is gone, so the list's version is too old. */
	r = req_to(s, EVHTTP_REQ_POST, "/sim/watch/expire", "", NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	resp_free(&r);
	uri = xasprintf("%s?watch=1&resourceVersion=%lu", ro, listed);
	r = req_to(s, EVHTTP_REQ_GET, uri, NULL, NULL, NULL);
	free(uri);
	ck_assert_ptr_nonnull(strstr(r.body, "\"code\":410"));
	resp_free(&r);
	sim_free(s);
}
END_TEST

START_TEST(test_faults)
{
	struct sim_opts	 o;
	struct sim	*s;
	struct resp	 r;
	double		 t0;
	int		 i, fails = 0;

	memset(&o, 0, sizeof o);
	o.speed = 1;
	o.latency_ms = 150;
	s = start(&o);
	t0 = now_mono();
	r = req_to(s, EVHTTP_REQ_GET, "/health", NULL, NULL, NULL);
	ck_assert_int_eq(r.code, 200);
	ck_assert(now_mono() - t0 >= 0.14);
	resp_free(&r);
	sim_free(s);

	o.latency_ms = 0;
	o.error_rate_pct = 30;
	s = start(&o);
	for (i = 0; i < 100; i++) {
		r = req_to(s, EVHTTP_REQ_GET, "/health", NULL, NULL, NULL);
		if (r.code == 500)
			fails++;
		else
			ck_assert_int_eq(r.code, 200);
		resp_free(&r);
	}
	ck_assert_int_gt(fails, 10);
	ck_assert_int_lt(fails, 60);
	sim_free(s);
}
END_TEST

/*
 * Feature impact: client metrics shaped as the real Unleash 7.5.1 answers
 * them (tests/fixtures/unleash-metrics), read by relboard's parser, and
 * the demo's KPIs evaluated through relboard's one KPI query.
 */
START_TEST(test_impact)
{
	char		*text = sim_demo_config(sim), *cause = NULL, *q, *uri;
	struct config	 cfg;
	struct response	 rr;
	struct exposure	*e;
	struct model_part part;
	struct poll_ctx	 ctx;
	struct resp	 r;
	json_t		*real, *root, *ours, *v, *x;
	const char	*key;
	size_t		 n, i;

	r = get("/api/admin/client-metrics/features/new-checkout/raw?hoursBack=8");
	ck_assert_int_eq(r.code, 200);
	root = body_json(&r);
	ours = json_array_get(json_object_get(root, "data"), 0);
	real = load_fixture("unleash-metrics/raw-new-checkout.json");
	/* The fields of a row that has counts, as Unleash sends them. */
	v = json_array_get(json_object_get(real, "data"),
	    json_array_size(json_object_get(real, "data")) - 1);
	json_object_foreach(v, key, x)
		ck_assert_msg(json_object_get(ours, key) != NULL, "no %s", key);
	ck_assert_uint_eq(json_object_size(ours), json_object_size(v));
	json_decref(root);
	memset(&rr, 0, sizeof rr);
	rr.status = r.code;
	rr.body = r.body;
	rr.len = r.len;
	ck_assert_int_eq(unleash_metrics_parse(&rr, &e, &n, &cause), 0);
	ck_assert_uint_eq(n, 2);
	for (i = 0; i < n; i++) {
		/* canary 5% in production, ga in development */
		if (strcmp(e[i].env, "production") == 0)
			ck_assert(e[i].no > e[i].yes);
		else
			ck_assert(e[i].yes > 0 && e[i].no == 0);
	}
	exposure_free(e, n);
	resp_free(&r);
	r = get("/api/admin/client-metrics/features/no-such-flag/raw?hoursBack=8");
	ck_assert_int_eq(r.code, 200);
	ck_assert_str_eq(r.body, "{\"version\":1,\"maturity\":\"stable\","
	    "\"data\":[]}");
	resp_free(&r);

	ck_assert_int_eq(config_parse(&cfg, "(demo)", text, &cause), 0);
	ctx.src = config_find_source(&cfg, "metrics");
	ctx.cfg = &cfg;
	ctx.at = 0;
	q = prom_kpi_query(&ctx);
	uri = evhttp_encode_uri(q);
	free(q);
	q = xasprintf("/api/v1/query?query=%s", uri);
	r = get(q);
	ck_assert_int_eq(r.code, 200);
	rr.status = r.code;
	rr.body = r.body;
	rr.len = r.len;
	memset(&part, 0, sizeof part);
	prom_kpi_parse(&ctx, &rr, &part);
	ck_assert_uint_eq(part.nkpis, 6);
	ck_assert_ptr_null(part.warning);
	for (i = 0; i < part.nkpis; i++) {
		const struct kpi_value *k = &part.kpis[i];

		if (strcmp(k->env, "production") != 0)
			continue;
		if (strcmp(k->flag, "new-checkout") == 0)
			ck_assert(k->value == 0.31 && k->health == HEALTH_OK);
		else if (strcmp(k->flag, "beta-banner") == 0)
			ck_assert(k->value == 0.08 && k->health == HEALTH_WARN);
		else
			ck_assert(k->value == 9 && k->health == HEALTH_CRIT);
	}
	model_part_free(&part);
	resp_free(&r);
	free(q);
	free(uri);
	json_decref(real);
	config_free(&cfg);
	free(text);
}
END_TEST

static Suite *
sim_suite(void)
{
	Suite	*s = suite_create("sim");
	TCase	*tc = tcase_create("http");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_unleash_shapes);
	tcase_add_test(tc, test_impact);
	tcase_add_test(tc, test_client_features_environment);
	tcase_add_test(tc, test_patch);
	tcase_add_test(tc, test_on_off_and_create);
	tcase_add_test(tc, test_etag);
	tcase_add_test(tc, test_auth);
	tcase_add_test(tc, test_prometheus);
	tcase_add_test(tc, test_prometheus_graph);
	tcase_add_test(tc, test_prometheus_errors);
	tcase_add_test(tc, test_k8s);
	tcase_add_test(tc, test_scenario_time);
	tcase_add_test(tc, test_demo_config);
	tcase_add_test(tc, test_scale);
	tcase_add_test(tc, test_faults);
	tcase_add_test(tc, test_k8s_watch);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(sim_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
