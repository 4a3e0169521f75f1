/*
 * unleash_metrics.c - exposures from Unleash 7.5.1's client metrics.  SDKs
 * post counts to /api/client/metrics; the Admin API gives them back per
 * flag, one row per application, environment and hour:
 *   GET /api/admin/client-metrics/features/NAME/raw?hoursBack=N
 *   {"data":[{"environment","timestamp":"...T17:00:00.000Z","yes","no",
 *             "appName","variants"}]}
 * Rows are summed over applications; the newest hour in the answer is the
 * current bucket (what Unleash calls the last hour's usage); the exposed
 * (yes) counts of the hours up to it are the trend.  There is no request for all flags at once.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapters/unleash_metrics.h"
#include "core/sanitize.h"
#include "core/timearg.h"
#include "core/util.h"

#define METRICS_ROWS_MAX 100000	/* rows an answer may have */

void
unleash_metrics_request(const char *flag, struct request_desc *req)
{
	char *f = url_escape(flag);

	memset(req, 0, sizeof *req);
	req->method = xstrdup("GET");
	req->path = xasprintf("/api/admin/client-metrics/features/%s/raw"
	    "?hoursBack=%d", f, EXPO_HOURS);
	free(f);
}

static int
bad(char **cause, const char *what)
{
	*cause = xasprintf("client metrics: %s", what);
	return -1;
}

/* A count: a non-negative integer. */
static int
count_of(json_t *v, long long *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (long long)json_integer_value(v);
	return 0;
}

static struct exposure *
env_of(struct exposure **envs, size_t *n, const char *name)
{
	struct exposure *e;
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*envs)[i].env, name) == 0)
			return &(*envs)[i];
	}
	*envs = xreallocarray(*envs, *n + 1, sizeof **envs);
	e = &(*envs)[(*n)++];
	memset(e, 0, sizeof *e);
	e->env = xstrdup(name);
	sanitize_text(e->env);
	e->window_s = EXPO_WINDOW_S;
	e->ntrend = EXPO_HOURS;
	return e;
}

int
unleash_metrics_parse(const struct response *r, struct exposure **envs,
    size_t *n, char **cause)
{
	json_t *root, *data, *row;
	json_error_t jerr;
	double t, newest = 0, *hour;
	long long yes = 0, no = 0;
	const char *env, *ts;
	char *why;
	size_t i, k;
	long slot;

	*envs = NULL;
	*n = 0;
	if (r->status != 200) {
		why = response_error(r);
		*cause = xasprintf("client metrics: %s", why);
		free(why);
		return -1;
	}
	root = json_loadb(r->body ? r->body : "", r->len, 0, &jerr);
	if (root == NULL) {
		*cause = xasprintf("client metrics: invalid JSON: %s", jerr.text);
		sanitize_text(*cause);
		return -1;
	}
	data = json_object_get(root, "data");
	if (!json_is_array(data) || json_array_size(data) > METRICS_ROWS_MAX) {
		json_decref(root);
		return bad(cause, "answer has no data list");
	}
	/* Each row's hour, checked before any is counted. */
	hour = xcalloc(json_array_size(data) + 1, sizeof *hour);
	json_array_foreach(data, i, row) {
		char *tcause = NULL;

		ts = json_string_value(json_object_get(row, "timestamp"));
		env = json_string_value(json_object_get(row, "environment"));
		if (env == NULL || *env == '\0' || ts == NULL ||
		    timearg_parse(ts, &t, &tcause) != 0 ||
		    count_of(json_object_get(row, "yes"), &yes) != 0 ||
		    count_of(json_object_get(row, "no"), &no) != 0) {
			free(tcause);
			free(hour);
			json_decref(root);
			*cause = xasprintf("client metrics: row %zu needs an "
			    "environment, an RFC 3339 timestamp and counts yes "
			    "and no", i);
			return -1;
		}
		hour[i] = floor(t / EXPO_WINDOW_S);
		if (hour[i] > newest)
			newest = hour[i];
	}
	json_array_foreach(data, i, row) {
		struct exposure *e;

		env = json_string_value(json_object_get(row, "environment"));
		count_of(json_object_get(row, "yes"), &yes);
		count_of(json_object_get(row, "no"), &no);
		e = env_of(envs, n, env);
		slot = (long)(hour[i] - newest) + EXPO_HOURS - 1;
		if (slot < 0)
			continue;	/* older than the trend shows */
		e->trend[slot] += (double)yes;
		if (slot == EXPO_HOURS - 1) {
			e->yes = yes > LLONG_MAX - e->yes ? LLONG_MAX : e->yes + yes;
			e->no = no > LLONG_MAX - e->no ? LLONG_MAX : e->no + no;
		}
	}
	for (k = 0; k < *n; k++)
		(*envs)[k].ntrend = EXPO_HOURS;
	free(hour);
	json_decref(root);
	return 0;
}
