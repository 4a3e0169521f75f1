/*
 * prometheus.c - the `prometheus` adapter: request rate, error ratio and p99
 * latency per service and version from instant queries, and the error-ratio
 * trend from one range query.  One query per metric per poll, grouped by
 * (service, version) and limited to the configured services ({services}
 * in a query becomes a regular expression matching their names and
 * aliases); every query can be overridden in the config.  The trend's range
 * ends on a whole minute, so the poller asks for it once a minute, and in
 * between the model keeps the trend it has; each poll's error ratio is its
 * newest point.  The
 * per-flag KPIs' one query (prometheus_kpi.c) and the service graph's
 * queries (prometheus_graph.c) follow them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/adapters/prometheus_graph.h"
#include "core/adapters/prometheus_kpi.h"
#include "core/intern.h"
#include "core/strmap.h"
#include "core/template.h"
#include "core/util.h"

#define PROM_TREND_WINDOW_S	1800.0	/* the trend covers 30 minutes */
#define PROM_TREND_REFRESH_S	60.0	/* its range is asked for this often */

#define SVC	"service=~\"{services}\""
const char prom_default_rate[] =
    "sum by (service,version)(rate(http_requests_total{" SVC "}[1m]))";
const char prom_default_error_ratio[] =
    "(sum by (service,version)(rate(http_requests_total{" SVC ",code=~\"5..\"}[1m]))"
    " or sum by (service,version)(rate(http_requests_total{" SVC "}[1m])) * 0)"
    " / sum by (service,version)(rate(http_requests_total{" SVC "}[1m]))";
const char prom_default_latency_p99[] =
    "histogram_quantile(0.99, sum by (service,version,le)"
    "(rate(http_request_duration_seconds_bucket{" SVC "}[1m])))";
#undef SVC

enum { Q_RATE, Q_ERR, Q_P99, Q_TREND, Q_COUNT };

/* Query q as sent: the config's or the default, {services} filled. */
static char *
query_of(const struct poll_ctx *ctx, int q)
{
	static const char *const keys[] = { "services" };
	const struct source_cfg *s = ctx->src;
	const char *t;
	char *re, *out;

	switch (q) {
	case Q_RATE:
		t = s->query_rate ? s->query_rate : prom_default_rate;
		break;
	case Q_P99:
		t = s->query_latency_p99 ? s->query_latency_p99 :
		    prom_default_latency_p99;
		break;
	default:
		t = s->query_error_ratio ? s->query_error_ratio :
		    prom_default_error_ratio;
		break;
	}
	re = prom_services_regex(ctx->cfg);
	out = template_fill(t, keys, (const char *const *)&re, 1);
	free(re);
	return out;
}

/*
 * The trend's grid: RB_TREND_MAX - 1 steps ending on the last whole
 * minute (from the range query), then the poll's own point.
 */
static void
trend_grid(double t, double *start, double *end, double *step)
{
	*step = PROM_TREND_WINDOW_S / RB_TREND_MAX;
	*end = floor(t / PROM_TREND_REFRESH_S) * PROM_TREND_REFRESH_S;
	*start = *end - *step * (RB_TREND_MAX - 2);
}

static double
eval_time(const struct poll_ctx *ctx)
{
	return ctx->at > 0 ? ctx->at : now_wall();
}

/* Add name to a regular expression of alternatives, escaped for RE2. */
static void
regex_add(char **re, size_t *len, size_t *cap, const char *name)
{
	const char *c;

	grow_array((void **)re, cap, *len + 2 * strlen(name) + 3, 1);
	if (*len > 0)
		(*re)[(*len)++] = '|';
	for (c = name; *c != '\0'; c++) {
		if (strchr("\\.+*?()|[]{}^$", *c) != NULL)
			(*re)[(*len)++] = '\\';
		(*re)[(*len)++] = *c;
	}
	(*re)[*len] = '\0';
}

/*
 * The configured services and the names in metrics aliased to them as
 * one regular expression, written for a PromQL double-quoted string; ".+"
 * (every service) when none is configured.
 */
char *
prom_services_regex(const struct config *cfg)
{
	char *re = NULL, *out, *o;
	const char *c;
	size_t len = 0, cap = 0, i;

	for (i = 0; cfg != NULL && i < cfg->nservices; i++)
		regex_add(&re, &len, &cap, cfg->services[i].name);
	for (i = 0; cfg != NULL && i < cfg->naliases; i++)
		regex_add(&re, &len, &cap, cfg->alias_from[i]);
	if (re == NULL)
		return xstrdup(".+");
	out = o = xmalloc(2 * len + 1);
	for (c = re; *c != '\0'; c++) {
		if (*c == '\\' || *c == '"')
			*o++ = '\\';
		*o++ = *c;
	}
	*o = '\0';
	free(re);
	return out;
}

static size_t
prom_plan(const struct poll_ctx *ctx, struct request_desc *reqs)
{
	double t = eval_time(ctx), start, end, step;
	char *q, *text;
	int i;

	for (i = 0; i < Q_COUNT; i++) {
		text = query_of(ctx, i);
		q = url_escape(text);
		free(text);
		reqs[i].method = xstrdup("GET");
		if (i == Q_TREND) {
			trend_grid(t, &start, &end, &step);
			reqs[i].path = xasprintf("/api/v1/query_range?query=%s"
			    "&start=%.3f&end=%.3f&step=%g", q, start, end, step);
			reqs[i].reuse = 1;
		} else
			reqs[i].path = xasprintf("/api/v1/query?query=%s&time=%.3f", q, t);
		free(q);
	}
	i = Q_COUNT + (int)prom_kpi_plan(ctx, reqs + Q_COUNT, t);
	return (size_t)i + prom_graph_plan(ctx, reqs + i, t);
}

/* Prometheus sends sample values as strings: "12.5", "NaN", "+Inf". */
int
prom_parse_value(json_t *v, double *out)
{
	const char *s;
	char *end;

	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	*out = strtod(s, &end);
	if (end == s || *end != '\0')
		return -1;
	return 0;
}

/* Rows by "service\x1fversion", so that thousands of series stay linear. */
struct rows {
	struct strmap	 map;
	char		**keys;		/* the map borrows these */
	size_t		 nkeys, keys_cap;
};

static void
rows_free(struct rows *rw)
{
	size_t i;

	strmap_free(&rw->map);
	for (i = 0; i < rw->nkeys; i++)
		free(rw->keys[i]);
	free(rw->keys);
}

static struct service_health *
row_for(struct rows *rw, struct model_part *p, const struct poll_ctx *ctx,
    json_t *metric)
{
	const char *svc = json_string_value(json_object_get(metric, "service"));
	const char *ver = json_string_value(json_object_get(metric, "version"));
	struct service_health *s;
	char *key;
	size_t i;

	if (svc == NULL)
		return NULL;
	key = xasprintf("%s\x1f%s", svc, ver != NULL ? ver : "");
	if ((i = strmap_get(&rw->map, key)) != STRMAP_NONE) {
		free(key);
		return &p->services[i];
	}
	*ARRAY_PUSH(rw->keys, rw->nkeys, rw->keys_cap) = key;
	strmap_put(&rw->map, key, p->nservices);
	s = part_add_service(p);
	s->source = intern_str(ctx->src->name);
	s->service = xstrdup(svc);
	sanitize_text(s->service);
	s->version = ver != NULL ? xstrdup(ver) : NULL;
	if (s->version != NULL)
		sanitize_text(s->version);
	return s;
}

/*
 * Check an answer's envelope: status "success" and the result type the
 * query asked for (a vector for an instant query, a matrix for a range
 * query).  Return its data.result, or NULL with *cause naming what was
 * expected and what came.
 */
static json_t *
result_of(json_t *root, const char *want, const char *what, char **cause)
{
	json_t *data, *res;
	const char *type, *status;

	if (!json_is_object(root) ||
	    (status = json_string_value(json_object_get(root, "status"))) == NULL) {
		*cause = xasprintf("%s: not a Prometheus API answer", what);
		return NULL;
	}
	if (strcmp(status, "error") == 0) {
		const char *e = json_string_value(json_object_get(root, "error"));

		*cause = xasprintf("%s: %s", what, e ? e : "query failed");
		sanitize_text(*cause);
		return NULL;
	}
	if (strcmp(status, "success") != 0) {
		*cause = xasprintf("%s: expected status success, got %s", what,
		    status);
		sanitize_text(*cause);
		return NULL;
	}
	data = json_object_get(root, "data");
	type = json_string_value(json_object_get(data, "resultType"));
	res = json_object_get(data, "result");
	if (type == NULL || !json_is_array(res)) {
		*cause = xasprintf("%s: answer has no data.result", what);
		return NULL;
	}
	if (strcmp(type, want) != 0) {
		*cause = xasprintf("%s: expected a %s, got a %s%s", what, want,
		    type, strcmp(type, "scalar") == 0 ? " (the query must be "
		    "grouped by service and version)" : "");
		sanitize_text(*cause);
		return NULL;
	}
	return res;
}

json_t *
prom_answer(const struct response *r, const char *want, const char *what,
    json_t **root, char **cause)
{
	json_error_t jerr;
	char *why;

	*root = json_loadb(r->body ? r->body : "", r->len, 0, &jerr);
	if (r->status != 200 && (*root == NULL ||
	    !json_is_string(json_object_get(*root, "error")))) {
		why = response_error(r);
		*cause = xasprintf("%s: %s", what, why);
		free(why);
		json_decref(*root);
		*root = NULL;
		return NULL;
	}
	if (*root == NULL) {
		*cause = xasprintf("%s: invalid JSON: %s", what, jerr.text);
		return NULL;
	}
	return result_of(*root, want, what, cause);
}

static int
parse_vector(struct rows *rw, const struct poll_ctx *ctx, json_t *res, int q,
    struct model_part *p,
    const char *what, char **cause)
{
	json_t *e, *val;
	size_t i;
	double v;
	struct service_health *s;

	json_array_foreach(res, i, e) {
		val = json_object_get(e, "value");
		if (!json_is_array(val) || json_array_size(val) != 2 ||
		    prom_parse_value(json_array_get(val, 1), &v) != 0) {
			*cause = xasprintf("%s: malformed sample", what);
			return -1;
		}
		if ((s = row_for(rw, p, ctx, json_object_get(e, "metric"))) == NULL)
			continue;	/* not grouped by service: ignore */
		if (isinf(v) && q != Q_P99)
			v = NAN;	/* an infinite rate or ratio is no data */
		if (q == Q_RATE)
			s->request_rate = v;
		else if (q == Q_ERR)
			s->error_ratio = v;
		else
			s->latency_p99 = v;
	}
	return 0;
}

static int
parse_matrix(struct rows *rw, const struct poll_ctx *ctx, json_t *res,
    struct model_part *p,
    const char *what, char **cause)
{
	double start, end, step;
	json_t *e, *vals, *pt;
	size_t i, j, k;
	double ts, v;
	struct service_health *s;

	trend_grid(eval_time(ctx), &start, &end, &step);
	json_array_foreach(res, i, e) {
		if ((s = row_for(rw, p, ctx, json_object_get(e, "metric"))) == NULL)
			continue;
		for (k = 0; k < RB_TREND_MAX; k++)
			s->trend[k] = NAN;
		s->ntrend = RB_TREND_MAX;
		vals = json_object_get(e, "values");
		if (!json_is_array(vals)) {
			*cause = xasprintf("%s: malformed series", what);
			return -1;
		}
		/* Steps without data are left out: place points by time. */
		json_array_foreach(vals, j, pt) {
			if (!json_is_array(pt) || !json_is_number(json_array_get(pt, 0)) ||
			    prom_parse_value(json_array_get(pt, 1), &v) != 0) {
				*cause = xasprintf("%s: malformed point", what);
				return -1;
			}
			ts = json_number_value(json_array_get(pt, 0));
			k = (size_t)llround((ts - start) / step);
			if (ts < start - step / 2 || k >= RB_TREND_MAX - 1)
				continue;
			s->trend[k] = isinf(v) ? NAN : v;
		}
	}
	return 0;
}

static int
prom_parse(const struct poll_ctx *ctx, const struct response *resp, size_t n,
    struct model_part *p, char **cause)
{
	static const char *const names[Q_COUNT] = {
		"rate query", "error ratio query", "p99 query", "trend query"
	};
	json_t *root, *res;
	struct rows rw;
	size_t q, k;
	int rc = 0;

	memset(&rw, 0, sizeof rw);
	strmap_init(&rw.map);
	for (q = 0; q < n && q < Q_COUNT && rc == 0; q++) {
		if (q == Q_TREND && resp[q].reused) {
			p->keep_trends = true;	/* the range as it was */
			continue;
		}
		res = prom_answer(&resp[q], q == Q_TREND ? "matrix" : "vector",
		    names[q], &root, cause);
		if (res == NULL)
			rc = -1;
		else if (q == Q_TREND)
			rc = parse_matrix(&rw, ctx, res, p, names[q], cause);
		else
			rc = parse_vector(&rw, ctx, res, (int)q, p, names[q], cause);
		json_decref(root);
	}
	/* The newest point of each trend is this poll's error ratio. */
	for (k = 0; rc == 0 && k < p->nservices; k++) {
		if (p->services[k].ntrend == RB_TREND_MAX)
			p->services[k].trend[RB_TREND_MAX - 1] =
			    p->services[k].error_ratio;
	}
	/* The KPI query, when there is one, comes before the graph's. */
	if (rc == 0 && prom_kpi_any(ctx) && n > Q_COUNT)
		prom_kpi_parse(ctx, &resp[q++], p);
	if (rc == 0 && n > q)
		rc = prom_graph_parse(ctx, resp + q, n - q, p, cause);
	rows_free(&rw);
	return rc;
}

const struct adapter_entry adapter_prometheus = {
	.name = "prometheus",
	.auth_scheme = "Bearer ",
	.plan = prom_plan,
	.parse = prom_parse,
};
