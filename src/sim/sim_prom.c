/*
 * sim_prom.c - the Prometheus query API (instant and range queries) for the
 * three health queries relboard runs: request rate, error ratio and p99
 * latency by service and version, answered from the scenario at the time
 * asked for (and the service-graph families, sim_prom_graph.c), in
 * Prometheus' JSON (values as strings, "NaN" for no data,
 * steps without data left out, bad_data errors for what it cannot parse).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "core/util.h"
#include "sim/sim_int.h"

#define PROM_CTYPE	"application/json"
#define MAX_POINTS	11000

enum prom_metric { PM_NONE, PM_RATE, PM_ERROR_RATIO, PM_P99 };

static void
prom_error(struct sim_reply *r, int status, const char *type,
    const char *msg)
{
	reply_json(r, status, json_pack("{s:s, s:s, s:s}", "status", "error",
	    "errorType", type, "error", msg));
	r->ctype = PROM_CTYPE;
}

static int
balanced(const char *q)
{
	int	depth = 0, brace = 0, bracket = 0;

	for (; *q != '\0'; q++) {
		switch (*q) {
		case '(': depth++; break;
		case ')': depth--; break;
		case '{': brace++; break;
		case '}': brace--; break;
		case '[': bracket++; break;
		case ']': bracket--; break;
		}
		if (depth < 0 || brace < 0 || bracket < 0)
			return 0;
	}
	return depth == 0 && brace == 0 && bracket == 0;
}

/* The parse error Prometheus gives for what the simulator cannot answer. */
static void
parse_error(struct sim_reply *r, const char *q)
{
	size_t	 i, n = strlen(q);
	int	 depth = 0;
	char	*m = NULL;

	for (i = 0; i < n && m == NULL; i++) {
		if (q[i] == '(')
			depth++;
		else if (q[i] == ')' && --depth < 0)
			m = xasprintf("invalid parameter \"query\": 1:%zu: parse"
			    " error: unexpected right parenthesis ')'", i + 1);
	}
	if (m == NULL && depth > 0)
		m = xasprintf("invalid parameter \"query\": 1:%zu: parse error:"
		    " unclosed left parenthesis", n + 1);
	if (m == NULL)
		m = xasprintf("invalid parameter \"query\": 1:1: parse error:"
		    " unexpected identifier \"%.*s\"", (int)strcspn(q,
		    " ({["), q);
	prom_error(r, 400, "bad_data", m);
	free(m);
}

static enum prom_metric
classify(const char *q)
{
	if (!balanced(q))
		return PM_NONE;
	if (strstr(q, "histogram_quantile") != NULL &&
	    strstr(q, "http_request_duration_seconds") != NULL)
		return PM_P99;
	if (strstr(q, "http_requests_total") != NULL) {
		if (strstr(q, "5..") != NULL && strchr(q, '/') != NULL)
			return PM_ERROR_RATIO;
		if (strstr(q, "rate(") != NULL)
			return PM_RATE;
	}
	return PM_NONE;
}

/* Prometheus' shortest round-trip formatting, without exponents. */
static void
format_value(double v, char *buf, size_t len)
{
	int	p;

	if (isnan(v)) {
		snprintf(buf, len, "NaN");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, len, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	for (p = 0; p < 20; p++) {
		snprintf(buf, len, "%.*f", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, len, "0");
}

static json_t *
time_json(double t)
{
	double	ms = round(t * 1000);

	if (fmod(ms, 1000) == 0)
		return json_integer((json_int_t)(ms / 1000));
	return json_real(ms / 1000);
}

static json_t *
point(double t, double v)
{
	char	buf[64];

	format_value(v, buf, sizeof buf);
	return json_pack("[o, s]", time_json(t), buf);
}

/* A time: a Unix timestamp with fraction, or RFC 3339. */
static int
parse_time(const char *s, double *out)
{
	char		*end;
	struct tm	 tm;
	const char	*p;
	double		 frac = 0;

	if (s == NULL || *s == '\0')
		return -1;
	*out = strtod(s, &end);
	if (*end == '\0' && end != s && isfinite(*out))
		return 0;
	memset(&tm, 0, sizeof tm);
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -1;
	if (*p == '.') {
		frac = strtod(p, &end);
		p = end;
	}
	if (*p != 'Z' || p[1] != '\0')
		return -1;
	*out = (double)timegm(&tm) + frac;
	return 0;
}

/* A step: seconds with fraction, or a duration such as 15s, 1m, 1h30m. */
static int
parse_duration(const char *s, double *out)
{
	char	*end;
	double	 v, total = 0;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtod(s, &end);
	if (*end == '\0' && end != s) {
		*out = v;
		return 0;
	}
	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = (double)strtol(s, &end, 10);
		s = end;
		if (strncmp(s, "ms", 2) == 0)
			total += v / 1000, s += 2;
		else if (*s == 's')
			total += v, s++;
		else if (*s == 'm')
			total += v * 60, s++;
		else if (*s == 'h')
			total += v * 3600, s++;
		else if (*s == 'd')
			total += v * 86400, s++;
		else if (*s == 'w')
			total += v * 7 * 86400, s++;
		else
			return -1;
	}
	*out = total;
	return 0;
}

static double
metric_value(const struct sim_sample *s, enum prom_metric m)
{
	switch (m) {
	case PM_RATE:		return s->rate;
	case PM_ERROR_RATIO:	return s->error_ratio;
	case PM_P99:		return s->p99;
	default:		return NAN;
	}
}

static json_t *
labels(const struct sim_service *s, int canary)
{
	return json_pack("{s:s, s:s}", "service", s->name, "version",
	    canary ? "v2" : "v1");
}

static void
instant(struct sim_scenario *sc, struct sim_reply *r, enum prom_metric m,
    double wall)
{
	json_t			*result = json_array();
	struct sim_sample	 smp;
	double			 t = scenario_time(sc, wall);
	size_t			 i;
	int			 c;

	for (i = 0; i < sc->nservices; i++) {
		const struct sim_service *s = &sc->services[i];

		for (c = 0; c < 2; c++) {
			if (c == 1 && s->rollout < 0)
				continue;
			if (!scenario_sample(sc, s, c, t, &smp))
				continue;
			json_array_append_new(result, json_pack("{s:o, s:o}",
			    "metric", labels(s, c), "value",
			    point(wall, metric_value(&smp, m))));
		}
	}
	reply_json(r, 200, json_pack("{s:s, s:{s:s, s:o}}", "status",
	    "success", "data", "resultType", "vector", "result", result));
	r->ctype = PROM_CTYPE;
}

static void
range(struct sim_scenario *sc, struct sim_reply *r, enum prom_metric m,
    double start, double end, double step)
{
	json_t			*result = json_array(), *values;
	struct sim_sample	 smp;
	double			 w;
	size_t			 i, k, npts;
	int			 c;

	npts = (size_t)floor((end - start) / step) + 1;
	for (i = 0; i < sc->nservices; i++) {
		const struct sim_service *s = &sc->services[i];

		for (c = 0; c < 2; c++) {
			if (c == 1 && s->rollout < 0)
				continue;
			values = json_array();
			for (k = 0; k < npts; k++) {
				w = start + (double)k * step;
				if (!scenario_sample(sc, s, c,
				    scenario_time(sc, w), &smp))
					continue;
				json_array_append_new(values,
				    point(w, metric_value(&smp, m)));
			}
			if (json_array_size(values) == 0) {
				json_decref(values);
				continue;
			}
			json_array_append_new(result, json_pack("{s:o, s:o}",
			    "metric", labels(s, c), "values", values));
		}
	}
	reply_json(r, 200, json_pack("{s:s, s:{s:s, s:o}}", "status",
	    "success", "data", "resultType", "matrix", "result", result));
	r->ctype = PROM_CTYPE;
}

/* relboard's KPI query (sim_impact.c): its series, instant only. */
static int
kpi(struct sim_reply *r, const char *q, int is_range, double wall)
{
	struct prom_graph_row *rows;
	json_t *result = json_array();
	size_t i, n;

	if (is_range || !balanced(q) || (n = sim_kpi_rows(q, &rows)) ==
	    (size_t)-1) {
		json_decref(result);
		return 0;
	}
	for (i = 0; i < n; i++)
		json_array_append_new(result, json_pack("{s:o, s:o}", "metric",
		    rows[i].metric, "value", point(wall, rows[i].value)));
	free(rows);
	reply_json(r, 200, json_pack("{s:s, s:{s:s, s:o}}", "status",
	    "success", "data", "resultType", "vector", "result", result));
	r->ctype = PROM_CTYPE;
	return 1;
}

/* A service-graph query: its series (instant), or none (range). */
static int
graph(struct sim_scenario *sc, struct sim_reply *r, const char *q,
    int is_range, double wall)
{
	struct prom_graph_row *rows;
	json_t *result = json_array();
	size_t i, n;

	if (!balanced(q) || (n = prom_graph_rows(sc, q, scenario_time(sc, wall),
	    &rows)) == (size_t)-1) {
		json_decref(result);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (is_range)
			json_decref(rows[i].metric);
		else
			json_array_append_new(result, json_pack("{s:o, s:o}",
			    "metric", rows[i].metric, "value",
			    point(wall, rows[i].value)));
	}
	free(rows);
	reply_json(r, 200, json_pack("{s:s, s:{s:s, s:o}}", "status",
	    "success", "data", "resultType", is_range ? "matrix" : "vector",
	    "result", result));
	r->ctype = PROM_CTYPE;
	return 1;
}

static int
bad_param(struct sim_reply *r, const char *name, const char *value,
    const char *what)
{
	char	*m;

	if (strcmp(what, "timestamp") == 0)
		m = xasprintf("invalid parameter \"%s\": Invalid time value for"
		    " '%s': cannot parse \"%s\" to a valid timestamp", name,
		    name, value ? value : "");
	else
		m = xasprintf("invalid parameter \"%s\": cannot parse \"%s\""
		    " to a valid %s", name, value ? value : "", what);
	prom_error(r, 400, "bad_data", m);
	free(m);
	return 1;
}

int
prom_handle(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	const char		*q, *ts, *te, *tstep;
	enum prom_metric	 m;
	double			 t = 0, start = 0, end = 0, step = 1;
	int			 is_range;

	if (strcmp(rq->path, "/-/ready") == 0 ||
	    strcmp(rq->path, "/-/healthy") == 0) {
		reply_text(r, 200, "text/plain; charset=utf-8",
		    strcmp(rq->path, "/-/ready") == 0 ?
		    "Prometheus Server is Ready.\n" :
		    "Prometheus Server is Healthy.\n");
		return 1;
	}
	if (strcmp(rq->path, "/api/v1/status/buildinfo") == 0) {
		/* As Prometheus 2.42 (Debian) answers it. */
		reply_json(r, 200, json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s,"
		    " s:s}}", "status", "success", "data", "version",
		    SIM_PROM_VERSION, "revision", "2.42.0+ds-5+deb12u1", "branch",
		    "debian/sid", "buildUser", "team+pkg-go@tracker.debian.org",
		    "buildDate", "20260604-00:58:54", "goVersion", "go1.19.8"));
		return 1;
	}
	if (strcmp(rq->path, "/api/v1/query") == 0)
		is_range = 0;
	else if (strcmp(rq->path, "/api/v1/query_range") == 0)
		is_range = 1;
	else
		return 0;
	if (rq->method != SIM_GET && rq->method != SIM_POST) {
		reply_text(r, 405, "text/plain; charset=utf-8",
		    "Method Not Allowed\n");
		return 1;
	}

	if (!is_range) {
		ts = evhttp_find_header(rq->args, "time");
		if (ts == NULL)
			t = rq->wall;
		else if (parse_time(ts, &t) != 0)
			return bad_param(r, "time", ts, "timestamp");
	} else {
		ts = evhttp_find_header(rq->args, "start");
		te = evhttp_find_header(rq->args, "end");
		tstep = evhttp_find_header(rq->args, "step");
		if (parse_time(ts, &start) != 0)
			return bad_param(r, "start", ts, "timestamp");
		if (parse_time(te, &end) != 0)
			return bad_param(r, "end", te, "timestamp");
		if (end < start) {
			prom_error(r, 400, "bad_data", "invalid parameter"
			    " \"end\": end timestamp must not be before start"
			    " time");
			return 1;
		}
		if (parse_duration(tstep, &step) != 0)
			return bad_param(r, "step", tstep, "duration");
		if (step <= 0) {
			prom_error(r, 400, "bad_data", "invalid parameter"
			    " \"step\": zero or negative query resolution step"
			    " widths are not accepted. Try a positive integer");
			return 1;
		}
		if ((end - start) / step > MAX_POINTS) {
			prom_error(r, 400, "bad_data", "exceeded maximum"
			    " resolution of 11,000 points per timeseries. Try"
			    " decreasing the query resolution (?step=XX)");
			return 1;
		}
	}

	q = evhttp_find_header(rq->args, "query");
	if (q == NULL || *q == '\0') {
		prom_error(r, 400, "bad_data", "invalid parameter \"query\":"
		    " 1:1: parse error: no expression found in input");
		return 1;
	}
	if (graph(sc, r, q, is_range, t) || kpi(r, q, is_range, t))
		return 1;
	if ((m = classify(q)) == PM_NONE) {
		parse_error(r, q);
		return 1;
	}
	if (is_range)
		range(sc, r, m, start, end, step);
	else
		instant(sc, r, m, t);
	return 1;
}
