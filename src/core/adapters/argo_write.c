/*
 * argo_write.c - the argo-rollouts adapter's side of rollout actions: the
 * GET of one Rollout, its parse (through the poll's own parser, so a
 * read-back says exactly what the Rollouts pane would), and each merge
 * patch of a decision as a PATCH request with the resourceVersion it was
 * decided on, to the Rollout or its status subresource.  Pure: no I/O.
 */
#include <stdlib.h>
#include <string.h>

#include "core/adapters/argo_write.h"
#include "core/flag_state.h"
#include "core/sanitize.h"
#include "core/util.h"

#define ROLLOUTS_API	"/apis/argoproj.io/v1alpha1/namespaces/"

static json_t *
jpath(json_t *o, const char *a, const char *b, const char *c)
{
	o = json_object_get(o, a);
	if (b != NULL)
		o = json_object_get(o, b);
	if (c != NULL)
		o = json_object_get(o, c);
	return o;
}

static const char *
jtext(json_t *o, const char *a, const char *b)
{
	return json_string_value(jpath(o, a, b, NULL));
}

void
argo_write_live(json_t *ro, struct rollout_live *l)
{
	json_t *steps = jpath(ro, "spec", "strategy", "canary");
	json_t *idx = jpath(ro, "status", "currentStepIndex", NULL);
	const char *hash = jtext(ro, "status", "currentPodHash");
	const char *stable = jtext(ro, "status", "stableRS");
	const char *ar;

	memset(l, 0, sizeof *l);
	l->known = true;
	if (jtext(ro, "metadata", "resourceVersion") != NULL)
		l->resource_version = sanitize_dup(jtext(ro, "metadata",
		    "resourceVersion"));
	l->canary = json_is_object(steps);
	l->bluegreen = json_is_object(jpath(ro, "spec", "strategy",
	    "blueGreen"));
	steps = json_object_get(steps, "steps");
	l->nsteps = json_is_array(steps) ? (int)json_array_size(steps) : 0;
	if (json_is_integer(idx) && json_integer_value(idx) >= 0 &&
	    json_integer_value(idx) <= l->nsteps)
		l->step_index = (int)json_integer_value(idx);
	l->spec_paused = json_is_true(jpath(ro, "spec", "paused", NULL));
	l->npause_conditions = json_array_size(jpath(ro, "status",
	    "pauseConditions", NULL));
	l->controller_pause = json_is_true(jpath(ro, "status",
	    "controllerPause", NULL));
	l->abort = json_is_true(jpath(ro, "status", "abort", NULL));
	l->promote_full = json_is_true(jpath(ro, "status", "promoteFull",
	    NULL));
	ar = json_string_value(jpath(ro, "status", "canary",
	    "currentStepAnalysisRunStatus") != NULL ? json_object_get(jpath(ro,
	    "status", "canary", "currentStepAnalysisRunStatus"), "status") :
	    NULL);
	l->inconclusive = l->canary && ar != NULL &&
	    strcmp(ar, "Inconclusive") == 0;
	/* Go compares the strings; absent is "" on both sides. */
	l->on_stable = strcmp(hash ? hash : "", stable ? stable : "") == 0;
}

static char *
rollout_path(const char *ns, const char *name, bool status)
{
	char *ens = url_escape(ns), *ename = url_escape(name), *p;

	p = xasprintf(ROLLOUTS_API "%s/rollouts/%s%s", ens, ename,
	    status ? "/status" : "");
	free(ens);
	free(ename);
	return p;
}

void
argo_write_read(const char *ns, const char *name, struct request_desc *req)
{
	memset(req, 0, sizeof *req);
	req->method = xstrdup("GET");
	req->path = rollout_path(ns, name, false);
}

int
argo_write_parse(const struct source_cfg *src, const char *ns,
    const char *name, const struct response *resp, struct rollout *out,
    int *missing, char **cause)
{
	const struct adapter_entry *ad = adapter_find("argo-rollouts");
	struct source_cfg one = *src;
	struct poll_ctx ctx = { &one, NULL, 0 };
	struct response lists[2];
	struct model_part part;
	json_t *ro, *kind, *list;
	char *err, *text, *rsl;
	int rc;

	memset(out, 0, sizeof *out);
	*missing = 0;
	if (resp->status == 404) {
		*missing = 1;
		*cause = xasprintf("no rollout %s/%s in source %s", ns, name,
		    src->name);
		return -1;
	}
	if (resp->status < 200 || resp->status > 299) {
		err = response_error(resp);
		*cause = xasprintf("cannot read rollout %s/%s: %s", ns, name, err);
		free(err);
		return -1;
	}
	ro = json_loadb(resp->body ? resp->body : "", resp->len, 0, NULL);
	kind = json_object_get(ro, "kind");
	if (!json_is_object(ro) || !json_is_string(kind) ||
	    strcmp(json_string_value(kind), "Rollout") != 0 ||
	    !json_is_string(jpath(ro, "metadata", "name", NULL)) ||
	    strcmp(jtext(ro, "metadata", "name"), name) != 0) {
		json_decref(ro);
		*cause = xasprintf("the answer for rollout %s/%s is not that "
		    "Rollout", ns, name);
		return -1;
	}
	/* The poll's parser, on a list of this one object. */
	one.namespace = (char *)ns;
	one.deployments = false;
	list = json_pack("{s:s, s:s, s:[O]}", "kind", "RolloutList",
	    "apiVersion", "argoproj.io/v1alpha1", "items", ro);
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	rsl = xstrdup("{\"kind\":\"ReplicaSetList\",\"apiVersion\":\"apps/v1\","
	    "\"items\":[]}");
	lists[0] = (struct response){ 200, text, strlen(text), NULL, 0 };
	lists[1] = (struct response){ 200, rsl, strlen(rsl), NULL, 0 };
	memset(&part, 0, sizeof part);
	rc = ad->parse(&ctx, lists, 2, &part, cause);
	if (rc == 0 && part.nrollouts == 1) {
		*out = part.rollouts[0];
		part.nrollouts = 0;
	} else if (rc == 0) {
		*cause = xasprintf("the answer for rollout %s/%s holds no "
		    "Rollout", ns, name);
		rc = -1;
	}
	model_part_free(&part);
	json_decref(ro);
	free(text);
	free(rsl);
	return rc;
}

void
argo_write_patch(const char *ns, const char *name, const struct rollout_patch *p,
    bool fallback, const char *rv, struct request_desc *req)
{
	json_t *body = json_loads(fallback ? p->fallback : p->body, 0, NULL);

	memset(req, 0, sizeof *req);
	req->method = xstrdup("PATCH");
	req->path = rollout_path(ns, name, p->to_status && !fallback);
	req->content_type = xstrdup(ARGO_PATCH_CTYPE);
	if (rv != NULL)
		json_object_set_new(body, "metadata", json_pack("{s:s}",
		    "resourceVersion", rv));
	req->body = json_dumps(body, JSON_COMPACT);
	json_decref(body);
}

int
argo_write_outcome(const struct response *r)
{
	if (r->status >= 200 && r->status <= 299)
		return WRITE_OK;
	if (r->status == 409)
		return WRITE_CONFLICT;
	return WRITE_FAILED;
}
