/*
 * graph_marks.c - where the layered drawing writes a short note beside an
 * edge (pure, no curses): an error ratio on a failing call ("12%"), "no
 * traffic" on a declared dependency nobody calls.  A note goes beside a
 * vertical stretch of its own edge, on blank cells, clear of the other
 * notes (past the grid's right edge is blank too); the longer of an
 * edge's two texts is tried first.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/graph_layout.h"

/* Whether cells [x, x + w) of row y are blank and clear of placed notes. */
static int
blank(const struct gl_layout *l, const struct gl_mark *out, size_t n, int y,
    int x, int w)
{
	const struct gl_cell	*c;
	size_t			 k;
	int			 i;

	if (x < 0)
		return 0;
	/* Past the grid's right edge nothing is drawn. */
	for (i = 0; i < w && x + i < l->width; i++) {
		c = gl_cell_at(l, y, x + i);
		if (c == NULL || c->ch[0] != '\0' || c->lines != 0)
			return 0;
	}
	for (k = 0; k < n; k++) {
		if (out[k].y == y && x < out[k].x + (int)strlen(out[k].text) + 1 &&
		    out[k].x < x + w + 1)
			return 0;
	}
	return 1;
}

/* Whether cell (y, x) is a vertical stretch of edge e alone. */
static int
vertical_of(const struct gl_layout *l, int y, int x, size_t e)
{
	const struct gl_cell *c = gl_cell_at(l, y, x);

	return c != NULL && c->ch[0] == '\0' &&
	    c->lines == (GL_UP | GL_DOWN) && c->edge[0] == e &&
	    c->edge[1] == GL_NONE;
}

/* Place text for edge e beside one of its vertical cells; 1 if placed. */
static int
place(const struct gl_layout *l, size_t e, int top, int bottom,
    const char *text, struct gl_mark *out, size_t n)
{
	int	 w = (int)strlen(text), y, x, dy, mid;

	if (w == 0 || w >= (int)sizeof out->text || bottom < top)
		return 0;
	/* From the middle of the edge's run outwards. */
	mid = (top + bottom) / 2;
	for (dy = 0; mid - dy >= top || mid + dy <= bottom; dy++) {
		int ys[2] = { mid + dy, mid - dy };
		int k;

		for (k = 0; k < (dy == 0 ? 1 : 2); k++) {
			y = ys[k];
			if (y < top || y > bottom)
				continue;
			for (x = 0; x < l->width; x++) {
				if (!vertical_of(l, y, x, e))
					continue;
				if (blank(l, out, n, y, x + 1, w)) {
					out[n].x = x + 1;
				} else if (blank(l, out, n, y, x - w, w)) {
					out[n].x = x - w;
				} else
					continue;
				out[n].y = y;
				out[n].edge = e;
				memcpy(out[n].text, text, (size_t)w + 1);
				return 1;
			}
		}
	}
	return 0;
}

size_t
gl_marks_place(const struct gl_layout *l, const char *const *texts,
    const char *const *shorts, size_t nedges, struct gl_mark *out, size_t max)
{
	const struct gl_cell	*c;
	size_t			 e, n = 0;
	int			*top, *bottom, y, x;

	if (nedges == 0 || max == 0)
		return 0;
	/* One pass over the grid: the rows each edge runs down. */
	top = xcalloc(nedges, sizeof *top);
	bottom = xcalloc(nedges, sizeof *bottom);
	for (e = 0; e < nedges; e++) {
		top[e] = l->height;
		bottom[e] = -1;
	}
	for (y = 0; y < l->height; y++)
		for (x = 0; x < l->width; x++) {
			c = gl_cell_at(l, y, x);
			if (c == NULL || (e = c->edge[0]) >= nedges ||
			    texts[e] == NULL || !vertical_of(l, y, x, e))
				continue;
			if (y < top[e])
				top[e] = y;
			bottom[e] = y;
		}
	for (e = 0; e < nedges && n < max; e++) {
		if (texts[e] == NULL)
			continue;
		if (place(l, e, top[e], bottom[e], texts[e], out, n) ||
		    (shorts != NULL && shorts[e] != NULL &&
		    place(l, e, top[e], bottom[e], shorts[e], out, n)))
			n++;
	}
	free(top);
	free(bottom);
	return n;
}
