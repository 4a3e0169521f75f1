/*
 * panes.c - the table of panes, in tab order.  Adding a pane is adding a
 * file that exports a pane_entry and a line here.
 */
#include "ui/ui_int.h"

extern const struct pane_entry pane_rollouts_entry;
extern const struct pane_entry pane_flags_entry;
extern const struct pane_entry pane_health_entry;
extern const struct pane_entry pane_graph_entry;

const struct pane_entry *const ui_panes[] = {
	&pane_rollouts_entry,
	&pane_flags_entry,
	&pane_health_entry,
	&pane_graph_entry,
};
const size_t ui_npanes = sizeof ui_panes / sizeof ui_panes[0];
