/*
 * fuzz_rollout.c - the read of one Rollout that every rollout action
 * parses before and after it patches (argo_write_parse), and the decisions
 * made on it: one input is the answer (an optional "@NNN" status line
 * first).  The Rollout's own namespace and name are asked for, so that
 * the parse goes past the name check.  Every action is decided on what
 * parses; each patch must be a JSON object that stays one with the
 * resourceVersion added, and the read-back check must hold for the state
 * it was made on only where nothing needs to move.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapters/argo_write.h"
#include "core/rollout_decide.h"
#include "core/util.h"
#include "fuzz.h"

static const enum rollout_verb verbs[] = {
	RV_PROMOTE, RV_PROMOTE_FULL, RV_ABORT, RV_RETRY, RV_PAUSE,
};

static void
check_patch(const struct rollout_patch *p, bool fallback, const char *rv)
{
	struct request_desc req;
	json_t *body;

	if (fallback && p->fallback == NULL)
		return;
	argo_write_patch("ns", "name", p, fallback, rv, &req);
	if (req.body == NULL || (body = json_loads(req.body, 0, NULL)) == NULL ||
	    !json_is_object(body))
		fuzz_fail("patch body is not a JSON object: %s",
		    req.body ? req.body : "(null)");
	if (rv != NULL && !json_is_string(json_object_get(json_object_get(body,
	    "metadata"), "resourceVersion")))
		fuzz_fail("patch body without its resourceVersion");
	json_decref(body);
	request_desc_free(&req);
}

static void
decide_all(const struct rollout *r)
{
	struct rollout_decision d;
	enum decide_result res;
	size_t k, i;
	char *s;

	s = rollout_decide_describe(r);
	free(s);
	s = rollout_decide_seen(r);
	free(s);
	for (k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
		res = rollout_decide(verbs[k], r, &d);
		if (res == DECIDE_OK && (d.npatches == 0 ||
		    d.npatches > ROLLOUT_MAX_PATCHES || d.after == NULL))
			fuzz_fail("decision OK with %zu patches", d.npatches);
		if (res != DECIDE_OK && (d.npatches != 0 || d.why == NULL))
			fuzz_fail("decision %d with %zu patches", res, d.npatches);
		for (i = 0; i < d.npatches; i++) {
			check_patch(&d.patches[i], false, r->live.resource_version);
			check_patch(&d.patches[i], true, r->live.resource_version);
		}
		(void)rollout_decide_verify(&d, r, r);
		rollout_decide_free(&d);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct response resp;
	struct rollout r;
	const struct source_cfg *src;
	json_t *ro;
	char *cause = NULL, *ns = NULL, *name = NULL;
	int missing = -1, rc;

	fuzz_config(&cfg);
	src = config_find_source(&cfg, "k8s");
	fuzz_split(data, size, &resp, 1);
	ro = resp.body != NULL ? json_loadb(resp.body, resp.len, 0, NULL) : NULL;
	if (json_is_string(json_object_get(json_object_get(ro, "metadata"),
	    "namespace")))
		ns = xstrdup(json_string_value(json_object_get(json_object_get(ro,
		    "metadata"), "namespace")));
	if (json_is_string(json_object_get(json_object_get(ro, "metadata"),
	    "name")))
		name = xstrdup(json_string_value(json_object_get(json_object_get(ro,
		    "metadata"), "name")));
	json_decref(ro);
	rc = argo_write_parse(src, ns ? ns : "jesse-test", name ? name :
	    "canary-demo", &resp, &r, &missing, &cause);
	if (missing != 0 && missing != 1)
		fuzz_fail("argo_write_parse: missing is %d", missing);
	if (rc != 0) {
		if (cause == NULL)
			fuzz_fail("argo_write_parse failed without a cause");
		free(cause);
	} else {
		if (cause != NULL)
			fuzz_fail("argo_write_parse succeeded with a cause");
		if (!r.live.known || r.live.step_index < 0 ||
		    r.live.step_index > r.live.nsteps)
			fuzz_fail("argo_write_parse: step %d of %d",
			    r.live.step_index, r.live.nsteps);
		decide_all(&r);
		rollout_free(&r);
	}
	if (argo_write_outcome(&resp) != WRITE_OK &&
	    argo_write_outcome(&resp) != WRITE_CONFLICT &&
	    argo_write_outcome(&resp) != WRITE_FAILED)
		fuzz_fail("argo_write_outcome");
	free(ns);
	free(name);
	fuzz_answers_free(&resp, 1);
	config_free(&cfg);
	return 0;
}
