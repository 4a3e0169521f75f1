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
#include <unistd.h>
#include <stdio.h>

#include <jansson.h>

#include "actions/journal.h"
#include "core/config.h"
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

/* ui.json beside the journal: each pane's order, kept across runs. */
static char *
prefs_path(struct ui_state *st)
{
	char *jp = journal_path(st->cfg != NULL ? st->cfg->journal : NULL);
	char *p, *slash;

	if (jp == NULL)
		return NULL;
	if ((slash = strrchr(jp, '/')) == NULL) {
		free(jp);
		return NULL;
	}
	*slash = '\0';
	p = xasprintf("%s/ui.json", jp);
	free(jp);
	return p;
}

void
ui_sort_load(struct ui_state *st)
{
	char	*path = prefs_path(st);
	json_t	*root, *sort;
	size_t	 i;

	if (path == NULL)
		return;
	root = json_load_file(path, 0, NULL);
	free(path);
	sort = json_object_get(root, "sort");
	for (i = 0; i < ui_npanes; i++) {
		const char *v = json_string_value(json_object_get(sort,
		    ui_panes[i]->name));

		if (v != NULL && strcmp(v, "name") == 0)
			rows_of(st, i)->sort = 1;
	}
	json_decref(root);
}

void
ui_sort_save(struct ui_state *st)
{
	char	*path = prefs_path(st), *dir, *cause = NULL, *jp;
	json_t	*root, *sort;
	size_t	 i;

	if (path == NULL)
		return;
	/* The journal's folder, made as the journal makes it. */
	jp = journal_path(st->cfg != NULL ? st->cfg->journal : NULL);
	if (jp == NULL || journal_check(jp, &cause) != 0) {
		free(cause);
		free(jp);
		free(path);
		return;
	}
	free(jp);
	root = json_object();
	sort = json_object();
	for (i = 0; i < ui_npanes; i++) {
		if (ui_panes[i]->rank != NULL)
			json_object_set_new(sort, ui_panes[i]->name, json_string(
			    rows_of(st, i)->sort ? "name" : "trouble"));
	}
	json_object_set_new(root, "sort", sort);
	dir = xasprintf("%s.tmp", path);
	if (json_dump_file(root, dir, JSON_INDENT(1)) == 0)
		rename(dir, path);
	else
		unlink(dir);
	free(dir);
	json_decref(root);
	free(path);
}
