/*
 * plan_state.c - where a release plan stands and what it does next: its
 * marks in the journal, its position from the flag's state and those
 * marks, and the next move (advance, wait for a hold, a time or a gate,
 * kill, done, or stop on someone else's change).  Pure: the caller reads
 * the journal and polls the service.
 */
#include <stdlib.h>
#include <string.h>

#include "core/decide.h"
#include "core/plan.h"
#include "core/timearg.h"
#include "core/util.h"

/* "plan NAME step K/N" for this plan: K, else 0. */
static size_t
reason_step(const struct plan *p, const char *reason)
{
	size_t k;

	for (k = 1; k <= p->nsteps; k++) {
		char *want = plan_reason(p, k);
		int same = strcmp(want, reason) == 0;

		free(want);
		if (same)
			return k;
	}
	return 0;
}

static const char *
entry_str(json_t *e, const char *key)
{
	const char *s = json_string_value(json_object_get(e, key));

	return s != NULL ? s : "";
}

size_t
plan_marks(const struct plan *p, const struct config *cfg, json_t *journal,
    struct plan_mark **out)
{
	const char *src = plan_source(p, cfg), *res;
	struct plan_mark *v = NULL, *m;
	size_t n = 0, cap = 0, i, k;
	double t;
	char *cause;
	json_t *e;

	*out = NULL;
	if (p->name == NULL || p->flag == NULL || p->env == NULL)
		return 0;
	json_array_foreach(journal, i, e) {
		if (strcmp(entry_str(e, "action"), "stage") != 0 ||
		    strcmp(entry_str(e, "flag"), p->flag) != 0 ||
		    strcmp(entry_str(e, "environment"), p->env) != 0 ||
		    (src != NULL && strcmp(entry_str(e, "source"), src) != 0))
			continue;
		res = entry_str(e, "result");
		if (strcmp(res, "done") != 0 && strcmp(res, "unknown") != 0 &&
		    strcmp(res, "failed") != 0)
			continue;
		if ((k = reason_step(p, entry_str(e, "reason"))) == 0)
			continue;
		cause = NULL;
		if (timearg_parse(entry_str(e, "time"), &t, &cause) != 0) {
			free(cause);
			continue;
		}
		m = ARRAY_PUSH(v, n, cap);
		m->step = k;
		m->time = t;
		m->done = strcmp(res, "done") == 0;
	}
	*out = v;
	return n;
}

/* Below step 1: off, or a configured stage under step 1's percentage. */
static bool
before_plan(const struct config *cfg, const struct plan *p, const char *stage)
{
	const struct stage *st;

	if (strcmp(stage, "off") == 0)
		return true;
	st = stage_find(cfg, stage);
	return st != NULL && p->nsteps > 0 && st->percent < p->steps[0].percent;
}

/* At step k's state (k 0: before the plan). */
static bool
at_step(const struct config *cfg, const struct plan *p, size_t k, const char *stage)
{
	if (k == 0)
		return before_plan(cfg, p, stage);
	return p->steps[k - 1].stage != NULL &&
	    strcmp(p->steps[k - 1].stage, stage) == 0;
}

/* When step k was last reached (a done mark), else 0. */
static double
reached_at(const struct plan_mark *marks, size_t n, size_t k)
{
	while (n > 0) {
		n--;
		if (marks[n].step == k && marks[n].done)
			return marks[n].time;
	}
	return 0;
}

void
plan_position(const struct config *cfg, const struct plan *p,
    const struct flag_state *fs, const struct plan_mark *marks, size_t nmarks,
    struct plan_pos *pos)
{
	const struct plan_mark *last;
	const char *stage;
	char *now;

	memset(pos, 0, sizeof *pos);
	if (fs == NULL) {
		pos->at = PLAN_AT_UNKNOWN;
		pos->why = xasprintf("the state of %s in %s is not known yet",
		    p->flag, p->env);
		return;
	}
	stage = flag_stage_of(cfg, fs->enabled, fs->has_rollout, fs->rollout,
	    fs->other_strategies);
	pos->at = PLAN_AT_STEP;
	if (nmarks == 0) {
		if (before_plan(cfg, p, stage))
			return;
		now = flag_state_describe(cfg, fs);
		pos->at = PLAN_AT_CONFLICT;
		pos->why = xasprintf("%s in %s is %s, and plan %s has not moved it "
		    "(step 1 goes to %s): it was changed by someone else", p->flag,
		    p->env, now, p->name, p->steps[0].stage);
		free(now);
		return;
	}
	last = &marks[nmarks - 1];
	if (at_step(cfg, p, last->step, stage)) {
		pos->step = last->step;
		pos->since = last->time;
		return;
	}
	if (at_step(cfg, p, last->step - 1, stage) && !last->done) {
		/* The last move did not take: it is where it was. */
		pos->step = last->step - 1;
		pos->since = reached_at(marks, nmarks, pos->step);
		return;
	}
	now = flag_state_describe(cfg, fs);
	pos->at = PLAN_AT_CONFLICT;
	pos->why = xasprintf("%s in %s is %s, but plan %s left it at %s (step "
	    "%zu/%zu): it was changed by someone else", p->flag, p->env, now,
	    p->name, p->steps[last->step - 1].stage, last->step, p->nsteps);
	free(now);
}

void
plan_pos_free(struct plan_pos *pos)
{
	free(pos->why);
	pos->why = NULL;
}

static char *
when(double t)
{
	char buf[32];

	format_rfc3339(t, buf, sizeof buf);
	return xstrdup(buf);
}

void
plan_next(const struct config *cfg, const struct model *m, const struct plan *p,
    const struct plan_pos *pos, double now, struct plan_next *nx)
{
	enum health h;
	char *why, *t;
	double hold_end = 0, nb;
	int failing = -1;
	size_t g;

	memset(nx, 0, sizeof *nx);
	nx->step = pos->step;
	if (pos->at == PLAN_AT_CONFLICT) {
		nx->move = PLAN_CONFLICT;
		nx->why = xstrdup(pos->why);
		return;
	}
	if (pos->at == PLAN_AT_UNKNOWN) {
		nx->move = PLAN_WAIT_STATE;
		nx->why = xstrdup(pos->why);
		return;
	}
	if (pos->step >= p->nsteps) {
		nx->move = PLAN_DONE;
		return;
	}
	nx->next = pos->step + 1;
	nx->next_stage = p->steps[pos->step].stage;
	for (g = 0; g < PLAN_NGATES; g++) {
		if (!p->gates[g])
			continue;
		why = NULL;
		h = plan_gate_eval((enum plan_gate)g, cfg, m, p, &why);
		if (h == HEALTH_CRIT && p->on_crit == PLAN_ON_CRIT_KILL &&
		    pos->step > 0) {
			nx->move = PLAN_KILL;
			nx->gate = (enum plan_gate)g;
			nx->gate_health = h;
			free(nx->why);
			nx->why = xasprintf("gate %s is crit: %s", plan_gate_name(g),
			    why ? why : "?");
			free(why);
			return;
		}
		if ((h == HEALTH_CRIT || h == HEALTH_UNKNOWN) && failing < 0) {
			failing = (int)g;
			nx->gate = (enum plan_gate)g;
			nx->gate_health = h;
			nx->why = xasprintf("gate %s fails: %s", plan_gate_name(g),
			    why ? why : "?");
		}
		free(why);
	}
	/* The journal keeps whole seconds: count from the end of that second. */
	if (pos->step > 0 && pos->since > 0 && p->steps[pos->step - 1].hold_s > 0)
		hold_end = pos->since + 1 + p->steps[pos->step - 1].hold_s;
	nb = p->steps[pos->step].not_before;
	nx->at = hold_end > nb ? hold_end : nb;
	if (nx->at <= now)
		nx->at = 0;
	if (failing >= 0) {
		nx->move = PLAN_WAIT_GATE;
		return;
	}
	if (hold_end > now) {
		nx->move = PLAN_WAIT_HOLD;
		t = when(hold_end);
		nx->why = xasprintf("holding %s until %s", p->steps[pos->step - 1].stage,
		    t);
		free(t);
	} else if (nb > now) {
		nx->move = PLAN_WAIT_TIME;
		t = when(nb);
		nx->why = xasprintf("%s not before %s", nx->next_stage, t);
		free(t);
	} else
		nx->move = PLAN_ADVANCE;
}

void
plan_next_free(struct plan_next *nx)
{
	free(nx->why);
	nx->why = NULL;
}

const char *
plan_move_name(enum plan_move mv)
{
	switch (mv) {
	case PLAN_ADVANCE:
		return "advance";
	case PLAN_WAIT_HOLD:
		return "hold";
	case PLAN_WAIT_TIME:
		return "not_before";
	case PLAN_WAIT_GATE:
		return "gate";
	case PLAN_WAIT_STATE:
		return "state";
	case PLAN_KILL:
		return "kill";
	case PLAN_DONE:
		return "done";
	case PLAN_CONFLICT:
		break;
	}
	return "conflict";
}

bool
plan_model_state(const struct config *cfg, const struct model *m,
    const struct plan *p, struct flag_state *fs)
{
	const struct flag *f;
	const struct flag_env *fe = NULL;

	f = model_find_flag(m, plan_source(p, cfg), p->flag);
	if (f != NULL && !f->stale)
		fe = flag_find_env(f, p->env);
	if (fe == NULL || fe->unknown)
		return false;
	flag_state_of_env(fe, fs);
	return true;
}

void
plan_evaluate_state(const struct config *cfg, const struct model *m,
    const struct plan *p, const struct flag_state *fs, json_t *journal,
    double now, struct plan_pos *pos, struct plan_next *nx)
{
	struct plan_mark *marks;
	size_t n;

	n = plan_marks(p, cfg, journal, &marks);
	plan_position(cfg, p, fs, marks, n, pos);
	free(marks);
	plan_next(cfg, m, p, pos, now, nx);
}

void
plan_evaluate(const struct config *cfg, const struct model *m,
    const struct plan *p, json_t *journal, double now,
    struct plan_pos *pos, struct plan_next *nx)
{
	struct flag_state fs;
	bool known = plan_model_state(cfg, m, p, &fs);

	plan_evaluate_state(cfg, m, p, known ? &fs : NULL, journal, now, pos, nx);
}

const char *
plan_blocked_by(const struct plan_next *nx)
{
	switch (nx->move) {
	case PLAN_WAIT_HOLD:
		return "hold";
	case PLAN_WAIT_TIME:
		return "not_before";
	case PLAN_WAIT_GATE:
		return nx->gate == PLAN_GATE_SERVICES ? "gate:services" :
		    "gate:kpis";
	case PLAN_WAIT_STATE:
		return "state";
	case PLAN_CONFLICT:
		return "conflict";
	case PLAN_ADVANCE:
	case PLAN_KILL:
	case PLAN_DONE:
		break;
	}
	return NULL;
}
