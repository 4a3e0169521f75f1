/*
 * action.c - runs one flag action: read the flag, check it against what the
 * operator saw and the guards, write the change (compare-and-set), read it
 * back, journal the attempt, and report the outcome once.  A write is never
 * retried.  Whatever its answer (an error, a reset, a timeout), the flag is
 * read back and the outcome is what the service then holds: done when the
 * intended state is there, failed otherwise, unknown only when the
 * read-back itself fails.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "actions/action.h"
#include "actions/actor.h"
#include "actions/journal.h"
#include "core/adapter.h"
#include "core/graph.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/net.h"
#include "net/source_request.h"

enum phase { PHASE_READ, PHASE_PARENTS, PHASE_WRITE, PHASE_READBACK };

struct action_run {
	struct net	*net;
	const struct config *cfg;
	const struct source_cfg *src;
	const struct adapter_entry *ad;
	const struct action_entry *ae;
	struct action_args a;		/* strings below are copies */
	char		*s_source, *s_flag, *s_env, *s_stage, *s_expect, *s_reason;
	const char	*scheme;	/* the adapter's Authorization scheme */
	char		*journal;
	enum phase	 phase;
	struct flag_state before, after;
	int		 have_before, have_after;
	struct flag_target target;
	struct request_desc writes[RB_MAX_REQUESTS];
	size_t		 nwrites, next;
	int		 unknown;	/* a write was sent but not answered */
	int		 not_sent;	/* a later write did not leave this host */
	int		 conflict;	/* the compare-and-set test failed */
	char		*write_error;
	char		*forced_past;	/* guard refusals overridden by --force */
	int		 overridable;	/* refused by a guard: --force goes past */
	struct flag_state parents[ACTION_MAX_PARENTS];	/* read fresh */
	bool		 parent_ok[ACTION_MAX_PARENTS];
	size_t		 parent_next;	/* the parent being read */
	char		*expect_stage;	/* --expect STAGE[@PERCENT], split */
	int		 expect_pct;
	action_cb	 cb;
	void		*arg;
};

const char *
action_status_word(enum action_status s)
{
	switch (s) {
	case ACTION_DONE:
		return "done";
	case ACTION_DRY_RUN:
		return "dry-run";
	case ACTION_REFUSED:
		return "refused";
	case ACTION_FAILED:
		return "failed";
	case ACTION_UNKNOWN:
		return "unknown";
	case ACTION_USAGE:
		break;
	}
	return "usage";
}

void
action_journal_failed(char *jerr, char **message, enum action_status *st)
{
	char *full;

	if (jerr == NULL)
		return;
	full = xasprintf("%s (and not journaled: %s)", *message, jerr);
	free(*message);
	*message = full;
	free(jerr);
	if (*st == ACTION_DONE)
		*st = ACTION_FAILED;
}

/* A journal field: made safe (controls, secrets), never dropped. */
static json_t *
jstr(const char *s)
{
	return json_text(s);
}

static void
journal_entry(struct action_run *r, const struct action_outcome *o, char **jerr)
{
	json_t *e;

	if (r->journal == NULL)
		return;
	e = journal_entry_new(r->a.action);
	json_object_set_new(e, "source", jstr(r->src ? r->src->name : r->a.source));
	json_object_set_new(e, "flag", jstr(r->a.flag));
	json_object_set_new(e, "environment", jstr(r->a.env));
	json_object_set_new(e, "target", jstr(r->a.stage));
	json_object_set_new(e, "before", jstr(o->before));
	json_object_set_new(e, "after", jstr(o->after));
	json_object_set_new(e, "reason", jstr(r->a.reason));
	json_object_set_new(e, "forced", json_boolean(r->forced_past != NULL));
	json_object_set_new(e, "overridden", jstr(r->forced_past));
	json_object_set_new(e, "result", json_string(action_status_word(o->status)));
	json_object_set_new(e, "error", o->status == ACTION_DONE ||
	    o->status == ACTION_DRY_RUN ? json_null() : jstr(o->message));
	journal_append(r->journal, e, jerr);	/* failure reported via *jerr */
	json_decref(e);
}

static void
run_free(struct action_run *r)
{
	size_t i;

	flag_state_free(&r->before);
	flag_state_free(&r->after);
	for (i = 0; i < ACTION_MAX_PARENTS; i++)
		flag_state_free(&r->parents[i]);
	for (i = 0; i < r->nwrites; i++)
		request_desc_free(&r->writes[i]);
	free(r->s_source);
	free(r->s_flag);
	free(r->s_env);
	free(r->s_stage);
	free(r->s_expect);
	free(r->s_reason);
	free(r->journal);
	free(r->write_error);
	free(r->forced_past);
	free(r->expect_stage);
	free(r);
}

/* Report, journal and free.  Takes ownership of msg. */
static void
finish(struct action_run *r, enum action_status st, char *msg)
{
	struct action_outcome o;
	char *jerr = NULL;

	memset(&o, 0, sizeof o);
	o.status = st;
	o.message = msg;
	o.overridable = r->overridable && st == ACTION_REFUSED;
	o.source = r->src != NULL ? r->src->name : r->a.source;
	o.writes_total = r->phase >= PHASE_WRITE ? r->nwrites : 0;
	o.writes_done = r->phase >= PHASE_WRITE ? r->next : 0;
	if (r->have_after) {
		o.have_after = true;
		o.after_state.enabled = r->after.enabled;
		o.after_state.has_rollout = r->after.has_rollout;
		o.after_state.rollout = r->after.rollout;
		o.after_state.other_strategies = r->after.other_strategies;
	}
	o.before = r->have_before ? flag_state_describe(r->cfg, &r->before) : NULL;
	o.after = r->have_after ? flag_state_describe(r->cfg, &r->after) : NULL;
	journal_entry(r, &o, &jerr);
	action_journal_failed(jerr, &o.message, &o.status);
	sanitize_text(o.message);
	r->cb(&o, r->arg);
	free(o.message);
	free(o.before);
	free(o.after);
	run_free(r);
}

static void submit(struct action_run *, const struct request_desc *);
static void read_parent(struct action_run *);
static void after_checks(struct action_run *);

static void
read_flag(struct action_run *r, enum phase ph)
{
	struct request_desc req;

	r->phase = ph;
	r->ad->read_flag(r->src, r->a.flag, &req);
	submit(r, &req);
	request_desc_free(&req);
}

/* Run every guard; refuse (and finish) unless forced with a reason. */
static int
run_guards(struct action_run *r)
{
	struct guard_ctx g = { r->cfg, r->a.model, &r->a, r->src, &r->before,
	    &r->target, r->parents, r->parent_ok };
	char *why = NULL, *all = NULL, *t;
	size_t i;

	for (i = 0; guard_table[i] != NULL; i++) {
		if (guard_table[i]->check(&g, &why) != 0) {
			t = xasprintf("%s%s%s", all ? all : "", all ? "; " : "", why);
			free(all);
			free(why);
			why = NULL;
			all = t;
		}
	}
	if (all == NULL)
		return 0;
	if (r->a.force) {
		r->forced_past = all;
		return 0;
	}
	r->overridable = 1;
	finish(r, ACTION_REFUSED, xasprintf("%s %s in %s refused: %s",
	    r->a.action, r->a.flag, r->a.env, all));
	free(all);
	return -1;
}

static void
after_read(struct action_run *r, const struct net_response *nr)
{
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };
	char *cause = NULL, *now;
	struct decision dec;
	int missing = 0;
	bool prot;
	const char *stage;

	if (nr->status == 0) {
		finish(r, ACTION_FAILED, xasprintf("cannot read %s: %s", r->a.flag,
		    nr->error ? nr->error : "no answer"));
		return;
	}
	if (r->ad->parse_flag(r->src, r->a.flag, r->a.env, &resp, &r->before,
	    &missing, &cause) != 0) {
		finish(r, missing ? ACTION_USAGE : ACTION_FAILED, cause);
		return;
	}
	r->have_before = 1;
	stage = flag_stage_of(r->cfg, r->before.enabled, r->before.has_rollout,
	    r->before.rollout, r->before.other_strategies);
	if (r->expect_stage != NULL && (strcmp(r->expect_stage, stage) != 0 ||
	    (r->expect_pct != RB_UNKNOWN_INT && (!r->before.has_rollout ||
	    r->before.rollout != r->expect_pct)))) {
		now = flag_state_describe(r->cfg, &r->before);
		finish(r, ACTION_REFUSED, xasprintf("%s in %s changed: it is now %s, "
		    "not %s; nothing written", r->a.flag, r->a.env, now, r->a.expect));
		free(now);
		return;
	}
	prot = decide_env_protected(r->cfg, r->a.env, r->before.env_type);
	switch (flag_decide(r->cfg, r->a.action, r->a.stage, &r->before, prot,
	    &dec)) {
	case DECIDE_USAGE:
		finish(r, ACTION_USAGE, dec.why);
		dec.why = NULL;
		decision_free(&dec);
		return;
	case DECIDE_REFUSED:
		finish(r, ACTION_REFUSED, xasprintf("cannot %s %s in %s: %s",
		    r->a.action, r->a.flag, r->a.env, dec.why));
		decision_free(&dec);
		return;
	case DECIDE_NOTHING:
		finish(r, ACTION_DONE, xasprintf("%s in %s is already %s; nothing "
		    "to change", r->a.flag, r->a.env, dec.before));
		decision_free(&dec);
		return;
	case DECIDE_OK:
		break;
	}
	if (dec.needs_reason && (r->a.reason == NULL || *r->a.reason == '\0') &&
	    !r->a.dry_run) {
		finish(r, ACTION_USAGE, xasprintf("%s %s in %s turns it off for "
		    "everyone in a protected environment: like a kill, it needs "
		    "--reason TEXT", r->a.action, r->a.flag, r->a.env));
		decision_free(&dec);
		return;
	}
	r->target = dec.target;
	decision_free(&dec);
	/*
	 * Raising a child is judged against its parents: read them fresh from
	 * the service first (a poll may lag a write by a second).
	 */
	if (action_raises(&r->before, &r->target) && r->before.ndeps > 0) {
		r->parent_next = 0;
		read_parent(r);
		return;
	}
	after_checks(r);
}

/* The next enabled parent to read, or none: then go on to the guards. */
static void
read_parent(struct action_run *r)
{
	struct request_desc req;
	size_t i;

	for (i = r->parent_next; i < r->before.ndeps && i < ACTION_MAX_PARENTS; i++) {
		if (r->before.deps[i].enabled && r->before.deps[i].flag != NULL)
			break;
	}
	if (i >= r->before.ndeps || i >= ACTION_MAX_PARENTS) {
		after_checks(r);
		return;
	}
	r->parent_next = i;
	r->phase = PHASE_PARENTS;
	r->ad->read_flag(r->src, r->before.deps[i].flag, &req);
	submit(r, &req);
	request_desc_free(&req);
}

static void
after_parent(struct action_run *r, const struct net_response *nr)
{
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };
	size_t i = r->parent_next;
	char *cause = NULL;
	int missing = 0;

	/* A parent that cannot be read is judged from the latest poll. */
	if (nr->status != 0 && r->ad->parse_flag(r->src, r->before.deps[i].flag,
	    r->a.env, &resp, &r->parents[i], &missing, &cause) == 0)
		r->parent_ok[i] = true;
	free(cause);
	r->parent_next = i + 1;
	read_parent(r);
}

/* Guards, then the writes (or the dry-run report). */
static void
after_checks(struct action_run *r)
{
	char *now, *want, *impact;

	if (run_guards(r) != 0)
		return;
	r->nwrites = r->ad->plan_write(r->src, r->a.flag, r->a.env, &r->before,
	    &r->target, r->writes);
	now = flag_state_describe(r->cfg, &r->before);
	if (r->nwrites == 0) {
		finish(r, ACTION_DONE, xasprintf("%s in %s is already %s; nothing to "
		    "change", r->a.flag, r->a.env, now));
		free(now);
		return;
	}
	if (r->a.dry_run) {
		struct flag_state preview;

		flag_state_preview(&r->before, &r->target, &preview);
		want = flag_state_describe(r->cfg, &preview);
		/* What else turns off (or on) with it, from the latest poll. */
		impact = NULL;
		if (r->a.model != NULL && !preview.enabled &&
		    (impact = graph_kill_impact_text(r->a.model, r->a.flag,
		    r->a.env)) == NULL)
			impact = xstrdup("no other flag changes");
		finish(r, ACTION_DRY_RUN, xasprintf("would %s %s in %s: %s -> %s%s%s "
		    "(%zu request%s); nothing written", r->a.action, r->a.flag,
		    r->a.env, now, want, impact ? "; " : "", impact ? impact : "",
		    r->nwrites, r->nwrites == 1 ? "" : "s"));
		free(impact);
		free(want);
		free(now);
		return;
	}
	free(now);
	r->phase = PHASE_WRITE;
	r->next = 0;
	submit(r, &r->writes[r->next]);
}

/*
 * A write answered with anything but a clean 2xx, or not answered at all,
 * proves nothing either way: the service may have applied it before the
 * error (a 500 from a proxy, a reset after the commit).  Never retry it and
 * never send the writes after it; read the flag back and report what the
 * service holds.  Only a first write that did not leave this host at all
 * (refused connection: nothing of this run reached the service) is failed
 * without a read-back.
 */
static void
after_write(struct action_run *r, const struct net_response *nr)
{
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };

	if (nr->status == 0) {
		r->write_error = xstrdup(nr->error ? nr->error : "no answer");
		if (!nr->sent && r->next == 0) {
			finish(r, ACTION_FAILED, xasprintf("%s %s in %s failed: the "
			    "request was not sent (%s); nothing written", r->a.action,
			    r->a.flag, r->a.env, r->write_error));
			return;
		}
		if (nr->sent)
			r->unknown = 1;
		else
			r->not_sent = 1;
		read_flag(r, PHASE_READBACK);
		return;
	}
	switch (r->ad->write_outcome(&resp)) {
	case WRITE_OK:
		if (++r->next < r->nwrites) {
			submit(r, &r->writes[r->next]);
			return;
		}
		break;
	case WRITE_CONFLICT:
		r->conflict = 1;
		break;
	default:
		r->write_error = response_error(&resp);
		break;
	}
	read_flag(r, PHASE_READBACK);
}

/* What went wrong with the write that stopped the run, or NULL. */
static char *
write_trouble(const struct action_run *r)
{
	if (r->write_error == NULL)
		return NULL;
	if (r->unknown)
		return xasprintf("the request got no answer (%s)", r->write_error);
	if (r->not_sent)
		return xasprintf("the request was not sent (%s)", r->write_error);
	return xasprintf("the service answered an error (%s)", r->write_error);
}

/* The same state for the operator: on or off, and the same percentage. */
static bool
same_state(const struct flag_state *a, const struct flag_state *b)
{
	return a->enabled == b->enabled && a->has_rollout == b->has_rollout &&
	    (!a->has_rollout || a->rollout == b->rollout) &&
	    a->other_strategies == b->other_strategies;
}

/* The read-back failed: nothing sure is known about the result. */
static void
readback_failed(struct action_run *r, char *cause)
{
	char *trouble = write_trouble(r);

	if (r->conflict && r->next == 0) {
		/* The service refused the compare-and-set: nothing was written. */
		finish(r, ACTION_REFUSED, xasprintf("%s in %s changed meanwhile: the "
		    "service refused the write, nothing written; it could not be "
		    "read back (%s)", r->a.flag, r->a.env, cause));
	} else {
		finish(r, ACTION_UNKNOWN, xasprintf("%s %s in %s: "
		    "%s%s and the flag could not be read back (%s); check it before "
		    "acting again", r->a.action, r->a.flag, r->a.env,
		    trouble ? trouble : "the service accepted the write",
		    trouble ? "," : "", cause));
	}
	free(trouble);
	free(cause);
}

static void
after_readback(struct action_run *r, const struct net_response *nr)
{
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };
	char *cause = NULL, *now, *was, *trouble, *part;
	int missing = 0;

	if (nr->status == 0 || r->ad->parse_flag(r->src, r->a.flag, r->a.env, &resp,
	    &r->after, &missing, &cause) != 0) {
		if (cause == NULL)
			cause = xstrdup(nr->error ? nr->error : "no answer");
		readback_failed(r, cause);
		return;
	}
	r->have_after = 1;
	now = flag_state_describe(r->cfg, &r->after);
	was = flag_state_describe(r->cfg, &r->before);
	trouble = write_trouble(r);
	if (r->conflict && r->next == 0) {
		finish(r, ACTION_REFUSED, xasprintf("%s in %s changed meanwhile: it is "
		    "now %s, not %s; nothing written", r->a.flag, r->a.env, now, was));
	} else if (r->conflict) {
		/* Earlier writes went through: this is no clean refusal. */
		finish(r, ACTION_FAILED, xasprintf("%s %s in %s stopped after %zu of "
		    "%zu writes: it changed meanwhile; it was %s and the service now "
		    "shows %s; check it before acting again", r->a.action, r->a.flag,
		    r->a.env, r->next, r->nwrites, was, now));
	} else if (flag_state_matches(&r->after, &r->target)) {
		char *forced = r->forced_past ? xasprintf(" (forced past: %s)",
		    r->forced_past) : xstrdup("");

		finish(r, ACTION_DONE, xasprintf("%s in %s: %s -> %s, verified%s%s%s%s",
		    r->a.flag, r->a.env, was, now, forced, trouble ? "; " : "",
		    trouble ? trouble : "", trouble ? " but the change is in place" :
		    ""));
		free(forced);
	} else {
		part = r->next > 0 ? xasprintf(" after %zu of %zu writes", r->next,
		    r->nwrites) : xstrdup("");
		finish(r, ACTION_FAILED, xasprintf("%s %s in %s failed%s: %s; the "
		    "service shows %s%s%s%s", r->a.action, r->a.flag, r->a.env, part,
		    trouble ? trouble : "the writes were accepted",
		    now, same_state(&r->after, &r->before) ? ", unchanged" :
		    ", it was ", same_state(&r->after, &r->before) ? "" : was,
		    r->unknown ? "; check it before acting again" : ""));
		free(part);
	}
	free(trouble);
	free(now);
	free(was);
}

static void
on_answer(const struct net_response *nr, void *arg)
{
	struct action_run *r = arg;

	switch (r->phase) {
	case PHASE_READ:
		after_read(r, nr);
		break;
	case PHASE_PARENTS:
		after_parent(r, nr);
		break;
	case PHASE_WRITE:
		after_write(r, nr);
		break;
	case PHASE_READBACK:
		after_readback(r, nr);
		break;
	}
}

static void
submit(struct action_run *r, const struct request_desc *d)
{
	struct net_response fail;

	if (source_request_submit(r->net, r->src, r->scheme, d, on_answer, r) != 0) {
		memset(&fail, 0, sizeof fail);
		fail.error = "the request could not be started";
		on_answer(&fail, r);
	}
}

static const struct source_cfg *
pick_source(const struct config *cfg, const char *name, char **cause)
{
	const struct source_cfg *s, *found = NULL;
	const struct adapter_entry *ad;
	char *list = NULL, *t;
	size_t i, n = 0;

	if (name != NULL) {
		if ((s = config_find_source(cfg, name)) == NULL) {
			*cause = xasprintf("no source named \"%s\"", name);
			return NULL;
		}
		if ((ad = adapter_find(s->kind)) == NULL || ad->read_flag == NULL) {
			*cause = xasprintf("source %s (%s) has no flags", name, s->kind);
			return NULL;
		}
		return s;
	}
	for (i = 0; i < cfg->nsources; i++) {
		ad = adapter_find(cfg->sources[i].kind);
		if (ad == NULL || ad->read_flag == NULL)
			continue;
		found = &cfg->sources[i];
		t = xasprintf("%s%s%s", list ? list : "", list ? ", " : "", found->name);
		free(list);
		list = t;
		n++;
	}
	if (n == 1) {
		free(list);
		return found;
	}
	*cause = n == 0 ? xstrdup("no flag source (kind unleash) is configured") :
	    xasprintf("several flag sources (%s): choose one with --source", list);
	free(list);
	return NULL;
}

/*
 * "canary", or "killed@20" / "custom@33": the stage the operator saw and,
 * where the stage name alone does not fix it, the percentage.
 */
static int
parse_expect(const struct config *cfg, const char *text, char **stage, int *pct)
{
	const char *at = strchr(text, '@');
	char *end;
	long v;

	*pct = RB_UNKNOWN_INT;
	*stage = at != NULL ? xstrndup(text, (size_t)(at - text)) : xstrdup(text);
	if (stage_find(cfg, *stage) == NULL && strcmp(*stage, "killed") != 0 &&
	    strcmp(*stage, "custom") != 0)
		return -1;
	if (at != NULL) {
		v = strtol(at + 1, &end, 10);
		if (end == at + 1 || (*end != '\0' && strcmp(end, "%") != 0) ||
		    v < 0 || v > 100)
			return -1;
		*pct = (int)v;
	}
	return 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
action_start(struct net *net, const struct config *cfg, const struct action_args *a,
    action_cb cb, void *arg)
{
	struct action_run *r = xcalloc(1, sizeof *r);
	char *cause = NULL, *list;

	r->net = net;
	r->cfg = cfg;
	r->cb = cb;
	r->arg = arg;
	r->a = *a;
	r->a.source = r->s_source = dup_or_null(a->source);
	r->a.flag = r->s_flag = dup_or_null(a->flag);
	r->a.env = r->s_env = dup_or_null(a->env);
	r->a.stage = r->s_stage = dup_or_null(a->stage);
	r->a.expect = r->s_expect = dup_or_null(a->expect);
	r->a.reason = r->s_reason = dup_or_null(a->reason);
	r->journal = journal_path(cfg->journal);
	r->expect_pct = RB_UNKNOWN_INT;

	if ((r->ae = action_find(a->action ? a->action : "")) == NULL) {
		finish(r, ACTION_USAGE, xasprintf("unknown action \"%s\" (actions: "
		    "stage, kill, restore)", a->action ? a->action : ""));
		return;
	}
	if (a->flag == NULL || *a->flag == '\0') {
		finish(r, ACTION_USAGE, xstrdup("which flag? (usage: relboard "
		    "flag ACTION FLAG ...)"));
		return;
	}
	if (a->env == NULL || *a->env == '\0') {
		finish(r, ACTION_USAGE, xstrdup("--env ENV is required"));
		return;
	}
	if (r->ae->needs_stage && (a->stage == NULL || *a->stage == '\0')) {
		list = stage_list(cfg);
		finish(r, ACTION_USAGE, xasprintf("which stage? (stages: %s, or "
		    "next, previous)", list));
		free(list);
		return;
	}
	if (r->ae->needs_stage && strcmp(a->stage, "next") != 0 &&
	    strcmp(a->stage, "previous") != 0 && stage_find(cfg, a->stage) == NULL) {
		list = stage_list(cfg);
		finish(r, ACTION_USAGE, xasprintf("unknown stage \"%s\" (stages: %s)",
		    a->stage, list));
		free(list);
		return;
	}
	if (a->expect != NULL && parse_expect(cfg, a->expect, &r->expect_stage,
	    &r->expect_pct) != 0) {
		list = stage_list(cfg);
		finish(r, ACTION_USAGE, xasprintf("--expect %s: not a stage "
		    "(STAGE or STAGE@PERCENT; stages: %s, custom, killed)",
		    a->expect, list));
		free(list);
		return;
	}
	if (r->ae->needs_reason && (a->reason == NULL || *a->reason == '\0')) {
		finish(r, ACTION_USAGE, xasprintf("%s needs --reason TEXT", a->action));
		return;
	}
	if (a->force && (a->reason == NULL || *a->reason == '\0')) {
		finish(r, ACTION_USAGE, xstrdup("--force needs --reason TEXT"));
		return;
	}
	if ((r->src = pick_source(cfg, a->source, &cause)) == NULL) {
		finish(r, ACTION_USAGE, cause);
		return;
	}
	r->ad = adapter_find(r->src->kind);
	if (journal_check(r->journal, &cause) != 0) {
		/* Without a journal nothing is changed. */
		free(r->journal);
		r->journal = NULL;
		finish(r, ACTION_REFUSED, xasprintf("cannot journal, so nothing is "
		    "changed: %s", cause));
		free(cause);
		return;
	}
	if (a->readonly && !a->dry_run) {
		finish(r, ACTION_REFUSED, xstrdup("read-only: relboard makes no "
		    "changes (--readonly or \"readonly\" in the config)"));
		return;
	}
	r->scheme = r->ad->auth_scheme;
	read_flag(r, PHASE_READ);
}
