/*
 * sel.c - each pane's selection, kept by item identity so that it stays on
 * the same row when data refreshes; and the selected row's graph node, as
 * a reaction the event loop resolves (panes never call each other).
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/ui_int.h"

/* Find the selected item again by its identity; else keep the position. */
void
ui_sel_resolve(struct ui_state *st, size_t pane)
{
	const struct pane_entry	*pe = ui_panes[pane];
	struct pane_sel		*s = &st->sel[pane];
	char			 key[UI_KEYLEN];
	size_t			 n = ui_rows(st, pane), i;

	if (n == 0) {
		s->idx = s->top = 0;
		return;
	}
	if (s->key != NULL) {
		if (s->idx < n) {
			pe->item_key(st, ui_row(st, pane, s->idx), key,
			    sizeof key);
			if (strcmp(key, s->key) == 0)
				return;
		}
		for (i = 0; i < n; i++) {
			pe->item_key(st, ui_row(st, pane, i), key, sizeof key);
			if (strcmp(key, s->key) == 0) {
				s->idx = i;
				return;
			}
		}
	}
	if (s->idx >= n)
		s->idx = n - 1;
	pe->item_key(st, ui_row(st, pane, s->idx), key, sizeof key);
	free(s->key);
	s->key = xstrdup(key);
}

int
ui_sel_move(struct ui_state *st, long delta, int absolute)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	struct pane_sel		*s = &st->sel[st->pane];
	char			 key[UI_KEYLEN];
	size_t			 n;
	long			 idx;

	ui_sel_resolve(st, st->pane);
	n = ui_rows(st, st->pane);
	if (n == 0)
		return 0;
	idx = absolute ? delta : (long)s->idx + delta;
	if (idx < 0)
		idx = 0;
	if (idx >= (long)n)
		idx = (long)n - 1;
	s->idx = (size_t)idx;
	pe->item_key(st, ui_row(st, st->pane, s->idx), key, sizeof key);
	free(s->key);
	s->key = xstrdup(key);
	return UI_REDRAW;
}

int
ui_focus_selected(struct ui_state *st)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	char			 id[UI_KEYLEN];
	size_t			 i = ui_selected(st);

	if (pe->graph_node == NULL || i == (size_t)-1)
		return 0;
	id[0] = '\0';
	pe->graph_node(st, i, id, sizeof id);
	if (id[0] == '\0')
		return 0;
	free(st->focus);
	st->focus = xstrdup(id);
	return UI_FOCUS;
}

