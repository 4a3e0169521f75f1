/*
 * sparkline.h - turns a series of values into a one-line trend made of
 * Unicode blocks, or ASCII characters when the terminal is not UTF-8.
 * Curses-free.
 */
#ifndef RB_UI_SPARKLINE_H
#define RB_UI_SPARKLINE_H

#include <stddef.h>

/* Number of distinct heights for a mode. */
int	sparkline_levels(int utf8);
/*
 * Height (0..levels-1) of value v on a scale whose top is `top`;
 * -1 for NaN.
 */
int	sparkline_level(double v, double top, int levels);
/*
 * Draw the last `width` values of v[0..n) (oldest first) into buf, scaled
 * so that max(largest value, floor_top) is the full height.  NaN values
 * are blanks.  Returns the number of cells written.
 */
int	sparkline(char *buf, size_t len, const double *v, size_t n, int width,
	    double floor_top, int utf8);

#endif
