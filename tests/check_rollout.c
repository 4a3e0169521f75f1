/*
 * check_rollout.c - rollout actions in the core library: real Rollout
 * objects (tests/fixtures/k8s, from Argo Rollouts' own test data) read as
 * a GET answer, the decision each action makes on them compared with the
 * kubectl-argo-rollouts plugin's patches (its getPatches cases: pause
 * conditions, an unpaused canary between steps, spec.paused, an
 * Inconclusive analysis, --full, blue-green), the fallback bodies for a
 * cluster without the status subresource, the PATCH requests with their
 * resourceVersion, and the read-back verification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "core/adapters/argo_write.h"
#include "core/rollout_decide.h"
#include "core/util.h"
#include "testutil.h"

static const char cfg_json[] =
    "{\"sources\": [{\"name\": \"k8s\", \"kind\": \"argo-rollouts\", "
    "\"url\": \"https://127.0.0.1:6443\", \"namespace\": \"ns\"}]}";

/*
 * Rollout number `item` of fixture DIR/rollouts.json as the answer to a
 * GET, after `edit` (a JSON object merged into it, RFC 7386, or NULL).
 */
static void
load(const char *dir, size_t item, const char *edit, struct rollout *out)
{
	struct config cfg;
	struct response resp;
	json_t *list, *ro, *patch;
	char *path = xasprintf("k8s/%s/rollouts.json", dir), *text, *cause = NULL;
	size_t len;
	int missing;

	text = fixture(path, &len);
	list = json_loadb(text, len, 0, NULL);
	ck_assert_ptr_nonnull(list);
	ro = json_array_get(json_object_get(list, "items"), item);
	ck_assert_ptr_nonnull(ro);
	if (edit != NULL) {
		const char *k1, *k2;
		json_t *v1, *v2, *into;

		patch = json_loads(edit, 0, NULL);
		ck_assert_ptr_nonnull(patch);
		/* Two levels are enough for these edits. */
		json_object_foreach(patch, k1, v1) {
			into = json_object_get(ro, k1);
			if (!json_is_object(v1) || !json_is_object(into)) {
				json_object_set(ro, k1, v1);
				continue;
			}
			json_object_foreach(v1, k2, v2) {
				if (json_is_null(v2))
					json_object_del(into, k2);
				else
					json_object_set(into, k2, v2);
			}
		}
		json_decref(patch);
	}
	free(text);
	text = json_dumps(ro, JSON_COMPACT);
	config_from(&cfg, cfg_json);
	resp.status = 200;
	resp.body = text;
	resp.len = strlen(text);
	resp.error = NULL;
	ck_assert_msg(argo_write_parse(&cfg.sources[0],
	    json_string_value(json_object_get(json_object_get(ro, "metadata"),
	    "namespace")), json_string_value(json_object_get(json_object_get(ro,
	    "metadata"), "name")), &resp, out, &missing, &cause) == 0,
	    "parse: %s", cause);
	json_decref(list);
	config_free(&cfg);
	free(text);
	free(path);
}

/* The decision's patches: "S body | fallback" for status, "O body". */
static char *
patches(const struct rollout_decision *d)
{
	char *all = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < d->npatches; i++) {
		t = xasprintf("%s%s%s %s%s%s", all, i ? "; " : "",
		    d->patches[i].to_status ? "S" : "O", d->patches[i].body,
		    d->patches[i].fallback ? " | " : "",
		    d->patches[i].fallback ? d->patches[i].fallback : "");
		free(all);
		all = t;
	}
	return all;
}

static void
decides(const char *dir, size_t item, const char *edit, enum rollout_verb v,
    enum decide_result want, const char *want_patches)
{
	struct rollout r;
	struct rollout_decision d;
	char *got;

	load(dir, item, edit, &r);
	ck_assert_int_eq(rollout_decide(v, &r, &d), want);
	got = patches(&d);
	ck_assert_str_eq(got, want_patches);
	if (want == DECIDE_OK)
		ck_assert_ptr_nonnull(d.after);
	else
		ck_assert_ptr_nonnull(d.why);
	free(got);
	rollout_decide_free(&d);
	rollout_free(&r);
}

#define UNPAUSE_CLEAR "{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null}}"

START_TEST(test_live_fields)
{
	struct rollout r;

	load("canary-paused", 0, NULL, &r);
	ck_assert(r.live.known);
	ck_assert_str_eq(r.live.resource_version, "28253567");
	ck_assert(r.live.canary && !r.live.bluegreen);
	ck_assert_int_eq(r.live.nsteps, 8);
	ck_assert_int_eq(r.live.step_index, 1);
	ck_assert_uint_eq(r.live.npause_conditions, 1);
	ck_assert(r.live.controller_pause && !r.live.spec_paused);
	ck_assert(!r.live.abort && !r.live.on_stable && !r.live.inconclusive);
	ck_assert_str_eq(r.status, "Paused");
	rollout_free(&r);
	load("healthy", 0, NULL, &r);
	ck_assert(r.live.on_stable);
	ck_assert_int_eq(r.live.step_index, 8);
	rollout_free(&r);
	load("canary-aborted", 0, NULL, &r);
	ck_assert(r.live.abort);
	rollout_free(&r);
}
END_TEST

/* getPatches, default case, one branch each. */
START_TEST(test_promote)
{
	/* Pause conditions: cleared on status; the fallback is the unified. */
	decides("canary-paused", 0, NULL, RV_PROMOTE, DECIDE_OK,
	    "S {\"status\":{\"pauseConditions\":null}} | " UNPAUSE_CLEAR);
	/* ... and spec.paused too: the spec patch after it. */
	decides("canary-paused", 0, "{\"spec\":{\"paused\":true}}", RV_PROMOTE,
	    DECIDE_OK, "S {\"status\":{\"pauseConditions\":null}} | "
	    UNPAUSE_CLEAR "; O {\"spec\":{\"paused\":false}}");
	/* Inconclusive analysis, controller pause: past the step. */
	decides("canary-paused", 0, "{\"status\":{\"canary\":{"
	    "\"currentStepAnalysisRunStatus\":{\"name\":\"a\",\"status\":"
	    "\"Inconclusive\"}}}}", RV_PROMOTE, DECIDE_OK,
	    "S {\"status\":{\"pauseConditions\":null, \"controllerPause\":false, "
	    "\"currentStepIndex\":2}} | " UNPAUSE_CLEAR);
	/* A canary between steps: the next step, the unified with it. */
	decides("canary-traffic-routing", 0, NULL, RV_PROMOTE, DECIDE_OK,
	    "S {\"status\":{\"pauseConditions\":null, \"currentStepIndex\":1}} | "
	    "{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null, "
	    "\"currentStepIndex\":1}}");
	/* Blue-green waiting for promotion. */
	decides("bluegreen-paused", 0, NULL, RV_PROMOTE, DECIDE_OK,
	    "S {\"status\":{\"pauseConditions\":null}} | " UNPAUSE_CLEAR);
	/* Past its last step but paused: the plugin's patches, index kept. */
	decides("healthy", 0, "{\"spec\":{\"paused\":true}}", RV_PROMOTE,
	    DECIDE_OK, "S {\"status\":{\"pauseConditions\":null, "
	    "\"currentStepIndex\":8}} | {\"spec\":{\"paused\":false},"
	    "\"status\":{\"pauseConditions\":null, \"currentStepIndex\":8}}; "
	    "O {\"spec\":{\"paused\":false}}");
	/* Done: the plugin would set the index it has; relboard sends nothing. */
	decides("healthy", 0, NULL, RV_PROMOTE, DECIDE_NOTHING, "");
	/* Aborted: retry first. */
	decides("canary-aborted", 0, NULL, RV_PROMOTE, DECIDE_REFUSED, "");
}
END_TEST

START_TEST(test_promote_full)
{
	decides("canary-paused", 0, NULL, RV_PROMOTE_FULL, DECIDE_OK,
	    "S {\"status\":{\"promoteFull\":true}} | {\"spec\":{\"paused\":false},"
	    "\"status\":{\"promoteFull\":true}}");
	decides("canary-paused", 0, "{\"spec\":{\"paused\":true}}",
	    RV_PROMOTE_FULL, DECIDE_OK, "S {\"status\":{\"promoteFull\":true}} | "
	    "{\"spec\":{\"paused\":false},\"status\":{\"promoteFull\":true}}; "
	    "O {\"spec\":{\"paused\":false}}");
	/* On its stable version and paused: only the unpause. */
	decides("healthy", 0, "{\"spec\":{\"paused\":true}}", RV_PROMOTE_FULL,
	    DECIDE_OK, "O {\"spec\":{\"paused\":false}}");
	decides("healthy", 0, NULL, RV_PROMOTE_FULL, DECIDE_NOTHING, "");
}
END_TEST

START_TEST(test_abort_retry_pause)
{
	decides("canary-paused", 0, NULL, RV_ABORT, DECIDE_OK,
	    "S {\"status\":{\"abort\":true}} | {\"status\":{\"abort\":true}}");
	decides("canary-aborted", 0, NULL, RV_ABORT, DECIDE_NOTHING, "");
	decides("canary-aborted", 0, NULL, RV_RETRY, DECIDE_OK,
	    "S {\"status\":{\"abort\":false}} | {\"status\":{\"abort\":false}}");
	decides("canary-paused", 0, NULL, RV_RETRY, DECIDE_REFUSED, "");
	decides("canary-paused", 0, NULL, RV_PAUSE, DECIDE_OK,
	    "O {\"spec\":{\"paused\":true}}");
	decides("canary-paused", 0, "{\"spec\":{\"paused\":true}}", RV_PAUSE,
	    DECIDE_NOTHING, "");
}
END_TEST

START_TEST(test_verbs_and_guards)
{
	struct rollout r;
	struct rollout_decision d;
	enum rollout_verb v;

	ck_assert_int_eq(rollout_decide_verb("promote", true, &v), 0);
	ck_assert_int_eq(v, RV_PROMOTE_FULL);
	ck_assert_int_eq(rollout_decide_verb("abort", true, &v), -1);
	ck_assert_int_eq(rollout_decide_verb("resume", false, &v), -1);
	ck_assert_str_eq(rollout_decide_verb_name(RV_PROMOTE_FULL),
	    "promote --full");
	load("canary-paused", 0, NULL, &r);
	rollout_decide(RV_PROMOTE, &r, &d);
	ck_assert(d.guarded);
	rollout_decide_free(&d);
	rollout_decide(RV_ABORT, &r, &d);
	ck_assert(!d.guarded);
	ck_assert_str_eq(d.before, "Paused (CanaryPauseStep), step 1/8");
	rollout_decide_free(&d);
	/* A Deployment row has no Rollout to act on. */
	r.live.known = false;
	ck_assert_int_eq(rollout_decide(RV_PAUSE, &r, &d), DECIDE_USAGE);
	rollout_decide_free(&d);
	rollout_free(&r);
}
END_TEST

START_TEST(test_patch_requests)
{
	struct rollout r;
	struct rollout_decision d;
	struct request_desc req;
	json_t *body;

	load("canary-paused", 0, "{\"spec\":{\"paused\":true}}", &r);
	ck_assert_int_eq(rollout_decide(RV_PROMOTE, &r, &d), DECIDE_OK);
	argo_write_patch("ns", "canary-demo", &d.patches[0], false, "28253567",
	    &req);
	ck_assert_str_eq(req.method, "PATCH");
	ck_assert_str_eq(req.path, "/apis/argoproj.io/v1alpha1/namespaces/ns/"
	    "rollouts/canary-demo/status");
	ck_assert_str_eq(req.content_type, "application/merge-patch+json");
	body = json_loads(req.body, 0, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(body,
	    "metadata"), "resourceVersion")), "28253567");
	ck_assert(json_is_null(json_object_get(json_object_get(body, "status"),
	    "pauseConditions")));
	json_decref(body);
	request_desc_free(&req);
	/* The fallback goes to the Rollout itself. */
	argo_write_patch("ns", "canary-demo", &d.patches[0], true, "1", &req);
	ck_assert_str_eq(req.path, "/apis/argoproj.io/v1alpha1/namespaces/ns/"
	    "rollouts/canary-demo");
	ck_assert_str_eq(req.body, "{\"spec\":{\"paused\":false},\"status\":"
	    "{\"pauseConditions\":null},\"metadata\":{\"resourceVersion\":\"1\"}}");
	request_desc_free(&req);
	argo_write_patch("ns", "canary-demo", &d.patches[1], false, "2", &req);
	ck_assert_str_eq(req.path, "/apis/argoproj.io/v1alpha1/namespaces/ns/"
	    "rollouts/canary-demo");
	request_desc_free(&req);
	argo_write_read("ns", "canary-demo", &req);
	ck_assert_str_eq(req.method, "GET");
	ck_assert_ptr_null(req.body);
	request_desc_free(&req);
	rollout_decide_free(&d);
	rollout_free(&r);
}
END_TEST

START_TEST(test_outcome_and_errors)
{
	struct config cfg;
	struct response resp = { 409, "{}", 2, NULL, 0 };
	struct rollout r;
	char *cause = NULL;
	int missing = 0;

	ck_assert_int_eq(argo_write_outcome(&resp), WRITE_CONFLICT);
	resp.status = 200;
	ck_assert_int_eq(argo_write_outcome(&resp), WRITE_OK);
	resp.status = 422;
	ck_assert_int_eq(argo_write_outcome(&resp), WRITE_FAILED);
	config_from(&cfg, cfg_json);
	response_from(&resp, "k8s/errors/404.json", 404);
	ck_assert_int_eq(argo_write_parse(&cfg.sources[0], "ns", "x", &resp, &r,
	    &missing, &cause), -1);
	ck_assert_int_eq(missing, 1);
	ck_assert_str_eq(cause, "no rollout ns/x in source k8s");
	free(cause);
	response_release(&resp);
	/* A list is no Rollout; nor is another Rollout. */
	response_from(&resp, "k8s/canary-paused/rollouts.json", 200);
	ck_assert_int_eq(argo_write_parse(&cfg.sources[0], "ns", "canary-demo",
	    &resp, &r, &missing, &cause), -1);
	ck_assert_int_eq(missing, 0);
	ck_assert_ptr_nonnull(strstr(cause, "is not that Rollout"));
	free(cause);
	response_release(&resp);
	config_free(&cfg);
}
END_TEST

/* The read-back: did the state move the way the decision meant? */
START_TEST(test_verify)
{
	struct rollout before, after;
	struct rollout_decision d;

	load("canary-paused", 0, NULL, &before);
	rollout_decide(RV_PROMOTE, &before, &d);
	/* Unchanged: not verified. */
	load("canary-paused", 0, NULL, &after);
	ck_assert(!rollout_decide_verify(&d, &before, &after));
	rollout_free(&after);
	/* The pause conditions gone: verified. */
	load("canary-paused", 0, "{\"status\":{\"pauseConditions\":null}}", &after);
	ck_assert(rollout_decide_verify(&d, &before, &after));
	rollout_free(&after);
	/* The controller already moved on (and paused at the next step). */
	load("canary-paused", 0, "{\"status\":{\"currentStepIndex\":3}}", &after);
	ck_assert(rollout_decide_verify(&d, &before, &after));
	rollout_free(&after);
	rollout_decide_free(&d);

	rollout_decide(RV_ABORT, &before, &d);
	load("canary-aborted", 0, NULL, &after);
	ck_assert(rollout_decide_verify(&d, &before, &after));
	rollout_free(&after);
	ck_assert(!rollout_decide_verify(&d, &before, &before));
	rollout_decide_free(&d);

	rollout_decide(RV_PAUSE, &before, &d);
	load("canary-paused", 0, "{\"spec\":{\"paused\":true}}", &after);
	ck_assert(rollout_decide_verify(&d, &before, &after));
	rollout_free(&after);
	rollout_decide_free(&d);

	rollout_decide(RV_PROMOTE_FULL, &before, &d);
	load("healthy", 0, NULL, &after);
	ck_assert(rollout_decide_verify(&d, &before, &after));
	rollout_free(&after);
	ck_assert(!rollout_decide_verify(&d, &before, &before));
	rollout_decide_free(&d);
	rollout_free(&before);
}
END_TEST

static Suite *
rollout_suite(void)
{
	Suite *s = suite_create("rollout actions");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_live_fields);
	tcase_add_test(tc, test_promote);
	tcase_add_test(tc, test_promote_full);
	tcase_add_test(tc, test_abort_retry_pause);
	tcase_add_test(tc, test_verbs_and_guards);
	tcase_add_test(tc, test_patch_requests);
	tcase_add_test(tc, test_outcome_and_errors);
	tcase_add_test(tc, test_verify);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(rollout_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
