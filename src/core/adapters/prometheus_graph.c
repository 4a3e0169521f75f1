/*
 * prometheus_graph.c - the service graph from traffic metrics.  Each
 * enabled family is one grouped instant query whose series carry the
 * caller and callee labels and rb_series="rate" (requests per second) or
 * "failed" (failed requests per second), so a poll asks one question per
 * family.  A pair's error ratio is failed / rate, 0 when it has no failure
 * series.  Istio reports a call from both ends: the source's report is
 * used where there is one, the destination's otherwise.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/adapters/prometheus_graph.h"
#include "core/sanitize.h"
#include "core/strmap.h"
#include "core/template.h"
#include "core/util.h"

#define W "[" PROM_GRAPH_WINDOW "]"

/* The families' queries: rate and failed series, and the pair's labels. */
static const struct family {
	const char	*rate, *failed;
	const char	*caller, *callee;
	bool		 reporter;	/* has Istio's reporter label */
} families[SG_NFAMILIES] = {
	{ "sum by (client,server)(rate(traces_service_graph_request_total" W "))",
	  "sum by (client,server)(rate(traces_service_graph_request_failed_total"
	  W "))", "client", "server", false },
	{ "sum by (source_workload,destination_workload,reporter)"
	  "(rate(istio_requests_total{reporter=~\"source|destination\"}" W "))",
	  "sum by (source_workload,destination_workload,reporter)"
	  "(rate(istio_requests_total{reporter=~\"source|destination\","
	  "response_code=~\"5..\"}" W "))",
	  "source_workload", "destination_workload", true },
	{ "sum by (deployment,dst_deployment)"
	  "(rate(response_total{dst_deployment!=\"\"}" W "))",
	  "sum by (deployment,dst_deployment)"
	  "(rate(response_total{dst_deployment!=\"\",classification=\"failure\"}"
	  W "))", "deployment", "dst_deployment", false },
	{ NULL, NULL, NULL, NULL, false },	/* custom: from the config */
};

static char *
fill_window(const char *tmpl)
{
	static const char *const keys[] = { "window" };
	static const char *const vals[] = { PROM_GRAPH_WINDOW };

	return template_expand(tmpl, keys, vals, 1);
}

char *
prom_graph_query(const struct source_cfg *s, unsigned family)
{
	size_t f = 0;
	char *rate, *failed, *q;

	while (f < SG_NFAMILIES && !(family & (1u << f)))
		f++;
	if (f == SG_NFAMILIES)
		return NULL;
	if (1u << f == SG_CUSTOM) {
		rate = fill_window(s->sg_rate);
		failed = s->sg_errors ? fill_window(s->sg_errors) : NULL;
	} else {
		rate = xstrdup(families[f].rate);
		failed = xstrdup(families[f].failed);
	}
	if (failed != NULL)
		q = xasprintf("label_replace(%s, \"rb_series\", \"rate\", \"\", \"\")"
		    " or label_replace(%s, \"rb_series\", \"failed\", \"\", \"\")",
		    rate, failed);
	else
		q = xasprintf("label_replace(%s, \"rb_series\", \"rate\", \"\", \"\")",
		    rate);
	free(rate);
	free(failed);
	return q;
}

size_t
prom_graph_plan(const struct poll_ctx *ctx, struct request_desc *reqs, double t)
{
	size_t f, n = 0;
	char *q, *e;

	for (f = 0; f < SG_NFAMILIES; f++) {
		if (!(ctx->src->service_graph & (1u << f)))
			continue;
		q = prom_graph_query(ctx->src, 1u << f);
		e = url_escape(q);
		reqs[n].method = xstrdup("GET");
		reqs[n].path = xasprintf("/api/v1/query?query=%s&time=%.3f", e, t);
		free(e);
		free(q);
		n++;
	}
	return n;
}

/* One pair as reported: [0] by the source (or no reporter), [1] destination. */
struct pair {
	char		*caller, *callee;
	double		 rate[2], failed[2];
	bool		 has_rate[2];
};

struct pairs {
	struct strmap	 map;
	char		**keys;
	struct pair	*v;
	size_t		 n, cap, nkeys, keys_cap;
};

static struct pair *
pair_for(struct pairs *ps, const char *caller, const char *callee)
{
	char *key = xasprintf("%s\x1f%s", caller, callee);
	size_t i = strmap_get(&ps->map, key);
	struct pair *p;

	if (i != STRMAP_NONE) {
		free(key);
		return &ps->v[i];
	}
	*ARRAY_PUSH(ps->keys, ps->nkeys, ps->keys_cap) = key;
	strmap_put(&ps->map, key, ps->n);
	p = ARRAY_PUSH(ps->v, ps->n, ps->cap);
	memset(p, 0, sizeof *p);
	p->caller = xstrdup(caller);
	p->callee = xstrdup(callee);
	sanitize_text(p->caller);
	sanitize_text(p->callee);
	return p;
}

static void
pairs_free(struct pairs *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].caller);
		free(ps->v[i].callee);
	}
	free(ps->v);
	for (i = 0; i < ps->nkeys; i++)
		free(ps->keys[i]);
	free(ps->keys);
	strmap_free(&ps->map);
}

static const char *
label(json_t *metric, const char *name)
{
	return json_string_value(json_object_get(metric, name));
}

static int
parse_family(const struct poll_ctx *ctx, size_t f, json_t *res,
    struct pairs *ps, const char *what, char **cause)
{
	const char *caller_l = families[f].caller, *callee_l = families[f].callee;
	const char *caller, *callee, *series, *rep;
	json_t *e, *val, *metric;
	struct pair *p;
	size_t i;
	double v;
	int r;

	if (1u << f == SG_CUSTOM) {
		caller_l = ctx->src->sg_caller;
		callee_l = ctx->src->sg_callee;
	}
	json_array_foreach(res, i, e) {
		val = json_object_get(e, "value");
		if (!json_is_array(val) || json_array_size(val) != 2 ||
		    prom_parse_value(json_array_get(val, 1), &v) != 0) {
			*cause = xasprintf("%s: malformed sample", what);
			return -1;
		}
		metric = json_object_get(e, "metric");
		caller = label(metric, caller_l);
		callee = label(metric, callee_l);
		series = label(metric, "rb_series");
		if (caller == NULL || callee == NULL || *caller == '\0' ||
		    *callee == '\0' || series == NULL || !isfinite(v) || v < 0)
			continue;	/* not a pair, or no number */
		rep = families[f].reporter ? label(metric, "reporter") : NULL;
		r = rep != NULL && strcmp(rep, "destination") == 0;
		p = pair_for(ps, caller, callee);
		if (strcmp(series, "rate") == 0) {
			p->rate[r] += v;
			p->has_rate[r] = true;
		} else if (strcmp(series, "failed") == 0)
			p->failed[r] += v;
	}
	return 0;
}

int
prom_graph_parse(const struct poll_ctx *ctx, const struct response *resp,
    size_t n, struct model_part *part, char **cause)
{
	struct pairs ps;
	struct traffic_edge *t;
	json_t *root, *res;
	size_t f, q = 0, i;
	char *what;
	int rc = 0, r;

	for (f = 0; f < SG_NFAMILIES && q < n && rc == 0; f++) {
		if (!(ctx->src->service_graph & (1u << f)))
			continue;
		memset(&ps, 0, sizeof ps);
		strmap_init(&ps.map);
		what = xasprintf("service graph query (%s)",
		    config_sg_family_names[f]);
		res = prom_answer(&resp[q++], "vector", what, &root, cause);
		rc = res == NULL ? -1 : parse_family(ctx, f, res, &ps, what, cause);
		json_decref(root);
		free(what);
		for (i = 0; i < ps.n && rc == 0; i++) {
			struct pair *p = &ps.v[i];

			r = !p->has_rate[0] && p->has_rate[1];
			if (!p->has_rate[r])
				continue;	/* failures without a rate */
			t = part_add_traffic(part);
			t->source = xstrdup(ctx->src->name);
			t->caller = p->caller;
			t->callee = p->callee;
			p->caller = p->callee = NULL;
			t->request_rate = p->rate[r];
			t->error_ratio = p->rate[r] > 0 ?
			    fmin(p->failed[r] / p->rate[r], 1) : NAN;
		}
		pairs_free(&ps);
	}
	if (rc == 0)
		part->service_graph = true;
	return rc;
}
