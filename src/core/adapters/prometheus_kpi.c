/*
 * prometheus_kpi.c - per-flag KPIs from one instant query a poll.  Each
 * KPI's query, with {flag} and {env} filled in, is wrapped as
 *   label_replace(label_replace((Q), "rb_kpi", "I", "", ""), "rb_env", "J", "", "")
 * (I the KPI's index in the config, J the environment's in the KPI) and
 * the wrapped queries are joined with "or", so all of them cost one
 * request.  A KPI must give one series; none is unknown ("no data"), more
 * are unknown with the count.  Unleash's flag and environment names are
 * URL-safe, so template_expand()'s percent-encoding leaves them as they
 * are in the PromQL.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapters/prometheus_graph.h"
#include "core/adapters/prometheus_kpi.h"
#include "core/kpi.h"
#include "core/sanitize.h"
#include "core/template.h"
#include "core/util.h"

static int
evaluates(const struct poll_ctx *ctx, const struct kpi_cfg *k)
{
	return strcmp(k->source, ctx->src->name) == 0;
}

int
prom_kpi_any(const struct poll_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->cfg->nkpis; i++) {
		if (evaluates(ctx, &ctx->cfg->kpis[i]) &&
		    ctx->cfg->kpis[i].nenvs > 0)
			return 1;
	}
	return 0;
}

char *
prom_kpi_query(const struct poll_ctx *ctx)
{
	static const char *const keys[] = { "flag", "env" };
	const char *vals[2];
	char *q = NULL, *one, *next;
	size_t i, j;

	for (i = 0; i < ctx->cfg->nkpis; i++) {
		const struct kpi_cfg *k = &ctx->cfg->kpis[i];

		if (!evaluates(ctx, k))
			continue;
		for (j = 0; j < k->nenvs; j++) {
			vals[0] = k->flag;
			vals[1] = k->envs[j];
			one = template_expand(k->query, keys, vals, 2);
			next = xasprintf("%s%slabel_replace(label_replace((%s), "
			    "\"rb_kpi\", \"%zu\", \"\", \"\"), \"rb_env\", \"%zu\", "
			    "\"\", \"\")", q != NULL ? q : "", q != NULL ? " or " : "",
			    one, i, j);
			free(one);
			free(q);
			q = next;
		}
	}
	return q;
}

size_t
prom_kpi_plan(const struct poll_ctx *ctx, struct request_desc *reqs, double t)
{
	char *q = prom_kpi_query(ctx), *e;

	if (q == NULL)
		return 0;
	e = url_escape(q);
	reqs[0].method = xstrdup("GET");
	reqs[0].path = xasprintf("/api/v1/query?query=%s&time=%.3f", e, t);
	free(e);
	free(q);
	return 1;
}

/* The index a label holds ("3"), or -1 when it is missing or not one. */
static long
label_index(json_t *metric, const char *label, size_t limit)
{
	const char *s = json_string_value(json_object_get(metric, label));
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end != '\0' || v < 0 || (size_t)v >= limit ? -1 : v;
}

/* One value per KPI and environment: the part's first index of KPI i. */
static size_t
add_values(const struct poll_ctx *ctx, struct model_part *p, size_t *first)
{
	size_t i, j, n = 0;

	for (i = 0; i < ctx->cfg->nkpis; i++) {
		const struct kpi_cfg *k = &ctx->cfg->kpis[i];

		first[i] = p->nkpis;
		if (!evaluates(ctx, k))
			continue;
		for (j = 0; j < k->nenvs; j++, n++) {
			struct kpi_value *v = part_add_kpi(p);

			v->source = xstrdup(ctx->src->name);
			v->name = xstrdup(k->name);
			v->flag = xstrdup(k->flag);
			v->env = xstrdup(k->envs[j]);
			v->health = HEALTH_UNKNOWN;
		}
	}
	return n;
}

static void
all_unknown(struct model_part *p, size_t from, const char *why)
{
	size_t i;

	for (i = from; i < p->nkpis; i++) {
		free(p->kpis[i].error);
		p->kpis[i].error = xstrdup(why);
	}
	if (p->warning == NULL)
		p->warning = xstrdup(why);
}

void
prom_kpi_parse(const struct poll_ctx *ctx, const struct response *r,
    struct model_part *p)
{
	size_t *first = xcalloc(ctx->cfg->nkpis + 1, sizeof *first);
	size_t *seen, from = p->nkpis, n, i, slot;
	json_t *root, *res, *e, *val;
	char *cause = NULL;
	long ki, ji;
	double v;

	n = add_values(ctx, p, first);
	seen = xcalloc(n + 1, sizeof *seen);
	res = prom_answer(r, "vector", "KPI query", &root, &cause);
	if (res == NULL) {
		all_unknown(p, from, cause);
		goto out;
	}
	json_array_foreach(res, i, e) {
		json_t *metric = json_object_get(e, "metric");

		ki = label_index(metric, "rb_kpi", ctx->cfg->nkpis);
		if (ki < 0 || !evaluates(ctx, &ctx->cfg->kpis[ki]))
			continue;
		ji = label_index(metric, "rb_env", ctx->cfg->kpis[ki].nenvs);
		if (ji < 0)
			continue;
		slot = first[ki] + (size_t)ji;
		val = json_object_get(e, "value");
		if (!json_is_array(val) || json_array_size(val) != 2 ||
		    prom_parse_value(json_array_get(val, 1), &v) != 0) {
			free(p->kpis[slot].error);
			p->kpis[slot].error = xstrdup("malformed sample");
			continue;
		}
		p->kpis[slot].value = v;
		seen[slot - from]++;
	}
	for (i = 0; i < n; i++) {
		struct kpi_value *kv = &p->kpis[from + i];

		if (seen[i] > 1) {
			kv->value = NAN;
			free(kv->error);
			kv->error = xasprintf("the query gave %zu series; a KPI "
			    "needs one", seen[i]);
		} else if (seen[i] == 0 && kv->error == NULL)
			kv->error = xstrdup("no data");
		else if (!isfinite(kv->value) && kv->error == NULL)
			kv->error = xstrdup("not a number (NaN or infinite)");
	}
	for (i = 0; i < ctx->cfg->nkpis; i++) {
		const struct kpi_cfg *k = &ctx->cfg->kpis[i];
		size_t j;

		if (!evaluates(ctx, k))
			continue;
		for (j = 0; j < k->nenvs; j++) {
			struct kpi_value *kv = &p->kpis[first[i] + j];

			kv->health = kpi_health_of_value(k, kv->value);
		}
	}
out:
	free(cause);
	json_decref(root);
	free(seen);
	free(first);
}
