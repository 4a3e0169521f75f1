/*
 * sim_impact.c - feature impact in the simulator: Unleash 7.5.1's client
 * metrics (exposures: POST /api/client/metrics is accepted, and
 * GET /api/admin/client-metrics/features/NAME[/raw?hoursBack=N] answer as
 * the real server does, one row per hour, application and environment,
 * zero rows where no SDK reported) made up from each flag's state, and the
 * KPI series the demo's KPIs ask Prometheus for:
 *   feature_adoption_ratio{flag,env}    a gauge
 *   support_tickets_total{feature,env}  asked as rate(...) * 3600: per hour
 * inside relboard's one KPI query (label_replace ... rb_kpi/rb_env ... or).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "core/util.h"
#include "sim/sim_int.h"

#define HOURS_MAX	48

static const char *const apps[] = { "storefront", "mobile-api" };
static const double app_share[] = { 0.7, 0.3 };
/* Evaluations an hour in each environment, before the daily swing. */
static const double env_traffic[SIM_NENVS] = { 240, 3600 };

/* Per-flag KPI values: adoption and support tickets per hour, per env. */
static const struct kpi_seed {
	const char	*flag;
	double		 adoption[SIM_NENVS];
	double		 tickets[SIM_NENVS];
} kpi_seeds[] = {
	{ "new-checkout",	{ 0.45, 0.31 }, { 0, 2 } },
	{ "beta-banner",	{ 0.30, 0.08 }, { 0, 1 } },
	{ "search-ranking-v3",	{ 0.50, 0.40 }, { 0, 9 } },
};

/* The rollout percentage a flag serves in an environment (0 when off). */
static int
serving(const struct sim_flag *f, int env)
{
	json_t	*st;
	size_t	 i;

	if (!f->enabled[env])
		return 0;
	json_array_foreach(f->strategies[env], i, st) {
		const char *name = json_string_value(json_object_get(st, "name"));
		const char *pct = json_string_value(json_object_get(
		    json_object_get(st, "parameters"), "rollout"));

		if (name != NULL && strcmp(name, "flexibleRollout") == 0 &&
		    pct != NULL)
			return atoi(pct);
	}
	return 100;
}

/* Evaluations of a flag in an hour starting at `hour` (wall seconds). */
static void
hour_counts(const struct sim_flag *f, int env, double hour, double now,
    long *yes, long *no)
{
	double	total = env_traffic[env] * (1 + 0.3 * sin(hour / 3600 / 3.8));
	int	pct = serving(f, env);

	if (f->strategies[env] == NULL || json_array_size(f->strategies[env]) == 0)
		total = f->enabled[env] ? total : 0;
	if (now - hour < 3600)
		total *= (now - hour) / 3600;	/* the current hour so far */
	*yes = lround(total * pct / 100);
	*no = lround(total) - *yes;
}

static void
metrics_rows(struct sim_scenario *sc, const struct sim_flag *f, int hours,
    double now, int raw, struct sim_reply *r)
{
	json_t	*data = json_array(), *last = json_array();
	double	 top = floor(now / 3600) * 3600, hour;
	char	 ts[32];
	long	 yes, no;
	int	 h, e;
	size_t	 a;

	(void)sc;
	for (h = hours - 1; h >= 0; h--) {
		hour = top - 3600.0 * h;
		sim_iso8601(hour, ts, sizeof ts);
		for (e = 0; e < SIM_NENVS; e++) {
			hour_counts(f, e, hour, now, &yes, &no);
			if (h == 0 && !raw && yes + no > 0)
				json_array_append_new(last, json_pack("{s:s, s:s,"
				    " s:I, s:I}", "environment", sim_env_names[e],
				    "timestamp", ts, "yes", (json_int_t)yes, "no",
				    (json_int_t)no));
			for (a = 0; raw && a < 2; a++) {
				long ay = lround(yes * app_share[a]);
				long an = lround(no * app_share[a]);

				json_array_append_new(data, json_pack("{s:s, s:s,"
				    " s:s, s:s, s:I, s:I, s:{}}", "featureName",
				    f->name, "appName", apps[a], "environment",
				    sim_env_names[e], "timestamp", ts, "yes",
				    (json_int_t)ay, "no", (json_int_t)an,
				    "variants"));
			}
		}
	}
	if (raw) {
		json_decref(last);
		reply_json(r, 200, json_pack("{s:i, s:s, s:o}", "version", 1,
		    "maturity", "stable", "data", data));
	} else {
		json_decref(data);
		reply_json(r, 200, json_pack("{s:i, s:s, s:s, s:o, s:[s, s]}",
		    "version", 1, "maturity", "stable", "featureName", f->name,
		    "lastHourUsage", last, "seenApplications", apps[0],
		    apps[1]));
	}
	r->etag = 1;
}

int
impact_handle(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	static const char prefix[] = "/api/admin/client-metrics/features/";
	const struct sim_flag *f;
	const char *hb;
	char *name, *slash;
	int raw = 0, hours = 1;

	if (strcmp(rq->path, "/api/client/metrics") == 0 &&
	    rq->method == SIM_POST) {
		reply_empty(r, 202);
		return 1;
	}
	if (strncmp(rq->path, prefix, sizeof prefix - 1) != 0 ||
	    rq->method != SIM_GET)
		return 0;
	name = xstrdup(rq->path + sizeof prefix - 1);
	if ((slash = strchr(name, '/')) != NULL) {
		if (strcmp(slash, "/raw") != 0) {
			free(name);
			return 0;
		}
		*slash = '\0';
		raw = 1;
		hb = evhttp_find_header(rq->args, "hoursBack");
		hours = hb != NULL ? atoi(hb) : 1;
		if (hours < 1)
			hours = 1;
		if (hours > HOURS_MAX)
			hours = HOURS_MAX;
	}
	if ((f = scenario_flag(sc, name)) == NULL)
		/* Unleash 7.5.1 answers an unknown flag with no rows. */
		reply_json(r, 200, raw ? json_pack("{s:i, s:s, s:[]}", "version",
		    1, "maturity", "stable", "data") : json_pack("{s:i, s:s, s:s,"
		    " s:[], s:[]}", "version", 1, "maturity", "stable",
		    "featureName", name, "lastHourUsage", "seenApplications"));
	else
		metrics_rows(sc, f, hours, rq->wall, raw, r);
	free(name);
	return 1;
}

/* The value of label `label` in q after `from` ("...{flag=\"x\"..."). */
static char *
label_value(const char *from, const char *end, const char *label)
{
	char	 pat[32];
	const char *p, *q;

	snprintf(pat, sizeof pat, "%s=\"", label);
	if ((p = strstr(from, pat)) == NULL || p >= end)
		return NULL;
	p += strlen(pat);
	if ((q = strchr(p, '"')) == NULL || q > end)
		return NULL;
	return xstrndup(p, (size_t)(q - p));
}

/* One KPI's inner query: a value, or 0 when it names no known series. */
static int
inner_value(const char *q, const char *end, double *v)
{
	const char	*m;
	char		*flag = NULL, *env = NULL;
	size_t		 i;
	int		 adoption, e, ok = 0;

	if ((m = strstr(q, "feature_adoption_ratio{")) != NULL && m < end) {
		adoption = 1;
		flag = label_value(m, end, "flag");
	} else if ((m = strstr(q, "support_tickets_total{")) != NULL && m < end) {
		adoption = 0;
		flag = label_value(m, end, "feature");
	} else
		return 0;
	env = label_value(m, end, "env");
	e = env != NULL ? scenario_env(env) : -1;
	for (i = 0; flag != NULL && e >= 0 &&
	    i < sizeof kpi_seeds / sizeof kpi_seeds[0]; i++) {
		if (strcmp(kpi_seeds[i].flag, flag) == 0) {
			*v = adoption ? kpi_seeds[i].adoption[e] :
			    kpi_seeds[i].tickets[e];
			ok = 1;
		}
	}
	free(flag);
	free(env);
	return ok;
}

size_t
sim_kpi_rows(const char *q, struct prom_graph_row **rows)
{
	static const char head[] = "label_replace(label_replace((";
	const char	*p = q, *tail, *k;
	size_t		 n = 0;
	double		 v;
	int		 ki, ei;

	if (strncmp(q, head, sizeof head - 1) != 0)
		return (size_t)-1;
	*rows = NULL;
	while (p != NULL && strncmp(p, head, sizeof head - 1) == 0) {
		p += sizeof head - 1;
		if ((tail = strstr(p, "), \"rb_kpi\", \"")) == NULL ||
		    sscanf(tail, "), \"rb_kpi\", \"%d\", \"\", \"\"), \"rb_env\", "
		    "\"%d\"", &ki, &ei) != 2)
			break;
		if (inner_value(p, tail, &v)) {
			char a[16], b[16];

			*rows = xreallocarray(*rows, n + 1, sizeof **rows);
			snprintf(a, sizeof a, "%d", ki);
			snprintf(b, sizeof b, "%d", ei);
			(*rows)[n].metric = json_pack("{s:s, s:s}", "rb_kpi", a,
			    "rb_env", b);
			(*rows)[n++].value = v;
		}
		k = strstr(tail, " or label_replace(label_replace((");
		p = k != NULL ? k + 4 : NULL;
	}
	return n;
}

/* The demo's KPIs: adoption (a goal) and support tickets (a harm). */
json_t *
sim_demo_kpis(void)
{
	static const char adoption[] =
	    "avg(feature_adoption_ratio{flag=\"{flag}\",env=\"{env}\"})";
	static const char tickets[] =
	    "sum(rate(support_tickets_total{feature=\"{flag}\",env=\"{env}\"}"
	    "[10m])) * 3600";

	return json_pack("[{s:s, s:s, s:s, s:f}, {s:s, s:s, s:s, s:f},"
	    " {s:s, s:s, s:s, s:f}]",
	    "name", "adoption", "flag", "new-checkout", "query", adoption,
	    "good_above", 0.2,
	    "name", "adoption", "flag", "beta-banner", "query", adoption,
	    "good_above", 0.2,
	    "name", "tickets", "flag", "search-ranking-v3", "query", tickets,
	    "bad_above", 5.0);
}
