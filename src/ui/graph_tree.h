/*
 * graph_tree.h - the focused view of the dependency graph, for 80
 * columns: one node, what it needs (one line), then everything that
 * depends on it, transitively, as an indented tree with one node per line
 * (like `kubectl tree` or `git log --graph`).  A node reached twice is
 * listed again but not expanded again.  Curses-free.
 */
#ifndef RB_UI_GRAPH_TREE_H
#define RB_UI_GRAPH_TREE_H

#include <stddef.h>

#include "core/graph.h"

#define GTREE_DEPTH	24	/* deeper lines are cut */

struct gtree_line {
	size_t		 node;
	int		 depth;		/* 0: the focused node */
	int		 repeat;	/* listed above already: not expanded */
	/* For each depth below this one: whether a line still follows there. */
	unsigned char	 more[GTREE_DEPTH + 1];
};

struct gtree {
	struct gtree_line *v;
	size_t		 n, cap;
	size_t		*up;		/* nodes the focused one needs */
	size_t		 nup, upcap;
};

/* The tree of node `focus` (at most max lines). */
void	gtree_build(struct gtree *, const struct graph *, size_t focus,
	    size_t max);
void	gtree_free(struct gtree *);
/* The connectors before line i's node: "│  ├─ " (ASCII "|  |- "). */
void	gtree_prefix(const struct gtree *, size_t i, int utf8, char *buf,
	    size_t len);

#endif
