/*
 * layout.h - chooses which table columns fit a width and how wide each
 * one is.  Curses-free.
 */
#ifndef RB_UI_LAYOUT_H
#define RB_UI_LAYOUT_H

#include <stddef.h>

struct column {
	const char	*title;
	int		 min, max;	/* cells */
	int		 prio;		/* 0 = always wanted; higher drops first */
	int		 right;		/* right-aligned */
	/* Set by layout_columns(): */
	int		 width;		/* 0 when the column is left out */
	int		 x;		/* offset from the table's left edge */
};

/*
 * Lay out cols[0..n) in `total` cells with `gap` cells between shown
 * columns: columns join by priority while their minimum widths fit, then
 * the space left widens them towards their maximums, evenly.  Returns the
 * number of columns shown.
 */
size_t	layout_columns(struct column *cols, size_t n, int total, int gap);

#endif
