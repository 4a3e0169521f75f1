/*
 * graph_tree.c - the focused, one-node-per-line view of the dependency
 * graph (graph_tree.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/graph_tree.h"

struct walk {
	struct gtree		*t;
	const struct graph	*g;
	unsigned char		*seen;
	size_t			 max;
	unsigned char		 more[GTREE_DEPTH + 1];
};

static void
add(struct walk *w, size_t node, int depth, int repeat)
{
	struct gtree_line *l;

	if (w->t->n >= w->max)
		return;
	l = ARRAY_PUSH(w->t->v, w->t->n, w->t->cap);
	memset(l, 0, sizeof *l);
	l->node = node;
	l->depth = depth;
	l->repeat = repeat;
	memcpy(l->more, w->more, sizeof l->more);
}

static void
walk(struct walk *w, size_t node, int depth)
{
	const struct gnode *n = &w->g->nodes[node];
	size_t i, k, kids = 0, seen_kids = 0;

	for (i = 0; i < n->nout; i++) {
		if (!w->g->edges[n->out[i]].back)
			kids++;
	}
	if (depth >= GTREE_DEPTH)
		return;
	for (i = 0; i < n->nout && w->t->n < w->max; i++) {
		const struct gedge *e = &w->g->edges[n->out[i]];

		if (e->back)
			continue;
		seen_kids++;
		/* Is there a sibling after this one at depth + 1? */
		w->more[depth + 1] = seen_kids < kids;
		k = e->to;
		if (w->seen[k]) {
			add(w, k, depth + 1, 1);
			continue;
		}
		w->seen[k] = 1;
		add(w, k, depth + 1, 0);
		walk(w, k, depth + 1);
	}
	w->more[depth + 1] = 0;
}

void
gtree_build(struct gtree *t, const struct graph *g, size_t focus, size_t max)
{
	struct walk		 w;
	const struct gnode	*n;
	size_t			 i;

	gtree_free(t);
	if (focus >= g->nnodes)
		return;
	n = &g->nodes[focus];
	for (i = 0; i < n->nin; i++) {
		const struct gedge *e = &g->edges[n->in[i]];

		if (!e->back)
			*ARRAY_PUSH(t->up, t->nup, t->upcap) = e->from;
	}
	memset(&w, 0, sizeof w);
	w.t = t;
	w.g = g;
	w.max = max;
	w.seen = xcalloc(g->nnodes, 1);
	w.seen[focus] = 1;
	add(&w, focus, 0, 0);
	walk(&w, focus, 0);
	free(w.seen);
}

void
gtree_free(struct gtree *t)
{
	free(t->v);
	free(t->up);
	memset(t, 0, sizeof *t);
}

void
gtree_prefix(const struct gtree *t, size_t i, int utf8, char *buf,
    size_t len)
{
	const struct gtree_line	*l = &t->v[i];
	size_t			 off = 0;
	int			 d;

	buf[0] = '\0';
	for (d = 1; d <= l->depth && off + 8 < len; d++) {
		const char *s;

		if (d < l->depth)
			s = l->more[d] ? (utf8 ? "\xe2\x94\x82  " : "|  ") : "   ";
		else
			s = l->more[d] ? (utf8 ? "\xe2\x94\x9c\xe2\x94\x80 " :
			    "|- ") : (utf8 ? "\xe2\x94\x94\xe2\x94\x80 " : "`- ");
		off += (size_t)snprintf(buf + off, len - off, "%s", s);
	}
}
