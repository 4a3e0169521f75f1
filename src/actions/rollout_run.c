/*
 * rollout_run.c - runs one rollout action: read the Rollout, check it
 * against what the operator saw, decide (core/rollout_decide.h), run the
 * guards, send the decision's merge patches in order, each a
 * compare-and-set on the resourceVersion of the answer before it, read the
 * Rollout back, verify, journal the attempt and report once.  As with
 * flags, a patch is never retried: whatever its answer, the Rollout is
 * read back and the outcome is what the cluster then holds.  The one
 * resend is the plugin's own: a status patch answered 404 (a cluster
 * without the status subresource) goes to the Rollout itself instead.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "actions/journal.h"
#include "actions/rollout_action.h"
#include "core/adapters/argo_write.h"
#include "core/rollout_ref.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/net.h"
#include "net/source_request.h"

enum rphase { RP_READ, RP_WRITE, RP_READBACK };

struct rollout_run {
	struct net	*net;
	const struct config *cfg;
	const struct source_cfg *src;
	struct rollout_action_args a;	/* strings below are copies */
	char		*s_action, *s_ref, *s_source, *s_expect, *s_reason;
	char		*ns, *name;	/* resolved */
	enum rollout_verb verb;
	const char	*scheme;	/* the adapter's Authorization scheme */
	char		*journal;
	enum rphase	 phase;
	struct rollout	 before, after;
	int		 have_before, have_after;
	struct rollout_decision dec;
	char		*rv;		/* the resourceVersion the next patch tests */
	size_t		 next;		/* the patch being sent */
	int		 fallback;	/* sending patches[next].fallback */
	size_t		 sent_ok;	/* patches the cluster accepted */
	int		 unknown, conflict;
	char		*write_error;
	rollout_action_cb cb;
	void		*arg;
};

static void
journal_entry(struct rollout_run *r, const struct rollout_outcome *o,
    char **jerr)
{
	char *ref;
	json_t *e;

	if (r->journal == NULL)
		return;
	e = journal_entry_new(r->a.action);
	ref = r->ns != NULL ? xasprintf("%s/%s", r->ns, r->name) : NULL;
	json_object_set_new(e, "source", json_text(r->src ? r->src->name :
	    r->a.source));
	json_object_set_new(e, "rollout", json_text(ref ? ref : r->a.ref));
	json_object_set_new(e, "full", json_boolean(r->a.full));
	json_object_set_new(e, "before", json_text(o->before));
	json_object_set_new(e, "after", json_text(o->after));
	json_object_set_new(e, "reason", json_text(r->a.reason));
	json_object_set_new(e, "forced", json_false());
	json_object_set_new(e, "result",
	    json_string(action_status_word(o->status)));
	json_object_set_new(e, "error", o->status == ACTION_DONE ||
	    o->status == ACTION_DRY_RUN ? json_null() : json_text(o->message));
	journal_append(r->journal, e, jerr);
	json_decref(e);
	free(ref);
}

static void
run_free(struct rollout_run *r)
{
	if (r->have_before)
		rollout_free(&r->before);
	if (r->have_after)
		rollout_free(&r->after);
	rollout_decide_free(&r->dec);
	free(r->s_action);
	free(r->s_ref);
	free(r->s_source);
	free(r->s_expect);
	free(r->s_reason);
	free(r->ns);
	free(r->name);
	free(r->journal);
	free(r->rv);
	free(r->write_error);
	free(r);
}

/* Report, journal and free.  Takes ownership of msg. */
static void
finish(struct rollout_run *r, enum action_status st, char *msg)
{
	struct rollout_outcome o;
	char *jerr = NULL;

	memset(&o, 0, sizeof o);
	o.status = st;
	o.message = msg;
	o.source = r->src ? r->src->name : NULL;
	o.namespace = r->ns;
	o.name = r->name;
	o.writes_total = r->phase >= RP_WRITE ? r->dec.npatches : 0;
	o.writes_done = r->sent_ok;
	o.before = r->have_before ? rollout_decide_describe(&r->before) : NULL;
	o.after = r->have_after ? rollout_decide_describe(&r->after) : NULL;
	o.after_row = r->have_after ? &r->after : NULL;
	journal_entry(r, &o, &jerr);
	action_journal_failed(jerr, &o.message, &o.status);
	sanitize_text(o.message);
	r->cb(&o, r->arg);
	free(o.message);
	free(o.before);
	free(o.after);
	run_free(r);
}

static void on_answer(const struct net_response *, void *);

static void
submit(struct rollout_run *r, const struct request_desc *d)
{
	struct net_response fail;

	if (source_request_submit(r->net, r->src, r->scheme, d, on_answer, r) != 0) {
		memset(&fail, 0, sizeof fail);
		fail.error = "the request could not be started";
		on_answer(&fail, r);
	}
}

static void
read_rollout(struct rollout_run *r, enum rphase ph)
{
	struct request_desc req;

	r->phase = ph;
	argo_write_read(r->ns, r->name, &req);
	submit(r, &req);
	request_desc_free(&req);
}

static void
send_patch(struct rollout_run *r)
{
	struct request_desc req;

	argo_write_patch(r->ns, r->name, &r->dec.patches[r->next], r->fallback,
	    r->rv, &req);
	submit(r, &req);
	request_desc_free(&req);
}

static const char *
verb_name(const struct rollout_run *r)
{
	return rollout_decide_verb_name(r->verb);
}

/* Every guard; refuse (and finish) when one objects. */
static int
run_guards(struct rollout_run *r)
{
	struct rollout_guard_ctx g = { r->cfg, r->a.model, r->src->name, r->ns,
	    r->name, &r->dec };
	char *why = NULL, *all = NULL, *t;
	size_t i;

	for (i = 0; rollout_guard_table[i] != NULL; i++) {
		if (rollout_guard_table[i]->check(&g, &why) != 0) {
			t = xasprintf("%s%s%s", all ? all : "", all ? "; " : "", why);
			free(all);
			free(why);
			why = NULL;
			all = t;
		}
	}
	if (all == NULL)
		return 0;
	finish(r, ACTION_REFUSED, xasprintf("%s %s/%s refused: %s", verb_name(r),
	    r->ns, r->name, all));
	free(all);
	return -1;
}

/* "PATCH .../status {...}; PATCH ... {...}" for a dry run. */
static char *
plan_text(const struct rollout_run *r)
{
	char *all = NULL, *t;
	size_t i;

	for (i = 0; i < r->dec.npatches; i++) {
		t = xasprintf("%s%sPATCH %s%s %s", all ? all : "", all ? "; " : "",
		    r->name, r->dec.patches[i].to_status ? "/status" : "",
		    r->dec.patches[i].body);
		free(all);
		all = t;
	}
	return all;
}

static void
after_read(struct rollout_run *r, const struct net_response *nr)
{
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };
	char *cause = NULL, *seen, *plan;
	int missing = 0;

	if (nr->status == 0) {
		finish(r, ACTION_FAILED, xasprintf("cannot read rollout %s/%s: %s",
		    r->ns, r->name, nr->error ? nr->error : "no answer"));
		return;
	}
	if (argo_write_parse(r->src, r->ns, r->name, &resp, &r->before,
	    &missing, &cause) != 0) {
		finish(r, missing ? ACTION_USAGE : ACTION_FAILED, cause);
		return;
	}
	r->have_before = 1;
	seen = rollout_decide_seen(&r->before);
	if (r->a.expect != NULL && strcmp(seen, r->a.expect) != 0) {
		finish(r, ACTION_REFUSED, xasprintf("%s/%s changed: it is now %s, "
		    "not %s; nothing written", r->ns, r->name, seen, r->a.expect));
		free(seen);
		return;
	}
	free(seen);
	switch (rollout_decide(r->verb, &r->before, &r->dec)) {
	case DECIDE_USAGE:
		finish(r, ACTION_USAGE, xstrdup(r->dec.why));
		return;
	case DECIDE_REFUSED:
		finish(r, ACTION_REFUSED, xasprintf("cannot %s %s/%s: %s",
		    verb_name(r), r->ns, r->name, r->dec.why));
		return;
	case DECIDE_NOTHING:
		finish(r, ACTION_DONE, xasprintf("%s/%s: %s", r->ns, r->name,
		    r->dec.why));
		return;
	case DECIDE_OK:
		break;
	}
	if (run_guards(r) != 0)
		return;
	if (r->a.dry_run) {
		plan = plan_text(r);
		finish(r, ACTION_DRY_RUN, xasprintf("would %s %s/%s: %s -> %s: %s "
		    "(%zu request%s); nothing written", verb_name(r), r->ns,
		    r->name, r->dec.before, r->dec.after, plan, r->dec.npatches,
		    r->dec.npatches == 1 ? "" : "s"));
		free(plan);
		return;
	}
	r->rv = r->before.live.resource_version ?
	    xstrdup(r->before.live.resource_version) : NULL;
	r->phase = RP_WRITE;
	r->next = 0;
	send_patch(r);
}

/*
 * A patch answered with anything but a clean 2xx (or 404 on a status
 * patch, see the top), or not answered at all, stops the run: the Rollout
 * is read back and the outcome is what it shows.
 */
static void
after_write(struct rollout_run *r, const struct net_response *nr)
{
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };
	struct rollout now;
	char *cause = NULL;
	int missing = 0;

	if (nr->status == 0) {
		r->write_error = xstrdup(nr->error ? nr->error : "no answer");
		if (!nr->sent && r->sent_ok == 0) {
			finish(r, ACTION_FAILED, xasprintf("%s %s/%s failed: the "
			    "request was not sent (%s); nothing written",
			    verb_name(r), r->ns, r->name, r->write_error));
			return;
		}
		r->unknown = nr->sent;
		read_rollout(r, RP_READBACK);
		return;
	}
	if (nr->status == 404 && !r->fallback &&
	    r->dec.patches[r->next].to_status &&
	    r->dec.patches[r->next].fallback != NULL) {
		r->fallback = 1;
		send_patch(r);
		return;
	}
	switch (argo_write_outcome(&resp)) {
	case WRITE_OK:
		r->sent_ok++;
		/* The next patch tests the resourceVersion this one made. */
		if (argo_write_parse(r->src, r->ns, r->name, &resp, &now,
		    &missing, &cause) == 0) {
			free(r->rv);
			r->rv = now.live.resource_version ?
			    xstrdup(now.live.resource_version) : NULL;
			rollout_free(&now);
		} else {
			r->write_error = cause;
			break;
		}
		/* A fallback patch stands in for the rest. */
		if (!r->fallback && ++r->next < r->dec.npatches) {
			send_patch(r);
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
	read_rollout(r, RP_READBACK);
}

static char *
write_trouble(const struct rollout_run *r)
{
	if (r->write_error == NULL)
		return NULL;
	if (r->unknown)
		return xasprintf("a patch got no answer (%s)", r->write_error);
	return xasprintf("the cluster answered an error (%s)", r->write_error);
}

static void
after_readback(struct rollout_run *r, const struct net_response *nr)
{
	struct response resp = { nr->status, nr->body, nr->len, nr->error, 0 };
	char *cause = NULL, *now, *was, *trouble;
	int missing = 0;

	trouble = write_trouble(r);
	if (nr->status == 0 || argo_write_parse(r->src, r->ns, r->name, &resp,
	    &r->after, &missing, &cause) != 0) {
		if (cause == NULL)
			cause = xstrdup(nr->error ? nr->error : "no answer");
		if (r->conflict && r->sent_ok == 0)
			finish(r, ACTION_REFUSED, xasprintf("%s/%s changed "
			    "meanwhile: the cluster refused the patch, nothing "
			    "written; it could not be read back (%s)", r->ns,
			    r->name, cause));
		else
			finish(r, ACTION_UNKNOWN, xasprintf("%s %s/%s: %s%s and it "
			    "could not be read back (%s); check it before acting "
			    "again", verb_name(r), r->ns, r->name, trouble ?
			    trouble : "the cluster accepted the patches",
			    trouble ? "," : "", cause));
		free(cause);
		free(trouble);
		return;
	}
	r->have_after = 1;
	now = rollout_decide_describe(&r->after);
	was = rollout_decide_describe(&r->before);
	if (r->conflict && r->sent_ok == 0) {
		finish(r, ACTION_REFUSED, xasprintf("%s/%s changed meanwhile (the "
		    "cluster refused the patch: resourceVersion %s is gone); it "
		    "is now %s; nothing written", r->ns, r->name,
		    r->before.live.resource_version ?
		    r->before.live.resource_version : "?", now));
	} else if (rollout_decide_verify(&r->dec, &r->before, &r->after)) {
		finish(r, ACTION_DONE, xasprintf("%s/%s %s: %s -> %s, verified%s%s",
		    r->ns, r->name, verb_name(r), was, now, trouble ? "; " : "",
		    trouble ? trouble : ""));
	} else {
		finish(r, ACTION_FAILED, xasprintf("%s %s/%s failed%s: %s; the "
		    "cluster shows %s (it was %s)%s", verb_name(r), r->ns,
		    r->name, r->conflict ? " (it changed meanwhile)" : "",
		    trouble ? trouble : "the patches were accepted", now, was,
		    r->unknown ? "; check it before acting again" : ""));
	}
	free(trouble);
	free(now);
	free(was);
}

static void
on_answer(const struct net_response *nr, void *arg)
{
	struct rollout_run *r = arg;

	switch (r->phase) {
	case RP_READ:
		after_read(r, nr);
		break;
	case RP_WRITE:
		after_write(r, nr);
		break;
	case RP_READBACK:
		after_readback(r, nr);
		break;
	}
}

static int
is_argo(const struct source_cfg *s)
{
	return strcmp(s->kind, "argo-rollouts") == 0;
}

/*
 * The source, namespace and name `ref` means (with --source for NS/NAME):
 * 0, or -1 with *cause.
 */
static int
resolve(struct rollout_run *r, char **cause)
{
	char *full = NULL, *with, *p, *q;
	const char *ref = r->a.ref;

	if (ref == NULL || *ref == '\0') {
		*cause = xstrdup("which rollout? (usage: relboard rollout ACTION "
		    "[SOURCE/]NAMESPACE/NAME ...)");
		return -1;
	}
	if (strchr(ref, '/') == NULL) {
		*cause = xasprintf("\"%s\": name the rollout as NAMESPACE/NAME or "
		    "SOURCE/NAMESPACE/NAME", ref);
		return -1;
	}
	with = r->a.source != NULL && strchr(strchr(ref, '/') + 1, '/') == NULL ?
	    xasprintf("%s/%s", r->a.source, ref) : xstrdup(ref);
	if (rollout_ref_resolve(r->cfg, with, &full, cause) != 0) {
		free(with);
		return -1;
	}
	free(with);
	p = strchr(full, '/');
	q = p != NULL ? strchr(p + 1, '/') : NULL;
	if (q == NULL) {
		*cause = xasprintf("no argo-rollouts source watches \"%s\"", ref);
		free(full);
		return -1;
	}
	*p = *q = '\0';
	r->src = config_find_source(r->cfg, full);
	if (r->src == NULL || !is_argo(r->src) ||
	    (r->a.source != NULL && strcmp(r->a.source, full) != 0)) {
		*cause = xasprintf("\"%s\" is not a rollout of source %s", ref,
		    r->a.source != NULL ? r->a.source : full);
		r->src = NULL;
		free(full);
		return -1;
	}
	r->ns = xstrdup(p + 1);
	r->name = xstrdup(q + 1);
	free(full);
	return 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
rollout_action_start(struct net *net, const struct config *cfg,
    const struct rollout_action_args *a, rollout_action_cb cb, void *arg)
{
	struct rollout_run *r = xcalloc(1, sizeof *r);
	char *cause = NULL;

	r->net = net;
	r->cfg = cfg;
	r->cb = cb;
	r->arg = arg;
	r->a = *a;
	r->a.action = r->s_action = dup_or_null(a->action);
	r->a.ref = r->s_ref = dup_or_null(a->ref);
	r->a.source = r->s_source = dup_or_null(a->source);
	r->a.expect = r->s_expect = dup_or_null(a->expect);
	r->a.reason = r->s_reason = dup_or_null(a->reason);
	r->journal = journal_path(cfg->journal);

	if (rollout_action_find(a->action) == NULL) {
		finish(r, ACTION_USAGE, xasprintf("unknown rollout action \"%s\" "
		    "(actions: promote, abort, retry, pause)", a->action ?
		    a->action : ""));
		return;
	}
	if (rollout_decide_verb(a->action, a->full, &r->verb) != 0) {
		finish(r, ACTION_USAGE, xasprintf("--full is an option of "
		    "promote, not %s", a->action));
		return;
	}
	if (a->reason == NULL || *a->reason == '\0') {
		finish(r, ACTION_USAGE, xasprintf("rollout %s needs --reason TEXT",
		    a->action));
		return;
	}
	if (resolve(r, &cause) != 0) {
		finish(r, ACTION_USAGE, cause);
		return;
	}
	if (journal_check(r->journal, &cause) != 0) {
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
	r->scheme = adapter_find(r->src->kind)->auth_scheme;
	read_rollout(r, RP_READ);
}
