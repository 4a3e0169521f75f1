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
	size_t			 n = pe->count(st), i;

	if (n == 0) {
		s->idx = s->top = 0;
		return;
	}
	if (s->key != NULL) {
		if (s->idx < n) {
			pe->item_key(st, s->idx, key, sizeof key);
			if (strcmp(key, s->key) == 0)
				return;
		}
		for (i = 0; i < n; i++) {
			pe->item_key(st, i, key, sizeof key);
			if (strcmp(key, s->key) == 0) {
				s->idx = i;
				return;
			}
		}
	}
	if (s->idx >= n)
		s->idx = n - 1;
	pe->item_key(st, s->idx, key, sizeof key);
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
	n = pe->count(st);
	if (n == 0)
		return 0;
	idx = absolute ? delta : (long)s->idx + delta;
	if (idx < 0)
		idx = 0;
	if (idx >= (long)n)
		idx = (long)n - 1;
	s->idx = (size_t)idx;
	pe->item_key(st, s->idx, key, sizeof key);
	free(s->key);
	s->key = xstrdup(key);
	return UI_REDRAW;
}

int
ui_focus_selected(struct ui_state *st)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	char			 id[UI_KEYLEN];

	if (pe->graph_node == NULL || pe->count(st) == 0)
		return 0;
	ui_sel_resolve(st, st->pane);
	id[0] = '\0';
	pe->graph_node(st, st->sel[st->pane].idx, id, sizeof id);
	if (id[0] == '\0')
		return 0;
	free(st->focus);
	st->focus = xstrdup(id);
	return UI_FOCUS;
}

