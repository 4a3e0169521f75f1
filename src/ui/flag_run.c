/*
 * flag_run.c - runs a flag or rollout action for the dashboard through the
 * action layer (src/actions) and tells how it went on the message line.
 * An action never draws: its outcome is stored and the screen marked
 * dirty.  A verified flag change is pinned in the model at once
 * (core/model_pin.c), a rollout's row takes the state read back, so the
 * row shows what the service read back while the next polls catch up.
 * Each outcome is announced to the configured webhooks (notify_ui.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "actions/notify.h"
#include "actions/rollout_action.h"
#include "core/model_pin.h"
#include "core/intern.h"
#include "core/util.h"
#include "net/poller.h"
#include "ui/ui_int.h"

/* An action in flight; outlives the dashboard if it is left running. */
struct flag_run {
	struct ui_state		*st;	/* NULL once the dashboard is gone */
	struct flag_request	*req;
	char			*reason;	/* as given, for the announcement */
	flag_run_done		 done;
};

void
flag_request_free(struct flag_request *q)
{
	if (q == NULL)
		return;
	free(q->action);
	free(q->source);
	free(q->flag);
	free(q->env);
	free(q->stage);
	free(q->expect);
	free(q->after);
	free(q->rollout);
	free(q);
}

static void
run_free(struct flag_run *r)
{
	flag_request_free(r->req);
	free(r->reason);
	free(r);
}

void
flag_run_detach(struct ui_state *st)
{
	/* The loop has stopped; a run in flight never calls back into it. */
	if (st->run != NULL)
		st->run->st = NULL;
	st->run = NULL;
}

/* Refresh the source the action wrote to, so the pane catches up. */
static void
refresh_source(struct ui_state *st, const char *source)
{
	size_t	i;

	if (st->poller == NULL)
		return;
	if (source != NULL) {
		poller_refresh(st->poller, source);
		return;
	}
	for (i = 0; i < st->model->nsources; i++) {
		if (streq(st->model->sources[i].kind, "unleash"))
			poller_refresh(st->poller, st->model->sources[i].name);
	}
}

static void report(struct ui_state *, enum action_status, const char *);

/* The flag action's arguments from the request (borrowed from r). */
static void
run_args(const struct flag_run *r, struct action_args *a)
{
	const struct flag_request *q = r->req;

	memset(a, 0, sizeof *a);
	a->action = q->action;
	a->source = q->source;
	a->flag = q->flag;
	a->env = q->env;
	a->stage = q->stage;
	a->expect = q->expect;
	a->reason = r->reason;
}

/* The rollout action's arguments; *ref is allocated. */
static void
rollout_args(const struct flag_run *r, struct rollout_action_args *a,
    char **ref)
{
	const struct flag_request *q = r->req;

	*ref = q->source != NULL ? xasprintf("%s/%s", q->source, q->rollout) :
	    xstrdup(q->rollout);
	memset(a, 0, sizeof *a);
	a->action = q->action;
	a->full = q->full;
	a->ref = *ref;
	a->expect = q->expect;
	a->reason = r->reason;
}

static void
on_outcome(const struct action_outcome *o, void *arg)
{
	struct flag_run		*r = arg;
	struct ui_state		*st = r->st;
	const struct flag_request *q = r->req;
	struct action_args	 a;

	if (st == NULL) {
		/* The dashboard is gone (quit while applying): say it plainly. */
		if (o->status != ACTION_DONE)
			fprintf(stderr, "relboard: %s %s in %s: %s\n",
			    q->action, q->flag, q->env, o->message);
		else
			fprintf(stderr, "relboard: %s\n", o->message);
		run_free(r);
		return;
	}
	st->run = NULL;
	st->quit_asked = 0;
	/* The row shows what the service read back, from now on. */
	if (o->have_after && st->model != NULL)
		model_pin_flag(st->model, st->cfg, q->source, q->flag, q->env,
		    &o->after_state, now_mono());
	report(st, o->status, o->message);
	run_args(r, &a);
	notify_ui_flag(st, &a, o);
	refresh_source(st, q->source);
	if (r->done != NULL)
		r->done(st, q, o);
	run_free(r);
	ui_mark_dirty(st);
}

/* The outcome on the message line, marked by how it went. */
static void
report(struct ui_state *st, enum action_status status, const char *message)
{
	const char		*sym, *word;
	enum role		 role;
	int			 u;

	u = st->utf8;
	switch (status) {
	case ACTION_DONE:
	case ACTION_DRY_RUN:
		sym = u ? "\xe2\x9c\x94" : "OK";
		word = "done";
		role = ROLE_OK;
		break;
	case ACTION_REFUSED:
		sym = "!";
		word = "refused";
		role = ROLE_WARN;
		break;
	case ACTION_FAILED:
		sym = u ? "\xe2\x9c\x96" : "X";
		word = "failed";
		role = ROLE_CRIT;
		break;
	case ACTION_UNKNOWN:
		sym = "?";
		word = "outcome unknown";
		role = ROLE_CRIT;
		break;
	default:
		sym = "!";
		word = "cannot";
		role = ROLE_WARN;
		break;
	}
	ui_message(st, role, "%s %s: %s", sym, word, message);
}

/* Replace a string the model owns. */
static void
set_text(char **dst, const char *src)
{
	free(*dst);
	*dst = src != NULL ? xstrdup(src) : NULL;
}

/* The model's row of the rollout takes the state read back. */
static void
pin_rollout(struct ui_state *st, const struct rollout *a)
{
	struct rollout *r;
	size_t i;

	for (i = 0; i < st->model->nrollouts; i++) {
		r = &st->model->rollouts[i];
		if (!streq(r->source, a->source) ||
		    !streq(r->namespace, a->namespace) || !streq(r->name, a->name))
			continue;
		if (!streq(r->status, a->status))
			r->since = now_mono();
		intern_free(r->status);		/* shared (intern.h) */
		r->status = intern_str(a->status);
		set_text(&r->message, a->message);
		r->step_index = a->step_index;
		r->step_count = a->step_count;
		r->set_weight = a->set_weight;
		r->waiting_for_human = a->waiting_for_human;
		free(r->live.resource_version);
		r->live = a->live;
		r->live.resource_version = a->live.resource_version != NULL ?
		    xstrdup(a->live.resource_version) : NULL;
		return;
	}
}

static void
on_rollout_outcome(const struct rollout_outcome *o, void *arg)
{
	struct flag_run		*r = arg;
	struct ui_state		*st = r->st;
	struct rollout_action_args a;
	struct notify_event	 ev;
	char			*ref, subject[512];

	if (st == NULL) {
		fprintf(stderr, "relboard: %s %s: %s\n", r->req->action,
		    r->req->rollout, o->message);
		run_free(r);
		return;
	}
	st->run = NULL;
	st->quit_asked = 0;
	if (o->status == ACTION_DONE && o->after_row != NULL &&
	    st->model != NULL)
		pin_rollout(st, o->after_row);
	report(st, o->status, o->message);
	rollout_args(r, &a, &ref);
	if (notify_rollout_event(&a, o, subject, sizeof subject, &ev) == 0)
		notify_ui_event(st, &ev);
	free(ref);
	if (o->source != NULL && st->poller != NULL)
		poller_refresh(st->poller, o->source);
	mode_journal_reload(st);
	run_free(r);
	ui_mark_dirty(st);
}

static void
rollout_run_start(struct ui_state *st, struct flag_run *r)
{
	const struct flag_request *q = r->req;
	struct rollout_action_args a;
	char *ref;

	rollout_args(r, &a, &ref);
	a.readonly = st->readonly;
	a.model = st->model;
	ui_message_sticky(st, ROLE_INFO, "applying%s %s%s %s%s%s%s",
	    st->utf8 ? "\xe2\x80\xa6" : "...", q->action, q->full ? " --full" :
	    "", q->rollout, q->after != NULL ? " (-> " : "", q->after != NULL ?
	    q->after : "", q->after != NULL ? ")" : "");
	st->run = r;
	rollout_action_start(poller_net(st->poller), st->cfg, &a,
	    on_rollout_outcome, r);
	free(ref);
}

void
flag_run_start(struct ui_state *st, struct flag_request *q, int force,
    const char *reason, flag_run_done done)
{
	struct flag_run		*r;
	struct action_args	 a;

	if (st->readonly || st->poller == NULL) {
		ui_message(st, ROLE_WARN, "read-only: no changes");
		flag_request_free(q);
		return;
	}
	if (st->run != NULL) {
		ui_message(st, ROLE_WARN, "another action is applying: wait "
		    "for its outcome");
		flag_request_free(q);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->st = st;
	r->req = q;
	r->done = done;
	r->reason = reason != NULL && *reason != '\0' ? xstrdup(reason) : NULL;
	if (q->rollout != NULL) {
		rollout_run_start(st, r);
		return;
	}
	run_args(r, &a);
	a.force = force;
	a.readonly = st->readonly;
	a.model = st->model;

	ui_message_sticky(st, ROLE_INFO, "applying%s %s %s in %s%s%s%s",
	    st->utf8 ? "\xe2\x80\xa6" : "...", q->action, q->flag, q->env,
	    q->after != NULL ? " (-> " : "", q->after != NULL ? q->after : "",
	    q->after != NULL ? ")" : "");
	st->run = r;
	/* The outcome may come back before action_start returns. */
	action_start(poller_net(st->poller), st->cfg, &a, on_outcome, r);
}
