/*
 * rollout_decide.c - what a rollout action would do, worked out the way
 * the kubectl-argo-rollouts plugin works it out (cmd/promote, abort,
 * retry, pause): the same merge patches, to the same object.  Promote
 * clears the pause conditions, or moves past the current step, on the
 * status subresource and unpauses the spec; --full sets status.promoteFull;
 * abort sets status.abort and retry clears it; pause sets spec.paused.
 * One table of deciders; the action run and the confirmation both call
 * rollout_decide().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rollout_decide.h"
#include "core/util.h"

/* The plugin's patches, word for word. */
#define P_UNPAUSE		"{\"spec\":{\"paused\":false}}"
#define P_CLEAR_PAUSE		"{\"status\":{\"pauseConditions\":null}}"
#define P_CLEAR_CTRL_PAUSE	"{\"status\":{\"pauseConditions\":null, " \
				"\"controllerPause\":false, \"currentStepIndex\":%d}}"
#define P_UNPAUSE_CLEAR		"{\"spec\":{\"paused\":false},\"status\":" \
				"{\"pauseConditions\":null}}"
#define P_PROMOTE_FULL		"{\"status\":{\"promoteFull\":true}}"
#define P_CLEAR_STEP		"{\"status\":{\"pauseConditions\":null, " \
				"\"currentStepIndex\":%d}}"
#define P_UNPAUSE_CLEAR_STEP	"{\"spec\":{\"paused\":false},\"status\":" \
				"{\"pauseConditions\":null, \"currentStepIndex\":%d}}"
#define P_UNPAUSE_FULL		"{\"spec\":{\"paused\":false},\"status\":" \
				"{\"promoteFull\":true}}"
#define P_ABORT			"{\"status\":{\"abort\":true}}"
#define P_RETRY			"{\"status\":{\"abort\":false}}"
#define P_PAUSE			"{\"spec\":{\"paused\":true}}"

struct rollout_decider {
	const char	*name;
	enum rollout_verb verb;
	bool		 guarded;
	enum decide_result (*decide)(const struct rollout *,
			    struct rollout_decision *);
};

static void
add_patch(struct rollout_decision *d, bool to_status, char *body,
    char *fallback)
{
	struct rollout_patch *p = &d->patches[d->npatches++];

	p->to_status = to_status;
	p->body = body;
	p->fallback = fallback;
}

/* The step after the current one, capped at the step count (the plugin's). */
static int
next_step(const struct rollout_live *l)
{
	return l->step_index < l->nsteps ? l->step_index + 1 : l->step_index;
}

static enum decide_result
decide_promote(const struct rollout *r, struct rollout_decision *d)
{
	const struct rollout_live *l = &r->live;
	char *status = NULL, *unified = xstrdup(P_UNPAUSE_CLEAR);

	if (l->abort) {
		free(unified);
		d->why = xstrdup("it is aborted: retry it first");
		return DECIDE_REFUSED;
	}
	if (l->inconclusive && l->npause_conditions > 0 &&
	    l->controller_pause) {
		if (l->canary && l->nsteps > 0) {
			d->step_to = next_step(l);
			status = xasprintf(P_CLEAR_CTRL_PAUSE, d->step_to);
		}
	} else if (l->npause_conditions > 0)
		status = xstrdup(P_CLEAR_PAUSE);
	else if (l->canary && l->nsteps > 0 && (l->step_index < l->nsteps ||
	    l->spec_paused)) {
		/*
		 * Not paused by the controller: move past the current step
		 * (the last stays the last).  With nothing else to send, a
		 * rollout past its last step is left alone.
		 */
		d->step_to = next_step(l);
		status = xasprintf(P_CLEAR_STEP, d->step_to);
		free(unified);
		unified = xasprintf(P_UNPAUSE_CLEAR_STEP, d->step_to);
	}
	if (status != NULL)
		add_patch(d, true, status, unified);
	else
		free(unified);
	if (l->spec_paused)
		add_patch(d, false, xstrdup(P_UNPAUSE), NULL);
	if (d->npatches == 0) {
		d->why = xasprintf("it is %s with nothing to promote past; "
		    "nothing to change", d->before);
		return DECIDE_NOTHING;
	}
	d->after = d->step_to >= 0 ? xasprintf("promoted to step %d/%d",
	    d->step_to, l->nsteps) : xstrdup("promoted: the pause lifted");
	return DECIDE_OK;
}

static enum decide_result
decide_promote_full(const struct rollout *r, struct rollout_decision *d)
{
	const struct rollout_live *l = &r->live;

	if (l->abort) {
		d->why = xstrdup("it is aborted: retry it first");
		return DECIDE_REFUSED;
	}
	if (!l->on_stable)
		add_patch(d, true, xstrdup(P_PROMOTE_FULL),
		    xstrdup(P_UNPAUSE_FULL));
	if (l->spec_paused)
		add_patch(d, false, xstrdup(P_UNPAUSE), NULL);
	if (d->npatches == 0) {
		d->why = xasprintf("it is %s, on its stable version; nothing to "
		    "change", d->before);
		return DECIDE_NOTHING;
	}
	d->after = xstrdup("fully promoted: steps, pauses and analysis "
	    "skipped");
	return DECIDE_OK;
}

static enum decide_result
decide_abort(const struct rollout *r, struct rollout_decision *d)
{
	if (r->live.abort) {
		d->why = xasprintf("it is already aborted (%s); nothing to "
		    "change", d->before);
		return DECIDE_NOTHING;
	}
	add_patch(d, true, xstrdup(P_ABORT), xstrdup(P_ABORT));
	d->after = xstrdup("aborted: all traffic back on the stable version");
	return DECIDE_OK;
}

static enum decide_result
decide_retry(const struct rollout *r, struct rollout_decision *d)
{
	if (!r->live.abort) {
		d->why = xasprintf("it is not aborted (it is %s)", d->before);
		return DECIDE_REFUSED;
	}
	add_patch(d, true, xstrdup(P_RETRY), xstrdup(P_RETRY));
	d->after = xstrdup("retried: the update starts again");
	return DECIDE_OK;
}

static enum decide_result
decide_pause(const struct rollout *r, struct rollout_decision *d)
{
	if (r->live.spec_paused) {
		d->why = xasprintf("it is already paused (%s); nothing to "
		    "change", d->before);
		return DECIDE_NOTHING;
	}
	add_patch(d, false, xstrdup(P_PAUSE), NULL);
	d->after = xstrdup("paused (spec.paused)");
	return DECIDE_OK;
}

static const struct rollout_decider deciders[] = {
	{ "promote", RV_PROMOTE, true, decide_promote },
	{ "promote --full", RV_PROMOTE_FULL, true, decide_promote_full },
	{ "abort", RV_ABORT, false, decide_abort },
	{ "retry", RV_RETRY, true, decide_retry },
	{ "pause", RV_PAUSE, false, decide_pause },
};
#define NDECIDERS (sizeof deciders / sizeof deciders[0])

int
rollout_decide_verb(const char *name, bool full, enum rollout_verb *v)
{
	if (name == NULL)
		return -1;
	if (strcmp(name, "promote") == 0) {
		*v = full ? RV_PROMOTE_FULL : RV_PROMOTE;
		return 0;
	}
	if (full)
		return -1;
	if (strcmp(name, "abort") == 0)
		*v = RV_ABORT;
	else if (strcmp(name, "retry") == 0)
		*v = RV_RETRY;
	else if (strcmp(name, "pause") == 0)
		*v = RV_PAUSE;
	else
		return -1;
	return 0;
}

const char *
rollout_decide_verb_name(enum rollout_verb v)
{
	size_t i;

	for (i = 0; i < NDECIDERS; i++) {
		if (deciders[i].verb == v)
			return deciders[i].name;
	}
	return "?";
}

char *
rollout_decide_describe(const struct rollout *r)
{
	char step[48] = "";

	if (r->step_index != RB_UNKNOWN_INT && r->step_count > 0)
		snprintf(step, sizeof step, ", step %d/%d", r->step_index,
		    r->step_count);
	return xasprintf("%s%s%s%s%s%s", r->status ? r->status : "unknown",
	    r->message ? " (" : "", r->message ? r->message : "",
	    r->message ? ")" : "", r->live.spec_paused ? ", paused by spec" : "",
	    step);
}

char *
rollout_decide_seen(const struct rollout *r)
{
	return xasprintf("%s step %d%s%s%s", r->status ? r->status : "?",
	    r->live.step_index, r->live.spec_paused ? " paused" : "",
	    r->live.npause_conditions > 0 ? " pause-condition" : "",
	    r->live.abort ? " aborted" : "");
}

enum decide_result
rollout_decide(enum rollout_verb v, const struct rollout *r,
    struct rollout_decision *d)
{
	size_t i;

	memset(d, 0, sizeof *d);
	d->verb = v;
	d->step_to = -1;
	d->before = rollout_decide_describe(r);
	for (i = 0; i < NDECIDERS; i++) {
		if (deciders[i].verb == v)
			break;
	}
	if (i == NDECIDERS) {
		d->why = xstrdup("unknown rollout action");
		return d->result = DECIDE_USAGE;
	}
	if (!r->live.known) {
		d->why = xasprintf("%s/%s is a %s, not an Argo Rollout",
		    r->namespace, r->name, r->kind ? r->kind : "workload");
		return d->result = DECIDE_USAGE;
	}
	d->guarded = deciders[i].guarded;
	return d->result = deciders[i].decide(r, d);
}

void
rollout_decide_free(struct rollout_decision *d)
{
	size_t i;

	for (i = 0; i < d->npatches; i++) {
		free(d->patches[i].body);
		free(d->patches[i].fallback);
	}
	free(d->why);
	free(d->before);
	free(d->after);
	memset(d, 0, sizeof *d);
}

static bool
is_healthy(const struct rollout *r)
{
	return r->status != NULL && strcmp(r->status, "Healthy") == 0;
}

bool
rollout_decide_verify(const struct rollout_decision *d,
    const struct rollout *before, const struct rollout *after)
{
	const struct rollout_live *b = &before->live, *a = &after->live;
	bool unpaused = !b->spec_paused || !a->spec_paused;

	if (!a->known)
		return false;
	switch (d->verb) {
	case RV_ABORT:
		return a->abort;
	case RV_RETRY:
		return !a->abort;
	case RV_PAUSE:
		return a->spec_paused;
	case RV_PROMOTE_FULL:
		return unpaused && (b->on_stable || a->promote_full ||
		    a->on_stable);
	case RV_PROMOTE:
		if (!unpaused)
			return false;
		if (d->step_to >= 0)
			return a->step_index >= d->step_to || is_healthy(after);
		if (b->npause_conditions > 0)
			return a->npause_conditions == 0 ||
			    a->step_index > b->step_index || is_healthy(after);
		return true;
	}
	return false;
}
