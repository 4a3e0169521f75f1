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
 * dummy) straight below leaves right above it, since that node's column
 * is fixed; every other hop of the node shares one exit column near the
 * middle and fans out along one horizontal bus.
 */
static void
exit_ports(struct gl_layout *l, struct hop *h, size_t n, int width)
{
	size_t	 i = 0, j, g;
	bool	*taken = xcalloc((size_t)width + 1, sizeof *taken);
	int	 lo, hi, want, d, pick, cnt;
	double	 sum;

	while (i < n) {
		size_t up = l->segs[h[i].seg].up;
		const struct gl_node *u = &l->nodes[up];

		for (g = i; g < n && l->segs[h[g].seg].up == up; g++)
			;
		lo = u->w <= 2 ? u->x + (u->w - 1) / 2 : u->x + 1;
		hi = u->w <= 2 ? lo : u->x + u->w - 2;
		for (j = i; j < g; j++) {
			struct gl_seg *s = &l->segs[h[j].seg];
			const struct gl_node *dn = &l->nodes[s->down];

			s->x0 = -1;
			if (dn->w == 1 && dn->x >= lo && dn->x <= hi &&
			    !taken[dn->x] && g - i > 1) {
				s->x0 = dn->x;
				taken[s->x0] = true;
			}
		}
		/* Toward the middle of what the bus feeds. */
		sum = 0;
		cnt = 0;
		for (j = i; j < g; j++) {
			const struct gl_node *dn = &l->nodes[l->segs[h[j].seg].down];

			if (l->segs[h[j].seg].x0 < 0) {
				sum += dn->x + (dn->w - 1) / 2.0;
				cnt++;
			}
		}
		want = cnt > 0 ? (int)(sum / cnt + 0.5) :
		    u->x + u->pad + (u->w - 2 * u->pad - 1) / 2;
		want = want < lo ? lo : want > hi ? hi : want;
		pick = -1;
		for (d = 0; d <= hi - lo && pick < 0; d++) {
			if (want - d >= lo && !taken[want - d])
				pick = want - d;
			else if (want + d <= hi && !taken[want + d])
				pick = want + d;
		}
		if (pick < 0)
			pick = want;
		for (j = i; j < g; j++) {
			if (l->segs[h[j].seg].x0 < 0)
				l->segs[h[j].seg].x0 = pick;
		}
		for (j = i; j < g; j++)
			taken[l->segs[h[j].seg].x0] = false;
		i = g;
	}
	free(taken);
}

/* How many hops leave the same exit column (a bus when more than one). */
static size_t
bus_size(const struct gl_layout *l, const struct hop *h, size_t n,
    const struct gl_seg *s)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const struct gl_seg *t = &l->segs[h[i].seg];

		if (t->up == s->up && t->x0 == s->x0)
			k++;
	}
	return k;
}

/*
 * A dummy (one column, so one fixed entry) standing under another hop's
 * exit column moves sideways to the nearest free column between its
 * neighbours, so the two lines do not share a vertical run.
 */
static void
shift_dummy(struct gl_layout *l, size_t v, const bool *exitcol,
    const bool *used, int width)
{
	struct gl_node	*d = &l->nodes[v];
	size_t		 L = (size_t)d->layer, i;
	int		 lo = 0, hi = width - 1, c, k;

	if (d->pos > 0) {
		const struct gl_node *p = &l->nodes[l->layer[L][d->pos - 1]];

		lo = p->x + p->w + 1;
	}
	if ((size_t)d->pos + 1 < l->layer_len[L])
		hi = l->nodes[l->layer[L][d->pos + 1]].x - 2;
	for (k = 1; k <= width; k++) {
		for (c = d->x - k; c <= d->x + k; c += 2 * k) {
			if (c >= lo && c <= hi && !exitcol[c] && !used[c]) {
				d->x = c;
				return;
			}
		}
	}
	/* No room: push it and everything right of it over. */
	for (c = d->x + 1; c < width && (exitcol[c] || used[c]); c++)
		;
	if (c >= width)
		return;
	k = c - d->x;
	for (i = (size_t)d->pos; i < l->layer_len[L]; i++)
		l->nodes[l->layer[L][i]].x += k;
}

/*
 * Entry columns: straight below the exit when free, else the nearest
 * column that is no exit column (so no two lines share a vertical run).
 */
static void
entry_ports(struct gl_layout *l, struct hop *h, size_t n, const bool *exitcol,
    int width)
{
	size_t	 i = 0, j, k, g;
	int	 prev, want, c, d, lo, hi, pick, own;
	bool	*used = xcalloc((size_t)width + 1, sizeof *used);

	while (i < n) {
		size_t down = l->segs[h[i].seg].down;
		const struct gl_node *v = &l->nodes[down];

		for (g = i; g < n && l->segs[h[g].seg].down == down; g++)
			;
		k = g - i;
		if (v->node == GL_NONE && exitcol[v->x] &&
		    !(bus_size(l, h, n, &l->segs[h[i].seg]) == 1 &&
		    l->segs[h[i].seg].x0 == v->x))
			shift_dummy(l, down, exitcol, used, width);
		lo = v->w <= 2 ? v->x + (v->w - 1) / 2 : v->x + 1;
		hi = v->w <= 2 ? lo : v->x + v->w - 2;
		prev = lo - 1;
		for (j = 0; j < k; j++) {
			struct gl_seg *s = &l->segs[h[i + j].seg];

			/* Straight down only for a lone hop, not off a bus. */
			own = bus_size(l, h, n, s) == 1 ? s->x0 : -1;
			want = s->x0 >= lo && s->x0 <= hi ? s->x0 : spread(v, j, k);
			pick = -1;
			for (d = 0; d <= hi - lo && pick < 0; d++) {
				for (c = want - d; c <= want + d; c += d > 0 ? 2 * d : 1) {
					if (c <= prev || c < lo || c > hi || used[c])
						continue;
					if (exitcol[c] && c != own)
						continue;
					pick = c;
					break;
				}
			}
			/* Crowded: share a column with an exit, not an entry. */
			for (d = 0; d <= hi - lo && pick < 0; d++) {
				for (c = want - d; c <= want + d; c += d > 0 ? 2 * d : 1) {
					if (c >= lo && c <= hi && !used[c]) {
						pick = c;
						break;
					}
				}
			}
			if (pick < 0)
				pick = want;
			s->x1 = pick;
			used[pick] = true;
			prev = pick;
		}
		i = g;
	}
	free(used);
}

/*
 * Tracks: one per bus (the hops sharing an exit column) or bending hop,
 * by greedy interval partitioning; runs on one track stay a cell apart.
 */
struct bus {
	size_t	 first, end;	/* its hops in h[] */
	int	 lft, rgt;
};

static int
bus_cmp(const void *a, const void *b)
{
	const struct bus *x = a, *y = b;

	if (x->lft != y->lft)
		return x->lft - y->lft;
	return x->rgt - y->rgt;
}

/*
 * Where a dummy's fixed entry column is another hop's exit column, the
 * exiting line must turn off (its track) above the row where the entering
 * one comes down, or the two would share a vertical run.  Reorder the
 * tracks to honour that where the constraints allow (Kahn's order).
 */
static void
order_tracks(struct gl_layout *l, const struct hop *h, size_t n, int ntracks)
{
	bool	*before;	/* before[a * nt + b]: track a must be above b */
	size_t	 i, j, nt = (size_t)ntracks, k, *indeg, *order, done = 0;
	int	*rank, any = 0;
	bool	*used;

	if (ntracks < 2)
		return;
	before = xcalloc(nt * nt, sizeof *before);
	for (i = 0; i < n; i++) {
		const struct gl_seg *a = &l->segs[h[i].seg];

		if (a->track < 0)
			continue;
		for (j = 0; j < n; j++) {
			const struct gl_seg *b = &l->segs[h[j].seg];

			if (b->track < 0 || b->track == a->track || b->up == a->up ||
			    b->x1 != a->x0)
				continue;
			before[(size_t)a->track * nt + (size_t)b->track] = true;
			any = 1;
		}
	}
	if (!any) {
		free(before);
		return;
	}
	indeg = xcalloc(nt, sizeof *indeg);
	order = xcalloc(nt, sizeof *order);
	rank = xcalloc(nt, sizeof *rank);
	used = xcalloc(nt, sizeof *used);
	for (i = 0; i < nt; i++) {
		for (j = 0; j < nt; j++)
			indeg[j] += before[i * nt + j];
	}
	while (done < nt) {
		for (k = 0; k < nt && (used[k] || indeg[k] != 0); k++)
			;
		if (k == nt)
			break;		/* contradictory: keep the greedy order */
		used[k] = true;
		rank[k] = (int)done;
		order[done++] = k;
		for (j = 0; j < nt; j++) {
			if (before[k * nt + j])
				indeg[j]--;
		}
	}
	if (done == nt) {
		for (i = 0; i < n; i++) {
			struct gl_seg *s = &l->segs[h[i].seg];

			if (s->track >= 0)
				s->track = -2 - rank[s->track];
		}
		for (i = 0; i < n; i++) {
			struct gl_seg *s = &l->segs[h[i].seg];

			if (s->track <= -2)
				s->track = -2 - s->track;
		}
	}
	free(before);
	free(indeg);
	free(order);
	free(rank);
	free(used);
}

static int
assign_tracks(struct gl_layout *l, struct hop *h, size_t n)
{
	struct bus	*bus = xcalloc(n + 1, sizeof *bus);
	size_t		 i, j, k, m = 0, t, cap = 0, nlast = 0;
	int		*last = NULL, ntracks = 0, bent;

	/* Group the hops by exit (upper node, column). */
	for (i = 0; i < n; i++) {
		const struct gl_seg *s = &l->segs[h[i].seg];

		h[i].key = (double)s->up * 1e6 + s->x0;
	}
	qsort(h, n, sizeof *h, hop_cmp);
	for (i = 0; i < n; i = j) {
		bus[m].lft = bus[m].rgt = l->segs[h[i].seg].x0;
		bent = 0;
		for (j = i; j < n && h[j].key == h[i].key; j++) {
			const struct gl_seg *s = &l->segs[h[j].seg];

			if (s->x1 != s->x0)
				bent = 1;
			if (s->x1 < bus[m].lft)
				bus[m].lft = s->x1;
			if (s->x1 > bus[m].rgt)
				bus[m].rgt = s->x1;
		}
		bus[m].first = i;
		bus[m].end = j;
		if (bent)
			m++;
	}
	qsort(bus, m, sizeof *bus, bus_cmp);
	for (i = 0; i < m; i++) {
		for (t = 0; t < nlast && last[t] + 1 >= bus[i].lft; t++)
			;
		if (t == nlast) {
			*ARRAY_PUSH(last, nlast, cap) = bus[i].rgt;
			ntracks++;
		} else
			last[t] = bus[i].rgt;
		for (k = bus[i].first; k < bus[i].end; k++)
			l->segs[h[k].seg].track = (int)t;
	}
	order_tracks(l, h, n, ntracks);
	free(last);
	free(bus);
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
	int		 x;
	size_t		 len;

	for (x = n->x; x < n->x + n->w && x < l->width; x++) {
		struct gl_cell *c = cell(l, n->y, x);

		strcpy(c->ch, " ");
		c->node = n->node;
	}
	x = n->x + n->pad;
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
	int		 L, y, width = 0, room;
	size_t		 i, n;

	for (i = 0; i < l->nnodes; i++) {
		if (l->nodes[i].x + l->nodes[i].w > width)
			width = l->nodes[i].x + l->nodes[i].w;
	}
	/* Room for dummies pushed over (entry_ports). */
	room = width + 4 * (int)l->nnodes + 8;
	exitcol = xcalloc((size_t)room + 1, sizeof *exitcol);
	for (L = 0; L + 1 < l->nlayers; L++) {
		n = channel_hops(l, L, 1, h);
		exit_ports(l, h, n, room);
		memset(exitcol, 0, (size_t)room + 1);
		for (i = 0; i < n; i++)
			exitcol[l->segs[h[i].seg].x0] = true;
		n = channel_hops(l, L, 0, h);
		entry_ports(l, h, n, exitcol, room);
		chan[L] = assign_tracks(l, h, n);
		if (chan[L] < 1)
			chan[L] = 1;
	}
	for (i = 0, width = 0; i < l->nnodes; i++) {
		if (l->nodes[i].x + l->nodes[i].w > width)
			width = l->nodes[i].x + l->nodes[i].w;
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
