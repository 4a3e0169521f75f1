/*
 * sparkline.c - chooses one glyph per value for a trend line: eight
 * Unicode block heights, or five ASCII characters in a non-UTF-8 locale.
 */
#include <math.h>
#include <string.h>

#include "ui/sparkline.h"

static const char *const blocks_utf8[] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};
static const char blocks_ascii[] = "_.-=#";

int
sparkline_levels(int utf8)
{
	return utf8 ? 8 : (int)(sizeof blocks_ascii - 1);
}

int
sparkline_level(double v, double top, int levels)
{
	int	l;

	if (isnan(v))
		return -1;
	if (v <= 0 || !(top > 0))
		return 0;
	if (v >= top)
		return levels - 1;
	/* Anything above zero shows at least one step up. */
	l = (int)ceil(v / top * (levels - 1));
	if (l < 1)
		l = 1;
	if (l > levels - 1)
		l = levels - 1;
	return l;
}

int
sparkline(char *buf, size_t len, const double *v, size_t n, int width,
    double floor_top, int utf8)
{
	size_t		 i, start, off = 0;
	double		 top = floor_top;
	int		 levels = sparkline_levels(utf8), l, cells = 0;
	const char	*g;
	size_t		 gl;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (width <= 0 || v == NULL)
		return 0;
	start = n > (size_t)width ? n - (size_t)width : 0;
	for (i = start; i < n; i++) {
		if (!isnan(v[i]) && v[i] > top)
			top = v[i];
	}
	for (i = start; i < n; i++) {
		l = sparkline_level(v[i], top, levels);
		if (l < 0) {
			g = " ";
			gl = 1;
		} else if (utf8) {
			g = blocks_utf8[l];
			gl = 3;
		} else {
			g = &blocks_ascii[l];
			gl = 1;
		}
		if (off + gl + 1 > len)
			break;
		memcpy(buf + off, g, gl);
		off += gl;
		cells++;
	}
	buf[off] = '\0';
	return cells;
}
