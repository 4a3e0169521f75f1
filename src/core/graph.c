/*
 * graph.c - builds the dependency graph from the model's edges, gives each
 * node its state (flags in one environment, service health, rollout
 * status) and finds cycles with an iterative depth-first search, so a bad
 * configuration (services that depend on each other in a loop) is reported
 * instead of looping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/graph.h"
#include "core/util.h"

void
graph_init(struct graph *g)
{
	memset(g, 0, sizeof *g);
	strmap_init(&g->index);
}

void
graph_free(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->nnodes; i++) {
		free(g->nodes[i].id);
		free(g->nodes[i].status);
		free(g->nodes[i].word);
		free(g->nodes[i].out);
		free(g->nodes[i].in);
	}
	free(g->nodes);
	for (i = 0; i < g->nedges; i++)
		free(g->edges[i].kind);
	free(g->edges);
	graph_strings_free(g->cycles, g->ncycles);
	strmap_free(&g->index);
	memset(g, 0, sizeof *g);
}

void
graph_strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *
graph_flag_key(const char *source, const char *name)
{
	return xasprintf("%s\x1f%s", source ? source : "", name ? name : "");
}

static enum gnode_kind
kind_of(const char *id)
{
	if (strncmp(id, "flag:", 5) == 0)
		return GNODE_FLAG;
	if (strncmp(id, "service:", 8) == 0)
		return GNODE_SERVICE;
	if (strncmp(id, "rollout:", 8) == 0)
		return GNODE_ROLLOUT;
	return GNODE_OTHER;
}

size_t
graph_find(const struct graph *g, const char *id)
{
	size_t i = strmap_get(&g->index, id);

	return i == STRMAP_NONE ? GRAPH_NONE : i;
}

size_t
graph_add_node(struct graph *g, const char *id)
{
	struct gnode *n;
	const char *colon;
	size_t i;

	if ((i = graph_find(g, id)) != GRAPH_NONE)
		return i;
	n = ARRAY_PUSH(g->nodes, g->nnodes, g->nodes_cap);
	memset(n, 0, sizeof *n);
	n->id = xstrdup(id);
	n->kind = kind_of(id);
	colon = strchr(n->id, ':');
	n->name = colon != NULL ? colon + 1 : n->id;
	n->state = GS_UNKNOWN;
	strmap_put(&g->index, n->id, g->nnodes - 1);
	return g->nnodes - 1;
}

void
graph_add_edge(struct graph *g, const char *from, const char *to,
    const char *kind)
{
	size_t a = graph_add_node(g, from), b = graph_add_node(g, to);
	struct gedge *e = ARRAY_PUSH(g->edges, g->nedges, g->edges_cap);

	e->from = a;
	e->to = b;
	e->kind = xstrdup(kind ? kind : "");
	e->back = false;
	*ARRAY_PUSH(g->nodes[a].out, g->nodes[a].nout, g->nodes[a].out_cap) =
	    g->nedges - 1;
	*ARRAY_PUSH(g->nodes[b].in, g->nodes[b].nin, g->nodes[b].in_cap) =
	    g->nedges - 1;
}

/* "a -> b -> a" from the search stack, from the node `to` up to `from`. */
static void
record_cycle(struct graph *g, const size_t *stack, size_t depth, size_t to)
{
	size_t	 i, start = depth, len;
	char	*s, *t;

	while (start > 0 && stack[start - 1] != to)
		start--;
	if (start == 0)
		return;
	start--;
	for (i = start; i < depth; i++)
		g->nodes[stack[i]].in_cycle = true;
	g->ncycles_total++;
	if (g->ncycles >= GRAPH_MAX_CYCLES)
		return;
	s = xstrdup("");
	for (i = start, len = 0; i < depth; i++, len++) {
		t = xasprintf("%s%s -> ", s, g->nodes[stack[i]].id);
		free(s);
		s = t;
	}
	t = xasprintf("%s%s", s, g->nodes[to].id);
	free(s);
	*ARRAY_PUSH(g->cycles, g->ncycles, g->cycles_cap) = t;
}

void
graph_finish(struct graph *g)
{
	unsigned char	*colour;	/* 0 new, 1 on the stack, 2 done */
	size_t		*stack, *next, depth, root, u, e, v;

	if (g->nnodes == 0)
		return;
	colour = xcalloc(g->nnodes, 1);
	stack = xcalloc(g->nnodes, sizeof *stack);
	next = xcalloc(g->nnodes, sizeof *next);
	for (root = 0; root < g->nnodes; root++) {
		if (colour[root] != 0)
			continue;
		depth = 0;
		stack[depth++] = root;
		colour[root] = 1;
		next[root] = 0;
		while (depth > 0) {
			u = stack[depth - 1];
			if (next[u] == g->nodes[u].nout) {
				colour[u] = 2;
				depth--;
				continue;
			}
			e = g->nodes[u].out[next[u]++];
			v = g->edges[e].to;
			if (colour[v] == 1) {
				g->edges[e].back = true;
				record_cycle(g, stack, depth, v);
			} else if (colour[v] == 0) {
				colour[v] = 1;
				next[v] = 0;
				stack[depth++] = v;
			}
		}
	}
	free(colour);
	free(stack);
	free(next);
}

/* Flag state in one environment, from the classified model. */
static void
flag_node(struct gnode *n, const struct model *m, const char *env)
{
	const struct flag	*f = model_find_flag(m, NULL, n->name);
	const struct flag_env	*e;
	char			 pct[16] = "";

	if (f == NULL || env == NULL || (e = flag_find_env(f, env)) == NULL) {
		n->state = GS_UNKNOWN;
		n->word = xstrdup("?");
		n->status = xstrdup(f == NULL ? "not in any flag source" :
		    "not in this environment");
		return;
	}
	if (e->has_rollout && e->rollout != RB_UNKNOWN_INT)
		snprintf(pct, sizeof pct, " %d%%", e->rollout);
	if (e->killed) {
		n->state = GS_KILLED;
		n->word = xstrdup("KILLED");
		n->status = xasprintf("killed (kept at%s)", pct[0] ? pct : " ?");
	} else if (!e->enabled || strcmp(e->stage, "off") == 0) {
		n->state = GS_OFF;
		n->word = xstrdup("off");
		n->status = xstrdup("off");
	} else if (e->blocked_by != NULL) {
		n->state = GS_BLOCKED;
		n->blocked_by = e->blocked_by;
		n->word = xstrdup("BLOCKED");
		n->status = xasprintf("%s%s, blocked by %s (effectively off)",
		    e->stage, pct, e->blocked_by);
	} else {
		n->state = (!e->has_rollout && e->other_strategies == 0) ||
		    (e->has_rollout && e->rollout >= 100) ? GS_ON : GS_PARTIAL;
		n->word = xstrdup(e->stage);
		n->status = xasprintf("%s%s%s", e->stage, pct,
		    e->other_strategies > 0 ? " + other strategies" : "");
	}
	if (e->dep_cycle) {
		char *t = xasprintf("%s; its parents form a cycle", n->status);

		free(n->status);
		n->status = t;
	}
}

static void
service_node(struct gnode *n, const struct model *m)
{
	enum health	 worst = HEALTH_UNKNOWN;
	size_t		 i, seen = 0;

	for (i = 0; i < m->nservices; i++) {
		if (!streq(m->services[i].service, n->name))
			continue;
		seen++;
		if (m->services[i].health > worst)
			worst = m->services[i].health;
	}
	switch (worst) {
	case HEALTH_OK:
		n->state = GS_ON;
		break;
	case HEALTH_WARN:
		n->state = GS_WARN;
		break;
	case HEALTH_CRIT:
		n->state = GS_CRIT;
		break;
	default:
		n->state = GS_UNKNOWN;
		break;
	}
	n->word = xstrdup(health_name(worst));
	n->status = seen == 0 ? xstrdup("health unknown (no metrics)") :
	    xasprintf("health %s", health_name(worst));
}

static void
rollout_node(struct gnode *n, const struct model *m)
{
	const struct rollout	*r, *found = NULL;
	const char		*slash = strchr(n->name, '/');
	size_t			 i, nslen = slash ? (size_t)(slash - n->name) : 0;

	for (i = 0; i < m->nrollouts && found == NULL; i++) {
		r = &m->rollouts[i];
		if (slash != NULL) {
			if (r->namespace != NULL && strlen(r->namespace) == nslen &&
			    strncmp(r->namespace, n->name, nslen) == 0 &&
			    streq(r->name, slash + 1))
				found = r;
		} else if (streq(r->name, n->name))
			found = r;
	}
	if (found == NULL || found->status == NULL) {
		n->state = GS_UNKNOWN;
		n->word = xstrdup("?");
		n->status = xstrdup("no such rollout seen");
		return;
	}
	if (strcmp(found->status, "Healthy") == 0)
		n->state = GS_ON;
	else if (strcmp(found->status, "Degraded") == 0)
		n->state = GS_CRIT;
	else
		n->state = GS_PARTIAL;
	n->word = xstrdup(found->status);
	if (found->step_count != RB_UNKNOWN_INT && found->step_count > 0)
		n->status = xasprintf("%s, step %d/%d%s%s", found->status,
		    found->step_index, found->step_count,
		    found->message ? ": " : "", found->message ? found->message : "");
	else
		n->status = xasprintf("%s%s%s", found->status,
		    found->message ? ": " : "", found->message ? found->message : "");
}

void
graph_build(struct graph *g, const struct model *m, const char *env)
{
	size_t i;

	graph_init(g);
	if (env == NULL) {
		for (i = 0; i < m->nflags && env == NULL; i++) {
			if (m->flags[i].nenvs > 0)
				env = m->flags[i].envs[0].name;
		}
	}
	for (i = 0; i < m->nedges; i++)
		graph_add_edge(g, m->edges[i].from, m->edges[i].to,
		    m->edges[i].kind);
	for (i = 0; i < g->nnodes; i++) {
		struct gnode *n = &g->nodes[i];

		switch (n->kind) {
		case GNODE_FLAG:
			flag_node(n, m, env);
			break;
		case GNODE_SERVICE:
			service_node(n, m);
			break;
		case GNODE_ROLLOUT:
			rollout_node(n, m);
			break;
		case GNODE_OTHER:
			n->word = xstrdup("?");
			n->status = xstrdup("unknown kind");
			break;
		}
	}
	graph_finish(g);
}

size_t
graph_model_cycles(const struct model *m, char ***out)
{
	struct graph	g;
	size_t		i, n;

	graph_init(&g);
	for (i = 0; i < m->nedges; i++)
		graph_add_edge(&g, m->edges[i].from, m->edges[i].to,
		    m->edges[i].kind);
	graph_finish(&g);
	*out = g.cycles;
	n = g.ncycles;
	g.cycles = NULL;
	g.ncycles = 0;
	graph_free(&g);
	return n;
}
