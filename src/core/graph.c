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
	if (e->unknown) {
		n->state = GS_UNKNOWN;
		n->word = xstrdup("?");
		n->status = xasprintf("state unknown: %s", e->reason ? e->reason :
		    "the last answer left it out");
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

/*
 * The model's services and rollouts by name, built once per graph so that
 * each node finds its rows without a scan.  Chains link rows of one name.
 */
struct lookup {
	struct strmap	 svc;		/* service name -> first row */
	size_t		*svc_next;
	struct strmap	 ro_full;	/* "NAMESPACE/NAME" -> first rollout */
	struct strmap	 ro_name;	/* "NAME" -> first rollout */
	struct strmap	 ro_src;	/* "SOURCE/NAMESPACE/NAME" -> rollout */
	char		**ro_keys;	/* ro_full borrows these */
	char		**ro_src_keys;	/* ro_src borrows these */
	size_t		 nro;
};

static void
lookup_init(struct lookup *lk, const struct model *m)
{
	size_t i, first, *last;

	memset(lk, 0, sizeof *lk);
	strmap_init(&lk->svc);
	strmap_init(&lk->ro_full);
	strmap_init(&lk->ro_name);
	strmap_init(&lk->ro_src);
	lk->svc_next = xcalloc(m->nservices + 1, sizeof *lk->svc_next);
	last = xcalloc(m->nservices + 1, sizeof *last);
	for (i = 0; i < m->nservices; i++) {
		lk->svc_next[i] = GRAPH_NONE;
		if (m->services[i].service == NULL)
			continue;
		first = strmap_put(&lk->svc, m->services[i].service, i);
		if (first != i)
			lk->svc_next[last[first]] = i;
		last[first] = i;
	}
	free(last);
	lk->nro = m->nrollouts;
	lk->ro_keys = xcalloc(m->nrollouts + 1, sizeof *lk->ro_keys);
	lk->ro_src_keys = xcalloc(m->nrollouts + 1, sizeof *lk->ro_src_keys);
	for (i = 0; i < m->nrollouts; i++) {
		const struct rollout *r = &m->rollouts[i];

		if (r->name == NULL)
			continue;
		/* The first one of a name wins, as a scan would have it. */
		if (r->namespace != NULL) {
			lk->ro_keys[i] = xasprintf("%s/%s", r->namespace, r->name);
			strmap_put(&lk->ro_full, lk->ro_keys[i], i);
			/* Graph ids name the source: "rollout:SRC/NS/NAME". */
			lk->ro_src_keys[i] = xasprintf("%s/%s/%s", r->source ?
			    r->source : "", r->namespace, r->name);
			strmap_put(&lk->ro_src, lk->ro_src_keys[i], i);
		}
		strmap_put(&lk->ro_name, r->name, i);
	}
}

static void
lookup_free(struct lookup *lk)
{
	strmap_free(&lk->svc);
	free(lk->svc_next);
	strmap_free(&lk->ro_full);
	strmap_free(&lk->ro_name);
	strmap_free(&lk->ro_src);
	graph_strings_free(lk->ro_keys, lk->nro);
	graph_strings_free(lk->ro_src_keys, lk->nro);
}

static void
service_node(struct gnode *n, const struct model *m, const struct lookup *lk)
{
	enum health	 worst = HEALTH_UNKNOWN;
	size_t		 i, seen = 0;

	for (i = strmap_get(&lk->svc, n->name); i != STRMAP_NONE &&
	    i != GRAPH_NONE; i = lk->svc_next[i]) {
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
rollout_node(struct gnode *n, const struct model *m, const struct lookup *lk)
{
	const struct rollout	*found = NULL;
	const char		*slash = strchr(n->name, '/');
	size_t			 i;

	/* SOURCE/NAMESPACE/NAME, NAMESPACE/NAME (unresolved) or NAME. */
	i = strmap_get(slash == NULL ? &lk->ro_name :
	    strchr(slash + 1, '/') != NULL ? &lk->ro_src : &lk->ro_full,
	    n->name);
	if (i != STRMAP_NONE)
		found = &m->rollouts[i];
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

/* The first environment any flag has, for a NULL env. */
static const char *
default_env(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->nflags; i++) {
		if (m->flags[i].nenvs > 0)
			return m->flags[i].envs[0].name;
	}
	return NULL;
}

/* Give every node its state from the model. */
static void
set_states(struct graph *g, const struct model *m, const char *env)
{
	struct lookup	lk;
	size_t		i;

	lookup_init(&lk, m);
	for (i = 0; i < g->nnodes; i++) {
		struct gnode *n = &g->nodes[i];

		n->blocked_by = NULL;
		switch (n->kind) {
		case GNODE_FLAG:
			flag_node(n, m, env);
			break;
		case GNODE_SERVICE:
			service_node(n, m, &lk);
			break;
		case GNODE_ROLLOUT:
			rollout_node(n, m, &lk);
			break;
		case GNODE_OTHER:
			n->word = xstrdup("?");
			n->status = xstrdup("unknown kind");
			break;
		}
	}
	lookup_free(&lk);
}

void
graph_build(struct graph *g, const struct model *m, const char *env)
{
	size_t i;

	graph_init(g);
	if (env == NULL)
		env = default_env(m);
	for (i = 0; i < m->nedges; i++)
		graph_add_edge(g, m->edges[i].from, m->edges[i].to,
		    m->edges[i].kind);
	set_states(g, m, env);
	graph_finish(g);
}

size_t
graph_refresh(struct graph *g, const struct model *m, const char *env)
{
	enum gstate	*state;
	char		**word;
	size_t		 i, changed = 0;

	if (env == NULL)
		env = default_env(m);
	state = xcalloc(g->nnodes + 1, sizeof *state);
	word = xcalloc(g->nnodes + 1, sizeof *word);
	for (i = 0; i < g->nnodes; i++) {
		state[i] = g->nodes[i].state;
		word[i] = g->nodes[i].word;
		g->nodes[i].word = NULL;
		free(g->nodes[i].status);
		g->nodes[i].status = NULL;
	}
	set_states(g, m, env);
	for (i = 0; i < g->nnodes; i++) {
		if (state[i] != g->nodes[i].state ||
		    !streq(word[i], g->nodes[i].word))
			changed++;
	}
	graph_strings_free(word, g->nnodes);
	free(state);
	return changed;
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
