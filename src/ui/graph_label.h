/*
 * graph_label.h - labels, symbols and colour roles of graph nodes.
 */
#ifndef RB_UI_GRAPH_LABEL_H
#define RB_UI_GRAPH_LABEL_H

#include "core/graph.h"
#include "ui/theme.h"

/* The state symbol: flags on/partial/off/killed/blocked, health, status. */
const char *graph_symbol(const struct gnode *, int utf8);
/* "[✔ payments]", "(⊘ checkout-upsell BLOCKED)", "{‖ shop/checkout}". */
char	*graph_label(const struct gnode *, int utf8);
enum role graph_role(const struct gnode *);

#endif
