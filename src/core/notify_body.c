/*
 * notify_body.c - builds a webhook announcement from an event: a readable
 * line for chat ("alice@bastion (from 10.0.0.5) moved new-checkout in
 * production: canary (5%) -> early (20%) (verified) - reason: step up")
 * and the structured fields behind it.  Pure: no I/O, no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "core/notify_body.h"
#include "core/sanitize.h"
#include "core/util.h"

/* How an action reads in a sentence. */
static const struct {
	const char	*action;
	const char	*verb;
} verbs[] = {
	{ "stage",	"moved" },
	{ "kill",	"killed" },
	{ "restore",	"restored" },
	{ "promote",	"promoted" },
	{ "abort",	"aborted" },
	{ "retry",	"retried" },
	{ "pause",	"paused" },
};

const char *
notify_body_kind(enum notify_kind k)
{
	switch (k) {
	case NOTIFY_FLAG:
		break;
	case NOTIFY_ROLLOUT:
		return "rollout";
	case NOTIFY_PLAN:
		return "plan";
	}
	return "flag";
}

static const char *
verb_of(const char *action)
{
	size_t i;

	for (i = 0; action != NULL && i < sizeof verbs / sizeof verbs[0]; i++) {
		if (strcmp(verbs[i].action, action) == 0)
			return verbs[i].verb;
	}
	return action != NULL ? action : "changed";
}

/* "(verified)", "(refused: ...)": how it turned out. */
static char *
outcome_words(const struct notify_event *ev)
{
	const char *r = ev->result != NULL ? ev->result : "unknown";
	const char *m = ev->message;

	if (strcmp(r, "done") == 0)
		return xstrdup("(verified)");
	if (strcmp(r, "unknown") == 0)
		r = "outcome unknown";
	else if (strcmp(r, "failed") == 0)
		r = "FAILED";
	return xasprintf("(%s%s%s)", r, m != NULL ? ": " : "", m != NULL ? m : "");
}

char *
notify_body_text(const struct notify_event *ev)
{
	char *who, *change, *how, *text, *nl;
	int done;

	who = xasprintf("%s%s%s%s%s%s", ev->user != NULL ? ev->user : "someone",
	    ev->host != NULL ? "@" : "", ev->host != NULL ? ev->host : "",
	    ev->ssh_origin != NULL ? " (from " : "",
	    ev->ssh_origin != NULL ? ev->ssh_origin : "",
	    ev->ssh_origin != NULL ? ")" : "");
	if (ev->after != NULL)
		change = xasprintf(": %s -> %s", ev->before != NULL ? ev->before :
		    "?", ev->after);
	else if (ev->before != NULL)
		change = xasprintf(": at %s", ev->before);
	else
		change = xstrdup("");
	how = outcome_words(ev);
	done = ev->result != NULL && strcmp(ev->result, "done") == 0;
	text = xasprintf("%s%s%s%s %s%s%s%s%s%s%s %s", ev->plan != NULL ?
	    "plan " : "", ev->plan != NULL ? ev->plan : "", ev->plan != NULL ?
	    ": " : "", who, done ? "" : "tried to ", done ?
	    verb_of(ev->action) : ev->action != NULL ? ev->action : "change",
	    ev->subject != NULL ? " " : "", ev->subject != NULL ?
	    ev->subject : "", ev->environment != NULL ?
	    " in " : "", ev->environment != NULL ? ev->environment : "",
	    change, how);
	if (ev->reason != NULL && *ev->reason != '\0') {
		char *t = xasprintf("%s \xe2\x80\x94 reason: %s", text, ev->reason);

		free(text);
		text = t;
	}
	/* One line: a reason or message never breaks it. */
	for (nl = text; (nl = strpbrk(nl, "\r\n")) != NULL; nl++)
		*nl = ' ';
	free(who);
	free(change);
	free(how);
	sanitize_text(text);
	return text;
}

json_t *
notify_body(const struct notify_event *ev)
{
	json_t *b = json_object();
	char when[32], *text = notify_body_text(ev);

	format_rfc3339(ev->time, when, sizeof when);
	json_object_set_new(b, "text", json_text(text));
	json_object_set_new(b, "event",
	    json_string(notify_body_kind(ev->kind)));
	json_object_set_new(b, "time", json_string(when));
	json_object_set_new(b, "user", json_text(ev->user));
	json_object_set_new(b, "host", json_text(ev->host));
	json_object_set_new(b, "ssh_origin", json_text(ev->ssh_origin));
	json_object_set_new(b, "source", json_text(ev->source));
	if (ev->kind == NOTIFY_PLAN)
		json_object_set_new(b, "plan", json_text(ev->plan));
	json_object_set_new(b, ev->kind == NOTIFY_ROLLOUT ? "rollout" : "flag",
	    json_text(ev->subject));
	json_object_set_new(b, "action", json_text(ev->action));
	json_object_set_new(b, "environment", json_text(ev->environment));
	json_object_set_new(b, "before", json_text(ev->before));
	json_object_set_new(b, "after", json_text(ev->after));
	json_object_set_new(b, "reason", json_text(ev->reason));
	json_object_set_new(b, "result", json_text(ev->result));
	json_object_set_new(b, "message", json_text(ev->message));
	free(text);
	return b;
}
