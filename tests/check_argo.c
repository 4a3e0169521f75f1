/*
 * check_argo.c - tests of the argo-rollouts adapter on fixture answers.
 *
 * Each directory under tests/fixtures/k8s/ holds the list bodies the
 * Kubernetes API returns for one namespace and, in expected.json, what
 * Argo Rollouts itself reports for them.  The test plans a poll, checks the
 * request paths, feeds the bodies to parse() and compares every field.
 * Error answers (401, 403, 404, malformed JSON, no answer) are checked for
 * their one-line causes.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "core/adapter.h"
#include "core/model.h"
#include "core/util.h"

extern const struct adapter_entry adapter_argo_rollouts;

static const char *cases[] = {
	"canary-deadline",
	"canary-traffic-routing",
	"canary-paused",
	"canary-aborted",
	"canary-experiment-analysis",
	"canary-experiment-step",
	"bluegreen-paused",
	"invalid-spec",
	"generation-not-observed",
	"healthy",
	"deployments",
};
#define NCASES (sizeof cases / sizeof cases[0])

static const char *lists[] = { "rollouts", "replicasets", "deployments" };

/* A poll context for namespace ns; the strings live in the test. */
struct fixture {
	struct source_cfg	src;
	struct poll_ctx		ctx;
};

static void
fixture_init(struct fixture *f, const char *ns, int deployments)
{
	memset(f, 0, sizeof *f);
	f->src.name = (char *)"k8s";
	f->src.kind = (char *)"argo-rollouts";
	f->src.url = (char *)"https://127.0.0.1:6443";
	f->src.namespace = (char *)ns;
	f->src.deployments = deployments != 0;
	f->ctx.src = &f->src;
}

static char *
load(const char *rel, size_t *len)
{
	char	*path, *text, *cause = NULL;

	path = xasprintf("%s/k8s/%s", FIXTURES_DIR, rel);
	text = read_file(path, len, &cause);
	ck_assert_msg(text != NULL, "%s: %s", path, cause ? cause : "?");
	free(path);
	return text;
}

static void
free_reqs(struct request_desc *reqs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(reqs[i].method);
		free(reqs[i].path);
		free(reqs[i].body);
		free(reqs[i].content_type);
	}
}

static void
check_int(const char *what, const char *name, int got, json_t *want)
{
	if (json_is_null(want))
		ck_assert_msg(got == RB_UNKNOWN_INT, "%s %s: got %d, want null",
		    name, what, got);
	else
		ck_assert_msg(got == json_integer_value(want),
		    "%s %s: got %d, want %lld", name, what, got,
		    (long long)json_integer_value(want));
}

static void
check_str(const char *what, const char *name, const char *got, json_t *want)
{
	if (json_is_null(want))
		ck_assert_msg(got == NULL, "%s %s: got \"%s\", want null",
		    name, what, got ? got : "");
	else {
		ck_assert_msg(got != NULL, "%s %s: got null, want \"%s\"",
		    name, what, json_string_value(want));
		ck_assert_msg(strcmp(got, json_string_value(want)) == 0,
		    "%s %s: got \"%s\", want \"%s\"", name, what, got,
		    json_string_value(want));
	}
}

/*
 * The detail keys of an expected rollout, each checked when present:
 * steps, image_roles (as the CLI's "Images:" lines tag them), conditions,
 * waiting_for_human and since (when the object says it got there).
 */
static void
check_detail(const struct rollout *r, json_t *e, const char *name)
{
	json_t		*v, *x;
	size_t		 i;
	char		 buf[32];

	if ((v = json_object_get(e, "waiting_for_human")) != NULL)
		ck_assert_msg(r->waiting_for_human == json_is_true(v),
		    "%s waiting_for_human: got %d", name, r->waiting_for_human);
	if ((v = json_object_get(e, "steps")) != NULL) {
		ck_assert_msg(r->nsteps == json_array_size(v),
		    "%s steps: got %zu, want %zu", name, r->nsteps,
		    json_array_size(v));
		json_array_foreach(v, i, x) {
			const struct rollout_step *st = &r->steps[i];

			check_str("step kind", name,
			    rollout_step_kind_name(st->kind),
			    json_object_get(x, "kind"));
			if (json_object_get(x, "weight") != NULL)
				check_int("step weight", name, st->weight,
				    json_object_get(x, "weight"));
			else
				ck_assert_int_eq(st->weight, RB_UNKNOWN_INT);
			if (json_object_get(x, "pause") != NULL ||
			    st->pause != NULL)
				check_str("step pause", name, st->pause,
				    json_object_get(x, "pause"));
			if (json_object_get(x, "detail") != NULL)
				check_str("step detail", name, st->detail,
				    json_object_get(x, "detail"));
			if (json_object_get(x, "name") != NULL)
				check_str("step name", name, st->name,
				    json_object_get(x, "name"));
		}
	}
	if ((v = json_object_get(e, "image_roles")) != NULL) {
		ck_assert_msg(r->nimage_roles == json_array_size(v),
		    "%s image_roles: got %zu, want %zu", name,
		    r->nimage_roles, json_array_size(v));
		json_array_foreach(v, i, x) {
			check_str("image", name, r->image_roles[i].image,
			    json_object_get(x, "image"));
			check_str("roles", name, r->image_roles[i].roles,
			    json_object_get(x, "roles"));
		}
	}
	if ((v = json_object_get(e, "conditions")) != NULL) {
		ck_assert_msg(r->nconditions == json_array_size(v),
		    "%s conditions: got %zu, want %zu", name, r->nconditions,
		    json_array_size(v));
		json_array_foreach(v, i, x) {
			const struct rollout_condition *c = &r->conditions[i];

			check_str("condition type", name, c->type,
			    json_object_get(x, "type"));
			check_str("condition status", name, c->status,
			    json_object_get(x, "status"));
			check_str("condition reason", name, c->reason,
			    json_object_get(x, "reason"));
			if (json_object_get(x, "message") != NULL)
				check_str("condition message", name, c->message,
				    json_object_get(x, "message"));
		}
	}
	if ((v = json_object_get(e, "since")) != NULL) {
		if (json_is_null(v))
			ck_assert_msg(r->since_wall == 0,
			    "%s since: got %f, want null", name, r->since_wall);
		else {
			format_rfc3339(r->since_wall, buf, sizeof buf);
			ck_assert_msg(r->since_wall > 0 &&
			    strcmp(buf, json_string_value(v)) == 0,
			    "%s since: got %s, want %s", name, buf,
			    json_string_value(v));
		}
	}
}

static void
check_rollout(const struct rollout *r, json_t *e)
{
	json_t		*step, *reps, *imgs;
	const char	*name = json_string_value(json_object_get(e, "name"));
	size_t		 i;

	check_str("source", name, r->source, json_object_get(e, "source"));
	check_str("namespace", name, r->namespace,
	    json_object_get(e, "namespace"));
	check_str("name", name, r->name, json_object_get(e, "name"));
	check_str("kind", name, r->kind, json_object_get(e, "kind"));
	check_str("strategy", name, r->strategy,
	    json_object_get(e, "strategy"));
	check_str("status", name, r->status, json_object_get(e, "status"));
	check_str("message", name, r->message, json_object_get(e, "message"));

	step = json_object_get(e, "step");
	if (json_is_null(step)) {
		ck_assert_msg(r->step_index == RB_UNKNOWN_INT &&
		    r->step_count == RB_UNKNOWN_INT,
		    "%s step: got %d/%d, want null", name, r->step_index,
		    r->step_count);
	} else {
		check_int("step index", name, r->step_index,
		    json_object_get(step, "index"));
		check_int("step count", name, r->step_count,
		    json_object_get(step, "count"));
	}
	check_int("set_weight", name, r->set_weight,
	    json_object_get(e, "set_weight"));
	check_int("actual_weight", name, r->actual_weight,
	    json_object_get(e, "actual_weight"));

	reps = json_object_get(e, "replicas");
	check_int("desired", name, r->replicas.desired,
	    json_object_get(reps, "desired"));
	check_int("current", name, r->replicas.current,
	    json_object_get(reps, "current"));
	check_int("updated", name, r->replicas.updated,
	    json_object_get(reps, "updated"));
	check_int("ready", name, r->replicas.ready,
	    json_object_get(reps, "ready"));
	check_int("available", name, r->replicas.available,
	    json_object_get(reps, "available"));

	imgs = json_object_get(e, "images");
	ck_assert_msg(r->nimages == json_array_size(imgs),
	    "%s images: got %zu, want %zu", name, r->nimages,
	    json_array_size(imgs));
	for (i = 0; i < r->nimages; i++)
		check_str("image", name, r->images[i], json_array_get(imgs, i));
	check_detail(r, e, name);
}

START_TEST(test_case)
{
	const char		*name = cases[_i];
	struct fixture		 f;
	struct request_desc	 reqs[RB_MAX_REQUESTS];
	struct response		 resp[RB_MAX_REQUESTS];
	struct model_part	 part;
	json_t			*exp, *items;
	json_error_t		 jerr;
	char			*text, *bodies[3] = { NULL, NULL, NULL };
	char			*rel, *want, *cause = NULL;
	const char		*ns;
	size_t			 n, len, i;
	int			 deployments;

	rel = xasprintf("%s/expected.json", name);
	text = load(rel, &len);
	free(rel);
	exp = json_loadb(text, len, 0, &jerr);
	ck_assert_msg(exp != NULL, "%s/expected.json: %s", name, jerr.text);
	free(text);
	ns = json_string_value(json_object_get(exp, "namespace"));
	deployments = json_is_true(json_object_get(exp, "deployments"));
	fixture_init(&f, ns, deployments);

	n = adapter_argo_rollouts.plan(&f.ctx, reqs);
	ck_assert_uint_eq(n, deployments ? 3 : 2);
	want = xasprintf("/apis/argoproj.io/v1alpha1/namespaces/%s/rollouts", ns);
	ck_assert_str_eq(reqs[0].path, want);
	free(want);
	want = xasprintf("/apis/apps/v1/namespaces/%s/replicasets", ns);
	ck_assert_str_eq(reqs[1].path, want);
	free(want);
	if (deployments) {
		want = xasprintf("/apis/apps/v1/namespaces/%s/deployments", ns);
		ck_assert_str_eq(reqs[2].path, want);
		free(want);
	}
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(reqs[i].method, "GET");
		ck_assert_ptr_null(reqs[i].body);
	}
	free_reqs(reqs, n);
	ck_assert_str_eq(adapter_argo_rollouts.auth_scheme, "Bearer ");
	ck_assert_str_eq(adapter_argo_rollouts.name, "argo-rollouts");

	memset(resp, 0, sizeof resp);
	for (i = 0; i < n; i++) {
		rel = xasprintf("%s/%s.json", name, lists[i]);
		bodies[i] = load(rel, &resp[i].len);
		free(rel);
		resp[i].status = 200;
		resp[i].body = bodies[i];
	}
	memset(&part, 0, sizeof part);
	ck_assert_msg(adapter_argo_rollouts.parse(&f.ctx, resp, n, &part,
	    &cause) == 0, "%s: %s", name, cause ? cause : "?");

	items = json_object_get(exp, "rollouts");
	ck_assert_uint_eq(part.nrollouts, json_array_size(items));
	for (i = 0; i < part.nrollouts; i++)
		check_rollout(&part.rollouts[i], json_array_get(items, i));

	model_part_free(&part);
	for (i = 0; i < n; i++)
		free(bodies[i]);
	json_decref(exp);
}
END_TEST

/* Parse two answers (rollouts, replicasets) for namespace "shop". */
static int
parse_two(long st0, const char *b0, long st1, const char *b1,
    struct model_part *part, char **cause)
{
	struct fixture	f;
	struct response	resp[2];

	fixture_init(&f, "shop", 0);
	memset(resp, 0, sizeof resp);
	resp[0].status = st0;
	resp[0].body = b0;
	resp[0].len = b0 != NULL ? strlen(b0) : 0;
	resp[1].status = st1;
	resp[1].body = b1;
	resp[1].len = b1 != NULL ? strlen(b1) : 0;
	memset(part, 0, sizeof *part);
	*cause = NULL;
	return adapter_argo_rollouts.parse(&f.ctx, resp, 2, part, cause);
}

static char *
fixture_text(const char *rel)
{
	size_t	len;

	return load(rel, &len);
}

START_TEST(test_unauthorized)
{
	struct model_part	 part;
	char			*body, *ok, *cause;

	body = fixture_text("errors/401.json");
	ok = fixture_text("errors/empty-replicasets.json");
	ck_assert_int_eq(parse_two(401, body, 200, ok, &part, &cause), -1);
	ck_assert_str_eq(cause, "401 Unauthorized: check the token for source k8s");
	ck_assert_uint_eq(part.nrollouts, 0);
	free(cause);

	/* The same on the second request; nothing is added either. */
	free(body);
	body = fixture_text("errors/empty-rollouts.json");
	free(ok);
	ok = fixture_text("errors/401.json");
	ck_assert_int_eq(parse_two(200, body, 401, ok, &part, &cause), -1);
	ck_assert_str_eq(cause, "401 Unauthorized: check the token for source k8s");
	ck_assert_uint_eq(part.nrollouts, 0);
	free(cause);
	free(body);
	free(ok);
}
END_TEST

START_TEST(test_forbidden_and_missing)
{
	struct model_part	 part;
	char			*body, *ok, *cause;

	body = fixture_text("errors/403.json");
	ok = fixture_text("errors/empty-replicasets.json");
	ck_assert_int_eq(parse_two(403, body, 200, ok, &part, &cause), -1);
	ck_assert_str_eq(cause, "403 Forbidden: rollouts.argoproj.io is "
	    "forbidden: User \"system:serviceaccount:shop:relboard\" cannot "
	    "list resource \"rollouts\" in API group \"argoproj.io\" in the "
	    "namespace \"shop\"");
	free(cause);
	free(body);

	body = fixture_text("errors/404.json");
	ck_assert_int_eq(parse_two(404, body, 200, ok, &part, &cause), -1);
	ck_assert_str_eq(cause, "404 NotFound: the server could not find the "
	    "requested resource (is Argo Rollouts installed?)");
	free(cause);
	free(body);

	/* A proxy's HTML error page: no Status to quote. */
	ck_assert_int_eq(parse_two(502, "<html><body>Bad Gateway</body></html>",
	    200, ok, &part, &cause), -1);
	ck_assert_str_eq(cause, "HTTP 502 for GET "
	    "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts");
	free(cause);
	free(ok);
}
END_TEST

#define MALFORMED "malformed JSON in the rollouts list from GET " \
	"/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts: "

START_TEST(test_malformed)
{
	struct model_part	 part;
	char			*body, *ok, *cause;

	body = fixture_text("errors/truncated.json");
	ok = fixture_text("errors/empty-replicasets.json");
	ck_assert_int_eq(parse_two(200, body, 200, ok, &part, &cause), -1);
	ck_assert_msg(strncmp(cause, MALFORMED, strlen(MALFORMED)) == 0,
	    "cause: %s", cause);
	ck_assert_ptr_null(strchr(cause, '\n'));
	ck_assert_uint_eq(part.nrollouts, 0);
	free(cause);

	ck_assert_int_eq(parse_two(200, "", 200, ok, &part, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "malformed JSON"));
	free(cause);

	/* Valid JSON that is not a list. */
	ck_assert_int_eq(parse_two(200, "{\"items\": 3}", 200, ok, &part,
	    &cause), -1);
	ck_assert_str_eq(cause, "GET "
	    "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts: "
	    "expected a RolloutList, got an answer with no kind");
	free(cause);
	ck_assert_int_eq(parse_two(200, "[]", 200, ok, &part, &cause), -1);
	free(cause);
	free(body);
	free(ok);
}
END_TEST

START_TEST(test_empty_and_transport)
{
	struct fixture		 f;
	struct response		 resp[2];
	struct model_part	 part;
	char			*ro, *rs, *cause = NULL;

	ro = fixture_text("errors/empty-rollouts.json");
	rs = fixture_text("errors/empty-replicasets.json");
	ck_assert_int_eq(parse_two(200, ro, 200, rs, &part, &cause), 0);
	ck_assert_uint_eq(part.nrollouts, 0);
	ck_assert_ptr_null(cause);
	model_part_free(&part);


	fixture_init(&f, "shop", 0);
	memset(resp, 0, sizeof resp);
	resp[0].status = 0;
	resp[0].error = "Connection refused";
	resp[1].status = 200;
	resp[1].body = rs;
	resp[1].len = strlen(rs);
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(adapter_argo_rollouts.parse(&f.ctx, resp, 2, &part,
	    &cause), -1);
	ck_assert_str_eq(cause, "no answer to GET "
	    "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts: "
	    "Connection refused");
	free(cause);

	/* Fewer answers than requests. */
	ck_assert_int_eq(adapter_argo_rollouts.parse(&f.ctx, resp, 1, &part,
	    &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	free(ro);
	free(rs);
}
END_TEST

/* Answers about something else: an error for the source, nothing shown. */
static void
wrong_case(const char *ns, const char *ro_file, const char *rs_file,
    const char *want)
{
	struct fixture		 f;
	struct response		 resp[2];
	struct model_part	 part;
	char			*ro, *rs, *cause = NULL;

	ro = fixture_text(ro_file);
	rs = fixture_text(rs_file);
	fixture_init(&f, ns, 0);
	memset(resp, 0, sizeof resp);
	resp[0].status = resp[1].status = 200;
	resp[0].body = ro;
	resp[0].len = strlen(ro);
	resp[1].body = rs;
	resp[1].len = strlen(rs);
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(adapter_argo_rollouts.parse(&f.ctx, resp, 2, &part,
	    &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	ck_assert_uint_eq(part.nrollouts, 0);
	free(cause);
	free(ro);
	free(rs);
}

#define RO_GET "GET /apis/argoproj.io/v1alpha1/namespaces/shop/rollouts: "

START_TEST(test_wrong_answers)
{
	wrong_case("shop", "wrong/podlist.json", "errors/empty-replicasets.json",
	    RO_GET "expected a RolloutList, got a PodList");
	wrong_case("shop", "wrong/items-null.json",
	    "errors/empty-replicasets.json",
	    RO_GET "the RolloutList has no items array (null)");
	wrong_case("shop", "wrong/items-missing.json",
	    "errors/empty-replicasets.json",
	    RO_GET "the RolloutList has no items array (missing)");
	wrong_case("shop", "wrong/other-version.json",
	    "errors/empty-replicasets.json", RO_GET "expected a RolloutList "
	    "of argoproj.io/v1alpha1, got one of argoproj.io/v1beta1");
	/* A RolloutList where the ReplicaSets were asked for. */
	wrong_case("shop", "errors/empty-rollouts.json",
	    "errors/empty-rollouts.json", "GET /apis/apps/v1/namespaces/shop/"
	    "replicasets: expected a ReplicaSetList, got a RolloutList");
	/* Rollouts of another namespace than the one asked for. */
	wrong_case("jesse-test", "wrong/other-namespace.json",
	    "healthy/replicasets.json", "GET /apis/argoproj.io/v1alpha1/"
	    "namespaces/jesse-test/rollouts: the answer is about namespace "
	    "billing, not jesse-test (canary-demo)");
	/* The same answers, right: fine, and an empty list is a list. */
	{
		struct model_part	 part;
		char			*ro = fixture_text("errors/empty-rollouts.json");
		char			*rs = fixture_text("errors/empty-replicasets.json");
		char			*cause = NULL;

		ck_assert_int_eq(parse_two(200, ro, 200, rs, &part, &cause), 0);
		ck_assert_uint_eq(part.nrollouts, 0);
		model_part_free(&part);
		free(ro);
		free(rs);
	}
}
END_TEST

START_TEST(test_plan_namespace)
{
	struct fixture		f;
	struct request_desc	reqs[RB_MAX_REQUESTS];
	struct response		resp[2];
	struct model_part	part;
	char			*cause = NULL;
	size_t			n;

	fixture_init(&f, "odd name/x", 1);
	n = adapter_argo_rollouts.plan(&f.ctx, reqs);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(reqs[0].path,
	    "/apis/argoproj.io/v1alpha1/namespaces/odd%20name%2Fx/rollouts");
	ck_assert_str_eq(reqs[2].path,
	    "/apis/apps/v1/namespaces/odd%20name%2Fx/deployments");
	free_reqs(reqs, n);

	fixture_init(&f, NULL, 0);
	ck_assert_uint_eq(adapter_argo_rollouts.plan(&f.ctx, reqs), 0);
	memset(resp, 0, sizeof resp);
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(adapter_argo_rollouts.parse(&f.ctx, resp, 0, &part,
	    &cause), -1);
	ck_assert_str_eq(cause, "source k8s has no namespace");
	free(cause);
}
END_TEST

START_TEST(test_derived_rules)
{
	/*
	 * Rules no fixture reaches: unpausing, spec.paused, blue-green
	 * cutover, old canary pods pending termination, a restart.
	 */
	static const struct {
		const char	*status;	/* the Rollout's status object */
		const char	*strategy;
		const char	*spec_extra;
		const char	*want_status, *want_message;
	} t[] = {
		{ "\"controllerPause\":true", "{\"canary\":{}}", "",
		  "Progressing", "waiting for rollout to unpause" },
		{ "\"updatedReplicas\":2", "{\"canary\":{}}", ",\"paused\":true",
		  "Paused", "manually paused" },
		{ "\"updatedReplicas\":2,\"availableReplicas\":1",
		  "{\"canary\":{}}", "",
		  "Progressing", "updated replicas are still becoming available" },
		{ "\"updatedReplicas\":2,\"availableReplicas\":2,\"replicas\":3,"
		  "\"currentPodHash\":\"a\",\"stableRS\":\"a\"",
		  "{\"canary\":{}}", "",
		  "Progressing", "old replicas are pending termination" },
		{ "\"updatedReplicas\":2,\"availableReplicas\":2,\"replicas\":3,"
		  "\"currentPodHash\":\"a\",\"stableRS\":\"b\"",
		  "{\"canary\":{\"trafficRouting\":{\"nginx\":{}}}}", "",
		  "Progressing", "waiting for all steps to complete" },
		{ "\"updatedReplicas\":2,\"availableReplicas\":2,\"replicas\":2,"
		  "\"currentPodHash\":\"a\",\"stableRS\":\"b\","
		  "\"blueGreen\":{\"activeSelector\":\"b\"}",
		  "{\"blueGreen\":{}}", "",
		  "Progressing", "active service cutover pending" },
		{ "\"updatedReplicas\":2,\"availableReplicas\":2,\"replicas\":2,"
		  "\"currentPodHash\":\"a\",\"stableRS\":\"b\","
		  "\"blueGreen\":{\"activeSelector\":\"a\"}",
		  "{\"blueGreen\":{\"postPromotionAnalysis\":{}}}", "",
		  "Progressing", "waiting for analysis to complete" },
		{ "\"updatedReplicas\":2,\"availableReplicas\":2,\"replicas\":2,"
		  "\"currentPodHash\":\"a\",\"stableRS\":\"a\","
		  "\"blueGreen\":{\"activeSelector\":\"a\"}",
		  "{\"blueGreen\":{}}", "", "Healthy", NULL },
		{ "\"updatedReplicas\":2,\"availableReplicas\":2,\"replicas\":2,"
		  "\"currentPodHash\":\"a\",\"stableRS\":\"a\"",
		  "{\"canary\":{}}", ",\"restartAt\":\"2024-03-02T10:00:00Z\"",
		  "Progressing", "rollout is restarting" },
	};
	struct model_part	 part;
	const char		*rs = "{\"kind\":\"ReplicaSetList\","
				    "\"apiVersion\":\"apps/v1\",\"items\":[]}";
	char			*ro, *cause;
	size_t			 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ro = xasprintf("{\"kind\":\"RolloutList\","
		    "\"apiVersion\":\"argoproj.io/v1alpha1\",\"items\":[{"
		    "\"metadata\":{\"name\":\"r\",\"namespace\":\"shop\","
		    "\"generation\":2},\"spec\":{\"replicas\":2,"
		    "\"strategy\":%s%s},\"status\":{%s,"
		    "\"observedGeneration\":\"2\"}}]}", t[i].strategy,
		    t[i].spec_extra, t[i].status);
		ck_assert_int_eq(parse_two(200, ro, 200, rs, &part, &cause), 0);
		ck_assert_uint_eq(part.nrollouts, 1);
		ck_assert_msg(strcmp(part.rollouts[0].status,
		    t[i].want_status) == 0, "rule %zu: status %s", i,
		    part.rollouts[0].status);
		if (t[i].want_message == NULL)
			ck_assert_ptr_null(part.rollouts[0].message);
		else
			ck_assert_msg(part.rollouts[0].message != NULL &&
			    strcmp(part.rollouts[0].message,
			    t[i].want_message) == 0, "rule %zu: message %s", i,
			    part.rollouts[0].message ?
			    part.rollouts[0].message : "(null)");
		model_part_free(&part);
		free(ro);
	}
}
END_TEST

START_TEST(test_waiting_for_human)
{
	/* Which pauses wait for a person, and which end by themselves. */
	static const struct {
		const char	*strategy, *spec_extra, *status;
		int		 want;
	} t[] = {
		/* A pause step without a duration. */
		{ "{\"canary\":{\"steps\":[{\"setWeight\":20},{\"pause\":{}}]}}",
		  "", "\"currentStepIndex\":1,\"pauseConditions\":[{\"reason\":"
		  "\"CanaryPauseStep\",\"startTime\":\"2024-03-02T10:00:00Z\"}]",
		  1 },
		/* A timed pause ends by itself. */
		{ "{\"canary\":{\"steps\":[{\"setWeight\":20},"
		  "{\"pause\":{\"duration\":\"30s\"}}]}}",
		  "", "\"currentStepIndex\":1,\"pauseConditions\":[{\"reason\":"
		  "\"CanaryPauseStep\",\"startTime\":\"2024-03-02T10:00:00Z\"}]",
		  0 },
		{ "{\"canary\":{\"steps\":[{\"pause\":{\"duration\":30}}]}}",
		  "", "\"currentStepIndex\":0,\"controllerPause\":true,"
		  "\"pauseConditions\":[{\"reason\":\"CanaryPauseStep\"}]", 0 },
		/* Blue-green waiting for promotion, or promoting itself. */
		{ "{\"blueGreen\":{\"autoPromotionEnabled\":false}}", "",
		  "\"pauseConditions\":[{\"reason\":\"BlueGreenPause\"}]", 1 },
		{ "{\"blueGreen\":{\"autoPromotionSeconds\":60}}", "",
		  "\"pauseConditions\":[{\"reason\":\"BlueGreenPause\"}]", 0 },
		/* An inconclusive analysis, and a manual pause. */
		{ "{\"canary\":{\"steps\":[{\"setWeight\":20}]}}", "",
		  "\"currentStepIndex\":0,\"pauseConditions\":[{\"reason\":"
		  "\"InconclusiveAnalysisRun\"}]", 1 },
		{ "{\"canary\":{}}", ",\"paused\":true", "\"updatedReplicas\":2",
		  1 },
		/* Resumed, the controller not there yet: nobody to wait for. */
		{ "{\"canary\":{\"steps\":[{\"pause\":{}}]}}", "",
		  "\"currentStepIndex\":0,\"controllerPause\":true", 0 },
		/* Not paused at all. */
		{ "{\"canary\":{}}", "", "\"updatedReplicas\":0", 0 },
	};
	struct model_part	 part;
	const char		*rs = "{\"kind\":\"ReplicaSetList\","
				    "\"apiVersion\":\"apps/v1\",\"items\":[]}";
	char			*ro, *cause;
	size_t			 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ro = xasprintf("{\"kind\":\"RolloutList\","
		    "\"apiVersion\":\"argoproj.io/v1alpha1\",\"items\":[{"
		    "\"metadata\":{\"name\":\"r\",\"namespace\":\"shop\","
		    "\"generation\":2},\"spec\":{\"replicas\":2,"
		    "\"strategy\":%s%s},\"status\":{%s,"
		    "\"observedGeneration\":\"2\"}}]}", t[i].strategy,
		    t[i].spec_extra, t[i].status);
		ck_assert_int_eq(parse_two(200, ro, 200, rs, &part, &cause), 0);
		ck_assert_uint_eq(part.nrollouts, 1);
		ck_assert_msg(part.rollouts[0].waiting_for_human == (t[i].want != 0),
		    "case %zu: waiting_for_human %d (status %s)", i,
		    part.rollouts[0].waiting_for_human, part.rollouts[0].status);
		model_part_free(&part);
		free(ro);
	}
}
END_TEST

/* One rollout in a part, with a status and an optional object time. */
static void
part_one(struct model_part *p, const char *name, const char *status,
    double since_wall)
{
	struct rollout	*r;

	memset(p, 0, sizeof *p);
	r = part_add_rollout(p);
	r->source = xstrdup("k8s");
	r->namespace = xstrdup("shop");
	r->name = xstrdup(name);
	r->kind = xstrdup("Rollout");
	r->status = xstrdup(status);
	r->since_wall = since_wall;
}

START_TEST(test_since_carried)
{
	struct model		 m;
	struct model_part	 p;
	const struct rollout	*r;
	double			 t0, first, wall = now_wall();

	model_init(&m);
	model_add_source(&m, "k8s", "argo-rollouts");
	t0 = now_mono();
	part_one(&p, "checkout", "Progressing", 0);
	model_apply(&m, "k8s", &p);
	ck_assert_uint_eq(m.nrollouts, 1);
	first = m.rollouts[0].since;
	ck_assert(first >= t0 && first <= now_mono());

	/* Same status: the time it entered it is kept. */
	part_one(&p, "checkout", "Progressing", 0);
	model_apply(&m, "k8s", &p);
	ck_assert(m.rollouts[0].since == first);

	/* A new status starts a new period, even if the object has a time. */
	while (now_mono() == first)
		;
	part_one(&p, "checkout", "Paused", wall - 3600);
	model_apply(&m, "k8s", &p);
	r = &m.rollouts[0];
	ck_assert(r->since > first);
	part_one(&p, "checkout", "Paused", 0);
	model_apply(&m, "k8s", &p);
	ck_assert(m.rollouts[0].since > first);

	/* First seen: the object's own time counts (an hour ago). */
	part_one(&p, "payments", "Paused", wall - 3600);
	model_apply(&m, "k8s", &p);
	r = &m.rollouts[0];
	ck_assert_str_eq(r->name, "payments");
	ck_assert_msg(now_mono() - r->since > 3590 &&
	    now_mono() - r->since < 3610, "since %f", now_mono() - r->since);
	/* A time in the future (clock skew) is not believed. */
	part_one(&p, "search", "Degraded", wall + 3600);
	model_apply(&m, "k8s", &p);
	ck_assert(m.rollouts[0].since <= now_mono() &&
	    m.rollouts[0].since >= t0);
	model_free(&m);
}
END_TEST

START_TEST(test_image_roles_merge)
{
	struct rollout	r;

	memset(&r, 0, sizeof r);
	rollout_add_image_role(&r, "app:1", "stable");
	rollout_add_image_role(&r, "app:2", "canary");
	rollout_add_image_role(&r, "app:1", "preview, active");
	rollout_add_image_role(&r, "app:1", "stable");
	ck_assert_uint_eq(r.nimage_roles, 2);
	ck_assert_str_eq(r.image_roles[0].roles, "active, preview, stable");
	ck_assert_str_eq(r.image_roles[1].roles, "canary");
	rollout_free(&r);
}
END_TEST

static Suite *
argo_suite(void)
{
	Suite	*s = suite_create("argo-rollouts");
	TCase	*tc;

	tc = tcase_create("fixtures");
	tcase_add_loop_test(tc, test_case, 0, (int)NCASES);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_unauthorized);
	tcase_add_test(tc, test_forbidden_and_missing);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_empty_and_transport);
	tcase_add_test(tc, test_wrong_answers);
	tcase_add_test(tc, test_plan_namespace);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_test(tc, test_derived_rules);
	tcase_add_test(tc, test_waiting_for_human);
	tcase_add_test(tc, test_image_roles_merge);
	tcase_add_test(tc, test_since_carried);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(argo_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
