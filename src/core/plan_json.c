/*
 * plan_json.c - status --json's "plans": each plan of the plans folder,
 * the step it is at, the next stage and when, and what holds it up.
 */
#include <stdlib.h>

#include "core/plan.h"
#include "core/sanitize.h"
#include "core/util.h"

static json_t *
time_or_null(double t)
{
	char buf[32];

	if (t <= 0)
		return json_null();
	format_rfc3339(t, buf, sizeof buf);
	return json_string(buf);
}

static json_t *
plan_json(const struct config *cfg, const struct model *m,
    const struct plan_file *pf, json_t *journal, double now)
{
	const struct plan *p = &pf->plan;
	const char *blocked;
	struct plan_pos pos;
	struct plan_next nx;
	json_t *o = json_object();

	json_object_set_new(o, "name", json_text(p->name));
	json_object_set_new(o, "file", json_text(p->path));
	json_object_set_new(o, "flag", json_text(p->flag));
	json_object_set_new(o, "environment", json_text(p->env));
	json_object_set_new(o, "steps", json_integer((json_int_t)p->nsteps));
	if (pf->error != NULL) {
		json_object_set_new(o, "step", json_null());
		json_object_set_new(o, "next_stage", json_null());
		json_object_set_new(o, "next_at", json_null());
		json_object_set_new(o, "blocked_by", json_string("error"));
		json_object_set_new(o, "reason", json_text(pf->error));
		return o;
	}
	plan_evaluate(cfg, m, p, journal, now, &pos, &nx);
	blocked = plan_blocked_by(&nx);
	json_object_set_new(o, "step", pos.at == PLAN_AT_STEP ?
	    json_integer((json_int_t)pos.step) : json_null());
	json_object_set_new(o, "next_stage", json_text(nx.next_stage));
	/* When it goes: after a hold or not_before, now, or not known. */
	json_object_set_new(o, "next_at", nx.at > 0 ? time_or_null(nx.at) :
	    nx.move == PLAN_ADVANCE ? time_or_null(now) : json_null());
	json_object_set_new(o, "blocked_by", blocked ? json_string(blocked) :
	    json_null());
	json_object_set_new(o, "reason", json_text(nx.why));
	plan_next_free(&nx);
	plan_pos_free(&pos);
	return o;
}

json_t *
plans_json(const struct config *cfg, const struct model *m,
    const struct plan_file *v, size_t n, json_t *journal, double now)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, plan_json(cfg, m, &v[i], journal, now));
	return arr;
}
