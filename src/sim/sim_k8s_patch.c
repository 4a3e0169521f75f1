/*
 * sim_k8s_patch.c - merge patches of Argo Rollouts, as the API server and
 * the Rollouts controller take them: PATCH of a Rollout (spec only; the
 * CRD has a status subresource) or of its /status (status only), with
 * Content-Type application/merge-patch+json, refused with 409 when
 * metadata.resourceVersion is not the object's.  Then the controller's
 * part: pauseConditions cleared moves past the pause, currentStepIndex
 * jumps to a step, promoteFull finishes the update, abort sends traffic
 * back to stable and retry (abort false) starts the steps again,
 * spec.paused holds the rollout where it is.  Each patch received can be
 * logged (--patch-log) as a JSON line, for tests to compare with what the
 * kubectl-argo-rollouts plugin sends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "sim/sim_int.h"

#define MERGE_PATCH	"application/merge-patch+json"
#define NAMESPACE	"shop"

/* The weight of the last setWeight step before `step`. */
static int
weight_before(const struct sim_rollout *r, int step)
{
	int i, v, w = 0;

	for (i = 0; i < step; i++) {
		if ((v = scenario_step_weight(r, i)) > 0)
			w = v;
	}
	return w;
}

int
sim_act_state(const struct sim_rollout *r, int n, double t,
    struct sim_rollout_state *st)
{
	const struct sim_rollout_act *a = &r->act;
	double since = a->since, tc = t - a->since, d;
	int i = a->step, v, w;

	if (!a->active)
		return 0;
	st->revision = a->revision;
	st->rev_started = a->rev_started;
	st->spec_paused = a->spec_paused;
	st->step_started = since;
	if (a->abort) {
		st->aborted = 1;
		st->step = 0;
		return 1;
	}
	w = weight_before(r, i);
	if (r->kind == RK_BLUEGREEN_PAUSED && a->held && !a->promote_full) {
		st->paused = 1;
		st->canary_replicas = st->canary_available = r->replicas;
		return 1;
	}
	if (!a->promote_full && r->kind != RK_BLUEGREEN_PAUSED) {
		while (i < n) {
			v = scenario_step_weight(r, i);
			if (v > 0)
				w = v;
			if (a->spec_paused || (v == 0 && (i != a->step ||
			    a->held))) {
				st->paused = v == 0 || (v < 0 && tc < -v);
				break;
			}
			d = v > 0 ? SETWEIGHT_S : -v;
			if (tc < d) {
				st->paused = v < 0;
				break;
			}
			tc -= d;
			since += d;
			i++;
		}
	} else
		i = n;
	st->step = i;
	st->step_started = since;
	if (i >= n) {
		st->done = 1;
		st->paused = 0;
		w = 100;
	}
	st->weight = w;
	if (!st->done) {
		st->canary_replicas = (r->replicas * w + 99) / 100;
		st->canary_available = st->canary_replicas;
		if (!r->traffic_routing)
			st->stable_replicas = r->replicas - st->canary_replicas;
	}
	return 1;
}

/* Take over the rollout from its script (or settle it) at time t. */
static void
settle(struct sim_rollout *r, double t)
{
	struct sim_rollout_state st;
	int v;

	scenario_rollout_state(r, t, &st);
	v = scenario_step_weight(r, st.step);
	r->act.held = st.paused && (r->kind == RK_BLUEGREEN_PAUSED ||
	    (st.step < st.nsteps && v == 0));
	if (!r->act.active) {
		r->act.revision = st.revision;
		r->act.rev_started = st.rev_started;
		r->act.abort = st.aborted;
		r->act.active = 1;
	}
	r->act.step = st.step;
	r->act.since = st.step_started;
	if (st.done)
		r->act.promote_full = 0;
}

/* The controller's answer to a status patch. */
static void
apply_status(struct sim_rollout *r, json_t *status, double t, int nsteps)
{
	json_t *pc = json_object_get(status, "pauseConditions");
	json_t *idx = json_object_get(status, "currentStepIndex");
	json_t *abort = json_object_get(status, "abort");

	if (json_is_integer(idx)) {
		r->act.step = (int)json_integer_value(idx);
		if (r->act.step < 0)
			r->act.step = 0;
		if (r->act.step > nsteps)
			r->act.step = nsteps;
		r->act.since = t;
		r->act.held = 0;
	} else if (pc != NULL && json_is_null(pc) && r->act.held) {
		/* The pause is over: on to the next step. */
		r->act.held = 0;
		if (r->kind == RK_BLUEGREEN_PAUSED)
			r->act.promote_full = 1;
		else if (r->act.step < nsteps)
			r->act.step++;
		r->act.since = t;
	}
	if (json_is_true(json_object_get(status, "promoteFull")))
		r->act.promote_full = 1;
	if (json_is_true(abort) && !r->act.abort) {
		r->act.abort = 1;
		r->act.aborted_by_patch = 1;
		r->act.since = t;
	} else if (json_is_false(abort) && r->act.abort) {
		/* Retry: the update starts over from the first step. */
		r->act.abort = 0;
		r->act.step = 0;
		r->act.held = 0;
		r->act.since = t;
	}
}

static void
apply_spec(struct sim_rollout *r, json_t *spec, double t)
{
	json_t *paused = json_object_get(spec, "paused");

	if (json_is_true(paused))
		r->act.spec_paused = 1;
	else if ((json_is_false(paused) || json_is_null(paused)) &&
	    r->act.spec_paused) {
		r->act.spec_paused = 0;
		r->act.since = t;
	}
}

static void
log_patch(const struct sim_scenario *sc, const struct sim_request *rq,
    json_t *body)
{
	json_t *e;
	FILE *f;

	if (sc->patch_log == NULL || (f = fopen(sc->patch_log, "a")) == NULL)
		return;
	e = json_pack("{s:s, s:s, s:s?, s:O}", "method", "PATCH", "path",
	    rq->path, "content_type", rq->ctype, "body", body);
	json_dumpf(e, f, JSON_COMPACT);
	fputc('\n', f);
	fclose(f);
	json_decref(e);
}

static struct sim_rollout *
find_rollout(struct sim_scenario *sc, const char *name)
{
	size_t i;

	for (i = 0; i < sc->nrollouts; i++) {
		if (strcmp(sc->rollouts[i].name, name) == 0)
			return &sc->rollouts[i];
	}
	return NULL;
}

int
k8s_patch_handle(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	char ns[128], name[128], sub[32] = "", *m;
	struct sim_rollout *ro;
	struct sim_rollout_state st;
	json_t *body, *cur, *rv;
	const char *want;
	double t = scenario_time(sc, rq->wall);
	int n, to_status;

	n = sscanf(rq->path, "/apis/argoproj.io/v1alpha1/namespaces/%127[^/]/"
	    "rollouts/%127[^/]/%31s", ns, name, sub);
	if (n < 2 || (n == 3 && strcmp(sub, "status") != 0))
		return 0;
	to_status = n == 3;
	if (rq->ctype == NULL || strncmp(rq->ctype, MERGE_PATCH,
	    strlen(MERGE_PATCH)) != 0) {
		k8s_status(r, 415, "UnsupportedMediaType", "the body of the "
		    "request was in an unknown format - accepted media types "
		    "include: application/json-patch+json, application/merge-"
		    "patch+json, application/apply-patch+yaml", NULL);
		return 1;
	}
	ro = strcmp(ns, NAMESPACE) == 0 ? find_rollout(sc, name) : NULL;
	if (ro == NULL) {
		m = xasprintf("rollouts.argoproj.io \"%s\" not found", name);
		k8s_status(r, 404, "NotFound", m, json_pack("{s:s, s:s, s:s}",
		    "name", name, "group", "argoproj.io", "kind", "rollouts"));
		free(m);
		return 1;
	}
	body = json_loadb(rq->body ? rq->body : "", rq->bodylen, 0, NULL);
	if (!json_is_object(body)) {
		json_decref(body);
		k8s_status(r, 400, "BadRequest", "error decoding patch: the "
		    "body is not a JSON object", NULL);
		return 1;
	}
	log_patch(sc, rq, body);
	/* Compare-and-set: the resourceVersion the patch was made against. */
	rv = json_object_get(json_object_get(body, "metadata"),
	    "resourceVersion");
	cur = k8s_rollout_json(sc, rq->wall, ro);
	want = json_string_value(json_object_get(json_object_get(cur,
	    "metadata"), "resourceVersion"));
	if (rv != NULL && (!json_is_string(rv) || want == NULL ||
	    strcmp(json_string_value(rv), want) != 0)) {
		m = xasprintf("Operation cannot be fulfilled on rollouts.argoproj.io"
		    " \"%s\": the object has been modified; please apply your "
		    "changes to the latest version and try again", name);
		k8s_status(r, 409, "Conflict", m, json_pack("{s:s, s:s, s:s}",
		    "name", name, "group", "argoproj.io", "kind", "rollouts"));
		free(m);
		json_decref(cur);
		json_decref(body);
		return 1;
	}
	json_decref(cur);
	settle(ro, t);
	scenario_rollout_state(ro, t, &st);
	/* The status subresource takes status only; the object, spec only. */
	if (to_status)
		apply_status(ro, json_object_get(body, "status"), t, st.nsteps);
	else
		apply_spec(ro, json_object_get(body, "spec"), t);
	ro->act.writes++;
	sc->version++;
	json_decref(body);
	reply_json(r, 200, k8s_rollout_json(sc, rq->wall, ro));
	r->ctype = "application/json";
	return 1;
}
