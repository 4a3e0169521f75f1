/*
 * graph_view.c - the Graph pane's window onto a laid-out graph (pure, no
 * curses): keeping it inside the grid, following the selected node,
 * centring on a node, and the text of the window or the whole grid, for
 * tests.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/graph_layout.h"

void
gl_view_clamp(const struct gl_layout *l, struct gl_view *v)
{
	if (v->x > l->width - v->w)
		v->x = l->width - v->w;
	if (v->y > l->height - v->h)
		v->y = l->height - v->h;
	if (v->x < 0)
		v->x = 0;
	if (v->y < 0)
		v->y = 0;
}

void
gl_view_centre(const struct gl_layout *l, struct gl_view *v, size_t node)
{
	const struct gl_node *n;

	if (node >= l->nin)
		return;
	n = &l->nodes[node];
	v->x = n->x + n->w / 2 - v->w / 2;
	v->y = n->y - v->h / 2;
	gl_view_clamp(l, v);
}

void
gl_view_follow(const struct gl_layout *l, struct gl_view *v, size_t node)
{
	const struct gl_node *n;

	if (node >= l->nin)
		return;
	n = &l->nodes[node];
	if (n->x + n->w > v->x + v->w)
		v->x = n->x + n->w - v->w + 2;
	if (n->x < v->x)
		v->x = n->x - 2;
	if (n->y >= v->y + v->h)
		v->y = n->y - v->h + 2;
	if (n->y < v->y)
		v->y = n->y - 1;
	gl_view_clamp(l, v);
}

char *
gl_view_text(const struct gl_layout *l, const struct gl_view *v, int utf8)
{
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, end, n;
	int	 y, x;
	const char *s;

	grow_array((void **)&buf, &cap, 1, 1);
	for (y = v->y; y < v->y + v->h && y < l->height; y++) {
		end = len;
		for (x = v->x; x < v->x + v->w && x < l->width; x++) {
			s = gl_cell_char(gl_cell_at(l, y, x), utf8);
			n = strlen(s);
			grow_array((void **)&buf, &cap, len + n + 2, 1);
			memcpy(buf + len, s, n);
			len += n;
			if (strcmp(s, " ") != 0)
				end = len;
		}
		len = end;
		buf[len++] = '\n';
	}
	buf[len] = '\0';
	return buf;
}

char *
gl_text(const struct gl_layout *l, int utf8)
{
	struct gl_view v = { 0, 0, l->width, l->height };

	return gl_view_text(l, &v, utf8);
}
