/*
 * unleash_events.c - the unleash adapter's flag history for the journal
 * view: the request for one flag's events in Unleash's event log
 * (GET /api/admin/search/events?feature=IS:NAME&limit=N, newest first)
 * and a pure parser of its answer into flag events, each saying who made
 * the change, when, in which environment and what changed ("rollout 5% ->
 * 20%", "enabled", "strategy flexibleRollout added (5%)").  Changes made
 * by anyone, in Unleash's UI, by its API or by another relboard, are there.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/sanitize.h"
#include "core/timearg.h"
#include "core/util.h"

#define UNLEASH_FLAG_EVENTS	50	/* events asked for, newest first */

int	unleash_parse_rollout(json_t *);
void	unleash_read_events(const struct source_cfg *, const char *,
	    struct request_desc *);
int	unleash_parse_events(const struct source_cfg *, const char *,
	    const struct response *, struct flag_event **, size_t *, char **);

void
unleash_read_events(const struct source_cfg *s, const char *flag,
    struct request_desc *req)
{
	char *f = url_escape(flag);

	memset(req, 0, sizeof *req);
	req->method = xstrdup("GET");
	req->path = xasprintf("/api/admin/search/events?feature=IS:%s&limit=%d",
	    f, UNLEASH_FLAG_EVENTS);
	free(f);
}

/* A strategy's name and rollout in words: "flexibleRollout (5%)". */
static char *
strategy_words(json_t *s)
{
	const char *name = json_string_value(json_object_get(s, "name"));
	int pct = unleash_parse_rollout(json_object_get(json_object_get(s,
	    "parameters"), "rollout"));

	if (name == NULL)
		name = "?";
	if (pct == RB_UNKNOWN_INT)
		return xstrdup(name);
	return xasprintf("%s (%d%%)", name, pct);
}

/* What one event changed, in a few words. */
static char *
event_what(const char *type, json_t *data, json_t *pre)
{
	const char *t = type;
	char *a, *b, *out, *p;
	int from, to;

	if (strcmp(type, "feature-environment-enabled") == 0)
		return xstrdup("enabled");
	if (strcmp(type, "feature-environment-disabled") == 0)
		return xstrdup("disabled");
	if (strcmp(type, "feature-strategy-update") == 0) {
		from = unleash_parse_rollout(json_object_get(json_object_get(pre,
		    "parameters"), "rollout"));
		to = unleash_parse_rollout(json_object_get(json_object_get(data,
		    "parameters"), "rollout"));
		if (from != RB_UNKNOWN_INT && to != RB_UNKNOWN_INT && from != to)
			return xasprintf("rollout %d%% -> %d%%", from, to);
		a = strategy_words(data);
		out = xasprintf("strategy %s updated", a);
		free(a);
		return out;
	}
	if (strcmp(type, "feature-strategy-add") == 0 ||
	    strcmp(type, "feature-strategy-remove") == 0) {
		a = strategy_words(type[17] == 'a' ? data : pre);
		b = xasprintf("strategy %s %s", a, type[17] == 'a' ? "added" :
		    "removed");
		free(a);
		return b;
	}
	/* "feature-dependency-added" -> "dependency added". */
	if (strncmp(t, "feature-", 8) == 0 && t[8] != '\0')
		t += 8;
	out = xstrdup(t);
	for (p = out; *p != '\0'; p++) {
		if (*p == '-')
			*p = ' ';
	}
	return out;
}

static char *
text_or(json_t *v, const char *dflt)
{
	const char *s = json_string_value(v);
	char *d;

	if (s == NULL)
		return dflt != NULL ? xstrdup(dflt) : NULL;
	d = sanitize_ndup(s, json_string_length(v), 200);
	return d;
}

int
unleash_parse_events(const struct source_cfg *s, const char *flag,
    const struct response *r, struct flag_event **out, size_t *n,
    char **cause)
{
	struct flag_event *evs = NULL, *fe;
	json_t *root, *list, *e;
	json_error_t jerr;
	const char *name, *type, *when;
	char *why;
	size_t i, cap = 0;

	*out = NULL;
	*n = 0;
	if (r->status != 200) {
		why = response_error(r);
		*cause = xasprintf("event log: %s", why);
		free(why);
		return -1;
	}
	root = json_loadb(r->body != NULL ? r->body : "", r->len, 0, &jerr);
	if (root == NULL) {
		*cause = xasprintf("event log: not JSON (%s)", jerr.text);
		sanitize_text(*cause);
		return -1;
	}
	list = json_object_get(root, "events");
	if (!json_is_array(list)) {
		*cause = xstrdup("event log: the answer has no \"events\" list");
		json_decref(root);
		return -1;
	}
	json_array_foreach(list, i, e) {
		name = json_string_value(json_object_get(e, "featureName"));
		type = json_string_value(json_object_get(e, "type"));
		/* Another flag's event, or no event at all: not this history. */
		if (name == NULL || strcmp(name, flag) != 0 || type == NULL)
			continue;
		fe = ARRAY_PUSH(evs, *n, cap);
		memset(fe, 0, sizeof *fe);
		fe->source = xstrdup(s->name);
		fe->flag = xstrdup(flag);
		fe->type = text_or(json_object_get(e, "type"), NULL);
		fe->by = text_or(json_object_get(e, "createdBy"), "?");
		fe->env = text_or(json_object_get(e, "environment"), NULL);
		when = json_string_value(json_object_get(e, "createdAt"));
		why = NULL;
		if (when == NULL || timearg_parse(when, &fe->time, &why) != 0)
			fe->time = 0;	/* unknown: shown last, as "?" */
		free(why);
		fe->what = event_what(type, json_object_get(e, "data"),
		    json_object_get(e, "preData"));
		sanitize_text(fe->what);
	}
	json_decref(root);
	*out = evs;
	return 0;
}
