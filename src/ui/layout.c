/*
 * layout.c - picks table columns by width: the most important ones
 * first at their minimum width, then spare cells shared out evenly.  A
 * column with no room wanted (max 0) is left out.
 */
#include "ui/layout.h"

size_t
layout_columns(struct column *cols, size_t n, int total, int gap)
{
	size_t	i, shown = 0;
	int	used = 0, prio, maxprio = 0, spare, growable, share, x;

	for (i = 0; i < n; i++) {
		cols[i].width = 0;
		cols[i].x = 0;
		if (cols[i].max < cols[i].min)
			cols[i].max = cols[i].min;
		if (cols[i].prio > maxprio)
			maxprio = cols[i].prio;
	}

	/* Admit columns by priority, in order, while they fit. */
	for (prio = 0; prio <= maxprio; prio++) {
		for (i = 0; i < n; i++) {
			if (cols[i].prio != prio)
				continue;
			if (cols[i].max == 0)
				continue;	/* nothing to show in it */
			if (used + (shown ? gap : 0) + cols[i].min > total)
				continue;
			used += (shown ? gap : 0) + cols[i].min;
			cols[i].width = cols[i].min;
			shown++;
		}
	}
	/* The first column alone may be cut to what there is. */
	if (shown == 0 && n > 0 && total > 0) {
		cols[0].width = total;
		used = total;
		shown = 1;
	}

	/* Share spare cells among columns that can still grow. */
	spare = total - used;
	while (spare > 0) {
		growable = 0;
		for (i = 0; i < n; i++) {
			if (cols[i].width > 0 && cols[i].width < cols[i].max)
				growable++;
		}
		if (growable == 0)
			break;
		share = spare / growable;
		if (share == 0)
			share = 1;
		for (i = 0; i < n && spare > 0; i++) {
			int room;

			if (cols[i].width == 0 || cols[i].width >= cols[i].max)
				continue;
			room = cols[i].max - cols[i].width;
			if (room > share)
				room = share;
			cols[i].width += room;
			spare -= room;
		}
	}

	x = 0;
	for (i = 0; i < n; i++) {
		if (cols[i].width == 0)
			continue;
		cols[i].x = x;
		x += cols[i].width + gap;
	}
	return shown;
}
