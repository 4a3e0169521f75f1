/*
 * notify.c - sends announcements to the configured webhooks: one POST per
 * webhook whose events include the event's kind, all at once, each with
 * the webhook's timeout.  Answers other than 2xx and transport failures
 * are journaled as records of kind "notify" and summed up in one line for
 * the caller; the action they announce is never touched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "actions/action.h"
#include "actions/actor.h"
#include "actions/journal.h"
#include "actions/notify.h"
#include "actions/rollout_action.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/net.h"

/* One announcement on its way to its webhooks. */
struct notify_run {
	size_t		 pending;	/* answers still to come, plus one while starting */
	char		*failures;
	char		*journal;
	json_t		*record;	/* the journal record's common fields */
	notify_cb	 cb;
	void		*arg;
};

/* POSTs not yet answered, for notify_in_flight(). */
static size_t in_flight;

/* One webhook's POST. */
struct notify_post {
	struct notify_run *run;
	const struct notify_cfg *hook;
};

static void
run_done(struct notify_run *n)
{
	if (--n->pending > 0)
		return;
	n->cb(n->failures, n->arg);
	free(n->failures);
	free(n->journal);
	json_decref(n->record);
	free(n);
}

/* Journal the failure and add it to the summary. */
static void
failed(struct notify_run *n, const struct notify_cfg *hook, const char *why)
{
	json_t *e = json_deep_copy(n->record);
	char when[32], *jerr = NULL, *line, *t;

	format_rfc3339(now_wall(), when, sizeof when);
	json_object_set_new(e, "time", json_string(when));
	json_object_set_new(e, "webhook", json_text(hook->name));
	json_object_set_new(e, "result", json_string("failed"));
	json_object_set_new(e, "error", json_text(why));
	if (n->journal == NULL || journal_append(n->journal, e, &jerr) != 0)
		line = xasprintf("%s: %s (not journaled: %s)", hook->name, why,
		    jerr != NULL ? jerr : "no journal");
	else
		line = xasprintf("%s: %s", hook->name, why);
	json_decref(e);
	free(jerr);
	t = xasprintf("%s%s%s", n->failures ? n->failures : "", n->failures ?
	    "; " : "", line);
	free(line);
	free(n->failures);
	n->failures = t;
	sanitize_text(n->failures);
}

static void
on_answer(const struct net_response *nr, void *arg)
{
	struct notify_post *p = arg;
	char *why, *first;

	if (nr->status == 0) {
		why = xasprintf("not delivered: %s", nr->error != NULL ?
		    nr->error : "no answer");
		failed(p->run, p->hook, why);
		free(why);
	} else if (nr->status < 200 || nr->status > 299) {
		first = sanitize_line(nr->body != NULL ? nr->body : "", nr->len, 120);
		why = xasprintf("the webhook answered HTTP %ld%s%s", nr->status,
		    *first ? ": " : "", first);
		failed(p->run, p->hook, why);
		free(why);
		free(first);
	}
	in_flight--;
	run_done(p->run);
	free(p);
}

size_t
notify_announce(struct net *net, const struct config *cfg,
    const struct notify_event *in, notify_cb cb, void *arg)
{
	struct notify_event ev = *in;
	struct notify_run *n;
	struct notify_post *p;
	struct net_request req;
	struct net_response fail;
	struct actor who;
	char *body;
	json_t *b;
	size_t i, sent = 0;

	for (i = 0; i < cfg->nnotify; i++) {
		if (cfg->notify[i].events & ev.kind)
			break;
	}
	if (i == cfg->nnotify)
		return 0;
	actor_get(&who);
	if (ev.user == NULL)
		ev.user = who.user;
	if (ev.host == NULL)
		ev.host = who.host;
	if (ev.ssh_origin == NULL)
		ev.ssh_origin = who.ssh_ip;
	if (ev.time == 0)
		ev.time = now_wall();
	b = notify_body(&ev);
	body = json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(b);

	n = xcalloc(1, sizeof *n);
	n->cb = cb;
	n->arg = arg;
	n->pending = 1;
	n->journal = journal_path(cfg->journal);
	n->record = json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o}",
	    "time", "", "kind", "notify", "user", json_text(ev.user),
	    "ssh_origin", json_text(who.ssh_origin), "event",
	    notify_body_kind(ev.kind), "action", json_text(ev.action),
	    "source", json_text(ev.source), ev.kind == NOTIFY_ROLLOUT ?
	    "rollout" : "flag", json_text(ev.subject), "environment",
	    json_text(ev.environment));
	actor_free(&who);

	for (i = 0; i < cfg->nnotify; i++) {
		const struct notify_cfg *hook = &cfg->notify[i];

		if (!(hook->events & ev.kind))
			continue;
		p = xcalloc(1, sizeof *p);
		p->run = n;
		p->hook = hook;
		memset(&req, 0, sizeof req);
		req.method = "POST";
		req.url = hook->url;
		req.body = body;
		req.content_type = "application/json";
		req.timeout_ms = (long)(hook->timeout_s * 1000);
		req.max_body = 64 * 1024;
		n->pending++;
		sent++;
		in_flight++;
		if (net == NULL || net_submit(net, &req, on_answer, p) != 0) {
			memset(&fail, 0, sizeof fail);
			fail.error = "the request could not be started";
			on_answer(&fail, p);
		}
	}
	free(body);
	run_done(n);
	return sent;
}

/* An outcome's result word; NULL for what is not announced. */
static const char *
result_word(enum action_status st)
{
	switch (st) {
	case ACTION_DONE:
		return "done";
	case ACTION_REFUSED:
		return "refused";
	case ACTION_FAILED:
		return "failed";
	case ACTION_UNKNOWN:
		return "unknown";
	default:
		return NULL;	/* a dry run or a usage error */
	}
}

int
notify_flag_event(const struct action_args *a, const struct action_outcome *o,
    struct notify_event *ev)
{
	if (result_word(o->status) == NULL)
		return -1;
	memset(ev, 0, sizeof *ev);
	ev->kind = NOTIFY_FLAG;
	ev->source = o->source != NULL ? o->source : a->source;
	ev->subject = a->flag;
	ev->action = a->action;
	ev->environment = a->env;
	ev->before = o->before;
	ev->after = o->after;
	ev->reason = a->reason;
	ev->result = result_word(o->status);
	ev->message = o->status == ACTION_DONE ? NULL : o->message;
	return 0;
}

int
notify_rollout_event(const struct rollout_action_args *a,
    const struct rollout_outcome *o, char *subject, size_t len,
    struct notify_event *ev)
{
	if (result_word(o->status) == NULL)
		return -1;
	memset(ev, 0, sizeof *ev);
	if (o->namespace != NULL && o->name != NULL)
		snprintf(subject, len, "%s/%s", o->namespace, o->name);
	else
		snprintf(subject, len, "%s", a->ref != NULL ? a->ref : "?");
	ev->kind = NOTIFY_ROLLOUT;
	ev->source = o->source != NULL ? o->source : a->source;
	ev->subject = subject;
	ev->action = a->full ? "promote --full" : a->action;
	ev->before = o->before;
	ev->after = o->after;
	ev->reason = a->reason;
	ev->result = result_word(o->status);
	ev->message = o->status == ACTION_DONE ? NULL : o->message;
	return 0;
}

size_t
notify_rollout_outcome(struct net *net, const struct config *cfg,
    const struct rollout_action_args *a, const struct rollout_outcome *o,
    notify_cb cb, void *arg)
{
	struct notify_event ev;
	char subject[512];

	if (notify_rollout_event(a, o, subject, sizeof subject, &ev) != 0)
		return 0;
	return notify_announce(net, cfg, &ev, cb, arg);
}

size_t
notify_flag_outcome(struct net *net, const struct config *cfg,
    const struct action_args *a, const struct action_outcome *o, notify_cb cb,
    void *arg)
{
	struct notify_event ev;

	if (notify_flag_event(a, o, &ev) != 0)
		return 0;
	return notify_announce(net, cfg, &ev, cb, arg);
}

size_t
notify_in_flight(void)
{
	return in_flight;
}
