/*
 * cmd_plan_run.c - runs a release plan: on every poll (and when a hold or
 * a not_before time ends) works out where the plan stands from the flag's
 * state and the journal, then advances one step through the flag actions
 * (compare-and-set against the step it is at, guards, read-back, journal
 * reason "plan NAME step K/N"), waits, kills the flag on a crit gate
 * (on_crit kill), or stops on someone else's change.  A poll may lag a
 * write by a moment: the state its own move read back, or a state read
 * fresh from the service, stands until two more polls came in, and a
 * change seen in a poll is read fresh before it stops the plan.  Prints a
 * line each time what it does or waits for changes.  SIGINT and SIGTERM
 * end it between moves (a move in flight is finished first).  Each step's
 * outcome is announced to the webhooks (event "plan") before it exits.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "actions/action.h"
#include "actions/journal.h"
#include "actions/notify.h"
#include "cli/plan_run.h"
#include "core/adapter.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"

/* After a guard refused a move, the next try waits this long. */
#define PLAN_GUARD_RETRY_S	60.0

struct plan_runner {
	struct cli	*c;
	const struct plan *p;
	char		*journal;
	const char	*source;
	struct event	*wake;
	struct event	*sigint, *sigterm;
	int		 busy;		/* a move or a read is in flight */
	int		 finished;
	int		 rc;
	int		 signal;
	/* A state newer than the polls: read back or read fresh. */
	struct flag_state fresh;
	bool		 have_fresh;
	unsigned	 fresh_polls;	/* the source's polls when it was read */
	size_t		 moving_to;	/* the step being moved to */
	double		 refused_until;	/* a guard refused: no move before (wall) */
	char		*last_line;	/* the last progress line printed */
	/* The move in flight, for its announcement (notify.h). */
	char		*move_action, *move_stage, *move_reason;
	size_t		 announcing;	/* announcements on their way */
};

static void
wake_in(struct plan_runner *r, double s)
{
	struct timeval tv;

	if (s < 0)
		s = 0;
	tv.tv_sec = (time_t)s;
	tv.tv_usec = (suseconds_t)((s - (double)tv.tv_sec) * 1e6);
	evtimer_add(r->wake, &tv);
}

static void
finish(struct plan_runner *r, int rc)
{
	r->finished = 1;
	r->rc = rc;
	event_base_loopbreak(r->c->base);
}

/* A progress line, printed when it differs from the last one. */
static void
progress(struct plan_runner *r, const char *line)
{
	char stamp[32];

	if (r->last_line != NULL && strcmp(r->last_line, line) == 0)
		return;
	free(r->last_line);
	r->last_line = xstrdup(line);
	format_rfc3339(now_wall(), stamp, sizeof stamp);
	sanitize_fprintf(stdout, "%s plan %s: %s", stamp, r->p->name, line);
	fflush(stdout);
}

/* The interval of the source polled most often: when gates are looked at again. */
static double
poll_interval(const struct config *cfg)
{
	double s = 0;
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		if (s == 0 || cfg->sources[i].interval_s < s)
			s = cfg->sources[i].interval_s;
	}
	return s > 0 ? s : 5;
}

static void on_move(const struct action_outcome *, void *);

static void
start_move(struct plan_runner *r, const char *action, const char *stage,
    const char *expect, char *reason)
{
	struct action_args a;

	memset(&a, 0, sizeof a);
	a.action = action;
	a.flag = r->p->flag;
	a.env = r->p->env;
	a.source = r->source;
	a.stage = stage;
	a.expect = expect;
	a.reason = reason;
	a.readonly = r->c->cfg.readonly;
	a.model = &r->c->model;
	r->busy = 1;
	free(r->move_action);
	free(r->move_stage);
	free(r->move_reason);
	r->move_action = xstrdup(action);
	r->move_stage = stage != NULL ? xstrdup(stage) : NULL;
	r->move_reason = reason;	/* the run's now */
	action_start(poller_net(r->c->poller), &r->c->cfg, &a, on_move, r);
}

static void
on_announced(const char *failures, void *arg)
{
	struct plan_runner *r = arg;

	if (failures != NULL)
		sanitize_eprintf("relboard: announcement failed (journaled): %s",
		    failures);
	if (--r->announcing == 0 && r->finished)
		event_base_loopbreak(r->c->base);
}

/* Tell the webhooks of a step's outcome (event "plan"). */
static void
announce(struct plan_runner *r, const struct action_outcome *o)
{
	struct action_args a;
	struct notify_event ev;

	memset(&a, 0, sizeof a);
	a.action = r->move_action;
	a.flag = r->p->flag;
	a.env = r->p->env;
	a.source = r->source;
	a.stage = r->move_stage;
	a.reason = r->move_reason;
	if (notify_flag_event(&a, o, &ev) != 0)
		return;
	ev.kind = NOTIFY_PLAN;
	ev.plan = r->p->name;
	r->announcing++;
	if (notify_announce(poller_net(r->c->poller), &r->c->cfg, &ev,
	    on_announced, r) == 0)
		r->announcing--;
}

/* The stage the flag is at now, as the compare-and-set expects it. */
static const char *
expected_stage(struct plan_runner *r, size_t step)
{
	const struct flag *f;
	const struct flag_env *fe;

	if (step > 0)
		return r->p->steps[step - 1].stage;
	f = model_find_flag(&r->c->model, r->source, r->p->flag);
	fe = f != NULL ? flag_find_env(f, r->p->env) : NULL;
	if (fe == NULL || fe->stage == NULL || stage_find(&r->c->cfg, fe->stage) == NULL)
		return NULL;
	return fe->stage;
}

static unsigned
source_polls(struct plan_runner *r)
{
	const struct source_status *ss = model_find_source(&r->c->model, r->source);

	return ss != NULL ? ss->polls : 0;
}

static void
set_fresh(struct plan_runner *r, const struct flag_state *fs)
{
	flag_state_free(&r->fresh);
	memset(&r->fresh, 0, sizeof r->fresh);
	r->fresh.enabled = fs->enabled;
	r->fresh.has_rollout = fs->has_rollout;
	r->fresh.rollout = fs->rollout;
	r->fresh.other_strategies = fs->other_strategies;
	r->have_fresh = true;
	r->fresh_polls = source_polls(r);
}

static void evaluate(struct plan_runner *);

static void
on_fresh(const struct net_response *nr, void *arg)
{
	struct plan_runner *r = arg;
	const struct source_cfg *src = config_find_source(&r->c->cfg, r->source);
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };
	struct flag_state fs;
	char *cause = NULL;
	int missing = 0;

	r->busy = 0;
	memset(&fs, 0, sizeof fs);
	if (nr->status == 0 || adapter_find(src->kind)->parse_flag(src,
	    r->p->flag, r->p->env, &resp, &fs, &missing, &cause) != 0) {
		sanitize_eprintf("relboard: plan %s stopped: cannot read %s: %s",
		    r->p->name, r->p->flag, cause ? cause : nr->error ? nr->error :
		    "no answer");
		free(cause);
		flag_state_free(&fs);
		finish(r, EXIT_FAILED);
		return;
	}
	set_fresh(r, &fs);
	flag_state_free(&fs);
	evaluate(r);
}

/* Read the flag from the service itself before calling its state a conflict. */
static void
read_fresh(struct plan_runner *r)
{
	const struct source_cfg *src = config_find_source(&r->c->cfg, r->source);
	const struct adapter_entry *ad = adapter_find(src->kind);
	struct request_desc d;
	struct net_request req;
	char *url, *auth = NULL;

	ad->read_flag(src, r->p->flag, &d);
	url = xasprintf("%s%s", src->url, d.path);
	if (src->token != NULL)
		auth = xasprintf("%s%s", ad->auth_scheme, src->token);
	memset(&req, 0, sizeof req);
	req.method = d.method;
	req.url = url;
	req.auth = auth;
	req.ca_file = src->ca_file;
	req.insecure = src->insecure_skip_tls_verify;
	req.timeout_ms = (long)(src->timeout_s * 1000);
	r->busy = 1;
	if (net_submit(poller_net(r->c->poller), &req, on_fresh, r) != 0) {
		struct net_response fail;

		memset(&fail, 0, sizeof fail);
		fail.error = "the request could not be started";
		on_fresh(&fail, r);
	}
	if (auth != NULL) {
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	free(url);
	request_desc_free(&d);
}

static void
evaluate(struct plan_runner *r)
{
	struct plan_pos pos;
	struct plan_next nx;
	struct flag_state fs;
	json_t *journal;
	char *line, when[32];
	double now = now_wall(), again;
	bool fresh, known;

	if (r->busy || r->finished)
		return;
	if (r->signal != 0) {
		finish(r, 128 + r->signal);
		return;
	}
	/* A state read after the last poll began stands until two more. */
	if (r->have_fresh && source_polls(r) >= r->fresh_polls + 2)
		r->have_fresh = false;
	fresh = r->have_fresh;
	known = fresh || plan_model_state(&r->c->cfg, &r->c->model, r->p, &fs);
	journal = journal_recent(r->journal, PLAN_JOURNAL_MAX);
	plan_evaluate_state(&r->c->cfg, &r->c->model, r->p, fresh ? &r->fresh :
	    known ? &fs : NULL, journal, now, &pos, &nx);
	json_decref(journal);
	if (nx.move == PLAN_CONFLICT && !fresh) {
		plan_next_free(&nx);
		plan_pos_free(&pos);
		read_fresh(r);
		return;
	}
	switch (nx.move) {
	case PLAN_DONE:
		line = xasprintf("done: %s in %s is at %s (step %zu/%zu)",
		    r->p->flag, r->p->env, r->p->steps[r->p->nsteps - 1].stage,
		    r->p->nsteps, r->p->nsteps);
		progress(r, line);
		free(line);
		finish(r, EXIT_OK);
		break;
	case PLAN_CONFLICT:
		sanitize_eprintf("relboard: plan %s stopped: %s", r->p->name, nx.why);
		finish(r, EXIT_REFUSED);
		break;
	case PLAN_KILL:
		line = xasprintf("step %zu/%zu: %s; killing %s in %s", pos.step,
		    r->p->nsteps, nx.why, r->p->flag, r->p->env);
		progress(r, line);
		free(line);
		r->moving_to = 0;
		start_move(r, "kill", NULL, NULL, xasprintf("plan %s: at step "
		    "%zu/%zu %s", r->p->name, pos.step, r->p->nsteps, nx.why));
		break;
	case PLAN_ADVANCE:
		if (now < r->refused_until) {
			/* Every refusal is journaled: ask the guards again later. */
			nx.at = r->refused_until;
			break;
		}
		line = xasprintf("step %zu/%zu: moving %s in %s to %s", nx.next,
		    r->p->nsteps, r->p->flag, r->p->env, nx.next_stage);
		progress(r, line);
		free(line);
		r->moving_to = nx.next;
		start_move(r, "stage", nx.next_stage, expected_stage(r, pos.step),
		    plan_reason(r->p, nx.next));
		break;
	case PLAN_WAIT_GATE:
		again = poll_interval(&r->c->cfg);
		format_rfc3339(now + again, when, sizeof when);
		line = xasprintf("step %zu/%zu: waiting: %s; looking again at %s",
		    pos.step, r->p->nsteps, nx.why, when);
		progress(r, line);
		free(line);
		break;
	case PLAN_WAIT_HOLD:
	case PLAN_WAIT_TIME:
	case PLAN_WAIT_STATE:
		line = xasprintf("step %zu/%zu: waiting: %s%s%s", pos.step,
		    r->p->nsteps, nx.why, nx.next_stage ? "; next: " : "",
		    nx.next_stage ? nx.next_stage : "");
		progress(r, line);
		free(line);
		break;
	}
	/* Polls drive the rest; a hold or a not_before ends on its own. */
	if (!r->finished && !r->busy && nx.at > now)
		wake_in(r, nx.at - now + 0.05);
	plan_next_free(&nx);
	plan_pos_free(&pos);
}

static void
on_move(const struct action_outcome *o, void *arg)
{
	struct plan_runner *r = arg;
	int kill = r->moving_to == 0;

	r->busy = 0;
	announce(r, o);
	switch (o->status) {
	case ACTION_DONE:
	case ACTION_DRY_RUN:
		progress(r, o->message);
		if (kill) {
			sanitize_eprintf("relboard: plan %s stopped: the flag was "
			    "killed", r->p->name);
			finish(r, EXIT_REFUSED);
			return;
		}
		if (o->have_after)
			set_fresh(r, &o->after_state);
		poller_refresh(r->c->poller, r->source);
		wake_in(r, 0);
		return;
	case ACTION_REFUSED:
		if (o->overridable && !kill) {
			/* A guard: like a failing gate, but asked again later. */
			char *line, when[32];

			r->refused_until = now_wall() + PLAN_GUARD_RETRY_S;
			format_rfc3339(r->refused_until, when, sizeof when);
			line = xasprintf("waiting: %s; trying again at %s", o->message,
			    when);
			progress(r, line);
			free(line);
			wake_in(r, PLAN_GUARD_RETRY_S);
			return;
		}
		sanitize_eprintf("relboard: plan %s stopped: refused: %s", r->p->name,
		    o->message);
		finish(r, EXIT_REFUSED);
		return;
	case ACTION_FAILED:
	case ACTION_UNKNOWN:
		sanitize_eprintf("relboard: plan %s stopped: %s: %s", r->p->name,
		    o->status == ACTION_FAILED ? "failed" : "outcome unknown",
		    o->message);
		finish(r, EXIT_FAILED);
		return;
	case ACTION_USAGE:
		sanitize_eprintf("relboard: plan %s: %s", r->p->name, o->message);
		finish(r, EXIT_USAGE);
		return;
	}
}

static void
on_wake(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	evaluate(arg);
}

static void
on_poll(void *arg)
{
	evaluate(arg);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct plan_runner *r = arg;

	(void)what;
	r->signal = (int)sig;
	if (!r->busy)
		finish(r, 128 + r->signal);
}

int
plan_run(struct cli *c, const struct plan *p)
{
	struct plan_runner r;

	memset(&r, 0, sizeof r);
	r.c = c;
	r.p = p;
	r.source = plan_source(p, &c->cfg);
	r.journal = journal_path(c->cfg.journal);
	r.wake = evtimer_new(c->base, on_wake, &r);
	r.sigint = evsignal_new(c->base, SIGINT, on_signal, &r);
	r.sigterm = evsignal_new(c->base, SIGTERM, on_signal, &r);
	evsignal_add(r.sigint, NULL);
	evsignal_add(r.sigterm, NULL);
	poller_set_change_cb(c->poller, on_poll, &r);
	evaluate(&r);
	if (!r.finished) {
		poller_start(c->poller);
		while (!r.finished && event_base_dispatch(c->base) == 0 &&
		    !r.finished)
			;
	}
	/* Announcements on their way end by their timeout at the latest. */
	while (r.announcing > 0 && event_base_dispatch(c->base) == 0)
		;
	if (r.signal != 0 && r.rc == 128 + r.signal)
		sanitize_eprintf("relboard: plan %s interrupted; run it again to "
		    "resume", p->name);
	poller_set_change_cb(c->poller, NULL, NULL);
	event_free(r.wake);
	event_free(r.sigint);
	event_free(r.sigterm);
	free(r.journal);
	free(r.last_line);
	free(r.move_action);
	free(r.move_stage);
	free(r.move_reason);
	flag_state_free(&r.fresh);
	return r.rc;
}
