/*
 * fuzz_release_plan.c - the release plan reader: one input is a plan file,
 * optionally followed (after the "--8<--" line) by a journal of JSON
 * lines.  Every plan gives errors or none, each one line; a plan accepted
 * keeps its rules (a plain name, 1 to PLAN_MAX_STEPS steps of configured
 * stages going up, holds in range); its marks in the journal name steps
 * it has; where it stands and what comes next, for flags in several
 * states, stay within its steps; and status --json's entry has its fields.
 */
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "core/util.h"
#include "fuzz.h"

static void
check_errors(const struct plan_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		if (e->v[i] == NULL || *e->v[i] == '\0' || strchr(e->v[i], '\n'))
			fuzz_fail("plan: an error that is not one line");
	}
}

static void
check_plan(const struct plan *p)
{
	size_t i;
	const char *c;

	if (p->name == NULL || p->flag == NULL || p->env == NULL ||
	    p->nsteps == 0 || p->nsteps > PLAN_MAX_STEPS)
		fuzz_fail("plan: accepted without name, flag, environment or steps");
	for (c = p->name; *c != '\0'; c++) {
		if (strchr("-_.", *c) == NULL && !(*c >= 'a' && *c <= 'z') &&
		    !(*c >= 'A' && *c <= 'Z') && !(*c >= '0' && *c <= '9'))
			fuzz_fail("plan: name with '%c'", *c);
	}
	for (i = 0; i < p->nsteps; i++) {
		if (p->steps[i].stage == NULL || p->steps[i].hold_s < 0 ||
		    p->steps[i].hold_s > PLAN_MAX_HOLD_S || p->steps[i].not_before < 0)
			fuzz_fail("plan: step %zu out of its rules", i + 1);
		if (i > 0 && p->steps[i].percent <= p->steps[i - 1].percent)
			fuzz_fail("plan: step %zu does not go up", i + 1);
	}
}

/* Journal lines (JSON objects) into an array, and this plan's every step. */
static json_t *
journal_of(const struct plan *p, const char *text)
{
	json_t *arr = json_array(), *e;
	char *copy = xstrdup(text), *line, *save = NULL, *reason, when[32];
	size_t k;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((e = json_loads(line, 0, NULL)) != NULL)
			json_array_append_new(arr, e);
	}
	free(copy);
	format_rfc3339(1795669200, when, sizeof when);
	for (k = 1; k <= p->nsteps && p->name != NULL && p->flag != NULL &&
	    p->env != NULL; k++) {
		reason = plan_reason(p, k);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, "
		    "s:s, s:s}", "time", when, "action", "stage", "flag", p->flag,
		    "environment", p->env, "reason", reason, "result", k % 2 ? "done" :
		    "unknown", "source", "flags"));
		free(reason);
	}
	return arr;
}

static void
check_positions(const struct plan *p, const struct config *cfg, json_t *journal)
{
	static const int states[][3] = {	/* enabled, has_rollout, rollout */
		{ 0, 0, 0 }, { 1, 1, 5 }, { 1, 1, 20 }, { 1, 1, 50 }, { 1, 1, 100 },
		{ 0, 1, 20 }, { 1, 1, 33 }, { 1, 0, 0 }, { 1, 1, -1 },
	};
	struct plan_mark *marks;
	struct flag_state fs;
	struct plan_pos pos;
	struct plan_next nx;
	struct model m;
	size_t n, i, k;

	n = plan_marks(p, cfg, journal, &marks);
	for (i = 0; i < n; i++) {
		if (marks[i].step < 1 || marks[i].step > p->nsteps)
			fuzz_fail("plan: a mark of step %zu of %zu", marks[i].step,
			    p->nsteps);
	}
	model_init(&m);
	for (k = 0; k < sizeof states / sizeof states[0]; k++) {
		memset(&fs, 0, sizeof fs);
		fs.enabled = states[k][0];
		fs.has_rollout = states[k][1];
		fs.rollout = states[k][2];
		for (i = 0; i <= n; i++) {
			plan_position(cfg, p, &fs, marks, i, &pos);
			if (pos.step > p->nsteps || (pos.at == PLAN_AT_CONFLICT) !=
			    (pos.why != NULL))
				fuzz_fail("plan: position %zu of %zu", pos.step, p->nsteps);
			plan_next(cfg, &m, p, &pos, 1795669200 + (double)k * 3600, &nx);
			if (nx.move != PLAN_CONFLICT && nx.move != PLAN_DONE &&
			    (nx.next != pos.step + 1 || nx.next_stage == NULL))
				fuzz_fail("plan: next step %zu after %zu", nx.next,
				    pos.step);
			if (nx.move == PLAN_DONE && pos.step != p->nsteps)
				fuzz_fail("plan: done at step %zu of %zu", pos.step,
				    p->nsteps);
			plan_next_free(&nx);
			plan_pos_free(&pos);
		}
	}
	free(marks);
	model_free(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan_errors e = { NULL, 0, 0 };
	struct plan_file pf;
	struct config cfg;
	char *text = fuzz_string(data, size), *sep, *jtext = "";
	json_t *journal, *arr, *o;
	struct model m;

	if ((sep = strstr(text, FUZZ_SEP)) != NULL) {
		*sep = '\0';
		jtext = sep + strlen(FUZZ_SEP);
	}
	fuzz_config(&cfg);
	memset(&pf, 0, sizeof pf);
	if (plan_parse(&pf.plan, "fuzz.json", text, &e) == 0 &&
	    plan_check_config(&pf.plan, &cfg, &e) == 0)
		check_plan(&pf.plan);
	check_errors(&e);
	if (e.n > 0)
		pf.error = xstrdup(e.v[0]);
	journal = journal_of(&pf.plan, jtext);
	if (e.n == 0)
		check_positions(&pf.plan, &cfg, journal);
	model_init(&m);
	arr = plans_json(&cfg, &m, &pf, 1, journal, 1795669200);
	o = json_array_get(arr, 0);
	if (json_array_size(arr) != 1 || !json_is_integer(json_object_get(o,
	    "steps")) || json_object_get(o, "step") == NULL ||
	    json_object_get(o, "next_stage") == NULL ||
	    json_object_get(o, "next_at") == NULL ||
	    json_object_get(o, "blocked_by") == NULL)
		fuzz_fail("plan: status --json entry without its fields");
	json_decref(arr);
	model_free(&m);
	json_decref(journal);
	free(pf.error);
	plan_free(&pf.plan);
	plan_errors_free(&e);
	config_free(&cfg);
	free(text);
	return 0;
}
