/*
 * rows.c - what a list pane shows, in which order: its items narrowed by
 * the pane's filter (`/`: case-insensitive over the row's text, `!text`
 * inverts) and, where the pane ranks its rows, trouble first.  Rebuilt
 * when the model or the filter changes, not on every key.  Selections
 * (sel.c) and painting (paint.c) work in these rows; ui_row() gives the
 * pane's own index of one.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model.h"
#include "core/util.h"
#include "ui/ui_int.h"

struct pane_rows {
	size_t		*v;		/* the pane's own indices, in order */
	size_t		 n, cap;
	unsigned	 gen;		/* model generation they were built on */
	int		 built;
	char		*filter;	/* NULL: none */
	int		 sort;		/* 0: trouble first (if ranked), 1: as is */
};

struct ranked {
	size_t	i;
	int	rank;
};

static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static struct pane_rows *
rows_of(struct ui_state *st, size_t pane)
{
	if (st->rows == NULL)
		st->rows = xcalloc(ui_npanes, sizeof *st->rows);
	return &st->rows[pane];
}

/* Whether row text matches the filter ("!x": does not contain x). */
int
ui_filter_match(const char *filter, const char *text)
{
	int invert = filter[0] == '!';

	if (invert)
		filter++;
	if (*filter == '\0')
		return 1;
	return (strcasestr(text, filter) != NULL) != invert;
}

static void
rebuild(struct ui_state *st, size_t pane, struct pane_rows *r)
{
	const struct pane_entry	*pe = ui_panes[pane];
	struct ranked		*rk;
	char			 text[1024];
	size_t			 n = pe->count(st), i, k = 0;

	rk = xcalloc(n ? n : 1, sizeof *rk);
	for (i = 0; i < n; i++) {
		if (r->filter != NULL && pe->row_text != NULL) {
			text[0] = '\0';
			pe->row_text(st, i, text, sizeof text);
			if (!ui_filter_match(r->filter, text))
				continue;
		}
		rk[k].i = i;
		rk[k].rank = r->sort == 0 && pe->rank != NULL ? pe->rank(st, i) : 0;
		k++;
	}
	if (r->sort == 0 && pe->rank != NULL)
		qsort(rk, k, sizeof *rk, cmp_ranked);
	if (k > r->cap) {
		r->cap = k;
		r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
	}
	for (i = 0; i < k; i++)
		r->v[i] = rk[i].i;
	r->n = k;
	free(rk);
	r->gen = st->model->generation;
	r->built = 1;
}

static struct pane_rows *
update(struct ui_state *st, size_t pane)
{
	struct pane_rows *r = rows_of(st, pane);

	if (!r->built || r->gen != st->model->generation)
		rebuild(st, pane, r);
	return r;
}

size_t
ui_rows(struct ui_state *st, size_t pane)
{
	if (ui_panes[pane]->paint != NULL)
		return ui_panes[pane]->count(st);
	return update(st, pane)->n;
}

size_t
ui_row(struct ui_state *st, size_t pane, size_t k)
{
	struct pane_rows *r;

	if (ui_panes[pane]->paint != NULL)
		return k;
	r = update(st, pane);
	return k < r->n ? r->v[k] : k;
}

size_t
ui_selected(struct ui_state *st)
{
	struct pane_sel *s = &st->sel[st->pane];

	ui_sel_resolve(st, st->pane);
	if (ui_rows(st, st->pane) == 0)
		return (size_t)-1;
	return ui_row(st, st->pane, s->idx);
}

const char *
ui_filter(struct ui_state *st, size_t pane)
{
	return rows_of(st, pane)->filter;
}

void
ui_filter_set(struct ui_state *st, size_t pane, const char *text)
{
	struct pane_rows *r = rows_of(st, pane);

	free(r->filter);
	r->filter = text != NULL && *text != '\0' ? xstrdup(text) : NULL;
	r->built = 0;
}

int
ui_sort(struct ui_state *st, size_t pane)
{
	return rows_of(st, pane)->sort;
}

void
ui_sort_next(struct ui_state *st, size_t pane)
{
	struct pane_rows *r = rows_of(st, pane);

	r->sort = (r->sort + 1) % 2;
	r->built = 0;
}

void
ui_rows_free(struct ui_state *st)
{
	size_t i;

	for (i = 0; st->rows != NULL && i < ui_npanes; i++) {
		free(st->rows[i].v);
		free(st->rows[i].filter);
	}
	free(st->rows);
	st->rows = NULL;
}
