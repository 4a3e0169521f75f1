/*
 * graph_route.c - the layered layout's second half: routes every edge hop
 * through the channel below its layer and paints the grid.  Each hop
 * leaves its upper node at an exit column spread under the label and
 * enters the lower node at a column above it, chosen so that no entry
 * column is another hop's exit column (two lines never share a vertical
 * run); a hop that bends gets its own track (row) in the channel, shared
 * only with hops whose horizontal runs are apart.  Lines cross at right
 * angles and never merge, so every line reads from one node to another.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/graph_layout.h"

void	gl_route(struct gl_layout *, const char *const *labels);

struct hop {
	size_t	 seg;
	double	 key;
};

static int
hop_cmp(const void *a, const void *b)
{
	const struct hop *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seg < y->seg ? -1 : x->seg > y->seg;
}

/* Hops of channel L grouped by node; `byup` groups by upper node. */
static size_t
channel_hops(const struct gl_layout *l, int L, int byup, struct hop *h)
{
	size_t i, n = 0;

	for (i = 0; i < l->nsegs; i++) {
		const struct gl_seg *s = &l->segs[i];
		const struct gl_node *u = &l->nodes[s->up], *d = &l->nodes[s->down];

		if (u->layer != L)
			continue;
		h[n].seg = i;
		/* Group by node position, then order inside the group. */
		if (byup)
			h[n].key = u->pos * 1e6 + d->x + d->w / 2.0;
		else
			h[n].key = d->pos * 1e6 + s->x0;
		n++;
	}
	qsort(h, n, sizeof *h, hop_cmp);
	return n;
}

static int
spread(const struct gl_node *n, size_t j, size_t k)
{
	int sp = n->w - 2;

	if (n->w <= 2 || k == 0)
		return n->x + (n->w - 1) / 2;
	return n->x + 1 + (int)(((2 * j + 1) * (size_t)sp) / (2 * k));
}

/*
 * Exit columns under each upper node.  A hop into a one-cell node (a
 * dummy) leaves straight above it when it can, since that node's column
 * is fixed; the others spread out under the label, nearest free first.
 */
static void
exit_ports(struct gl_layout *l, struct hop *h, size_t n, int width)
{
	size_t	 i = 0, j, k, g, nfree;
	bool	*taken = xcalloc((size_t)width + 1, sizeof *taken);
	int	 lo, hi, want, c, d, pick, prev, a, b;

	while (i < n) {
		size_t up = l->segs[h[i].seg].up;
		const struct gl_node *u = &l->nodes[up];

		for (g = i; g < n && l->segs[h[g].seg].up == up; g++)
			;
		k = g - i;
		lo = u->w <= 2 ? u->x + (u->w - 1) / 2 : u->x + 1;
		hi = u->w <= 2 ? lo : u->x + u->w - 2;
		nfree = k;
		for (j = 0; j < k; j++) {
			struct gl_seg *s = &l->segs[h[i + j].seg];
			const struct gl_node *d1 = &l->nodes[s->down];

			s->x0 = -1;
			if (d1->w <= 2 && d1->x >= lo && d1->x <= hi &&
			    !taken[d1->x]) {
				s->x0 = d1->x;
				taken[s->x0] = true;
				nfree--;
			}
		}
		for (j = 0, c = 0, prev = lo - 1; j < k; j++) {
			struct gl_seg *s = &l->segs[h[i + j].seg];
			size_t m;

			if (s->x0 >= 0) {
				prev = s->x0;
				continue;
			}
			/* Stay between the fixed ones, in target order. */
			a = prev + 1;
			b = hi;
			for (m = j + 1; m < k; m++) {
				if (l->segs[h[i + m].seg].x0 >= 0) {
					b = l->segs[h[i + m].seg].x0 - 1;
					break;
				}
			}
			if (a > b) {
				a = lo;
				b = hi;
			}
			want = spread(u, (size_t)c++, nfree);
			want = want < a ? a : want > b ? b : want;
			pick = -1;
			for (d = 0; d <= hi - lo && pick < 0; d++) {
				if (want - d >= a && !taken[want - d])
					pick = want - d;
				else if (want + d <= b && !taken[want + d])
					pick = want + d;
			}
			for (d = 0; d <= hi - lo && pick < 0; d++) {
				if (want - d >= lo && !taken[want - d])
					pick = want - d;
				else if (want + d <= hi && !taken[want + d])
					pick = want + d;
			}
			if (pick >= 0)
				prev = pick;
			s->x0 = pick >= 0 ? pick : want;
			taken[s->x0] = true;
		}
		for (j = 0; j < k; j++)
			taken[l->segs[h[i + j].seg].x0] = false;
		i = g;
	}
	free(taken);
}

/* Entry columns: straight below the exit when free, else the nearest. */
static void
entry_ports(struct gl_layout *l, struct hop *h, size_t n, const bool *exitcol,
    int width)
{
	size_t	 i = 0, j, k, g;
	int	 prev, want, c, d, lo, hi, pick;
	bool	*used = xcalloc((size_t)width + 1, sizeof *used);

	while (i < n) {
		size_t down = l->segs[h[i].seg].down;
		const struct gl_node *v = &l->nodes[down];

		for (g = i; g < n && l->segs[h[g].seg].down == down; g++)
			;
		k = g - i;
		lo = v->w <= 2 ? v->x + (v->w - 1) / 2 : v->x + 1;
		hi = v->w <= 2 ? lo : v->x + v->w - 2;
		prev = lo - 1;
		for (j = 0; j < k; j++) {
			struct gl_seg *s = &l->segs[h[i + j].seg];

			want = s->x0 >= lo && s->x0 <= hi ? s->x0 : spread(v, j, k);
			pick = -1;
			for (d = 0; d <= hi - lo && pick < 0; d++) {
				for (c = want - d; c <= want + d; c += d > 0 ? 2 * d : 1) {
					if (c <= prev || c < lo || c > hi || used[c])
						continue;
					if (exitcol[c] && c != s->x0)
						continue;
					pick = c;
					break;
				}
			}
			if (pick < 0)
				pick = want > prev || lo == hi ? want : (prev + 1 <= hi ?
				    prev + 1 : hi);
			s->x1 = pick;
			used[pick] = true;
			prev = pick;
		}
		i = g;
	}
	free(used);
}

/* Tracks for bending hops: greedy interval partitioning. */
static int
assign_tracks(struct gl_layout *l, struct hop *h, size_t n)
{
	size_t	 i, m = 0, t;
	int	*last = NULL, ntracks = 0, lft, rgt;
	size_t	 cap = 0, nlast = 0;

	for (i = 0; i < n; i++) {
		struct gl_seg *s = &l->segs[h[i].seg];

		if (s->x0 == s->x1)
			continue;
		h[m].seg = h[i].seg;
		h[m].key = (s->x0 < s->x1 ? s->x0 : s->x1) * 1e6 +
		    (s->x0 < s->x1 ? s->x1 : s->x0);
		m++;
	}
	qsort(h, m, sizeof *h, hop_cmp);
	for (i = 0; i < m; i++) {
		struct gl_seg *s = &l->segs[h[i].seg];

		lft = s->x0 < s->x1 ? s->x0 : s->x1;
		rgt = s->x0 < s->x1 ? s->x1 : s->x0;
		for (t = 0; t < nlast && last[t] + 1 >= lft; t++)
			;
		if (t == nlast) {
			*ARRAY_PUSH(last, nlast, cap) = rgt;
			ntracks++;
		} else
			last[t] = rgt;
		s->track = (int)t;
	}
	free(last);
	return ntracks;
}

static struct gl_cell *
cell(struct gl_layout *l, int y, int x)
{
	return &l->cells[(size_t)y * (size_t)l->width + (size_t)x];
}

static void
mark(struct gl_layout *l, int y, int x, unsigned char lines, size_t edge)
{
	struct gl_cell *c;

	if (y < 0 || y >= l->height || x < 0 || x >= l->width)
		return;
	c = cell(l, y, x);
	c->lines |= lines;
	if (c->edge[0] == GL_NONE || c->edge[0] == edge)
		c->edge[0] = edge;
	else if (c->edge[1] == GL_NONE)
		c->edge[1] = edge;
}

static void
draw_hop(struct gl_layout *l, const struct gl_seg *s, int top, int h)
{
	int	y, x, r, dir;

	if (s->track < 0 || s->x0 == s->x1) {
		for (y = top; y < top + h; y++)
			mark(l, y, s->x0, GL_UP | GL_DOWN, s->edge);
		return;
	}
	r = top + s->track;
	dir = s->x1 > s->x0 ? 1 : -1;
	for (y = top; y < r; y++)
		mark(l, y, s->x0, GL_UP | GL_DOWN, s->edge);
	mark(l, r, s->x0, GL_UP | (dir > 0 ? GL_RIGHT : GL_LEFT), s->edge);
	for (x = s->x0 + dir; x != s->x1; x += dir)
		mark(l, r, x, GL_LEFT | GL_RIGHT, s->edge);
	mark(l, r, s->x1, GL_DOWN | (dir > 0 ? GL_LEFT : GL_RIGHT), s->edge);
	for (y = r + 1; y < top + h; y++)
		mark(l, y, s->x1, GL_UP | GL_DOWN, s->edge);
}

static void
draw_label(struct gl_layout *l, const struct gl_node *n, const char *label)
{
	const char	*p = label;
	int		 x = n->x;
	size_t		 len;

	while (*p != '\0' && x < l->width) {
		struct gl_cell *c = cell(l, n->y, x);

		len = 1;
		while (p[len] != '\0' && ((unsigned char)p[len] & 0xc0) == 0x80 &&
		    len < 4)
			len++;
		memcpy(c->ch, p, len);
		c->ch[len] = '\0';
		c->node = n->node;
		p += len;
		x++;
	}
}

void
gl_route(struct gl_layout *l, const char *const *labels)
{
	struct hop	*h = xcalloc(l->nsegs + 1, sizeof *h);
	bool		*exitcol;
	int		*chan = xcalloc((size_t)l->nlayers + 1, sizeof *chan);
	int		 L, y, width = 0;
	size_t		 i, n;

	for (i = 0; i < l->nnodes; i++) {
		if (l->nodes[i].x + l->nodes[i].w > width)
			width = l->nodes[i].x + l->nodes[i].w;
	}
	exitcol = xcalloc((size_t)width + 1, sizeof *exitcol);
	for (L = 0; L + 1 < l->nlayers; L++) {
		n = channel_hops(l, L, 1, h);
		exit_ports(l, h, n, width);
		memset(exitcol, 0, (size_t)width + 1);
		for (i = 0; i < n; i++)
			exitcol[l->segs[h[i].seg].x0] = true;
		n = channel_hops(l, L, 0, h);
		entry_ports(l, h, n, exitcol, width);
		chan[L] = assign_tracks(l, h, n);
		if (chan[L] < 1)
			chan[L] = 1;
	}
	for (L = 0, y = 0; L < l->nlayers; L++) {
		l->layer_y[L] = y;
		y += 1 + chan[L];
	}
	l->width = width;
	l->height = l->nlayers > 0 ? l->layer_y[l->nlayers - 1] + 1 : 0;
	l->cells = xcalloc((size_t)l->width * (size_t)l->height + 1,
	    sizeof *l->cells);
	for (i = 0; i < (size_t)l->width * (size_t)l->height; i++) {
		l->cells[i].node = GL_NONE;
		l->cells[i].edge[0] = l->cells[i].edge[1] = GL_NONE;
	}
	for (i = 0; i < l->nnodes; i++) {
		struct gl_node *v = &l->nodes[i];

		v->y = l->layer_y[v->layer];
		if (v->node == GL_NONE)
			mark(l, v->y, v->x, GL_UP | GL_DOWN, v->edge);
		else
			draw_label(l, v, labels[v->node] ? labels[v->node] : "");
	}
	for (i = 0; i < l->nsegs; i++) {
		const struct gl_seg *s = &l->segs[i];
		int top = l->layer_y[l->nodes[s->up].layer] + 1;

		draw_hop(l, s, top, chan[l->nodes[s->up].layer]);
	}
	free(h);
	free(exitcol);
	free(chan);
}

const struct gl_cell *
gl_cell_at(const struct gl_layout *l, int y, int x)
{
	if (y < 0 || y >= l->height || x < 0 || x >= l->width)
		return NULL;
	return &l->cells[(size_t)y * (size_t)l->width + (size_t)x];
}

const char *
gl_cell_char(const struct gl_cell *c, int utf8)
{
	static const char *const box[16] = {
		" ", "\xe2\x94\x82", "\xe2\x94\x82", "\xe2\x94\x82",	/* - U D UD */
		"\xe2\x94\x80", "\xe2\x94\x98", "\xe2\x94\x90", "\xe2\x94\xa4",	/* L UL DL UDL */
		"\xe2\x94\x80", "\xe2\x94\x94", "\xe2\x94\x8c", "\xe2\x94\x9c",	/* R UR DR UDR */
		"\xe2\x94\x80", "\xe2\x94\xb4", "\xe2\x94\xac", "\xe2\x94\xbc",	/* LR ULR DLR all */
	};
	static const char *const ascii[16] = {
		" ", "|", "|", "|",
		"-", "+", "+", "+",
		"-", "+", "+", "+",
		"-", "+", "+", "|",	/* a crossing: the vertical passes over */
	};

	if (c == NULL)
		return " ";
	if (c->ch[0] != '\0')
		return c->ch;
	return (utf8 ? box : ascii)[c->lines & 0xf];
}

char *
gl_text(const struct gl_layout *l, int utf8)
{
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, end, n;
	int	 y, x;

	grow_array((void **)&buf, &cap, 1, 1);
	for (y = 0; y < l->height; y++) {
		end = len;
		for (x = 0; x < l->width; x++) {
			const struct gl_cell *c = gl_cell_at(l, y, x);
			const char *s = gl_cell_char(c, utf8);

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
