/*
 * graph_layout.c - the layered layout's first half: longest-path layering
 * (sources pulled down next to what they feed), dummy positions for edges
 * that skip layers, barycenter ordering sweeps that keep the order with the
 * fewest crossings, and placement of each layer as close to its
 * neighbours as the order and gaps allow (isotonic regression, pool
 * adjacent violators).  graph_route.c then routes the edges into the grid.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/graph_layout.h"

#define GL_SWEEPS	16	/* ordering sweeps at most */
#define GL_PLACE	7	/* placement sweeps */

void	gl_route(struct gl_layout *, const char *const *labels);

int
gl_label_width(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

void
gl_free(struct gl_layout *l)
{
	int i;

	free(l->nodes);
	free(l->segs);
	for (i = 0; i < l->nlayers; i++)
		free(l->layer[i]);
	free(l->layer);
	free(l->layer_len);
	free(l->layer_y);
	free(l->cells);
	memset(l, 0, sizeof *l);
}

/* Neighbours of each layout node through segments, as index lists. */
struct adj {
	size_t	*start;		/* nnodes + 1 */
	size_t	*seg;
};

static void
adj_build(const struct gl_layout *l, struct adj *a, int down)
{
	size_t i, n = l->nnodes, *fill;

	a->start = xcalloc(n + 1, sizeof *a->start);
	a->seg = xcalloc(l->nsegs + 1, sizeof *a->seg);
	for (i = 0; i < l->nsegs; i++)
		a->start[(down ? l->segs[i].up : l->segs[i].down) + 1]++;
	for (i = 0; i < n; i++)
		a->start[i + 1] += a->start[i];
	fill = xcalloc(n + 1, sizeof *fill);
	for (i = 0; i < l->nsegs; i++) {
		size_t v = down ? l->segs[i].up : l->segs[i].down;

		a->seg[a->start[v] + fill[v]++] = i;
	}
	free(fill);
}

static void
adj_free(struct adj *a)
{
	free(a->start);
	free(a->seg);
}

static size_t
add_node(struct gl_layout *l, size_t node, size_t edge, int w, int layer)
{
	struct gl_node *n = ARRAY_PUSH(l->nodes, l->nnodes, l->nodes_cap);

	memset(n, 0, sizeof *n);
	n->node = node;
	n->edge = edge;
	n->w = w;
	n->layer = layer;
	return l->nnodes - 1;
}

static void
add_seg(struct gl_layout *l, size_t up, size_t down, size_t edge)
{
	struct gl_seg *s = ARRAY_PUSH(l->segs, l->nsegs, l->segs_cap);

	s->up = up;
	s->down = down;
	s->edge = edge;
	s->track = -1;
}

/* Longest-path layers over the edges as laid out (reversed ones turned). */
static void
assign_layers(struct gl_layout *l, const struct gl_edge *edges, size_t ne)
{
	size_t	 n = l->nin, i, head = 0, tail = 0, *queue, *indeg, *start;
	size_t	*succ, *fill, u, v, k;
	bool	*done;
	int	 lo;

	indeg = xcalloc(n + 1, sizeof *indeg);
	start = xcalloc(n + 1, sizeof *start);
	for (i = 0; i < ne; i++) {
		if (edges[i].from == edges[i].to)
			continue;
		u = edges[i].reversed ? edges[i].to : edges[i].from;
		start[u + 1]++;
	}
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
	succ = xcalloc(start[n] + 1, sizeof *succ);
	fill = xcalloc(n + 1, sizeof *fill);
	for (i = 0; i < ne; i++) {
		if (edges[i].from == edges[i].to)
			continue;
		u = edges[i].reversed ? edges[i].to : edges[i].from;
		v = edges[i].reversed ? edges[i].from : edges[i].to;
		succ[start[u] + fill[u]++] = v;
		indeg[v]++;
	}
	free(fill);

	/* Kahn's order; an unmarked cycle is broken at its first node. */
	queue = xcalloc(n + 1, sizeof *queue);
	done = xcalloc(n + 1, sizeof *done);
	while (tail < n) {
		if (head == tail) {
			for (i = 0; i < n && (done[i] || indeg[i] != 0); i++)
				;
			if (i == n)
				for (i = 0; i < n && done[i]; i++)
					;
			queue[tail++] = i;
			done[i] = true;
		}
		u = queue[head++];
		for (k = start[u]; k < start[u + 1]; k++) {
			v = succ[k];
			if (done[v])
				continue;
			if (l->nodes[v].layer < l->nodes[u].layer + 1)
				l->nodes[v].layer = l->nodes[u].layer + 1;
			if (--indeg[v] == 0) {
				queue[tail++] = v;
				done[v] = true;
			}
		}
	}
	/* Pull sources down next to the first thing they feed. */
	for (i = n; i-- > 0;) {
		u = queue[i];
		if (start[u] == start[u + 1])
			continue;
		lo = -1;
		for (k = start[u]; k < start[u + 1]; k++) {
			if (lo < 0 || l->nodes[succ[k]].layer < lo)
				lo = l->nodes[succ[k]].layer;
		}
		if (lo - 1 > l->nodes[u].layer)
			l->nodes[u].layer = lo - 1;
	}
	free(queue);
	free(done);
	free(indeg);
	free(start);
	free(succ);
}

/* Dummy nodes on edges that skip layers; one segment per hop. */
static void
make_segments(struct gl_layout *l, const struct gl_edge *edges, size_t ne)
{
	size_t	i, u, v, prev, d;
	int	lu, lv, k;

	for (i = 0; i < ne; i++) {
		if (edges[i].from == edges[i].to)
			continue;
		u = edges[i].reversed ? edges[i].to : edges[i].from;
		v = edges[i].reversed ? edges[i].from : edges[i].to;
		lu = l->nodes[u].layer;
		lv = l->nodes[v].layer;
		if (lu == lv)
			continue;	/* only an unmarked cycle does this */
		if (lu > lv) {
			size_t t = u;

			u = v;
			v = t;
			lu = l->nodes[u].layer;
			lv = l->nodes[v].layer;
		}
		prev = u;
		for (k = lu + 1; k < lv; k++) {
			d = add_node(l, GL_NONE, i, 1, k);
			add_seg(l, prev, d, i);
			prev = d;
		}
		add_seg(l, prev, v, i);
	}
}

/*
 * Widen labels too short for their lines: every hop in gets its own
 * column inside the brackets (hops out share a bus).
 */
static void
widen(struct gl_layout *l)
{
	size_t	*in = xcalloc(l->nnodes + 1, sizeof *in);
	size_t	*out = xcalloc(l->nnodes + 1, sizeof *out);
	size_t	 i, need;

	for (i = 0; i < l->nsegs; i++) {
		out[l->segs[i].up]++;
		in[l->segs[i].down]++;
	}
	for (i = 0; i < l->nin; i++) {
		need = (in[i] > 1 ? in[i] : out[i] > 0 ? 1 : 0) + 2;
		if (need > 2 && (size_t)l->nodes[i].w < need) {
			l->nodes[i].pad = ((int)need - l->nodes[i].w) / 2;
			l->nodes[i].w = (int)need;
		}
	}
	free(in);
	free(out);
}

/* First order: depth-first from the top, so siblings stay together. */
static void
initial_order(struct gl_layout *l)
{
	struct adj	 down;
	size_t		*stack, depth, i, v, k, n = l->nnodes;
	bool		*seen;
	int		 maxl = 0, L;

	for (i = 0; i < n; i++) {
		if (l->nodes[i].layer > maxl)
			maxl = l->nodes[i].layer;
	}
	l->nlayers = n > 0 ? maxl + 1 : 0;
	l->layer = xcalloc((size_t)l->nlayers + 1, sizeof *l->layer);
	l->layer_len = xcalloc((size_t)l->nlayers + 1, sizeof *l->layer_len);
	l->layer_y = xcalloc((size_t)l->nlayers + 1, sizeof *l->layer_y);
	for (i = 0; i < n; i++)
		l->layer_len[l->nodes[i].layer]++;
	for (L = 0; L < l->nlayers; L++) {
		l->layer[L] = xcalloc(l->layer_len[L] + 1, sizeof **l->layer);
		l->layer_len[L] = 0;
	}

	adj_build(l, &down, 1);
	stack = xcalloc(n + l->nsegs + 1, sizeof *stack);
	seen = xcalloc(n + 1, sizeof *seen);
	for (L = 0; L < l->nlayers; L++) {
		for (i = 0; i < n; i++) {
			if (seen[i] || l->nodes[i].layer != L)
				continue;
			depth = 0;
			stack[depth++] = i;
			while (depth > 0) {
				int lv;

				v = stack[--depth];
				if (seen[v])
					continue;
				seen[v] = true;
				lv = l->nodes[v].layer;
				l->nodes[v].pos = (int)l->layer_len[lv];
				l->layer[lv][l->layer_len[lv]++] = v;
				/* Push in reverse so the first child comes first. */
				for (k = down.start[v + 1]; k-- > down.start[v];) {
					size_t c = l->segs[down.seg[k]].down;

					if (!seen[c])
						stack[depth++] = c;
				}
			}
		}
	}
	free(stack);
	free(seen);
	adj_free(&down);
}

size_t
gl_count_crossings(const struct gl_layout *l)
{
	size_t	 total = 0, i, m, *bit, nb, j;
	int	 L, (*pairs)[2], k;

	pairs = xcalloc(l->nsegs + 1, sizeof *pairs);
	for (L = 0; L + 1 < l->nlayers; L++) {
		m = 0;
		for (i = 0; i < l->nsegs; i++) {
			if (l->nodes[l->segs[i].up].layer != L)
				continue;
			pairs[m][0] = l->nodes[l->segs[i].up].pos;
			pairs[m][1] = l->nodes[l->segs[i].down].pos;
			m++;
		}
		/* Sort by upper then lower position (insertion sort on keys). */
		for (i = 1; i < m; i++) {
			int a = pairs[i][0], b = pairs[i][1];

			for (j = i; j > 0 && (pairs[j - 1][0] > a ||
			    (pairs[j - 1][0] == a && pairs[j - 1][1] > b)); j--) {
				pairs[j][0] = pairs[j - 1][0];
				pairs[j][1] = pairs[j - 1][1];
			}
			pairs[j][0] = a;
			pairs[j][1] = b;
		}
		/* Count earlier segments ending further right (Fenwick tree). */
		nb = l->layer_len[L + 1] + 1;
		bit = xcalloc(nb + 1, sizeof *bit);
		for (i = 0; i < m; i++) {
			size_t below = 0;

			for (k = pairs[i][1] + 1; k > 0; k -= k & -k)
				below += bit[k];
			total += i - below;
			for (k = pairs[i][1] + 1; (size_t)k <= nb; k += k & -k)
				bit[k]++;
		}
		free(bit);
	}
	free(pairs);
	return total;
}

static int
key_cmp(const void *a, const void *b, void *arg)
{
	const struct gl_node *n = arg;
	const struct gl_node *x = &n[*(const size_t *)a], *y = &n[*(const size_t *)b];

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos - y->pos;
}

/* Reorder one layer by the mean position of its neighbours in `from`. */
static void
barycenter(struct gl_layout *l, int L, const struct adj *a, int other_is_up)
{
	size_t	i, k, v, cnt;
	double	sum;

	for (i = 0; i < l->layer_len[L]; i++) {
		v = l->layer[L][i];
		sum = 0;
		cnt = 0;
		for (k = a->start[v]; k < a->start[v + 1]; k++) {
			const struct gl_seg *s = &l->segs[a->seg[k]];

			sum += l->nodes[other_is_up ? s->up : s->down].pos;
			cnt++;
		}
		l->nodes[v].key = cnt > 0 ? sum / (double)cnt : l->nodes[v].pos;
	}
	qsort_r(l->layer[L], l->layer_len[L], sizeof *l->layer[L], key_cmp,
	    l->nodes);
	for (i = 0; i < l->layer_len[L]; i++)
		l->nodes[l->layer[L][i]].pos = (int)i;
}

static void
save_order(const struct gl_layout *l, int *pos)
{
	size_t i;

	for (i = 0; i < l->nnodes; i++)
		pos[i] = l->nodes[i].pos;
}

static void
load_order(struct gl_layout *l, const int *pos)
{
	size_t	i;
	int	L;

	for (i = 0; i < l->nnodes; i++)
		l->nodes[i].pos = pos[i];
	for (L = 0; L < l->nlayers; L++) {
		for (i = 0; i < l->layer_len[L]; i++)
			l->nodes[l->layer[L][i]].key = l->nodes[l->layer[L][i]].pos;
		qsort_r(l->layer[L], l->layer_len[L], sizeof *l->layer[L],
		    key_cmp, l->nodes);
	}
}

static void
order_layers(struct gl_layout *l)
{
	struct adj	 up, down;	/* up: segments into a node from above */
	int		*best, sweep, L, stale = 0;
	size_t		 c, bestc;

	bestc = gl_count_crossings(l);
	if (bestc == 0 || l->nnodes == 0) {
		l->crossings = bestc;
		return;
	}
	adj_build(l, &up, 0);
	adj_build(l, &down, 1);
	best = xcalloc(l->nnodes, sizeof *best);
	save_order(l, best);
	for (sweep = 0; sweep < GL_SWEEPS && bestc > 0 && stale < 4; sweep++) {
		if (sweep % 2 == 0) {
			for (L = 1; L < l->nlayers; L++)
				barycenter(l, L, &up, 1);
		} else {
			for (L = l->nlayers - 2; L >= 0; L--)
				barycenter(l, L, &down, 0);
		}
		c = gl_count_crossings(l);
		if (c < bestc) {
			bestc = c;
			save_order(l, best);
			stale = 0;
		} else
			stale++;
	}
	load_order(l, best);
	l->crossings = bestc;
	free(best);
	adj_free(&up);
	adj_free(&down);
}

static int
gap_between(const struct gl_node *a, const struct gl_node *b)
{
	return a->node != GL_NONE && b->node != GL_NONE ? 2 : 1;
}

/*
 * Place a layer's nodes, in order and apart by their gaps, with left
 * edges as close as possible (least squares) to the wanted ones in key.
 */
static void
place_layer(struct gl_layout *l, int L, double *bsum, size_t *bcnt, size_t *bend)
{
	size_t	 n = l->layer_len[L], i, nb = 0, j, k;
	double	 off = 0, *offs = xcalloc(n + 1, sizeof *offs);

	for (i = 0; i < n; i++) {
		const struct gl_node *v = &l->nodes[l->layer[L][i]];

		if (i > 0) {
			const struct gl_node *p = &l->nodes[l->layer[L][i - 1]];

			off += p->w + gap_between(p, v);
		}
		offs[i] = off;
		bsum[nb] = v->key - off;
		bcnt[nb] = 1;
		bend[nb] = i + 1;
		nb++;
		while (nb > 1 && bsum[nb - 2] / (double)bcnt[nb - 2] >
		    bsum[nb - 1] / (double)bcnt[nb - 1]) {
			bsum[nb - 2] += bsum[nb - 1];
			bcnt[nb - 2] += bcnt[nb - 1];
			bend[nb - 2] = bend[nb - 1];
			nb--;
		}
	}
	for (j = 0, i = 0; j < nb; j++) {
		double mean = bsum[j] / (double)bcnt[j];
		int y = (int)(mean < 0 ? mean - 0.5 : mean + 0.5);

		for (k = i; k < bend[j]; k++)
			l->nodes[l->layer[L][k]].x = y + (int)offs[k];
		i = bend[j];
	}
	free(offs);
}

static double
centre(const struct gl_node *n)
{
	return n->x + (n->w - 1) / 2.0;
}

static void
place_nodes(struct gl_layout *l)
{
	struct adj	 up, down;
	double		*bsum = xcalloc(l->nnodes + 1, sizeof *bsum), sum;
	size_t		*bcnt = xcalloc(l->nnodes + 1, sizeof *bcnt);
	size_t		*bend = xcalloc(l->nnodes + 1, sizeof *bend);
	size_t		 i, k, v, cnt;
	int		 L, sweep, x, minx = 0, first = 1;

	for (L = 0; L < l->nlayers; L++) {
		x = 0;
		for (i = 0; i < l->layer_len[L]; i++) {
			struct gl_node *n = &l->nodes[l->layer[L][i]];

			if (i > 0)
				x += gap_between(&l->nodes[l->layer[L][i - 1]], n);
			n->x = x;
			x += n->w;
		}
	}
	adj_build(l, &up, 0);
	adj_build(l, &down, 1);
	for (sweep = 0; sweep < GL_PLACE; sweep++) {
		int dir = sweep % 2 == 0, both = sweep == GL_PLACE - 1;

		for (L = dir ? 1 : l->nlayers - 2; dir ? L < l->nlayers : L >= 0;
		    L += dir ? 1 : -1) {
			for (i = 0; i < l->layer_len[L]; i++) {
				struct gl_node *n = &l->nodes[v = l->layer[L][i]];

				sum = 0;
				cnt = 0;
				if (dir || both) {
					for (k = up.start[v]; k < up.start[v + 1]; k++, cnt++)
						sum += centre(&l->nodes[l->segs[up.seg[k]].up]);
				}
				if (!dir || both) {
					for (k = down.start[v]; k < down.start[v + 1]; k++, cnt++)
						sum += centre(&l->nodes[l->segs[down.seg[k]].down]);
				}
				n->key = (cnt > 0 ? sum / (double)cnt : centre(n)) -
				    (n->w - 1) / 2.0;
			}
			place_layer(l, L, bsum, bcnt, bend);
		}
	}
	for (i = 0; i < l->nnodes; i++) {
		if (first || l->nodes[i].x < minx)
			minx = l->nodes[i].x;
		first = 0;
	}
	for (i = 0; i < l->nnodes; i++)
		l->nodes[i].x -= minx;
	free(bsum);
	free(bcnt);
	free(bend);
	adj_free(&up);
	adj_free(&down);
}

void
gl_layout(struct gl_layout *l, size_t nin, const char *const *labels,
    const struct gl_edge *edges, size_t nedges)
{
	size_t i;

	memset(l, 0, sizeof *l);
	l->nin = nin;
	for (i = 0; i < nin; i++)
		add_node(l, i, GL_NONE, labels[i] != NULL && *labels[i] != '\0' ?
		    gl_label_width(labels[i]) : 1, 0);
	if (nin == 0)
		return;
	assign_layers(l, edges, nedges);
	make_segments(l, edges, nedges);
	widen(l);
	initial_order(l);
	order_layers(l);
	place_nodes(l);
	gl_route(l, labels);
}
