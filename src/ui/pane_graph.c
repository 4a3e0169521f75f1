/*
 * pane_graph.c - pane 4: the dependency graph as a list of edges grouped
 * by kind, e.g. "payments-v2 -> new-checkout" under flag-dependency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/util.h"
#include "ui/ui_int.h"

enum { C_KIND, C_EDGE, C_COUNT };

static const struct column graph_columns[C_COUNT] = {
	[C_KIND] =	{ "KIND", 18, 20, 1, 0, 0, 0 },
	[C_EDGE] =	{ "FROM -> TO", 20, 200, 0, 0, 0, 0 },
};

/* Keep st->order as edge indexes sorted by kind, stable otherwise. */
static void
graph_sort(struct ui_state *st)
{
	const struct model	*m = st->model;
	size_t			 i, j, t;

	if (st->order_gen == m->generation && st->order_src == m->edges &&
	    st->norder == m->nedges)
		return;
	st->norder = 0;
	for (i = 0; i < m->nedges; i++)
		*ARRAY_PUSH(st->order, st->norder, st->order_cap) = i;
	/* Insertion sort: stable, and edge lists are short. */
	for (i = 1; i < st->norder; i++) {
		t = st->order[i];
		for (j = i; j > 0 && strcmp(m->edges[st->order[j - 1]].kind ?
		    m->edges[st->order[j - 1]].kind : "", m->edges[t].kind ?
		    m->edges[t].kind : "") > 0; j--)
			st->order[j] = st->order[j - 1];
		st->order[j] = t;
	}
	st->order_gen = m->generation;
	st->order_src = m->edges;
}

static size_t
graph_count(struct ui_state *st)
{
	graph_sort(st);
	return st->norder;
}

static const struct edge *
graph_edge(struct ui_state *st, size_t i)
{
	graph_sort(st);
	return &st->model->edges[st->order[i]];
}

static void
graph_item_key(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct edge *e = graph_edge(st, i);

	snprintf(buf, len, "%s>%s>%s", e->from ? e->from : "",
	    e->to ? e->to : "", e->kind ? e->kind : "");
}

static void
graph_layout(struct ui_state *st, int w)
{
	memcpy(st->cols, graph_columns, sizeof graph_columns);
	st->ncols = C_COUNT;
	layout_columns(st->cols, st->ncols, w, 1);
}

/* "flag:a" and "flag:b" read better as "a" and "b". */
static void
edge_text(const struct edge *e, char *buf, size_t len)
{
	const char	*from = e->from ? e->from : "", *to = e->to ? e->to : "";
	const char	*fc = strchr(from, ':'), *tc = strchr(to, ':');

	if (fc != NULL && tc != NULL && fc - from == tc - to &&
	    strncmp(from, to, (size_t)(fc - from)) == 0)
		snprintf(buf, len, "%s -> %s", fc + 1, tc + 1);
	else
		snprintf(buf, len, "%s -> %s", from, to);
}

static void
graph_draw_row(struct ui_state *st, size_t i, int y, int x, int w,
    int selected)
{
	const struct edge	*e = graph_edge(st, i);
	char			 buf[1024];

	/* The kind is written once per group. */
	if (i == 0 || !streq(graph_edge(st, i - 1)->kind, e->kind) ||
	    ui_col(st, C_KIND) == NULL)
		ui_cell(st, y, x, C_KIND, ROLE_INFO, e->kind, selected);
	else
		ui_cell(st, y, x, C_KIND, ROLE_DIM, "", selected);
	edge_text(e, buf, sizeof buf);
	if (ui_col(st, C_KIND) == NULL) {
		size_t n = strlen(buf);

		snprintf(buf + n, sizeof buf - n, " (%s)", e->kind ? e->kind : "");
	}
	ui_cell(st, y, x, C_EDGE, ROLE_NORMAL, buf, selected);
}

const struct pane_entry pane_graph_entry = {
	.name = "graph",
	.title = "Graph",
	.key = '4',
	.kind = NULL,
	.noun = "dependencies",
	.count = graph_count,
	.item_key = graph_item_key,
	.layout = graph_layout,
	.draw_row = graph_draw_row,
};
