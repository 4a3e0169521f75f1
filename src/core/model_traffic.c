/*
 * model_traffic.c - the discovered service graph in the model: traffic
 * pairs (caller -> callee with a rate and an error ratio, from metrics)
 * merged with the configured depends_on edges.  Each pair becomes a
 * service-dependency edge callee -> caller, the direction depends_on has;
 * names pass through service_aliases; a configured edge without traffic
 * and a discovered one without a declaration are both kept, so drift
 * shows either way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/model.h"
#include "core/strmap.h"
#include "core/util.h"

struct traffic_edge *
part_add_traffic(struct model_part *p)
{
	struct traffic_edge *t = ARRAY_PUSH(p->traffic, p->ntraffic, p->traffic_cap);

	memset(t, 0, sizeof *t);
	t->request_rate = NAN;
	t->error_ratio = NAN;
	return t;
}

void
traffic_edge_free(struct traffic_edge *t)
{
	free(t->source);
	free(t->caller);
	free(t->callee);
	memset(t, 0, sizeof *t);
}

const char *
edge_origin_name(enum edge_origin o)
{
	switch (o) {
	case EDGE_CONFIG:
		return "config";
	case EDGE_TRAFFIC:
		return "traffic";
	case EDGE_BOTH:
		return "both";
	case EDGE_ORIGIN_NONE:
		break;
	}
	return NULL;
}

const char *
edge_mark(const struct edge *e)
{
	if (e->origin == EDGE_CONFIG && e->request_rate == 0)
		return "no traffic";
	if (e->origin == EDGE_TRAFFIC)
		return "undeclared";
	return NULL;
}

static enum health
judge_edge(const struct config *cfg, const char *callee, double ratio)
{
	const struct thresholds *t = config_thresholds(cfg, callee);

	if (isnan(ratio))
		return HEALTH_UNKNOWN;
	if (ratio >= t->error_ratio_crit)
		return HEALTH_CRIT;
	if (ratio >= t->error_ratio_warn)
		return HEALTH_WARN;
	return HEALTH_OK;
}

static void
set_traffic(struct edge *e, const struct config *cfg, const char *callee,
    const struct traffic_edge *t)
{
	e->request_rate = t->request_rate;
	e->error_ratio = t->error_ratio;
	e->health = judge_edge(cfg, callee, t->error_ratio);
}

void
model_traffic_merge(const struct model *m, const struct config *cfg,
    struct edge **edges, size_t *nedges, size_t *cap)
{
	struct strmap	 pairs;		/* "service:callee\x1fservice:caller" */
	char		**keys = NULL, *k;
	bool		*used;
	bool		 known = false;
	size_t		 nkeys = 0, kcap = 0, i, j, n0 = *nedges;

	/* Configured edges are unknown unless some source discovers. */
	for (i = 0; i < m->nsources; i++) {
		if (m->sources[i].service_graph &&
		    (m->sources[i].state == SOURCE_OK ||
		    m->sources[i].state == SOURCE_STALE))
			known = true;
	}
	strmap_init(&pairs);
	used = xcalloc(m->ntraffic + 1, sizeof *used);
	for (i = 0; i < m->ntraffic; i++) {
		const struct traffic_edge *t = &m->traffic[i];

		if (!(t->request_rate > 0) || strcmp(config_service_alias(cfg,
		    t->callee), config_service_alias(cfg, t->caller)) == 0) {
			used[i] = true;	/* no calls in the window, or a self-call */
			continue;
		}
		k = xasprintf("service:%s\x1fservice:%s",
		    config_service_alias(cfg, t->callee),
		    config_service_alias(cfg, t->caller));
		if (strmap_get(&pairs, k) != STRMAP_NONE) {
			used[i] = true;	/* the first source or family wins */
			free(k);
			continue;
		}
		*ARRAY_PUSH(keys, nkeys, kcap) = k;
		strmap_put(&pairs, k, i);
	}
	for (i = 0; i < n0; i++) {
		struct edge *e = &(*edges)[i];

		if (strcmp(e->kind, "service-dependency") != 0)
			continue;
		k = xasprintf("%s\x1f%s", e->from, e->to);
		j = strmap_get(&pairs, k);
		free(k);
		if (j == STRMAP_NONE) {
			e->origin = EDGE_CONFIG;
			e->request_rate = known ? 0 : NAN;
			e->error_ratio = NAN;
			e->health = HEALTH_UNKNOWN;
			continue;
		}
		e->origin = EDGE_BOTH;
		set_traffic(e, cfg, e->from + 8, &m->traffic[j]);
		used[j] = true;
	}
	for (i = 0; i < m->ntraffic; i++) {
		const struct traffic_edge *t = &m->traffic[i];
		const char *callee;
		struct edge *e;

		if (used[i])
			continue;
		callee = config_service_alias(cfg, t->callee);
		e = ARRAY_PUSH(*edges, *nedges, *cap);
		e->from = xasprintf("service:%s", callee);
		e->to = xasprintf("service:%s",
		    config_service_alias(cfg, t->caller));
		e->kind = xstrdup("service-dependency");
		e->origin = EDGE_TRAFFIC;
		set_traffic(e, cfg, callee, t);
	}
	free(used);
	strmap_free(&pairs);
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
}

const struct edge *
model_worst_dependency(const struct model *m, const char *service)
{
	const struct edge *best = NULL, *e;
	size_t i;

	if (service == NULL)
		return NULL;
	for (i = 0; i < m->nedges; i++) {
		e = &m->edges[i];
		if (e->origin == EDGE_ORIGIN_NONE || (e->health != HEALTH_WARN &&
		    e->health != HEALTH_CRIT) || strncmp(e->to, "service:", 8) != 0 ||
		    strcmp(e->to + 8, service) != 0)
			continue;
		if (best == NULL || e->error_ratio > best->error_ratio)
			best = e;
	}
	return best;
}

const struct edge *
model_find_edge(const struct model *m, const char *from, const char *to,
    const char *kind)
{
	size_t i;

	for (i = 0; i < m->nedges; i++) {
		if (streq(m->edges[i].from, from) && streq(m->edges[i].to, to) &&
		    streq(m->edges[i].kind, kind))
			return &m->edges[i];
	}
	return NULL;
}
